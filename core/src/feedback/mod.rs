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

use chrono::{DateTime, FixedOffset, Utc};
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

/// One report as it travels. Fields after `app` were added for field staff (issue 13); a report
/// from an older app has them empty or `null`.
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
    /// The random per-install token (32 hex digits): staff count distinct phones by it. It is
    /// not derived from the device and wipe replaces it, so it identifies no one.
    #[serde(default)]
    pub install: String,
    /// When the user tried to reach the entry, in the phone's local time with its UTC offset.
    #[serde(default)]
    pub attempted_at: Option<DateTime<FixedOffset>>,
    /// Whether the entry's opening hours said it was open at `attempted_at` (evaluated in the
    /// entry's own time zone); `null` when it has no hours or its zone is unknown.
    #[serde(default)]
    pub scheduled_open: Option<bool>,
    /// The number dialled (digits, `+` for E.164), when the entry has numbers.
    #[serde(default)]
    pub number: Option<String>,
    /// The content version (manifest seq) the phone had when the report was made.
    #[serde(default)]
    pub content_seq: Option<u64>,
}

/// Details of the failed attempt a report is about.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attempt {
    /// When the user tried; the phone's current local time when `None`.
    pub at: Option<DateTime<FixedOffset>>,
    /// The number dialled, as dialled or as shown; it must be one of the entry's numbers. The
    /// entry's first number (the one the call button dials) when `None`.
    pub number: Option<String>,
}

/// Whether the reports waiting in the outbox were sent, and if not, why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReportDelivery {
    /// Reports the feedback endpoint accepted in this attempt.
    pub sent: u64,
    /// Reports still waiting for a later sync.
    pub waiting: u64,
    /// Why `waiting` reports were not sent; `None` when nothing waits.
    pub not_sent: Option<NotSent>,
}

/// Why reports stayed in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum NotSent {
    /// The installed content names no feedback endpoint.
    NoEndpoint,
    /// The endpoint cannot be used (not http/https, or relative with no repository address).
    BadEndpoint { message: String },
    /// The endpoint could not be reached (no network, refused, timed out).
    Offline { message: String },
    /// The endpoint answered, but not with 2xx.
    ServerError { status: u16, message: String },
}

impl fmt::Display for NotSent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotSent::NoEndpoint => f.write_str("the repository names no feedback endpoint"),
            NotSent::BadEndpoint { message } | NotSent::Offline { message } => f.write_str(message),
            NotSent::ServerError { message, .. } => f.write_str(message),
        }
    }
}

/// Resolves the manifest's feedback address: an absolute `http(s)://` URL is used as it is; a
/// relative one (`/feedback`, `feedback`) is resolved against the repository URL the phone syncs
/// from, taken as a folder (`http://host/repo` + `feedback` = `http://host/repo/feedback`,
/// `/feedback` = `http://host/feedback`).
pub fn resolve_feedback_url(feedback: &str, repository_url: Option<&str>) -> Result<String, NotSent> {
    let feedback = feedback.trim();
    let lower = feedback.to_ascii_lowercase();
    let url = if lower.starts_with("http://") || lower.starts_with("https://") {
        feedback.to_string()
    } else if feedback.contains("://") {
        return Err(NotSent::BadEndpoint {
            message: format!("feedback address '{feedback}' must start with http:// or https://"),
        });
    } else {
        let Some(base) = repository_url.map(str::trim).filter(|b| !b.is_empty()) else {
            return Err(NotSent::BadEndpoint {
                message: format!(
                    "feedback address '{feedback}' is relative and this phone has not synced from a repository address yet"
                ),
            });
        };
        join_url(base, feedback).ok_or_else(|| NotSent::BadEndpoint {
            message: format!("feedback address '{feedback}' cannot be resolved against {base}"),
        })?
    };
    Ok(url)
}

/// `base` taken as a folder, joined with a relative reference (absolute path or relative path).
fn join_url(base: &str, reference: &str) -> Option<String> {
    let base = base.trim_end_matches('/');
    let scheme_end = base.find("://")? + 3;
    let authority_end = base[scheme_end..].find('/').map_or(base.len(), |i| scheme_end + i);
    if authority_end == scheme_end {
        return None;
    }
    if reference.starts_with("//") || reference.contains(char::is_whitespace) {
        return None;
    }
    Some(match reference.strip_prefix('/') {
        Some(path) => format!("{}/{path}", &base[..authority_end]),
        None => format!("{base}/{}", reference.strip_prefix("./").unwrap_or(reference)),
    })
}

/// Something in a note that looks personal: staff read notes, so the phone asks before sending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "text", rename_all = "snake_case")]
pub enum NoteConcern {
    /// A run of 7 or more digits (spaces, dots, dashes and brackets between them allowed), or
    /// `+` followed by a digit.
    PhoneNumber(String),
    /// Two capitalised words in a row (Latin or Cyrillic), as in a first name and surname.
    Name(String),
}

impl fmt::Display for NoteConcern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoteConcern::PhoneNumber(t) => write!(f, "a phone number ({t})"),
            NoteConcern::Name(t) => write!(f, "a name ({t})"),
        }
    }
}

/// Checks whether a note looks like it holds a phone number or a person's name. A heuristic for a
/// warning, not a filter: it errs on the side of asking ("Moscow Office" counts as a name pair),
/// and it misses names written in lower case or alone.
///
/// * phone number: 7 or more digits in a run, where spaces, `.`, `-`, `(` and `)` may separate
///   them (`8 (912) 345-67-89`), or a `+` directly followed by a digit (`+992`);
/// * name: two adjacent words that each start with an upper-case letter followed by lower-case
///   letters, in Latin or Cyrillic script (`Ivan Petrov`, `Иван Петров`).
pub fn note_concerns(note: &str) -> Vec<NoteConcern> {
    let mut concerns = Vec::new();
    let chars: Vec<char> = note.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let plus = chars[i] == '+' && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if plus || chars[i].is_ascii_digit() {
            let start = i;
            let (mut digits, mut end) = (0, i);
            let mut j = if plus { i + 1 } else { i };
            while j < chars.len() && (chars[j].is_ascii_digit() || " .-()".contains(chars[j])) {
                if chars[j].is_ascii_digit() {
                    digits += 1;
                    end = j + 1;
                }
                j += 1;
            }
            let run: String = chars[start..end].iter().collect();
            if plus || (digits >= 7 && !looks_like_date(&run)) {
                concerns.push(NoteConcern::PhoneNumber(run));
            }
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    let words: Vec<&str> = note
        .split(|c: char| !(c.is_alphabetic() || c == '-' || c == '\''))
        .collect();
    // Adjacent means separated by one run of spaces only: split on anything else breaks pairs.
    for pair in words.windows(2) {
        if is_name_like(pair[0]) && is_name_like(pair[1]) {
            let text = format!("{} {}", pair[0], pair[1]);
            if note.contains(&text) {
                concerns.push(NoteConcern::Name(text));
            }
        }
    }
    concerns
}

/// `2026-11-28`, `28.11.2026`: a date is not a phone number.
fn looks_like_date(run: &str) -> bool {
    let groups: Vec<usize> = run.split(['.', '-', '/']).map(str::len).collect();
    let digits_only = run.chars().all(|c| c.is_ascii_digit() || ".-/".contains(c));
    digits_only && (groups == [4, 2, 2] || groups == [2, 2, 4])
}

fn is_latin_or_cyrillic(c: char) -> bool {
    c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c) || ('\u{0400}'..='\u{04FF}').contains(&c)
}

/// `Ivan`, `Петров`, `O'Neil`: an upper-case letter, then at least one lower-case letter.
fn is_name_like(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else { return false };
    let rest: Vec<char> = chars.collect();
    first.is_uppercase()
        && is_latin_or_cyrillic(first)
        && rest.iter().any(|c| c.is_lowercase())
        && rest
            .iter()
            .all(|c| (c.is_lowercase() && is_latin_or_cyrillic(*c)) || *c == '-' || *c == '\'')
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
            install: "fedcba9876543210fedcba9876543210".into(),
            attempted_at: Some(DateTime::parse_from_rfc3339("2026-11-28T13:55:00+05:00").unwrap()),
            scheduled_open: Some(true),
            number: Some("112".into()),
            content_seq: Some(7),
        };
        let json = serde_json::to_value(Batch { reports: vec![r] }).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"reports": [{
                "id": "0123456789abcdef0123456789abcdef", "kind": "hotline", "target": "ru-emergency",
                "problem": "no_answer", "note": "rang 10 times", "created_at": "2026-11-28T09:00:00Z",
                "app": "safar/0.1.0", "install": "fedcba9876543210fedcba9876543210",
                "attempted_at": "2026-11-28T13:55:00+05:00", "scheduled_open": true, "number": "112",
                "content_seq": 7
            }]})
        );
    }

    #[test]
    fn a_report_from_an_older_app_still_reads() {
        let old = r#"{"id":"0123456789abcdef0123456789abcdef","kind":"service","target":"x","problem":"closed","created_at":"2026-11-28T09:00:00Z"}"#;
        let r: Report = serde_json::from_str(old).unwrap();
        assert_eq!((r.install.as_str(), r.attempted_at, r.number), ("", None, None));
    }

    #[test]
    fn relative_feedback_addresses_resolve_against_the_repository_folder() {
        let resolve = |f: &str, base: Option<&str>| resolve_feedback_url(f, base);
        assert_eq!(
            resolve("/feedback", Some("http://10.0.0.2:8080/safar/")).unwrap(),
            "http://10.0.0.2:8080/feedback"
        );
        assert_eq!(
            resolve("feedback", Some("https://updates.example.org/safar")).unwrap(),
            "https://updates.example.org/safar/feedback"
        );
        assert_eq!(
            resolve("./reports/in", Some("http://h")).unwrap(),
            "http://h/reports/in"
        );
        assert_eq!(
            resolve("https://staff.example.org/r", Some("http://h")).unwrap(),
            "https://staff.example.org/r"
        );
        assert!(matches!(resolve("/feedback", None), Err(NotSent::BadEndpoint { .. })));
        assert!(matches!(
            resolve("ftp://h/x", Some("http://h")),
            Err(NotSent::BadEndpoint { .. })
        ));
        assert!(matches!(
            resolve("//evil/x", Some("http://h")),
            Err(NotSent::BadEndpoint { .. })
        ));
    }

    #[test]
    fn notes_with_numbers_or_names_are_flagged() {
        let phones = |n: &str| -> Vec<String> {
            note_concerns(n)
                .into_iter()
                .filter_map(|c| match c {
                    NoteConcern::PhoneNumber(t) => Some(t),
                    NoteConcern::Name(_) => None,
                })
                .collect()
        };
        let names = |n: &str| -> Vec<String> {
            note_concerns(n)
                .into_iter()
                .filter_map(|c| match c {
                    NoteConcern::Name(t) => Some(t),
                    NoteConcern::PhoneNumber(_) => None,
                })
                .collect()
        };
        assert_eq!(phones("call me on 8 (912) 345-67-89 please"), ["8 (912) 345-67-89"]);
        assert_eq!(phones("my number +992"), ["+992"]);
        assert_eq!(phones("WhatsApp 9123456"), ["9123456"]);
        assert!(phones("rang 10 times at 18:30, line busy since 2026-11-28").is_empty());
        assert!(phones("tried on 28.11.2026 and 112").is_empty());
        assert_eq!(names("Operator Ivan Petrov was rude"), ["Operator Ivan", "Ivan Petrov"]);
        assert_eq!(names("оператор Иван Петров не помог"), ["Иван Петров"]);
        assert!(names("Nobody answers. The line is dead").is_empty());
        assert!(names("rang 5 times, no answer").is_empty());
        assert!(note_concerns("").is_empty());
    }

    #[test]
    fn notes_are_cleaned_and_capped() {
        assert_eq!(clean_note("  a\u{7}b\nc  ").unwrap(), "ab\nc");
        assert!(clean_note(&"x".repeat(MAX_NOTE_CHARS + 1)).is_err());
    }
}
