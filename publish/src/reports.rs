//! The reports phones sent ("number does not answer", "service closed", "wrong address"), as
//! `safar serve` keeps them — one JSON line per report in `<dir>/reports.jsonl` — grouped by the
//! entry they are about, so field staff see which numbers and addresses to check first: how many
//! reports, from how many phones (distinct per-install tokens), and for each failed attempt its
//! local time, whether the line was scheduled open then, the number dialled and the content
//! version the phone had. [`write_csv`] exports the same for a spreadsheet.

use crate::PublishError;
use chrono::{DateTime, Utc};
use safar_core::feedback::{Problem, Received, TargetKind};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

pub const REPORTS_FILE: &str = "reports.jsonl";

/// Every report about one hotline or service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportGroup {
    pub kind: TargetKind,
    pub target: String,
    pub count: usize,
    /// Distinct installs (phones) that reported it. Reports from apps older than the install
    /// token carry none and are not counted here.
    pub installs: usize,
    /// How many reports of each problem.
    pub problems: BTreeMap<Problem, usize>,
    /// When the newest report arrived.
    pub latest: DateTime<Utc>,
    /// Newest first.
    pub reports: Vec<Received>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportListing {
    pub file: PathBuf,
    /// Distinct reports (a report id seen twice counts once).
    pub total: usize,
    /// Groups with the newest report first.
    pub groups: Vec<ReportGroup>,
    /// 1-based numbers of lines that are not a stored report (damaged or foreign lines).
    pub unreadable_lines: Vec<usize>,
}

/// Reads `<dir>/reports.jsonl`. A folder without the file has no reports yet.
pub fn list(dir: &Path) -> Result<ReportListing, PublishError> {
    if !dir.is_dir() {
        return Err(PublishError::Invalid(format!("{} is not a folder", dir.display())));
    }
    let file = dir.join(REPORTS_FILE);
    let text = match std::fs::read_to_string(&file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(PublishError::io(&file, e)),
    };
    let mut seen = HashSet::new();
    let mut unreadable_lines = Vec::new();
    let mut groups: BTreeMap<(TargetKind, String), Vec<Received>> = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Received>(line) {
            Ok(r) => {
                if seen.insert(r.report.id.clone()) {
                    groups
                        .entry((r.report.kind, r.report.target.clone()))
                        .or_default()
                        .push(r);
                }
            }
            Err(_) => unreadable_lines.push(n + 1),
        }
    }
    let mut groups: Vec<ReportGroup> = groups
        .into_iter()
        .map(|((kind, target), mut reports)| {
            reports.sort_by(|a, b| {
                b.received_at
                    .cmp(&a.received_at)
                    .then_with(|| a.report.id.cmp(&b.report.id))
            });
            let mut problems = BTreeMap::new();
            for r in &reports {
                *problems.entry(r.report.problem).or_insert(0) += 1;
            }
            let installs: HashSet<&str> = reports
                .iter()
                .map(|r| r.report.install.as_str())
                .filter(|t| !t.is_empty())
                .collect();
            ReportGroup {
                kind,
                target,
                count: reports.len(),
                installs: installs.len(),
                problems,
                latest: reports[0].received_at,
                reports,
            }
        })
        .collect();
    groups.sort_by(|a, b| {
        b.latest
            .cmp(&a.latest)
            .then_with(|| (a.kind, &a.target).cmp(&(b.kind, &b.target)))
    });
    Ok(ReportListing {
        file,
        total: seen.len(),
        groups,
        unreadable_lines,
    })
}

/// The CSV columns, in order.
pub const CSV_HEADER: [&str; 14] = [
    "kind",
    "target",
    "problem",
    "attempted_at_local",
    "utc_offset",
    "scheduled_open",
    "number",
    "content_seq",
    "install",
    "note",
    "received_at",
    "created_at",
    "report_id",
    "app",
];

/// A spreadsheet reads a cell starting with `=`, `+`, `-` or `@` as a formula. Text from phones
/// is not trusted, so such cells get a leading `'` (shown as text: `+992…` keeps its plus).
fn spreadsheet_text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// Writes every report of `listing` as one CSV row (UTF-8, header first), grouped as listed.
pub fn write_csv(listing: &ReportListing, out: impl std::io::Write) -> Result<(), PublishError> {
    let csv_error = |e: csv::Error| PublishError::Invalid(format!("cannot write CSV: {e}"));
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_HEADER).map_err(csv_error)?;
    let time = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    for g in &listing.groups {
        for r in &g.reports {
            let p = &r.report;
            let (local, offset) = match p.attempted_at {
                Some(t) => (t.format("%Y-%m-%d %H:%M:%S").to_string(), t.format("%:z").to_string()),
                None => (String::new(), String::new()),
            };
            let open = match p.scheduled_open {
                Some(true) => "yes",
                Some(false) => "no",
                None => "",
            };
            w.write_record([
                g.kind.as_str().to_string(),
                spreadsheet_text(&g.target),
                p.problem.as_str().to_string(),
                local,
                offset,
                open.to_string(),
                spreadsheet_text(p.number.as_deref().unwrap_or("")),
                p.content_seq.map(|s| s.to_string()).unwrap_or_default(),
                spreadsheet_text(&p.install),
                spreadsheet_text(&p.note),
                time(r.received_at),
                time(p.created_at),
                spreadsheet_text(&p.id),
                spreadsheet_text(&p.app),
            ])
            .map_err(csv_error)?;
        }
    }
    w.flush()
        .map_err(|e| PublishError::Invalid(format!("cannot write CSV: {e}")))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(id: &str, target: &str, kind: &str, problem: &str, at: &str) -> String {
        format!(
            r#"{{"received_at":"{at}","report":{{"id":"{id}","kind":"{kind}","target":"{target}","problem":"{problem}","note":"","created_at":"2026-11-01T00:00:00Z","app":"safar/0.1.0"}}}}"#
        )
    }

    #[test]
    fn groups_by_target_newest_first_and_counts_each_id_once() {
        let dir = tempfile::tempdir().unwrap();
        let a = "a".repeat(32);
        let b = "b".repeat(32);
        let c = "c".repeat(32);
        let text = [
            line(&a, "ru-emergency", "hotline", "no_answer", "2026-11-02T10:00:00Z"),
            "not json".to_string(),
            line(
                &b,
                "tj-dushanbe-sample-shelter",
                "service",
                "closed",
                "2026-11-03T10:00:00Z",
            ),
            line(&c, "ru-emergency", "hotline", "wrong_info", "2026-11-04T10:00:00Z"),
            line(&a, "ru-emergency", "hotline", "no_answer", "2026-11-05T10:00:00Z"),
        ]
        .join("\n");
        std::fs::write(dir.path().join(REPORTS_FILE), text).unwrap();
        let listing = list(dir.path()).unwrap();
        assert_eq!(listing.total, 3);
        assert_eq!(listing.unreadable_lines, vec![2]);
        let targets: Vec<&str> = listing.groups.iter().map(|g| g.target.as_str()).collect();
        assert_eq!(targets, ["ru-emergency", "tj-dushanbe-sample-shelter"]);
        let ru = &listing.groups[0];
        assert_eq!(ru.count, 2);
        assert_eq!(ru.reports[0].report.id, c, "newest first");
        assert_eq!(ru.problems[&Problem::NoAnswer], 1);
        assert_eq!(ru.problems[&Problem::WrongInfo], 1);
    }

    #[test]
    fn an_empty_folder_has_no_reports_and_a_missing_one_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(list(dir.path()).unwrap().total, 0);
        assert!(matches!(list(&dir.path().join("nope")), Err(PublishError::Invalid(_))));
    }
}
