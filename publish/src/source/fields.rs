//! Value parsers shared by the CSV and TOML readers. Each returns a message fit for field staff;
//! the caller adds the file, line and column or key.

use super::Sink;
use chrono::NaiveDate;
use safar_core::model::{CountryCode, LanguageTag, Verification};
use serde::de::DeserializeOwned;

/// Parses a snake_case enum value through its serde name, listing the allowed values on error.
pub fn parse_enum<T: DeserializeOwned>(s: &str) -> Result<T, String> {
    let s = s.trim();
    serde_json::from_value(serde_json::Value::String(s.to_string())).map_err(|e| {
        let allowed = backticked_after_expected(&e.to_string());
        if allowed.is_empty() {
            format!("unknown value '{s}'")
        } else {
            format!("unknown value '{s}' (allowed: {})", allowed.join(", "))
        }
    })
}

/// serde says "unknown variant `x`, expected one of `a`, `b`": pulls out `a`, `b`.
fn backticked_after_expected(message: &str) -> Vec<String> {
    let Some((_, expected)) = message.split_once("expected") else {
        return Vec::new();
    };
    expected.split('`').skip(1).step_by(2).map(str::to_string).collect()
}

pub fn parse_status(s: &str) -> Result<Verification, String> {
    Verification::parse(s.trim())
        .ok_or_else(|| format!("unknown status '{}' (allowed: verified, unverified, sample)", s.trim()))
}

/// `YYYY-MM-DD`, strictly: spreadsheets like to turn dates into `1/11/2026`.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let s = s.trim();
    let well_formed = s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-';
    match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) if well_formed => Ok(d),
        _ => Err(format!("'{s}' is not a date (write YYYY-MM-DD, e.g. 2026-11-01)")),
    }
}

/// A date written as a TOML date (`2026-11-01`) or as a string (`"2026-11-01"`).
pub fn toml_date(value: &toml::Value) -> Result<NaiveDate, String> {
    match value {
        toml::Value::String(s) => parse_date(s),
        toml::Value::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
                .ok_or_else(|| format!("'{dt}' is not a valid date")),
            _ => Err(format!("'{dt}' should be a plain date (YYYY-MM-DD) without a time")),
        },
        other => Err(format!(
            "a {} is not a date (write YYYY-MM-DD, e.g. 2026-11-01)",
            other.type_str()
        )),
    }
}

/// Record ids and article group names: lower case `a-z0-9-`, as they appear in links and URLs.
pub fn check_id(s: &str) -> Result<String, String> {
    let s = s.trim();
    let ok = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-');
    if ok {
        Ok(s.to_string())
    } else {
        Err(format!(
            "'{s}' is not a valid id (use lower case a-z, digits and '-', e.g. ru-emergency)"
        ))
    }
}

/// An IANA zone name this build knows (`Europe/Moscow`): the phone computes open-now with the
/// same zone database, so a zone it does not know would leave a line's hours unusable.
pub fn check_timezone(s: &str) -> Result<String, String> {
    let s = s.trim();
    match safar_core::opening::parse_zone(s) {
        Ok(zone) if zone.name() == s => Ok(s.to_string()),
        _ => Err(format!(
            "'{s}' is not an IANA time zone (write e.g. Europe/Moscow, Asia/Dushanbe)"
        )),
    }
}

/// A supported language tag in its canonical spelling (`uz-cyrl` → `uz-Cyrl`).
pub fn parse_language(s: &str) -> Result<String, String> {
    LanguageTag::parse(s).map(|t| t.as_str().to_string())
}

pub fn parse_countries(list: &[String]) -> Result<Vec<CountryCode>, String> {
    list.iter().map(|c| CountryCode::parse(c)).collect()
}

/// ISO 4217 shape: three upper-case letters.
pub fn check_currency(s: &str) -> Result<String, String> {
    let s = s.trim();
    // The app rounds by the currency's minor unit, so it must know the currency.
    if safar_core::remittance::minor_digits(s).is_some() {
        Ok(s.to_string())
    } else {
        Err(format!(
            "'{s}' is not a currency code the app knows (ISO 4217, e.g. RUB, TJS)"
        ))
    }
}

/// 1-based line of byte `offset` in `text`.
pub fn line_at(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Reports a TOML syntax or shape error. `first_line` is the file line `text` starts on (front
/// matter starts below the `+++`); keys in `hidden` are left out of "allowed" lists.
pub fn report_toml_error(sink: &mut Sink, text: &str, first_line: usize, err: &toml::de::Error, hidden: &[&str]) {
    let line = err.span().map(|s| line_at(text, s.start) + first_line - 1);
    sink.error(line, describe_toml_error(err.message(), hidden));
}

/// Rewrites serde's wording ("unknown field `x`, expected one of …") for people editing TOML.
fn describe_toml_error(message: &str, hidden: &[&str]) -> String {
    let message = message.trim();
    let quoted = message.split('`').nth(1).unwrap_or_default();
    if message.starts_with("unknown field") {
        let allowed: Vec<String> = backticked_after_expected(message)
            .into_iter()
            .filter(|k| !hidden.contains(&k.as_str()))
            .collect();
        return format!("unknown key '{quoted}' (a typo? allowed here: {})", allowed.join(", "));
    }
    if message.starts_with("missing field") {
        return format!("missing required key '{quoted}'");
    }
    message.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_zones_are_checked_against_the_zone_database() {
        assert_eq!(check_timezone(" Asia/Dushanbe ").unwrap(), "Asia/Dushanbe");
        assert!(check_timezone("UTC").is_ok());
        for bad in ["Moscow", "Asia/Dushanbeh", "asia/dushanbe", "Europe/", ""] {
            assert!(check_timezone(bad).is_err(), "{bad}");
        }
    }
}
