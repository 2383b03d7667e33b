//! How content is split into collections, so a phone fetches only what its profile needs:
//! `articles/<lang>`, `hotlines/<cc>`, `services/<cc>`, `remittance/<send cc>`,
//! `checklist/<destination cc>` (or `checklist/all` for items not tied to one destination).
//! The publisher partitions with these functions; the phone checks every record it applies
//! against them, so a publisher key scoped to one collection cannot slip records into another.

use crate::model::{Article, ChecklistItem, Hotline, RemittanceQuote, Service};

pub fn article(a: &Article) -> String {
    format!("articles/{}", a.lang)
}
pub fn hotline(h: &Hotline) -> String {
    format!("hotlines/{}", h.country.lower())
}
pub fn service(s: &Service) -> String {
    format!("services/{}", s.country.lower())
}
pub fn remittance(q: &RemittanceQuote) -> String {
    format!("remittance/{}", q.send_country.lower())
}
pub fn checklist(c: &ChecklistItem) -> String {
    match c.destinations.as_slice() {
        [one] => format!("checklist/{}", one.lower()),
        _ => "checklist/all".to_string(),
    }
}
