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

    // --- Updates and the device (storage room, one update at a time) ---
    /// The device's storage is too full for this update. Nothing was changed and partial
    /// downloads were deleted; `needed_bytes` is how much must be freed before trying again.
    #[error(
        "the phone's storage is full: free at least {} and try the update again (your content is unchanged)",
        megabytes(*needed_bytes)
    )]
    StorageFull { needed_bytes: u64 },
    /// Another update of the same database is running (in this app or another process).
    #[error("an update is already running; wait for it to finish")]
    UpdateRunning,
}

/// `1_234_567` → "1.3 MB" (rounded up: freeing the number shown is always enough).
fn megabytes(bytes: u64) -> String {
    let tenths = bytes.div_ceil(100_000).max(1);
    format!("{}.{} MB", tenths / 10, tenths % 10)
}

impl Error {
    pub fn invalid(msg: impl Into<String>) -> Error {
        Error::InvalidInput(msg.into())
    }
    pub fn not_found(msg: impl Into<String>) -> Error {
        Error::NotFound(msg.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_full_says_how_much_to_free_rounded_up() {
        let msg = Error::StorageFull {
            needed_bytes: 1_234_567,
        }
        .to_string();
        assert!(msg.contains("free at least 1.3 MB"), "{msg}");
        assert!(Error::StorageFull { needed_bytes: 1 }.to_string().contains("0.1 MB"));
    }
}
