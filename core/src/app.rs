//! [`Safar`]: the handle a shell opens. One per database file; safe to share between threads.

use crate::checklist::{self, Checklist, ChecklistStep};
use crate::feedback::{self, Attempt, NotSent, OutboxEntry, ReportDelivery};
use crate::guide::{self, ArticleSummary, ArticleView, TopicCount};
use crate::health::{self, HealthEntry, HealthSection};
use crate::hotlines::{self, HotlineFilter, HotlineView};
use crate::model::{Profile, Topic};
use crate::personal::{self, SavedArticle, WipeReport};
use crate::remittance::{self, Corridor, RemitComparison, RemitQuery};
use crate::returnee::{self, ReturneeHome};
use crate::search::{self, SearchKind, SearchResults};
use crate::services::{self, ServiceFilter, ServiceView};
use crate::sync::bundle::Bundle;
use crate::sync::export::{self, ExportReport};
#[cfg(feature = "http")]
use crate::sync::http::{HttpOptions, SyncProgress};
use crate::sync::import::{self, ImportPolicy, ImportReport};
use crate::sync::subscription::Subscription;
#[cfg(feature = "http")]
use crate::sync::update::{self, CancelToken, SyncReport};
use crate::sync::verify::TrustedRoot;
use crate::{profile, store, Error, Result};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use std::io::{Cursor, Read, Seek};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// What a deployment supplies: the root of trust and the content shipped inside the app.
#[derive(Clone)]
pub struct AppConfig {
    /// `root/N.json` and its `.minisig`, pinned in the app.
    pub trusted_root: Vec<u8>,
    pub trusted_root_signatures: Vec<u8>,
    /// The signed `.safar` bundle imported on first start, offline.
    pub default_bundle: Option<&'static [u8]>,
}

pub struct Safar {
    path: PathBuf,
    conn: Mutex<Connection>,
    pinned: TrustedRoot,
}

/// The state of the content on this phone.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    pub database: String,
    pub schema_version: u32,
    pub repository: Option<String>,
    pub sample: bool,
    pub seq: Option<u64>,
    pub root_version: u32,
    pub published_at: Option<DateTime<Utc>>,
    /// Whole days since the content was published (by the trusted clock).
    pub content_age_days: Option<i64>,
    pub stale_after_days: Option<u32>,
    pub last_update: Option<DateTime<Utc>>,
    pub collections: Vec<CollectionStatus>,
    pub profile_set: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CollectionStatus {
    pub name: String,
    pub kind: String,
    pub version: u64,
    pub records: u64,
}

/// The first screen: who the user is, how fresh the content is, where to start.
#[derive(Debug, Clone, Serialize)]
pub struct Home {
    pub profile: Profile,
    pub profile_set: bool,
    pub sample: bool,
    pub repository: Option<String>,
    pub content_age_days: Option<i64>,
    pub topics: Vec<TopicCount>,
    /// Core articles for the stage, most urgent first.
    pub start_here: Vec<ArticleSummary>,
    /// Overdue checklist steps, then the next few deadlines.
    pub deadlines: Vec<ChecklistStep>,
    /// The way into the health section (`Safar::health`).
    pub health: HealthEntry,
    /// Returned users only: reintegration services in the home region and home hotlines, shown
    /// first.
    pub returnee: Option<ReturneeHome>,
}

/// Deadlines the home screen shows after the overdue ones.
const HOME_UPCOMING: usize = 3;

fn device_today() -> NaiveDate {
    Utc::now().date_naive()
}

impl Safar {
    /// Opens the database at `path` (creating it), and on first start imports the embedded
    /// default content through the same verifier as any update. Blocking.
    pub fn open(path: impl AsRef<Path>, config: AppConfig) -> Result<Safar> {
        let path = path.as_ref().to_path_buf();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if !dir.is_dir() {
                return Err(Error::invalid(format!("folder {} does not exist", dir.display())));
            }
        }
        let conn = store::open(&path)?;
        let pinned = TrustedRoot::pinned(&config.trusted_root, &config.trusted_root_signatures)?;
        let safar = Safar {
            path,
            conn: Mutex::new(conn),
            pinned,
        };
        if let Some(bundle) = config.default_bundle {
            if safar.status()?.seq.is_none() {
                safar.import_bundle_from(Cursor::new(bundle))?;
            }
        }
        Ok(safar)
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave the connection half-written (SQLite
        // transactions roll back), so a poisoned lock is safe to reuse.
        self.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Verifies and applies a `.safar` bundle file (SD card, phone to phone). Blocking.
    pub fn import_bundle_file(&self, file: impl AsRef<Path>) -> Result<ImportReport> {
        let file = file.as_ref();
        let f =
            std::fs::File::open(file).map_err(|e| Error::invalid(format!("cannot open {}: {e}", file.display())))?;
        // Opening a folder succeeds on Unix and only the first read fails, as a bare I/O error.
        if file.is_dir() {
            return Err(Error::invalid(format!(
                "{} is a folder, not a .safar bundle",
                file.display()
            )));
        }
        self.import_bundle_from(std::io::BufReader::new(f))
    }

    pub fn import_bundle_from<R: Read + Seek>(&self, reader: R) -> Result<ImportReport> {
        let mut bundle = Bundle::open(reader)?;
        let mut conn = self.conn();
        let policy = ImportPolicy {
            now: Utc::now(),
            enforce_expiry: false,
        };
        import::import(&mut conn, &self.pinned, &mut bundle, policy, &|_, _| true)
    }

    pub fn status(&self) -> Result<Status> {
        let guard = self.conn();
        // One read transaction: the sync state and the collections come from the same snapshot,
        // even while an update commits on another connection.
        let conn = guard.unchecked_transaction()?;
        type StateRow = (i64, u32, String, String, String, bool, u32, String);
        let state: Option<StateRow> = conn
            .query_row(
                "SELECT seq, root_version, published_at, trusted_now, repository, sample, stale_after_days, updated_at FROM sync_state WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?)),
            )
            .optional()?;
        let mut stmt = conn.prepare("SELECT name, kind, version, count FROM collections ORDER BY name")?;
        let collections = stmt
            .query_map([], |r| {
                Ok(CollectionStatus {
                    name: r.get(0)?,
                    kind: r.get(1)?,
                    version: r.get::<_, i64>(2)? as u64,
                    records: r.get::<_, i64>(3)? as u64,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        drop(stmt);
        let profile_set = profile::load(&conn)?.is_some();
        conn.finish()?;
        let parse = |s: &str| DateTime::parse_from_rfc3339(s).ok().map(|d| d.with_timezone(&Utc));
        let published_at = state.as_ref().and_then(|s| parse(&s.2));
        Ok(Status {
            database: self.path.display().to_string(),
            schema_version: store::schema_version(),
            repository: state.as_ref().map(|s| s.4.clone()),
            sample: state.as_ref().is_some_and(|s| s.5),
            seq: state.as_ref().map(|s| s.0 as u64),
            root_version: state.as_ref().map(|s| s.1).unwrap_or(self.pinned.version()),
            content_age_days: published_at.map(|p| (Utc::now().max(p) - p).num_days()),
            published_at,
            stale_after_days: state.as_ref().map(|s| s.6),
            last_update: state.as_ref().and_then(|s| parse(&s.7)),
            collections,
            profile_set,
        })
    }

    /// The saved profile, or the default one before onboarding (see [`Profile::default`]).
    pub fn profile(&self) -> Result<Profile> {
        Ok(profile::load(&self.conn())?.unwrap_or_default())
    }

    pub fn profile_is_set(&self) -> Result<bool> {
        Ok(profile::load(&self.conn())?.is_some())
    }

    pub fn set_profile(&self, profile: &Profile) -> Result<()> {
        profile::save(&self.conn(), profile)
    }

    pub fn guide(&self, topic: Option<Topic>) -> Result<Vec<ArticleSummary>> {
        let profile = self.profile()?;
        guide::articles_for(&self.conn(), &profile, topic)
    }

    pub fn topics(&self) -> Result<Vec<TopicCount>> {
        let profile = self.profile()?;
        guide::topics(&self.conn(), &profile)
    }

    pub fn read(&self, id_or_group: &str) -> Result<ArticleView> {
        let profile = self.profile()?;
        guide::read(&self.conn(), &profile, id_or_group)
    }

    pub fn home(&self) -> Result<Home> {
        let status = self.status()?;
        let profile = self.profile()?;
        let conn = self.conn();
        let topics = guide::topics(&conn, &profile)?;
        let start_here = guide::articles_for(&conn, &profile, None)?
            .into_iter()
            .filter(|a| a.core)
            .take(5)
            .collect();
        let today = device_today();
        let list = checklist::checklist(&conn, &profile, today)?;
        let deadlines = list
            .overdue
            .into_iter()
            .chain(list.upcoming.into_iter().take(HOME_UPCOMING))
            .collect();
        let health = health::section(&conn, &profile, today)?.entry();
        let returnee = returnee::home_section(&conn, &profile)?;
        Ok(Home {
            profile,
            profile_set: status.profile_set,
            sample: status.sample,
            repository: status.repository,
            content_age_days: status.content_age_days,
            topics,
            start_here,
            deadlines,
            health,
            returnee,
        })
    }

    /// Searches articles, hotlines and services in any language and either script; `limit` is
    /// 1–100. A query with nothing searchable in it gives an empty result, not an error.
    pub fn search(&self, query: &str, kind: Option<SearchKind>, limit: u32) -> Result<SearchResults> {
        let chain = self.profile()?.language_chain();
        search::search(&self.conn(), &chain, query, kind, limit)
    }

    /// The checklist with deadlines judged for `today` (the device's date when `None`).
    pub fn checklist(&self, today: Option<NaiveDate>) -> Result<Checklist> {
        let profile = self.profile()?;
        checklist::checklist(&self.conn(), &profile, today.unwrap_or_else(device_today))
    }

    /// Marks a checklist step done (on `on`, default today) or not done.
    pub fn set_checklist_done(&self, step_id: &str, done: bool, on: Option<NaiveDate>) -> Result<()> {
        checklist::set_done(&self.conn(), step_id, done, on.unwrap_or_else(device_today))
    }

    /// TB/HIV and health articles with the health hotlines and services of the destination and
    /// home country.
    pub fn health(&self) -> Result<HealthSection> {
        let profile = self.profile()?;
        health::section(&self.conn(), &profile, device_today())
    }

    pub fn add_bookmark(&self, id_or_group: &str) -> Result<SavedArticle> {
        let profile = self.profile()?;
        personal::add_bookmark(&self.conn(), &profile, id_or_group)
    }

    /// Removes a bookmark; `false` if there was none.
    pub fn remove_bookmark(&self, id_or_group: &str) -> Result<bool> {
        personal::remove_bookmark(&self.conn(), id_or_group)
    }

    pub fn bookmarks(&self) -> Result<Vec<SavedArticle>> {
        let profile = self.profile()?;
        personal::bookmarks(&self.conn(), &profile)
    }

    pub fn recently_read(&self, limit: u32) -> Result<Vec<SavedArticle>> {
        let profile = self.profile()?;
        personal::recently_read(&self.conn(), &profile, limit)
    }

    /// Removes the profile, checklist progress, bookmarks, reading history and unsent reports in
    /// one transaction. Content stays. Blocking.
    pub fn wipe_personal_data(&self) -> Result<WipeReport> {
        personal::wipe(&mut self.conn())
    }

    /// Compares the remittance providers of a corridor for one amount, offline: ranked offers,
    /// excluded quotes with reasons, and the corridor summary. Ages are measured against the
    /// trusted clock (the device clock, never before the content's publication). Blocking.
    pub fn compare_remittance(&self, query: &RemitQuery) -> Result<RemitComparison> {
        remittance::query::compare_now(&self.conn(), query)
    }

    /// [`Safar::compare_remittance`] as of a given time (to reproduce an earlier comparison).
    pub fn compare_remittance_at(&self, query: &RemitQuery, now: DateTime<Utc>) -> Result<RemitComparison> {
        remittance::query::compare(&self.conn(), query, now)
    }

    /// The corridors this phone has remittance quotes for.
    pub fn remittance_corridors(&self) -> Result<Vec<Corridor>> {
        remittance::query::corridors(&self.conn())
    }

    /// Hotlines for the profile (or the filter's country), open ones first, each with open-now in
    /// its own time zone and its trust signals.
    pub fn hotlines(&self, filter: &HotlineFilter) -> Result<Vec<HotlineView>> {
        let profile = self.profile()?;
        hotlines::list(&self.conn(), &profile, filter)
    }

    /// One hotline by id (an article's `hotline:<id>` link), evaluated now.
    pub fn hotline(&self, id: &str, your_timezone: Option<&str>) -> Result<HotlineView> {
        let profile = self.profile()?;
        hotlines::get(&self.conn(), &profile, id, Utc::now(), your_timezone)
    }

    /// Services by country, region, category, cost, language, and distance from a point.
    pub fn services(&self, filter: &ServiceFilter) -> Result<Vec<ServiceView>> {
        let profile = self.profile()?;
        services::search(&self.conn(), &profile, filter)
    }

    /// One service by id (an article's `service:<id>` link), evaluated now.
    pub fn service(&self, id: &str, your_timezone: Option<&str>) -> Result<ServiceView> {
        let profile = self.profile()?;
        services::get(&self.conn(), &profile, id, None, your_timezone)
    }

    /// The returnee's home region (free text, e.g. `Khatlon`), if set.
    pub fn home_region(&self) -> Result<Option<String>> {
        returnee::home_region(&self.conn())
    }

    /// Sets the home region; None or empty clears it.
    pub fn set_home_region(&self, region: Option<&str>) -> Result<()> {
        returnee::set_home_region(&self.conn(), region)
    }

    /// Reports a problem with a hotline or service (`hotline:<id>`, `service:<id>` or a bare id);
    /// `problem` is `no_answer`, `closed` or `wrong_info`. The attempt is taken as made now on the
    /// entry's first number. Stored offline in the outbox until [`Safar::send_reports`].
    /// Check the note with [`feedback::note_concerns`] first and ask the user if it finds anything.
    pub fn report_problem(&self, target: &str, problem: &str, note: &str) -> Result<OutboxEntry> {
        feedback::outbox::add(&self.conn(), target, problem, note)
    }

    /// [`Safar::report_problem`] for a failed attempt at a given local time and number.
    pub fn report_attempt(&self, target: &str, problem: &str, note: &str, attempt: &Attempt) -> Result<OutboxEntry> {
        feedback::outbox::add_attempt(&self.conn(), target, problem, note, attempt)
    }

    /// Every report made on this phone, newest first, with when it was sent.
    pub fn outbox(&self) -> Result<Vec<OutboxEntry>> {
        feedback::outbox::list(&self.conn())
    }

    /// Sends unsent reports to the feedback endpoint named in the installed signed manifest and
    /// returns how many were sent; 0 when none is configured or nothing waits. A relative endpoint
    /// is resolved against the repository address last synced from. The database is not locked
    /// during the network calls. Blocking.
    pub fn send_reports(&self) -> Result<usize> {
        let delivery = self.deliver_reports(None)?;
        match delivery.not_sent {
            None | Some(NotSent::NoEndpoint) => Ok(delivery.sent as usize),
            Some(why) => Err(feedback::outbox::not_sent_error(why)),
        }
    }

    /// Sends unsent reports and says what happened: how many went, how many wait, and why.
    /// `repository` is the address a relative endpoint is resolved against (the last one synced
    /// from when `None`). Blocking.
    pub fn deliver_reports(&self, repository: Option<&str>) -> Result<ReportDelivery> {
        feedback::outbox::deliver(&|| self.conn(), repository)
    }

    /// The collections this phone subscribes to: those its profile needs, or everything before
    /// the profile is set (see [`Subscription`]).
    pub fn subscription(&self) -> Result<Subscription> {
        Ok(match profile::load(&self.conn())? {
            Some(p) => Subscription::for_profile(&p),
            None => Subscription::Everything,
        })
    }

    /// Updates the content from the repository at `url` (`http://` or `https://`): verifies it,
    /// downloads what the profile needs (deltas where offered, resumable), applies it in one
    /// transaction and drops collections the profile no longer needs. User data is never touched.
    /// Blocking; readers are not blocked meanwhile (the update uses its own connection).
    /// `cancel` stops it at the next read, leaving the content as it was.
    #[cfg(feature = "http")]
    pub fn sync(
        &self,
        url: &str,
        options: &HttpOptions,
        progress: &dyn SyncProgress,
        cancel: &CancelToken,
    ) -> Result<SyncReport> {
        let subscription = self.subscription()?;
        let mut report = update::sync(&self.path, &self.pinned, url, &subscription, options, progress, cancel)?;
        // Reports made offline go out after the first successful sync. A failure to send leaves
        // them queued for the next one and does not undo the update.
        match self.deliver_reports(Some(url)) {
            Ok(delivery) => {
                report.reports_sent = delivery.sent;
                report.reports_error = match &delivery.not_sent {
                    None | Some(NotSent::NoEndpoint) => None,
                    Some(why) => Some(why.to_string()),
                };
                report.reports = delivery;
            }
            Err(e) => report.reports_error = Some(e.to_string()),
        }
        Ok(report)
    }

    /// Writes this phone's verified content to a `.safar` file another phone can import (it is
    /// verified there like any bundle). Blocking.
    pub fn export_bundle(&self, file: impl AsRef<Path>) -> Result<ExportReport> {
        export::export(&self.conn(), &self.pinned, file.as_ref())
    }

    /// The file of an attachment (an article's audio, by sha256) if it is on this device.
    #[cfg(feature = "http")]
    pub fn attachment_path(&self, sha256: &str) -> Result<Option<PathBuf>> {
        if !crate::sync::paths::is_sha256_hex(sha256) {
            return Err(Error::invalid(format!(
                "'{}' is not an attachment id",
                sha256.chars().take(80).collect::<String>()
            )));
        }
        Ok(crate::sync::attachments::attachment_path(&self.path, sha256))
    }
}
