//! safar-publish: the field staff's side.
//!
//! * [`source`] reads the content folder (Markdown articles, CSV and TOML lists) into the
//!   core's model types, reporting every problem as `file:line: message`.
//! * [`lint`] adds the cross-file checks (links, translations, staleness).
//! * [`keys`] creates and reads minisign-compatible Ed25519 keys and signs files.
//! * [`repo`] builds the signed static repository and packs `.safar` bundles.
//! * [`reports`] lists the problem reports phones sent ("number does not answer").
//! * [`history`] reads the repository's earlier manifests (versions, signers) and adds deltas
//!   from earlier versions.
//! * [`rotate`] re-signs the short-lived timestamp and rotates keys through a new root.
//! * [`serve`] serves a repository over HTTP (a laptop at a pre-departure session) and collects
//!   feedback reports.

pub mod history;
pub mod keys;
pub mod lint;
pub mod repo;
pub mod reports;
pub mod rotate;
pub mod serve;
pub mod source;

use std::fmt;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in the content source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Relative to the content folder (`hotlines.csv`, `articles/registration-ru/tg.md`).
    pub file: PathBuf,
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    pub severity: Severity,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match self.line {
            Some(line) => write!(f, "{}:{}: {sev}: {}", self.file.display(), line, self.message),
            None => write!(f, "{}: {sev}: {}", self.file.display(), self.message),
        }
    }
}

/// Errors of the publishing commands (lint problems are [`Diagnostic`]s, not errors).
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("{0}")]
    Invalid(String),
    #[error("the content has {0} error(s); run `safar publish lint` to see them")]
    ContentErrors(usize),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

/// The longest a timestamp may stay valid. A phone notices withheld updates ("freeze") only when
/// the timestamp expires, so a long expiry switches that protection off.
pub const MAX_TIMESTAMP_EXPIRY_DAYS: i64 = 30;
/// The longest a manifest may stay valid (a year and a day: content is re-signed at least yearly).
pub const MAX_MANIFEST_EXPIRY_DAYS: i64 = 366;
/// The longest a root may stay valid: keys are reviewed at least every ten years.
pub const MAX_ROOT_EXPIRY_DAYS: i64 = 3650;
/// Deltas from more versions than this cost build time and space for little gain.
pub const MAX_DELTA_HISTORY: usize = 16;

/// Refuses a day count outside `1..=max`, naming the option (`--expiry-days`) and the range.
pub fn check_days(option: &str, days: i64, max: i64, why: &str) -> Result<(), PublishError> {
    if (1..=max).contains(&days) {
        Ok(())
    } else {
        Err(PublishError::Invalid(format!(
            "{option} {days} is out of range: use 1 to {max} days ({why})"
        )))
    }
}

impl PublishError {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> PublishError {
        PublishError::Io {
            path: path.into(),
            source,
        }
    }
}
