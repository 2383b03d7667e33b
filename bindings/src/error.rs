//! The one error type shells see. Messages are fit to show a user and carry no personal data.

/// Everything that can go wrong, in a few kinds a shell can act on. A flat error: shells get the
/// kind as the exception type and the message as its text (`SafarException.InvalidInput` in
/// Kotlin, `SafarError.InvalidInput` in Swift and Python).
#[derive(Debug, thiserror::Error, uniffi::Error)]
#[uniffi(flat_error)]
pub enum SafarError {
    /// The caller passed something invalid (bad country code, empty id, malformed date).
    #[error("{message}")]
    InvalidInput { message: String },
    /// The thing asked for does not exist.
    #[error("{message}")]
    NotFound { message: String },
    /// Content failed verification (forged, damaged, outdated); nothing was changed.
    #[error("{message}")]
    Rejected { message: String },
    /// Trouble reading or writing the device's storage, or reaching the network (timeouts,
    /// refused connections, a cancelled sync); the message says which.
    #[error("{message}")]
    Storage { message: String },
    /// A bug in Safar. Nothing was changed; please report it.
    #[error("{message}")]
    Internal { message: String },
}

impl From<safar_core::Error> for SafarError {
    fn from(e: safar_core::Error) -> SafarError {
        use safar_core::Error as E;
        let message = e.to_string();
        match e {
            E::InvalidInput(_) => SafarError::InvalidInput { message },
            E::NotFound(_) => SafarError::NotFound { message },
            E::Rejected(_) => SafarError::Rejected { message },
            // Database internals are not for users: say what failed, not how.
            E::Storage(_) => SafarError::Storage {
                message: "the app's database could not be read or written".into(),
            },
            E::Io(_) | E::StorageFull { .. } | E::UpdateRunning => SafarError::Storage { message },
        }
    }
}
