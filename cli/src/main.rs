//! `safar`: the terminal shell of the Safar app, and the field staff's publishing tool.
//!
//! Exit codes: 0 success · 1 storage or file error · 2 bad input or usage · 3 not found ·
//! 4 content rejected by verification · 5 content has lint errors.

#[macro_use]
mod output;
mod args;
mod commands;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return output::usage_error(e),
    };
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => output::fail(&e),
    }
}
