//! `safar remit` end to end on the embedded sample content: the table, `--json` with every
//! number, filters, the receive direction, staleness, and bad input as one-line typed errors.
//! Expected numbers are worked out by hand from content/remittance.csv.

use serde_json::Value;
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

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(db: &Path, args: &[&str]) -> String {
    let o = safar(db, args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

/// The text with line breaks and runs of spaces as single spaces, to find wrapped phrases.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn json(db: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(db, args)).expect("valid JSON")
}

/// A failing command: the expected exit code, exactly one line on stderr, no panic.
fn fails(db: &Path, args: &[&str], code: i32, needle: &str) {
    let o = safar(db, args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(code), "{args:?}: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    assert!(
        err.starts_with("safar: error: ") && err.contains(needle),
        "{args:?}: expected '{needle}' in {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

fn db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("remit.db");
    (dir, db)
}

#[test]
fn table_ranks_by_amount_received_and_summarises_the_corridor() {
    let (_dir, db) = db();
    let text = ok(
        &db,
        &[
            "remit",
            "--from",
            "RU",
            "--to",
            "TJ",
            "--send",
            "10000",
            "--as-of",
            "2026-11-10",
        ],
    );
    assert!(flat(&text).contains("SAMPLE QUOTES"), "sample data is marked: {text}");
    assert!(
        flat(&text).contains("you hand over 10 000.00 RUB, fee included"),
        "{text}"
    );
    // Received for 10 000 RUB handed over (fee on top of the transfer): D transfers 9881.42
    // (+ 1.2 % = 118.58) → 1160.17, A 10 000 → 1158.80, B 9900 (+ minimum 100) → 1154.14,
    // E 10 000 → 1144.60, C 9850.75 (+ 100 + 0.5 % = 149.25) → 1133.32.
    let order: Vec<usize> = ["1 160.17", "1 158.80", "1 154.14", "1 144.60", "1 133.32"]
        .iter()
        .map(|amount| text.find(amount).unwrap_or_else(|| panic!("{amount} missing:\n{text}")))
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "ranked by amount received:\n{text}"
    );
    let first = text.lines().find(|l| l.starts_with("1 ")).unwrap();
    assert!(
        first.contains("Provider D") && first.contains("1.70%") && first.contains("<3%"),
        "{first}"
    );
    let opaque = text.lines().find(|l| l.contains("1 144.60")).unwrap();
    assert!(opaque.contains("opaque") && opaque.contains("3.00%"), "{opaque}");
    // Totals A 1.79661 %, B 1.01010 + 1.20339 = 2.21349 %, C 1.51511 + 2.5 = 4.01511 %,
    // D 1.20003 + 0.5 = 1.70003 %, E 3 %: mean 2.54505 % → 2.55 %; the three cheapest
    // (D, A, B) 1.90338 % → 1.90 %.
    assert!(flat(&text).contains("average total cost 2.55%"), "{text}");
    assert!(flat(&text).contains("the three cheapest average 1.90%"), "{text}");
    assert!(flat(&text).contains("below the 3% SDG target"), "{text}");
    // Every price shows its source and dates.
    assert_eq!(flat(&text).matches("Source: Invented sample data").count(), 5, "{text}");
    assert!(flat(&text).contains("collected 2026-11-03 (7 days ago)"), "{text}");
    assert!(
        flat(&text).contains("mid-market 0.1180 taken 2026-11-03 09:00 UTC"),
        "{text}"
    );
    assert!(
        text.lines().all(|l| l.chars().count() <= 80),
        "wrapped to 80 columns:\n{text}"
    );
}

#[test]
fn json_gives_every_number() {
    let (_dir, db) = db();
    // `--json` after the subcommand, and before it.
    let args = [
        "remit",
        "--from",
        "ru",
        "--to",
        "tj",
        "--send",
        "10000",
        "--as-of",
        "2026-11-10",
    ];
    let after = json(&db, &[&args[..], &["--json"]].concat());
    let before = json(&db, &[&["--json"], &args[..]].concat());
    assert_eq!(after, before);
    let best = &after["offers"][0];
    assert_eq!(best["quote_id"], "rem-ru-tj-d");
    assert_eq!(best["rank"], 1);
    let cost = &best["cost"];
    assert_eq!(cost["send"]["minor_units"], 1_000_000);
    assert_eq!(cost["fee"]["value"], "118.58");
    assert_eq!(cost["converted"]["value"], "9881.42");
    assert_eq!(cost["received"]["value"], "1160.17");
    assert_eq!(cost["received"]["minor_units"], 116_017);
    assert_eq!(cost["received"]["currency"], "TJS");
    assert_eq!(
        (&cost["fee_pct"], &cost["fx_margin_pct"], &cost["total_cost_pct"]),
        (&Value::from("1.2000"), &Value::from("0.5000"), &Value::from("1.7000"))
    );
    assert_eq!(best["rate"], "0.11741");
    assert_eq!(best["reference_rate"], "0.1180");
    assert_eq!(best["reference_at"], "2026-11-03T09:00:00Z");
    assert_eq!(
        (&best["quote_age_days"], &best["reference_age_days"]),
        (&Value::from(7), &Value::from(7))
    );
    assert_eq!(
        (&best["stale"], &best["sdg"], &best["status"]),
        (
            &Value::from(false),
            &Value::from("meets_target"),
            &Value::from("sample")
        )
    );
    let s = &after["summary"];
    assert_eq!(s["average_total_cost_pct"], "2.5450");
    assert_eq!(s["cheapest_three_average_pct"], "1.9034");
    assert_eq!(
        (&s["quotes_used"], &s["stale_left_out"]),
        (&Value::from(5), &Value::from(0))
    );
    assert_eq!(after["stale_after_days"], 30, "from content/safar.toml [remittance]");
    assert_eq!(after["sample"], true);
    // B: 9900 transferred + the minimum 100; 100 / 9900 = 1.0101…%, FX 0.00142 / 0.118 =
    // 1.20338…%.
    let b = after["offers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["quote_id"] == "rem-ru-tj-b")
        .unwrap();
    assert_eq!(b["cost"]["fee"]["value"], "100.00");
    assert_eq!(b["cost"]["fee_pct"], "1.0101");
    assert_eq!(b["cost"]["fx_margin_pct"], "1.2034");
    assert_eq!(b["cost"]["total_cost_pct"], "2.2135");
}

#[test]
fn receive_direction_with_a_payout_filter() {
    let (_dir, db) = db();
    let c = json(
        &db,
        &[
            "--json",
            "remit",
            "--from",
            "RU",
            "--to",
            "UZ",
            "--receive",
            "750000",
            "--payout",
            "wallet",
            "--as-of",
            "2026-11-10",
        ],
    );
    let offers = c["offers"].as_array().unwrap();
    assert_eq!(offers.len(), 1);
    assert_eq!(c["hidden_by_filters"], 4);
    assert_eq!(
        c["summary"]["quotes_used"], 5,
        "the corridor summary ignores the filter"
    );
    // G: 1.5 %, minimum 50, rate 150.78. 750 000 / 150.78 = 4974.1345…, so 4974.14
    // transferred, plus 1.5 % (74.6121 → 74.61): 5048.75.
    let cost = &offers[0]["cost"];
    assert_eq!(cost["send"]["value"], "5048.75");
    assert_eq!(cost["fee"]["value"], "74.61");
    assert_eq!(
        cost["received"]["value"], "750000.82",
        "4974.14 × 150.78 = 750 000.8292"
    );
    let text = ok(
        &db,
        &[
            "remit",
            "--from",
            "RU",
            "--to",
            "UZ",
            "--receive",
            "750000",
            "--speed",
            "minutes",
            "--as-of",
            "2026-11-10",
        ],
    );
    assert!(
        flat(&text).contains("the family should receive 750 000.00 UZS"),
        "{text}"
    );
    assert!(
        flat(&text).contains("You pay RUB") && flat(&text).contains("Only: minutes or faster"),
        "{text}"
    );
    assert!(
        !text.contains("same day") && flat(&text).contains("2 more offers not shown"),
        "{text}"
    );
}

#[test]
fn currency_without_minor_units() {
    let (_dir, db) = db();
    let c = json(
        &db,
        &[
            "--json",
            "remit",
            "--from",
            "KR",
            "--to",
            "UZ",
            "--send",
            "1000000",
            "--as-of",
            "2026-11-10",
        ],
    );
    let p = c["offers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["quote_id"] == "rem-kr-uz-a")
        .unwrap();
    // 995 000 + 5000 won; 995 000 × 8.7932 = 8 749 234; 5000 / 995 000 + 1.2 % = 1.7025…%.
    assert_eq!(p["cost"]["fee"]["value"], "5000");
    assert_eq!(p["cost"]["received"]["value"], "8749234.00");
    assert_eq!(p["cost"]["total_cost_pct"], "1.7025");
    fails(
        &db,
        &["remit", "--from", "KR", "--to", "UZ", "--send", "1000.5"],
        2,
        "KRW has no minor unit",
    );
}

#[test]
fn stale_quotes_are_flagged_and_left_out_of_the_summary() {
    let (_dir, db) = db();
    // 2026-11-03 + 30 days = 2026-12-03 is the last current day.
    let current = json(
        &db,
        &[
            "--json",
            "remit",
            "--from",
            "RU",
            "--to",
            "TJ",
            "--send",
            "10000",
            "--as-of",
            "2026-12-03",
        ],
    );
    assert_eq!(current["summary"]["quotes_used"], 5);
    let args = [
        "remit",
        "--from",
        "RU",
        "--to",
        "TJ",
        "--send",
        "10000",
        "--as-of",
        "2026-12-04",
    ];
    let stale = json(&db, &[&args[..], &["--json"]].concat());
    assert!(stale["offers"]
        .as_array()
        .unwrap()
        .iter()
        .all(|o| o["stale"] == true && o["quote_age_days"] == 31));
    assert_eq!(
        (&stale["summary"]["quotes_used"], &stale["summary"]["stale_left_out"]),
        (&Value::from(0), &Value::from(5))
    );
    assert_eq!(stale["summary"]["average_total_cost_pct"], Value::Null);
    let text = ok(&db, &args);
    let rows = text.lines().filter(|l| l.starts_with(|c: char| c.is_ascii_digit()));
    assert_eq!(rows.filter(|l| l.contains("STALE")).count(), 5, "{text}");
    assert!(flat(&text).contains("All 5 quotes are older than 30 days"), "{text}");
    assert!(flat(&text).contains("no current quotes, so no average"), "{text}");
    assert!(
        flat(&text).contains("5 stale quotes (older than 30 days) left out"),
        "{text}"
    );
}

#[test]
fn bad_input_is_one_line_with_its_exit_code() {
    let (_dir, db) = db();
    fn remit<'a>(rest: &[&'a str]) -> Vec<&'a str> {
        [&["remit", "--from", "RU", "--to", "TJ"][..], rest].concat()
    }
    fails(&db, &remit(&["--send", "0"]), 2, "more than zero");
    fails(&db, &remit(&["--send", "-5"]), 2, "more than zero");
    fails(&db, &remit(&["--receive", "-0.01"]), 2, "more than zero");
    fails(&db, &remit(&["--send", "10.005"]), 2, "RUB has 2 decimal places");
    fails(&db, &remit(&["--send", "1e4"]), 2, "not an amount");
    fails(
        &db,
        &remit(&["--send", "10", "--currency", "XYZ"]),
        2,
        "unknown currency 'XYZ'",
    );
    fails(&db, &remit(&["--send", "10", "--currency", "EUR"]), 3, "they send RUB");
    fails(
        &db,
        &remit(&["--send", "10", "--payout", "hawala"]),
        2,
        "unknown payout method",
    );
    fails(&db, &remit(&["--send", "10", "--speed", "slow"]), 2, "unknown speed");
    fails(
        &db,
        &remit(&["--send", "10", "--receive", "10"]),
        2,
        "cannot be used with",
    );
    fails(&db, &remit(&[]), 2, "--send <AMOUNT>|--receive <AMOUNT>");
    fails(
        &db,
        &["remit", "--from", "RU", "--to", "TR", "--send", "10"],
        3,
        "corridors with quotes: KR→UZ, KZ→KG, KZ→UZ, RU→KG, RU→TJ, RU→UZ",
    );
    fails(
        &db,
        &["remit", "--from", "RU", "--to", "XX", "--send", "10"],
        2,
        "unknown country code 'XX'",
    );
}

#[test]
fn runs_against_the_clock_without_as_of() {
    let (_dir, db) = db();
    let c = json(
        &db,
        &["--json", "remit", "--from", "KZ", "--to", "KG", "--send", "100000"],
    );
    assert_eq!(c["offers"].as_array().unwrap().len(), 4);
    // Ages are measured from today; whatever today is, an old quote is flagged, never hidden.
    for o in c["offers"].as_array().unwrap() {
        let age = o["quote_age_days"].as_i64().unwrap();
        assert_eq!(o["stale"], age > 30 || o["reference_age_days"].as_i64().unwrap() > 30);
    }
}
