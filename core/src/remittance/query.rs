//! Reading quotes from the phone's database and answering a [`RemitQuery`].

use super::compare::{compare_quotes, AmountKind, Comparing, RemitComparison, RemitQuery};
use super::currency::{check_currency, Amount};
use super::DEFAULT_STALE_AFTER_DAYS;
use crate::model::{CountryCode, RemittanceQuote};
use crate::{Error, Result};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A corridor the phone has quotes for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Corridor {
    pub send_country: String,
    pub receive_country: String,
    pub send_currencies: Vec<String>,
    pub receive_currencies: Vec<String>,
    pub quotes: u32,
    /// The most recent `collected_at` among its quotes.
    pub newest_quote: NaiveDate,
}

/// What the comparison needs from the sync state.
#[derive(Debug, Clone, Copy)]
pub struct QuoteSettings {
    pub stale_after_days: u32,
    pub sample: bool,
    /// When the content on the phone was published: a lower bound for "now" (a device clock set
    /// in the past must not make old prices look new).
    pub published_at: Option<DateTime<Utc>>,
}

pub fn settings(conn: &Connection) -> Result<QuoteSettings> {
    let row: Option<(u32, bool, String)> = conn
        .query_row(
            "SELECT remittance_stale_after_days, sample, published_at FROM sync_state WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    Ok(match row {
        Some((stale_after_days, sample, published_at)) => QuoteSettings {
            stale_after_days,
            sample,
            published_at: DateTime::parse_from_rfc3339(&published_at)
                .ok()
                .map(|t| t.with_timezone(&Utc)),
        },
        None => QuoteSettings {
            stale_after_days: DEFAULT_STALE_AFTER_DAYS,
            sample: false,
            published_at: None,
        },
    })
}

fn load(conn: &Connection, send: Option<&CountryCode>, receive: Option<&CountryCode>) -> Result<Vec<RemittanceQuote>> {
    let mut stmt = conn.prepare_cached(
        "SELECT json FROM remittance_quotes
         WHERE (?1 IS NULL OR send_country = ?1) AND (?2 IS NULL OR receive_country = ?2)
         ORDER BY send_country, receive_country, id",
    )?;
    let rows = stmt.query_map(params![send.map(|c| c.as_str()), receive.map(|c| c.as_str())], |r| {
        r.get::<_, String>(0)
    })?;
    let mut quotes = Vec::new();
    for json in rows {
        // Verified on import; a row that no longer parses is a damaged database.
        let quote = serde_json::from_str(&json?)
            .map_err(|e| Error::invalid(format!("a stored remittance quote cannot be read: {e}")))?;
        quotes.push(quote);
    }
    Ok(quotes)
}

/// Every corridor with quotes, ordered by send then receive country.
pub fn corridors(conn: &Connection) -> Result<Vec<Corridor>> {
    let mut corridors: Vec<Corridor> = Vec::new();
    for q in load(conn, None, None)? {
        let (send, receive) = (q.send_country.as_str(), q.receive_country.as_str());
        let same = corridors
            .last()
            .is_some_and(|c| c.send_country == send && c.receive_country == receive);
        if !same {
            corridors.push(Corridor {
                send_country: send.to_string(),
                receive_country: receive.to_string(),
                send_currencies: vec![],
                receive_currencies: vec![],
                quotes: 0,
                newest_quote: q.collected_at,
            });
        }
        let Some(c) = corridors.last_mut() else { continue };
        c.quotes += 1;
        c.newest_quote = c.newest_quote.max(q.collected_at);
        for (list, currency) in [
            (&mut c.send_currencies, &q.send_currency),
            (&mut c.receive_currencies, &q.receive_currency),
        ] {
            if !list.contains(currency) {
                list.push(currency.clone());
                list.sort();
            }
        }
    }
    Ok(corridors)
}

fn country(code: &str, what: &str) -> Result<CountryCode> {
    CountryCode::parse(code).map_err(|e| Error::invalid(format!("{what}: {e}")))
}

/// Answers `query` from the stored quotes, with ages measured against `now`.
///
/// Errors: [`Error::InvalidInput`] for a bad country, currency or amount; [`Error::NotFound`]
/// for a corridor without quotes (the message lists the corridors there are) or a currency the
/// corridor's quotes do not use.
pub fn compare(conn: &Connection, query: &RemitQuery, now: DateTime<Utc>) -> Result<RemitComparison> {
    let send_country = country(&query.send_country, "sending country")?;
    let receive_country = country(&query.receive_country, "receiving country")?;
    let asked_currency = match &query.currency {
        Some(code) => {
            let code = code.trim().to_ascii_uppercase();
            check_currency(&code)?;
            Some(code)
        }
        None => None,
    };
    let quotes = load(conn, Some(&send_country), Some(&receive_country))?;
    if quotes.is_empty() {
        let known: Vec<String> = corridors(conn)?
            .iter()
            .map(|c| format!("{}→{}", c.send_country, c.receive_country))
            .collect();
        return Err(Error::not_found(format!(
            "no remittance quotes for {send_country} → {receive_country}; corridors with quotes: {}",
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        )));
    }
    let corridor = format!("{send_country} → {receive_country}");
    let (send_currency, receive_currency) = currency_pair(&quotes, query.kind, asked_currency, &corridor)?;
    let asked = match query.kind {
        AmountKind::Send => &send_currency,
        AmountKind::Receive => &receive_currency,
    };
    let amount = Amount::parse(&query.amount, asked)?;
    let settings = settings(conn)?;
    let how = Comparing {
        send_country,
        receive_country,
        send_currency,
        receive_currency,
        kind: query.kind,
        amount,
        payout: query.payout,
        speed: query.speed,
        as_of: now,
        stale_after_days: settings.stale_after_days,
        sample_repository: settings.sample,
    };
    Ok(compare_quotes(&quotes, &how))
}

/// The currency pair to compare: the asked side's currency (given, or the only one the corridor
/// uses on that side), and on the other side the currency most of those quotes use (ties:
/// alphabetical). Quotes in other pairs are excluded, never ranked against these.
fn currency_pair(
    quotes: &[RemittanceQuote],
    kind: AmountKind,
    asked: Option<String>,
    corridor: &str,
) -> Result<(String, String)> {
    type Side = fn(&RemittanceQuote) -> &String;
    let (side, other): (Side, Side) = match kind {
        AmountKind::Send => (|q| &q.send_currency, |q| &q.receive_currency),
        AmountKind::Receive => (|q| &q.receive_currency, |q| &q.send_currency),
    };
    let used: BTreeSet<&String> = quotes.iter().map(side).collect();
    let listed = used.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(" and ");
    let word = match kind {
        AmountKind::Send => "send",
        AmountKind::Receive => "receive",
    };
    let chosen = match asked {
        Some(code) if used.contains(&code) => code,
        Some(code) => {
            return Err(Error::not_found(format!(
                "no {corridor} quotes {word} {code} (they {word} {listed})"
            )))
        }
        None if used.len() == 1 => used.iter().next().map(|c| c.to_string()).unwrap_or_default(),
        None => {
            return Err(Error::invalid(format!(
                "{corridor} quotes {word} {listed}: say which currency the amount is in"
            )))
        }
    };
    let mut counts: BTreeMap<&String, u32> = BTreeMap::new();
    for q in quotes.iter().filter(|q| *side(q) == chosen) {
        *counts.entry(other(q)).or_default() += 1;
    }
    // Most used; `max_by_key` keeps the last of equals, so walk alphabetically in reverse.
    let other_currency = counts
        .iter()
        .rev()
        .max_by_key(|(_, n)| **n)
        .map(|(c, _)| c.to_string())
        .unwrap_or_default();
    Ok(match kind {
        AmountKind::Send => (chosen, other_currency),
        AmountKind::Receive => (other_currency, chosen),
    })
}

/// [`compare`] with ages measured against the trusted clock: the device clock, but never before
/// the publication of the content on the phone.
pub fn compare_now(conn: &Connection, query: &RemitQuery) -> Result<RemitComparison> {
    let published = settings(conn)?.published_at;
    let now = published.map_or(Utc::now(), |p| Utc::now().max(p));
    compare(conn, query, now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ContentKind;
    use crate::remittance::testing::quote;
    use crate::store::{self, content};
    use chrono::TimeZone;

    fn store_quotes(quotes: &[RemittanceQuote]) -> Connection {
        let conn = store::open_in_memory().unwrap();
        for q in quotes {
            let collection = crate::sync::partition::remittance(q);
            let json = serde_json::to_string(q).unwrap();
            content::upsert(&conn, ContentKind::Remittance, &collection, &json).unwrap();
        }
        conn
    }

    fn ask(send: &str, receive: &str, amount: &str, kind: AmountKind, currency: Option<&str>) -> RemitQuery {
        RemitQuery {
            send_country: send.into(),
            receive_country: receive.into(),
            amount: amount.into(),
            kind,
            currency: currency.map(str::to_string),
            payout: None,
            speed: None,
        }
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 10, 12, 0, 0).unwrap()
    }

    fn fixture() -> Connection {
        let usd = RemittanceQuote {
            receive_currency: "USD".into(),
            ..quote("ru-uz-usd", ("RUB", "UZS"), "1%", (None, None), "0.0125", "0.0127")
        };
        store_quotes(&[
            quote("ru-tj-1", ("RUB", "TJS"), "1%", (None, None), "0.1160", "0.1180"),
            quote("ru-uz-1", ("RUB", "UZS"), "0", (None, None), "150.00", "152.00"),
            quote("ru-uz-2", ("RUB", "UZS"), "50", (None, None), "151.00", "152.00"),
            usd,
            quote("kr-uz-1", ("KRW", "UZS"), "5000", (None, None), "8.7932", "8.900"),
        ])
    }

    fn error(result: Result<RemitComparison>) -> Error {
        match result {
            Ok(c) => panic!("expected an error, got {} offers", c.offers.len()),
            Err(e) => e,
        }
    }

    #[test]
    fn compares_a_stored_corridor() {
        let conn = fixture();
        let c = compare(&conn, &ask("ru", "tj", "10000", AmountKind::Send, None), now()).unwrap();
        assert_eq!((c.send_country.as_str(), c.receive_country.as_str()), ("RU", "TJ"));
        // 9900.99 + 1 % (99.0099 → 99.01) = 10 000.00; 9900.99 × 0.116 = 1148.51484.
        assert_eq!(c.offers[0].cost.received.value.to_string(), "1148.51");
        // No sync state yet: the default limit.
        assert_eq!(c.stale_after_days, crate::remittance::DEFAULT_STALE_AFTER_DAYS);
        let c = compare(&conn, &ask("KR", "UZ", "1000000", AmountKind::Send, Some("krw")), now()).unwrap();
        assert_eq!(c.offers[0].cost.received.value.to_string(), "8749234.00");
    }

    #[test]
    fn reads_the_stale_limit_and_sample_mark_from_the_sync_state() {
        let conn = fixture();
        conn.execute(
            "INSERT INTO sync_state (id, seq, root_version, published_at, trusted_now, repository, sample,
             stale_after_days, updated_at, remittance_stale_after_days)
             VALUES (1, 1, 1, '2026-11-20T00:00:00+00:00', '2026-11-20T00:00:00+00:00', 'test', 1, 180,
             '2026-11-20T00:00:00+00:00', 5)",
            [],
        )
        .unwrap();
        let s = settings(&conn).unwrap();
        assert_eq!((s.stale_after_days, s.sample), (5, true));
        let c = compare(&conn, &ask("RU", "TJ", "100", AmountKind::Send, None), now()).unwrap();
        // Collected 2026-11-03, compared 2026-11-10: 7 days, over the limit of 5.
        assert!(c.offers[0].stale && c.sample);
        // The trusted clock never goes back before the publication.
        let c = compare_now(&conn, &ask("RU", "TJ", "100", AmountKind::Send, None)).unwrap();
        assert!(c.as_of >= Utc.with_ymd_and_hms(2026, 11, 20, 0, 0, 0).unwrap());
    }

    #[test]
    fn picks_the_currency_pair_and_excludes_other_pairs() {
        let conn = fixture();
        // Asking in RUB: two quotes pay out UZS, one USD: UZS is compared, USD is listed as
        // excluded with its reason.
        let c = compare(&conn, &ask("RU", "UZ", "10000", AmountKind::Send, None), now()).unwrap();
        assert_eq!(c.receive_currency, "UZS");
        assert_eq!(c.offers.len(), 2);
        assert_eq!(c.excluded.len(), 1);
        assert!(c.excluded[0].reason.contains("RUB → USD"), "{:?}", c.excluded);
        // Asking to receive needs the currency: UZS and USD are both paid out.
        let e = error(compare(
            &conn,
            &ask("RU", "UZ", "1000", AmountKind::Receive, None),
            now(),
        ));
        assert!(
            matches!(&e, Error::InvalidInput(m) if m.contains("receive USD and UZS")),
            "{e}"
        );
        let c = compare(&conn, &ask("RU", "UZ", "100", AmountKind::Receive, Some("USD")), now()).unwrap();
        assert_eq!((c.send_currency.as_str(), c.offers.len()), ("RUB", 1));
    }

    #[test]
    fn bad_queries_are_typed_errors() {
        let conn = fixture();
        let not_found = |e: Error, needle: &str| assert!(matches!(&e, Error::NotFound(m) if m.contains(needle)), "{e}");
        let invalid =
            |e: Error, needle: &str| assert!(matches!(&e, Error::InvalidInput(m) if m.contains(needle)), "{e}");
        let send = AmountKind::Send;
        // Unknown corridor: say which corridors exist.
        not_found(
            error(compare(&conn, &ask("RU", "KG", "100", send, None), now())),
            "corridors with quotes: KR→UZ, RU→TJ, RU→UZ",
        );
        invalid(
            error(compare(&conn, &ask("XX", "TJ", "100", send, None), now())),
            "sending country",
        );
        invalid(
            error(compare(&conn, &ask("RU", "", "100", send, None), now())),
            "receiving country",
        );
        invalid(
            error(compare(&conn, &ask("RU", "TJ", "100", send, Some("XYZ")), now())),
            "unknown currency",
        );
        not_found(
            error(compare(&conn, &ask("RU", "TJ", "100", send, Some("EUR")), now())),
            "no RU → TJ quotes send EUR (they send RUB)",
        );
        invalid(
            error(compare(&conn, &ask("RU", "TJ", "0", send, None), now())),
            "more than zero",
        );
        invalid(
            error(compare(&conn, &ask("RU", "TJ", "-100", send, None), now())),
            "more than zero",
        );
        invalid(
            error(compare(&conn, &ask("RU", "TJ", "10.005", send, None), now())),
            "2 decimal places",
        );
        invalid(
            error(compare(&conn, &ask("KR", "UZ", "1000.5", send, None), now())),
            "no minor unit",
        );
        invalid(
            error(compare(&conn, &ask("RU", "TJ", "ten", send, None), now())),
            "not an amount",
        );
    }

    #[test]
    fn lists_corridors() {
        let conn = fixture();
        let list = corridors(&conn).unwrap();
        let names: Vec<String> = list
            .iter()
            .map(|c| {
                format!(
                    "{}→{} {}/{} {}",
                    c.send_country,
                    c.receive_country,
                    c.send_currencies.join("+"),
                    c.receive_currencies.join("+"),
                    c.quotes
                )
            })
            .collect();
        assert_eq!(names, ["KR→UZ KRW/UZS 1", "RU→TJ RUB/TJS 1", "RU→UZ RUB/USD+UZS 3"]);
        assert!(corridors(&store::open_in_memory().unwrap()).unwrap().is_empty());
    }
}
