//! How old a fact may be before it is flagged stale. The limit is the repository's
//! (`stale_after_days` in its signed manifest); stale facts are still shown, with the flag,
//! never silently dropped or silently trusted.

use crate::Result;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};

/// The repository's staleness limit in days, once content has been imported.
pub fn stale_after_days(conn: &Connection) -> Result<Option<u32>> {
    Ok(conn
        .query_row("SELECT stale_after_days FROM sync_state WHERE id = 1", [], |r| r.get(0))
        .optional()?)
}

/// Was `verified_at` checked longer ago than `limit` days before `today`?
pub fn is_stale(verified_at: NaiveDate, today: NaiveDate, limit: Option<u32>) -> bool {
    limit.is_some_and(|days| (today - verified_at).num_days() > i64::from(days))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_only_past_the_limit() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert!(!is_stale(d("2026-01-01"), d("2026-06-30"), Some(180)));
        assert!(is_stale(d("2026-01-01"), d("2026-07-01"), Some(180)));
        assert!(!is_stale(d("2020-01-01"), d("2026-07-01"), None));
    }
}
