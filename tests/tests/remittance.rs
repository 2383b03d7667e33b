//! Remittance comparison across crates: the quote staleness limit travels from `safar.toml`
//! through the signed manifest and the import into the phone's comparison, and every sample
//! corridor is priced in both directions from a real published bundle.

use chrono::{DateTime, TimeZone, Utc};
use safar_core::remittance::{AmountKind, Basis, RemitQuery};
use safar_core::sync::metadata::Manifest;
use safar_tests::*;

fn query(from: &str, to: &str, amount: &str, kind: AmountKind) -> RemitQuery {
    RemitQuery {
        send_country: from.into(),
        receive_country: to.into(),
        amount: amount.into(),
        kind,
        currency: None,
        payout: None,
        speed: None,
    }
}

/// The sample RU → TJ quotes were collected on 2026-11-03.
fn nov(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, 12, 0, 0).unwrap()
}

#[test]
fn the_content_stale_limit_reaches_the_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&content_dir(), &content);
    let settings = content.join("safar.toml");
    let text = std::fs::read_to_string(&settings).unwrap();
    assert!(
        text.contains("[remittance]\nstale_after_days = 30"),
        "the shipped setting:\n{text}"
    );
    std::fs::write(
        &settings,
        text.replace(
            "[remittance]\nstale_after_days = 30",
            "[remittance]\nstale_after_days = 10",
        ),
    )
    .unwrap();
    let repo = dir.path().join("repo");
    let bundle = publish(&content, &dev_keys(), &repo);

    // The signed manifest carries it.
    let manifest: Manifest = serde_json::from_slice(&std::fs::read(repo.join("manifests/1.json")).unwrap()).unwrap();
    assert_eq!(
        (manifest.stale_after_days, manifest.remittance_stale_after_days),
        (180, 10)
    );

    let phone = open_phone(&dir.path().join("phone.db"));
    phone.import_bundle_file(&bundle).unwrap();
    let ask = query("RU", "TJ", "10000", AmountKind::Send);
    // 2026-11-03 + 10 days: still current; a day later, stale and out of the averages.
    let current = phone.compare_remittance_at(&ask, nov(13)).unwrap();
    assert_eq!(current.stale_after_days, 10);
    assert!(current.offers.iter().all(|o| !o.stale));
    assert_eq!(current.corridor[0].quotes_used, 5);
    let stale = phone.compare_remittance_at(&ask, nov(14)).unwrap();
    assert!(stale.offers.iter().all(|o| o.stale && o.quote_age_days == 11));
    assert_eq!(
        (stale.corridor[0].quotes_used, stale.corridor[0].stale_left_out),
        (0, 5)
    );
    assert!(stale.sample, "the sample repository is marked sample");

    // The default content keeps 30 days: the same day is current there.
    let default_phone = open_phone(&dir.path().join("default.db"));
    default_phone
        .import_bundle_from(std::io::Cursor::new(safar_content::DEFAULT_BUNDLE))
        .unwrap();
    let c = default_phone.compare_remittance_at(&ask, nov(14)).unwrap();
    assert_eq!(c.stale_after_days, 30);
    assert!(c.offers.iter().all(|o| !o.stale));
}

#[test]
fn a_manifest_from_before_the_setting_means_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    publish(&content_dir(), &dev_keys(), &repo);
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(repo.join("manifests/1.json")).unwrap()).unwrap();
    assert!(json
        .as_object_mut()
        .unwrap()
        .remove("remittance_stale_after_days")
        .is_some());
    let manifest: Manifest = serde_json::from_value(json).unwrap();
    assert_eq!(
        manifest.remittance_stale_after_days,
        safar_core::remittance::DEFAULT_STALE_AFTER_DAYS
    );
}

/// Every sample corridor: every quote is priced for a typical amount without exclusions, the
/// best offer receives the most, and asking for what an offer delivers needs no more than was
/// sent.
#[test]
fn every_sample_corridor_is_priced_in_both_directions() {
    let dir = tempfile::tempdir().unwrap();
    let phone = open_phone(&dir.path().join("phone.db"));
    phone
        .import_bundle_from(std::io::Cursor::new(safar_content::DEFAULT_BUNDLE))
        .unwrap();
    let corridors = phone.remittance_corridors().unwrap();
    let names: Vec<String> = corridors
        .iter()
        .map(|c| format!("{}→{}", c.send_country, c.receive_country))
        .collect();
    assert_eq!(names, ["KR→UZ", "KZ→KG", "KZ→UZ", "RU→KG", "RU→TJ", "RU→UZ"]);
    for corridor in &corridors {
        let typical = match corridor.send_currencies[0].as_str() {
            "KRW" => "1000000",
            "KZT" => "100000",
            _ => "15000",
        };
        let ask = query(
            &corridor.send_country,
            &corridor.receive_country,
            typical,
            AmountKind::Send,
        );
        let c = phone.compare_remittance_at(&ask, nov(10)).unwrap();
        assert!(c.excluded.is_empty(), "{}: {:?}", corridor.send_country, c.excluded);
        assert_eq!(c.offers.len() as u32, corridor.quotes);
        assert!(c.corridor[0].quotes_used >= 4 && c.corridor[0].average_total_cost_pct.is_some());
        // The content's USD rate reaches the phone with the quotes: RPW's reference amounts,
        // every quote priced there, and three services meeting the SmaRT criteria.
        let bases: Vec<Basis> = c.corridor.iter().map(|f| f.basis).collect();
        assert_eq!(bases, [Basis::YourAmount, Basis::Usd200, Basis::Usd500], "{names:?}");
        for f in &c.corridor[1..] {
            assert!(f.not_priced.is_empty() && f.quotes_used == corridor.quotes, "{f:?}");
            assert_eq!(f.smart_quote_ids.len(), 3, "{f:?}");
        }
        let received: Vec<i64> = c.offers.iter().map(|o| o.cost.received.minor_units).collect();
        assert!(
            received.windows(2).all(|w| w[0] >= w[1]),
            "ranked by amount received: {received:?}"
        );
        for offer in &c.offers {
            let mut back = query(
                &corridor.send_country,
                &corridor.receive_country,
                &offer.cost.received.value.to_string(),
                AmountKind::Receive,
            );
            back.payout = Some(offer.payout);
            back.speed = Some(offer.speed);
            let r = phone.compare_remittance_at(&back, nov(10)).unwrap();
            let same = r.offers.iter().find(|o| o.quote_id == offer.quote_id).unwrap();
            assert!(
                same.cost.send.minor_units <= offer.cost.send.minor_units,
                "{}",
                offer.quote_id
            );
            assert!(same.cost.received.minor_units >= offer.cost.received.minor_units);
        }
    }
}
