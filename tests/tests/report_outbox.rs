//! Reports made offline wait in the outbox, survive the app being closed, and reach the feedback
//! endpoint named in the signed manifest exactly once — against a real HTTP server on 127.0.0.1
//! that refuses the first attempt.

use safar_core::feedback::{self, Batch};
use safar_publish::repo::{self, BuildOptions};
use safar_tests::{content_dir, dev_keys, open_phone};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, Clone)]
struct Request {
    method: String,
    path: String,
    content_type: Option<String>,
    body: Vec<u8>,
    /// The status the server answered.
    status: u16,
}

/// A tiny feedback endpoint: answers 503 to the first `failures` requests, then 200, and
/// records every request.
struct FeedbackServer {
    url: String,
    requests: Arc<Mutex<Vec<Request>>>,
}

impl FeedbackServer {
    fn start(failures: usize) -> FeedbackServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let url = format!("http://{}/feedback", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let log = requests.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let served = log.lock().unwrap().len();
                let status = if served < failures { 503 } else { 200 };
                if let Some(request) = serve(stream, status) {
                    log.lock().unwrap().push(request);
                }
            }
        });
        FeedbackServer { url, requests }
    }

    fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }
}

fn serve(stream: TcpStream, status: u16) -> Option<Request> {
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, path) = (parts.next()?.to_string(), parts.next()?.to_string());
    let (mut length, mut content_type) = (0usize, None);
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        match name.trim().to_ascii_lowercase().as_str() {
            "content-length" => length = value.trim().parse().ok()?,
            "content-type" => content_type = Some(value.trim().to_string()),
            _ => {}
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    let reason = if status == 200 { "OK" } else { "Service Unavailable" };
    let mut out = stream;
    write!(
        out,
        "HTTP/1.1 {status} {reason}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
    )
    .ok()?;
    Some(Request {
        method,
        path,
        content_type,
        body,
        status,
    })
}

/// Publishes the sample content with a feedback endpoint in its signed manifest.
fn publish_with_feedback(dir: &Path, feedback_url: Option<&str>) -> PathBuf {
    let out = dir.join("repo");
    let mut opts = BuildOptions::new(content_dir(), &out, dev_keys());
    opts.feedback_url = feedback_url.map(str::to_string);
    repo::build(&opts).expect("build repository");
    let bundle = dir.join("content.safar");
    repo::pack(&out, &bundle).expect("pack");
    bundle
}

fn batch_of(request: &Request) -> Batch {
    serde_json::from_slice(&request.body).expect("the body is a report batch")
}

#[test]
fn a_report_made_offline_survives_a_restart_and_is_sent_exactly_once() {
    let server = FeedbackServer::start(1);
    let dir = tempfile::tempdir().unwrap();
    let bundle = publish_with_feedback(dir.path(), Some(&server.url));
    let db = dir.path().join("phone.db");

    let made = {
        let phone = open_phone(&db);
        phone.import_bundle_file(&bundle).unwrap();
        let entry = phone
            .report_problem("hotline:ru-sample-migrant-line", "no-answer", "  rang 5 times\u{7}  ")
            .unwrap();
        assert_eq!(entry.report.note, "rang 5 times");
        assert!(feedback::is_report_id(&entry.report.id), "{}", entry.report.id);
        assert!(entry.sent_at.is_none());
        entry
    };
    assert!(server.requests().is_empty(), "making a report sends nothing");

    // The app is closed and opened again; the next sync reaches a server that fails.
    {
        let phone = open_phone(&db);
        let outbox = phone.outbox().unwrap();
        assert_eq!(outbox.len(), 1);
        assert_eq!(
            outbox[0].report, made.report,
            "the report survived the restart unchanged"
        );
        assert!(outbox[0].sent_at.is_none());
        let err = phone.send_reports().expect_err("a 503 is not delivery");
        assert!(err.to_string().contains("503"), "{err}");
        assert!(
            phone.outbox().unwrap()[0].sent_at.is_none(),
            "still waiting after a failure"
        );
    }
    assert_eq!(server.requests().len(), 1);

    // Another restart, then a successful sync: sent once; later syncs send nothing.
    {
        let phone = open_phone(&db);
        assert_eq!(phone.send_reports().unwrap(), 1);
        assert_eq!(phone.send_reports().unwrap(), 0);
        assert!(phone.outbox().unwrap()[0].sent_at.is_some());
    }
    assert_eq!(
        open_phone(&db).send_reports().unwrap(),
        0,
        "nothing left after a restart either"
    );

    let requests = server.requests();
    assert_eq!(requests.len(), 2, "one refused attempt and one delivery: {requests:?}");
    let delivered: Vec<&Request> = requests.iter().filter(|r| r.status == 200).collect();
    assert_eq!(delivered.len(), 1, "delivered exactly once");
    for r in &requests {
        assert_eq!(r.method, "POST");
        assert_eq!(r.path, "/feedback");
        assert_eq!(r.content_type.as_deref(), Some("application/json"));
        let batch = batch_of(r);
        assert_eq!(
            batch.reports,
            vec![made.report.clone()],
            "the retry carries the same id"
        );
    }
    // The exact wire shape of the contract.
    let body: serde_json::Value = serde_json::from_slice(&delivered[0].body).unwrap();
    let report = &body["reports"][0];
    assert_eq!(report["kind"], "hotline");
    assert_eq!(report["target"], "ru-sample-migrant-line");
    assert_eq!(report["problem"], "no_answer");
    assert_eq!(report["note"], "rang 5 times");
    assert!(report["created_at"].as_str().unwrap().ends_with('Z'));
    assert!(report["app"].as_str().unwrap().starts_with("safar/"));
    let mut keys: Vec<&str> = report.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "app",
            "attempted_at",
            "content_seq",
            "created_at",
            "id",
            "install",
            "kind",
            "note",
            "number",
            "problem",
            "scheduled_open",
            "target"
        ]
    );
    assert_eq!(report["number"], "+78000000001", "the line's first number");
    assert!(report["install"].as_str().is_some_and(feedback::is_report_id));
}

#[test]
fn send_pending_posts_in_batches_and_marks_only_what_was_delivered() {
    let server = FeedbackServer::start(0);
    let dir = tempfile::tempdir().unwrap();
    let bundle = publish_with_feedback(dir.path(), Some(&server.url));
    let db = dir.path().join("phone.db");
    let phone = open_phone(&db);
    phone.import_bundle_file(&bundle).unwrap();
    let total = feedback::outbox::MAX_BATCH + 1;
    for n in 0..total {
        let target = if n % 2 == 0 {
            "tj-dushanbe-sample-shelter"
        } else {
            "ru-emergency"
        };
        phone
            .report_problem(target, "wrong-info", &format!("report {n}"))
            .unwrap();
    }
    drop(phone);

    // The contract function on a plain connection to the same file.
    let conn = rusqlite::Connection::open(&db).unwrap();
    assert_eq!(feedback::send_pending(&conn, &server.url).unwrap(), total);
    assert_eq!(feedback::send_pending(&conn, &server.url).unwrap(), 0);
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "{} reports need two batches", total);
    let ids: std::collections::BTreeSet<String> = requests
        .iter()
        .flat_map(|r| batch_of(r).reports)
        .map(|r| r.id)
        .collect();
    assert_eq!(ids.len(), total, "every report sent once");
    let kinds: std::collections::BTreeSet<String> = requests
        .iter()
        .flat_map(|r| batch_of(r).reports)
        .map(|r| r.kind.as_str().to_string())
        .collect();
    assert_eq!(kinds.into_iter().collect::<Vec<_>>(), ["hotline", "service"]);
}

#[test]
fn without_a_feedback_endpoint_reports_wait_and_nothing_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = publish_with_feedback(dir.path(), None);
    let phone = open_phone(&dir.path().join("phone.db"));
    phone.import_bundle_file(&bundle).unwrap();
    phone.report_problem("kz-emergency", "closed", "").unwrap();
    assert_eq!(phone.send_reports().unwrap(), 0);
    assert!(phone.outbox().unwrap()[0].sent_at.is_none(), "kept for a later sync");
}

#[test]
fn a_report_needs_a_known_entry_and_a_known_problem() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = publish_with_feedback(dir.path(), None);
    let phone = open_phone(&dir.path().join("phone.db"));
    phone.import_bundle_file(&bundle).unwrap();
    let invalid = |r: safar_core::Result<feedback::OutboxEntry>, needle: &str| match r {
        Err(safar_core::Error::InvalidInput(m)) => assert!(m.contains(needle), "{m}"),
        other => panic!("expected invalid input ({needle}), got {other:?}"),
    };
    invalid(phone.report_problem("ru-emergency", "rude", ""), "unknown problem");
    invalid(phone.report_problem("", "closed", ""), "empty");
    invalid(phone.report_problem("article:x", "closed", ""), "hotline:<id>");
    invalid(
        phone.report_problem("ru-emergency", "closed", &"x".repeat(feedback::MAX_NOTE_CHARS + 1)),
        "characters",
    );
    assert!(matches!(
        phone.report_problem("no-such-line", "closed", ""),
        Err(safar_core::Error::NotFound(_))
    ));
    assert!(matches!(
        phone.report_problem("service:ru-emergency", "closed", ""),
        Err(safar_core::Error::NotFound(_))
    ));
    assert!(phone.outbox().unwrap().is_empty(), "nothing stored for refused reports");
}

#[test]
fn an_unreachable_endpoint_is_an_error_and_the_report_stays() {
    // A port that was just free: nothing listens there.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("http://127.0.0.1:{port}/feedback");
    let dir = tempfile::tempdir().unwrap();
    let bundle = publish_with_feedback(dir.path(), Some(&url));
    let phone = open_phone(&dir.path().join("phone.db"));
    phone.import_bundle_file(&bundle).unwrap();
    phone.report_problem("ru-emergency", "no_answer", "").unwrap();
    assert!(matches!(phone.send_reports(), Err(safar_core::Error::Io(_))));
    assert!(phone.outbox().unwrap()[0].sent_at.is_none());
}
