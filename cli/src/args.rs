//! Command-line arguments. Global flags (`--db`, `--json`) work before or after the subcommand.

use chrono::{DateTime, FixedOffset, NaiveDate};
use clap::{Args, Parser, Subcommand};
use safar_core::feedback::Problem;
use safar_core::model::{CountryCode, GeoPoint, LanguageTag, Payout, Speed, Stage, Topic};
use safar_core::search::SearchKind;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "safar",
    version,
    about = "Safar: pre-departure orientation for labour migrants, offline",
    max_term_width = 100
)]
pub struct Cli {
    /// Database file [default: $XDG_DATA_HOME/safar/safar.db]
    #[arg(long, global = true, env = "SAFAR_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Machine-readable JSON output
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Show or set who you are: origin, destination, languages, stage
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// The home screen: where to start, by topic
    Home,
    /// Topics with article counts for your profile
    Topics,
    /// Articles for your profile, optionally of one topic
    Guide {
        #[arg(long, value_parser = parse_topic)]
        topic: Option<Topic>,
    },
    /// Read one article (by id such as `registration-ru`, or `registration-ru.tg` for one language)
    Read { id: String },
    /// Verify and import a .safar bundle (SD card, another phone)
    Import { file: PathBuf },
    /// What content is on this device, and how old it is
    Status,
    /// Field staff: keys, lint, build the signed repository
    #[command(subcommand)]
    Publish(PublishCommand),
    /// Search articles, hotlines and services in any language, Cyrillic or Latin
    Search {
        /// Words to look for (the last one may be unfinished)
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        /// Only this kind: article, hotline or service
        #[arg(long, value_parser = parse_search_kind)]
        kind: Option<SearchKind>,
        /// At most this many results (1-100)
        #[arg(long, default_value_t = 10)]
        limit: u32,
    },
    /// Your steps before departure, on arrival, at work and on return, with deadlines
    Checklist(ChecklistArgs),
    /// TB, HIV and health: articles, hotlines and services at home and where you work
    Health,
    /// Bookmark an article, remove a bookmark, or list bookmarks and recently read articles
    Bookmark {
        /// Article to bookmark (e.g. `registration-ru`); without it, list bookmarks
        id: Option<String>,
        /// Remove the bookmark instead
        #[arg(long, requires = "id")]
        remove: bool,
    },
    /// Remove your profile, checklist progress, bookmarks and reading history (content stays)
    Wipe {
        /// Confirm: really remove your personal data
        #[arg(long)]
        yes: bool,
    },
    /// Compare what sending money home costs: providers ranked by what the family receives
    Remit(RemitArgs),
    /// Hotlines for your profile: open now, how to call, when last checked
    Hotlines(HotlinesArgs),
    /// Services (reintegration, health, legal aid, shelter…) by place, category or distance
    Services(ServicesArgs),
    /// Report a hotline or service that does not work; sent with the next sync
    Report(ReportArgs),
    /// Update content from a repository over HTTP(S) (verified; resumes interrupted downloads)
    Sync(SyncArgs),
    /// Serve a published repository over HTTP (a laptop at a pre-departure session)
    Serve(ServeArgs),
    /// Write this device's verified content to a .safar file for another phone
    Export { file: PathBuf },
}

#[derive(Args, Debug)]
pub struct HotlinesArgs {
    /// Country of the lines (e.g. RU) [default: the countries of your profile]
    #[arg(long, value_parser = parse_country)]
    pub country: Option<CountryCode>,
    /// emergency, trafficking, gbv, health, labour_rights, consular, migration_service, legal_aid
    #[arg(long, value_parser = parse_hotline_category)]
    pub category: Option<String>,
    /// Only lines open now (or at --at)
    #[arg(long)]
    pub open_now: bool,
    /// Evaluate opening hours at this instant (RFC 3339, e.g. 2027-03-05T16:00:00+03:00)
    #[arg(long, value_parser = parse_instant, allow_hyphen_values = true)]
    pub at: Option<DateTime<FixedOffset>>,
    /// Your time zone for showing times (IANA, e.g. Europe/Moscow) [default: this computer's]
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
}

#[derive(Args, Debug)]
pub struct ServicesArgs {
    /// Country (e.g. TJ) [default: where you are now; with --near: every country]
    #[arg(long, value_parser = parse_country)]
    pub country: Option<CountryCode>,
    /// Region or district (e.g. Khatlon); a prefix is enough
    #[arg(long)]
    pub region: Option<String>,
    /// employment, training, psychosocial, legal_aid, health, tb_hiv_care, grants, shelter
    #[arg(long, value_parser = parse_service_category)]
    pub category: Option<String>,
    /// Only services that are free
    #[arg(long)]
    pub free: bool,
    /// Only services that speak this language (e.g. tg)
    #[arg(long, value_parser = parse_language)]
    pub lang: Option<LanguageTag>,
    /// Sort by distance from this point: LAT,LON in decimal degrees (e.g. 38.56,68.78)
    #[arg(long, value_parser = parse_point, allow_hyphen_values = true)]
    pub near: Option<GeoPoint>,
    /// With --near: only services within this many km
    #[arg(long, allow_hyphen_values = true)]
    pub radius_km: Option<f64>,
    /// Show at most this many
    #[arg(long, default_value_t = 20)]
    pub limit: u32,
    /// Evaluate opening hours at this instant (RFC 3339)
    #[arg(long, value_parser = parse_instant, allow_hyphen_values = true)]
    pub at: Option<DateTime<FixedOffset>>,
    /// Your time zone for showing times (IANA, e.g. Asia/Dushanbe) [default: this computer's]
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// The hotline or service: its id, or hotline:<id> / service:<id>
    pub id: Option<String>,
    /// no-answer, closed or wrong-info
    #[arg(long, value_parser = parse_problem)]
    pub problem: Option<Problem>,
    /// What you found (optional, at most 500 characters; staff read it, so no names or numbers)
    #[arg(long, default_value = "")]
    pub note: String,
    /// Send the note even though it looks like it holds a phone number or a name
    #[arg(long)]
    pub yes: bool,
    /// The number you dialled, if the entry has several [default: its first]
    #[arg(long, value_name = "NUMBER", allow_hyphen_values = true)]
    pub number: Option<String>,
    /// When you tried to call (RFC 3339 with your UTC offset) [default: now]
    #[arg(long = "tried-at", value_name = "TIME", value_parser = parse_instant, allow_hyphen_values = true)]
    pub tried_at: Option<DateTime<FixedOffset>>,
    /// List the reports made on this device and whether they were sent
    #[arg(long, conflicts_with_all = ["id", "problem"])]
    pub list: bool,
}

#[derive(Args, Debug)]
pub struct SyncArgs {
    /// Repository address, e.g. https://updates.example.org/safar or http://192.168.1.10:8080
    pub url: String,
    /// Give up on a connection attempt after this many seconds
    #[arg(long, default_value_t = 15.0, value_parser = parse_seconds)]
    pub connect_timeout: f64,
    /// Treat the link as stalled after this many seconds without data (no limit on total time)
    #[arg(long, default_value_t = 30.0, value_parser = parse_seconds)]
    pub stall_timeout: f64,
    /// Retries per file after a network failure (with growing waits, honouring Retry-After)
    #[arg(long, default_value_t = 4)]
    pub retries: u32,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Repository folder (from `safar publish build`)
    pub repo: PathBuf,
    /// Address to listen on; 0.0.0.0 lets phones on the same Wi-Fi connect
    #[arg(long, default_value = "0.0.0.0:8080", value_name = "HOST:PORT")]
    pub addr: String,
    /// Where feedback reports from phones are stored (never inside the repository)
    #[arg(long, default_value = "safar-reports", value_name = "DIR")]
    pub reports: PathBuf,
    /// URL path phones post feedback reports to
    #[arg(long, default_value = "/feedback")]
    pub feedback_path: String,
    /// Do not print a line per request
    #[arg(long)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct ChecklistArgs {
    /// Mark a step done
    #[arg(long, value_name = "ID", conflicts_with = "undo")]
    pub done: Option<String>,
    /// Mark a step not done
    #[arg(long, value_name = "ID")]
    pub undo: Option<String>,
    /// Judge deadlines for this day instead of today (YYYY-MM-DD)
    #[arg(long, value_parser = parse_date)]
    pub today: Option<NaiveDate>,
}

#[derive(Subcommand, Debug)]
pub enum ProfileCommand {
    /// Set the profile (omitted fields keep their value)
    Set(ProfileSet),
    /// Show the profile
    Show,
}

#[derive(Args, Debug)]
pub struct ProfileSet {
    /// Home country (ISO code, e.g. TJ)
    #[arg(long, value_parser = parse_country)]
    pub origin: Option<CountryCode>,
    /// Country of work (e.g. RU)
    #[arg(long, value_parser = parse_country)]
    pub destination: Option<CountryCode>,
    /// Languages in order of preference, comma separated (e.g. tg,ru)
    #[arg(long, value_delimiter = ',', value_parser = parse_language)]
    pub lang: Option<Vec<LanguageTag>>,
    /// planning, abroad or returned
    #[arg(long, value_parser = parse_stage)]
    pub stage: Option<Stage>,
    /// Arrival date in the destination (YYYY-MM-DD)
    #[arg(long, value_parser = parse_date)]
    pub arrival: Option<NaiveDate>,
    /// Home region, for services near home after returning (e.g. Khatlon; "" clears it)
    #[arg(long)]
    pub home_region: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum PublishCommand {
    /// Create a keys folder: 3 root keys (threshold 2), timestamp and publisher keys, root/1.json
    Keygen {
        #[arg(long)]
        dir: PathBuf,
        /// Days until root/1.json expires
        #[arg(long, default_value_t = 3650)]
        root_expiry_days: i64,
    },
    /// Check a content folder: schema, phone numbers, places, quotes, Markdown, translations, links, staleness
    Lint {
        #[arg(default_value = "content")]
        content: PathBuf,
        /// `json` for editors and CI (the same as --json)
        #[arg(long, value_enum, default_value_t = LintFormat::Text)]
        format: LintFormat,
    },
    /// Publish a content folder into a signed static repository (and optionally a .safar bundle)
    Build {
        #[arg(default_value = "content")]
        content: PathBuf,
        /// Repository folder to create or update
        #[arg(long)]
        out: PathBuf,
        /// Keys folder (from `safar publish keygen`)
        #[arg(long)]
        keys: PathBuf,
        /// Also pack the published state into this .safar file
        #[arg(long)]
        bundle: Option<PathBuf>,
        /// Days until the timestamp expires (phones refuse it after that; at most 30)
        #[arg(long, default_value_t = 14)]
        timestamp_expiry_days: i64,
        /// Where phones send "number does not answer" reports: an http(s) URL, a path relative
        /// to the repository URL (default: feedback), or none
        #[arg(long)]
        feedback_url: Option<String>,
        /// Publish deltas from this many earlier versions of each changed collection (at most 16)
        #[arg(long, default_value_t = 3)]
        delta_history: usize,
        /// A new repository continues this history: a .safar bundle, a repository folder, or
        /// `builtin` (the default content this app ships)
        #[arg(long, value_name = "BUNDLE|DIR|builtin")]
        continue_from: Option<PathBuf>,
    },
    /// Re-sign timestamp.json with a new expiry (run daily from cron; the content is unchanged)
    Timestamp {
        /// Repository folder
        #[arg(long)]
        repo: PathBuf,
        /// Keys folder holding the timestamp key
        #[arg(long)]
        keys: PathBuf,
        /// Days until the timestamp expires (at most 30)
        #[arg(long, default_value_t = 14)]
        expiry_days: i64,
    },
    /// Write the next root (root/N+1.json): replace keys, add or remove scoped publisher keys
    RootRotate {
        /// Keys folder; a threshold of the current and of the new root keys must be in it
        #[arg(long)]
        keys: PathBuf,
        /// Replace a key by a new one (key file name: root-2, timestamp, publisher…); repeatable
        #[arg(long, value_name = "NAME")]
        replace: Vec<String>,
        /// Add a publisher key that may sign only these collections, e.g. kg='*/kg'; repeatable
        #[arg(long, value_name = "NAME=PATTERN[,PATTERN]", value_parser = parse_publisher)]
        add_publisher: Vec<(String, Vec<String>)>,
        /// Remove a publisher role (its key can no longer sign); repeatable
        #[arg(long, value_name = "NAME")]
        remove_publisher: Vec<String>,
        /// Days until the new root expires
        #[arg(long, default_value_t = 3650)]
        expiry_days: i64,
    },
    /// List the problem reports phones sent (reports.jsonl kept by `safar serve`)
    Reports {
        /// The reports folder `safar serve` writes into
        #[arg(long)]
        dir: PathBuf,
        /// Also write every report as one CSV row to this file (for a spreadsheet)
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
    },
}

fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v > 0.0 && v <= 3600.0 => Ok(v),
        _ => Err(format!("'{s}' is not a number of seconds between 0 and 3600")),
    }
}
fn parse_publisher(s: &str) -> Result<(String, Vec<String>), String> {
    let (name, patterns) = s
        .split_once('=')
        .ok_or_else(|| format!("'{s}' should look like NAME=PATTERN[,PATTERN], e.g. kg=*/kg"))?;
    let patterns: Vec<String> = patterns
        .split(',')
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    Ok((name.trim().to_string(), patterns))
}
fn parse_country(s: &str) -> Result<CountryCode, String> {
    CountryCode::parse(s)
}
fn parse_language(s: &str) -> Result<LanguageTag, String> {
    LanguageTag::parse(s)
}
fn parse_stage(s: &str) -> Result<Stage, String> {
    Stage::parse(s)
}
fn parse_topic(s: &str) -> Result<Topic, String> {
    Topic::parse(s)
}
fn parse_search_kind(s: &str) -> Result<SearchKind, String> {
    SearchKind::parse(s)
}
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| format!("'{s}' is not a date (expected YYYY-MM-DD)"))
}

#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("amount").required(true).args(["send", "receive"])))]
pub struct RemitArgs {
    /// Country you send from (e.g. RU)
    #[arg(long)]
    pub from: String,
    /// Country the money goes to (e.g. TJ)
    #[arg(long)]
    pub to: String,
    /// Amount you hand over, fee included (e.g. 10000 or 10000.50)
    #[arg(long, value_name = "AMOUNT", allow_negative_numbers = true)]
    pub send: Option<String>,
    /// Amount the family should receive; shows what each provider needs from you
    #[arg(long, value_name = "AMOUNT", allow_negative_numbers = true)]
    pub receive: Option<String>,
    /// Currency of the amount (ISO 4217; only needed when a corridor uses several)
    #[arg(long)]
    pub currency: Option<String>,
    /// Only this payout method: cash, account, wallet or card
    #[arg(long, value_parser = parse_payout)]
    pub payout: Option<Payout>,
    /// Only offers at least this fast: minutes, same_day, next_day, days_2_5, days_6_plus
    #[arg(long, value_parser = parse_speed)]
    pub speed: Option<Speed>,
    /// Compare as of the end of this day (YYYY-MM-DD) instead of now
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
}

fn parse_payout(s: &str) -> Result<Payout, String> {
    Payout::parse(s)
}
fn parse_speed(s: &str) -> Result<Speed, String> {
    Speed::parse(s)
}
fn parse_hotline_category(s: &str) -> Result<String, String> {
    safar_core::hotlines::parse_category(s)
        .map(|_| s.trim().to_ascii_lowercase())
        .map_err(|e| e.to_string())
}
fn parse_service_category(s: &str) -> Result<String, String> {
    safar_core::services::parse_category(s)
        .map(|_| s.trim().to_ascii_lowercase())
        .map_err(|e| e.to_string())
}
fn parse_problem(s: &str) -> Result<Problem, String> {
    Problem::parse(s)
}
pub fn parse_instant(s: &str) -> Result<DateTime<FixedOffset>, String> {
    DateTime::parse_from_rfc3339(s.trim())
        .map_err(|_| format!("'{s}' is not a time (expected RFC 3339, e.g. 2027-03-05T16:00:00+03:00)"))
}
fn parse_point(s: &str) -> Result<GeoPoint, String> {
    let bad = || format!("'{s}' is not a point (expected LAT,LON in decimal degrees, e.g. 38.56,68.78)");
    let (lat, lon) = s.split_once(',').ok_or_else(bad)?;
    let lat: f64 = lat.trim().parse().map_err(|_| bad())?;
    let lon: f64 = lon.trim().parse().map_err(|_| bad())?;
    GeoPoint::new(lat, lon)
}

/// Output of `safar publish lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LintFormat {
    /// `file:line: severity: message` lines, for people
    Text,
    /// One JSON document with every diagnostic, for editors and CI
    Json,
}
