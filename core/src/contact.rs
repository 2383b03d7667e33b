//! Ways to reach a hotline or service, as shells show them: a number people read and a URI the
//! phone opens (`tel:`, a messenger link).

use crate::model::{Messenger, MessengerKind, PhoneNumber};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NumberView {
    /// E.164 (`+992446000000`) or a national short code (`112`).
    pub number: String,
    /// As people write it (`+992 44 600 0000`).
    pub display: String,
    /// `tel:+992446000000`.
    pub tel_uri: String,
    /// Free to call, when known.
    pub free: Option<bool>,
}

impl From<&PhoneNumber> for NumberView {
    fn from(p: &PhoneNumber) -> Self {
        NumberView {
            number: p.number.clone(),
            display: p.display.clone(),
            tel_uri: p.tel_uri(),
            free: p.free,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MessengerView {
    pub kind: MessengerKind,
    /// `@name` or an E.164 number.
    pub handle: String,
    /// `https://t.me/name`, `https://wa.me/992…`, `viber://chat?number=…`.
    pub uri: String,
}

impl From<&Messenger> for MessengerView {
    fn from(m: &Messenger) -> Self {
        MessengerView {
            kind: m.kind,
            handle: m.handle.clone(),
            uri: m.uri(),
        }
    }
}

/// Does a record speak one of the user's languages? (`uz-Cyrl` and `uz` count as the same.)
pub fn speaks_any(record_languages: &[String], user_languages: &[String]) -> bool {
    let base = |l: &str| l.split('-').next().unwrap_or(l).to_ascii_lowercase();
    record_languages
        .iter()
        .any(|r| user_languages.iter().any(|u| base(r) == base(u)))
}
