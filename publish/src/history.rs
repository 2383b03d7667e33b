//! The repository's history and the deltas built from it. Old manifests and objects are never
//! deleted (phones may still be on them), so the full object of every earlier version of a
//! collection can be found through the manifest that listed it. A changed collection gets a delta
//! from each of its last K versions: the upserts and deletes that turn that version into the new
//! one, usually a small fraction of the full object on a 2G link.

use crate::repo::{encode_object, read, write};
use crate::PublishError;
use safar_core::sync::metadata::{self, CollectionEntry, Manifest, ObjectRef};
use safar_core::sync::minisign::parse_signatures;
use safar_core::sync::object::{ObjectHeader, ObjectReader, Op};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Every published manifest's sequence number, from `manifests/<seq>.json`.
fn manifest_seqs(out: &Path) -> Result<Vec<u64>, PublishError> {
    let dir = out.join("manifests");
    if !dir.is_dir() {
        return Ok(vec![]);
    }
    let entries = std::fs::read_dir(&dir).map_err(|e| PublishError::io(&dir, e))?;
    let mut seqs: Vec<u64> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str()?.strip_suffix(".json")?.parse().ok())
        .collect();
    seqs.sort_unstable();
    Ok(seqs)
}

pub fn highest_manifest_seq(out: &Path) -> Result<u64, PublishError> {
    Ok(manifest_seqs(out)?.last().copied().unwrap_or(0))
}

/// For each collection, its entry in the newest manifest that lists it. Offices and the central
/// publisher share one repository, and a manifest signed by a scoped office key lists only that
/// office's collections, so the previous manifest alone does not hold everything.
pub fn latest_entries(out: &Path) -> Result<BTreeMap<String, CollectionEntry>, PublishError> {
    let mut latest = BTreeMap::new();
    for seq in manifest_seqs(out)? {
        for (name, entry) in read_manifest(out, seq)?.collections {
            latest.insert(name, entry);
        }
    }
    Ok(latest)
}

fn read_manifest(out: &Path, seq: u64) -> Result<Manifest, PublishError> {
    let path = out.join(metadata::manifest_path(seq));
    serde_json::from_slice(&read(&path)?).map_err(|e| PublishError::Invalid(format!("{}: {e}", path.display())))
}

/// The key ids (hex) whose signatures `manifests/<seq>.json.minisig` carries, sorted.
pub fn manifest_signers(out: &Path, seq: u64) -> Result<Vec<String>, PublishError> {
    let path = out.join(metadata::signature_path(&metadata::manifest_path(seq)));
    let text = String::from_utf8(read(&path)?)
        .map_err(|_| PublishError::Invalid(format!("{}: not a signature file", path.display())))?;
    let blocks = parse_signatures(&text).map_err(|e| PublishError::Invalid(format!("{}: {e}", path.display())))?;
    let mut ids: Vec<String> = blocks.iter().map(|b| b.key_id.to_hex()).collect();
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// For each collection, the full object of each version ever published.
pub fn collection_history(out: &Path) -> Result<BTreeMap<String, BTreeMap<u64, ObjectRef>>, PublishError> {
    let mut history: BTreeMap<String, BTreeMap<u64, ObjectRef>> = BTreeMap::new();
    for seq in manifest_seqs(out)? {
        for (name, entry) in read_manifest(out, seq)?.collections {
            history.entry(name).or_default().insert(entry.version, entry.full);
        }
    }
    Ok(history)
}

#[derive(Deserialize)]
struct RecordId {
    id: String,
}

/// The records of a published full object, by id.
fn read_records(out: &Path, object: &ObjectRef) -> Result<BTreeMap<String, String>, PublishError> {
    let bytes = read(&out.join(&object.path))?;
    let invalid = |e: String| PublishError::Invalid(format!("{}: {e}", object.path));
    let mut reader =
        ObjectReader::open(&object.path, &bytes[..], object.decoded_length).map_err(|e| invalid(e.to_string()))?;
    let mut records = BTreeMap::new();
    while let Some(op) = reader.next_op().map_err(|e| invalid(e.to_string()))? {
        if let Op::Upsert(json) = op {
            let id: RecordId = serde_json::from_str(&json).map_err(|e| invalid(e.to_string()))?;
            records.insert(id.id, json);
        }
    }
    Ok(records)
}

/// Writes deltas to `header.version` from up to `keep` of the newest earlier versions. A delta as
/// large as the full object is not worth offering and is skipped.
pub fn write_deltas(
    out: &Path,
    header: &ObjectHeader,
    records: &BTreeMap<String, String>,
    earlier: &BTreeMap<u64, ObjectRef>,
    full: &ObjectRef,
    keep: usize,
) -> Result<BTreeMap<String, ObjectRef>, PublishError> {
    let mut deltas = BTreeMap::new();
    for (&base, object) in earlier.range(..header.version).rev().take(keep) {
        let old = read_records(out, object)?;
        let mut ops = Vec::new();
        let ids: std::collections::BTreeSet<&String> = old.keys().chain(records.keys()).collect();
        for id in ids {
            match (old.get(id), records.get(id)) {
                (Some(before), Some(now)) if before == now => {}
                (_, Some(now)) => ops.push(Op::Upsert(now.clone())),
                (Some(_), None) => ops.push(Op::Delete(id.clone())),
                (None, None) => {}
            }
        }
        let delta_header = ObjectHeader {
            base_version: Some(base),
            ..header.clone()
        };
        let (bytes, delta) = encode_object(&delta_header, &ops)?;
        if delta.length < full.length {
            write(&out.join(&delta.path), &bytes)?;
            deltas.insert(base.to_string(), delta);
        }
    }
    Ok(deltas)
}
