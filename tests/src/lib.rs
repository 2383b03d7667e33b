//! Fixtures shared by the cross-crate tests in `tests/tests/`: the repository's content folder and
//! development keys, publishing into temporary folders, opening phones, and snapshots of a
//! phone's content to prove that a rejected update changed nothing.

pub mod fault_proxy;
pub mod nginx;

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

/// Every row of `tables`, in a stable order, as text.
fn tables_snapshot(db: &Path, tables: &[&str]) -> String {
    let conn = rusqlite::Connection::open(db).expect("open db");
    let mut out = String::new();
    for table in tables {
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

/// Everything about a phone's content and user data that an update could change, as text.
pub fn snapshot(db: &Path) -> String {
    tables_snapshot(
        db,
        &[
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
        ],
    )
}

/// Copies a folder tree (a content folder to edit, or a repository to freeze in its state).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Publishes `content` into the repository `out` (no bundle).
pub fn build(content: &Path, keys: &Path, out: &Path) -> repo::BuildReport {
    repo::build(&BuildOptions::new(content, out, keys)).expect("build repository")
}

/// Serves a repository with `safar serve`'s server on 127.0.0.1, until dropped.
pub fn serve(repo: &Path, reports: &Path) -> safar_publish::serve::ServerHandle {
    safar_publish::serve::Server::bind(
        "127.0.0.1:0",
        safar_publish::serve::ServeOptions {
            repo: repo.to_path_buf(),
            reports: reports.to_path_buf(),
            feedback_path: "/feedback".into(),
            log: false,
        },
    )
    .expect("bind server")
    .spawn()
    .expect("spawn server")
}

/// Network settings for tests: a one-second stall timeout and short waits, so fault tests stay fast.
pub fn fast_http() -> safar_core::sync::http::HttpOptions {
    safar_core::sync::http::HttpOptions {
        connect_timeout: std::time::Duration::from_secs(2),
        stall_timeout: std::time::Duration::from_secs(1),
        retries: 2,
        backoff: std::time::Duration::from_millis(50),
        max_backoff: std::time::Duration::from_secs(2),
    }
}

/// One sync of `phone` from `url`.
pub fn sync(
    phone: &Safar,
    url: &str,
    opts: &safar_core::sync::http::HttpOptions,
) -> safar_core::Result<safar_core::sync::update::SyncReport> {
    phone.sync(
        url,
        opts,
        &safar_core::sync::http::NoProgress,
        &safar_core::sync::update::CancelToken::new(),
    )
}

/// Changes the body of one article translation (appends a sentence): about 1% of the articles.
pub fn edit_one_article(content: &Path, group: &str, lang: &str, sentence: &str) {
    let path = content.join("articles").join(group).join(format!("{lang}.md"));
    let mut text = std::fs::read_to_string(&path).expect("article exists");
    text.push_str(&format!("\n{sentence}\n"));
    std::fs::write(&path, text).unwrap();
}

/// The phone's content (not its sync bookkeeping or user data), to compare two phones.
pub fn content_snapshot(db: &Path) -> String {
    tables_snapshot(
        db,
        &[
            "collections",
            "articles",
            "hotlines",
            "services",
            "remittance_quotes",
            "checklist_items",
        ],
    )
}

/// Re-signs the repository's current manifest after `change`, as the next sequence number, with
/// the keys in `keys` (publisher and timestamp) — what a holder of those keys could publish.
pub fn publish_edited_manifest(
    repo: &Path,
    keys: &Path,
    change: impl FnOnce(&mut safar_core::sync::metadata::Manifest),
) {
    use safar_core::sync::digest::sha256_hex;
    use safar_core::sync::metadata::{self, FileRef, Timestamp};
    use safar_publish::keys::{sign_all, SecretKey};
    let mut manifest = repo::current_manifest(repo).unwrap().expect("a published repository");
    change(&mut manifest);
    manifest.seq += 1;
    let m_path = metadata::manifest_path(manifest.seq);
    let mut json = serde_json::to_vec_pretty(&manifest).unwrap();
    json.push(b'\n');
    let publisher = SecretKey::load(&keys.join("publisher.key")).unwrap();
    let timestamp_key = SecretKey::load(&keys.join("timestamp.key")).unwrap();
    std::fs::write(repo.join(&m_path), &json).unwrap();
    std::fs::write(
        repo.join(metadata::signature_path(&m_path)),
        sign_all(&[&publisher], &json, &m_path, 0),
    )
    .unwrap();
    let old_ts: Timestamp =
        serde_json::from_slice(&std::fs::read(repo.join(metadata::TIMESTAMP_PATH)).unwrap()).unwrap();
    let ts = Timestamp {
        seq: manifest.seq,
        manifest: FileRef {
            path: m_path,
            sha256: sha256_hex(&json),
            length: json.len() as u64,
        },
        ..old_ts
    };
    let ts_json = serde_json::to_vec_pretty(&ts).unwrap();
    std::fs::write(repo.join(metadata::TIMESTAMP_PATH), &ts_json).unwrap();
    std::fs::write(
        repo.join(metadata::signature_path(metadata::TIMESTAMP_PATH)),
        sign_all(&[&timestamp_key], &ts_json, metadata::TIMESTAMP_PATH, 0),
    )
    .unwrap();
}

/// A repository built from a copy of the sample content and the development keys, served on
/// 127.0.0.1, and a phone that synced it (with a bookmark, to watch user data): the world the
/// sync attack tests (`sync_threats.rs`, `sync_trust.rs`) start from.
pub struct SyncedPhone {
    pub dir: tempfile::TempDir,
    pub server: safar_publish::serve::ServerHandle,
    pub phone: Safar,
}

impl SyncedPhone {
    #[allow(clippy::new_without_default)]
    pub fn new() -> SyncedPhone {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&content_dir(), &dir.path().join("content"));
        copy_dir(&dev_keys(), &dir.path().join("keys"));
        build(
            &dir.path().join("content"),
            &dir.path().join("keys"),
            &dir.path().join("repo"),
        );
        let server = serve(&dir.path().join("repo"), &dir.path().join("reports"));
        let phone = open_phone(&dir.path().join("phone.db"));
        sync(&phone, &server.url(), &fast_http()).expect("first sync");
        let conn = rusqlite::Connection::open(dir.path().join("phone.db")).unwrap();
        conn.execute(
            "INSERT INTO bookmarks (article_group, created_at) VALUES ('gbv-help', 'now')",
            [],
        )
        .unwrap();
        SyncedPhone { dir, server, phone }
    }
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    pub fn db(&self) -> PathBuf {
        self.path("phone.db")
    }
    pub fn repo(&self) -> PathBuf {
        self.path("repo")
    }
    pub fn keys(&self) -> PathBuf {
        self.path("keys")
    }
    pub fn content(&self) -> PathBuf {
        self.path("content")
    }
    /// A content change and a build of the next sequence number into the served repository.
    pub fn publish_change(&self, sentence: &str) -> repo::BuildReport {
        edit_one_article(&self.content(), "registration-ru", "ru", sentence);
        build(&self.content(), &self.keys(), &self.repo())
    }
    pub fn sync(&self, url: &str) -> safar_core::sync::update::SyncReport {
        sync(&self.phone, url, &fast_http()).expect("sync")
    }
    /// The content a phone that never synced before gets from `url`: what "exactly the
    /// repository's content" means.
    pub fn fresh_phone_content(&self, url: &str, name: &str) -> String {
        let db = self.path(name);
        let phone = open_phone(&db);
        sync(&phone, url, &fast_http()).expect("a fresh phone syncs");
        content_snapshot(&db)
    }
    /// Syncs and checks that it failed with an error `expected` accepts, with a message, and
    /// that nothing at all changed on the phone.
    pub fn assert_refused(&self, url: &str, expected: impl Fn(&safar_core::Error) -> bool) -> safar_core::Error {
        let before = snapshot(&self.db());
        let err = sync(&self.phone, url, &fast_http()).expect_err("the attack was accepted");
        assert!(expected(&err), "unexpected error: {err:?}");
        assert!(!err.to_string().is_empty());
        assert_eq!(snapshot(&self.db()), before, "a refused update changed the database");
        err
    }
    /// [`Self::assert_refused`] for content the verifier rejects.
    pub fn assert_rejected(
        &self,
        url: &str,
        expected: impl Fn(&safar_core::sync::VerifyError) -> bool,
    ) -> safar_core::Error {
        self.assert_refused(url, |e| rejected(e, &expected))
    }
}

/// Whether `err` is a verification refusal that `f` accepts.
pub fn rejected(err: &safar_core::Error, f: impl Fn(&safar_core::sync::VerifyError) -> bool) -> bool {
    matches!(err, safar_core::Error::Rejected(v) if f(v))
}
