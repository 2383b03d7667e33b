//! `safar serve REPO`: the repository over HTTP for phones on the same network.

use crate::args::ServeArgs;
use crate::output::{print_json, CliError};
use safar_publish::serve::{ServeOptions, Server};

pub fn run(args: ServeArgs, json: bool) -> Result<(), CliError> {
    let server = Server::bind(
        &args.addr,
        ServeOptions {
            repo: args.repo.clone(),
            reports: args.reports.clone(),
            feedback_path: args.feedback_path.clone(),
            log: !args.quiet,
        },
    )?;
    let addr = server.local_addr().map_err(|e| CliError::new(1, e.to_string()))?;
    let reports = args.reports.join("reports.jsonl");
    if json {
        print_json(&serde_json::json!({
            "repo": args.repo,
            "addr": addr.to_string(),
            "url": format!("http://{addr}"),
            "reports": reports,
        }))?;
    } else {
        say!("Serving {} at http://{addr}", args.repo.display());
        say!(
            "Phones update with: safar sync http://<this computer's address>:{}",
            addr.port()
        );
        say!("Feedback reports go to {}. Stop with Ctrl-C.", reports.display());
    }
    server.run()?;
    Ok(())
}
