//! publish/README.md's key runbook, command for command, through the real `safar` binary: a real
//! `safar serve` on 127.0.0.1, and after every step two phones sync — one that synced before the
//! step and one that never synced — and must end up with exactly the same content.
//!
//! The repository starts as the README says a repository under the app's built-in trust root
//! starts: `--continue-from builtin`, on a copy of the development keys (so rotating them here
//! touches nothing else).

use safar_tests::{content_snapshot, copy_dir, dev_keys, edit_one_article, publish_edited_manifest, workspace};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;

/// The `safar` binary of this workspace, built once (this crate cannot name another crate's
/// binary through CARGO_BIN_EXE_*).
fn safar_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let test_exe = std::env::current_exe().expect("test binary path");
        // <target>/<profile>/deps/field_runbook-…
        let profile_dir = test_exe.parent().and_then(Path::parent).expect("target/<profile>");
        let mut build = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        build
            .args(["build", "--quiet", "-p", "safar-cli", "--bin", "safar"])
            .current_dir(workspace());
        if profile_dir.ends_with("release") {
            build.arg("--release");
        }
        let status = build.status().expect("run cargo build");
        assert!(status.success(), "cargo build -p safar-cli failed");
        profile_dir.join(format!("safar{}", std::env::consts::EXE_SUFFIX))
    })
}

/// Runs `safar ARGS` in `dir` (the README's commands use relative paths).
fn safar(dir: &Path, args: &[&str]) -> Output {
    Command::new(safar_bin())
        .args(args)
        .current_dir(dir)
        .env("SAFAR_DB", dir.join("unused.db"))
        .output()
        .expect("run safar")
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let o = safar(dir, args);
    assert!(
        o.status.success(),
        "safar {}: exit {:?}: {}",
        args.join(" "),
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// `safar serve repo` as a child process; killed when dropped.
struct Served {
    child: Child,
    url: String,
}

impl Served {
    fn start(dir: &Path) -> Served {
        let mut child = Command::new(safar_bin())
            .args([
                "--json",
                "serve",
                "repo",
                "--addr",
                "127.0.0.1:0",
                "--reports",
                "reports",
                "--quiet",
            ])
            .current_dir(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start safar serve");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut text = String::new();
        let info: serde_json::Value = loop {
            text.push_str(&lines.next().expect("safar serve printed its address").unwrap());
            if let Ok(v) = serde_json::from_str(&text) {
                break v;
            }
        };
        Served {
            child,
            url: info["url"].as_str().unwrap().to_string(),
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Field {
    dir: PathBuf,
    url: String,
    /// Syncs before and after every step.
    regular: PathBuf,
    fresh_phones: u32,
}

impl Field {
    /// `safar sync URL` on a phone database; the sequence number it ends on.
    fn sync(&self, db: &Path) -> u64 {
        let o = Command::new(safar_bin())
            .args(["--json", "sync", &self.url])
            .env("SAFAR_DB", db)
            .output()
            .expect("run safar sync");
        assert!(
            o.status.success(),
            "sync of {} failed: {}",
            db.display(),
            String::from_utf8_lossy(&o.stderr)
        );
        let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        report["seq"].as_u64().unwrap()
    }

    /// Both phones sync; both end on `seq` with the same content.
    fn both_phones_sync(&mut self, step: &str, seq: u64) {
        self.fresh_phones += 1;
        let fresh = self.dir.join(format!("fresh-{}.db", self.fresh_phones));
        assert_eq!(self.sync(&self.regular), seq, "{step}: the phone that synced before");
        assert_eq!(self.sync(&fresh), seq, "{step}: a phone that never synced");
        assert_eq!(
            content_snapshot(&self.regular),
            content_snapshot(&fresh),
            "{step}: both phones hold the repository's content"
        );
    }
}

fn published_seq(dir: &Path) -> u64 {
    let ts: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("repo/timestamp.json")).unwrap()).unwrap();
    ts["seq"].as_u64().unwrap()
}

#[test]
fn the_key_runbook_works_as_written() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    copy_dir(&workspace().join("content"), &dir.join("content"));
    copy_dir(&dev_keys(), &dir.join("KEYS"));

    // A new repository under the app's own trust root continues the built-in history.
    let refused = safar(
        &dir,
        &["publish", "build", "content", "--keys", "KEYS", "--out", "repo"],
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--continue-from builtin"));
    assert!(!dir.join("repo/manifests").exists(), "the refusal wrote nothing");
    ok(
        &dir,
        &[
            "publish",
            "build",
            "content",
            "--keys",
            "KEYS",
            "--out",
            "repo",
            "--continue-from",
            "builtin",
        ],
    );
    let served = Served::start(&dir);
    let mut field = Field {
        url: served.url.clone(),
        regular: dir.join("regular.db"),
        dir: dir.clone(),
        fresh_phones: 0,
    };
    let start = published_seq(&dir);
    field.both_phones_sync("start", start);

    // Publisher rotation without a content change: build re-signs under the next number.
    ok(
        &dir,
        &["publish", "root-rotate", "--keys", "KEYS", "--replace", "publisher"],
    );
    let stale = safar(&dir, &["publish", "timestamp", "--repo", "repo", "--keys", "KEYS"]);
    assert!(
        !stale.status.success(),
        "timestamp cannot re-sign a manifest of a retired key"
    );
    let message = String::from_utf8_lossy(&stale.stderr);
    assert!(message.contains("run `safar publish build`"), "{message}");
    assert_eq!(message.trim().lines().count(), 1, "{message}");
    field.both_phones_sync("after a refused timestamp", start);
    ok(
        &dir,
        &["publish", "build", "content", "--keys", "KEYS", "--out", "repo"],
    );
    field.both_phones_sync("publisher rotated, no content change", start + 1);

    // Publisher rotation with a content change.
    ok(
        &dir,
        &["publish", "root-rotate", "--keys", "KEYS", "--replace", "publisher"],
    );
    edit_one_article(&dir.join("content"), "gbv-help", "en", "Runbook edit.");
    ok(
        &dir,
        &["publish", "build", "content", "--keys", "KEYS", "--out", "repo"],
    );
    field.both_phones_sync("publisher rotated with an edit", start + 2);

    // Timestamp-key rotation.
    ok(
        &dir,
        &["publish", "root-rotate", "--keys", "KEYS", "--replace", "timestamp"],
    );
    ok(&dir, &["publish", "timestamp", "--repo", "repo", "--keys", "KEYS"]);
    field.both_phones_sync("timestamp key rotated", start + 2);

    // A lost root key, replaced with the two remaining: neither its secret nor its public file.
    std::fs::remove_file(dir.join("KEYS/root-3.key")).unwrap();
    std::fs::remove_file(dir.join("KEYS/root-3.pub")).unwrap();
    ok(
        &dir,
        &["publish", "root-rotate", "--keys", "KEYS", "--replace", "root-3"],
    );
    assert!(dir.join("KEYS/root-3.key").is_file(), "the new root-3 key was saved");
    ok(&dir, &["publish", "timestamp", "--repo", "repo", "--keys", "KEYS"]);
    field.both_phones_sync("lost root key replaced", start + 2);
}

#[test]
fn the_compromised_key_drill_brings_phones_back() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    copy_dir(&workspace().join("content"), &dir.join("content"));
    copy_dir(&dev_keys(), &dir.join("KEYS"));
    ok(
        &dir,
        &[
            "publish",
            "build",
            "content",
            "--keys",
            "KEYS",
            "--out",
            "repo",
            "--continue-from",
            "builtin",
        ],
    );
    let served = Served::start(&dir);
    let mut field = Field {
        url: served.url.clone(),
        regular: dir.join("regular.db"),
        dir: dir.clone(),
        fresh_phones: 0,
    };
    let start = published_seq(&dir);
    field.both_phones_sync("start", start);

    // A thief with the publisher and timestamp keys fast-forwards the repository, and the phone
    // that syncs takes it.
    let stolen = dir.join("stolen");
    std::fs::create_dir_all(&stolen).unwrap();
    for key in ["publisher.key", "timestamp.key"] {
        std::fs::copy(dir.join("KEYS").join(key), stolen.join(key)).unwrap();
    }
    let forged_seq = u64::MAX - 1;
    publish_edited_manifest(&dir.join("repo"), &stolen, |m| {
        m.seq = forged_seq - 1;
        m.repository = "Forged".into();
    });
    assert_eq!(field.sync(&field.regular), forged_seq, "the forged manifest verified");

    // The runbook: remove the forged files, rotate both keys, build.
    for file in [
        format!("repo/manifests/{forged_seq}.json"),
        format!("repo/manifests/{forged_seq}.json.minisig"),
        "repo/timestamp.json".into(),
        "repo/timestamp.json.minisig".into(),
    ] {
        std::fs::remove_file(dir.join(file)).unwrap();
    }
    ok(
        &dir,
        &[
            "publish",
            "root-rotate",
            "--keys",
            "KEYS",
            "--replace",
            "publisher",
            "--replace",
            "timestamp",
        ],
    );
    ok(
        &dir,
        &["publish", "build", "content", "--keys", "KEYS", "--out", "repo"],
    );
    // Phones come back to the real history (the phone side resets its rollback floor when a new
    // root replaces the keys that signed it).
    field.both_phones_sync("after the compromised-key drill", start + 1);
}
