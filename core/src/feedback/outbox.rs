//! The outbox: reports made offline wait in the `outbox` table (user data, never touched by
//! sync) until they are sent, then are kept with their `sent_at` so the user can see them.

use super::{
    app_name, clean_note, resolve_feedback_url, Attempt, Batch, NotSent, Problem, Report, ReportDelivery, TargetKind,
};
use crate::model::{Hotline, OpeningHours, PhoneNumber, Service};
use crate::opening::{parse_zone, Schedule};
use crate::{Error, Result};
use chrono::{DateTime, FixedOffset, Local, NaiveDate, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::time::Duration;

/// Reports per `POST`: keeps one request small on a slow link.
pub const MAX_BATCH: usize = 100;

/// One report in the outbox, sent or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboxEntry {
    #[serde(flatten)]
    pub report: Report,
    /// When it was delivered; None while it waits.
    pub sent_at: Option<DateTime<Utc>>,
}

/// 128 random bits as 32 hex digits.
fn new_report_id() -> Result<String> {
    use ring::rand::SecureRandom;
    let mut bytes = [0u8; 16];
    ring::rand::SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| Error::Io(std::io::Error::other("the system random number generator failed")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Finds what `target` names: `hotline:<id>`, `service:<id>`, or a bare id found in exactly one
/// of the two directories.
pub fn resolve_target(conn: &Connection, target: &str) -> Result<(TargetKind, String)> {
    let target = target.trim();
    let (kind, id) = match target.split_once(':') {
        Some((k, id)) => match TargetKind::parse(k) {
            Some(kind) => (Some(kind), id.trim()),
            None => {
                return Err(Error::invalid(format!(
                    "'{target}': write hotline:<id>, service:<id> or just the id"
                )))
            }
        },
        None => (None, target),
    };
    if id.is_empty() {
        return Err(Error::invalid(
            "what to report on is empty: give a hotline or service id",
        ));
    }
    let exists = |table: &str| -> Result<bool> {
        let sql = format!("SELECT 1 FROM {table} WHERE id = ?1 LIMIT 1");
        Ok(conn.query_row(&sql, params![id], |_| Ok(())).optional()?.is_some())
    };
    let found: Vec<TargetKind> = [TargetKind::Hotline, TargetKind::Service]
        .into_iter()
        .filter(|k| kind.is_none_or(|wanted| wanted == *k))
        .map(|k| {
            let table = if k == TargetKind::Hotline {
                "hotlines"
            } else {
                "services"
            };
            exists(table).map(|yes| (k, yes))
        })
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .filter_map(|(k, yes)| yes.then_some(k))
        .collect();
    match found.as_slice() {
        [one] => Ok((*one, id.to_string())),
        [] => Err(Error::not_found(match kind {
            Some(k) => format!("no {} '{id}'", k.as_str()),
            None => format!("no hotline or service '{id}'"),
        })),
        _ => Err(Error::invalid(format!(
            "'{id}' is both a hotline and a service: write hotline:{id} or service:{id}"
        ))),
    }
}

/// Stores a report about an attempt made now, on the entry's first number. Works offline; it is
/// sent by the next [`send_pending`].
pub fn add(conn: &Connection, target: &str, problem: &str, note: &str) -> Result<OutboxEntry> {
    add_attempt(conn, target, problem, note, &Attempt::default())
}

/// Stores a report about a failed attempt (when, which number). Works offline.
pub fn add_attempt(
    conn: &Connection,
    target: &str,
    problem: &str,
    note: &str,
    attempt: &Attempt,
) -> Result<OutboxEntry> {
    let problem = Problem::parse(problem).map_err(Error::invalid)?;
    let note = clean_note(note).map_err(Error::invalid)?;
    let (kind, target) = resolve_target(conn, target)?;
    let attempted_at = attempt.at.unwrap_or_else(|| Local::now().fixed_offset());
    let attempted_at = DateTime::from_timestamp(attempted_at.timestamp(), 0)
        .map(|t| t.with_timezone(attempted_at.offset()))
        .unwrap_or(attempted_at);
    let facts = entry_facts(conn, kind, &target)?;
    let number = match attempt.number.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        Some(dialled) => Some(facts.number_matching(dialled).ok_or_else(|| {
            Error::invalid(format!(
                "{dialled} is not a number of {} {target} (its numbers: {})",
                kind.as_str(),
                facts.listed_numbers()
            ))
        })?),
        None => facts.numbers.first().map(|n| n.number.clone()),
    };
    let report = Report {
        id: new_report_id()?,
        kind,
        target,
        problem,
        note,
        created_at: now_seconds(),
        app: app_name(),
        install: install_token(conn)?,
        scheduled_open: facts.scheduled_open_at(attempted_at.with_timezone(&Utc)),
        attempted_at: Some(attempted_at),
        number,
        content_seq: content_seq(conn)?,
    };
    conn.execute(
        "INSERT INTO outbox (kind, target, problem, note, created_at, report_id, install, attempted_at, scheduled_open, number, content_seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            report.kind.as_str(),
            report.target,
            report.problem.as_str(),
            report.note,
            rfc3339(report.created_at),
            report.id,
            report.install,
            report.attempted_at.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true)),
            report.scheduled_open,
            report.number,
            report.content_seq.map(|s| s as i64),
        ],
    )?;
    Ok(OutboxEntry { report, sent_at: None })
}

/// This install's report token, made on first need (128 random bits). Wipe deletes it.
pub fn install_token(conn: &Connection) -> Result<String> {
    let stored: Option<String> = conn
        .query_row("SELECT token FROM install_token WHERE id = 1", [], |r| r.get(0))
        .optional()?;
    if let Some(token) = stored {
        return Ok(token);
    }
    let token = new_report_id()?;
    conn.execute(
        "INSERT OR IGNORE INTO install_token (id, token, created_at) VALUES (1, ?1, ?2)",
        params![token, rfc3339(Utc::now())],
    )?;
    // Another connection may have won the race: use what is stored.
    Ok(conn.query_row("SELECT token FROM install_token WHERE id = 1", [], |r| r.get(0))?)
}

/// The manifest seq of the installed content.
fn content_seq(conn: &Connection) -> Result<Option<u64>> {
    let seq: Option<i64> = conn
        .query_row("SELECT seq FROM sync_state WHERE id = 1", [], |r| r.get(0))
        .optional()?;
    Ok(seq.map(|s| s as u64))
}

/// What a report needs to know about the entry: its numbers and its hours.
struct EntryFacts {
    numbers: Vec<PhoneNumber>,
    hours: Option<OpeningHours>,
    timezone: Option<String>,
    closed_on: Vec<NaiveDate>,
}

impl EntryFacts {
    /// The listed number `dialled` means, compared digit by digit (`+992 44 000-00-00` matches
    /// `+992440000000`).
    fn number_matching(&self, dialled: &str) -> Option<String> {
        let digits = |s: &str| -> String { s.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect() };
        let wanted = digits(dialled);
        self.numbers
            .iter()
            .find(|n| digits(&n.number) == wanted || digits(&n.display) == wanted)
            .map(|n| n.number.clone())
    }

    fn listed_numbers(&self) -> String {
        if self.numbers.is_empty() {
            return "none listed".into();
        }
        self.numbers
            .iter()
            .map(|n| n.display.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Open by its hours at `at`, in its own zone; None without hours or with an unknown zone.
    fn scheduled_open_at(&self, at: DateTime<Utc>) -> Option<bool> {
        let hours = self.hours.as_ref()?;
        let zone = parse_zone(self.timezone.as_deref()?).ok()?;
        let schedule = Schedule {
            hours,
            zone,
            closed_on: &self.closed_on,
        };
        Some(schedule.status_at(at).open)
    }
}

fn entry_facts(conn: &Connection, kind: TargetKind, id: &str) -> Result<EntryFacts> {
    let table = match kind {
        TargetKind::Hotline => "hotlines",
        TargetKind::Service => "services",
    };
    let sql = format!("SELECT json FROM {table} WHERE id = ?1 ORDER BY collection LIMIT 1");
    let json: String = conn.query_row(&sql, params![id], |r| r.get(0))?;
    let unreadable =
        |e: serde_json::Error| Error::invalid(format!("stored {} '{id}' is unreadable: {e}", kind.as_str()));
    Ok(match kind {
        TargetKind::Hotline => {
            let h: Hotline = serde_json::from_str(&json).map_err(unreadable)?;
            EntryFacts {
                numbers: h.numbers,
                hours: Some(h.hours),
                timezone: Some(h.timezone),
                closed_on: h.closed_on,
            }
        }
        TargetKind::Service => {
            let s: Service = serde_json::from_str(&json).map_err(unreadable)?;
            EntryFacts {
                numbers: s.phones,
                hours: s.hours,
                timezone: s.timezone,
                closed_on: Vec::new(),
            }
        }
    })
}

fn now_seconds() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now)
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn parse_time(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| Error::invalid(format!("stored outbox time '{s}' is unreadable")))
}

/// Every report, newest first.
pub fn list(conn: &Connection) -> Result<Vec<OutboxEntry>> {
    read(conn, &format!("SELECT {COLUMNS} FROM outbox ORDER BY id DESC"))
}

/// Reports not yet sent, oldest first. A report written before report ids existed gets one now,
/// stored, so a retry sends the same id.
pub fn pending(conn: &Connection) -> Result<Vec<Report>> {
    let missing: Vec<i64> = conn
        .prepare("SELECT id FROM outbox WHERE sent_at IS NULL AND report_id IS NULL")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for row in missing {
        conn.execute(
            "UPDATE outbox SET report_id = ?1 WHERE id = ?2 AND report_id IS NULL",
            params![new_report_id()?, row],
        )?;
    }
    let without_token: bool = conn
        .query_row(
            "SELECT 1 FROM outbox WHERE sent_at IS NULL AND install IS NULL LIMIT 1",
            [],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if without_token {
        conn.execute(
            "UPDATE outbox SET install = ?1 WHERE sent_at IS NULL AND install IS NULL",
            params![install_token(conn)?],
        )?;
    }
    Ok(read(
        conn,
        &format!("SELECT {COLUMNS} FROM outbox WHERE sent_at IS NULL ORDER BY id"),
    )?
    .into_iter()
    .map(|e| e.report)
    .collect())
}

const COLUMNS: &str = "id, kind, target, problem, note, created_at, report_id, sent_at, install, attempted_at, scheduled_open, number, content_seq";

fn read(conn: &Connection, sql: &str) -> Result<Vec<OutboxEntry>> {
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query([])?;
    let mut entries = Vec::new();
    while let Some(r) = rows.next()? {
        let row: i64 = r.get(0)?;
        let kind: String = r.get(1)?;
        let problem: String = r.get(3)?;
        let created_at: String = r.get(5)?;
        let sent_at: Option<String> = r.get(7)?;
        let attempted_at: Option<String> = r.get(9)?;
        let attempted_at = attempted_at
            .map(|t| {
                DateTime::<FixedOffset>::parse_from_rfc3339(&t)
                    .map_err(|_| Error::invalid(format!("stored outbox time '{t}' is unreadable")))
            })
            .transpose()?;
        entries.push(OutboxEntry {
            report: Report {
                id: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
                kind: TargetKind::parse(&kind)
                    .ok_or_else(|| Error::invalid(format!("outbox row {row} has an unknown kind '{kind}'")))?,
                target: r.get(2)?,
                problem: Problem::parse(&problem).map_err(Error::invalid)?,
                note: r.get(4)?,
                created_at: parse_time(&created_at)?,
                app: app_name(),
                install: r.get::<_, Option<String>>(8)?.unwrap_or_default(),
                attempted_at,
                scheduled_open: r.get(10)?,
                number: r.get(11)?,
                content_seq: r.get::<_, Option<i64>>(12)?.map(|s| s as u64),
            },
            sent_at: sent_at.as_deref().map(parse_time).transpose()?,
        });
    }
    Ok(entries)
}

/// Records that the server has these reports.
pub fn mark_sent(conn: &Connection, reports: &[Report]) -> Result<()> {
    let now = rfc3339(Utc::now());
    let mut stmt = conn.prepare_cached("UPDATE outbox SET sent_at = ?1 WHERE report_id = ?2 AND sent_at IS NULL")?;
    for r in reports {
        stmt.execute(params![now, r.id])?;
    }
    Ok(())
}

/// The feedback endpoint named in the installed signed manifest, if any.
pub fn feedback_url(conn: &Connection) -> Result<Option<String>> {
    let url: Option<Option<String>> = conn
        .query_row("SELECT feedback_url FROM sync_state WHERE id = 1", [], |r| r.get(0))
        .optional()?;
    Ok(url.flatten().filter(|u| !u.trim().is_empty()))
}

/// The repository address this phone last synced from over HTTP: relative feedback addresses
/// are resolved against it.
pub fn repository_url(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT url FROM sync_http WHERE id = 1", [], |r| r.get(0))
        .optional()?)
}

/// The feedback endpoint to post to, resolved (see [`resolve_feedback_url`]); `NoEndpoint` when
/// the installed content names none.
pub fn endpoint(conn: &Connection, repository: Option<&str>) -> Result<std::result::Result<String, NotSent>> {
    let Some(feedback) = feedback_url(conn)? else {
        return Ok(Err(NotSent::NoEndpoint));
    };
    let stored;
    let repository = match repository {
        Some(r) => Some(r),
        None => {
            stored = repository_url(conn)?;
            stored.as_deref()
        }
    };
    Ok(resolve_feedback_url(&feedback, repository))
}

/// `POST`s one batch; Ok means the server answered 2xx (it has them). Blocking.
pub fn try_post(feedback_url: &str, reports: &[Report]) -> std::result::Result<(), NotSent> {
    let bad = |message: String| NotSent::BadEndpoint { message };
    let url = reqwest::Url::parse(feedback_url.trim())
        .map_err(|e| bad(format!("feedback address '{feedback_url}' is not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad(format!(
            "feedback address '{feedback_url}' must start with http:// or https://"
        )));
    }
    let body = serde_json::to_vec(&Batch {
        reports: reports.to_vec(),
    })
    .map_err(|e| bad(e.to_string()))?;
    let client = reqwest::blocking::Client::builder()
        .connect_timeout(Duration::from_secs(15))
        .timeout(Duration::from_secs(60))
        .user_agent(app_name())
        .build()
        .map_err(|e| bad(format!("cannot start the HTTP client: {e}")))?;
    let response = client
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body)
        .send()
        .map_err(|e| NotSent::Offline {
            message: format!("could not send reports to {feedback_url}: {e}"),
        })?;
    let status = response.status();
    if !status.is_success() {
        return Err(NotSent::ServerError {
            status: status.as_u16(),
            message: format!("the feedback server at {feedback_url} answered {status}; the reports stay in the outbox"),
        });
    }
    Ok(())
}

/// [`try_post`] with the reason as an error: `Io` for the network and the server, `InvalidInput`
/// for an unusable address.
pub fn post(feedback_url: &str, reports: &[Report]) -> Result<()> {
    try_post(feedback_url, reports).map_err(not_sent_error)
}

/// The error `Safar::send_reports` returns for a reason reports were not sent.
pub fn not_sent_error(why: NotSent) -> Error {
    match why {
        NotSent::BadEndpoint { message } => Error::invalid(message),
        other => Error::Io(std::io::Error::other(other.to_string())),
    }
}

/// Sends every unsent report to `feedback_url` in batches and marks each batch sent once the
/// server has answered 2xx. Returns how many were sent. Blocking.
pub fn send_pending(conn: &Connection, feedback_url: &str) -> Result<usize> {
    let reports = pending(conn)?;
    let mut sent = 0;
    for batch in reports.chunks(MAX_BATCH) {
        post(feedback_url, batch)?;
        mark_sent(conn, batch)?;
        sent += batch.len();
    }
    Ok(sent)
}

/// Sends the waiting reports with `lock` giving the database only between network calls (the
/// phone's readers are not blocked while a slow link posts), and says what happened.
pub fn deliver<'c>(
    lock: &dyn Fn() -> std::sync::MutexGuard<'c, Connection>,
    repository: Option<&str>,
) -> Result<ReportDelivery> {
    let (endpoint, pending) = {
        let conn = lock();
        (endpoint(&conn, repository)?, pending(&conn)?)
    };
    let mut delivery = ReportDelivery {
        waiting: pending.len() as u64,
        ..ReportDelivery::default()
    };
    if pending.is_empty() {
        return Ok(delivery);
    }
    let url = match endpoint {
        Ok(url) => url,
        Err(why) => {
            delivery.not_sent = Some(why);
            return Ok(delivery);
        }
    };
    for batch in pending.chunks(MAX_BATCH) {
        if let Err(why) = try_post(&url, batch) {
            delivery.not_sent = Some(why);
            break;
        }
        mark_sent(&lock(), batch)?;
        delivery.sent += batch.len() as u64;
        delivery.waiting -= batch.len() as u64;
    }
    Ok(delivery)
}
