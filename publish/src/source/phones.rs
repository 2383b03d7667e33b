//! Phone numbers checked against libphonenumber's metadata (the `phonenumber` crate, publisher
//! only: the phone library never carries the metadata). A number must be valid for its country,
//! and that country must be the entry's own unless the row says `international = true`.

use safar_core::model::{CountryCode, PhoneNumber};

/// Short emergency numbers dialled without a country code, per country. Source: libphonenumber
/// `ShortNumberMetadata.xml` (v9.0.33, as shipped in the `phonenumber` crate's assets), the
/// `<emergency>` pattern of each territory, written out. Countries not listed accept no short
/// numbers until they are added here.
const EMERGENCY_NUMBERS: &[(&str, &[&str])] = &[
    ("RU", &["112", "01", "02", "03", "101", "102", "103"]),
    ("KZ", &["112", "101", "102", "103"]),
    ("TJ", &["112", "101", "102", "103"]),
    ("UZ", &["001", "002", "003", "01", "02", "03", "050"]),
    ("KG", &["101", "102", "103"]),
    ("TM", &["01", "02", "03"]),
    ("TR", &["110", "112", "155"]),
    ("KR", &["112", "119"]),
];

/// Where [`EMERGENCY_NUMBERS`] comes from, for messages.
const EMERGENCY_SOURCE: &str = "libphonenumber short-number metadata";

/// Parses `text` for an entry in `country`: a short emergency number of that country, or a full
/// international number valid for `country` (any country when `international`). The result's
/// `number` is E.164; its `display` is the country's own grouping with the country code
/// (`+7 800 000-00-01`), not the national form (`8 (800) 000-00-01`): readers are often in
/// another country, where the national form cannot be dialled.
pub fn check_number(text: &str, country: &CountryCode, international: bool) -> Result<PhoneNumber, String> {
    let shape = PhoneNumber::parse(text)?;
    let written = shape.display.clone();
    if !written.starts_with('+') {
        return emergency_number(shape, country);
    }
    // The crate strips the default region's national prefix from international numbers (+7 800…
    // loses its 8 with RU, +992 00… its 0 with KR), so parse with a region that has none.
    let default = match shape.number.starts_with("+34") {
        true => phonenumber::country::Id::DK,
        false => phonenumber::country::Id::ES,
    };
    let parsed = phonenumber::parse(Some(default), &shape.number).map_err(|e| match e {
        phonenumber::ParseError::InvalidCountryCode => {
            format!("invalid phone number '{written}': no country uses this country code")
        }
        _ => format!("invalid phone number '{written}': not a valid international number"),
    })?;
    let code = parsed.code().value();
    let national = shape
        .number
        .trim_start_matches('+')
        .strip_prefix(&code.to_string())
        .unwrap_or_default();
    // Countries sharing a code (+7: RU and KZ) share some ranges (800): the entry's own
    // country counts when the number is valid there.
    let region = match valid_in(country.as_str(), code, national) {
        true => Some(country.as_str().to_string()),
        false => phonenumber::is_valid(&parsed)
            .then(|| region_name(&parsed, code))
            .flatten(),
    };
    let Some(region) = region else {
        return Err(match region_of_code(code) {
            Some(r) => format!("invalid phone number '{written}': not a valid number in {r} (+{code})"),
            None => format!("invalid phone number '{written}': +{code} is not a country code in use"),
        });
    };
    let region = region.as_str();
    if region != country.as_str() && !international {
        return Err(format!(
            "phone number '{written}' is a {region} number but the entry is in {}: fix the number, \
             or set column 'international' to true if it is meant to be called from abroad",
            country.as_str()
        ));
    }
    Ok(PhoneNumber {
        number: parsed.format().mode(phonenumber::Mode::E164).to_string(),
        display: parsed.format().mode(phonenumber::Mode::International).to_string(),
        free: None,
    })
}

/// A short number is only accepted when it is an emergency number of the entry's country.
fn emergency_number(shape: PhoneNumber, country: &CountryCode) -> Result<PhoneNumber, String> {
    let allowed = EMERGENCY_NUMBERS
        .iter()
        .find(|(c, _)| *c == country.as_str())
        .map_or(&[][..], |(_, numbers)| *numbers);
    if allowed.contains(&shape.number.as_str()) {
        return Ok(shape);
    }
    let allowed = match allowed.is_empty() {
        true => "none are listed".to_string(),
        false => allowed.join(", "),
    };
    Err(format!(
        "'{}' is not an emergency number in {} ({allowed}, from {EMERGENCY_SOURCE}); write other numbers \
         in international form with '+' and the country code",
        shape.display,
        country.as_str()
    ))
}

/// Whether `national` is a valid number of `country` (which must use calling code `code`).
fn valid_in(country: &str, code: u16, national: &str) -> bool {
    let database = &*phonenumber::metadata::DATABASE;
    let Some(meta) = database.by_id(country) else {
        return false;
    };
    let d = meta.descriptors();
    let kinds = [
        d.fixed_line(),
        d.mobile(),
        d.toll_free(),
        d.premium_rate(),
        d.shared_cost(),
        d.personal_number(),
        d.voip(),
        d.uan(),
    ];
    meta.country_code() == code
        && d.general().is_match(national)
        && kinds.iter().flatten().any(|kind| kind.is_match(national))
}

/// The number's region; the main region of its code when the crate names none (+39 is IT and VA).
fn region_name(parsed: &phonenumber::PhoneNumber, code: u16) -> Option<String> {
    match parsed.country().id() {
        Some(id) => Some(id.as_ref().to_string()),
        None => phonenumber::metadata::DATABASE
            .region(&code)?
            .first()
            .map(|r| r.to_string()),
    }
}

/// The region libphonenumber assigns a calling code to, when any.
fn region_of_code(code: u16) -> Option<String> {
    let database = &*phonenumber::metadata::DATABASE;
    let regions = database.region(&code)?;
    Some(regions.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn country(c: &str) -> CountryCode {
        CountryCode::parse(c).unwrap()
    }

    #[test]
    fn valid_numbers_are_stored_in_e164_and_shown_grouped_with_the_country_code() {
        let n = check_number("+7 (800) 0000001", &country("RU"), false).unwrap();
        assert_eq!(n.number, "+78000000001");
        assert_eq!(n.display, "+7 800 000-00-01");
        let abroad = check_number("+7 800 000 00 01", &country("TJ"), true).unwrap();
        assert_eq!(abroad.display, "+7 800 000-00-01");
        let kz = check_number("+7 800 000 00 06", &country("KZ"), false).unwrap();
        assert_eq!(kz.number, "+78000000006", "+7 800 is toll-free in KZ too");
        assert_eq!(
            check_number("+992 00 000 0011", &country("TJ"), false).unwrap().display,
            "+992 00 000 0011"
        );
    }

    #[test]
    fn invalid_foreign_and_short_numbers_are_named() {
        let err = |t: &str, c: &str| check_number(t, &country(c), false).unwrap_err();
        assert!(err("+999 123 456 789", "TJ").contains("no country uses this country code"));
        assert!(err("+922 123 456 789", "TJ").contains("is a PK number but the entry is in TJ"));
        let e = err("+7 100 000 00 00", "RU");
        assert!(
            e.starts_with("invalid phone number '+7 100 000 00 00': not a valid"),
            "{e}"
        );
        assert!(err("+7 800 000 00 01", "TJ").contains("is a RU number but the entry is in TJ"));
        assert!(err("+7 926 123 45 67", "KZ").contains("is a RU number but the entry is in KZ"));
        assert!(err("104", "TJ").contains("not an emergency number in TJ (112, 101, 102, 103"));
        assert_eq!(check_number("112", &country("RU"), false).unwrap().number, "112");
    }
}
