//! Cross-file checks on top of [`crate::source`]: translations, links between records, staleness,
//! honesty of `status`, phone numbers pasted into articles, Markdown the phones cannot show,
//! quotes that would rank wrongly, and regions against the declared lists.

use crate::source::{self, ContentSet, Loaded, Place, Places, Settings};
use crate::{Diagnostic, Severity};
use chrono::NaiveDate;
use pulldown_cmark::{Event, Options, Parser, Tag};
use safar_core::model::{Decimal, RemittanceQuote, Verification};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

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
    lint.markup();
    lint.quotes();
    lint.regions();
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
    /// Links to a record that was refused are folded into one error naming the record's own
    /// problem, so the real cause is not buried under its consequences.
    fn links(&mut self) {
        let targets = Targets::new(self.content);
        let mut folded: BTreeMap<String, Vec<(PathBuf, usize)>> = BTreeMap::new();
        let mut sites: Vec<(PathBuf, usize, String, &str)> = Vec::new();
        for (file, line, text) in body_lines(self.content, self.places) {
            for link in link_targets(text) {
                sites.push((file.to_path_buf(), line, link, ""));
            }
        }
        for group in &self.places.groups {
            for (link, line) in &group.help {
                sites.push((group.file.clone(), *line, link.clone(), "help: "));
            }
        }
        for (file, line, link, prefix) in sites {
            match targets.check(&link) {
                Some((Severity::Error, _)) if self.rejected_target(&link).is_some() => {
                    let key = match self.places.rejected.contains_key(&link) {
                        true => link,
                        false => format!("{}:*", link.split_once(':').map_or("", |(k, _)| k)),
                    };
                    folded.entry(key).or_default().push((file, line));
                }
                Some((severity, msg)) => self.report(&file, line, severity, format!("{prefix}{msg}")),
                None => {}
            }
        }
        for (link, uses) in folded {
            self.folded_links(&link, &uses);
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

    /// Why the record `link` points at was refused, if it was (or its whole file was).
    fn rejected_target(&self, link: &str) -> Option<&source::Rejected> {
        let (kind, _) = link.split_once(':')?;
        let rejected = &self.places.rejected;
        rejected.get(link).or_else(|| rejected.get(&format!("{kind}:*")))
    }

    /// One error, at the first link, for every link to the same refused record (`hotline:x`) or
    /// into the same unreadable file (`hotline:*`).
    fn folded_links(&mut self, key: &str, uses: &[(PathBuf, usize)]) {
        let Some(cause) = self.places.rejected.get(key) else {
            return;
        };
        let (kind, id) = key.split_once(':').unwrap_or((key, ""));
        let at = format!("{}:{}", cause.place.file.display(), cause.place.line);
        let (what, count) = match (id, uses.len()) {
            ("*", 1) => (
                format!("{} could not be read", cause.place.file.display()),
                "a link to it fails".to_string(),
            ),
            ("*", n) => (
                format!("{} could not be read", cause.place.file.display()),
                format!("{n} links to it fail"),
            ),
            (_, 1) => (format!("{kind} '{id}' is invalid"), format!("link '{key}' fails")),
            (_, n) => (
                format!("{kind} '{id}' is invalid"),
                format!("{n} links to {kind} '{id}' fail"),
            ),
        };
        let others: Vec<String> = uses[1..]
            .iter()
            .take(3)
            .map(|(f, l)| format!("{}:{l}", f.display()))
            .collect();
        let also = match (others.is_empty(), uses.len() > 4) {
            (true, _) => String::new(),
            (false, false) => format!("; also at {}", others.join(", ")),
            (false, true) => format!("; also at {} and {} more", others.join(", "), uses.len() - 4),
        };
        let msg = format!("{count} because {what} ({at}: {}){also}", cause.reason);
        let (file, line) = &uses[0];
        self.error(file, *line, msg);
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

    /// Markdown the phones would not show as written: raw HTML, images that are not signed
    /// attachments, tables and callout types the renderer does not know.
    fn markup(&mut self) {
        let mut found = Vec::new();
        for article in &self.content.articles {
            let Some(place) = self.places.articles.get(&article.id) else {
                continue;
            };
            for (offset, message) in markup_problems(&article.body) {
                found.push((place.file.clone(), place.key_line("body") + offset, message));
            }
        }
        for (file, line, message) in found {
            self.error(&file, line, message);
        }
    }

    /// Quotes that would mislead the comparison: a rate above the mid-market rate (a negative
    /// margin), an inverted rate, fees far above what transfers cost, a currency that is not the
    /// country's own, a reference rate older than the quote.
    fn quotes(&mut self) {
        for quote in &self.content.quotes {
            let Some(place) = self.places.quotes.get(&quote.id) else {
                continue;
            };
            let (file, line) = (place.file.clone(), place.line);
            for (severity, message) in quote_problems(quote) {
                self.report(&file, line, severity, message);
            }
        }
    }

    /// `region` of each service, where safar.toml lists the regions of its country.
    fn regions(&mut self) {
        let Some(settings) = &self.content.settings else { return };
        let mut found = Vec::new();
        for service in &self.content.services {
            let Some(regions) = settings.regions.get(service.country.as_str()) else {
                continue;
            };
            let Some(place) = self.places.services.get(&service.id) else {
                continue;
            };
            if !service.region.is_empty() && !regions.contains(&service.region) {
                let msg = format!(
                    "column 'region': '{}' is not a region of {} (safar.toml [regions] lists {})",
                    service.region,
                    service.country.as_str(),
                    regions.join(", ")
                );
                found.push((place.file.clone(), place.line, msg));
            }
        }
        for (file, line, msg) in found {
            self.error(&file, line, msg);
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
    /// Hosts that may be linked with `http://` (safar.toml `[links] http_allowed`).
    http_allowed: &'a [String],
}

impl<'a> Targets<'a> {
    fn new(content: &'a ContentSet) -> Targets<'a> {
        Targets {
            groups: content.articles.iter().map(|a| a.group.as_str()).collect(),
            hotlines: content.hotlines.iter().map(|h| h.id.as_str()).collect(),
            services: content.services.iter().map(|s| s.id.as_str()).collect(),
            http_allowed: content.settings.as_ref().map_or(&[], |s| s.http_allowed.as_slice()),
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
            Some(("http", rest)) if !self.http_allowed.iter().any(|h| host(rest) == h) => Some((
                Severity::Error,
                format!(
                    "link '{link}' uses http://, which anyone on the network can read or change: use https:// \
                     (or list the host in safar.toml [links] http_allowed if it has no https)"
                ),
            )),
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

/// The host of `//host/path` (what follows `http:`).
fn host(rest: &str) -> &str {
    let rest = rest.trim_start_matches('/');
    rest.split(['/', ':', '?', '#']).next().unwrap_or_default()
}

/// Callout types the phone renderer knows (`> [!NOTE]`).
const CALLOUTS: [&str; 5] = ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"];

/// Problems in an article body, each with its line offset from the body's first line.
fn markup_problems(body: &str) -> Vec<(usize, String)> {
    let line_of = |offset: usize| {
        body.as_bytes()[..offset.min(body.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
    };
    let mut problems = Vec::new();
    let mut html_lines = BTreeSet::new();
    let options = Options::ENABLE_GFM | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                let Some(tag) = html_tag(&html) else { continue };
                let line = line_of(range.start + html.find('<').unwrap_or(0));
                if html_lines.insert(line) {
                    let msg = format!(
                        "raw HTML <{tag}>: phones do not show HTML, and text around it can disappear; \
                         remove it and write Markdown"
                    );
                    problems.push((line, msg));
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) if !is_attachment(&dest_url) => {
                let msg = format!(
                    "image '{dest_url}' is not a signed attachment: phones only show ![text](attachment:<sha256>) \
                     and never load images from the web"
                );
                problems.push((line_of(range.start), msg));
            }
            _ => {}
        }
    }
    let mut in_code = false;
    for (n, line) in body.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        if is_table_delimiter(trimmed) {
            let msg = "a table: phones do not show tables (the cells run together as text); use a list instead";
            problems.push((n.saturating_sub(1), msg.to_string()));
        }
        if let Some(kind) = callout_kind(trimmed) {
            if !CALLOUTS.contains(&kind.to_ascii_uppercase().as_str()) {
                let msg = format!(
                    "unknown callout [!{kind}]: phones show only [!NOTE], [!TIP], [!IMPORTANT], [!WARNING] and \
                     [!CAUTION]; any other becomes a plain quote"
                );
                problems.push((n, msg));
            }
        }
    }
    problems.sort_by_key(|(line, _)| *line);
    problems
}

/// The tag name of raw HTML (`script` for `<script src=…>`); `None` for a comment.
fn html_tag(html: &str) -> Option<String> {
    let start = html.find('<')?;
    let rest = html[start + 1..].trim_start_matches('/');
    if rest.starts_with("!--") {
        return None;
    }
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    Some(if name.is_empty() {
        html.trim().chars().take(20).collect()
    } else {
        name.to_ascii_lowercase()
    })
}

/// `attachment:<sha256>` or `audio:<sha256>`: what the renderer turns into media.
fn is_attachment(url: &str) -> bool {
    let Some((scheme, hash)) = url.split_once(':') else {
        return false;
    };
    let hash = hash.trim();
    matches!(scheme, "attachment" | "audio")
        && hash.len() == 64
        && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// `|---|:--:|` or `--- | ---`: the line under a table's header row.
fn is_table_delimiter(line: &str) -> bool {
    line.contains('|') && line.contains("---") && line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// `NAME` of a `> [!NAME]` line.
fn callout_kind(line: &str) -> Option<&str> {
    let inner = line
        .strip_prefix('>')?
        .trim_start_matches(['>', ' '])
        .strip_prefix("[!")?;
    let (kind, _) = inner.split_once(']')?;
    (!kind.is_empty() && kind.chars().all(|c| c.is_ascii_alphabetic())).then_some(kind)
}

/// Currencies a country's recipients are paid in, beyond USD and EUR (paid out in many
/// corridors). Source: ISO 4217 (the country's own currency).
const COUNTRY_CURRENCIES: &[(&str, &str)] = &[
    ("RU", "RUB"),
    ("KZ", "KZT"),
    ("TJ", "TJS"),
    ("UZ", "UZS"),
    ("KG", "KGS"),
    ("TM", "TMT"),
    ("TR", "TRY"),
    ("KR", "KRW"),
];

/// Payout currencies accepted in any country.
const WORLD_CURRENCIES: [&str; 2] = ["USD", "EUR"];

/// A fee of more than this per cent of the amount is almost certainly a typo (the SDG target is
/// 3 %, and world average costs are below 7 %).
const FEE_PERCENT_WARN: i128 = 10;

fn quote_problems(q: &RemittanceQuote) -> Vec<(Severity, String)> {
    let mut problems = Vec::new();
    if let Some((rate, reference)) = common_scale(q.rate, q.reference_rate) {
        if rate > reference {
            problems.push((Severity::Error, rate_above_reference(q, rate, reference)));
        }
    }
    for tier in &q.fee.tiers {
        if tier.percent > Decimal::new(FEE_PERCENT_WARN, 0) {
            let msg = format!(
                "column 'fee': {} % is above {FEE_PERCENT_WARN} % of the amount; check it",
                tier.percent
            );
            problems.push((Severity::Warning, msg));
        }
    }
    let ok_currency = |country: &str, currency: &str| {
        let local = COUNTRY_CURRENCIES.iter().find(|(c, _)| *c == country);
        local.is_none_or(|(_, cur)| *cur == currency) || WORLD_CURRENCIES.contains(&currency)
    };
    for (column, country, currency) in [
        ("send_currency", &q.send_country, &q.send_currency),
        ("receive_currency", &q.receive_country, &q.receive_currency),
    ] {
        let country = country.as_str();
        if !ok_currency(country, currency) {
            let local = COUNTRY_CURRENCIES
                .iter()
                .find(|(c, _)| *c == country)
                .map_or("", |(_, cur)| *cur);
            problems.push((
                Severity::Error,
                format!("column '{column}': {currency} is not a currency of {country} (expected {local}, USD or EUR)"),
            ));
        }
    }
    if q.reference_at.date_naive() < q.collected_at {
        problems.push((
            Severity::Error,
            format!(
                "reference_at {} is older than collected_at {}: the mid-market rate must be from the day the \
                 quote was collected, or the margin is wrong",
                q.reference_at.format("%Y-%m-%dT%H:%M:%SZ"),
                q.collected_at
            ),
        ));
    }
    problems
}

/// An offered rate above the mid-market rate: inverted when its inverse is close to the
/// reference, otherwise a negative margin.
fn rate_above_reference(q: &RemittanceQuote, rate: i128, reference: i128) -> String {
    let (send, receive) = (&q.send_currency, &q.receive_currency);
    // rate × reference ≈ 1 (within 20 %): the rate was written the other way round.
    let scale = 10i128.checked_pow(2 * q.rate.scale().max(q.reference_rate.scale()));
    let inverted = match (rate.checked_mul(reference), scale) {
        (Some(product), Some(one)) => {
            let (low, high) = (one.checked_mul(4), one.checked_mul(5));
            let (five, four) = (product.checked_mul(5), product.checked_mul(4));
            matches!((five, low, four, high), (Some(a), Some(b), Some(c), Some(d)) if a >= b && c <= d)
        }
        _ => false,
    };
    if inverted {
        return format!(
            "column 'rate': {} looks inverted (it is {send} per 1 {receive}, and 1 / {} is close to the \
             reference rate {}): write how many {receive} one {send} buys",
            q.rate, q.rate, q.reference_rate
        );
    }
    let margin = (reference - rate).checked_mul(10_000).map(|m| m / reference);
    let margin = margin.map_or(String::new(), |m| format!(" (FX margin {} %)", Decimal::new(m, 2)));
    format!(
        "column 'rate': {} is above the mid-market reference_rate {}{margin}: no provider pays more than \
         the mid-market rate; check both rates",
        q.rate, q.reference_rate
    )
}

/// Both mantissas at the larger of the two scales, so they compare and subtract exactly.
fn common_scale(a: Decimal, b: Decimal) -> Option<(i128, i128)> {
    let scale = a.scale().max(b.scale());
    let up = |d: Decimal| d.mantissa().checked_mul(10i128.checked_pow(scale - d.scale())?);
    Some((up(a)?, up(b)?))
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
