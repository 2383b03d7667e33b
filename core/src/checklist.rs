//! The checklist: steps before departure, on arrival, at work and on return. The steps and their
//! deadlines are content (`checklist_items`: "within N days of arrival", N per destination and
//! origin); which steps are done is the user's (`checklist_progress`). Due dates count from the
//! profile's arrival date, and "overdue" is judged for a date the caller gives, so the same
//! question always has the same answer.

use crate::freshness::{is_stale, stale_after_days};
use crate::model::{pick_text, ChecklistItem, DueEvent, Phase, Profile, Stage, Verification};
use crate::safety;
use crate::{Error, Result};
use chrono::{Days, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepState {
    Done,
    /// Its deadline has passed and it is not done.
    Overdue,
    /// It has a deadline still ahead (or today).
    Due,
    /// It has a deadline, but the profile has no arrival date to count it from.
    NeedsArrivalDate,
    /// No deadline (or, after return, deadlines abroad no longer apply).
    Open,
}

/// One step, as the user sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChecklistStep {
    pub id: String,
    pub phase: Phase,
    pub title: String,
    /// Language of `title` and `details`.
    pub lang: String,
    /// Shown in a fallback language, not the user's first choice.
    pub is_fallback: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    /// Article group that explains the step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    /// The deadline rule: within this many days of arrival.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_days: Option<u32>,
    /// The deadline for this profile: arrival + `due_days`. The step is overdue the day after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_date: Option<NaiveDate>,
    /// Days from the given day to the deadline; negative when overdue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_left: Option<i64>,
    pub state: StepState,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub done_on: Option<NaiveDate>,
    /// Where the rule comes from and when it was checked (legal deadlines change often).
    pub source: String,
    pub verified_at: NaiveDate,
    pub status: Verification,
    /// Checked longer ago than the repository allows: shown, but flagged.
    pub stale: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Checklist {
    /// The day deadlines were judged for.
    pub today: NaiveDate,
    pub arrival: Option<NaiveDate>,
    /// Every step for the profile, by phase and order.
    pub steps: Vec<ChecklistStep>,
    /// Steps past their deadline, the most overdue first.
    pub overdue: Vec<ChecklistStep>,
    /// Steps with a deadline still ahead, the nearest first.
    pub upcoming: Vec<ChecklistStep>,
    pub done: u32,
    pub total: u32,
    /// Some steps have deadlines, but the profile has no arrival date to count them from.
    pub needs_arrival_date: bool,
}

fn applies(item: &ChecklistItem, profile: &Profile) -> bool {
    (item.destinations.is_empty() || item.destinations.contains(&profile.destination))
        && (item.origins.is_empty() || item.origins.contains(&profile.origin))
}

/// The user's progress: step id → the day it was marked done.
fn progress(conn: &Connection) -> Result<HashMap<String, Option<NaiveDate>>> {
    let mut stmt = conn.prepare_cached("SELECT item_id, done_at FROM checklist_progress")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = HashMap::new();
    for row in rows {
        let (id, at) = row?;
        out.insert(id, at.get(..10).and_then(|d| d.parse().ok()));
    }
    Ok(out)
}

fn step(
    item: ChecklistItem,
    profile: &Profile,
    chain: &[String],
    today: NaiveDate,
    done: Option<&Option<NaiveDate>>,
    stale_limit: Option<u32>,
) -> ChecklistStep {
    let (lang, title) = pick_text(&item.title, chain)
        .map(|(l, t)| (l.to_string(), safety::line(t)))
        .unwrap_or_else(|| (String::from("en"), safety::line(&item.id)));
    // Details may have lines; both lose control and bidi characters (crate::safety).
    let details = item
        .details
        .get(&lang)
        .map(String::as_str)
        .or_else(|| pick_text(&item.details, chain).map(|(_, t)| t))
        .map(|t| safety::clean_text(t).into_owned());
    // Deadlines count from arrival abroad; after return they no longer apply.
    let due_days = item.due.map(|d| match d.after {
        DueEvent::Arrival => d.days,
    });
    let deadlines_apply = profile.stage != Stage::Returned;
    let due_date = match (due_days, profile.arrival) {
        (Some(days), Some(arrival)) if deadlines_apply => arrival.checked_add_days(Days::new(u64::from(days))),
        _ => None,
    };
    let days_left = due_date.map(|d| (d - today).num_days());
    let state = match (done, due_days, due_date) {
        (Some(_), _, _) => StepState::Done,
        (None, _, Some(due)) if today > due => StepState::Overdue,
        (None, _, Some(_)) => StepState::Due,
        (None, Some(_), None) if deadlines_apply => StepState::NeedsArrivalDate,
        _ => StepState::Open,
    };
    ChecklistStep {
        is_fallback: chain.first() != Some(&lang),
        stale: is_stale(item.verified_at, today, stale_limit),
        id: safety::line(&item.id),
        phase: item.phase,
        title,
        lang: safety::line(&lang),
        details,
        article: item.article.as_deref().and_then(safety::content_id).map(str::to_string),
        due_days,
        due_date,
        days_left,
        state,
        done_on: done.copied().flatten(),
        source: safety::line(&item.source),
        verified_at: item.verified_at,
        status: item.status,
    }
}

/// The checklist for `profile`, with deadlines judged for `today`.
pub fn checklist(conn: &Connection, profile: &Profile, today: NaiveDate) -> Result<Checklist> {
    let chain = profile.language_chain();
    let done = progress(conn)?;
    let stale_limit = stale_after_days(conn)?;
    let mut stmt = conn.prepare_cached("SELECT json FROM checklist_items")?;
    let items: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let mut items: Vec<ChecklistItem> = items
        .iter()
        .filter_map(|json| serde_json::from_str::<ChecklistItem>(json).ok())
        .filter(|item| applies(item, profile))
        .collect();
    items.sort_by(|a, b| (a.phase, a.order, &a.id).cmp(&(b.phase, b.order, &b.id)));
    let steps: Vec<ChecklistStep> = items
        .into_iter()
        .map(|item| {
            let d = done.get(&item.id);
            step(item, profile, &chain, today, d, stale_limit)
        })
        .collect();
    let mut overdue: Vec<ChecklistStep> = steps
        .iter()
        .filter(|s| s.state == StepState::Overdue)
        .cloned()
        .collect();
    overdue.sort_by(|a, b| (a.due_date, &a.id).cmp(&(b.due_date, &b.id)));
    let mut upcoming: Vec<ChecklistStep> = steps.iter().filter(|s| s.state == StepState::Due).cloned().collect();
    upcoming.sort_by(|a, b| (a.due_date, a.phase, &a.id).cmp(&(b.due_date, b.phase, &b.id)));
    Ok(Checklist {
        today,
        arrival: profile.arrival,
        done: steps.iter().filter(|s| s.state == StepState::Done).count() as u32,
        total: steps.len() as u32,
        needs_arrival_date: steps.iter().any(|s| s.state == StepState::NeedsArrivalDate),
        steps,
        overdue,
        upcoming,
    })
}

/// Marks a step done (on `on`) or not done. The step must exist in the content.
pub fn set_done(conn: &Connection, item_id: &str, done: bool, on: NaiveDate) -> Result<()> {
    let id = item_id.trim();
    if id.is_empty() {
        return Err(Error::invalid("checklist step id is empty"));
    }
    let known: Option<i64> = conn
        .query_row(
            "SELECT 1 FROM checklist_items WHERE id = ?1 LIMIT 1",
            params![id],
            |r| r.get(0),
        )
        .optional()?;
    if known.is_none() {
        return Err(Error::not_found(format!("no checklist step '{id}'")));
    }
    if done {
        conn.execute(
            "INSERT OR REPLACE INTO checklist_progress (item_id, done_at) VALUES (?1, ?2)",
            params![id, on.to_string()],
        )?;
    } else {
        conn.execute("DELETE FROM checklist_progress WHERE item_id = ?1", params![id])?;
    }
    Ok(())
}
