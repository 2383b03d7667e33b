//! Remittance-cost comparison in the manner of the World Bank's Remittance Prices Worldwide
//! (RPW), offline, with exact money.
//!
//! * [`currency`] — ISO 4217 minor units and [`Amount`]s parsed from what a user typed.
//! * [`cost`] — what one quote costs for one amount, in both directions, and the rounding rules.
//! * [`compare`] — ranking a corridor's quotes, the corridor summary, staleness and SDG flags.
//! * `query` — answering a [`RemitQuery`] from the phone's database (feature `store`).
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
    compare_quotes, AmountKind, Comparing, CorridorSummary, ExcludedQuote, RemitComparison, RemitOffer, RemitQuery,
    SdgLevel,
};
pub use cost::{cost_for_receive, cost_for_send, Cost};
pub use currency::{minor_digits, Amount};
#[cfg(feature = "store")]
pub use query::Corridor;

/// Quotes collected (or reference rates taken) longer ago than this many days are stale, unless
/// the content says otherwise (`[remittance] stale_after_days` in `safar.toml`). Prices move
/// faster than phone numbers, so this is far shorter than the general limit.
pub const DEFAULT_STALE_AFTER_DAYS: u32 = 30;
