//! The reader's commands: the app's screens, in a terminal.

use crate::args::{Command, ProfileCommand, ProfileSet};
use crate::output::{print_json, render_blocks, width, wrap, CliError};
use chrono::{NaiveDate, Utc};
use safar_core::guide::ArticleSummary;
use safar_core::model::{language_name, Profile};
use safar_core::Safar;

pub fn run(safar: &Safar, command: Command, json: bool) -> Result<(), CliError> {
    match command {
        Command::Profile(ProfileCommand::Set(set)) => profile_set(safar, set, json),
        Command::Profile(ProfileCommand::Show) => profile_show(safar, json),
        Command::Home => home(safar, json),
        Command::Topics => topics(safar, json),
        Command::Guide { topic } => guide(safar, topic, json),
        Command::Read { id } => read(safar, &id, json),
        Command::Import { file } => import(safar, &file, json),
        Command::Status => status(safar, json),
        Command::Publish(_) => unreachable!("publish commands are dispatched before opening a database"),
        Command::Sync(_) | Command::Serve(_) | Command::Export { .. } => {
            unreachable!("sync, serve and export are dispatched in commands::run")
        }
    }
}

fn age(date: NaiveDate) -> String {
    match (Utc::now().date_naive() - date).num_days() {
        d if d <= 0 => "today".into(),
        1 => "1 day ago".into(),
        d if d < 60 => format!("{d} days ago"),
        d => format!("{} months ago", d / 30),
    }
}

fn profile_line(p: &Profile) -> String {
    let langs: Vec<&str> = p.languages.iter().map(|l| l.as_str()).collect();
    let mut s = format!(
        "{} → {} · {} · reads {}",
        p.origin,
        p.destination,
        p.stage,
        langs.join(", ")
    );
    if let Some(a) = p.arrival {
        s.push_str(&format!(" · arrival {a}"));
    }
    s
}

fn profile_set(safar: &Safar, set: ProfileSet, json: bool) -> Result<(), CliError> {
    let mut p = safar.profile()?;
    if let Some(v) = set.origin {
        p.origin = v;
    }
    if let Some(v) = set.destination {
        p.destination = v;
    }
    if let Some(v) = set.lang {
        if v.is_empty() {
            return Err(CliError::new(2, "--lang needs at least one language"));
        }
        p.languages = v;
    }
    if let Some(v) = set.stage {
        p.stage = v;
    }
    if let Some(v) = set.arrival {
        p.arrival = Some(v);
    }
    safar.set_profile(&p)?;
    if json {
        return print_json(&p);
    }
    say!("Profile saved: {}", profile_line(&p));
    Ok(())
}

fn profile_show(safar: &Safar, json: bool) -> Result<(), CliError> {
    let p = safar.profile()?;
    let set = safar.profile_is_set()?;
    if json {
        return print_json(&serde_json::json!({ "profile": p, "set": set }));
    }
    say!("{}", profile_line(&p));
    say!("Language order: {}", p.language_chain().join(" → "));
    if !set {
        say!("(default profile — set yours with: safar profile set --origin TJ --destination RU --lang tg,ru)");
    }
    Ok(())
}

fn sample_banner(sample: bool) -> &'static str {
    if sample {
        "SAMPLE CONTENT — for testing only; numbers and rules in it are not verified.\n"
    } else {
        ""
    }
}

fn list_articles(articles: &[ArticleSummary], w: usize) -> String {
    let mut out = String::new();
    for (n, a) in articles.iter().enumerate() {
        let fallback = if a.is_fallback {
            format!(" [{}]", language_name(&a.lang))
        } else {
            String::new()
        };
        out.push_str(&wrap(
            &format!("{}{fallback}", a.title),
            &format!("{:>3}. ", n + 1),
            "     ",
            w,
        ));
        out.push_str(&wrap(&a.summary, "     ", "     ", w));
        out.push_str(&format!("     → safar read {}\n", a.group));
    }
    out
}

fn home(safar: &Safar, json: bool) -> Result<(), CliError> {
    let home = safar.home()?;
    if json {
        return print_json(&home);
    }
    let w = width();
    say!("SAFAR — HOME");
    say_raw!("{}", sample_banner(home.sample));
    say!("You: {}", profile_line(&home.profile));
    if !home.profile_set {
        say!("     (default profile — set yours: safar profile set --origin TJ --destination RU --lang tg,ru)");
    }
    if let (Some(repo), Some(days)) = (&home.repository, home.content_age_days) {
        say!(
            "Content: {repo}, published {}",
            if days == 0 {
                "today".into()
            } else {
                format!("{days} days ago")
            }
        );
    }
    say!("\nSTART HERE");
    say_raw!("{}", list_articles(&home.start_here, w));
    say!("\nTOPICS");
    for t in &home.topics {
        say!(
            "  {:<32} {:>2} article(s)   safar guide --topic {}",
            t.title,
            t.count,
            t.topic.as_str()
        );
    }
    Ok(())
}

fn topics(safar: &Safar, json: bool) -> Result<(), CliError> {
    let topics = safar.topics()?;
    if json {
        return print_json(&topics);
    }
    for t in &topics {
        say!("{:<18} {:<32} {:>2} article(s)", t.topic.as_str(), t.title, t.count);
    }
    Ok(())
}

fn guide(safar: &Safar, topic: Option<safar_core::model::Topic>, json: bool) -> Result<(), CliError> {
    let articles = safar.guide(topic)?;
    if json {
        return print_json(&articles);
    }
    if articles.is_empty() {
        say!(
            "No articles for your profile{}.",
            topic.map(|t| format!(" in topic {}", t.as_str())).unwrap_or_default()
        );
        return Ok(());
    }
    say_raw!("{}", list_articles(&articles, width()));
    Ok(())
}

fn read(safar: &Safar, id: &str, json: bool) -> Result<(), CliError> {
    let view = safar.read(id)?;
    if json {
        return print_json(&view);
    }
    let status = safar.status()?;
    let w = width();
    let a = &view.summary;
    say!("{}", a.title.to_uppercase());
    say_raw!("{}", sample_banner(status.sample));
    let others: Vec<&str> = a
        .languages
        .iter()
        .filter(|l| **l != a.lang)
        .map(|l| language_name(l))
        .collect();
    let mut lang_line = format!("In {}", language_name(&a.lang));
    if a.is_fallback {
        let wanted = safar.profile()?.language_chain().first().cloned().unwrap_or_default();
        lang_line.push_str(&format!(" — not yet translated into {}", language_name(&wanted)));
    }
    if !others.is_empty() {
        lang_line.push_str(&format!(" · also in: {}", others.join(", ")));
    }
    say!("{lang_line}");
    say_raw!("\n{}", wrap(&a.summary, "", "", w));
    say_raw!("{}", render_blocks(&view.blocks, w));
    say!();
    say_raw!(
        "{}",
        wrap(
            &format!(
                "Source: {} · reviewed {} ({})",
                view.source,
                a.reviewed_at,
                age(a.reviewed_at)
            ),
            "",
            "",
            w
        )
    );
    if !view.help.is_empty() {
        say_raw!(
            "{}",
            wrap(&format!("Where to get help: {}", view.help.join(", ")), "", "  ", w)
        );
    }
    Ok(())
}

fn import(safar: &Safar, file: &std::path::Path, json: bool) -> Result<(), CliError> {
    let report = safar.import_bundle_file(file)?;
    if json {
        return print_json(&report);
    }
    if report.up_to_date {
        say!("Already up to date (seq {}).", report.seq);
    } else {
        say!(
            "Imported seq {} (was {}): {} collection(s) updated, {} record(s), {} removed.",
            report.seq,
            report.previous_seq.map_or("none".into(), |s| s.to_string()),
            report.updated.len(),
            report.records,
            report.removed.len()
        );
    }
    Ok(())
}

fn status(safar: &Safar, json: bool) -> Result<(), CliError> {
    let s = safar.status()?;
    if json {
        return print_json(&s);
    }
    say!("Database:   {} (schema {})", s.database, s.schema_version);
    match (s.seq, s.published_at) {
        (Some(seq), Some(at)) => {
            say!(
                "Content:    {} — seq {seq}, published {} ({} days old){}",
                s.repository.clone().unwrap_or_default(),
                at.format("%Y-%m-%d %H:%M UTC"),
                s.content_age_days.unwrap_or(0),
                if s.sample { " — SAMPLE" } else { "" }
            );
        }
        _ => say!("Content:    none"),
    }
    say!("Trust root: version {}", s.root_version);
    if let Some(at) = s.last_update {
        say!("Updated:    {}", at.format("%Y-%m-%d %H:%M UTC"));
    }
    say!("Collections:");
    for c in &s.collections {
        say!("  {:<18} v{:<4} {:>6} records", c.name, c.version, c.records);
    }
    Ok(())
}
