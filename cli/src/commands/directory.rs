//! `safar hotlines`, `safar services`, `safar report`: the directories in a terminal. Every entry
//! shows whether it is open (times in the entry's own zone and in yours), how to reach it, and
//! its source, check date and sample/unverified/stale marks.

use crate::args::{Command, HotlinesArgs, ReportArgs, ServicesArgs};
use crate::output::{print_json, width, wrap, CliError};
use chrono::{DateTime, FixedOffset, Local, Utc};
use safar_core::contact::{MessengerView, NumberView};
use safar_core::hotlines::{HotlineFilter, HotlineView};
use safar_core::model::{MessengerKind, Verification};
use safar_core::opening::{OpenNow, OpenState, ZonedTime};
use safar_core::returnee::{ReturneeHome, Scope};
use safar_core::services::{ServiceFilter, ServiceView};
use safar_core::trust::Trust;
use safar_core::Safar;

pub fn run(safar: &Safar, command: Command, json: bool) -> Result<(), CliError> {
    match command {
        Command::Hotlines(args) => hotlines(safar, args, json),
        Command::Services(args) => services(safar, args, json),
        Command::Report(args) => report(safar, args, json),
        _ => unreachable!("only directory commands are dispatched here"),
    }
}

/// How to show "your time" when no `--tz` was given: the offset written in `--at`, else this
/// computer's local time.
#[derive(Clone, Copy)]
enum YourClock {
    Fixed(FixedOffset),
    Local,
}

impl YourClock {
    fn from_at(at: Option<DateTime<FixedOffset>>) -> YourClock {
        at.map_or(YourClock::Local, |t| YourClock::Fixed(*t.offset()))
    }
    fn show(self, t: &ZonedTime) -> DateTime<FixedOffset> {
        match (t.yours, self) {
            (Some(yours), _) => yours,
            (None, YourClock::Fixed(offset)) => t.utc.with_timezone(&offset),
            (None, YourClock::Local) => t.utc.with_timezone(&Local).fixed_offset(),
        }
    }
}

fn stamp(t: DateTime<FixedOffset>) -> String {
    t.format("%a %d %b %H:%M").to_string()
}

fn utc_offset(t: DateTime<FixedOffset>) -> String {
    let s = t.format("%:z").to_string();
    if s == "+00:00" {
        "UTC".into()
    } else {
        format!("UTC{s}")
    }
}

/// `● OPEN until Fri 05 Mar 17:00 Asia/Dushanbe (15:00 your time, UTC+03:00)` and the like.
fn open_line(open: &OpenNow, clock: YourClock) -> String {
    let both = |t: &ZonedTime| {
        let yours = clock.show(t);
        if yours.offset() == t.local.offset() {
            return format!("{} {} (same as your time)", stamp(t.local), open.timezone);
        }
        format!(
            "{} {} = {} your time ({})",
            stamp(t.local),
            open.timezone,
            stamp(yours),
            utc_offset(yours)
        )
    };
    match open.state {
        OpenState::Open if open.always_open => "● OPEN 24/7".to_string(),
        OpenState::Open => match &open.closes_at {
            Some(t) => format!("● OPEN until {}", both(t)),
            None => "● OPEN".to_string(),
        },
        OpenState::Closed => {
            let why = if open.holiday_today { " today (holiday)" } else { "" };
            match &open.next_open {
                Some(t) => format!("○ CLOSED{why} — opens {}", both(t)),
                None => format!("○ CLOSED{why} — no opening in the next year"),
            }
        }
        OpenState::Unknown => format!(
            "? HOURS UNKNOWN (time zone '{}' is not known to this app)",
            open.timezone
        ),
    }
}

fn trust_line(t: &Trust) -> String {
    let mark = match t.status {
        Verification::Verified => "verified",
        Verification::Unverified => "UNVERIFIED",
        Verification::Sample => "SAMPLE (invented, not real)",
    };
    let age = match t.age_days {
        0 => "today".to_string(),
        1 => "1 day ago".to_string(),
        d => format!("{d} days ago"),
    };
    let mut line = format!("{mark} · source: {} · checked {} ({age})", t.source, t.verified_at);
    if t.stale {
        line.push_str(" · ⚠ STALE: not checked for a long time, may be out of date");
    }
    line
}

fn number_text(n: &NumberView) -> String {
    let cost = match n.free {
        Some(true) => " (free)",
        Some(false) => " (paid)",
        None => "",
    };
    match &n.tel_uri {
        Some(uri) => format!("☎ {}{cost} <{uri}>", n.display),
        None => format!("☎ {}{cost} {NOT_DIALABLE}", n.display),
    }
}

/// Shown instead of a link when the core found a number or handle it will not dial or open.
const NOT_DIALABLE: &str = "(not a plain phone number: no call link)";

fn messenger_text(m: &MessengerView) -> String {
    let name = match m.kind {
        MessengerKind::Telegram => "Telegram",
        MessengerKind::Whatsapp => "WhatsApp",
        MessengerKind::Viber => "Viber",
    };
    match &m.uri {
        Some(uri) => format!("{name} {} <{uri}>", m.handle),
        None => format!("{name} {} {NOT_DIALABLE}", m.handle),
    }
}

fn words(items: impl IntoIterator<Item = String>) -> String {
    items
        .into_iter()
        .map(|s| s.replace('_', " "))
        .collect::<Vec<_>>()
        .join(", ")
}

fn enum_text<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn hotline_block(h: &HotlineView, n: usize, clock: YourClock, w: usize) -> String {
    let indent = "     ";
    let mut out = wrap(&format!("{} [{}]", h.name, h.id), &format!("{n:>3}. "), indent, w);
    out.push_str(&wrap(&open_line(&h.open, clock), indent, indent, w));
    for number in &h.numbers {
        out.push_str(&wrap(&number_text(number), indent, indent, w));
    }
    for m in &h.messengers {
        out.push_str(&wrap(&messenger_text(m), indent, indent, w));
    }
    let mut about = format!(
        "{} · {} · hours {} ({})",
        h.country,
        words(h.categories.iter().map(enum_text)),
        h.hours,
        h.open.timezone
    );
    if !h.closed_on.is_empty() {
        let days: Vec<String> = h.closed_on.iter().take(4).map(|d| d.to_string()).collect();
        about.push_str(&format!(" · closed on {}", days.join(", ")));
    }
    out.push_str(&wrap(&about, indent, indent, w));
    let speaks = if h.speaks_your_language {
        "speaks your language"
    } else {
        "does not list your language"
    };
    out.push_str(&wrap(
        &format!("Languages: {} ({speaks})", h.languages.join(", ")),
        indent,
        indent,
        w,
    ));
    out.push_str(&wrap(&trust_line(&h.trust), indent, indent, w));
    out
}

fn service_block(s: &ServiceView, n: usize, clock: YourClock, w: usize) -> String {
    let indent = "     ";
    let distance = s
        .distance_km
        .map(|d| {
            if d < 10.0 {
                format!(" · {d:.1} km")
            } else {
                format!(" · {d:.0} km")
            }
        })
        .unwrap_or_default();
    let mut out = wrap(
        &format!("{} [{}]{distance}", s.organisation, s.id),
        &format!("{n:>3}. "),
        indent,
        w,
    );
    if let Some(open) = &s.open {
        out.push_str(&wrap(&open_line(open, clock), indent, indent, w));
    }
    let place = [s.address.as_str(), s.district.as_str(), s.region.as_str()]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    out.push_str(&wrap(&format!("{} · {place}", s.country), indent, indent, w));
    out.push_str(&wrap(
        &format!(
            "{} · {}{}",
            words(s.categories.iter().map(enum_text)),
            enum_text(&s.cost),
            s.hours
                .as_ref()
                .map(|h| format!(
                    " · hours {h}{}",
                    s.open
                        .as_ref()
                        .map(|o| format!(" ({})", o.timezone))
                        .unwrap_or_default()
                ))
                .unwrap_or_default()
        ),
        indent,
        indent,
        w,
    ));
    let mut contacts: Vec<String> = s.phones.iter().map(number_text).collect();
    contacts.extend(s.email.iter().map(|e| format!("✉ {e}")));
    contacts.extend(s.website.iter().cloned());
    if !contacts.is_empty() {
        out.push_str(&wrap(&contacts.join(" · "), indent, indent, w));
    }
    if let Some(who) = &s.eligibility {
        out.push_str(&wrap(&format!("Who can come: {who}"), indent, indent, w));
    }
    let speaks = if s.speaks_your_language {
        "speaks your language"
    } else {
        "does not list your language"
    };
    out.push_str(&wrap(
        &format!("Languages: {} ({speaks})", s.languages.join(", ")),
        indent,
        indent,
        w,
    ));
    out.push_str(&wrap(&trust_line(&s.trust), indent, indent, w));
    out
}

fn sample_banner(safar: &Safar) -> Result<&'static str, CliError> {
    Ok(if safar.status()?.sample {
        "SAMPLE CONTENT — for testing only; numbers and addresses in it are not real.\n"
    } else {
        ""
    })
}

fn hotlines(safar: &Safar, args: HotlinesArgs, json: bool) -> Result<(), CliError> {
    let filter = HotlineFilter {
        country: args.country.as_ref().map(|c| c.to_string()),
        category: args.category.clone(),
        open_now: args.open_now,
        at: args.at.map(|t| t.with_timezone(&Utc)),
        your_timezone: args.tz.clone(),
    };
    let lines = safar.hotlines(&filter)?;
    if json {
        return print_json(&lines);
    }
    let w = width();
    let clock = YourClock::from_at(args.at);
    say!("HOTLINES{}", if args.open_now { " — OPEN NOW" } else { "" });
    say_raw!("{}", sample_banner(safar)?);
    if lines.is_empty() {
        say!(
            "No hotlines{} match.",
            if args.open_now { " open at this time" } else { "" }
        );
        return Ok(());
    }
    for (n, h) in lines.iter().enumerate() {
        say_raw!("{}", hotline_block(h, n + 1, clock, w));
    }
    say_raw!(
        "{}",
        wrap(
            "A number did not answer? Tell us: safar report ID --problem no-answer",
            "\n",
            "",
            w
        )
    );
    Ok(())
}

fn services(safar: &Safar, args: ServicesArgs, json: bool) -> Result<(), CliError> {
    if args.limit == 0 {
        return Err(CliError::new(2, "--limit must be at least 1"));
    }
    let filter = ServiceFilter {
        country: args.country.as_ref().map(|c| c.to_string()),
        region: args.region.clone(),
        category: args.category.clone(),
        free_only: args.free,
        language: args.lang.as_ref().map(|l| l.to_string()),
        near: args.near,
        radius_km: args.radius_km,
        limit: Some(args.limit),
        at: args.at.map(|t| t.with_timezone(&Utc)),
        your_timezone: args.tz.clone(),
    };
    let found = safar.services(&filter)?;
    if json {
        return print_json(&found);
    }
    let w = width();
    let clock = YourClock::from_at(args.at);
    say!("SERVICES");
    say_raw!("{}", sample_banner(safar)?);
    if found.is_empty() {
        say!("No services match.");
        return Ok(());
    }
    for (n, s) in found.iter().enumerate() {
        say_raw!("{}", service_block(s, n + 1, clock, w));
    }
    if found.len() as u32 == args.limit {
        say!("\n(first {} shown; --limit N shows more)", args.limit);
    }
    Ok(())
}

fn report(safar: &Safar, args: ReportArgs, json: bool) -> Result<(), CliError> {
    if args.list {
        let entries = safar.outbox()?;
        if json {
            return print_json(&entries);
        }
        if entries.is_empty() {
            say!("No reports made on this device.");
        }
        for e in &entries {
            let state = match e.sent_at {
                Some(at) => format!("sent {}", at.format("%Y-%m-%d %H:%M UTC")),
                None => "waiting for the next sync".to_string(),
            };
            say!(
                "{} {}:{} {} — {state}",
                e.report.created_at.format("%Y-%m-%d %H:%M UTC"),
                e.report.kind.as_str(),
                e.report.target,
                e.report.problem
            );
        }
        return Ok(());
    }
    let Some(id) = args.id else {
        return Err(CliError::new(
            2,
            "say which hotline or service: safar report ID --problem no-answer|closed|wrong-info",
        ));
    };
    let Some(problem) = args.problem else {
        return Err(CliError::new(
            2,
            "say what is wrong: --problem no-answer, closed or wrong-info",
        ));
    };
    // Staff read notes: ask before sending what looks like someone's number or name.
    let concerns = safar_core::feedback::note_concerns(&args.note);
    if !concerns.is_empty() && !args.yes {
        let found: Vec<String> = concerns.iter().map(ToString::to_string).collect();
        return Err(CliError::new(
            2,
            format!(
                "the note looks like it holds {}; staff will read it. Remove it, or add --yes to send it as it is. Nothing was saved.",
                found.join(" and ")
            ),
        ));
    }
    let attempt = safar_core::feedback::Attempt {
        at: args.tried_at,
        number: args.number.clone(),
    };
    let entry = safar.report_attempt(&id, problem.as_str(), &args.note, &attempt)?;
    if json {
        return print_json(&entry);
    }
    say_raw!(
        "{}",
        wrap(
            &format!(
                "Thank you. Your report that {} {} is {} was saved on this device and will be sent with the next sync (report {}).",
                entry.report.kind.as_str(),
                entry.report.target,
                match problem {
                    safar_core::feedback::Problem::NoAnswer => "not answering",
                    safar_core::feedback::Problem::Closed => "closed",
                    safar_core::feedback::Problem::WrongInfo => "wrong",
                },
                entry.report.id
            ),
            "",
            "",
            width()
        )
    );
    Ok(())
}

/// The returnee's part of the home screen: reintegration services near home, then home hotlines.
pub fn returnee_section(r: &ReturneeHome, w: usize) -> String {
    let clock = YourClock::Local;
    let mut out = String::from("\nBACK HOME — HELP TO SETTLE IN\n");
    let scope = match (r.scope, &r.home_region) {
        (Scope::Region, Some(region)) => format!("Services in {region}:"),
        (Scope::Country, Some(region)) => {
            format!("No services listed in {region}; services elsewhere in your home country:")
        }
        _ => "Services in your home country (set your region: safar profile set --home-region NAME):".to_string(),
    };
    out.push_str(&wrap(&scope, "", "", w));
    if r.services.is_empty() {
        out.push_str("     none listed yet\n");
    }
    for (n, s) in r.services.iter().enumerate() {
        out.push_str(&service_block(s, n + 1, clock, w));
    }
    out.push_str("\nHotlines at home:\n");
    for (n, h) in r.hotlines.iter().enumerate() {
        out.push_str(&hotline_block(h, n + 1, clock, w));
    }
    out
}
