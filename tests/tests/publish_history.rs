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
