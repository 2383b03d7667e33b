//! The user's profile. Stored on the phone only; sync never reads or writes it.

use crate::model::Profile;
use crate::{Error, Result};
use chrono::Utc;
use rusqlite::{params, Connection, OptionalExtension};

/// The saved profile, or `None` before onboarding.
pub fn load(conn: &Connection) -> Result<Option<Profile>> {
    let json: Option<String> = conn
        .query_row("SELECT json FROM profile WHERE id = 1", [], |r| r.get(0))
        .optional()?;
    match json {
        None => Ok(None),
        Some(j) => serde_json::from_str(&j)
            .map(Some)
            .map_err(|e| Error::invalid(format!("stored profile is unreadable ({e}); set it again"))),
    }
}

pub fn save(conn: &Connection, profile: &Profile) -> Result<()> {
    if profile.languages.is_empty() {
        return Err(Error::invalid("a profile needs at least one language"));
    }
    let json = serde_json::to_string(profile).map_err(|e| Error::invalid(e.to_string()))?;
    conn.execute(
        "INSERT OR REPLACE INTO profile (id, json, updated_at) VALUES (1, ?1, ?2)",
        params![json, Utc::now().to_rfc3339()],
    )?;
    Ok(())
}
