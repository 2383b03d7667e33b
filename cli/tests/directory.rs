//! `safar hotlines`, `safar services`, `safar report` and `safar publish reports` end to end on
//! the embedded sample content: badges and times in both zones, marks, JSON, and one-line errors.

use std::path::Path;
use std::process::{Command, Output};

fn safar(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_safar"))
        .args(args)
        .env("SAFAR_DB", db)
        .env("COLUMNS", "80")
        .env("TZ", "UTC")
        .output()
        .expect("run safar")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(o: Output) -> String {
    assert!(o.status.success(), "exit {:?}: {}", o.status.code(), stderr(&o));
    stdout(&o)
}

fn json(o: Output) -> serde_json::Value {
    serde_json::from_str(&ok(o)).expect("JSON output")
}

fn assert_one_line_error(o: &Output, code: i32, needle: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(code), "stderr: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    assert!(
        err.starts_with("safar: error: ") && err.contains(needle),
        "expected '{needle}': {err}"
    );
}

#[test]
fn hotlines_show_open_badges_times_in_both_zones_and_trust_marks() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    ok(safar(
        &db,
        &[
            "profile",
            "set",
            "--origin",
            "TJ",
            "--destination",
            "RU",
            "--lang",
            "tg,ru",
            "--stage",
            "abroad",
        ],
    ));
    let at = "2027-03-05T16:00:00+03:00";
    let text = ok(safar(
        &db,
        &["hotlines", "--country", "TJ", "--at", at, "--tz", "Europe/Moscow"],
    ));
    assert!(text.contains("SAMPLE CONTENT"), "{text}");
    assert!(text.contains("● OPEN until"), "{text}");
    assert!(text.contains("○ CLOSED"), "{text}");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("opens Mon 08 Mar 08:00 Asia/Dushanbe = Mon 08 Mar 06:00 your time (UTC+03:00)"),
        "{flat}"
    );
    assert!(flat.contains("☎ +992 00 000 0001 (free) <tel:+992000000001>"), "{flat}");
    assert!(flat.contains("SAMPLE (invented, not real) · source:"), "{flat}");
    assert!(flat.contains("checked 2026-11-01"), "{flat}");
    assert!(text.lines().all(|l| l.chars().count() <= 80), "wrapped:\n{text}");

    // Without --tz, "your time" is the offset written in --at.
    let text = ok(safar(
        &db,
        &["hotlines", "--country", "TJ", "--at", "2027-03-05T18:00:00+05:00"],
    ));
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Mon 08 Mar 08:00 Asia/Dushanbe (same as your time)"),
        "{flat}"
    );

    let open: serde_json::Value = json(safar(
        &db,
        &["--json", "hotlines", "--country", "TJ", "--open-now", "--at", at],
    ));
    let ids: Vec<&str> = open
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"tj-sample-gbv-line") && !ids.contains(&"tj-sample-migrant-line"),
        "{ids:?}"
    );
    assert!(open.as_array().unwrap().iter().all(|h| h["open"]["state"] == "open"));
    let first = &open[0];
    assert!(first["trust"]["source"].is_string() && first["trust"]["verified_at"] == "2026-11-01");
    assert!(first["trust"]["stale"].is_boolean());

    // Stale entries are flagged, never hidden.
    let later = ok(safar(
        &db,
        &["hotlines", "--country", "TJ", "--at", "2027-09-01T12:00:00Z"],
    ));
    assert!(later.contains("STALE"), "{later}");
}

#[test]
fn services_search_by_region_and_distance() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let near = json(safar(
        &db,
        &["services", "--near", "38.5598,68.7870", "--radius-km", "10", "--json"],
    ));
    let found = near.as_array().unwrap();
    assert_eq!(found.len(), 3);
    let d: Vec<f64> = found.iter().map(|s| s["distance_km"].as_f64().unwrap()).collect();
    assert!(d.windows(2).all(|w| w[0] <= w[1]) && d[2] <= 10.0, "{d:?}");

    let text = ok(safar(
        &db,
        &["services", "--country", "TJ", "--region", "khatlon", "--free"],
    ));
    assert!(text.contains("tj-bokhtar-sample-reintegration"), "{text}");
    assert!(!text.contains("tj-khujand"), "{text}");
    assert!(text.contains("SAMPLE (invented, not real)"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 80), "wrapped:\n{text}");
}

#[test]
fn a_returnee_home_screen_leads_with_services_near_home() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    ok(safar(
        &db,
        &[
            "profile",
            "set",
            "--origin",
            "TJ",
            "--stage",
            "returned",
            "--lang",
            "tg",
            "--home-region",
            "Khatlon",
        ],
    ));
    let text = ok(safar(&db, &["home"]));
    let back_home = text.find("BACK HOME").expect("returnee section");
    let start_here = text.find("START HERE").unwrap();
    assert!(back_home < start_here, "the returnee section leads:\n{text}");
    assert!(text.contains("Services in Khatlon:"), "{text}");
    assert!(text[back_home..start_here].contains("tj-bokhtar-sample-reintegration"));
    let home = json(safar(&db, &["--json", "home"]));
    assert_eq!(home["returnee"]["scope"], "region");
    assert_eq!(
        json(safar(&db, &["--json", "profile", "show"]))["home_region"],
        "Khatlon"
    );
}

#[test]
fn reports_wait_in_the_outbox_and_field_staff_can_list_received_ones() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("o.db");
    let text = ok(safar(
        &db,
        &[
            "report",
            "ru-sample-migrant-line",
            "--problem",
            "no-answer",
            "--note",
            "rang twice",
        ],
    ));
    assert!(text.contains("will be sent with the next sync"), "{text}");
    let listed = json(safar(&db, &["report", "--list", "--json"]));
    assert_eq!(listed[0]["target"], "ru-sample-migrant-line");
    assert_eq!(listed[0]["problem"], "no_answer");
    assert!(listed[0]["sent_at"].is_null());

    // What `safar serve` stores, one line per received report, then the listing.
    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    let mut lines = String::new();
    for (n, (target, problem, at)) in [
        ("ru-emergency", "no_answer", "2026-11-20T10:00:00Z"),
        ("tj-dushanbe-sample-shelter", "closed", "2026-11-21T10:00:00Z"),
        ("ru-emergency", "wrong_info", "2026-11-22T10:00:00Z"),
    ]
    .iter()
    .enumerate()
    {
        let kind = if target.starts_with("tj-dushanbe") {
            "service"
        } else {
            "hotline"
        };
        lines.push_str(&format!(
            "{{\"received_at\":\"{at}\",\"report\":{{\"id\":\"{n:032x}\",\"kind\":\"{kind}\",\"target\":\"{target}\",\"problem\":\"{problem}\",\"note\":\"\",\"created_at\":\"2026-11-19T08:00:00Z\",\"app\":\"safar/0.1.0\"}}}}\n"
        ));
    }
    std::fs::write(reports.join("reports.jsonl"), lines).unwrap();
    let dir_arg = reports.to_str().unwrap();
    let text = ok(safar(&db, &["publish", "reports", "--dir", dir_arg]));
    assert!(text.contains("3 report(s) about 2 entries"), "{text}");
    let ru = text.find("hotline:ru-emergency — 2 report(s)").expect("grouped");
    let shelter = text.find("service:tj-dushanbe-sample-shelter").unwrap();
    assert!(ru < shelter, "newest first:\n{text}");
    let listing = json(safar(&db, &["publish", "reports", "--dir", dir_arg, "--json"]));
    assert_eq!(listing["total"], 3);
    assert_eq!(listing["groups"][0]["problems"]["wrong_info"], 1);
}

#[test]
fn bad_directory_input_gives_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bad.db");
    assert_one_line_error(
        &safar(&db, &["hotlines", "--category", "cooking"]),
        2,
        "unknown hotline category",
    );
    assert_one_line_error(&safar(&db, &["hotlines", "--at", "yesterday"]), 2, "is not a time");
    assert_one_line_error(
        &safar(&db, &["hotlines", "--tz", "Mars/Olympus"]),
        2,
        "unknown time zone",
    );
    assert_one_line_error(&safar(&db, &["services", "--near", "91,0"]), 2, "out of range");
    assert_one_line_error(&safar(&db, &["services", "--near", "here"]), 2, "not a point");
    assert_one_line_error(&safar(&db, &["services", "--radius-km", "5"]), 2, "needs a point");
    assert_one_line_error(
        &safar(&db, &["services", "--near", "38,68", "--radius-km", "-3"]),
        2,
        "out of range",
    );
    assert_one_line_error(
        &safar(&db, &["services", "--category", "x"]),
        2,
        "unknown service category",
    );
    assert_one_line_error(
        &safar(&db, &["report", "ru-emergency", "--problem", "rude"]),
        2,
        "unknown problem",
    );
    assert_one_line_error(
        &safar(&db, &["report", "no-such", "--problem", "closed"]),
        3,
        "no hotline or service",
    );
    assert_one_line_error(&safar(&db, &["report", "ru-emergency"]), 2, "problem");
    assert_one_line_error(
        &safar(&db, &["publish", "reports", "--dir", "/nonexistent/reports"]),
        2,
        "is not a folder",
    );
}
