//! One test per row of the threat table in ARCHITECTURE.md, over real HTTP on 127.0.0.1 (with the
//! fault-injecting proxy where the attack is in the network). Each asserts the typed error the
//! defence produces and that the phone's database — content, sync state and user data — is
//! exactly as it was. (The torn-apply row is `cli/tests/crash_loop.rs`: it kills a real process.)

use chrono::{Duration, Utc};
use safar_core::sync::metadata::{self, ObjectRef};
use safar_core::sync::minisign::SignatureProblem;
use safar_core::sync::object::{ObjectHeader, OBJECT_FORMAT};
use safar_core::sync::VerifyError;
use safar_core::Error;
use safar_publish::repo::{self, BuildOptions};
use safar_publish::rotate::{self, RotateOptions};
use safar_tests::fault_proxy::{Fault, FaultProxy};
use safar_tests::*;
use std::path::PathBuf;

/// The threat tests' world: a served repository and a phone that synced it.
type World = SyncedPhone;

/// The content change every "next version" in this file publishes.
const NEXT_VERSION: &str = "Сохраните квитанцию об оплате.";

// --- tampered file, MITM, captive-portal HTML -------------------------------------------------

#[test]
fn a_flipped_byte_anywhere_on_the_wire_is_refused() {
    let w = World::new();
    w.publish_change(NEXT_VERSION);
    let proxy = FaultProxy::start(w.server.addr());
    for (path, expect_hash) in [("/objects/", true), ("/manifests/", true), ("/timestamp.json", false)] {
        proxy.clear();
        proxy.add(path, Fault::Corrupt { at: 40 }, None);
        w.assert_refused(&proxy.url(), |e| {
            rejected(e, |v| match v {
                VerifyError::HashMismatch { .. } => expect_hash,
                VerifyError::Signature { .. } | VerifyError::Malformed { .. } => !expect_hash,
                _ => false,
            })
        });
    }
    proxy.clear();
    assert_eq!(w.sync(&proxy.url()).seq, 2, "the untouched link still works");
}

#[test]
fn a_captive_portal_page_served_with_200_is_refused() {
    let w = World::new();
    w.publish_change(NEXT_VERSION);
    let proxy = FaultProxy::start(w.server.addr());
    proxy.add("/", Fault::CaptivePortal, None);
    let err = w.assert_refused(&proxy.url(), |e| {
        rejected(e, |v| matches!(v, VerifyError::Malformed { .. }))
    });
    assert!(err.to_string().contains("web page"), "the user is told why: {err}");
}

// --- rollback / replay ----------------------------------------------------------------------

#[test]
fn an_older_signed_repository_is_refused_as_rollback() {
    let w = World::new();
    copy_dir(&w.repo(), &w.path("repo-v1"));
    w.publish_change(NEXT_VERSION);
    assert_eq!(w.sync(&w.server.url()).seq, 2);
    let old = serve(&w.path("repo-v1"), &w.path("reports"));
    w.assert_refused(&old.url(), |e| {
        rejected(e, |v| matches!(v, VerifyError::Rollback { have: 2, got: 1, .. }))
    });
}

/// Moves every article and checklist review date later than `to` back to `to`, so the sample
/// content can be built with a clock in the past whatever day it was last reviewed.
fn backdate_reviews(content: &std::path::Path, to: chrono::NaiveDate) {
    let files = ["articles", "checklist"].into_iter().flat_map(|dir| {
        walkdir(&content.join(dir))
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "md" || e == "toml"))
    });
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let moved: Vec<String> = text
            .lines()
            .map(|line| {
                let Some((key, value)) = line.split_once(" = ") else {
                    return line.to_string();
                };
                let is_review = key == "reviewed_at" || key == "verified_at";
                match chrono::NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d") {
                    Ok(date) if is_review && date > to => format!("{key} = {to}"),
                    _ => line.to_string(),
                }
            })
            .collect();
        std::fs::write(&path, moved.join("\n") + "\n").unwrap();
    }
}

fn walkdir(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(walkdir(&path));
        } else {
            found.push(path);
        }
    }
    found
}

// --- freeze ---------------------------------------------------------------------------------

#[test]
fn an_expired_timestamp_is_refused_and_old_content_stays_with_its_age() {
    let w = World::new();
    edit_one_article(&w.path("content"), "registration-ru", "ru", "Новое.");
    let mut opts = BuildOptions::new(w.path("content"), w.repo(), w.keys());
    opts.now = Utc::now() - Duration::days(20);
    // A build 20 days ago cannot carry a review made since (lint refuses future dates).
    backdate_reviews(&w.path("content"), opts.now.date_naive());
    opts.timestamp_expiry_days = 14;
    repo::build(&opts).unwrap();
    w.assert_refused(&w.server.url(), |e| {
        rejected(
            e,
            |v| matches!(v, VerifyError::Expired { file, .. } if file == "timestamp.json"),
        )
    });
    let status = w.phone.status().unwrap();
    assert_eq!(status.seq, Some(1), "the content the phone had is kept");
    assert!(status.content_age_days.is_some(), "and shown with its age");
    assert!(w.phone.read("registration-ru").is_ok());
}

#[test]
fn replaying_not_modified_cannot_freeze_the_phone_past_the_timestamp_expiry() {
    let w = World::new();
    // Time passes on the phone beyond the 14-day timestamp (its clock was seen 30 days later, at
    // an update); the server keeps answering 304. A stored trusted time is believed only up to a
    // day past the device clock that stored it, so both columns move (see `import::trusted_now`).
    let conn = rusqlite::Connection::open(w.db()).unwrap();
    let later = (Utc::now() + Duration::days(30)).to_rfc3339();
    conn.execute("UPDATE sync_state SET trusted_now = ?1, updated_at = ?1", [later])
        .unwrap();
    drop(conn);
    w.assert_refused(&w.server.url(), |e| {
        rejected(e, |v| matches!(v, VerifyError::Expired { .. }))
    });
}

// --- mix-and-match --------------------------------------------------------------------------

#[test]
fn a_new_manifest_with_an_old_object_is_refused() {
    let w = World::new();
    let v1 = repo::current_manifest(&w.repo()).unwrap().unwrap();
    w.publish_change(NEXT_VERSION);
    let v2 = repo::current_manifest(&w.repo()).unwrap().unwrap();
    // The mirror serves the old articles/ru object under the new object's name.
    let new_full = w.repo().join(&v2.collections["articles/ru"].full.path);
    let new_delta = w.repo().join(&v2.collections["articles/ru"].deltas["1"].path);
    let old_bytes = std::fs::read(w.repo().join(&v1.collections["articles/ru"].full.path)).unwrap();
    std::fs::write(&new_full, &old_bytes).unwrap();
    std::fs::write(&new_delta, &old_bytes).unwrap();
    w.assert_refused(&w.server.url(), |e| {
        rejected(e, |v| {
            matches!(v, VerifyError::HashMismatch { .. } | VerifyError::LengthMismatch { .. })
        })
    });
}

#[test]
fn a_new_timestamp_with_an_old_manifest_is_refused() {
    let w = World::new();
    let v1_manifest = std::fs::read(w.repo().join("manifests/1.json")).unwrap();
    w.publish_change(NEXT_VERSION);
    std::fs::write(w.repo().join("manifests/2.json"), v1_manifest).unwrap();
    w.assert_refused(&w.server.url(), |e| {
        rejected(e, |v| {
            matches!(v, VerifyError::HashMismatch { .. } | VerifyError::LengthMismatch { .. })
        })
    });
}

// --- endless data / decompression bomb -------------------------------------------------------

#[test]
fn endless_data_is_cut_at_the_cap() {
    let w = World::new();
    w.publish_change(NEXT_VERSION);
    let proxy = FaultProxy::start(w.server.addr());
    proxy.add("/timestamp.json", Fault::Endless, None);
    w.assert_refused(&proxy.url(), |e| {
        rejected(
            e,
            |v| matches!(v, VerifyError::TooLarge { limit, .. } if *limit == safar_core::sync::MAX_TIMESTAMP_BYTES),
        )
    });
    let sent = proxy.requests()[0].body_bytes;
    assert!(sent < 64 * 1024 * 1024, "the phone hung up early, after {sent} bytes");
    proxy.clear();
    proxy.add("/objects/", Fault::Endless, None);
    w.assert_refused(&proxy.url(), |e| {
        rejected(e, |v| {
            matches!(v, VerifyError::TooLarge { .. } | VerifyError::LengthMismatch { .. })
        })
    });
}

/// A gzip object that inflates to 1 GiB, behind a signed manifest claiming 10 KB decoded (a
/// compromised publisher key): decoding stops at the signed size.
#[test]
fn a_one_gigabyte_gzip_bomb_stops_at_the_signed_decoded_length() {
    use std::io::Write;
    let w = World::new();
    let header = ObjectHeader {
        format: OBJECT_FORMAT.into(),
        collection: "articles/ru".into(),
        kind: safar_core::model::ContentKind::Article,
        version: 2,
        base_version: None,
    };
    let mut gz = flate2_encoder();
    gz.write_all(serde_json::to_string(&header).unwrap().as_bytes())
        .unwrap();
    gz.write_all(b"\n").unwrap();
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..1024 {
        gz.write_all(&zeros).unwrap();
    }
    let bomb = gz.finish().unwrap();
    assert!(bomb.len() < 8 * 1024 * 1024, "{} bytes on the wire", bomb.len());
    let sha = safar_core::sync::digest::sha256_hex(&bomb);
    std::fs::write(w.repo().join(format!("objects/{sha}")), &bomb).unwrap();
    publish_edited_manifest(&w.repo(), &w.keys(), |m| {
        let entry = m.collections.get_mut("articles/ru").unwrap();
        entry.version = 2;
        // New content (a different digest), or the phone, which already holds the signed
        // digest, would not fetch anything (content identity).
        entry.state_digest = "0".repeat(64);
        entry.deltas.clear();
        entry.full = ObjectRef {
            path: format!("objects/{sha}"),
            sha256: sha.clone(),
            length: bomb.len() as u64,
            decoded_length: 10_000,
        };
    });
    w.assert_refused(&w.server.url(), |e| {
        rejected(e, |v| matches!(v, VerifyError::TooLarge { .. }))
    });
}

fn flate2_encoder() -> flate2::write::GzEncoder<Vec<u8>> {
    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast())
}

// --- slow or cut link -----------------------------------------------------------------------

#[test]
fn a_stalled_link_times_out_and_changes_nothing() {
    let w = World::new();
    w.publish_change(NEXT_VERSION);
    let proxy = FaultProxy::start(w.server.addr());
    proxy.add("/objects/", Fault::Stall { after: 100 }, None);
    let err = w.assert_refused(
        &proxy.url(),
        |e| matches!(e, Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut),
    );
    assert!(err.to_string().contains("stalled"), "{err}");
    let tries = proxy
        .requests()
        .iter()
        .filter(|r| r.path.starts_with("/objects/"))
        .count();
    assert_eq!(tries, 3, "one try and two retries");
}

#[test]
fn a_link_cut_at_random_bytes_resumes_and_a_slow_link_completes() {
    let w = World::new();
    w.publish_change(NEXT_VERSION);
    let proxy = FaultProxy::start(w.server.addr());
    let delta = repo::current_manifest(&w.repo()).unwrap().unwrap().collections["articles/ru"].deltas["1"].clone();
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    for _ in 0..3 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        proxy.add(
            "/objects/",
            Fault::Truncate {
                after: 1 + seed % (delta.length / 4),
            },
            Some(1),
        );
    }
    // …and after the cuts, a 1 KB/s link for the rest: slow but alive, so no stall, no total limit.
    proxy.add("/objects/", Fault::Throttle { bytes_per_sec: 1024 }, None);
    let mut patient = fast_http();
    patient.retries = 4;
    let report = sync(&w.phone, &proxy.url(), &patient).expect("resumed to the end");
    assert_eq!(report.seq, 2);
    assert_eq!(
        report.collections_updated[0].bytes_downloaded, delta.length,
        "no byte fetched twice"
    );
}

// --- path traversal -------------------------------------------------------------------------

#[test]
fn a_manifest_naming_a_path_outside_the_repository_is_refused() {
    let w = World::new();
    publish_edited_manifest(&w.repo(), &w.keys(), |m| {
        let entry = m.collections.get_mut("articles/ru").unwrap();
        entry.version += 1;
        entry.full.path = "../../x".into();
    });
    w.assert_refused(&w.server.url(), |e| {
        rejected(e, |v| matches!(v, VerifyError::BadPath { path } if path == "../../x"))
    });
}

#[test]
fn safar_serve_only_serves_repository_files() {
    use std::io::{Read, Write};
    let w = World::new();
    std::fs::write(w.path("secret.txt"), "secret").unwrap();
    for target in [
        "/../secret.txt",
        "/objects/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/content/safar.toml",
    ] {
        let mut conn = std::net::TcpStream::connect(w.server.addr()).unwrap();
        write!(conn, "GET {target} HTTP/1.1\r\nConnection: close\r\n\r\n").unwrap();
        let mut reply = String::new();
        conn.read_to_string(&mut reply).unwrap();
        assert!(reply.starts_with("HTTP/1.1 404"), "{target}: {reply}");
        assert!(!reply.contains("secret"), "{target}");
    }
}

// --- key compromise -------------------------------------------------------------------------

#[test]
fn after_rotation_a_removed_publisher_key_can_no_longer_sign() {
    let w = World::new();
    let old_publisher = std::fs::read(w.keys().join("publisher.key")).unwrap();
    let report = rotate::rotate_root(
        &w.keys(),
        &RotateOptions {
            replace: vec!["publisher".into()],
            expiry_days: 365,
            ..RotateOptions::default()
        },
        Utc::now(),
    )
    .unwrap();
    assert_eq!(report.version, 2);
    w.publish_change(NEXT_VERSION);
    let rotated = w.sync(&w.server.url());
    assert_eq!(
        (rotated.root_version, rotated.seq),
        (2, 2),
        "the phone walked root 1 → 2"
    );

    // Whoever kept the old publisher key signs a new manifest with it.
    let thief = w.path("stolen-keys");
    std::fs::create_dir_all(&thief).unwrap();
    std::fs::write(thief.join("publisher.key"), old_publisher).unwrap();
    std::fs::copy(w.keys().join("timestamp.key"), thief.join("timestamp.key")).unwrap();
    publish_edited_manifest(&w.repo(), &thief, |m| {
        m.collections.get_mut("articles/ru").unwrap().version += 1;
    });
    w.assert_refused(&w.server.url(), |e| {
        rejected(e, |v| {
            matches!(
                v,
                VerifyError::Signature {
                    problem: SignatureProblem::UnknownKey(_),
                    ..
                }
            )
        })
    });
}

#[test]
fn a_publisher_key_scoped_to_kg_cannot_sign_other_collections() {
    let w = World::new();
    rotate::rotate_root(
        &w.keys(),
        &RotateOptions {
            add_publishers: vec![("kg-office".into(), vec!["*/kg".into(), "articles/ky".into()])],
            remove_publishers: vec!["publisher".into()],
            expiry_days: 365,
            ..RotateOptions::default()
        },
        Utc::now(),
    )
    .unwrap();
    // The Kyrgyz office's key signs a manifest that also carries every other collection (made by
    // hand: `publish build` with only an office key builds just the office's collections).
    copy_dir(&w.keys().join("root"), &w.repo().join("root"));
    let office = w.path("office-keys");
    std::fs::create_dir_all(&office).unwrap();
    std::fs::copy(w.keys().join("kg-office.key"), office.join("publisher.key")).unwrap();
    std::fs::copy(w.keys().join("timestamp.key"), office.join("timestamp.key")).unwrap();
    publish_edited_manifest(&w.repo(), &office, |m| {
        m.collections.get_mut("hotlines/kg").unwrap().version += 1;
    });
    w.assert_refused(&w.server.url(), |e| {
        rejected(
            e,
            |v| matches!(v, VerifyError::Unauthorized { collection } if !collection.ends_with("/kg")),
        )
    });
}

#[test]
fn a_new_root_signed_by_fewer_than_the_threshold_of_old_root_keys_is_refused() {
    let w = World::new();
    let (json, _) = repo::newest_root(&w.keys()).unwrap();
    let mut root: metadata::Root = serde_json::from_slice(&json).unwrap();
    root.version = 2;
    // An attacker with one of the three root keys (threshold 2) tries to install their own root.
    let one = safar_publish::keys::SecretKey::load(&w.keys().join("root-1.key")).unwrap();
    let forged_dir = w.path("forged");
    repo::sign_root(&forged_dir, &root, &[&one], Utc::now()).unwrap();
    for file in ["root/2.json", "root/2.json.minisig"] {
        std::fs::copy(forged_dir.join(file), w.repo().join(file)).unwrap();
    }
    w.publish_change(NEXT_VERSION);
    w.assert_refused(&w.server.url(), |e| {
        rejected(e, |v| matches!(v, VerifyError::Threshold { have: 1, need: 2, .. }))
    });
}
