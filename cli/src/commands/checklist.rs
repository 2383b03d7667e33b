//! `safar checklist`: steps and deadlines, and marking them done.

use super::health::trust_line;
use super::reader::sample_banner;
use crate::args::ChecklistArgs;
use crate::output::{print_json, width, wrap, CliError};
use safar_core::checklist::{ChecklistStep, StepState};
use safar_core::model::{language_name, Phase};
use safar_core::Safar;

fn phase_title(p: Phase) -> &'static str {
    match p {
        Phase::BeforeDeparture => "BEFORE YOU LEAVE",
        Phase::OnArrival => "ON ARRIVAL",
        Phase::AtWork => "AT WORK",
        Phase::OnReturn => "COMING HOME",
    }
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

/// "due 2026-11-16 (in 3 days)", "OVERDUE since 2026-11-16 (4 days)".
fn deadline(step: &ChecklistStep) -> Option<String> {
    let (due, left) = (step.due_date?, step.days_left?);
    Some(match step.state {
        StepState::Overdue => format!("OVERDUE: was due {due} ({} ago)", days(-left)),
        StepState::Done => format!("was due {due}"),
        _ if left == 0 => format!("due TODAY, {due}"),
        _ => format!("due {due} (in {})", days(left)),
    })
}

/// Overdue and upcoming steps, one wrapped line each (also used by `home`).
pub(super) fn deadline_lines(steps: &[ChecklistStep], w: usize) -> String {
    let mut out = String::new();
    for s in steps {
        let mark = if s.state == StepState::Overdue { "  ! " } else { "  · " };
        let when = deadline(s).unwrap_or_default();
        out.push_str(&wrap(&format!("{when} — {}", s.title), mark, "    ", w));
    }
    out
}

fn step_lines(s: &ChecklistStep, w: usize) -> String {
    let mark = if s.state == StepState::Done { "  [x] " } else { "  [ ] " };
    let lang = if s.is_fallback {
        format!(" [{}]", language_name(&s.lang))
    } else {
        String::new()
    };
    let mut out = wrap(&format!("{}{lang}", s.title), mark, "      ", w);
    let mut facts = vec![format!("id {}", s.id)];
    match (s.state, deadline(s), s.due_days) {
        (_, Some(when), _) => facts.push(when),
        (StepState::NeedsArrivalDate, None, Some(n)) => facts.push(format!("within {} of arrival", days(n.into()))),
        _ => {}
    }
    if let Some(done) = s.done_on {
        facts.push(format!("done {done}"));
    }
    if let Some(article) = &s.article {
        facts.push(format!("safar read {article}"));
    }
    out.push_str(&wrap(&facts.join(" · "), "      ", "      ", w));
    if let Some(details) = &s.details {
        out.push_str(&wrap(details, "      ", "      ", w));
    }
    // Deadlines are legal rules: say where they come from and how fresh they are.
    if s.due_days.is_some() {
        out.push_str(&wrap(
            &trust_line(&s.source, s.verified_at, s.status, s.stale),
            "      ",
            "      ",
            w,
        ));
    }
    out
}

pub fn run(safar: &Safar, args: ChecklistArgs, json: bool) -> Result<(), CliError> {
    let changed = match (&args.done, &args.undo) {
        (Some(id), _) => Some((id, true)),
        (None, Some(id)) => Some((id, false)),
        (None, None) => None,
    };
    if let Some((id, done)) = changed {
        safar.set_checklist_done(id, done, args.today)?;
    }
    let list = safar.checklist(args.today)?;
    if json {
        return print_json(&list);
    }
    let w = width();
    if let Some((id, done)) = changed {
        let title = list.steps.iter().find(|s| s.id == id.trim()).map(|s| s.title.as_str());
        let what = if done { "Done" } else { "Not done" };
        say!("{what}: {}", title.unwrap_or(id));
        say!();
    }
    let profile = safar.profile()?;
    say!(
        "CHECKLIST — {} → {} · {} of {} done · judged for {}",
        profile.origin,
        profile.destination,
        list.done,
        list.total,
        list.today
    );
    say_raw!("{}", sample_banner(safar.status()?.sample));
    match list.arrival {
        Some(a) => say!("Arrival: {a}"),
        None if list.needs_arrival_date => say_raw!(
            "{}",
            wrap(
                "Some steps have deadlines counted from your arrival. Set your arrival date to see them: safar profile set --arrival YYYY-MM-DD",
                "",
                "",
                w
            )
        ),
        None => {}
    }
    if !list.overdue.is_empty() {
        say!("\nOVERDUE");
        say_raw!("{}", deadline_lines(&list.overdue, w));
    }
    if !list.upcoming.is_empty() {
        say!("\nNEXT DEADLINES");
        say_raw!("{}", deadline_lines(&list.upcoming, w));
    }
    let mut phase = None;
    for s in &list.steps {
        if phase != Some(s.phase) {
            phase = Some(s.phase);
            say!("\n{}", phase_title(s.phase));
        }
        say_raw!("{}", step_lines(s, w));
    }
    if list.steps.is_empty() {
        say!("\nNo checklist steps for your profile on this phone.");
    } else {
        say!("\nMark a step: safar checklist --done ID (undo: --undo ID)");
    }
    Ok(())
}
