//! Search over articles, hotlines and services, in any language and either script.
//!
//! The index is an SQLite FTS5 table (`search_index`, contentless) over the *folded* text of
//! each record ([`fold`]); `search_docs` maps its rows to records. The store keeps the index in
//! step with the content inside the sync transaction (`store::content` calls [`index_article`]
//! and friends), so a reader never sees the index and the content disagree.
//!
//! Queries never reach FTS5 as syntax: the query is cut into words, each word is folded, and
//! the MATCH expression is built from the folded words, each one quoted (the last one as a
//! prefix while it is still being typed). A query with nothing searchable in it — only
//! punctuation or FTS5 operators — gives an empty result, never an error.

pub mod fold;
mod snippet;

pub use snippet::{SnippetPart, Term};

use crate::model::{pick_text, Article, Hotline, LocalizedText, Service, Topic};
use crate::render::{plain_text, render};
use crate::{Error, Result};
use fold::{fold_text, fold_word, word_ranges, FOLD_VERSION};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use snippet::{highlight, Highlighted};
use std::collections::HashMap;

/// What a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    Article,
    Hotline,
    Service,
}

impl SearchKind {
    pub const ALL: [SearchKind; 3] = [SearchKind::Article, SearchKind::Hotline, SearchKind::Service];

    pub fn as_str(self) -> &'static str {
        match self {
            SearchKind::Article => "article",
            SearchKind::Hotline => "hotline",
            SearchKind::Service => "service",
        }
    }

    pub fn parse(s: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("unknown kind '{}' (expected article, hotline or service)", s.trim()))
    }
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    pub kind: SearchKind,
    /// Article id (`registration-ru.uz`), hotline id or service id.
    pub id: String,
    /// Article translation group: what `read` takes. `None` for hotlines and services.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Language of the title and snippet.
    pub lang: String,
    pub title: String,
    /// The title with the matched words marked.
    pub title_parts: Vec<SnippetPart>,
    /// A short passage of the original text around the matched words (may be empty when only
    /// the title matched and there is nothing else to show).
    pub snippet: Vec<SnippetPart>,
    /// Country of a hotline or service.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<Topic>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    pub query: String,
    /// The folded words searched for; empty when the query had nothing to search for.
    pub terms: Vec<String>,
    pub hits: Vec<SearchHit>,
}

/// At most this many words of a query are used (a pasted page is not a query).
pub const MAX_TERMS: usize = 12;
/// Longer words are cut: no word in the content is this long.
const MAX_TERM_CHARS: usize = 48;
pub const MAX_LIMIT: u32 = 100;
/// Words shown in a snippet.
const SNIPPET_WORDS: usize = 24;
/// bm25 weights of the index columns: a match in the title counts most.
const TITLE_WEIGHT: f64 = 10.0;
const SUMMARY_WEIGHT: f64 = 4.0;
const BODY_WEIGHT: f64 = 1.0;

/// A word being typed matches as a prefix from this many (folded) letters on; shorter
/// beginnings (`па`, `йў`) would match half the content.
const MIN_PREFIX_CHARS: usize = 3;
/// FTS5's operators, which it recognises only in upper case. A query made of them alone
/// (`AND`, `NEAR(`) is syntax, not words, and finds nothing.
const FTS_OPERATORS: [&str; 4] = ["AND", "OR", "NOT", "NEAR"];

/// The folded terms of a query. The last word matches as a prefix unless the query ends with a
/// space (the word is complete) or it is shorter than [`MIN_PREFIX_CHARS`].
pub fn query_terms(query: &str) -> Vec<Term> {
    let mut terms: Vec<Term> = Vec::new();
    for (s, e) in word_ranges(query) {
        let word = &query[s..e];
        if FTS_OPERATORS.contains(&word) {
            continue;
        }
        let folded: String = fold_word(word).chars().take(MAX_TERM_CHARS).collect();
        if folded.is_empty() || terms.iter().any(|t| t.folded == folded) {
            continue;
        }
        terms.push(Term { folded, prefix: false });
        if terms.len() == MAX_TERMS {
            break;
        }
    }
    let still_typing = !query.ends_with(char::is_whitespace);
    if let Some(last) = terms.last_mut() {
        last.prefix = still_typing && last.folded.chars().count() >= MIN_PREFIX_CHARS;
    }
    terms
}

/// The MATCH expression: every term quoted (so nothing in it is FTS5 syntax), all required.
fn match_expression(terms: &[Term]) -> String {
    let quoted: Vec<String> = terms
        .iter()
        .map(|t| {
            let q = format!("\"{}\"", t.folded.replace('"', "\"\""));
            if t.prefix {
                q + "*"
            } else {
                q
            }
        })
        .collect();
    quoted.join(" ")
}

/// The text of one record, field by field, as shown to people (never folded).
struct DocText {
    /// Titles; a hotline or service has one per language: (lang, text).
    titles: Vec<(String, String)>,
    summary: Vec<(String, String)>,
    body: Vec<(String, String)>,
}

fn localized(text: &LocalizedText) -> Vec<(String, String)> {
    text.iter().map(|(l, t)| (l.clone(), t.clone())).collect()
}

fn enum_words<T: Serialize>(values: &[T]) -> String {
    values
        .iter()
        .filter_map(|v| serde_json::to_value(v).ok())
        .filter_map(|v| v.as_str().map(|s| s.replace('_', " ")))
        .collect::<Vec<_>>()
        .join(", ")
}

fn article_text(a: &Article) -> DocText {
    let lang = a.lang.clone();
    DocText {
        titles: vec![(lang.clone(), a.title.clone())],
        summary: vec![(lang.clone(), a.summary.clone())],
        body: vec![(lang, plain_text(&render(&a.body)))],
    }
}

fn hotline_text(h: &Hotline) -> DocText {
    let numbers: Vec<&str> = h.numbers.iter().map(|n| n.display.as_str()).collect();
    let messengers: Vec<&str> = h.messengers.iter().map(|m| m.handle.as_str()).collect();
    let mut contacts = numbers.join(", ");
    if !messengers.is_empty() {
        contacts.push_str(&format!(" · {}", messengers.join(", ")));
    }
    DocText {
        titles: localized(&h.name),
        summary: vec![("en".into(), format!("{} · {}", enum_words(&h.categories), h.country))],
        body: vec![(String::new(), contacts)],
    }
}

fn service_text(s: &Service) -> DocText {
    let place = [s.region.as_str(), s.district.as_str(), s.address.as_str()]
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let phones: Vec<&str> = s.phones.iter().map(|p| p.display.as_str()).collect();
    let mut body = localized(&s.eligibility);
    body.push((String::new(), place));
    body.push((String::new(), phones.join(", ")));
    DocText {
        titles: localized(&s.organisation),
        summary: vec![("en".into(), format!("{} · {}", enum_words(&s.categories), s.country))],
        body,
    }
}

fn fold_fields(fields: &[(String, String)]) -> String {
    fields.iter().map(|(_, t)| fold_text(t)).collect::<Vec<_>>().join(" ")
}

fn index_doc(conn: &Connection, kind: SearchKind, collection: &str, id: &str, text: &DocText) -> Result<()> {
    unindex(conn, collection, id)?;
    conn.prepare_cached("INSERT INTO search_docs (kind, collection, item_id) VALUES (?1, ?2, ?3)")?
        .execute(params![kind.as_str(), collection, id])?;
    let doc = conn.last_insert_rowid();
    conn.prepare_cached("INSERT INTO search_index (rowid, title, summary, body) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![
            doc,
            fold_fields(&text.titles),
            fold_fields(&text.summary),
            fold_fields(&text.body)
        ])?;
    Ok(())
}

/// Indexes (or re-indexes) one article. Called by the store inside the sync transaction.
pub fn index_article(conn: &Connection, collection: &str, a: &Article) -> Result<()> {
    index_doc(conn, SearchKind::Article, collection, &a.id, &article_text(a))
}

pub fn index_hotline(conn: &Connection, collection: &str, h: &Hotline) -> Result<()> {
    index_doc(conn, SearchKind::Hotline, collection, &h.id, &hotline_text(h))
}

pub fn index_service(conn: &Connection, collection: &str, s: &Service) -> Result<()> {
    index_doc(conn, SearchKind::Service, collection, &s.id, &service_text(s))
}

/// Removes one record from the index (no-op when it is not indexed).
pub fn unindex(conn: &Connection, collection: &str, id: &str) -> Result<()> {
    let doc: Option<i64> = conn
        .prepare_cached("SELECT doc FROM search_docs WHERE collection = ?1 AND item_id = ?2")?
        .query_row(params![collection, id], |r| r.get(0))
        .optional()?;
    if let Some(doc) = doc {
        conn.prepare_cached("DELETE FROM search_index WHERE rowid = ?1")?
            .execute(params![doc])?;
        conn.prepare_cached("DELETE FROM search_docs WHERE doc = ?1")?
            .execute(params![doc])?;
    }
    Ok(())
}

/// Removes every record of a collection from the index.
pub fn unindex_collection(conn: &Connection, collection: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM search_index WHERE rowid IN (SELECT doc FROM search_docs WHERE collection = ?1)",
        params![collection],
    )?;
    conn.execute("DELETE FROM search_docs WHERE collection = ?1", params![collection])?;
    Ok(())
}

/// Rebuilds the whole index from the stored content (inside the caller's transaction).
pub fn rebuild(conn: &Connection) -> Result<()> {
    conn.execute("INSERT INTO search_index (search_index) VALUES ('delete-all')", [])?;
    conn.execute("DELETE FROM search_docs", [])?;
    for (table, kind) in [
        ("articles", SearchKind::Article),
        ("hotlines", SearchKind::Hotline),
        ("services", SearchKind::Service),
    ] {
        let mut stmt = conn.prepare(&format!("SELECT collection, json FROM {table}"))?;
        let rows: Vec<(String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (collection, json) in rows {
            // Every stored record passed these same types when it was applied; one that no
            // longer parses (a model change) stays readable elsewhere and is only left out of
            // the index, rather than stopping the app from opening.
            match kind {
                SearchKind::Article => {
                    if let Ok(a) = serde_json::from_str::<Article>(&json) {
                        index_article(conn, &collection, &a)?;
                    }
                }
                SearchKind::Hotline => {
                    if let Ok(h) = serde_json::from_str::<Hotline>(&json) {
                        index_hotline(conn, &collection, &h)?;
                    }
                }
                SearchKind::Service => {
                    if let Ok(s) = serde_json::from_str::<Service>(&json) {
                        index_service(conn, &collection, &s)?;
                    }
                }
            }
        }
    }
    conn.execute(
        "INSERT OR REPLACE INTO search_meta (id, fold_version) VALUES (1, ?1)",
        params![FOLD_VERSION],
    )?;
    Ok(())
}

fn indexed_version(conn: &Connection) -> Result<Option<u32>> {
    Ok(conn
        .query_row("SELECT fold_version FROM search_meta WHERE id = 1", [], |r| r.get(0))
        .optional()?)
}

/// Builds the index when it was made with other folding rules (or never: a database from
/// before search existed). Runs when the database is opened.
pub fn ensure_index(conn: &mut Connection) -> Result<()> {
    if indexed_version(conn)? == Some(FOLD_VERSION) {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Another handle may have rebuilt it while this one waited for the lock.
    if indexed_version(&tx)? != Some(FOLD_VERSION) {
        rebuild(&tx)?;
    }
    tx.commit()?;
    Ok(())
}

fn rank_of(chain: &[String], lang: &str) -> usize {
    chain.iter().position(|l| l == lang).unwrap_or(chain.len())
}

/// A bm25 score (lower is better), ordered totally so ranks can be compared and sorted.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Score(f64);

impl Eq for Score {}
impl PartialOrd for Score {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Score {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// (title did not match, bm25): smaller is better.
type Rank = (bool, Score);

/// A candidate from the index, before it is turned into a hit.
struct Candidate {
    kind: SearchKind,
    collection: String,
    id: String,
    rank: Rank,
}

/// Searches articles, hotlines and services (or one `kind` of them) for `query`, best first.
/// Each article appears once, in the best language of `chain` among the translations that
/// match. `limit` is 1 to [`MAX_LIMIT`].
pub fn search(
    conn: &Connection,
    chain: &[String],
    query: &str,
    kind: Option<SearchKind>,
    limit: u32,
) -> Result<SearchResults> {
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(Error::invalid(format!(
            "limit must be between 1 and {MAX_LIMIT}, not {limit}"
        )));
    }
    let terms = query_terms(query);
    let mut results = SearchResults {
        query: query.to_string(),
        terms: terms.iter().map(|t| t.folded.clone()).collect(),
        hits: Vec::new(),
    };
    if terms.is_empty() {
        return Ok(results);
    }
    // Translations of one article compete for one place, so fetch more than `limit`.
    let fetch = i64::from(limit) * 8;
    // Ranking: records whose title matches come first (bm25 alone favours short records, and
    // an article's long body would otherwise bury an article whose title is the query), then
    // bm25 with the title weighted most.
    let mut stmt = conn.prepare_cached(
        "SELECT d.kind, d.collection, d.item_id,
                bm25(search_index, 1.0, 0.0, 0.0) < 0 AS title_hit,
                bm25(search_index, ?1, ?2, ?3) AS score
         FROM search_index JOIN search_docs d ON d.doc = search_index.rowid
         WHERE search_index MATCH ?4 AND (?5 IS NULL OR d.kind = ?5)
         ORDER BY title_hit DESC, score LIMIT ?6",
    )?;
    let candidates: Vec<Candidate> = stmt
        .query_map(
            params![
                TITLE_WEIGHT,
                SUMMARY_WEIGHT,
                BODY_WEIGHT,
                match_expression(&terms),
                kind.map(|k| k.as_str()),
                fetch
            ],
            |r| {
                let kind: String = r.get(0)?;
                let title_hit: bool = r.get(3)?;
                let score = (!title_hit, Score(r.get(4)?));
                Ok((kind, r.get(1)?, r.get(2)?, score))
            },
        )?
        .filter_map(|row| match row {
            Ok((kind, collection, id, rank)) => SearchKind::parse(&kind).ok().map(|kind| {
                Ok(Candidate {
                    kind,
                    collection,
                    id,
                    rank,
                })
            }),
            Err(e) => Some(Err(e)),
        })
        .collect::<rusqlite::Result<_>>()?;

    // One place per article group: the best-ranked language of the chain that matched, at the
    // best rank of any of its translations.
    let mut hits: Vec<(Rank, SearchHit)> = Vec::new();
    let mut article_slot: HashMap<String, (usize, usize)> = HashMap::new(); // group → (index in hits, language rank)
    for c in candidates {
        let hit = match c.kind {
            SearchKind::Article => load::<Article>(conn, "articles", &c)?.map(|a| article_hit(&a, &terms)),
            SearchKind::Hotline => load::<Hotline>(conn, "hotlines", &c)?.map(|h| hotline_hit(&h, chain, &terms)),
            SearchKind::Service => load::<Service>(conn, "services", &c)?.map(|s| service_hit(&s, chain, &terms)),
        };
        let Some(hit) = hit else { continue };
        if let Some(group) = hit.group.clone() {
            let lang_rank = rank_of(chain, &hit.lang);
            if let Some(&(at, have)) = article_slot.get(&group) {
                hits[at].0 = hits[at].0.min(c.rank);
                if lang_rank < have {
                    hits[at].1 = hit;
                    article_slot.insert(group, (at, lang_rank));
                }
                continue;
            }
            article_slot.insert(group, (hits.len(), lang_rank));
        }
        hits.push((c.rank, hit));
    }
    hits.sort_by_key(|h| h.0);
    results.hits = hits.into_iter().take(limit as usize).map(|(_, h)| h).collect();
    Ok(results)
}

fn load<T: serde::de::DeserializeOwned>(conn: &Connection, table: &str, c: &Candidate) -> Result<Option<T>> {
    let json: Option<String> = conn
        .prepare_cached(&format!("SELECT json FROM {table} WHERE collection = ?1 AND id = ?2"))?
        .query_row(params![c.collection, c.id], |r| r.get(0))
        .optional()?;
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
}

/// The field with the most different terms in it (the first one on a tie), highlighted.
fn best_field(fields: &[(String, String)], terms: &[Term], max_words: usize) -> Option<(String, Highlighted)> {
    let mut best: Option<(String, Highlighted)> = None;
    for (lang, text) in fields.iter().filter(|(_, t)| !t.trim().is_empty()) {
        let h = highlight(text, terms, max_words);
        if best.as_ref().is_none_or(|(_, b)| h.terms_found > b.terms_found) {
            best = Some((lang.clone(), h));
        }
    }
    best
}

fn article_hit(a: &Article, terms: &[Term]) -> SearchHit {
    let text = article_text(a);
    let title = highlight(&a.title, terms, usize::MAX);
    let fields: Vec<(String, String)> = text.summary.into_iter().chain(text.body).collect();
    let snippet = best_field(&fields, terms, SNIPPET_WORDS)
        .map(|(_, h)| h.parts)
        .unwrap_or_default();
    SearchHit {
        kind: SearchKind::Article,
        id: a.id.clone(),
        group: Some(a.group.clone()),
        lang: a.lang.clone(),
        title: crate::safety::line(&a.title),
        title_parts: title.parts,
        snippet,
        country: None,
        topic: Some(a.topic),
    }
}

/// A hotline's or service's hit: the name in the reader's language, unless the query matched
/// the name only in another language, which is then shown (it is what they searched for).
fn directory_hit(
    kind: SearchKind,
    id: &str,
    country: &str,
    names: &LocalizedText,
    text: DocText,
    chain: &[String],
    terms: &[Term],
) -> SearchHit {
    let (mut lang, mut title) = pick_text(names, chain)
        .map(|(l, t)| (l.to_string(), t.to_string()))
        .unwrap_or_else(|| (String::from("en"), id.to_string()));
    let mut title_parts = highlight(&title, terms, usize::MAX);
    if title_parts.terms_found == 0 {
        let mut others: Vec<&(String, String)> = text.titles.iter().collect();
        others.sort_by_key(|(l, _)| rank_of(chain, l));
        if let Some((l, found)) = others
            .into_iter()
            .map(|(l, t)| (l, highlight(t, terms, usize::MAX)))
            .filter(|(_, h)| h.terms_found > 0)
            .max_by_key(|(_, h)| h.terms_found)
        {
            lang = l.clone();
            title = snippet::parts_text(&found.parts);
            title_parts = found;
        }
    }
    // The snippet: the best-matching other field, preferring the reader's languages.
    let mut fields: Vec<(String, String)> = text.summary.into_iter().chain(text.body).collect();
    fields.sort_by_key(|(l, _)| if l.is_empty() { 0 } else { rank_of(chain, l) });
    let snippet = best_field(&fields, terms, SNIPPET_WORDS)
        .filter(|(_, h)| h.terms_found > 0)
        .or_else(|| best_field(&fields[..fields.len().min(1)], terms, SNIPPET_WORDS))
        .map(|(_, h)| h.parts)
        .unwrap_or_default();
    SearchHit {
        kind,
        id: id.to_string(),
        group: None,
        lang,
        title: crate::safety::line(&title),
        title_parts: title_parts.parts,
        snippet,
        country: Some(country.to_string()),
        topic: None,
    }
}

fn hotline_hit(h: &Hotline, chain: &[String], terms: &[Term]) -> SearchHit {
    directory_hit(
        SearchKind::Hotline,
        &h.id,
        h.country.as_str(),
        &h.name,
        hotline_text(h),
        chain,
        terms,
    )
}

fn service_hit(s: &Service, chain: &[String], terms: &[Term]) -> SearchHit {
    directory_hit(
        SearchKind::Service,
        &s.id,
        s.country.as_str(),
        &s.organisation,
        service_text(s),
        chain,
        terms,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_become_quoted_folded_terms() {
        let t = query_terms("Ro‘yxat ПАТЕН");
        assert_eq!(match_expression(&t), "\"royxat\" \"paten\"*");
        let t = query_terms("patent ");
        assert_eq!(match_expression(&t), "\"patent\"");
        assert_eq!(
            match_expression(&query_terms("йўқ")),
            "\"ek\"",
            "too short to be a prefix"
        );
        assert_eq!(match_expression(&query_terms("сил")), "\"sil\"*");
        for syntax in [
            "\"",
            "*",
            "NEAR(",
            "AND",
            "OR NOT",
            "",
            "   ",
            "()",
            "^-:",
            "\"\" * NEAR(a b",
        ] {
            let t = query_terms(syntax);
            assert!(
                t.iter().all(|t| t.folded.chars().all(char::is_alphanumeric)),
                "{syntax}: {t:?}"
            );
        }
        assert!(query_terms("NEAR(").is_empty());
        assert!(query_terms("*").is_empty());
        assert_eq!(
            query_terms(&"слово ".repeat(2000)).len(),
            1,
            "repeated words count once"
        );
        assert_eq!(query_terms("a b c d e f g h i j k l m n o p").len(), MAX_TERMS);
        assert!(query_terms(&"ж".repeat(10_000))[0].folded.chars().count() <= MAX_TERM_CHARS);
    }
}
