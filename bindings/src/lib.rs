//! safar-ffi: the Safar core for Kotlin, Swift and Python, through uniffi (proc-macros only).
//!
//! A first façade: open the database (importing the embedded default content), profile, home,
//! guide, articles, bundle import and status. Every call is blocking: shells call it off the UI
//! thread. Errors cross the boundary as [`SafarError`]; panics never do (each call catches them).

mod error;
mod records;

pub use error::SafarError;
pub use records::*;

use safar_core::model::{CountryCode, LanguageTag, Stage, Topic};
use std::sync::Arc;

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
            let invalid = |message: String| SafarError::InvalidInput { message };
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
                arrival: profile
                    .arrival
                    .as_deref()
                    .map(|d| {
                        chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                            .map_err(|_| invalid(format!("'{d}' is not a date (YYYY-MM-DD)")))
                    })
                    .transpose()?,
            };
            Ok(self.inner.set_profile(&core)?)
        })
    }

    /// The home screen. Blocking.
    pub fn home(&self) -> Result<HomeScreen, SafarError> {
        guard(|| Ok(self.inner.home()?.into()))
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
        guard(|| Ok(self.inner.read(&id)?.into()))
    }

    /// Verifies and imports a `.safar` bundle file. Blocking.
    pub fn import_bundle(&self, path: String) -> Result<ImportSummary, SafarError> {
        guard(|| Ok(self.inner.import_bundle_file(&path)?.into()))
    }
}
