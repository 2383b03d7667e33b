//! The core's error type. Every failure a user can cause or meet is a typed variant with a
//! message fit to show; shells map these to their own error (see `safar-ffi`).

use crate::sync::VerifyError;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input from the user or the shell (unknown country code, malformed date…).
    #[error("{0}")]
    InvalidInput(String),
    /// The thing asked for does not exist (unknown article id…).
    #[error("{0}")]
    NotFound(String),
    /// Content failed verification: forged, damaged, rolled back, or not allowed.
    /// Nothing was changed.
    #[error("content rejected: {0}")]
    Rejected(#[from] VerifyError),
    /// The database could not be read or written.
    #[cfg(feature = "store")]
    #[error("database error: {0}")]
    Storage(#[from] rusqlite::Error),
    /// A file could not be read or written.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl Error {
    pub fn invalid(msg: impl Into<String>) -> Error {
        Error::InvalidInput(msg.into())
    }
    pub fn not_found(msg: impl Into<String>) -> Error {
        Error::NotFound(msg.into())
    }
}
