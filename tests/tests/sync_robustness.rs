//! A sync that survives what a hostile network, a publisher's slip and a cheap phone do to it
//! (issue 12, items 5–8), over real HTTP on 127.0.0.1 (`safar serve` behind the fault proxy),
//! with real signatures and real SQLite files:
//!
//! * a huge `ETag` served once is not stored, and a validator the server refuses is dropped;
//! * a delta that is malformed or does not match its base falls back to the full object;
//! * a second sync of the same database is refused plainly, and staging never outlives a sync;
//! * a full volume (a real tmpfs of a few hundred KB, mounted by the test) is refused up front or
//!   caught mid-way with a typed error saying how much to free, and reading still works.

use safar_core::sync::digest::sha256_hex;
use safar_core::sync::http::{SyncProgress, SyncProgressEvent, SyncStage, MAX_VALIDATOR_BYTES};
use safar_core::sync::object::{self, ObjectReader, Op};
use safar_core::sync::update::{staging_dir, CancelToken, UpdateMethod};
use safar_core::Error;
use safar_tests::fault_proxy::{Fault, FaultProxy};
use safar_tests::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    /// A content copy published once (seq 1) into `repo`.
    fn new() -> Setup {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&content_dir(), &dir.path().join("content"));
        build(&dir.path().join("content"), &dev_keys(), &dir.path().join("repo"));
        Setup { dir }
    }
    fn content(&self) -> PathBuf {
        self.dir.path().join("content")
    }
    fn repo(&self) -> PathBuf {
        self.dir.path().join("repo")
    }
    fn reports(&self) -> PathBuf {
        self.dir.path().join("reports")
    }
    fn db(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    /// Publishes the next version with one Russian article changed: `articles/ru` gets a delta.
    fn publish_article_change(&self, sentence: &str) {
        edit_one_article(&self.content(), "registration-ru", "ru", sentence);
        build(&self.content(), &dev_keys(), &self.repo());
    }
}

// ---------------------------------------------------------------------------------------------
// Item 5: validators bounded and self-healing.

#[test]
fn a_huge_etag_served_once_is_not_stored_and_the_phone_keeps_syncing() {
    let s = Setup::new();
    let server = serve(&s.repo(), &s.reports());
    let proxy = FaultProxy::start(server.addr());
    let huge = format!("\"{}\"", "e".repeat(20_000));
    // One man-in-the-middle answer, on the first sync only.
    proxy.add(
        "/timestamp.json",
        Fault::SetHeader {
            name: "ETag".into(),
            value: huge,
        },
        Some(1),
    );
    let phone = open_phone(&s.db("phone.db"));
    sync(&phone, &proxy.url(), &fast_http()).unwrap();

    s.publish_article_change("Сохраните квитанцию об оплате.");
    proxy.clear();
    let second = sync(&phone, &proxy.url(), &fast_http()).expect("the phone still syncs");
    assert_eq!(second.seq, 2);
    let sent = proxy.requests();
    assert!(
        sent.iter()
            .all(|r| r.if_none_match.as_ref().is_none_or(|v| v.len() <= MAX_VALIDATOR_BYTES)),
        "an oversized validator went out: {:?}",
        sent.iter().map(|r| (&r.path, r.status)).collect::<Vec<_>>()
    );
    // And the short, genuine ETag of the second sync is used again: an unchanged repository
    // still costs one 304.
    proxy.clear();
    let third = sync(&phone, &proxy.url(), &fast_http()).unwrap();
    assert!(third.not_modified, "{third:?}");
}

#[test]
fn a_validator_the_server_refuses_is_dropped_and_the_timestamp_fetched_once_more() {
    let s = Setup::new();
    let server = serve(&s.repo(), &s.reports());
    let proxy = FaultProxy::start(server.addr());
    let db = s.db("phone.db");
    let phone = open_phone(&db);
    sync(&phone, &proxy.url(), &fast_http()).unwrap();

    // From now on the server answers 400 to every If-None-Match (a proxy that mangles it).
    s.publish_article_change("Сохраните квитанцию об оплате.");
    proxy.clear();
    proxy.add("/timestamp.json", Fault::RefuseConditional, None);
    let second = sync(&phone, &proxy.url(), &fast_http()).expect("recovers within the same sync");
    assert_eq!(second.seq, 2);
    let timestamps: Vec<_> = proxy
        .requests()
        .into_iter()
        .filter(|r| r.path == "/timestamp.json")
        .map(|r| (r.status, r.if_none_match.is_some()))
        .collect();
    assert_eq!(
        timestamps,
        vec![(400, true), (200, false)],
        "one refused conditional request, then one plain"
    );
}

#[test]
fn a_resume_validator_the_server_refuses_is_dropped_and_the_download_resumes() {
    let s = Setup::new();
    let server = serve(&s.repo(), &s.reports());
    let proxy = FaultProxy::start(server.addr());
    let db = s.db("phone.db");
    let phone = open_phone(&db);
    // A cut download leaves a partial object and its If-Range validator staged.
    proxy.add("/objects/", Fault::Truncate { after: 1000 }, None);
    let mut no_retry = fast_http();
    no_retry.retries = 0;
    sync(&phone, &proxy.url(), &no_retry).unwrap_err();
    let staged: Vec<_> = std::fs::read_dir(staging_dir(&db))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(staged.iter().any(|n| n.ends_with(".validator")), "{staged:?}");

    // Now the server refuses every If-Range; the sync resumes with a plain Range.
    proxy.clear();
    proxy.add("/objects/", Fault::RefuseConditional, None);
    let report = sync(&phone, &proxy.url(), &fast_http()).expect("resumes without the validator");
    assert_eq!(report.seq, 1);
    let requests = proxy.requests();
    assert!(
        requests.iter().any(|r| r.status == 400),
        "the validator was sent and refused"
    );
    assert!(
        requests.iter().any(|r| r.status == 206),
        "the partial download was resumed, not restarted"
    );
}

// ---------------------------------------------------------------------------------------------
// Item 6: every malformed or mismatched delta falls back to the full object.

/// Replaces the signed delta of `articles/ru` from version 1 by `rewrite(header, ops)`, stored
/// as a new object and listed in a manifest re-signed with the real publisher and timestamp keys:
/// a publisher's bug, correctly signed.
fn republish_with_broken_delta(repo: &Path, rewrite: impl FnOnce(&mut object::ObjectHeader, &mut Vec<Op>) -> Vec<u8>) {
    let manifest = safar_publish::repo::current_manifest(repo).unwrap().unwrap();
    let delta = manifest.collections["articles/ru"].deltas["1"].clone();
    let bytes = std::fs::read(repo.join(&delta.path)).unwrap();
    let mut reader = ObjectReader::open(&delta.path, &bytes[..], delta.decoded_length).unwrap();
    let mut header = reader.header.clone();
    let mut ops = Vec::new();
    while let Some(op) = reader.next_op().unwrap() {
        ops.push(op);
    }
    let broken = rewrite(&mut header, &mut ops);
    let sha = sha256_hex(&broken);
    let path = format!("objects/{sha}");
    std::fs::write(repo.join(&path), &broken).unwrap();
    // Not gzip at all: any signed length will do, the phone cannot decode it.
    let decoded_length = object::decoded_length(&broken).unwrap_or(broken.len() as u64);
    publish_edited_manifest(repo, &dev_keys(), |m| {
        let entry = m.collections.get_mut("articles/ru").unwrap();
        let d = entry.deltas.get_mut("1").unwrap();
        d.path = path;
        d.sha256 = sha;
        d.length = broken.len() as u64;
        d.decoded_length = decoded_length;
    });
}

/// Syncs a phone at version 1 to a repository whose only delta is broken, and checks that the
/// full object was used and the result equals a fresh phone's.
fn assert_broken_delta_falls_back(rewrite: impl FnOnce(&mut object::ObjectHeader, &mut Vec<Op>) -> Vec<u8>) {
    let s = Setup::new();
    let server = serve(&s.repo(), &s.reports());
    let db = s.db("phone.db");
    let phone = open_phone(&db);
    sync(&phone, &server.url(), &fast_http()).unwrap();
    s.publish_article_change("Сохраните квитанцию об оплате.");
    republish_with_broken_delta(&s.repo(), rewrite);

    let report = sync(&phone, &server.url(), &fast_http()).expect("falls back instead of failing");
    let c = &report.collections_updated[0];
    assert_eq!(
        (c.name.as_str(), c.method, c.fell_back_to_full),
        ("articles/ru", UpdateMethod::Full, true),
        "{report:?}"
    );
    let fresh_db = s.db("fresh.db");
    sync(&open_phone(&fresh_db), &server.url(), &fast_http()).unwrap();
    assert_eq!(content_snapshot(&db), content_snapshot(&fresh_db));
    assert!(!staging_dir(&db).exists(), "staging removed after the commit");
}

#[test]
fn a_delta_whose_header_does_not_match_its_base_falls_back_to_the_full_object() {
    assert_broken_delta_falls_back(|header, ops| {
        header.base_version = Some(7); // the phone has version 1
        object::encode(header, ops).unwrap()
    });
}

#[test]
fn a_delta_for_another_collection_falls_back_to_the_full_object() {
    assert_broken_delta_falls_back(|header, ops| {
        header.collection = "articles/en".into();
        object::encode(header, ops).unwrap()
    });
}

#[test]
fn a_delta_with_a_malformed_line_falls_back_to_the_full_object() {
    assert_broken_delta_falls_back(|header, ops| {
        let good = object::encode(header, ops).unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&good[..]), &mut text).unwrap();
        text.push_str("{\"upsert\":{\"id\":\"x\"},\"delete\":\"y\"}\n");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut gz, text.as_bytes()).unwrap();
        gz.finish().unwrap()
    });
}

#[test]
fn a_delta_that_is_not_gzip_falls_back_to_the_full_object() {
    assert_broken_delta_falls_back(|_, _| b"not an object at all\n".to_vec());
}

// ---------------------------------------------------------------------------------------------
// Item 7: one sync at a time; staging removed after every commit.

/// On the first download event, runs a second sync of the same database (another `Safar` on
/// the same file, as a second process or a second screen would) and keeps its result.
struct SecondSyncMidDownload {
    second: safar_core::Safar,
    url: String,
    result: Mutex<Option<safar_core::Result<safar_core::sync::update::SyncReport>>>,
}

impl SyncProgress for SecondSyncMidDownload {
    fn on_progress(&self, event: &SyncProgressEvent) {
        let mut result = self.result.lock().unwrap();
        if event.stage == SyncStage::Download && result.is_none() {
            *result = Some(sync(&self.second, &self.url, &fast_http()));
        }
    }
}

#[test]
fn a_second_sync_of_the_same_database_says_an_update_is_already_running() {
    let s = Setup::new();
    let server = serve(&s.repo(), &s.reports());
    let db = s.db("phone.db");
    let phone = open_phone(&db);
    let observer = SecondSyncMidDownload {
        second: open_phone(&db),
        url: server.url(),
        result: Mutex::new(None),
    };
    let first = phone
        .sync(&server.url(), &fast_http(), &observer, &CancelToken::new())
        .expect("the first sync is not disturbed");
    assert_eq!(first.seq, 1);
    let second = observer.result.lock().unwrap().take().expect("the second sync ran");
    let err = second.expect_err("two syncs at once");
    assert!(matches!(err, Error::UpdateRunning), "{err}");
    assert_eq!(err.to_string(), "an update is already running; wait for it to finish");
    assert!(!staging_dir(&db).exists());
    // Once the first has finished, the next one runs.
    assert!(sync(&observer.second, &server.url(), &fast_http()).unwrap().up_to_date);
}

#[test]
fn staging_left_by_a_killed_sync_is_removed_when_the_phone_is_up_to_date() {
    let s = Setup::new();
    let server = serve(&s.repo(), &s.reports());
    let db = s.db("phone.db");
    let phone = open_phone(&db);
    sync(&phone, &server.url(), &fast_http()).unwrap();
    // What a sync killed mid-download leaves behind (a partial object and its validator).
    let staging = staging_dir(&db);
    std::fs::create_dir_all(&staging).unwrap();
    std::fs::write(staging.join(format!("{}.part", "a".repeat(64))), vec![7u8; 50_000]).unwrap();
    std::fs::write(staging.join(format!("{}.validator", "a".repeat(64))), "\"v1\"").unwrap();

    let again = sync(&phone, &server.url(), &fast_http()).unwrap();
    assert!(again.not_modified && again.up_to_date, "{again:?}");
    assert!(!staging.exists(), "stale staging outlived a sync");
}

// ---------------------------------------------------------------------------------------------
// Item 8: a full phone.

/// A tmpfs of `bytes` mounted on a fresh folder, unmounted when dropped; `None` (with the reason
/// printed) where mounting is not allowed — the tests that need it then say they were skipped.
struct TinyVolume {
    dir: tempfile::TempDir,
}

impl TinyVolume {
    fn mount(bytes: u64) -> Option<TinyVolume> {
        let dir = tempfile::tempdir().unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={bytes}")])
            .arg("tmpfs")
            .arg(dir.path())
            .output();
        match out {
            Ok(o) if o.status.success() => Some(TinyVolume { dir }),
            Ok(o) => {
                eprintln!(
                    "SKIPPED: cannot mount a tmpfs (needs root): {}",
                    String::from_utf8_lossy(&o.stderr).trim()
                );
                None
            }
            Err(e) => {
                eprintln!("SKIPPED: cannot run mount: {e}");
                None
            }
        }
    }
    fn path(&self) -> &Path {
        self.dir.path()
    }
    fn free(&self) -> u64 {
        safar_core::store::volume::free_bytes(self.path()).unwrap()
    }
    /// Fills the volume until at most `leave` bytes are free.
    fn fill_leaving(&self, leave: u64) {
        let filler = self.path().join(format!("filler-{}", self.free()));
        let mut f = std::fs::File::create(filler).unwrap();
        let chunk = vec![0x55u8; 4096];
        while self.free() > leave {
            let n = (self.free() - leave).min(chunk.len() as u64) as usize;
            if std::io::Write::write_all(&mut f, &chunk[..n.max(1)]).is_err() {
                break;
            }
        }
    }
    fn empty_fillers(&self) {
        for entry in std::fs::read_dir(self.path()).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().unwrap().to_string_lossy().starts_with("filler-") {
                std::fs::remove_file(path).unwrap();
            }
        }
    }
}

impl Drop for TinyVolume {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

/// Appends `bytes` of text that does not compress (pseudo-random words) to an article and
/// publishes: an update of a few MB.
fn publish_big_update(s: &Setup, bytes: usize) {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut text = String::with_capacity(bytes + 16);
    while text.len() < bytes {
        for _ in 0..8 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            text.push((b'a' + (state % 26) as u8) as char);
        }
        text.push(' ');
    }
    edit_one_article(&s.content(), "registration-ru", "ru", &text);
    build(&s.content(), &dev_keys(), &s.repo());
}

/// A phone at seq 1 whose database lives on a tmpfs with room for it and about `spare` bytes
/// more; `None` if no tmpfs can be mounted here.
fn phone_on_tiny_volume(s: &Setup, server_url: &str, spare: u64) -> Option<(TinyVolume, PathBuf, safar_core::Safar)> {
    // Sync on ordinary disk first, to learn the size, then move the files onto the volume.
    let seed_db = s.db("seed.db");
    let seed = open_phone(&seed_db);
    sync(&seed, server_url, &fast_http()).unwrap();
    seed.add_bookmark("registration-ru").unwrap();
    drop(seed);
    let conn = rusqlite::Connection::open(&seed_db).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    drop(conn);
    let size = std::fs::metadata(&seed_db).unwrap().len();
    // Room for the database, a few MB of update and its apply.
    let volume = TinyVolume::mount(size + 16 * 1024 * 1024)?;
    let db = volume.path().join("phone.db");
    std::fs::copy(&seed_db, &db).unwrap();
    let phone = open_phone(&db);
    // The connection's own files (-wal, -shm) exist now; squeeze the rest.
    phone.read("registration-ru").unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    drop(conn);
    volume.fill_leaving(spare);
    Some((volume, db, phone))
}

#[test]
fn a_full_phone_refuses_the_update_up_front_and_says_how_much_to_free() {
    let s = Setup::new();
    let server = serve(&s.repo(), &s.reports());
    let Some((volume, db, phone)) = phone_on_tiny_volume(&s, &server.url(), 500 * 1024) else {
        return;
    };
    publish_big_update(&s, 3_000_000);
    let before = snapshot(&db);

    let err = sync(&phone, &server.url(), &fast_http()).unwrap_err();
    let Error::StorageFull { needed_bytes } = err else {
        panic!("expected a storage-full error, got: {err}");
    };
    // At least the download that does not fit (the new articles/ru object, ~2.5 MB).
    let object = safar_publish::repo::current_manifest(&s.repo())
        .unwrap()
        .unwrap()
        .collections["articles/ru"]
        .deltas["1"]
        .length;
    assert!(needed_bytes + volume.free() > object, "{needed_bytes}");
    assert!(
        err.to_string()
            .starts_with("the phone's storage is full: free at least "),
        "{err}"
    );
    assert_eq!(snapshot(&db), before, "nothing changed");
    assert!(!staging_dir(&db).exists(), "nothing was downloaded");
    assert!(volume.free() >= 400 * 1024, "the remaining room was not filled");

    // The user frees room; the same phone syncs.
    volume.empty_fillers();
    assert_eq!(sync(&phone, &server.url(), &fast_http()).unwrap().seq, 2);
}

/// Fills the volume completely at the first progress event of `stage`.
struct FillAt {
    stage: SyncStage,
    volume_path: PathBuf,
    filled: Mutex<bool>,
}

impl SyncProgress for FillAt {
    fn on_progress(&self, event: &SyncProgressEvent) {
        let mut filled = self.filled.lock().unwrap();
        if event.stage == self.stage && !*filled {
            *filled = true;
            let mut f = std::fs::File::create(self.volume_path.join("filler-mid-sync")).unwrap();
            let chunk = vec![0x55u8; 64 * 1024];
            while std::io::Write::write_all(&mut f, &chunk).is_ok() {}
            while std::io::Write::write_all(&mut f, &chunk[..1]).is_ok() {}
        }
    }
}

fn assert_storage_full_mid_sync(stage: SyncStage) {
    let s = Setup::new();
    let server = serve(&s.repo(), &s.reports());
    // Room enough for the update, so the up-front check passes; the disk fills during the sync.
    let Some((volume, db, phone)) = phone_on_tiny_volume(&s, &server.url(), u64::MAX) else {
        return;
    };
    publish_big_update(&s, 300_000);
    let before = snapshot(&db);
    let filler = FillAt {
        stage,
        volume_path: volume.path().to_path_buf(),
        filled: Mutex::new(false),
    };
    let err = phone
        .sync(&server.url(), &fast_http(), &filler, &CancelToken::new())
        .unwrap_err();
    assert!(*filler.filled.lock().unwrap(), "the volume was filled mid-sync");
    assert!(
        matches!(err, Error::StorageFull { needed_bytes } if needed_bytes > 0),
        "{err}"
    );
    assert!(!err.to_string().contains("os error"), "{err}");
    assert!(!staging_dir(&db).exists(), "partial files were deleted");
    assert_eq!(snapshot(&db), before, "content and user data unchanged");
    // Reading still works on the full phone.
    assert!(phone.read("registration-ru").is_ok());

    volume.empty_fillers();
    assert_eq!(sync(&phone, &server.url(), &fast_http()).unwrap().seq, 2);
}

#[test]
fn a_volume_that_fills_up_during_the_download_gives_a_storage_full_error_and_no_partial_file() {
    assert_storage_full_mid_sync(SyncStage::Download);
}

#[test]
fn a_volume_that_fills_up_during_the_apply_rolls_back_and_gives_a_storage_full_error() {
    assert_storage_full_mid_sync(SyncStage::Apply);
}

#[test]
fn reading_an_article_works_on_a_full_phone() {
    let s = Setup::new();
    let server = serve(&s.repo(), &s.reports());
    let Some((_volume, db, phone)) = phone_on_tiny_volume(&s, &server.url(), 0) else {
        return;
    };
    let article = phone.read("registration-ru").expect("the screen is shown");
    assert_eq!(article.summary.group, "registration-ru");
    // What the phone already had is all there.
    assert_eq!(phone.bookmarks().unwrap().len(), 1);
    assert!(phone.status().unwrap().seq.is_some());
    // A fresh process opening the full phone reads too.
    drop(phone);
    let again = open_phone(&db);
    assert!(again.read("registration-ru.ru").is_ok());
}
