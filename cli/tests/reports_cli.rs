//! `safar report --note` asks before sending a note that looks personal, and
//! `safar publish reports` shows installs and attempts and exports CSV (issue 13, item 4).

use std::path::Path;
use std::process::{Command, Output};

fn safar(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_safar"))
        .args(args)
        .env("SAFAR_DB", db)
        .env("COLUMNS", "100")
        .env("TZ", "UTC")
        .output()
        .expect("run safar")
}

fn ok(o: Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn a_note_with_a_number_or_a_name_needs_yes_and_nothing_is_saved_without_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("n.db");
    let note = "Operator Ivan Petrov said call +7 912 345 67 89";
    let refused = safar(
        &db,
        &["report", "ru-emergency", "--problem", "no-answer", "--note", note],
    );
    let err = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(2), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.contains("a phone number (+7 912 345 67 89)"), "{err}");
    assert!(err.contains("a name (Ivan Petrov)"), "{err}");
    assert!(err.contains("--yes"), "{err}");
    let listed: serde_json::Value = serde_json::from_str(&ok(safar(&db, &["report", "--list", "--json"]))).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 0, "nothing saved");

    ok(safar(
        &db,
        &[
            "report",
            "ru-emergency",
            "--problem",
            "no-answer",
            "--note",
            note,
            "--yes",
        ],
    ));
    // A plain note goes through without asking.
    ok(safar(
        &db,
        &[
            "report",
            "ru-emergency",
            "--problem",
            "no-answer",
            "--note",
            "rang 10 times at 18:00",
        ],
    ));
    let listed: serde_json::Value = serde_json::from_str(&ok(safar(&db, &["report", "--list", "--json"]))).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 2);
}

#[test]
fn a_report_records_the_attempt_and_staff_export_it_as_csv() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let made: serde_json::Value = serde_json::from_str(&ok(safar(
        &db,
        &[
            "report",
            "ru-sample-migrant-line",
            "--problem",
            "no-answer",
            "--tried-at",
            "2026-11-29T08:00:00+05:00",
            "--number",
            "+7 800 000 00 01",
            "--json",
        ],
    )))
    .unwrap();
    assert_eq!(made["attempted_at"], "2026-11-29T08:00:00+05:00");
    assert_eq!(made["scheduled_open"], false, "Sunday: closed");
    assert_eq!(made["number"], "+78000000001");
    assert!(made["content_seq"].as_u64().is_some());

    // What `safar serve` stores for it, then the staff listing and the CSV.
    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    let line = serde_json::json!({"received_at": "2026-11-29T04:00:00Z", "report": made});
    std::fs::write(reports.join("reports.jsonl"), format!("{line}\n")).unwrap();
    let dir_arg = reports.to_str().unwrap();
    let csv = dir.path().join("reports.csv");
    let text = ok(safar(
        &db,
        &["publish", "reports", "--dir", dir_arg, "--csv", csv.to_str().unwrap()],
    ));
    assert!(text.contains("1 report(s) from 1 install(s)"), "{text}");
    assert!(
        text.contains("tried 2026-11-29 08:00 (UTC+05:00), scheduled CLOSED, dialled +78000000001"),
        "{text}"
    );
    let csv = std::fs::read_to_string(&csv).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert!(rows[0].starts_with("kind,target,problem,attempted_at_local,utc_offset,scheduled_open,number"));
    assert!(
        rows[1].starts_with("hotline,ru-sample-migrant-line,no_answer,2026-11-29 08:00:00,+05:00,no,'+78000000001,"),
        "{csv}"
    );
}

/// The bug: a repository without a feedback address never sent reports and `safar sync` said
/// nothing about it. Now sync says the reports wait, and why.
#[test]
fn sync_says_when_reports_were_not_sent_and_why() {
    use safar_publish::repo::{self, BuildOptions};
    use safar_publish::serve::{ServeOptions, Server};
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let out = dir.path().join("repo");
    // A repository built with `--feedback-url none`, continuing the built-in history its phones
    // start from.
    let mut opts = BuildOptions::new(root.join("content"), &out, root.join("publish/dev-keys"));
    opts.feedback_url = None;
    opts.continue_from = Some(repo::HistorySource::Bundle {
        name: "builtin".into(),
        bytes: safar_content::DEFAULT_BUNDLE.to_vec(),
    });
    repo::build(&opts).unwrap();
    let server = Server::bind(
        "127.0.0.1:0",
        ServeOptions {
            repo: out,
            reports: dir.path().join("reports"),
            feedback_path: "/feedback".into(),
            log: false,
        },
    )
    .unwrap()
    .spawn()
    .unwrap();
    let db = dir.path().join("s.db");
    ok(safar(&db, &["report", "ru-emergency", "--problem", "closed"]));
    let text = ok(safar(&db, &["sync", &server.url()]));
    assert!(
        text.contains(
            "1 problem report(s) not sent (this repository has no feedback address); they wait for the next sync."
        ),
        "{text}"
    );
}
