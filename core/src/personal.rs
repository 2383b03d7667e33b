//! The user's own traces: bookmarks, recently read articles, and the one call that wipes
//! everything personal (profile, checklist progress, bookmarks, history, unsent reports) while
//! the content stays.

use crate::guide::{summary_of, ArticleSummary};
use crate::model::Profile;
use crate::{Error, Result};
use chrono::Utc;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;

/// A bookmarked or recently read article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SavedArticle {
    pub group: String,
    /// When it was bookmarked or last read (RFC 3339).
    pub at: String,
    /// The article in the reader's best language; `None` if the publisher withdrew it (shells
    /// show "no longer available" rather than hiding the bookmark).
    pub article: Option<ArticleSummary>,
}

/// How many rows the wipe removed, per table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WipeReport {
    pub profile: u64,
    pub checklist_progress: u64,
    pub bookmarks: u64,
    pub reading_history: u64,
    pub outbox: u64,
    /// The returnee's home region.
    pub home_region: u64,
}

/// `registration-ru` or `registration-ru.tg` → the group, which must exist on this phone.
fn group_of(conn: &Connection, id_or_group: &str) -> Result<String> {
    let key = id_or_group.trim();
    if key.is_empty() {
        return Err(Error::invalid("article id is empty"));
    }
    let group: Option<String> = conn
        .query_row(
            "SELECT grp FROM articles WHERE id = ?1 OR grp = ?1 LIMIT 1",
            params![key],
            |r| r.get(0),
        )
        .optional()?;
    group.ok_or_else(|| Error::not_found(format!("no article '{key}'")))
}

pub fn add_bookmark(conn: &Connection, profile: &Profile, id_or_group: &str) -> Result<SavedArticle> {
    let group = group_of(conn, id_or_group)?;
    let at = Utc::now().to_rfc3339();
    // Bookmarking twice keeps the first date.
    conn.execute(
        "INSERT OR IGNORE INTO bookmarks (article_group, created_at) VALUES (?1, ?2)",
        params![group, at],
    )?;
    let at: String = conn.query_row(
        "SELECT created_at FROM bookmarks WHERE article_group = ?1",
        params![group],
        |r| r.get(0),
    )?;
    Ok(SavedArticle {
        article: summary_of(conn, profile, &group)?,
        group,
        at,
    })
}

/// Removes a bookmark; `false` if there was none. Works for withdrawn articles too.
pub fn remove_bookmark(conn: &Connection, id_or_group: &str) -> Result<bool> {
    let key = id_or_group.trim();
    if key.is_empty() {
        return Err(Error::invalid("article id is empty"));
    }
    let group = group_of(conn, key).unwrap_or_else(|_| key.to_string());
    Ok(conn.execute("DELETE FROM bookmarks WHERE article_group = ?1", params![group])? > 0)
}

fn saved(conn: &Connection, profile: &Profile, sql: &str, limit: u32) -> Result<Vec<SavedArticle>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows: Vec<(String, String)> = stmt
        .query_map(params![limit], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(group, at)| {
            Ok(SavedArticle {
                article: summary_of(conn, profile, &group)?,
                group,
                at,
            })
        })
        .collect()
}

/// Bookmarks, newest first.
pub fn bookmarks(conn: &Connection, profile: &Profile) -> Result<Vec<SavedArticle>> {
    saved(
        conn,
        profile,
        "SELECT article_group, created_at FROM bookmarks ORDER BY created_at DESC, article_group LIMIT ?1",
        u32::MAX,
    )
}

/// Records that the article `group` was just read, for "recently read". Bookkeeping only: if
/// the write cannot be made (storage full, database busy or read-only) it is skipped, so reading
/// never fails because of it.
pub fn note_read(conn: &Connection, group: &str) {
    let _skipped_if_full = conn.execute(
        "INSERT OR REPLACE INTO reading_history (article_group, read_at) VALUES (?1, ?2)",
        params![group, Utc::now().to_rfc3339()],
    );
}

/// Articles read most recently first (each once), at most `limit`.
pub fn recently_read(conn: &Connection, profile: &Profile, limit: u32) -> Result<Vec<SavedArticle>> {
    saved(
        conn,
        profile,
        "SELECT article_group, read_at FROM reading_history ORDER BY read_at DESC, article_group LIMIT ?1",
        limit,
    )
}

/// Removes all personal data in one transaction; content is not touched. Deleted rows are
/// overwritten on disk (`secure_delete`) and the write-ahead log is emptied, so the data does not
/// linger in the file.
pub fn wipe(conn: &mut Connection) -> Result<WipeReport> {
    let secure: i64 = conn.pragma_query_value(None, "secure_delete", |r| r.get(0))?;
    conn.pragma_update(None, "secure_delete", 1)?;
    let result = (|| -> Result<WipeReport> {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let report = WipeReport {
            profile: tx.execute("DELETE FROM profile", [])? as u64,
            checklist_progress: tx.execute("DELETE FROM checklist_progress", [])? as u64,
            bookmarks: tx.execute("DELETE FROM bookmarks", [])? as u64,
            reading_history: tx.execute("DELETE FROM reading_history", [])? as u64,
            outbox: tx.execute("DELETE FROM outbox", [])? as u64,
            home_region: tx.execute("DELETE FROM home_place", [])? as u64,
        };
        tx.commit()?;
        Ok(report)
    })();
    conn.pragma_update(None, "secure_delete", secure)?;
    let report = result?;
    // Copy the overwritten pages into the database file and empty the log. If a reader holds
    // the log open it is emptied at the next checkpoint instead; that is not an error.
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(report)
}
