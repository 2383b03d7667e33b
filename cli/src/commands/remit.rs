//! `safar remit`: the remittance-cost comparison as a table, its corridor summary, and where
//! every price comes from.

use crate::args::RemitArgs;
use crate::output::{print_json, width, wrap, CliError};
use safar_core::model::{Decimal, Payout, Speed, Verification};
use safar_core::remittance::{
    percent_for_reading, Amount, AmountKind, Basis, CorridorFigures, RemitComparison, RemitOffer, RemitQuery, SdgLevel,
};
use safar_core::Safar;

pub fn run(safar: &Safar, args: RemitArgs, json: bool) -> Result<(), CliError> {
    let (kind, amount) = match (args.send, args.receive) {
        (Some(amount), None) => (AmountKind::Send, amount),
        (None, Some(amount)) => (AmountKind::Receive, amount),
        _ => return Err(CliError::new(2, "give either --send or --receive")),
    };
    let query = RemitQuery {
        send_country: args.from,
        receive_country: args.to,
        amount,
        kind,
        currency: args.currency,
        payout: args.payout,
        speed: args.speed,
    };
    let comparison = match args.as_of {
        Some(day) => {
            let end_of_day = day
                .and_hms_opt(23, 59, 59)
                .map(|t| t.and_utc())
                .ok_or_else(|| CliError::new(2, format!("--as-of {day} is not a usable date")))?;
            safar.compare_remittance_at(&query, end_of_day)?
        }
        None => safar.compare_remittance(&query)?,
    };
    if json {
        return print_json(&comparison);
    }
    say_raw!("{}", render(&comparison, width()));
    Ok(())
}

/// `1234567.5` → `1 234 567.5`: digits grouped by thousands, so large sums in UZS read at once.
fn grouped(value: Decimal) -> String {
    let text = value.to_string();
    let (sign, digits) = text.strip_prefix('-').map_or(("", text.as_str()), |d| ("-", d));
    let (int, frac) = digits.split_once('.').map_or((digits, None), |(i, f)| (i, Some(f)));
    let mut out = String::from(sign);
    for (n, c) in int.chars().enumerate() {
        if n > 0 && (int.len() - n) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    out
}

fn money(a: &Amount) -> String {
    format!("{} {}", grouped(a.value), a.currency)
}

/// Percent for reading: two places (the JSON has four).
fn pct(d: Decimal) -> String {
    format!("{}%", d.round_half_away_from_zero(2))
}

/// A total cost percent beside its SDG flag: two places, or four when two would contradict the
/// flag (see [`percent_for_reading`]).
fn total_pct(d: Decimal) -> String {
    format!("{}%", percent_for_reading(d))
}

fn sdg_flag(level: SdgLevel) -> &'static str {
    match level {
        SdgLevel::MeetsTarget => "<3%",
        SdgLevel::AboveCeiling => ">5%",
        SdgLevel::AboveTarget => "",
    }
}

fn speed_label(s: Speed) -> &'static str {
    match s {
        Speed::Minutes => "minutes",
        Speed::SameDay => "same day",
        Speed::NextDay => "next day",
        Speed::Days2To5 => "2-5 days",
        Speed::Days6Plus => "6+ days",
    }
}

fn payout_label(p: Payout) -> &'static str {
    p.as_str()
}

fn days_ago(days: i64) -> String {
    match days {
        0 => "today".into(),
        1 => "1 day ago".into(),
        d => format!("{d} days ago"),
    }
}

fn status_words(s: Verification) -> &'static str {
    match s {
        Verification::Verified => "verified",
        Verification::Unverified => "unverified, not checked by a person",
        Verification::Sample => "sample, invented",
    }
}

fn flags(o: &RemitOffer, per_row_status: bool) -> String {
    let mut f = Vec::new();
    if o.stale {
        f.push("STALE");
    }
    if !sdg_flag(o.sdg).is_empty() {
        f.push(sdg_flag(o.sdg));
    }
    if !o.transparent {
        f.push("opaque");
    }
    if o.speed > safar_core::remittance::SMART_SLOWEST {
        f.push("slow");
    }
    if !o.accessible {
        f.push("restricted");
    }
    if per_row_status {
        f.push(o.status.as_str());
    }
    f.join(" ")
}

#[derive(Clone, Copy, PartialEq)]
enum Align {
    Left,
    Right,
}

/// A table column: header, alignment, spaces before it, and whether its cells may wrap onto
/// more lines when the table is wider than the terminal.
struct Column<'a> {
    head: &'a str,
    align: Align,
    gap: usize,
    wraps: bool,
}

/// A plain-text table: columns as wide as their widest cell; when that is wider than
/// `max_width`, the wrapping columns are narrowed (never below their longest word) and their
/// cells wrap onto further lines.
fn table(columns: &[Column], rows: &[Vec<String>], max_width: usize) -> String {
    let len = |s: &str| s.chars().count();
    let longest_word = |s: &str| s.split_whitespace().map(len).max().unwrap_or(0);
    let mut widths: Vec<usize> = columns.iter().map(|c| len(c.head)).collect();
    let mut floors: Vec<usize> = widths.clone();
    for row in rows {
        for (n, cell) in row.iter().enumerate().take(columns.len()) {
            widths[n] = widths[n].max(len(cell));
            floors[n] = floors[n].max(if columns[n].wraps {
                longest_word(cell)
            } else {
                len(cell)
            });
        }
    }
    let total = |widths: &[usize]| widths.iter().sum::<usize>() + columns.iter().skip(1).map(|c| c.gap).sum::<usize>();
    // Rightmost first: the flags wrap before the provider's name does.
    for n in (0..columns.len()).rev().filter(|n| columns[*n].wraps) {
        let over = total(&widths).saturating_sub(max_width);
        widths[n] = widths[n].saturating_sub(over).max(floors[n]);
    }
    let mut out = String::new();
    let head: Vec<String> = columns.iter().map(|c| c.head.to_string()).collect();
    for row in std::iter::once(&head).chain(rows) {
        let cells: Vec<Vec<String>> = row
            .iter()
            .zip(columns.iter().zip(&widths))
            .map(|(cell, (col, w))| match col.wraps {
                true => wrap(cell, "", "", *w).lines().map(str::to_string).collect(),
                false => vec![cell.clone()],
            })
            .collect();
        let height = cells.iter().map(Vec::len).max().unwrap_or(1);
        for line in 0..height {
            let mut text = String::new();
            for (n, (cell, (col, w))) in cells.iter().zip(columns.iter().zip(&widths)).enumerate() {
                if n > 0 {
                    text.push_str(&" ".repeat(col.gap));
                }
                let part = cell.get(line).map(String::as_str).unwrap_or("");
                let pad = " ".repeat(w.saturating_sub(len(part)));
                match col.align {
                    Align::Left => text.push_str(&format!("{part}{pad}")),
                    Align::Right => text.push_str(&format!("{pad}{part}")),
                }
            }
            out.push_str(text.trim_end());
            out.push('\n');
        }
    }
    out
}

/// The corridor figures (World Bank RPW method): one line per fixed amount transferred, what
/// SmaRT counts, the USD rate used, and what could not be priced.
fn corridor_section(c: &RemitComparison, corridor: &str, w: usize) -> String {
    let mut out = wrap(
        &format!(
            "Corridor {corridor}, every current quote transferring the same amount, fee on top \
             (World Bank RPW method; any payout or speed):"
        ),
        "",
        "",
        w,
    );
    if c.corridor.is_empty() {
        out.push_str("No corridor figures: the amount cannot be converted.\n");
        return out;
    }
    let level = |pct: Option<Decimal>, sdg: Option<SdgLevel>| match (pct, sdg) {
        (Some(p), Some(l)) => format!("{} {}", total_pct(p), sdg_flag(l)).trim_end().to_string(),
        _ => "-".to_string(),
    };
    let label = |f: &CorridorFigures| match f.basis {
        Basis::YourAmount => "(yours)",
        Basis::Usd200 => "(USD 200)",
        Basis::Usd500 => "(USD 500)",
    };
    let rows: Vec<Vec<String>> = c
        .corridor
        .iter()
        .map(|f| {
            vec![
                format!("{} {}", money(&f.transferred), label(f)),
                f.quotes_used.to_string(),
                level(f.average_total_cost_pct, f.average_sdg),
                level(f.smart_pct, f.smart_sdg),
            ]
        })
        .collect();
    let col = |head, align, gap| Column {
        head,
        align,
        gap,
        wraps: false,
    };
    let columns = [
        col("Amount transferred", Align::Left, 2),
        col("Quotes", Align::Right, 2),
        col("Average", Align::Left, 2),
        col("SmaRT", Align::Left, 2),
    ];
    for line in table(&columns, &rows, w).lines() {
        out.push_str(&format!("  {line}\n"));
    }
    let mut notes = Vec::new();
    let first = &c.corridor[0];
    if first.quotes_used == 0 {
        notes.push("There are no current quotes, so no averages.".to_string());
    }
    let mut smart = format!(
        "SmaRT = the average of the three cheapest services that are transparent, arrive within 5 days \
         and are open to any sender ({} of {} here",
        first.smart_eligible, first.quotes_used
    );
    if first.smart_quote_ids.is_empty() {
        smart.push_str("; fewer than three, so no SmaRT).");
    } else {
        let at = match first.basis {
            Basis::YourAmount => "your amount",
            Basis::Usd200 => "USD 200",
            Basis::Usd500 => "USD 500",
        };
        smart.push_str(&format!("; at {at}: {}).", first.smart_quote_ids.join(", ")));
    }
    notes.push(smart);
    match (&c.usd_reference, c.usd_reference_age_days) {
        (Some(usd), Some(age)) => {
            let mut note = format!(
                "USD rate: 1 USD = {} {}, {}, taken {} ({}).",
                usd.per_usd,
                usd.currency,
                usd.source.trim_end_matches('.'),
                usd.taken_on,
                days_ago(age)
            );
            // Same limit as the quotes: an old rate moves the USD 200 and 500 amounts.
            if age > i64::from(c.stale_after_days) {
                note.push_str(&format!(
                    " ⚠ Older than {} days (STALE): the USD amounts may be off.",
                    c.stale_after_days
                ));
            }
            notes.push(note);
        }
        _ => notes.push(format!(
            "No USD rate for {} in the content, so no figures at USD 200 and USD 500.",
            c.send_currency
        )),
    }
    for f in &c.corridor {
        for n in &f.not_priced {
            notes.push(format!(
                "Not priced at {}: {}: {}",
                money(&f.transferred),
                n.provider,
                n.reason
            ));
        }
    }
    if first.stale_left_out > 0 {
        notes.push(format!(
            "{} stale quote{} (older than {} days) left out of these figures.",
            first.stale_left_out,
            if first.stale_left_out == 1 { "" } else { "s" },
            c.stale_after_days
        ));
    }
    for note in notes {
        out.push_str(&wrap(&note, "", "", w));
    }
    out
}

/// The comparison as terminal text, wrapped to `w` columns.
pub fn render(c: &RemitComparison, w: usize) -> String {
    let mut out = String::new();
    let corridor = format!("{} → {}", c.send_country, c.receive_country);
    let asked = match c.kind {
        AmountKind::Send => format!("you hand over {}, fee included", money(&c.amount)),
        AmountKind::Receive => format!("the family should receive {}", money(&c.amount)),
    };
    out.push_str(&wrap(
        &format!(
            "SENDING MONEY {corridor}: {asked} · prices as of {}",
            c.as_of.format("%Y-%m-%d")
        ),
        "",
        "  ",
        w,
    ));
    if c.sample {
        out.push_str("SAMPLE QUOTES — invented for testing; do not rely on them.\n");
    }
    let mut only = Vec::new();
    if let Some(p) = c.payout {
        only.push(format!("payout {}", payout_label(p)));
    }
    if let Some(s) = c.speed {
        only.push(format!("{} or faster", speed_label(s)));
    }
    if !only.is_empty() {
        out.push_str(&format!("Only: {}\n", only.join(", ")));
    }
    // One age for all: say it once instead of in a column.
    let ages = |o: &RemitOffer| (o.quote_age_days, o.reference_age_days);
    let one_age = c
        .offers
        .first()
        .map(ages)
        .filter(|a| c.offers.iter().all(|o| ages(o) == *a));
    if let Some((quote_age, reference_age)) = one_age {
        let mut line = format!("All quotes collected {}", days_ago(quote_age));
        if reference_age != quote_age {
            line.push_str(&format!(", their reference rates taken {}", days_ago(reference_age)));
        }
        out.push_str(&wrap(&format!("{line}."), "", "  ", w));
    }
    let stale = c.offers.iter().filter(|o| o.stale).count();
    if stale > 0 {
        let which = match stale == c.offers.len() {
            true => format!("All {stale} quotes are"),
            false => format!("{stale} of {} quotes are", c.offers.len()),
        };
        out.push_str(&wrap(
            &format!(
                "⚠ {which} older than {} days (STALE): their prices may have changed.",
                c.stale_after_days
            ),
            "",
            "  ",
            w,
        ));
    }
    out.push('\n');

    let statuses: Vec<Verification> = c.offers.iter().map(|o| o.status).collect();
    let one_status = statuses.windows(2).all(|p| p[0] == p[1]);
    if c.offers.is_empty() {
        out.push_str("No offers to compare.\n");
    } else {
        use Align::*;
        let col = |head, align, gap, wraps| Column {
            head,
            align,
            gap,
            wraps,
        };
        let fee_head = format!("Fee {}", c.send_currency);
        let amount_head = match c.kind {
            AmountKind::Send => format!("They get {}", c.receive_currency),
            AmountKind::Receive => format!("You pay {}", c.send_currency),
        };
        let mut columns = vec![
            col("#", Right, 0, false),
            col("Provider", Left, 2, true),
            col("Payout", Left, 2, false),
            col("Speed", Left, 2, false),
            col(&fee_head, Right, 2, false),
            col("FX", Right, 1, false),
            col("Total", Right, 1, false),
            col("Rounding", Right, 1, false),
            col(&amount_head, Right, 2, false),
            col("Age", Right, 2, false),
            col("Flags", Left, 2, true),
        ];
        // Only when some payout loses a material share to rounding (cost rounding rule 6).
        let rounding = c.offers.iter().any(|o| o.cost.rounding_counted);
        if one_age.is_some() {
            columns.remove(9);
        }
        if !rounding {
            columns.remove(7);
        }
        let rows: Vec<Vec<String>> = c
            .offers
            .iter()
            .map(|o| {
                let amount = match c.kind {
                    AmountKind::Send => grouped(o.cost.received.value),
                    AmountKind::Receive => grouped(o.cost.send.value),
                };
                let age = if o.reference_age_days == o.quote_age_days {
                    format!("{}d", o.quote_age_days)
                } else {
                    format!("{}d/{}d", o.quote_age_days, o.reference_age_days)
                };
                let mut row = vec![
                    o.rank.to_string(),
                    o.provider.clone(),
                    payout_label(o.payout).to_string(),
                    speed_label(o.speed).to_string(),
                    grouped(o.cost.fee.value),
                    pct(o.cost.fx_margin_pct),
                    total_pct(o.cost.total_cost_pct),
                    match o.cost.rounding_counted {
                        true => pct(o.cost.payout_rounding_pct),
                        false => String::new(),
                    },
                    amount,
                    age,
                    flags(o, !one_status),
                ];
                if one_age.is_some() {
                    row.remove(9);
                }
                if !rounding {
                    row.remove(7);
                }
                row
            })
            .collect();
        out.push_str(&table(&columns, &rows, w));
        out.push('\n');
        let mut legend = String::from(
            "Total = fee + FX, the exchange-rate margin against the mid-market rate (World Bank RPW method).",
        );
        if rounding {
            legend.push_str(&format!(
                " Rounding = what the family loses because the payout is rounded down to whole {}; \
                 counted in Total when 0.01% or more.",
                c.receive_currency
            ));
        }
        if one_age.is_none() {
            legend.push_str(" Age = days since the quote was collected (/ since its reference rate, when different).");
        }
        legend.push_str(" Flags: <3% meets the SDG 10.c target, >5% is above its ceiling");
        if c.offers.iter().any(|o| !o.transparent) {
            legend.push_str(", opaque = fee or rate not disclosed before the transfer");
        }
        if c.offers.iter().any(|o| o.speed > safar_core::remittance::SMART_SLOWEST) {
            legend.push_str(", slow = takes more than 5 days");
        }
        if c.offers.iter().any(|o| !o.accessible) {
            legend.push_str(", restricted = not open to every sender");
        }
        if stale > 0 {
            legend.push_str(&format!(
                ", STALE = older than {} days: may no longer be true, ranked last",
                c.stale_after_days
            ));
        }
        legend.push('.');
        out.push_str(&wrap(&legend, "", "", w));
    }

    out.push('\n');
    out.push_str(&corridor_section(c, &corridor, w));
    if c.hidden_by_filters > 0 {
        out.push_str(&wrap(
            &format!(
                "{} more offer{} not shown because of the payout or speed filter.",
                c.hidden_by_filters,
                if c.hidden_by_filters == 1 { "" } else { "s" }
            ),
            "",
            "",
            w,
        ));
    }
    if !c.excluded.is_empty() {
        out.push_str("\nNot compared:\n");
        for e in &c.excluded {
            out.push_str(&wrap(&format!("{}: {}", e.provider, e.reason), "  • ", "    ", w));
        }
    }
    if !c.offers.is_empty() {
        out.push_str("\nWhere the prices come from");
        if one_status {
            out.push_str(&format!(" (all {})", status_words(statuses[0])));
        }
        out.push_str(":\n");
        for o in &c.offers {
            let mut text = format!(
                "{} — {} ({}): rate {} against mid-market {} taken {} ({}); collected {} ({}). Source: {}.",
                o.provider,
                o.product,
                o.quote_id,
                o.rate,
                o.reference_rate,
                o.reference_at.format("%Y-%m-%d %H:%M UTC"),
                days_ago(o.reference_age_days),
                o.collected_at,
                days_ago(o.quote_age_days),
                o.source.trim_end_matches('.')
            );
            if !one_status {
                text.push_str(&format!(" Status: {}.", status_words(o.status)));
            }
            out.push_str(&wrap(&text, &format!("{:>3}. ", o.rank), "     ", w));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(grouped(d("8749234.00")), "8 749 234.00");
        assert_eq!(grouped(d("1160.01")), "1 160.01");
        assert_eq!(grouped(d("999")), "999");
        assert_eq!(grouped(d("1000000")), "1 000 000");
        assert_eq!(grouped(d("-1234.5")), "-1 234.5");
        assert_eq!(pct(d("2.5400")), "2.54%");
        assert_eq!(pct(d("-0.8475")), "-0.85%");
    }

    #[test]
    fn table_fits_the_width_by_wrapping_a_column() {
        let col = |head, align, gap, wraps| Column {
            head,
            align,
            gap,
            wraps,
        };
        let columns = [
            col("#", Align::Right, 0, false),
            col("Name", Align::Left, 2, true),
            col("Amount", Align::Right, 2, false),
        ];
        let rows = vec![
            vec![
                "1".to_string(),
                "A very long provider name".to_string(),
                "1 000.00".to_string(),
            ],
            vec!["2".to_string(), "Short".to_string(), "5.00".to_string()],
        ];
        let t = table(&columns, &rows, 24);
        assert_eq!(
            t,
            "#  Name           Amount\n1  A very long  1 000.00\n   provider\n   name\n2  Short            5.00\n"
        );
        let wide = table(&columns, &rows, 80);
        assert_eq!(wide.lines().count(), 3, "no wrapping when it fits:\n{wide}");
    }
}
