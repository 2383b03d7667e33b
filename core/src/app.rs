//! [`Safar`]: the handle a shell opens. One per database file; safe to share between threads.

use crate::guide::{self, ArticleSummary, ArticleView, TopicCount};
use crate::model::{Profile, Topic};
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
use chrono::{DateTime, Utc};
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
        let conn = self.conn();
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
        let profile_set = profile::load(&conn)?.is_some();
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
        Ok(Home {
            profile,
            profile_set: status.profile_set,
            sample: status.sample,
            repository: status.repository,
            content_age_days: status.content_age_days,
            topics,
            start_here,
        })
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
        update::sync(&self.path, &self.pinned, url, &subscription, options, progress, cancel)
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
