//! Ranking a corridor's quotes for one amount, and the corridor figures in the manner of the
//! World Bank's RPW: averages at a fixed amount transferred, SmaRT, and the SDG 10.c flags.
//! Pure: the quotes, the amount and the clock come in, nothing is read.
//!
//! The method, with a worked example, is described in `docs/REMITTANCE.md`.

use super::cost::{cost_for_receive, cost_for_send, cost_for_transfer, Cost, PERCENT_DECIMALS};
use super::currency::Amount;
use super::ratio::Ratio;
use crate::model::{
    AccessPoint, CountryCode, Decimal, FirmType, Payout, RemittanceQuote, Speed, UsdReference, Verification,
};
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
    /// The level of a total cost percent as printed with [`PERCENT_DECIMALS`] places
    /// (`3.0000` is 3 %). Every flag comes from the printed value, never from the unrounded
    /// fraction behind it, so a flag never contradicts the number beside it: `2.9999` meets the
    /// target, `3.0000` does not, `5.0000` is not above the ceiling, `5.0001` is.
    pub fn of_percent(pct: Decimal) -> SdgLevel {
        if pct < Decimal::new(3, 0) {
            SdgLevel::MeetsTarget
        } else if pct <= Decimal::new(5, 0) {
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

/// A percent with [`PERCENT_DECIMALS`] places for reading: two places, or all of them when two
/// would land on the other side of an SDG line (`2.9960` reads `2.9960`, not `3.00`; `5.0040`
/// reads `5.0040`, not `5.00`). So a flag beside it can always be checked against it.
pub fn percent_for_reading(pct: Decimal) -> String {
    let short = pct.round_half_away_from_zero(2);
    if SdgLevel::of_percent(short) == SdgLevel::of_percent(pct) {
        short.to_string()
    } else {
        pct.to_string()
    }
}

/// The slowest speed class SmaRT admits: RPW's "2–5 days" (delivery within 5 days).
pub const SMART_SLOWEST: Speed = Speed::Days2To5;

/// Why a quote does not count towards SmaRT, the World Bank's Smart Remitter Target: the average
/// of the three cheapest services *a sender can actually use*. Its criteria, as coded here
/// (World Bank Payment Systems Development Group, "Getting SmaRT about remittance price
/// monitoring — Methodology for the Smart Remitter Target (SmaRT)", June 2016; see
/// docs/REMITTANCE.md):
/// * **transparent** — the fee and the exchange rate are disclosed before the transfer
///   (`transparent` in remittance.csv);
/// * **speed** — delivered within 5 days: any RPW speed class up to "2–5 days"
///   ([`SMART_SLOWEST`]); "6 days or more" is out;
/// * **accessible** — open to any sender in the sending country with the usual papers, no
///   existing account or membership with the provider (`accessible` in remittance.csv).
///
/// Empty when the quote meets all three.
pub fn smart_shortfalls(q: &RemittanceQuote) -> Vec<&'static str> {
    let mut why = Vec::new();
    if !q.transparent {
        why.push("fee or rate not disclosed before the transfer");
    }
    if q.speed > SMART_SLOWEST {
        why.push("takes more than 5 days");
    }
    if !q.accessible {
        why.push("not open to every sender");
    }
    why
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
    /// Open to any sender (see [`smart_shortfalls`]).
    pub accessible: bool,
    /// Transparent, within 5 days and accessible: may count towards SmaRT.
    pub meets_smart_criteria: bool,
    pub cost: Cost,
    /// The provider's rate and the mid-market reference it is measured against.
    pub rate: Decimal,
    pub reference_rate: Decimal,
    pub reference_at: DateTime<Utc>,
    /// From the printed `cost.total_cost_pct` ([`SdgLevel::of_percent`]).
    pub sdg: SdgLevel,
    /// Calendar days (UTC) since the quote was collected, and since the reference rate was taken.
    pub quote_age_days: i64,
    pub reference_age_days: i64,
    /// Older than the content's limit: shown, flagged, ranked after the current offers and left
    /// out of the corridor figures.
    pub stale: bool,
    pub source: String,
    pub collected_at: NaiveDate,
    pub status: Verification,
}

/// A quote of the corridor that could not be priced for an amount, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExcludedQuote {
    pub quote_id: String,
    pub provider: String,
    pub reason: String,
}

/// The amount the corridor figures are taken at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Basis {
    /// The user's amount: sending, the amount handed over; receiving, the amount that delivers
    /// it at the mid-market reference rate.
    #[serde(rename = "your_amount")]
    YourAmount,
    /// The send-currency equivalent of USD 200 (RPW's first reference amount).
    #[serde(rename = "usd_200")]
    Usd200,
    /// The send-currency equivalent of USD 500 (RPW's second reference amount).
    #[serde(rename = "usd_500")]
    Usd500,
}

impl Basis {
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::YourAmount => "your_amount",
            Basis::Usd200 => "usd_200",
            Basis::Usd500 => "usd_500",
        }
    }
}

/// The corridor at one amount, in the manner of RPW: every current quote of the currency pair
/// (whatever the payout and speed filters) transfers the **same** amount, its fee on top, and
/// the figures average the totals so obtained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CorridorFigures {
    pub basis: Basis,
    /// What every provider transfers (send currency); the fee is paid on top.
    pub transferred: Amount,
    /// Current quotes priced at this amount.
    pub quotes_used: u32,
    /// Stale quotes left out.
    pub stale_left_out: u32,
    /// Current quotes that could not price this amount, with the reason: listed, not averaged
    /// out in silence.
    pub not_priced: Vec<ExcludedQuote>,
    /// Simple mean of the printed totals of all quotes used, rounded half up to 4 places.
    pub average_total_cost_pct: Option<Decimal>,
    pub average_sdg: Option<SdgLevel>,
    /// Quotes used that meet the SmaRT criteria ([`smart_shortfalls`]).
    pub smart_eligible: u32,
    /// SmaRT: the mean of the printed totals of the three cheapest quotes that meet the
    /// criteria; `None` with fewer than three.
    pub smart_pct: Option<Decimal>,
    pub smart_sdg: Option<SdgLevel>,
    /// The quotes SmaRT averages, cheapest first.
    pub smart_quote_ids: Vec<String>,
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
    /// The send currency's USD rate the RPW reference amounts come from; `None` when the
    /// content has none (then only [`Basis::YourAmount`] is given).
    pub usd_reference: Option<UsdReference>,
    /// Days since `usd_reference` was taken.
    pub usd_reference_age_days: Option<i64>,
    /// The corridor at the user's amount, then at USD 200 and USD 500.
    pub corridor: Vec<CorridorFigures>,
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

/// Calendar days since the quote was collected and since its reference rate was taken; content
/// from the future (a wrong device clock) counts as new, never as negative age.
fn ages(q: &RemittanceQuote, as_of: DateTime<Utc>) -> (i64, i64) {
    let quote_age = (as_of.date_naive() - q.collected_at).num_days().max(0);
    let reference_age = (as_of.date_naive() - q.reference_at.date_naive()).num_days().max(0);
    (quote_age, reference_age)
}

fn is_stale(q: &RemittanceQuote, how: &Comparing) -> bool {
    let (quote_age, reference_age) = ages(q, how.as_of);
    let limit = i64::from(how.stale_after_days);
    quote_age > limit || reference_age > limit
}

/// Prices every quote of one corridor for `how.amount`, ranks them and gives the corridor
/// figures.
///
/// Ranking: by amount received, most first (asking to send) or by send amount needed, least
/// first (asking to receive); ties go to the faster speed, then provider name and quote id.
/// Quotes in another currency pair are listed as excluded; so are quotes that cannot carry the
/// amount (the fee takes it all).
pub fn compare_quotes(quotes: &[RemittanceQuote], how: &Comparing) -> RemitComparison {
    let mut offers = Vec::new();
    let mut excluded = Vec::new();
    let mut hidden_by_filters = 0;
    let in_pair =
        |q: &RemittanceQuote| q.send_currency == how.send_currency && q.receive_currency == how.receive_currency;
    for q in quotes {
        let shown = how.payout.is_none_or(|p| p == q.payout) && how.speed.is_none_or(|s| q.speed <= s);
        let cost = if !in_pair(q) {
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
        if !shown {
            if cost.is_ok() {
                hidden_by_filters += 1;
            }
            continue;
        }
        let cost = match cost {
            Ok(cost) => cost,
            Err(reason) => {
                excluded.push(ExcludedQuote {
                    quote_id: q.id.clone(),
                    provider: crate::safety::line(&q.provider),
                    reason,
                });
                continue;
            }
        };
        let (quote_age_days, reference_age_days) = ages(q, how.as_of);
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
            accessible: q.accessible,
            meets_smart_criteria: smart_shortfalls(q).is_empty(),
            sdg: SdgLevel::of_percent(cost.total_cost_pct),
            cost,
            rate: q.rate,
            reference_rate: q.reference_rate,
            reference_at: q.reference_at,
            quote_age_days,
            reference_age_days,
            stale: is_stale(q, how),
            source: crate::safety::line(&q.source),
            collected_at: q.collected_at,
            status: q.status,
        });
    }
    offers.sort_by(|a, b| rank_order(how.kind, a, b));
    for (n, offer) in offers.iter_mut().enumerate() {
        offer.rank = n as u32 + 1;
    }
    let pair: Vec<&RemittanceQuote> = quotes.iter().filter(|q| in_pair(q)).collect();
    let usd_reference = pair
        .iter()
        .filter_map(|q| q.usd_reference.as_ref())
        .filter(|r| r.currency == how.send_currency)
        .max_by_key(|r| r.taken_on)
        .cloned();
    let mut corridor = Vec::new();
    if let Some(transferred) = your_transfer(&pair, how) {
        corridor.push(corridor_at(&pair, Basis::YourAmount, transferred, how));
    }
    if let Some(usd) = &usd_reference {
        for (basis, dollars) in [(Basis::Usd200, 200), (Basis::Usd500, 500)] {
            if let Some(transferred) = usd_equivalent(usd, dollars, &how.send_currency) {
                corridor.push(corridor_at(&pair, basis, transferred, how));
            }
        }
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
        usd_reference_age_days: usd_reference
            .as_ref()
            .map(|r| (how.as_of.date_naive() - r.taken_on).num_days().max(0)),
        usd_reference,
        corridor,
    }
}

/// `dollars` USD in `currency` at `usd.per_usd`, rounded half up to the currency's minor unit.
fn usd_equivalent(usd: &UsdReference, dollars: i128, currency: &str) -> Option<Amount> {
    let digits = super::currency::minor_digits(currency)?;
    let minor = Ratio::from_decimal(usd.per_usd)?
        .checked_mul(Ratio::integer(dollars.checked_mul(10i128.checked_pow(digits)?)?))?
        .round_half_up();
    (minor > 0).then(|| Amount::from_minor(currency, minor)).flatten()
}

/// The fixed transfer for the corridor figures at the user's amount: sending, the amount
/// handed over; receiving, the smallest transfer that delivers the amount at the mid-market
/// reference rate (of the quote whose reference is newest; ties: the first by id).
fn your_transfer(pair: &[&RemittanceQuote], how: &Comparing) -> Option<Amount> {
    match how.kind {
        AmountKind::Send => Some(how.amount.clone()),
        AmountKind::Receive => {
            let newest = pair
                .iter()
                .min_by(|a, b| b.reference_at.cmp(&a.reference_at).then_with(|| a.id.cmp(&b.id)))?;
            let send_digits = super::currency::minor_digits(&how.send_currency)?;
            let receive_digits = super::currency::minor_digits(&how.receive_currency)?;
            let minor_reference = Ratio::from_decimal(newest.reference_rate)?
                .checked_mul(Ratio::new(10i128.pow(receive_digits), 10i128.pow(send_digits))?)?;
            let minor = Ratio::integer(i128::from(how.amount.minor_units))
                .checked_div(minor_reference)?
                .ceil();
            (minor > 0)
                .then(|| Amount::from_minor(&how.send_currency, minor))
                .flatten()
        }
    }
}

/// Every current quote of the pair priced at one fixed `transferred` amount, and the averages.
fn corridor_at(pair: &[&RemittanceQuote], basis: Basis, transferred: Amount, how: &Comparing) -> CorridorFigures {
    let mut priced: Vec<(Cost, &RemittanceQuote)> = Vec::new();
    let mut not_priced = Vec::new();
    let mut stale_left_out = 0;
    for q in pair {
        if is_stale(q, how) {
            stale_left_out += 1;
            continue;
        }
        match cost_for_transfer(q, &transferred) {
            Ok(cost) => priced.push((cost, q)),
            Err(e) => not_priced.push(ExcludedQuote {
                quote_id: q.id.clone(),
                provider: crate::safety::line(&q.provider),
                reason: e.to_string(),
            }),
        }
    }
    // Cheapest first by the printed total (the value every flag and average uses), then id.
    priced.sort_by(|a, b| {
        a.0.total_cost_pct
            .cmp(&b.0.total_cost_pct)
            .then_with(|| a.1.id.cmp(&b.1.id))
    });
    let printed: Vec<Decimal> = priced.iter().map(|(c, _)| c.total_cost_pct).collect();
    let average = mean(&printed);
    let eligible: Vec<&(Cost, &RemittanceQuote)> =
        priced.iter().filter(|(_, q)| smart_shortfalls(q).is_empty()).collect();
    let smart_three: Vec<&(Cost, &RemittanceQuote)> = eligible.iter().take(3).copied().collect();
    let smart = if smart_three.len() == 3 {
        mean(&smart_three.iter().map(|(c, _)| c.total_cost_pct).collect::<Vec<_>>())
    } else {
        None
    };
    CorridorFigures {
        basis,
        transferred,
        quotes_used: priced.len() as u32,
        stale_left_out,
        not_priced,
        average_total_cost_pct: average,
        average_sdg: average.map(SdgLevel::of_percent),
        smart_eligible: eligible.len() as u32,
        smart_pct: smart,
        smart_sdg: smart.map(SdgLevel::of_percent),
        smart_quote_ids: match smart {
            Some(_) => smart_three.iter().map(|(_, q)| q.id.clone()).collect(),
            None => Vec::new(),
        },
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
/// many; `None` for none. Averaging the printed totals (as RPW averages its published ones)
/// keeps the figures reproducible from the offers — and exact fractions with unrelated
/// denominators would soon outgrow any integer.
fn mean(printed: &[Decimal]) -> Option<Decimal> {
    if printed.is_empty() {
        return None;
    }
    let mut sum: i128 = 0;
    for p in printed {
        sum = sum.checked_add(p.to_units(PERCENT_DECIMALS)?)?;
    }
    let count = i128::try_from(printed.len()).ok()?;
    Ratio::new(sum, count.checked_mul(10i128.pow(PERCENT_DECIMALS))?)?.to_decimal(PERCENT_DECIMALS)
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

    /// The corridor figures at the user's amount.
    fn yours(c: &RemitComparison) -> &CorridorFigures {
        assert_eq!(c.corridor[0].basis, Basis::YourAmount);
        &c.corridor[0]
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
        assert_eq!(yours(&c).quotes_used, 4, "the summary is the whole corridor");
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
        let s = yours(&c);
        // (1 + 2 + 4 + 6) / 4 = 3.25 %; the three cheapest (1 + 2 + 4) / 3 = 2.3333… %.
        assert_eq!(pct(&s.average_total_cost_pct), "3.2500");
        assert_eq!(s.average_sdg, Some(SdgLevel::AboveTarget));
        assert_eq!(pct(&s.smart_pct), "2.3333");
        assert_eq!(s.smart_sdg, Some(SdgLevel::MeetsTarget));
        assert_eq!(s.smart_quote_ids, ["a", "b", "c"]);
        let flags: Vec<SdgLevel> = c.offers.iter().map(|o| o.sdg).collect();
        use SdgLevel::*;
        assert_eq!(flags, [MeetsTarget, MeetsTarget, AboveTarget, AboveCeiling]);
        // Fewer than three current quotes: no "cheapest three" average.
        let c = compare_quotes(&quotes[..2], &how(AmountKind::Send, "10000", 7));
        assert_eq!(pct(&yours(&c).average_total_cost_pct), "1.5000");
        assert_eq!(yours(&c).smart_pct, None);
        assert_eq!(yours(&c).smart_sdg, None);
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
        assert_eq!(yours(&c).quotes_used, 12);
        // The corridor figures price every quote at the same transfer, 9999.97.
        let transferred = Amount::parse("9999.97", "RUB").unwrap();
        let printed: Vec<i128> = quotes
            .iter()
            .map(|q| {
                cost_for_transfer(q, &transferred)
                    .unwrap()
                    .total_cost_pct
                    .to_units(4)
                    .unwrap()
            })
            .collect();
        let expected = Ratio::new(printed.iter().sum(), 12 * 10_000)
            .unwrap()
            .to_decimal(4)
            .unwrap();
        assert_eq!(yours(&c).average_total_cost_pct, Some(expected));
        let mut sorted = printed.clone();
        sorted.sort();
        let three = Ratio::new(sorted[..3].iter().sum(), 3 * 10_000)
            .unwrap()
            .to_decimal(4)
            .unwrap();
        assert_eq!(yours(&c).smart_pct, Some(three));
        assert!(yours(&c).average_sdg.is_some() && yours(&c).smart_sdg.is_some());
        assert_eq!(yours(&c).transferred, transferred);
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
        assert_eq!((yours(&c).quotes_used, yours(&c).stale_left_out), (2, 2));
        assert_eq!(pct(&yours(&c).average_total_cost_pct), "1.5000", "only a and b");
        // On day 30 after collection a quote is still current; on day 31 it is stale.
        let c = compare_quotes(&quotes[2..], &how(AmountKind::Send, "10000", 30));
        assert!(c.offers.iter().all(|o| !o.stale && o.quote_age_days == 30));
        let c = compare_quotes(&quotes[2..], &how(AmountKind::Send, "10000", 31));
        assert!(c.offers.iter().all(|o| o.stale && o.quote_age_days == 31));
        assert_eq!((yours(&c).quotes_used, yours(&c).average_total_cost_pct), (0, None));
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
        // At a fixed transfer of 300 (fee on top) the big fee is priced, not dropped: the
        // corridor figures count it (166.6667 % + 1 %, with 1 %: 84.33335 → 84.3334); the USD
        // quote is another pair.
        assert_eq!((yours(&c).quotes_used, yours(&c).not_priced.len()), (2, 0));
        assert_eq!(pct(&yours(&c).average_total_cost_pct), "84.3334");
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

    /// `rate` gives a total of exactly `1 − rate / 0.1000` (no fee).
    fn total_of(rate: &str) -> (String, SdgLevel) {
        let c = compare_quotes(
            &[q("x", rate, Payout::Cash, Speed::Minutes)],
            &how(AmountKind::Send, "10000", 7),
        );
        let o = &c.offers[0];
        (o.cost.total_cost_pct.to_string(), o.sdg)
    }

    #[test]
    fn flags_come_from_the_printed_total_at_both_boundaries() {
        use SdgLevel::*;
        // 2.99994 % prints 2.9999 and meets the target; 2.99996 % prints 3.0000 and does not
        // (it was flagged "meets" from the unrounded fraction before).
        assert_eq!(total_of("0.09700006"), ("2.9999".to_string(), MeetsTarget));
        assert_eq!(total_of("0.09700004"), ("3.0000".to_string(), AboveTarget));
        assert_eq!(total_of("0.0970000"), ("3.0000".to_string(), AboveTarget));
        // 5.00004 % prints 5.0000: not above the ceiling; 5.00005 % prints 5.0001: above.
        assert_eq!(total_of("0.09499996"), ("5.0000".to_string(), AboveTarget));
        assert_eq!(total_of("0.09499995"), ("5.0001".to_string(), AboveCeiling));
        // Read with two places unless two would cross a line the flag is drawn at.
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        for (printed, read) in [
            ("2.9999", "2.9999"),
            ("2.9950", "2.9950"),
            ("2.9949", "2.99"),
            ("3.0000", "3.00"),
            ("3.0049", "3.00"),
            ("4.9951", "5.00"),
            ("5.0000", "5.00"),
            ("5.0001", "5.0001"),
            ("5.0050", "5.01"),
            ("1.8000", "1.80"),
        ] {
            assert_eq!(percent_for_reading(d(printed)), read, "{printed}");
        }
        // The averages use the same rule.
        let c = compare_quotes(
            &[
                q("a", "0.09700006", Payout::Cash, Speed::Minutes),
                q("b", "0.09700004", Payout::Cash, Speed::Minutes),
            ],
            &how(AmountKind::Send, "10000", 7),
        );
        assert_eq!(
            pct(&yours(&c).average_total_cost_pct),
            "3.0000",
            "(2.9999 + 3.0000) / 2 = 2.99995 → 3.0000"
        );
        assert_eq!(yours(&c).average_sdg, Some(AboveTarget));
    }

    #[test]
    fn smart_takes_the_three_cheapest_that_meet_its_criteria() {
        let opaque = RemittanceQuote {
            transparent: false,
            ..q("opaque", "0.0995", Payout::Cash, Speed::Minutes)
        };
        let restricted = RemittanceQuote {
            accessible: false,
            ..q("restricted", "0.0991", Payout::Account, Speed::NextDay)
        };
        let quotes = [
            opaque,
            q("slow", "0.0992", Payout::Cash, Speed::Days6Plus),
            restricted,
            q("a", "0.0990", Payout::Cash, Speed::Days2To5),
            q("b", "0.0980", Payout::Cash, Speed::Minutes),
            q("c", "0.0960", Payout::Cash, Speed::SameDay),
            q("d", "0.0940", Payout::Cash, Speed::Minutes),
        ];
        let c = compare_quotes(&quotes, &how(AmountKind::Send, "10000", 7));
        let f = yours(&c);
        // Totals 0.5, 0.8, 0.9, 1, 2, 4, 6 %: all seven average 15.2 / 7 = 2.1714 %; SmaRT skips
        // the opaque, the 6-day and the restricted one: (1 + 2 + 4) / 3 = 2.3333 %.
        assert_eq!((f.quotes_used, f.smart_eligible), (7, 4));
        assert_eq!(pct(&f.average_total_cost_pct), "2.1714");
        assert_eq!(pct(&f.smart_pct), "2.3333");
        assert_eq!(f.smart_quote_ids, ["a", "b", "c"]);
        let eligible: Vec<bool> = c.offers.iter().map(|o| o.meets_smart_criteria).collect();
        assert_eq!(eligible, [false, false, false, true, true, true, true]);
        assert_eq!(smart_shortfalls(&quotes[1]), ["takes more than 5 days"]);
        // Fewer than three eligible: no SmaRT, said so.
        let c = compare_quotes(&quotes[..5], &how(AmountKind::Send, "10000", 7));
        assert_eq!((yours(&c).smart_eligible, yours(&c).smart_pct), (2, None));
        assert!(yours(&c).smart_quote_ids.is_empty());
    }

    #[test]
    fn corridor_figures_at_usd_200_and_500_with_a_fixed_transfer() {
        let usd = UsdReference {
            currency: "RUB".into(),
            per_usd: "81.505".parse().unwrap(),
            source: "Test rate".into(),
            taken_on: NaiveDate::from_ymd_opt(2026, 11, 3).unwrap(),
        };
        let with_usd = |qt: RemittanceQuote| RemittanceQuote {
            usd_reference: Some(usd.clone()),
            ..qt
        };
        // A 1000-rouble fee and a quote with no usable rate, beside two plain ones.
        let unusable = RemittanceQuote {
            rate: Decimal::ZERO,
            ..q("broken", "0.0990", Payout::Cash, Speed::Minutes)
        };
        let quotes = [
            with_usd(quote("fee", ("RUB", "TJS"), "1000", (None, None), "0.0990", "0.1000")),
            with_usd(q("a", "0.0990", Payout::Cash, Speed::Minutes)),
            with_usd(q("b", "0.0980", Payout::Cash, Speed::Minutes)),
            unusable,
        ];
        let c = compare_quotes(&quotes, &how(AmountKind::Send, "500", 7));
        assert_eq!(c.usd_reference.as_ref(), Some(&usd));
        assert_eq!(c.usd_reference_age_days, Some(7));
        let bases: Vec<(Basis, String)> = c
            .corridor
            .iter()
            .map(|f| (f.basis, f.transferred.value.to_string()))
            .collect();
        // 200 × 81.505 = 16 301.00; 500 × 81.505 = 40 752.50.
        assert_eq!(
            bases,
            [
                (Basis::YourAmount, "500.00".to_string()),
                (Basis::Usd200, "16301.00".to_string()),
                (Basis::Usd500, "40752.50".to_string()),
            ]
        );
        // Sending 500 the fee takes it all: no offer, but the corridor at 500 transferred counts
        // it (1000 / 500 = 200 % + 1 %), and lists the broken quote instead of hiding it.
        assert!(c.excluded.iter().any(|e| e.quote_id == "fee"));
        let at_500 = &c.corridor[0];
        assert_eq!(at_500.quotes_used, 3);
        assert_eq!(at_500.not_priced.len(), 1);
        assert!(
            at_500.not_priced[0].reason.contains("exchange rate"),
            "{:?}",
            at_500.not_priced
        );
        // (201 + 1 + 2) / 3 = 68 %.
        assert_eq!(pct(&at_500.average_total_cost_pct), "68.0000");
        // At USD 200: 1000 / 16 301 = 6.1346 % + 1 % = 7.1346 %; (7.1346 + 1 + 2) / 3 = 3.3782 %.
        let at_200 = &c.corridor[1];
        assert_eq!(pct(&at_200.average_total_cost_pct), "3.3782");
        assert_eq!(at_200.smart_quote_ids, ["a", "b", "fee"]);
        // Receiving 990 TJS: the transfer that delivers it at mid-market, 990 / 0.1 = 9900.
        let c = compare_quotes(&quotes, &how(AmountKind::Receive, "990", 7));
        assert_eq!(c.corridor[0].transferred.value.to_string(), "9900.00");
        // No USD rate in the content: only the user's amount.
        let c = compare_quotes(&quotes[3..], &how(AmountKind::Send, "500", 7));
        assert_eq!((c.corridor.len(), c.usd_reference.is_none()), (1, true));
    }
}
