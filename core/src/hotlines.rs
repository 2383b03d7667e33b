//! The hotline directory: which lines the user can call, whether each is open right now (in the
//! line's own time zone), how to reach it, and how far to trust the entry.

use crate::contact::{speaks_any, MessengerView, NumberView};
use crate::model::{CountryCode, Hotline, HotlineCategory, Profile, Stage};
use crate::opening::{self, OpenNow, OpenState};
use crate::safety;
use crate::trust::{self, Trust};
use crate::{Error, Result};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

/// What to list. Every field is optional; the default lists the profile's countries, now.
#[derive(Debug, Clone, Default)]
pub struct HotlineFilter {
    /// ISO country code (`RU`). None: the countries that matter for the profile's stage.
    pub country: Option<String>,
    /// `emergency`, `trafficking`, `gbv`, `health`, `labour_rights`, `consular`,
    /// `migration_service`, `legal_aid`.
    pub category: Option<String>,
    /// Only lines open at `at`.
    pub open_now: bool,
    /// The instant to evaluate opening hours at; None: now.
    pub at: Option<DateTime<Utc>>,
    /// The user's IANA time zone, to show opening times in it too.
    pub your_timezone: Option<String>,
}

/// One hotline as a list or detail screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HotlineView {
    pub id: String,
    pub country: CountryCode,
    /// In the best language of the user's chain.
    pub name: String,
    pub name_lang: String,
    pub categories: Vec<HotlineCategory>,
    pub numbers: Vec<NumberView>,
    pub messengers: Vec<MessengerView>,
    /// Languages spoken on the line.
    pub languages: Vec<String>,
    pub speaks_your_language: bool,
    /// `24/7` or `Mo-Fr 09:00-18:00`, in `open.timezone`.
    pub hours: String,
    /// Upcoming closed days (holidays), from the evaluation date on.
    pub closed_on: Vec<NaiveDate>,
    pub open: OpenNow,
    pub trust: Trust,
}

pub fn parse_category(s: &str) -> Result<HotlineCategory> {
    serde_json::from_value(serde_json::Value::String(s.trim().to_ascii_lowercase())).map_err(|_| {
        Error::invalid(format!(
            "unknown hotline category '{}' (expected emergency, trafficking, gbv, health, labour_rights, consular, migration_service or legal_aid)",
            s.trim()
        ))
    })
}

pub fn parse_your_timezone(zone: Option<&str>) -> Result<Option<Tz>> {
    zone.map(|z| opening::parse_zone(z).map_err(Error::invalid)).transpose()
}

/// Countries whose lines matter at each stage, most relevant first: where the user is now, then
/// the other end of the journey. A returnee needs the home country's lines only.
pub fn profile_countries(profile: &Profile) -> Vec<CountryCode> {
    let mut out = match profile.stage {
        Stage::Abroad => vec![profile.destination.clone(), profile.origin.clone()],
        Stage::Planning => vec![profile.origin.clone(), profile.destination.clone()],
        Stage::Returned => vec![profile.origin.clone()],
    };
    out.dedup();
    out
}

/// Hotlines for the profile and filter: open lines first, then those that speak the user's
/// language, then by id; countries in the order of [`profile_countries`].
pub fn list(conn: &Connection, profile: &Profile, filter: &HotlineFilter) -> Result<Vec<HotlineView>> {
    let countries = match &filter.country {
        Some(c) => vec![CountryCode::parse(c).map_err(Error::invalid)?],
        None => profile_countries(profile),
    };
    let category = filter.category.as_deref().map(parse_category).transpose()?;
    let yours = parse_your_timezone(filter.your_timezone.as_deref())?;
    let at = filter.at.unwrap_or_else(Utc::now);
    let stale_after = trust::stale_after_days(conn)?;
    let category_needle = category.map(|c| format!(",{},", enum_name(&c)));

    let mut stmt = conn.prepare_cached(
        "SELECT json FROM hotlines WHERE country = ?1 AND (?2 IS NULL OR instr(categories, ?2) > 0) ORDER BY id",
    )?;
    let mut out: Vec<(usize, HotlineView)> = Vec::new();
    for (rank, country) in countries.iter().enumerate() {
        let rows = stmt.query_map(params![country.as_str(), category_needle], |r| r.get::<_, String>(0))?;
        for json in rows {
            let view = view(&parse(&json?)?, profile, at, yours, stale_after);
            if filter.open_now && view.open.state != OpenState::Open {
                continue;
            }
            out.push((rank, view));
        }
    }
    out.sort_by_key(|(rank, v)| {
        (
            *rank,
            v.open.state != OpenState::Open,
            !v.speaks_your_language,
            v.id.clone(),
        )
    });
    Ok(out.into_iter().map(|(_, v)| v).collect())
}

/// One hotline by id (`ru-emergency`), e.g. from an article's `hotline:` link.
pub fn get(
    conn: &Connection,
    profile: &Profile,
    id: &str,
    at: DateTime<Utc>,
    your_timezone: Option<&str>,
) -> Result<HotlineView> {
    let id = id.trim();
    if id.is_empty() {
        return Err(Error::invalid("hotline id is empty"));
    }
    let yours = parse_your_timezone(your_timezone)?;
    let json: Option<String> = conn
        .query_row(
            "SELECT json FROM hotlines WHERE id = ?1 ORDER BY collection LIMIT 1",
            params![id],
            |r| r.get(0),
        )
        .optional()?;
    let json = json.ok_or_else(|| Error::not_found(format!("no hotline '{id}'")))?;
    Ok(view(&parse(&json)?, profile, at, yours, trust::stale_after_days(conn)?))
}

fn parse(json: &str) -> Result<Hotline> {
    serde_json::from_str(json).map_err(|e| Error::invalid(format!("stored hotline is unreadable: {e}")))
}

fn enum_name<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The view of one hotline. Text is cleaned of control and bidi characters and numbers are
/// checked before they get a `tel:` URI ([`crate::safety`]), whatever the signed record holds.
pub fn view(h: &Hotline, profile: &Profile, at: DateTime<Utc>, yours: Option<Tz>, stale_after: u32) -> HotlineView {
    let chain = profile.language_chain();
    let (name_lang, name) = crate::model::pick_text(&h.name, &chain).unwrap_or(("", h.id.as_str()));
    let user_languages: Vec<String> = profile.languages.iter().map(|l| l.as_str().to_string()).collect();
    let open = opening::open_now(&h.hours, &h.timezone, &h.closed_on, at, yours);
    // "Upcoming" is judged in the line's own calendar.
    let today_there = opening::parse_zone(&h.timezone)
        .map(|z| at.with_timezone(&z).date_naive())
        .unwrap_or_else(|_| at.date_naive());
    HotlineView {
        id: safety::line(&h.id),
        country: h.country.clone(),
        name: safety::line(name),
        name_lang: safety::line(name_lang),
        categories: h.categories.clone(),
        numbers: h.numbers.iter().map(NumberView::from).collect(),
        messengers: h.messengers.iter().map(MessengerView::from).collect(),
        languages: h.languages.iter().map(|l| safety::line(l)).collect(),
        speaks_your_language: speaks_any(&h.languages, &user_languages),
        hours: safety::line(&h.hours.to_string()),
        closed_on: h.closed_on.iter().copied().filter(|d| *d >= today_there).collect(),
        open,
        trust: Trust::assess(&h.source, h.verified_at, h.status, at.date_naive(), stale_after),
    }
}
