//! A country office publishes its own collections with its scoped key, as publish/README.md
//! ("Scoped offices") describes: delegation by the root keys, the office's build without the
//! central publisher key, phones that take exactly the office's collections, and the central
//! publisher's next build carrying them forward.

use safar_core::{AppConfig, Safar};
use safar_publish::repo::{self, BuildOptions, HistorySource};
use safar_publish::rotate::{self, RotateOptions};
use safar_tests::*;
use std::path::Path;

/// A phone as shipped: the built-in default content, then syncs.
fn shipped_phone(db: &Path) -> Safar {
    let config = AppConfig {
        default_bundle: Some(safar_content::DEFAULT_BUNDLE),
        ..config_without_default()
    };
    Safar::open(db, config).expect("open phone database")
}

fn rename_kg_hotline(content: &Path, new_name: &str) {
    let path = content.join("hotlines.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replace("Migrant information and legal line, Kyrgyzstan (SAMPLE)", new_name);
    assert_ne!(text, edited, "the sample KG hotline exists");
    std::fs::write(&path, edited).unwrap();
}

fn hotline_name(db: &Path, id: &str) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT json FROM hotlines WHERE id = ?1", [id], |r| {
        r.get::<_, String>(0)
    })
    .unwrap_or_else(|e| panic!("{id}: {e}"))
}

#[test]
fn a_country_office_publishes_only_its_collections_and_the_centre_carries_them_forward() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (central_content, office_content) = (dir.join("content"), dir.join("office-content"));
    copy_dir(&content_dir(), &central_content);
    copy_dir(&content_dir(), &office_content);
    let (keys, office_keys, repo_dir) = (dir.join("KEYS"), dir.join("OFFICE-KEYS"), dir.join("repo"));
    copy_dir(&dev_keys(), &keys);

    let mut opts = BuildOptions::new(&central_content, &repo_dir, &keys);
    opts.continue_from = Some(HistorySource::Bundle {
        name: "builtin".into(),
        bytes: safar_content::DEFAULT_BUNDLE.to_vec(),
    });
    let start = repo::build(&opts).unwrap().seq;

    // Delegation: the root keys add the office's role; its key goes to the office, with the
    // root files and the timestamp key, and not the central publisher key.
    let delegation = RotateOptions {
        add_publishers: vec![("kg-office".into(), vec!["hotlines/kg".into(), "services/kg".into()])],
        expiry_days: 3650,
        ..Default::default()
    };
    rotate::rotate_root(&keys, &delegation, chrono::Utc::now()).unwrap();
    copy_dir(&keys.join("root"), &office_keys.join("root"));
    for file in ["kg-office.key", "kg-office.pub"] {
        std::fs::rename(keys.join(file), office_keys.join(file)).unwrap();
    }
    std::fs::copy(keys.join("timestamp.key"), office_keys.join("timestamp.key")).unwrap();
    rotate::resign_timestamp(&repo_dir, &keys, chrono::Utc::now(), 14).unwrap();

    let server = serve(&repo_dir, &dir.join("reports"));
    let regular_db = dir.join("regular.db");
    let regular = shipped_phone(&regular_db);
    assert_eq!(sync(&regular, &server.url(), &fast_http()).unwrap().seq, start);
    let before = content_snapshot(&regular_db);

    // The office's daily routine: edit, build with its own keys.
    rename_kg_hotline(&office_content, "Migrant line, Kyrgyzstan, office edit (SAMPLE)");
    edit_one_article(&office_content, "gbv-help", "en", "Not the office's to publish.");
    let report = repo::build(&BuildOptions::new(&office_content, &repo_dir, &office_keys)).unwrap();
    assert_eq!(report.seq, start + 1);
    assert!(report.outside_scope.contains(&"articles/en".to_string()));
    let manifest = repo::current_manifest(&repo_dir).unwrap().unwrap();
    assert_eq!(
        manifest.collections.keys().collect::<Vec<_>>(),
        ["hotlines/kg", "services/kg"],
        "the office's manifest lists only its scope"
    );

    // Phones take exactly the office's collections and keep everything else.
    let office_sync = sync(&regular, &server.url(), &fast_http()).unwrap();
    assert_eq!(office_sync.seq, start + 1);
    let changed: Vec<&str> = office_sync
        .collections_updated
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(changed, ["hotlines/kg"]);
    assert!(hotline_name(&regular_db, "kg-sample-migrant-line").contains("office edit"));
    assert_ne!(content_snapshot(&regular_db), before);
    let fresh_db = dir.join("fresh.db");
    let fresh = shipped_phone(&fresh_db);
    assert_eq!(sync(&fresh, &server.url(), &fast_http()).unwrap().seq, start + 1);
    assert_eq!(content_snapshot(&fresh_db), content_snapshot(&regular_db));

    // The centre's next build carries the office's collections forward (its own content folder
    // still has the old KG name) and publishes its own edit.
    edit_one_article(&central_content, "gbv-help", "en", "Central edit.");
    let report = repo::build(&BuildOptions::new(&central_content, &repo_dir, &keys)).unwrap();
    assert_eq!(report.seq, start + 2);
    let kept = report.collections.iter().find(|c| c.name == "hotlines/kg").unwrap();
    assert_eq!(kept.kept_for.as_deref(), Some("kg-office"));
    let central = repo::current_manifest(&repo_dir).unwrap().unwrap();
    assert_eq!(central.collections["hotlines/kg"], manifest.collections["hotlines/kg"]);
    assert!(central.collections.contains_key("articles/en"));
    for db in [&regular_db, &fresh_db] {
        let phone = shipped_phone(db);
        assert_eq!(sync(&phone, &server.url(), &fast_http()).unwrap().seq, start + 2);
        assert!(hotline_name(db, "kg-sample-migrant-line").contains("office edit"));
    }
    let new_db = dir.join("new.db");
    assert_eq!(
        sync(&shipped_phone(&new_db), &server.url(), &fast_http()).unwrap().seq,
        start + 2
    );
    assert_eq!(content_snapshot(&new_db), content_snapshot(&regular_db));

    // Anything else the office key signs is refused, and the phone keeps what it had.
    let thief = dir.join("office-key-as-publisher");
    std::fs::create_dir_all(&thief).unwrap();
    std::fs::copy(office_keys.join("kg-office.key"), thief.join("publisher.key")).unwrap();
    std::fs::copy(office_keys.join("timestamp.key"), thief.join("timestamp.key")).unwrap();
    publish_edited_manifest(&repo_dir, &thief, |m| m.repository = "Office overreach".into());
    let kept_before = content_snapshot(&regular_db);
    let err = sync(&regular, &server.url(), &fast_http()).unwrap_err();
    assert!(err.to_string().contains("articles/"), "{err}");
    assert_eq!(content_snapshot(&regular_db), kept_before);
}
