//! `safar publish …`: the field staff's commands.

use crate::args::{LintFormat, PublishCommand};
use crate::output::{print_json, CliError};
use chrono::Utc;
use safar_publish::repo::{self, BuildOptions, HistorySource};
use safar_publish::rotate;
use safar_publish::{lint, Severity};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// What `--continue-from` names. Without it, a new repository signed by this app's own trust
/// root is refused: the built-in default content already used seq 1, and a second history under
/// the same numbers would be a fork phones cannot tell apart.
fn history_source(out: &Path, keys: &Path, continue_from: Option<PathBuf>) -> Result<Option<HistorySource>, CliError> {
    let builtin = || HistorySource::Bundle {
        name: "the built-in default content".into(),
        bytes: safar_content::DEFAULT_BUNDLE.to_vec(),
    };
    match continue_from {
        Some(path) if path.as_os_str() == "builtin" => return Ok(Some(builtin())),
        Some(path) => return Ok(Some(HistorySource::Path(path))),
        None => {}
    }
    let new_repository = !out.join("timestamp.json").exists() && !out.join("manifests").is_dir();
    let keys_root = std::fs::read(keys.join("root/1.json")).ok();
    if new_repository && keys_root.is_some() && keys_root == builtin_root() {
        return Err(CliError::new(
            2,
            format!(
                "{} is a new repository, but {} is this app's built-in trust root, whose default content already used seq 1: add --continue-from builtin (or a .safar bundle or repository of that history)",
                out.display(),
                keys.display()
            ),
        ));
    }
    Ok(None)
}

/// `root/1.json` of the default bundle this binary ships.
fn builtin_root() -> Option<Vec<u8>> {
    use safar_core::sync::RepoSource;
    let mut bundle =
        safar_core::sync::bundle::Bundle::open(std::io::Cursor::new(safar_content::DEFAULT_BUNDLE)).ok()?;
    bundle.fetch("root/1.json", 1 << 20).ok().flatten()
}

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
            continue_from,
        } => {
            let mut opts = BuildOptions::new(&content, &out, &keys);
            opts.timestamp_expiry_days = timestamp_expiry_days;
            if let Some(url) = feedback_url {
                opts.feedback_url = (url != "none").then_some(url);
            }
            opts.delta_history = delta_history;
            opts.continue_from = history_source(&out, &keys, continue_from)?;
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
            if let Some(from) = &report.continued_from {
                say!("Continued the history of {from}");
            }
            if report.unchanged {
                say!("No changes since seq {}; {} left as it was.", report.seq, out.display());
            } else {
                say!("Published seq {} into {}", report.seq, out.display());
            }
            for c in &report.collections {
                let mark = match &c.kept_for {
                    Some(role) => format!("kept (published by {role})"),
                    None if c.changed => "updated".into(),
                    None => "same".into(),
                };
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
            if !report.outside_scope.is_empty() {
                say!(
                    "Left out (not in your key's scope): {}",
                    report.outside_scope.join(", ")
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
