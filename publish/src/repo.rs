//! Building the signed static repository from a content folder, and packing it into a `.safar`
//! bundle. The layout is described in `safar_core::sync::metadata`.

use crate::keys::{sign_all, SecretKey};
use crate::source::ContentSet;
use crate::{
    check_days, history, lint, PublishError, Severity, MAX_DELTA_HISTORY, MAX_MANIFEST_EXPIRY_DAYS,
    MAX_TIMESTAMP_EXPIRY_DAYS,
};
use chrono::{DateTime, Duration, Utc};
use safar_core::model::ContentKind;
use safar_core::sync::bundle::{Bundle, BundleWriter};
use safar_core::sync::digest::{sha256_hex, StateDigest};
use safar_core::sync::metadata::{
    self, CollectionEntry, FileRef, Manifest, ObjectRef, PublisherRole, Role, Roles, Root, Timestamp, MANIFEST_TYPE,
    ROOT_TYPE, TIMESTAMP_TYPE,
};
use safar_core::sync::object::{self, ObjectHeader, Op, OBJECT_FORMAT};
use safar_core::sync::{partition, paths, RepoSource};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub(crate) fn read(path: &Path) -> Result<Vec<u8>, PublishError> {
    std::fs::read(path).map_err(|e| PublishError::io(path, e))
}

pub(crate) fn write(path: &Path, bytes: &[u8]) -> Result<(), PublishError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| PublishError::io(dir, e))?;
    }
    // Written aside and renamed, so a server never hands out half a file.
    let mut tmp_name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    tmp_name.push(".tmp");
    let tmp = path.with_file_name(tmp_name);
    std::fs::write(&tmp, bytes).map_err(|e| PublishError::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| PublishError::io(path, e))
}

// ---------------------------------------------------------------------------------------------
// Keys folder: root-1..3, timestamp and publisher keys, and the signed root/1.json.

/// What `keygen` created.
#[derive(Debug, Serialize)]
pub struct KeygenReport {
    pub dir: PathBuf,
    pub root_keys: Vec<String>,
    pub timestamp_key: String,
    pub publisher_key: String,
    pub root_threshold: u32,
}

/// Creates a complete keys folder: three root keys (threshold 2), a timestamp key, a publisher
/// key allowed to sign every collection, and `root/1.json` signed by all three root keys.
/// In production the root keys are then moved offline (see `publish/README.md`).
pub fn keygen(dir: &Path, now: DateTime<Utc>, root_expiry_days: i64) -> Result<KeygenReport, PublishError> {
    check_days(
        "--root-expiry-days",
        root_expiry_days,
        crate::MAX_ROOT_EXPIRY_DAYS,
        "keys are reviewed at least every ten years",
    )?;
    std::fs::create_dir_all(dir).map_err(|e| PublishError::io(dir, e))?;
    if dir.join("root").exists() || dir.join("publisher.key").exists() {
        return Err(PublishError::Invalid(format!(
            "{} already holds keys; refusing to overwrite them",
            dir.display()
        )));
    }
    let roots: Vec<SecretKey> = (0..3).map(|_| SecretKey::generate()).collect::<Result<_, _>>()?;
    let timestamp = SecretKey::generate()?;
    let publisher = SecretKey::generate()?;
    for (n, key) in roots.iter().enumerate() {
        key.save(dir, &format!("root-{}", n + 1))?;
    }
    timestamp.save(dir, "timestamp")?;
    publisher.save(dir, "publisher")?;

    let id = |k: &SecretKey| k.id.to_hex();
    let mut keys = BTreeMap::new();
    for k in roots.iter().chain([&timestamp, &publisher]) {
        keys.insert(id(k), k.public_key().to_base64());
    }
    let root = Root {
        kind: ROOT_TYPE.into(),
        version: 1,
        expires: now + Duration::days(root_expiry_days),
        keys,
        roles: Roles {
            root: Role {
                keys: roots.iter().map(id).collect(),
                threshold: 2,
            },
            timestamp: Role {
                keys: vec![id(&timestamp)],
                threshold: 1,
            },
            publishers: vec![PublisherRole {
                name: "publisher".into(),
                keys: vec![id(&publisher)],
                threshold: 1,
                collections: vec!["*".into()],
            }],
        },
    };
    let signers: Vec<&SecretKey> = roots.iter().collect();
    sign_root(dir, &root, &signers, now)?;
    Ok(KeygenReport {
        dir: dir.to_path_buf(),
        root_keys: roots.iter().map(id).collect(),
        timestamp_key: id(&timestamp),
        publisher_key: id(&publisher),
        root_threshold: 2,
    })
}

/// Writes `root/<version>.json` and its signatures into a keys folder.
pub fn sign_root(dir: &Path, root: &Root, signers: &[&SecretKey], now: DateTime<Utc>) -> Result<(), PublishError> {
    let json = to_json(root)?;
    let path = metadata::root_path(root.version);
    write(&dir.join(&path), &json)?;
    write(
        &dir.join(metadata::signature_path(&path)),
        sign_all(signers, &json, &path, now.timestamp()).as_bytes(),
    )
}

pub(crate) fn to_json<T: Serialize>(value: &T) -> Result<Vec<u8>, PublishError> {
    let mut v = serde_json::to_vec_pretty(value).map_err(|e| PublishError::Invalid(e.to_string()))?;
    v.push(b'\n');
    Ok(v)
}

/// One `root/<version>.json`: (version, json, signatures).
pub type RootFile = (u32, Vec<u8>, Vec<u8>);

/// The keys folder's root files, oldest first.
pub fn root_files(keys_dir: &Path) -> Result<Vec<RootFile>, PublishError> {
    let dir = keys_dir.join("root");
    let entries = std::fs::read_dir(&dir).map_err(|e| PublishError::io(&dir, e))?;
    let mut versions: Vec<u32> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str()?.strip_suffix(".json")?.parse().ok())
        .collect();
    versions.sort_unstable();
    if versions.first() != Some(&1) || versions.windows(2).any(|w| w[1] != w[0] + 1) {
        return Err(PublishError::Invalid(format!(
            "{} must hold root/1.json, root/2.json, … without gaps",
            dir.display()
        )));
    }
    versions
        .into_iter()
        .map(|v| {
            let path = keys_dir.join(metadata::root_path(v));
            Ok((
                v,
                read(&path)?,
                read(&keys_dir.join(metadata::signature_path(&metadata::root_path(v))))?,
            ))
        })
        .collect()
}

/// Loads every `*.key` in the folder whose public key the current root names for `role_keys`.
pub(crate) fn keys_for(keys_dir: &Path, role_keys: &[String]) -> Result<Vec<SecretKey>, PublishError> {
    let entries = std::fs::read_dir(keys_dir).map_err(|e| PublishError::io(keys_dir, e))?;
    let mut found = Vec::new();
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.extension().and_then(|e| e.to_str()) == Some("key") {
            let key = SecretKey::load(&path)?;
            if role_keys.contains(&key.id.to_hex()) {
                found.push(key);
            }
        }
    }
    Ok(found)
}

// ---------------------------------------------------------------------------------------------
// Build.

pub struct BuildOptions {
    pub content: PathBuf,
    pub out: PathBuf,
    pub keys: PathBuf,
    pub now: DateTime<Utc>,
    pub timestamp_expiry_days: i64,
    pub manifest_expiry_days: i64,
    /// Where phones send problem reports: an http(s) URL, or a path relative to the repository
    /// URL (default `feedback`, which `safar serve` answers). `None`: no reports.
    pub feedback_url: Option<String>,
    /// Deltas are published from this many earlier versions of each changed collection.
    pub delta_history: usize,
    /// A new (empty) `out` continues this history instead of starting at seq 1: the default
    /// bundle an app ships and the field repository must be one history, or phones would meet
    /// two different manifests with the same sequence number.
    pub continue_from: Option<HistorySource>,
}

/// Where a new repository's history comes from (`--continue-from`).
pub enum HistorySource {
    /// A `.safar` bundle file or a repository folder.
    Path(PathBuf),
    /// A bundle held in memory (the app's built-in default).
    Bundle { name: String, bytes: Vec<u8> },
}

impl HistorySource {
    fn name(&self) -> String {
        match self {
            HistorySource::Path(p) => p.display().to_string(),
            HistorySource::Bundle { name, .. } => name.clone(),
        }
    }
}

/// The feedback endpoint a repository names unless told otherwise: `safar serve`'s, relative to
/// wherever the repository is served.
pub const DEFAULT_FEEDBACK_URL: &str = "feedback";

impl BuildOptions {
    pub fn new(content: impl Into<PathBuf>, out: impl Into<PathBuf>, keys: impl Into<PathBuf>) -> Self {
        BuildOptions {
            content: content.into(),
            out: out.into(),
            keys: keys.into(),
            now: Utc::now(),
            timestamp_expiry_days: 14,
            manifest_expiry_days: 365,
            feedback_url: Some(DEFAULT_FEEDBACK_URL.into()),
            delta_history: 3,
            continue_from: None,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct CollectionReport {
    pub name: String,
    pub version: u64,
    pub records: u64,
    pub changed: bool,
    /// Earlier versions a phone can update from with a delta.
    pub deltas_from: Vec<u64>,
    /// Set when the collection is delegated to this scoped publisher role, whose key is not in
    /// the keys folder: the repository's copy was carried forward and the content folder's ignored.
    pub kept_for: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct BuildReport {
    pub out: PathBuf,
    pub seq: u64,
    /// Nothing changed since the last build: the repository was left as it was.
    pub unchanged: bool,
    pub collections: Vec<CollectionReport>,
    /// Collections in the content folder that no publisher key at hand may sign: left out of
    /// the manifest (phones keep what they have of them).
    pub outside_scope: Vec<String>,
    /// The history this new repository continued (`--continue-from`).
    pub continued_from: Option<String>,
    pub warnings: usize,
}

/// Refuses a feedback address phones could not use: it must be an absolute http(s) URL or a
/// plain path relative to the repository URL (`feedback`, `api/reports`).
pub fn check_feedback_url(url: &str) -> Result<String, PublishError> {
    let bad = || {
        PublishError::Invalid(format!(
            "--feedback-url '{url}' is not an http(s) address or a relative path: give e.g. https://example.org/feedback, feedback, or none"
        ))
    };
    if url.is_empty() || url.len() > 300 || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad());
    }
    if let Some(rest) = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")) {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        // No credentials in a URL every phone receives.
        if host.is_empty() || host.contains('@') || rest.contains(' ') {
            return Err(bad());
        }
        return Ok(url.to_string());
    }
    let plain_path = !url.starts_with("//")
        && !url.split('/').any(|seg| seg == "..")
        && url.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~/".contains(&b));
    if plain_path {
        Ok(url.to_string())
    } else {
        Err(bad())
    }
}

/// Records of one collection, sorted by id, as the JSON lines that will be signed.
struct Collection {
    kind: ContentKind,
    tags: BTreeMap<String, String>,
    records: BTreeMap<String, String>,
}

fn partition_content(set: &ContentSet) -> Result<BTreeMap<String, Collection>, PublishError> {
    let mut out: BTreeMap<String, Collection> = BTreeMap::new();
    let mut add = |name: String, kind: ContentKind, tag: (&str, String), id: &str, json: String| {
        let c = out.entry(name).or_insert_with(|| Collection {
            kind,
            tags: BTreeMap::new(),
            records: BTreeMap::new(),
        });
        c.tags.insert(tag.0.to_string(), tag.1);
        c.records.insert(id.to_string(), json);
    };
    for a in &set.articles {
        add(
            partition::article(a),
            ContentKind::Article,
            ("lang", a.lang.clone()),
            &a.id,
            to_line(a)?,
        );
    }
    for h in &set.hotlines {
        add(
            partition::hotline(h),
            ContentKind::Hotline,
            ("country", h.country.to_string()),
            &h.id,
            to_line(h)?,
        );
    }
    for s in &set.services {
        add(
            partition::service(s),
            ContentKind::Service,
            ("country", s.country.to_string()),
            &s.id,
            to_line(s)?,
        );
    }
    for q in &set.quotes {
        add(
            partition::remittance(q),
            ContentKind::Remittance,
            ("country", q.send_country.to_string()),
            &q.id,
            to_line(q)?,
        );
    }
    for c in &set.checklist {
        let name = partition::checklist(c);
        let country = name.rsplit('/').next().unwrap_or("all").to_ascii_uppercase();
        add(name, ContentKind::Checklist, ("country", country), &c.id, to_line(c)?);
    }
    Ok(out)
}

/// A model record as the one JSON line that will be signed.
fn to_line<T: Serialize>(record: &T) -> Result<String, PublishError> {
    serde_json::to_string(record).map_err(|e| PublishError::Invalid(e.to_string()))
}

/// The manifest currently published in `out`, if any.
pub fn current_manifest(out: &Path) -> Result<Option<Manifest>, PublishError> {
    let ts_path = out.join(metadata::TIMESTAMP_PATH);
    if !ts_path.exists() {
        return Ok(None);
    }
    let ts: Timestamp = serde_json::from_slice(&read(&ts_path)?)
        .map_err(|e| PublishError::Invalid(format!("{}: {e}", ts_path.display())))?;
    let m_path = out.join(&ts.manifest.path);
    let manifest = serde_json::from_slice(&read(&m_path)?)
        .map_err(|e| PublishError::Invalid(format!("{}: {e}", m_path.display())))?;
    Ok(Some(manifest))
}

/// The publisher keys a build can sign with: every role of the newest root whose threshold of
/// keys is in the keys folder. Their patterns are the build's scope.
struct Signing<'r> {
    roles: Vec<&'r PublisherRole>,
    keys: Vec<SecretKey>,
}

impl<'r> Signing<'r> {
    fn from_keys(root: &'r Root, keys_dir: &Path) -> Result<Signing<'r>, PublishError> {
        let mut signing = Signing {
            roles: vec![],
            keys: vec![],
        };
        for role in &root.roles.publishers {
            let found = keys_for(keys_dir, &role.keys)?;
            if (found.len() as u32) < role.threshold {
                continue;
            }
            signing.roles.push(role);
            for key in found {
                if !signing.keys.iter().any(|k| k.id == key.id) {
                    signing.keys.push(key);
                }
            }
        }
        Ok(signing)
    }

    /// A collection this build may sign.
    fn covers(&self, name: &str) -> bool {
        self.roles.iter().any(|r| r.covers(name))
    }
}

/// The scoped publisher role (not `*`) whose key is not at hand and that covers `name`: that
/// office owns the collection, so a build without its key carries the repository's copy forward.
fn delegated_to<'r>(root: &'r Root, signing: &Signing, name: &str) -> Option<&'r PublisherRole> {
    root.roles.publishers.iter().find(|role| {
        !signing.roles.iter().any(|r| r.name == role.name)
            && !role.collections.iter().any(|p| p == "*")
            && role.covers(name)
    })
}

/// Lints the content, and if it has no errors, publishes it into `out`: new objects for changed
/// collections, a new manifest with the next sequence number, a new timestamp, and the root chain
/// from the keys folder. Only collections the publisher keys at hand may sign are listed; a
/// manifest whose signers the newest root no longer lists is re-signed under a new number.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, PublishError> {
    check_days(
        "--timestamp-expiry-days",
        opts.timestamp_expiry_days,
        MAX_TIMESTAMP_EXPIRY_DAYS,
        "phones notice withheld updates only once the timestamp expires",
    )?;
    check_days(
        "manifest expiry",
        opts.manifest_expiry_days,
        MAX_MANIFEST_EXPIRY_DAYS,
        "content is re-signed at least yearly",
    )?;
    if opts.delta_history > MAX_DELTA_HISTORY {
        return Err(PublishError::Invalid(format!(
            "--delta-history {} is out of range: use 0 to {MAX_DELTA_HISTORY}",
            opts.delta_history
        )));
    }
    let feedback_url = opts.feedback_url.as_deref().map(check_feedback_url).transpose()?;
    let (set, diagnostics) = lint::lint(&opts.content, opts.now.date_naive());
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    if errors > 0 {
        return Err(PublishError::ContentErrors(errors));
    }
    let settings = set
        .settings
        .clone()
        .ok_or_else(|| PublishError::Invalid("the content folder has no safar.toml".into()))?;

    let roots = root_files(&opts.keys)?;
    let (_, root_json, _) = roots.last().expect("root_files returns at least root/1.json");
    let root: Root =
        serde_json::from_slice(root_json).map_err(|e| PublishError::Invalid(format!("newest root: {e}")))?;
    let signing = Signing::from_keys(&root, &opts.keys)?;
    let timestamp_keys = keys_for(&opts.keys, &root.roles.timestamp.keys)?;
    if signing.keys.is_empty() || (timestamp_keys.len() as u32) < root.roles.timestamp.threshold {
        return Err(PublishError::Invalid(format!(
            "{} has no publisher or timestamp key named in root/{}.json",
            opts.keys.display(),
            root.version
        )));
    }

    let continued_from = match &opts.continue_from {
        Some(source) => {
            continue_history(source, &opts.out, &roots[0].1, &opts.keys)?;
            Some(source.name())
        }
        None => None,
    };
    let previous = current_manifest(&opts.out)?;
    let history = history::collection_history(&opts.out)?;
    let latest = history::latest_entries(&opts.out)?;
    let collections = partition_content(&set)?;
    let mut entries = BTreeMap::new();
    let mut reports = Vec::new();
    let mut outside_scope = Vec::new();
    for (name, c) in &collections {
        if !signing.covers(name) {
            outside_scope.push(name.clone());
            continue;
        }
        let before = latest.get(name);
        if let (Some(role), Some(kept)) = (delegated_to(&root, &signing, name), before) {
            reports.push(CollectionReport {
                name: name.clone(),
                version: kept.version,
                records: kept.count,
                changed: false,
                deltas_from: vec![],
                kept_for: Some(role.name.clone()),
            });
            entries.insert(name.clone(), kept.clone());
            continue;
        }
        let mut digest = StateDigest::default();
        for (id, json) in &c.records {
            digest.add(id, json);
        }
        let state_digest = digest.finish_hex();
        let unchanged = before.filter(|b| b.state_digest == state_digest && b.kind == c.kind);
        let entry = match unchanged {
            Some(b) => b.clone(),
            None => {
                let version = before.map_or(1, |b| b.version + 1);
                let header = ObjectHeader {
                    format: OBJECT_FORMAT.into(),
                    collection: name.clone(),
                    kind: c.kind,
                    version,
                    base_version: None,
                };
                let ops: Vec<Op> = c.records.values().map(|j| Op::Upsert(j.clone())).collect();
                let full = write_object(&opts.out, &header, &ops)?;
                let earlier = history.get(name).cloned().unwrap_or_default();
                let deltas =
                    history::write_deltas(&opts.out, &header, &c.records, &earlier, &full, opts.delta_history)?;
                CollectionEntry {
                    kind: c.kind,
                    version,
                    tags: c.tags.clone(),
                    count: c.records.len() as u64,
                    full,
                    deltas,
                    state_digest,
                }
            }
        };
        reports.push(CollectionReport {
            name: name.clone(),
            version: entry.version,
            records: entry.count,
            changed: unchanged.is_none(),
            deltas_from: entry.deltas.keys().filter_map(|v| v.parse().ok()).collect(),
            kept_for: None,
        });
        entries.insert(name.clone(), entry);
    }
    // An office's collections the central content folder does not even have are carried too.
    for (name, kept) in &latest {
        if entries.contains_key(name) || !signing.covers(name) {
            continue;
        }
        if let Some(role) = delegated_to(&root, &signing, name) {
            reports.push(CollectionReport {
                name: name.clone(),
                version: kept.version,
                records: kept.count,
                changed: false,
                deltas_from: vec![],
                kept_for: Some(role.name.clone()),
            });
            entries.insert(name.clone(), kept.clone());
        }
    }
    reports.sort_by(|a, b| a.name.cmp(&b.name));

    // Unchanged: same settings, the same entries for every collection this build may sign, and a
    // manifest still signed by keys the newest root lists (after a key rotation it must be
    // re-signed, or phones that walked to the new root refuse it).
    let current_publisher_keys: Vec<&String> = root.roles.publishers.iter().flat_map(|p| p.keys.iter()).collect();
    let still_signed = match &previous {
        Some(m) => history::manifest_signers(&opts.out, m.seq)?
            .iter()
            .all(|id| current_publisher_keys.contains(&id)),
        None => false,
    };
    let settings_same = still_signed
        && previous.as_ref().is_some_and(|m| {
            let covered: BTreeMap<String, CollectionEntry> = m
                .collections
                .iter()
                .filter(|(name, _)| signing.covers(name))
                .map(|(name, entry)| (name.clone(), entry.clone()))
                .collect();
            m.repository == settings.name
                && m.sample == settings.sample
                && m.stale_after_days == settings.stale_after_days
                && m.remittance_stale_after_days == settings.remittance_stale_after_days
                && m.feedback_url == feedback_url
                && covered == entries
        });
    copy_roots(&roots, &opts.out)?;
    let warnings = diagnostics.len();
    if let (true, Some(previous)) = (settings_same, &previous) {
        if continued_from.is_some() {
            // The continued history's timestamp may be old: make the new repository servable.
            let m_path = metadata::manifest_path(previous.seq);
            let m_json = read(&opts.out.join(&m_path))?;
            write_timestamp(
                &opts.out,
                &timestamp_keys,
                previous.seq,
                root.version,
                &m_path,
                &m_json,
                opts.now,
                opts.timestamp_expiry_days,
            )?;
        }
        return Ok(BuildReport {
            out: opts.out.clone(),
            seq: previous.seq,
            unchanged: true,
            collections: reports,
            outside_scope,
            continued_from,
            warnings,
        });
    }

    // Monotonic even if timestamp.json was restored from an older copy: never reuse a number.
    let highest = previous
        .as_ref()
        .map_or(0, |m| m.seq)
        .max(history::highest_manifest_seq(&opts.out)?);
    let seq = highest.checked_add(1).ok_or_else(|| {
        PublishError::Invalid(format!(
            "{}: manifests/{highest}.json leaves no next sequence number; remove forged manifests (see the compromised-key runbook)",
            opts.out.display()
        ))
    })?;
    let manifest = Manifest {
        kind: MANIFEST_TYPE.into(),
        seq,
        published_at: opts.now,
        expires: opts.now + Duration::days(opts.manifest_expiry_days),
        repository: settings.name.clone(),
        sample: settings.sample,
        stale_after_days: settings.stale_after_days,
        remittance_stale_after_days: settings.remittance_stale_after_days,
        feedback_url,
        collections: entries,
        attachments: BTreeMap::new(),
    };
    let m_path = metadata::manifest_path(seq);
    let m_json = to_json(&manifest)?;
    let signers: Vec<&SecretKey> = signing.keys.iter().collect();
    write(&opts.out.join(&m_path), &m_json)?;
    write(
        &opts.out.join(metadata::signature_path(&m_path)),
        sign_all(&signers, &m_json, &m_path, opts.now.timestamp()).as_bytes(),
    )?;
    write_timestamp(
        &opts.out,
        &timestamp_keys,
        seq,
        root.version,
        &m_path,
        &m_json,
        opts.now,
        opts.timestamp_expiry_days,
    )?;
    Ok(BuildReport {
        out: opts.out.clone(),
        seq,
        unchanged: false,
        collections: reports,
        outside_scope,
        continued_from,
        warnings,
    })
}

/// Fills an empty repository folder with the history of a bundle or repository published under
/// the same trust root, so the next build continues its sequence numbers and versions. Checks
/// everything before writing anything.
fn continue_history(
    source: &HistorySource,
    out: &Path,
    keys_root_1: &[u8],
    keys_dir: &Path,
) -> Result<(), PublishError> {
    let files = match source {
        HistorySource::Bundle { name, bytes } => bundle_files(name, bytes)?,
        HistorySource::Path(path) if path.is_dir() => repository_files(path)?,
        HistorySource::Path(path) => bundle_files(&path.display().to_string(), &read(path)?)?,
    };
    let has = |name: &str| files.iter().find(|(n, _)| n == name).map(|(_, b)| b);
    if has(metadata::TIMESTAMP_PATH).is_none() {
        return Err(PublishError::Invalid(format!(
            "{} holds no timestamp.json: give a .safar bundle or a repository folder",
            source.name()
        )));
    }
    if has("root/1.json").map(Vec::as_slice) != Some(keys_root_1) {
        return Err(PublishError::Invalid(format!(
            "{} was published under a different trust root than {}/root/1.json; continue from a bundle or repository of these keys",
            source.name(),
            keys_dir.display()
        )));
    }
    let highest = history::highest_manifest_seq(out)?;
    if highest > 0 {
        // Running the same command again is fine: the history is already there.
        let timestamp: Option<Timestamp> = has(metadata::TIMESTAMP_PATH).and_then(|ts| serde_json::from_slice(ts).ok());
        let already = timestamp.is_some_and(|ts| {
            has(&ts.manifest.path).is_some_and(|m| std::fs::read(out.join(&ts.manifest.path)).ok().as_ref() == Some(m))
        });
        if already {
            return Ok(());
        }
        return Err(PublishError::Invalid(format!(
            "{} already has a history (seq {highest}); --continue-from is only for a new repository",
            out.display()
        )));
    }
    for (name, bytes) in &files {
        paths::validate(name).map_err(|e| PublishError::Invalid(format!("{}: {e}", source.name())))?;
        write(&out.join(name), bytes)?;
    }
    Ok(())
}

fn bundle_files(name: &str, bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, PublishError> {
    let bad = |e: safar_core::Error| PublishError::Invalid(format!("{name}: {e}"));
    let mut bundle = Bundle::open(std::io::Cursor::new(bytes)).map_err(bad)?;
    let names: Vec<String> = bundle.names().map(str::to_string).collect();
    let mut files = Vec::new();
    for entry in names {
        if let Some(data) = bundle.fetch(&entry, u64::MAX).map_err(bad)? {
            files.push((entry, data));
        }
    }
    Ok(files)
}

/// Every file of a repository folder that belongs to its history.
fn repository_files(repo: &Path) -> Result<Vec<(String, Vec<u8>)>, PublishError> {
    let mut files = Vec::new();
    for name in [
        metadata::TIMESTAMP_PATH.to_string(),
        metadata::signature_path(metadata::TIMESTAMP_PATH),
    ] {
        let path = repo.join(&name);
        if path.is_file() {
            files.push((name, read(&path)?));
        }
    }
    for dir in ["root", "manifests", "objects", "attachments"] {
        let folder = repo.join(dir);
        if !folder.is_dir() {
            continue;
        }
        let entries = std::fs::read_dir(&folder).map_err(|e| PublishError::io(&folder, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| PublishError::io(&folder, e))?;
            let Some(file) = entry.file_name().to_str().map(str::to_string) else {
                continue;
            };
            if entry.path().is_file() && !file.ends_with(".tmp") {
                files.push((format!("{dir}/{file}"), read(&entry.path())?));
            }
        }
    }
    Ok(files)
}

pub(crate) fn write_object(out: &Path, header: &ObjectHeader, ops: &[Op]) -> Result<ObjectRef, PublishError> {
    let (bytes, object) = encode_object(header, ops)?;
    // Content addressed: an existing file already holds these bytes (and keeps its ETag).
    if !out.join(&object.path).is_file() {
        write(&out.join(&object.path), &bytes)?;
    }
    Ok(object)
}

/// An object's bytes and the reference a manifest pins it by.
pub(crate) fn encode_object(header: &ObjectHeader, ops: &[Op]) -> Result<(Vec<u8>, ObjectRef), PublishError> {
    let bytes = object::encode(header, ops)
        .map_err(|e| PublishError::Invalid(format!("encoding {}: {e}", header.collection)))?;
    let sha256 = sha256_hex(&bytes);
    let decoded_length = object::decoded_length(&bytes).map_err(|e| PublishError::Invalid(e.to_string()))?;
    let object = ObjectRef {
        path: format!("objects/{sha256}"),
        sha256,
        length: bytes.len() as u64,
        decoded_length,
    };
    Ok((bytes, object))
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn write_timestamp(
    out: &Path,
    keys: &[SecretKey],
    seq: u64,
    root_version: u32,
    manifest_path: &str,
    manifest_json: &[u8],
    now: DateTime<Utc>,
    expiry_days: i64,
) -> Result<(), PublishError> {
    let ts = Timestamp {
        kind: TIMESTAMP_TYPE.into(),
        seq,
        expires: now + Duration::days(expiry_days),
        root_version,
        manifest: FileRef {
            path: manifest_path.to_string(),
            sha256: sha256_hex(manifest_json),
            length: manifest_json.len() as u64,
        },
    };
    let json = to_json(&ts)?;
    let signers: Vec<&SecretKey> = keys.iter().collect();
    write(&out.join(metadata::TIMESTAMP_PATH), &json)?;
    write(
        &out.join(metadata::signature_path(metadata::TIMESTAMP_PATH)),
        sign_all(&signers, &json, metadata::TIMESTAMP_PATH, now.timestamp()).as_bytes(),
    )
}

pub(crate) fn copy_roots(roots: &[RootFile], out: &Path) -> Result<(), PublishError> {
    for (v, json, sig) in roots {
        let path = metadata::root_path(*v);
        write(&out.join(&path), json)?;
        write(&out.join(metadata::signature_path(&path)), sig)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Bundles.

/// Packs the repository's current state (root chain, timestamp, manifest, every collection's full
/// object) into one `.safar` file.
pub fn pack(repo: &Path, bundle: &Path) -> Result<u64, PublishError> {
    let manifest = current_manifest(repo)?
        .ok_or_else(|| PublishError::Invalid(format!("{} holds no published repository", repo.display())))?;
    let root_dir = repo.join("root");
    let mut files: Vec<String> = Vec::new();
    let mut v = 1;
    while root_dir.join(format!("{v}.json")).exists() {
        let p = metadata::root_path(v);
        files.push(p.clone());
        files.push(metadata::signature_path(&p));
        v += 1;
    }
    let m_path = metadata::manifest_path(manifest.seq);
    for p in [metadata::TIMESTAMP_PATH.to_string(), m_path.clone()] {
        files.push(metadata::signature_path(&p));
        files.push(p);
    }
    files.extend(manifest.collections.values().map(|c| c.full.path.clone()));
    files.dedup();
    let tmp = bundle.with_extension("safar.part");
    let f = std::fs::File::create(&tmp).map_err(|e| PublishError::io(&tmp, e))?;
    let mut w = BundleWriter::new(std::io::BufWriter::new(f)).map_err(|e| PublishError::io(&tmp, e))?;
    for name in &files {
        w.add(name, &read(&repo.join(name))?)
            .map_err(|e| PublishError::io(&tmp, e))?;
    }
    w.finish().map_err(|e| PublishError::io(&tmp, e))?;
    std::fs::rename(&tmp, bundle).map_err(|e| PublishError::io(bundle, e))?;
    Ok(std::fs::metadata(bundle)
        .map_err(|e| PublishError::io(bundle, e))?
        .len())
}

/// The newest root's JSON and signatures from a keys folder: what an app pins.
pub fn newest_root(keys_dir: &Path) -> Result<(Vec<u8>, Vec<u8>), PublishError> {
    let mut roots = root_files(keys_dir)?;
    let (_, json, sig) = roots.pop().expect("root_files returns at least root/1.json");
    Ok((json, sig))
}
