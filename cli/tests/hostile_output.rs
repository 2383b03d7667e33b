//! `safar` on a database whose content is hostile (as a compromised publisher key could sign it,
//! written here straight into the phone's tables): nothing it prints may drive the terminal — no
//! ESC, BEL, C1 or bidi control byte in stdout or stderr — and no `tel:` link it prints dials a
//! code. (Threat table: "dangerous content the phone acts on".)

use std::path::Path;
use std::process::{Command, Output};

const HOSTILE: &str = "Help\u{1b}[2J\u{1b}]0;owned\u{7} line \u{202E}enil\u{9b}31m";

fn safar(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_safar"))
        .args(args)
        .env("SAFAR_DB", db)
        .env("COLUMNS", "80")
        .env("TZ", "UTC")
        .output()
        .expect("run safar")
}

fn ok(o: Output) -> Vec<u8> {
    assert!(
        o.status.success(),
        "exit {:?}: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
    o.stdout
}

/// Replaces the stored JSON of one record (the views parse it) and its listed title.
fn rewrite(db: &Path, table: &str, id: &str, edit: impl FnOnce(&mut serde_json::Value)) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let json: String = conn
        .query_row(&format!("SELECT json FROM {table} WHERE id = ?1"), [id], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{table} {id}: {e}"));
    let mut record: serde_json::Value = serde_json::from_str(&json).unwrap();
    edit(&mut record);
    conn.execute(
        &format!("UPDATE {table} SET json = ?1 WHERE id = ?2"),
        [serde_json::to_string(&record).unwrap(), id.to_string()],
    )
    .unwrap();
    if table == "articles" {
        conn.execute("UPDATE articles SET title = ?1 WHERE id = ?2", [HOSTILE, id])
            .unwrap();
    }
}

fn assert_terminal_safe(what: &str, out: &[u8]) {
    let text = String::from_utf8_lossy(out);
    let bad: Vec<char> = text
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .collect();
    assert!(bad.is_empty(), "{what} printed {bad:?}:\n{text}");
    assert!(!out.contains(&0x1b), "{what} printed an ESC byte");
    assert!(!text.contains("tel:*") && !text.contains("tel:#"), "{what}: {text}");
}

#[test]
fn hostile_content_never_reaches_the_terminal_as_control_sequences() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hostile.db");
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
            "ru",
            "--stage",
            "abroad",
        ],
    ));
    rewrite(&db, "hotlines", "ru-sample-health-line", |h| {
        h["name"]["ru"] = HOSTILE.into();
        h["name"]["en"] = HOSTILE.into();
        h["numbers"] = serde_json::json!([{"number": "*21*+992000000099#\u{0}\u{7}", "display": HOSTILE}]);
        h["source"] = HOSTILE.into();
    });
    rewrite(&db, "services", "ru-moscow-sample-health", |s| {
        s["organisation"]["ru"] = HOSTILE.into();
        s["address"] = HOSTILE.into();
        s["phones"] = serde_json::json!([{"number": "#31#+74950000000", "display": "+7 495 000 00 00"}]);
    });
    rewrite(&db, "articles", "registration-ru.ru", |a| {
        a["title"] = HOSTILE.into();
        a["summary"] = HOSTILE.into();
        a["body"] = format!("<script>x</script> {HOSTILE}\n\n[call](tel:*21*123#) [x](javascript:alert(1))").into();
    });

    for args in [
        &["hotlines", "--country", "RU"][..],
        &["services", "--country", "RU"],
        &["read", "registration-ru"],
        &["guide"],
        &["health"],
        &["search", "help"],
        &["search", "registration"],
    ] {
        let out = ok(safar(&db, args));
        let text = String::from_utf8_lossy(&out).into_owned();
        assert_terminal_safe(&args.join(" "), &out);
        if args[0] == "hotlines" {
            // Still listed, without a call link.
            assert!(text.contains("*21*+992000000099#"), "{text}");
            assert!(text.contains("no call link"), "{text}");
        }
        if args[0] == "read" {
            assert!(text.contains("Help[2J]0;owned line enil31m"), "{text}");
        }
    }
    // A JSON reader gets the same clean text.
    let out = ok(safar(&db, &["--json", "hotlines", "--country", "RU"]));
    assert!(
        !String::from_utf8_lossy(&out).contains("\\u001b"),
        "ESC escaped in JSON"
    );
}
