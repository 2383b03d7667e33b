//! Hotlines and services as the shells show them: open-now computed by the core in each record's
//! own time zone, numbers ready to dial, trust signals (source, verified date, age, stale).

use safar_core::contact::{MessengerView, NumberView};
use safar_core::opening::{OpenNow, OpenState, ZonedTime};

/// A number to dial: `tel_uri` opens the dialler. It is null when the core refused the number
/// (not plainly dialable, e.g. `*21*…#`): show `display` as text, with no call button.
#[derive(Debug, Clone, uniffi::Record)]
pub struct PhoneEntry {
    pub display: String,
    pub tel_uri: Option<String>,
    pub free: Option<bool>,
}

impl From<NumberView> for PhoneEntry {
    fn from(n: NumberView) -> Self {
        PhoneEntry {
            display: n.display,
            tel_uri: n.tel_uri,
            free: n.free,
        }
    }
}

/// A messenger contact: `kind` is `telegram`, `whatsapp` or `viber`; `uri` opens it (null when
/// the core refused the handle: show nothing to tap).
#[derive(Debug, Clone, uniffi::Record)]
pub struct MessengerEntry {
    pub kind: String,
    pub uri: Option<String>,
}

impl From<MessengerView> for MessengerEntry {
    fn from(m: MessengerView) -> Self {
        MessengerEntry {
            kind: crate::records::enum_str(&m.kind),
            uri: m.uri,
        }
    }
}

/// Which hotlines to list. Empty fields mean "as the profile needs"; `at` (RFC 3339) evaluates
/// opening hours at another instant than now.
#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct HotlineFilter {
    pub country: Option<String>,
    pub category: Option<String>,
    pub open_now: bool,
    pub at: Option<String>,
}

/// Times are RFC 3339 in the hotline's own time zone (`closes_at`, `next_opening`).
#[derive(Debug, Clone, uniffi::Record)]
pub struct HotlineEntry {
    pub id: String,
    pub name: String,
    pub country: String,
    pub categories: Vec<String>,
    pub numbers: Vec<PhoneEntry>,
    pub messengers: Vec<MessengerEntry>,
    /// Open at the asked instant. False also when unknown (see `open_unknown`).
    pub open_now: bool,
    /// The core cannot tell (the time zone is unknown to this build): show no badge.
    pub open_unknown: bool,
    pub always_open: bool,
    pub closes_at: Option<String>,
    pub next_opening: Option<String>,
    pub hours: String,
    pub timezone: String,
    pub languages: Vec<String>,
    pub speaks_your_language: bool,
    pub source: String,
    pub verified_at: String,
    /// `verified`, `unverified` or `sample`.
    pub status: String,
    pub age_days: i64,
    /// Verified longer ago than the content allows: show it as possibly out of date.
    pub stale: bool,
}

fn local(t: Option<ZonedTime>) -> Option<String> {
    t.map(|z| z.local.to_rfc3339())
}

fn open_fields(open: &OpenNow) -> (bool, bool, bool, Option<String>, Option<String>) {
    (
        open.state == OpenState::Open,
        open.state == OpenState::Unknown,
        open.always_open,
        local(open.closes_at.clone()),
        local(open.next_open.clone()),
    )
}

impl From<safar_core::hotlines::HotlineView> for HotlineEntry {
    fn from(h: safar_core::hotlines::HotlineView) -> Self {
        let (open_now, open_unknown, always_open, closes_at, next_opening) = open_fields(&h.open);
        HotlineEntry {
            id: h.id,
            name: h.name,
            country: h.country.to_string(),
            categories: h.categories.iter().map(crate::records::enum_str).collect(),
            numbers: h.numbers.into_iter().map(Into::into).collect(),
            messengers: h.messengers.into_iter().map(Into::into).collect(),
            open_now,
            open_unknown,
            always_open,
            closes_at,
            next_opening,
            hours: h.hours,
            timezone: h.open.timezone.clone(),
            languages: h.languages,
            speaks_your_language: h.speaks_your_language,
            source: h.trust.source,
            verified_at: h.trust.verified_at.to_string(),
            status: h.trust.status.as_str().into(),
            age_days: h.trust.age_days,
            stale: h.trust.stale,
        }
    }
}

/// Which services to list. Coordinates and radius are decimal strings (`"38.56"`); with
/// `near_lat`/`near_lon` results are sorted by distance.
#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct ServiceFilter {
    pub country: Option<String>,
    pub region: Option<String>,
    pub category: Option<String>,
    pub free_only: bool,
    pub language: Option<String>,
    pub near_lat: Option<String>,
    pub near_lon: Option<String>,
    pub radius_km: Option<String>,
}

/// A service with its contacts, open-now (when it has hours), distance and trust signals.
#[derive(Debug, Clone, uniffi::Record)]
pub struct ServiceEntry {
    pub id: String,
    pub organisation: String,
    pub country: String,
    pub region: String,
    pub district: String,
    pub categories: Vec<String>,
    pub address: String,
    pub lat: Option<String>,
    pub lon: Option<String>,
    /// Kilometres from the asked point, one decimal.
    pub distance_km: Option<String>,
    pub phones: Vec<PhoneEntry>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub hours: Option<String>,
    pub open_now: Option<bool>,
    pub eligibility: Option<String>,
    /// `free`, `paid` or `sliding`.
    pub cost: String,
    pub languages: Vec<String>,
    pub source: String,
    pub verified_at: String,
    pub status: String,
    pub age_days: i64,
    pub stale: bool,
}

impl From<safar_core::services::ServiceView> for ServiceEntry {
    fn from(s: safar_core::services::ServiceView) -> Self {
        ServiceEntry {
            id: s.id,
            organisation: s.organisation,
            country: s.country.to_string(),
            region: s.region,
            district: s.district,
            categories: s.categories.iter().map(crate::records::enum_str).collect(),
            address: s.address,
            lat: s.location.map(|p| format!("{:.5}", p.lat)),
            lon: s.location.map(|p| format!("{:.5}", p.lon)),
            distance_km: s.distance_km.map(|d| format!("{d:.1}")),
            phones: s.phones.into_iter().map(Into::into).collect(),
            email: s.email,
            website: s.website,
            hours: s.hours,
            open_now: s.open.as_ref().and_then(|o| match o.state {
                OpenState::Unknown => None,
                state => Some(state == OpenState::Open),
            }),
            eligibility: s.eligibility,
            cost: crate::records::enum_str(&s.cost),
            languages: s.languages,
            source: s.trust.source,
            verified_at: s.trust.verified_at.to_string(),
            status: s.trust.status.as_str().into(),
            age_days: s.trust.age_days,
            stale: s.trust.stale,
        }
    }
}
