//! Attacks on the phone's trust state (issue 12 items 1–3, issue 13 item 1), each over real HTTP
//! on 127.0.0.1 (or a real bundle) with real signatures:
//!
//! * a manifest dated in the future must not move the phone's trusted clock (and a phone already
//!   poisoned by one recovers);
//! * stolen publisher + timestamp keys that fast-forward the sequence number are recovered from by
//!   a root rotation that replaces them;
//! * a scoped office key adds, changes and withdraws only collections inside its scope;
//! * content identity: what the phone fetches is decided by the signed digest, not by version
//!   numbers, and two different manifests with one sequence number are a fork.

use chrono::{Duration, Utc};
use safar_core::sync::digest::sha256_hex;
use safar_core::sync::metadata::{self, glob_match, FileRef, Manifest, Timestamp};
use safar_core::sync::minisign::SignatureProblem;
use safar_core::sync::{VerifyError, MAX_CLOCK_SKEW};
use safar_core::Error;
use safar_publish::keys::{sign_all, SecretKey};
use safar_publish::repo::{self, BuildOptions};
use safar_publish::rotate::{self, RotateOptions};
use safar_tests::*;
use std::path::Path;

/// The sync attack tests' world: a served repository and a phone that synced it.
type World = SyncedPhone;

/// Signs `manifest` (at its own seq) with `publishers`, and a timestamp pointing at it with
/// `timestamp_key`, into `repo`: what a holder of those keys can publish.
fn publish_manifest(repo: &Path, manifest: &Manifest, publishers: &[&SecretKey], timestamp_key: &SecretKey) {
    let m_path = metadata::manifest_path(manifest.seq);
    let mut json = serde_json::to_vec_pretty(manifest).unwrap();
    json.push(b'\n');
    std::fs::write(repo.join(&m_path), &json).unwrap();
    std::fs::write(
        repo.join(metadata::signature_path(&m_path)),
        sign_all(publishers, &json, &m_path, 0),
    )
    .unwrap();
    let old: Timestamp = serde_json::from_slice(&std::fs::read(repo.join(metadata::TIMESTAMP_PATH)).unwrap()).unwrap();
    let ts = Timestamp {
        seq: manifest.seq,
        expires: Utc::now() + Duration::days(14),
        manifest: FileRef {
            path: m_path,
            sha256: sha256_hex(&json),
            length: json.len() as u64,
        },
        ..old
    };
    let ts_json = serde_json::to_vec_pretty(&ts).unwrap();
    std::fs::write(repo.join(metadata::TIMESTAMP_PATH), &ts_json).unwrap();
    std::fs::write(
        repo.join(metadata::signature_path(metadata::TIMESTAMP_PATH)),
        sign_all(&[timestamp_key], &ts_json, metadata::TIMESTAMP_PATH, 0),
    )
    .unwrap();
}

fn stored_clock(db: &Path) -> chrono::DateTime<Utc> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let s: String = conn
        .query_row("SELECT trusted_now FROM sync_state", [], |r| r.get(0))
        .unwrap();
    chrono::DateTime::parse_from_rfc3339(&s).unwrap().with_timezone(&Utc)
}

fn manifest_sha(repo: &Path, seq: u64) -> String {
    sha256_hex(&std::fs::read(repo.join(metadata::manifest_path(seq))).unwrap())
}

// --- trusted clock (issue 12.1) ---------------------------------------------------------------

/// The build machine's clock says 2031: the manifest is genuinely signed, but applying it would
/// move the phone's trusted clock five years ahead and expire every genuine timestamp after it.
#[test]
fn a_future_dated_manifest_is_refused_and_does_not_move_the_trusted_clock() {
    let w = World::new();
    edit_one_article(&w.content(), "registration-ru", "ru", "Новое.");
    let mut opts = BuildOptions::new(w.content(), w.repo(), w.keys());
    opts.now = Utc::now() + Duration::days(5 * 365);
    repo::build(&opts).unwrap();
    let err = w.assert_rejected(
        &w.server.url(),
        |v| matches!(v, VerifyError::FromTheFuture { file, .. } if file == "manifests/2.json"),
    );
    assert!(err.to_string().contains("phone's date and time"), "advice given: {err}");
    assert!(stored_clock(&w.db()) <= Utc::now() + MAX_CLOCK_SKEW);

    // The publisher fixes the build machine's clock and publishes again: the phone follows.
    let fixed = w.publish_change("Исправлено.");
    assert_eq!(w.sync(&w.server.url()).seq, fixed.seq);
}

/// A phone that adopted a 2031 `published_at` before this fix (the trusted clock stored in 2031
/// by a sync that ran today) is not bricked: the stored time is believed only up to the skew.
#[test]
fn a_phone_whose_trusted_clock_was_poisoned_by_an_earlier_future_manifest_recovers() {
    let w = World::new();
    let conn = rusqlite::Connection::open(w.db()).unwrap();
    let poisoned = (Utc::now() + Duration::days(5 * 365)).to_rfc3339();
    conn.execute("UPDATE sync_state SET trusted_now = ?1, published_at = ?1", [&poisoned])
        .unwrap();
    drop(conn);
    let built = w.publish_change("Новое.");
    assert_eq!(w.sync(&w.server.url()).seq, built.seq);
    assert!(
        stored_clock(&w.db()) <= Utc::now() + MAX_CLOCK_SKEW,
        "the poisoned time is not kept"
    );
}

// --- fast-forward recovery (issue 12.2) -------------------------------------------------------

/// The whole drill: publisher and timestamp keys are stolen; the thief's mirror pushes seq
/// u64::MAX (and withdraws a collection); the publisher rotates both keys with the root keys and
/// publishes; the phone that synced the attack ends on exactly the genuine content.
#[test]
fn stolen_keys_fast_forward_is_recovered_by_a_root_rotation_that_replaces_them() {
    let w = World::new();
    // Steal.
    let stolen = w.path("stolen-keys");
    std::fs::create_dir_all(&stolen).unwrap();
    for key in ["publisher.key", "timestamp.key"] {
        std::fs::copy(w.keys().join(key), stolen.join(key)).unwrap();
    }
    // Fast-forward, from the thief's own mirror.
    let evil_repo = w.path("evil-repo");
    copy_dir(&w.repo(), &evil_repo);
    publish_edited_manifest(&evil_repo, &stolen, |m| {
        m.seq = u64::MAX - 1;
        m.collections.remove("articles/en");
    });
    let evil = serve(&evil_repo, &w.path("reports"));
    let attacked = w.sync(&evil.url());
    assert_eq!(attacked.seq, u64::MAX);
    assert!(attacked.collections_removed.contains(&"articles/en".to_string()));

    // Rotate: root 2 replaces both stolen keys (signed by the offline root keys); publish anew.
    let rotated = rotate::rotate_root(
        &w.keys(),
        &RotateOptions {
            replace: vec!["publisher".into(), "timestamp".into()],
            expiry_days: 365,
            ..RotateOptions::default()
        },
        Utc::now(),
    )
    .unwrap();
    assert_eq!(rotated.version, 2);
    let genuine = w.publish_change("Ключи заменены.");

    // Recover.
    let recovered = w.sync(&w.server.url());
    assert_eq!((recovered.root_version, recovered.seq), (2, genuine.seq));
    assert_eq!(
        content_snapshot(&w.db()),
        w.fresh_phone_content(&w.server.url(), "fresh.db"),
        "the phone is back on exactly the genuine content"
    );
    assert_eq!(w.phone.bookmarks().unwrap().len(), 1, "user data kept throughout");

    // The thief's mirror, signed with the replaced keys, is refused from now on…
    w.assert_rejected(&evil.url(), |v| {
        matches!(
            v,
            VerifyError::Signature {
                problem: SignatureProblem::UnknownKey(_),
                ..
            }
        )
    });
    // …and the floor is back: an older genuine state is a rollback again.
    let next = w.publish_change("Ещё.");
    assert_eq!(w.sync(&w.server.url()).seq, next.seq);
}

/// A rotation that only adds a key (a new office) revokes nothing, so the rollback floor stays.
#[test]
fn a_root_that_only_adds_a_publisher_keeps_the_rollback_floor() {
    let w = World::new();
    let v1 = w.path("repo-v1");
    copy_dir(&w.repo(), &v1);
    rotate::rotate_root(
        &w.keys(),
        &RotateOptions {
            add_publishers: vec![("kg-office".into(), vec!["*/kg".into()])],
            expiry_days: 365,
            ..RotateOptions::default()
        },
        Utc::now(),
    )
    .unwrap();
    let built = w.publish_change("Новое.");
    assert_eq!(w.sync(&w.server.url()).root_version, 2);
    let old = serve(&v1, &w.path("reports"));
    w.assert_rejected(
        &old.url(),
        |v| matches!(v, VerifyError::Rollback { have, got: 1, .. } if *have == built.seq),
    );
}

// --- scope on withdrawal (issue 12.3) ---------------------------------------------------------

/// The `*/kg` office key publishes a manifest listing only its own collections. The phone takes
/// them and keeps everything else ("absent ≠ withdrawn"); the office can withdraw a collection in
/// its scope; the next central manifest brings the phone to exactly the central content.
#[test]
fn a_scoped_office_manifest_changes_and_withdraws_only_collections_in_its_scope() {
    let w = World::new();
    rotate::rotate_root(
        &w.keys(),
        &RotateOptions {
            add_publishers: vec![("kg-office".into(), vec!["*/kg".into()])],
            expiry_days: 365,
            ..RotateOptions::default()
        },
        Utc::now(),
    )
    .unwrap();
    let office_key = SecretKey::load(&w.keys().join("kg-office.key")).unwrap();
    let timestamp_key = SecretKey::load(&w.keys().join("timestamp.key")).unwrap();

    // The office edits a Kyrgyz hotline; its manifest lists only the */kg collections.
    let csv = w.content().join("hotlines.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    std::fs::write(
        &csv,
        text.replace("Migrant information and legal line", "Migrant legal line"),
    )
    .unwrap();
    let scratch = w.path("office-build");
    copy_dir(&w.repo(), &scratch);
    build(&w.content(), &w.keys(), &scratch);
    copy_dir(&scratch.join("objects"), &w.repo().join("objects"));
    copy_dir(&scratch.join("root"), &w.repo().join("root"));
    let mut office = repo::current_manifest(&scratch).unwrap().unwrap();
    office.collections.retain(|name, _| glob_match("*/kg", name));
    let kg: Vec<String> = office.collections.keys().cloned().collect();
    assert!(kg.len() >= 2 && kg.contains(&"hotlines/kg".to_string()), "{kg:?}");
    office.seq = 2;
    publish_manifest(&w.repo(), &office, &[&office_key], &timestamp_key);

    let before: Vec<String> = w
        .phone
        .status()
        .unwrap()
        .collections
        .into_iter()
        .map(|c| c.name)
        .collect();
    let report = w.sync(&w.server.url());
    assert_eq!(report.seq, 2);
    assert_eq!(
        report.collections_removed,
        Vec::<String>::new(),
        "nothing outside */kg withdrawn"
    );
    assert_eq!(
        report
            .collections_updated
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["hotlines/kg"]
    );
    let after: Vec<String> = w
        .phone
        .status()
        .unwrap()
        .collections
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(after, before);

    // Withdrawing a collection inside its scope is the office's right.
    let withdrawn = kg.iter().find(|n| *n != "hotlines/kg").unwrap().clone();
    office.collections.remove(&withdrawn);
    office.seq = 3;
    publish_manifest(&w.repo(), &office, &[&office_key], &timestamp_key);
    assert_eq!(w.sync(&w.server.url()).collections_removed, [withdrawn]);

    // The next central manifest (the central key covers `*`) brings exactly the central content.
    let central = w.publish_change("Центральный выпуск.");
    assert!(central.seq > 3);
    assert_eq!(w.sync(&w.server.url()).seq, central.seq);
    assert_eq!(
        content_snapshot(&w.db()),
        w.fresh_phone_content(&w.server.url(), "fresh.db")
    );
}

// --- content identity and forks (issue 13.1) --------------------------------------------------

/// An office starts a repository in a fresh folder: its first build is seq 1 like the phone's,
/// with different records under the same collection versions. Same seq, different manifest: a
/// fork, refused with both hashes, nothing changed. Its next build (seq 2) brings the phone to
/// exactly its content, including collections whose version number did not change.
#[test]
fn a_repository_built_in_a_fresh_folder_is_a_fork_at_the_same_seq_and_then_arrives_whole() {
    let w = World::new();
    let office_content = w.path("office-content");
    copy_dir(&content_dir(), &office_content);
    edit_one_article(&office_content, "registration-ru", "ru", "Другая редакция.");
    let office_repo = w.path("office-repo");
    assert_eq!(build(&office_content, &w.keys(), &office_repo).seq, 1);
    let office = serve(&office_repo, &w.path("reports"));

    let err = w.assert_rejected(&office.url(), |v| matches!(v, VerifyError::Fork { seq: 1, .. }));
    let (installed, offered) = (manifest_sha(&w.repo(), 1), manifest_sha(&office_repo, 1));
    assert!(
        err.to_string().contains(&installed) && err.to_string().contains(&offered),
        "both manifests named: {err}"
    );

    edit_one_article(&office_content, "gbv-help", "en", "Another edit.");
    let second = build(&office_content, &w.keys(), &office_repo);
    assert_eq!(second.seq, 2);
    let report = w.sync(&office.url());
    assert!(
        report.collections_updated.iter().any(|c| c.name == "articles/ru"),
        "articles/ru is version 1 on both sides but different content: {report:?}"
    );
    assert_eq!(
        content_snapshot(&w.db()),
        w.fresh_phone_content(&office.url(), "fresh.db")
    );
}

/// `safar import` of a different bundle with the sequence number the phone already has.
#[test]
fn importing_a_different_bundle_with_the_same_seq_is_a_fork_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let content_b = dir.path().join("content-b");
    copy_dir(&content_dir(), &content_b);
    edit_one_article(&content_b, "registration-ru", "ru", "Другая редакция.");
    let bundle_a = publish(&content_dir(), &dev_keys(), &dir.path().join("a"));
    let bundle_b = publish(&content_b, &dev_keys(), &dir.path().join("b"));
    let db = dir.path().join("phone.db");
    let phone = open_phone(&db);
    assert_eq!(phone.import_bundle_file(&bundle_a).unwrap().seq, 1);

    let before = snapshot(&db);
    let err = phone.import_bundle_file(&bundle_b).expect_err("a fork was imported");
    assert!(
        matches!(&err, Error::Rejected(VerifyError::Fork { seq: 1, installed, offered })
            if *installed == manifest_sha(&dir.path().join("a"), 1)
            && *offered == manifest_sha(&dir.path().join("b"), 1)),
        "{err:?}"
    );
    assert_eq!(snapshot(&db), before, "nothing changed");
    assert!(
        phone.import_bundle_file(&bundle_a).unwrap().up_to_date,
        "the same bundle again is a no-op"
    );
}

/// A bundle whose manifest is dated in the future is refused like a network update: bundles set
/// the trusted clock too.
#[test]
fn a_future_dated_bundle_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("repo");
    let mut opts = BuildOptions::new(content_dir(), &out, dev_keys());
    opts.now = Utc::now() + Duration::days(3);
    repo::build(&opts).unwrap();
    let bundle = out.with_extension("safar");
    repo::pack(&out, &bundle).unwrap();
    let phone = open_phone(&dir.path().join("phone.db"));
    let err = phone.import_bundle_file(&bundle).expect_err("future bundle accepted");
    assert!(
        matches!(err, Error::Rejected(VerifyError::FromTheFuture { .. })),
        "{err:?}"
    );
    assert_eq!(phone.status().unwrap().seq, None);
}
