//! ISO 4217 currencies and amounts of money in whole minor units.
//!
//! Money is never a float here: an [`Amount`] is an integer count of the currency's minor unit
//! (kopecks for RUB, dirams for TJS, won for KRW, which has none), and user input is refused when
//! it has more decimals than the currency has.

use crate::model::Decimal;
use crate::{Error, Result};
use serde::Serialize;

/// Active ISO 4217 currencies and their minor-unit exponents (the ISO 4217 list, without fund
/// codes, precious metals and testing codes). Space separated `CODE:digits`.
const ISO_4217: &str = "AED:2 AFN:2 ALL:2 AMD:2 AOA:2 ARS:2 AUD:2 AWG:2 AZN:2 BAM:2 BBD:2 BDT:2 BGN:2 \
BHD:3 BIF:0 BMD:2 BND:2 BOB:2 BRL:2 BSD:2 BTN:2 BWP:2 BYN:2 BZD:2 CAD:2 CDF:2 CHF:2 CLP:0 CNY:2 COP:2 \
CRC:2 CUP:2 CVE:2 CZK:2 DJF:0 DKK:2 DOP:2 DZD:2 EGP:2 ERN:2 ETB:2 EUR:2 FJD:2 FKP:2 GBP:2 GEL:2 GHS:2 \
GIP:2 GMD:2 GNF:0 GTQ:2 GYD:2 HKD:2 HNL:2 HTG:2 HUF:2 IDR:2 ILS:2 INR:2 IQD:3 IRR:2 ISK:0 JMD:2 JOD:3 \
JPY:0 KES:2 KGS:2 KHR:2 KMF:0 KPW:2 KRW:0 KWD:3 KYD:2 KZT:2 LAK:2 LBP:2 LKR:2 LRD:2 LSL:2 LYD:3 MAD:2 \
MDL:2 MGA:2 MKD:2 MMK:2 MNT:2 MOP:2 MRU:2 MUR:2 MVR:2 MWK:2 MXN:2 MYR:2 MZN:2 NAD:2 NGN:2 NIO:2 NOK:2 \
NPR:2 NZD:2 OMR:3 PAB:2 PEN:2 PGK:2 PHP:2 PKR:2 PLN:2 PYG:0 QAR:2 RON:2 RSD:2 RUB:2 RWF:0 SAR:2 SBD:2 \
SCR:2 SDG:2 SEK:2 SGD:2 SHP:2 SLE:2 SOS:2 SRD:2 SSP:2 STN:2 SVC:2 SYP:2 SZL:2 THB:2 TJS:2 TMT:2 TND:3 \
TOP:2 TRY:2 TTD:2 TWD:2 TZS:2 UAH:2 UGX:0 USD:2 UYU:2 UZS:2 VED:2 VES:2 VND:0 VUV:0 WST:2 XAF:0 XCD:2 \
XCG:2 XOF:0 XPF:0 YER:2 ZAR:2 ZMW:2 ZWG:2";

/// The largest amount accepted from a user, in major units: far above any remittance, and small
/// enough that every product in the computation fits in an `i128`.
pub const MAX_AMOUNT_MAJOR: i128 = 1_000_000_000_000;

/// Digits after the decimal point of an ISO 4217 currency (`RUB` → 2, `KRW` → 0, `KWD` → 3), or
/// `None` for a code that is not an active currency. Case-sensitive: codes are upper case.
pub fn minor_digits(code: &str) -> Option<u32> {
    if code.len() != 3 {
        return None;
    }
    ISO_4217
        .split_ascii_whitespace()
        .find_map(|entry| entry.strip_prefix(code)?.strip_prefix(':')?.parse().ok())
}

/// [`minor_digits`] as a typed error for user-facing calls.
pub fn check_currency(code: &str) -> Result<u32> {
    minor_digits(code).ok_or_else(|| {
        Error::invalid(format!(
            "unknown currency '{code}' (expected an ISO 4217 code such as RUB, TJS, UZS, KRW)"
        ))
    })
}

/// An amount of money: a whole number of the currency's minor units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Amount {
    /// ISO 4217 code.
    pub currency: String,
    /// Count of minor units (kopecks for RUB; won for KRW, which has no minor unit).
    pub minor_units: i64,
    /// The same amount in major units with exactly the currency's digits (`"10000.00"`, `"5000"`).
    pub value: Decimal,
}

impl Amount {
    /// `None` when `minor` does not fit the shells' 64-bit integers or the currency is unknown.
    pub fn from_minor(currency: &str, minor: i128) -> Option<Amount> {
        let digits = minor_digits(currency)?;
        Some(Amount {
            currency: currency.to_string(),
            minor_units: i64::try_from(minor).ok()?,
            value: Decimal::new(minor, digits),
        })
    }

    /// Parses what a user typed (`"10000"`, `"10000.50"`) as an amount of `currency` to send or
    /// receive. Refused with [`Error::InvalidInput`]: an unknown currency, anything that is not a
    /// plain decimal number, zero or negative amounts, more decimals than the currency has, and
    /// amounts above [`MAX_AMOUNT_MAJOR`].
    pub fn parse(text: &str, currency: &str) -> Result<Amount> {
        let digits = check_currency(currency)?;
        let text = text.trim();
        let value: Decimal = text
            .parse()
            .map_err(|_| Error::invalid(format!("'{text}' is not an amount (write e.g. 10000 or 10000.50)")))?;
        if value.is_negative() || value.is_zero() {
            return Err(Error::invalid(format!("the amount must be more than zero, not {text}")));
        }
        let minor = value.to_units(digits).ok_or_else(|| {
            Error::invalid(match digits {
                0 => format!("{currency} has no minor unit: write a whole number, not {text}"),
                1 => format!("{currency} has 1 decimal place: {text} has more"),
                n => format!("{currency} has {n} decimal places: {text} has more"),
            })
        })?;
        // Checked: `to_units` accepts up to 24 digits, and 10^digits × MAX fits easily.
        if minor > MAX_AMOUNT_MAJOR * 10i128.pow(digits) {
            return Err(Error::invalid(format!(
                "the amount {text} {currency} is too large (at most {MAX_AMOUNT_MAJOR})"
            )));
        }
        Amount::from_minor(currency, minor)
            .ok_or_else(|| Error::invalid(format!("the amount {text} {currency} is too large")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minor_digits_follow_iso_4217() {
        for (code, digits) in [
            ("RUB", 2),
            ("TJS", 2),
            ("UZS", 2),
            ("KGS", 2),
            ("KZT", 2),
            ("TMT", 2),
            ("TRY", 2),
            ("USD", 2),
            ("KRW", 0),
            ("JPY", 0),
            ("KWD", 3),
            ("BHD", 3),
        ] {
            assert_eq!(minor_digits(code), Some(digits), "{code}");
        }
        for unknown in ["", "RU", "rub", "XXX", "RUBL", "KRW:0", "BOV", "XAU"] {
            assert_eq!(minor_digits(unknown), None, "{unknown}");
        }
        // The table itself: well formed, and every code once.
        let codes: Vec<&str> = ISO_4217.split_ascii_whitespace().map(|e| &e[..3]).collect();
        for entry in ISO_4217.split_ascii_whitespace() {
            assert!(entry.len() == 5 && entry.as_bytes()[3] == b':', "{entry}");
        }
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, codes, "sorted, no duplicates");
    }

    #[test]
    fn amounts_parse_to_minor_units() {
        let a = Amount::parse("10000", "RUB").unwrap();
        assert_eq!(
            (a.minor_units, a.value.to_string()),
            (1_000_000, "10000.00".to_string())
        );
        let a = Amount::parse(" 10000.5 ", "RUB").unwrap();
        assert_eq!(
            (a.minor_units, a.value.to_string()),
            (1_000_050, "10000.50".to_string())
        );
        let a = Amount::parse("250050", "KRW").unwrap();
        assert_eq!((a.minor_units, a.value.to_string()), (250_050, "250050".to_string()));
        let a = Amount::parse("1.000", "KRW").unwrap();
        assert_eq!(a.minor_units, 1, "trailing zeros are not extra decimals");
        let a = Amount::parse("0.001", "KWD").unwrap();
        assert_eq!(a.minor_units, 1);
    }

    #[test]
    fn bad_amounts_are_typed_errors() {
        for (text, currency, needle) in [
            ("0", "RUB", "more than zero"),
            ("0.00", "RUB", "more than zero"),
            ("-5", "RUB", "more than zero"),
            ("10.005", "RUB", "2 decimal places"),
            ("1000.5", "KRW", "no minor unit"),
            ("abc", "RUB", "not an amount"),
            ("1e5", "RUB", "not an amount"),
            ("10,5", "RUB", "not an amount"),
            ("", "RUB", "not an amount"),
            ("100", "XYZ", "unknown currency"),
            ("100", "rub", "unknown currency"),
            ("1000000000001", "RUB", "too large"),
            ("999999999999999999999999", "KRW", "too large"),
        ] {
            match Amount::parse(text, currency) {
                Err(Error::InvalidInput(msg)) => assert!(msg.contains(needle), "{text} {currency}: {msg}"),
                other => panic!("{text} {currency}: expected InvalidInput, got {other:?}"),
            }
        }
        assert!(
            Amount::parse("1000000000000", "RUB").is_ok(),
            "the maximum itself is accepted"
        );
    }
}
