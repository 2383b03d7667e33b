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
    assert_eq!(
        line.numbers[0].display, "+7 800 000-00-01",
        "stored E.164, shown grouped with the country code (the national 8 (800) form fails abroad)"
    );
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

    // Root causes first (safar.toml, the CSV lists, the checklist, then the articles that link
    // to them), then by file and line.
    let rank = |f: &Path| match f.to_string_lossy() {
        n if n == "safar.toml" => 0,
        n if n.ends_with(".csv") => 1,
        n if n.starts_with("checklist") => 2,
        _ => 3,
    };
    let keys: Vec<_> = diags.iter().map(|d| (rank(&d.file), d.file.clone(), d.line)).collect();
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

/// How a fixture case changes one file of the good fixture.
enum Edit {
    /// Replace the first occurrence of the text (which must be there).
    Replace(&'static str, &'static str),
    /// Add lines at the end (the file ends with a newline).
    Append(&'static str),
    /// Save the file as Windows-1251, as Excel on a Russian Windows does.
    Cp1251,
    /// Save the file as UTF-16 with a byte-order mark, as "Unicode text" exports do.
    Utf16,
}

/// One mistake that would mislead a migrant, and the diagnostic it must produce.
struct Case {
    name: &'static str,
    file: &'static str,
    edit: Edit,
    /// Where the diagnostic goes (file, line), how bad, and what it says.
    at: (&'static str, usize),
    severity: Severity,
    message: &'static str,
}

const EN: &str = "articles/registration-ru/en.md";
/// A line appended to en.md lands here (the body ends on line 9; `Append` adds a blank line).
const APPENDED: usize = 11;

#[rustfmt::skip]
const CASES: &[Case] = &[
    // Phone numbers: parsed and validated per country (libphonenumber metadata).
    Case { name: "unknown country code", file: "hotlines.csv", edit: Edit::Replace("+7 800 000 00 01 free", "+999 800 000 001 free"),
        at: ("hotlines.csv", 2), severity: Error, message: "invalid phone number '+999 800 000 001': no country uses this country code" },
    Case { name: "+922 (Pakistan) on a Russian line", file: "hotlines.csv", edit: Edit::Replace("+7 800 000 00 01 free", "+922 123 456 789 free"),
        at: ("hotlines.csv", 2), severity: Error, message: "phone number '+922 123 456 789' is a PK number but the entry is in RU" },
    Case { name: "+7 number on a Tajik line", file: "hotlines.csv", edit: Edit::Replace("ru-line,RU,", "ru-line,TJ,"),
        at: ("hotlines.csv", 2), severity: Error, message: "is a RU number but the entry is in TJ: fix the number, or set column 'international' to true" },
    Case { name: "number invalid in its country", file: "hotlines.csv", edit: Edit::Replace("+7 495 000 00 02 paid", "+7 100 000 00 02 paid"),
        at: ("hotlines.csv", 2), severity: Error, message: "invalid phone number '+7 100 000 00 02': not a valid" },
    Case { name: "short number that is not an emergency number", file: "hotlines.csv", edit: Edit::Replace("112 free", "104 free"),
        at: ("hotlines.csv", 3), severity: Error, message: "'104' is not an emergency number in RU (112, 01, 02, 03, 101, 102, 103, from libphonenumber short-number metadata)" },
    Case { name: "Russian domestic 8 800 form", file: "hotlines.csv", edit: Edit::Replace("+7 800 000 00 01 free", "8 800 000 00 01 free"),
        at: ("hotlines.csv", 2), severity: Error, message: "write it in international form with '+' and the country code" },
    Case { name: "WhatsApp number that is no number", file: "hotlines.csv", edit: Edit::Replace("telegram:@safar_fixture", "whatsapp:+9991234567"),
        at: ("hotlines.csv", 2), severity: Error, message: "column 'messengers': messenger 'whatsapp:+9991234567': invalid phone number '+9991234567': no country uses this country code" },
    Case { name: "service phone of another country", file: "services.csv", edit: Edit::Replace("+7 800 000 00 21", "+992 00 000 0021"),
        at: ("services.csv", 2), severity: Error, message: "is a TJ number but the entry is in RU" },
    // Places: inside the entry's country.
    Case { name: "swapped coordinates", file: "services.csv", edit: Edit::Replace("55.76,37.60", "37.60,55.76"),
        at: ("services.csv", 2), severity: Error, message: "columns 'lat', 'lon' are swapped: 37.6,55.76 is outside RU, but 55.76,37.6 is inside" },
    Case { name: "Moscow coordinates on a Tajik service", file: "services.csv", edit: Edit::Replace("ru-legal,RU,", "ru-legal,TJ,"),
        at: ("services.csv", 2), severity: Error, message: "columns 'lat', 'lon': 55.76,37.6 is not in TJ (it is in RU)" },
    Case { name: "null island", file: "services.csv", edit: Edit::Replace("55.76,37.60", "0,0"),
        at: ("services.csv", 2), severity: Error, message: "0,0 is next to 0,0 (\"null island\")" },
    Case { name: "region not in the declared list", file: "safar.toml", edit: Edit::Append("[regions]\nRU = [\"Moscow Oblast\", \"Saint Petersburg\"]"),
        at: ("services.csv", 2), severity: Error, message: "column 'region': 'Moscow' is not a region of RU (safar.toml [regions] lists Moscow Oblast, Saint Petersburg)" },
    // Quotes.
    Case { name: "offered rate above mid-market", file: "remittance.csv", edit: Edit::Replace("0.11741,0.1180", "0.1190,0.1180"),
        at: ("remittance.csv", 2), severity: Error, message: "column 'rate': 0.1190 is above the mid-market reference_rate 0.1180 (FX margin -0.84 %)" },
    Case { name: "inverted rate", file: "remittance.csv", edit: Edit::Replace("0.11741,0.1180", "8.47,0.1180"),
        at: ("remittance.csv", 2), severity: Error, message: "column 'rate': 8.47 looks inverted (it is RUB per 1 TJS" },
    Case { name: "150 % fee", file: "remittance.csv", edit: Edit::Replace("5000: 150 | 20000: 1.2% | 0.9%", "150%"),
        at: ("remittance.csv", 2), severity: Warning, message: "column 'fee': 150 % is above 10 % of the amount" },
    Case { name: "receive currency of another country", file: "remittance.csv", edit: Edit::Replace("TJ,TJS", "TJ,KZT"),
        at: ("remittance.csv", 2), severity: Error, message: "column 'receive_currency': KZT is not a currency of TJ (expected TJS, USD or EUR)" },
    Case { name: "reference rate older than the quote", file: "remittance.csv", edit: Edit::Replace("2026-11-03T09:00:00Z", "2026-10-01T09:00:00Z"),
        at: ("remittance.csv", 2), severity: Error, message: "reference_at 2026-10-01T09:00:00Z is older than collected_at 2026-11-03" },
    // Markdown the phones render.
    Case { name: "script", file: EN, edit: Edit::Append("<script>alert(1)</script> Keep your passport."),
        at: (EN, APPENDED), severity: Error, message: "raw HTML <script>: phones do not show HTML" },
    Case { name: "img onerror", file: EN, edit: Edit::Append("Look <img src=x onerror=alert(1)> here."),
        at: (EN, APPENDED), severity: Error, message: "raw HTML <img>" },
    Case { name: "table", file: EN, edit: Edit::Append("| Fee | Days |\n|---|---|\n| 1 | 2 |"),
        at: (EN, APPENDED), severity: Error, message: "a table: phones do not show tables" },
    Case { name: "unknown callout", file: EN, edit: Edit::Append("> [!DANGER]\n> Do not sign."),
        at: (EN, APPENDED), severity: Error, message: "unknown callout [!DANGER]" },
    Case { name: "image without attachment", file: EN, edit: Edit::Append("![map](map.png)"),
        at: (EN, APPENDED), severity: Error, message: "image 'map.png' is not a signed attachment" },
    Case { name: "http link", file: EN, edit: Edit::Append("See [the office](http://example.org/office)."),
        at: (EN, APPENDED), severity: Error, message: "link 'http://example.org/office' uses http://" },
    // Diagnosis.
    Case { name: "hours token", file: "hotlines.csv", edit: Edit::Replace("Sa 10:00-14:00", "Sx 10:00-14:00"),
        at: ("hotlines.csv", 2), severity: Error, message: "column 'hours': 'Sx' in 'Sx 10:00-14:00' is not a day; write 24/7, or rules separated by ';'" },
    Case { name: "links to a refused hotline fold into one", file: "hotlines.csv", edit: Edit::Replace("Sa 10:00-14:00", "Sx 10:00-14:00"),
        at: (EN, 9), severity: Error, message: "4 links to hotline 'ru-line' fail because hotline 'ru-line' is invalid (hotlines.csv:2: column 'hours': 'Sx'" },
    Case { name: "CP1251 CSV", file: "hotlines.csv", edit: Edit::Cp1251,
        at: ("hotlines.csv", 2), severity: Error, message: "the file is not UTF-8: it looks like Windows-1251 (Cyrillic). Save it as UTF-8" },
    Case { name: "links into an unreadable CSV fold into one", file: "hotlines.csv", edit: Edit::Cp1251,
        at: (EN, 9), severity: Error, message: "4 links to it fail because hotlines.csv could not be read (hotlines.csv:2: the file is not UTF-8" },
    Case { name: "UTF-16 CSV", file: "services.csv", edit: Edit::Utf16,
        at: ("services.csv", 1), severity: Error, message: "it looks like UTF-16 (little-endian)" },
    Case { name: "CP1251 Markdown", file: "articles/registration-ru/ru.md", edit: Edit::Cp1251,
        at: ("articles/registration-ru/ru.md", 2), severity: Error, message: "it looks like Windows-1251 (Cyrillic)" },
];

/// Windows-1251 bytes of `text` (Cyrillic letters and Ё/ё; anything else outside ASCII as '?').
fn to_cp1251(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c as u32 {
            0..=0x7F => c as u8,
            0x0410..=0x044F => (c as u32 - 0x0410 + 0xC0) as u8,
            0x0401 => 0xA8,
            0x0451 => 0xB8,
            _ => b'?',
        })
        .collect()
}

/// A copy of the good fixture with `case`'s edit applied.
fn fixture_with(case: &Case) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    safar_tests_copy(&fixture("good"), dir.path());
    let path = dir.path().join(case.file);
    let text = std::fs::read_to_string(&path).unwrap();
    let bytes = match case.edit {
        Edit::Replace(from, to) => {
            assert!(text.contains(from), "{}: '{from}' is not in {}", case.name, case.file);
            text.replacen(from, to, 1).into_bytes()
        }
        Edit::Append(lines) => format!("{text}\n{lines}\n").into_bytes(),
        Edit::Cp1251 => to_cp1251(&text),
        Edit::Utf16 => [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
    };
    std::fs::write(&path, bytes).unwrap();
    dir
}

fn safar_tests_copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            safar_tests_copy(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// Every case in [`CASES`]: all failures are listed together, so a run shows which checks are
/// missing rather than stopping at the first.
#[test]
fn fixture_table_each_mistake_is_reported_at_its_file_and_line() {
    let mut failures = Vec::new();
    for case in CASES {
        let dir = fixture_with(case);
        let (_, diags) = lint(dir.path(), today());
        let (file, line) = case.at;
        let found = diags.iter().any(|d| {
            d.file == Path::new(file)
                && d.line == Some(line)
                && d.severity == case.severity
                && d.message.contains(case.message)
        });
        if !found {
            failures.push(format!(
                "{}: expected {file}:{line} {:?} mentioning {:?}; got:\n{}",
                case.name,
                case.severity,
                case.message,
                show(&diags)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn folded_links_replace_the_per_link_errors_and_root_causes_come_first() {
    let case = CASES
        .iter()
        .find(|c| c.name == "links to a refused hotline fold into one")
        .unwrap();
    let (_, diags) = lint(fixture_with(case).path(), today());
    assert!(
        !diags.iter().any(|d| d.message.contains("there is no hotline")),
        "per-link errors left:\n{}",
        show(&diags)
    );
    assert_eq!(
        diags[0].file,
        Path::new("hotlines.csv"),
        "the cause first:\n{}",
        show(&diags)
    );
    let errors = diags.iter().filter(|d| d.severity == Error).count();
    assert_eq!(errors, 2, "the hours error and one folded line:\n{}", show(&diags));
}

#[test]
fn http_links_to_allowed_hosts_and_international_numbers_pass() {
    let case = Case {
        name: "allowed http",
        file: "safar.toml",
        edit: Edit::Append("[links]\nhttp_allowed = [\"example.org\"]"),
        at: ("", 0),
        severity: Error,
        message: "",
    };
    let dir = fixture_with(&case);
    let md = dir.path().join(EN);
    let text = std::fs::read_to_string(&md).unwrap();
    std::fs::write(&md, format!("{text}\nSee [the office](http://example.org/office).\n")).unwrap();
    let csv = dir.path().join("hotlines.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    let text = text
        .replacen("verified_at,status\n", "verified_at,status,international\n", 1)
        .replacen("ru-line,RU,", "ru-line,TJ,", 1)
        .replace(",sample\n", ",sample,true\n")
        .replace(",unverified\n", ",unverified,false\n");
    std::fs::write(&csv, text).unwrap();
    let (content, diags) = lint(dir.path(), today());
    assert!(diags.is_empty(), "{}", show(&diags));
    assert_eq!(
        content.hotlines[0].numbers[0].display, "+7 800 000-00-01",
        "a RU number on a TJ line"
    );
}
