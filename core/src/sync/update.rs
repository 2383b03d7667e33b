//! A content update over HTTP, end to end:
//!
//! 1. `timestamp.json` with `If-None-Match` — on a 2G link an unchanged repository costs one
//!    small request. An unchanged timestamp is still checked for expiry (freeze attack).
//! 2. Root chain, timestamp and manifest verified ([`import::verify_metadata`]): signatures,
//!    thresholds, scoped publisher keys, hashes, lengths, expiry, no rollback.
//! 3. For each subscribed collection whose signed `state_digest` differs from the one the phone
//!    holds (content identity, never version numbers alone; see [`import::plan`]): a delta from
//!    the installed version if the
//!    manifest offers one, else the full object — downloaded resumably and hash-checked into the
//!    staging folder `<db>.sync/` before the database is touched.
//! 4. One `BEGIN IMMEDIATE` transaction applies everything, recomputes each collection's
//!    `state_digest` against the signed one, drops collections the profile no longer needs, and
//!    writes the sync state. A delta that does not produce the signed digest is rolled back and
//!    replaced by the full object. User tables are never touched.
//!
//! The update runs on its own connection (WAL), so readers are never blocked by the network.

use super::attachments;
use super::http::{cancelled, Conditional, HttpOptions, HttpRepo, SyncProgress, SyncProgressEvent, SyncStage};
use super::import::{self, ImportPolicy, VerifiedState};
use super::metadata::{self, CollectionEntry, ObjectRef, Timestamp};
use super::object::{ObjectReader, Op};
use super::subscription::Subscription;
use super::verify::{check_expiry, TrustedRoot};
use super::{VerifyError, MAX_TIMESTAMP_BYTES};
use crate::model::ContentKind;
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
        .flatten())
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

/// Runs one update from the repository at `url` into the database at `db`. Blocking; safe to run
/// while other connections read the database.
pub fn sync(
    db: &Path,
    pinned: &TrustedRoot,
    url: &str,
    subscription: &Subscription,
    opts: &HttpOptions,
    progress: &dyn SyncProgress,
    cancel: &CancelToken,
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

    // Download and check everything before the database is touched.
    let mut steps = Vec::new();
    for (name, entry, have) in to_fetch {
        // A delta is offered from a version number; whether the phone's copy under that number is
        // the delta's base is proven by the signed digest after applying (else: the full object).
        let delta = have.and_then(|v| entry.deltas.get(&v.to_string()).cloned());
        let (method, object) = match delta {
            Some(d) => (UpdateMethod::Delta, d),
            None => (UpdateMethod::Full, entry.full.clone()),
        };
        let before = http.downloaded;
        let file = http.download(&object.file(), Some(&name), &staging)?;
        steps.push(Step {
            name,
            from_version: have,
            method,
            object,
            file,
            bytes_downloaded: http.downloaded - before,
            fell_back: false,
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
                // the delta is wrong): fetch the full object and apply again, once.
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
    /// The step at this index was a delta whose result did not match the signed digest.
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
                    Err(Error::Rejected(VerifyError::DigestMismatch { .. })) => {
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
