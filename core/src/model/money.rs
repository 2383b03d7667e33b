//! Exact decimal numbers for money and exchange rates. Never binary floating point.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// `mantissa × 10^-scale`, exact. Written and read as a plain decimal string (`"1.5"`).
#[derive(Debug, Clone, Copy)]
pub struct Decimal {
    mantissa: i128,
    scale: u32,
}

/// Enough for rates like 0.000123456 and amounts up to 10^20 without overflow in products.
const MAX_SCALE: u32 = 12;
const MAX_DIGITS: usize = 24;

impl Decimal {
    pub const ZERO: Decimal = Decimal { mantissa: 0, scale: 0 };

    pub fn new(mantissa: i128, scale: u32) -> Self {
        Decimal { mantissa, scale }
    }
    pub fn mantissa(self) -> i128 {
        self.mantissa
    }
    pub fn scale(self) -> u32 {
        self.scale
    }
    pub fn is_negative(self) -> bool {
        self.mantissa < 0
    }
    pub fn is_zero(self) -> bool {
        self.mantissa == 0
    }

    /// The value rounded to `scale` decimal places, exact halves away from zero (1.005 → 1.01,
    /// −1.005 → −1.01); a value with fewer places is only re-scaled (1.5 → 1.50).
    pub fn round_half_away_from_zero(self, scale: u32) -> Decimal {
        if scale >= self.scale {
            return match self.to_units(scale) {
                Some(mantissa) => Decimal { mantissa, scale },
                None => self, // too many digits to widen: the value itself is still exact
            };
        }
        let Some(div) = 10i128.checked_pow(self.scale - scale) else {
            // Every i128 mantissa is below half of such a power of ten: the value rounds to 0.
            return Decimal { mantissa: 0, scale };
        };
        let (q, r) = (self.mantissa / div, self.mantissa % div);
        let away = r.unsigned_abs() >= (div - r.abs()).unsigned_abs();
        let mantissa = if away { q + self.mantissa.signum() } else { q };
        Decimal { mantissa, scale }
    }

    /// The value as an integer count of `10^-scale` units, if it fits exactly.
    pub fn to_units(self, scale: u32) -> Option<i128> {
        if scale >= self.scale {
            self.mantissa.checked_mul(10i128.checked_pow(scale - self.scale)?)
        } else {
            let div = 10i128.checked_pow(self.scale - scale)?;
            (self.mantissa % div == 0).then(|| self.mantissa / div)
        }
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Decimal {}
impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        let s = self.scale.max(other.scale);
        // Both fit: parsing bounds digits and scale well inside i128.
        let a = self.mantissa * 10i128.pow(s - self.scale);
        let b = other.mantissa * 10i128.pow(s - other.scale);
        a.cmp(&b)
    }
}

impl FromStr for Decimal {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim();
        let bad = || format!("'{t}' is not a decimal number (write e.g. 150 or 1.25)");
        let (neg, digits) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        if digits.contains('.') && frac.is_empty() {
            return Err(bad());
        }
        if frac.len() > MAX_SCALE as usize || int.len() + frac.len() > MAX_DIGITS {
            return Err(format!("'{t}' has too many digits"));
        }
        let mut mantissa: i128 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            mantissa = mantissa * 10 + i128::from(b - b'0');
        }
        Ok(Decimal {
            mantissa: if neg { -mantissa } else { mantissa },
            scale: frac.len() as u32,
        })
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.mantissa < 0 { "-" } else { "" };
        let abs = self.mantissa.unsigned_abs();
        if self.scale == 0 {
            return write!(f, "{sign}{abs}");
        }
        let div = 10u128.pow(self.scale);
        write!(
            f,
            "{sign}{}.{:0width$}",
            abs / div,
            abs % div,
            width = self.scale as usize
        )
    }
}

impl Serialize for Decimal {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_prints_and_compares_exactly() {
        let a: Decimal = "1.50".parse().unwrap();
        let b: Decimal = "1.5".parse().unwrap();
        assert_eq!(a, b);
        assert_eq!(a.to_string(), "1.50");
        assert_eq!("-0.05".parse::<Decimal>().unwrap().to_string(), "-0.05");
        assert!("0.1".parse::<Decimal>().unwrap() < "0.11".parse().unwrap());
        assert_eq!("12.34".parse::<Decimal>().unwrap().to_units(2), Some(1234));
        assert_eq!("12.345".parse::<Decimal>().unwrap().to_units(2), None);
        let round = |s: &str, scale| {
            s.parse::<Decimal>()
                .unwrap()
                .round_half_away_from_zero(scale)
                .to_string()
        };
        assert_eq!(round("1.005", 2), "1.01");
        assert_eq!(round("1.0049", 2), "1.00");
        assert_eq!(round("-1.005", 2), "-1.01");
        assert_eq!(round("2.5400", 2), "2.54");
        assert_eq!(round("1.5", 2), "1.50");
        assert_eq!(round("0.9999", 2), "1.00");
        assert_eq!(round("7", 0), "7");
        assert_eq!(
            Decimal::new(i128::MAX, 60).round_half_away_from_zero(2).to_string(),
            "0.00"
        );
        for bad in [
            "",
            "1.",
            ".5",
            "1e3",
            "1,5",
            "abc",
            "1.2.3",
            "--1",
            "1234567890123456789012345",
        ] {
            assert!(bad.parse::<Decimal>().is_err(), "{bad}");
        }
    }
}
