//! Distance search on a generated directory of 50,000 services (a real SQLite file) returns
//! exactly what a brute-force scan of every row returns: same services, same order, same
//! distances — around dense clusters, across the antimeridian, near the poles, with filters.

use safar_core::model::{ContentKind, GeoPoint, Profile};
use safar_core::services::{self, ServiceFilter};
use safar_core::store;
use serde_json::json;

const SERVICES: usize = 50_000;
const COUNTRIES: [&str; 6] = ["TJ", "UZ", "KG", "KZ", "RU", "TR"];
const CATEGORIES: [&str; 8] = [
    "employment",
    "training",
    "psychosocial",
    "legal_aid",
    "health",
    "tb_hiv_care",
    "grants",
    "shelter",
];

/// xorshift64*: a fixed sequence, so every run tests the same directory.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// Where generated services are: mostly dense clusters around Central Asian cities, the rest
/// spread over the globe, with extra weight at the antimeridian and the poles.
fn location(rng: &mut Rng) -> Option<(f64, f64)> {
    const CITIES: [(f64, f64); 5] = [
        (38.56, 68.78),
        (41.30, 69.24),
        (42.87, 74.59),
        (40.53, 72.80),
        (55.75, 37.62),
    ];
    let roll = rng.unit();
    Some(if roll < 0.02 {
        return None;
    } else if roll < 0.60 {
        let (lat, lon) = CITIES[(rng.next() % CITIES.len() as u64) as usize];
        (lat + rng.range(-1.5, 1.5), lon + rng.range(-1.5, 1.5))
    } else if roll < 0.70 {
        (
            rng.range(50.0, 70.0),
            if rng.unit() < 0.5 {
                rng.range(177.0, 180.0)
            } else {
                rng.range(-180.0, -177.0)
            },
        )
    } else if roll < 0.75 {
        (
            if rng.unit() < 0.5 {
                rng.range(87.0, 90.0)
            } else {
                rng.range(-90.0, -87.0)
            },
            rng.range(-180.0, 180.0),
        )
    } else {
        (rng.range(-90.0, 90.0), rng.range(-180.0, 180.0))
    })
}

fn generate(conn: &mut rusqlite::Connection) {
    let mut rng = Rng(0x5AFA_2026_0000_0001);
    let tx = conn.transaction().unwrap();
    for n in 0..SERVICES {
        let country = rng.pick(&COUNTRIES);
        let mut categories: Vec<&str> = CATEGORIES.iter().copied().filter(|_| rng.unit() < 0.25).collect();
        if categories.is_empty() {
            categories.push(rng.pick(&CATEGORIES));
        }
        let mut service = json!({
            "id": format!("gen-{n:05}"),
            "country": country,
            "region": format!("Region {}", n % 40),
            "district": format!("District {}", n % 400),
            "organisation": {"en": format!("Generated service {n}")},
            "categories": categories,
            "cost": rng.pick(&["free", "paid", "sliding"]),
            "languages": ["ru"],
            "source": "generated for a test",
            "verified_at": "2026-11-01",
            "status": "sample",
        });
        if let Some((lat, lon)) = location(&mut rng) {
            service["location"] = json!({"lat": lat, "lon": lon});
        }
        let collection = format!("services/{}", country.to_ascii_lowercase());
        store::content::upsert(&tx, ContentKind::Service, &collection, &service.to_string()).unwrap();
    }
    tx.commit().unwrap();
}

struct Row {
    id: String,
    country: String,
    categories: String,
    cost: String,
    at: Option<GeoPoint>,
}

fn all_rows(conn: &rusqlite::Connection) -> Vec<Row> {
    let mut stmt = conn
        .prepare("SELECT id, country, categories, cost, lat, lon FROM services")
        .unwrap();
    stmt.query_map([], |r| {
        let lat: Option<f64> = r.get(4)?;
        let lon: Option<f64> = r.get(5)?;
        Ok(Row {
            id: r.get(0)?,
            country: r.get(1)?,
            categories: r.get(2)?,
            cost: r.get(3)?,
            at: lat.zip(lon).map(|(lat, lon)| GeoPoint { lat, lon }),
        })
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// Every row, filtered and measured one by one.
fn brute_force(rows: &[Row], filter: &ServiceFilter) -> Vec<(String, f64)> {
    let center = filter.near.unwrap();
    let mut out: Vec<(String, f64)> = rows
        .iter()
        .filter(|r| filter.country.as_deref().is_none_or(|c| r.country == c))
        .filter(|r| {
            filter
                .category
                .as_deref()
                .is_none_or(|c| r.categories.contains(&format!(",{c},")))
        })
        .filter(|r| !filter.free_only || r.cost == "free")
        .filter_map(|r| r.at.map(|p| (r.id.clone(), services::distance_km(center, p))))
        .filter(|(_, d)| filter.radius_km.is_none_or(|radius| *d <= radius))
        .collect();
    out.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    if let Some(limit) = filter.limit {
        out.truncate(limit as usize);
    }
    out
}

fn near(lat: f64, lon: f64, radius_km: f64) -> ServiceFilter {
    ServiceFilter {
        near: Some(GeoPoint { lat, lon }),
        radius_km: Some(radius_km),
        ..ServiceFilter::default()
    }
}

#[test]
fn distance_search_on_50000_services_matches_a_brute_force_scan() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = store::open(&dir.path().join("directory.db")).unwrap();
    generate(&mut conn);
    let rows = all_rows(&conn);
    assert_eq!(rows.len(), SERVICES);
    let profile = Profile::default();

    let mut queries = vec![
        near(38.56, 68.78, 5.0),                     // inside the Dushanbe cluster
        near(38.56, 68.78, 50.0),                    // most of it
        near(41.30, 69.24, 300.0),                   // Tashkent, reaching Dushanbe's cluster edge
        near(60.0, 179.9, 400.0),                    // across the antimeridian, from the east
        near(60.0, -179.9, 150.0),                   // and from the west
        near(89.5, 0.0, 200.0),                      // the North Pole inside the circle
        near(-88.0, 100.0, 300.0),                   // the South Pole inside the circle
        near(0.0, 0.0, 2000.0),                      // a big circle in the open
        near(55.75, 37.62, 0.5),                     // tiny: a few hundred metres
        near(38.56, 68.78, services::MAX_RADIUS_KM), // the whole Earth
    ];
    let mut filtered = near(40.5, 70.0, 400.0);
    filtered.category = Some("grants".into());
    filtered.free_only = true;
    queries.push(filtered);
    let mut one_country = near(41.3, 69.2, 800.0);
    one_country.country = Some("UZ".into());
    queries.push(one_country);
    let mut nearest = ServiceFilter {
        near: Some(GeoPoint { lat: 61.0, lon: 179.99 }),
        limit: Some(25),
        ..ServiceFilter::default()
    };
    nearest.category = Some("health".into());
    queries.push(nearest);

    let mut nonempty = 0;
    for filter in &queries {
        let expected = brute_force(&rows, filter);
        let got: Vec<(String, f64)> = services::search(&conn, &profile, filter)
            .unwrap()
            .into_iter()
            .map(|s| (s.id, s.distance_km.expect("distance given")))
            .collect();
        assert_eq!(got, expected, "query {filter:?}");
        if !expected.is_empty() {
            nonempty += 1;
        }
    }
    assert!(
        nonempty >= 11,
        "the queries must actually find services ({nonempty} did)"
    );
    assert_eq!(
        brute_force(&rows, &queries[9]).len(),
        rows.iter().filter(|r| r.at.is_some()).count(),
        "the whole-Earth radius finds every located service"
    );
}

#[test]
fn radius_search_is_planned_on_the_location_index() {
    let conn = store::open_in_memory().unwrap();
    let plan: Vec<String> = conn
        .prepare("EXPLAIN QUERY PLAN SELECT id FROM services WHERE lat BETWEEN ?1 AND ?2 AND (lon BETWEEN ?3 AND ?4)")
        .unwrap()
        .query_map([1.0, 2.0, 3.0, 4.0], |r| r.get::<_, String>(3))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(
        plan.iter().any(|step| step.contains("services_by_location")),
        "plan: {plan:?}"
    );
}

#[test]
fn bad_search_input_is_refused_with_a_clear_message() {
    let conn = store::open_in_memory().unwrap();
    let profile = Profile::default();
    let cases: Vec<(ServiceFilter, &str)> = vec![
        (near(91.0, 0.0, 10.0), "out of range"),
        (near(0.0, 0.0, -1.0), "radius"),
        (near(0.0, 0.0, f64::NAN), "radius"),
        (
            ServiceFilter {
                radius_km: Some(5.0),
                ..ServiceFilter::default()
            },
            "needs a point",
        ),
        (
            ServiceFilter {
                category: Some("cooking".into()),
                ..ServiceFilter::default()
            },
            "unknown service category",
        ),
        (
            ServiceFilter {
                country: Some("XX".into()),
                ..ServiceFilter::default()
            },
            "unknown country",
        ),
        (
            ServiceFilter {
                language: Some("fr".into()),
                ..ServiceFilter::default()
            },
            "unknown language",
        ),
    ];
    for (filter, needle) in cases {
        match services::search(&conn, &profile, &filter) {
            Err(safar_core::Error::InvalidInput(msg)) => assert!(msg.contains(needle), "{msg}"),
            other => panic!("{filter:?} gave {other:?}"),
        }
    }
}
