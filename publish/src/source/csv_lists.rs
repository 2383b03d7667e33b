//! `hotlines.csv`, `services.csv` and `remittance.csv`.

use super::csv_table::{self, Columns, Row};
use super::fields::{
    check_currency, check_id, check_timezone, parse_date, parse_enum, parse_hours, parse_language, parse_status,
};
use super::geography::check_location;
use super::phones::check_number;
use super::{Place, Rejected};
use crate::Diagnostic;
use chrono::{DateTime, Utc};
use safar_core::model::{
    CountryCode, Decimal, FeeSchedule, GeoPoint, Hotline, Messenger, MessengerKind, PhoneNumber, RemittanceQuote,
    Service,
};
use std::collections::BTreeMap;
use std::path::Path;

const HOTLINES: Columns = Columns {
    known: &[
        "id",
        "country",
        "categories",
        "numbers",
        "messengers",
        "hours",
        "timezone",
        "closed_on",
        "international",
        "languages",
        "source",
        "verified_at",
        "status",
    ],
    required: &[
        "id",
        "country",
        "name_en",
        "name_ru",
        "categories",
        "numbers",
        "hours",
        "timezone",
        "verified_at",
        "status",
    ],
    localized: &["name"],
    kind: "hotline",
};

const SERVICES: Columns = Columns {
    known: &[
        "id",
        "country",
        "region",
        "district",
        "categories",
        "address",
        "lat",
        "lon",
        "phones",
        "international",
        "email",
        "website",
        "hours",
        "timezone",
        "cost",
        "languages",
        "source",
        "verified_at",
        "status",
    ],
    required: &[
        "id",
        "country",
        "organisation_en",
        "organisation_ru",
        "categories",
        "cost",
        "verified_at",
        "status",
    ],
    localized: &["organisation", "eligibility"],
    kind: "service",
};

const REMITTANCE: Columns = Columns {
    known: &[
        "id",
        "send_country",
        "send_currency",
        "receive_country",
        "receive_currency",
        "provider",
        "firm_type",
        "product",
        "access_point",
        "payout",
        "speed",
        "fee",
        "fee_min",
        "fee_max",
        "rate",
        "reference_rate",
        "reference_at",
        "transparent",
        "accessible",
        "source",
        "collected_at",
        "status",
    ],
    required: &[
        "id",
        "send_country",
        "send_currency",
        "receive_country",
        "receive_currency",
        "provider",
        "firm_type",
        "product",
        "access_point",
        "payout",
        "speed",
        "fee",
        "rate",
        "reference_rate",
        "reference_at",
        "transparent",
        "collected_at",
        "status",
    ],
    localized: &[],
    kind: "quote",
};

type Rejects = BTreeMap<String, Rejected>;

pub fn hotlines(
    dir: &Path,
    out: &mut Vec<Diagnostic>,
    places: &mut BTreeMap<String, Place>,
    rejected: &mut Rejects,
) -> Vec<Hotline> {
    csv_table::read(dir, "hotlines.csv", &HOTLINES, out, places, rejected, hotline)
}

pub fn services(
    dir: &Path,
    out: &mut Vec<Diagnostic>,
    places: &mut BTreeMap<String, Place>,
    rejected: &mut Rejects,
) -> Vec<Service> {
    csv_table::read(dir, "services.csv", &SERVICES, out, places, rejected, service)
}

pub fn quotes(
    dir: &Path,
    out: &mut Vec<Diagnostic>,
    places: &mut BTreeMap<String, Place>,
    rejected: &mut Rejects,
) -> Vec<RemittanceQuote> {
    csv_table::read(dir, "remittance.csv", &REMITTANCE, out, places, rejected, quote)
}

fn hotline(row: &mut Row) -> Option<(String, Hotline)> {
    let id = row.req("id", check_id);
    let country = row.req("country", CountryCode::parse);
    let name = row.localized("name", &["en", "ru"]);
    let categories = row.req_list("categories", parse_enum);
    let international = row.opt("international", parse_bool).unwrap_or(false);
    let numbers = row.req_list("numbers", |n| hotline_number(n, country.as_ref(), international));
    let messengers = row.list("messengers", |m| messenger(m, country.as_ref()));
    let hours = row.req("hours", parse_hours);
    let timezone = row.req("timezone", check_timezone);
    let closed_on = row.list("closed_on", parse_date);
    let languages = row.list("languages", parse_language);
    let source = row.text("source").unwrap_or_default().to_string();
    let verified_at = row.req("verified_at", parse_date);
    let status = row.req("status", parse_status);
    let hotline = Hotline {
        id: id?,
        country: country?,
        name,
        categories,
        numbers,
        messengers,
        hours: hours?,
        timezone: timezone?,
        closed_on,
        languages,
        source,
        verified_at: verified_at?,
        status: status?,
    };
    Some((hotline.id.clone(), hotline))
}

/// `NUMBER [free|paid]`.
fn hotline_number(item: &str, country: Option<&CountryCode>, international: bool) -> Result<PhoneNumber, String> {
    let (number, free) = match item.rsplit_once(' ') {
        Some((n, cost)) if cost.eq_ignore_ascii_case("free") => (n, Some(true)),
        Some((n, cost)) if cost.eq_ignore_ascii_case("paid") => (n, Some(false)),
        _ => (item, None),
    };
    Ok(PhoneNumber {
        free,
        ..phone_number(number, country, international)?
    })
}

/// A WhatsApp or Viber number must be a valid number, of any country (accounts keep the number
/// they were opened with).
fn messenger(text: &str, country: Option<&CountryCode>) -> Result<Messenger, String> {
    let parsed = Messenger::parse(text)?;
    if parsed.kind != MessengerKind::Telegram {
        phone_number(&parsed.handle, country, true).map_err(|e| format!("messenger '{}': {e}", text.trim()))?;
    }
    Ok(parsed)
}

/// Checked against the entry's country; when the country itself is invalid (reported already),
/// only the number's shape.
fn phone_number(text: &str, country: Option<&CountryCode>, international: bool) -> Result<PhoneNumber, String> {
    match country {
        Some(country) => check_number(text, country, international),
        None => PhoneNumber::parse(text),
    }
}

fn service(row: &mut Row) -> Option<(String, Service)> {
    let id = row.req("id", check_id);
    let country = row.req("country", CountryCode::parse);
    let organisation = row.localized("organisation", &["en", "ru"]);
    let categories = row.req_list("categories", parse_enum);
    let location = location(row, country.as_ref());
    let international = row.opt("international", parse_bool).unwrap_or(false);
    let phones = row.list("phones", |n| phone_number(n, country.as_ref(), international));
    let email = row.opt("email", check_email);
    let website = row.opt("website", check_website);
    let hours = row.opt("hours", parse_hours);
    let timezone = row.opt("timezone", check_timezone);
    if hours.is_some() && timezone.is_none() && row.text("timezone").is_none() {
        row.error("column 'timezone' is empty; it is needed when 'hours' is given");
    }
    let eligibility = row.localized("eligibility", &[]);
    let cost = row.req("cost", parse_enum);
    let languages = row.list("languages", parse_language);
    let verified_at = row.req("verified_at", parse_date);
    let status = row.req("status", parse_status);
    let text = |row: &Row, column: &str| row.text(column).unwrap_or_default().to_string();
    let service = Service {
        id: id?,
        country: country?,
        region: text(row, "region"),
        district: text(row, "district"),
        organisation,
        categories,
        address: text(row, "address"),
        location,
        phones,
        email,
        website,
        hours,
        timezone,
        eligibility,
        cost: cost?,
        languages,
        source: text(row, "source"),
        verified_at: verified_at?,
        status: status?,
    };
    Some((service.id.clone(), service))
}

/// `lat` and `lon`: both or neither, inside the entry's country.
fn location(row: &mut Row, country: Option<&CountryCode>) -> Option<GeoPoint> {
    let degrees = |s: &str| {
        s.parse::<f64>()
            .map_err(|_| format!("'{s}' is not a number of degrees (e.g. 38.5598)"))
    };
    let lat = row.opt("lat", degrees);
    let lon = row.opt("lon", degrees);
    match (lat, lon, row.text("lat").is_some(), row.text("lon").is_some()) {
        (Some(lat), Some(lon), ..) => {
            let point = GeoPoint::new(lat, lon)
                .map_err(|e| row.error(format!("columns 'lat', 'lon': {e}")))
                .ok()?;
            match country.map(|c| check_location(point, c)) {
                Some(Err(e)) => {
                    row.error(e);
                    None
                }
                _ => Some(point),
            }
        }
        (_, _, true, false) | (_, _, false, true) => {
            row.error("columns 'lat' and 'lon' go together: fill in both or neither");
            None
        }
        _ => None,
    }
}

fn check_email(s: &str) -> Result<String, String> {
    match s.split_once('@') {
        Some((user, domain)) if !user.is_empty() && domain.contains('.') && !s.contains(char::is_whitespace) => {
            Ok(s.to_string())
        }
        _ => Err(format!("'{s}' is not an e-mail address")),
    }
}

fn check_website(s: &str) -> Result<String, String> {
    let ok = (s.starts_with("https://") || s.starts_with("http://")) && !s.contains(char::is_whitespace);
    if ok {
        Ok(s.to_string())
    } else {
        Err(format!(
            "'{s}' is not a web address (write it in full, starting with https://)"
        ))
    }
}

fn quote(row: &mut Row) -> Option<(String, RemittanceQuote)> {
    let id = row.req("id", check_id);
    let send_country = row.req("send_country", CountryCode::parse);
    let send_currency = row.req("send_currency", check_currency);
    let receive_country = row.req("receive_country", CountryCode::parse);
    let receive_currency = row.req("receive_currency", check_currency);
    let provider = row.required("provider");
    let firm_type = row.req("firm_type", parse_enum);
    let product = row.required("product");
    let access_point = row.req("access_point", parse_enum);
    let payout = row.req("payout", parse_enum);
    let speed = row.req("speed", parse_enum);
    let fee = row.req("fee", str::parse::<FeeSchedule>);
    let fee_min = row.opt("fee_min", amount);
    let fee_max = row.opt("fee_max", amount);
    if let (Some(min), Some(max)) = (fee_min, fee_max) {
        if min > max {
            row.error(format!(
                "columns 'fee_min', 'fee_max': the minimum {min} is above the maximum {max}"
            ));
        }
    }
    let rate = row.req("rate", positive_rate);
    let reference_rate = row.req("reference_rate", positive_rate);
    let reference_at = row.req("reference_at", parse_timestamp);
    let transparent = row.req("transparent", parse_bool);
    let accessible = row.opt("accessible", parse_bool).unwrap_or(true);
    let collected_at = row.req("collected_at", parse_date);
    let status = row.req("status", parse_status);
    let quote = RemittanceQuote {
        id: id?,
        send_country: send_country?,
        send_currency: send_currency?,
        receive_country: receive_country?,
        receive_currency: receive_currency?,
        provider: provider?,
        firm_type: firm_type?,
        product: product?,
        access_point: access_point?,
        payout: payout?,
        speed: speed?,
        fee: fee?,
        fee_min,
        fee_max,
        rate: rate?,
        reference_rate: reference_rate?,
        reference_at: reference_at?,
        transparent: transparent?,
        accessible,
        source: row.text("source").unwrap_or_default().to_string(),
        collected_at: collected_at?,
        status: status?,
        // Attached from remittance_reference_rates.csv by `super::reference_rates::attach`.
        usd_reference: None,
    };
    Some((quote.id.clone(), quote))
}

fn amount(s: &str) -> Result<Decimal, String> {
    let d: Decimal = s.parse()?;
    if d.is_negative() {
        return Err(format!("'{s}' is negative"));
    }
    Ok(d)
}

fn positive_rate(s: &str) -> Result<Decimal, String> {
    let d = amount(s)?;
    if d.is_zero() {
        return Err("an exchange rate cannot be 0".into());
    }
    Ok(d)
}

/// RFC 3339, e.g. `2026-11-03T09:00:00Z`.
fn parse_timestamp(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| format!("'{s}' is not a date and time (write YYYY-MM-DDTHH:MM:SSZ, e.g. 2026-11-03T09:00:00Z)"))
}

fn parse_bool(s: &str) -> Result<bool, String> {
    match s.to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(format!("'{s}' is not true or false")),
    }
}
