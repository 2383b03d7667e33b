//! The reader's new commands end to end: search, checklist, health, bookmarks, wipe, and the
//! home screen's deadlines and health entry. Every run is a fresh process on a real database.

use chrono::{Days, Utc};
use std::path::Path;
use std::process::{Command, Output};

fn safar(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_safar"))
        .args(args)
        .env("SAFAR_DB", db)
        .env("COLUMNS", "80")
        .output()
        .expect("run safar")
}

fn ok(db: &Path, args: &[&str]) -> String {
    let o = safar(db, args);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "safar {args:?} failed: {err}");
    assert!(!err.contains("panicked"), "{err}");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn json(db: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    serde_json::from_str(&ok(db, &all)).expect("valid JSON")
}

fn assert_one_line_error(o: &Output, code: i32, needle: &str) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(code), "stderr: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    assert!(err.starts_with("safar: error: ") && err.contains(needle), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn search_in_either_script_and_hostile_queries() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    ok(
        &db,
        &[
            "profile",
            "set",
            "--origin",
            "UZ",
            "--destination",
            "RU",
            "--lang",
            "uz",
        ],
    );
    // Cyrillic query, Latin content; matched words marked in piped output.
    let text = ok(&db, &["search", "рўйхат"]);
    assert!(text.contains("safar read registration-ru"), "{text}");
    assert!(text.contains("*Ro‘yxat") || text.contains("*ro‘yxat"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 80), "wrapped:\n{text}");

    let v = json(&db, &["search", "патент", "--kind", "article", "--limit", "3"]);
    let hits = v["hits"].as_array().unwrap();
    assert!(!hits.is_empty() && hits.len() <= 3);
    assert!(hits.iter().all(|h| h["kind"] == "article"));
    assert!(hits[0]["title_parts"].as_array().is_some());
    // Several words without quotes are one query.
    let v = json(&db, &["search", "ro'yxat", "patent"]);
    assert_eq!(v["terms"], serde_json::json!(["royxat", "patent"]));

    for q in ["\"", "*", "NEAR(", "AND", "", "()"] {
        let text = ok(&db, &["search", q]);
        assert!(text.contains("Nothing to search for"), "{q:?}: {text}");
    }
    let text = ok(&db, &["search", "zzzqqqxxx"]);
    assert!(text.contains("No results"), "{text}");
    assert_one_line_error(&safar(&db, &["search", "patent", "--limit", "0"]), 2, "limit");
    assert_one_line_error(
        &safar(&db, &["search", "patent", "--kind", "recipe"]),
        2,
        "unknown kind",
    );
}

#[test]
fn checklist_deadlines_done_and_undo() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ok(
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
            "--arrival",
            "2026-03-10",
        ],
    );
    let today = "2026-04-20";
    let v = json(&db, &["checklist", "--today", today]);
    assert_eq!(v["today"], today);
    let overdue = v["overdue"].as_array().unwrap();
    assert!(
        !overdue.is_empty(),
        "41 days after arrival, registration is overdue: {v}"
    );
    for step in overdue {
        assert_eq!(step["state"], "overdue");
        assert!(step["due_date"].as_str().unwrap() < today);
        assert!(step["days_left"].as_i64().unwrap() < 0);
        assert!(
            !step["source"].as_str().unwrap().is_empty(),
            "deadlines carry their source"
        );
    }
    let first = overdue[0]["id"].as_str().unwrap().to_string();
    let text = ok(&db, &["checklist", "--today", today]);
    assert!(text.contains("OVERDUE") && text.contains(&first), "{text}");
    assert!(text.contains("Source:"), "{text}");

    let text = ok(&db, &["checklist", "--done", &first, "--today", today]);
    assert!(text.starts_with("Done: "), "{text}");
    let v = json(&db, &["checklist", "--today", today]);
    assert!(v["overdue"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["id"] != first.as_str()));
    assert_eq!(v["done"], 1);
    ok(&db, &["checklist", "--undo", &first]);
    assert_eq!(json(&db, &["checklist", "--today", today])["done"], 0);

    assert_one_line_error(
        &safar(&db, &["checklist", "--done", "no-such-step"]),
        3,
        "no checklist step",
    );
    assert_one_line_error(&safar(&db, &["checklist", "--today", "2026-13-01"]), 2, "is not a date");
    assert_one_line_error(
        &safar(&db, &["checklist", "--done", "a", "--undo", "b"]),
        2,
        "cannot be used with",
    );
}

#[test]
fn home_shows_next_deadlines_and_the_health_entry() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    // Arrived three weeks ago: a deadline of the first days has passed.
    let arrival = Utc::now()
        .date_naive()
        .checked_sub_days(Days::new(21))
        .unwrap()
        .to_string();
    ok(
        &db,
        &[
            "profile",
            "set",
            "--origin",
            "TJ",
            "--destination",
            "RU",
            "--lang",
            "ru",
            "--stage",
            "abroad",
            "--arrival",
            &arrival,
        ],
    );
    let text = ok(&db, &["home"]);
    assert!(text.contains("DEADLINES") && text.contains("OVERDUE"), "{text}");
    assert!(text.contains("safar checklist"), "{text}");
    assert!(text.contains("HEALTH") && text.contains("safar health"), "{text}");
    let v = json(&db, &["home"]);
    assert!(v["health"]["hotlines"].as_u64().unwrap() > 0);
    assert!(!v["deadlines"].as_array().unwrap().is_empty());

    let text = ok(&db, &["health"]);
    for section in ["READ", "HOTLINES", "SERVICES", "Source:", "tel:+"] {
        assert!(text.contains(section), "{section}: {text}");
    }
    assert!(text.contains("SAMPLE"), "sample content is marked: {text}");
}

#[test]
fn bookmarks_history_and_wipe() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    ok(
        &db,
        &[
            "profile",
            "set",
            "--origin",
            "TJ",
            "--destination",
            "RU",
            "--lang",
            "tg",
        ],
    );
    assert!(ok(&db, &["bookmark", "registration-ru"]).starts_with("Bookmarked: "));
    ok(&db, &["read", "gbv-help"]);
    let v = json(&db, &["bookmark"]);
    assert_eq!(v["bookmarks"][0]["group"], "registration-ru");
    assert_eq!(v["recently_read"][0]["group"], "gbv-help");
    let text = ok(&db, &["bookmark"]);
    assert!(text.contains("BOOKMARKS") && text.contains("RECENTLY READ"), "{text}");
    assert_one_line_error(&safar(&db, &["bookmark", "no-such-article"]), 3, "no article");
    assert_one_line_error(&safar(&db, &["bookmark", "--remove"]), 2, "required");
    assert!(ok(&db, &["bookmark", "--remove", "registration-ru"]).contains("removed"));

    // Wiping needs a confirmation, then removes everything personal and keeps the content.
    assert_one_line_error(&safar(&db, &["wipe"]), 2, "safar wipe --yes");
    assert!(json(&db, &["profile", "show"])["set"].as_bool().unwrap());
    let report = json(&db, &["wipe", "--yes"]);
    assert_eq!(report["profile"], 1);
    assert_eq!(report["reading_history"], 1);
    assert_eq!(json(&db, &["profile", "show"])["set"], false);
    assert_eq!(json(&db, &["bookmark"])["recently_read"], serde_json::json!([]));
    assert!(!json(&db, &["search", "патент"])["hits"].as_array().unwrap().is_empty());
}

/// The sample checklist's UZ→RU registration deadline follows the Russia–Uzbekistan agreement in
/// force since 4 June 2022: 15 days from entry (it used to say 7 working days, counted as 7).
#[test]
fn uzbek_registration_in_russia_is_due_15_days_after_arrival() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("uz.db");
    ok(
        &db,
        &[
            "profile",
            "set",
            "--origin",
            "UZ",
            "--destination",
            "RU",
            "--lang",
            "uz,ru",
            "--stage",
            "abroad",
            "--arrival",
            "2026-11-01",
        ],
    );
    let v = json(&db, &["checklist", "--today", "2026-11-10"]);
    let steps: Vec<&serde_json::Value> = ["overdue", "steps"]
        .iter()
        .filter_map(|key| v[key].as_array())
        .flatten()
        .collect();
    let registration = steps
        .iter()
        .find(|s| s["id"] == "ru-registration-uz")
        .unwrap_or_else(|| panic!("no UZ registration step: {v}"));
    assert_eq!(registration["due_date"], "2026-11-16", "{registration}");
    assert_eq!(registration["state"], "due", "not overdue on day 9: {registration}");
    assert_eq!(registration["days_left"], 6, "{registration}");
    assert!(
        registration["source"].as_str().unwrap().contains("2022"),
        "cites the 2022 agreement: {registration}"
    );
}

/// Since 1 July 2026 Kazakhstan has no 3-working-day host notice: the migrant registers online
/// by day 30 and the owner of the home confirms (MVD order No. 923 of 17 November 2025).
#[test]
fn kazakhstan_registration_is_online_by_day_30_not_a_3_day_host_notice() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kz.db");
    ok(
        &db,
        &[
            "profile",
            "set",
            "--origin",
            "TJ",
            "--destination",
            "KZ",
            "--lang",
            "tg,ru",
            "--stage",
            "abroad",
            "--arrival",
            "2026-11-01",
        ],
    );
    let v = json(&db, &["checklist", "--today", "2026-11-10"]);
    assert!(
        v["overdue"].as_array().unwrap().is_empty(),
        "nothing is overdue on day 9: {v}"
    );
    let steps = v["steps"].as_array().unwrap();
    assert!(steps.iter().all(|s| s["id"] != "kz-host-notification"), "{v}");
    let owner = steps
        .iter()
        .find(|s| s["id"] == "kz-owner-confirms-registration")
        .unwrap_or_else(|| panic!("no owner confirmation step: {v}"));
    assert_eq!(owner["due_date"], "2026-12-01", "{owner}");
    assert!(owner["source"].as_str().unwrap().contains("923"), "{owner}");
}
