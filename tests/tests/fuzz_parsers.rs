//! Property-based fuzzing of every parser that reads outside data: signed metadata (root,
//! timestamp, manifest) and minisign signatures, collection objects and deltas, `.safar`
//! bundles, Markdown, the content source (CSV and TOML), opening hours, amounts, decimals and fee
//! schedules. The property is always the same: any input gives `Ok` or a typed error, never a
//! panic, and nothing allocates from a length the input claims.
//!
//! Cases per property: `SAFAR_FUZZ_CASES` (default 256, the CI smoke run). The local campaign:
//! `SAFAR_FUZZ_CASES=1000000 cargo test --release -p safar-tests --test fuzz_parsers`.

use flate2::write::GzEncoder;
use flate2::Compression;
use proptest::prelude::*;
use safar_core::model::{CountryCode, Decimal, FeeSchedule, LanguageTag, Messenger, OpeningHours, PhoneNumber};
use safar_core::remittance::Amount;
use safar_core::render::{plain_text, render, LinkTarget};
use safar_core::sync::bundle::{Bundle, BundleWriter};
use safar_core::sync::minisign::parse_signatures;
use safar_core::sync::object::{ObjectReader, OBJECT_FORMAT};
use safar_core::sync::verify::TrustedRoot;
use safar_core::sync::RepoSource;
use safar_publish::keys::{sign_all, SecretKey};
use safar_tests::*;
use std::io::{Cursor, Write};
use std::sync::OnceLock;

fn cases() -> u32 {
    std::env::var("SAFAR_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: cases(),
        // Shrinking a million-case campaign's failure is still wanted, but bounded.
        max_shrink_iters: 10_000,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text that is mostly the parser's own vocabulary, so cases get past the first check.
fn tokens(vocab: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![4 => prop::sample::select(vocab).prop_map(str::to_string), 1 => any::<String>()],
        0..max,
    )
    .prop_map(|parts| parts.concat())
}

// ---------------------------------------------------------------------------------------------
// Signed metadata: the signature is made valid for each case, so the JSON parser behind it is
// what gets fuzzed.

struct Keys {
    root: TrustedRoot,
    root_keys: Vec<SecretKey>,
    timestamp: SecretKey,
    publisher: SecretKey,
    root_json: Vec<u8>,
    manifest_json: Vec<u8>,
    timestamp_json: Vec<u8>,
}

fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| {
        let dir = dev_keys();
        let root_json = std::fs::read(dir.join("root/1.json")).expect("dev root");
        let sig = std::fs::read(dir.join("root/1.json.minisig")).expect("dev root signature");
        let load = |name: &str| SecretKey::load(&dir.join(name)).expect("dev key");
        // A real manifest and timestamp to mutate: those of the shipped default bundle.
        let entries = unpack(safar_content::DEFAULT_BUNDLE);
        let find = |prefix: &str| {
            entries
                .iter()
                .find(|(n, _)| n.starts_with(prefix) && n.ends_with(".json"))
                .map(|(_, d)| d.clone())
                .expect("metadata file in the default bundle")
        };
        Keys {
            root: TrustedRoot::pinned(&root_json, &sig).expect("dev root verifies"),
            root_keys: ["root-1.key", "root-2.key", "root-3.key"]
                .iter()
                .map(|n| load(n))
                .collect(),
            timestamp: load("timestamp.key"),
            publisher: load("publisher.key"),
            manifest_json: find("manifest"),
            timestamp_json: find("timestamp"),
            root_json,
        }
    })
}

/// A real document with a few bytes changed, cut, or replaced whole.
fn mutated(original: fn(&Keys) -> &Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8).prop_map(move |edits| {
            let mut doc = original(keys()).clone();
            for (at, byte) in edits {
                let i = at.index(doc.len());
                doc[i] = byte;
            }
            doc
        }),
        any::<prop::sample::Index>().prop_map(move |at| {
            let doc = original(keys());
            doc[..at.index(doc.len())].to_vec()
        }),
        tokens(
            &[
                "{",
                "}",
                "[",
                "]",
                "\"",
                ":",
                ",",
                "\"type\"",
                "\"seq\"",
                "\"manifest\"",
                "\"collections\"",
                "null",
                "1e999",
                "-1",
                "\"path\"",
                "\"../x\""
            ],
            40
        )
        .prop_map(String::into_bytes),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn signed_timestamp_json_never_panics(json in mutated(|k| &k.timestamp_json)) {
        let k = keys();
        let sig = sign_all(&[&k.timestamp], &json, "timestamp.json", 0);
        let _ = k.root.verify_timestamp(&json, sig.as_bytes());
    }

    #[test]
    fn signed_manifest_json_never_panics(json in mutated(|k| &k.manifest_json)) {
        let k = keys();
        let sig = sign_all(&[&k.publisher], &json, "manifest/1.json", 0);
        let _ = k.root.verify_manifest("manifest/1.json", &json, sig.as_bytes());
    }

    #[test]
    fn signed_root_json_never_panics(json in mutated(|k| &k.root_json)) {
        let k = keys();
        let signers: Vec<&SecretKey> = k.root_keys.iter().collect();
        let sig = sign_all(&signers, &json, "root/2.json", 0);
        let _ = k.root.verify_next(&json, sig.as_bytes());
        let _ = TrustedRoot::pinned(&json, sig.as_bytes());
    }

    #[test]
    fn unsigned_metadata_and_signatures_never_panic(json in prop::collection::vec(any::<u8>(), 0..512), sig in ".{0,400}") {
        let k = keys();
        let _ = parse_signatures(&sig);
        let _ = TrustedRoot::pinned(&json, sig.as_bytes());
        let _ = k.root.verify_timestamp(&json, sig.as_bytes());
        let _ = k.root.verify_manifest("manifest/1.json", &json, &json);
    }
}

// ---------------------------------------------------------------------------------------------
// Collection objects and deltas (gzip'd JSON lines).

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
    gz.write_all(bytes).expect("gzip to memory");
    gz.finish().expect("gzip to memory")
}

fn object_lines() -> impl Strategy<Value = Vec<u8>> {
    let header = prop_oneof![
        Just(format!(
            r#"{{"format":"{OBJECT_FORMAT}","collection":"articles/ru","kind":"article","version":2,"base_version":1}}"#
        )),
        Just(format!(
            r#"{{"format":"{OBJECT_FORMAT}","collection":"hotlines/tj","kind":"hotline","version":1}}"#
        )),
        ".{0,80}",
    ];
    let line = prop_oneof![
        Just(r#"{"upsert":{"id":"a"}}"#.to_string()),
        Just(r#"{"delete":"a"}"#.to_string()),
        Just(r#"{"upsert":null,"delete":null}"#.to_string()),
        Just(r#"{"upsert":{"id":"x"},"delete":"y"}"#.to_string()),
        ".{0,120}",
    ];
    (header, prop::collection::vec(line, 0..12), any::<bool>()).prop_map(|(h, lines, trailing_newline)| {
        let mut text = h;
        for l in lines {
            text.push('\n');
            text.push_str(&l);
        }
        if trailing_newline {
            text.push('\n');
        }
        text.into_bytes()
    })
}

fn read_object(bytes: &[u8], decoded_length: u64) {
    if let Ok(mut reader) = ObjectReader::open("fuzz/object", bytes, decoded_length) {
        // Bounded: each call consumes at least one line of a finite input, or fails.
        while let Ok(Some(_)) = reader.next_op() {}
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn object_of_json_lines_never_panics(text in object_lines(), slack in -3i64..3) {
        let gz = gzip(&text);
        read_object(&gz, (text.len() as i64 + slack).max(0) as u64);
        // A huge claimed length must not be allocated up front.
        read_object(&gz, u64::MAX);
    }

    #[test]
    fn object_of_random_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..600), len in any::<u64>()) {
        read_object(&bytes, len);
        let gz = gzip(&bytes);
        read_object(&gz[..gz.len() / 2], bytes.len() as u64);
    }
}

// ---------------------------------------------------------------------------------------------
// `.safar` bundles.

fn read_bundle(bytes: Vec<u8>) {
    if let Ok(mut b) = Bundle::open(Cursor::new(bytes)) {
        let names: Vec<String> = b.names().map(str::to_string).collect();
        for n in names {
            let _ = b.fetch(&n, 1 << 20);
        }
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn bundle_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400), magic in any::<bool>()) {
        let mut data = if magic { b"SAFARB1\n".to_vec() } else { Vec::new() };
        data.extend(bytes);
        read_bundle(data);
    }

    #[test]
    fn damaged_default_bundle_never_panics(edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..6), cut in any::<prop::sample::Index>()) {
        let mut data = safar_content::DEFAULT_BUNDLE.to_vec();
        for (at, byte) in edits {
            let i = at.index(data.len());
            data[i] = byte;
        }
        let keep = data.len() - cut.index(data.len() / 8 + 1);
        data.truncate(keep);
        read_bundle(data);
    }

    #[test]
    fn well_formed_bundle_of_any_entries_never_panics(entries in prop::collection::vec((".{1,40}", prop::collection::vec(any::<u8>(), 0..64)), 0..6)) {
        let mut w = BundleWriter::new(Vec::new()).expect("writer");
        for (name, data) in &entries {
            // The writer refuses some names; what it accepts must read back.
            let _ = w.add(name, data);
        }
        read_bundle(w.finish().expect("finish"));
    }
}

/// Whole imports are slow (a database per case), so this one runs fewer cases: damaged metadata
/// inside a bundle with a valid checksum must be refused with a typed error, leaving the phone
/// empty, never panic.
#[test]
fn import_of_tampered_bundles_is_refused_without_panic() {
    let runs = (cases() / 32).clamp(8, 2_000);
    let entries = unpack(safar_content::DEFAULT_BUNDLE);
    let dir = tempfile::tempdir().expect("temp dir");
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: runs,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    let strategy = (
        any::<prop::sample::Index>(),
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
    );
    let n = std::cell::Cell::new(0u32);
    runner
        .run(&strategy, |(which, edits)| {
            n.set(n.get() + 1);
            let mut tampered = entries.clone();
            let (name, entry) = &mut tampered[which.index(entries.len())];
            // A signature file may be damaged and still pass: its "untrusted comment:" lines are
            // unsigned by minisign's design, and the root carries more signatures than its
            // threshold. Every other byte is covered by a signature or a hash.
            let signature_file = name.ends_with(".minisig");
            let mut changed = false;
            for (at, byte) in edits {
                if !entry.is_empty() {
                    let i = at.index(entry.len());
                    changed |= entry[i] != byte && !signature_file;
                    entry[i] = byte;
                }
            }
            let name = name.clone();
            let phone = open_phone(&dir.path().join(format!("phone-{}.db", n.get())));
            let result = phone.import_bundle_from(Cursor::new(repack(&tampered)));
            if changed {
                prop_assert!(result.is_err(), "a tampered {name} was accepted");
                prop_assert_eq!(phone.status().expect("status").seq, None);
            }
            Ok(())
        })
        .expect("no tampered bundle is accepted");
}

// ---------------------------------------------------------------------------------------------
// Markdown.

const MARKDOWN: &[&str] = &[
    "## ",
    "### ",
    "# ",
    "\n",
    "\n\n",
    "- ",
    "1. ",
    "* ",
    "**",
    "*",
    "_",
    "`",
    "```",
    "> ",
    "> [!WARNING]\n> ",
    "> [!NOTE]\n",
    "[!TIP]",
    "[a](",
    ")",
    "article:",
    "hotline:",
    "service:",
    "tel:",
    "https://x",
    "<b>",
    "<script>x</script>",
    "<img src=x onerror=alert(1)>",
    "| a | b |\n|---|---|\n",
    "> [!DANGER]\n> ",
    "![i](x.png)",
    "http://x",
    "</b>",
    "|a|b|\n|-|-|\n",
    "![i](x.png)",
    "\\",
    "&amp;",
    "Регистрация",
    "roʻyxat",
    " ",
    "\t",
    "---",
    "[^1]",
    "\u{200b}",
];

proptest! {
    #![proptest_config(config())]

    #[test]
    fn markdown_never_panics(md in tokens(MARKDOWN, 60)) {
        let blocks = render(&md);
        let _ = plain_text(&blocks);
    }

    #[test]
    fn link_targets_never_panic(url in tokens(&["article:", "hotline:", "service:", "tel:", "https://", "-", ".", "ru", "a", "%", ":"], 8)) {
        let _ = LinkTarget::parse(&url);
    }
}

// ---------------------------------------------------------------------------------------------
// Opening hours, money, codes, contacts.

const HOURS: &[&str] = &[
    "Mo",
    "Tu",
    "We",
    "Th",
    "Fr",
    "Sa",
    "Su",
    "-",
    ",",
    ";",
    " ",
    ":",
    "24/7",
    "00",
    "09",
    "18",
    "23",
    "24",
    "59",
    "60",
    "99",
    "Mo-Fr ",
    "09:00-18:00",
    "22:00-06:00",
    "PH",
    "off",
];
const MONEY: &[&str] = &[
    "0",
    "1",
    "5",
    "9",
    ".",
    "-",
    "+",
    "%",
    ":",
    "|",
    " ",
    "e",
    "150",
    "1.5%",
    "5000:",
    "99999999999999999999999",
    "0.0000000001",
];

proptest! {
    #![proptest_config(config())]

    #[test]
    fn opening_hours_never_panic(text in tokens(HOURS, 20)) {
        let _ = text.parse::<OpeningHours>();
    }

    #[test]
    fn amounts_decimals_and_fees_never_panic(text in tokens(MONEY, 16), currency in prop_oneof![Just("RUB".to_string()), Just("TJS".to_string()), Just("UZS".to_string()), ".{0,5}"]) {
        if let Ok(d) = text.parse::<Decimal>() {
            let _ = d.round_half_away_from_zero(2);
            let _ = d.to_units(2);
        }
        let _ = text.parse::<FeeSchedule>();
        let _ = Amount::parse(&text, &currency);
    }

    #[test]
    fn codes_and_contacts_never_panic(text in ".{0,40}") {
        let _ = CountryCode::parse(&text);
        let _ = LanguageTag::parse(&text);
        let _ = PhoneNumber::parse(&text);
        let _ = Messenger::parse(&text);
    }
}

// ---------------------------------------------------------------------------------------------
// The content source: safar.toml, article TOML + Markdown, the three CSV lists, checklist TOML.

const CSV: &[&str] = &[
    ",",
    "\"",
    "\n",
    ";",
    "TJ",
    "RU",
    "ru",
    "tg",
    "sample",
    "2026-11-01",
    "24/7",
    "Asia/Dushanbe",
    "+992 00 000 0001 free",
    "1%",
    "0.1",
    "38.5",
    "68.7",
    "id",
    "x-1",
    "free",
    "money_transfer_operator",
    "cash",
    "minutes",
    "RUB",
    "TJS",
    "Ё",
    "\u{feff}",
];
const TOML: &[&str] = &[
    "[repository]\n",
    "[languages]\n",
    "[[item]]\n",
    "name = ",
    "sample = ",
    "true",
    "\"x\"",
    "[\"ru\"]",
    "supported = ",
    "required = ",
    "topic = ",
    "\"money\"",
    "id = ",
    "phase = ",
    "due = { after = \"arrival\", days = 15 }",
    "\n",
    "+++\n",
    "title = ",
    "reviewed_at = 2026-11-01",
    "= = =",
    "{",
    "]",
    "9999999999999999999999",
];

fn source_set() -> impl Strategy<Value = [String; 7]> {
    let hotline_header = "id,country,name_en,name_ru,categories,numbers,messengers,hours,timezone,closed_on,languages,source,verified_at,status\n";
    let service_header = "id,country,region,district,organisation_en,organisation_ru,categories,address,lat,lon,phones,email,website,hours,timezone,eligibility_en,eligibility_ru,cost,languages,source,verified_at,status\n";
    let quote_header = "id,send_country,send_currency,receive_country,receive_currency,provider,firm_type,product,access_point,payout,speed,fee,fee_min,fee_max,rate,reference_rate,reference_at,transparent,source,collected_at,status\n";
    (
        prop_oneof![Just(std::fs::read_to_string(content_dir().join("safar.toml")).expect("safar.toml")), tokens(TOML, 30)],
        tokens(TOML, 20),
        (any::<bool>(), tokens(TOML, 12), tokens(MARKDOWN, 30)).prop_map(|(fm, head, body)| if fm { format!("+++\ntitle = \"t\"\nsummary = \"s\"\nsource = \"x\"\nreviewed_at = 2026-11-01\n{head}\n+++\n{body}") } else { format!("{head}{body}") }),
        tokens(CSV, 60).prop_map(move |rows| format!("{hotline_header}{rows}")),
        tokens(CSV, 80).prop_map(move |rows| format!("{service_header}{rows}")),
        tokens(CSV, 80).prop_map(move |rows| format!("{quote_header}{rows}")),
        tokens(TOML, 30),
    )
        .prop_map(|(a, b, c, d, e, f, g)| [a, b, c, d, e, f, g])
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn content_source_never_panics(files in source_set()) {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        let [settings, article_toml, article_md, hotlines, services, quotes, checklist] = files;
        std::fs::create_dir_all(root.join("articles/fuzz")).expect("mkdir");
        std::fs::create_dir_all(root.join("checklist")).expect("mkdir");
        std::fs::write(root.join("safar.toml"), settings).expect("write");
        std::fs::write(root.join("articles/fuzz/article.toml"), article_toml).expect("write");
        std::fs::write(root.join("articles/fuzz/ru.md"), article_md).expect("write");
        std::fs::write(root.join("hotlines.csv"), hotlines).expect("write");
        std::fs::write(root.join("services.csv"), services).expect("write");
        std::fs::write(root.join("remittance.csv"), quotes).expect("write");
        std::fs::write(root.join("checklist/x.toml"), checklist).expect("write");
        let _ = safar_publish::source::load(root);
    }

    #[test]
    fn content_source_with_invalid_utf8_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("articles/fuzz")).expect("mkdir");
        for name in ["safar.toml", "hotlines.csv", "services.csv", "remittance.csv", "articles/fuzz/article.toml", "articles/fuzz/en.md"] {
            std::fs::write(root.join(name), &bytes).expect("write");
        }
        let _ = safar_publish::source::load(root);
    }

    /// Lint's own checks (phone metadata, coordinates, quotes, Markdown, folding) on the same
    /// generated sources: diagnostics, never a panic.
    #[test]
    fn content_lint_never_panics(files in source_set()) {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        let [settings, article_toml, article_md, hotlines, services, quotes, checklist] = files;
        std::fs::create_dir_all(root.join("articles/fuzz")).expect("mkdir");
        std::fs::create_dir_all(root.join("checklist")).expect("mkdir");
        for (name, text) in [
            ("safar.toml", settings),
            ("articles/fuzz/article.toml", article_toml),
            ("articles/fuzz/ru.md", article_md),
            ("hotlines.csv", hotlines),
            ("services.csv", services),
            ("remittance.csv", quotes),
            ("checklist/x.toml", checklist),
        ] {
            std::fs::write(root.join(name), text).expect("write");
        }
        let _ = safar_publish::lint::lint(root, chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"));
    }

    /// Arbitrary bytes in any one file of the shipped content: lint reports, never panics.
    #[test]
    fn lint_with_arbitrary_bytes_in_each_content_file_never_panics(
        which in 0usize..1000,
        bytes in prop::collection::vec(any::<u8>(), 0..400),
    ) {
        // One copy of the content for all cases: each case breaks one file, then restores it.
        static COPY: OnceLock<(tempfile::TempDir, Vec<std::path::PathBuf>)> = OnceLock::new();
        let (dir, files) = COPY.get_or_init(|| {
            let dir = tempfile::tempdir().expect("temp dir");
            copy_dir(&content_dir(), dir.path());
            let files = content_files(dir.path());
            (dir, files)
        });
        let file = &files[which % files.len()];
        let original = std::fs::read(file).expect("read");
        std::fs::write(file, &bytes).expect("write");
        let _ = safar_publish::lint::lint(dir.path(), chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"));
        std::fs::write(file, original).expect("restore");
    }
}

/// Every content file under `dir` (CSV, TOML, Markdown), sorted.
fn content_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        for entry in std::fs::read_dir(&path).expect("read dir").flatten() {
            let path = entry.path();
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
            if path.is_dir() {
                stack.push(path);
            } else if ["csv", "toml", "md"].contains(&ext) && !path.ends_with("Cargo.toml") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The signing above is what the verifier accepts, so mutated documents reach the JSON parsers
/// rather than stopping at the signature check.
#[test]
fn fuzz_signatures_reach_the_parsers() {
    let k = keys();
    let ts = sign_all(&[&k.timestamp], &k.timestamp_json, "timestamp.json", 0);
    let timestamp = k
        .root
        .verify_timestamp(&k.timestamp_json, ts.as_bytes())
        .expect("timestamp verifies");
    let ms = sign_all(&[&k.publisher], &k.manifest_json, "manifest/1.json", 0);
    k.root
        .verify_manifest("manifest/1.json", &k.manifest_json, ms.as_bytes())
        .expect("manifest verifies");
    assert!(timestamp.manifest.path.starts_with("manifest"));
}
