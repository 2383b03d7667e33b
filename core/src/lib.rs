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

pub mod error;
pub mod model;
pub mod remittance;
pub mod render;
pub mod sync;

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
pub mod personal;
#[cfg(feature = "store")]
pub mod profile;
#[cfg(feature = "store")]
pub mod search;
#[cfg(feature = "store")]
pub mod store;

pub use error::{Error, Result};

#[cfg(feature = "store")]
pub use app::{AppConfig, Safar};
