//! A `.safar` bundle is trusted only through its signatures: tampered, forged or rolled-back
//! bundles are refused with a clear error, and the phone's database is left exactly as it was.

use safar_core::sync::VerifyError;
use safar_core::Error;
use safar_tests::*;
use std::io::Cursor;

fn import_bytes(phone: &safar_core::Safar, bytes: &[u8]) -> Result<safar_core::sync::import::ImportReport, Error> {
    phone.import_bundle_from(Cursor::new(bytes.to_vec()))
}

#[test]
fn default_bundle_imports_and_then_is_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    let phone = open_phone(&dir.path().join("phone.db"));
    let first = import_bytes(&phone, safar_content::DEFAULT_BUNDLE).unwrap();
    assert!(!first.up_to_date);
    assert!(
        first.records > 50,
        "the sample content has articles, hotlines, services, quotes: {first:?}"
    );
    assert!(first.updated.iter().any(|c| c == "articles/ru"));
    let again = import_bytes(&phone, safar_content::DEFAULT_BUNDLE).unwrap();
    assert!(again.up_to_date);
}

#[test]
fn any_flipped_byte_is_rejected_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("phone.db");
    let phone = open_phone(&db);
    let before = snapshot(&db);
    let good = safar_content::DEFAULT_BUNDLE;
    // Every byte of the framing at both ends, and ~400 positions spread over the rest.
    let mut positions: Vec<usize> = (0..64).chain(good.len() - 64..good.len()).collect();
    positions.extend((0..400).map(|i| i * good.len() / 400));
    for pos in positions {
        let mut bad = good.to_vec();
        bad[pos] ^= 0x20;
        let err = import_bytes(&phone, &bad).expect_err(&format!("flip at byte {pos} was accepted"));
        assert!(
            matches!(err, Error::Rejected(_)),
            "flip at {pos}: unexpected error {err}"
        );
    }
    assert_eq!(snapshot(&db), before, "a rejected bundle changed the database");
}

/// The attacker repacks the bundle with a valid checksum: the signatures must catch each change.
#[test]
fn edits_behind_a_valid_checksum_are_caught_by_signatures() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("phone.db");
    let phone = open_phone(&db);
    let entries = unpack(safar_content::DEFAULT_BUNDLE);
    let before = snapshot(&db);
    for (n, (name, data)) in entries.iter().enumerate() {
        // Change one byte in the middle of each file.
        let mut edited = entries.clone();
        let mut bytes = data.clone();
        let mid = bytes.len() / 2;
        bytes[mid] = if bytes[mid] == b'7' { b'8' } else { b'7' };
        edited[n] = (name.clone(), bytes);
        let err = import_bytes(&phone, &repack(&edited)).expect_err(&format!("edit in {name} was accepted"));
        match &err {
            Error::Rejected(
                VerifyError::Signature { .. }
                | VerifyError::HashMismatch { .. }
                | VerifyError::Malformed { .. }
                | VerifyError::Threshold { .. }
                | VerifyError::UntrustedRoot { .. }
                | VerifyError::Damaged { .. },
            ) => {}
            other => panic!("edit in {name}: unexpected error {other}"),
        }
    }
    // Dropping a needed file, or adding junk, is refused too.
    let without_manifest: Vec<_> = entries
        .iter()
        .filter(|(n, _)| !n.starts_with("manifests/"))
        .cloned()
        .collect();
    assert!(matches!(
        import_bytes(&phone, &repack(&without_manifest)),
        Err(Error::Rejected(VerifyError::Missing { .. }))
    ));
    let mut with_junk = entries.clone();
    with_junk.push((format!("objects/{}", "0".repeat(64)), b"junk".to_vec()));
    assert!(matches!(
        import_bytes(&phone, &repack(&with_junk)),
        Err(Error::Rejected(VerifyError::Damaged { .. }))
    ));
    assert_eq!(snapshot(&db), before);
}

#[test]
fn bundle_signed_by_unknown_keys_is_rejected_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("other-keys");
    safar_publish::repo::keygen(&keys, chrono::Utc::now(), 365).unwrap();
    let bundle = publish(&content_dir(), &keys, &dir.path().join("other-repo"));

    let db = dir.path().join("phone.db");
    let phone = open_phone(&db);
    import_bytes(&phone, safar_content::DEFAULT_BUNDLE).unwrap();
    let before = snapshot(&db);
    let err = phone
        .import_bundle_file(&bundle)
        .expect_err("a bundle from unknown keys was accepted");
    assert!(
        matches!(
            err,
            Error::Rejected(
                VerifyError::Signature { .. } | VerifyError::Threshold { .. } | VerifyError::UntrustedRoot { .. }
            )
        ),
        "unexpected error: {err}"
    );
    assert!(err.to_string().contains("unknown key"), "message should say why: {err}");
    assert_eq!(snapshot(&db), before);
}

#[test]
fn an_older_bundle_is_refused_as_rollback() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    let content = dir.path().join("content");
    copy_dir(&content_dir(), &content);
    let v1 = publish(&content, &dev_keys(), &repo);
    let v1_bytes = std::fs::read(&v1).unwrap();
    // Change one hotline's verification date and publish again: seq 2.
    let csv = content.join("hotlines.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    std::fs::write(&csv, text.replacen("2026-11-01", "2026-11-02", 1)).unwrap();
    let v2 = publish(&content, &dev_keys(), &repo);

    let db = dir.path().join("phone.db");
    let phone = open_phone(&db);
    let report = phone.import_bundle_file(&v2).unwrap();
    assert_eq!(report.seq, 2);
    let before = snapshot(&db);
    let err = import_bytes(&phone, &v1_bytes).expect_err("rollback accepted");
    assert!(
        matches!(err, Error::Rejected(VerifyError::Rollback { have: 2, got: 1, .. })),
        "{err}"
    );
    assert_eq!(snapshot(&db), before);
}
