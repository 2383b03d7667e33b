//! `safar publish …`: the field staff's commands.

use crate::args::{LintFormat, PublishCommand};
use crate::output::{print_json, CliError};
use chrono::Utc;
use safar_publish::repo::{self, BuildOptions};
use safar_publish::rotate;
use safar_publish::{lint, Severity};
use serde::Serialize;

pub fn run(cmd: PublishCommand, json: bool) -> Result<(), CliError> {
    match cmd {
        PublishCommand::Keygen { dir, root_expiry_days } => {
            let report = repo::keygen(&dir, Utc::now(), root_expiry_days)?;
            if json {
                return print_json(&report);
            }
            say!("Created keys in {}", report.dir.display());
            say!(
                "  root keys (threshold {} of 3): {}",
                report.root_threshold,
                report.root_keys.join(", ")
            );
            say!("  timestamp key: {}", report.timestamp_key);
            say!("  publisher key: {} (may sign every collection)", report.publisher_key);
            say!("Move root-*.key to offline storage; they are only needed to sign a new root.");
            Ok(())
        }
        PublishCommand::Lint { content, format } => {
            let json = json || format == LintFormat::Json;
            if !content.join("safar.toml").is_file() {
                return Err(CliError::new(
                    2,
                    format!("{} is not a content folder (no safar.toml)", content.display()),
                ));
            }
            let (_, diagnostics) = lint::lint(&content, Utc::now().date_naive());
            let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
            let warnings = diagnostics.len() - errors;
            if json {
                #[derive(Serialize)]
                struct Item {
                    file: String,
                    line: Option<usize>,
                    severity: &'static str,
                    message: String,
                }
                let items: Vec<Item> = diagnostics
                    .iter()
                    .map(|d| Item {
                        file: content.join(&d.file).display().to_string(),
                        line: d.line,
                        severity: if d.severity == Severity::Error {
                            "error"
                        } else {
                            "warning"
                        },
                        message: d.message.clone(),
                    })
                    .collect();
                print_json(&serde_json::json!({ "errors": errors, "warnings": warnings, "diagnostics": items }))?;
            } else {
                for d in &diagnostics {
                    let mut shown = d.clone();
                    shown.file = content.join(&d.file);
                    eprintln!("{shown}");
                }
                eprintln!("{}: {errors} error(s), {warnings} warning(s)", content.display());
            }
            if errors > 0 {
                return Err(CliError::new(5, format!("{} has {errors} error(s)", content.display())));
            }
            Ok(())
        }
        PublishCommand::Build {
            content,
            out,
            keys,
            bundle,
            timestamp_expiry_days,
            feedback_url,
            delta_history,
        } => {
            let mut opts = BuildOptions::new(&content, &out, &keys);
            opts.timestamp_expiry_days = timestamp_expiry_days;
            opts.feedback_url = feedback_url;
            opts.delta_history = delta_history;
            let report = repo::build(&opts)?;
            let bundle_size = match &bundle {
                Some(path) => Some(repo::pack(&out, path)?),
                None => None,
            };
            if json {
                return print_json(
                    &serde_json::json!({ "build": report, "bundle": bundle, "bundle_bytes": bundle_size }),
                );
            }
            if report.unchanged {
                say!("No changes since seq {}; {} left as it was.", report.seq, out.display());
            } else {
                say!("Published seq {} into {}", report.seq, out.display());
            }
            for c in &report.collections {
                let mark = if c.changed { "updated" } else { "same" };
                let deltas = if c.deltas_from.is_empty() {
                    String::new()
                } else {
                    let from: Vec<String> = c.deltas_from.iter().map(|v| format!("v{v}")).collect();
                    format!(", deltas from {}", from.join(" "))
                };
                say!(
                    "  {:<18} v{:<4} {:>6} records  {mark}{deltas}",
                    c.name,
                    c.version,
                    c.records
                );
            }
            if report.warnings > 0 {
                say!(
                    "{} lint warning(s): see `safar publish lint {}`",
                    report.warnings,
                    content.display()
                );
            }
            if let (Some(path), Some(size)) = (bundle, bundle_size) {
                say!("Bundle: {} ({size} bytes)", path.display());
            }
            Ok(())
        }
        PublishCommand::Reports { dir, csv } => super::reports::run(&dir, csv.as_deref(), json),
        PublishCommand::Timestamp {
            repo,
            keys,
            expiry_days,
        } => {
            let report = rotate::resign_timestamp(&repo, &keys, Utc::now(), expiry_days)?;
            if json {
                return print_json(&report);
            }
            say!(
                "Re-signed {}/timestamp.json: seq {}, valid until {}",
                repo.display(),
                report.seq,
                report.expires.format("%Y-%m-%d %H:%M UTC")
            );
            Ok(())
        }
        PublishCommand::RootRotate {
            keys,
            replace,
            add_publisher,
            remove_publisher,
            expiry_days,
        } => {
            let opts = rotate::RotateOptions {
                replace,
                add_publishers: add_publisher,
                remove_publishers: remove_publisher,
                expiry_days,
            };
            let report = rotate::rotate_root(&keys, &opts, Utc::now())?;
            if json {
                return print_json(&report);
            }
            say!("Wrote {}/root/{}.json", keys.display(), report.version);
            for (name, old, new) in &report.replaced {
                say!("  replaced {name}: {old} → {new} (old key moved to retired/)");
            }
            for (name, id, patterns) in &report.added {
                say!("  added publisher {name}: {id}, may sign {}", patterns.join(", "));
            }
            for name in &report.removed {
                say!("  removed publisher {name}");
            }
            say!(
                "Signed by {}. Next: safar publish build (or publish timestamp) to publish it.",
                report.signed_by.join(", ")
            );
            Ok(())
        }
    }
}
