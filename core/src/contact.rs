//! Ways to reach a hotline or service, as shells show them: a number people read and a URI the
//! phone opens (`tel:`, a messenger link).
//!
//! The phone checks every number itself before offering to dial it ([`crate::safety`]): an entry
//! whose number is not plainly dialable (`*21*…#`, pauses, letters) is still shown, as plain text,
//! but with no URI, so no shell can hand it to the dialler.

use crate::model::{Messenger, MessengerKind, PhoneNumber};
use crate::safety;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NumberView {
    /// E.164 (`+992446000000`) or a national short code (`112`).
    pub number: String,
    /// As people write it (`+992 44 600 0000`).
    pub display: String,
    /// `tel:+992446000000`; None when the number is not plainly dialable (shells show it
    /// without a call button).
    pub tel_uri: Option<String>,
    /// Free to call, when known.
    pub free: Option<bool>,
}

impl From<&PhoneNumber> for NumberView {
    fn from(p: &PhoneNumber) -> Self {
        NumberView {
            number: safety::line(&p.number),
            display: safety::number_display(&p.number, &p.display),
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
    /// `https://t.me/name`, `https://wa.me/992…`, `viber://chat?number=…`; None when the handle
    /// is not a valid name or dialable number (shells show the handle as text).
    pub uri: Option<String>,
}

impl From<&Messenger> for MessengerView {
    fn from(m: &Messenger) -> Self {
        MessengerView {
            kind: m.kind,
            handle: safety::line(&m.handle),
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
