//! What one quote costs for one amount, in both directions, exactly.
//!
//! # The model
//! As in the World Bank's Remittance Prices Worldwide (RPW), a fee schedule prices the amount
//! *transferred* (converted and paid out), and the fee is paid on top of it:
//!
//! ```text
//! fee       = fee schedule at the transferred amount     (send currency)
//! you pay   = transferred + fee                          (send currency)
//! received  = transferred × applied rate                 (receive currency)
//! ```
//!
//! `fee % = fee / transferred`, `FX margin % = 1 − applied / reference`, and
//! `total cost % = fee % + FX margin %` — RPW's definitions, exactly — plus one thing RPW can
//! leave out at its amounts: the payout rounding loss when it is material (rule 6).
//!
//! A user gives one of two amounts:
//! * **what they hand over** (`--send 10000`: "I have 10 000 roubles"): each provider transfers
//!   the largest amount whose transfer plus fee fits, so offers are compared by what the family
//!   receives for the same money;
//! * **what the family should receive**: each provider's cheapest total to hand over.
//!
//! # Rounding rules
//! 1. **Fee**: the schedule's tier is the first whose upper bound is at least the transferred
//!    amount; its fixed part plus its percent of the transferred amount is computed exactly,
//!    clamped to `fee_min`/`fee_max`, then rounded **half up** to the send currency's minor unit
//!    (100.005 RUB → 100.01 RUB; 5500.5 KRW → 5501 KRW).
//! 2. **Amount received**: `transferred × rate` exactly, rounded **down** to the receive
//!    currency's minor unit, so the app never promises more than arrives.
//! 3. **Percentages** (fee %, FX margin %, total cost %): each computed exactly and rounded half
//!    up to 4 decimal places of a percent (0.0001 %), independently; so the printed total can
//!    differ from the printed fee % + FX margin % by at most 0.0001.
//! 4. **Handing over an amount**: the transferred amount is the largest, in whole minor units,
//!    whose transfer plus fee (rule 1) is at most that amount; what is paid can be a little less
//!    than the amount (the rest stays with the sender).
//! 5. **Asking for an amount received**: among transferred amounts that deliver at least that
//!    much (rule 2), the one whose transfer plus fee is smallest; ties go to the larger
//!    transfer. So the result is the smallest amount to hand over that, by rule 4, delivers at
//!    least the asked amount.
//!
//! 6. **Payout rounding**: rule 2 costs the family up to one minor unit. As a share of the
//!    transfer's mid-market value, `(transferred × applied − received) / (transferred ×
//!    reference)`, it is [`Cost::payout_rounding_pct`]. When it is at least 0.01 % (the
//!    smallest step the app's two-place percentages show) it is *material* and is added to the
//!    total; below that it is left out, as RPW leaves it out. Sending 0.10 RUB at 0.11588 TJS
//!    delivers 0.01 TJS instead of 0.011588: a loss of 13.46 % of the 0.0118 TJS mid-market
//!    value, so the total is 1.80 + 13.46 = 15.25 %, not 1.80 %.
//!
//! Rules 4 and 5 are exact searches, tier by tier: within one tier, transfer plus fee grows with
//! the transfer; across tier bounds it can fall (a lower percent above a bound), so every tier
//! is looked at.

use super::currency::{check_currency, Amount, MAX_AMOUNT_MAJOR};
use super::ratio::Ratio;
use crate::model::{Decimal, RemittanceQuote};
use crate::{Error, Result};
use serde::Serialize;

/// Decimal places of a percent in results (see rounding rule 3).
pub const PERCENT_DECIMALS: u32 = 4;

/// A transfer priced by one quote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cost {
    /// What the sender hands over: transferred amount plus fee.
    pub send: Amount,
    pub fee: Amount,
    /// What the provider converts and pays out.
    pub converted: Amount,
    /// What the family gets, rounded down.
    pub received: Amount,
    /// Percent of the transferred amount (`"1.5000"` is 1.5 %).
    pub fee_pct: Decimal,
    /// `1 − applied / reference`, in percent; negative when the provider's rate beats the
    /// reference (usually a sign that the reference rate is old).
    pub fx_margin_pct: Decimal,
    /// What rounding the payout down costs the family, as a percent of the transfer's
    /// mid-market value (rounding rule 6).
    pub payout_rounding_pct: Decimal,
    /// The payout rounding is material (at least 0.01 %) and is part of the total.
    pub rounding_counted: bool,
    /// `fee % + FX margin %` (RPW total cost), plus the payout rounding when it is material.
    pub total_cost_pct: Decimal,
    #[serde(skip)]
    pub(crate) exact: ExactCost,
}

/// The unrounded fractions behind a [`Cost`] (not percent: 0.015 is 1.5 %).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ExactCost {
    pub fee: Ratio,
    pub fx_margin: Ratio,
    pub payout_rounding: Ratio,
    pub total: Ratio,
}

/// Rounding rule 6: a payout rounding loss of at least 0.01 % counts in the total.
pub(crate) fn material_rounding() -> Ratio {
    Ratio::new(1, 10_000).unwrap_or(Ratio::ZERO) // cannot fail: nothing to overflow
}

/// What `quote` does with `send` handed over, fee included (rounding rule 4).
///
/// [`Error::InvalidInput`] when the amount is in another currency than the quote's send
/// currency, when the fee takes the whole amount, when the quote itself is unusable (unknown
/// currency, zero rate, a percent fee of 100 % or more), or the numbers are too large.
pub fn cost_for_send(quote: &RemittanceQuote, send: &Amount) -> Result<Cost> {
    let pricing = Pricing::new(quote)?;
    pricing.same_currency(send, &quote.send_currency, "send")?;
    let budget = i128::from(send.minor_units);
    let transferred = pricing.largest_transfer_within(budget)?.ok_or_else(|| {
        let fee = pricing.fee(1).map_or(String::new(), |f| {
            format!(" {} {}", Decimal::new(f, pricing.send_digits), quote.send_currency)
        });
        Error::invalid(format!(
            "quote {}: the fee{fee} takes the whole amount {} {}",
            quote.id, send.value, quote.send_currency
        ))
    })?;
    pricing.cost(transferred)
}

/// What `quote` costs when it transfers exactly `transferred` (send currency), the fee paid on
/// top: RPW's way of pricing a corridor at a fixed amount. Every usable quote can price any
/// amount this way (no fee can "take the whole amount").
///
/// Errors as [`cost_for_send`], but for the fee.
pub fn cost_for_transfer(quote: &RemittanceQuote, transferred: &Amount) -> Result<Cost> {
    let pricing = Pricing::new(quote)?;
    pricing.same_currency(transferred, &quote.send_currency, "transferred")?;
    pricing.cost(i128::from(transferred.minor_units))
}

/// The smallest amount to hand over, fee included, with which `quote` delivers at least
/// `receive`, and that transfer's cost (rounding rule 5).
///
/// Errors as [`cost_for_send`], and [`Error::InvalidInput`] when no transfer up to the largest
/// accepted amount delivers that much.
pub fn cost_for_receive(quote: &RemittanceQuote, receive: &Amount) -> Result<Cost> {
    let pricing = Pricing::new(quote)?;
    pricing.same_currency(receive, &quote.receive_currency, "receive")?;
    let transferred = pricing.cheapest_transfer_for(i128::from(receive.minor_units))?;
    pricing.cost(transferred)
}

/// One fee tier in exact send-currency minor units.
struct Tier {
    /// Largest transferred amount in minor units the tier covers; `None` for the last tier.
    up_to: Option<i128>,
    fixed: Ratio,
    /// Fraction of the transferred amount (1 % → 1/100).
    share: Ratio,
}

/// A quote turned into exact numbers once, so the reverse search only does arithmetic.
struct Pricing<'a> {
    quote: &'a RemittanceQuote,
    send_digits: u32,
    receive_digits: u32,
    tiers: Vec<Tier>,
    fee_min: Option<Ratio>,
    fee_max: Option<Ratio>,
    /// Receive minor units per send minor unit, as applied.
    minor_rate: Ratio,
    /// Receive minor units per send minor unit, at the mid-market reference.
    minor_reference: Ratio,
    /// `1 − applied / reference`.
    fx_margin: Ratio,
}

fn too_large(quote: &RemittanceQuote) -> Error {
    Error::invalid(format!("quote {}: the numbers are too large to compute", quote.id))
}

impl<'a> Pricing<'a> {
    fn new(quote: &'a RemittanceQuote) -> Result<Pricing<'a>> {
        let unusable = |why: &str| Error::invalid(format!("quote {} cannot be used: {why}", quote.id));
        let send_digits = check_currency(&quote.send_currency)?;
        let receive_digits = check_currency(&quote.receive_currency)?;
        let big = || too_large(quote);
        let send_unit = Ratio::integer(10i128.pow(send_digits));
        let in_minor = |d: Decimal| Ratio::from_decimal(d)?.checked_mul(send_unit);
        let hundred = Ratio::integer(100);
        let mut tiers = Vec::with_capacity(quote.fee.tiers.len());
        for t in &quote.fee.tiers {
            let share = Ratio::from_decimal(t.percent)
                .and_then(|p| p.checked_div(hundred))
                .ok_or_else(big)?;
            if share >= Ratio::integer(1) || share.is_negative() || t.fixed.is_negative() {
                return Err(unusable("its fee schedule is not between 0 and 100 %"));
            }
            tiers.push(Tier {
                // Amounts above a bound with more decimals than the currency are in the next tier.
                up_to: match t.up_to {
                    Some(b) => Some(in_minor(b).ok_or_else(big)?.floor()),
                    None => None,
                },
                fixed: in_minor(t.fixed).ok_or_else(big)?,
                share,
            });
        }
        if tiers.is_empty() {
            return Err(unusable("it has no fee schedule"));
        }
        let bound = |d: Option<Decimal>| d.map(|d| in_minor(d).ok_or_else(big)).transpose();
        let (fee_min, fee_max) = (bound(quote.fee_min)?, bound(quote.fee_max)?);
        if quote.rate.is_negative() || quote.rate.is_zero() || quote.reference_rate.is_negative() {
            return Err(unusable("its exchange rate is not above zero"));
        }
        let rate = Ratio::from_decimal(quote.rate).ok_or_else(big)?;
        let reference = Ratio::from_decimal(quote.reference_rate)
            .filter(|r| *r != Ratio::ZERO)
            .ok_or_else(|| unusable("its reference rate is zero"))?;
        let shift = Ratio::new(10i128.pow(receive_digits), 10i128.pow(send_digits)).ok_or_else(big)?;
        let minor_rate = rate.checked_mul(shift).ok_or_else(big)?;
        let minor_reference = reference.checked_mul(shift).ok_or_else(big)?;
        let fx_margin = rate
            .checked_div(reference)
            .and_then(|q| Ratio::integer(1).checked_sub(q))
            .ok_or_else(big)?;
        Ok(Pricing {
            quote,
            send_digits,
            receive_digits,
            tiers,
            fee_min,
            fee_max,
            minor_rate,
            minor_reference,
            fx_margin,
        })
    }

    fn same_currency(&self, amount: &Amount, expected: &str, what: &str) -> Result<()> {
        if amount.currency == expected {
            Ok(())
        } else {
            Err(Error::invalid(format!(
                "quote {} needs the {what} amount in {expected}, not {}",
                self.quote.id, amount.currency
            )))
        }
    }

    fn tier_for(&self, transferred: i128) -> &Tier {
        let last = self.tiers.len() - 1; // `new` refuses an empty schedule
        let n = self.tiers.iter().position(|t| t.up_to.is_none_or(|b| transferred <= b));
        &self.tiers[n.unwrap_or(last)]
    }

    /// Rounding rule 1: the fee for transferring `transferred` minor units.
    fn fee(&self, transferred: i128) -> Option<i128> {
        let tier = self.tier_for(transferred);
        let mut fee = tier
            .fixed
            .checked_add(tier.share.checked_mul(Ratio::integer(transferred))?)?;
        if let Some(min) = self.fee_min {
            fee = fee.max(min);
        }
        if let Some(max) = self.fee_max {
            fee = fee.min(max);
        }
        Some(fee.round_half_up())
    }

    /// Transfer plus fee.
    fn pay(&self, transferred: i128) -> Result<i128> {
        self.fee(transferred)
            .and_then(|fee| transferred.checked_add(fee))
            .ok_or_else(|| too_large(self.quote))
    }

    /// Rounding rule 2.
    fn received(&self, transferred: i128) -> Option<i128> {
        Some(Ratio::integer(transferred).checked_mul(self.minor_rate)?.floor())
    }

    fn cost(&self, transferred: i128) -> Result<Cost> {
        let big = || too_large(self.quote);
        let q = self.quote;
        let fee = self.fee(transferred).ok_or_else(big)?;
        let received = self.received(transferred).ok_or_else(big)?;
        let amount = |currency: &str, minor: i128| Amount::from_minor(currency, minor).ok_or_else(big);
        let fee_fraction = Ratio::new(fee, transferred).ok_or_else(big)?;
        // Rule 6: what the rounded-down payout falls short of the exact one, at mid-market.
        let exact_received = Ratio::integer(transferred)
            .checked_mul(self.minor_rate)
            .ok_or_else(big)?;
        let payout_rounding = exact_received
            .checked_sub(Ratio::integer(received))
            .and_then(|lost| lost.checked_div(Ratio::integer(transferred).checked_mul(self.minor_reference)?))
            .ok_or_else(big)?;
        let rounding_counted = payout_rounding >= material_rounding();
        let mut total = fee_fraction.checked_add(self.fx_margin).ok_or_else(big)?;
        if rounding_counted {
            total = total.checked_add(payout_rounding).ok_or_else(big)?;
        }
        let pct = |r: Ratio| {
            r.checked_mul(Ratio::integer(100))
                .and_then(|p| p.to_decimal(PERCENT_DECIMALS))
                .ok_or_else(big)
        };
        Ok(Cost {
            send: amount(&q.send_currency, transferred.checked_add(fee).ok_or_else(big)?)?,
            fee: amount(&q.send_currency, fee)?,
            converted: amount(&q.send_currency, transferred)?,
            received: amount(&q.receive_currency, received)?,
            fee_pct: pct(fee_fraction)?,
            fx_margin_pct: pct(self.fx_margin)?,
            payout_rounding_pct: pct(payout_rounding)?,
            rounding_counted,
            total_cost_pct: pct(total)?,
            exact: ExactCost {
                fee: fee_fraction,
                fx_margin: self.fx_margin,
                payout_rounding,
                total,
            },
        })
    }

    /// Transferred amounts of each tier as inclusive minor-unit ranges, in order.
    fn tier_ranges(&self) -> Vec<(i128, i128)> {
        let limit = MAX_AMOUNT_MAJOR * 10i128.pow(self.send_digits);
        let mut ranges = Vec::with_capacity(self.tiers.len());
        let mut lo = 1;
        for tier in &self.tiers {
            let hi = tier.up_to.unwrap_or(limit).min(limit);
            if lo <= hi {
                ranges.push((lo, hi));
            }
            lo = lo.max(hi + 1);
        }
        ranges
    }

    /// Rounding rule 4: the largest transfer whose transfer plus fee is at most `budget`; `None`
    /// when even the smallest transfer costs more.
    fn largest_transfer_within(&self, budget: i128) -> Result<Option<i128>> {
        let mut best = None;
        for (lo, hi) in self.tier_ranges() {
            // `pay` grows with the transfer inside a tier, and is never below the transfer.
            let hi = hi.min(budget);
            if lo > hi || self.pay(lo)? > budget {
                continue;
            }
            let (mut fits, mut too_much) = (lo, hi + 1);
            while too_much - fits > 1 {
                let mid = fits + (too_much - fits) / 2;
                if self.pay(mid)? <= budget {
                    fits = mid;
                } else {
                    too_much = mid;
                }
            }
            best = best.max(Some(fits));
        }
        Ok(best)
    }

    /// Rounding rule 5: the transfer that delivers at least `target` for the least transfer plus
    /// fee (ties: the larger transfer).
    fn cheapest_transfer_for(&self, target: i128) -> Result<i128> {
        let big = || too_large(self.quote);
        // The smallest transfer that delivers `target`: ⌈target / rate⌉ in minor units.
        let needed = Ratio::integer(target)
            .checked_div(self.minor_rate)
            .ok_or_else(big)?
            .ceil();
        let mut best: Option<(i128, i128)> = None; // (pay, transferred)
        for (lo, hi) in self.tier_ranges() {
            if hi < needed {
                continue;
            }
            // Inside a tier the smallest transfer is the cheapest.
            let transferred = lo.max(needed);
            let pay = self.pay(transferred)?;
            let better = best.is_none_or(|(p, t)| pay < p || (pay == p && transferred > t));
            if better {
                best = Some((pay, transferred));
            }
        }
        best.map(|(_, transferred)| transferred).ok_or_else(|| {
            Error::invalid(format!(
                "quote {}: no transfer up to {MAX_AMOUNT_MAJOR} {} delivers {} {}",
                self.quote.id,
                self.quote.send_currency,
                Decimal::new(target, self.receive_digits),
                self.quote.receive_currency
            ))
        })
    }
}

#[cfg(test)]
mod tests;
