//! Partial sync: which collections a phone subscribes to, from its profile. A Tajik worker in
//! Russia reading Tajik needs `articles/tg` (and the fallbacks `ru`, `en`), the hotlines and
//! services of TJ and RU, remittance quotes for sending from RU, and the RU checklist — not the
//! Korean checklist or Kyrgyz articles.
//!
//! The stage does not change the set: collections are split by kind, country and language, and
//! the stage filters articles and checklist items at query time.

use crate::model::Profile;
use std::collections::BTreeSet;

/// What a phone wants from a repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subscription {
    /// Before onboarding the phone keeps everything it is offered: it does not yet know what the
    /// user needs, and dropping the embedded content would leave nothing to read offline.
    Everything,
    /// Exactly these collection names.
    Collections(BTreeSet<String>),
}

impl Subscription {
    pub fn for_profile(profile: &Profile) -> Subscription {
        let mut names = BTreeSet::new();
        for lang in profile.language_chain() {
            names.insert(format!("articles/{lang}"));
        }
        for country in [&profile.origin, &profile.destination] {
            names.insert(format!("hotlines/{}", country.lower()));
            names.insert(format!("services/{}", country.lower()));
        }
        // Money is sent from the country of work.
        names.insert(format!("remittance/{}", profile.destination.lower()));
        names.insert(format!("checklist/{}", profile.destination.lower()));
        names.insert("checklist/all".to_string());
        Subscription::Collections(names)
    }

    pub fn wants(&self, collection: &str) -> bool {
        match self {
            Subscription::Everything => true,
            Subscription::Collections(names) => names.contains(collection),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CountryCode, LanguageTag, Stage};

    #[test]
    fn a_profile_subscribes_to_its_countries_and_languages() {
        let p = Profile {
            origin: CountryCode::parse("KG").unwrap(),
            destination: CountryCode::parse("KZ").unwrap(),
            languages: vec![LanguageTag::parse("ky").unwrap()],
            stage: Stage::Abroad,
            arrival: None,
        };
        let s = Subscription::for_profile(&p);
        for yes in [
            "articles/ky",
            "articles/ru",
            "articles/en",
            "hotlines/kg",
            "hotlines/kz",
            "services/kg",
            "remittance/kz",
            "checklist/kz",
            "checklist/all",
        ] {
            assert!(s.wants(yes), "{yes}");
        }
        for no in [
            "articles/tg",
            "hotlines/ru",
            "remittance/kg",
            "checklist/ru",
            "services/ru",
        ] {
            assert!(!s.wants(no), "{no}");
        }
        assert!(Subscription::Everything.wants("articles/tg"));
    }
}
