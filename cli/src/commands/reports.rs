//! `safar publish reports`: the problem reports phones sent, for field staff to check.

use crate::output::{print_json, width, wrap, CliError};
use safar_publish::reports;
use std::path::Path;

pub fn run(dir: &Path, csv: Option<&Path>, json: bool) -> Result<(), CliError> {
    let listing = reports::list(dir)?;
    if let Some(file) = csv {
        // Written next to the target and renamed, so a failed export leaves no half file.
        let partial = file.with_extension("csv.partial");
        let written = std::fs::File::create(&partial)
            .map_err(|e| CliError::new(1, format!("cannot write {}: {e}", partial.display())))
            .and_then(|f| reports::write_csv(&listing, std::io::BufWriter::new(f)).map_err(CliError::from))
            .and_then(|()| {
                std::fs::rename(&partial, file)
                    .map_err(|e| CliError::new(1, format!("cannot write {}: {e}", file.display())))
            });
        if let Err(e) = written {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
        eprintln!("safar: wrote {} report(s) to {}", listing.total, file.display());
    }
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
            "\n{}:{} — {} report(s) from {} install(s): {} — latest {}",
            g.kind.as_str(),
            g.target,
            g.count,
            g.installs,
            problems.join(", "),
            g.latest.format("%Y-%m-%d %H:%M UTC")
        );
        for r in &g.reports {
            let p = &r.report;
            let tried = match p.attempted_at {
                Some(t) => format!("tried {}", t.format("%Y-%m-%d %H:%M (UTC%:z)")),
                None => "time of the attempt not given".to_string(),
            };
            let open = match p.scheduled_open {
                Some(true) => "scheduled open",
                Some(false) => "scheduled CLOSED",
                None => "hours unknown",
            };
            let mut line = format!(
                "{} {tried}, {open}, dialled {}, content seq {} (received {}, {})",
                p.problem,
                p.number.as_deref().unwrap_or("?"),
                p.content_seq.map_or("?".to_string(), |s| s.to_string()),
                r.received_at.format("%Y-%m-%d %H:%M UTC"),
                p.app,
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
