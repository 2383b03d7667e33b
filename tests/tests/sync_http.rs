//! Sync over real HTTP on 127.0.0.1, against `safar serve` and nginx: deltas, resumable
//! downloads, servers that ignore ranges, conditional timestamps, partial sync by profile, export
//! and import between phones, and the feedback endpoint.

use safar_core::model::{CountryCode, LanguageTag, Profile, Stage};
use safar_core::sync::update::UpdateMethod;
use safar_core::sync::VerifyError;
use safar_core::Error;
use safar_tests::fault_proxy::{Fault, FaultProxy};
use safar_tests::nginx::Nginx;
use safar_tests::*;
use std::io::{Read, Write};
use std::path::Path;

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
    fn content(&self) -> std::path::PathBuf {
        self.dir.path().join("content")
    }
    fn repo(&self) -> std::path::PathBuf {
        self.dir.path().join("repo")
    }
    fn reports(&self) -> std::path::PathBuf {
        self.dir.path().join("reports")
    }
    fn db(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }
    /// Publishes v2 with one article translation changed (1 of 51).
    fn publish_v2(&self) {
        edit_one_article(
            &self.content(),
            "registration-ru",
            "ru",
            "Сохраните квитанцию об оплате.",
        );
        let report = build(&self.content(), &dev_keys(), &self.repo());
        assert_eq!(report.seq, 2);
    }
}

fn full_object_length(repo: &Path, collection: &str) -> u64 {
    let m = safar_publish::repo::current_manifest(repo).unwrap().unwrap();
    m.collections[collection].full.length
}

#[test]
fn second_sync_downloads_only_a_delta_and_reports_its_bytes() {
    let s = Setup::new();
    let server = serve(&s.repo(), &s.reports());
    let db = s.db("phone.db");
    let phone = open_phone(&db);

    let first = sync(&phone, &server.url(), &fast_http()).unwrap();
    assert_eq!(first.seq, 1);
    assert!(first.collections_updated.iter().all(|c| c.method == UpdateMethod::Full));
    assert!(first.collections_updated.len() > 10, "{first:?}");

    s.publish_v2();
    let m = safar_publish::repo::current_manifest(&s.repo()).unwrap().unwrap();
    assert!(
        m.collections["articles/ru"].deltas.contains_key("1"),
        "the publisher offers a delta from v1"
    );
    let second = sync(&phone, &server.url(), &fast_http()).unwrap();
    assert_eq!((second.previous_seq, second.seq), (Some(1), 2));
    assert_eq!(second.collections_updated.len(), 1, "{second:?}");
    let c = &second.collections_updated[0];
    assert_eq!(
        (c.name.as_str(), c.method, c.from_version, c.to_version),
        ("articles/ru", UpdateMethod::Delta, Some(1), 2)
    );
    let full = full_object_length(&s.repo(), "articles/ru");
    assert_eq!(c.bytes_downloaded, c.object_bytes);
    assert!(
        c.object_bytes * 3 < full,
        "delta {} bytes vs full {full}",
        c.object_bytes
    );
    assert!(second.bytes_downloaded >= c.bytes_downloaded);
    assert!(second.bytes_downloaded < first.bytes_downloaded, "{second:?}");

    // The delta produced exactly what a fresh phone gets from the full objects.
    let fresh_db = s.db("fresh.db");
    let fresh = open_phone(&fresh_db);
    sync(&fresh, &server.url(), &fast_http()).unwrap();
    assert_eq!(content_snapshot(&db), content_snapshot(&fresh_db));
    assert!(phone.read("registration-ru.ru").is_ok());
}

#[test]
fn an_unchanged_repository_costs_one_conditional_request() {
    let s = Setup::new();
    let server = serve(&s.repo(), &s.reports());
    let proxy = FaultProxy::start(server.addr());
    let phone = open_phone(&s.db("phone.db"));
    sync(&phone, &proxy.url(), &fast_http()).unwrap();
    proxy.clear();
    let again = sync(&phone, &proxy.url(), &fast_http()).unwrap();
    assert!(again.up_to_date && again.not_modified, "{again:?}");
    let requests = proxy.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(
        (requests[0].path.as_str(), requests[0].status),
        ("/timestamp.json", 304)
    );
}

#[test]
fn a_download_cut_at_a_random_byte_resumes_with_only_the_remaining_bytes() {
    let s = Setup::new();
    let server = serve(&s.repo(), &s.reports());
    let proxy = FaultProxy::start(server.addr());
    let db = s.db("phone.db");
    let phone = open_phone(&db);
    let first = "articles/en";
    let length = full_object_length(&s.repo(), first);
    // A cut somewhere inside the object, chosen by a seeded generator.
    let cut = 1 + (0x9E37_79B9_7F4A_7C15u64.wrapping_mul(length) >> 7) % (length - 1);
    proxy.add("/objects/", Fault::Truncate { after: cut }, Some(1));
    let mut no_retry = fast_http();
    no_retry.retries = 0;
    let before = snapshot(&db);
    let err = sync(&phone, &proxy.url(), &no_retry).expect_err("the cut must fail this sync");
    assert!(matches!(err, Error::Io(_)), "{err}");
    assert_eq!(snapshot(&db), before, "nothing applied");
    let staged = safar_core::sync::update::staging_dir(&db);
    let part: Vec<_> = std::fs::read_dir(&staged).unwrap().filter_map(|e| e.ok()).collect();
    assert_eq!(part.len(), 2, "a .part file and its validator");

    proxy.clear();
    let report = sync(&phone, &proxy.url(), &fast_http()).unwrap();
    let c = report.collections_updated.iter().find(|c| c.name == first).unwrap();
    assert_eq!(c.bytes_downloaded, length - cut, "only the rest of {first} was fetched");
    let resumed = proxy
        .requests()
        .into_iter()
        .find(|r| r.range.is_some())
        .expect("a range request");
    assert_eq!(resumed.range.as_deref(), Some(format!("bytes={cut}-").as_str()));
    assert_eq!((resumed.status, resumed.body_bytes), (206, length - cut));
    assert!(!staged.exists(), "staging is cleaned after the apply");

    let fresh_db = s.db("fresh.db");
    sync(&open_phone(&fresh_db), &server.url(), &fast_http()).unwrap();
    assert_eq!(content_snapshot(&db), content_snapshot(&fresh_db));
}

#[test]
fn a_connection_reset_mid_body_is_resumed_within_the_same_sync() {
    let s = Setup::new();
    let server = serve(&s.repo(), &s.reports());
    let proxy = FaultProxy::start(server.addr());
    let phone = open_phone(&s.db("phone.db"));
    let length = full_object_length(&s.repo(), "articles/en");
    proxy.add("/objects/", Fault::Reset { after: length / 2 }, Some(1));
    let report = sync(&phone, &proxy.url(), &fast_http()).unwrap();
    let c = report
        .collections_updated
        .iter()
        .find(|c| c.name == "articles/en")
        .unwrap();
    assert_eq!(
        c.bytes_downloaded, length,
        "half before the reset, the other half after"
    );
    assert!(proxy
        .requests()
        .iter()
        .any(|r| r.range.as_deref() == Some(&format!("bytes={}-", length / 2))));
}

#[test]
fn a_server_that_ignores_range_restarts_the_file_cleanly() {
    let s = Setup::new();
    let server = serve(&s.repo(), &s.reports());
    let proxy = FaultProxy::start(server.addr());
    let db = s.db("phone.db");
    let phone = open_phone(&db);
    let length = full_object_length(&s.repo(), "articles/en");
    proxy.add("/objects/", Fault::Truncate { after: length / 3 }, Some(1));
    proxy.add("/objects/", Fault::IgnoreRange, Some(1));
    let report = sync(&phone, &proxy.url(), &fast_http()).unwrap();
    let c = report
        .collections_updated
        .iter()
        .find(|c| c.name == "articles/en")
        .unwrap();
    assert_eq!(
        c.bytes_downloaded,
        length / 3 + length,
        "the partial bytes were thrown away"
    );
    let fresh_db = s.db("fresh.db");
    sync(&open_phone(&fresh_db), &server.url(), &fast_http()).unwrap();
    assert_eq!(content_snapshot(&db), content_snapshot(&fresh_db));
}

#[test]
fn retries_honour_retry_after() {
    let s = Setup::new();
    let server = serve(&s.repo(), &s.reports());
    let proxy = FaultProxy::start(server.addr());
    let phone = open_phone(&s.db("phone.db"));
    proxy.add("/timestamp.json", Fault::ServerError { retry_after: Some(1) }, Some(2));
    let started = std::time::Instant::now();
    sync(&phone, &proxy.url(), &fast_http()).unwrap();
    let served: Vec<_> = proxy
        .requests()
        .into_iter()
        .filter(|r| r.path == "/timestamp.json")
        .collect();
    assert_eq!(served.iter().map(|r| r.status).collect::<Vec<_>>(), vec![500, 500, 200]);
    // Two waits of the one second the server asked for (the test backoff alone is 50 ms).
    assert!(started.elapsed() >= std::time::Duration::from_secs(2));
}

fn profile(origin: &str, destination: &str, lang: &str) -> Profile {
    Profile {
        origin: CountryCode::parse(origin).unwrap(),
        destination: CountryCode::parse(destination).unwrap(),
        languages: vec![LanguageTag::parse(lang).unwrap()],
        stage: Stage::Abroad,
        arrival: None,
    }
}

fn collection_names(phone: &safar_core::Safar) -> Vec<String> {
    phone
        .status()
        .unwrap()
        .collections
        .into_iter()
        .map(|c| c.name)
        .collect()
}

#[test]
fn subscriptions_follow_the_profile_and_user_data_is_kept() {
    let s = Setup::new();
    let server = serve(&s.repo(), &s.reports());
    let db = s.db("phone.db");
    let phone = open_phone(&db);
    phone.set_profile(&profile("TJ", "RU", "tg")).unwrap();
    let first = sync(&phone, &server.url(), &fast_http()).unwrap();
    let names = collection_names(&phone);
    for want in [
        "articles/tg",
        "articles/ru",
        "articles/en",
        "hotlines/tj",
        "hotlines/ru",
        "checklist/ru",
    ] {
        assert!(names.contains(&want.to_string()), "{want} missing: {names:?}");
    }
    for not in ["articles/ky", "hotlines/kg", "checklist/kz"] {
        assert!(!names.contains(&not.to_string()), "{not} fetched: {names:?}");
    }
    assert!(first.collections_updated.iter().all(|c| names.contains(&c.name)));

    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "INSERT INTO bookmarks (article_group, created_at) VALUES ('registration-ru', 'x')",
        [],
    )
    .unwrap();
    drop(conn);

    // A new destination and language: the next sync fetches what is now needed and drops the
    // rest, although the repository did not change (timestamp 304).
    phone.set_profile(&profile("KG", "KZ", "ky")).unwrap();
    let second = sync(&phone, &server.url(), &fast_http()).unwrap();
    assert_eq!(second.seq, 1);
    let names = collection_names(&phone);
    for want in [
        "articles/ky",
        "hotlines/kg",
        "hotlines/kz",
        "checklist/kz",
        "remittance/kz",
    ] {
        assert!(names.contains(&want.to_string()), "{want} missing: {names:?}");
        assert!(second.collections_updated.iter().any(|c| c.name == want), "{second:?}");
    }
    for gone in ["articles/tg", "hotlines/tj", "checklist/ru"] {
        assert!(!names.contains(&gone.to_string()), "{gone} kept: {names:?}");
        assert!(second.collections_removed.contains(&gone.to_string()));
    }
    let conn = rusqlite::Connection::open(&db).unwrap();
    let rows: i64 = conn
        .query_row(
            "SELECT count(*) FROM articles WHERE collection = 'articles/tg'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rows, 0, "dropped collections leave no rows");
    let bookmarks: i64 = conn
        .query_row("SELECT count(*) FROM bookmarks", [], |r| r.get(0))
        .unwrap();
    assert_eq!(bookmarks, 1, "user data is never touched");
    assert_eq!(phone.profile().unwrap(), profile("KG", "KZ", "ky"));
}

#[test]
fn a_delta_that_misses_the_signed_digest_falls_back_to_the_full_object() {
    let s = Setup::new();
    let server = serve(&s.repo(), &s.reports());
    let db = s.db("phone.db");
    let phone = open_phone(&db);
    sync(&phone, &server.url(), &fast_http()).unwrap();
    // The phone's copy drifted (a damaged row); the delta alone cannot fix it.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE articles SET json = replace(json, 'a', 'b') WHERE id = 'tb-symptoms-testing.ru'",
        [],
    )
    .unwrap();
    drop(conn);
    s.publish_v2();
    let report = sync(&phone, &server.url(), &fast_http()).unwrap();
    let c = &report.collections_updated[0];
    assert_eq!(
        (c.name.as_str(), c.method, c.fell_back_to_full),
        ("articles/ru", UpdateMethod::Full, true)
    );
    let fresh_db = s.db("fresh.db");
    sync(&open_phone(&fresh_db), &server.url(), &fast_http()).unwrap();
    assert_eq!(content_snapshot(&db), content_snapshot(&fresh_db));
}

#[test]
fn export_then_import_on_a_fresh_phone_gives_the_same_verified_content() {
    let s = Setup::new();
    let server = serve(&s.repo(), &s.reports());
    let db = s.db("a.db");
    let a = open_phone(&db);
    a.set_profile(&profile("UZ", "RU", "uz")).unwrap();
    sync(&a, &server.url(), &fast_http()).unwrap();
    s.publish_v2();
    sync(&a, &server.url(), &fast_http()).unwrap(); // content now partly from a delta
    let file = s.dir.path().join("a.safar");
    let report = a.export_bundle(&file).unwrap();
    assert_eq!(report.seq, 2);

    let b_db = s.db("b.db");
    let b = open_phone(&b_db);
    b.set_profile(&profile("UZ", "RU", "uz")).unwrap();
    let imported = b.import_bundle_file(&file).unwrap();
    assert_eq!(imported.seq, 2);
    assert_eq!(content_snapshot(&db), content_snapshot(&b_db));
    assert_eq!(
        a.read("registration-ru").unwrap().blocks,
        b.read("registration-ru").unwrap().blocks
    );

    // A tampered copy is refused, and the fresh phone keeps nothing from it.
    let mut bytes = std::fs::read(&file).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    let c_db = s.db("c.db");
    let c = open_phone(&c_db);
    let before = snapshot(&c_db);
    let err = c.import_bundle_from(std::io::Cursor::new(bytes)).unwrap_err();
    assert!(matches!(err, Error::Rejected(VerifyError::Damaged { .. })), "{err}");
    // Behind a valid checksum, the signatures catch the edit.
    let mut entries = unpack(&std::fs::read(&file).unwrap());
    let (_, object) = entries.iter_mut().find(|(n, _)| n.starts_with("objects/")).unwrap();
    let mid = object.len() / 2;
    object[mid] ^= 0x01;
    let err = c
        .import_bundle_from(std::io::Cursor::new(repack(&entries)))
        .unwrap_err();
    assert!(
        matches!(err, Error::Rejected(VerifyError::HashMismatch { .. })),
        "{err}"
    );
    assert_eq!(snapshot(&c_db), before);
}

#[test]
fn nginx_serves_the_repository_with_deltas_ranges_and_etags() {
    let s = Setup::new();
    let nginx = Nginx::start(&s.repo());
    let proxy = FaultProxy::start(nginx.addr());
    let db = s.db("phone.db");
    let phone = open_phone(&db);
    let length = full_object_length(&s.repo(), "articles/en");
    proxy.add("/objects/", Fault::Truncate { after: length / 2 }, Some(1));
    let first = sync(&phone, &proxy.url(), &fast_http()).unwrap();
    assert_eq!(first.seq, 1);
    let resumed = proxy
        .requests()
        .into_iter()
        .find(|r| r.range.is_some())
        .expect("a resumed request");
    assert_eq!(
        (resumed.status, resumed.body_bytes),
        (206, length - length / 2),
        "nginx honoured the range"
    );

    proxy.clear();
    let again = sync(&phone, &proxy.url(), &fast_http()).unwrap();
    assert!(again.not_modified, "nginx's ETag gives a 304: {again:?}");

    s.publish_v2();
    let second = sync(&phone, &nginx.url(), &fast_http()).unwrap();
    assert_eq!(second.collections_updated[0].method, UpdateMethod::Delta);
    let fresh_db = s.db("fresh.db");
    sync(&open_phone(&fresh_db), &nginx.url(), &fast_http()).unwrap();
    assert_eq!(content_snapshot(&db), content_snapshot(&fresh_db));
}

fn http_request(addr: std::net::SocketAddr, request: &[u8]) -> String {
    let mut conn = std::net::TcpStream::connect(addr).unwrap();
    conn.write_all(request).unwrap();
    let mut out = Vec::new();
    let _ = conn.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

fn post_feedback(addr: std::net::SocketAddr, body: &str) -> String {
    http_request(
        addr,
        format!(
            "POST /feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    )
}

#[test]
fn the_feedback_endpoint_stores_each_report_once() {
    let s = Setup::new();
    let server = serve(&s.repo(), &s.reports());
    let a = "0123456789abcdef0123456789abcdef";
    let b = "fedcba9876543210fedcba9876543210";
    let reply = post_feedback(
        server.addr(),
        &format!(
            r#"{{"reports":[{{"id":"{a}","kind":"hotline","target":"tj-x","problem":"no_answer"}},{{"id":"{b}"}}]}}"#
        ),
    );
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(reply.ends_with("{\"stored\":2}\n"), "{reply}");
    let again = post_feedback(server.addr(), &format!(r#"{{"reports":[{{"id":"{a}"}}]}}"#));
    assert!(again.ends_with("{\"stored\":0}\n"), "{again}");
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(s.reports().join("reports.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["report"]["target"], "tj-x");
    assert!(lines[0]["received_at"].as_str().unwrap().ends_with('Z'));

    let bad = post_feedback(server.addr(), r#"{"reports":[{"id":"../x"}]}"#);
    assert!(bad.starts_with("HTTP/1.1 400"), "{bad}");
    let huge = format!(r#"{{"reports":[{{"id":"{a}","note":"{}"}}]}}"#, "x".repeat(70 * 1024));
    assert!(post_feedback(server.addr(), &huge).starts_with("HTTP/1.1 413"));
    // Dedup survives a restart: the ids are read back from the file.
    drop(server);
    let server = serve(&s.repo(), &s.reports());
    let after = post_feedback(server.addr(), &format!(r#"{{"reports":[{{"id":"{b}"}}]}}"#));
    assert!(after.ends_with("{\"stored\":0}\n"), "{after}");
    // The reports never go inside the served tree.
    let inside = safar_publish::serve::Server::bind(
        "127.0.0.1:0",
        safar_publish::serve::ServeOptions {
            repo: s.repo(),
            reports: s.repo().join("reports"),
            feedback_path: "/feedback".into(),
            log: false,
        },
    );
    assert!(inside.is_err());
}

#[test]
fn safar_serve_answers_conditional_and_range_requests() {
    let s = Setup::new();
    let server = serve(&s.repo(), &s.reports());
    let ts = std::fs::read(s.repo().join("timestamp.json")).unwrap();
    let head = http_request(
        server.addr(),
        b"GET /timestamp.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    // Header names are case-insensitive (nginx writes `ETag`, hyper `etag`).
    let etag = head
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("etag: "))
        .map(|l| l["etag: ".len()..].to_string())
        .expect("an ETag");
    let not_modified = http_request(
        server.addr(),
        format!("GET /timestamp.json HTTP/1.1\r\nIf-None-Match: {etag}\r\nConnection: close\r\n\r\n").as_bytes(),
    );
    assert!(not_modified.starts_with("HTTP/1.1 304"), "{not_modified}");
    let ranged = http_request(
        server.addr(),
        format!("GET /timestamp.json HTTP/1.1\r\nRange: bytes=10-\r\nIf-Range: {etag}\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    );
    assert!(ranged.starts_with("HTTP/1.1 206"), "{ranged}");
    assert!(ranged
        .to_ascii_lowercase()
        .contains(&format!("content-range: bytes 10-{}/{}", ts.len() - 1, ts.len())));
    assert!(ranged.ends_with(std::str::from_utf8(&ts[10..]).unwrap()));
    let stale = http_request(
        server.addr(),
        b"GET /timestamp.json HTTP/1.1\r\nRange: bytes=10-\r\nIf-Range: \"old\"\r\nConnection: close\r\n\r\n",
    );
    assert!(
        stale.starts_with("HTTP/1.1 200"),
        "a changed file is sent whole: {stale}"
    );
}

#[test]
fn attachments_referenced_by_articles_are_fetched_and_checked() {
    use safar_core::sync::digest::{sha256_hex, StateDigest};
    use safar_core::sync::metadata::{FileRef, ObjectRef};
    use safar_core::sync::object::{self, ObjectReader, Op};
    let s = Setup::new();
    let server = serve(&s.repo(), &s.reports());
    let phone = open_phone(&s.db("phone.db"));
    sync(&phone, &server.url(), &fast_http()).unwrap();

    // The publisher adds an audio reading to one article (the build tool does not make these yet,
    // so the test signs the manifest itself with the development keys).
    let audio: Vec<u8> = (0..20_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let sha = sha256_hex(&audio);
    std::fs::create_dir_all(s.repo().join("attachments")).unwrap();
    std::fs::write(s.repo().join(format!("attachments/{sha}")), &audio).unwrap();
    let manifest = safar_publish::repo::current_manifest(&s.repo()).unwrap().unwrap();
    let entry = &manifest.collections["articles/ru"];
    let old = std::fs::read(s.repo().join(&entry.full.path)).unwrap();
    let mut reader = ObjectReader::open("old", &old[..], entry.full.decoded_length).unwrap();
    let mut header = reader.header.clone();
    header.version = 2;
    let mut records = std::collections::BTreeMap::new();
    while let Some(Op::Upsert(json)) = reader.next_op().unwrap() {
        let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let id = v["id"].as_str().unwrap().to_string();
        if id == "registration-ru.ru" {
            v["audio"] = serde_json::Value::String(sha.clone());
        }
        records.insert(id, serde_json::to_string(&v).unwrap());
    }
    let ops: Vec<Op> = records.values().map(|j| Op::Upsert(j.clone())).collect();
    let bytes = object::encode(&header, &ops).unwrap();
    let obj_sha = sha256_hex(&bytes);
    std::fs::write(s.repo().join(format!("objects/{obj_sha}")), &bytes).unwrap();
    let mut digest = StateDigest::default();
    for (id, json) in &records {
        digest.add(id, json);
    }
    let state_digest = digest.finish_hex();
    publish_edited_manifest(&s.repo(), &dev_keys(), |m| {
        let e = m.collections.get_mut("articles/ru").unwrap();
        e.version = 2;
        e.deltas.clear();
        e.state_digest = state_digest;
        e.full = ObjectRef {
            path: format!("objects/{obj_sha}"),
            sha256: obj_sha.clone(),
            length: bytes.len() as u64,
            decoded_length: object::decoded_length(&bytes).unwrap(),
        };
        m.attachments.insert(
            "registration-ru.ru.audio".into(),
            FileRef {
                path: format!("attachments/{sha}"),
                sha256: sha.clone(),
                length: audio.len() as u64,
            },
        );
    });
    let report = sync(&phone, &server.url(), &fast_http()).unwrap();
    assert_eq!(
        (report.attachments_fetched, report.attachments_missing),
        (1, 0),
        "{report:?}"
    );
    let path = phone
        .attachment_path(&sha)
        .unwrap()
        .expect("stored beside the database");
    assert_eq!(std::fs::read(&path).unwrap(), audio);
    assert!(sync(&phone, &server.url(), &fast_http()).unwrap().not_modified);

    // Lost on the phone: fetched again although the repository did not change. Damaged on the
    // server: refused by its signed hash, and reported as still missing.
    std::fs::remove_file(&path).unwrap();
    let mut bad = audio.clone();
    bad[100] ^= 1;
    std::fs::write(s.repo().join(format!("attachments/{sha}")), &bad).unwrap();
    let report = sync(&phone, &server.url(), &fast_http()).unwrap();
    assert_eq!(report.attachments_missing, 1);
    assert!(report
        .attachments_error
        .unwrap()
        .contains("does not match its signed hash"));
    std::fs::write(s.repo().join(format!("attachments/{sha}")), &audio).unwrap();
    assert_eq!(
        sync(&phone, &server.url(), &fast_http()).unwrap().attachments_fetched,
        1
    );
    assert!(phone.attachment_path("../../etc/passwd").is_err());
}

/// Cancels the sync from inside the progress callback once a download has started.
struct CancelMidDownload {
    token: safar_core::sync::update::CancelToken,
    events: std::sync::Mutex<Vec<safar_core::sync::http::SyncProgressEvent>>,
}

impl safar_core::sync::http::SyncProgress for CancelMidDownload {
    fn on_progress(&self, e: &safar_core::sync::http::SyncProgressEvent) {
        if e.stage == safar_core::sync::http::SyncStage::Download {
            self.token.cancel();
        }
        self.events.lock().unwrap().push(e.clone());
    }
}

#[test]
fn progress_is_reported_and_a_cancelled_sync_changes_nothing() {
    let s = Setup::new();
    let server = serve(&s.repo(), &s.reports());
    let proxy = FaultProxy::start(server.addr());
    // A slow link, so the cancel lands in the middle of the first object.
    proxy.add("/objects/", Fault::Throttle { bytes_per_sec: 20_000 }, None);
    let db = s.db("phone.db");
    let phone = open_phone(&db);
    let before = snapshot(&db);
    let observer = CancelMidDownload {
        token: safar_core::sync::update::CancelToken::new(),
        events: Default::default(),
    };
    let err = phone
        .sync(&proxy.url(), &fast_http(), &observer, &observer.token)
        .unwrap_err();
    assert!(
        matches!(&err, Error::Io(e) if e.kind() == std::io::ErrorKind::Interrupted),
        "{err}"
    );
    assert_eq!(snapshot(&db), before);
    let events = observer.events.lock().unwrap().clone();
    let download = events
        .iter()
        .find(|e| e.stage == safar_core::sync::http::SyncStage::Download)
        .unwrap();
    assert_eq!(download.collection.as_deref(), Some("articles/en"));
    assert!(download.file_total.is_some_and(|t| download.file_bytes < t));

    // The next sync resumes after the bytes that arrived before the cancel.
    proxy.clear();
    let report = sync(&phone, &proxy.url(), &fast_http()).unwrap();
    let c = report
        .collections_updated
        .iter()
        .find(|c| c.name == "articles/en")
        .unwrap();
    assert_eq!(c.bytes_downloaded, c.object_bytes - download.file_bytes);
}
