//! Property tests of the cost computation over generated quotes and amounts: fee schedules with
//! up to three tiers, fixed and percent parts, minimum and maximum fees, currencies with 0, 2
//! and 3 decimals, and rates on both sides of the reference.

use super::compare::{percent_for_reading, SdgLevel};
use super::cost::{cost_for_receive, cost_for_send, cost_for_transfer, material_rounding, Cost, PERCENT_DECIMALS};
use super::currency::{minor_digits, Amount};
use super::ratio::Ratio;
use super::testing::quote;
use crate::model::{Decimal, RemittanceQuote};
use proptest::prelude::*;

const CURRENCIES: [&str; 6] = ["RUB", "TJS", "UZS", "KRW", "JPY", "KWD"];

/// A fee schedule in `remittance.csv` notation and the parts it was made of.
#[derive(Debug, Clone)]
struct Schedule {
    /// `(up_to, fixed, percent)` in minor units and hundredths of a percent.
    tiers: Vec<(Option<i64>, i64, i64)>,
    min: Option<i64>,
    max: Option<i64>,
}

impl Schedule {
    fn notation(&self, digits: u32) -> String {
        let money = |minor: i64| Decimal::new(i128::from(minor), digits).to_string();
        let parts: Vec<String> = self
            .tiers
            .iter()
            .map(|(up_to, fixed, pct)| {
                let bound = up_to.map(|b| format!("{}: ", money(b))).unwrap_or_default();
                format!("{bound}{} + {}%", money(*fixed), Decimal::new(i128::from(*pct), 2))
            })
            .collect();
        parts.join(" | ")
    }

    fn quote(&self, send: &str, receive: &str, rate: Decimal, reference: Decimal) -> RemittanceQuote {
        let digits = minor_digits(send).unwrap();
        let money = |minor: i64| Decimal::new(i128::from(minor), digits).to_string();
        let (min, max) = (self.min.map(money), self.max.map(money));
        quote(
            "prop",
            (send, receive),
            &self.notation(digits),
            (min.as_deref(), max.as_deref()),
            &rate.to_string(),
            &reference.to_string(),
        )
    }
}

fn schedule() -> impl Strategy<Value = Schedule> {
    let tier = (0i64..50_000, 0i64..1_000); // fixed up to 500.00, percent up to 9.99 %
    (
        prop::collection::vec(tier, 1..=3),
        prop::collection::btree_set(1i64..2_000_000, 2),
        prop::option::of(0i64..20_000),
        prop::option::of(0i64..200_000),
    )
        .prop_map(|(parts, bounds, min, max)| {
            let bounds: Vec<i64> = bounds.into_iter().collect();
            let n = parts.len();
            let tiers = parts
                .into_iter()
                .enumerate()
                .map(|(i, (fixed, pct))| ((i + 1 < n).then(|| bounds[i]), fixed, pct))
                .collect();
            // The publisher refuses a minimum above the maximum.
            let max = match (min, max) {
                (Some(lo), Some(hi)) if lo > hi => Some(lo),
                _ => max,
            };
            Schedule { tiers, min, max }
        })
}

/// A rate from 0.000001 to 100 000 000 and a reference within ±20 % of it.
fn rates() -> impl Strategy<Value = (Decimal, Decimal)> {
    (1i128..100_000_000, 0u32..=6, -200i128..=200).prop_map(|(m, scale, per_mille)| {
        let reference = (m * (1000 + per_mille) / 1000).max(1);
        (Decimal::new(m, scale), Decimal::new(reference, scale))
    })
}

fn currency_pair() -> impl Strategy<Value = (&'static str, &'static str)> {
    (0..CURRENCIES.len(), 0..CURRENCIES.len()).prop_map(|(a, b)| (CURRENCIES[a], CURRENCIES[b]))
}

fn amount(currency: &str, minor: i64) -> Amount {
    Amount::from_minor(currency, i128::from(minor)).unwrap()
}

fn cost(q: &RemittanceQuote, send_minor: i64) -> Option<Cost> {
    cost_for_send(q, &amount(&q.send_currency, send_minor)).ok()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// `total cost % = fee % + FX margin %` (+ the payout rounding when material), exactly
    /// before rounding — checked against RPW's cost in money, `(fee × reference + transferred ×
    /// (reference − rate)) / (transferred × reference)`, and against what the family actually
    /// gets — and within the last printed digits after it.
    #[test]
    fn total_cost_is_fee_plus_fx_margin(
        sched in schedule(), (send_cur, recv_cur) in currency_pair(), (rate, reference) in rates(),
        send in 1i64..1_000_000_000,
    ) {
        let q = sched.quote(send_cur, recv_cur, rate, reference);
        let Some(c) = cost(&q, send) else { return Ok(()) };
        let r = |d: Decimal| Ratio::from_decimal(d).unwrap();
        let fee = Ratio::integer(i128::from(c.fee.minor_units));
        let s = Ratio::integer(i128::from(c.converted.minor_units));
        prop_assert_eq!(c.converted.minor_units + c.fee.minor_units, c.send.minor_units);
        prop_assert!(c.send.minor_units <= send, "never more than handed over");
        let (rate, reference) = (r(rate), r(reference));
        let money_cost = fee.checked_mul(reference).unwrap()
            .checked_add(s.checked_mul(reference.checked_sub(rate).unwrap()).unwrap()).unwrap();
        let rpw = money_cost.checked_div(s.checked_mul(reference).unwrap()).unwrap();
        prop_assert_eq!(c.exact.fee.checked_add(c.exact.fx_margin).unwrap(), rpw);
        // Rule 6: the rounding loss is what the payout falls short of transferred × rate, valued
        // at mid-market, less than one minor unit of the receive currency.
        let shift = Ratio::new(10i128.pow(minor_digits(recv_cur).unwrap()), 10i128.pow(minor_digits(send_cur).unwrap())).unwrap();
        let mid_value = s.checked_mul(reference).unwrap().checked_mul(shift).unwrap();
        let lost = c.exact.payout_rounding.checked_mul(mid_value).unwrap();
        let exact_received = s.checked_mul(rate).unwrap().checked_mul(shift).unwrap();
        prop_assert_eq!(lost, exact_received.checked_sub(Ratio::integer(i128::from(c.received.minor_units))).unwrap());
        prop_assert!(!lost.is_negative() && lost < Ratio::integer(1));
        prop_assert_eq!(c.rounding_counted, c.exact.payout_rounding >= material_rounding());
        let expected = match c.rounding_counted {
            true => rpw.checked_add(c.exact.payout_rounding).unwrap(),
            false => rpw,
        };
        prop_assert_eq!(c.exact.total, expected);
        let last_digit = Ratio::new(1, 10i128.pow(PERCENT_DECIMALS)).unwrap();
        let mut printed_sum = r(c.fee_pct).checked_add(r(c.fx_margin_pct)).unwrap();
        let mut slack = last_digit;
        if c.rounding_counted {
            printed_sum = printed_sum.checked_add(r(c.payout_rounding_pct)).unwrap();
            slack = slack.checked_add(last_digit).unwrap();
        }
        let gap = printed_sum.checked_sub(r(c.total_cost_pct)).unwrap();
        prop_assert!(gap <= slack && gap >= Ratio::ZERO.checked_sub(slack).unwrap(),
            "{} + {} (+ {}) vs {}", c.fee_pct, c.fx_margin_pct, c.payout_rounding_pct, c.total_cost_pct);
    }

    /// Raising any part of the fee (a tier's fixed or percent part, the minimum, the maximum)
    /// never raises the amount received.
    #[test]
    fn a_higher_fee_never_delivers_more(
        sched in schedule(), (send_cur, recv_cur) in currency_pair(), (rate, reference) in rates(),
        send in 1i64..100_000_000, which in 0usize..4, tier in 0usize..3, raise in 1i64..100_000,
    ) {
        let mut dearer = sched.clone();
        let t = tier % dearer.tiers.len();
        match which {
            0 => dearer.tiers[t].1 += raise,
            1 => dearer.tiers[t].2 += raise % 1000,
            2 => dearer.min = Some(dearer.min.unwrap_or(0) + raise),
            _ => dearer.max = dearer.max.map(|m| m + raise),
        }
        if let (Some(lo), Some(hi)) = (dearer.min, dearer.max) {
            dearer.max = Some(hi.max(lo));
        }
        let cheap = sched.quote(send_cur, recv_cur, rate, reference);
        let dear = dearer.quote(send_cur, recv_cur, rate, reference);
        match (cost(&cheap, send), cost(&dear, send)) {
            (Some(a), Some(b)) => {
                prop_assert!(b.fee.minor_units >= a.fee.minor_units);
                prop_assert!(b.received.minor_units <= a.received.minor_units);
            }
            // The dearer fee may take the whole amount; the cheaper one cannot where it does not.
            (Some(_), None) | (None, None) => {}
            (None, Some(b)) => prop_assert!(false, "only the dearer fee works: {b:?}"),
        }
    }

    /// The reverse computation round-trips within one minor unit: handing over the amount it
    /// finds delivers at least the asked amount (the very same transfer), and one minor unit
    /// less does not.
    #[test]
    fn reverse_round_trips_within_one_minor_unit(
        sched in schedule(), (send_cur, recv_cur) in currency_pair(), (rate, reference) in rates(),
        want in 1i64..1_000_000_000,
    ) {
        let q = sched.quote(send_cur, recv_cur, rate, reference);
        let Ok(c) = cost_for_receive(&q, &amount(recv_cur, want)) else { return Ok(()) };
        prop_assert!(c.received.minor_units >= want);
        let forward = cost(&q, c.send.minor_units).unwrap();
        prop_assert_eq!(&forward, &c);
        if let Some(less) = cost(&q, c.send.minor_units - 1) {
            prop_assert!(less.received.minor_units < want, "{} delivers too", c.send.minor_units - 1);
        }
    }

    /// Forward then reverse: what a send amount delivers never needs more than that amount.
    #[test]
    fn reverse_of_a_forward_result_needs_no_more(
        sched in schedule(), (send_cur, recv_cur) in currency_pair(), (rate, reference) in rates(),
        send in 1i64..1_000_000_000,
    ) {
        let q = sched.quote(send_cur, recv_cur, rate, reference);
        let Some(c) = cost(&q, send) else { return Ok(()) };
        if c.received.minor_units == 0 {
            return Ok(());
        }
        let back = cost_for_receive(&q, &c.received).unwrap();
        prop_assert!(back.send.minor_units <= send);
    }

    /// On small amounts, checked against every smaller amount handed over: the reverse result
    /// is the smallest that delivers, even where tiers make transfer plus fee fall as the
    /// transfer grows.
    #[test]
    fn reverse_is_the_smallest_send_amount(
        fixed in prop::collection::vec(0i64..300, 3), pct in prop::collection::vec(0i64..2000, 3),
        bounds in prop::collection::btree_set(1i64..1_500, 2), min in prop::option::of(0i64..200),
        rate in 200i128..1_000, want in 1i64..1_500,
    ) {
        // 0.02 to 0.1 roubles a won (2 to 10 kopecks), so every candidate can be tried.
        let (rate, reference) = (Decimal::new(rate, 4), Decimal::new(rate + 7, 4));
        let bounds: Vec<i64> = bounds.into_iter().collect();
        let sched = Schedule {
            tiers: vec![(Some(bounds[0]), fixed[0], pct[0]), (Some(bounds[1]), fixed[1], pct[1]), (None, fixed[2], pct[2])],
            min,
            max: None,
        };
        let q = sched.quote("KRW", "RUB", rate, reference);
        let found = cost_for_receive(&q, &amount("RUB", want)).ok().map(|c| c.send.minor_units);
        let smallest = (1..=found.unwrap_or(10_000))
            .find(|s| cost(&q, *s).is_some_and(|c| c.received.minor_units >= want));
        if let Some(found) = found {
            prop_assert_eq!(smallest, Some(found));
        } else {
            prop_assert_eq!(smallest, None);
        }
    }

    /// Pricing a fixed transfer (the corridor figures) agrees with handing over an amount: the
    /// transfer found for a send amount, priced on its own, costs exactly the same; and any
    /// fixed transfer is priced with the fee on top and the payout rounded down.
    #[test]
    fn a_fixed_transfer_prices_like_the_send_search(
        sched in schedule(), (send_cur, recv_cur) in currency_pair(), (rate, reference) in rates(),
        send in 1i64..1_000_000_000,
    ) {
        let q = sched.quote(send_cur, recv_cur, rate, reference);
        let fixed = match cost_for_transfer(&q, &amount(send_cur, send)) {
            Ok(fixed) => fixed,
            // Amounts received beyond 64 bits (a billion won into dinars at 13 million a won).
            Err(e) => {
                prop_assert!(e.to_string().contains("too large"), "{}", e);
                return Ok(());
            }
        };
        prop_assert_eq!(fixed.converted.minor_units, send);
        prop_assert_eq!(fixed.send.minor_units, send + fixed.fee.minor_units);
        let Some(c) = cost(&q, send) else { return Ok(()) };
        prop_assert_eq!(cost_for_transfer(&q, &c.converted).unwrap(), c);
    }

    /// Every flag is the level of the printed total, and the number read beside it (two places,
    /// or four near a line) is on the same side of 3 % and 5 %.
    #[test]
    fn flags_agree_with_the_number_read(units in -1_000i128..100_000, near in prop::bool::ANY, at in 0usize..2) {
        // Half the cases within ±0.01 % of 3 % or 5 %, where rounding to two places can cross.
        let units = if near { [30_000, 50_000][at] + units % 100 } else { units };
        let printed = Decimal::new(units, PERCENT_DECIMALS);
        let read: Decimal = percent_for_reading(printed).parse().unwrap();
        prop_assert_eq!(SdgLevel::of_percent(read), SdgLevel::of_percent(printed), "{} read {}", printed, read);
        prop_assert!(read.to_units(PERCENT_DECIMALS).is_some_and(|r| (r - units).abs() <= 50));
    }
}
