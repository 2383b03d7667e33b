//! Remittance comparison as the shells show it. Every amount and percentage is a decimal string
//! computed exactly by the core; shells only display them.

use safar_core::model::{Payout, Speed};
use safar_core::remittance::{AmountKind, CorridorFigures, RemitComparison, RemitQuery};

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
    /// Fee + FX margin, plus the payout rounding when it is material (0.01 % or more).
    pub total_cost_percent: String,
    /// What rounding the payout down costs the family, in percent.
    pub payout_rounding_percent: String,
    /// What the family receives, in the receive currency (rounded down).
    pub receive_amount: String,
    pub transparent: bool,
    /// Transparent, within 5 days, open to any sender: may count towards SmaRT.
    pub meets_smart_criteria: bool,
    pub quote_age_days: i64,
    pub rate_age_days: i64,
    /// Older than the content allows: shown, never used as current.
    pub stale: bool,
    /// `meets_target` (< 3 %), `above_target` (3–5 %), `above_ceiling` (> 5 %).
    pub sdg: String,
    pub status: String,
    pub source: String,
}

/// The corridor at one fixed amount transferred (RPW method): its average cost, SmaRT and the
/// SDG 10.c flags (target 3 %, ceiling 5 %); stale quotes are left out of the averages and
/// counted in `stale_excluded`.
#[derive(Debug, Clone, uniffi::Record)]
pub struct CorridorSummary {
    /// `your_amount`, `usd_200` or `usd_500`.
    pub basis: String,
    /// What every provider transfers, fee on top, in the send currency.
    pub transferred: String,
    pub average_cost_percent: Option<String>,
    /// SmaRT: the three cheapest services that are transparent, within 5 days and open to any
    /// sender; `None` with fewer than three.
    pub smart_average_percent: Option<String>,
    pub meets_sdg_3_percent: bool,
    pub above_5_percent: bool,
    pub stale_excluded: u32,
    /// Current quotes that could not price this amount.
    pub not_priced: u32,
}

impl From<&CorridorFigures> for CorridorSummary {
    fn from(f: &CorridorFigures) -> Self {
        use safar_core::remittance::SdgLevel;
        CorridorSummary {
            basis: f.basis.as_str().into(),
            transferred: f.transferred.value.to_string(),
            average_cost_percent: f.average_total_cost_pct.map(|d| d.to_string()),
            smart_average_percent: f.smart_pct.map(|d| d.to_string()),
            meets_sdg_3_percent: f.average_sdg == Some(SdgLevel::MeetsTarget),
            above_5_percent: f.average_sdg == Some(SdgLevel::AboveCeiling),
            stale_excluded: f.stale_left_out,
            not_priced: f.not_priced.len() as u32,
        }
    }
}

/// Offers ranked by what the family receives (ties by speed), and the corridor summary.
#[derive(Debug, Clone, uniffi::Record)]
pub struct RemittanceComparison {
    pub send_currency: String,
    pub receive_currency: String,
    pub quotes: Vec<RemittanceQuoteResult>,
    /// The corridor at the user's amount.
    pub summary: CorridorSummary,
    /// The corridor at the equivalents of USD 200 and USD 500, when the content has a USD rate.
    pub reference_amounts: Vec<CorridorSummary>,
    pub sample: bool,
}

impl From<RemitComparison> for RemittanceComparison {
    fn from(c: RemitComparison) -> Self {
        use safar_core::remittance::Basis;
        let at = |basis: Basis| c.corridor.iter().filter(move |f| f.basis == basis);
        let empty = CorridorSummary {
            basis: "your_amount".into(),
            transferred: String::new(),
            average_cost_percent: None,
            smart_average_percent: None,
            meets_sdg_3_percent: false,
            above_5_percent: false,
            stale_excluded: 0,
            not_priced: 0,
        };
        RemittanceComparison {
            summary: at(Basis::YourAmount).next().map_or(empty, CorridorSummary::from),
            reference_amounts: at(Basis::Usd200)
                .chain(at(Basis::Usd500))
                .map(CorridorSummary::from)
                .collect(),
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
                    payout_rounding_percent: o.cost.payout_rounding_pct.to_string(),
                    meets_smart_criteria: o.meets_smart_criteria,
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
