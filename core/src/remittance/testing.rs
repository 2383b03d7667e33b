//! Quotes for tests, written like a row of `remittance.csv`.

use crate::model::{AccessPoint, CountryCode, FirmType, Payout, RemittanceQuote, Speed, Verification};
use chrono::{NaiveDate, TimeZone, Utc};

/// A quote `send_currency → receive_currency` with the given fee schedule (`remittance.csv`
/// notation), optional fee bounds, applied and reference rate; everything else plain.
pub fn quote(
    id: &str,
    currencies: (&str, &str),
    fee: &str,
    bounds: (Option<&str>, Option<&str>),
    rate: &str,
    reference: &str,
) -> RemittanceQuote {
    let country = |currency: &str| match currency {
        "RUB" => "RU",
        "TJS" => "TJ",
        "UZS" => "UZ",
        "KGS" => "KG",
        "KZT" => "KZ",
        "KRW" => "KR",
        "USD" => "US",
        _ => "AQ",
    };
    RemittanceQuote {
        id: id.to_string(),
        send_country: CountryCode::parse(country(currencies.0)).unwrap(),
        send_currency: currencies.0.to_string(),
        receive_country: CountryCode::parse(country(currencies.1)).unwrap(),
        receive_currency: currencies.1.to_string(),
        provider: format!("Provider {id}"),
        firm_type: FirmType::MoneyTransferOperator,
        product: "Test product".into(),
        access_point: AccessPoint::Agent,
        payout: Payout::Cash,
        speed: Speed::Minutes,
        fee: fee.parse().unwrap(),
        fee_min: bounds.0.map(|b| b.parse().unwrap()),
        fee_max: bounds.1.map(|b| b.parse().unwrap()),
        rate: rate.parse().unwrap(),
        reference_rate: reference.parse().unwrap(),
        reference_at: Utc.with_ymd_and_hms(2026, 11, 3, 9, 0, 0).unwrap(),
        transparent: true,
        accessible: true,
        source: "Test data".into(),
        collected_at: NaiveDate::from_ymd_opt(2026, 11, 3).unwrap(),
        status: Verification::Sample,
        usd_reference: None,
    }
}
