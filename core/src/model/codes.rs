//! Validated country codes (ISO 3166-1 alpha-2) and language tags (the BCP 47 tags Safar ships).

use serde::{Deserialize, Serialize};
use std::fmt;

/// Every officially assigned ISO 3166-1 alpha-2 code, space separated.
const ISO_3166_ALPHA2: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// Languages Safar has content and interface strings for. `uz` is Uzbek in Latin script.
pub const SUPPORTED_LANGUAGES: [&str; 8] = ["ru", "en", "uz", "uz-Cyrl", "tg", "ky", "kk", "tk"];

/// User input as it may be echoed in an error message: trimmed, and cut short so a 1 MB string
/// does not become a 1 MB message.
pub fn echo(input: &str) -> String {
    let t = input.trim();
    if t.chars().count() <= 40 {
        t.to_string()
    } else {
        format!("{}…", t.chars().take(40).collect::<String>())
    }
}

/// A language's own name for itself (`tg` → `Тоҷикӣ`), for language pickers and "shown in" notes.
pub fn language_name(tag: &str) -> &str {
    match tag {
        "ru" => "Русский",
        "en" => "English",
        "uz" => "O‘zbekcha",
        "uz-Cyrl" => "Ўзбекча",
        "tg" => "Тоҷикӣ",
        "ky" => "Кыргызча",
        "kk" => "Қазақша",
        "tk" => "Türkmençe",
        other => other,
    }
}

/// An ISO 3166-1 alpha-2 country code, always upper case (`TJ`, `RU`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CountryCode(String);

impl CountryCode {
    /// Accepts either case (`tj` or `TJ`); rejects anything that is not an assigned code.
    pub fn parse(code: &str) -> Result<Self, String> {
        let upper = code.trim().to_ascii_uppercase();
        let assigned = upper.len() == 2
            && upper.bytes().all(|b| b.is_ascii_uppercase())
            && ISO_3166_ALPHA2.split(' ').any(|c| c == upper);
        if assigned {
            Ok(CountryCode(upper))
        } else {
            Err(format!(
                "unknown country code '{}' (expected ISO 3166 alpha-2, e.g. TJ, RU)",
                echo(code)
            ))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// Lower-case form used in collection names (`hotlines/tj`).
    pub fn lower(&self) -> String {
        self.0.to_ascii_lowercase()
    }
}

impl TryFrom<String> for CountryCode {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        CountryCode::parse(&s)
    }
}
impl From<CountryCode> for String {
    fn from(c: CountryCode) -> String {
        c.0
    }
}
impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A language tag from [`SUPPORTED_LANGUAGES`], in its canonical spelling.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LanguageTag(String);

impl LanguageTag {
    /// Case-insensitive (`uz-cyrl` → `uz-Cyrl`); `uz-Latn` is accepted as `uz`.
    pub fn parse(tag: &str) -> Result<Self, String> {
        let t = tag.trim();
        if t.eq_ignore_ascii_case("uz-Latn") {
            return Ok(LanguageTag("uz".into()));
        }
        SUPPORTED_LANGUAGES
            .iter()
            .find(|s| s.eq_ignore_ascii_case(t))
            .map(|s| LanguageTag((*s).to_string()))
            .ok_or_else(|| {
                format!(
                    "unknown language '{}' (supported: {})",
                    echo(t),
                    SUPPORTED_LANGUAGES.join(", ")
                )
            })
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for LanguageTag {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        LanguageTag::parse(&s)
    }
}
impl From<LanguageTag> for String {
    fn from(l: LanguageTag) -> String {
        l.0
    }
}
impl fmt::Display for LanguageTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_codes_are_checked_against_iso_list() {
        assert_eq!(CountryCode::parse("tj").unwrap().as_str(), "TJ");
        assert!(CountryCode::parse("XX").is_err());
        assert!(CountryCode::parse("TJK").is_err());
        assert!(CountryCode::parse("").is_err());
        assert!(CountryCode::parse("т").is_err());
    }

    #[test]
    fn language_tags_are_canonicalised() {
        assert_eq!(LanguageTag::parse("uz-cyrl").unwrap().as_str(), "uz-Cyrl");
        assert_eq!(LanguageTag::parse("uz-Latn").unwrap().as_str(), "uz");
        assert!(LanguageTag::parse("fr").is_err());
    }
}
