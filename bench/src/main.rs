//! `cargo run --release -p safar-bench [-- --smoke]`: generates the national-scale corpus,
//! publishes it with the real publisher and dev keys, measures import, delta sync, search, home,
//! services, remittance and the cdylib size, prints a table and writes `docs/BENCHMARKS.md`.
//!
//! Memory and cold-start figures come from child processes (this binary re-run with a
//! sub-command), so each number has a fresh process and its own peak RSS (VmHWM).

mod generate;
mod measure;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("child") => measure::child(&args[1..]),
        _ => measure::run(args.iter().any(|a| a == "--smoke")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("safar-bench: {e}");
            ExitCode::FAILURE
        }
    }
}
