//! Trust signals shown beside every hotline and service: where the fact comes from, when a person
//! last checked it, how it was checked, and whether it is older than the content allows (stale).
//! Stale entries are still shown — an old number beats none — but always flagged.

use crate::model::Verification;
use chrono::NaiveDate;
use serde::Serialize;

/// Used when no content has been installed yet (the publisher's default too).
pub const DEFAULT_STALE_AFTER_DAYS: u32 = 180;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trust {
    pub source: String,
    pub verified_at: NaiveDate,
    /// verified / unverified / sample.
    pub status: Verification,
    /// Whole days since `verified_at` (0 when checked today or dated in the future).
    pub age_days: i64,
    /// Older than the repository's `stale_after_days`.
    pub stale: bool,
}

impl Trust {
    pub fn assess(
        source: &str,
        verified_at: NaiveDate,
        status: Verification,
        today: NaiveDate,
        stale_after_days: u32,
    ) -> Trust {
        let age_days = (today - verified_at).num_days().max(0);
        Trust {
            source: crate::safety::line(source),
            verified_at,
            status,
            age_days,
            stale: age_days > stale_after_days as i64,
        }
    }
}

/// The installed repository's staleness limit (its signed manifest's `stale_after_days`).
#[cfg(feature = "store")]
pub fn stale_after_days(conn: &rusqlite::Connection) -> crate::Result<u32> {
    use rusqlite::OptionalExtension;
    let days: Option<u32> = conn
        .query_row("SELECT stale_after_days FROM sync_state WHERE id = 1", [], |r| r.get(0))
        .optional()?;
    Ok(days.unwrap_or(DEFAULT_STALE_AFTER_DAYS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_means_older_than_the_limit() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let t = Trust::assess("x", d("2026-01-01"), Verification::Verified, d("2026-06-30"), 180);
        assert_eq!((t.age_days, t.stale), (180, false));
        let t = Trust::assess("x", d("2026-01-01"), Verification::Verified, d("2026-07-01"), 180);
        assert_eq!((t.age_days, t.stale), (181, true));
        let t = Trust::assess("x", d("2026-12-01"), Verification::Sample, d("2026-07-01"), 180);
        assert_eq!((t.age_days, t.stale), (0, false));
    }
}
