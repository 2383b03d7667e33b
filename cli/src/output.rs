//! Terminal output: errors as one line with a meaningful exit code, wrapped text, and the
//! core's article blocks rendered for a terminal.

/// `println!` that ignores a closed pipe (`safar read x | head` must not panic).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// `print!` that ignores a closed pipe.
macro_rules! say_raw {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($arg)*);
    }};
}

use safar_core::render::{plain, Block, CalloutKind, LinkTarget, Span};
use std::process::ExitCode;

/// An error ready for the user: one line, and the exit code that classifies it.
#[derive(Debug)]
pub struct CliError {
    pub code: u8,
    pub message: String,
}

impl CliError {
    pub fn new(code: u8, message: impl Into<String>) -> CliError {
        CliError {
            code,
            message: message.into(),
        }
    }
}

impl From<safar_core::Error> for CliError {
    fn from(e: safar_core::Error) -> CliError {
        use safar_core::Error::*;
        let code = match &e {
            InvalidInput(_) => 2,
            NotFound(_) => 3,
            Rejected(_) => 4,
            Storage(_) | Io(_) | StorageFull { .. } | UpdateRunning => 1,
        };
        CliError::new(code, e.to_string())
    }
}

impl From<safar_publish::PublishError> for CliError {
    fn from(e: safar_publish::PublishError) -> CliError {
        use safar_publish::PublishError::*;
        let code = match &e {
            Invalid(_) => 2,
            ContentErrors(_) => 5,
            Io { .. } => 1,
        };
        CliError::new(code, e.to_string())
    }
}

pub fn fail(e: &CliError) -> ExitCode {
    let line = e.message.lines().next().unwrap_or("unknown error");
    eprintln!("safar: error: {line}");
    ExitCode::from(e.code)
}

/// Clap's errors, cut to their first line (help and version are printed whole).
pub fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind::*;
    if matches!(
        e.kind(),
        DisplayHelp | DisplayVersion | DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = e.print();
        return if e.kind() == DisplayHelpOnMissingArgumentOrSubcommand {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        };
    }
    let rendered = e.render().to_string();
    let mut lines = rendered.lines().skip_while(|l| l.trim().is_empty());
    let first = lines.next().unwrap_or("invalid arguments");
    let mut first = first.strip_prefix("error: ").unwrap_or(first).to_string();
    // "the following required arguments were not provided:" lists them on the next lines.
    if first.ends_with(':') {
        let listed: Vec<&str> = lines.take_while(|l| !l.trim().is_empty()).map(str::trim).collect();
        first = format!("{first} {}", listed.join(", "));
    }
    eprintln!("safar: error: {first} (see safar --help)");
    ExitCode::from(2)
}

pub fn print_json<T: serde::Serialize>(value: &T) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value).map_err(|e| CliError::new(1, e.to_string()))?;
    say!("{text}");
    Ok(())
}

/// Text width: `COLUMNS` if set, else 80, never over 100 (long lines are hard to read).
pub fn width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(80)
        .clamp(40, 100)
}

/// Greedy word wrap; `first` prefixes the first line, `rest` the others.
pub fn wrap(text: &str, first: &str, rest: &str, width: usize) -> String {
    let mut out = String::new();
    for (n, paragraph) in text.split('\n').enumerate() {
        let mut line = String::from(if n == 0 { first } else { rest });
        let mut line_len = line.chars().count();
        let mut empty = true;
        for word in paragraph.split_whitespace() {
            let wlen = word.chars().count();
            if !empty && line_len + 1 + wlen > width {
                out.push_str(line.trim_end());
                out.push('\n');
                line = rest.to_string();
                line_len = line.chars().count();
                empty = true;
            }
            if !empty {
                line.push(' ');
                line_len += 1;
            }
            line.push_str(word);
            line_len += wlen;
            empty = false;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Spans as terminal text: links keep their text and show where they go.
fn spans_text(spans: &[Span]) -> String {
    let mut s = String::new();
    for span in spans {
        s.push_str(&span.text);
        if let Some(link) = &span.link {
            s.push_str(&match link {
                LinkTarget::Article { group } => format!(" [→ safar read {group}]"),
                LinkTarget::Hotline { id } => format!(" [☎ hotline {id}]"),
                LinkTarget::Service { id } => format!(" [⌂ service {id}]"),
                LinkTarget::Tel { number } => format!(" [☎ {number}]"),
                LinkTarget::Audio { .. } => " [♪ audio]".to_string(),
                LinkTarget::Web { url } => format!(" <{url}>"),
            });
        }
    }
    s
}

pub fn render_blocks(blocks: &[Block], width: usize) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Heading { level, spans } => {
                let title = plain(spans);
                out.push('\n');
                out.push_str(&title);
                out.push('\n');
                let under = if *level <= 2 { '=' } else { '-' };
                out.push_str(&under.to_string().repeat(title.chars().count().min(width)));
                out.push('\n');
            }
            Block::Paragraph { spans } => {
                out.push('\n');
                out.push_str(&wrap(&spans_text(spans), "", "", width));
            }
            Block::ListItem { number, depth, spans } => {
                let indent = "   ".repeat(*depth as usize);
                let marker = if *number > 0 {
                    format!("{indent}{number:>2}. ")
                } else {
                    format!("{indent}  • ")
                };
                let hang = " ".repeat(marker.chars().count());
                out.push_str(&wrap(&spans_text(spans), &marker, &hang, width));
            }
            Block::Callout { kind, paragraphs } => {
                let label = match kind {
                    CalloutKind::Warning | CalloutKind::Caution => "⚠ WARNING",
                    CalloutKind::Important => "! IMPORTANT",
                    CalloutKind::Tip => "✓ TIP",
                    CalloutKind::Note => "i NOTE",
                };
                out.push('\n');
                out.push_str(&format!("┃ {label}\n"));
                for p in paragraphs {
                    out.push_str(&wrap(&spans_text(p), "┃ ", "┃ ", width));
                }
            }
            Block::Quote { paragraphs } => {
                out.push('\n');
                for p in paragraphs {
                    out.push_str(&wrap(&spans_text(p), "│ ", "│ ", width));
                }
            }
            Block::Image { alt, .. } => out.push_str(&format!("\n[image: {alt}]\n")),
            Block::Rule => out.push_str(&format!("\n{}\n", "─".repeat(width.min(40)))),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_width_with_hanging_indent() {
        let text = wrap("one two three four five six", " 1. ", "    ", 14);
        assert_eq!(text, " 1. one two\n    three four\n    five six\n");
    }
}
