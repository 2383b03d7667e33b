//! `safar sync`, `safar export`, `safar import` and `safar publish timestamp|root-rotate` as a
//! user runs them, against a repository served on 127.0.0.1.

use safar_publish::repo::{self, BuildOptions};
use safar_publish::serve::{ServeOptions, Server, ServerHandle};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn safar(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_safar"))
        .args(args)
        .env("SAFAR_DB", db)
        .output()
        .expect("run safar")
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn copy_dir(from: &Path, to: &Path) {
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

fn serve(repo: &Path, reports: &Path) -> ServerHandle {
    Server::bind(
        "127.0.0.1:0",
        ServeOptions {
            repo: repo.to_path_buf(),
            reports: reports.to_path_buf(),
            feedback_path: "/feedback".into(),
            log: false,
        },
    )
    .unwrap()
    .spawn()
    .unwrap()
}

/// The CLI's phones start from the built-in default (seq 1): a repository continues its history.
fn continuing_builtin(content: &Path, out: &Path, keys: &Path) -> BuildOptions {
    let mut opts = BuildOptions::new(content, out, keys);
    opts.continue_from = Some(repo::HistorySource::Bundle {
        name: "builtin".into(),
        bytes: safar_content::DEFAULT_BUNDLE.to_vec(),
    });
    opts
}

#[test]
fn sync_json_report_shows_the_delta_and_its_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&workspace().join("content"), &content);
    let keys = workspace().join("publish/dev-keys");
    let repo_dir = dir.path().join("repo");
    repo::build(&continuing_builtin(&content, &repo_dir, &keys)).unwrap();
    let server = serve(&repo_dir, &dir.path().join("reports"));
    let db = dir.path().join("phone.db");

    let first: serde_json::Value = serde_json::from_str(&ok(&safar(&db, &["sync", &server.url(), "--json"]))).unwrap();
    assert_eq!(first["seq"], 1);

    let article = content.join("articles/sending-money/en.md");
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(&article, format!("{text}\nKeep every receipt.\n")).unwrap();
    repo::build(&BuildOptions::new(&content, &repo_dir, &keys)).unwrap();
    let second: serde_json::Value = serde_json::from_str(&ok(&safar(&db, &["--json", "sync", &server.url()]))).unwrap();
    assert_eq!(
        (second["previous_seq"].as_u64(), second["seq"].as_u64()),
        (Some(1), Some(2))
    );
    let updated = second["collections_updated"].as_array().unwrap();
    assert_eq!(updated.len(), 1, "{second}");
    assert_eq!(updated[0]["name"], "articles/en");
    assert_eq!(updated[0]["method"], "delta");
    let delta_bytes = updated[0]["bytes_downloaded"].as_u64().unwrap();
    assert!(delta_bytes > 0);
    assert!(second["bytes_downloaded"].as_u64().unwrap() >= delta_bytes);
    let full = repo::current_manifest(&repo_dir).unwrap().unwrap().collections["articles/en"]
        .full
        .length;
    assert!(delta_bytes * 3 < full, "delta {delta_bytes} bytes, full object {full}");

    let human = ok(&safar(&db, &["sync", &server.url()]));
    assert!(human.contains("Already up to date (seq 2)"), "{human}");

    // Export from this phone, import on a fresh one: same content, verified again.
    let file = dir.path().join("phone.safar");
    ok(&safar(&db, &["export", file.to_str().unwrap()]));
    let other = dir.path().join("other.db");
    let imported: serde_json::Value =
        serde_json::from_str(&ok(&safar(&other, &["--json", "import", file.to_str().unwrap()]))).unwrap();
    assert_eq!(imported["seq"], 2);
    let status = |db: &Path| -> serde_json::Value {
        let mut s: serde_json::Value = serde_json::from_str(&ok(&safar(db, &["--json", "status"]))).unwrap();
        for volatile in ["database", "last_update"] {
            s.as_object_mut().unwrap().remove(volatile);
        }
        s
    };
    assert_eq!(status(&db)["collections"], status(&other)["collections"]);

    let mut bytes = std::fs::read(&file).unwrap();
    let at = bytes.len() / 3;
    bytes[at] ^= 0x10;
    std::fs::write(&file, bytes).unwrap();
    let third = dir.path().join("third.db");
    let refused = safar(&third, &["import", file.to_str().unwrap()]);
    assert_eq!(
        refused.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
}

#[test]
fn sync_errors_are_one_line_with_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let bad = safar(&db, &["sync", "ftp://example.invalid/x"]);
    assert_eq!(bad.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    // Nothing listens on this port: a network error, exit 1.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let down = safar(&db, &["sync", &format!("http://127.0.0.1:{port}"), "--retries", "0"]);
    assert_eq!(down.status.code(), Some(1), "{}", String::from_utf8_lossy(&down.stderr));
    assert!(String::from_utf8_lossy(&down.stderr).contains("cannot connect"));
    let neg = safar(&db, &["sync", "http://127.0.0.1:1", "--stall-timeout", "-1"]);
    assert_eq!(neg.status.code(), Some(2));
}

#[test]
fn timestamp_resign_and_root_rotation_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys");
    copy_dir(&workspace().join("publish/dev-keys"), &keys);
    let repo_dir = dir.path().join("repo");
    let content = workspace().join("content");
    repo::build(&continuing_builtin(&content, &repo_dir, &keys)).unwrap();
    let db = dir.path().join("phone.db");
    let server = serve(&repo_dir, &dir.path().join("reports"));
    ok(&safar(&db, &["sync", &server.url()]));

    let before = std::fs::read(repo_dir.join("timestamp.json")).unwrap();
    let (r, k) = (repo_dir.to_str().unwrap(), keys.to_str().unwrap());
    let out = ok(&safar(
        &db,
        &["publish", "timestamp", "--repo", r, "--keys", k, "--expiry-days", "3"],
    ));
    assert!(out.contains("seq 1"), "{out}");
    assert_ne!(std::fs::read(repo_dir.join("timestamp.json")).unwrap(), before);
    // The re-signed timestamp is new to the phone but changes no content.
    let report: serde_json::Value = serde_json::from_str(&ok(&safar(&db, &["--json", "sync", &server.url()]))).unwrap();
    assert_eq!(report["up_to_date"], true, "{report}");
    assert_eq!(report["not_modified"], false);

    let rotated: serde_json::Value = serde_json::from_str(&ok(&safar(
        &db,
        &[
            "--json",
            "publish",
            "root-rotate",
            "--keys",
            k,
            "--replace",
            "timestamp",
            "--add-publisher",
            "kg=*/kg",
        ],
    )))
    .unwrap();
    assert_eq!(rotated["version"], 2);
    assert!(keys.join("kg.key").is_file() && keys.join("root/2.json").is_file());
    assert!(!keys.join("timestamp.key").exists() || keys.join("retired").is_dir());
    ok(&safar(&db, &["publish", "timestamp", "--repo", r, "--keys", k]));
    let after: serde_json::Value = serde_json::from_str(&ok(&safar(&db, &["--json", "sync", &server.url()]))).unwrap();
    assert_eq!(after["root_version"], 2, "{after}");
    let bad = safar(&db, &["publish", "root-rotate", "--keys", k]);
    assert_eq!(bad.status.code(), Some(2));
}

/// Every file of a repository folder with its bytes, to prove a refusal changed nothing.
fn repo_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(repo_files(&path));
        } else {
            files.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    files.sort();
    files
}

#[test]
fn options_that_weaken_a_protection_are_refused_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let keys = workspace().join("publish/dev-keys");
    let repo_dir = dir.path().join("repo");
    let content = workspace().join("content");
    repo::build(&BuildOptions::new(&content, &repo_dir, &keys)).unwrap();
    let before = repo_files(&repo_dir);
    let db = dir.path().join("phone.db");
    let (r, k, c) = (
        repo_dir.to_str().unwrap(),
        keys.to_str().unwrap(),
        content.to_str().unwrap(),
    );
    let build = |extra: &[&str]| {
        let mut args = vec!["publish", "build", c, "--keys", k, "--out", r];
        args.extend_from_slice(extra);
        safar(&db, &args)
    };
    let cases: Vec<(Output, &str)> = vec![
        (
            safar(
                &db,
                &["publish", "timestamp", "--repo", r, "--keys", k, "--expiry-days", "400"],
            ),
            "--expiry-days 400 is out of range: use 1 to 30 days",
        ),
        (
            build(&["--timestamp-expiry-days", "31"]),
            "--timestamp-expiry-days 31 is out of range: use 1 to 30 days",
        ),
        (
            build(&["--delta-history", "1000"]),
            "--delta-history 1000 is out of range",
        ),
        (
            build(&["--feedback-url", "javascript:alert(1)"]),
            "--feedback-url 'javascript:alert(1)'",
        ),
        (
            build(&["--feedback-url", "https://user:pw@example.org/f"]),
            "--feedback-url",
        ),
        (build(&["--feedback-url", "../../feedback"]), "--feedback-url"),
        (
            safar(&db, &["publish", "keygen", "--dir", r, "--root-expiry-days", "100000"]),
            "--root-expiry-days 100000 is out of range",
        ),
    ];
    for (o, expected) in cases {
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    }
    assert!(
        repo_files(&repo_dir) == before,
        "a refusal left the repository unchanged"
    );

    // The default feedback address is the relative `feedback`, signed into the manifest; an
    // absolute one and `none` are accepted.
    let manifest = repo::current_manifest(&repo_dir).unwrap().unwrap();
    assert_eq!(manifest.feedback_url.as_deref(), Some("feedback"));
    ok(&build(&["--feedback-url", "https://reports.example.org/safar"]));
    let manifest = repo::current_manifest(&repo_dir).unwrap().unwrap();
    assert_eq!(
        manifest.feedback_url.as_deref(),
        Some("https://reports.example.org/safar")
    );
    ok(&build(&["--feedback-url", "none"]));
    assert_eq!(repo::current_manifest(&repo_dir).unwrap().unwrap().feedback_url, None);
}
