//! A spreadsheet-exported CSV file read row by row, with per-cell diagnostics.

use super::encoding::{read_text, ReadError};
use super::fields::parse_language;
use super::{Place, Rejected, Sink};
use crate::{Diagnostic, Severity};
use csv::StringRecord;
use safar_core::model::LocalizedText;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The columns one kind of file has.
pub struct Columns {
    /// Every fixed column the file may have.
    pub known: &'static [&'static str],
    /// Columns that must be in the header.
    pub required: &'static [&'static str],
    /// Prefixes of per-language columns (`name` for `name_en`, `name_tg`…).
    pub localized: &'static [&'static str],
    /// The link scheme of these records (`hotline` for `hotline:<id>`), for [`Rejected`] keys.
    pub kind: &'static str,
}

/// The header of a CSV file: column name → cell index.
pub struct Header {
    index: HashMap<String, usize>,
    /// `(prefix, canonical language, index)` for each per-language column.
    localized: Vec<(&'static str, String, usize)>,
    len: usize,
}

/// Reads `name` from `dir` and calls `row` for every non-blank row. Missing files are only a
/// warning: a repository may have no services yet.
pub fn read<T>(
    dir: &Path,
    name: &str,
    columns: &Columns,
    out: &mut Vec<Diagnostic>,
    places: &mut BTreeMap<String, Place>,
    rejected: &mut BTreeMap<String, Rejected>,
    mut row: impl FnMut(&mut Row) -> Option<(String, T)>,
) -> Vec<T> {
    let mut sink = Sink::new(name, out);
    let text = match read_text(&dir.join(name)) {
        Ok(text) => text,
        Err(ReadError::Io(e)) => {
            sink.warning(
                None,
                format!("cannot read {name} ({e}); the repository will have none of these"),
            );
            return Vec::new();
        }
        Err(ReadError::NotUtf8 { line, message }) => {
            // One error for the file, not one per row; links to its records fold into it.
            sink.error(line, message.clone());
            let place = Place::new(name, line);
            rejected.insert(format!("{}:*", columns.kind), Rejected { place, reason: message });
            return Vec::new();
        }
    };
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let Some(header) = read_header(&mut reader, columns, &mut sink) else {
        return Vec::new();
    };
    let mut records = Vec::new();
    for result in reader.records() {
        let record = match result {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize);
                sink.error(line, format!("cannot read this row: {}", e.kind_message()));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if record.len() != header.len {
            let msg = format!("this row has {} cells but the header has {}", record.len(), header.len);
            sink.error(line, msg);
            continue;
        }
        let mut r = Row {
            header: &header,
            record: &record,
            line,
            sink: &mut sink,
            failed: false,
        };
        let first_new = r.sink.out.len();
        let kept = match row(&mut r) {
            Some((id, value)) if !r.failed && keep_unique(&mut r, places, &id) => {
                records.push(value);
                true
            }
            _ => false,
        };
        // A row that failed is remembered so links to it can name the real cause.
        let id = r.text("id").map(str::to_string);
        let reason = r.sink.out[first_new..].iter().find(|d| d.severity == Severity::Error);
        if let (false, Some(id), Some(reason)) = (kept, id, reason) {
            let rejected_row = Rejected {
                place: Place::new(name, line),
                reason: reason.message.clone(),
            };
            rejected.entry(format!("{}:{id}", columns.kind)).or_insert(rejected_row);
        }
    }
    records
}

/// Duplicate ids: the first row wins, the second is an error.
fn keep_unique(row: &mut Row, places: &mut BTreeMap<String, Place>, id: &str) -> bool {
    if let Some(first) = places.get(id) {
        row.sink.error(
            row.line,
            format!("duplicate id '{id}' (first used on line {})", first.line),
        );
        return false;
    }
    places.insert(id.to_string(), Place::new(row.sink.file.clone(), row.line));
    true
}

fn read_header(reader: &mut csv::Reader<&[u8]>, columns: &Columns, sink: &mut Sink) -> Option<Header> {
    let names = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            sink.error(1, format!("cannot read the header row: {}", e.kind_message()));
            return None;
        }
    };
    let mut header = Header {
        index: HashMap::new(),
        localized: Vec::new(),
        len: names.len(),
    };
    for (i, name) in names.iter().enumerate() {
        let name = name.trim().trim_start_matches('\u{feff}');
        if header.index.insert(name.to_string(), i).is_some() {
            sink.error(1, format!("column '{name}' appears twice"));
        } else if !columns.known.contains(&name) && !localized_column(&mut header, columns, name, i) {
            sink.warning(1, format!("unknown column '{name}' (ignored)"));
        }
    }
    for missing in columns.required.iter().filter(|c| !header.index.contains_key(**c)) {
        sink.error(1, format!("missing required column '{missing}'"));
    }
    Some(header)
}

/// Recognises `name_tg`, `organisation_uz-Cyrl`…; false when `name` is not such a column.
fn localized_column(header: &mut Header, columns: &Columns, name: &str, i: usize) -> bool {
    for prefix in columns.localized {
        let lang = name.strip_prefix(prefix).and_then(|rest| rest.strip_prefix('_'));
        if let Some(lang) = lang.and_then(|l| parse_language(l).ok()) {
            header.localized.push((prefix, lang, i));
            return true;
        }
    }
    false
}

trait KindMessage {
    fn kind_message(&self) -> String;
}

impl KindMessage for csv::Error {
    /// The error without csv's own position prefix: the diagnostic carries the line.
    fn kind_message(&self) -> String {
        match self.kind() {
            csv::ErrorKind::Utf8 { .. } => "the file is not UTF-8 text (save it as CSV UTF-8)".into(),
            _ => self.to_string(),
        }
    }
}

/// One data row. Accessors report problems and mark the row failed; failed rows are dropped.
pub struct Row<'a, 'b> {
    header: &'a Header,
    record: &'a StringRecord,
    pub line: usize,
    sink: &'a mut Sink<'b>,
    pub failed: bool,
}

impl Row<'_, '_> {
    pub fn error(&mut self, message: impl Into<String>) {
        self.failed = true;
        self.sink.error(self.line, message);
    }

    /// The trimmed cell; `None` when empty or when the file has no such column.
    pub fn text(&self, column: &str) -> Option<&str> {
        let i = *self.header.index.get(column)?;
        Some(self.record.get(i)?.trim()).filter(|s| !s.is_empty())
    }

    /// A cell that must not be empty. A column missing from the header was reported once already.
    pub fn required(&mut self, column: &str) -> Option<String> {
        let value = self.text(column).map(str::to_string);
        if value.is_none() {
            if self.header.index.contains_key(column) {
                self.error(format!("column '{column}' is empty; it is required"));
            } else {
                self.failed = true;
            }
        }
        value
    }

    /// A required cell parsed with `parse`.
    pub fn req<T>(&mut self, column: &str, parse: impl FnOnce(&str) -> Result<T, String>) -> Option<T> {
        let text = self.required(column)?;
        self.parsed(column, &text, parse)
    }

    /// An optional cell parsed with `parse`; `None` when empty (or invalid, which fails the row).
    pub fn opt<T>(&mut self, column: &str, parse: impl FnOnce(&str) -> Result<T, String>) -> Option<T> {
        let text = self.text(column)?.to_string();
        self.parsed(column, &text, parse)
    }

    fn parsed<T>(&mut self, column: &str, text: &str, parse: impl FnOnce(&str) -> Result<T, String>) -> Option<T> {
        parse(text)
            .map_err(|e| self.error(format!("column '{column}': {e}")))
            .ok()
    }

    /// A `;`-separated list; every item must parse.
    pub fn list<T>(&mut self, column: &str, parse: impl Fn(&str) -> Result<T, String>) -> Vec<T> {
        let text = self.text(column).unwrap_or_default().to_string();
        let items = text.split(';').map(str::trim).filter(|s| !s.is_empty());
        items.filter_map(|item| self.parsed(column, item, &parse)).collect()
    }

    /// A list that must have at least one item.
    pub fn req_list<T>(&mut self, column: &str, parse: impl Fn(&str) -> Result<T, String>) -> Vec<T> {
        if self.required(column).is_none() {
            return Vec::new();
        }
        self.list(column, parse)
    }

    /// Text from the `<prefix>_<lang>` columns; each of `required` languages must be present.
    pub fn localized(&mut self, prefix: &str, required: &[&str]) -> LocalizedText {
        let mut text = LocalizedText::new();
        for (p, lang, i) in &self.header.localized {
            let cell = self.record.get(*i).map(str::trim).unwrap_or_default();
            if *p == prefix && !cell.is_empty() {
                text.insert(lang.clone(), cell.to_string());
            }
        }
        for lang in required {
            if !text.contains_key(*lang) {
                self.required(&format!("{prefix}_{lang}"));
            }
        }
        text
    }
}
