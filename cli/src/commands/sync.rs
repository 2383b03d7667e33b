//! `safar sync URL` and `safar export FILE`: moving content between devices.

use crate::args::SyncArgs;
use crate::output::{print_json, CliError};
use safar_core::feedback::{NotSent, ReportDelivery};
use safar_core::sync::http::{HttpOptions, SyncProgress, SyncProgressEvent, SyncStage};
use safar_core::sync::update::{CancelToken, UpdateMethod};
use safar_core::Safar;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A one-line progress bar on stderr, redrawn at most ten times a second; silent when stderr is
/// not a terminal (logs and pipes get the final report only).
struct ProgressBar {
    enabled: bool,
    last: Mutex<Option<Instant>>,
}

impl ProgressBar {
    fn new() -> Self {
        ProgressBar {
            enabled: std::io::stderr().is_terminal(),
            last: Mutex::new(None),
        }
    }

    fn finish(&self) {
        if self.enabled {
            eprint!("\r{:79}\r", "");
        }
    }
}

fn kib(bytes: u64) -> String {
    if bytes < 10 * 1024 {
        format!("{bytes} B")
    } else if bytes < 10 * 1024 * 1024 {
        format!("{} KB", bytes / 1024)
    } else {
        format!("{} MB", bytes / (1024 * 1024))
    }
}

impl SyncProgress for ProgressBar {
    fn on_progress(&self, e: &SyncProgressEvent) {
        if !self.enabled {
            return;
        }
        let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        let complete = e.file_total == Some(e.file_bytes);
        if last.is_some_and(|t| t.elapsed() < Duration::from_millis(100)) && !complete {
            return;
        }
        *last = Some(Instant::now());
        let what = e.collection.clone().unwrap_or_else(|| e.file.clone());
        let line = match (e.stage, e.file_total) {
            (SyncStage::Apply, _) => format!("applying {what}"),
            (_, Some(total)) if total > 0 => {
                let filled = (e.file_bytes.min(total) * 20 / total) as usize;
                format!(
                    "[{}{}] {:>3}% {what:<16} {} received",
                    "#".repeat(filled),
                    ".".repeat(20 - filled),
                    e.file_bytes.min(total) * 100 / total,
                    kib(e.downloaded)
                )
            }
            _ => format!("checking {what} · {} received", kib(e.downloaded)),
        };
        let line: String = line.chars().take(79).collect();
        eprint!("\r{line:79}");
        let _ = std::io::stderr().flush();
    }
}

pub fn sync(safar: &Safar, args: SyncArgs, json: bool) -> Result<(), CliError> {
    let options = HttpOptions {
        connect_timeout: Duration::from_secs_f64(args.connect_timeout),
        stall_timeout: Duration::from_secs_f64(args.stall_timeout),
        retries: args.retries,
        ..HttpOptions::default()
    };
    let bar = ProgressBar::new();
    let result = safar.sync(&args.url, &options, &bar, &CancelToken::new());
    bar.finish();
    let report = result?;
    if json {
        return print_json(&report);
    }
    if report.up_to_date {
        say!(
            "Already up to date (seq {}); {} byte(s) checked.",
            report.seq,
            report.bytes_downloaded
        );
        say_reports(&report.reports);
        return Ok(());
    }
    say!(
        "Updated to seq {} (was {}), {} downloaded.",
        report.seq,
        report.previous_seq.map_or("none".into(), |s| s.to_string()),
        kib(report.bytes_downloaded)
    );
    for c in &report.collections_updated {
        let how = match (c.method, c.fell_back_to_full) {
            (UpdateMethod::Delta, _) => "delta",
            (UpdateMethod::Full, true) => "full (delta did not match)",
            (UpdateMethod::Full, false) => "full",
        };
        say!(
            "  {:<18} v{} → v{}  {how}, {}",
            c.name,
            c.from_version.map_or("-".into(), |v| v.to_string()),
            c.to_version,
            kib(c.bytes_downloaded)
        );
    }
    for name in &report.collections_removed {
        say!("  {name:<18} removed (not needed by your profile, or withdrawn)");
    }
    if report.attachments_fetched > 0 {
        say!("  {} audio file(s) downloaded", report.attachments_fetched);
    }
    if let Some(why) = &report.attachments_error {
        say!(
            "  {} audio file(s) not downloaded yet ({why}); the next update tries again",
            report.attachments_missing
        );
    }
    say_reports(&report.reports);
    Ok(())
}

/// One line on the problem reports this sync sent, or why they wait. Silent when none waited.
fn say_reports(delivery: &ReportDelivery) {
    if delivery.sent > 0 {
        say!("Sent {} problem report(s) to the publisher.", delivery.sent);
    }
    if let Some(why) = &delivery.not_sent {
        let why = match why {
            NotSent::NoEndpoint => "this repository has no feedback address".to_string(),
            NotSent::Offline { .. } => "the feedback address could not be reached".to_string(),
            NotSent::ServerError { status, .. } => format!("the feedback server answered {status}"),
            NotSent::BadEndpoint { message } => message.clone(),
        };
        say!(
            "{} problem report(s) not sent ({why}); they wait for the next sync.",
            delivery.waiting
        );
    }
}

pub fn export(safar: &Safar, file: &Path, json: bool) -> Result<(), CliError> {
    let report = safar.export_bundle(file)?;
    if json {
        return print_json(&report);
    }
    say!(
        "Exported seq {} ({} collection(s), {}) to {}",
        report.seq,
        report.collections.len(),
        kib(report.bytes),
        report.file
    );
    say!(
        "Another phone can check and import it with: safar import {}",
        report.file
    );
    Ok(())
}
