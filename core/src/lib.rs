//! safar-core: the library every Safar shell runs.
//!
//! * [`model`] — the content types (articles, hotlines, services, remittance quotes, checklist
//!   rules) exactly as they travel inside signed collections.
//! * [`sync`] — the signed repository format: minisign signatures, root/timestamp/manifest
//!   metadata, collection objects, `.safar` bundles, and their verification.
//! * [`store`] — the SQLite database on the phone (feature `store`).
//! * [`remittance`] — remittance-cost comparison (World Bank RPW method, exact money).
//! * [`app`] — [`Safar`], the handle a shell opens; capability modules ([`guide`], [`profile`],
//!   [`search`], [`checklist`], [`health`], [`personal`]) hold the queries behind it.
//! * Directories: [`hotlines`] and [`services`] (with [`opening`] for open-now in the record's
//!   time zone, [`trust`] for verified dates and staleness, [`contact`] for dial/messenger links),
//!   [`safety`] for what the phone checks itself before showing or dialling content,
//!   [`returnee`] for the returnee's home screen, [`feedback`] for reports and their outbox.

pub mod contact;
pub mod error;
pub mod feedback;
pub mod model;
pub mod opening;
pub mod remittance;
pub mod render;
pub mod safety;
pub mod sync;
pub mod trust;

#[cfg(feature = "store")]
pub mod app;
#[cfg(feature = "store")]
pub mod checklist;
#[cfg(feature = "store")]
pub mod freshness;
#[cfg(feature = "store")]
pub mod guide;
#[cfg(feature = "store")]
pub mod health;
#[cfg(feature = "store")]
pub mod hotlines;
#[cfg(feature = "store")]
pub mod personal;
#[cfg(feature = "store")]
pub mod profile;
#[cfg(feature = "store")]
pub mod returnee;
#[cfg(feature = "store")]
pub mod search;
#[cfg(feature = "store")]
pub mod services;
#[cfg(feature = "store")]
pub mod store;

pub use error::{Error, Result};

#[cfg(feature = "store")]
pub use app::{AppConfig, Safar};
