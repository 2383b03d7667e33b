//! A content update over HTTP, end to end:
//!
//! 1. `timestamp.json` with `If-None-Match` — on a 2G link an unchanged repository costs one
//!    small request. An unchanged timestamp is still checked for expiry (freeze attack).
//! 2. Root chain, timestamp and manifest verified ([`import::verify_metadata`]): signatures,
//!    thresholds, scoped publisher keys, hashes, lengths, expiry, no rollback.
//! 3. For each subscribed collection whose signed `state_digest` differs from the one the phone
//!    holds (content identity, never version numbers alone; see [`import::plan`]): a delta from
//!    the installed version if the manifest offers one, else the full object — downloaded
//!    resumably and hash-checked into the staging folder `<db>.sync/` before the database is
//!    touched. Collections the manifest does not list are withdrawn only if a role that signed
//!    it covers them.
//! 4. One `BEGIN IMMEDIATE` transaction applies everything, recomputes each collection's
//!    `state_digest` against the signed one, drops collections the profile no longer needs, and
//!    writes the sync state. A delta that does not produce the signed digest is rolled back and
//!    replaced by the full object. User tables are never touched.
//!
//! The update runs on its own connection (WAL), so readers are never blocked by the network.
//!
//! One update of a database at a time: a second one fails at once with
//! [`Error::UpdateRunning`] (an advisory lock the OS releases if the process dies). Before
//! downloading, the room the update needs ([`room_needed`]) is compared with the free space of
//! the volume; a full volume — up front, or ENOSPC while downloading or applying — deletes the
//! staged files and fails with [`Error::StorageFull`] saying how much to free. The staging
//! folder is removed after every commit and when the phone is already up to date.

use super::attachments;
use super::http::{cancelled, Conditional, HttpOptions, HttpRepo, SyncProgress, SyncProgressEvent, SyncStage};
use super::import::{self, ImportPolicy, VerifiedState};
use super::metadata::{self, CollectionEntry, ObjectRef, Timestamp};
use super::object::{ObjectReader, Op};
use super::subscription::Subscription;
use super::verify::{check_expiry, TrustedRoot};
use super::{VerifyError, MAX_TIMESTAMP_BYTES};
use crate::model::ContentKind;
use crate::store::volume::{self, UpdateLock};
use crate::store::{self, content};
use crate::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;
use std::path::{Path, PathBuf};

pub use super::http::CancelToken;

/// How a collection was brought up to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UpdateMethod {
    Delta,
    Full,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CollectionUpdate {
    pub name: String,
    /// The version the phone had, if any.
    pub from_version: Option<u64>,
    pub to_version: u64,
    pub method: UpdateMethod,
    /// Signed size of the object applied (delta or full).
    pub object_bytes: u64,
    /// Bytes received from the network for this collection in this sync (less than
    /// `object_bytes` when an interrupted download was resumed).
    pub bytes_downloaded: u64,
    /// A delta was tried first but did not reproduce the signed digest.
    pub fell_back_to_full: bool,
}

/// What a sync did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    pub url: String,
    pub seq: u64,
    pub previous_seq: Option<u64>,
    pub root_version: u32,
    pub published_at: Option<DateTime<Utc>>,
    /// Nothing to change: the phone already had this content.
    pub up_to_date: bool,
    /// The server said the timestamp had not changed (HTTP 304).
    pub not_modified: bool,
    /// Every body byte received from the network in this sync (metadata and objects).
    pub bytes_downloaded: u64,
    pub collections_updated: Vec<CollectionUpdate>,
    /// Collections dropped: no longer wanted by the profile, or withdrawn by the publisher.
    pub collections_removed: Vec<String>,
    /// Records written or deleted.
    pub records: u64,
    /// Attachments (audio) downloaded after the content was applied.
    pub attachments_fetched: u64,
    /// Attachments still missing (fetched on a later sync), and why.
    pub attachments_missing: u64,
    pub attachments_error: Option<String>,
    /// Problem reports from the outbox sent after the update (filled in by `Safar::sync`).
    pub reports_sent: u64,
    /// Why the reports could not be sent; they stay queued for the next sync.
    pub reports_error: Option<String>,
}

/// `<db>.sync/`: where downloads are staged until they are applied.
pub fn staging_dir(db: &Path) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".sync");
    db.with_file_name(name)
}

/// One collection to bring up to date.
#[derive(Debug, Clone)]
struct Step {
    name: String,
    entry: CollectionEntry,
    from_version: Option<u64>,
    method: UpdateMethod,
    object: ObjectRef,
    file: PathBuf,
    bytes_downloaded: u64,
    fell_back: bool,
}

fn stored_etag(conn: &Connection, url: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT timestamp_etag FROM sync_http WHERE id = 1 AND url = ?1",
            params![url],
            |r| r.get::<_, Option<String>>(0),
        )
        .optional()?
        .flatten()
        // An oversized validator stored by an older version is ignored (and replaced on commit).
        .filter(|e| e.len() <= super::http::MAX_VALIDATOR_BYTES))
}

fn metadata_file(conn: &Connection, path: &str) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .query_row("SELECT bytes FROM metadata_files WHERE path = ?1", params![path], |r| {
            r.get(0)
        })
        .optional()?)
}

/// The stored manifest, if the phone has one (it was verified when stored).
fn stored_manifest(conn: &Connection) -> Result<Option<metadata::Manifest>> {
    let seq = import::stored_seq(conn)?;
    let Some(seq) = seq else { return Ok(None) };
    let path = metadata::manifest_path(seq);
    match metadata_file(conn, &path)? {
        Some(bytes) => Ok(Some(
            serde_json::from_slice(&bytes).map_err(|e| VerifyError::malformed(&path, e))?,
        )),
        None => Ok(None),
    }
}

/// The stored manifest re-verified against `root`, with its scope (the publisher roles that
/// signed it), or `None` if the phone has none or `root` no longer accepts it.
fn stored_manifest_scoped(
    conn: &Connection,
    root: &TrustedRoot,
) -> Result<Option<(metadata::Manifest, Vec<metadata::PublisherRole>)>> {
    let Some(seq) = import::stored_seq(conn)? else {
        return Ok(None);
    };
    let path = metadata::manifest_path(seq);
    let json = metadata_file(conn, &path)?;
    let sig = metadata_file(conn, &metadata::signature_path(&path))?;
    let (Some(json), Some(sig)) = (json, sig) else {
        return Ok(None);
    };
    Ok(root.verify_manifest_scoped(&path, &json, &sig).ok())
}

/// The stored timestamp, re-verified against the current root and checked for expiry. Used when
/// the server answers 304: an attacker who freezes the phone by replaying "not modified" is
/// caught once the last timestamp expires.
fn check_stored_timestamp(conn: &Connection, pinned: &TrustedRoot, now: DateTime<Utc>) -> Result<Timestamp> {
    let json = metadata_file(conn, metadata::TIMESTAMP_PATH)?;
    let sig = metadata_file(conn, &metadata::signature_path(metadata::TIMESTAMP_PATH))?;
    let (Some(json), Some(sig)) = (json, sig) else {
        return Err(VerifyError::Missing {
            file: "stored timestamp.json".into(),
        }
        .into());
    };
    let root = import::current_root(conn, pinned)?;
    let ts = root.verify_timestamp(&json, &sig)?;
    check_expiry(metadata::TIMESTAMP_PATH, ts.expires, now)?;
    Ok(ts)
}

/// Room for SQLite's own bookkeeping during an apply (journal headers, a page or two of
/// metadata), on top of [`room_needed`]'s estimate.
const APPLY_MARGIN_BYTES: u64 = 256 * 1024;

/// The room an update needs on the volume, estimated before anything is downloaded:
/// * what is left to download of each object (bytes already in `staging` from an interrupted
///   attempt count as there; `None`: all of it), plus
/// * four times each object's signed decoded size: applying writes the records and their search
///   index, first into the write-ahead log, which SQLite then copies into the database, plus
/// * [`APPLY_MARGIN_BYTES`].
///
/// Measured: 3 MB of incompressible text with a new word every 9 bytes (the search index's worst
/// case) grew the database and its log by 14.8 MB, about five times; ordinary articles need less.
///
/// The estimate errs on the generous side; if the volume still fills up, ENOSPC is caught and
/// reported the same way.
fn room_needed(objects: &[&ObjectRef], staging: Option<&Path>) -> u64 {
    let mut room = APPLY_MARGIN_BYTES;
    for object in objects {
        let staged_len = |name: String| {
            staging
                .and_then(|dir| std::fs::metadata(dir.join(name)).ok())
                .map_or(0, |m| m.len())
        };
        let staged = staged_len(object.sha256.clone()).max(staged_len(format!("{}.part", object.sha256)));
        room = room
            .saturating_add(object.length.saturating_sub(staged))
            .saturating_add(object.decoded_length.saturating_mul(4));
    }
    room
}

/// How much must be freed for an update that needs `room` bytes, given what is free now. When the
/// estimate said it fits but the volume filled up anyway, ask for the whole estimate again.
fn shortfall(room: u64, free: Option<u64>) -> u64 {
    match free {
        Some(free) if free < room => room - free,
        _ => room,
    }
}

/// Runs one update from the repository at `url` into the database at `db`. Blocking; safe to run
/// while other connections read the database. Fails with [`Error::UpdateRunning`] if another
/// update of `db` is running, and with [`Error::StorageFull`] if the volume is too full (staged
/// files are deleted then; the content stays as it was).
pub fn sync(
    db: &Path,
    pinned: &TrustedRoot,
    url: &str,
    subscription: &Subscription,
    opts: &HttpOptions,
    progress: &dyn SyncProgress,
    cancel: &CancelToken,
) -> Result<SyncReport> {
    // Held until this function returns; the staging folder is this update's alone meanwhile.
    let _lock = UpdateLock::acquire(db)?;
    let mut room_from_scratch = None;
    match sync_locked(
        db,
        pinned,
        url,
        subscription,
        opts,
        progress,
        cancel,
        &mut room_from_scratch,
    ) {
        Err(e) if volume::is_storage_full(&e) => {
            // Partial and staged files only take room the user needs back; a later sync
            // downloads them again.
            let _ = std::fs::remove_dir_all(staging_dir(db));
            let needed_bytes = match (room_from_scratch, &e) {
                (Some(room), _) => shortfall(room, volume::free_bytes(db)),
                (None, Error::StorageFull { needed_bytes }) => *needed_bytes,
                (None, _) => APPLY_MARGIN_BYTES,
            };
            Err(Error::StorageFull { needed_bytes })
        }
        other => other,
    }
}

#[allow(clippy::too_many_arguments)]
fn sync_locked(
    db: &Path,
    pinned: &TrustedRoot,
    url: &str,
    subscription: &Subscription,
    opts: &HttpOptions,
    progress: &dyn SyncProgress,
    cancel: &CancelToken,
    room_from_scratch: &mut Option<u64>,
) -> Result<SyncReport> {
    let mut conn = store::open(db)?;
    let mut http = HttpRepo::new(url, opts.clone(), cancel.clone(), progress)?;
    let url = http.base_url().to_string();
    let staging = staging_dir(db);
    let device_now = Utc::now();
    let now = import::trusted_now(&conn, device_now)?;
    let policy = ImportPolicy {
        now: device_now,
        enforce_expiry: true,
    };

    let etag = stored_etag(&conn, &url)?;
    let mut fetched = http.fetch_conditional(metadata::TIMESTAMP_PATH, MAX_TIMESTAMP_BYTES, etag.as_deref())?;
    if http.validator_refused {
        // The server refused the stored ETag: forget it now, even if this sync fails later.
        conn.execute("UPDATE sync_http SET timestamp_etag = NULL WHERE id = 1", [])?;
    }
    if let Conditional::NotModified = fetched {
        let ts = check_stored_timestamp(&conn, pinned, now)?;
        let installed = import::installed_states(&conn)?;
        let root = import::current_root(&conn, pinned)?;
        let satisfied = match stored_manifest_scoped(&conn, &root)? {
            Some((m, scope)) if m.seq == ts.seq => {
                let plan = import::plan(&installed, &m, &scope, &|name| subscription.wants(name));
                let wanted = attachments::wanted(&conn, &m)?;
                plan.fetch.is_empty()
                    && plan.relabel.is_empty()
                    && plan.drop.is_empty()
                    && attachments::missing(&attachments::attachments_dir(db), &wanted).is_empty()
            }
            _ => false,
        };
        if satisfied {
            // Nothing to download: whatever an earlier, failed attempt staged is of no use.
            let _ = std::fs::remove_dir_all(&staging);
            return Ok(SyncReport {
                url,
                seq: ts.seq,
                previous_seq: Some(ts.seq),
                root_version: import::current_root(&conn, pinned)?.version(),
                published_at: stored_manifest(&conn)?.map(|m| m.published_at),
                up_to_date: true,
                not_modified: true,
                bytes_downloaded: http.downloaded,
                collections_updated: vec![],
                collections_removed: vec![],
                records: 0,
                attachments_fetched: 0,
                attachments_missing: 0,
                attachments_error: None,
                reports_sent: 0,
                reports_error: None,
            });
        }
        // The profile changed since the last sync: the full path fetches what is now needed.
        fetched = http.fetch_conditional(metadata::TIMESTAMP_PATH, MAX_TIMESTAMP_BYTES, None)?;
    }
    let Conditional::Fetched { bytes, etag } = fetched else {
        return Err(
            VerifyError::malformed(metadata::TIMESTAMP_PATH, "the server answered 304 without being asked").into(),
        );
    };
    http.preload(metadata::TIMESTAMP_PATH, bytes);
    let state = import::verify_metadata(&conn, pinned, &mut http, policy)?;
    let installed = import::installed_states(&conn)?;
    let import::Plan {
        fetch: to_fetch,
        relabel: to_relabel,
        drop: to_drop,
    } = import::plan(&installed, &state.manifest, &state.scope, &|name| {
        subscription.wants(name)
    });

    // What to fetch for each collection: a delta from the installed version if offered. Whether
    // the phone's copy under that number is the delta's base is proven by the signed digest
    // after applying (else: the full object).
    let chosen: Vec<_> = to_fetch
        .into_iter()
        .map(|(name, entry, have)| {
            let delta = have.and_then(|v| entry.deltas.get(&v.to_string()).cloned());
            let (method, object) = match delta {
                Some(d) => (UpdateMethod::Delta, d),
                None => (UpdateMethod::Full, entry.full.clone()),
            };
            (name, entry, have, method, object)
        })
        .collect();

    // Refuse up front, before filling the phone with a download that cannot be applied.
    let objects: Vec<&ObjectRef> = chosen.iter().map(|c| &c.4).collect();
    let needed = room_needed(&objects, Some(&staging));
    // What to ask the user to free if the staging has to be deleted after all.
    *room_from_scratch = Some(room_needed(&objects, None));
    if !chosen.is_empty() {
        if let Some(free) = volume::free_bytes(db) {
            if free < needed {
                return Err(Error::StorageFull {
                    needed_bytes: needed - free,
                });
            }
        }
    }

    // Download and check everything before the database is touched.
    let mut steps = Vec::new();
    for (name, entry, have, method, object) in chosen {
        let before = http.downloaded;
        let (method, object, file, fell_back) = match http.download(&object.file(), Some(&name), &staging) {
            Ok(file) => (method, object, file, false),
            // A delta the server does not have or that does not match its signed hash or
            // length: the full object is as good.
            Err(Error::Rejected(_)) if method == UpdateMethod::Delta => {
                let full = entry.full.clone();
                let file = http.download(&full.file(), Some(&name), &staging)?;
                (UpdateMethod::Full, full, file, true)
            }
            Err(e) => return Err(e),
        };
        steps.push(Step {
            name,
            from_version: have,
            method,
            object,
            file,
            bytes_downloaded: http.downloaded - before,
            fell_back,
            entry,
        });
    }

    let records = loop {
        http.check_cancelled()?;
        match apply(
            &mut conn,
            &state,
            &steps,
            &to_relabel,
            &to_drop,
            &url,
            etag.as_deref(),
            device_now,
            progress,
            &http,
        )? {
            Applied::Done(n) => break n,
            Applied::DeltaMismatch(index) => {
                // The delta did not reproduce the signed state (the phone's copy had drifted, or
                // the delta is wrong or malformed): fetch the full object and apply again, once.
                let step = &mut steps[index];
                if step.method == UpdateMethod::Full {
                    return Err(VerifyError::DigestMismatch {
                        collection: step.name.clone(),
                    }
                    .into());
                }
                let before = http.downloaded;
                step.file = http.download(&step.entry.full.file(), Some(&step.name), &staging)?;
                step.method = UpdateMethod::Full;
                step.object = step.entry.full.clone();
                step.bytes_downloaded += http.downloaded - before;
                step.fell_back = true;
            }
        }
    };
    // Applied: the staged files are no longer needed, nor any stale parts from older attempts.
    let _ = std::fs::remove_dir_all(&staging);

    // Content is committed; attachments follow and never undo it.
    let wanted = attachments::wanted(&conn, &state.manifest)?;
    let attachments_dir = attachments::attachments_dir(db);
    let (attachments_fetched, attachments_error) =
        match attachments::sync_attachments(&mut http, &staging, &attachments_dir, &wanted) {
            Ok(n) => (n, None),
            Err(e) => (0, Some(e.to_string())),
        };
    let attachments_missing = attachments::missing(&attachments_dir, &wanted).len() as u64;
    if attachments_error.is_none() {
        let _ = std::fs::remove_dir_all(&staging);
    }

    let up_to_date = steps.is_empty()
        && to_relabel.is_empty()
        && to_drop.is_empty()
        && attachments_fetched == 0
        && state.previous_seq == Some(state.manifest.seq);
    Ok(SyncReport {
        url,
        seq: state.manifest.seq,
        previous_seq: state.previous_seq,
        root_version: state.root.version(),
        published_at: Some(state.manifest.published_at),
        up_to_date,
        not_modified: false,
        bytes_downloaded: http.downloaded,
        collections_updated: steps
            .into_iter()
            .map(|s| CollectionUpdate {
                name: s.name,
                from_version: s.from_version,
                to_version: s.entry.version,
                method: s.method,
                object_bytes: s.object.length,
                bytes_downloaded: s.bytes_downloaded,
                fell_back_to_full: s.fell_back,
            })
            .collect(),
        collections_removed: to_drop,
        records,
        attachments_fetched,
        attachments_missing,
        attachments_error,
        reports_sent: 0,
        reports_error: None,
    })
}

enum Applied {
    Done(u64),
    /// The step at this index was a delta that could not be applied: malformed, not for the
    /// installed version, or its result did not match the signed digest.
    DeltaMismatch(usize),
}

/// The one transaction. Returns without committing if a delta fails its digest.
#[allow(clippy::too_many_arguments)]
fn apply(
    conn: &mut Connection,
    state: &VerifiedState,
    steps: &[Step],
    to_relabel: &[(String, CollectionEntry)],
    to_drop: &[String],
    url: &str,
    etag: Option<&str>,
    device_now: DateTime<Utc>,
    progress: &dyn SyncProgress,
    http: &HttpRepo,
) -> Result<Applied> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Another update may have committed while this one was downloading.
    if let Some(have) = import::stored_seq(&tx)? {
        if have > state.manifest.seq && !state.floor_reset {
            return Err(VerifyError::Rollback {
                what: "repository sequence".into(),
                have,
                got: state.manifest.seq,
            }
            .into());
        }
    }
    let installed = import::installed_collections(&tx)?;
    for step in steps {
        if installed.get(&step.name).map(|(_, v)| *v) != step.from_version {
            return Err(Error::Io(std::io::Error::other(
                "another update changed the content meanwhile; run the update again",
            )));
        }
    }
    let mut records = 0;
    for (index, step) in steps.iter().enumerate() {
        if http.check_cancelled().is_err() {
            return Err(cancelled());
        }
        progress.on_progress(&SyncProgressEvent {
            stage: SyncStage::Apply,
            file: step.object.path.clone(),
            collection: Some(step.name.clone()),
            file_bytes: step.object.length,
            file_total: Some(step.object.length),
            downloaded: http.downloaded,
        });
        let bytes = std::fs::read(&step.file)?;
        // The staged file was checked when it arrived; check again in case it changed on disk.
        super::verify::check_file(&step.object.file(), &bytes)?;
        match step.method {
            UpdateMethod::Full => records += import::apply_full_object(&tx, &step.name, &step.entry, &bytes)?,
            UpdateMethod::Delta => {
                let base = step.from_version.unwrap_or(0);
                match apply_delta(&tx, &step.name, &step.entry, base, &step.object, &bytes) {
                    Ok(n) => records += n,
                    // Anything wrong with the delta itself (bad header, bad line, bad record, wrong
                    // digest): roll back and take the full object. Storage and I/O failures are
                    // not the delta's fault and end the sync.
                    Err(Error::Rejected(_) | Error::InvalidInput(_) | Error::NotFound(_)) => {
                        drop(tx);
                        return Ok(Applied::DeltaMismatch(index));
                    }
                    Err(e) => return Err(e),
                }
            }
        }
    }
    for (name, entry) in to_relabel {
        import::relabel_collection(&tx, name, entry)?;
    }
    for name in to_drop {
        let kind = ContentKind::from_collection(name)
            .ok_or_else(|| VerifyError::malformed(name, "unknown installed collection"))?;
        content::delete_collection(&tx, kind, name)?;
        tx.execute("DELETE FROM collections WHERE name = ?1", params![name])?;
    }
    import::write_sync_state(&tx, state, device_now)?;
    tx.execute(
        "INSERT OR REPLACE INTO sync_http (id, url, timestamp_etag, checked_at) VALUES (1, ?1, ?2, ?3)",
        params![url, etag, Utc::now().to_rfc3339()],
    )?;
    tx.commit()?;
    Ok(Applied::Done(records))
}

/// Applies a delta (upserts and deletes from version `base`) and checks the signed digest.
pub fn apply_delta(
    conn: &Connection,
    name: &str,
    entry: &CollectionEntry,
    base: u64,
    object: &ObjectRef,
    bytes: &[u8],
) -> Result<u64> {
    let mut reader = ObjectReader::open(&object.path, bytes, object.decoded_length)?;
    let h = &reader.header;
    if h.collection != name || h.kind != entry.kind || h.version != entry.version || h.base_version != Some(base) {
        return Err(VerifyError::malformed(&object.path, "delta header does not match the manifest").into());
    }
    let mut n = 0;
    while let Some(op) = reader.next_op()? {
        match op {
            Op::Upsert(json) => content::upsert(conn, entry.kind, name, &json)?,
            Op::Delete(id) => content::delete(conn, entry.kind, name, &id)?,
        }
        n += 1;
    }
    import::finish_collection(conn, name, entry)?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(sha: char, length: u64, decoded_length: u64) -> ObjectRef {
        let sha256 = sha.to_string().repeat(64);
        ObjectRef {
            path: format!("objects/{sha256}"),
            sha256,
            length,
            decoded_length,
        }
    }

    #[test]
    fn room_counts_what_is_left_to_download_and_four_times_what_is_applied() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (object('a', 1_000, 5_000), object('b', 2_000, 9_000));
        let from_scratch = APPLY_MARGIN_BYTES + 1_000 + 20_000 + 2_000 + 36_000;
        assert_eq!(room_needed(&[&a, &b], None), from_scratch);
        // 600 bytes of `a` arrived before a cut; `b` is complete.
        std::fs::write(dir.path().join(format!("{}.part", a.sha256)), vec![0; 600]).unwrap();
        std::fs::write(dir.path().join(&b.sha256), vec![0; 2_000]).unwrap();
        assert_eq!(room_needed(&[&a, &b], Some(dir.path())), from_scratch - 600 - 2_000);
    }

    #[test]
    fn the_shortfall_is_what_is_missing_or_the_whole_estimate_if_it_was_wrong() {
        assert_eq!(shortfall(1_000, Some(400)), 600);
        assert_eq!(shortfall(1_000, Some(5_000)), 1_000);
        assert_eq!(shortfall(1_000, None), 1_000);
    }
}
