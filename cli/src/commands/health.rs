//! `safar health`: the TB, HIV and health section.

use super::reader::{age, list_articles, sample_banner};
use crate::output::{print_json, width, wrap, CliError};
use safar_core::health::Place;
use safar_core::model::{ServiceCost, Verification};
use safar_core::Safar;

/// "verified 2026-11-01 (3 days ago), sample · STALE": how far to trust a contact.
pub(super) fn trust_line(source: &str, verified_at: chrono::NaiveDate, status: Verification, stale: bool) -> String {
    let status = match status {
        Verification::Verified => "verified",
        Verification::Unverified => "NOT VERIFIED",
        Verification::Sample => "SAMPLE, not real",
    };
    let stale = if stale {
        " · STALE: check before relying on it"
    } else {
        ""
    };
    format!(
        "Source: {source} · checked {verified_at} ({}) · {status}{stale}",
        age(verified_at)
    )
}

fn place(p: Place) -> &'static str {
    match p {
        Place::Destination => "where you work",
        Place::Home => "at home",
    }
}

pub fn run(safar: &Safar, json: bool) -> Result<(), CliError> {
    let section = safar.health()?;
    if json {
        return print_json(&section);
    }
    let w = width();
    say!("HEALTH, TB AND HIV");
    say_raw!("{}", sample_banner(safar.status()?.sample));
    say!("\nREAD");
    if section.articles.is_empty() {
        say!("  No health articles for your profile yet.");
    }
    say_raw!("{}", list_articles(&section.articles, w));
    say!("\nHOTLINES");
    if section.hotlines.is_empty() {
        say!(
            "  No health hotline for {} or {} on this phone.",
            section.destination,
            section.origin
        );
    }
    for h in &section.hotlines {
        say_raw!(
            "{}",
            wrap(
                &format!("{} — {}, {}", h.name, h.country, place(h.place)),
                "  ☎ ",
                "    ",
                w
            )
        );
        for n in &h.numbers {
            let free = match n.free {
                Some(true) => " (free)",
                Some(false) => " (paid)",
                None => "",
            };
            say!("    {}{free}   {}", n.display, tel_text(&n.tel));
        }
        say!("    Hours: {} ({})", h.hours, h.timezone);
        say_raw!(
            "{}",
            wrap(
                &trust_line(&h.source, h.verified_at, h.status, h.stale),
                "    ",
                "    ",
                w
            )
        );
    }
    say!("\nSERVICES");
    if section.services.is_empty() {
        say!(
            "  No health service for {} or {} on this phone.",
            section.destination,
            section.origin
        );
    }
    for s in &section.services {
        let care = if s.tb_hiv_care { " · TB/HIV care" } else { "" };
        say_raw!(
            "{}",
            wrap(
                &format!("{} — {}, {}{care}", s.name, s.country, place(s.place)),
                "  ⌂ ",
                "    ",
                w
            )
        );
        let address: Vec<&str> = [s.address.as_str(), s.district.as_str(), s.region.as_str()]
            .into_iter()
            .filter(|p| !p.trim().is_empty())
            .collect();
        if !address.is_empty() {
            say_raw!("{}", wrap(&address.join(", "), "    ", "    ", w));
        }
        for p in &s.phones {
            say!("    {}   {}", p.display, tel_text(&p.tel));
        }
        if let Some(hours) = &s.hours {
            say!("    Hours: {hours}");
        }
        let cost = match s.cost {
            ServiceCost::Free => "free",
            ServiceCost::Paid => "paid",
            ServiceCost::Sliding => "depends on income",
        };
        say!("    Cost: {cost}");
        if let Some(e) = &s.eligibility {
            say_raw!("{}", wrap(&format!("Who can come: {e}"), "    ", "    ", w));
        }
        say_raw!(
            "{}",
            wrap(
                &trust_line(&s.source, s.verified_at, s.status, s.stale),
                "    ",
                "    ",
                w
            )
        );
    }
    Ok(())
}

/// The `tel:` link, or why there is none (the core refused to dial the number).
fn tel_text(tel: &Option<String>) -> &str {
    tel.as_deref().unwrap_or("(not a plain phone number: no call link)")
}
