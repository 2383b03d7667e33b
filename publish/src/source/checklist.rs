//! `checklist/*.toml`: `[[item]]` tables, one checklist rule each.

use super::encoding::{read_text, ReadError};
use super::fields::{
    check_id, line_at, parse_countries, parse_enum, parse_language, parse_status, report_toml_error, toml_date,
};
use super::{Place, Sink};
use crate::Diagnostic;
use safar_core::model::{ChecklistItem, Due, LocalizedText};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    item: Vec<Spanned<RawItem>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    id: Option<Spanned<String>>,
    phase: Option<Spanned<String>>,
    destinations: Option<Spanned<Vec<String>>>,
    origins: Option<Spanned<Vec<String>>>,
    due: Option<Spanned<RawDue>>,
    order: Option<Spanned<i64>>,
    title: Option<Spanned<BTreeMap<String, String>>>,
    details: Option<Spanned<BTreeMap<String, String>>>,
    article: Option<Spanned<String>>,
    source: Option<Spanned<String>>,
    verified_at: Option<Spanned<toml::Value>>,
    status: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDue {
    after: String,
    days: i64,
}

pub fn load(dir: &Path, out: &mut Vec<Diagnostic>, places: &mut BTreeMap<String, Place>) -> Vec<ChecklistItem> {
    let mut items = Vec::new();
    for rel in checklist_files(dir, out) {
        let mut sink = Sink::new(rel.clone(), out);
        match read_text(&dir.join(&rel)) {
            Ok(text) => {
                for (first_line, chunk) in item_chunks(&text) {
                    items.extend(load_chunk(chunk, first_line, &mut sink, places));
                }
            }
            Err(ReadError::NotUtf8 { line, message }) => sink.error(line, message),
            Err(ReadError::Io(e)) => sink.error(None, format!("cannot read it: {e}")),
        }
    }
    items
}

/// Splits a file at its `[[item]]` lines, so a mistake in one item does not hide the others.
/// Yields each piece with the file line it starts on.
fn item_chunks(text: &str) -> Vec<(usize, &str)> {
    let mut chunks = Vec::new();
    let (mut start, mut start_line, mut offset) = (0, 1, 0);
    for (n, line) in text.split_inclusive('\n').enumerate() {
        if line.trim_start().starts_with("[[item]]") && offset > start {
            chunks.push((start_line, &text[start..offset]));
            (start, start_line) = (offset, n + 1);
        }
        offset += line.len();
    }
    chunks.push((start_line, &text[start..]));
    chunks
}

fn load_chunk(
    chunk: &str,
    first_line: usize,
    sink: &mut Sink,
    places: &mut BTreeMap<String, Place>,
) -> Vec<ChecklistItem> {
    let raw: RawFile = match toml::from_str(chunk) {
        Ok(raw) => raw,
        Err(e) => {
            report_toml_error(sink, chunk, first_line, &e, &[]);
            return Vec::new();
        }
    };
    let mut items = Vec::new();
    for raw_item in raw.item {
        let line = line_at(chunk, raw_item.span().start) + first_line - 1;
        let mut reader = ItemReader {
            text: chunk,
            first_line,
            sink,
            line,
        };
        if let Some((item, place)) = reader.item(raw_item.into_inner()) {
            if keep_unique(sink, places, &item.id, place) {
                items.push(item);
            }
        }
    }
    items
}

/// `checklist/*.toml`, sorted; no folder means no checklist.
fn checklist_files(dir: &Path, out: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir.join("checklist")) else {
        return Vec::new();
    };
    let mut files = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = Path::new("checklist").join(&name);
        if name.ends_with(".toml") {
            files.push(rel);
        } else if !name.starts_with('.') {
            Sink::new(rel, out).warning(None, "ignored: checklist files end in .toml");
        }
    }
    files.sort();
    files
}

fn keep_unique(sink: &mut Sink, places: &mut BTreeMap<String, Place>, id: &str, place: Place) -> bool {
    if let Some(first) = places.get(id) {
        let msg = format!(
            "duplicate checklist id '{id}' (first used in {}:{})",
            first.file.display(),
            first.line
        );
        sink.error(place.line, msg);
        return false;
    }
    places.insert(id.to_string(), place);
    true
}

/// Turns one `[[item]]` into a [`ChecklistItem`], reporting each bad key on its own line.
struct ItemReader<'a, 'b> {
    text: &'a str,
    /// The file line `text` starts on.
    first_line: usize,
    sink: &'a mut Sink<'b>,
    /// The `[[item]]` header line: where missing keys are reported.
    line: usize,
}

impl ItemReader<'_, '_> {
    fn item(&mut self, raw: RawItem) -> Option<(ChecklistItem, Place)> {
        let errors = self.sink.errors;
        let place = self.place(&raw);
        let id = self.req("id", raw.id, |s| check_id(s));
        let phase = self.req("phase", raw.phase, |s| parse_enum(s));
        let destinations = self.opt("destinations", raw.destinations, |l| parse_countries(l));
        let origins = self.opt("origins", raw.origins, |l| parse_countries(l));
        let due = self.opt("due", raw.due, due);
        let order = self.opt("order", raw.order, |n| {
            i32::try_from(*n).map_err(|_| "too large".into())
        });
        let title = self.req("title", raw.title, |t| localized(t, true));
        let details = self.opt("details", raw.details, |t| localized(t, false));
        let article = self.opt("article", raw.article, |s| check_id(s));
        let source = raw.source.map(|s| s.into_inner().trim().to_string());
        let verified_at = self.req("verified_at", raw.verified_at, toml_date);
        let status = self.req("status", raw.status, |s| parse_status(s));
        let item = ChecklistItem {
            id: id?,
            phase: phase?,
            destinations: destinations.unwrap_or_default(),
            origins: origins.unwrap_or_default(),
            due,
            order: order.unwrap_or(0),
            title: title?,
            details: details.unwrap_or_default(),
            article,
            source: source.unwrap_or_default(),
            verified_at: verified_at?,
            status: status?,
        };
        (self.sink.errors == errors).then_some((item, place))
    }

    /// The item's place, with the lines lint points at.
    fn place(&self, raw: &RawItem) -> Place {
        let mut place = Place::new(self.sink.file.clone(), self.line);
        let keys = [
            ("verified_at", raw.verified_at.as_ref().map(|v| v.span())),
            ("article", raw.article.as_ref().map(|v| v.span())),
        ];
        for (key, span) in keys {
            if let Some(span) = span {
                place.keys.insert(key.into(), self.line_of(span.start));
            }
        }
        place
    }

    fn line_of(&self, offset: usize) -> usize {
        line_at(self.text, offset) + self.first_line - 1
    }

    /// A required key: missing ones are reported on the `[[item]]` line.
    fn req<T, U>(
        &mut self,
        key: &str,
        value: Option<Spanned<T>>,
        f: impl FnOnce(&T) -> Result<U, String>,
    ) -> Option<U> {
        if value.is_none() {
            let msg = format!("[[item]]: missing required key '{key}'");
            self.sink.error(self.line, msg);
        }
        self.opt(key, value, f)
    }

    /// An optional key, checked with `f`; errors are reported on the key's line.
    fn opt<T, U>(
        &mut self,
        key: &str,
        value: Option<Spanned<T>>,
        f: impl FnOnce(&T) -> Result<U, String>,
    ) -> Option<U> {
        let value = value?;
        let line = self.line_of(value.span().start);
        f(value.get_ref())
            .map_err(|e| self.sink.error(line, format!("{key}: {e}")))
            .ok()
    }
}

fn due(raw: &RawDue) -> Result<Due, String> {
    let after = parse_enum(&raw.after)?;
    let days = u32::try_from(raw.days).map_err(|_| format!("days must be 0 or more, not {}", raw.days))?;
    Ok(Due { after, days })
}

/// Language keys in canonical spelling; no empty texts.
fn localized(raw: &BTreeMap<String, String>, required: bool) -> Result<LocalizedText, String> {
    let mut text = LocalizedText::new();
    for (lang, value) in raw {
        if value.trim().is_empty() {
            return Err(format!("the '{lang}' text is empty"));
        }
        text.insert(parse_language(lang)?, value.trim().to_string());
    }
    if required && text.is_empty() {
        return Err("give the text in at least one language (en = \"…\")".into());
    }
    Ok(text)
}
