//! Problem reports that reach field staff (issue 13, item 4), end to end on 127.0.0.1: a
//! repository whose signed manifest names a relative feedback address, phones that sync from
//! `safar serve` (or from nginx in front of it), and the listing staff read.

use chrono::{DateTime, FixedOffset};
use safar_core::feedback::{Attempt, NotSent};
use safar_publish::repo::{self, BuildOptions};
use safar_publish::reports;
use safar_tests::nginx::Nginx;
use safar_tests::{content_dir, dev_keys, fast_http, open_phone, serve, sync};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};

/// Builds the sample content into `<dir>/repo` with `feedback` as the signed feedback address.
fn build_repo(dir: &Path, feedback: Option<&str>) -> PathBuf {
    let out = dir.join("repo");
    let mut opts = BuildOptions::new(content_dir(), &out, dev_keys());
    opts.feedback_url = feedback.map(str::to_string);
    repo::build(&opts).expect("build repository");
    out
}

fn local(t: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(t).unwrap()
}

/// The bug: `--feedback-url /feedback` was accepted by build and every phone then failed with
/// "relative URL without a base", reported only in `--json`.
#[test]
fn a_relative_feedback_address_is_resolved_against_the_repository_and_sync_says_reports_went() {
    let dir = tempfile::tempdir().unwrap();
    let repo = build_repo(dir.path(), Some("/feedback"));
    let reports_dir = dir.path().join("reports");
    let server = serve(&repo, &reports_dir);
    let phone = open_phone(&dir.path().join("phone.db"));
    sync(&phone, &server.url(), &fast_http()).expect("first sync");
    phone.report_problem("ru-emergency", "no-answer", "").unwrap();

    let report = sync(&phone, &server.url(), &fast_http()).expect("sync");
    assert!(report.up_to_date, "reports go out on every sync, even with nothing new");
    assert_eq!(report.reports_error, None);
    assert_eq!(report.reports_sent, 1);
    assert_eq!(report.reports.sent, 1);
    assert_eq!(report.reports.waiting, 0);
    assert_eq!(report.reports.not_sent, None);

    let listing = reports::list(&reports_dir).unwrap();
    assert_eq!(listing.total, 1, "the report reached the server's store");
    assert_eq!(listing.groups[0].target, "ru-emergency");
    assert!(phone.outbox().unwrap()[0].sent_at.is_some());
}

/// A feedback server that answers `status` to everything.
fn answering(status: u16) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/feedback", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let mut out = stream;
            let _ = write!(
                out,
                "HTTP/1.1 {status} Nope\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    url
}

/// The bug: a repository without a feedback address never sent reports and sync said nothing.
/// Now sync says how many wait and why: no endpoint, server error, or offline.
#[test]
fn sync_says_why_reports_were_not_sent() {
    let unreachable = {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        format!("http://127.0.0.1:{port}/feedback")
    };
    let failing = answering(503);
    for (feedback, expect) in [
        (None, "no_endpoint"),
        (Some(failing.as_str()), "server_error"),
        (Some(unreachable.as_str()), "offline"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let repo = build_repo(dir.path(), feedback);
        let server = serve(&repo, &dir.path().join("reports"));
        let phone = open_phone(&dir.path().join("phone.db"));
        sync(&phone, &server.url(), &fast_http()).expect("first sync");
        phone.report_problem("ru-emergency", "closed", "").unwrap();
        phone.report_problem("kz-emergency", "closed", "").unwrap();
        let report = sync(&phone, &server.url(), &fast_http()).expect("the update itself succeeds");
        assert_eq!(report.reports.sent, 0, "{expect}");
        assert_eq!(report.reports.waiting, 2, "{expect}");
        let why = report.reports.not_sent.clone().expect("a reason");
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["reports"]["not_sent"]["reason"], expect, "{json}");
        match (expect, why) {
            ("no_endpoint", NotSent::NoEndpoint) => assert_eq!(report.reports_error, None),
            ("server_error", NotSent::ServerError { status, .. }) => assert_eq!(status, 503),
            ("offline", NotSent::Offline { .. }) => assert!(report.reports_error.is_some()),
            (want, got) => panic!("expected {want}, got {got:?}"),
        }
        assert!(
            phone.outbox().unwrap().iter().all(|e| e.sent_at.is_none()),
            "kept for later"
        );
    }
}

/// The bug: `publish reports` counted reports, not phones, and showed neither when the call failed,
/// whether the line was scheduled open then, the number dialled, nor the content version.
#[test]
fn staff_see_distinct_installs_and_each_failed_attempt() {
    let dir = tempfile::tempdir().unwrap();
    let repo = build_repo(dir.path(), Some("/feedback"));
    let reports_dir = dir.path().join("reports");
    let server = serve(&repo, &reports_dir);
    let line = "hotline:ru-sample-migrant-line"; // Mo-Fr 09:00-20:00, Sa 10:00-16:00 Moscow time

    let phone_a = open_phone(&dir.path().join("a.db"));
    let phone_b = open_phone(&dir.path().join("b.db"));
    let seq = sync(&phone_a, &server.url(), &fast_http()).unwrap().seq;
    sync(&phone_b, &server.url(), &fast_http()).unwrap();

    // Friday 14:00 in Tashkent (+05:00) is 12:00 in Moscow: scheduled open.
    let open_attempt = Attempt {
        at: Some(local("2026-11-27T14:00:00+05:00")),
        number: Some("+7 800 000-00-01".into()),
    };
    // Sunday 08:00 in Tashkent: closed all day.
    let closed_attempt = Attempt {
        at: Some(local("2026-11-29T08:00:00+05:00")),
        number: None,
    };
    let a1 = phone_a.report_attempt(line, "no-answer", "", &open_attempt).unwrap();
    let a2 = phone_a.report_attempt(line, "no-answer", "", &closed_attempt).unwrap();
    let b1 = phone_b.report_attempt(line, "no-answer", "", &open_attempt).unwrap();
    assert_eq!(a1.report.install, a2.report.install, "one install, one token");
    assert_ne!(a1.report.install, b1.report.install, "two installs, two tokens");
    assert_eq!(a1.report.scheduled_open, Some(true));
    assert_eq!(a2.report.scheduled_open, Some(false));
    assert_eq!(a1.report.number.as_deref(), Some("+78000000001"));
    assert_eq!(
        a2.report.number.as_deref(),
        Some("+78000000001"),
        "the first number by default"
    );
    assert_eq!(a1.report.content_seq, Some(seq));

    // A number the line does not have is refused, and nothing is stored.
    let wrong = Attempt {
        at: None,
        number: Some("+7 999 123 45 67".into()),
    };
    let err = phone_b.report_attempt(line, "no-answer", "", &wrong).unwrap_err();
    assert!(err.to_string().contains("+7 800 000-00-01"), "{err}");
    assert_eq!(phone_b.outbox().unwrap().len(), 1);

    assert_eq!(phone_a.send_reports().unwrap(), 2);
    assert_eq!(phone_b.send_reports().unwrap(), 1);

    let listing = reports::list(&reports_dir).unwrap();
    assert_eq!(listing.total, 3);
    let group = &listing.groups[0];
    assert_eq!((group.count, group.installs), (3, 2), "3 reports from 2 phones");
    let received = group
        .reports
        .iter()
        .find(|r| r.report.id == a2.report.id)
        .expect("phone A's second report");
    assert_eq!(received.report.attempted_at, Some(local("2026-11-29T08:00:00+05:00")));
    assert_eq!(
        received.report.attempted_at.unwrap().offset().local_minus_utc(),
        5 * 3600,
        "the phone's own UTC offset is kept"
    );
    assert_eq!(received.report.scheduled_open, Some(false));
    assert_eq!(received.report.content_seq, Some(seq));

    // The spreadsheet export: one row per report, the attempt in its own columns.
    let mut csv = Vec::new();
    reports::write_csv(&listing, &mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 4, "{csv}");
    assert_eq!(rows[0], reports::CSV_HEADER.join(","));
    let row = rows.iter().find(|r| r.contains(&a2.report.id)).unwrap();
    assert!(
        row.starts_with(&format!(
            "hotline,ru-sample-migrant-line,no_answer,2026-11-29 08:00:00,+05:00,no,'+78000000001,{seq},{},",
            a2.report.install
        )),
        "{row}"
    );
}

#[test]
fn wipe_gives_the_phone_a_new_unlinkable_install_token() {
    let dir = tempfile::tempdir().unwrap();
    let repo = build_repo(dir.path(), None);
    let bundle = dir.path().join("content.safar");
    repo::pack(&repo, &bundle).unwrap();
    let phone = open_phone(&dir.path().join("phone.db"));
    phone.import_bundle_file(&bundle).unwrap();
    let before = phone
        .report_problem("ru-emergency", "closed", "")
        .unwrap()
        .report
        .install;
    assert!(safar_core::feedback::is_report_id(&before), "{before}");
    phone.wipe_personal_data().unwrap();
    let after = phone
        .report_problem("ru-emergency", "closed", "")
        .unwrap()
        .report
        .install;
    assert_ne!(before, after);
    let db = std::fs::read(dir.path().join("phone.db")).unwrap();
    let needle = before.as_bytes();
    assert!(
        !db.windows(needle.len()).any(|w| w == needle),
        "the old token is gone from the file"
    );
}

/// At scale: nginx serves the repository and proxies the feedback POST to an append-only store
/// (here `safar serve`'s, as publish/README.md shows). A phone syncing from nginx, with the
/// relative address from the signed manifest, lands its report in the store.
#[test]
fn reports_land_behind_nginx_proxying_to_an_append_only_store() {
    let dir = tempfile::tempdir().unwrap();
    let repo = build_repo(dir.path(), Some("/feedback"));
    let reports_dir = dir.path().join("reports");
    let store = serve(&repo, &reports_dir);
    let nginx = Nginx::start_with(
        &repo,
        &format!(
            "location = /feedback {{ limit_except POST {{ deny all; }} client_max_body_size 64k; proxy_pass http://{}/feedback; }}",
            store.addr()
        ),
    );
    let phone = open_phone(&dir.path().join("phone.db"));
    sync(&phone, &nginx.url(), &fast_http()).expect("first sync through nginx");
    let made = phone.report_problem("ru-emergency", "no-answer", "").unwrap();
    let report = sync(&phone, &nginx.url(), &fast_http()).expect("sync through nginx");
    assert_eq!(report.reports.sent, 1, "{:?}", report.reports);
    let listing = reports::list(&reports_dir).unwrap();
    assert_eq!(listing.total, 1);
    assert_eq!(listing.groups[0].reports[0].report.id, made.report.id);
    // A second sync sends nothing more, and a GET of the endpoint is refused by nginx.
    assert_eq!(sync(&phone, &nginx.url(), &fast_http()).unwrap().reports.sent, 0);
    let mut conn = std::net::TcpStream::connect(nginx.addr()).unwrap();
    write!(conn, "GET /feedback HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = String::new();
    conn.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
}
