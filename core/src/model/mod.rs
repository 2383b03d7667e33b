//! Content types. Each record is stored in a signed collection as one JSON line and in the phone's
//! database as that same JSON (plus a few columns for queries), so these types are the wire format.

mod article;
mod checklist;
mod codes;
mod directory;
mod hours;
mod money;
mod remittance;
mod user;

pub use article::{Article, Topic};
pub use checklist::{ChecklistItem, Due, DueEvent, Phase};
pub use codes::{echo, language_name, CountryCode, LanguageTag, SUPPORTED_LANGUAGES};
pub use directory::{
    GeoPoint, Hotline, HotlineCategory, Messenger, MessengerKind, PhoneNumber, Service, ServiceCategory, ServiceCost,
};
pub use hours::{DayRange, OpeningHours, TimeOfDay, Weekday};
pub use money::Decimal;
pub use remittance::{AccessPoint, FeeSchedule, FeeTier, FirmType, Payout, RemittanceQuote, Speed, UsdReference};
pub use user::{Profile, Stage};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Text in several languages, keyed by BCP 47 tag.
pub type LocalizedText = BTreeMap<String, String>;

/// Picks the best text for a language chain, falling back to any text at all: never blank.
pub fn pick_text<'a>(text: &'a LocalizedText, chain: &[String]) -> Option<(&'a str, &'a str)> {
    chain
        .iter()
        .find_map(|lang| text.get_key_value(lang.as_str()))
        .or_else(|| text.get_key_value("en"))
        .or_else(|| text.iter().next())
        .map(|(k, v)| (k.as_str(), v.as_str()))
}

/// How far a fact can be trusted (CONTENT.md, "Honesty rules").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verification {
    /// A person checked it against `source` on `verified_at`.
    Verified,
    /// Taken from `source` but not checked by a person.
    Unverified,
    /// Invented for development; never real.
    Sample,
}

impl Verification {
    pub fn as_str(self) -> &'static str {
        match self {
            Verification::Verified => "verified",
            Verification::Unverified => "unverified",
            Verification::Sample => "sample",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "verified" => Some(Self::Verified),
            "unverified" => Some(Self::Unverified),
            "sample" => Some(Self::Sample),
            _ => None,
        }
    }
}

/// Where a fact comes from and when it was last checked. Every hotline, service and quote has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    pub source: String,
    pub verified_at: NaiveDate,
    pub status: Verification,
}

/// The kind of records a collection holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContentKind {
    Article,
    Hotline,
    Service,
    Remittance,
    Checklist,
}

impl ContentKind {
    pub const ALL: [ContentKind; 5] = [
        ContentKind::Article,
        ContentKind::Hotline,
        ContentKind::Service,
        ContentKind::Remittance,
        ContentKind::Checklist,
    ];

    /// First segment of a collection name: `articles/ru`, `hotlines/tj`…
    pub fn collection_prefix(self) -> &'static str {
        match self {
            ContentKind::Article => "articles",
            ContentKind::Hotline => "hotlines",
            ContentKind::Service => "services",
            ContentKind::Remittance => "remittance",
            ContentKind::Checklist => "checklist",
        }
    }

    pub fn from_collection(name: &str) -> Option<Self> {
        let prefix = name.split('/').next()?;
        Self::ALL.into_iter().find(|k| k.collection_prefix() == prefix)
    }
}
