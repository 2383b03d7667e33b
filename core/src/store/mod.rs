//! The phone's SQLite database: one file, WAL, migrations by `user_version`.
//!
//! Content tables (`articles`, `hotlines`, …) are replaced per collection inside the sync
//! transaction ([`content`]); user tables (`profile`, `bookmarks`, …) are never touched by sync.

pub mod content;
mod migrations;
pub mod volume;

use crate::Result;
use rusqlite::Connection;
use std::path::Path;
use std::time::Duration;

/// Opens (creating if needed) the database at `path` and brings its schema up to date.
pub fn open(path: &Path) -> Result<Connection> {
    let mut conn = Connection::open(path)?;
    configure(&conn)?;
    migrations::migrate(&mut conn)?;
    crate::search::ensure_index(&mut conn)?;
    Ok(conn)
}

/// Opens an in-memory database (tests, benchmarks' baselines).
pub fn open_in_memory() -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    configure(&conn)?;
    migrations::migrate(&mut conn)?;
    crate::search::ensure_index(&mut conn)?;
    Ok(conn)
}

fn configure(conn: &Connection) -> Result<()> {
    // WAL: readers never wait for a sync and never see half of one.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // After a checkpoint the log shrinks back to this size instead of keeping the room a big
    // update needed: cheap phones are full phones.
    conn.pragma_update(None, "journal_size_limit", 1024 * 1024)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(Duration::from_secs(10))?;
    Ok(())
}

/// The newest schema version this build knows.
pub fn schema_version() -> u32 {
    migrations::MIGRATIONS.len() as u32
}
