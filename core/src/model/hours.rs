//! Weekly opening hours in a compact, spreadsheet-friendly notation:
//! `24/7`, or `;`-separated rules `DAYS HH:MM-HH:MM` (`Mo-Fr 09:00-18:00; Sa 10:00-14:00`).
//! An end before the start runs past midnight (`Mo-Su 22:00-06:00`). The time zone is stored
//! beside the hours, in the record that owns them.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Weekday {
    Mo,
    Tu,
    We,
    Th,
    Fr,
    Sa,
    Su,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Mo,
        Weekday::Tu,
        Weekday::We,
        Weekday::Th,
        Weekday::Fr,
        Weekday::Sa,
        Weekday::Su,
    ];
    pub fn index(self) -> usize {
        self as usize
    }
    fn parse(s: &str) -> Option<Self> {
        const NAMES: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
        NAMES
            .iter()
            .position(|n| n.eq_ignore_ascii_case(s))
            .map(|i| Self::ALL[i])
    }
    fn name(self) -> &'static str {
        ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"][self.index()]
    }
}

/// Minutes since midnight, 0..=1440 (24:00 is allowed as an end).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TimeOfDay(pub u16);

impl TimeOfDay {
    fn parse(s: &str) -> Option<Self> {
        let (h, m) = s.split_once(':')?;
        if h.len() != 2 || m.len() != 2 {
            return None;
        }
        let h: u16 = h.parse().ok()?;
        let m: u16 = m.parse().ok()?;
        if m >= 60 || h > 24 || (h == 24 && m != 0) {
            return None;
        }
        Some(TimeOfDay(h * 60 + m))
    }
    pub fn hour(self) -> u16 {
        self.0 / 60
    }
    pub fn minute(self) -> u16 {
        self.0 % 60
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())
    }
}

/// One rule: on these days, open from `open` to `close` (past midnight when `close <= open`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayRange {
    /// Days the range starts on, Monday first.
    pub days: [bool; 7],
    pub open: TimeOfDay,
    pub close: TimeOfDay,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpeningHours {
    Always,
    Weekly(Vec<DayRange>),
}

impl FromStr for OpeningHours {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if s == "24/7" {
            return Ok(OpeningHours::Always);
        }
        if s.is_empty() {
            return Err("opening hours are empty (write 24/7 or e.g. 'Mo-Fr 09:00-18:00')".into());
        }
        let mut ranges = Vec::new();
        for rule in s.split(';').map(str::trim).filter(|r| !r.is_empty()) {
            ranges.push(parse_rule(rule)?);
        }
        if ranges.is_empty() {
            return Err("opening hours have no rules".into());
        }
        Ok(OpeningHours::Weekly(ranges))
    }
}

fn parse_rule(rule: &str) -> Result<DayRange, String> {
    let bad = || format!("bad opening-hours rule '{rule}' (expected e.g. 'Mo-Fr 09:00-18:00')");
    let (days_part, times_part) = rule.split_once(char::is_whitespace).ok_or_else(bad)?;
    let mut days = [false; 7];
    for piece in days_part.split(',') {
        match piece.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (Weekday::parse(a).ok_or_else(bad)?, Weekday::parse(b).ok_or_else(bad)?);
                // Ranges wrap around the week: `Sa-Mo` is Saturday, Sunday, Monday.
                let mut i = a.index();
                loop {
                    days[i] = true;
                    if i == b.index() {
                        break;
                    }
                    i = (i + 1) % 7;
                }
            }
            None => days[Weekday::parse(piece).ok_or_else(bad)?.index()] = true,
        }
    }
    let (open, close) = times_part.trim().split_once('-').ok_or_else(bad)?;
    let open = TimeOfDay::parse(open.trim()).ok_or_else(bad)?;
    let close = TimeOfDay::parse(close.trim()).ok_or_else(bad)?;
    if open == close {
        return Err(format!("opening-hours rule '{rule}' opens and closes at the same time"));
    }
    if open.0 == 1440 {
        return Err(bad());
    }
    Ok(DayRange { days, open, close })
}

impl fmt::Display for OpeningHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpeningHours::Always => f.write_str("24/7"),
            OpeningHours::Weekly(ranges) => {
                for (n, r) in ranges.iter().enumerate() {
                    if n > 0 {
                        f.write_str("; ")?;
                    }
                    write_days(f, &r.days)?;
                    write!(f, " {}-{}", r.open, r.close)?;
                }
                Ok(())
            }
        }
    }
}

/// Writes days as runs: `Mo-Fr`, `Mo,We,Fr`, `Mo-We,Sa`.
fn write_days(f: &mut fmt::Formatter<'_>, days: &[bool; 7]) -> fmt::Result {
    let mut first = true;
    let mut i = 0;
    while i < 7 {
        if !days[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i + 1 < 7 && days[i + 1] {
            i += 1;
        }
        if !first {
            f.write_str(",")?;
        }
        first = false;
        f.write_str(Weekday::ALL[start].name())?;
        if i > start {
            write!(f, "-{}", Weekday::ALL[i].name())?;
        }
        i += 1;
    }
    Ok(())
}

impl Serialize for OpeningHours {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for OpeningHours {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_round_trip() {
        for src in [
            "24/7",
            "Mo-Fr 09:00-18:00; Sa 10:00-14:00",
            "Mo-Su 22:00-06:00",
            "Mo,We,Fr 08:30-12:00",
        ] {
            let h: OpeningHours = src.parse().unwrap();
            assert_eq!(h.to_string(), src);
        }
        let wrap: OpeningHours = "Sa-Mo 10:00-12:00".parse().unwrap();
        assert_eq!(wrap.to_string(), "Mo,Sa-Su 10:00-12:00");
    }

    #[test]
    fn rejects_malformed_rules() {
        for bad in [
            "",
            "Mo-Fr",
            "Mo-Fr 9:00-18:00",
            "Xx 09:00-10:00",
            "Mo 25:00-26:00",
            "Mo 10:00-10:00",
            "Mo 09:60-10:00",
        ] {
            assert!(bad.parse::<OpeningHours>().is_err(), "{bad} should be rejected");
        }
    }
}
