//! `lint` on small fixture folders (tests/fixtures/) and on the shipped content (../content).

use chrono::NaiveDate;
use safar_publish::lint::lint;
use safar_publish::source;
use safar_publish::{Diagnostic, Severity};
use std::path::{Path, PathBuf};

use Severity::{Error, Warning};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// The fixtures are dated around 2026-11-01.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
}

fn show(diags: &[Diagnostic]) -> String {
    diags.iter().map(|d| format!("{d}\n")).collect()
}

/// Asserts one diagnostic at exactly `file:line` with this severity mentions `text`.
fn expect(diags: &[Diagnostic], file: &str, line: Option<usize>, severity: Severity, text: &str) {
    let found = diags
        .iter()
        .any(|d| d.file == Path::new(file) && d.line == line && d.severity == severity && d.message.contains(text));
    assert!(
        found,
        "expected {file}:{line:?} {severity:?} mentioning {text:?}; got:\n{}",
        show(diags)
    );
}

#[test]
fn good_fixture_is_clean() {
    let (content, diags) = lint(&fixture("good"), today());
    assert!(diags.is_empty(), "unexpected diagnostics:\n{}", show(&diags));
    assert_eq!(content.articles.len(), 5);
    assert_eq!(content.hotlines.len(), 2);
    assert_eq!(content.services.len(), 1);
    assert_eq!(content.quotes.len(), 1);
    assert_eq!(content.checklist.len(), 1);

    let settings = content.settings.as_ref().expect("settings");
    assert!(settings.sample);
    assert_eq!(settings.required, ["ru", "en"]);

    let article = content
        .articles
        .iter()
        .find(|a| a.id == "registration-ru.tg")
        .expect("tg translation");
    assert!(article.core);
    assert_eq!(article.help, ["hotline:ru-line", "service:ru-legal"]);
    assert!(article.body.starts_with("Нусхаи"), "body: {:?}", article.body);
    let line = &content.hotlines[0];
    assert_eq!(line.numbers[0].number, "+78000000001");
    assert_eq!(line.numbers[0].free, Some(true));
    assert_eq!(line.numbers[1].free, Some(false));
    assert_eq!(line.languages, ["ru", "tg", "uz-Cyrl"]);
    assert_eq!(content.services[0].location.map(|p| p.lat), Some(55.76));
    assert_eq!(content.checklist[0].due.map(|d| d.days), Some(15));
}

#[test]
fn broken_fixture_reports_each_problem_at_its_file_and_line() {
    let (content, diags) = lint(&fixture("broken"), today());
    let d = &diags;

    // (a) an invalid phone number; the row before it spans lines 2–3 (a quoted line break).
    expect(d, "hotlines.csv", Some(4), Error, "column 'numbers': invalid phone number '+7 12345': numbers in RU/KZ (+7) have 10 digits after the country code, this has 5");
    // (b) missing required fields: a front-matter key, and an empty CSV cell.
    expect(
        d,
        "articles/no-title/en.md",
        Some(1),
        Error,
        "missing required key 'title'",
    );
    expect(d, "services.csv", Some(2), Error, "column 'country' is empty");
    // (c) an unknown topic, on its line below a comment.
    expect(
        d,
        "articles/bad-topic/article.toml",
        Some(2),
        Error,
        "unknown topic 'housing'",
    );
    // (d) a missing required translation.
    expect(
        d,
        "articles/ru-only/article.toml",
        Some(1),
        Error,
        "no translation into en",
    );
    // (e) a broken hotline link, at its line in the Markdown file.
    expect(
        d,
        "articles/good-one/ru.md",
        Some(9),
        Error,
        "there is no hotline 'no-such-line'",
    );
    // (f) a stale verified_at.
    expect(d, "hotlines.csv", Some(5), Warning, "stale: verified 688 days ago");

    // The rest, one by one.
    expect(
        d,
        "articles/good-one/article.toml",
        Some(3),
        Error,
        "there is no service 'nowhere'",
    );
    expect(
        d,
        "articles/good-one/en.md",
        Some(5),
        Error,
        "reviewed_at 2027-02-01 is in the future",
    );
    expect(
        d,
        "articles/good-one/ru.md",
        Some(11),
        Warning,
        "link the hotline instead",
    );
    expect(
        d,
        "articles/good-one/tg.md",
        Some(4),
        Error,
        "'order' is shared by all translations",
    );
    expect(
        d,
        "articles/empty-body/ru.md",
        Some(6),
        Error,
        "no text after the front matter",
    );
    expect(d, "articles/empty-body/en.md", Some(3), Error, "unknown key 'sumary'");
    expect(d, "articles/ru-only/fr.md", None, Error, "unknown language 'fr'");
    expect(
        d,
        "checklist/ru.toml",
        Some(4),
        Error,
        "there is no article 'missing-group'",
    );
    expect(d, "checklist/ru.toml", Some(13), Error, "unknown key 'titel'");
    expect(d, "hotlines.csv", Some(1), Warning, "unknown column 'notes'");
    expect(
        d,
        "hotlines.csv",
        Some(6),
        Error,
        "duplicate id 'ru-line' (first used on line 2)",
    );
    expect(
        d,
        "hotlines.csv",
        Some(7),
        Error,
        "unknown value 'police' (allowed: emergency, trafficking",
    );
    expect(d, "hotlines.csv", Some(7), Error, "'Moscow' is not an IANA time zone");
    expect(
        d,
        "hotlines.csv",
        Some(8),
        Error,
        "status is 'verified' but 'source' is empty",
    );
    expect(
        d,
        "hotlines.csv",
        Some(8),
        Warning,
        "status 'verified' in a sample repository",
    );
    expect(d, "remittance.csv", Some(2), Error, "unknown value 'hawala'");
    expect(d, "remittance.csv", Some(2), Error, "two percent parts in one tier");
    expect(d, "remittance.csv", Some(2), Error, "column 'reference_at'");
    expect(d, "remittance.csv", Some(2), Error, "'yes' is not true or false");
    expect(d, "services.csv", Some(2), Error, "'lat' and 'lon' go together");
    expect(d, "services.csv", Some(2), Error, "needed when 'hours' is given");
    assert_eq!(
        diags.len(),
        28,
        "one diagnostic per problem, no more:\n{}",
        show(&diags)
    );

    // Sorted by file, then line.
    let keys: Vec<_> = diags.iter().map(|d| (d.file.clone(), d.line)).collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "not sorted:\n{}", show(&diags));

    // Records with errors are left out; the rest are kept.
    let ids: Vec<&str> = content.hotlines.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["ru-line", "old-line", "verified-line"]);
    assert!(content.services.is_empty() && content.quotes.is_empty());
    assert_eq!(content.checklist.len(), 1);
}

#[test]
fn load_alone_skips_the_cross_file_checks() {
    let (_, diags) = source::load(&fixture("broken"));
    assert!(
        diags.iter().all(|d| !d.message.contains("there is no hotline")),
        "{}",
        show(&diags)
    );
    assert!(
        diags.iter().all(|d| !d.message.starts_with("stale")),
        "{}",
        show(&diags)
    );
    expect(
        &diags,
        "hotlines.csv",
        Some(4),
        Error,
        "invalid phone number '+7 12345'",
    );
}

#[test]
fn missing_settings_and_csv_columns_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("hotlines.csv"), "id,country,name_en\nx,RU,X\n").unwrap();
    let (content, diags) = lint(dir.path(), today());
    assert!(content.settings.is_none() && content.hotlines.is_empty());
    expect(&diags, "safar.toml", None, Error, "cannot read the repository settings");
    expect(
        &diags,
        "hotlines.csv",
        Some(1),
        Error,
        "missing required column 'numbers'",
    );
    // Reported once on the header, not again on every row.
    assert!(!diags.iter().any(|d| d.line == Some(2)), "{}", show(&diags));
}

#[test]
fn shipped_content_has_no_errors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let (content, diags) = lint(&dir, chrono::Utc::now().date_naive());
    // Shown with --nocapture: warnings are for the content's editors, not a failure.
    eprint!("{}", show(&diags));
    let errors: Vec<Diagnostic> = diags.iter().filter(|d| d.severity == Error).cloned().collect();
    assert!(
        errors.is_empty(),
        "content/ has {} error(s):\n{}",
        errors.len(),
        show(&errors)
    );
    assert!(content.settings.is_some());
    assert!(!content.hotlines.is_empty() && !content.services.is_empty() && !content.quotes.is_empty());
    // Every translation file became an article.
    let md_files = std::fs::read_dir(dir.join("articles"))
        .unwrap()
        .flat_map(|group| std::fs::read_dir(group.unwrap().path()).unwrap())
        .filter(|f| f.as_ref().unwrap().path().extension().is_some_and(|e| e == "md"))
        .count();
    assert_eq!(content.articles.len(), md_files);
    eprintln!(
        "content/: {} articles, {} hotlines, {} services, {} quotes, {} checklist items",
        content.articles.len(),
        content.hotlines.len(),
        content.services.len(),
        content.quotes.len(),
        content.checklist.len()
    );
}

#[test]
fn remittance_quotes_have_their_own_stale_limit() {
    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy_dir(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("good"), dir.path());
    let settings = dir.path().join("safar.toml");
    let text = std::fs::read_to_string(&settings).unwrap();
    // Without [remittance]: the default 30 days; the quote (collected 2026-11-03) is 17 days old.
    let (content, diags) = lint(dir.path(), today());
    assert_eq!(content.settings.unwrap().remittance_stale_after_days, 30);
    assert!(diags.is_empty(), "{}", show(&diags));
    std::fs::write(&settings, format!("{text}\n[remittance]\nstale_after_days = 10\n")).unwrap();
    let (content, diags) = lint(dir.path(), today());
    assert_eq!(content.settings.unwrap().remittance_stale_after_days, 10);
    expect(
        &diags,
        "remittance.csv",
        Some(2),
        Warning,
        "stale: collected 17 days ago (safar.toml [remittance] stale_after_days allows 10)",
    );
    assert_eq!(diags.len(), 1, "hotlines keep the general limit:\n{}", show(&diags));
    std::fs::write(&settings, format!("{text}\n[remittance]\nstale_days = 10\n")).unwrap();
    let (_, diags) = lint(dir.path(), today());
    expect(&diags, "safar.toml", Some(12), Error, "unknown key 'stale_days'");

    // The app rounds by the currency's minor unit: an unknown currency is an error.
    std::fs::write(&settings, &text).unwrap();
    let csv = dir.path().join("remittance.csv");
    let quotes = std::fs::read_to_string(&csv).unwrap();
    std::fs::write(&csv, quotes.replace(",TJS,", ",TJX,")).unwrap();
    let (content, diags) = lint(dir.path(), today());
    assert!(content.quotes.is_empty());
    expect(
        &diags,
        "remittance.csv",
        Some(2),
        Error,
        "'TJX' is not a currency code the app knows",
    );
}
