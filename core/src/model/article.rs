//! Guidance and health articles.

use super::{CountryCode, Stage};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What an article is about. Shells group articles by topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    BeforeDeparture,
    Documents,
    Registration,
    Rights,
    Work,
    Trafficking,
    Gbv,
    Health,
    TbHiv,
    Money,
    Return,
}

impl Topic {
    pub const ALL: [Topic; 11] = [
        Topic::BeforeDeparture,
        Topic::Documents,
        Topic::Registration,
        Topic::Rights,
        Topic::Work,
        Topic::Trafficking,
        Topic::Gbv,
        Topic::Health,
        Topic::TbHiv,
        Topic::Money,
        Topic::Return,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Topic::BeforeDeparture => "before_departure",
            Topic::Documents => "documents",
            Topic::Registration => "registration",
            Topic::Rights => "rights",
            Topic::Work => "work",
            Topic::Trafficking => "trafficking",
            Topic::Gbv => "gbv",
            Topic::Health => "health",
            Topic::TbHiv => "tb_hiv",
            Topic::Money => "money",
            Topic::Return => "return",
        }
    }

    pub fn parse(s: &str) -> Result<Self, String> {
        Self::ALL.into_iter().find(|t| t.as_str() == s.trim()).ok_or_else(|| {
            let known: Vec<&str> = Self::ALL.iter().map(|t| t.as_str()).collect();
            format!("unknown topic '{}' (known: {})", super::echo(s), known.join(", "))
        })
    }

    /// English display name; shells localise topic names themselves.
    pub fn title_en(self) -> &'static str {
        match self {
            Topic::BeforeDeparture => "Before you go",
            Topic::Documents => "Documents",
            Topic::Registration => "Registration and permits",
            Topic::Rights => "Your rights",
            Topic::Work => "At work",
            Topic::Trafficking => "Trafficking and exploitation",
            Topic::Gbv => "Violence: confidential help",
            Topic::Health => "Health",
            Topic::TbHiv => "TB and HIV",
            Topic::Money => "Money and transfers",
            Topic::Return => "Coming home",
        }
    }
}

/// One translation of one article. Translations of the same article share a `group`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// `<group>.<lang>`, unique in the repository.
    pub id: String,
    pub group: String,
    pub lang: String,
    pub topic: Topic,
    /// Origin countries this applies to; empty means all.
    #[serde(default)]
    pub origins: Vec<CountryCode>,
    /// Destination countries this applies to; empty means all.
    #[serde(default)]
    pub destinations: Vec<CountryCode>,
    /// Stages this applies to; empty means all.
    #[serde(default)]
    pub stages: Vec<Stage>,
    /// Core articles must exist in a Central Asian language as well as Russian and English.
    #[serde(default)]
    pub core: bool,
    /// Sort order inside the topic, smaller first.
    #[serde(default)]
    pub order: i32,
    pub title: String,
    pub summary: String,
    /// Markdown source; [`crate::render`] turns it into blocks for the shells.
    pub body: String,
    /// Where to get help: `hotline:<id>` or `service:<id>`.
    #[serde(default)]
    pub help: Vec<String>,
    /// Optional audio reading of the article (an attachment's sha256).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio: Option<String>,
    pub source: String,
    pub reviewed_at: NaiveDate,
}

impl Article {
    pub fn make_id(group: &str, lang: &str) -> String {
        format!("{group}.{lang}")
    }

    /// Does this article apply to the given origin, destination and stage?
    pub fn applies_to(&self, origin: &CountryCode, destination: &CountryCode, stage: Stage) -> bool {
        (self.origins.is_empty() || self.origins.contains(origin))
            && (self.destinations.is_empty() || self.destinations.contains(destination))
            && (self.stages.is_empty() || self.stages.contains(&stage))
    }
}
