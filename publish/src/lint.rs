//! Cross-file checks on top of [`crate::source`]: translations, links between records, staleness,
//! honesty of `status`, and phone numbers pasted into articles.

use crate::source::{self, ContentSet, Loaded, Place, Places, Settings};
use crate::{Diagnostic, Severity};
use chrono::NaiveDate;
use safar_core::model::Verification;
use std::collections::BTreeSet;
use std::path::Path;

/// Loads `dir` and runs every check; `today` decides staleness. Diagnostics are sorted by file,
/// then line.
pub fn lint(dir: &Path, today: NaiveDate) -> (ContentSet, Vec<Diagnostic>) {
    let Loaded {
        content,
        places,
        mut diagnostics,
    } = source::load_detailed(dir);
    let mut lint = Lint {
        content: &content,
        places: &places,
        today,
        out: &mut diagnostics,
    };
    if let Some(settings) = &content.settings {
        lint.translations(settings);
        lint.checklist_titles(settings);
    }
    lint.links();
    lint.pasted_numbers();
    for fact in facts(&content, &places) {
        lint.fact(&fact, content.settings.as_ref());
    }
    lint.reference_times();
    source::sort_diagnostics(&mut diagnostics);
    (content, diagnostics)
}

struct Lint<'a> {
    content: &'a ContentSet,
    places: &'a Places,
    today: NaiveDate,
    out: &'a mut Vec<Diagnostic>,
}

/// A dated, sourced record: what the staleness and status checks look at.
struct Fact<'a> {
    place: &'a Place,
    /// The date's column or key, and what happened on that date.
    key: &'static str,
    verb: &'static str,
    date: NaiveDate,
    /// Articles have no status.
    status: Option<Verification>,
    source: &'a str,
    /// Remittance quotes have their own, shorter staleness limit.
    is_quote: bool,
}

fn facts<'a>(content: &'a ContentSet, places: &'a Places) -> Vec<Fact<'a>> {
    let mut facts = Vec::new();
    let mut add = |place: Option<&'a Place>, key, verb, date, status, source: &'a str| {
        if let Some(place) = place {
            facts.push(Fact {
                place,
                key,
                verb,
                date,
                status,
                source,
                is_quote: key == "collected_at",
            });
        }
    };
    for a in &content.articles {
        add(
            places.articles.get(&a.id),
            "reviewed_at",
            "reviewed",
            a.reviewed_at,
            None,
            &a.source,
        );
    }
    for h in &content.hotlines {
        add(
            places.hotlines.get(&h.id),
            "verified_at",
            "verified",
            h.verified_at,
            Some(h.status),
            &h.source,
        );
    }
    for s in &content.services {
        add(
            places.services.get(&s.id),
            "verified_at",
            "verified",
            s.verified_at,
            Some(s.status),
            &s.source,
        );
    }
    for q in &content.quotes {
        add(
            places.quotes.get(&q.id),
            "collected_at",
            "collected",
            q.collected_at,
            Some(q.status),
            &q.source,
        );
    }
    for c in &content.checklist {
        add(
            places.checklist.get(&c.id),
            "verified_at",
            "verified",
            c.verified_at,
            Some(c.status),
            &c.source,
        );
    }
    facts
}

impl Lint<'_> {
    fn report(&mut self, file: &Path, line: impl Into<Option<usize>>, severity: Severity, message: String) {
        self.out.push(Diagnostic {
            file: file.to_path_buf(),
            line: line.into(),
            severity,
            message,
        });
    }
    fn error(&mut self, file: &Path, line: impl Into<Option<usize>>, message: String) {
        self.report(file, line, Severity::Error, message);
    }
    fn warning(&mut self, file: &Path, line: impl Into<Option<usize>>, message: String) {
        self.report(file, line, Severity::Warning, message);
    }

    /// Every article in the required languages; core articles also in a Central Asian one.
    fn translations(&mut self, settings: &Settings) {
        for group in &self.places.groups {
            let has = |lang: &String| group.languages.iter().any(|(l, _)| l == lang);
            let missing: Vec<&str> = settings
                .required
                .iter()
                .filter(|l| !has(l))
                .map(String::as_str)
                .collect();
            if !missing.is_empty() {
                let msg = format!(
                    "article '{}' has no translation into {} (every article needs {})",
                    group.name,
                    missing.join(", "),
                    settings.required.join(", ")
                );
                self.error(&group.file, 1, msg);
            }
            let any = &settings.core_required_any;
            if group.core == Some(true) && !any.is_empty() && !any.iter().any(has) {
                let msg = format!(
                    "core article '{}' needs a translation into at least one of {}",
                    group.name,
                    any.join(", ")
                );
                self.error(&group.file, 1, msg);
            }
            for (lang, file) in &group.languages {
                if !settings.supported.contains(lang) {
                    let msg = format!("'{lang}' is not one of the languages in safar.toml `supported`");
                    self.error(file, None, msg);
                }
            }
        }
    }

    /// Checklist titles in every required language, or phones fall back to another one.
    fn checklist_titles(&mut self, settings: &Settings) {
        for item in &self.content.checklist {
            let Some(place) = self.places.checklist.get(&item.id) else {
                continue;
            };
            let missing: Vec<&str> = settings
                .required
                .iter()
                .filter(|l| !item.title.contains_key(*l))
                .map(String::as_str)
                .collect();
            if !missing.is_empty() {
                let msg = format!(
                    "title of '{}' has no {} text (safar.toml requires {})",
                    item.id,
                    missing.join(", "),
                    settings.required.join(", ")
                );
                self.warning(&place.file, place.line, msg);
            }
        }
    }

    /// `article:`, `hotline:` and `service:` links in bodies, `help` and checklist items resolve.
    fn links(&mut self) {
        let targets = Targets::new(self.content);
        for (file, line, text) in body_lines(self.content, self.places) {
            for link in link_targets(text) {
                if let Some((severity, msg)) = targets.check(&link) {
                    self.report(file, line, severity, msg);
                }
            }
        }
        for group in &self.places.groups {
            for (link, line) in &group.help {
                if let Some((severity, msg)) = targets.check(link) {
                    self.report(&group.file, *line, severity, format!("help: {msg}"));
                }
            }
        }
        for item in &self.content.checklist {
            let Some(group) = &item.article else { continue };
            let Some(place) = self.places.checklist.get(&item.id) else {
                continue;
            };
            if !targets.groups.contains(group.as_str()) {
                let msg =
                    format!("article: there is no article '{group}' (no articles/{group}/ with a valid translation)");
                self.error(&place.file, place.key_line("article"), msg);
            }
        }
    }

    /// Numbers change and must be checked in one place: articles link the hotline instead.
    fn pasted_numbers(&mut self) {
        for (file, line, text) in body_lines(self.content, self.places) {
            if let Some(number) = pasted_number(&without_link_targets(text)) {
                let msg =
                    format!("phone number '{number}' in the text: link the hotline instead ([name](hotline:<id>))");
                self.warning(file, line, msg);
            }
        }
    }

    /// Dates in the future, stale records, and whether `status` is honest.
    fn fact(&mut self, fact: &Fact, settings: Option<&Settings>) {
        let (file, line) = (&fact.place.file, fact.place.key_line(fact.key));
        let age = (self.today - fact.date).num_days();
        if age < 0 {
            let msg = format!("{} {} is in the future (today is {})", fact.key, fact.date, self.today);
            self.error(file, line, msg);
        }
        let limit = settings.map(|s| match fact.is_quote {
            true => (s.remittance_stale_after_days, "[remittance] stale_after_days"),
            false => (s.stale_after_days, "stale_after_days"),
        });
        if let Some((limit, setting)) = limit {
            if age > i64::from(limit) {
                let msg = format!(
                    "stale: {} {age} days ago (safar.toml {setting} allows {limit}); check it again and update {}",
                    fact.verb, fact.key
                );
                self.warning(file, line, msg);
            }
        }
        let line = fact.place.line;
        match fact.status {
            Some(Verification::Verified) if fact.source.trim().is_empty() => {
                let msg = "status is 'verified' but 'source' is empty: say what it was checked against".to_string();
                self.error(file, line, msg);
            }
            Some(Verification::Unverified) if fact.source.trim().is_empty() => {
                self.warning(file, line, "'source' is empty: say where this comes from".to_string());
            }
            _ => {}
        }
        self.sample_status(fact, settings);
    }

    /// A sample repository holds invented or unchecked data; a real one holds no invented data.
    fn sample_status(&mut self, fact: &Fact, settings: Option<&Settings>) {
        let (Some(settings), Some(status)) = (settings, fact.status) else {
            return;
        };
        let (file, line) = (&fact.place.file, fact.place.line);
        match status {
            Verification::Verified if settings.sample => {
                let msg = "status 'verified' in a sample repository (safar.toml: sample = true): use 'unverified' or 'sample'";
                self.warning(file, line, msg.to_string());
            }
            Verification::Sample if !settings.sample => {
                let msg = "status 'sample' (invented data) in a repository that is not marked sample in safar.toml";
                self.error(file, line, msg.to_string());
            }
            _ => {}
        }
    }

    /// Exchange rates cannot be taken in the future either.
    fn reference_times(&mut self) {
        for quote in &self.content.quotes {
            let Some(place) = self.places.quotes.get(&quote.id) else {
                continue;
            };
            if quote.reference_at.date_naive() > self.today {
                let msg = format!(
                    "reference_at {} is in the future (today is {})",
                    quote.reference_at.to_rfc3339(),
                    self.today
                );
                self.error(&place.file, place.line, msg);
            }
        }
    }
}

/// Every line of every article body, with its file and line number.
fn body_lines<'a>(content: &'a ContentSet, places: &'a Places) -> impl Iterator<Item = (&'a Path, usize, &'a str)> {
    content.articles.iter().flat_map(move |article| {
        let place = places.articles.get(&article.id);
        let lines = place.map(|p| (p.file.as_path(), p.key_line("body")));
        lines.into_iter().flat_map(move |(file, first)| {
            (article.body.lines().enumerate()).map(move |(n, text)| (file, first + n, text))
        })
    })
}

/// Everything a content link can point at.
struct Targets<'a> {
    /// Article groups with at least one valid translation.
    groups: BTreeSet<&'a str>,
    hotlines: BTreeSet<&'a str>,
    services: BTreeSet<&'a str>,
}

impl<'a> Targets<'a> {
    fn new(content: &'a ContentSet) -> Targets<'a> {
        Targets {
            groups: content.articles.iter().map(|a| a.group.as_str()).collect(),
            hotlines: content.hotlines.iter().map(|h| h.id.as_str()).collect(),
            services: content.services.iter().map(|s| s.id.as_str()).collect(),
        }
    }

    /// `None` when `link` is fine; otherwise how bad it is and why.
    fn check(&self, link: &str) -> Option<(Severity, String)> {
        let missing = |what: &str, place: &str| {
            Some((
                Severity::Error,
                format!("link '{link}': there is no {what} (see {place})"),
            ))
        };
        match link.split_once(':') {
            Some(("article", id)) if !self.groups.contains(id) => missing(
                &format!("article '{id}'"),
                &format!("articles/{id}/; it needs at least one valid translation"),
            ),
            Some(("hotline", id)) if !self.hotlines.contains(id) => missing(&format!("hotline '{id}'"), "hotlines.csv"),
            Some(("service", id)) if !self.services.contains(id) => missing(&format!("service '{id}'"), "services.csv"),
            Some(("article" | "hotline" | "service" | "http" | "https" | "mailto", _)) => None,
            Some(("tel", _)) => Some((
                Severity::Warning,
                format!("link '{link}' dials a number: link the hotline instead"),
            )),
            _ => Some((
                Severity::Error,
                format!("link '{link}' goes nowhere the app can open (use article:, hotline:, service: or https://)"),
            )),
        }
    }
}

/// Link destinations in one Markdown line: `[text](dest)`, `[label]: dest` and `<scheme:dest>`.
fn link_targets(line: &str) -> Vec<String> {
    let mut targets = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find("](") {
        let after = &rest[start + 2..];
        let end = after.find(')').unwrap_or(after.len());
        targets.push(first_word(&after[..end]).to_string());
        rest = &after[end..];
    }
    let trimmed = line.trim_start();
    if let (true, Some(pos)) = (trimmed.starts_with('['), trimmed.find("]:")) {
        targets.push(first_word(&trimmed[pos + 2..]).to_string());
    }
    // Autolinks, outside the inline destinations already taken.
    let plain = without_link_targets(line);
    let mut rest = plain.as_str();
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let end = after.find('>').unwrap_or(after.len());
        let inner = &after[..end];
        if inner.contains(':') && !inner.contains(char::is_whitespace) {
            targets.push(inner.to_string());
        }
        rest = &after[end..];
    }
    targets.retain(|t| !t.is_empty());
    targets
}

/// The destination without angle brackets or a title (`<dest> "title"`).
fn first_word(dest: &str) -> &str {
    let dest = dest.trim().trim_start_matches('<');
    dest.split(|c: char| c == '>' || c.is_whitespace())
        .next()
        .unwrap_or_default()
}

/// The line with link destinations blanked, so URLs with long digit runs are not phone numbers.
fn without_link_targets(line: &str) -> String {
    let mut text = String::new();
    let mut rest = line;
    while let Some(start) = rest.find("](") {
        text.push_str(&rest[..start + 2]);
        let after = &rest[start + 2..];
        rest = &after[after.find(')').unwrap_or(after.len())..];
    }
    text.push_str(rest);
    text
}

/// The first run of digits and phone punctuation that looks like a phone number: `+` and 7 or
/// more digits, 7 digits in a row, or the Russian domestic `8 800 …` form.
fn pasted_number(line: &str) -> Option<String> {
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let plus = chars[i] == '+' && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        let at_word_start = i == 0 || !chars[i - 1].is_alphanumeric();
        if !(plus || chars[i].is_ascii_digit()) || !at_word_start {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() && (chars[j].is_ascii_digit() || " -().".contains(chars[j])) {
            j += 1;
        }
        let run: String = chars[i..j].iter().collect();
        let run = run.trim_end_matches(|c: char| !c.is_ascii_digit());
        if looks_like_phone(run) {
            return Some(run.to_string());
        }
        i = j;
    }
    None
}

fn looks_like_phone(run: &str) -> bool {
    let digits = run.chars().filter(char::is_ascii_digit).count();
    let longest = run
        .split(|c: char| !c.is_ascii_digit())
        .map(str::len)
        .max()
        .unwrap_or(0);
    let domestic = run.starts_with('8') && digits == 11 && run[1..].starts_with([' ', '(', '-']);
    (run.starts_with('+') && digits >= 7) || longest >= 7 || domestic
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_pasted_phone_numbers_but_not_dates_or_amounts() {
        assert_eq!(
            pasted_number("Call +7 800 000 00 01 now").as_deref(),
            Some("+7 800 000 00 01")
        );
        assert_eq!(
            pasted_number("Звоните 8 (800) 555-35-35.").as_deref(),
            Some("8 (800) 555-35-35")
        );
        assert_eq!(pasted_number("code 4951234567").as_deref(), Some("4951234567"));
        for fine in [
            "by 2026-11-01 or 2027-01-01",
            "up to 1 500 000 roubles",
            "call 112",
            "ст. 13.3, 15.1",
            "(+7)",
        ] {
            assert_eq!(pasted_number(fine), None, "{fine}");
        }
    }

    #[test]
    fn extracts_link_targets() {
        let line = "See [a](article:x), [b](<hotline:y> \"t\") and <service:z>; [c](https://e.org/1234567).";
        assert_eq!(
            link_targets(line),
            ["article:x", "hotline:y", "https://e.org/1234567", "service:z"]
        );
        assert_eq!(link_targets("[ref]: hotline:q"), ["hotline:q"]);
        assert_eq!(pasted_number(&without_link_targets(line)), None);
    }
}
