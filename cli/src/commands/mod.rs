//! One module per command group; `run` dispatches.

mod checklist;
mod directory;
mod health;
mod personal;
mod publish;
mod reader;
mod remit;
mod reports;
mod search;
mod serve;
mod sync;

use crate::args::{Cli, Command};
use crate::output::CliError;
use safar_core::{AppConfig, Safar};
use std::path::PathBuf;

pub fn run(cli: Cli) -> Result<(), CliError> {
    let json = cli.json;
    match cli.command {
        Command::Publish(cmd) => publish::run(cmd, json),
        Command::Remit(args) => remit::run(&open(cli.db)?, args, json),
        command @ (Command::Hotlines(_) | Command::Services(_) | Command::Report(_)) => {
            directory::run(&open(cli.db)?, command, json)
        }
        Command::Serve(args) => serve::run(args, json),
        Command::Sync(args) => sync::sync(&open(cli.db)?, args, json),
        Command::Export { file } => sync::export(&open(cli.db)?, &file, json),
        command => {
            let safar = open(cli.db)?;
            reader::run(&safar, command, json)
        }
    }
}

/// The database: `--db`/`SAFAR_DB`, else `$XDG_DATA_HOME/safar/safar.db` (or
/// `~/.local/share/safar/safar.db`). A new database gets the embedded default content.
fn open(db: Option<PathBuf>) -> Result<Safar, CliError> {
    let path = match db {
        Some(p) => p,
        None => {
            let base = std::env::var_os("XDG_DATA_HOME")
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
                .ok_or_else(|| CliError::new(2, "cannot find a place for the database: set --db or SAFAR_DB"))?;
            let dir = base.join("safar");
            std::fs::create_dir_all(&dir)
                .map_err(|e| CliError::new(1, format!("cannot create {}: {e}", dir.display())))?;
            dir.join("safar.db")
        }
    };
    Ok(Safar::open(&path, app_config())?)
}

pub fn app_config() -> AppConfig {
    AppConfig {
        trusted_root: safar_content::TRUSTED_ROOT.to_vec(),
        trusted_root_signatures: safar_content::TRUSTED_ROOT_SIGNATURES.to_vec(),
        default_bundle: Some(safar_content::DEFAULT_BUNDLE),
    }
}
