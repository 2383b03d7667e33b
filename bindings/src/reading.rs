//! Search, checklist and the health section as the shells show them.

use crate::directory::{HotlineEntry, ServiceEntry};
use crate::records::{ArticleSummary, TextSpan};
use safar_core::checklist::{ChecklistStep, StepState};
use safar_core::search::SnippetPart;

/// One search result. `kind` is `article`, `hotline` or `service`; `id` opens it (for articles
/// the translation group). In `snippet`, matched words are `strong`.
#[derive(Debug, Clone, uniffi::Record)]
pub struct SearchHit {
    pub kind: String,
    pub id: String,
    pub title: String,
    pub snippet: Vec<TextSpan>,
    pub lang: Option<String>,
}

fn spans(parts: Vec<SnippetPart>) -> Vec<TextSpan> {
    parts
        .into_iter()
        .map(|p| TextSpan {
            text: p.text,
            strong: p.matched,
            emphasis: false,
            link: None,
        })
        .collect()
}

impl From<safar_core::search::SearchHit> for SearchHit {
    fn from(h: safar_core::search::SearchHit) -> Self {
        SearchHit {
            kind: h.kind.as_str().into(),
            id: h.group.unwrap_or(h.id),
            title: h.title,
            snippet: spans(h.snippet),
            lang: Some(h.lang).filter(|l| !l.is_empty()),
        }
    }
}

/// One checklist step. `due` is its deadline date; `overdue` means the deadline passed and it is
/// not done; `status` is the verification status of its rule (`verified`, `unverified`, `sample`).
#[derive(Debug, Clone, uniffi::Record)]
pub struct ChecklistEntry {
    pub id: String,
    /// `before_departure`, `on_arrival`, `at_work`, `on_return`.
    pub phase: String,
    pub title: String,
    pub details: Option<String>,
    pub due: Option<String>,
    /// Days until the deadline (negative when overdue).
    pub days_left: Option<i64>,
    pub done: bool,
    pub overdue: bool,
    /// It has a deadline but the profile has no arrival date to count it from.
    pub needs_arrival_date: bool,
    pub article: Option<String>,
    pub source: String,
    pub verified_at: String,
    pub status: String,
    pub stale: bool,
}

impl From<ChecklistStep> for ChecklistEntry {
    fn from(s: ChecklistStep) -> Self {
        ChecklistEntry {
            id: s.id,
            phase: s.phase.as_str().into(),
            title: s.title,
            details: s.details,
            due: s.due_date.map(|d| d.to_string()),
            days_left: s.days_left,
            done: s.state == StepState::Done,
            overdue: s.state == StepState::Overdue,
            needs_arrival_date: s.state == StepState::NeedsArrivalDate,
            article: s.article,
            source: s.source,
            verified_at: s.verified_at.to_string(),
            status: s.status.as_str().into(),
            stale: s.stale,
        }
    }
}

/// The checklist: every step, how many are overdue, and the next deadline.
#[derive(Debug, Clone, uniffi::Record)]
pub struct ChecklistScreen {
    pub items: Vec<ChecklistEntry>,
    pub overdue: u32,
    pub next_due: Option<ChecklistEntry>,
    pub done: u32,
    pub total: u32,
    /// Some deadlines count from the arrival date, which the profile does not have yet.
    pub needs_arrival_date: bool,
}

impl From<safar_core::checklist::Checklist> for ChecklistScreen {
    fn from(c: safar_core::checklist::Checklist) -> Self {
        ChecklistScreen {
            overdue: c.overdue.len() as u32,
            next_due: c.upcoming.into_iter().next().map(Into::into),
            items: c.steps.into_iter().map(Into::into).collect(),
            done: c.done,
            total: c.total,
            needs_arrival_date: c.needs_arrival_date,
        }
    }
}

/// TB/HIV and health: articles, then the health hotlines and services of the country the user
/// is in and of home.
#[derive(Debug, Clone, uniffi::Record)]
pub struct HealthScreen {
    pub articles: Vec<ArticleSummary>,
    pub services: Vec<ServiceEntry>,
    pub hotlines: Vec<HotlineEntry>,
}
