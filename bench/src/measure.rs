//! The measurements and the report.

use crate::generate::{self, vocabulary, Rng, Scale, LANGS};
use chrono::Utc;
use flate2::write::GzEncoder;
use flate2::Compression;
use rusqlite::Connection;
use safar_core::model::{CountryCode, GeoPoint, LanguageTag, Profile, Stage};
use safar_core::remittance::{AmountKind, RemitQuery};
use safar_core::search::fold::fold_word;
use safar_core::services::ServiceFilter;
use safar_core::sync::http::{CancelToken, HttpOptions, NoProgress};
use safar_core::sync::metadata::Manifest;
use safar_core::sync::object::{decoded_length, ObjectReader, Op};
use safar_core::{AppConfig, Safar};
use safar_publish::repo::{self, BuildOptions};
use safar_publish::serve::{ServeOptions, Server};
use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

type Res<T> = Result<T, String>;

fn err<E: std::fmt::Display>(what: &str) -> impl Fn(E) -> String + '_ {
    move |e| format!("{what}: {e}")
}

const SEED: u64 = 20_261_128;
const SEARCH_QUERIES: usize = 200;
const POINT_QUERIES: usize = 200;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

fn dev_keys() -> PathBuf {
    workspace_root().join("publish/dev-keys")
}

fn config() -> Res<AppConfig> {
    let keys = dev_keys();
    Ok(AppConfig {
        trusted_root: fs::read(keys.join("root/1.json")).map_err(err("dev root"))?,
        trusted_root_signatures: fs::read(keys.join("root/1.json.minisig")).map_err(err("dev root signature"))?,
        default_bundle: None,
    })
}

/// Peak resident set size of this process so far, in KiB.
fn peak_rss_kib() -> u64 {
    let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn sorted(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(|a, b| a.total_cmp(b));
    v
}

fn profile() -> Profile {
    Profile {
        origin: CountryCode::parse("TJ").expect("valid code"),
        destination: CountryCode::parse("RU").expect("valid code"),
        languages: vec![
            LanguageTag::parse("ru").expect("valid tag"),
            LanguageTag::parse("tg").expect("valid tag"),
        ],
        stage: Stage::Abroad,
        arrival: None,
    }
}

// ---------------------------------------------------------------------------------------------
// Child processes: one measurement each, printed as one JSON line.

pub fn child(args: &[String]) -> Res<()> {
    let arg = |i: usize| {
        args.get(i)
            .map(PathBuf::from)
            .ok_or_else(|| "missing argument".to_string())
    };
    let (seconds, extra) = match args.first().map(String::as_str) {
        Some("import") => {
            let (bundle, db) = (arg(1)?, arg(2)?);
            let start = Instant::now();
            let safar = Safar::open(&db, config()?).map_err(err("open"))?;
            let report = safar.import_bundle_file(&bundle).map_err(err("import"))?;
            (start.elapsed(), serde_json::to_value(&report).map_err(err("report"))?)
        }
        Some("baseline") => {
            let (repo_dir, db) = (arg(1)?, arg(2)?);
            let start = Instant::now();
            let rows = raw_baseline_import(&repo_dir, &db)?;
            (start.elapsed(), serde_json::json!({ "rows": rows }))
        }
        Some("open-home") => {
            let db = arg(1)?;
            let start = Instant::now();
            let safar = Safar::open(&db, config()?).map_err(err("open"))?;
            let home = safar.home().map_err(err("home"))?;
            (
                start.elapsed(),
                serde_json::json!({ "start_here": home.start_here.len() }),
            )
        }
        other => return Err(format!("unknown child command {other:?}")),
    };
    println!(
        "{}",
        serde_json::json!({ "ms": ms(seconds), "peak_rss_kib": peak_rss_kib(), "extra": extra })
    );
    Ok(())
}

/// The baseline: the same records, read from the same repository objects, bulk-inserted with
/// plain rusqlite into one table per collection plus an FTS5 index of the article text. No
/// signature checks, no model validation, no Markdown rendering.
fn raw_baseline_import(repo_dir: &Path, db: &Path) -> Res<u64> {
    let manifest = repo::current_manifest(repo_dir)
        .map_err(err("manifest"))?
        .ok_or("no manifest")?;
    let mut conn = Connection::open(db).map_err(err("baseline db"))?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
         CREATE TABLE records (collection TEXT NOT NULL, id TEXT NOT NULL, json TEXT NOT NULL,
                               PRIMARY KEY (collection, id));
         CREATE VIRTUAL TABLE fts USING fts5(title, summary, body, tokenize = 'unicode61 remove_diacritics 2');",
    )
    .map_err(err("baseline schema"))?;
    let tx = conn.transaction().map_err(err("tx"))?;
    let mut rows = 0;
    {
        let mut insert = tx
            .prepare("INSERT INTO records VALUES (?1, ?2, ?3)")
            .map_err(err("prepare"))?;
        let mut fts = tx
            .prepare("INSERT INTO fts (rowid, title, summary, body) VALUES (?1, ?2, ?3, ?4)")
            .map_err(err("prepare"))?;
        for (name, entry) in &manifest.collections {
            let file = fs::File::open(repo_dir.join(&entry.full.path)).map_err(err("object"))?;
            let mut reader = ObjectReader::open(name, std::io::BufReader::new(file), entry.full.decoded_length)
                .map_err(err("object"))?;
            while let Some(op) = reader.next_op().map_err(err("object"))? {
                let Op::Upsert(line) = op else { continue };
                let value: serde_json::Value = serde_json::from_str(&line).map_err(err("json"))?;
                let id = value.get("id").and_then(|v| v.as_str()).unwrap_or_default().to_string();
                insert
                    .execute(rusqlite::params![name, id, line])
                    .map_err(err("insert"))?;
                rows += 1;
                if let Some(body) = value.get("body").and_then(|v| v.as_str()) {
                    let text = |k: &str| value.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_string();
                    fts.execute(rusqlite::params![rows as i64, text("title"), text("summary"), body])
                        .map_err(err("fts"))?;
                }
            }
        }
    }
    tx.commit().map_err(err("commit"))?;
    Ok(rows)
}

struct ChildResult {
    ms: f64,
    peak_rss_kib: u64,
    extra: serde_json::Value,
}

fn run_child(args: &[&str]) -> Res<ChildResult> {
    let exe = std::env::current_exe().map_err(err("current exe"))?;
    let out = Command::new(exe)
        .arg("child")
        .args(args)
        .output()
        .map_err(err("spawn child"))?;
    if !out.status.success() {
        return Err(format!(
            "child {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).map_err(err("child output"))?;
    Ok(ChildResult {
        ms: v["ms"].as_f64().unwrap_or(f64::NAN),
        peak_rss_kib: v["peak_rss_kib"].as_u64().unwrap_or(0),
        extra: v["extra"].clone(),
    })
}

// ---------------------------------------------------------------------------------------------
// The run.

struct Row {
    what: String,
    measured: String,
    baseline: String,
    target: String,
    met: Option<bool>,
}

fn row(what: &str, measured: String, baseline: String, target: &str, met: Option<bool>) -> Row {
    Row {
        what: what.to_string(),
        measured,
        baseline,
        target: target.to_string(),
        met,
    }
}

/// Every collection's records (as signed JSON lines), from the full objects of a manifest.
fn records_by_collection(repo_dir: &Path, manifest: &Manifest) -> Res<BTreeMap<String, HashSet<String>>> {
    let mut all = BTreeMap::new();
    for (name, entry) in &manifest.collections {
        let bytes = fs::read(repo_dir.join(&entry.full.path)).map_err(err("object"))?;
        let len = decoded_length(&bytes).map_err(err("object"))?;
        let mut reader = ObjectReader::open(name, &bytes[..], len).map_err(err("object"))?;
        let mut set = HashSet::new();
        while let Some(op) = reader.next_op().map_err(err("object"))? {
            if let Op::Upsert(line) = op {
                set.insert(line);
            }
        }
        all.insert(name.clone(), set);
    }
    Ok(all)
}

fn dir_size(dir: &Path) -> u64 {
    let mut total = 0;
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            total += if p.is_dir() {
                dir_size(&p)
            } else {
                e.metadata().map(|m| m.len()).unwrap_or(0)
            };
        }
    }
    total
}

fn search_queries(rng: &mut Rng) -> Vec<String> {
    let mut queries = Vec::with_capacity(SEARCH_QUERIES);
    for i in 0..SEARCH_QUERIES {
        let lang = LANGS[i % LANGS.len()];
        let vocab = vocabulary(lang);
        let q = match i % 5 {
            // One word, two words, a word being typed (prefix), three words, a miss.
            0 => rng.pick(vocab).to_string(),
            1 => format!("{} {}", rng.pick(vocab), rng.pick(vocab)),
            2 => {
                let w: Vec<char> = rng.pick(vocab).chars().collect();
                w[..w.len().min(4)].iter().collect()
            }
            3 => format!("{} {} {}", rng.pick(vocab), rng.pick(vocab), rng.pick(vocab)),
            _ => format!("{} zzqx{i}", rng.pick(vocab)),
        };
        queries.push(q);
    }
    queries
}

/// The raw FTS5 query the app's search stands on: the same folded, quoted terms.
fn raw_fts(conn: &Connection, query: &str) -> Res<usize> {
    let words: Vec<&str> = query.split_whitespace().collect();
    let mut parts = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let folded = fold_word(w);
        if folded.is_empty() {
            continue;
        }
        let quoted = format!("\"{}\"", folded.replace('"', "\"\""));
        parts.push(if i + 1 == words.len() { quoted + "*" } else { quoted });
    }
    if parts.is_empty() {
        return Ok(0);
    }
    let mut stmt = conn
        .prepare_cached(
            "SELECT rowid FROM search_index WHERE search_index MATCH ?1 ORDER BY bm25(search_index) LIMIT 20",
        )
        .map_err(err("fts prepare"))?;
    let ids: Vec<i64> = stmt
        .query_map([parts.join(" ")], |r| r.get(0))
        .map_err(err("fts"))?
        .collect::<Result<_, _>>()
        .map_err(err("fts"))?;
    Ok(ids.len())
}

fn cdylib_size() -> Res<(u64, u64)> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--release", "-p", "safar-ffi", "--lib"])
        .current_dir(workspace_root())
        .status()
        .map_err(err("cargo build"))?;
    if !status.success() {
        return Err("cargo build --release -p safar-ffi failed".into());
    }
    let lib = target.join("release/libsafar_ffi.so");
    let unstripped = fs::metadata(&lib).map_err(err("cdylib"))?.len();
    let copy = std::env::temp_dir().join(format!("libsafar_ffi-stripped-{}.so", std::process::id()));
    fs::copy(&lib, &copy).map_err(err("copy cdylib"))?;
    let ok = Command::new("strip")
        .arg(&copy)
        .status()
        .map_err(err("strip"))?
        .success();
    let stripped = fs::metadata(&copy).map_err(err("stripped"))?.len();
    let _ = fs::remove_file(&copy);
    if !ok {
        return Err("strip failed".into());
    }
    Ok((unstripped, stripped))
}

fn machine() -> String {
    let cpu = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                l.strip_prefix("model name")
                    .map(|v| v.trim_start_matches([' ', '\t', ':']).to_string())
            })
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let ram_kib: u64 = fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                l.strip_prefix("MemTotal:")
                    .map(|v| v.trim().trim_end_matches("kB").trim().parse().unwrap_or(0))
            })
        })
        .unwrap_or(0);
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    let kernel = fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    format!(
        "{cores} cores ({cpu}), {:.1} GiB RAM, Linux {}",
        ram_kib as f64 / 1024.0 / 1024.0,
        kernel.trim()
    )
}

fn mb(bytes: u64) -> String {
    format!("{:.2} MB", bytes as f64 / 1_000_000.0)
}

fn fmt_ms(v: f64) -> String {
    format!("{v:.2} ms")
}

pub fn run(smoke: bool) -> Res<()> {
    let scale = if smoke { Scale::SMOKE } else { Scale::NATIONAL };
    let total = Instant::now();
    let work = tempfile::Builder::new()
        .prefix("safar-bench")
        .tempdir()
        .map_err(err("temp dir"))?;
    let (src, out, bundle) = (
        work.path().join("source"),
        work.path().join("repo"),
        work.path().join("national.safar"),
    );
    let mut rows: Vec<Row> = Vec::new();

    eprintln!(
        "generating {} articles, {} hotlines, {} services, {} quotes…",
        scale.articles(),
        scale.hotlines,
        scale.services,
        scale.quotes
    );
    let t = Instant::now();
    generate::write_source(&src, scale, SEED).map_err(err("generate"))?;
    let generate_time = t.elapsed();
    let source_bytes = dir_size(&src);

    eprintln!("publishing with the real publisher…");
    let t = Instant::now();
    let report = repo::build(&BuildOptions::new(&src, &out, dev_keys())).map_err(err("publish build"))?;
    let build_time = t.elapsed();
    let bundle_bytes = repo::pack(&out, &bundle).map_err(err("pack"))?;
    let records: u64 = report.collections.iter().map(|c| c.records).sum();

    // Full import, then the raw baseline of the same rows, each in its own process.
    eprintln!("importing…");
    let db = work.path().join("phone.db");
    let import = run_child(&["import", path_str(&bundle)?, path_str(&db)?])?;
    let baseline_db = work.path().join("baseline.db");
    let baseline = run_child(&["baseline", path_str(&out)?, path_str(&baseline_db)?])?;
    let ratio = import.ms / baseline.ms;
    let rss_mb = import.peak_rss_kib as f64 / 1024.0;
    rows.push(row(
        "Full import of the bundle (time)",
        fmt_ms(import.ms),
        format!("{} (raw rusqlite + FTS5); ratio {ratio:.2}×", fmt_ms(baseline.ms)),
        "≤ 1.5× baseline",
        Some(ratio <= 1.5),
    ));
    rows.push(row(
        "Full import (peak RSS of the process)",
        format!("{rss_mb:.1} MiB"),
        format!("{:.1} MiB", baseline.peak_rss_kib as f64 / 1024.0),
        "≤ 150 MB",
        Some(rss_mb * 1.048_576 <= 150.0),
    ));
    let _ = import.extra;

    let safar = Safar::open(&db, config()?).map_err(err("open"))?;
    safar.set_profile(&profile()).map_err(err("profile"))?;

    // Search: the app's query against raw FTS5 on the same database.
    eprintln!("searching…");
    let mut rng = Rng::new(SEED ^ 0xface);
    let queries = search_queries(&mut rng);
    let raw = Connection::open(&db).map_err(err("raw connection"))?;
    for q in queries.iter().take(20) {
        safar.search(q, None, 20).map_err(err("search"))?;
        raw_fts(&raw, q)?;
    }
    let (mut app_times, mut raw_times, mut hits) = (Vec::new(), Vec::new(), 0usize);
    for q in &queries {
        let t = Instant::now();
        hits += safar.search(q, None, 20).map_err(err("search"))?.hits.len();
        app_times.push(ms(t.elapsed()));
        let t = Instant::now();
        raw_fts(&raw, q)?;
        raw_times.push(ms(t.elapsed()));
    }
    let (app_times, raw_times) = (sorted(app_times), sorted(raw_times));
    let (p95, raw95) = (percentile(&app_times, 95.0), percentile(&raw_times, 95.0));
    rows.push(row(
        &format!("Search, {} queries (p50 / p95 / p99)", queries.len()),
        format!(
            "{:.2} / {:.2} / {:.2} ms",
            percentile(&app_times, 50.0),
            p95,
            percentile(&app_times, 99.0)
        ),
        format!(
            "{:.2} / {:.2} / {:.2} ms raw FTS5 MATCH … ORDER BY bm25; p95 ratio {:.2}×",
            percentile(&raw_times, 50.0),
            raw95,
            percentile(&raw_times, 99.0),
            p95 / raw95
        ),
        "p95 ≤ 5 ms and ≤ 1.5× raw",
        Some(p95 <= 5.0 && p95 / raw95 <= 1.5),
    ));
    drop(raw);

    // Open + home: cold in fresh processes, warm in this one.
    eprintln!("open + home…");
    let mut cold = Vec::new();
    for _ in 0..5 {
        cold.push(run_child(&["open-home", path_str(&db)?])?.ms);
    }
    let cold = sorted(cold);
    let mut warm = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        let s = Safar::open(&db, config()?).map_err(err("open"))?;
        s.home().map_err(err("home"))?;
        warm.push(ms(t.elapsed()));
    }
    let warm = sorted(warm);
    // Where the home screen's time goes: the public calls it is made of, warm.
    let part = |f: &dyn Fn() -> Res<()>| -> Res<f64> {
        let mut times = Vec::new();
        for _ in 0..10 {
            let t = Instant::now();
            f()?;
            times.push(ms(t.elapsed()));
        }
        Ok(percentile(&sorted(times), 50.0))
    };
    let home_parts = format!(
        "status {:.1}, topics {:.1}, guide {:.1}, checklist {:.1}, health {:.1} ms (p50 of 10 each)",
        part(&|| safar.status().map(drop).map_err(|e| e.to_string()))?,
        part(&|| safar.topics().map(drop).map_err(|e| e.to_string()))?,
        part(&|| safar.guide(None).map(drop).map_err(|e| e.to_string()))?,
        part(&|| safar.checklist(None).map(drop).map_err(|e| e.to_string()))?,
        part(&|| safar.health().map(drop).map_err(|e| e.to_string()))?,
    );
    rows.push(row(
        "Open + home screen, cold (new process; median of 5 / max)",
        format!("{:.2} / {:.2} ms", percentile(&cold, 50.0), percentile(&cold, 100.0)),
        "–".into(),
        "≤ 30 ms",
        Some(percentile(&cold, 50.0) <= 30.0),
    ));
    rows.push(row(
        "Open + home screen, warm (p50 / p95 of 30)",
        format!("{:.2} / {:.2} ms", percentile(&warm, 50.0), percentile(&warm, 95.0)),
        format!("parts of home: {home_parts}"),
        "≤ 30 ms",
        Some(percentile(&warm, 95.0) <= 30.0),
    ));

    // Services near a point, remittance comparison.
    eprintln!("services near, remittance…");
    let mut near = Vec::new();
    let mut found = 0;
    for _ in 0..POINT_QUERIES {
        let filter = ServiceFilter {
            near: Some(GeoPoint {
                lat: 36.0 + rng.unit() * 20.0,
                lon: 36.0 + rng.unit() * 42.0,
            }),
            radius_km: Some(50.0),
            limit: Some(20),
            ..ServiceFilter::default()
        };
        let t = Instant::now();
        found += safar.services(&filter).map_err(err("services"))?.len();
        near.push(ms(t.elapsed()));
    }
    let near = sorted(near);
    rows.push(row(
        &format!("Services within 50 km of a point, top 20 ({POINT_QUERIES} points; p50 / p95)"),
        format!("{:.2} / {:.2} ms", percentile(&near, 50.0), percentile(&near, 95.0)),
        "–".into(),
        "–",
        None,
    ));
    let corridors = [("RU", "TJ"), ("RU", "UZ"), ("RU", "KG"), ("KZ", "UZ")];
    let mut remit = Vec::new();
    for i in 0..POINT_QUERIES {
        let (s, r) = corridors[i % corridors.len()];
        let query = RemitQuery {
            send_country: s.into(),
            receive_country: r.into(),
            amount: format!("{}", 1000 + rng.below(50_000)),
            kind: if i % 3 == 0 {
                AmountKind::Receive
            } else {
                AmountKind::Send
            },
            currency: None,
            payout: None,
            speed: None,
        };
        let t = Instant::now();
        safar.compare_remittance(&query).map_err(err("remittance"))?;
        remit.push(ms(t.elapsed()));
    }
    let remit = sorted(remit);
    rows.push(row(
        &format!(
            "Remittance compare, {} quotes/corridor ({POINT_QUERIES} queries; p50 / p95)",
            scale.quotes / 4
        ),
        format!("{:.2} / {:.2} ms", percentile(&remit, 50.0), percentile(&remit, 95.0)),
        "–".into(),
        "–",
        None,
    ));
    drop(safar);

    // Delta sync: 1% of the articles change; the phone syncs from a real server on loopback.
    eprintln!("delta sync…");
    let before = repo::current_manifest(&out)
        .map_err(err("manifest"))?
        .ok_or("no manifest")?;
    let old_records = records_by_collection(&out, &before)?;
    let changed = generate::change_articles(&src, scale, 1, SEED).map_err(err("change"))?;
    repo::build(&BuildOptions::new(&src, &out, dev_keys())).map_err(err("publish build 2"))?;
    let after = repo::current_manifest(&out)
        .map_err(err("manifest"))?
        .ok_or("no manifest")?;
    let new_records = records_by_collection(&out, &after)?;
    let mut changed_lines = Vec::new();
    for (name, set) in &new_records {
        let old = old_records.get(name);
        for line in set {
            if old.is_none_or(|o| !o.contains(line)) {
                changed_lines.push(line.as_str());
            }
        }
    }
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    for line in &changed_lines {
        gz.write_all(line.as_bytes())
            .and_then(|_| gz.write_all(b"\n"))
            .map_err(err("gzip"))?;
    }
    let gzip_bytes = gz.finish().map_err(err("gzip"))?.len() as u64;
    let server = Server::bind(
        "127.0.0.1:0",
        ServeOptions {
            repo: out.clone(),
            reports: work.path().join("reports"),
            feedback_path: "/reports".into(),
            log: false,
        },
    )
    .map_err(err("serve"))?
    .spawn()
    .map_err(err("serve"))?;
    let phone = Safar::open(&db, config()?).map_err(err("open"))?;
    let t = Instant::now();
    let sync = phone
        .sync(&server.url(), &HttpOptions::default(), &NoProgress, &CancelToken::new())
        .map_err(err("sync"))?;
    let sync_time = t.elapsed();
    let delta_ratio = sync.bytes_downloaded as f64 / gzip_bytes as f64;
    rows.push(row(
        &format!("Delta sync, {changed} changed articles ({}%): bytes downloaded", 1),
        format!("{} B", sync.bytes_downloaded),
        format!(
            "{gzip_bytes} B gzip of the {} changed records; ratio {delta_ratio:.2}×",
            changed_lines.len()
        ),
        "≤ 1.3× gzip",
        Some(delta_ratio <= 1.3),
    ));
    rows.push(row(
        "Delta sync: download + verify + apply (loopback HTTP)",
        fmt_ms(ms(sync_time)),
        "–".into(),
        "–",
        None,
    ));
    drop(phone);
    drop(server);

    eprintln!("release cdylib…");
    let (unstripped, stripped) = cdylib_size()?;
    rows.push(row(
        "Release cdylib libsafar_ffi.so, stripped",
        mb(stripped),
        format!("{} before strip", mb(unstripped)),
        "≤ 4 MB",
        Some(stripped <= 4_000_000),
    ));

    let summary = format!(
        "Corpus: {} articles ({} groups × {} languages, ~{} words each), {} hotlines, {} services, {} remittance quotes = {records} records. Source {} generated in {:.1} s; `safar publish build` {:.1} s; bundle {}. Search hits returned: {hits}; services found near points: {found}. Whole run {:.0} s.",
        scale.articles(),
        scale.groups,
        LANGS.len(),
        scale.words_per_article,
        scale.hotlines,
        scale.services,
        scale.quotes,
        mb(source_bytes),
        generate_time.as_secs_f64(),
        build_time.as_secs_f64(),
        mb(bundle_bytes),
        total.elapsed().as_secs_f64(),
    );
    let table = table(&rows);
    println!("{table}\n{summary}");
    if smoke {
        eprintln!("smoke run: docs/BENCHMARKS.md left as it is");
        return Ok(());
    }
    let doc = format!(
        "# Benchmarks\n\nGenerated by `cargo run --release -p safar-bench` on {} (UTC). Machine: {}.\n\n{summary}\n\n{table}\n\n{}\n",
        Utc::now().format("%Y-%m-%d %H:%M"),
        machine(),
        METHOD
    );
    let path = workspace_root().join("docs/BENCHMARKS.md");
    fs::create_dir_all(path.parent().unwrap_or(Path::new("."))).map_err(err("docs"))?;
    fs::write(&path, doc).map_err(err("write BENCHMARKS.md"))?;
    eprintln!("wrote {}", path.display());
    Ok(())
}

const METHOD: &str = "## How it is measured\n\n\
- The corpus is generated deterministically (fixed seed) into a temporary folder and published with the real \
`safar_publish::repo::build` and the dev keys (`publish/dev-keys`), then packed into one `.safar` bundle.\n\
- Import time and peak RSS (VmHWM from `/proc/self/status`) are measured in a fresh child process \
(`safar-bench child import`), which opens an empty database and runs `Safar::import_bundle_file` (signature \
verification, model validation, Markdown rendering for the index, store, FTS5). The baseline child reads the same \
records from the same repository objects and bulk-inserts them with plain rusqlite into one table plus an FTS5 \
table of the article text, in one transaction.\n\
- Search: 200 queries in all 7 languages (one, two and three words, a word being typed, a miss), `Safar::search` with \
limit 20, after 20 warm-up queries; the baseline is a raw `search_index MATCH … ORDER BY bm25 LIMIT 20` on the same \
database with the same folded terms.\n\
- Open + home: `Safar::open` + `Safar::home` for a TJ→RU profile; cold in a new process each time (the OS page \
cache stays warm), warm repeated in one process.\n\
- Delta sync: 1% of the article translations get new text; the repository is rebuilt (deltas from earlier versions), \
served by the real `safar serve` server on 127.0.0.1, and the phone database syncs. The reference is gzip (default \
level) of exactly the records that changed.\n\
- cdylib: `cargo build --release -p safar-ffi`, then `strip` on a copy.\n";

fn table(rows: &[Row]) -> String {
    let mut t =
        String::from("| Measurement | Measured | Baseline / reference | Target | Met |\n|---|---|---|---|---|\n");
    for r in rows {
        let met = match r.met {
            Some(true) => "yes",
            Some(false) => "**no**",
            None => "–",
        };
        t.push_str(&format!(
            "| {} | {} | {} | {} | {met} |\n",
            r.what, r.measured, r.baseline, r.target
        ));
    }
    t
}

fn path_str(p: &Path) -> Res<&str> {
    p.to_str().ok_or_else(|| format!("path {} is not UTF-8", p.display()))
}
