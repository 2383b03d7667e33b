//! safar-publish: the field staff's side.
//!
//! * [`source`] reads the content folder (Markdown articles, CSV and TOML lists) into the
//!   core's model types, reporting every problem as `file:line: message`.
//! * [`lint`] adds the cross-file checks (links, translations, staleness).
//! * [`keys`] creates and reads minisign-compatible Ed25519 keys and signs files.
//! * [`repo`] builds the signed static repository and packs `.safar` bundles.
//! * [`reports`] lists the problem reports phones sent ("number does not answer").
//! * [`repo`] builds the signed static repository and packs `.safar` bundles; [`history`] adds
//!   deltas from earlier versions.
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

impl PublishError {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> PublishError {
        PublishError::Io {
            path: path.into(),
            source,
        }
    }
}
