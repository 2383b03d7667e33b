//! Verifying and applying a repository state from any [`RepoSource`] — a `.safar` bundle here,
//! an HTTP mirror in the sync layer. Everything is checked before the database is touched, and
//! everything is applied in one `BEGIN IMMEDIATE` transaction: after a crash or any error the
//! phone has exactly the content it had before.

use super::digest::sha256_hex;
use super::metadata::{self, CollectionEntry, Manifest, PublisherRole, Root, Timestamp};
use super::object::{ObjectReader, Op};
use super::verify::{check_expiry, check_file, revokes_signing_keys, TrustedRoot};
use super::{
    RepoSource, VerifyError, MAX_CLOCK_SKEW, MAX_MANIFEST_BYTES, MAX_ROOT_BYTES, MAX_ROOT_WALK, MAX_SIGNATURE_BYTES,
    MAX_TIMESTAMP_BYTES,
};
use crate::model::ContentKind;
use crate::store::content;
use crate::Result;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;
use std::collections::BTreeMap;

/// How strict to be about time.
#[derive(Debug, Clone, Copy)]
pub struct ImportPolicy {
    /// The device clock. Expiry is checked against the phone's trusted time ([`trusted_now`]),
    /// which never runs behind what the phone has already seen; `published_at` may be at most
    /// [`MAX_CLOCK_SKEW`] ahead of this clock.
    pub now: DateTime<Utc>,
    /// Network updates refuse expired metadata (freeze attack). Bundles are offline copies by
    /// nature — an SD card or a phone-to-phone copy may be weeks old — so for them only rollback
    /// is refused, and the content's age is shown instead.
    pub enforce_expiry: bool,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub seq: u64,
    pub previous_seq: Option<u64>,
    pub root_version: u32,
    pub published_at: DateTime<Utc>,
    /// Collections replaced or added.
    pub updated: Vec<String>,
    /// Collections the publisher withdrew.
    pub removed: Vec<String>,
    /// Records written.
    pub records: u64,
    /// Nothing newer than what the phone has.
    pub up_to_date: bool,
}

fn fetch_required(source: &mut dyn RepoSource, path: &str, limit: u64) -> Result<Vec<u8>> {
    source
        .fetch(path, limit)?
        .ok_or_else(|| VerifyError::Missing { file: path.to_string() }.into())
}

/// The newest root this phone trusts: the stored chain, or the app's pinned root if that is newer
/// (an app update can ship a newer root).
pub fn current_root(conn: &Connection, pinned: &TrustedRoot) -> Result<TrustedRoot> {
    let stored: Option<(u32, Vec<u8>, Vec<u8>)> = conn
        .query_row(
            "SELECT CAST(substr(r.path, 6, length(r.path) - 10) AS INTEGER) AS v, r.bytes, s.bytes
             FROM metadata_files r JOIN metadata_files s ON s.path = r.path || '.minisig'
             WHERE r.path LIKE 'root/%.json' ORDER BY v DESC LIMIT 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .optional()?;
    match stored {
        Some((version, json, sig)) if version > pinned.version() => Ok(TrustedRoot::pinned(&json, &sig)?),
        _ => Ok(pinned.clone()),
    }
}

/// The phone's trusted time: the device clock, but never earlier than the newest time this phone
/// has already adopted from verified metadata, so that setting the clock back does not make
/// expired metadata acceptable again.
///
/// A stored time is believed only up to [`MAX_CLOCK_SKEW`] past the device clock of the update
/// that stored it (`updated_at`). Updates refuse metadata dated beyond that, so this bound only
/// bites on a phone poisoned before it existed (a 2031 `published_at` adopted in 2026): such a
/// phone recovers on its next update instead of finding every genuine timestamp "expired".
pub fn trusted_now(conn: &Connection, device_now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    let stored: Option<(String, String)> = conn
        .query_row("SELECT trusted_now, updated_at FROM sync_state WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let parse = |s: &str| DateTime::parse_from_rfc3339(s).ok().map(|d| d.with_timezone(&Utc));
    let floor = stored.and_then(|(trusted, stored_at)| {
        let (trusted, stored_at) = (parse(&trusted)?, parse(&stored_at)?);
        Some(trusted.min(stored_at + MAX_CLOCK_SKEW))
    });
    Ok(floor.map_or(device_now, |f| f.max(device_now)))
}

pub fn stored_seq(conn: &Connection) -> Result<Option<u64>> {
    Ok(conn
        .query_row("SELECT seq FROM sync_state WHERE id = 1", [], |r| r.get::<_, i64>(0))
        .optional()?
        .map(|s| s as u64))
}

/// Metadata that passed verification, ready to apply.
pub struct VerifiedState {
    pub roots: Vec<TrustedRoot>,
    pub root: TrustedRoot,
    pub timestamp: Timestamp,
    pub timestamp_bytes: (Vec<u8>, Vec<u8>),
    pub manifest: Manifest,
    pub manifest_bytes: (Vec<u8>, Vec<u8>),
    pub previous_seq: Option<u64>,
    /// The publisher roles whose threshold the manifest's signatures meet: the collections it may
    /// add, change or withdraw.
    pub scope: Vec<PublisherRole>,
    /// A root walked in this update revoked keys that signed the installed state, so its
    /// rollback floor (the sequence number) was not enforced (fast-forward recovery).
    pub floor_reset: bool,
}

/// The root the installed state was accepted under (from `sync_state.root_version`).
fn installed_root(conn: &Connection, pinned: &TrustedRoot) -> Result<Option<Root>> {
    let version: Option<u32> = conn
        .query_row("SELECT root_version FROM sync_state WHERE id = 1", [], |r| r.get(0))
        .optional()?;
    let Some(version) = version else { return Ok(None) };
    if version == pinned.version() {
        return Ok(Some(pinned.root.clone()));
    }
    let path = metadata::root_path(version);
    let json: Option<Vec<u8>> = conn
        .query_row("SELECT bytes FROM metadata_files WHERE path = ?1", params![path], |r| {
            r.get(0)
        })
        .optional()?;
    // The file was verified when it was stored; only its roles are needed here.
    Ok(json.and_then(|j| serde_json::from_slice(&j).ok()))
}

/// SHA-256 of the installed manifest for `seq`, if the phone holds it.
fn installed_manifest_sha(conn: &Connection, seq: u64) -> Result<Option<String>> {
    let bytes: Option<Vec<u8>> = conn
        .query_row(
            "SELECT bytes FROM metadata_files WHERE path = ?1",
            params![metadata::manifest_path(seq)],
            |r| r.get(0),
        )
        .optional()?;
    Ok(bytes.map(|b| sha256_hex(&b)))
}

/// Walks the root chain, verifies the timestamp and manifest, and refuses rollback, forks and
/// metadata dated in the future.
pub fn verify_metadata(
    conn: &Connection,
    pinned: &TrustedRoot,
    source: &mut dyn RepoSource,
    policy: ImportPolicy,
) -> Result<VerifiedState> {
    let trusted = trusted_now(conn, policy.now)?;
    let mut root = current_root(conn, pinned)?;
    // Roots the phone already trusts are not used again, but a copy of one that differs from the
    // trusted bytes means the source was altered: refuse it rather than pass it on.
    for known in [pinned, &root] {
        let path = metadata::root_path(known.version());
        if let Some(json) = source.fetch(&path, MAX_ROOT_BYTES)? {
            if json != known.json {
                return Err(VerifyError::UntrustedRoot { file: path }.into());
            }
            let sig = fetch_required(source, &metadata::signature_path(&path), MAX_SIGNATURE_BYTES)?;
            TrustedRoot::pinned(&json, &sig)?;
        }
    }
    let mut roots = Vec::new();
    for _ in 0..MAX_ROOT_WALK {
        let path = metadata::root_path(root.version() + 1);
        let Some(json) = source.fetch(&path, MAX_ROOT_BYTES)? else {
            break;
        };
        let sig = fetch_required(source, &metadata::signature_path(&path), MAX_SIGNATURE_BYTES)?;
        root = root.verify_next(&json, &sig)?;
        roots.push(root.clone());
    }
    if policy.enforce_expiry {
        check_expiry(&metadata::root_path(root.version()), root.root.expires, trusted)?;
    }

    let ts_json = fetch_required(source, metadata::TIMESTAMP_PATH, MAX_TIMESTAMP_BYTES)?;
    let ts_sig = fetch_required(
        source,
        &metadata::signature_path(metadata::TIMESTAMP_PATH),
        MAX_SIGNATURE_BYTES,
    )?;
    let timestamp = root.verify_timestamp(&ts_json, &ts_sig)?;
    if policy.enforce_expiry {
        check_expiry(metadata::TIMESTAMP_PATH, timestamp.expires, trusted)?;
    }
    let previous_seq = stored_seq(conn)?;
    // Keys that signed the installed state were revoked since: the sequence number they signed
    // may be an attacker's u64::MAX, so it is no floor for what the new keys sign.
    let floor_reset = previous_seq.is_some()
        && installed_root(conn, pinned)?.is_some_and(|old| revokes_signing_keys(&old, &root.root));
    if let Some(have) = previous_seq.filter(|_| !floor_reset) {
        if timestamp.seq < have {
            return Err(VerifyError::Rollback {
                what: "repository sequence".into(),
                have,
                got: timestamp.seq,
            }
            .into());
        }
        if timestamp.seq == have {
            if let Some(installed) = installed_manifest_sha(conn, have)? {
                if installed != timestamp.manifest.sha256 {
                    return Err(VerifyError::Fork {
                        seq: have,
                        installed,
                        offered: timestamp.manifest.sha256.clone(),
                    }
                    .into());
                }
            }
        }
    }

    let mpath = timestamp.manifest.path.clone();
    if timestamp.manifest.length > MAX_MANIFEST_BYTES {
        return Err(VerifyError::TooLarge {
            file: mpath,
            limit: MAX_MANIFEST_BYTES,
        }
        .into());
    }
    let m_json = fetch_required(source, &mpath, timestamp.manifest.length)?;
    check_file(&timestamp.manifest, &m_json)?;
    let m_sig = fetch_required(source, &metadata::signature_path(&mpath), MAX_SIGNATURE_BYTES)?;
    let (manifest, scope) = root.verify_manifest_scoped(&mpath, &m_json, &m_sig)?;
    if manifest.seq != timestamp.seq || mpath != metadata::manifest_path(manifest.seq) {
        return Err(VerifyError::malformed(&mpath, "manifest and timestamp disagree on the sequence number").into());
    }
    // Applying it would move the trusted clock past the device clock: one wrong build-machine
    // clock would then expire every genuine timestamp after it.
    if manifest.published_at > policy.now + MAX_CLOCK_SKEW {
        return Err(VerifyError::FromTheFuture {
            file: mpath,
            at: manifest.published_at,
        }
        .into());
    }
    if policy.enforce_expiry {
        check_expiry(&mpath, manifest.expires, trusted)?;
    }
    Ok(VerifiedState {
        roots,
        root,
        timestamp,
        timestamp_bytes: (ts_json, ts_sig),
        manifest,
        manifest_bytes: (m_json, m_sig),
        previous_seq,
        scope,
        floor_reset,
    })
}

/// Collections as the phone has them: name → (kind, version).
pub fn installed_collections(conn: &Connection) -> Result<BTreeMap<String, (String, u64)>> {
    let mut stmt = conn.prepare("SELECT name, kind, version FROM collections")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            (r.get::<_, String>(1)?, r.get::<_, i64>(2)? as u64),
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A collection as the phone holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstalledCollection {
    pub version: u64,
    pub state_digest: String,
}

/// Collections as the phone holds them, with the digest that identifies their content.
pub fn installed_states(conn: &Connection) -> Result<BTreeMap<String, InstalledCollection>> {
    let mut stmt = conn.prepare("SELECT name, version, state_digest FROM collections")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            InstalledCollection {
                version: r.get::<_, i64>(1)? as u64,
                state_digest: r.get(2)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What must change for the phone to hold exactly what a verified manifest signs.
#[derive(Debug, Default)]
pub struct Plan {
    /// Collections whose content differs from the signed content: name, signed entry, and the
    /// version the phone holds (a delta from it may be tried; the signed digest decides).
    pub fetch: Vec<(String, CollectionEntry, Option<u64>)>,
    /// Collections the phone already holds exactly, under another version number (another
    /// repository's numbering): only the recorded version changes, so later deltas line up.
    pub relabel: Vec<(String, CollectionEntry)>,
    /// Collections to delete: withdrawn by a role that covers them, or not wanted by the phone.
    pub drop: Vec<String>,
}

/// Content identity: a collection is fetched when its signed `state_digest` differs from the one
/// the phone holds — never by comparing version numbers, so any repository signed by trusted keys
/// brings the phone to exactly its content (rollback is refused by the manifest's sequence number
/// and fork check, not per collection).
///
/// Withdrawal is scoped like addition: a collection the phone holds that the manifest does not
/// list is dropped only if a role in `scope` (the roles whose threshold the manifest met) covers
/// it. An office key for `*/kg` publishes only its own collections and the phone keeps the rest.
pub fn plan(
    installed: &BTreeMap<String, InstalledCollection>,
    manifest: &Manifest,
    scope: &[PublisherRole],
    wants: &dyn Fn(&str) -> bool,
) -> Plan {
    let mut plan = Plan::default();
    for (name, entry) in &manifest.collections {
        if !wants(name) {
            continue;
        }
        match installed.get(name) {
            Some(have) if have.state_digest == entry.state_digest => {
                if have.version != entry.version {
                    plan.relabel.push((name.clone(), entry.clone()));
                }
            }
            have => plan.fetch.push((name.clone(), entry.clone(), have.map(|h| h.version))),
        }
    }
    plan.drop = installed
        .keys()
        .filter(|name| match manifest.collections.contains_key(*name) {
            true => !wants(name),
            false => scope.iter().any(|role| role.covers(name)),
        })
        .cloned()
        .collect();
    plan
}

/// Records that a collection the phone holds exactly is numbered `entry.version` (see
/// [`Plan::relabel`]). Runs inside the apply transaction.
pub fn relabel_collection(conn: &Connection, name: &str, entry: &CollectionEntry) -> Result<()> {
    conn.execute(
        "UPDATE collections SET version = ?2 WHERE name = ?1 AND state_digest = ?3",
        params![name, entry.version as i64, entry.state_digest],
    )?;
    Ok(())
}

/// Verifies everything `source` offers and applies it. `wanted` says which collections the
/// phone subscribes to; collections the source does not carry are left as they are.
pub fn import(
    conn: &mut Connection,
    pinned: &TrustedRoot,
    source: &mut dyn RepoSource,
    policy: ImportPolicy,
    wanted: &dyn Fn(&str, &CollectionEntry) -> bool,
) -> Result<ImportReport> {
    let state = verify_metadata(conn, pinned, source, policy)?;
    source.check_listing(&state.manifest)?;
    let installed = installed_collections(conn)?;
    let plan = plan(&installed_states(conn)?, &state.manifest, &state.scope, &|_| true);

    // Fetch and check every needed object before the database is touched.
    let mut objects: Vec<(String, CollectionEntry, Vec<u8>)> = Vec::new();
    for (name, entry, _) in plan.fetch {
        if !wanted(&name, &entry) {
            continue;
        }
        let Some(bytes) = source.fetch(&entry.full.path, entry.full.length)? else {
            continue;
        };
        check_file(&entry.full.file(), &bytes)?;
        objects.push((name, entry, bytes));
    }
    let up_to_date = state.previous_seq == Some(state.manifest.seq)
        && objects.is_empty()
        && plan.relabel.is_empty()
        && plan.drop.is_empty();
    if up_to_date {
        return Ok(ImportReport {
            seq: state.manifest.seq,
            previous_seq: state.previous_seq,
            root_version: state.root.version(),
            published_at: state.manifest.published_at,
            updated: vec![],
            removed: vec![],
            records: 0,
            up_to_date: true,
        });
    }

    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut records = 0u64;
    let mut updated = Vec::new();
    for (name, entry, bytes) in &objects {
        records += apply_full_object(&tx, name, entry, bytes)?;
        updated.push(name.clone());
    }
    for (name, entry) in &plan.relabel {
        relabel_collection(&tx, name, entry)?;
    }
    let mut removed = Vec::new();
    for name in plan.drop {
        let kind = installed
            .get(&name)
            .and_then(|(kind, _)| ContentKind::from_collection(&name).filter(|k| kind_name(*k) == *kind))
            .ok_or_else(|| VerifyError::malformed(&name, "unknown installed collection"))?;
        content::delete_collection(&tx, kind, &name)?;
        tx.execute("DELETE FROM collections WHERE name = ?1", params![name])?;
        removed.push(name);
    }
    write_sync_state(&tx, &state, policy.now)?;
    tx.commit()?;
    Ok(ImportReport {
        seq: state.manifest.seq,
        previous_seq: state.previous_seq,
        root_version: state.root.version(),
        published_at: state.manifest.published_at,
        updated,
        removed,
        records,
        up_to_date: false,
    })
}

pub fn kind_name(kind: ContentKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Replaces a collection with a full object and checks the signed digest. Runs inside the
/// caller's transaction; returns the number of records written.
pub fn apply_full_object(conn: &Connection, name: &str, entry: &CollectionEntry, bytes: &[u8]) -> Result<u64> {
    let mut reader = ObjectReader::open(&entry.full.path, bytes, entry.full.decoded_length)?;
    if reader.header.collection != *name
        || reader.header.kind != entry.kind
        || reader.header.version != entry.version
        || reader.header.base_version.is_some()
    {
        return Err(VerifyError::malformed(&entry.full.path, "object header does not match the manifest").into());
    }
    content::delete_collection(conn, entry.kind, name)?;
    let mut n = 0;
    while let Some(op) = reader.next_op()? {
        match op {
            Op::Upsert(json) => content::upsert(conn, entry.kind, name, &json)?,
            Op::Delete(_) => return Err(VerifyError::malformed(&entry.full.path, "a full object cannot delete").into()),
        }
        n += 1;
    }
    finish_collection(conn, name, entry)?;
    Ok(n)
}

/// Recomputes the digest of what is now stored, compares it with the signed one, and records the
/// collection's new version.
pub fn finish_collection(conn: &Connection, name: &str, entry: &CollectionEntry) -> Result<()> {
    let (digest, count) = content::state_digest(conn, entry.kind, name)?;
    if digest != entry.state_digest || count != entry.count {
        return Err(VerifyError::DigestMismatch {
            collection: name.to_string(),
        }
        .into());
    }
    conn.execute(
        "INSERT OR REPLACE INTO collections (name, kind, version, count, state_digest) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![name, kind_name(entry.kind), entry.version as i64, count as i64, digest],
    )?;
    Ok(())
}

/// Stores the verified metadata and the sync state (inside the apply transaction). `device_now`
/// is the device clock: it is recorded as the time of the update, and the trusted time moves to
/// the manifest's `published_at` if that is later (bounded by [`MAX_CLOCK_SKEW`] in
/// [`verify_metadata`]).
///
/// After a manifest from a scoped key (an office publishing only `*/kg`), the phone records that
/// manifest as its current one (its sequence number is the rollback floor, its hash the fork
/// check); the collections outside its scope keep their rows in `collections`, whose digests
/// say exactly what the phone holds, so the next manifest that lists them fetches only what
/// differs.
pub fn write_sync_state(conn: &Connection, state: &VerifiedState, device_now: DateTime<Utc>) -> Result<()> {
    let trusted = trusted_now(conn, device_now)?;
    let mut files: Vec<(String, &[u8])> = Vec::new();
    for root in &state.roots {
        let path = metadata::root_path(root.version());
        files.push((metadata::signature_path(&path), &root.signatures));
        files.push((path, &root.json));
    }
    // Only the current timestamp and manifest are kept.
    conn.execute(
        "DELETE FROM metadata_files WHERE path LIKE 'manifests/%' OR path LIKE 'timestamp.json%'",
        [],
    )?;
    let mpath = metadata::manifest_path(state.manifest.seq);
    files.push((metadata::TIMESTAMP_PATH.to_string(), &state.timestamp_bytes.0));
    files.push((
        metadata::signature_path(metadata::TIMESTAMP_PATH),
        &state.timestamp_bytes.1,
    ));
    files.push((metadata::signature_path(&mpath), &state.manifest_bytes.1));
    files.push((mpath, &state.manifest_bytes.0));
    for (path, bytes) in files {
        conn.execute(
            "INSERT OR REPLACE INTO metadata_files (path, bytes) VALUES (?1, ?2)",
            params![path, bytes],
        )?;
    }
    let m = &state.manifest;
    let trusted_now = trusted.max(m.published_at);
    conn.execute(
        "INSERT OR REPLACE INTO sync_state (id, seq, root_version, published_at, trusted_now, repository, sample, stale_after_days, feedback_url, updated_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            m.seq as i64,
            state.root.version(),
            m.published_at.to_rfc3339(),
            trusted_now.to_rfc3339(),
            m.repository,
            m.sample,
            m.stale_after_days,
            m.feedback_url,
            device_now.to_rfc3339()
        ],
    )?;
    conn.execute(
        "UPDATE sync_state SET remittance_stale_after_days = ?1 WHERE id = 1",
        params![m.remittance_stale_after_days],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::metadata::ObjectRef;

    fn entry(version: u64, digest: &str) -> CollectionEntry {
        CollectionEntry {
            kind: ContentKind::Hotline,
            version,
            tags: BTreeMap::new(),
            count: 1,
            full: ObjectRef {
                path: format!("objects/{digest}"),
                sha256: digest.into(),
                length: 1,
                decoded_length: 1,
            },
            deltas: BTreeMap::new(),
            state_digest: digest.into(),
        }
    }

    fn manifest(collections: &[(&str, CollectionEntry)]) -> Manifest {
        Manifest {
            kind: metadata::MANIFEST_TYPE.into(),
            seq: 2,
            published_at: Utc::now(),
            expires: Utc::now(),
            repository: "test".into(),
            sample: true,
            stale_after_days: 30,
            remittance_stale_after_days: 7,
            feedback_url: None,
            collections: collections.iter().map(|(n, e)| (n.to_string(), e.clone())).collect(),
            attachments: BTreeMap::new(),
        }
    }

    fn installed(rows: &[(&str, u64, &str)]) -> BTreeMap<String, InstalledCollection> {
        rows.iter()
            .map(|(name, version, digest)| {
                (
                    name.to_string(),
                    InstalledCollection {
                        version: *version,
                        state_digest: digest.to_string(),
                    },
                )
            })
            .collect()
    }

    fn role(patterns: &[&str]) -> PublisherRole {
        PublisherRole {
            name: "office".into(),
            keys: vec![],
            threshold: 1,
            collections: patterns.iter().map(|p| p.to_string()).collect(),
        }
    }

    #[test]
    fn the_digest_decides_what_is_fetched_not_the_version() {
        let have = installed(&[
            ("hotlines/kg", 1, "aa"),
            ("hotlines/ru", 5, "bb"),
            ("hotlines/uz", 3, "cc"),
        ]);
        // Same version, other content; lower version, same content; lower version, other content.
        let m = manifest(&[
            ("hotlines/kg", entry(1, "a2")),
            ("hotlines/ru", entry(2, "bb")),
            ("hotlines/uz", entry(1, "c2")),
        ]);
        let plan = plan(&have, &m, &[role(&["*"])], &|_| true);
        let fetched: Vec<(&str, Option<u64>)> = plan.fetch.iter().map(|(n, _, v)| (n.as_str(), *v)).collect();
        assert_eq!(fetched, [("hotlines/kg", Some(1)), ("hotlines/uz", Some(3))]);
        assert_eq!(plan.relabel.len(), 1);
        assert_eq!(plan.relabel[0].0, "hotlines/ru");
        assert!(plan.drop.is_empty());
    }

    #[test]
    fn only_a_role_that_covers_a_collection_withdraws_it() {
        let have = installed(&[
            ("hotlines/kg", 1, "aa"),
            ("services/kg", 1, "bb"),
            ("hotlines/uz", 1, "cc"),
        ]);
        let m = manifest(&[("hotlines/kg", entry(2, "a2"))]);
        let office = plan(&have, &m, &[role(&["*/kg"])], &|_| true);
        assert_eq!(office.drop, ["services/kg"], "absent ≠ withdrawn outside the scope");
        let central = plan(&have, &m, &[role(&["*"])], &|_| true);
        assert_eq!(central.drop, ["hotlines/uz", "services/kg"]);
        // The phone's own profile drops what it no longer wants, whoever signed.
        let unwanted = plan(&have, &m, &[role(&["*/kg"])], &|name| name != "hotlines/kg");
        assert_eq!(unwanted.drop, ["hotlines/kg", "services/kg"]);
        assert!(unwanted.fetch.is_empty());
    }
}
