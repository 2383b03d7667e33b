//! Bad-input sweep of every `safar` command: empty, huge, invalid UTF-8 and wrong kinds of codes.
//! Each must end with a one-line typed error and the documented exit code (2 bad input, 3 not
//! found, 4 rejected), never a panic; where the input is merely odd but valid, it may succeed.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::Path;
use std::process::{Command, Output};

fn run(db: &Path, args: &[OsString]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_safar"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("COLUMNS", "80")
        .output()
        .expect("run safar")
}

fn os(args: &[&str]) -> Vec<OsString> {
    args.iter().map(OsString::from).collect()
}

fn check(db: &Path, args: &[OsString], allowed: &[i32]) {
    let o = run(db, args);
    let err = String::from_utf8_lossy(&o.stderr);
    let code = o.status.code();
    assert!(!err.contains("panicked"), "{args:?} panicked: {err}");
    assert!(
        code.is_some_and(|c| allowed.contains(&c)),
        "{args:?}: exit {code:?}, expected one of {allowed:?}; stderr: {err}"
    );
    if code != Some(0) {
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: not one line: {err}");
        assert!(err.starts_with("safar: error: "), "{args:?}: {err}");
    }
}

const BAD: &[i32] = &[2];
const NOT_FOUND: &[i32] = &[3];
const BAD_OR_REJECTED: &[i32] = &[2, 4];
/// Odd but acceptable input: success, or a typed bad-input error.
const OK_OR_BAD: &[i32] = &[0, 2];

#[test]
fn every_command_refuses_bad_input_with_a_typed_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("phone.db");
    let huge = "щ".repeat(50_000);
    let long_code = "A".repeat(10_000);
    let garbage = dir.path().join("garbage.safar");
    std::fs::write(&garbage, b"SAFARB1\n\x05\x00abc").unwrap();
    let empty = dir.path().join("empty.safar");
    std::fs::write(&empty, b"").unwrap();
    let g = garbage.to_str().unwrap();
    let e = empty.to_str().unwrap();
    let out = dir.path().join("repo");
    let out = out.to_str().unwrap();

    let cases: Vec<(Vec<&str>, &[i32])> = vec![
        // Profile: wrong kinds of codes, empty, huge.
        (vec!["profile", "set", "--origin", ""], BAD),
        (vec!["profile", "set", "--origin", "TJK"], BAD),
        (vec!["profile", "set", "--origin", "12"], BAD),
        (vec!["profile", "set", "--destination", "ru-RU"], BAD),
        (vec!["profile", "set", "--origin", &long_code], BAD),
        (vec!["profile", "set", "--lang", ""], BAD),
        (vec!["profile", "set", "--lang", "xx-!!"], BAD),
        (vec!["profile", "set", "--lang", "RU"], OK_OR_BAD),
        (vec!["profile", "set", "--stage", "sideways"], BAD),
        (vec!["profile", "set", "--arrival", "2026-02-30"], BAD),
        (vec!["profile", "set", "--arrival", "yesterday"], BAD),
        (vec!["profile", "set", "--home-region", &huge], OK_OR_BAD),
        // Reading.
        (vec!["read", ""], BAD),
        (vec!["read", "no-such-article"], NOT_FOUND),
        (vec!["read", &huge], &[2, 3]),
        (vec!["read", "registration-ru.zz"], &[2, 3]),
        (vec!["guide", "--topic", "banana"], BAD),
        (vec!["guide", "--topic", ""], BAD),
        (vec!["search", ""], OK_OR_BAD),
        (vec!["search", &huge], OK_OR_BAD),
        (vec!["search", "\"", "*", "NEAR(", "OR", "-"], OK_OR_BAD),
        (vec!["search", "patent", "--kind", "nope"], BAD),
        (vec!["search", "patent", "--limit", "-1"], BAD),
        (vec!["search", "patent", "--limit", "99999999999999"], BAD),
        (vec!["bookmark", ""], BAD),
        (vec!["bookmark", "no-such-article"], NOT_FOUND),
        (vec!["bookmark", "--remove", "no-such-article"], &[0, 3]),
        // Checklist.
        (vec!["checklist", "--done", ""], BAD),
        (vec!["checklist", "--done", "no-such-step"], NOT_FOUND),
        (vec!["checklist", "--today", "2026-13-01"], BAD),
        // Remittance.
        (vec!["remit", "--from", "R", "--to", "TJ", "--send", "100"], BAD),
        (vec!["remit", "--from", "RU", "--to", "TJ"], BAD),
        (vec!["remit", "--from", "RU", "--to", "TJ", "--send", ""], BAD),
        (vec!["remit", "--from", "RU", "--to", "TJ", "--send", "-5"], BAD),
        (vec!["remit", "--from", "RU", "--to", "TJ", "--send", "0"], BAD),
        (vec!["remit", "--from", "RU", "--to", "TJ", "--send", "1e999"], BAD),
        (vec!["remit", "--from", "RU", "--to", "TJ", "--send", "NaN"], BAD),
        (
            vec![
                "remit",
                "--from",
                "RU",
                "--to",
                "TJ",
                "--send",
                "99999999999999999999999999999999999999999",
            ],
            BAD,
        ),
        (vec!["remit", "--from", "RU", "--to", "TJ", "--send", "100.123456"], BAD),
        (
            vec![
                "remit",
                "--from",
                "RU",
                "--to",
                "TJ",
                "--send",
                "100",
                "--receive",
                "100",
            ],
            BAD,
        ),
        (
            vec![
                "remit",
                "--from",
                "RU",
                "--to",
                "TJ",
                "--send",
                "100",
                "--currency",
                "XXX",
            ],
            BAD,
        ),
        (
            vec![
                "remit", "--from", "RU", "--to", "TJ", "--send", "100", "--payout", "teleport",
            ],
            BAD,
        ),
        (
            vec![
                "remit", "--from", "RU", "--to", "TJ", "--send", "100", "--speed", "warp",
            ],
            BAD,
        ),
        (vec!["remit", "--from", "RU", "--to", "TJ", "--send", &huge], BAD),
        // Directories.
        (vec!["hotlines", "--country", "123"], BAD),
        (vec!["hotlines", "--category", "nope"], BAD),
        (vec!["hotlines", "--at", "not-a-time"], BAD),
        (vec!["hotlines", "--tz", "Mars/Olympus_Mons"], BAD),
        (vec!["hotlines", "--tz", ""], BAD),
        (vec!["services", "--near", "999,999"], BAD),
        (vec!["services", "--near", "abc"], BAD),
        (vec!["services", "--near", "38.5,68.7", "--radius-km", "-5"], BAD),
        (vec!["services", "--near", "38.5,68.7", "--radius-km", "NaN"], BAD),
        (vec!["services", "--lang", "!!"], BAD),
        (vec!["services", "--category", "nope"], BAD),
        (vec!["services", "--region", &huge], OK_OR_BAD),
        (vec!["report", "no-such-line", "--problem", "wrong_number"], &[2, 3]),
        (vec!["report", "hotline:x", "--problem", "nope"], BAD),
        (vec!["report", "", "--problem", "wrong_number"], BAD),
        // Files and network.
        (vec!["import", "/nonexistent/file.safar"], BAD),
        (vec!["import", g], BAD_OR_REJECTED),
        (vec!["import", e], BAD_OR_REJECTED),
        (vec!["import", "/"], BAD_OR_REJECTED),
        (vec!["export", "/nonexistent-dir/x.safar"], &[1, 2]),
        (vec!["sync", ""], BAD),
        (vec!["sync", "ftp://example.invalid/"], BAD),
        (vec!["sync", "http://"], BAD),
        (vec!["sync", &huge], BAD),
        (vec!["sync", "http://127.0.0.1:1/", "--connect-timeout", "0"], BAD),
        (vec!["sync", "http://127.0.0.1:1/", "--retries", "-1"], BAD),
        (vec!["serve", "/nonexistent-repo", "--addr", "127.0.0.1:0"], BAD),
        (vec!["serve", ".", "--addr", "not-an-address"], BAD),
        (vec!["wipe"], BAD),
        // Publisher.
        // 5: the content has errors (lint's exit code).
        (vec!["publish", "lint", "/nonexistent-content"], &[2, 5]),
        (
            vec![
                "publish",
                "build",
                "/nonexistent-content",
                "--out",
                out,
                "--keys",
                "/nonexistent-keys",
            ],
            &[2, 5],
        ),
        (
            vec![
                "publish",
                "timestamp",
                "--repo",
                "/nonexistent",
                "--keys",
                "/nonexistent",
            ],
            &[1, 2],
        ),
        // The publisher reports a missing file as an I/O error (1) naming the path.
        (vec!["publish", "reports", "--dir", "/nonexistent"], &[1, 2]),
        // Unknown commands and flags.
        (vec!["frobnicate"], BAD),
        (vec!["home", "--no-such-flag"], BAD),
    ];
    for (args, allowed) in &cases {
        check(&db, &os(args), allowed);
        // The same with --json must fail the same way (errors stay one line, not JSON noise).
        let mut json = os(args);
        json.push("--json".into());
        check(&db, &json, allowed);
    }
}

#[test]
fn invalid_utf8_arguments_are_refused_not_panicked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("phone.db");
    let bad = || OsString::from_vec(vec![0x66, 0xff, 0xfe, 0x80]);
    let cases: Vec<Vec<OsString>> = vec![
        vec!["read".into(), bad()],
        vec!["search".into(), bad()],
        vec!["bookmark".into(), bad()],
        vec!["profile".into(), "set".into(), "--origin".into(), bad()],
        vec!["profile".into(), "set".into(), "--home-region".into(), bad()],
        vec![
            "remit".into(),
            "--from".into(),
            "RU".into(),
            "--to".into(),
            "TJ".into(),
            "--send".into(),
            bad(),
        ],
        vec!["services".into(), "--region".into(), bad()],
        vec!["hotlines".into(), "--tz".into(), bad()],
        vec!["sync".into(), bad()],
        vec!["report".into(), bad(), "--problem".into(), "wrong_number".into()],
        vec!["checklist".into(), "--done".into(), bad()],
    ];
    for args in &cases {
        check(&db, args, BAD);
    }
}

#[test]
fn a_database_path_that_is_not_usable_is_a_typed_error() {
    let dir = tempfile::tempdir().unwrap();
    // A folder that does not exist, a folder instead of a file, a file that is not SQLite.
    let not_db = dir.path().join("not.db");
    std::fs::write(&not_db, vec![0x42u8; 4096]).unwrap();
    for db in [dir.path().join("missing/phone.db"), dir.path().to_path_buf(), not_db] {
        let o = run(&db, &os(&["home"]));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!err.contains("panicked"), "{err}");
        assert!(
            matches!(o.status.code(), Some(1 | 2)),
            "{}: {:?} {err}",
            db.display(),
            o.status
        );
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    }
}
