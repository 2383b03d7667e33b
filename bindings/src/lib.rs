//! safar-ffi: the Safar core for Kotlin, Swift and Python, through uniffi (proc-macros only).
//!
//! A thin façade: every capability of the core, as plain records and one object. The contract is
//! `bindings/API.md`. Every call is blocking: shells call it off the UI thread. Errors cross the
//! boundary as [`SafarError`]; panics never do (each call catches them).

mod directory;
mod error;
mod money;
mod reading;
mod records;
mod sync;

pub use directory::*;
pub use error::SafarError;
pub use money::*;
pub use reading::*;
pub use records::*;
pub use sync::*;

use safar_core::model::{CountryCode, GeoPoint, LanguageTag, Stage, Topic};
use std::sync::Arc;

/// How many hotlines the home screen shows.
const HOME_HOTLINES: usize = 5;

fn invalid(message: String) -> SafarError {
    SafarError::InvalidInput { message }
}

fn parse_date(text: &str) -> Result<chrono::NaiveDate, SafarError> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        invalid(format!(
            "'{}' is not a date (YYYY-MM-DD)",
            safar_core::model::echo(text)
        ))
    })
}

fn parse_instant(text: &str) -> Result<chrono::DateTime<chrono::Utc>, SafarError> {
    chrono::DateTime::parse_from_rfc3339(text.trim())
        .map(|d| d.with_timezone(&chrono::Utc))
        .map_err(|_| invalid(format!("'{}' is not a time (RFC 3339)", safar_core::model::echo(text))))
}

fn parse_number(what: &str, text: &str) -> Result<f64, SafarError> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| invalid(format!("{what} '{}' is not a number", safar_core::model::echo(text))))
}

uniffi::setup_scaffolding!();

/// Runs `f`, turning a panic into [`SafarError::Internal`] so it never unwinds into the shell.
fn guard<T>(f: impl FnOnce() -> Result<T, SafarError>) -> Result<T, SafarError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(SafarError::Internal {
            message: "unexpected internal error".into(),
        })
    })
}

/// The app's handle on its database. Thread-safe; share one per database file.
#[derive(uniffi::Object)]
pub struct SafarApp {
    inner: safar_core::Safar,
}

#[uniffi::export]
impl SafarApp {
    /// Opens (or creates) the database at `db_path`; on first start imports the embedded default
    /// content, verified like any update. Blocking.
    #[uniffi::constructor]
    pub fn open(db_path: String) -> Result<Arc<SafarApp>, SafarError> {
        guard(|| {
            if db_path.trim().is_empty() {
                return Err(SafarError::InvalidInput {
                    message: "database path is empty".into(),
                });
            }
            let config = safar_core::AppConfig {
                trusted_root: safar_content::TRUSTED_ROOT.to_vec(),
                trusted_root_signatures: safar_content::TRUSTED_ROOT_SIGNATURES.to_vec(),
                default_bundle: Some(safar_content::DEFAULT_BUNDLE),
            };
            Ok(Arc::new(SafarApp {
                inner: safar_core::Safar::open(&db_path, config)?,
            }))
        })
    }

    /// What content is on the phone and how old it is. Blocking.
    pub fn status(&self) -> Result<ContentStatus, SafarError> {
        guard(|| Ok(self.inner.status()?.into()))
    }

    /// The saved profile, or the default before onboarding. Blocking.
    pub fn profile(&self) -> Result<UserProfile, SafarError> {
        guard(|| Ok(self.inner.profile()?.into()))
    }

    /// Saves the profile. Country codes are ISO 3166 alpha-2, languages BCP 47 (`tg`, `uz-Cyrl`).
    /// Blocking.
    pub fn set_profile(&self, profile: UserProfile) -> Result<(), SafarError> {
        guard(|| {
            let core = safar_core::model::Profile {
                origin: CountryCode::parse(&profile.origin).map_err(invalid)?,
                destination: CountryCode::parse(&profile.destination).map_err(invalid)?,
                languages: profile
                    .languages
                    .iter()
                    .map(|l| LanguageTag::parse(l))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(invalid)?,
                stage: Stage::parse(&profile.stage).map_err(invalid)?,
                arrival: profile.arrival.as_deref().map(parse_date).transpose()?,
            };
            Ok(self.inner.set_profile(&core)?)
        })
    }

    /// The home screen. Blocking.
    pub fn home(&self) -> Result<HomeScreen, SafarError> {
        guard(|| {
            let mut home: HomeScreen = self.inner.home()?.into();
            // Returnees see home hotlines; everyone else the lines for their profile, open first.
            if home.hotlines.is_empty() {
                let lines = self.inner.hotlines(&safar_core::hotlines::HotlineFilter::default())?;
                home.hotlines = lines.into_iter().take(HOME_HOTLINES).map(Into::into).collect();
            }
            Ok(home)
        })
    }

    /// Articles for the profile, optionally of one topic (`registration`, `tb_hiv`…). Blocking.
    pub fn guide(&self, topic: Option<String>) -> Result<Vec<ArticleSummary>, SafarError> {
        guard(|| {
            let topic = topic
                .map(|t| Topic::parse(&t).map_err(|message| SafarError::InvalidInput { message }))
                .transpose()?;
            Ok(self.inner.guide(topic)?.into_iter().map(Into::into).collect())
        })
    }

    /// One article by group (`registration-ru`) or exact id (`registration-ru.tg`), as blocks.
    /// Blocking.
    pub fn article(&self, id: String) -> Result<ArticleDetail, SafarError> {
        guard(|| {
            let view = self.inner.read(&id)?;
            let bookmarked = self.inner.bookmarks()?.iter().any(|b| b.group == view.summary.group);
            Ok(ArticleDetail::new(view, bookmarked))
        })
    }

    /// Topics with article counts for the profile, most urgent first for its stage. Blocking.
    pub fn topics(&self) -> Result<Vec<TopicInfo>, SafarError> {
        guard(|| {
            Ok(self
                .inner
                .topics()?
                .into_iter()
                .map(|t| TopicInfo {
                    topic: t.topic.as_str().into(),
                    title: t.title,
                    count: t.count,
                })
                .collect())
        })
    }

    /// TB/HIV and health articles, with the health hotlines and services (health, TB/HIV care) of
    /// the destination and the home country. Blocking.
    pub fn health(&self) -> Result<HealthScreen, SafarError> {
        guard(|| {
            let section = self.inner.health()?;
            let countries = [section.destination.to_string(), section.origin.to_string()];
            let mut hotlines: Vec<HotlineEntry> = Vec::new();
            let mut services: Vec<ServiceEntry> = Vec::new();
            for country in countries.iter().filter(|c| !c.is_empty()) {
                let filter = safar_core::hotlines::HotlineFilter {
                    country: Some(country.clone()),
                    category: Some("health".into()),
                    ..Default::default()
                };
                for h in self.inner.hotlines(&filter)? {
                    if !hotlines.iter().any(|x| x.id == h.id) {
                        hotlines.push(h.into());
                    }
                }
                for category in ["tb_hiv_care", "health"] {
                    let filter = safar_core::services::ServiceFilter {
                        country: Some(country.clone()),
                        category: Some(category.into()),
                        ..Default::default()
                    };
                    for s in self.inner.services(&filter)? {
                        if !services.iter().any(|x| x.id == s.id) {
                            services.push(s.into());
                        }
                    }
                }
            }
            Ok(HealthScreen {
                articles: section.articles.into_iter().map(Into::into).collect(),
                services,
                hotlines,
            })
        })
    }

    /// Searches articles, hotlines and services in any language and either script (`kind`:
    /// `article`, `hotline`, `service`; `limit` 1–100). A query with nothing searchable gives an
    /// empty list, never an error. Blocking.
    pub fn search(&self, query: String, kind: Option<String>, limit: u32) -> Result<Vec<SearchHit>, SafarError> {
        guard(|| {
            let kind = kind
                .as_deref()
                .map(safar_core::search::SearchKind::parse)
                .transpose()
                .map_err(invalid)?;
            Ok(self
                .inner
                .search(&query, kind, limit)?
                .hits
                .into_iter()
                .map(Into::into)
                .collect())
        })
    }

    /// The checklist with deadlines judged for `today` (`YYYY-MM-DD`, default the device's date).
    /// Blocking.
    pub fn checklist(&self, today: Option<String>) -> Result<ChecklistScreen, SafarError> {
        guard(|| {
            let today = today.as_deref().map(parse_date).transpose()?;
            Ok(self.inner.checklist(today)?.into())
        })
    }

    /// Marks a checklist step done (today) or not done. Blocking.
    pub fn set_checklist_done(&self, item_id: String, done: bool) -> Result<(), SafarError> {
        guard(|| Ok(self.inner.set_checklist_done(&item_id, done, None)?))
    }

    /// Bookmarked articles, newest first (articles the publisher withdrew are left out). Blocking.
    pub fn bookmarks(&self) -> Result<Vec<ArticleSummary>, SafarError> {
        guard(|| {
            Ok(self
                .inner
                .bookmarks()?
                .into_iter()
                .filter_map(|b| b.article)
                .map(Into::into)
                .collect())
        })
    }

    /// Adds (`on`) or removes a bookmark on an article group. Blocking.
    pub fn set_bookmark(&self, group: String, on: bool) -> Result<(), SafarError> {
        guard(|| {
            if on {
                self.inner.add_bookmark(&group)?;
            } else {
                self.inner.remove_bookmark(&group)?;
            }
            Ok(())
        })
    }

    /// Articles read most recently first. Blocking.
    pub fn recently_read(&self) -> Result<Vec<ArticleSummary>, SafarError> {
        guard(|| {
            Ok(self
                .inner
                .recently_read(20)?
                .into_iter()
                .filter_map(|b| b.article)
                .map(Into::into)
                .collect())
        })
    }

    /// Removes the profile, checklist progress, bookmarks, reading history, reports and home
    /// region in one transaction; content stays. Blocking.
    pub fn wipe_personal_data(&self) -> Result<(), SafarError> {
        guard(|| {
            self.inner.wipe_personal_data()?;
            Ok(())
        })
    }

    /// Hotlines with open-now computed in each line's own time zone, open ones first. Blocking.
    pub fn hotlines(&self, filter: HotlineFilter) -> Result<Vec<HotlineEntry>, SafarError> {
        guard(|| {
            let core = safar_core::hotlines::HotlineFilter {
                country: filter.country.filter(|c| !c.trim().is_empty()),
                category: filter.category.filter(|c| !c.trim().is_empty()),
                open_now: filter.open_now,
                at: filter.at.as_deref().map(parse_instant).transpose()?,
                your_timezone: None,
            };
            Ok(self.inner.hotlines(&core)?.into_iter().map(Into::into).collect())
        })
    }

    /// Services by country, region or district, category, cost, language, and distance from a
    /// point (nearest first). Blocking.
    pub fn services(&self, filter: ServiceFilter) -> Result<Vec<ServiceEntry>, SafarError> {
        guard(|| {
            let near = match (&filter.near_lat, &filter.near_lon) {
                (Some(lat), Some(lon)) => Some(
                    GeoPoint::new(parse_number("latitude", lat)?, parse_number("longitude", lon)?).map_err(invalid)?,
                ),
                (None, None) => None,
                _ => return Err(invalid("give both near_lat and near_lon".into())),
            };
            let core = safar_core::services::ServiceFilter {
                country: filter.country.filter(|c| !c.trim().is_empty()),
                region: filter.region.filter(|c| !c.trim().is_empty()),
                category: filter.category.filter(|c| !c.trim().is_empty()),
                free_only: filter.free_only,
                language: filter.language.filter(|c| !c.trim().is_empty()),
                near,
                radius_km: filter
                    .radius_km
                    .as_deref()
                    .map(|r| parse_number("radius", r))
                    .transpose()?,
                ..Default::default()
            };
            Ok(self.inner.services(&core)?.into_iter().map(Into::into).collect())
        })
    }

    /// Reports a problem with a hotline or service, kept offline and sent after the next sync.
    /// `kind`: `hotline` or `service`; `problem`: `no_answer`, `closed`, `wrong_info`. Returns the
    /// report's id. Blocking.
    pub fn report_problem(
        &self,
        kind: String,
        target_id: String,
        problem: String,
        note: Option<String>,
    ) -> Result<String, SafarError> {
        guard(|| {
            let kind = kind.trim().to_ascii_lowercase();
            if kind != "hotline" && kind != "service" {
                return Err(invalid(format!(
                    "unknown report kind '{}' (hotline or service)",
                    safar_core::model::echo(&kind)
                )));
            }
            let target = format!("{kind}:{}", target_id.trim());
            let entry = self
                .inner
                .report_problem(&target, &problem, note.as_deref().unwrap_or(""))?;
            Ok(entry.report.id)
        })
    }

    /// Compares remittance providers for one amount, offline, with exact money. Blocking.
    pub fn compare_remittance(&self, request: RemittanceRequest) -> Result<RemittanceComparison, SafarError> {
        guard(|| Ok(self.inner.compare_remittance(&request.to_query()?)?.into()))
    }

    /// Updates the content from the repository at `url` (verified, resumable, one transaction),
    /// then sends queued reports. `listener` hears progress; `cancel` stops it, leaving the
    /// content as it was. Blocking: run it on a background thread or worker.
    pub fn sync(
        &self,
        url: String,
        listener: Option<Arc<dyn SyncListener>>,
        cancel: Option<Arc<CancelToken>>,
    ) -> Result<SyncSummary, SafarError> {
        guard(|| {
            let progress = sync::Progress(listener);
            let token = cancel.map(|c| c.inner.clone()).unwrap_or_default();
            let options = safar_core::sync::http::HttpOptions::default();
            Ok(self.inner.sync(&url, &options, &progress, &token)?.into())
        })
    }

    /// Verifies and imports a `.safar` bundle file (SD card, another phone). Blocking.
    pub fn import_bundle(&self, path: String) -> Result<ImportSummary, SafarError> {
        guard(|| Ok(self.inner.import_bundle_file(&path)?.into()))
    }

    /// Writes this phone's verified content to a `.safar` file for another phone. Blocking.
    pub fn export_bundle(&self, path: String) -> Result<ExportSummary, SafarError> {
        guard(|| {
            if path.trim().is_empty() {
                return Err(invalid("export path is empty".into()));
            }
            Ok(self.inner.export_bundle(&path)?.into())
        })
    }

    /// Sends queued problem reports now; returns how many were sent (0 without a feedback
    /// endpoint). Blocking.
    pub fn send_reports(&self) -> Result<u32, SafarError> {
        guard(|| Ok(self.inner.send_reports()?.min(u32::MAX as usize) as u32))
    }
}
