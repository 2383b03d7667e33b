//! What one quote costs for one amount, in both directions, exactly.
//!
//! # The model
//! The *send amount* is everything the sender hands over, **fee included** ("I have 10 000
//! roubles"). The provider keeps the fee and converts the rest at its applied rate:
//!
//! ```text
//! fee       = fee schedule at the send amount        (send currency)
//! converted = send − fee                             (send currency)
//! received  = converted × applied rate               (receive currency)
//! ```
//!
//! Costs follow the World Bank's Remittance Prices Worldwide (RPW) definitions:
//! `fee % = fee / send`, `FX margin % = 1 − applied / reference`, and
//! `total cost % = fee % + FX margin %`. (RPW prices a fee paid on top of the amount; when the
//! fee comes out of the amount, the family's real loss is smaller by `fee % × FX margin %`. The
//! ranking uses the amount received, which is exact either way.)
//!
//! # Rounding rules
//! 1. **Fee**: the schedule's tier is the first whose upper bound is at least the send amount;
//!    its fixed part plus its percent of the send amount is computed exactly, clamped to
//!    `fee_min`/`fee_max`, then rounded **half up** to the send currency's minor unit
//!    (100.005 RUB → 100.01 RUB; 5500.5 KRW → 5501 KRW).
//! 2. **Amount received**: `(send − fee) × rate` exactly, rounded **down** to the receive
//!    currency's minor unit, so the app never promises more than arrives.
//! 3. **Percentages** (fee %, FX margin %, total cost %): each computed exactly and rounded half
//!    up to 4 decimal places of a percent (0.0001 %), independently; so the printed total can
//!    differ from the printed fee % + FX margin % by at most 0.0001.
//! 4. **Reverse** (a desired amount received): the smallest send amount, in whole minor units,
//!    whose amount received by rules 1–2 is at least the desired amount. Found by exact search,
//!    tier by tier (within one tier the amount received never falls as the send amount grows;
//!    across tiers it can, so every tier is searched in order).

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
    /// Everything the sender hands over, fee included.
    pub send: Amount,
    pub fee: Amount,
    /// `send − fee`: what the provider converts.
    pub converted: Amount,
    /// What the family gets, rounded down.
    pub received: Amount,
    /// Percent of the send amount (`"1.5000"` is 1.5 %).
    pub fee_pct: Decimal,
    /// `1 − applied / reference`, in percent; negative when the provider's rate beats the
    /// reference (usually a sign that the reference rate is old).
    pub fx_margin_pct: Decimal,
    /// `fee % + FX margin %` (RPW total cost).
    pub total_cost_pct: Decimal,
    #[serde(skip)]
    pub(crate) exact: ExactCost,
}

/// The unrounded fractions behind a [`Cost`] (not percent: 0.015 is 1.5 %).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ExactCost {
    pub fee: Ratio,
    pub fx_margin: Ratio,
    pub total: Ratio,
}

impl Cost {
    /// The exact total cost as a fraction of the send amount (0.03 is 3 %).
    pub(crate) fn total_fraction(&self) -> Ratio {
        self.exact.total
    }
}

/// Computes the cost of sending `send` (fee included) with `quote`.
///
/// [`Error::InvalidInput`] when the amount is in another currency than the quote's send
/// currency, when the fee takes the whole amount, when the quote itself is unusable (unknown
/// currency, zero rate, a percent fee of 100 % or more), or the numbers are too large.
pub fn cost_for_send(quote: &RemittanceQuote, send: &Amount) -> Result<Cost> {
    let pricing = Pricing::new(quote)?;
    pricing.same_currency(send, &quote.send_currency, "send")?;
    pricing.cost(i128::from(send.minor_units))
}

/// Computes the smallest send amount (fee included) with which `quote` delivers at least
/// `receive`, and that transfer's cost (rounding rule 4).
///
/// Errors as [`cost_for_send`], and [`Error::InvalidInput`] when no send amount up to the
/// largest accepted one delivers that much.
pub fn cost_for_receive(quote: &RemittanceQuote, receive: &Amount) -> Result<Cost> {
    let pricing = Pricing::new(quote)?;
    pricing.same_currency(receive, &quote.receive_currency, "receive")?;
    let send = pricing.smallest_send_for(i128::from(receive.minor_units))?;
    pricing.cost(send)
}

/// One fee tier in exact send-currency minor units.
struct Tier {
    /// Largest send amount in minor units the tier covers; `None` for the last tier.
    up_to: Option<i128>,
    fixed: Ratio,
    /// Fraction of the send amount (1 % → 1/100).
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
        let minor_rate = Ratio::new(10i128.pow(receive_digits), 10i128.pow(send_digits))
            .and_then(|shift| rate.checked_mul(shift))
            .ok_or_else(big)?;
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

    fn tier_for(&self, send: i128) -> &Tier {
        let last = self.tiers.len() - 1; // `new` refuses an empty schedule
        let n = self.tiers.iter().position(|t| t.up_to.is_none_or(|b| send <= b));
        &self.tiers[n.unwrap_or(last)]
    }

    /// Rounding rule 1, in send minor units.
    fn fee(&self, send: i128) -> Option<i128> {
        let tier = self.tier_for(send);
        let mut fee = tier.fixed.checked_add(tier.share.checked_mul(Ratio::integer(send))?)?;
        if let Some(min) = self.fee_min {
            fee = fee.max(min);
        }
        if let Some(max) = self.fee_max {
            fee = fee.min(max);
        }
        Some(fee.round_half_up())
    }

    /// Rounding rule 2: `(fee, received)` in minor units; `received` is `None` when the fee
    /// takes the whole amount.
    fn received(&self, send: i128) -> Option<(i128, Option<i128>)> {
        let fee = self.fee(send)?;
        let converted = send.checked_sub(fee)?;
        if converted <= 0 {
            return Some((fee, None));
        }
        let received = Ratio::integer(converted).checked_mul(self.minor_rate)?.floor();
        Some((fee, Some(received)))
    }

    fn cost(&self, send: i128) -> Result<Cost> {
        let big = || too_large(self.quote);
        let (fee, received) = self.received(send).ok_or_else(big)?;
        let q = self.quote;
        let amount = |currency: &str, minor: i128| Amount::from_minor(currency, minor).ok_or_else(big);
        let Some(received) = received else {
            return Err(Error::invalid(format!(
                "quote {}: the fee {} {} takes the whole amount {} {}",
                q.id,
                Decimal::new(fee, self.send_digits),
                q.send_currency,
                Decimal::new(send, self.send_digits),
                q.send_currency
            )));
        };
        let fee_fraction = Ratio::new(fee, send).ok_or_else(big)?;
        let total = fee_fraction.checked_add(self.fx_margin).ok_or_else(big)?;
        let pct = |r: Ratio| {
            r.checked_mul(Ratio::integer(100))
                .and_then(|p| p.to_decimal(PERCENT_DECIMALS))
                .ok_or_else(big)
        };
        Ok(Cost {
            send: amount(&q.send_currency, send)?,
            fee: amount(&q.send_currency, fee)?,
            converted: amount(&q.send_currency, send - fee)?,
            received: amount(&q.receive_currency, received)?,
            fee_pct: pct(fee_fraction)?,
            fx_margin_pct: pct(self.fx_margin)?,
            total_cost_pct: pct(total)?,
            exact: ExactCost {
                fee: fee_fraction,
                fx_margin: self.fx_margin,
                total,
            },
        })
    }

    /// Does sending `send` deliver at least `target`?
    fn delivers(&self, send: i128, target: i128) -> Result<bool> {
        let (_, received) = self.received(send).ok_or_else(|| too_large(self.quote))?;
        Ok(received.is_some_and(|r| r >= target))
    }

    /// Rounding rule 4.
    fn smallest_send_for(&self, target: i128) -> Result<i128> {
        let limit = MAX_AMOUNT_MAJOR * 10i128.pow(self.send_digits);
        let mut lo = 1;
        for tier in &self.tiers {
            let hi = tier.up_to.unwrap_or(limit).min(limit);
            if lo > hi {
                continue;
            }
            // Within a tier `delivers` is monotone: false…false true…true. For the open last
            // tier, gallop up from `lo` first so huge amounts are only tried when needed.
            let found_hi = match tier.up_to {
                Some(_) => self.delivers(hi, target)?.then_some(hi),
                None => self.gallop(lo, hi, target)?,
            };
            if let Some(mut yes) = found_hi {
                let mut no = lo - 1; // known not to deliver, or below the tier
                while yes - no > 1 {
                    let mid = no + (yes - no) / 2;
                    if self.delivers(mid, target)? {
                        yes = mid;
                    } else {
                        no = mid;
                    }
                }
                return Ok(yes);
            }
            lo = hi + 1;
        }
        Err(Error::invalid(format!(
            "quote {}: no send amount up to {MAX_AMOUNT_MAJOR} {} delivers {} {}",
            self.quote.id,
            self.quote.send_currency,
            Decimal::new(target, self.receive_digits),
            self.quote.receive_currency
        )))
    }

    /// The first of `lo`, `lo + 1`, `lo + 2`, `lo + 4`, `lo + 8`… (capped at `hi`) that delivers
    /// `target`.
    fn gallop(&self, lo: i128, hi: i128, target: i128) -> Result<Option<i128>> {
        let mut step = 1i128;
        let mut at = lo;
        loop {
            if self.delivers(at, target)? {
                return Ok(Some(at));
            }
            if at == hi {
                return Ok(None);
            }
            at = lo.saturating_add(step).min(hi);
            step = step.saturating_mul(2);
        }
    }
}

#[cfg(test)]
mod tests;
