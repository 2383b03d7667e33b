//! `safar search`: articles, hotlines and services in any language and either script.

use crate::output::{print_json, terminal_safe, width, wrap, CliError, BOLD, PLAIN};
use safar_core::model::language_name;
use safar_core::search::{SearchHit, SearchKind, SnippetPart};
use safar_core::Safar;
use std::io::IsTerminal;

/// Matched words in bold on a terminal, between `*` when piped (and with NO_COLOR).
fn marked(parts: &[SnippetPart]) -> String {
    let bold = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let (on, off) = if bold { (BOLD, PLAIN) } else { ("*", "*") };
    parts
        .iter()
        .map(|p| {
            let text = terminal_safe(&p.text);
            if p.matched {
                format!("{on}{text}{off}")
            } else {
                text.into_owned()
            }
        })
        .collect()
}

/// Where to go from a hit.
fn next_step(hit: &SearchHit) -> String {
    match (hit.kind, &hit.group) {
        (SearchKind::Article, Some(group)) => format!("→ safar read {group}"),
        (kind, _) => format!(
            "{} {} ({})",
            kind.as_str(),
            hit.id,
            hit.country.as_deref().unwrap_or("")
        ),
    }
}

pub fn run(safar: &Safar, query: &str, kind: Option<SearchKind>, limit: u32, json: bool) -> Result<(), CliError> {
    let results = safar.search(query, kind, limit)?;
    if json {
        return print_json(&results);
    }
    if results.terms.is_empty() {
        say!("Nothing to search for in \"{query}\": type a word, in any language.");
        return Ok(());
    }
    if results.hits.is_empty() {
        say!("No results for \"{query}\".");
        return Ok(());
    }
    let w = width();
    say!("{} result(s) for \"{query}\"", results.hits.len());
    for (n, hit) in results.hits.iter().enumerate() {
        let label = format!("[{}, {}] ", hit.kind.as_str(), language_name(&hit.lang));
        say_styled!(
            "{}",
            wrap(
                &format!("{label}{}", marked(&hit.title_parts)),
                &format!("{:>3}. ", n + 1),
                "     ",
                w
            )
        );
        if !hit.snippet.is_empty() {
            say_styled!("{}", wrap(&marked(&hit.snippet), "     ", "     ", w));
        }
        say!("     {}", next_step(hit));
    }
    Ok(())
}
