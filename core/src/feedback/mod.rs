//! User reports about directory entries ("this number does not answer", "this service has
//! closed", "the address is wrong"): the wire format shared by the phone, `safar serve` and the
//! field staff's listing, and (feature `store`) the phone's outbox that holds them until the next
//! successful sync sends them.
//!
//! Contract: `POST <feedback_url>` with `Content-Type: application/json` and a [`Batch`] body;
//! any 2xx means stored. The server de-duplicates by report id, so resending after a lost answer
//! is harmless. The server keeps each report as one JSON line, a [`Received`].

#[cfg(feature = "store")]
pub mod outbox;

#[cfg(feature = "store")]
pub use outbox::{send_pending, OutboxEntry};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What is wrong with the entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// The number does not answer.
    NoAnswer,
    /// The service or line has closed down.
    Closed,
    /// A number, address, hours or other detail is wrong.
    WrongInfo,
}

impl Problem {
    pub const ALL: [Problem; 3] = [Problem::NoAnswer, Problem::Closed, Problem::WrongInfo];

    pub fn as_str(self) -> &'static str {
        match self {
            Problem::NoAnswer => "no_answer",
            Problem::Closed => "closed",
            Problem::WrongInfo => "wrong_info",
        }
    }

    /// Accepts `no_answer` or `no-answer` (and so on), any case.
    pub fn parse(s: &str) -> Result<Problem, String> {
        let wanted = s.trim().to_ascii_lowercase().replace('-', "_");
        Self::ALL.into_iter().find(|p| p.as_str() == wanted).ok_or_else(|| {
            format!(
                "unknown problem '{}' (expected no-answer, closed or wrong-info)",
                s.trim()
            )
        })
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which directory the reported entry is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    Hotline,
    Service,
}

impl TargetKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Hotline => "hotline",
            TargetKind::Service => "service",
        }
    }
    pub fn parse(s: &str) -> Option<TargetKind> {
        match s {
            "hotline" => Some(TargetKind::Hotline),
            "service" => Some(TargetKind::Service),
            _ => None,
        }
    }
}

/// One report as it travels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// 32 lower-case hex digits (128 random bits): the server de-duplicates by it.
    pub id: String,
    pub kind: TargetKind,
    /// The record id (`ru-emergency`).
    pub target: String,
    pub problem: Problem,
    #[serde(default)]
    pub note: String,
    pub created_at: DateTime<Utc>,
    /// `safar/<version>` of the app that made it.
    #[serde(default)]
    pub app: String,
}

/// The body of one `POST` to the feedback endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Batch {
    pub reports: Vec<Report>,
}

/// One line of the server's `reports.jsonl`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Received {
    pub received_at: DateTime<Utc>,
    pub report: Report,
}

/// The longest note a report carries, in characters.
pub const MAX_NOTE_CHARS: usize = 500;

/// `safar/<version>`: who made a report.
pub fn app_name() -> String {
    format!("safar/{}", env!("CARGO_PKG_VERSION"))
}

/// A note as it is stored and sent: trimmed, control characters (but line breaks) removed.
pub fn clean_note(note: &str) -> Result<String, String> {
    let cleaned: String = note.trim().chars().filter(|c| *c == '\n' || !c.is_control()).collect();
    let chars = cleaned.chars().count();
    if chars > MAX_NOTE_CHARS {
        return Err(format!(
            "the note is {chars} characters long; keep it under {MAX_NOTE_CHARS}"
        ));
    }
    Ok(cleaned)
}

/// A report id is 32 lower-case hex digits.
pub fn is_report_id(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_parse_with_dashes_or_underscores() {
        assert_eq!(Problem::parse("no-answer").unwrap(), Problem::NoAnswer);
        assert_eq!(Problem::parse("WRONG_INFO").unwrap(), Problem::WrongInfo);
        assert!(Problem::parse("rude").is_err());
    }

    #[test]
    fn the_wire_format_is_the_contract() {
        let r = Report {
            id: "0123456789abcdef0123456789abcdef".into(),
            kind: TargetKind::Hotline,
            target: "ru-emergency".into(),
            problem: Problem::NoAnswer,
            note: "rang 10 times".into(),
            created_at: "2026-11-28T09:00:00Z".parse().unwrap(),
            app: "safar/0.1.0".into(),
        };
        let json = serde_json::to_value(Batch { reports: vec![r] }).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"reports": [{
                "id": "0123456789abcdef0123456789abcdef", "kind": "hotline", "target": "ru-emergency",
                "problem": "no_answer", "note": "rang 10 times", "created_at": "2026-11-28T09:00:00Z",
                "app": "safar/0.1.0"
            }]})
        );
    }

    #[test]
    fn notes_are_cleaned_and_capped() {
        assert_eq!(clean_note("  a\u{7}b\nc  ").unwrap(), "ab\nc");
        assert!(clean_note(&"x".repeat(MAX_NOTE_CHARS + 1)).is_err());
    }
}
