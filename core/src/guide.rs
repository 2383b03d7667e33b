//! Guidance articles: what applies to the user's profile, in the best language they read.

use crate::model::{Article, Profile, Stage, Topic};
use crate::render::{article_links, render, Block};
use crate::{Error, Result};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::collections::BTreeMap;

/// An article in a list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleSummary {
    pub id: String,
    pub group: String,
    /// Language it is shown in.
    pub lang: String,
    /// Shown in a fallback language, not the user's first choice.
    pub is_fallback: bool,
    /// Every language this article exists in.
    pub languages: Vec<String>,
    pub topic: Topic,
    pub core: bool,
    pub title: String,
    pub summary: String,
    pub reviewed_at: NaiveDate,
}

/// One article, ready to render.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleView {
    #[serde(flatten)]
    pub summary: ArticleSummary,
    pub blocks: Vec<Block>,
    /// Where to get help: `hotline:<id>` / `service:<id>`.
    pub help: Vec<String>,
    pub source: String,
    /// An audio reading of the article: the sha256 of a signed attachment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audio: Option<String>,
    /// Where each `article:` link of the body leads for this reader.
    pub linked_articles: Vec<LinkedArticle>,
}

/// An article another article links to, resolved to the translation the reader will get.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkedArticle {
    pub group: String,
    /// `<group>.<lang>`; `None` when this phone has no translation of it (shells show the
    /// link disabled).
    pub id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopicCount {
    pub topic: Topic,
    pub title: String,
    pub count: u32,
}

/// Topic order by stage: what matters first at each point of the journey.
pub fn topic_priority(stage: Stage) -> &'static [Topic] {
    use Topic::*;
    match stage {
        Stage::Planning => &[
            BeforeDeparture,
            Documents,
            Registration,
            Rights,
            Work,
            Trafficking,
            Money,
            TbHiv,
            Health,
            Gbv,
            Return,
        ],
        Stage::Abroad => &[
            Registration,
            Work,
            Rights,
            Documents,
            TbHiv,
            Health,
            Trafficking,
            Gbv,
            Money,
            BeforeDeparture,
            Return,
        ],
        Stage::Returned => &[
            Return,
            TbHiv,
            Health,
            Money,
            Rights,
            Documents,
            Work,
            Registration,
            Trafficking,
            Gbv,
            BeforeDeparture,
        ],
    }
}

fn rank_of(chain: &[String], lang: &str) -> usize {
    chain.iter().position(|l| l == lang).unwrap_or(chain.len())
}

struct Row {
    group: String,
    lang: String,
    id: String,
    topic: String,
    core: bool,
    order: i32,
    title: String,
    summary: String,
    reviewed_at: String,
}

/// Articles that apply to the profile, one per translation group in the best language of the
/// profile's chain (any language at all as a last resort: never blank), ordered by the stage's
/// topic priority, then by `order`.
pub fn articles_for(conn: &Connection, profile: &Profile, topic: Option<Topic>) -> Result<Vec<ArticleSummary>> {
    let chain = profile.language_chain();
    let mut stmt = conn.prepare_cached(
        "SELECT grp, lang, id, topic, core, ord, title, summary, reviewed_at FROM articles
         WHERE (origins = '' OR instr(origins, ?1) > 0)
           AND (destinations = '' OR instr(destinations, ?2) > 0)
           AND (stages = '' OR instr(stages, ?3) > 0)
           AND (?4 IS NULL OR topic = ?4)",
    )?;
    let rows = stmt.query_map(
        params![
            format!(",{},", profile.origin),
            format!(",{},", profile.destination),
            format!(",{},", profile.stage.as_str()),
            topic.map(|t| t.as_str())
        ],
        |r| {
            Ok(Row {
                group: r.get(0)?,
                lang: r.get(1)?,
                id: r.get(2)?,
                topic: r.get(3)?,
                core: r.get(4)?,
                order: r.get(5)?,
                title: r.get(6)?,
                summary: r.get(7)?,
                reviewed_at: r.get(8)?,
            })
        },
    )?;
    let mut groups: BTreeMap<String, (Row, Vec<String>)> = BTreeMap::new();
    for row in rows {
        let row = row?;
        match groups.get_mut(&row.group) {
            Some((best, langs)) => {
                langs.push(row.lang.clone());
                if (rank_of(&chain, &row.lang), &row.lang) < (rank_of(&chain, &best.lang), &best.lang) {
                    *best = row;
                }
            }
            None => {
                let lang = row.lang.clone();
                groups.insert(row.group.clone(), (row, vec![lang]));
            }
        }
    }
    let priority = topic_priority(profile.stage);
    let mut out: Vec<(usize, i32, ArticleSummary)> = Vec::with_capacity(groups.len());
    for (_, (row, mut languages)) in groups {
        languages.sort();
        let topic = Topic::parse(&row.topic).map_err(Error::invalid)?;
        let summary = ArticleSummary {
            is_fallback: chain.first() != Some(&row.lang),
            id: row.id,
            group: row.group,
            lang: row.lang,
            languages,
            topic,
            core: row.core,
            title: row.title,
            summary: row.summary,
            reviewed_at: row.reviewed_at.parse().unwrap_or_default(),
        };
        let pos = priority.iter().position(|t| *t == topic).unwrap_or(priority.len());
        out.push((pos, row.order, summary));
    }
    out.sort_by(|a, b| (a.0, a.1, &a.2.group).cmp(&(b.0, b.1, &b.2.group)));
    Ok(out.into_iter().map(|(_, _, s)| s).collect())
}

/// Topics with how many articles each has for the profile, in the stage's priority order.
pub fn topics(conn: &Connection, profile: &Profile) -> Result<Vec<TopicCount>> {
    let articles = articles_for(conn, profile, None)?;
    let mut out = Vec::new();
    for topic in topic_priority(profile.stage) {
        let count = articles.iter().filter(|a| a.topic == *topic).count() as u32;
        if count > 0 {
            out.push(TopicCount {
                topic: *topic,
                title: topic.title_en().to_string(),
                count,
            });
        }
    }
    Ok(out)
}

/// One article by translation group (`registration-ru`, shown in the best language of the
/// profile's chain) or by exact id (`registration-ru.tg`). Records it in the reading history.
pub fn read(conn: &Connection, profile: &Profile, id_or_group: &str) -> Result<ArticleView> {
    let key = id_or_group.trim();
    if key.is_empty() {
        return Err(Error::invalid("article id is empty"));
    }
    let chain = profile.language_chain();
    let exact: Option<String> = conn
        .query_row(
            "SELECT json FROM articles WHERE id = ?1 ORDER BY collection LIMIT 1",
            params![key],
            |r| r.get(0),
        )
        .optional()?;
    let group = match &exact {
        Some(_) => key.rsplit_once('.').map(|(g, _)| g).unwrap_or(key).to_string(),
        None => key.to_string(),
    };
    let mut stmt = conn.prepare_cached("SELECT lang, json FROM articles WHERE grp = ?1")?;
    let translations: Vec<(String, String)> = stmt
        .query_map(params![group], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let json = match exact {
        Some(json) => json,
        None => translations
            .iter()
            .min_by(|a, b| (rank_of(&chain, &a.0), &a.0).cmp(&(rank_of(&chain, &b.0), &b.0)))
            .map(|(_, json)| json.clone())
            .ok_or_else(|| Error::not_found(format!("no article '{}'", crate::model::echo(key))))?,
    };
    let article: Article =
        serde_json::from_str(&json).map_err(|e| Error::invalid(format!("stored article {key} is unreadable: {e}")))?;
    let mut languages: Vec<String> = translations.into_iter().map(|(l, _)| l).collect();
    languages.sort();
    crate::personal::note_read(conn, &article.group);
    let blocks = render(&article.body);
    let linked_articles = article_links(&blocks)
        .into_iter()
        .map(|group| {
            let id = best_translation(conn, &chain, &group)?;
            Ok(LinkedArticle { group, id })
        })
        .collect::<Result<_>>()?;
    Ok(ArticleView {
        summary: ArticleSummary {
            is_fallback: chain.first() != Some(&article.lang),
            id: article.id.clone(),
            group: article.group.clone(),
            lang: article.lang.clone(),
            languages,
            topic: article.topic,
            core: article.core,
            title: article.title.clone(),
            summary: article.summary.clone(),
            reviewed_at: article.reviewed_at,
        },
        blocks,
        help: article.help,
        source: article.source,
        audio: article.audio,
        linked_articles,
    })
}

/// The id of the translation of `group` a reader with `chain` gets (any language as a last
/// resort), or `None` when this phone has no translation of it.
pub fn best_translation(conn: &Connection, chain: &[String], group: &str) -> Result<Option<String>> {
    let mut stmt = conn.prepare_cached("SELECT lang, id FROM articles WHERE grp = ?1")?;
    let translations: Vec<(String, String)> = stmt
        .query_map(params![group], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(translations
        .into_iter()
        .min_by(|a, b| (rank_of(chain, &a.0), &a.0).cmp(&(rank_of(chain, &b.0), &b.0)))
        .map(|(_, id)| id))
}

/// The summary of one article group in the best language of the profile's chain, whether or not
/// it applies to the profile (bookmarks, history); `None` when this phone has no translation.
pub fn summary_of(conn: &Connection, profile: &Profile, group: &str) -> Result<Option<ArticleSummary>> {
    let chain = profile.language_chain();
    let Some(id) = best_translation(conn, &chain, group)? else {
        return Ok(None);
    };
    let json: String = conn
        .prepare_cached("SELECT json FROM articles WHERE id = ?1 ORDER BY collection LIMIT 1")?
        .query_row(params![id], |r| r.get(0))?;
    let article: Article =
        serde_json::from_str(&json).map_err(|e| Error::invalid(format!("stored article {id} is unreadable: {e}")))?;
    let mut languages: Vec<String> = conn
        .prepare_cached("SELECT lang FROM articles WHERE grp = ?1")?
        .query_map(params![group], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    languages.sort();
    languages.dedup();
    Ok(Some(ArticleSummary {
        is_fallback: chain.first() != Some(&article.lang),
        id: article.id,
        group: article.group,
        lang: article.lang,
        languages,
        topic: article.topic,
        core: article.core,
        title: article.title,
        summary: article.summary,
        reviewed_at: article.reviewed_at,
    }))
}
