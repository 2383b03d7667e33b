//! `safar bookmark` and `safar wipe`: the user's own traces.

use crate::output::{print_json, width, wrap, CliError};
use safar_core::model::language_name;
use safar_core::personal::SavedArticle;
use safar_core::Safar;

/// How many recently read articles `safar bookmark` lists.
const RECENT: u32 = 10;

fn saved_lines(items: &[SavedArticle], w: usize) -> String {
    let mut out = String::new();
    for s in items {
        let day = s.at.get(..10).unwrap_or(&s.at);
        match &s.article {
            Some(a) => {
                let lang = if a.is_fallback {
                    format!(" [{}]", language_name(&a.lang))
                } else {
                    String::new()
                };
                out.push_str(&wrap(&format!("{}{lang} ({day})", a.title), "  · ", "    ", w));
                out.push_str(&format!("    → safar read {}\n", s.group));
            }
            None => out.push_str(&wrap(
                &format!("{} — no longer available on this phone ({day})", s.group),
                "  · ",
                "    ",
                w,
            )),
        }
    }
    out
}

pub fn bookmark(safar: &Safar, id: Option<&str>, remove: bool, json: bool) -> Result<(), CliError> {
    match (id, remove) {
        (Some(id), true) => {
            let removed = safar.remove_bookmark(id)?;
            if json {
                return print_json(&serde_json::json!({ "removed": removed, "id": id }));
            }
            if removed {
                say!("Bookmark removed: {id}");
            } else {
                say!("There was no bookmark for {id}.");
            }
            Ok(())
        }
        (Some(id), false) => {
            let saved = safar.add_bookmark(id)?;
            if json {
                return print_json(&saved);
            }
            let title = saved
                .article
                .as_ref()
                .map_or(saved.group.as_str(), |a| a.title.as_str());
            say!("Bookmarked: {title}");
            Ok(())
        }
        (None, _) => {
            let bookmarks = safar.bookmarks()?;
            let recent = safar.recently_read(RECENT)?;
            if json {
                return print_json(&serde_json::json!({ "bookmarks": bookmarks, "recently_read": recent }));
            }
            let w = width();
            say!("BOOKMARKS");
            if bookmarks.is_empty() {
                say!("  None yet. Bookmark an article: safar bookmark ID");
            }
            say_raw!("{}", saved_lines(&bookmarks, w));
            say!("\nRECENTLY READ");
            if recent.is_empty() {
                say!("  Nothing yet.");
            }
            say_raw!("{}", saved_lines(&recent, w));
            Ok(())
        }
    }
}

pub fn wipe(safar: &Safar, yes: bool, json: bool) -> Result<(), CliError> {
    if !yes {
        return Err(CliError::new(
            2,
            "this removes your profile, checklist progress, bookmarks and reading history; to confirm run: safar wipe --yes",
        ));
    }
    let report = safar.wipe_personal_data()?;
    if json {
        return print_json(&report);
    }
    say!(
        "Personal data removed: profile ({}), checklist progress ({}), bookmarks ({}), reading history ({}), reports ({}), home region ({}). Content is kept.",
        report.profile,
        report.checklist_progress,
        report.bookmarks,
        report.reading_history,
        report.outbox,
        report.home_region
    );
    Ok(())
}
