//! The returnee's view: once home, the first screen leads with reintegration services (jobs,
//! training, grants, psychosocial support, legal aid) in the home region and the home country's
//! hotlines. The home region is user data, kept beside the profile.

use crate::hotlines::{self, HotlineFilter, HotlineView};
use crate::model::{Profile, ServiceCategory, Stage};
use crate::services::{self, ServiceFilter, ServiceView};
use crate::{Error, Result};
use chrono::Utc;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

/// What helps people settle back in (CONTENT.md, "Coming home").
pub const REINTEGRATION: [ServiceCategory; 5] = [
    ServiceCategory::Employment,
    ServiceCategory::Training,
    ServiceCategory::Grants,
    ServiceCategory::Psychosocial,
    ServiceCategory::LegalAid,
];

/// How many services and hotlines the home screen shows.
const SHOWN: usize = 5;

pub fn home_region(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT region FROM home_place WHERE id = 1", [], |r| r.get(0))
        .optional()?)
}

/// Sets (or with None / empty text, clears) the home region.
pub fn set_home_region(conn: &Connection, region: Option<&str>) -> Result<()> {
    match region.map(str::trim).filter(|r| !r.is_empty()) {
        None => {
            conn.execute("DELETE FROM home_place", [])?;
        }
        Some(r) if r.chars().count() > 100 || r.chars().any(char::is_control) => {
            return Err(Error::invalid("a home region is a short name such as Khatlon or Sughd"));
        }
        Some(r) => {
            conn.execute(
                "INSERT OR REPLACE INTO home_place (id, region, updated_at) VALUES (1, ?1, ?2)",
                params![r, Utc::now().to_rfc3339()],
            )?;
        }
    }
    Ok(())
}

/// Where the reintegration services shown come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The home region.
    Region,
    /// The whole home country (no region set, or nothing listed in it).
    Country,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReturneeHome {
    pub home_region: Option<String>,
    pub scope: Scope,
    pub services: Vec<ServiceView>,
    pub hotlines: Vec<HotlineView>,
}

/// The returnee section of the home screen; None unless the profile's stage is `returned`.
pub fn home_section(conn: &Connection, profile: &Profile) -> Result<Option<ReturneeHome>> {
    if profile.stage != Stage::Returned {
        return Ok(None);
    }
    let region = home_region(conn)?;
    let reintegration = |region: Option<String>| -> Result<Vec<ServiceView>> {
        let filter = ServiceFilter {
            country: Some(profile.origin.to_string()),
            region,
            ..ServiceFilter::default()
        };
        let mut found: Vec<ServiceView> = services::search(conn, profile, &filter)?
            .into_iter()
            .filter(|s| s.categories.iter().any(|c| REINTEGRATION.contains(c)))
            .collect();
        // Most reintegration help first, then those that speak the user's language.
        found.sort_by_key(|s| {
            let helps = s.categories.iter().filter(|c| REINTEGRATION.contains(c)).count();
            (std::cmp::Reverse(helps), !s.speaks_your_language)
        });
        found.truncate(SHOWN);
        Ok(found)
    };
    let (scope, services) = match &region {
        Some(r) => match reintegration(Some(r.clone()))? {
            in_region if !in_region.is_empty() => (Scope::Region, in_region),
            _ => (Scope::Country, reintegration(None)?),
        },
        None => (Scope::Country, reintegration(None)?),
    };
    let mut hotlines = hotlines::list(
        conn,
        profile,
        &HotlineFilter {
            country: Some(profile.origin.to_string()),
            ..HotlineFilter::default()
        },
    )?;
    hotlines.truncate(SHOWN);
    Ok(Some(ReturneeHome {
        home_region: region,
        scope,
        services,
        hotlines,
    }))
}
