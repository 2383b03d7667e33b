//! `safar.toml`: repository settings.

use super::encoding::{read_text, ReadError};
use super::fields::{line_at, parse_language, report_toml_error};
use super::{Settings, Sink};
use crate::Diagnostic;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use toml::Spanned;

const FILE: &str = "safar.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    repository: RawRepository,
    languages: RawLanguages,
    #[serde(default)]
    remittance: RawRemittance,
    /// Country code → region names services may use (optional, per country).
    #[serde(default)]
    regions: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    links: RawLinks,
}

/// `[links]`: optional.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLinks {
    /// Hosts that may be linked with `http://` (sites that have no https).
    #[serde(default)]
    http_allowed: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRepository {
    name: String,
    sample: bool,
    #[serde(default = "default_stale_after_days")]
    stale_after_days: u32,
}

fn default_stale_after_days() -> u32 {
    180
}

/// `[remittance]`: optional; quotes go stale sooner than other content.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRemittance {
    stale_after_days: u32,
}

impl Default for RawRemittance {
    fn default() -> Self {
        RawRemittance {
            stale_after_days: safar_core::remittance::DEFAULT_STALE_AFTER_DAYS,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguages {
    supported: Vec<Spanned<String>>,
    required: Vec<Spanned<String>>,
    #[serde(default)]
    core_required_any: Vec<Spanned<String>>,
}

pub fn load(dir: &Path, out: &mut Vec<Diagnostic>) -> Option<Settings> {
    let mut sink = Sink::new(FILE, out);
    let text = match read_text(&dir.join(FILE)) {
        Ok(text) => text,
        Err(ReadError::NotUtf8 { line, message }) => {
            sink.error(line, message);
            return None;
        }
        Err(ReadError::Io(e)) => {
            sink.error(None, format!("cannot read the repository settings: {e}"));
            return None;
        }
    };
    let raw: RawSettings = match toml::from_str(&text) {
        Ok(raw) => raw,
        Err(e) => {
            report_toml_error(&mut sink, &text, 1, &e, &[]);
            return None;
        }
    };
    let settings = Settings {
        name: raw.repository.name,
        sample: raw.repository.sample,
        stale_after_days: raw.repository.stale_after_days,
        remittance_stale_after_days: raw.remittance.stale_after_days,
        supported: languages(&mut sink, &text, &raw.languages.supported, None),
        required: Vec::new(),
        core_required_any: Vec::new(),
        regions: raw.regions,
        http_allowed: raw.links.http_allowed,
    };
    let supported = Some(settings.supported.as_slice());
    let required = languages(&mut sink, &text, &raw.languages.required, supported);
    let core_required_any = languages(&mut sink, &text, &raw.languages.core_required_any, supported);
    (sink.errors == 0).then_some(Settings {
        required,
        core_required_any,
        ..settings
    })
}

/// Canonical tags; each must be one Safar knows and, when given, one of `supported`.
fn languages(sink: &mut Sink, text: &str, tags: &[Spanned<String>], supported: Option<&[String]>) -> Vec<String> {
    let mut found = Vec::new();
    for tag in tags {
        let line = line_at(text, tag.span().start);
        match parse_language(tag.get_ref()) {
            Ok(lang) if supported.is_some_and(|s| !s.contains(&lang)) => {
                sink.error(line, format!("language '{lang}' is not in `supported`"));
            }
            Ok(lang) => found.push(lang),
            Err(e) => sink.error(line, e),
        }
    }
    found
}
