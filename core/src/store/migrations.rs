//! Schema migrations, applied in order; `PRAGMA user_version` records how many have run.
//! Never edit a migration that has shipped: add a new one.

use crate::{Error, Result};
use rusqlite::Connection;

pub(super) const MIGRATIONS: &[&str] = &[
    // 1: content, sync state and user data.
    r#"
    CREATE TABLE sync_state (
        id               INTEGER PRIMARY KEY CHECK (id = 1),
        seq              INTEGER NOT NULL,
        root_version     INTEGER NOT NULL,
        published_at     TEXT NOT NULL,
        trusted_now      TEXT NOT NULL,
        repository       TEXT NOT NULL,
        sample           INTEGER NOT NULL,
        stale_after_days INTEGER NOT NULL,
        feedback_url     TEXT,
        updated_at       TEXT NOT NULL
    );
    -- The verified metadata files (root chain, timestamp, manifest, signatures), byte for byte,
    -- so the phone can pass its content on and the next phone can verify it again.
    CREATE TABLE metadata_files (
        path  TEXT PRIMARY KEY,
        bytes BLOB NOT NULL
    );
    CREATE TABLE collections (
        name         TEXT PRIMARY KEY,
        kind         TEXT NOT NULL,
        version      INTEGER NOT NULL,
        count        INTEGER NOT NULL,
        state_digest TEXT NOT NULL
    );
    -- The verified full object of each collection, for export to another phone.
    CREATE TABLE collection_objects (
        collection TEXT PRIMARY KEY REFERENCES collections(name) ON DELETE CASCADE,
        path       TEXT NOT NULL,
        bytes      BLOB NOT NULL
    );

    CREATE TABLE articles (
        collection   TEXT NOT NULL,
        id           TEXT NOT NULL,
        grp          TEXT NOT NULL,
        lang         TEXT NOT NULL,
        topic        TEXT NOT NULL,
        origins      TEXT NOT NULL,  -- ',TJ,UZ,' or '' for all
        destinations TEXT NOT NULL,
        stages       TEXT NOT NULL,
        core         INTEGER NOT NULL,
        ord          INTEGER NOT NULL,
        title        TEXT NOT NULL,
        summary      TEXT NOT NULL,
        reviewed_at  TEXT NOT NULL,
        json         TEXT NOT NULL,
        PRIMARY KEY (collection, id)
    ) WITHOUT ROWID;
    CREATE INDEX articles_by_group ON articles(grp, lang);
    CREATE INDEX articles_by_topic ON articles(topic);

    CREATE TABLE hotlines (
        collection  TEXT NOT NULL,
        id          TEXT NOT NULL,
        country     TEXT NOT NULL,
        categories  TEXT NOT NULL,  -- ',emergency,gbv,'
        verified_at TEXT NOT NULL,
        json        TEXT NOT NULL,
        PRIMARY KEY (collection, id)
    ) WITHOUT ROWID;
    CREATE INDEX hotlines_by_country ON hotlines(country);

    CREATE TABLE services (
        collection  TEXT NOT NULL,
        id          TEXT NOT NULL,
        country     TEXT NOT NULL,
        region      TEXT NOT NULL,
        district    TEXT NOT NULL,
        categories  TEXT NOT NULL,
        cost        TEXT NOT NULL,
        lat         REAL,
        lon         REAL,
        verified_at TEXT NOT NULL,
        json        TEXT NOT NULL,
        PRIMARY KEY (collection, id)
    ) WITHOUT ROWID;
    CREATE INDEX services_by_country ON services(country, region);

    CREATE TABLE remittance_quotes (
        collection      TEXT NOT NULL,
        id              TEXT NOT NULL,
        send_country    TEXT NOT NULL,
        receive_country TEXT NOT NULL,
        payout          TEXT NOT NULL,
        collected_at    TEXT NOT NULL,
        json            TEXT NOT NULL,
        PRIMARY KEY (collection, id)
    ) WITHOUT ROWID;
    CREATE INDEX remittance_by_corridor ON remittance_quotes(send_country, receive_country);

    CREATE TABLE checklist_items (
        collection TEXT NOT NULL,
        id         TEXT NOT NULL,
        phase      TEXT NOT NULL,
        ord        INTEGER NOT NULL,
        json       TEXT NOT NULL,
        PRIMARY KEY (collection, id)
    ) WITHOUT ROWID;

    -- User data: never touched by sync, removed by one wipe.
    CREATE TABLE profile (
        id         INTEGER PRIMARY KEY CHECK (id = 1),
        json       TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE bookmarks (
        article_group TEXT PRIMARY KEY,
        created_at    TEXT NOT NULL
    );
    CREATE TABLE reading_history (
        article_group TEXT PRIMARY KEY,
        read_at       TEXT NOT NULL
    );
    CREATE TABLE checklist_progress (
        item_id TEXT PRIMARY KEY,
        done_at TEXT NOT NULL
    );
    CREATE TABLE outbox (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        kind       TEXT NOT NULL,
        target     TEXT NOT NULL,
        problem    TEXT NOT NULL,
        note       TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        sent_at    TEXT
    );
    "#,
    // 2: full-text search over articles, hotlines and services (see core/src/search). Derived
    // from the content and kept in step with it by the store; `search_meta` records which
    // folding rules built it, so a new version of the rules rebuilds it on open.
    r#"
    CREATE TABLE search_docs (
        doc        INTEGER PRIMARY KEY,
        kind       TEXT NOT NULL,
        collection TEXT NOT NULL,
        item_id    TEXT NOT NULL,
        UNIQUE (collection, item_id)
    );
    CREATE VIRTUAL TABLE search_index USING fts5(
        title, summary, body,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TABLE search_meta (
        id           INTEGER PRIMARY KEY CHECK (id = 1),
        fold_version INTEGER NOT NULL
    );
    "#,
    // 3: remittance quotes go stale sooner than hotlines; the content's limit for them
    // (30 = crate::remittance::DEFAULT_STALE_AFTER_DAYS, for content published without one).
    r#"
    ALTER TABLE sync_state ADD COLUMN remittance_stale_after_days INTEGER NOT NULL DEFAULT 30;
    "#,
    // 4: directories and reports (issue 5): distance search on services, idempotent outbox
    // reports, and the returnee's home region (user data).
    r#"
    CREATE INDEX services_by_location ON services(lat, lon);
    ALTER TABLE outbox ADD COLUMN report_id TEXT;
    CREATE UNIQUE INDEX outbox_by_report_id ON outbox(report_id);
    CREATE TABLE home_place (
        id         INTEGER PRIMARY KEY CHECK (id = 1),
        region     TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    "#,
    // 5: HTTP sync. Full objects are no longer stored: an export rebuilds them from the records
    // (objects are deterministic) and checks them against the signed hash.
    r#"
    DROP TABLE collection_objects;
    -- Where the phone last synced from, and the timestamp's ETag for If-None-Match.
    CREATE TABLE sync_http (
        id             INTEGER PRIMARY KEY CHECK (id = 1),
        url            TEXT NOT NULL,
        timestamp_etag TEXT,
        checked_at     TEXT NOT NULL
    );
    "#,
    // 6: reports that reach staff (issue 13). Each report keeps what staff need to check the
    // failed call; `install_token` is a random per-install token (user data: wipe removes it, a
    // new one is made on the next report), so staff can count phones without knowing them.
    r#"
    ALTER TABLE outbox ADD COLUMN install TEXT;
    ALTER TABLE outbox ADD COLUMN attempted_at TEXT;
    ALTER TABLE outbox ADD COLUMN scheduled_open INTEGER;
    ALTER TABLE outbox ADD COLUMN number TEXT;
    ALTER TABLE outbox ADD COLUMN content_seq INTEGER;
    CREATE TABLE install_token (
        id         INTEGER PRIMARY KEY CHECK (id = 1),
        token      TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    "#,
];

pub(super) fn migrate(conn: &mut Connection) -> Result<()> {
    let current: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if current as usize > MIGRATIONS.len() {
        return Err(Error::invalid(format!(
            "this database was written by a newer version of Safar (schema {current}, this build knows {})",
            MIGRATIONS.len()
        )));
    }
    for (n, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (n + 1) as u32)?;
        tx.commit()?;
    }
    Ok(())
}
