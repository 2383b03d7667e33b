//! Value parsers shared by the CSV and TOML readers. Each returns a message fit for field staff;
//! the caller adds the file, line and column or key.

use super::Sink;
use chrono::NaiveDate;
use safar_core::model::{CountryCode, LanguageTag, OpeningHours, Verification};
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

/// What `hours` cells accept, shown with every hours error.
pub const HOURS_GRAMMAR: &str = "write 24/7, or rules separated by ';', each DAYS HH:MM-HH:MM, where DAYS is \
Mo, Mo-Fr or Mo,We,Fr (days Mo Tu We Th Fr Sa Su), e.g. Mo-Fr 09:00-18:00;Sa 10:00-14:00";

/// Opening hours; on error, names the token that is wrong and shows [`HOURS_GRAMMAR`].
pub fn parse_hours(s: &str) -> Result<OpeningHours, String> {
    s.parse::<OpeningHours>().map_err(|core_message| {
        let problem = hours_problem(s).unwrap_or(core_message);
        format!("{problem}; {HOURS_GRAMMAR}")
    })
}

/// The first wrong token of an hours cell, when one can be pointed at.
fn hours_problem(s: &str) -> Option<String> {
    const DAYS: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
    for rule in s.split(';').map(str::trim).filter(|r| !r.is_empty()) {
        let Some((days, times)) = rule.split_once(char::is_whitespace) else {
            return Some(format!("'{rule}' needs days and times separated by a space"));
        };
        for day in days.split([',', '-']) {
            if !DAYS.iter().any(|d| d.eq_ignore_ascii_case(day)) {
                return Some(format!("'{day}' in '{rule}' is not a day"));
            }
        }
        let times = times.trim();
        let Some((open, close)) = times.split_once('-') else {
            return Some(format!("'{times}' in '{rule}' is not a time range like 09:00-18:00"));
        };
        for time in [open.trim(), close.trim()] {
            let ok = time.len() == 5
                && time.as_bytes()[2] == b':'
                && time[..2].parse::<u32>().is_ok_and(|h| h <= 24)
                && time[3..].parse::<u32>().is_ok_and(|m| m < 60);
            if !ok {
                return Some(format!("'{time}' in '{rule}' is not a time (HH:MM, 00:00 to 24:00)"));
            }
        }
    }
    None
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
    fn hours_errors_point_at_the_wrong_token_and_show_the_grammar() {
        let err = |s: &str| parse_hours(s).unwrap_err();
        assert!(err("Mo-Fx 09:00-18:00").starts_with("'Fx' in 'Mo-Fx 09:00-18:00' is not a day; write 24/7"));
        assert!(err("Mo-Fr 09:00-18:00;Sa 10.00-14:00").starts_with("'10.00' in 'Sa 10.00-14:00' is not a time"));
        assert!(err("Mo-Fr 9-18").starts_with("'9' in 'Mo-Fr 9-18' is not a time"));
        assert!(err("Mo-Fr").starts_with("'Mo-Fr' needs days and times"));
        assert!(err("Mo 09:00-09:00").contains("opens and closes at the same time; write 24/7"));
        assert!(parse_hours("Mo-Fr 09:00-18:00;Sa 10:00-14:00").is_ok());
    }

    #[test]
    fn time_zones_are_checked_against_the_zone_database() {
        assert_eq!(check_timezone(" Asia/Dushanbe ").unwrap(), "Asia/Dushanbe");
        assert!(check_timezone("UTC").is_ok());
        for bad in ["Moscow", "Asia/Dushanbeh", "asia/dushanbe", "Europe/", ""] {
            assert!(check_timezone(bad).is_err(), "{bad}");
        }
    }
}
