//! Fixtures shared by the cross-crate tests in `tests/tests/`: the repository's content folder and
//! development keys, publishing into temporary folders, opening phones, and snapshots of a
//! phone's content to prove that a rejected update changed nothing.

use safar_core::sync::bundle::{Bundle, BundleWriter};
use safar_core::sync::RepoSource;
use safar_core::{AppConfig, Safar};
use safar_publish::repo::{self, BuildOptions};
use std::path::{Path, PathBuf};

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}
pub fn content_dir() -> PathBuf {
    workspace().join("content")
}
pub fn dev_keys() -> PathBuf {
    workspace().join("publish/dev-keys")
}

/// The app configuration of the shipped app (development trust root), without the default
/// bundle so tests decide what to import.
pub fn config_without_default() -> AppConfig {
    AppConfig {
        trusted_root: safar_content::TRUSTED_ROOT.to_vec(),
        trusted_root_signatures: safar_content::TRUSTED_ROOT_SIGNATURES.to_vec(),
        default_bundle: None,
    }
}

pub fn open_phone(db: &Path) -> Safar {
    Safar::open(db, config_without_default()).expect("open phone database")
}

/// Publishes `content` with `keys` into `out` and packs it into `out.safar`; returns the bundle path.
pub fn publish(content: &Path, keys: &Path, out: &Path) -> PathBuf {
    repo::build(&BuildOptions::new(content, out, keys)).expect("build repository");
    let bundle = out.with_extension("safar");
    repo::pack(out, &bundle).expect("pack bundle");
    bundle
}

/// Every entry of a bundle, in order.
pub fn unpack(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut b = Bundle::open(std::io::Cursor::new(bytes.to_vec())).expect("valid bundle");
    let names: Vec<String> = b.names().map(str::to_string).collect();
    names
        .into_iter()
        .map(|n| {
            let data = b.fetch(&n, u64::MAX).expect("read entry").expect("entry exists");
            (n, data)
        })
        .collect()
}

/// Writes entries back into a bundle with a correct checksum, as an attacker who knows the format
/// would: only the signatures inside can catch the change.
pub fn repack(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = BundleWriter::new(Vec::new()).expect("writer");
    for (name, data) in entries {
        w.add(name, data).expect("add entry");
    }
    w.finish().expect("finish")
}

/// Everything about a phone's content and user data that an update could change, as text.
pub fn snapshot(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).expect("open db");
    let mut out = String::new();
    for table in [
        "sync_state",
        "metadata_files",
        "collections",
        "articles",
        "hotlines",
        "services",
        "remittance_quotes",
        "checklist_items",
        "search_docs",
        "profile",
        "bookmarks",
    ] {
        let sql = format!("SELECT * FROM {table} ORDER BY 1, 2");
        let mut stmt = conn.prepare(&sql).expect("prepare");
        let cols = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let mut line = String::new();
                for i in 0..cols {
                    let v: rusqlite::types::Value = r.get(i)?;
                    line.push_str(&format!("{v:?}|"));
                }
                Ok(line)
            })
            .expect("query")
            .collect::<Result<Vec<_>, _>>()
            .expect("rows");
        out.push_str(&format!("## {table} ({} rows)\n{}\n", rows.len(), rows.join("\n")));
    }
    out
}
