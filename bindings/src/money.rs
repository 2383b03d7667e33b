//! Remittance comparison as the shells show it. Every amount and percentage is a decimal string
//! computed exactly by the core; shells only display them.

use safar_core::model::{Payout, Speed};
use safar_core::remittance::{AmountKind, RemitComparison, RemitQuery};

/// Exactly one of `send` (what the user hands over, fee included) and `receive` (what the family
/// should get) is set. `payout`: `cash`, `account`, `wallet`, `card`; `speed`: the slowest
/// acceptable (`minutes`, `same_day`, `next_day`, `days_2_5`, `days_6_plus`).
#[derive(Debug, Clone, uniffi::Record)]
pub struct RemittanceRequest {
    pub from: String,
    pub to: String,
    pub send: Option<String>,
    pub receive: Option<String>,
    pub payout: Option<String>,
    pub speed: Option<String>,
}

impl RemittanceRequest {
    pub(crate) fn to_query(&self) -> Result<RemitQuery, crate::SafarError> {
        let invalid = |message: String| crate::SafarError::InvalidInput { message };
        let (amount, kind) = match (&self.send, &self.receive) {
            (Some(a), None) => (a.clone(), AmountKind::Send),
            (None, Some(a)) => (a.clone(), AmountKind::Receive),
            _ => return Err(invalid("give either a send amount or a receive amount".into())),
        };
        Ok(RemitQuery {
            send_country: self.from.clone(),
            receive_country: self.to.clone(),
            amount,
            kind,
            currency: None,
            payout: self.payout.as_deref().map(Payout::parse).transpose().map_err(invalid)?,
            speed: self.speed.as_deref().map(Speed::parse).transpose().map_err(invalid)?,
        })
    }
}

/// One provider's offer for the asked amount, best first.
#[derive(Debug, Clone, uniffi::Record)]
pub struct RemittanceQuoteResult {
    pub provider: String,
    pub product: String,
    pub payout: String,
    pub speed: String,
    /// What the user hands over (fee included), in the send currency.
    pub send_amount: String,
    pub fee: String,
    pub fx_margin_percent: String,
    pub total_cost_percent: String,
    /// What the family receives, in the receive currency (rounded down).
    pub receive_amount: String,
    pub transparent: bool,
    pub quote_age_days: i64,
    pub rate_age_days: i64,
    /// Older than the content allows: shown, never used as current.
    pub stale: bool,
    /// `meets_target` (< 3 %), `above_target` (3–5 %), `above_ceiling` (> 5 %).
    pub sdg: String,
    pub status: String,
    pub source: String,
}

/// The corridor's average cost and the SDG 10.c flags (target 3 %, ceiling 5 %); stale quotes are
/// left out of the averages and counted in `stale_excluded`.
#[derive(Debug, Clone, uniffi::Record)]
pub struct CorridorSummary {
    pub average_cost_percent: Option<String>,
    /// Average of the three cheapest (the RPW "SmaRT" idea).
    pub smart_average_percent: Option<String>,
    pub meets_sdg_3_percent: bool,
    pub above_5_percent: bool,
    pub stale_excluded: u32,
}

/// Offers ranked by what the family receives (ties by speed), and the corridor summary.
#[derive(Debug, Clone, uniffi::Record)]
pub struct RemittanceComparison {
    pub send_currency: String,
    pub receive_currency: String,
    pub quotes: Vec<RemittanceQuoteResult>,
    pub summary: CorridorSummary,
    pub sample: bool,
}

impl From<RemitComparison> for RemittanceComparison {
    fn from(c: RemitComparison) -> Self {
        use safar_core::remittance::SdgLevel;
        let s = &c.summary;
        RemittanceComparison {
            summary: CorridorSummary {
                average_cost_percent: s.average_total_cost_pct.map(|d| d.to_string()),
                smart_average_percent: s.cheapest_three_average_pct.map(|d| d.to_string()),
                meets_sdg_3_percent: s.average_sdg == Some(SdgLevel::MeetsTarget),
                above_5_percent: s.average_sdg == Some(SdgLevel::AboveCeiling),
                stale_excluded: s.stale_left_out,
            },
            send_currency: c.send_currency,
            receive_currency: c.receive_currency,
            sample: c.sample,
            quotes: c
                .offers
                .into_iter()
                .map(|o| RemittanceQuoteResult {
                    provider: o.provider,
                    product: o.product,
                    payout: o.payout.as_str().into(),
                    speed: o.speed.as_str().into(),
                    send_amount: o.cost.send.value.to_string(),
                    fee: o.cost.fee.value.to_string(),
                    fx_margin_percent: o.cost.fx_margin_pct.to_string(),
                    total_cost_percent: o.cost.total_cost_pct.to_string(),
                    receive_amount: o.cost.received.value.to_string(),
                    transparent: o.transparent,
                    quote_age_days: o.quote_age_days,
                    rate_age_days: o.reference_age_days,
                    stale: o.stale,
                    sdg: o.sdg.as_str().into(),
                    status: o.status.as_str().into(),
                    source: o.source,
                })
                .collect(),
        }
    }
}
