//! Reading the content folder into model types. See `content/README.md` for the format.
//!
//! Every problem becomes a [`Diagnostic`] with the path relative to the content folder and a
//! 1-based line, so field staff can find it in their editor or spreadsheet. A record with any
//! error is left out; every other record is returned.

mod articles;
mod checklist;
mod csv_lists;
mod csv_table;
mod encoding;
mod fields;
pub mod geography;
pub mod phones;
mod reference_rates;
mod settings;

use crate::{Diagnostic, Severity};
use safar_core::model::{Article, ChecklistItem, Hotline, RemittanceQuote, Service};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// `safar.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub name: String,
    pub sample: bool,
    pub stale_after_days: u32,
    /// `[remittance] stale_after_days`: the limit for remittance quotes.
    pub remittance_stale_after_days: u32,
    pub supported: Vec<String>,
    pub required: Vec<String>,
    pub core_required_any: Vec<String>,
    /// `[regions]`: for each country code that has a list, the region names services may use.
    pub regions: BTreeMap<String, Vec<String>>,
    /// `[links] http_allowed`: hosts that may be linked with plain `http://`.
    pub http_allowed: Vec<String>,
}

/// Everything in a content folder that parsed.
#[derive(Debug, Clone, Default)]
pub struct ContentSet {
    pub settings: Option<Settings>,
    pub articles: Vec<Article>,
    pub hotlines: Vec<Hotline>,
    pub services: Vec<Service>,
    pub quotes: Vec<RemittanceQuote>,
    pub checklist: Vec<ChecklistItem>,
}

/// Where a record was written, so later checks can point at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Relative to the content folder.
    pub file: PathBuf,
    /// The record's first line: the CSV row, the `[[item]]` header, line 1 of an article.
    pub line: usize,
    /// Lines of single keys (`verified_at`, `article`, `reviewed_at`), and for articles `body`:
    /// the line the Markdown body starts on. CSV records have everything on `line`.
    pub keys: BTreeMap<String, usize>,
}

impl Place {
    pub fn new(file: impl Into<PathBuf>, line: usize) -> Place {
        Place {
            file: file.into(),
            line,
            keys: BTreeMap::new(),
        }
    }
    /// The line of `key`, or the record's line when the key has none of its own.
    pub fn key_line(&self, key: &str) -> usize {
        self.keys.get(key).copied().unwrap_or(self.line)
    }
}

/// One `articles/<group>/` folder, whether or not its files parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub name: String,
    /// `articles/<group>/article.toml`.
    pub file: PathBuf,
    /// `core` from article.toml; `None` when article.toml is missing or broken.
    pub core: Option<bool>,
    /// Canonical language of every translation file present, with its path.
    pub languages: Vec<(String, PathBuf)>,
    /// `help` links from article.toml with their lines.
    pub help: Vec<(String, usize)>,
}

/// Where every loaded record came from, keyed by record id (article id for articles).
#[derive(Debug, Clone, Default)]
pub struct Places {
    pub groups: Vec<Group>,
    pub articles: BTreeMap<String, Place>,
    pub hotlines: BTreeMap<String, Place>,
    pub services: BTreeMap<String, Place>,
    pub quotes: BTreeMap<String, Place>,
    pub checklist: BTreeMap<String, Place>,
    /// Records that were refused, keyed by link (`hotline:ru-line`; `hotline:*` when the whole
    /// file was unreadable), so links to them can be folded into the real cause.
    pub rejected: BTreeMap<String, Rejected>,
}

/// A record that did not load, and the first error that says why.
#[derive(Debug, Clone)]
pub struct Rejected {
    pub place: Place,
    pub reason: String,
}

/// The result of [`load_detailed`].
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub content: ContentSet,
    pub places: Places,
    /// Sorted by file, then line.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads `dir`. Every record that parses is returned; every problem is a diagnostic.
pub fn load(dir: &Path) -> (ContentSet, Vec<Diagnostic>) {
    let loaded = load_detailed(dir);
    (loaded.content, loaded.diagnostics)
}

/// Like [`load`], and also says where each record was found (for [`crate::lint`]).
pub fn load_detailed(dir: &Path) -> Loaded {
    let mut out = Vec::new();
    let mut places = Places::default();
    let settings = settings::load(dir, &mut out);
    let articles = articles::load(dir, &mut out, &mut places);
    let mut quotes = csv_lists::quotes(dir, &mut out, &mut places.quotes, &mut places.rejected);
    reference_rates::attach(dir, &mut out, &mut quotes);
    let content = ContentSet {
        settings,
        articles,
        hotlines: csv_lists::hotlines(dir, &mut out, &mut places.hotlines, &mut places.rejected),
        services: csv_lists::services(dir, &mut out, &mut places.services, &mut places.rejected),
        quotes,
        checklist: checklist::load(dir, &mut out, &mut places.checklist),
    };
    sort_diagnostics(&mut out);
    Loaded {
        content,
        places,
        diagnostics: out,
    }
}

/// Orders diagnostics root causes first: files others depend on (safar.toml, then the CSV
/// lists, then the checklist) before the articles that link to them; within a file by line
/// (file-wide ones first); stable otherwise.
pub fn sort_diagnostics(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| (file_rank(&a.file), &a.file, a.line).cmp(&(file_rank(&b.file), &b.file, b.line)));
}

/// How early a file's problems are listed: the earlier, the more other files depend on it.
fn file_rank(file: &Path) -> u8 {
    let name = file.to_string_lossy();
    match () {
        _ if name == "safar.toml" => 0,
        _ if name.ends_with(".csv") => 1,
        _ if name.starts_with("checklist") => 2,
        _ => 3,
    }
}

/// Collects diagnostics for one file.
pub(crate) struct Sink<'a> {
    pub file: PathBuf,
    out: &'a mut Vec<Diagnostic>,
    /// Errors reported through this sink so far.
    pub errors: usize,
}

impl<'a> Sink<'a> {
    pub fn new(file: impl Into<PathBuf>, out: &'a mut Vec<Diagnostic>) -> Sink<'a> {
        Sink {
            file: file.into(),
            out,
            errors: 0,
        }
    }
    pub fn error(&mut self, line: impl Into<Option<usize>>, message: impl Into<String>) {
        self.errors += 1;
        self.push(line.into(), Severity::Error, message.into());
    }
    pub fn warning(&mut self, line: impl Into<Option<usize>>, message: impl Into<String>) {
        self.push(line.into(), Severity::Warning, message.into());
    }
    fn push(&mut self, line: Option<usize>, severity: Severity, message: String) {
        self.out.push(Diagnostic {
            file: self.file.clone(),
            line,
            severity,
            message,
        });
    }
}
