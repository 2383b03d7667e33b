//! The reading experience on a real phone database filled by real signed bundles: search in
//! either script, the language fallback chain, checklist deadlines, the health section,
//! bookmarks and history, and wiping personal data.

use chrono::NaiveDate;
use safar_core::checklist::StepState;
use safar_core::model::{CountryCode, HotlineCategory, LanguageTag, Profile, ServiceCategory, Stage, Topic};
use safar_core::render::{Block, LinkTarget};
use safar_core::search::{SearchHit, SearchKind};
use safar_core::{Error, Safar};
use safar_tests::*;
use std::path::{Path, PathBuf};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        // The content crate's own files are not content.
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

/// A copy of the shipped content to change for one test.
fn content_copy(dir: &Path) -> PathBuf {
    let content = dir.join("content");
    copy_dir(&content_dir(), &content);
    content
}

/// A phone with `content` published (dev keys) and imported, and `profile` set.
fn phone_with(dir: &Path, content: &Path, profile: &Profile) -> Safar {
    let bundle = publish(content, &dev_keys(), &dir.join("repo"));
    let phone = open_phone(&dir.join("phone.db"));
    phone.import_bundle_file(&bundle).expect("import");
    phone.set_profile(profile).unwrap();
    phone
}

fn profile(origin: &str, destination: &str, langs: &[&str], stage: Stage, arrival: Option<&str>) -> Profile {
    Profile {
        origin: CountryCode::parse(origin).unwrap(),
        destination: CountryCode::parse(destination).unwrap(),
        languages: langs.iter().map(|l| LanguageTag::parse(l).unwrap()).collect(),
        stage,
        arrival: arrival.map(date),
    }
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The words a hit marked as matched, from its title and snippet, as shown (original text).
fn matched_words(hit: &SearchHit) -> Vec<String> {
    hit.title_parts
        .iter()
        .chain(&hit.snippet)
        .filter(|p| p.matched)
        .map(|p| p.text.clone())
        .collect()
}

fn hit_for<'a>(hits: &'a [SearchHit], group: &str) -> Option<&'a SearchHit> {
    hits.iter().find(|h| h.group.as_deref() == Some(group))
}

/// An Uzbek Cyrillic translation of the registration article, added to a content copy: the
/// shipped sample content has Uzbek only in Latin script.
fn add_uzbek_cyrillic(content: &Path) {
    std::fs::write(
        content.join("articles/registration-ru/uz-Cyrl.md"),
        "+++\n\
         title = \"Россия: рўйхатдан ўтиш ва патент\"\n\
         summary = \"Рўйхатдан ўтиш ва патент муддатлари келган кундан бошлаб ҳисобланади.\"\n\
         source = \"109-ФЗ-сонли Федерал қонун, 20-модда (текширилмаган)\"\n\
         reviewed_at = 2026-11-01\n\
         +++\n\
         ## Рўйхатдан ўтиш\n\n\
         Қабул қилувчи томон сизни рўйхатга қўяди. Ҳужжатларни топширинг.\n\n\
         Батафсил: [ҳужжатларни асраш](article:document-safety).\n",
    )
    .unwrap();
}

#[test]
fn search_finds_uzbek_in_either_script_and_shows_the_original_words() {
    let dir = tempfile::tempdir().unwrap();
    let content = content_copy(dir.path());
    add_uzbek_cyrillic(&content);
    let phone = phone_with(dir.path(), &content, &profile("UZ", "RU", &["uz"], Stage::Abroad, None));

    // Cyrillic query, Latin content: the reader reads Latin Uzbek, so that translation is shown.
    let results = phone.search("рўйхат", None, 20).unwrap();
    let hit = hit_for(&results.hits, "registration-ru").expect("registration article found");
    assert_eq!(hit.lang, "uz");
    let words = matched_words(hit);
    assert!(!words.is_empty());
    assert!(
        words.iter().all(|w| w.to_lowercase().starts_with("ro‘yxat")),
        "highlights show the Latin original, not the folded form: {words:?}"
    );

    // Latin query (typed with a plain apostrophe), Cyrillic content: a Cyrillic reader gets the
    // Cyrillic translation, so it is that text which matched.
    phone
        .set_profile(&profile("UZ", "RU", &["uz-Cyrl"], Stage::Abroad, None))
        .unwrap();
    let results = phone.search("ro'yxat", None, 20).unwrap();
    let hit = hit_for(&results.hits, "registration-ru").expect("registration article found");
    assert_eq!(hit.lang, "uz-Cyrl");
    assert_eq!(hit.id, "registration-ru.uz-Cyrl");
    let words = matched_words(hit);
    assert!(words.iter().any(|w| w == "рўйхатдан"), "{words:?}");
    assert!(
        words.iter().all(|w| w.to_lowercase().starts_with("рўйхат")),
        "{words:?}"
    );

    // patent / патент, both ways.
    let latin_reader = profile("UZ", "RU", &["uz"], Stage::Abroad, None);
    phone.set_profile(&latin_reader).unwrap();
    let hit = phone.search("патент", None, 20).unwrap().hits;
    let hit = hit_for(&hit, "registration-ru").expect("патент finds the Latin patent");
    assert_eq!(hit.lang, "uz");
    assert!(matched_words(hit)
        .iter()
        .any(|w| w.to_lowercase().starts_with("patent")));
    phone
        .set_profile(&profile("TJ", "RU", &["ru"], Stage::Abroad, None))
        .unwrap();
    let hits = phone.search("patent", Some(SearchKind::Article), 20).unwrap().hits;
    let hit = hit_for(&hits, "registration-ru").expect("patent finds the Cyrillic патент");
    assert_eq!(hit.lang, "ru");
    assert!(matched_words(hit)
        .iter()
        .any(|w| w.to_lowercase().starts_with("патент")));
    // Each article appears once, however many of its translations matched.
    let groups: Vec<&str> = hits.iter().filter_map(|h| h.group.as_deref()).collect();
    let mut unique = groups.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(groups.len(), unique.len(), "{groups:?}");
}

#[test]
fn russian_yo_and_ye_prefixes_and_hostile_queries() {
    let dir = tempfile::tempdir().unwrap();
    let phone = phone_with(
        dir.path(),
        &content_dir(),
        &profile("TJ", "RU", &["ru"], Stage::Abroad, None),
    );
    let ids = |q: &str| -> Vec<String> {
        let r = phone.search(q, Some(SearchKind::Article), 50).unwrap();
        r.hits.into_iter().map(|h| h.id).collect()
    };

    // ё and е: the content writes "туберкулёз"; either spelling finds the same articles.
    let with_yo = ids("туберкулёз ");
    assert!(with_yo.iter().any(|id| id == "tb-symptoms-testing.ru"), "{with_yo:?}");
    assert_eq!(ids("туберкулез "), with_yo);
    assert_eq!(ids("ТУБЕРКУЛЕЗ "), with_yo);
    let hits = phone.search("учет", None, 50).unwrap().hits;
    assert!(
        hits.iter().flat_map(matched_words).any(|w| w.contains('ё')),
        "учет finds учёт, shown as written"
    );

    // A word still being typed matches as a prefix; once complete (a space after it), exactly.
    let typing = ids("регистрац");
    assert!(typing.iter().any(|id| id.starts_with("registration-")), "{typing:?}");
    assert!(ids("регистрац ").is_empty(), "no word is exactly 'регистрац'");
    assert!(!ids("туберк").is_empty());

    // Hostile or empty queries: an empty result, never an error.
    let long_word = "ж".repeat(10 * 1024);
    let long_punct = "\"*()^:-+".repeat(1300);
    let long_words = "patent NEAR( \"x\" * ".repeat(600);
    for q in [
        "\"",
        "*",
        "NEAR(",
        "AND",
        "OR",
        "NOT",
        "AND OR NOT NEAR",
        "\"\"",
        "'",
        "()",
        ")(",
        "^",
        "-",
        "+",
        ":",
        "{}",
        "''''",
        "‘’ʻ",
        "",
        "   ",
        "\t\n",
        "\0",
        "🙂🙂",
        "\u{200f}\u{202e}",
        "\u{301}\u{301}",
        long_punct.as_str(),
    ] {
        let r = phone
            .search(q, None, 10)
            .unwrap_or_else(|e| panic!("query {q:?} failed: {e}"));
        assert!(r.terms.is_empty(), "{q:?} has nothing to search for: {:?}", r.terms);
        assert!(r.hits.is_empty(), "{q:?}");
    }
    for q in [
        "\"patent",
        "patent\"",
        "*patent",
        "patent*",
        "NEAR(patent, registration)",
        "title:patent",
        "patent OR visa",
        "-patent",
        "^patent",
        long_word.as_str(),
        long_words.as_str(),
        "a",
        "1",
    ] {
        phone
            .search(q, None, 10)
            .unwrap_or_else(|e| panic!("query {q:?} failed: {e}"));
    }
    // FTS syntax in a query is taken as words, never obeyed: "patent OR visa" needs both words.
    let both = phone.search("patent OR visa", None, 50).unwrap();
    assert_eq!(both.terms, vec!["patent", "visa"]);
    for bad in [0, 101, u32::MAX] {
        assert!(matches!(phone.search("patent", None, bad), Err(Error::InvalidInput(_))));
    }
}

#[test]
fn updates_reindex_search_in_the_same_transaction_and_bookmarks_survive_withdrawal() {
    let dir = tempfile::tempdir().unwrap();
    let content = content_copy(dir.path());
    let reader = profile("TJ", "RU", &["ru"], Stage::Abroad, None);
    let phone = phone_with(dir.path(), &content, &reader);
    assert!(phone.search("zanzibarcontract ", None, 10).unwrap().hits.is_empty());
    let violence = |phone: &Safar| -> Vec<String> {
        let r = phone.search("насили", Some(SearchKind::Article), 50).unwrap();
        r.hits.into_iter().filter_map(|h| h.group).collect()
    };
    assert!(violence(&phone).iter().any(|g| g == "gbv-help"));
    let saved = phone.add_bookmark("gbv-help.ru").unwrap();
    assert_eq!(saved.group, "gbv-help");
    assert!(saved.article.is_some());

    // Next publication: one title gains a word, one article is withdrawn.
    let md = content.join("articles/rights-at-work/en.md");
    let text = std::fs::read_to_string(&md).unwrap();
    let text = text.replacen("title = \"", "title = \"Zanzibarcontract: ", 1);
    std::fs::write(&md, text).unwrap();
    std::fs::remove_dir_all(content.join("articles/gbv-help")).unwrap();
    // Nothing else links the withdrawn article in the sample content (lint would refuse).
    let bundle = publish(&content, &dev_keys(), &dir.path().join("repo"));
    let report = phone.import_bundle_file(&bundle).unwrap();
    assert!(!report.up_to_date);

    let hits = phone.search("zanzibarcontract ", None, 10).unwrap().hits;
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].id, "rights-at-work.en");
    assert!(hits[0]
        .title_parts
        .iter()
        .any(|p| p.matched && p.text == "Zanzibarcontract"));
    let after = violence(&phone);
    assert!(
        !after.is_empty() && !after.iter().any(|g| g == "gbv-help"),
        "withdrawn articles leave the index"
    );
    // The bookmark is kept and says the article is gone.
    let bookmarks = phone.bookmarks().unwrap();
    assert_eq!(bookmarks.len(), 1);
    assert_eq!(bookmarks[0].group, "gbv-help");
    assert!(bookmarks[0].article.is_none());
    assert!(phone.remove_bookmark("gbv-help").unwrap());

    // An index built by other folding rules (or by an older app) is rebuilt on open, the same.
    let before: Vec<String> = phone
        .search("патент", None, 50)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    drop(phone);
    let conn = rusqlite::Connection::open(dir.path().join("phone.db")).unwrap();
    conn.execute("DELETE FROM search_meta", []).unwrap();
    conn.execute("INSERT INTO search_index (search_index) VALUES ('delete-all')", [])
        .unwrap();
    conn.execute("DELETE FROM search_docs", []).unwrap();
    drop(conn);
    let phone = open_phone(&dir.path().join("phone.db"));
    let after: Vec<String> = phone
        .search("патент", None, 50)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    assert!(!before.is_empty());
    assert_eq!(before, after);
}

#[test]
fn an_article_missing_in_tajik_is_shown_in_russian_and_marked() {
    let dir = tempfile::tempdir().unwrap();
    let content = content_copy(dir.path());
    std::fs::remove_file(content.join("articles/tb-treatment-across-borders/tg.md")).unwrap();
    let phone = phone_with(dir.path(), &content, &profile("TJ", "RU", &["tg"], Stage::Abroad, None));

    let list = phone.guide(Some(Topic::TbHiv)).unwrap();
    let missing = list
        .iter()
        .find(|a| a.group == "tb-treatment-across-borders")
        .expect("listed");
    assert_eq!(missing.lang, "ru", "tg → ru → en: Russian comes next");
    assert!(missing.is_fallback);
    assert!(!missing.languages.contains(&"tg".to_string()));
    assert!(missing.languages.contains(&"ru".to_string()));
    let present = list.iter().find(|a| a.group == "tb-symptoms-testing").expect("listed");
    assert_eq!(present.lang, "tg");
    assert!(!present.is_fallback);

    let view = phone.read("tb-treatment-across-borders").unwrap();
    assert_eq!(view.summary.lang, "ru");
    assert!(view.summary.is_fallback);
    assert!(!view.blocks.is_empty());

    // Links between articles resolve to the translation the reader will get.
    let view = phone.read("hiv-testing-rights").unwrap();
    assert_eq!(view.summary.lang, "tg");
    let in_body = view.blocks.iter().any(|b| match b {
        Block::Paragraph { spans } | Block::ListItem { spans, .. } => spans.iter().any(|s| {
            s.link
                == Some(LinkTarget::Article {
                    group: "tb-treatment-across-borders".into(),
                })
        }),
        _ => false,
    });
    assert!(in_body, "the body links the article");
    let link = view
        .linked_articles
        .iter()
        .find(|l| l.group == "tb-treatment-across-borders")
        .expect("resolved");
    assert_eq!(link.id.as_deref(), Some("tb-treatment-across-borders.ru"));

    // A language with no content at all still never shows a blank: Russian for everything.
    phone
        .set_profile(&profile("TJ", "RU", &["kk"], Stage::Abroad, None))
        .unwrap();
    let all = phone.guide(None).unwrap();
    assert!(!all.is_empty());
    assert!(all
        .iter()
        .all(|a| a.lang == "ru" && a.is_fallback && !a.title.is_empty()));
}

/// A checklist of test rules replaces the sample one: RU deadlines of 3, 15, 16 and 30 days, an
/// undated step, and steps for another destination and another origin.
fn test_checklist(content: &Path) {
    let dir = content.join("checklist");
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::create_dir_all(&dir).unwrap();
    let item = |id: &str, phase: &str, dest: &str, origins: &str, due: Option<u32>, order: u32| {
        let due = due.map_or(String::new(), |d| {
            format!("due = {{ after = \"arrival\", days = {d} }}\n")
        });
        let dest = if dest.is_empty() {
            String::new()
        } else {
            format!("destinations = [\"{dest}\"]\n")
        };
        let origins = if origins.is_empty() {
            String::new()
        } else {
            format!("origins = [\"{origins}\"]\n")
        };
        format!(
            "[[item]]\nid = \"{id}\"\nphase = \"{phase}\"\n{dest}{origins}{due}order = {order}\n\
             source = \"Test rule {id}\"\nverified_at = 2026-11-01\nstatus = \"sample\"\n\
             [item.title]\nen = \"Step {id}\"\nru = \"Шаг {id}\"\n\n"
        )
    };
    let mut toml = String::new();
    toml += &item("t-before", "before_departure", "RU", "", None, 10);
    toml += &item("t-3", "on_arrival", "RU", "", Some(3), 10);
    toml += &item("t-15", "on_arrival", "RU", "TJ", Some(15), 20);
    toml += &item("t-16", "on_arrival", "RU", "", Some(16), 30);
    toml += &item("t-30", "on_arrival", "RU", "", Some(30), 40);
    toml += &item("t-kz", "on_arrival", "KZ", "", Some(5), 10);
    toml += &item("t-uz-only", "on_arrival", "RU", "UZ", Some(7), 50);
    toml += &item("t-home", "on_return", "", "TJ", None, 10);
    std::fs::write(dir.join("test.toml"), toml).unwrap();
}

#[test]
fn checklist_due_dates_and_overdue_for_a_given_day() {
    let dir = tempfile::tempdir().unwrap();
    let content = content_copy(dir.path());
    test_checklist(&content);
    let phone = phone_with(
        dir.path(),
        &content,
        &profile("TJ", "RU", &["tg"], Stage::Abroad, Some("2026-03-10")),
    );
    let today = date("2026-03-26");
    let list = phone.checklist(Some(today)).unwrap();
    let ids: Vec<&str> = list.steps.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        ["t-before", "t-3", "t-15", "t-16", "t-30", "t-home"],
        "phase, then order"
    );
    let due = |id: &str| list.steps.iter().find(|s| s.id == id).unwrap().due_date;
    assert_eq!(due("t-3"), Some(date("2026-03-13")));
    assert_eq!(due("t-15"), Some(date("2026-03-25")));
    assert_eq!(due("t-16"), Some(date("2026-03-26")));
    assert_eq!(due("t-30"), Some(date("2026-04-09")));
    assert_eq!(due("t-before"), None);
    let overdue: Vec<(&str, Option<i64>)> = list.overdue.iter().map(|s| (s.id.as_str(), s.days_left)).collect();
    assert_eq!(overdue, [("t-3", Some(-13)), ("t-15", Some(-1))]);
    let upcoming: Vec<(&str, Option<i64>)> = list.upcoming.iter().map(|s| (s.id.as_str(), s.days_left)).collect();
    assert_eq!(
        upcoming,
        [("t-16", Some(0)), ("t-30", Some(14))],
        "due today is not overdue"
    );
    // Titles fall back along the chain (the rules have en and ru only; the reader reads tg).
    assert!(list.steps.iter().all(|s| s.lang == "ru" && s.is_fallback));
    assert!(list.steps.iter().all(|s| s.source.starts_with("Test rule")));

    // Progress is the user's: marking done moves a step out of the overdue set.
    phone.set_checklist_done("t-3", true, Some(today)).unwrap();
    let list = phone.checklist(Some(today)).unwrap();
    let overdue: Vec<&str> = list.overdue.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(overdue, ["t-15"]);
    let done = list.steps.iter().find(|s| s.id == "t-3").unwrap();
    assert_eq!(done.state, StepState::Done);
    assert_eq!(done.done_on, Some(today));
    assert_eq!((list.done, list.total), (1, 6));
    // The same profile judged on another day.
    let later = phone.checklist(Some(date("2026-04-10"))).unwrap();
    let overdue: Vec<&str> = later.overdue.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(overdue, ["t-15", "t-16", "t-30"]);
    assert!(later.upcoming.is_empty());
    phone.set_checklist_done("t-3", false, None).unwrap();
    assert_eq!(phone.checklist(Some(today)).unwrap().overdue.len(), 2);

    assert!(matches!(
        phone.set_checklist_done("no-such-step", true, None),
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        phone.set_checklist_done("  ", true, None),
        Err(Error::InvalidInput(_))
    ));

    // No arrival date: deadlines cannot be counted, and nothing is called overdue.
    phone
        .set_profile(&profile("TJ", "RU", &["tg"], Stage::Planning, None))
        .unwrap();
    let list = phone.checklist(Some(today)).unwrap();
    assert!(list.needs_arrival_date);
    assert!(list.overdue.is_empty() && list.upcoming.is_empty());
    assert_eq!(
        list.steps.iter().find(|s| s.id == "t-3").unwrap().state,
        StepState::NeedsArrivalDate
    );
    // After return, deadlines abroad no longer apply.
    phone
        .set_profile(&profile("TJ", "RU", &["tg"], Stage::Returned, Some("2026-03-10")))
        .unwrap();
    let list = phone.checklist(Some(today)).unwrap();
    assert!(list.overdue.is_empty() && list.upcoming.is_empty() && !list.needs_arrival_date);
}

#[test]
fn health_section_joins_articles_with_contacts_at_home_and_abroad() {
    let dir = tempfile::tempdir().unwrap();
    let phone = phone_with(
        dir.path(),
        &content_dir(),
        &profile("TJ", "RU", &["tg"], Stage::Abroad, None),
    );
    // What the section should hold, from the content source itself.
    let (source, _) = safar_publish::source::load(&content_dir());
    let countries = ["RU", "TJ"];
    let mut want_hotlines: Vec<&str> = source
        .hotlines
        .iter()
        .filter(|h| countries.contains(&h.country.as_str()) && h.categories.contains(&HotlineCategory::Health))
        .map(|h| h.id.as_str())
        .collect();
    let mut want_services: Vec<&str> = source
        .services
        .iter()
        .filter(|s| {
            countries.contains(&s.country.as_str())
                && s.categories
                    .iter()
                    .any(|c| matches!(c, ServiceCategory::Health | ServiceCategory::TbHivCare))
        })
        .map(|s| s.id.as_str())
        .collect();
    assert!(
        !want_hotlines.is_empty() && !want_services.is_empty(),
        "sample content has both"
    );

    let section = phone.health().unwrap();
    assert!(!section.articles.is_empty());
    assert!(section
        .articles
        .iter()
        .all(|a| matches!(a.topic, Topic::TbHiv | Topic::Health)));
    assert!(section
        .articles
        .iter()
        .any(|a| a.group == "tb-treatment-across-borders"));
    let mut got: Vec<&str> = section.hotlines.iter().map(|h| h.id.as_str()).collect();
    got.sort();
    want_hotlines.sort();
    assert_eq!(got, want_hotlines);
    let mut got: Vec<&str> = section.services.iter().map(|s| s.id.as_str()).collect();
    got.sort();
    want_services.sort();
    assert_eq!(got, want_services);
    // Abroad: where the user works comes first; every contact says where it comes from.
    assert_eq!(section.hotlines[0].country, "RU");
    assert_eq!(section.services[0].country, "RU");
    assert!(section
        .hotlines
        .iter()
        .all(|h| !h.source.is_empty() && !h.numbers.is_empty()));
    assert!(section.services.iter().all(|s| !s.source.is_empty()));
    assert!(section.hotlines.iter().all(|h| h
        .numbers
        .iter()
        .all(|n| n.tel.as_deref().is_some_and(|t| t.starts_with("tel:")))));

    // Back home: home comes first.
    phone
        .set_profile(&profile("TJ", "RU", &["tg"], Stage::Returned, None))
        .unwrap();
    let section = phone.health().unwrap();
    assert_eq!(section.hotlines[0].country, "TJ");
    assert_eq!(section.services[0].country, "TJ");
    let home = phone.home().unwrap();
    assert_eq!(home.health, section.entry());
}

#[test]
fn bookmarks_and_recently_read() {
    let dir = tempfile::tempdir().unwrap();
    let phone = phone_with(
        dir.path(),
        &content_dir(),
        &profile("TJ", "RU", &["tg"], Stage::Abroad, None),
    );
    let saved = phone.add_bookmark("registration-ru.tg").unwrap();
    assert_eq!(saved.group, "registration-ru");
    assert_eq!(saved.article.as_ref().unwrap().lang, "tg");
    let again = phone.add_bookmark("registration-ru").unwrap();
    assert_eq!(again.at, saved.at, "bookmarking twice keeps one bookmark");
    phone.add_bookmark("tb-symptoms-testing").unwrap();
    let groups: Vec<String> = phone.bookmarks().unwrap().into_iter().map(|b| b.group).collect();
    assert_eq!(groups.len(), 2);
    assert!(matches!(phone.add_bookmark("no-such"), Err(Error::NotFound(_))));
    assert!(matches!(phone.add_bookmark(""), Err(Error::InvalidInput(_))));
    assert!(phone.remove_bookmark("tb-symptoms-testing").unwrap());
    assert!(!phone.remove_bookmark("tb-symptoms-testing").unwrap());

    for id in ["gbv-help", "document-safety.ru", "gbv-help"] {
        phone.read(id).unwrap();
    }
    let recent = phone.recently_read(10).unwrap();
    let groups: Vec<&str> = recent.iter().map(|r| r.group.as_str()).collect();
    assert_eq!(groups, ["gbv-help", "document-safety"], "newest first, once each");
    assert_eq!(phone.recently_read(1).unwrap().len(), 1);
}

/// Raw bytes of the database and its write-ahead log.
fn file_bytes(db: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(db).unwrap();
    if let Ok(wal) = std::fs::read(db.with_extension("db-wal")) {
        bytes.extend(wal);
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// Every content table (and the search index's record map), as text.
fn content_snapshot(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut out = String::new();
    for table in [
        "sync_state",
        "metadata_files",
        "collections",
        "articles",
        "hotlines",
        "services",
        "remittance_quotes",
        "checklist_items",
        "search_docs",
        "search_meta",
    ] {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2")).unwrap();
        let cols = stmt.column_count();
        let rows: Vec<String> = stmt
            .query_map([], |r| {
                (0..cols)
                    .map(|i| r.get::<_, rusqlite::types::Value>(i).map(|v| format!("{v:?}")))
                    .collect::<Result<Vec<_>, _>>()
                    .map(|v| v.join("|"))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        out.push_str(&format!("## {table} ({} rows)\n{}\n", rows.len(), rows.join("\n")));
    }
    out
}

fn count(db: &Path, table: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn wipe_removes_personal_data_keeps_content_and_search() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("phone.db");
    let phone = phone_with(
        dir.path(),
        &content_dir(),
        &profile("TJ", "RU", &["tg"], Stage::Abroad, Some("2026-03-10")),
    );
    phone.add_bookmark("registration-ru").unwrap();
    phone.read("tb-symptoms-testing").unwrap();
    phone.read("registration-ru").unwrap();
    let step = phone.checklist(None).unwrap().steps[0].id.clone();
    phone.set_checklist_done(&step, true, None).unwrap();
    phone.set_home_region(Some("Khatlon")).unwrap();
    // An unsent report with a note only the user wrote.
    const NOTE: &str = "private-note-7f3a9c: the number did not answer";
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "INSERT INTO outbox (kind, target, problem, note, created_at) VALUES ('hotline', 'ru-emergency', 'no_answer', ?1, '2026-03-11')",
            [NOTE],
        )
        .unwrap();
    assert!(contains(&file_bytes(&db), NOTE), "the note is on disk before the wipe");
    let content_before = content_snapshot(&db);
    let search_before = phone.search("патент", None, 20).unwrap();

    let report = phone.wipe_personal_data().unwrap();
    assert_eq!(
        (
            report.profile,
            report.bookmarks,
            report.reading_history,
            report.checklist_progress,
            report.outbox,
            report.home_region
        ),
        (1, 1, 2, 1, 1, 1)
    );
    for table in [
        "profile",
        "bookmarks",
        "reading_history",
        "checklist_progress",
        "outbox",
        "home_place",
    ] {
        assert_eq!(count(&db, table), 0, "{table} is empty after the wipe");
    }
    assert!(!phone.profile_is_set().unwrap());
    assert_eq!(content_snapshot(&db), content_before, "content is untouched");
    assert!(
        !contains(&file_bytes(&db), NOTE),
        "deleted data does not linger in the file"
    );
    // The default profile reads Russian; search still works and finds the same articles.
    let search_after = phone.search("патент", None, 20).unwrap();
    assert!(!search_after.hits.is_empty());
    let groups = |r: &safar_core::search::SearchResults| {
        let mut g: Vec<String> = r.hits.iter().map(|h| h.group.clone().unwrap_or(h.id.clone())).collect();
        g.sort();
        g
    };
    assert_eq!(groups(&search_after), groups(&search_before));
    assert!(phone.bookmarks().unwrap().is_empty());
    assert!(phone.recently_read(10).unwrap().is_empty());
    // Wiping again is harmless.
    assert_eq!(phone.wipe_personal_data().unwrap(), Default::default());
}
