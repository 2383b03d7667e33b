//! Keeping a repository's signatures alive and its keys replaceable:
//!
//! * [`resign_timestamp`] — the timestamp is short-lived (days) so a phone notices when updates
//!   are withheld; a cron job re-signs it with the same sequence number and a new expiry.
//! * [`rotate_root`] — writes `root/<N+1>.json`, signed by a threshold of root N's root keys *and*
//!   of its own, replacing keys (a lost or compromised one), adding publisher keys scoped to
//!   collections (a country office that may sign only `*/kg`), or removing publishers. Phones walk
//!   N → N+1 on their next update; from then on a replaced key's signatures are refused.
//!
//! The runbook is in `publish/README.md`.

use crate::keys::{load_public, sign_all, SecretKey};
use crate::repo::{copy_roots, keys_for, read, root_files, to_json, write, write_timestamp};
use crate::{check_days, PublishError, MAX_ROOT_EXPIRY_DAYS, MAX_TIMESTAMP_EXPIRY_DAYS};
use chrono::{DateTime, Duration, Utc};
use safar_core::sync::metadata::{self, PublisherRole, Root, Timestamp};
use safar_core::sync::verify::TrustedRoot;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Serialize)]
pub struct TimestampReport {
    pub repo: PathBuf,
    pub seq: u64,
    pub expires: DateTime<Utc>,
    pub root_version: u32,
}

/// Re-signs `timestamp.json` for the manifest it already points at, with a new expiry. Also
/// copies any newer root from the keys folder into the repository.
pub fn resign_timestamp(
    repo: &Path,
    keys: &Path,
    now: DateTime<Utc>,
    expiry_days: i64,
) -> Result<TimestampReport, PublishError> {
    check_days(
        "--expiry-days",
        expiry_days,
        MAX_TIMESTAMP_EXPIRY_DAYS,
        "phones notice withheld updates only once the timestamp expires",
    )?;
    let ts_path = repo.join(metadata::TIMESTAMP_PATH);
    let ts: Timestamp = serde_json::from_slice(&read(&ts_path)?)
        .map_err(|e| PublishError::Invalid(format!("{}: {e}", ts_path.display())))?;
    let m_json = read(&repo.join(&ts.manifest.path))?;
    let roots = root_files(keys)?;
    let (_, root_json, _) = roots.last().expect("root_files returns at least root/1.json");
    let root: Root =
        serde_json::from_slice(root_json).map_err(|e| PublishError::Invalid(format!("newest root: {e}")))?;
    let timestamp_keys = keys_for(keys, &root.roles.timestamp.keys)?;
    if (timestamp_keys.len() as u32) < root.roles.timestamp.threshold {
        return Err(PublishError::Invalid(format!(
            "{} holds {} of the {} timestamp key(s) root/{}.json requires",
            keys.display(),
            timestamp_keys.len(),
            root.roles.timestamp.threshold,
            root.version
        )));
    }
    // After a publisher key rotation the published manifest is signed by a key the new root no
    // longer lists: phones that walk to that root would refuse it. Only `build` can re-sign it.
    let m_sig = read(&repo.join(metadata::signature_path(&ts.manifest.path)))?;
    let (_, newest_json, newest_sig) = roots.last().expect("root_files returns at least root/1.json");
    TrustedRoot::pinned(newest_json, newest_sig)
        .and_then(|trusted| trusted.verify_manifest(&ts.manifest.path, &m_json, &m_sig))
        .map_err(|_| {
            PublishError::Invalid(format!(
                "{}/{} is not signed by a publisher key of root/{}.json: run `safar publish build` to re-sign it",
                repo.display(),
                ts.manifest.path,
                root.version
            ))
        })?;
    copy_roots(&roots, repo)?;
    write_timestamp(
        repo,
        &timestamp_keys,
        ts.seq,
        root.version,
        &ts.manifest.path,
        &m_json,
        now,
        expiry_days,
    )?;
    Ok(TimestampReport {
        repo: repo.to_path_buf(),
        seq: ts.seq,
        expires: now + Duration::days(expiry_days),
        root_version: root.version,
    })
}

/// What a new root changes.
#[derive(Debug, Default)]
pub struct RotateOptions {
    /// Key files (by name, without `.key`: `root-2`, `timestamp`, `publisher`) to replace with new
    /// keys. The old files move to `retired/`.
    pub replace: Vec<String>,
    /// New publisher roles: name and the collection patterns its key may sign (`*/kg`).
    pub add_publishers: Vec<(String, Vec<String>)>,
    /// Publisher roles to remove (their key files move to `retired/`).
    pub remove_publishers: Vec<String>,
    pub expiry_days: i64,
}

#[derive(Debug, Serialize)]
pub struct RotateReport {
    pub version: u32,
    /// (key name, old id, new id)
    pub replaced: Vec<(String, String, String)>,
    /// (role name, key id, patterns)
    pub added: Vec<(String, String, Vec<String>)>,
    pub removed: Vec<String>,
    /// Key ids whose signatures the new root carries.
    pub signed_by: Vec<String>,
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 40
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn valid_pattern(p: &str) -> bool {
    p == "*"
        || (!p.is_empty()
            && p.split('/').all(|seg| {
                seg == "*" || (!seg.is_empty() && seg.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
            }))
}

/// Every role's key list in a root, for renaming or dropping a key id.
fn role_key_lists(root: &mut Root) -> Vec<&mut Vec<String>> {
    let mut lists = vec![&mut root.roles.root.keys, &mut root.roles.timestamp.keys];
    lists.extend(root.roles.publishers.iter_mut().map(|p| &mut p.keys));
    lists
}

fn key_in_use(root: &Root, id: &str) -> bool {
    root.roles.root.keys.iter().any(|k| k == id)
        || root.roles.timestamp.keys.iter().any(|k| k == id)
        || root.roles.publishers.iter().any(|p| p.keys.iter().any(|k| k == id))
}

/// The id of the key `--replace NAME` names: from `NAME.key`, or when that is lost, from
/// `NAME.pub`, or (a lost root key) the one root key of the current root whose secret is not in
/// the folder. A lost key can still be replaced: the other root keys meet the threshold.
fn replaced_key_id(keys_dir: &Path, name: &str, old: &Root, old_version: u32) -> Result<String, PublishError> {
    let key_path = keys_dir.join(format!("{name}.key"));
    if key_path.exists() {
        return Ok(SecretKey::load(&key_path)?.id.to_hex());
    }
    let pub_path = keys_dir.join(format!("{name}.pub"));
    if pub_path.exists() {
        return Ok(load_public(&pub_path)?.id.to_hex());
    }
    if name.starts_with("root-") {
        let present: Vec<String> = keys_for(keys_dir, &old.roles.root.keys)?
            .iter()
            .map(|k| k.id.to_hex())
            .collect();
        let missing: Vec<&String> = old.roles.root.keys.iter().filter(|id| !present.contains(id)).collect();
        if let [only] = missing[..] {
            return Ok(only.clone());
        }
    }
    Err(PublishError::Invalid(format!(
        "neither {name}.key nor {name}.pub is in {}: put {name}.pub (its public key) there so root/{old_version}.json's key can be named",
        keys_dir.display()
    )))
}

/// Writes `root/<N+1>.json` into the keys folder. Root N's root keys (a threshold of them) must be
/// in the folder for the signing, as must the new root's (see the runbook).
pub fn rotate_root(keys_dir: &Path, opts: &RotateOptions, now: DateTime<Utc>) -> Result<RotateReport, PublishError> {
    let invalid = |m: String| Err(PublishError::Invalid(m));
    if opts.replace.is_empty() && opts.add_publishers.is_empty() && opts.remove_publishers.is_empty() {
        return invalid("nothing to change: give --replace, --add-publisher or --remove-publisher".into());
    }
    check_days(
        "--expiry-days",
        opts.expiry_days,
        MAX_ROOT_EXPIRY_DAYS,
        "keys are reviewed at least every ten years",
    )?;
    let roots = root_files(keys_dir)?;
    let (old_version, old_json, old_sig) = roots.last().cloned().expect("root_files returns at least root/1.json");
    let old: Root =
        serde_json::from_slice(&old_json).map_err(|e| PublishError::Invalid(format!("newest root: {e}")))?;
    let mut new = old.clone();
    new.version = old_version + 1;
    new.expires = now + Duration::days(opts.expiry_days);

    let mut new_keys: Vec<(String, SecretKey)> = Vec::new();
    let mut retire: Vec<String> = Vec::new();
    let mut report = RotateReport {
        version: new.version,
        replaced: vec![],
        added: vec![],
        removed: vec![],
        signed_by: vec![],
    };

    for name in &opts.replace {
        if !valid_name(name) {
            return invalid(format!(
                "'{name}' is not a key name (like root-2, timestamp, publisher)"
            ));
        }
        let old_id = replaced_key_id(keys_dir, name, &old, old_version)?;
        if !key_in_use(&old, &old_id) {
            return invalid(format!("{name}.key ({old_id}) is not used by root/{old_version}.json"));
        }
        let fresh = SecretKey::generate()?;
        let new_id = fresh.id.to_hex();
        for list in role_key_lists(&mut new) {
            for id in list.iter_mut().filter(|id| **id == old_id) {
                *id = new_id.clone();
            }
        }
        new.keys.remove(&old_id);
        new.keys.insert(new_id.clone(), fresh.public_key().to_base64());
        report.replaced.push((name.clone(), old_id, new_id));
        retire.push(name.clone());
        new_keys.push((name.clone(), fresh));
    }

    for name in &opts.remove_publishers {
        let Some(pos) = new.roles.publishers.iter().position(|p| p.name == *name) else {
            return invalid(format!("root/{old_version}.json has no publisher role '{name}'"));
        };
        let role = new.roles.publishers.remove(pos);
        for id in role.keys {
            if !key_in_use(&new, &id) {
                new.keys.remove(&id);
            }
        }
        if keys_dir.join(format!("{name}.key")).exists() {
            retire.push(name.clone());
        }
        report.removed.push(name.clone());
    }
    if new.roles.publishers.is_empty() && opts.add_publishers.is_empty() {
        return invalid("a root needs at least one publisher role".into());
    }

    for (name, patterns) in &opts.add_publishers {
        if !valid_name(name) {
            return invalid(format!("'{name}' is not a valid role name (a-z, 0-9, -)"));
        }
        if patterns.is_empty() || !patterns.iter().all(|p| valid_pattern(p)) {
            return invalid(format!(
                "publisher '{name}' needs collection patterns like '*/kg', 'hotlines/kg' or 'articles/*'"
            ));
        }
        if new.roles.publishers.iter().any(|p| p.name == *name) {
            return invalid(format!("there already is a publisher role '{name}'"));
        }
        if keys_dir.join(format!("{name}.key")).exists() && !retire.contains(name) {
            return invalid(format!("{name}.key already exists in {}", keys_dir.display()));
        }
        let fresh = SecretKey::generate()?;
        let id = fresh.id.to_hex();
        new.keys.insert(id.clone(), fresh.public_key().to_base64());
        new.roles.publishers.push(PublisherRole {
            name: name.clone(),
            keys: vec![id.clone()],
            threshold: 1,
            collections: patterns.clone(),
        });
        report.added.push((name.clone(), id, patterns.clone()));
        new_keys.push((name.clone(), fresh));
    }

    // Sign with every root key of root N and root N+1 that is at hand.
    let on_disk = keys_for(
        keys_dir,
        &[old.roles.root.keys.clone(), new.roles.root.keys.clone()].concat(),
    )?;
    let mut signers: BTreeMap<String, &SecretKey> = BTreeMap::new();
    for key in &on_disk {
        signers.insert(key.id.to_hex(), key);
    }
    for (_, key) in &new_keys {
        if new.roles.root.keys.contains(&key.id.to_hex()) {
            signers.insert(key.id.to_hex(), key);
        }
    }
    let count = |ids: &[String]| ids.iter().filter(|id| signers.contains_key(*id)).count() as u32;
    let (have_old, have_new) = (count(&old.roles.root.keys), count(&new.roles.root.keys));
    if have_old < old.roles.root.threshold || have_new < new.roles.root.threshold {
        return invalid(format!(
            "signing root/{} needs {} of root/{old_version}.json's root keys (found {have_old}) and {} of its own (found {have_new}) in {}",
            new.version,
            old.roles.root.threshold,
            new.roles.root.threshold,
            keys_dir.display()
        ));
    }

    // Check the new root exactly as a phone will before anything is written.
    let json = to_json(&new)?;
    let path = metadata::root_path(new.version);
    let signer_list: Vec<&SecretKey> = signers.values().copied().collect();
    let sig = sign_all(&signer_list, &json, &path, now.timestamp());
    TrustedRoot::pinned(&old_json, &old_sig)
        .and_then(|trusted| trusted.verify_next(&json, sig.as_bytes()))
        .map_err(|e| PublishError::Invalid(format!("the new root would not verify: {e}")))?;

    write(&keys_dir.join(&path), &json)?;
    write(&keys_dir.join(metadata::signature_path(&path)), sig.as_bytes())?;
    let retired = keys_dir.join("retired");
    for name in &retire {
        std::fs::create_dir_all(&retired).map_err(|e| PublishError::io(&retired, e))?;
        for ext in ["key", "pub"] {
            let from = keys_dir.join(format!("{name}.{ext}"));
            if from.exists() {
                let to = retired.join(format!("{name}.retired-at-root-{}.{ext}", new.version));
                std::fs::rename(&from, &to).map_err(|e| PublishError::io(&from, e))?;
            }
        }
    }
    for (name, key) in &new_keys {
        key.save(keys_dir, name)?;
    }
    report.signed_by = signers.keys().cloned().collect();
    Ok(report)
}
