//! Attachments — audio readings of articles — are content-addressed files kept beside the
//! database in `<db>.attachments/<sha256>`, not in it. After content is applied, the phone fetches
//! the attachments its stored articles refer to (if the signed manifest lists them: hash and
//! length pinned), resumably through the same staging as objects, and deletes those no longer
//! referred to. A missing attachment never blocks content: it is fetched on a later sync.

use super::http::HttpRepo;
use super::metadata::{FileRef, Manifest};
use super::paths;
use crate::Result;
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// `<db>.attachments/`.
pub fn attachments_dir(db: &Path) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".attachments");
    db.with_file_name(name)
}

/// The attachments the stored articles refer to that the manifest lists, by sha256.
pub fn wanted(conn: &Connection, manifest: &Manifest) -> Result<BTreeMap<String, FileRef>> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT json_extract(json, '$.audio') FROM articles WHERE json_extract(json, '$.audio') IS NOT NULL",
    )?;
    let shas = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = BTreeMap::new();
    for sha in shas {
        let listed = manifest
            .attachments
            .values()
            .find(|f| f.sha256 == sha && f.path == format!("attachments/{sha}"));
        if let Some(file) = listed {
            out.insert(sha, file.clone());
        }
    }
    Ok(out)
}

/// Those of `wanted` not yet on the phone.
pub fn missing(dir: &Path, wanted: &BTreeMap<String, FileRef>) -> Vec<FileRef> {
    wanted
        .values()
        .filter(|f| std::fs::metadata(dir.join(&f.sha256)).map(|m| m.len()).ok() != Some(f.length))
        .cloned()
        .collect()
}

/// Downloads what is missing into `dir` and removes files no article refers to any more.
/// Returns how many files were fetched.
pub fn sync_attachments(
    http: &mut HttpRepo,
    staging: &Path,
    dir: &Path,
    wanted: &BTreeMap<String, FileRef>,
) -> Result<u64> {
    std::fs::create_dir_all(dir)?;
    let mut fetched = 0;
    for file in missing(dir, wanted) {
        let done = http.download(&file, None, staging)?;
        std::fs::rename(done, dir.join(&file.sha256))?;
        fetched += 1;
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !wanted.contains_key(&name) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    Ok(fetched)
}

/// The file of a stored attachment, if it is on the phone.
pub fn attachment_path(db: &Path, sha256: &str) -> Option<PathBuf> {
    if !paths::is_sha256_hex(sha256) {
        return None;
    }
    let path = attachments_dir(db).join(sha256);
    path.is_file().then_some(path)
}
