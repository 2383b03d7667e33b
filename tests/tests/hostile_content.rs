//! Hostile content signed by the real keys: records written straight into collection objects,
//! past the publisher's lint (as a compromised key, or one mistake, would publish them), packed
//! into a `.safar` bundle and imported the way a phone does. The phone must not act on what it
//! should not: no `tel:` URI for a USSD or call-forwarding code, no link to `javascript:` and
//! friends, no control or bidi characters in anything a shell shows, and no paragraph lost to a
//! `<script>` tag. (Threat table: "dangerous content the phone acts on".)

use safar_core::hotlines::HotlineFilter;
use safar_core::model::{CountryCode, LanguageTag, Profile, Stage};
use safar_core::services::ServiceFilter;
use safar_core::sync::digest::{sha256_hex, StateDigest};
use safar_core::sync::metadata::ObjectRef;
use safar_core::sync::object::{self, ObjectHeader, ObjectReader, Op, OBJECT_FORMAT};
use safar_core::Safar;
use safar_publish::repo;
use safar_tests::*;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// A call-forwarding USSD code with a NUL and a BEL behind it.
const FORWARDING_CODE: &str = "*21*+992000000099#\u{0}\u{7}";
/// A name that clears the terminal, sets its title, and reverses the rest of the line.
const HOSTILE_NAME: &str = "Help\u{1b}[2J\u{1b}]0;owned\u{7} line \u{202E}enil\u{2066}";
const HOSTILE_BODY: &str = "<script>alert(1)</script> Keep your migration card with your passport.\n\n\
[x](javascript:alert(1)) [call](tel:*21*123#) [data](data:text/html,hi) [sms](sms:+992446000000) \
[pause](tel:+992446000000p1) [ok](tel:+992446000000)\n\n\
Colour\u{1b}[31m text \u{202E}reversed\u{9b}2J end.";

/// Rewrites collection `name` of the repository's current manifest: `edit` changes its records
/// (by id); the new full object is signed into a new manifest with the development keys.
fn rewrite_collection(repo: &Path, keys: &Path, name: &str, edit: impl FnOnce(&mut BTreeMap<String, Value>)) {
    let manifest = repo::current_manifest(repo).unwrap().unwrap();
    let entry = manifest.collections[name].clone();
    let bytes = std::fs::read(repo.join(&entry.full.path)).unwrap();
    let mut reader = ObjectReader::open(name, &bytes[..], entry.full.decoded_length).unwrap();
    let mut records = BTreeMap::new();
    while let Some(op) = reader.next_op().unwrap() {
        if let Op::Upsert(json) = op {
            let record: Value = serde_json::from_str(&json).unwrap();
            records.insert(record["id"].as_str().unwrap().to_string(), record);
        }
    }
    edit(&mut records);
    let header = ObjectHeader {
        format: OBJECT_FORMAT.into(),
        collection: name.into(),
        kind: entry.kind,
        version: entry.version + 1,
        base_version: None,
    };
    let mut digest = StateDigest::default();
    let mut ops = Vec::new();
    for (id, record) in &records {
        let json = serde_json::to_string(record).unwrap();
        digest.add(id, &json);
        ops.push(Op::Upsert(json));
    }
    let encoded = object::encode(&header, &ops).unwrap();
    let sha = sha256_hex(&encoded);
    std::fs::write(repo.join(format!("objects/{sha}")), &encoded).unwrap();
    let full = ObjectRef {
        path: format!("objects/{sha}"),
        sha256: sha,
        length: encoded.len() as u64,
        decoded_length: object::decoded_length(&encoded).unwrap(),
    };
    let state_digest = digest.finish_hex();
    publish_edited_manifest(repo, keys, |m| {
        let e = m.collections.get_mut(name).unwrap();
        e.version += 1;
        e.full = full;
        e.deltas.clear();
        e.count = records.len() as u64;
        e.state_digest = state_digest;
    });
}

fn hostile_text(records: &mut BTreeMap<String, Value>, id: &str, field: &str) {
    let record = records
        .get_mut(id)
        .unwrap_or_else(|| panic!("{id} in the sample content"));
    for lang in ["en", "ru", "tg", "uz", "ky"] {
        record[field][lang] = json!(HOSTILE_NAME);
    }
}

/// A phone (TJ → RU, reading Russian) that imported the hostile bundle.
fn hostile_phone(dir: &Path) -> Safar {
    copy_dir(&content_dir(), &dir.join("content"));
    copy_dir(&dev_keys(), &dir.join("keys"));
    let (repo_dir, keys) = (dir.join("repo"), dir.join("keys"));
    build(&dir.join("content"), &keys, &repo_dir);
    rewrite_collection(&repo_dir, &keys, "hotlines/ru", |records| {
        hostile_text(records, "ru-sample-health-line", "name");
        let line = records.get_mut("ru-sample-health-line").unwrap();
        line["numbers"] = json!([
            {"number": FORWARDING_CODE, "display": "+992 00 000 0099"},
            {"number": "+74950000000", "display": "+7 495 000-00-01"},
        ]);
        line["messengers"] = json!([
            {"kind": "viber", "handle": "*21*+992000000099#"},
            {"kind": "whatsapp", "handle": "+992000000099,1"},
            {"kind": "telegram", "handle": "@x\u{1b}]8;;https://evil.example\u{7}"},
        ]);
    });
    rewrite_collection(&repo_dir, &keys, "services/ru", |records| {
        hostile_text(records, "ru-moscow-sample-health", "organisation");
        let service = records.get_mut("ru-moscow-sample-health").unwrap();
        service["phones"] = json!([{"number": "#31#+74950000000", "display": "+7 495 000 00 00"}]);
        service["address"] = json!("Street\u{1b}[8m hidden\u{202E}");
        service["website"] = json!("javascript:alert(1)");
        service["email"] = json!("a@example.org?body=send%20money");
    });
    rewrite_collection(&repo_dir, &keys, "articles/ru", |records| {
        let article = records.get_mut("registration-ru.ru").unwrap();
        article["title"] = json!(HOSTILE_NAME);
        article["body"] = json!(HOSTILE_BODY);
    });
    let bundle = dir.join("hostile.safar");
    repo::pack(&repo_dir, &bundle).unwrap();
    let phone = open_phone(&dir.join("phone.db"));
    phone
        .import_bundle_file(&bundle)
        .expect("the signed bundle is imported");
    phone
        .set_profile(&Profile {
            origin: CountryCode::parse("TJ").unwrap(),
            destination: CountryCode::parse("RU").unwrap(),
            languages: vec![LanguageTag::parse("ru").unwrap()],
            stage: Stage::Abroad,
            arrival: None,
        })
        .unwrap();
    phone
}

/// A view as the JSON a shell would receive (serde is not a direct dependency of this crate).
macro_rules! to_json {
    ($view:expr) => {
        serde_json::to_value($view).unwrap()
    };
}

/// Every string inside a JSON value, with the key it sits under.
fn strings<'a>(value: &'a Value, key: &'a str, out: &mut Vec<(&'a str, &'a str)>) {
    match value {
        Value::String(s) => out.push((key, s)),
        Value::Array(items) => items.iter().for_each(|v| strings(v, key, out)),
        Value::Object(map) => map.iter().for_each(|(k, v)| strings(v, k, out)),
        _ => {}
    }
}

fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// What a shell would be handed: nothing it shows carries a control or bidi character, nothing
/// it dials is more than a plain number, and nothing it opens leaves the allowed schemes.
fn assert_safe(what: &str, view: &Value) {
    let mut all = Vec::new();
    strings(view, "", &mut all);
    for (key, s) in all {
        assert!(
            !s.chars().any(is_unsafe_char),
            "{what}: {key} = {s:?} has a control or bidi character"
        );
        let lower = s.to_ascii_lowercase();
        for scheme in ["javascript:", "data:", "file:", "intent:", "sms:", "tel:*", "tel:#"] {
            assert!(!lower.starts_with(scheme), "{what}: {key} = {s:?} may be opened");
        }
        if let Some(number) = s.strip_prefix("tel:") {
            let digits = number.strip_prefix('+').unwrap_or(number);
            assert!(
                (3..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()),
                "{what}: {key} = {s:?} is not a plain number"
            );
        }
        for messenger in ["https://wa.me/", "viber://chat?number=%2B"] {
            if let Some(number) = s.strip_prefix(messenger) {
                assert!(number.bytes().all(|b| b.is_ascii_digit()), "{what}: {key} = {s:?}");
            }
        }
        if matches!(key, "url" | "website" | "uri") {
            assert!(
                ["https://", "http://", "mailto:", "viber://"]
                    .iter()
                    .any(|p| s.starts_with(p)),
                "{what}: {key} = {s:?} is not a link the phone may open"
            );
        }
    }
}

#[test]
fn a_signed_forwarding_code_is_shown_but_never_dialled() {
    let dir = tempfile::tempdir().unwrap();
    let phone = hostile_phone(dir.path());
    let line = phone.hotline("ru-sample-health-line", None).unwrap();
    assert_safe("hotline", &to_json!(&line));
    // Not dropped: the entry and its numbers are still shown, the good number still dials.
    assert_eq!(line.numbers.len(), 2, "{:?}", line.numbers);
    let shown = to_json!(&line.numbers);
    assert!(shown.to_string().contains("*21*+992000000099#"), "{shown}");
    assert!(shown.to_string().contains("tel:+74950000000"), "{shown}");
    assert!(
        line.name.contains("Help") && line.name.contains("line"),
        "{}",
        line.name
    );

    let listed = phone
        .hotlines(&HotlineFilter {
            country: Some("RU".into()),
            ..HotlineFilter::default()
        })
        .unwrap();
    assert!(listed.iter().any(|h| h.id == "ru-sample-health-line"));
    assert_safe("hotline list", &to_json!(&listed));
    assert_safe("health section", &to_json!(&phone.health().unwrap()));
    assert_safe("home", &to_json!(&phone.home().unwrap()));
}

#[test]
fn services_offer_no_bad_number_link_or_hidden_text() {
    let dir = tempfile::tempdir().unwrap();
    let phone = hostile_phone(dir.path());
    let service = phone.service("ru-moscow-sample-health", None).unwrap();
    assert_safe("service", &to_json!(&service));
    assert_eq!(service.phones.len(), 1, "shown, not dropped");
    assert!(to_json!(&service.phones).to_string().contains("#31#"));
    let listed = phone
        .services(&ServiceFilter {
            country: Some("RU".into()),
            ..ServiceFilter::default()
        })
        .unwrap();
    assert_safe("service list", &to_json!(&listed));
}

#[test]
fn articles_keep_their_text_and_lose_bad_links_and_characters() {
    let dir = tempfile::tempdir().unwrap();
    let phone = hostile_phone(dir.path());
    let article = phone.read("registration-ru").unwrap();
    let view = to_json!(&article);
    assert_safe("article", &view);
    let text = safar_core::render::plain_text(&article.blocks);
    assert!(
        text.contains("Keep your migration card with your passport."),
        "the paragraph after <script> is gone: {text}"
    );
    assert!(!text.contains("<script"), "{text}");
    assert!(
        text.contains("Colour") && text.contains("reversed") && text.contains("end."),
        "{text}"
    );
    // Links: the dialable one stays, the others are their text only.
    let links: Vec<&Value> = view["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|b| b["spans"].as_array().into_iter().flatten())
        .filter_map(|s| s.get("link"))
        .collect();
    assert_eq!(links, vec![&json!({"type": "tel", "number": "+992446000000"})]);
    for word in ["x", "call", "data", "sms", "pause"] {
        assert!(
            text.split_whitespace().any(|w| w == word),
            "{word} kept as text: {text}"
        );
    }
    assert_safe("guide", &to_json!(&phone.guide(None).unwrap()));
    assert_safe("search", &to_json!(&phone.search("Help", None, 50).unwrap()));
    assert_safe("search", &to_json!(&phone.search("migration", None, 50).unwrap()));
}
