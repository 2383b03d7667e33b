//! `remittance_reference_rates.csv`: how many units of each sending currency one US dollar buys,
//! with its source and date. The World Bank's RPW compares corridors at the local equivalents
//! of USD 200 and USD 500; these rates give the phone those amounts. Each rate is attached to
//! the quotes sending that currency, so it travels with them (no new collection to sync).
//!
//! ```csv
//! currency,per_usd,source,taken_on
//! RUB,81.50,Central Bank of Russia official rate,2026-11-03
//! ```

use super::csv_table::{self, Columns, Row};
use super::fields::{check_currency, parse_date};
use super::Sink;
use crate::Diagnostic;
use safar_core::model::{Decimal, RemittanceQuote, UsdReference};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

pub const FILE: &str = "remittance_reference_rates.csv";

const COLUMNS: Columns = Columns {
    known: &["currency", "per_usd", "source", "taken_on"],
    required: &["currency", "per_usd", "source", "taken_on"],
    localized: &[],
    kind: "reference-rate",
};

/// Reads the rates and attaches each to the quotes sending its currency. Every problem is a
/// diagnostic: a bad row is an error (and left out); a sending currency without a rate is a
/// warning, since the phone then shows the user's amount only, without the USD 200 and USD 500
/// figures. Nothing is read when there are no quotes, and a repository without the file (one
/// that has not adopted it yet) gets no diagnostics: its phones say there is no USD rate.
pub fn attach(dir: &Path, out: &mut Vec<Diagnostic>, quotes: &mut [RemittanceQuote]) {
    if quotes.is_empty() || !dir.join(FILE).exists() {
        return;
    }
    let mut places = BTreeMap::new();
    let mut rejected = BTreeMap::new();
    let rates: BTreeMap<String, UsdReference> =
        csv_table::read(dir, FILE, &COLUMNS, out, &mut places, &mut rejected, rate)
            .into_iter()
            .map(|r| (r.currency.clone(), r))
            .collect();
    let mut missing = BTreeSet::new();
    for q in quotes.iter_mut() {
        q.usd_reference = rates.get(&q.send_currency).cloned();
        if q.usd_reference.is_none() {
            missing.insert(q.send_currency.clone());
        }
    }
    let mut sink = Sink::new(FILE, out);
    for currency in missing {
        sink.warning(
            None,
            format!(
                "no USD rate for {currency}, which remittance.csv sends: the app cannot show those corridors \
                 at USD 200 and USD 500 (add a row '{currency},<units per USD>,<source>,<YYYY-MM-DD>')"
            ),
        );
    }
}

fn rate(row: &mut Row) -> Option<(String, UsdReference)> {
    let currency = row.req("currency", check_currency);
    let per_usd = row.req("per_usd", units_per_dollar);
    let source = row.required("source");
    let taken_on = row.req("taken_on", parse_date);
    let rate = UsdReference {
        currency: currency?,
        per_usd: per_usd?,
        source: source?,
        taken_on: taken_on?,
    };
    Some((rate.currency.clone(), rate))
}

/// A positive decimal: `81.50` roubles per dollar.
fn units_per_dollar(s: &str) -> Result<Decimal, String> {
    let d: Decimal = s.trim().parse()?;
    if d.is_negative() || d.is_zero() {
        return Err(format!(
            "'{s}' is not a rate: write how many units one US dollar buys, e.g. 81.50"
        ));
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Severity;

    fn quotes(dir: &Path) -> Vec<RemittanceQuote> {
        let mut out = Vec::new();
        let mut places = BTreeMap::new();
        let q = super::super::csv_lists::quotes(dir, &mut out, &mut places, &mut BTreeMap::new());
        assert!(out.is_empty(), "{out:?}");
        q
    }

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::write(dir.join(name), text).unwrap();
    }

    const QUOTES: &str = "id,send_country,send_currency,receive_country,receive_currency,provider,firm_type,product,\
access_point,payout,speed,fee,rate,reference_rate,reference_at,transparent,collected_at,status
q1,RU,RUB,TJ,TJS,P,bank,X,agent,cash,minutes,0,0.116,0.118,2026-11-03T09:00:00Z,true,2026-11-03,sample
q2,KZ,KZT,KG,KGS,P,bank,X,agent,cash,minutes,0,0.169,0.171,2026-11-05T09:00:00Z,true,2026-11-05,sample
";

    #[test]
    fn rates_are_attached_to_the_quotes_of_their_currency() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "remittance.csv", QUOTES);
        write(
            dir.path(),
            FILE,
            "currency,per_usd,source,taken_on\nRUB,81.50,Test bank,2026-11-03\n",
        );
        let mut q = quotes(dir.path());
        let mut out = Vec::new();
        attach(dir.path(), &mut out, &mut q);
        let rub = q[0].usd_reference.as_ref().expect("RUB has a rate");
        assert_eq!(
            (rub.per_usd.to_string(), rub.source.as_str()),
            ("81.50".into(), "Test bank")
        );
        assert_eq!(q[1].usd_reference, None);
        // KZT has none: one warning, naming the currency and the fix.
        assert_eq!(out.len(), 1, "{out:?}");
        assert!(out[0].severity == Severity::Warning && out[0].message.contains("no USD rate for KZT"));
    }

    #[test]
    fn without_the_file_nothing_is_attached_or_reported() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "remittance.csv", QUOTES);
        let mut q = quotes(dir.path());
        let mut out = Vec::new();
        attach(dir.path(), &mut out, &mut q);
        assert!(out.is_empty() && q.iter().all(|q| q.usd_reference.is_none()), "{out:?}");
    }

    #[test]
    fn bad_rows_are_errors_with_their_line() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "remittance.csv", QUOTES);
        write(
            dir.path(),
            FILE,
            "currency,per_usd,source,taken_on\n\
             RUB,0,Test bank,2026-11-03\n\
             XYZ,10,Test bank,2026-11-03\n\
             KZT,505,,2026-11-05\n\
             KZT,505,Test bank,5/11/2026\n\
             KZT,505,Test bank,2026-11-05\n\
             KZT,506,Test bank,2026-11-06\n",
        );
        let mut q = quotes(dir.path());
        let mut out = Vec::new();
        attach(dir.path(), &mut out, &mut q);
        let errors: Vec<(Option<usize>, &str)> = out
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| (d.line, d.message.as_str()))
            .collect();
        assert_eq!(errors.len(), 5, "{errors:?}");
        assert!(
            errors[0].0 == Some(2) && errors[0].1.contains("is not a rate"),
            "{errors:?}"
        );
        assert!(
            errors[1].0 == Some(3) && errors[1].1.contains("currency code"),
            "{errors:?}"
        );
        assert!(errors[2].0 == Some(4) && errors[2].1.contains("source"), "{errors:?}");
        assert!(
            errors[3].0 == Some(5) && errors[3].1.contains("not a date"),
            "{errors:?}"
        );
        assert!(
            errors[4].0 == Some(7) && errors[4].1.contains("duplicate"),
            "{errors:?}"
        );
        // The good KZT row is used; RUB's bad row is not, so RUB warns.
        assert_eq!(
            q[1].usd_reference.as_ref().map(|r| r.per_usd.to_string()),
            Some("505".into())
        );
        assert!(out.iter().any(|d| d.message.contains("no USD rate for RUB")));
    }
}
