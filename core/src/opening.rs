//! Open now, closes at, next opening: weekly [`OpeningHours`] evaluated at an instant, in the IANA
//! time zone of the record that owns them (a user in Moscow looking at a Dushanbe hotline sees
//! Dushanbe's hours, converted to Moscow time for display).
//!
//! Rules of the calendar:
//! * a range belongs to the local day it starts on; `22:00-06:00` runs into the next morning;
//! * a date in `closed_on` (a holiday) cancels every range that starts on it, including its hours
//!   past midnight; for `24/7` it closes the whole local day;
//! * across a DST change a local time that occurs twice means its first occurrence, and a local
//!   time that does not exist (spring forward) is moved later by the length of the gap, as clocks do.

use crate::model::{OpeningHours, TimeOfDay};
use chrono::{DateTime, Datelike, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;

/// How far ahead to look for the next opening or the next closing.
const HORIZON_DAYS: i64 = 366;

/// Parses an IANA zone name (`Asia/Dushanbe`).
pub fn parse_zone(name: &str) -> Result<Tz, String> {
    name.trim().parse::<Tz>().map_err(|_| {
        format!(
            "unknown time zone '{}' (expected an IANA name such as Asia/Dushanbe)",
            name.trim()
        )
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OpenState {
    Open,
    Closed,
    /// The record's time zone is unknown to this build: no claim is made either way.
    Unknown,
}

/// An instant shown three ways: UTC, the record's local time, and the user's local time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ZonedTime {
    pub utc: DateTime<Utc>,
    /// In the record's time zone (the hotline's or service's).
    pub local: DateTime<FixedOffset>,
    /// In the user's time zone, when the caller gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub yours: Option<DateTime<FixedOffset>>,
}

/// Whether a line or office is open at an instant, and when that changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenNow {
    pub state: OpenState,
    /// Open with no closing within a year (24/7 without holidays): there is no time to show.
    pub always_open: bool,
    /// The local date at the instant is listed as a closed day (holiday).
    pub holiday_today: bool,
    /// When open: when it closes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closes_at: Option<ZonedTime>,
    /// When closed: when it opens next (none within a year: `None`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_open: Option<ZonedTime>,
    /// The IANA zone the hours are kept in.
    pub timezone: String,
}

/// The raw answer, as instants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Status {
    pub open: bool,
    pub closes_at: Option<DateTime<Utc>>,
    pub next_open: Option<DateTime<Utc>>,
    pub holiday_today: bool,
}

/// Opening hours in a zone, with the dates they do not apply.
#[derive(Debug, Clone, Copy)]
pub struct Schedule<'a> {
    pub hours: &'a OpeningHours,
    pub zone: Tz,
    pub closed_on: &'a [NaiveDate],
}

impl Schedule<'_> {
    /// Open or closed at `at`, when it closes (if open) or opens next (if closed).
    pub fn status_at(&self, at: DateTime<Utc>) -> Status {
        let today = at.with_timezone(&self.zone).date_naive();
        let holiday_today = self.closed_on.contains(&today);
        // Openings come in order of their start; consecutive ones that touch or overlap merge, so
        // `Mo-Su 00:00-24:00` is open for good and `22:00-06:00` closes at 06:00, not at midnight.
        let mut open_until: Option<DateTime<Utc>> = None;
        for offset in -1..=HORIZON_DAYS {
            let day = today + Duration::days(offset);
            for (start, end) in self.openings_starting_on(day) {
                if end <= at {
                    continue;
                }
                match open_until {
                    Some(until) if start <= until => open_until = Some(until.max(end)),
                    Some(until) => {
                        return Status {
                            open: true,
                            closes_at: Some(until),
                            next_open: None,
                            holiday_today,
                        }
                    }
                    None if start <= at => open_until = Some(end),
                    None => {
                        return Status {
                            open: false,
                            closes_at: None,
                            next_open: Some(start),
                            holiday_today,
                        }
                    }
                }
            }
        }
        Status {
            open: open_until.is_some(),
            closes_at: None,
            next_open: None,
            holiday_today,
        }
    }

    /// The openings that start on local date `day`, as instants, earliest first.
    fn openings_starting_on(&self, day: NaiveDate) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        if self.closed_on.contains(&day) {
            return Vec::new();
        }
        let mut out: Vec<(DateTime<Utc>, DateTime<Utc>)> = match self.hours {
            OpeningHours::Always => vec![(
                self.instant(local_time(day, TimeOfDay(0))),
                self.instant(local_time(day, TimeOfDay(1440))),
            )],
            OpeningHours::Weekly(ranges) => ranges
                .iter()
                .filter(|r| r.days[day.weekday().num_days_from_monday() as usize])
                .map(|r| {
                    let end_day = if r.close <= r.open {
                        day + Duration::days(1)
                    } else {
                        day
                    };
                    (
                        self.instant(local_time(day, r.open)),
                        self.instant(local_time(end_day, r.close)),
                    )
                })
                .collect(),
        };
        out.sort();
        out
    }

    /// The instant a wall-clock time in the zone means (see the module doc for DST).
    fn instant(&self, local: NaiveDateTime) -> DateTime<Utc> {
        match self.zone.from_local_datetime(&local) {
            LocalResult::Single(t) => t.with_timezone(&Utc),
            LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
            LocalResult::None => {
                // In a spring-forward gap: read the time with the offset in force before the gap,
                // which lands the same distance past the change (02:30 → 03:30 for a 1-hour gap).
                let before = self.zone.offset_from_utc_datetime(&(local - Duration::days(1))).fix();
                (local - Duration::seconds(before.local_minus_utc() as i64)).and_utc()
            }
        }
    }
}

fn local_time(day: NaiveDate, time: TimeOfDay) -> NaiveDateTime {
    // 24:00 is midnight at the end of the day.
    day.and_time(chrono::NaiveTime::MIN) + Duration::minutes(time.0 as i64)
}

/// The full answer for a record: evaluated in `zone_name`, shown also in `yours` when given.
/// An unknown zone gives [`OpenState::Unknown`] rather than a guess.
pub fn open_now(
    hours: &OpeningHours,
    zone_name: &str,
    closed_on: &[NaiveDate],
    at: DateTime<Utc>,
    yours: Option<Tz>,
) -> OpenNow {
    let Ok(zone) = parse_zone(zone_name) else {
        return OpenNow {
            state: OpenState::Unknown,
            always_open: false,
            holiday_today: false,
            closes_at: None,
            next_open: None,
            timezone: zone_name.to_string(),
        };
    };
    let status = Schedule { hours, zone, closed_on }.status_at(at);
    let zoned = |t: DateTime<Utc>| ZonedTime {
        utc: t,
        local: t.with_timezone(&zone).fixed_offset(),
        yours: yours.map(|z| t.with_timezone(&z).fixed_offset()),
    };
    OpenNow {
        state: if status.open {
            OpenState::Open
        } else {
            OpenState::Closed
        },
        always_open: status.open && status.closes_at.is_none(),
        holiday_today: status.holiday_today,
        closes_at: status.closes_at.map(zoned),
        next_open: status.next_open.map(zoned),
        timezone: zone.name().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }
    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn status(hours: &str, zone: &str, closed: &[&str], at: &str) -> Status {
        let hours: OpeningHours = hours.parse().unwrap();
        let closed: Vec<NaiveDate> = closed.iter().map(|d| date(d)).collect();
        Schedule {
            hours: &hours,
            zone: parse_zone(zone).unwrap(),
            closed_on: &closed,
        }
        .status_at(utc(at))
    }

    #[test]
    fn a_user_in_moscow_sees_a_dushanbe_line_in_dushanbe_hours() {
        // Friday 16:00 in Moscow (UTC+3) is 18:00 in Dushanbe (UTC+5): the 08:00-17:00 line has
        // closed; it opens Monday 08:00 Dushanbe = 03:00 UTC = 06:00 Moscow.
        let hours: OpeningHours = "Mo-Fr 08:00-17:00".parse().unwrap();
        let moscow = parse_zone("Europe/Moscow").unwrap();
        let now = open_now(
            &hours,
            "Asia/Dushanbe",
            &[],
            utc("2027-03-05T16:00:00+03:00"),
            Some(moscow),
        );
        assert_eq!(now.state, OpenState::Closed);
        let next = now.next_open.unwrap();
        assert_eq!(next.utc, utc("2027-03-08T03:00:00Z"));
        assert_eq!(next.local.to_rfc3339(), "2027-03-08T08:00:00+05:00");
        assert_eq!(next.yours.unwrap().to_rfc3339(), "2027-03-08T06:00:00+03:00");
        // The same Friday at 14:00 Moscow = 16:00 Dushanbe: open, closing at 17:00 Dushanbe.
        let open = open_now(
            &hours,
            "Asia/Dushanbe",
            &[],
            utc("2027-03-05T14:00:00+03:00"),
            Some(moscow),
        );
        assert_eq!(open.state, OpenState::Open);
        let closes = open.closes_at.unwrap();
        assert_eq!(closes.local.to_rfc3339(), "2027-03-05T17:00:00+05:00");
        assert_eq!(closes.yours.unwrap().to_rfc3339(), "2027-03-05T15:00:00+03:00");
    }

    #[test]
    fn the_same_wall_clock_hours_move_in_utc_across_a_dst_change() {
        // Berlin springs forward on Sunday 2027-03-28 (CET +1 → CEST +2). Seen from Friday
        // evening before the change, Monday 09:00 is 07:00 UTC, not 08:00.
        let s = status("Mo-Fr 09:00-18:00", "Europe/Berlin", &[], "2027-03-26T18:30:00+01:00");
        assert!(!s.open);
        assert_eq!(s.next_open, Some(utc("2027-03-29T07:00:00Z")));
        // A week earlier the same opening was 08:00 UTC.
        let s = status("Mo-Fr 09:00-18:00", "Europe/Berlin", &[], "2027-03-19T18:30:00+01:00");
        assert_eq!(s.next_open, Some(utc("2027-03-22T08:00:00Z")));
        // Autumn back (2027-10-31, CEST → CET): Monday 09:00 is 08:00 UTC again.
        let s = status("Mo-Fr 09:00-18:00", "Europe/Berlin", &[], "2027-10-29T18:30:00+02:00");
        assert_eq!(s.next_open, Some(utc("2027-11-01T08:00:00Z")));
    }

    #[test]
    fn an_overnight_range_across_the_dst_night_lasts_an_hour_less() {
        // Saturday 22:00 CET (21:00 UTC) to Sunday 06:00 CEST (04:00 UTC): seven hours.
        let at = "2027-03-28T03:30:00+02:00";
        let s = status("Sa 22:00-06:00", "Europe/Berlin", &[], at);
        assert!(s.open);
        assert_eq!(s.closes_at, Some(utc("2027-03-28T04:00:00Z")));
        let s = status("Sa 22:00-06:00", "Europe/Berlin", &[], "2027-03-27T21:30:00+01:00");
        assert!(!s.open);
        assert_eq!(s.next_open, Some(utc("2027-03-27T21:00:00Z")));
    }

    #[test]
    fn a_time_in_the_spring_forward_gap_moves_later_by_the_gap() {
        // 02:30 does not exist in Berlin on 2027-03-28; the line opens at 03:30 CEST = 01:30 UTC.
        let s = status("Su 02:30-05:00", "Europe/Berlin", &[], "2027-03-28T00:00:00Z");
        assert_eq!(s.next_open, Some(utc("2027-03-28T01:30:00Z")));
        // 02:30 happens twice on 2027-10-31: the first one (CEST) counts.
        let s = status("Su 02:30-05:00", "Europe/Berlin", &[], "2027-10-30T12:00:00Z");
        assert_eq!(s.next_open, Some(utc("2027-10-31T00:30:00Z")));
    }

    #[test]
    fn overnight_range_with_a_holiday() {
        let hours = "Mo-Fr 22:00-06:00";
        let zone = "Asia/Tashkent"; // UTC+5, no DST
        let holiday = ["2027-01-01"]; // a Friday
                                      // Friday 03:00: still Thursday night's shift, which the holiday does not cancel.
        let s = status(hours, zone, &holiday, "2027-01-01T03:00:00+05:00");
        assert!(s.open);
        assert!(s.holiday_today);
        assert_eq!(s.closes_at, Some(utc("2027-01-01T06:00:00+05:00")));
        // Friday 23:00: Friday's shift is cancelled; Saturday and Sunday have none: Monday 22:00.
        let s = status(hours, zone, &holiday, "2027-01-01T23:00:00+05:00");
        assert!(!s.open);
        assert_eq!(s.next_open, Some(utc("2027-01-04T22:00:00+05:00")));
        // Without the holiday, Friday 23:00 is open until Saturday 06:00.
        let s = status(hours, zone, &[], "2027-01-01T23:00:00+05:00");
        assert!(s.open);
        assert_eq!(s.closes_at, Some(utc("2027-01-02T06:00:00+05:00")));
        // Between two nights: closed, opens the same evening.
        let s = status(hours, zone, &[], "2027-01-05T12:00:00+05:00");
        assert!(!s.open);
        assert_eq!(s.next_open, Some(utc("2027-01-05T22:00:00+05:00")));
    }

    #[test]
    fn around_the_clock_lines_and_their_holidays() {
        let s = status("24/7", "Europe/Moscow", &[], "2027-05-01T12:00:00Z");
        assert!(s.open);
        assert_eq!(s.closes_at, None, "no closing to show");
        // Closed for a whole local day: closes at midnight Moscow, reopens the next midnight.
        let s = status("24/7", "Europe/Moscow", &["2027-05-09"], "2027-05-08T12:00:00Z");
        assert_eq!(s.closes_at, Some(utc("2027-05-09T00:00:00+03:00")));
        let s = status("24/7", "Europe/Moscow", &["2027-05-09"], "2027-05-09T12:00:00+03:00");
        assert!(!s.open);
        assert!(s.holiday_today);
        assert_eq!(s.next_open, Some(utc("2027-05-10T00:00:00+03:00")));
        // Every day 00:00-24:00 is the same as 24/7.
        let s = status("Mo-Su 00:00-24:00", "Asia/Almaty", &[], "2027-05-01T12:00:00Z");
        assert!(s.open && s.closes_at.is_none());
    }

    #[test]
    fn split_days_and_boundaries() {
        let hours = "Mo-Fr 09:00-13:00; Mo-Fr 14:00-18:00";
        let zone = "Europe/Moscow";
        let s = status(hours, zone, &[], "2027-03-03T13:00:00+03:00");
        assert!(!s.open, "the closing minute is closed");
        assert_eq!(s.next_open, Some(utc("2027-03-03T14:00:00+03:00")));
        let s = status(hours, zone, &[], "2027-03-03T09:00:00+03:00");
        assert!(s.open, "the opening minute is open");
        assert_eq!(s.closes_at, Some(utc("2027-03-03T13:00:00+03:00")));
    }

    #[test]
    fn every_zone_of_the_countries_safar_serves_is_compiled_in() {
        // Guards the zone filter in .cargo/config.toml: origins, destinations, and Europe.
        for zone in [
            "Asia/Dushanbe",
            "Asia/Tashkent",
            "Asia/Samarkand",
            "Asia/Bishkek",
            "Asia/Ashgabat",
            "Asia/Almaty",
            "Asia/Oral",
            "Asia/Qostanay",
            "Europe/Kaliningrad",
            "Europe/Moscow",
            "Europe/Samara",
            "Asia/Yekaterinburg",
            "Asia/Novosibirsk",
            "Asia/Vladivostok",
            "Asia/Kamchatka",
            "Europe/Istanbul",
            "Asia/Seoul",
            "Asia/Tokyo",
            "Asia/Shanghai",
            "Asia/Urumqi",
            "Asia/Dubai",
            "Europe/Berlin",
            "Europe/Warsaw",
            "Atlantic/Canary",
            "UTC",
            "Etc/GMT-5",
        ] {
            assert!(parse_zone(zone).is_ok(), "{zone} must be known");
        }
    }

    #[test]
    fn an_unknown_zone_makes_no_claim() {
        let hours: OpeningHours = "24/7".parse().unwrap();
        let now = open_now(&hours, "Mars/Olympus", &[], Utc::now(), None);
        assert_eq!(now.state, OpenState::Unknown);
        assert!(parse_zone("Mars/Olympus").is_err());
    }

    #[test]
    fn closed_for_more_than_a_year_has_no_next_opening() {
        let hours: OpeningHours = "Mo 09:00-10:00".parse().unwrap();
        let start = date("2027-01-01");
        let closed: Vec<NaiveDate> = (0..800).map(|d| start + Duration::days(d)).collect();
        let s = Schedule {
            hours: &hours,
            zone: parse_zone("UTC").unwrap(),
            closed_on: &closed,
        }
        .status_at(utc("2027-01-01T00:00:00Z"));
        assert!(!s.open);
        assert_eq!(s.next_open, None);
    }
}
