//! The publisher keeps its history: deltas from the last K versions of a changed collection, and
//! a sequence number that only grows.

use safar_core::sync::update::UpdateMethod;
use safar_publish::repo::{self, BuildOptions};
use safar_tests::*;

#[test]
fn deltas_cover_the_last_k_versions_and_older_phones_get_the_full_object() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    let repo_dir = dir.path().join("repo");
    copy_dir(&content_dir(), &content);
    build(&content, &dev_keys(), &repo_dir);
    let server = serve(&repo_dir, &dir.path().join("reports"));
    let behind = open_phone(&dir.path().join("behind.db"));
    sync(&behind, &server.url(), &fast_http()).unwrap(); // stays on v1

    for n in 2..=5 {
        edit_one_article(&content, "gbv-help", "en", &format!("Edit {n}."));
        let report = build(&content, &dev_keys(), &repo_dir);
        assert_eq!(report.seq, n);
    }
    let m = repo::current_manifest(&repo_dir).unwrap().unwrap();
    let entry = &m.collections["articles/en"];
    assert_eq!(entry.version, 5);
    assert_eq!(
        entry.deltas.keys().cloned().collect::<Vec<_>>(),
        vec!["2", "3", "4"],
        "K = 3"
    );
    assert!(
        m.collections["articles/ru"].deltas.is_empty(),
        "unchanged collections keep theirs"
    );
    for delta in entry.deltas.values() {
        assert!(delta.length < entry.full.length);
        assert!(repo_dir.join(&delta.path).is_file());
    }

    // A phone on v1 is further behind than any delta: it gets the full object.
    let report = sync(&behind, &server.url(), &fast_http()).unwrap();
    let c = report
        .collections_updated
        .iter()
        .find(|c| c.name == "articles/en")
        .unwrap();
    assert_eq!((c.from_version, c.method), (Some(1), UpdateMethod::Full));
}

#[test]
fn the_sequence_number_never_goes_back_even_if_the_timestamp_is_restored() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    let repo_dir = dir.path().join("repo");
    copy_dir(&content_dir(), &content);
    build(&content, &dev_keys(), &repo_dir);
    let old_ts = std::fs::read(repo_dir.join("timestamp.json")).unwrap();
    let old_sig = std::fs::read(repo_dir.join("timestamp.json.minisig")).unwrap();
    edit_one_article(&content, "gbv-help", "en", "Edit.");
    assert_eq!(build(&content, &dev_keys(), &repo_dir).seq, 2);
    // Someone restores yesterday's timestamp from a backup, then publishes again.
    std::fs::write(repo_dir.join("timestamp.json"), old_ts).unwrap();
    std::fs::write(repo_dir.join("timestamp.json.minisig"), old_sig).unwrap();
    edit_one_article(&content, "gbv-help", "en", "Another edit.");
    let mut opts = BuildOptions::new(&content, &repo_dir, dev_keys());
    opts.delta_history = 1;
    assert_eq!(repo::build(&opts).unwrap().seq, 3);
}

fn continuing_builtin(content: &std::path::Path, out: &std::path::Path, keys: &std::path::Path) -> BuildOptions {
    let mut opts = BuildOptions::new(content, out, keys);
    opts.continue_from = Some(repo::HistorySource::Bundle {
        name: "builtin".into(),
        bytes: safar_content::DEFAULT_BUNDLE.to_vec(),
    });
    opts
}

#[test]
fn a_new_repository_continues_the_built_in_history_instead_of_reusing_its_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    let repo_dir = dir.path().join("repo");
    copy_dir(&content_dir(), &content);
    // content/build.rs publishes the built-in default into an empty folder: seq 1.
    let default_seq = 1;
    edit_one_article(&content, "gbv-help", "en", "Field edit.");
    let report = repo::build(&continuing_builtin(&content, &repo_dir, &dev_keys())).unwrap();
    assert_eq!(
        report.seq,
        default_seq + 1,
        "the field repository's first number follows the default's"
    );
    let m = repo::current_manifest(&repo_dir).unwrap().unwrap();
    assert_eq!(m.collections["articles/en"].version, 2);
    assert_eq!(
        m.collections["articles/en"].deltas.keys().cloned().collect::<Vec<_>>(),
        vec!["1"],
        "the default's objects are part of the history"
    );

    // A phone that only has the built-in content gets exactly the field repository's content.
    let server = serve(&repo_dir, &dir.path().join("reports"));
    let shipped = safar_core::Safar::open(
        dir.path().join("shipped.db"),
        safar_core::AppConfig {
            default_bundle: Some(safar_content::DEFAULT_BUNDLE),
            ..config_without_default()
        },
    )
    .unwrap();
    let synced = sync(&shipped, &server.url(), &fast_http()).unwrap();
    assert_eq!((synced.previous_seq, synced.seq), (Some(1), 2));
    let fresh = open_phone(&dir.path().join("fresh.db"));
    sync(&fresh, &server.url(), &fast_http()).unwrap();
    assert_eq!(
        content_snapshot(&dir.path().join("shipped.db")),
        content_snapshot(&dir.path().join("fresh.db"))
    );

    // The same command again finds the history already there: nothing new to publish.
    let again = repo::build(&continuing_builtin(&content, &repo_dir, &dev_keys())).unwrap();
    assert_eq!((again.unchanged, again.seq), (true, 2));

    // Continuing another history into a folder that has one is refused and changes nothing.
    let other = dir.path().join("other");
    copy_dir(&repo_dir, &other);
    edit_one_article(&content, "gbv-help", "en", "Another edit.");
    build(&content, &dev_keys(), &other);
    let before = std::fs::read(repo_dir.join("timestamp.json")).unwrap();
    let mut opts = BuildOptions::new(&content, &repo_dir, dev_keys());
    opts.continue_from = Some(repo::HistorySource::Path(other));
    let err = repo::build(&opts).err().unwrap().to_string();
    assert!(err.contains("already has a history (seq 2)"), "{err}");
    assert_eq!(std::fs::read(repo_dir.join("timestamp.json")).unwrap(), before);
}

#[test]
fn continuing_a_history_of_another_trust_root_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys");
    repo::keygen(&keys, chrono::Utc::now(), 365).unwrap();
    let out = dir.path().join("repo");
    let err = repo::build(&continuing_builtin(&content_dir(), &out, &keys))
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("different trust root"), "{err}");
    assert!(!out.join("manifests").exists() && !out.join("timestamp.json").exists());
}
