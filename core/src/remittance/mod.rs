//! Remittance-cost comparison in the manner of the World Bank's Remittance Prices Worldwide
//! (RPW), offline, with exact money.
//!
//! * [`currency`] — ISO 4217 minor units and [`Amount`]s parsed from what a user typed.
//! * [`cost`] — what one quote costs for one amount, in both directions, and the rounding rules.
//! * [`compare`] — ranking a corridor's quotes, the corridor figures at a fixed amount
//!   transferred (the user's, USD 200 and USD 500), SmaRT, staleness and SDG flags.
//! * `query` — answering a [`RemitQuery`] from the phone's database (feature `store`).
//!
//! The whole method, with a worked example to check by hand, is in `docs/REMITTANCE.md`.
//!
//! The quotes themselves are content ([`crate::model::RemittanceQuote`]), stored per sending
//! country in the `remittance/<cc>` collections.

pub mod compare;
pub mod cost;
pub mod currency;
mod ratio;

#[cfg(feature = "store")]
pub mod query;

#[cfg(test)]
mod properties;
#[cfg(test)]
mod testing;

pub use compare::{
    compare_quotes, percent_for_reading, smart_shortfalls, AmountKind, Basis, Comparing, CorridorFigures,
    ExcludedQuote, RemitComparison, RemitOffer, RemitQuery, SdgLevel, SMART_SLOWEST,
};
pub use cost::{cost_for_receive, cost_for_send, cost_for_transfer, Cost};
pub use currency::{minor_digits, Amount};
#[cfg(feature = "store")]
pub use query::Corridor;

/// Quotes collected (or reference rates taken) longer ago than this many days are stale, unless
/// the content says otherwise (`[remittance] stale_after_days` in `safar.toml`). Prices move
/// faster than phone numbers, so this is far shorter than the general limit.
pub const DEFAULT_STALE_AFTER_DAYS: u32 = 30;
