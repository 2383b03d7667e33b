//! The `safar` binary end to end: the README's main job, global flags, exit codes, and bad input
//! giving one line of error and never a panic.

use std::path::{Path, PathBuf};
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

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// A failing command: the expected exit code, exactly one line on stderr, no panic.
fn assert_one_line_error(o: &Output, code: i32, needle: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(code), "stderr: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    assert!(err.starts_with("safar: error: "), "{err}");
    assert!(err.contains(needle), "expected '{needle}' in: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn main_job_shows_home_and_an_article_offline_from_an_empty_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    let set = safar(
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
        ],
    );
    assert!(set.status.success(), "{}", stderr(&set));
    let home = safar(&db, &["home"]);
    assert!(home.status.success(), "{}", stderr(&home));
    let text = stdout(&home);
    assert!(text.contains("SAMPLE CONTENT"), "sample content must be marked: {text}");
    assert!(text.contains("TJ → RU"), "{text}");
    assert!(
        text.contains("safar read registration-ru"),
        "registration comes first for TJ → RU: {text}"
    );
    let read = safar(&db, &["read", "registration-ru"]);
    assert!(read.status.success(), "{}", stderr(&read));
    let article = stdout(&read);
    assert!(article.contains("In Русский"), "{article}");
    assert!(article.contains("Source:"), "{article}");
    assert!(
        article.lines().all(|l| l.chars().count() <= 80),
        "wrapped to the terminal:\n{article}"
    );
}

#[test]
fn fallback_language_is_marked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    // gbv-help has no Uzbek translation: an Uzbek reader gets Russian, marked as such.
    assert!(safar(&db, &["profile", "set", "--lang", "uz"]).status.success());
    let o = safar(&db, &["--json", "read", "gbv-help"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["lang"], "ru");
    assert_eq!(v["is_fallback"], true);
    let human = stdout(&safar(&db, &["read", "gbv-help"]));
    assert!(human.contains("not yet translated into O‘zbekcha"), "{human}");
}

#[test]
fn json_flag_works_before_or_after_the_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    for args in [&["--json", "status"][..], &["status", "--json"][..]] {
        let o = safar(&db, args);
        assert!(o.status.success(), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("status --json is JSON");
        assert_eq!(v["sample"], true);
        assert!(v["collections"].as_array().unwrap().len() > 5);
    }
    let db_flag = dir.path().join("other.db");
    let o = Command::new(env!("CARGO_BIN_EXE_safar"))
        .args(["topics", "--db", db_flag.to_str().unwrap(), "--json"])
        .env_remove("SAFAR_DB")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(db_flag.exists(), "--db after the subcommand is honoured");
}

#[test]
fn bad_input_gives_one_line_errors_and_meaningful_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bad.db");
    assert_one_line_error(
        &safar(&db, &["profile", "set", "--origin", "XX"]),
        2,
        "unknown country code 'XX'",
    );
    assert_one_line_error(
        &safar(&db, &["profile", "set", "--destination", "Russia"]),
        2,
        "unknown country code",
    );
    assert_one_line_error(
        &safar(&db, &["profile", "set", "--lang", "fr"]),
        2,
        "unknown language 'fr'",
    );
    assert_one_line_error(&safar(&db, &["profile", "set", "--stage", "lost"]), 2, "unknown stage");
    assert_one_line_error(
        &safar(&db, &["profile", "set", "--arrival", "2026-13-45"]),
        2,
        "is not a date",
    );
    assert_one_line_error(&safar(&db, &["guide", "--topic", "cooking"]), 2, "unknown topic");
    assert_one_line_error(
        &safar(&db, &["read", "no-such-article"]),
        3,
        "no article 'no-such-article'",
    );
    assert_one_line_error(&safar(&db, &["read", ""]), 2, "article id is empty");
    assert_one_line_error(&safar(&db, &["import", "/nonexistent/file.safar"]), 2, "cannot open");
    assert_one_line_error(&safar(&db, &["frobnicate"]), 2, "frobnicate");
    assert_one_line_error(
        &safar(&db, &["publish", "lint", "/nonexistent"]),
        2,
        "not a content folder",
    );
    assert_one_line_error(
        &safar(&db, &["--db", "/nonexistent/dir/x.db", "status"]),
        2,
        "does not exist",
    );
    // Not a bundle at all, and a damaged one.
    let junk = dir.path().join("junk.safar");
    std::fs::write(&junk, b"<html>captive portal</html>").unwrap();
    assert_one_line_error(&safar(&db, &["import", junk.to_str().unwrap()]), 4, "damaged");
}

#[test]
fn lint_passes_on_shipped_content_and_names_file_and_line_on_broken_content() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("l.db");
    let ok = safar(&db, &["publish", "lint", workspace().join("content").to_str().unwrap()]);
    assert!(ok.status.success(), "shipped content must lint clean: {}", stderr(&ok));

    let broken = dir.path().join("content");
    copy_dir(&workspace().join("content"), &broken);
    // The first hotline row with an international number gets one that is too short.
    let csv = broken.join("hotlines.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let row = lines
        .iter()
        .position(|l| l.contains(",+7 "))
        .expect("a row with a +7 number");
    let number_cell = lines[row]
        .split(',')
        .find(|c| c.starts_with("+7 "))
        .unwrap()
        .to_string();
    lines[row] = lines[row].replacen(&number_cell, "+7 12345", 1);
    std::fs::write(&csv, lines.join("\n") + "\n").unwrap();
    let bad_line = format!("hotlines.csv:{}:", row + 1);
    // An article without its title.
    let md = broken.join("articles/document-safety/en.md");
    let text = std::fs::read_to_string(&md).unwrap();
    let without_title: Vec<&str> = text.lines().filter(|l| !l.starts_with("title")).collect();
    std::fs::write(&md, without_title.join("\n")).unwrap();

    let o = safar(&db, &["publish", "lint", broken.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(5), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&bad_line),
        "names file and line ({bad_line}) of the bad number: {err}"
    );
    assert!(err.contains("+7 12345"), "{err}");
    assert!(
        err.contains("document-safety/en.md:"),
        "names the article missing a field: {err}"
    );
    assert!(err.contains("title"), "{err}");

    // For editors and CI: one JSON document on stdout, the same exit code.
    let o = safar(&db, &["publish", "lint", "--format", "json", broken.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(5), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("lint --format json prints JSON");
    assert!(doc["errors"].as_u64() >= Some(2), "{doc}");
    let first = &doc["diagnostics"][0];
    assert!(
        first["file"].as_str().unwrap().ends_with("hotlines.csv"),
        "root causes first: {doc}"
    );
    assert_eq!(first["line"].as_u64(), Some(row as u64 + 1), "{doc}");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if ["src", "target", "Cargo.toml", "build.rs"].contains(&name.to_str().unwrap_or("")) {
            continue;
        }
        let target = to.join(&name);
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
