//! `safar publish reports`: the problem reports phones sent, for field staff to check.

use crate::output::{print_json, width, wrap, CliError};
use safar_publish::reports;
use std::path::Path;

pub fn run(dir: &Path, json: bool) -> Result<(), CliError> {
    let listing = reports::list(dir)?;
    if json {
        return print_json(&listing);
    }
    let w = width();
    if listing.groups.is_empty() {
        say!("No reports yet in {}.", listing.file.display());
    } else {
        say!(
            "{} report(s) about {} entr{} — {}",
            listing.total,
            listing.groups.len(),
            if listing.groups.len() == 1 { "y" } else { "ies" },
            listing.file.display()
        );
    }
    for g in &listing.groups {
        let problems: Vec<String> = g.problems.iter().map(|(p, n)| format!("{p} ×{n}")).collect();
        say!(
            "\n{}:{} — {} report(s): {} — latest {}",
            g.kind.as_str(),
            g.target,
            g.count,
            problems.join(", "),
            g.latest.format("%Y-%m-%d %H:%M UTC")
        );
        for r in &g.reports {
            let mut line = format!(
                "{} {} ({}, made {})",
                r.received_at.format("%Y-%m-%d %H:%M"),
                r.report.problem,
                r.report.app,
                r.report.created_at.format("%Y-%m-%d %H:%M")
            );
            if !r.report.note.is_empty() {
                line.push_str(&format!(": {}", r.report.note));
            }
            say_raw!("{}", wrap(&line, "  • ", "    ", w));
        }
    }
    if !listing.unreadable_lines.is_empty() {
        let lines: Vec<String> = listing.unreadable_lines.iter().map(|n| n.to_string()).collect();
        eprintln!(
            "safar: warning: {} line(s) of {} are not reports and were skipped (line {})",
            lines.len(),
            listing.file.display(),
            lines.join(", ")
        );
    }
    Ok(())
}
