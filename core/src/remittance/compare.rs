//! Ranking a corridor's quotes for one amount, and the corridor summary (RPW averages and the
//! SDG 10.c flags). Pure: the quotes, the amount and the clock come in, nothing is read.

use super::cost::{cost_for_receive, cost_for_send, Cost, PERCENT_DECIMALS};
use super::currency::Amount;
use super::ratio::Ratio;
use crate::model::{AccessPoint, CountryCode, Decimal, FirmType, Payout, RemittanceQuote, Speed, Verification};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// Which side of the transfer the user's amount is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AmountKind {
    /// What the sender hands over, fee included ("I have 10 000 roubles").
    Send,
    /// What the family should get ("they need 1500 somoni").
    Receive,
}

/// What the user asks: a corridor, an amount, and optional filters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemitQuery {
    /// ISO 3166 alpha-2, either case (`RU`).
    pub send_country: String,
    pub receive_country: String,
    /// As typed: `"10000"`, `"10000.50"`.
    pub amount: String,
    pub kind: AmountKind,
    /// ISO 4217 code of the amount. May be left out when the corridor's quotes all use one
    /// currency on that side (the usual case).
    #[serde(default)]
    pub currency: Option<String>,
    /// Only this payout method.
    #[serde(default)]
    pub payout: Option<Payout>,
    /// Only offers at least this fast (`same_day` also keeps `minutes`).
    #[serde(default)]
    pub speed: Option<Speed>,
}

/// Where a total cost stands against SDG 10.c: "reduce to less than 3 per cent the transaction
/// costs of migrant remittances and eliminate remittance corridors with costs higher than 5 per
/// cent".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SdgLevel {
    /// Below 3 %.
    MeetsTarget,
    /// 3 % to 5 %.
    AboveTarget,
    /// Above 5 %.
    AboveCeiling,
}

impl SdgLevel {
    /// `total` is a fraction (0.03 is 3 %), compared exactly, before any rounding.
    pub(crate) fn of(total: Ratio) -> SdgLevel {
        if total < Ratio::percent(3) {
            SdgLevel::MeetsTarget
        } else if total <= Ratio::percent(5) {
            SdgLevel::AboveTarget
        } else {
            SdgLevel::AboveCeiling
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            SdgLevel::MeetsTarget => "meets_target",
            SdgLevel::AboveTarget => "above_target",
            SdgLevel::AboveCeiling => "above_ceiling",
        }
    }
}

/// One provider's offer for the asked amount.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RemitOffer {
    /// 1 = best. Current offers are ranked first, stale ones after them.
    pub rank: u32,
    pub quote_id: String,
    pub provider: String,
    pub product: String,
    pub firm_type: FirmType,
    pub access_point: AccessPoint,
    pub payout: Payout,
    pub speed: Speed,
    /// Fee and rate disclosed before the transfer.
    pub transparent: bool,
    pub cost: Cost,
    /// The provider's rate and the mid-market reference it is measured against.
    pub rate: Decimal,
    pub reference_rate: Decimal,
    pub reference_at: DateTime<Utc>,
    pub sdg: SdgLevel,
    /// Calendar days (UTC) since the quote was collected, and since the reference rate was taken.
    pub quote_age_days: i64,
    pub reference_age_days: i64,
    /// Older than the content's limit: shown, flagged, ranked after the current offers and left
    /// out of the corridor averages.
    pub stale: bool,
    pub source: String,
    pub collected_at: NaiveDate,
    pub status: Verification,
}

/// A quote of the corridor that could not be priced for this amount, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExcludedQuote {
    pub quote_id: String,
    pub provider: String,
    pub reason: String,
}

/// The corridor at this amount, in the manner of RPW: every current quote, whatever the
/// payout and speed filters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CorridorSummary {
    /// Current quotes the averages use.
    pub quotes_used: u32,
    /// Stale quotes left out of the averages.
    pub stale_left_out: u32,
    /// Mean total cost % of the current quotes: the mean of their printed (4-place) totals,
    /// rounded half up to 4 places.
    pub average_total_cost_pct: Option<Decimal>,
    pub average_sdg: Option<SdgLevel>,
    /// Mean total cost % of the three cheapest current quotes (the idea of RPW's SmaRT
    /// indicator); `None` with fewer than three.
    pub cheapest_three_average_pct: Option<Decimal>,
    pub cheapest_three_sdg: Option<SdgLevel>,
}

/// A corridor compared for one amount.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RemitComparison {
    pub send_country: String,
    pub receive_country: String,
    pub send_currency: String,
    pub receive_currency: String,
    pub kind: AmountKind,
    /// The amount asked about (send or receive side, by `kind`).
    pub amount: Amount,
    pub payout: Option<Payout>,
    pub speed: Option<Speed>,
    /// The clock ages are measured against.
    pub as_of: DateTime<Utc>,
    /// The content's limit for quotes, in days.
    pub stale_after_days: u32,
    /// Sample data (invented): the shell must say so.
    pub sample: bool,
    /// Best first (see [`RemitOffer::rank`]).
    pub offers: Vec<RemitOffer>,
    /// Quotes that match the filters but were left out for this comparison; shown, not hidden.
    pub excluded: Vec<ExcludedQuote>,
    /// Offers of the corridor the payout or speed filter hides.
    pub hidden_by_filters: u32,
    pub summary: CorridorSummary,
}

/// The inputs of [`compare_quotes`] besides the quotes.
#[derive(Debug, Clone)]
pub struct Comparing {
    pub send_country: CountryCode,
    pub receive_country: CountryCode,
    /// The currency pair compared: quotes in other currencies are excluded, never ranked
    /// against these.
    pub send_currency: String,
    pub receive_currency: String,
    pub kind: AmountKind,
    /// In `send_currency` or `receive_currency`, by `kind`.
    pub amount: Amount,
    pub payout: Option<Payout>,
    pub speed: Option<Speed>,
    pub as_of: DateTime<Utc>,
    pub stale_after_days: u32,
    /// The repository is marked sample.
    pub sample_repository: bool,
}

/// Prices every quote of one corridor for `how.amount`, ranks them and summarises the corridor.
///
/// Ranking: by amount received, most first (asking to send) or by send amount needed, least
/// first (asking to receive); ties go to the faster speed, then provider name and quote id.
/// Quotes in another currency pair are listed as excluded; so are quotes that cannot carry the
/// amount (the fee takes it all).
pub fn compare_quotes(quotes: &[RemittanceQuote], how: &Comparing) -> RemitComparison {
    let mut offers = Vec::new();
    let mut excluded = Vec::new();
    let mut hidden_by_filters = 0;
    let mut current_totals = Vec::new();
    let mut stale_left_out = 0;
    for q in quotes {
        let shown = how.payout.is_none_or(|p| p == q.payout) && how.speed.is_none_or(|s| q.speed <= s);
        let cost = if q.send_currency != how.send_currency || q.receive_currency != how.receive_currency {
            Err(format!(
                "quoted {} → {}, not {} → {}",
                q.send_currency, q.receive_currency, how.send_currency, how.receive_currency
            ))
        } else {
            match how.kind {
                AmountKind::Send => cost_for_send(q, &how.amount),
                AmountKind::Receive => cost_for_receive(q, &how.amount),
            }
            .map_err(|e| e.to_string())
        };
        let cost = match cost {
            Ok(cost) => cost,
            Err(reason) => {
                if shown {
                    excluded.push(ExcludedQuote {
                        quote_id: q.id.clone(),
                        provider: crate::safety::line(&q.provider),
                        reason,
                    });
                }
                continue;
            }
        };
        // Content from the future (a wrong device clock) counts as new, never as negative age.
        let quote_age_days = (how.as_of.date_naive() - q.collected_at).num_days().max(0);
        let reference_age_days = (how.as_of.date_naive() - q.reference_at.date_naive()).num_days().max(0);
        let limit = i64::from(how.stale_after_days);
        let stale = quote_age_days > limit || reference_age_days > limit;
        if stale {
            stale_left_out += 1;
        } else {
            current_totals.push((cost.total_fraction(), cost.total_cost_pct));
        }
        if !shown {
            hidden_by_filters += 1;
            continue;
        }
        offers.push(RemitOffer {
            rank: 0,
            quote_id: q.id.clone(),
            provider: crate::safety::line(&q.provider),
            product: crate::safety::line(&q.product),
            firm_type: q.firm_type,
            access_point: q.access_point,
            payout: q.payout,
            speed: q.speed,
            transparent: q.transparent,
            sdg: SdgLevel::of(cost.total_fraction()),
            cost,
            rate: q.rate,
            reference_rate: q.reference_rate,
            reference_at: q.reference_at,
            quote_age_days,
            reference_age_days,
            stale,
            source: crate::safety::line(&q.source),
            collected_at: q.collected_at,
            status: q.status,
        });
    }
    offers.sort_by(|a, b| rank_order(how.kind, a, b));
    for (n, offer) in offers.iter_mut().enumerate() {
        offer.rank = n as u32 + 1;
    }
    let sample = how.sample_repository || quotes.iter().any(|q| q.status == Verification::Sample);
    RemitComparison {
        send_country: how.send_country.as_str().to_string(),
        receive_country: how.receive_country.as_str().to_string(),
        send_currency: how.send_currency.clone(),
        receive_currency: how.receive_currency.clone(),
        kind: how.kind,
        amount: how.amount.clone(),
        payout: how.payout,
        speed: how.speed,
        as_of: how.as_of,
        stale_after_days: how.stale_after_days,
        sample,
        offers,
        excluded,
        hidden_by_filters,
        summary: summarise(current_totals, stale_left_out),
    }
}

fn rank_order(kind: AmountKind, a: &RemitOffer, b: &RemitOffer) -> Ordering {
    let by_amount = match kind {
        AmountKind::Send => b.cost.received.minor_units.cmp(&a.cost.received.minor_units),
        AmountKind::Receive => a.cost.send.minor_units.cmp(&b.cost.send.minor_units),
    };
    a.stale
        .cmp(&b.stale)
        .then(by_amount)
        .then(a.speed.cmp(&b.speed))
        .then_with(|| a.provider.cmp(&b.provider))
        .then_with(|| a.quote_id.cmp(&b.quote_id))
}

/// The mean of percentages printed with [`PERCENT_DECIMALS`] places, rounded half up to as
/// many. Averaging the printed totals (as RPW averages its published ones) keeps the summary
/// reproducible from the offers — and exact fractions with unrelated denominators would soon
/// outgrow any integer.
fn mean(printed: &[Decimal]) -> Option<Decimal> {
    let mut sum: i128 = 0;
    for p in printed {
        sum = sum.checked_add(p.to_units(PERCENT_DECIMALS)?)?;
    }
    let count = i128::try_from(printed.len()).ok()?;
    Ratio::new(sum, count.checked_mul(10i128.pow(PERCENT_DECIMALS))?)?.to_decimal(PERCENT_DECIMALS)
}

/// [`SdgLevel`] of a percentage.
fn sdg_of_percent(pct: Decimal) -> Option<SdgLevel> {
    Some(SdgLevel::of(
        Ratio::from_decimal(pct)?.checked_div(Ratio::integer(100))?,
    ))
}

/// `totals`: each current quote's exact total (to find the cheapest) and its printed one.
fn summarise(mut totals: Vec<(Ratio, Decimal)>, stale_left_out: u32) -> CorridorSummary {
    totals.sort_by_key(|t| t.0);
    let printed: Vec<Decimal> = totals.iter().map(|t| t.1).collect();
    let average = if printed.is_empty() { None } else { mean(&printed) };
    let cheapest_three = if printed.len() >= 3 { mean(&printed[..3]) } else { None };
    CorridorSummary {
        quotes_used: totals.len() as u32,
        stale_left_out,
        average_total_cost_pct: average,
        average_sdg: average.and_then(sdg_of_percent),
        cheapest_three_average_pct: cheapest_three,
        cheapest_three_sdg: cheapest_three.and_then(sdg_of_percent),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::remittance::testing::quote;
    use chrono::TimeZone;

    /// RUB → TJS at reference 0.1000 with no fee, so the total cost is the FX margin:
    /// a rate of 0.0990 is 1 %, 0.0970 is 3 %, and so on.
    fn q(id: &str, rate: &str, payout: Payout, speed: Speed) -> RemittanceQuote {
        RemittanceQuote {
            payout,
            speed,
            ..quote(id, ("RUB", "TJS"), "0", (None, None), rate, "0.1000")
        }
    }

    /// As of noon UTC `days` after the test quotes were collected (2026-11-03, reference rate
    /// at 09:00 UTC).
    fn how(kind: AmountKind, amount: &str, days: i64) -> Comparing {
        let currency = if kind == AmountKind::Send { "RUB" } else { "TJS" };
        Comparing {
            send_country: CountryCode::parse("RU").unwrap(),
            receive_country: CountryCode::parse("TJ").unwrap(),
            send_currency: "RUB".into(),
            receive_currency: "TJS".into(),
            kind,
            amount: Amount::parse(amount, currency).unwrap(),
            payout: None,
            speed: None,
            as_of: Utc.with_ymd_and_hms(2026, 11, 3, 12, 0, 0).unwrap() + chrono::Duration::days(days),
            stale_after_days: 30,
            sample_repository: false,
        }
    }

    fn ids(c: &RemitComparison) -> Vec<&str> {
        c.offers.iter().map(|o| o.quote_id.as_str()).collect()
    }

    fn pct(d: &Option<Decimal>) -> String {
        d.map(|d| d.to_string()).unwrap_or_default()
    }

    #[test]
    fn ranks_by_amount_received_then_speed() {
        let quotes = [
            q("slow-good", "0.0990", Payout::Account, Speed::Days2To5),
            q("fast-good", "0.0990", Payout::Cash, Speed::Minutes),
            q("fast-poor", "0.0950", Payout::Cash, Speed::Minutes),
            q("mid", "0.0980", Payout::Wallet, Speed::SameDay),
        ];
        let c = compare_quotes(&quotes, &how(AmountKind::Send, "10000", 7));
        // 10 000 × 0.099 = 990.00 twice (the faster first), 980.00, 950.00.
        assert_eq!(ids(&c), ["fast-good", "slow-good", "mid", "fast-poor"]);
        let ranks: Vec<u32> = c.offers.iter().map(|o| o.rank).collect();
        assert_eq!(ranks, [1, 2, 3, 4]);
        let received: Vec<String> = c.offers.iter().map(|o| o.cost.received.value.to_string()).collect();
        assert_eq!(received, ["990.00", "990.00", "980.00", "950.00"]);
        assert_eq!((c.send_currency.as_str(), c.receive_currency.as_str()), ("RUB", "TJS"));
        assert_eq!(c.offers[0].quote_age_days, 7);
        assert_eq!(c.offers[0].reference_age_days, 7);
        assert!(c.sample, "sample quotes make a sample comparison");
    }

    #[test]
    fn asking_to_receive_ranks_by_the_send_amount_needed() {
        let quotes = [
            q("cheap", "0.0990", Payout::Cash, Speed::NextDay),
            q("dear", "0.0950", Payout::Cash, Speed::Minutes),
        ];
        let c = compare_quotes(&quotes, &how(AmountKind::Receive, "990", 7));
        assert_eq!(ids(&c), ["cheap", "dear"]);
        // 990 / 0.099 = 10 000; 990 / 0.095 = 10 421.05… → 10 421.06.
        let send: Vec<String> = c.offers.iter().map(|o| o.cost.send.value.to_string()).collect();
        assert_eq!(send, ["10000.00", "10421.06"]);
        assert_eq!(c.amount.currency, "TJS");
    }

    #[test]
    fn filters_hide_offers_but_not_from_the_corridor_summary() {
        let quotes = [
            q("cash-fast", "0.0990", Payout::Cash, Speed::Minutes),
            q("wallet-fast", "0.0980", Payout::Wallet, Speed::Minutes),
            q("cash-slow", "0.0970", Payout::Cash, Speed::Days6Plus),
            q("card-sameday", "0.0960", Payout::Card, Speed::SameDay),
        ];
        let mut h = how(AmountKind::Send, "10000", 7);
        h.payout = Some(Payout::Cash);
        let c = compare_quotes(&quotes, &h);
        assert_eq!(ids(&c), ["cash-fast", "cash-slow"]);
        assert_eq!(c.hidden_by_filters, 2);
        assert_eq!(c.summary.quotes_used, 4, "the summary is the whole corridor");
        h.payout = None;
        h.speed = Some(Speed::SameDay);
        let c = compare_quotes(&quotes, &h);
        assert_eq!(
            ids(&c),
            ["cash-fast", "wallet-fast", "card-sameday"],
            "same day or faster"
        );
        h.payout = Some(Payout::Card);
        h.speed = Some(Speed::Minutes);
        let c = compare_quotes(&quotes, &h);
        assert!(c.offers.is_empty() && c.hidden_by_filters == 4);
    }

    #[test]
    fn corridor_summary_averages_and_sdg_flags() {
        // Total costs 1 %, 2 %, 4 %, 6 %.
        let quotes = [
            q("a", "0.0990", Payout::Cash, Speed::Minutes),
            q("b", "0.0980", Payout::Cash, Speed::Minutes),
            q("c", "0.0960", Payout::Cash, Speed::Minutes),
            q("d", "0.0940", Payout::Cash, Speed::Minutes),
        ];
        let c = compare_quotes(&quotes, &how(AmountKind::Send, "10000", 7));
        let s = &c.summary;
        // (1 + 2 + 4 + 6) / 4 = 3.25 %; the three cheapest (1 + 2 + 4) / 3 = 2.3333… %.
        assert_eq!(pct(&s.average_total_cost_pct), "3.2500");
        assert_eq!(s.average_sdg, Some(SdgLevel::AboveTarget));
        assert_eq!(pct(&s.cheapest_three_average_pct), "2.3333");
        assert_eq!(s.cheapest_three_sdg, Some(SdgLevel::MeetsTarget));
        let flags: Vec<SdgLevel> = c.offers.iter().map(|o| o.sdg).collect();
        use SdgLevel::*;
        assert_eq!(flags, [MeetsTarget, MeetsTarget, AboveTarget, AboveCeiling]);
        // The bounds themselves: exactly 3 % is not "less than 3 %"; exactly 5 % is not
        // "higher than 5 %".
        assert_eq!(SdgLevel::of(Ratio::percent(3)), AboveTarget);
        assert_eq!(SdgLevel::of(Ratio::percent(5)), AboveTarget);
        let just_over = Ratio::percent(5)
            .checked_add(Ratio::new(1, 1_000_000).unwrap())
            .unwrap();
        assert_eq!(SdgLevel::of(just_over), AboveCeiling);
        // Fewer than three current quotes: no "cheapest three" average.
        let c = compare_quotes(&quotes[..2], &how(AmountKind::Send, "10000", 7));
        assert_eq!(pct(&c.summary.average_total_cost_pct), "1.5000");
        assert_eq!(c.summary.cheapest_three_average_pct, None);
        assert_eq!(c.summary.cheapest_three_sdg, None);
    }

    #[test]
    fn averages_survive_many_unrelated_fractions() {
        // Twelve quotes whose exact totals have pairwise unrelated denominators: summing them as
        // fractions would overflow; the summary averages their printed totals instead.
        let rates = [
            "0.0991", "0.0983", "0.0977", "0.0971", "0.0967", "0.0961", "0.0953", "0.0947",
        ];
        let fees = ["13", "17", "19", "23", "29", "31", "37", "41", "43", "47", "53", "59"];
        let quotes: Vec<RemittanceQuote> = fees
            .iter()
            .enumerate()
            .map(|(n, fee)| {
                quote(
                    &format!("q{n}"),
                    ("RUB", "TJS"),
                    fee,
                    (None, None),
                    rates[n % 8],
                    "0.1003",
                )
            })
            .collect();
        let c = compare_quotes(&quotes, &how(AmountKind::Send, "9999.97", 7));
        assert_eq!(c.summary.quotes_used, 12);
        let printed: Vec<i128> = c
            .offers
            .iter()
            .map(|o| o.cost.total_cost_pct.to_units(4).unwrap())
            .collect();
        let expected = Ratio::new(printed.iter().sum(), 12 * 10_000)
            .unwrap()
            .to_decimal(4)
            .unwrap();
        assert_eq!(c.summary.average_total_cost_pct, Some(expected));
        let mut sorted = printed.clone();
        sorted.sort();
        let three = Ratio::new(sorted[..3].iter().sum(), 3 * 10_000)
            .unwrap()
            .to_decimal(4)
            .unwrap();
        assert_eq!(c.summary.cheapest_three_average_pct, Some(three));
        assert!(c.summary.average_sdg.is_some() && c.summary.cheapest_three_sdg.is_some());
    }

    #[test]
    fn stale_quotes_are_flagged_ranked_last_and_left_out_of_averages() {
        let old = RemittanceQuote {
            collected_at: NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
            ..q("old-best", "0.0999", Payout::Cash, Speed::Minutes)
        };
        let old_reference = RemittanceQuote {
            reference_at: Utc.with_ymd_and_hms(2026, 9, 1, 9, 0, 0).unwrap(),
            ..q("old-reference", "0.0995", Payout::Cash, Speed::Minutes)
        };
        let quotes = [
            old,
            old_reference,
            q("a", "0.0990", Payout::Cash, Speed::Minutes),
            q("b", "0.0980", Payout::Cash, Speed::Minutes),
        ];
        let c = compare_quotes(&quotes, &how(AmountKind::Send, "10000", 7));
        assert_eq!(ids(&c), ["a", "b", "old-best", "old-reference"], "stale after current");
        let stale: Vec<bool> = c.offers.iter().map(|o| o.stale).collect();
        assert_eq!(stale, [false, false, true, true]);
        // 2026-09-01 → 2026-11-10 is 70 days.
        assert_eq!((c.offers[2].quote_age_days, c.offers[2].reference_age_days), (70, 7));
        assert_eq!((c.offers[3].quote_age_days, c.offers[3].reference_age_days), (7, 70));
        assert_eq!((c.summary.quotes_used, c.summary.stale_left_out), (2, 2));
        assert_eq!(pct(&c.summary.average_total_cost_pct), "1.5000", "only a and b");
        // On day 30 after collection a quote is still current; on day 31 it is stale.
        let c = compare_quotes(&quotes[2..], &how(AmountKind::Send, "10000", 30));
        assert!(c.offers.iter().all(|o| !o.stale && o.quote_age_days == 30));
        let c = compare_quotes(&quotes[2..], &how(AmountKind::Send, "10000", 31));
        assert!(c.offers.iter().all(|o| o.stale && o.quote_age_days == 31));
        assert_eq!((c.summary.quotes_used, c.summary.average_total_cost_pct), (0, None));
    }

    #[test]
    fn quotes_that_cannot_carry_the_amount_are_excluded_with_a_reason() {
        let in_usd = RemittanceQuote {
            send_currency: "USD".into(),
            ..q("usd", "0.0990", Payout::Cash, Speed::Minutes)
        };
        let big_fee = quote("fee", ("RUB", "TJS"), "500", (None, None), "0.0990", "0.1000");
        let quotes = [in_usd, big_fee, q("ok", "0.0990", Payout::Cash, Speed::Minutes)];
        let c = compare_quotes(&quotes, &how(AmountKind::Send, "300", 7));
        assert_eq!(ids(&c), ["ok"]);
        let reasons: Vec<(&str, &str)> = c
            .excluded
            .iter()
            .map(|e| (e.quote_id.as_str(), e.reason.as_str()))
            .collect();
        assert_eq!(reasons.len(), 2);
        assert!(
            reasons[0].0 == "usd" && reasons[0].1.contains("USD → TJS, not RUB → TJS"),
            "{reasons:?}"
        );
        assert!(
            reasons[1].0 == "fee" && reasons[1].1.contains("takes the whole amount"),
            "{reasons:?}"
        );
        assert_eq!(c.summary.quotes_used, 1);
    }

    #[test]
    fn content_from_the_future_has_age_zero() {
        let c = compare_quotes(
            &[q("a", "0.0990", Payout::Cash, Speed::Minutes)],
            &how(AmountKind::Send, "100", -2),
        );
        assert_eq!((c.offers[0].quote_age_days, c.offers[0].reference_age_days), (0, 0));
        assert!(!c.offers[0].stale);
    }
}
