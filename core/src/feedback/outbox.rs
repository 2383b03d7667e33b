//! The outbox: reports made offline wait in the `outbox` table (user data, never touched by
//! sync) until they are sent, then are kept with their `sent_at` so the user can see them.

use super::{app_name, clean_note, Batch, Problem, Report, TargetKind};
use crate::{Error, Result};
use chrono::{DateTime, SecondsFormat, Utc};
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

/// Stores a report in the outbox. Works offline; it is sent by the next [`send_pending`].
pub fn add(conn: &Connection, target: &str, problem: &str, note: &str) -> Result<OutboxEntry> {
    let problem = Problem::parse(problem).map_err(Error::invalid)?;
    let note = clean_note(note).map_err(Error::invalid)?;
    let (kind, target) = resolve_target(conn, target)?;
    let report = Report {
        id: new_report_id()?,
        kind,
        target,
        problem,
        note,
        created_at: now_seconds(),
        app: app_name(),
    };
    conn.execute(
        "INSERT INTO outbox (kind, target, problem, note, created_at, report_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            report.kind.as_str(),
            report.target,
            report.problem.as_str(),
            report.note,
            rfc3339(report.created_at),
            report.id
        ],
    )?;
    Ok(OutboxEntry { report, sent_at: None })
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
    read(
        conn,
        "SELECT id, kind, target, problem, note, created_at, report_id, sent_at FROM outbox ORDER BY id DESC",
    )
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
    Ok(read(
        conn,
        "SELECT id, kind, target, problem, note, created_at, report_id, sent_at FROM outbox WHERE sent_at IS NULL ORDER BY id",
    )?
    .into_iter()
    .map(|e| e.report)
    .collect())
}

fn read(conn: &Connection, sql: &str) -> Result<Vec<OutboxEntry>> {
    type Row = (
        i64,
        String,
        String,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = conn
        .prepare(sql)?
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(row, kind, target, problem, note, created_at, report_id, sent_at)| {
            Ok(OutboxEntry {
                report: Report {
                    id: report_id.unwrap_or_default(),
                    kind: TargetKind::parse(&kind)
                        .ok_or_else(|| Error::invalid(format!("outbox row {row} has an unknown kind '{kind}'")))?,
                    target,
                    problem: Problem::parse(&problem).map_err(Error::invalid)?,
                    note,
                    created_at: parse_time(&created_at)?,
                    app: app_name(),
                },
                sent_at: sent_at.as_deref().map(parse_time).transpose()?,
            })
        })
        .collect()
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

fn network_error(msg: String) -> Error {
    Error::Io(std::io::Error::other(msg))
}

/// `POST`s one batch; Ok means the server answered 2xx (it has them). Blocking.
pub fn post(feedback_url: &str, reports: &[Report]) -> Result<()> {
    let url = reqwest::Url::parse(feedback_url.trim())
        .map_err(|e| Error::invalid(format!("feedback address '{feedback_url}' is not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::invalid(format!(
            "feedback address '{feedback_url}' must start with http:// or https://"
        )));
    }
    let body = serde_json::to_vec(&Batch {
        reports: reports.to_vec(),
    })
    .map_err(|e| Error::invalid(e.to_string()))?;
    let client = reqwest::blocking::Client::builder()
        .connect_timeout(Duration::from_secs(15))
        .timeout(Duration::from_secs(60))
        .user_agent(app_name())
        .build()
        .map_err(|e| network_error(format!("cannot start the HTTP client: {e}")))?;
    let response = client
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body)
        .send()
        .map_err(|e| network_error(format!("could not send reports to {feedback_url}: {e}")))?;
    let status = response.status();
    if !status.is_success() {
        return Err(network_error(format!(
            "the feedback server at {feedback_url} answered {status}; the reports stay in the outbox"
        )));
    }
    Ok(())
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
