//! `articles/<group>/article.toml` (shared fields) and `articles/<group>/<lang>.md` (translations
//! with TOML front matter between `+++` lines).

use super::encoding::{read_text, ReadError};
use super::fields::{check_id, line_at, parse_countries, parse_language, report_toml_error, toml_date};
use super::{Group, Place, Places, Sink};
use crate::Diagnostic;
use chrono::NaiveDate;
use safar_core::model::{Article, CountryCode, Stage, Topic};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// What every translation of one article shares.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawShared {
    topic: Option<Spanned<String>>,
    origins: Option<Spanned<Vec<String>>>,
    destinations: Option<Spanned<Vec<String>>>,
    stages: Option<Spanned<Vec<String>>>,
    core: Option<bool>,
    order: Option<Spanned<i64>>,
    help: Option<Vec<Spanned<String>>>,
}

struct Shared {
    topic: Topic,
    origins: Vec<CountryCode>,
    destinations: Vec<CountryCode>,
    stages: Vec<Stage>,
    core: bool,
    order: i32,
    help: Vec<String>,
}

/// Keys of article.toml; caught in front matter to say where they belong.
const SHARED_KEYS: [&str; 7] = ["topic", "origins", "destinations", "stages", "core", "order", "help"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFront {
    title: Option<Spanned<String>>,
    summary: Option<Spanned<String>>,
    source: Option<Spanned<String>>,
    reviewed_at: Option<Spanned<toml::Value>>,
    topic: Option<Spanned<toml::Value>>,
    origins: Option<Spanned<toml::Value>>,
    destinations: Option<Spanned<toml::Value>>,
    stages: Option<Spanned<toml::Value>>,
    core: Option<Spanned<toml::Value>>,
    order: Option<Spanned<toml::Value>>,
    help: Option<Spanned<toml::Value>>,
}

/// One translation's own fields.
struct Translation {
    title: String,
    summary: String,
    source: String,
    reviewed_at: NaiveDate,
    body: String,
}

pub fn load(dir: &Path, out: &mut Vec<Diagnostic>, places: &mut Places) -> Vec<Article> {
    let mut articles = Vec::new();
    let Some(entries) = sorted_entries(&dir.join("articles"), "articles", out) else {
        return articles;
    };
    for path in entries {
        let name = file_name(&path);
        let rel = Path::new("articles").join(&name);
        if !path.is_dir() {
            Sink::new(rel, out).warning(None, "ignored: articles go in articles/<group>/<lang>.md");
        } else if let Err(e) = check_id(&name) {
            Sink::new(rel, out).error(None, format!("article folder name: {e}"));
        } else {
            articles.extend(load_group(&path, &name, out, places));
        }
    }
    articles
}

/// Directory entries sorted by name, hidden files left out.
fn sorted_entries(path: &Path, rel: &str, out: &mut Vec<Diagnostic>) -> Option<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(path) {
        Ok(entries) => entries,
        Err(e) => {
            Sink::new(rel, out).warning(None, format!("cannot read the folder ({e}); there will be no articles"));
            return None;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.retain(|p| !file_name(p).starts_with('.'));
    paths.sort();
    Some(paths)
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap_or_default().to_string_lossy().into_owned()
}

fn load_group(path: &Path, name: &str, out: &mut Vec<Diagnostic>, places: &mut Places) -> Vec<Article> {
    let rel_dir = Path::new("articles").join(name);
    let mut group = Group {
        name: name.to_string(),
        file: rel_dir.join("article.toml"),
        core: None,
        languages: Vec::new(),
        help: Vec::new(),
    };
    let shared = load_shared(path, &mut group, out);
    let mut articles = Vec::new();
    for file in sorted_entries(path, &rel_dir.to_string_lossy(), out).unwrap_or_default() {
        let file_name = file_name(&file);
        let rel = rel_dir.join(&file_name);
        if file_name == "article.toml" {
            continue;
        }
        let Some(stem) = file_name.strip_suffix(".md") else {
            Sink::new(rel, out).warning(None, "ignored: a translation is named <lang>.md (e.g. ru.md)");
            continue;
        };
        let Some(lang) = translation_language(&mut group, stem, &rel, out) else {
            continue;
        };
        let Some((translation, place)) = load_translation(&file, &rel, out) else {
            continue;
        };
        if let Some(shared) = &shared {
            let article = make_article(name, &lang, shared, translation);
            places.articles.insert(article.id.clone(), place);
            articles.push(article);
        }
    }
    places.groups.push(group);
    articles
}

/// The canonical language of `<stem>.md`, recorded in the group; `None` (reported) when invalid.
fn translation_language(group: &mut Group, stem: &str, rel: &Path, out: &mut Vec<Diagnostic>) -> Option<String> {
    let mut sink = Sink::new(rel, out);
    let lang = match parse_language(stem) {
        Ok(lang) => lang,
        Err(e) => {
            sink.error(None, format!("file name: {e}"));
            return None;
        }
    };
    if lang != stem {
        sink.warning(None, format!("rename the file to {lang}.md (the canonical spelling)"));
    }
    if group.languages.iter().any(|(l, _)| *l == lang) {
        sink.error(None, format!("a second translation into '{lang}' in this folder"));
        return None;
    }
    group.languages.push((lang.clone(), rel.to_path_buf()));
    Some(lang)
}

fn make_article(group: &str, lang: &str, shared: &Shared, t: Translation) -> Article {
    Article {
        id: Article::make_id(group, lang),
        group: group.to_string(),
        lang: lang.to_string(),
        topic: shared.topic,
        origins: shared.origins.clone(),
        destinations: shared.destinations.clone(),
        stages: shared.stages.clone(),
        core: shared.core,
        order: shared.order,
        title: t.title,
        summary: t.summary,
        body: t.body,
        help: shared.help.clone(),
        audio: None,
        source: t.source,
        reviewed_at: t.reviewed_at,
    }
}

fn load_shared(path: &Path, group: &mut Group, out: &mut Vec<Diagnostic>) -> Option<Shared> {
    let mut sink = Sink::new(group.file.clone(), out);
    let text = match read_text(&path.join("article.toml")) {
        Ok(text) => text,
        Err(ReadError::NotUtf8 { line, message }) => {
            sink.error(line, message);
            return None;
        }
        Err(ReadError::Io(e)) => {
            sink.error(
                None,
                format!("cannot read it ({e}): every article folder needs an article.toml"),
            );
            return None;
        }
    };
    let raw: RawShared = match toml::from_str(&text) {
        Ok(raw) => raw,
        Err(e) => {
            report_toml_error(&mut sink, &text, 1, &e, &[]);
            return None;
        }
    };
    let shared = shared_fields(raw, &text, &mut sink, group)?;
    group.core = Some(shared.core);
    Some(shared)
}

fn shared_fields(raw: RawShared, text: &str, sink: &mut Sink, group: &mut Group) -> Option<Shared> {
    let errors = sink.errors;
    let topic = match &raw.topic {
        None => {
            sink.error(1, "missing required key 'topic'");
            None
        }
        Some(t) => Topic::parse(t.get_ref())
            .map_err(|e| sink.error(line_at(text, t.span().start), e))
            .ok(),
    };
    let origins = countries(raw.origins, text, sink);
    let destinations = countries(raw.destinations, text, sink);
    let stages = stages(raw.stages, text, sink);
    let order = match raw.order {
        None => Some(0),
        Some(o) => i32::try_from(*o.get_ref())
            .map_err(|_| sink.error(line_at(text, o.span().start), "'order' is too large"))
            .ok(),
    };
    let help = help_links(raw.help.unwrap_or_default(), text, sink, group);
    let core = raw.core.unwrap_or(false);
    let shared = Shared {
        topic: topic?,
        origins,
        destinations,
        stages,
        core,
        order: order?,
        help,
    };
    (sink.errors == errors).then_some(shared)
}

fn countries(list: Option<Spanned<Vec<String>>>, text: &str, sink: &mut Sink) -> Vec<CountryCode> {
    let Some(list) = list else { return Vec::new() };
    parse_countries(list.get_ref()).unwrap_or_else(|e| {
        sink.error(line_at(text, list.span().start), e);
        Vec::new()
    })
}

fn stages(list: Option<Spanned<Vec<String>>>, text: &str, sink: &mut Sink) -> Vec<Stage> {
    let Some(list) = list else { return Vec::new() };
    list.get_ref()
        .iter()
        .map(|s| Stage::parse(s))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| {
            sink.error(line_at(text, list.span().start), e);
            Vec::new()
        })
}

/// `help` entries must be `hotline:<id>` or `service:<id>`; whether they exist is lint's job.
fn help_links(help: Vec<Spanned<String>>, text: &str, sink: &mut Sink, group: &mut Group) -> Vec<String> {
    let mut links = Vec::new();
    for link in help {
        let line = line_at(text, link.span().start);
        let value = link.into_inner();
        match value.split_once(':') {
            Some(("hotline" | "service", id)) if check_id(id).is_ok() => {
                group.help.push((value.clone(), line));
                links.push(value);
            }
            _ => sink.error(line, format!("help: '{value}' should be hotline:<id> or service:<id>")),
        }
    }
    links
}

/// Reads one `<lang>.md`; the place records the `reviewed_at` line and the `body` start line.
fn load_translation(path: &Path, rel: &Path, out: &mut Vec<Diagnostic>) -> Option<(Translation, Place)> {
    let mut sink = Sink::new(rel, out);
    let text = match read_text(path) {
        Ok(text) => text,
        Err(ReadError::NotUtf8 { line, message }) => {
            sink.error(line, message);
            return None;
        }
        Err(ReadError::Io(e)) => {
            sink.error(None, format!("cannot read it: {e}"));
            return None;
        }
    };
    let Some((front, body, body_line)) = split_front_matter(&text) else {
        sink.error(
            1,
            "the file must start with front matter: a '+++' line, TOML keys, and another '+++' line",
        );
        return None;
    };
    let mut place = Place::new(rel, 1);
    let translation = front_matter(front, &mut sink, &mut place);
    if body.trim().is_empty() {
        // Point at the closing +++: there is no body line to point at.
        sink.error(body_line - 1, "the article has no text after the front matter");
        return None;
    }
    let (body, body_line) = trim_leading_blank_lines(body, body_line);
    place.keys.insert("body".into(), body_line);
    let t = translation?;
    Some((
        Translation {
            body: body.trim_end().to_string(),
            ..t
        },
        place,
    ))
}

/// Splits `+++\n<toml>\n+++\n<body>`; returns the TOML, the body and the body's first line.
fn split_front_matter(text: &str) -> Option<(&str, &str, usize)> {
    let text = text.trim_start_matches('\u{feff}');
    let rest = text.strip_prefix("+++")?;
    let rest = rest.strip_prefix("\r\n").or_else(|| rest.strip_prefix('\n'))?;
    let mut offset = 0;
    for (n, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "+++" {
            let body = &rest[offset + line.len()..];
            // Line 1 is the opening +++, the front matter starts on line 2, the closing +++ is n+2.
            return Some((&rest[..offset], body, n + 3));
        }
        offset += line.len();
    }
    None
}

/// Blank lines right after the front matter are dropped so the stored body starts with text.
fn trim_leading_blank_lines(body: &str, mut line: usize) -> (&str, usize) {
    let mut rest = body;
    while let Some(pos) = rest.find('\n') {
        if !rest[..pos].trim().is_empty() {
            break;
        }
        rest = &rest[pos + 1..];
        line += 1;
    }
    (rest, line)
}

/// Front matter starts on line 2 of the file.
fn front_matter(front: &str, sink: &mut Sink, place: &mut Place) -> Option<Translation> {
    let raw: RawFront = match toml::from_str(front) {
        Ok(raw) => raw,
        Err(e) => {
            report_toml_error(sink, front, 2, &e, &SHARED_KEYS);
            return None;
        }
    };
    let line = |s: &std::ops::Range<usize>| line_at(front, s.start) + 1;
    let errors = sink.errors;
    for (key, value) in shared_keys(&raw) {
        let msg = format!("'{key}' is shared by all translations: it belongs in article.toml, not here");
        sink.error(line(&value.span()), msg);
    }
    let mut text = |key: &str, v: &Option<Spanned<String>>| match v {
        Some(s) if !s.get_ref().trim().is_empty() => Some(s.get_ref().trim().to_string()),
        Some(s) => {
            sink.error(line(&s.span()), format!("'{key}' is empty"));
            None
        }
        None => {
            sink.error(1, format!("front matter: missing required key '{key}'"));
            None
        }
    };
    let (title, summary, source) = (
        text("title", &raw.title),
        text("summary", &raw.summary),
        text("source", &raw.source),
    );
    let reviewed_at = reviewed_at(&raw.reviewed_at, sink, place, front);
    let t = Translation {
        title: title?,
        summary: summary?,
        source: source?,
        reviewed_at: reviewed_at?,
        body: String::new(),
    };
    (sink.errors == errors).then_some(t)
}

fn shared_keys(raw: &RawFront) -> Vec<(&'static str, &Spanned<toml::Value>)> {
    let fields = [
        &raw.topic,
        &raw.origins,
        &raw.destinations,
        &raw.stages,
        &raw.core,
        &raw.order,
        &raw.help,
    ];
    SHARED_KEYS
        .iter()
        .zip(fields)
        .filter_map(|(k, v)| v.as_ref().map(|v| (*k, v)))
        .collect()
}

fn reviewed_at(
    value: &Option<Spanned<toml::Value>>,
    sink: &mut Sink,
    place: &mut Place,
    front: &str,
) -> Option<NaiveDate> {
    let Some(value) = value else {
        sink.error(1, "front matter: missing required key 'reviewed_at'");
        return None;
    };
    let line = line_at(front, value.span().start) + 1;
    place.keys.insert("reviewed_at".into(), line);
    toml_date(value.get_ref())
        .map_err(|e| sink.error(line, format!("reviewed_at: {e}")))
        .ok()
}
