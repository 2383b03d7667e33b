//! The service directory (reintegration, health, TB/HIV care, legal aid, psychosocial support,
//! training, employment, grants, shelter): filters, and distance search from a point.
//!
//! Distance search is a bounding-box prefilter on the indexed `lat`/`lon` columns (migration 2),
//! then the exact great-circle distance on the few rows left. The box is exact on a sphere,
//! widened to every longitude when it covers a pole and split in two where it crosses the
//! antimeridian, so it never drops a service that is inside the radius.

use crate::contact::{speaks_any, NumberView};
use crate::model::{pick_text, CountryCode, GeoPoint, Profile, Service, ServiceCategory, ServiceCost, Stage};
use crate::opening::{self, OpenNow};
use crate::safety;
use crate::trust::{self, Trust};
use crate::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use serde::Serialize;
use std::f64::consts::PI;

/// Mean Earth radius (IUGG), in km.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;
/// Longest radius a search accepts: just over half the Earth's circumference (π R ≈ 20015.1 km).
pub const MAX_RADIUS_KM: f64 = 20_016.0;

/// What to look for. Every field is optional.
#[derive(Debug, Clone, Default)]
pub struct ServiceFilter {
    /// ISO country code. None: with `near`, every country; without, where the user is now
    /// (destination when abroad, home otherwise).
    pub country: Option<String>,
    /// Region or district, as locals write it; case and apostrophes are ignored, a prefix is
    /// enough (`fargona` finds `Farg‘ona viloyati`).
    pub region: Option<String>,
    /// `employment`, `training`, `psychosocial`, `legal_aid`, `health`, `tb_hiv_care`, `grants`,
    /// `shelter`.
    pub category: Option<String>,
    /// Only services that cost nothing.
    pub free_only: bool,
    /// Only services where this language is spoken (`tg`, `uz`…).
    pub language: Option<String>,
    /// Sort by distance from this point.
    pub near: Option<GeoPoint>,
    /// With `near`: only services within this many km.
    pub radius_km: Option<f64>,
    /// At most this many results. None: all.
    pub limit: Option<u32>,
    /// The instant to evaluate opening hours at; None: now.
    pub at: Option<DateTime<Utc>>,
    /// The user's IANA time zone, to show opening times in it too.
    pub your_timezone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceView {
    pub id: String,
    pub country: CountryCode,
    pub region: String,
    pub district: String,
    /// In the best language of the user's chain.
    pub organisation: String,
    pub organisation_lang: String,
    pub categories: Vec<ServiceCategory>,
    pub address: String,
    pub location: Option<GeoPoint>,
    /// From the search point, when one was given.
    pub distance_km: Option<f64>,
    pub phones: Vec<NumberView>,
    /// A plain address, or None when the signed one is not one (it is not offered to a mail app).
    pub email: Option<String>,
    /// An `https:`/`http:` page, or None when the signed one is anything else.
    pub website: Option<String>,
    pub hours: Option<String>,
    /// Open now, when the service has hours.
    pub open: Option<OpenNow>,
    /// Who can use it, in the best language available.
    pub eligibility: Option<String>,
    pub cost: ServiceCost,
    pub languages: Vec<String>,
    pub speaks_your_language: bool,
    pub trust: Trust,
}

pub fn parse_category(s: &str) -> Result<ServiceCategory> {
    serde_json::from_value(serde_json::Value::String(s.trim().to_ascii_lowercase())).map_err(|_| {
        Error::invalid(format!(
            "unknown service category '{}' (expected employment, training, psychosocial, legal_aid, health, tb_hiv_care, grants or shelter)",
            s.trim()
        ))
    })
}

/// Great-circle distance (haversine on the mean Earth radius), in km.
pub fn distance_km(a: GeoPoint, b: GeoPoint) -> f64 {
    let (lat1, lat2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.lon - a.lon).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// A latitude band and one or two longitude ranges that contain every point within the radius.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundingBox {
    pub lat: (f64, f64),
    pub lon: Vec<(f64, f64)>,
}

/// Widening of the box, in degrees (about a centimetre), so rounding never drops a border point.
const BOX_MARGIN_DEG: f64 = 1e-7;

pub fn bounding_box(center: GeoPoint, radius_km: f64) -> BoundingBox {
    let angle = radius_km / EARTH_RADIUS_KM;
    let everywhere = BoundingBox {
        lat: (-90.0, 90.0),
        lon: vec![(-180.0, 180.0)],
    };
    if angle >= PI {
        return everywhere;
    }
    let lat = center.lat.to_radians();
    let lat_min = (lat - angle).to_degrees() - BOX_MARGIN_DEG;
    let lat_max = (lat + angle).to_degrees() + BOX_MARGIN_DEG;
    if lat_min <= -90.0 || lat_max >= 90.0 {
        // The circle covers a pole: every longitude.
        return BoundingBox {
            lat: (lat_min.max(-90.0), lat_max.min(90.0)),
            lon: vec![(-180.0, 180.0)],
        };
    }
    // Longitude of the meridians the circle touches (exact on a sphere when no pole is inside).
    let dlon = (angle.sin() / lat.cos()).min(1.0).asin().to_degrees() + BOX_MARGIN_DEG;
    let (lon_min, lon_max) = (center.lon - dlon, center.lon + dlon);
    let lon = if lon_min < -180.0 {
        vec![(lon_min + 360.0, 180.0), (-180.0, lon_max)]
    } else if lon_max > 180.0 {
        vec![(lon_min, 180.0), (-180.0, lon_max - 360.0)]
    } else {
        vec![(lon_min, lon_max)]
    };
    BoundingBox {
        lat: (lat_min, lat_max),
        lon,
    }
}

/// Folding for free-text places: lower case, no apostrophes (`Farg‘ona` = `fargona`).
fn fold_place(s: &str) -> String {
    let kept: String = s
        .chars()
        .filter(|c| !matches!(c, '\'' | '‘' | '’' | 'ʻ' | 'ʼ' | '`' | '´'))
        .flat_map(char::to_lowercase)
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The country a service search defaults to: where the user is now.
pub fn profile_country(profile: &Profile) -> CountryCode {
    match profile.stage {
        Stage::Abroad => profile.destination.clone(),
        Stage::Planning | Stage::Returned => profile.origin.clone(),
    }
}

struct Candidate {
    id: String,
    json: String,
    distance_km: Option<f64>,
}

/// Services matching the filter: by distance (then id) when `near` is given, else by region,
/// district and id.
pub fn search(conn: &Connection, profile: &Profile, filter: &ServiceFilter) -> Result<Vec<ServiceView>> {
    let country = match (&filter.country, filter.near) {
        (Some(c), _) => Some(CountryCode::parse(c).map_err(Error::invalid)?),
        (None, Some(_)) => None,
        (None, None) => Some(profile_country(profile)),
    };
    let category = filter.category.as_deref().map(parse_category).transpose()?;
    let language = match filter.language.as_deref() {
        Some(l) => Some(crate::model::LanguageTag::parse(l).map_err(Error::invalid)?),
        None => None,
    };
    let region = filter.region.as_deref().map(fold_place);
    if region.as_deref() == Some("") {
        return Err(Error::invalid("region is empty"));
    }
    if filter.radius_km.is_some() && filter.near.is_none() {
        return Err(Error::invalid("a radius needs a point to search around (near)"));
    }
    if let Some(p) = filter.near {
        GeoPoint::new(p.lat, p.lon).map_err(Error::invalid)?;
    }
    let radius = match filter.radius_km {
        Some(r) if !(r > 0.0 && r <= MAX_RADIUS_KM) => {
            return Err(Error::invalid(format!(
                "radius {r} km is out of range (more than 0, at most {MAX_RADIUS_KM})"
            )))
        }
        other => other,
    };

    let mut sql = String::from("SELECT id, json, region, district, lat, lon FROM services WHERE 1 = 1");
    let mut args: Vec<Value> = Vec::new();
    if let Some(c) = &country {
        sql.push_str(" AND country = ?");
        args.push(Value::Text(c.as_str().to_string()));
    }
    if let Some(c) = category {
        sql.push_str(" AND instr(categories, ?) > 0");
        args.push(Value::Text(format!(",{},", enum_name(&c))));
    }
    if filter.free_only {
        sql.push_str(" AND cost = 'free'");
    }
    if let (Some(center), Some(radius)) = (filter.near, radius) {
        let bbox = bounding_box(center, radius);
        sql.push_str(" AND lat BETWEEN ? AND ? AND (");
        args.push(Value::Real(bbox.lat.0));
        args.push(Value::Real(bbox.lat.1));
        for (n, (lo, hi)) in bbox.lon.iter().enumerate() {
            if n > 0 {
                sql.push_str(" OR ");
            }
            sql.push_str("lon BETWEEN ? AND ?");
            args.push(Value::Real(*lo));
            args.push(Value::Real(*hi));
        }
        sql.push(')');
    }
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params_from_iter(args))?;
    let mut candidates: Vec<(Candidate, String, String)> = Vec::new();
    while let Some(row) = rows.next()? {
        let (place_region, place_district): (String, String) = (row.get(2)?, row.get(3)?);
        if let Some(want) = &region {
            if !fold_place(&place_region).starts_with(want.as_str())
                && !fold_place(&place_district).starts_with(want.as_str())
            {
                continue;
            }
        }
        let location = match (row.get::<_, Option<f64>>(4)?, row.get::<_, Option<f64>>(5)?) {
            (Some(lat), Some(lon)) => Some(GeoPoint { lat, lon }),
            _ => None,
        };
        let distance = match (filter.near, location) {
            (Some(center), Some(p)) => Some(distance_km(center, p)),
            _ => None,
        };
        if let Some(r) = radius {
            if !distance.is_some_and(|d| d <= r) {
                continue;
            }
        }
        candidates.push((
            Candidate {
                id: row.get(0)?,
                json: row.get(1)?,
                distance_km: distance,
            },
            place_region,
            place_district,
        ));
    }
    if filter.near.is_some() {
        // Services without coordinates go last.
        candidates.sort_by(|a, b| {
            let (da, db) = (
                a.0.distance_km.unwrap_or(f64::INFINITY),
                b.0.distance_km.unwrap_or(f64::INFINITY),
            );
            da.total_cmp(&db).then_with(|| a.0.id.cmp(&b.0.id))
        });
    } else {
        candidates.sort_by(|a, b| (&a.1, &a.2, &a.0.id).cmp(&(&b.1, &b.2, &b.0.id)));
    }

    let context = ViewContext::new(conn, profile, filter.at, filter.your_timezone.as_deref())?;
    let limit = filter.limit.map_or(usize::MAX, |l| l as usize);
    let mut out = Vec::new();
    for (candidate, _, _) in candidates {
        if out.len() >= limit {
            break;
        }
        let service = parse(&candidate.json)?;
        if let Some(lang) = &language {
            if !speaks_any(&service.languages, &[lang.as_str().to_string()]) {
                continue;
            }
        }
        out.push(context.view(&service, candidate.distance_km));
    }
    Ok(out)
}

/// One service by id, e.g. from an article's `service:` link.
pub fn get(
    conn: &Connection,
    profile: &Profile,
    id: &str,
    at: Option<DateTime<Utc>>,
    your_timezone: Option<&str>,
) -> Result<ServiceView> {
    let id = id.trim();
    if id.is_empty() {
        return Err(Error::invalid("service id is empty"));
    }
    let json: Option<String> = conn
        .query_row(
            "SELECT json FROM services WHERE id = ?1 ORDER BY collection LIMIT 1",
            params![id],
            |r| r.get(0),
        )
        .optional()?;
    let json = json.ok_or_else(|| Error::not_found(format!("no service '{id}'")))?;
    let context = ViewContext::new(conn, profile, at, your_timezone)?;
    Ok(context.view(&parse(&json)?, None))
}

fn parse(json: &str) -> Result<Service> {
    serde_json::from_str(json).map_err(|e| Error::invalid(format!("stored service is unreadable: {e}")))
}

fn enum_name<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// What every view of one query shares.
struct ViewContext {
    chain: Vec<String>,
    user_languages: Vec<String>,
    at: DateTime<Utc>,
    yours: Option<chrono_tz::Tz>,
    stale_after: u32,
}

impl ViewContext {
    fn new(conn: &Connection, profile: &Profile, at: Option<DateTime<Utc>>, yours: Option<&str>) -> Result<Self> {
        Ok(ViewContext {
            chain: profile.language_chain(),
            user_languages: profile.languages.iter().map(|l| l.as_str().to_string()).collect(),
            at: at.unwrap_or_else(Utc::now),
            yours: crate::hotlines::parse_your_timezone(yours)?,
            stale_after: trust::stale_after_days(conn)?,
        })
    }

    fn view(&self, s: &Service, distance_km: Option<f64>) -> ServiceView {
        let (organisation_lang, organisation) = pick_text(&s.organisation, &self.chain).unwrap_or(("", s.id.as_str()));
        let open = match (&s.hours, &s.timezone) {
            (Some(hours), Some(zone)) => Some(opening::open_now(hours, zone, &[], self.at, self.yours)),
            _ => None,
        };
        // Text cleaned and links checked here, once, for every shell (crate::safety).
        ServiceView {
            id: safety::line(&s.id),
            country: s.country.clone(),
            region: safety::line(&s.region),
            district: safety::line(&s.district),
            organisation: safety::line(organisation),
            organisation_lang: safety::line(organisation_lang),
            categories: s.categories.clone(),
            address: safety::line(&s.address),
            location: s.location,
            distance_km,
            phones: s.phones.iter().map(NumberView::from).collect(),
            email: s.email.as_deref().and_then(safety::email).map(str::to_string),
            website: s.website.as_deref().and_then(safety::web_url).map(str::to_string),
            hours: s.hours.as_ref().map(|h| safety::line(&h.to_string())),
            open,
            eligibility: pick_text(&s.eligibility, &self.chain).map(|(_, t)| safety::line(t)),
            cost: s.cost,
            languages: s.languages.iter().map(|l| safety::line(l)).collect(),
            speaks_your_language: speaks_any(&s.languages, &self.user_languages),
            trust: Trust::assess(
                &s.source,
                s.verified_at,
                s.status,
                self.at.date_naive(),
                self.stale_after,
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(lat: f64, lon: f64) -> GeoPoint {
        GeoPoint { lat, lon }
    }

    #[test]
    fn distances_match_known_city_pairs() {
        // Moscow – Saint Petersburg ≈ 634 km; Dushanbe – Tashkent ≈ 300 km.
        let d = distance_km(p(55.7558, 37.6173), p(59.9343, 30.3351));
        assert!((d - 634.0).abs() < 3.0, "{d}");
        let d = distance_km(p(38.5598, 68.7870), p(41.2995, 69.2401));
        assert!((d - 307.0).abs() < 5.0, "{d}");
        assert_eq!(distance_km(p(10.0, 20.0), p(10.0, 20.0)), 0.0);
        // Across the antimeridian the short way round.
        let d = distance_km(p(0.0, 179.5), p(0.0, -179.5));
        assert!((d - 111.2).abs() < 0.5, "{d}");
    }

    #[test]
    fn the_box_splits_at_the_antimeridian_and_opens_at_the_poles() {
        let b = bounding_box(p(60.0, 179.0), 200.0);
        assert_eq!(b.lon.len(), 2);
        assert!(b.lon[0].1 == 180.0 && b.lon[1].0 == -180.0);
        let b = bounding_box(p(89.5, 10.0), 100.0);
        assert_eq!(b.lon, vec![(-180.0, 180.0)]);
        assert_eq!(b.lat.1, 90.0);
        let b = bounding_box(p(0.0, 0.0), 111.2);
        assert!((b.lat.1 - 1.0).abs() < 0.01 && (b.lon[0].1 - 1.0).abs() < 0.01, "{b:?}");
    }

    #[test]
    fn places_fold_case_and_apostrophes() {
        assert_eq!(fold_place("Farg‘ona  viloyati"), "fargona viloyati");
        assert!(fold_place("Farg‘ona viloyati").starts_with(&fold_place("FARG'ONA")));
    }
}
