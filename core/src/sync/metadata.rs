//! The signed metadata files of a Safar repository (a small subset of The Update Framework).
//!
//! ```text
//! root/<N>.json (+ .minisig)        keys and thresholds; signed by root keys
//! timestamp.json (+ .minisig)       the only mutable file: points at the current manifest
//! manifests/<seq>.json (+ .minisig) every collection's version, object hashes and digest
//! objects/<sha256>                  collection objects (gzip NDJSON), immutable
//! attachments/<sha256>              audio, images; immutable
//! ```
//! Signatures are over the exact bytes of each file; no canonical JSON is needed.

use crate::model::ContentKind;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const ROOT_TYPE: &str = "safar-root";
pub const TIMESTAMP_TYPE: &str = "safar-timestamp";
pub const MANIFEST_TYPE: &str = "safar-manifest";

/// A role: which keys may sign, and how many must.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    /// Key ids (16 hex digits, as minisign shows them).
    pub keys: Vec<String>,
    pub threshold: u32,
}

/// A publisher role is scoped to collections by glob patterns (`*` matches within one path
/// segment, a trailing `/*` matches the rest): `hotlines/kg`, `*/kg`, `articles/*`, `*`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublisherRole {
    pub name: String,
    pub keys: Vec<String>,
    pub threshold: u32,
    pub collections: Vec<String>,
}

impl PublisherRole {
    pub fn covers(&self, collection: &str) -> bool {
        self.collections.iter().any(|pattern| glob_match(pattern, collection))
    }
}

/// Matches `pattern` against a `/`-separated collection name, segment by segment.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    let p: Vec<&str> = pattern.split('/').collect();
    let n: Vec<&str> = name.split('/').collect();
    p.len() == n.len() && p.iter().zip(&n).all(|(p, n)| *p == "*" || p == n)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roles {
    pub root: Role,
    pub timestamp: Role,
    pub publishers: Vec<PublisherRole>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Root {
    #[serde(rename = "type")]
    pub kind: String,
    pub version: u32,
    pub expires: DateTime<Utc>,
    /// Key id → base64 minisign public key line.
    pub keys: BTreeMap<String, String>,
    pub roles: Roles,
}

/// A file pinned by hash and length.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRef {
    pub path: String,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    pub length: u64,
}

/// A collection object: a file, plus the size it inflates to (the decompression cap).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectRef {
    pub path: String,
    pub sha256: String,
    pub length: u64,
    pub decoded_length: u64,
}

impl ObjectRef {
    pub fn file(&self) -> FileRef {
        FileRef {
            path: self.path.clone(),
            sha256: self.sha256.clone(),
            length: self.length,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timestamp {
    #[serde(rename = "type")]
    pub kind: String,
    pub seq: u64,
    pub expires: DateTime<Utc>,
    /// The newest root version at publication, so a client knows how far to walk.
    pub root_version: u32,
    pub manifest: FileRef,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectionEntry {
    pub kind: ContentKind,
    pub version: u64,
    /// Facets a phone subscribes by: `lang`, `country`.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    pub count: u64,
    pub full: ObjectRef,
    /// Deltas from earlier versions to this one, keyed by the earlier version.
    #[serde(default)]
    pub deltas: BTreeMap<String, ObjectRef>,
    /// Digest of the whole collection after applying (see [`super::digest`]).
    pub state_digest: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    #[serde(rename = "type")]
    pub kind: String,
    pub seq: u64,
    pub published_at: DateTime<Utc>,
    pub expires: DateTime<Utc>,
    /// Human name of the repository ("Safar sample content").
    pub repository: String,
    /// Sample content: the app shows a "sample" mark on everything.
    pub sample: bool,
    /// Entries verified longer ago than this are flagged stale.
    pub stale_after_days: u32,
    /// Remittance quotes collected longer ago than this are flagged stale (prices move faster
    /// than phone numbers). Manifests from before this field mean the default.
    #[serde(default = "default_remittance_stale_after_days")]
    pub remittance_stale_after_days: u32,
    /// Where phones send "this number does not answer" reports, if anywhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback_url: Option<String>,
    pub collections: BTreeMap<String, CollectionEntry>,
    #[serde(default)]
    pub attachments: BTreeMap<String, FileRef>,
}

fn default_remittance_stale_after_days() -> u32 {
    crate::remittance::DEFAULT_STALE_AFTER_DAYS
}

pub fn root_path(version: u32) -> String {
    format!("root/{version}.json")
}
pub fn manifest_path(seq: u64) -> String {
    format!("manifests/{seq}.json")
}
pub fn signature_path(path: &str) -> String {
    format!("{path}.minisig")
}
pub const TIMESTAMP_PATH: &str = "timestamp.json";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_by_segment() {
        assert!(glob_match("*", "hotlines/kg"));
        assert!(glob_match("hotlines/kg", "hotlines/kg"));
        assert!(glob_match("*/kg", "services/kg"));
        assert!(!glob_match("*/kg", "services/uz"));
        assert!(glob_match("articles/*", "articles/ru"));
        assert!(!glob_match("hotlines/k*", "hotlines/kg"));
        assert!(!glob_match("hotlines", "hotlines/kg"));
    }
}
