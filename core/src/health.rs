//! The health section: TB, HIV and health articles for the profile, joined with the health
//! hotlines and services of the two countries that matter — where the user works and home —
//! because TB treatment must continue across the border.

use crate::freshness::{is_stale, stale_after_days};
use crate::guide::{articles_for, ArticleSummary};
use crate::model::{
    pick_text, CountryCode, Hotline, HotlineCategory, PhoneNumber, Profile, Service, ServiceCategory, ServiceCost,
    Stage, Topic, Verification,
};
use crate::safety::{self, line};
use crate::Result;
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Serialize;

/// Which of the user's two countries a contact is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    /// The country of work.
    Destination,
    /// The home country.
    Home,
}

/// A number to dial.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dial {
    pub display: String,
    /// `tel:` URI the phone opens; None when the number is not plainly dialable (shown as text,
    /// no call button — see [`crate::safety`]).
    pub tel: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub free: Option<bool>,
}

impl From<&PhoneNumber> for Dial {
    fn from(p: &PhoneNumber) -> Dial {
        Dial {
            display: safety::number_display(&p.number, &p.display),
            tel: p.tel_uri(),
            free: p.free,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HealthHotline {
    pub id: String,
    pub name: String,
    /// Language of `name`.
    pub lang: String,
    pub country: String,
    pub place: Place,
    pub numbers: Vec<Dial>,
    /// Weekly hours (`24/7`, `Mo-Fr 09:00-18:00`) in `timezone`.
    pub hours: String,
    pub timezone: String,
    pub languages: Vec<String>,
    pub source: String,
    pub verified_at: NaiveDate,
    pub status: Verification,
    pub stale: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HealthService {
    pub id: String,
    pub name: String,
    /// Language of `name`.
    pub lang: String,
    pub country: String,
    pub place: Place,
    pub region: String,
    pub district: String,
    pub address: String,
    pub tb_hiv_care: bool,
    pub cost: ServiceCost,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eligibility: Option<String>,
    pub phones: Vec<Dial>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hours: Option<String>,
    pub source: String,
    pub verified_at: NaiveDate,
    pub status: Verification,
    pub stale: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HealthSection {
    pub origin: CountryCode,
    pub destination: CountryCode,
    /// TB/HIV and health articles for the profile, in the stage's order.
    pub articles: Vec<ArticleSummary>,
    /// Health hotlines, the country the user is in first.
    pub hotlines: Vec<HealthHotline>,
    /// Health and TB/HIV care services, the country the user is in first.
    pub services: Vec<HealthService>,
}

/// What the home screen shows as the way into the health section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HealthEntry {
    pub articles: u32,
    pub hotlines: u32,
    pub services: u32,
}

impl HealthSection {
    pub fn entry(&self) -> HealthEntry {
        HealthEntry {
            articles: self.articles.len() as u32,
            hotlines: self.hotlines.len() as u32,
            services: self.services.len() as u32,
        }
    }
}

/// The two countries, the one the user is in first (home before departure and after return).
fn countries(profile: &Profile) -> Vec<(&CountryCode, Place)> {
    let mut places = vec![
        (&profile.destination, Place::Destination),
        (&profile.origin, Place::Home),
    ];
    if profile.stage != Stage::Abroad {
        places.reverse();
    }
    if profile.origin == profile.destination {
        places.truncate(1);
    }
    places
}

/// Records of `table` in `country` having one of `categories`. The category filter runs in SQL on
/// the indexed columns, so only matching records are parsed (a national directory has tens of
/// thousands of services, few of them health care).
fn records<T: serde::de::DeserializeOwned>(
    conn: &Connection,
    table: &str,
    country: &CountryCode,
    categories: &[&str],
) -> Result<Vec<T>> {
    let any_category: Vec<String> = categories
        .iter()
        .map(|c| format!("instr(categories, ',{c},') > 0"))
        .collect();
    let sql = format!(
        "SELECT json FROM {table} WHERE country = ?1 AND ({}) ORDER BY id",
        any_category.join(" OR ")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows: Vec<String> = stmt
        .query_map(params![country.as_str()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows.iter().filter_map(|json| serde_json::from_str(json).ok()).collect())
}

/// The health section for the profile; `today` judges which contacts are stale.
pub fn section(conn: &Connection, profile: &Profile, today: NaiveDate) -> Result<HealthSection> {
    let chain = profile.language_chain();
    let stale_limit = stale_after_days(conn)?;
    let articles = articles_for(conn, profile, None)?
        .into_iter()
        .filter(|a| matches!(a.topic, Topic::TbHiv | Topic::Health))
        .collect();
    let mut hotlines = Vec::new();
    let mut services = Vec::new();
    let places = countries(profile);
    for &(country, place) in &places {
        let health_lines = records::<Hotline>(conn, "hotlines", country, &["health"])?
            .into_iter()
            .filter(|h| h.categories.contains(&HotlineCategory::Health));
        for h in health_lines {
            let (lang, name) = pick_text(&h.name, &chain).unwrap_or(("en", h.id.as_str()));
            // Text cleaned and numbers checked here, once, for every shell (crate::safety).
            hotlines.push(HealthHotline {
                name: line(name),
                lang: line(lang),
                country: h.country.to_string(),
                place,
                numbers: h.numbers.iter().map(Dial::from).collect(),
                hours: line(&h.hours.to_string()),
                stale: is_stale(h.verified_at, today, stale_limit),
                id: line(&h.id),
                timezone: line(&h.timezone),
                languages: h.languages.iter().map(|l| line(l)).collect(),
                source: line(&h.source),
                verified_at: h.verified_at,
                status: h.status,
            });
        }
        let care = records::<Service>(conn, "services", country, &["health", "tb_hiv_care"])?
            .into_iter()
            .filter(|s| {
                s.categories
                    .iter()
                    .any(|c| matches!(c, ServiceCategory::Health | ServiceCategory::TbHivCare))
            });
        for s in care {
            let (lang, name) = pick_text(&s.organisation, &chain).unwrap_or(("en", s.id.as_str()));
            let (lang, name) = (line(lang), line(name));
            services.push(HealthService {
                eligibility: s
                    .eligibility
                    .get(&lang)
                    .map(String::as_str)
                    .or_else(|| pick_text(&s.eligibility, &chain).map(|(_, t)| t))
                    .map(line),
                name,
                lang,
                country: s.country.to_string(),
                place,
                tb_hiv_care: s.categories.contains(&ServiceCategory::TbHivCare),
                phones: s.phones.iter().map(Dial::from).collect(),
                hours: s.hours.as_ref().map(|h| match &s.timezone {
                    Some(tz) => line(&format!("{h} ({tz})")),
                    None => line(&h.to_string()),
                }),
                stale: is_stale(s.verified_at, today, stale_limit),
                id: line(&s.id),
                region: line(&s.region),
                district: line(&s.district),
                address: line(&s.address),
                cost: s.cost,
                source: line(&s.source),
                verified_at: s.verified_at,
                status: s.status,
            });
        }
    }
    // TB/HIV care first within each country: it is what must not be interrupted.
    services.sort_by_key(|s| (s.place != places[0].1, !s.tb_hiv_care));
    Ok(HealthSection {
        origin: profile.origin.clone(),
        destination: profile.destination.clone(),
        articles,
        hotlines,
        services,
    })
}
