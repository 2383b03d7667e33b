//! The hotline and service directories on the shipped sample content, through the `Safar`
//! handle: open-now in the line's own time zone seen from another, holidays, overnight lines,
//! trust signals, filters, distance search, and the returnee's home screen.

use chrono::{DateTime, Utc};
use safar_core::hotlines::{HotlineFilter, HotlineView};
use safar_core::model::{CountryCode, GeoPoint, LanguageTag, Profile, Stage, Verification};
use safar_core::opening::OpenState;
use safar_core::returnee::Scope;
use safar_core::services::ServiceFilter;
use safar_core::{AppConfig, Safar};

fn phone(dir: &tempfile::TempDir, origin: &str, destination: &str, stage: Stage, langs: &[&str]) -> Safar {
    let config = AppConfig {
        default_bundle: Some(safar_content::DEFAULT_BUNDLE),
        ..safar_tests::config_without_default()
    };
    let safar = Safar::open(dir.path().join("phone.db"), config).expect("open");
    safar
        .set_profile(&Profile {
            origin: CountryCode::parse(origin).unwrap(),
            destination: CountryCode::parse(destination).unwrap(),
            languages: langs.iter().map(|l| LanguageTag::parse(l).unwrap()).collect(),
            stage,
            arrival: None,
        })
        .unwrap();
    safar
}

fn at(s: &str) -> Option<DateTime<Utc>> {
    Some(DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc))
}

fn find<'a>(lines: &'a [HotlineView], id: &str) -> &'a HotlineView {
    lines
        .iter()
        .find(|h| h.id == id)
        .unwrap_or_else(|| panic!("{id} listed"))
}

#[test]
fn a_user_in_moscow_sees_when_a_dushanbe_line_opens_in_both_times() {
    let dir = tempfile::tempdir().unwrap();
    let safar = phone(&dir, "TJ", "RU", Stage::Abroad, &["tg", "ru"]);
    // Friday 16:00 in Moscow is 18:00 in Dushanbe.
    let filter = HotlineFilter {
        country: Some("TJ".into()),
        at: at("2027-03-05T16:00:00+03:00"),
        your_timezone: Some("Europe/Moscow".into()),
        ..HotlineFilter::default()
    };
    let lines = safar.hotlines(&filter).unwrap();
    let migrant = find(&lines, "tj-sample-migrant-line"); // Mo-Fr 08:00-17:00 Asia/Dushanbe
    assert_eq!(migrant.open.state, OpenState::Closed);
    assert_eq!(migrant.open.timezone, "Asia/Dushanbe");
    let next = migrant.open.next_open.as_ref().unwrap();
    assert_eq!(next.local.to_rfc3339(), "2027-03-08T08:00:00+05:00");
    assert_eq!(next.yours.unwrap().to_rfc3339(), "2027-03-08T06:00:00+03:00");
    let gbv = find(&lines, "tj-sample-gbv-line"); // Mo-Su 08:00-22:00
    assert_eq!(gbv.open.state, OpenState::Open);
    assert_eq!(
        gbv.open.closes_at.as_ref().unwrap().yours.unwrap().to_rfc3339(),
        "2027-03-05T20:00:00+03:00"
    );
    // Open lines come first.
    let first_closed = lines.iter().position(|h| h.open.state != OpenState::Open).unwrap();
    assert!(lines[first_closed..].iter().all(|h| h.open.state != OpenState::Open));

    let open_now = safar
        .hotlines(&HotlineFilter {
            open_now: true,
            ..filter
        })
        .unwrap();
    let ids: Vec<&str> = open_now.iter().map(|h| h.id.as_str()).collect();
    assert!(ids.contains(&"tj-sample-gbv-line"), "{ids:?}");
    assert!(!ids.contains(&"tj-sample-migrant-line"), "{ids:?}");
    assert!(open_now.iter().all(|h| h.open.state == OpenState::Open));
}

#[test]
fn holidays_close_a_line_and_night_lines_run_past_midnight() {
    let dir = tempfile::tempdir().unwrap();
    let safar = phone(&dir, "TJ", "RU", Stage::Abroad, &["ru"]);
    let ru = |when: &str| {
        safar
            .hotlines(&HotlineFilter {
                country: Some("RU".into()),
                at: at(when),
                ..HotlineFilter::default()
            })
            .unwrap()
    };
    // ru-sample-migrant-line is closed on 2027-01-07 (a Thursday); it reopens Friday 09:00.
    let lines = ru("2027-01-07T12:00:00+03:00");
    let migrant = find(&lines, "ru-sample-migrant-line");
    assert_eq!(migrant.open.state, OpenState::Closed);
    assert!(migrant.open.holiday_today);
    assert_eq!(
        migrant.open.next_open.as_ref().unwrap().local.to_rfc3339(),
        "2027-01-08T09:00:00+03:00"
    );
    assert!(!migrant
        .closed_on
        .iter()
        .any(|d| *d < "2027-01-07".parse::<chrono::NaiveDate>().unwrap()));
    // The same hour a week later: open.
    let lines = ru("2027-01-14T12:00:00+03:00");
    assert_eq!(find(&lines, "ru-sample-migrant-line").open.state, OpenState::Open);
    // ru-sample-health-line, Mo-Su 20:00-08:00: open at 02:00, closing at 08:00 the same morning.
    let lines = ru("2027-03-05T02:00:00+03:00");
    let night = find(&lines, "ru-sample-health-line");
    assert_eq!(night.open.state, OpenState::Open);
    assert_eq!(
        night.open.closes_at.as_ref().unwrap().local.to_rfc3339(),
        "2027-03-05T08:00:00+03:00"
    );
    // 24/7 lines have no closing time to show.
    let emergency = find(&lines, "ru-emergency");
    assert!(emergency.open.always_open && emergency.open.closes_at.is_none());
}

#[test]
fn every_entry_carries_its_source_date_status_and_staleness() {
    let dir = tempfile::tempdir().unwrap();
    let safar = phone(&dir, "TJ", "RU", Stage::Abroad, &["tg"]);
    // The sample content is dated 2026-11-01; the repository flags entries after 180 days.
    let fresh = safar
        .hotlines(&HotlineFilter {
            at: at("2026-12-01T12:00:00Z"),
            ..HotlineFilter::default()
        })
        .unwrap();
    assert!(fresh.len() >= 8);
    for h in &fresh {
        assert!(!h.trust.source.is_empty());
        assert_ne!(
            h.trust.status,
            Verification::Verified,
            "sample content is never verified"
        );
        assert_eq!(h.trust.age_days, 30);
        assert!(!h.trust.stale);
        assert!(h.numbers.iter().all(|n| n.tel_uri == Some(format!("tel:{}", n.number))));
    }
    let stale = safar
        .hotlines(&HotlineFilter {
            at: at("2027-06-01T12:00:00Z"),
            ..HotlineFilter::default()
        })
        .unwrap();
    assert!(stale.iter().all(|h| h.trust.stale && h.trust.age_days == 212));
    // Names in the user's language; lines that speak it are marked.
    let migrant = find(&fresh, "ru-sample-migrant-line");
    assert_eq!(migrant.name_lang, "tg");
    assert!(migrant.speaks_your_language);
    assert_eq!(
        migrant.messengers[0].uri.as_deref(),
        Some("https://t.me/safar_sample_ru_line")
    );
    // Abroad: the destination's lines first, then home's.
    let countries: Vec<&str> = fresh.iter().map(|h| h.country.as_str()).collect();
    let first_tj = countries.iter().position(|c| *c == "TJ").unwrap();
    assert!(countries[..first_tj].iter().all(|c| *c == "RU"), "{countries:?}");
    assert!(countries[first_tj..].iter().all(|c| *c == "TJ"), "{countries:?}");

    let services = safar
        .services(&ServiceFilter {
            country: Some("TJ".into()),
            at: at("2027-06-01T12:00:00Z"),
            ..ServiceFilter::default()
        })
        .unwrap();
    assert!(!services.is_empty());
    assert!(services
        .iter()
        .all(|s| s.trust.stale && s.trust.status == Verification::Sample && !s.trust.source.is_empty()));
}

#[test]
fn services_filter_by_place_category_cost_language_and_distance() {
    let dir = tempfile::tempdir().unwrap();
    let safar = phone(&dir, "TJ", "RU", Stage::Returned, &["tg"]);
    let ids = |f: ServiceFilter| -> Vec<String> { safar.services(&f).unwrap().into_iter().map(|s| s.id).collect() };
    // Returned: the default country is home.
    assert!(ids(ServiceFilter::default()).iter().all(|id| id.starts_with("tj-")));
    assert_eq!(
        ids(ServiceFilter {
            region: Some("SUGHD".into()),
            ..ServiceFilter::default()
        }),
        ["tj-khujand-sample-tb-hiv", "tj-khujand-sample-training"]
    );
    assert_eq!(
        ids(ServiceFilter {
            country: Some("UZ".into()),
            region: Some("fargona".into()),
            ..ServiceFilter::default()
        }),
        ["uz-fergana-sample-legal", "uz-fergana-sample-reintegration"],
        "apostrophes and case do not matter"
    );
    let tb_free = ids(ServiceFilter {
        category: Some("tb_hiv_care".into()),
        free_only: true,
        ..ServiceFilter::default()
    });
    assert_eq!(tb_free, ["tj-dushanbe-sample-tb-centre", "tj-khujand-sample-tb-hiv"]);
    let uzbek = safar
        .services(&ServiceFilter {
            language: Some("uz".into()),
            ..ServiceFilter::default()
        })
        .unwrap();
    assert!(!uzbek.is_empty() && uzbek.iter().all(|s| s.languages.iter().any(|l| l == "uz")));

    // 10 km around central Dushanbe, nearest first, across the whole directory.
    let near = safar
        .services(&ServiceFilter {
            near: Some(GeoPoint {
                lat: 38.5598,
                lon: 68.7870,
            }),
            radius_km: Some(10.0),
            ..ServiceFilter::default()
        })
        .unwrap();
    assert_eq!(near.len(), 3, "{near:?}");
    assert!(near.iter().all(|s| s.region == "Dushanbe"));
    let distances: Vec<f64> = near.iter().map(|s| s.distance_km.unwrap()).collect();
    assert!(distances.windows(2).all(|w| w[0] <= w[1]) && distances[2] <= 10.0);
    // Without a radius: everything with coordinates, nearest first; Bokhtar (~90 km) is next.
    let nearest = safar
        .services(&ServiceFilter {
            near: Some(GeoPoint {
                lat: 38.5598,
                lon: 68.7870,
            }),
            limit: Some(5),
            ..ServiceFilter::default()
        })
        .unwrap();
    assert_eq!(nearest.len(), 5);
    assert!(nearest[3].id.starts_with("tj-bokhtar-"), "{:?}", nearest[3].id);
}

#[test]
fn a_returnee_home_screen_leads_with_reintegration_services_in_the_home_region() {
    let dir = tempfile::tempdir().unwrap();
    let safar = phone(&dir, "TJ", "RU", Stage::Returned, &["tg", "ru"]);
    safar.set_home_region(Some("Khatlon")).unwrap();
    let home = safar.home().unwrap();
    let returnee = home.returnee.expect("returned users get the returnee section");
    assert_eq!(returnee.home_region.as_deref(), Some("Khatlon"));
    assert_eq!(returnee.scope, Scope::Region);
    let ids: Vec<&str> = returnee.services.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        ["tj-bokhtar-sample-reintegration", "tj-bokhtar-sample-legal"],
        "most reintegration help first"
    );
    assert!(!returnee.hotlines.is_empty());
    assert!(returnee.hotlines.iter().all(|h| h.country.as_str() == "TJ"));

    // A region with nothing listed: the whole home country, said so.
    safar.set_home_region(Some("Badakhshan")).unwrap();
    let returnee = safar.home().unwrap().returnee.unwrap();
    assert_eq!(returnee.scope, Scope::Country);
    assert!(returnee.services.iter().all(|s| s.country.as_str() == "TJ"));
    assert!(returnee.services.iter().all(|s| s
        .categories
        .iter()
        .any(|c| safar_core::returnee::REINTEGRATION.contains(c))));
    assert!(!returnee.services.iter().any(|s| s.id == "tj-dushanbe-sample-tb-centre"));

    // The region is user data kept across restarts; other stages have no returnee section.
    drop(safar);
    let safar = phone(&dir, "TJ", "RU", Stage::Abroad, &["tg"]);
    assert_eq!(safar.home_region().unwrap().as_deref(), Some("Badakhshan"));
    assert!(safar.home().unwrap().returnee.is_none());
    safar.set_home_region(None).unwrap();
    assert_eq!(safar.home_region().unwrap(), None);
}

#[test]
fn bad_directory_input_is_refused_not_panicked_on() {
    let dir = tempfile::tempdir().unwrap();
    let safar = phone(&dir, "TJ", "RU", Stage::Abroad, &["ru"]);
    let bad = [
        HotlineFilter {
            category: Some("cooking".into()),
            ..HotlineFilter::default()
        },
        HotlineFilter {
            country: Some("Russia".into()),
            ..HotlineFilter::default()
        },
        HotlineFilter {
            your_timezone: Some("Moscow".into()),
            ..HotlineFilter::default()
        },
    ];
    for f in bad {
        assert!(
            matches!(safar.hotlines(&f), Err(safar_core::Error::InvalidInput(_))),
            "{f:?}"
        );
    }
    assert!(matches!(
        safar.hotline("no-such-line", None),
        Err(safar_core::Error::NotFound(_))
    ));
    assert_eq!(
        safar.hotline("ru-emergency", Some("Asia/Tashkent")).unwrap().id,
        "ru-emergency"
    );
    assert!(matches!(
        safar.service("", None),
        Err(safar_core::Error::InvalidInput(_))
    ));
    assert!(matches!(
        safar.set_home_region(Some("a\u{0}b")),
        Err(safar_core::Error::InvalidInput(_))
    ));
}
