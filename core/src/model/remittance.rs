//! Remittance price quotes in the shape of the World Bank's Remittance Prices Worldwide (RPW).
//! The cost computation lives in [`crate::remittance`]; this is the data.

use super::{CountryCode, Decimal, Verification};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FirmType {
    Bank,
    MoneyTransferOperator,
    Post,
    MobileOperator,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessPoint {
    Agent,
    BankBranch,
    Online,
    MobileApp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Payout {
    Cash,
    Account,
    Wallet,
    Card,
}

/// RPW speed classes, fastest first (the derived order ranks them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Speed {
    Minutes,
    SameDay,
    NextDay,
    #[serde(rename = "days_2_5")]
    Days2To5,
    #[serde(rename = "days_6_plus")]
    Days6Plus,
}

impl Payout {
    pub const ALL: [Payout; 4] = [Payout::Cash, Payout::Account, Payout::Wallet, Payout::Card];

    pub fn as_str(self) -> &'static str {
        match self {
            Payout::Cash => "cash",
            Payout::Account => "account",
            Payout::Wallet => "wallet",
            Payout::Card => "card",
        }
    }
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| format!("unknown payout method '{s}' (expected cash, account, wallet or card)"))
    }
}

impl Speed {
    pub const ALL: [Speed; 5] = [
        Speed::Minutes,
        Speed::SameDay,
        Speed::NextDay,
        Speed::Days2To5,
        Speed::Days6Plus,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Speed::Minutes => "minutes",
            Speed::SameDay => "same_day",
            Speed::NextDay => "next_day",
            Speed::Days2To5 => "days_2_5",
            Speed::Days6Plus => "days_6_plus",
        }
    }
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim().to_ascii_lowercase();
        Self::ALL.into_iter().find(|p| p.as_str() == s).ok_or_else(|| {
            format!("unknown speed '{s}' (expected minutes, same_day, next_day, days_2_5 or days_6_plus)")
        })
    }
}

/// One tier of a fee schedule: applies to send amounts up to `up_to` (inclusive), or to all
/// larger amounts when `up_to` is `None` (the last tier).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeTier {
    pub up_to: Option<Decimal>,
    /// Fixed part, in the send currency.
    pub fixed: Decimal,
    /// Percent of the send amount (`1.5` means 1.5 %).
    pub percent: Decimal,
}

/// Fee schedule notation: `150`, `1%`, `100 + 1%`, `5000: 150 | 20000: 1.2% | 0.9%`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeSchedule {
    pub tiers: Vec<FeeTier>,
}

impl FromStr for FeeSchedule {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let mut tiers = Vec::new();
        let parts: Vec<&str> = s.split('|').map(str::trim).collect();
        for (n, part) in parts.iter().enumerate() {
            let last = n + 1 == parts.len();
            let (up_to, body) = match part.split_once(':') {
                Some((bound, body)) => (Some(bound.trim().parse::<Decimal>()?), body.trim()),
                None => (None, *part),
            };
            if up_to.is_some() == last {
                return Err(if last {
                    format!("fee schedule '{s}': the last tier must have no upper bound")
                } else {
                    format!("fee schedule '{s}': every tier but the last needs an upper bound ('5000: 150')")
                });
            }
            let mut tier = FeeTier {
                up_to,
                fixed: Decimal::ZERO,
                percent: Decimal::ZERO,
            };
            let (mut seen_fixed, mut seen_percent) = (false, false);
            for piece in body.split('+').map(str::trim) {
                if let Some(p) = piece.strip_suffix('%') {
                    if seen_percent {
                        return Err(format!("fee schedule '{s}': two percent parts in one tier"));
                    }
                    tier.percent = p.trim().parse()?;
                    seen_percent = true;
                } else {
                    if seen_fixed {
                        return Err(format!("fee schedule '{s}': two fixed parts in one tier"));
                    }
                    tier.fixed = piece.parse()?;
                    seen_fixed = true;
                }
            }
            if tier.fixed.is_negative() || tier.percent.is_negative() {
                return Err(format!("fee schedule '{s}': fees cannot be negative"));
            }
            if let (Some(prev), Some(cur)) = (tiers.last().and_then(|t: &FeeTier| t.up_to), up_to) {
                if cur <= prev {
                    return Err(format!("fee schedule '{s}': tier bounds must increase"));
                }
            }
            tiers.push(tier);
        }
        Ok(FeeSchedule { tiers })
    }
}

impl fmt::Display for FeeSchedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, t) in self.tiers.iter().enumerate() {
            if n > 0 {
                f.write_str(" | ")?;
            }
            if let Some(b) = t.up_to {
                write!(f, "{b}: ")?;
            }
            match (t.fixed.is_zero(), t.percent.is_zero()) {
                (_, true) => write!(f, "{}", t.fixed)?,
                (true, false) => write!(f, "{}%", t.percent)?,
                (false, false) => write!(f, "{} + {}%", t.fixed, t.percent)?,
            }
        }
        Ok(())
    }
}

impl Serialize for FeeSchedule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
impl<'de> Deserialize<'de> for FeeSchedule {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RemittanceQuote {
    pub id: String,
    pub send_country: CountryCode,
    /// ISO 4217.
    pub send_currency: String,
    pub receive_country: CountryCode,
    pub receive_currency: String,
    pub provider: String,
    pub firm_type: FirmType,
    pub product: String,
    pub access_point: AccessPoint,
    pub payout: Payout,
    pub speed: Speed,
    pub fee: FeeSchedule,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_min: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_max: Option<Decimal>,
    /// Receive-currency units per one send-currency unit, as applied by the provider.
    pub rate: Decimal,
    /// Mid-market rate at `reference_at`.
    pub reference_rate: Decimal,
    pub reference_at: DateTime<Utc>,
    /// Fee and rate disclosed before the transfer.
    pub transparent: bool,
    /// Open to any sender in the sending country with the usual identity papers (no existing
    /// account with the provider, no membership): one of RPW's SmaRT criteria. `remittance.csv`
    /// column `accessible`, default `true`.
    #[serde(default = "always", skip_serializing_if = "is_true")]
    pub accessible: bool,
    pub source: String,
    pub collected_at: NaiveDate,
    pub status: Verification,
    /// The send currency's USD reference rate, attached by the publisher from
    /// `remittance_reference_rates.csv`: RPW compares corridors at the local equivalents of
    /// USD 200 and USD 500.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usd_reference: Option<UsdReference>,
}

fn always() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

/// How many units of a currency one US dollar buys, and where that figure comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsdReference {
    /// ISO 4217 code of the currency priced (a quote's send currency).
    pub currency: String,
    /// Units of `currency` per 1 USD (`81.50` RUB).
    pub per_usd: Decimal,
    pub source: String,
    /// The day the rate was taken.
    pub taken_on: NaiveDate,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fee_notation_round_trips() {
        for src in ["0", "150", "1.5%", "100 + 1%", "5000: 150 | 20000: 1.2% | 0.9%"] {
            let f: FeeSchedule = src.parse().unwrap();
            assert_eq!(f.to_string(), src);
        }
        let f: FeeSchedule = "100 + 1%".parse().unwrap();
        assert_eq!(f.tiers[0].fixed, "100".parse().unwrap());
        assert_eq!(f.tiers[0].percent, "1".parse().unwrap());
    }

    #[test]
    fn payout_and_speed_names_are_their_wire_names() {
        for p in Payout::ALL {
            assert_eq!(serde_json::to_value(p).unwrap(), p.as_str());
            assert_eq!(Payout::parse(&p.as_str().to_uppercase()), Ok(p));
        }
        for s in Speed::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
            assert_eq!(Speed::parse(s.as_str()), Ok(s));
        }
        assert!(Speed::ALL.windows(2).all(|w| w[0] < w[1]), "fastest first");
        assert!(Payout::parse("hawala")
            .unwrap_err()
            .contains("cash, account, wallet or card"));
        assert!(Speed::parse("slow").is_err());
    }

    #[test]
    fn fee_notation_rejects_nonsense() {
        for bad in [
            "",
            "abc",
            "5000: 100",
            "100 | 5000: 1%",
            "20000: 1% | 5000: 2% | 1%",
            "-5",
            "1% + 2%",
            "1 + 2",
        ] {
            assert!(bad.parse::<FeeSchedule>().is_err(), "{bad}");
        }
    }
}
