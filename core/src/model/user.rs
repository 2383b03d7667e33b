//! The user's own data. It lives in its own tables; sync never touches it; one call wipes it.

use super::{CountryCode, LanguageTag};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where the user is on the journey.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Planning,
    Abroad,
    Returned,
}

impl Stage {
    pub const ALL: [Stage; 3] = [Stage::Planning, Stage::Abroad, Stage::Returned];
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Planning => "planning",
            Stage::Abroad => "abroad",
            Stage::Returned => "returned",
        }
    }
    pub fn parse(s: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|st| st.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!(
                    "unknown stage '{}' (expected planning, abroad or returned)",
                    super::echo(s)
                )
            })
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who the user is, as far as the content needs to know. Never leaves the phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// Home country.
    pub origin: CountryCode,
    /// Country of work (planned or current).
    pub destination: CountryCode,
    /// Preferred languages, most preferred first. Never empty.
    pub languages: Vec<LanguageTag>,
    pub stage: Stage,
    /// Arrival date in the destination, if known: checklist deadlines count from it.
    pub arrival: Option<NaiveDate>,
}

impl Profile {
    /// The language fallback chain: the user's languages, then Russian, then English.
    /// Russian is the lingua franca of the region; English is the content's source language.
    pub fn language_chain(&self) -> Vec<String> {
        let mut chain: Vec<String> = self.languages.iter().map(|l| l.as_str().to_string()).collect();
        for fallback in ["ru", "en"] {
            if !chain.iter().any(|l| l == fallback) {
                chain.push(fallback.to_string());
            }
        }
        chain
    }
}

impl Default for Profile {
    /// Before onboarding: a Tajik planning to work in Russia, reading Russian. Shells ask the user
    /// on first start; this default only keeps queries meaningful until then.
    fn default() -> Self {
        Profile {
            origin: CountryCode::parse("TJ").expect("valid"),
            destination: CountryCode::parse("RU").expect("valid"),
            languages: vec![LanguageTag::parse("ru").expect("valid")],
            stage: Stage::Planning,
            arrival: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_appends_russian_then_english_once() {
        let mut p = Profile {
            languages: vec![LanguageTag::parse("tg").unwrap()],
            ..Profile::default()
        };
        assert_eq!(p.language_chain(), vec!["tg", "ru", "en"]);
        p.languages = vec![LanguageTag::parse("en").unwrap(), LanguageTag::parse("uz").unwrap()];
        assert_eq!(p.language_chain(), vec!["en", "uz", "ru"]);
    }
}
