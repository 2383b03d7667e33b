//! Plain records that cross the FFI boundary, converted from the core's types. Dates are ISO
//! 8601 strings (`2026-11-28`, `2026-11-28T09:00:00Z`); enums that content may extend are strings.

use crate::directory::{HotlineEntry, ServiceEntry};
use crate::reading::ChecklistEntry;
use safar_core::render;

/// A serde enum's wire name (`labour_rights`), for enums crossing as strings.
pub(crate) fn enum_str<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

/// Who the user is. `stage` is `planning`, `abroad` or `returned`; `arrival` is `YYYY-MM-DD`.
#[derive(Debug, Clone, uniffi::Record)]
pub struct UserProfile {
    pub origin: String,
    pub destination: String,
    pub languages: Vec<String>,
    pub stage: String,
    pub arrival: Option<String>,
}

impl From<safar_core::model::Profile> for UserProfile {
    fn from(p: safar_core::model::Profile) -> Self {
        UserProfile {
            origin: p.origin.to_string(),
            destination: p.destination.to_string(),
            languages: p.languages.iter().map(|l| l.to_string()).collect(),
            stage: p.stage.as_str().into(),
            arrival: p.arrival.map(|d| d.to_string()),
        }
    }
}

/// One installed collection.
#[derive(Debug, Clone, uniffi::Record)]
pub struct CollectionInfo {
    pub name: String,
    pub version: u64,
    pub records: u64,
}

/// The content on the phone: where it came from and how old it is.
#[derive(Debug, Clone, uniffi::Record)]
pub struct ContentStatus {
    pub repository: Option<String>,
    /// Sample content: show the "sample" mark.
    pub sample: bool,
    pub seq: Option<u64>,
    pub root_version: u32,
    pub published_at: Option<String>,
    pub content_age_days: Option<i64>,
    /// When this phone last installed an update.
    pub last_update: Option<String>,
    pub collections: Vec<CollectionInfo>,
    pub profile_set: bool,
}

impl From<safar_core::app::Status> for ContentStatus {
    fn from(s: safar_core::app::Status) -> Self {
        ContentStatus {
            repository: s.repository,
            sample: s.sample,
            seq: s.seq,
            root_version: s.root_version,
            published_at: s.published_at.map(|d| d.to_rfc3339()),
            content_age_days: s.content_age_days,
            last_update: s.last_update.map(|d| d.to_rfc3339()),
            collections: s
                .collections
                .into_iter()
                .map(|c| CollectionInfo {
                    name: c.name,
                    version: c.version,
                    records: c.records,
                })
                .collect(),
            profile_set: s.profile_set,
        }
    }
}

/// An article in a list. `is_fallback`: shown in another language than the user's first.
#[derive(Debug, Clone, uniffi::Record)]
pub struct ArticleSummary {
    pub id: String,
    pub group: String,
    pub lang: String,
    pub is_fallback: bool,
    pub languages: Vec<String>,
    pub topic: String,
    pub core: bool,
    pub title: String,
    pub summary: String,
    pub reviewed_at: String,
}

impl From<safar_core::guide::ArticleSummary> for ArticleSummary {
    fn from(a: safar_core::guide::ArticleSummary) -> Self {
        ArticleSummary {
            id: a.id,
            group: a.group,
            lang: a.lang,
            is_fallback: a.is_fallback,
            languages: a.languages,
            topic: a.topic.as_str().into(),
            core: a.core,
            title: a.title,
            summary: a.summary,
            reviewed_at: a.reviewed_at.to_string(),
        }
    }
}

/// Where a link goes: `kind` is `article`, `hotline`, `service`, `tel`, `audio` or `web`;
/// `target` is the id, number or URL.
#[derive(Debug, Clone, uniffi::Record)]
pub struct Link {
    pub kind: String,
    pub target: String,
}

/// A run of text with one style.
#[derive(Debug, Clone, uniffi::Record)]
pub struct TextSpan {
    pub text: String,
    pub strong: bool,
    pub emphasis: bool,
    pub link: Option<Link>,
}

/// One block of an article, rendered natively by the shell.
#[derive(Debug, Clone, uniffi::Enum)]
pub enum ContentBlock {
    Heading {
        level: u8,
        spans: Vec<TextSpan>,
    },
    Paragraph {
        spans: Vec<TextSpan>,
    },
    /// `number` 0 means a bullet; `depth` 0 is top level.
    ListItem {
        number: u64,
        depth: u8,
        spans: Vec<TextSpan>,
    },
    /// `kind`: `note`, `tip`, `important`, `warning`, `caution`.
    Callout {
        kind: String,
        paragraphs: Vec<Vec<TextSpan>>,
    },
    Quote {
        paragraphs: Vec<Vec<TextSpan>>,
    },
    Image {
        src: String,
        alt: String,
    },
    Rule,
}

fn link(l: render::LinkTarget) -> Link {
    use render::LinkTarget::*;
    let (kind, target) = match l {
        Article { group } => ("article", group),
        Hotline { id } => ("hotline", id),
        Service { id } => ("service", id),
        Tel { number } => ("tel", number),
        Audio { sha256 } => ("audio", sha256),
        Web { url } => ("web", url),
    };
    Link {
        kind: kind.into(),
        target,
    }
}

fn spans(spans: Vec<render::Span>) -> Vec<TextSpan> {
    spans
        .into_iter()
        .map(|s| TextSpan {
            text: s.text,
            strong: s.strong,
            emphasis: s.emphasis,
            link: s.link.map(link),
        })
        .collect()
}

impl From<render::Block> for ContentBlock {
    fn from(b: render::Block) -> Self {
        use render::Block as B;
        match b {
            B::Heading { level, spans: s } => ContentBlock::Heading { level, spans: spans(s) },
            B::Paragraph { spans: s } => ContentBlock::Paragraph { spans: spans(s) },
            B::ListItem {
                number,
                depth,
                spans: s,
            } => ContentBlock::ListItem {
                number,
                depth,
                spans: spans(s),
            },
            B::Callout { kind, paragraphs } => ContentBlock::Callout {
                kind: enum_str(&kind),
                paragraphs: paragraphs.into_iter().map(spans).collect(),
            },
            B::Quote { paragraphs } => ContentBlock::Quote {
                paragraphs: paragraphs.into_iter().map(spans).collect(),
            },
            B::Image { src, alt } => ContentBlock::Image { src, alt },
            B::Rule => ContentBlock::Rule,
        }
    }
}

/// One article, ready to render.
#[derive(Debug, Clone, uniffi::Record)]
pub struct ArticleDetail {
    pub summary: ArticleSummary,
    pub blocks: Vec<ContentBlock>,
    /// `hotline:<id>` / `service:<id>` references.
    pub help: Vec<String>,
    pub source: String,
    pub bookmarked: bool,
}

impl ArticleDetail {
    pub(crate) fn new(v: safar_core::guide::ArticleView, bookmarked: bool) -> Self {
        ArticleDetail {
            summary: v.summary.into(),
            blocks: v.blocks.into_iter().map(Into::into).collect(),
            help: v.help,
            source: v.source,
            bookmarked,
        }
    }
}

/// A topic with how many articles it has for the profile; `title` is English (shells localise
/// by `topic`).
#[derive(Debug, Clone, uniffi::Record)]
pub struct TopicInfo {
    pub topic: String,
    pub title: String,
    pub count: u32,
}

/// The first screen: who the user is, how fresh the content is, where to start, deadlines,
/// hotlines (and for returnees, reintegration services at home).
#[derive(Debug, Clone, uniffi::Record)]
pub struct HomeScreen {
    pub profile: UserProfile,
    pub profile_set: bool,
    pub sample: bool,
    pub repository: Option<String>,
    pub content_age_days: Option<i64>,
    pub topics: Vec<TopicInfo>,
    pub start_here: Vec<ArticleSummary>,
    /// Overdue checklist steps, then the next few deadlines.
    pub next_deadlines: Vec<ChecklistEntry>,
    /// Returnees: reintegration services in the home region (empty otherwise).
    pub reintegration: Vec<ServiceEntry>,
    /// Returnees: hotlines at home (empty otherwise).
    pub hotlines: Vec<HotlineEntry>,
}

impl From<safar_core::app::Home> for HomeScreen {
    fn from(h: safar_core::app::Home) -> Self {
        HomeScreen {
            profile: h.profile.into(),
            profile_set: h.profile_set,
            sample: h.sample,
            repository: h.repository,
            content_age_days: h.content_age_days,
            topics: h
                .topics
                .into_iter()
                .map(|t| TopicInfo {
                    topic: t.topic.as_str().into(),
                    title: t.title,
                    count: t.count,
                })
                .collect(),
            start_here: h.start_here.into_iter().map(Into::into).collect(),
            next_deadlines: h.deadlines.into_iter().map(Into::into).collect(),
            reintegration: h
                .returnee
                .as_ref()
                .map(|r| r.services.iter().cloned().map(Into::into).collect())
                .unwrap_or_default(),
            hotlines: h
                .returnee
                .map(|r| r.hotlines.into_iter().map(Into::into).collect())
                .unwrap_or_default(),
        }
    }
}

/// What an import did.
#[derive(Debug, Clone, uniffi::Record)]
pub struct ImportSummary {
    pub seq: u64,
    pub previous_seq: Option<u64>,
    pub updated_collections: Vec<String>,
    pub removed_collections: Vec<String>,
    pub records: u64,
    pub up_to_date: bool,
}

impl From<safar_core::sync::import::ImportReport> for ImportSummary {
    fn from(r: safar_core::sync::import::ImportReport) -> Self {
        ImportSummary {
            seq: r.seq,
            previous_seq: r.previous_seq,
            updated_collections: r.updated,
            removed_collections: r.removed,
            records: r.records,
            up_to_date: r.up_to_date,
        }
    }
}
