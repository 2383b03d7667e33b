//! Torn apply (the threat table's last row): a `safar sync` process is killed with SIGKILL at
//! random points, 50 times. After every kill the database must pass `PRAGMA integrity_check`,
//! hold either exactly the old content or exactly the new, and still hold the user's data; and a
//! final uninterrupted sync must finish the update.

use safar_publish::repo::{self, BuildOptions};
use safar_publish::serve::{ServeOptions, Server};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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

fn sync_command(db: &Path, url: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_safar"));
    cmd.args(["--db", db.to_str().unwrap(), "sync", url, "--retries", "0"])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// Content and sync state (the seq), without the per-run timestamps.
fn content_state(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok", "database damaged");
    let mut out = String::new();
    let seq: Option<i64> = conn.query_row("SELECT seq FROM sync_state", [], |r| r.get(0)).ok();
    out.push_str(&format!("seq {seq:?}\n"));
    for (table, cols) in [
        ("collections", "name, version, count, state_digest"),
        ("articles", "collection, id, json"),
        ("hotlines", "collection, id, json"),
        ("services", "collection, id, json"),
        ("remittance_quotes", "collection, id, json"),
        ("checklist_items", "collection, id, json"),
    ] {
        let mut stmt = conn
            .prepare(&format!("SELECT {cols} FROM {table} ORDER BY 1, 2"))
            .unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                (0..n)
                    .map(|i| r.get::<_, rusqlite::types::Value>(i).map(|v| format!("{v:?}")))
                    .collect::<Result<Vec<_>, _>>()
            })
            .unwrap();
        for row in rows {
            out.push_str(&row.unwrap().join("|"));
            out.push('\n');
        }
    }
    out
}

fn user_data(db: &Path) -> (String, i64) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let profile: String = conn.query_row("SELECT json FROM profile", [], |r| r.get(0)).unwrap();
    let bookmarks: i64 = conn
        .query_row("SELECT count(*) FROM bookmarks", [], |r| r.get(0))
        .unwrap();
    (profile, bookmarks)
}

fn place(saved: &Path, db: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let target = PathBuf::from(format!("{}{suffix}", db.display()));
        let _ = std::fs::remove_file(&target);
        let source = PathBuf::from(format!("{}{suffix}", saved.display()));
        if source.exists() {
            std::fs::copy(&source, &target).unwrap();
        }
    }
}

#[test]
fn sigkill_at_random_points_never_leaves_a_torn_update() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&workspace().join("content"), &content);
    let keys = workspace().join("publish/dev-keys");
    let repo_dir = dir.path().join("repo");
    // The phones start from the built-in default (seq 1): the repository continues its history.
    let mut first = BuildOptions::new(&content, &repo_dir, &keys);
    first.continue_from = Some(repo::HistorySource::Bundle {
        name: "builtin".into(),
        bytes: safar_content::DEFAULT_BUNDLE.to_vec(),
    });
    repo::build(&first).unwrap();
    let server = Server::bind(
        "127.0.0.1:0",
        ServeOptions {
            repo: repo_dir.clone(),
            reports: dir.path().join("reports"),
            feedback_path: "/feedback".into(),
            log: false,
        },
    )
    .unwrap()
    .spawn()
    .unwrap();
    let url = server.url();

    // The old state: v1 synced, a profile that needs several collections, and a bookmark.
    let saved = dir.path().join("saved.db");
    let set = Command::new(env!("CARGO_BIN_EXE_safar"))
        .args([
            "--db",
            saved.to_str().unwrap(),
            "profile",
            "set",
            "--origin",
            "UZ",
            "--destination",
            "RU",
        ])
        .args(["--lang", "uz,tg"])
        .output()
        .unwrap();
    assert!(set.status.success());
    assert!(sync_command(&saved, &url).status().unwrap().success());
    let conn = rusqlite::Connection::open(&saved).unwrap();
    conn.execute(
        "INSERT INTO bookmarks (article_group, created_at) VALUES ('gbv-help', 'x')",
        [],
    )
    .unwrap();
    conn.pragma_update(None, "wal_checkpoint", "TRUNCATE").unwrap();
    drop(conn);
    let old = content_state(&saved);
    let user = user_data(&saved);

    // The new state: every article translation and every hotline changed.
    for entry in walk(&content.join("articles")) {
        if entry.extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(&entry).unwrap();
            std::fs::write(&entry, format!("{text}\nUpdated.\n")).unwrap();
        }
    }
    let csv = content.join("hotlines.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    std::fs::write(&csv, text.replace("2026-11-01", "2026-11-02")).unwrap();
    repo::build(&BuildOptions::new(&content, &repo_dir, &keys)).unwrap();
    let db = dir.path().join("phone.db");
    place(&saved, &db);
    let started = Instant::now();
    assert!(sync_command(&db, &url).status().unwrap().success());
    let full_run = started.elapsed();
    let new = content_state(&db);
    assert_ne!(old, new);

    // Kill at random points over the whole run (seeded, so a failure can be replayed).
    let mut seed = 0x0005_DEEC_E66D_u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let span = (full_run.as_micros() as u64 * 3 / 2).max(1);
    let (mut ended_old, mut ended_new) = (0, 0);
    for round in 0..50 {
        place(&saved, &db);
        if next() % 3 == 0 {
            // Sometimes start with no staged downloads, sometimes with what the last run left.
            let _ = std::fs::remove_dir_all(dir.path().join("phone.db.sync"));
        }
        let delay = Duration::from_micros(next() % span);
        let mut child = sync_command(&db, &url).spawn().unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let state = content_state(&db);
        assert!(
            state == old || state == new,
            "round {round} (kill after {delay:?}): torn content"
        );
        if state == old {
            ended_old += 1;
        } else {
            ended_new += 1;
        }
        assert_eq!(user_data(&db), user, "round {round}: user data changed");
    }
    eprintln!("50 kills: {ended_old} left the old content, {ended_new} the new");
    assert!(
        ended_old > 0,
        "no kill landed before the commit; the test proves nothing"
    );

    // Whatever the last kill left behind (database and staged parts), the next sync completes.
    // Its update lock file is left too; the lock itself died with the killed process.
    assert!(dir.path().join("phone.db.sync.lock").exists());
    assert!(sync_command(&db, &url).status().unwrap().success());
    assert_eq!(content_state(&db), new);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
