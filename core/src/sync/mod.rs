//! The signed repository format and its verification.
//!
//! Trust comes from signatures, never from the channel: a bundle from a CDN, a laptop, an SD card
//! or another phone is verified the same way ([`verify`]), through a [`RepoSource`].

#[cfg(feature = "http")]
pub mod attachments;
pub mod bundle;
pub mod digest;
pub mod metadata;
pub mod minisign;
pub mod object;
pub mod partition;
pub mod paths;
pub mod verify;

#[cfg(feature = "store")]
pub mod export;
#[cfg(feature = "http")]
pub mod http;
#[cfg(feature = "store")]
pub mod import;
pub mod subscription;
#[cfg(feature = "http")]
pub mod update;

use chrono::{DateTime, Utc};
use std::fmt;

/// Why content was rejected. Every variant means: nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("{file} is malformed: {why}")]
    Malformed { file: String, why: String },
    #[error("{file}: {problem}")]
    Signature {
        file: String,
        problem: minisign::SignatureProblem,
    },
    #[error("{file} has {have} valid {role} signature(s), {need} required")]
    Threshold {
        file: String,
        role: String,
        have: u32,
        need: u32,
    },
    #[error("{file} differs from the root this app trusts: the content is signed by unknown keys")]
    UntrustedRoot { file: String },
    #[error("{file} does not match its signed hash")]
    HashMismatch { file: String },
    #[error("{file} has {actual} bytes, {expected} were signed")]
    LengthMismatch { file: String, expected: u64, actual: u64 },
    #[error("{file} is larger than the {limit} bytes allowed")]
    TooLarge { file: String, limit: u64 },
    #[error("{what} {got} is older than the {have} already installed (rollback refused)")]
    Rollback { what: String, have: u64, got: u64 },
    #[error("{file} expired at {at}")]
    Expired { file: String, at: DateTime<Utc> },
    #[error("collection {collection} is not signed by a publisher allowed to sign it")]
    Unauthorized { collection: String },
    #[error("refusing unsafe path '{path}'")]
    BadPath { path: String },
    #[error("{file} is missing")]
    Missing { file: String },
    #[error("the bundle is damaged: {why}")]
    Damaged { why: String },
    #[error("collection {collection} does not match its signed digest after applying")]
    DigestMismatch { collection: String },
    /// Signed metadata dated beyond the device clock plus [`MAX_CLOCK_SKEW`]: either this phone's
    /// clock is behind or the build machine's clock was wrong. Refused so that one wrong clock
    /// cannot push the phone's trusted time into the future (and expire everything genuine).
    #[error(
        "{file} is dated {at}, later than this phone's clock allows: check the phone's date and time; if it is right, the repository's clock is wrong"
    )]
    FromTheFuture { file: String, at: DateTime<Utc> },
    /// Two different manifests carry the same sequence number (a fork: a key used twice, or a
    /// repository rebuilt from scratch). Neither is preferred; the publisher must publish anew.
    #[error("fork: two different manifests claim sequence {seq} (installed sha256 {installed}, offered sha256 {offered}); refused")]
    Fork {
        seq: u64,
        installed: String,
        offered: String,
    },
}

impl VerifyError {
    pub fn malformed(file: &str, why: impl fmt::Display) -> VerifyError {
        VerifyError::Malformed {
            file: file.to_string(),
            why: why.to_string(),
        }
    }
}

/// Where repository files come from: a `.safar` bundle, or (in the sync layer) an HTTP mirror.
/// `fetch` returns at most `limit` bytes or fails with [`VerifyError::TooLarge`].
pub trait RepoSource {
    fn fetch(&mut self, path: &str, limit: u64) -> crate::Result<Option<Vec<u8>>>;

    /// Called once the manifest is verified: a source may refuse if it holds files the manifest
    /// does not account for (a bundle with junk in it was assembled wrongly or tampered with).
    fn check_listing(&self, _manifest: &metadata::Manifest) -> crate::Result<()> {
        Ok(())
    }
}

/// Caps on metadata sizes: a hostile mirror cannot make the phone read endless data.
pub const MAX_ROOT_BYTES: u64 = 64 * 1024;
pub const MAX_TIMESTAMP_BYTES: u64 = 16 * 1024;
pub const MAX_SIGNATURE_BYTES: u64 = 16 * 1024;
pub const MAX_MANIFEST_BYTES: u64 = 4 * 1024 * 1024;
/// How far ahead of the device clock signed metadata may be dated (`published_at`). Clocks of
/// cheap phones and build machines drift by minutes or hours, and time zones get set wrong; a day
/// covers that. Beyond it the metadata is refused ([`VerifyError::FromTheFuture`]), and a trusted
/// time stored on the phone is believed only up to this much past the device clock that stored it.
pub const MAX_CLOCK_SKEW: chrono::TimeDelta = chrono::TimeDelta::days(1);
/// A root chain longer than this is refused rather than walked.
pub const MAX_ROOT_WALK: u32 = 256;
