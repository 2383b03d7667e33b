//! Checklist rules: content-defined steps with deadlines relative to events in the user's journey.
//! The rules are content; the user's progress is user data.

use super::{CountryCode, LocalizedText, Verification};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    BeforeDeparture,
    OnArrival,
    AtWork,
    OnReturn,
}

impl Phase {
    pub const ALL: [Phase; 4] = [Phase::BeforeDeparture, Phase::OnArrival, Phase::AtWork, Phase::OnReturn];
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::BeforeDeparture => "before_departure",
            Phase::OnArrival => "on_arrival",
            Phase::AtWork => "at_work",
            Phase::OnReturn => "on_return",
        }
    }
}

/// The event a deadline counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DueEvent {
    Arrival,
}

/// "Within `days` days after `after`".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Due {
    pub after: DueEvent,
    pub days: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChecklistItem {
    pub id: String,
    pub phase: Phase,
    #[serde(default)]
    pub destinations: Vec<CountryCode>,
    #[serde(default)]
    pub origins: Vec<CountryCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Due>,
    #[serde(default)]
    pub order: i32,
    pub title: LocalizedText,
    #[serde(default, skip_serializing_if = "LocalizedText::is_empty")]
    pub details: LocalizedText,
    /// Article group to read for this step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    pub source: String,
    pub verified_at: NaiveDate,
    pub status: Verification,
}
