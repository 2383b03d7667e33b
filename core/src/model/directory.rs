//! Hotlines and services: the directories people call or walk into.

use super::{CountryCode, LocalizedText, OpeningHours, Verification};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HotlineCategory {
    Emergency,
    Trafficking,
    Gbv,
    Health,
    LabourRights,
    Consular,
    MigrationService,
    LegalAid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceCategory {
    Employment,
    Training,
    Psychosocial,
    LegalAid,
    Health,
    TbHivCare,
    Grants,
    Shelter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceCost {
    Free,
    Paid,
    Sliding,
}

/// A dialable number: E.164 (`+992440000000`) or a national short code (`112`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneNumber {
    /// Digits only, with a leading `+` for E.164.
    pub number: String,
    /// As people write it (`+992 44 000 0000`).
    pub display: String,
    /// Free to call, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free: Option<bool>,
}

/// National significant number lengths for the countries Safar serves; other countries accept
/// 4–14 digits after the country code. Keyed by calling code.
const NATIONAL_LENGTHS: &[(&str, &str, &[usize])] = &[
    ("7", "RU/KZ", &[10]),
    ("992", "TJ", &[9]),
    ("998", "UZ", &[9]),
    ("996", "KG", &[9]),
    ("993", "TM", &[8]),
    ("90", "TR", &[10]),
    ("82", "KR", &[8, 9, 10]),
];

impl PhoneNumber {
    /// The `tel:` URI shells open to dial, when the number is plainly dialable (checked again on
    /// the phone: a signed record is not proof that `*21*…#` is harmless).
    pub fn tel_uri(&self) -> Option<String> {
        crate::safety::tel_uri(&self.number)
    }

    /// Parses `+992 44 000 0000`, `+7 (800) 000-00-00` or a short code `112`.
    pub fn parse(text: &str) -> Result<PhoneNumber, String> {
        let display = text.trim().to_string();
        let bad = |why: &str| format!("invalid phone number '{display}': {why}");
        if display.is_empty() {
            return Err(bad("empty"));
        }
        let mut digits = String::new();
        for (i, c) in display.chars().enumerate() {
            match c {
                '+' if i == 0 => {}
                '0'..='9' => digits.push(c),
                ' ' | '-' | '(' | ')' | '.' => {}
                _ => return Err(bad("only digits, spaces, '-', '(', ')' and a leading '+' are allowed")),
            }
        }
        if !display.starts_with('+') {
            // National short codes (emergency 112, 101…): 3 to 6 digits.
            if (3..=6).contains(&digits.len()) {
                return Ok(PhoneNumber {
                    number: digits,
                    display,
                    free: None,
                });
            }
            return Err(bad(
                "write it in international form with '+' and the country code (E.164)",
            ));
        }
        if digits.starts_with('0') {
            return Err(bad("a country code never starts with 0"));
        }
        if digits.len() > 15 {
            return Err(bad("E.164 numbers have at most 15 digits"));
        }
        let national = NATIONAL_LENGTHS
            .iter()
            .filter(|(cc, _, _)| digits.starts_with(cc))
            .max_by_key(|(cc, _, _)| cc.len());
        match national {
            Some((cc, name, lengths)) => {
                let n = digits.len() - cc.len();
                if !lengths.contains(&n) {
                    let want: Vec<String> = lengths.iter().map(|l| l.to_string()).collect();
                    return Err(bad(&format!(
                        "numbers in {name} (+{cc}) have {} digits after the country code, this has {n}",
                        want.join(" or ")
                    )));
                }
            }
            None if digits.len() < 8 => return Err(bad("too short for an international number")),
            None => {}
        }
        Ok(PhoneNumber {
            number: format!("+{digits}"),
            display,
            free: None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessengerKind {
    Telegram,
    Whatsapp,
    Viber,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Messenger {
    pub kind: MessengerKind,
    /// `@name` for Telegram, an E.164 number for WhatsApp and Viber.
    pub handle: String,
}

impl Messenger {
    /// Parses `telegram:@name`, `whatsapp:+E164`, `viber:+E164`.
    pub fn parse(text: &str) -> Result<Messenger, String> {
        let t = text.trim();
        let (kind, handle) = t
            .split_once(':')
            .ok_or_else(|| format!("messenger '{t}': write e.g. telegram:@name or whatsapp:+992…"))?;
        let handle = handle.trim();
        let kind = match kind.trim().to_ascii_lowercase().as_str() {
            "telegram" => MessengerKind::Telegram,
            "whatsapp" => MessengerKind::Whatsapp,
            "viber" => MessengerKind::Viber,
            other => return Err(format!("messenger '{t}': unknown messenger '{other}'")),
        };
        match kind {
            MessengerKind::Telegram => {
                let name = handle.strip_prefix('@').unwrap_or(handle);
                let ok = (5..=32).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
                if !ok {
                    return Err(format!(
                        "messenger '{t}': a Telegram name has 5–32 letters, digits or '_'"
                    ));
                }
                Ok(Messenger {
                    kind,
                    handle: format!("@{name}"),
                })
            }
            _ => {
                let number = PhoneNumber::parse(handle).map_err(|e| format!("messenger '{t}': {e}"))?;
                if !number.number.starts_with('+') {
                    return Err(format!("messenger '{t}': needs an international number"));
                }
                Ok(Messenger {
                    kind,
                    handle: number.number,
                })
            }
        }
    }

    /// A URI the phone can open in the messenger app, when the handle is a valid Telegram name
    /// or an international dialable number (checked again on the phone, whatever was signed).
    pub fn uri(&self) -> Option<String> {
        match self.kind {
            MessengerKind::Telegram => {
                let name = self.handle.strip_prefix('@').unwrap_or(&self.handle);
                let valid =
                    (5..=32).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
                valid.then(|| format!("https://t.me/{name}"))
            }
            MessengerKind::Whatsapp | MessengerKind::Viber => {
                let number = crate::safety::dialable(&self.handle).filter(|n| n.starts_with('+'))?;
                let digits = &number[1..];
                Some(match self.kind {
                    MessengerKind::Whatsapp => format!("https://wa.me/{digits}"),
                    _ => format!("viber://chat?number=%2B{digits}"),
                })
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hotline {
    pub id: String,
    /// Where the line operates.
    pub country: CountryCode,
    pub name: LocalizedText,
    pub categories: Vec<HotlineCategory>,
    pub numbers: Vec<PhoneNumber>,
    #[serde(default)]
    pub messengers: Vec<Messenger>,
    pub hours: OpeningHours,
    /// IANA time zone of `hours`.
    pub timezone: String,
    /// Dates the line is closed although `hours` say open (holidays).
    #[serde(default)]
    pub closed_on: Vec<NaiveDate>,
    #[serde(default)]
    pub languages: Vec<String>,
    pub source: String,
    pub verified_at: NaiveDate,
    pub status: Verification,
}

/// WGS 84 coordinates in decimal degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    pub lat: f64,
    pub lon: f64,
}

impl GeoPoint {
    pub fn new(lat: f64, lon: f64) -> Result<GeoPoint, String> {
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return Err(format!("coordinates {lat},{lon} are out of range"));
        }
        Ok(GeoPoint { lat, lon })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Service {
    pub id: String,
    pub country: CountryCode,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub district: String,
    pub organisation: LocalizedText,
    pub categories: Vec<ServiceCategory>,
    #[serde(default)]
    pub address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<GeoPoint>,
    #[serde(default)]
    pub phones: Vec<PhoneNumber>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<OpeningHours>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    #[serde(default)]
    pub eligibility: LocalizedText,
    pub cost: ServiceCost,
    #[serde(default)]
    pub languages: Vec<String>,
    pub source: String,
    pub verified_at: NaiveDate,
    pub status: Verification,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_are_validated_per_country() {
        let p = PhoneNumber::parse("+992 44 600 0000").unwrap();
        assert_eq!(p.number, "+992446000000");
        assert_eq!(p.tel_uri().as_deref(), Some("tel:+992446000000"));
        assert_eq!(PhoneNumber::parse("+7 (800) 000-00-01").unwrap().number, "+78000000001");
        assert_eq!(PhoneNumber::parse("112").unwrap().number, "112");
        for bad in [
            "",
            "+7 12345",
            "8 800 000 00 01",
            "+992 44 600 00001",
            "+0 123 456 789",
            "+7 800 ABC",
            "+1234567890123456",
        ] {
            assert!(PhoneNumber::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn messengers_become_uris() {
        assert_eq!(
            Messenger::parse("telegram:@safar_help").unwrap().uri().as_deref(),
            Some("https://t.me/safar_help")
        );
        assert_eq!(
            Messenger::parse("whatsapp:+992 44 600 0000").unwrap().uri().as_deref(),
            Some("https://wa.me/992446000000")
        );
        assert_eq!(
            Messenger::parse("viber:+992 44 600 0000").unwrap().uri().as_deref(),
            Some("viber://chat?number=%2B992446000000")
        );
        assert!(Messenger::parse("icq:123").is_err());
        assert!(Messenger::parse("telegram:@a").is_err());
    }

    #[test]
    fn signed_records_that_skipped_the_parser_get_no_uri() {
        let signed = |kind, handle: &str| Messenger {
            kind,
            handle: handle.to_string(),
        };
        assert_eq!(signed(MessengerKind::Viber, "*21*+992000000099#").uri(), None);
        assert_eq!(signed(MessengerKind::Whatsapp, "992446000000").uri(), None);
        assert_eq!(signed(MessengerKind::Telegram, "@x\u{1b}]8;;evil").uri(), None);
        let number = PhoneNumber {
            number: "*21*+992000000099#\u{0}\u{7}".into(),
            display: "+992 00 000 0099".into(),
            free: None,
        };
        assert_eq!(number.tel_uri(), None);
    }
}
