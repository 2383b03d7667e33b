//! Writing content rows. Each record is parsed into its model type (which validates it), checked
//! to belong to the collection it arrived in, and stored as its signed JSON plus query columns.
//! Articles, hotlines and services are (re)indexed for search in the same transaction.

use crate::model::{Article, ChecklistItem, ContentKind, Hotline, RemittanceQuote, Service};
use crate::sync::digest::StateDigest;
use crate::sync::{partition, VerifyError};
use crate::{search, Result};
use rusqlite::{params, Connection};

pub fn table(kind: ContentKind) -> &'static str {
    match kind {
        ContentKind::Article => "articles",
        ContentKind::Hotline => "hotlines",
        ContentKind::Service => "services",
        ContentKind::Remittance => "remittance_quotes",
        ContentKind::Checklist => "checklist_items",
    }
}

/// `[a, b]` → `,a,b,` so `instr(col, ',a,')` finds members; empty stays empty ("all").
pub fn list_column<T: AsRef<str>>(items: impl IntoIterator<Item = T>) -> String {
    let mut s = String::new();
    for item in items {
        if s.is_empty() {
            s.push(',');
        }
        s.push_str(item.as_ref());
        s.push(',');
    }
    s
}

fn enum_str<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn parse<T: serde::de::DeserializeOwned>(collection: &str, json: &str) -> Result<T> {
    serde_json::from_str(json).map_err(|e| VerifyError::malformed(collection, format!("bad record: {e}")).into())
}

fn belongs(collection: &str, expected: String, id: &str) -> Result<()> {
    if collection == expected {
        Ok(())
    } else {
        Err(VerifyError::Unauthorized {
            collection: format!("{collection} (record {id} belongs to {expected})"),
        }
        .into())
    }
}

/// Inserts or replaces one record of `collection`.
pub fn upsert(conn: &Connection, kind: ContentKind, collection: &str, json: &str) -> Result<()> {
    match kind {
        ContentKind::Article => {
            let a: Article = parse(collection, json)?;
            belongs(collection, partition::article(&a), &a.id)?;
            if a.id != Article::make_id(&a.group, &a.lang) {
                return Err(
                    VerifyError::malformed(collection, format!("article id {} is not <group>.<lang>", a.id)).into(),
                );
            }
            conn.prepare_cached(
                "INSERT OR REPLACE INTO articles (collection, id, grp, lang, topic, origins, destinations, stages, core, ord, title, summary, reviewed_at, json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )?
            .execute(params![
                collection,
                a.id,
                a.group,
                a.lang,
                a.topic.as_str(),
                list_column(a.origins.iter().map(|c| c.as_str())),
                list_column(a.destinations.iter().map(|c| c.as_str())),
                list_column(a.stages.iter().map(|s| s.as_str())),
                a.core,
                a.order,
                a.title,
                a.summary,
                a.reviewed_at.to_string(),
                json
            ])?;
            search::index_article(conn, collection, &a)?;
        }
        ContentKind::Hotline => {
            let h: Hotline = parse(collection, json)?;
            belongs(collection, partition::hotline(&h), &h.id)?;
            conn.prepare_cached(
                "INSERT OR REPLACE INTO hotlines (collection, id, country, categories, verified_at, json) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                collection,
                h.id,
                h.country.as_str(),
                list_column(h.categories.iter().map(enum_str)),
                h.verified_at.to_string(),
                json
            ])?;
            search::index_hotline(conn, collection, &h)?;
        }
        ContentKind::Service => {
            let s: Service = parse(collection, json)?;
            belongs(collection, partition::service(&s), &s.id)?;
            conn.prepare_cached(
                "INSERT OR REPLACE INTO services (collection, id, country, region, district, categories, cost, lat, lon, verified_at, json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                collection,
                s.id,
                s.country.as_str(),
                s.region,
                s.district,
                list_column(s.categories.iter().map(enum_str)),
                enum_str(&s.cost),
                s.location.map(|p| p.lat),
                s.location.map(|p| p.lon),
                s.verified_at.to_string(),
                json
            ])?;
            search::index_service(conn, collection, &s)?;
        }
        ContentKind::Remittance => {
            let q: RemittanceQuote = parse(collection, json)?;
            belongs(collection, partition::remittance(&q), &q.id)?;
            conn.prepare_cached(
                "INSERT OR REPLACE INTO remittance_quotes (collection, id, send_country, receive_country, payout, collected_at, json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                collection,
                q.id,
                q.send_country.as_str(),
                q.receive_country.as_str(),
                enum_str(&q.payout),
                q.collected_at.to_string(),
                json
            ])?;
        }
        ContentKind::Checklist => {
            let c: ChecklistItem = parse(collection, json)?;
            belongs(collection, partition::checklist(&c), &c.id)?;
            conn.prepare_cached(
                "INSERT OR REPLACE INTO checklist_items (collection, id, phase, ord, json) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![collection, c.id, c.phase.as_str(), c.order, json])?;
        }
    }
    Ok(())
}

pub fn delete(conn: &Connection, kind: ContentKind, collection: &str, id: &str) -> Result<()> {
    let sql = format!("DELETE FROM {} WHERE collection = ?1 AND id = ?2", table(kind));
    conn.prepare_cached(&sql)?.execute(params![collection, id])?;
    search::unindex(conn, collection, id)?;
    Ok(())
}

pub fn delete_collection(conn: &Connection, kind: ContentKind, collection: &str) -> Result<()> {
    let sql = format!("DELETE FROM {} WHERE collection = ?1", table(kind));
    conn.execute(&sql, params![collection])?;
    search::unindex_collection(conn, collection)?;
    Ok(())
}

/// The collection's `state_digest` and record count, computed from what is stored.
pub fn state_digest(conn: &Connection, kind: ContentKind, collection: &str) -> Result<(String, u64)> {
    let sql = format!("SELECT id, json FROM {} WHERE collection = ?1 ORDER BY id", table(kind));
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![collection])?;
    let mut digest = StateDigest::default();
    while let Some(row) = rows.next()? {
        let id: String = row.get(0)?;
        let json: String = row.get(1)?;
        digest.add(&id, &json);
    }
    let count = digest.count();
    Ok((digest.finish_hex(), count))
}
