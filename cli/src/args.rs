//! Command-line arguments. Global flags (`--db`, `--json`) work before or after the subcommand.

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use safar_core::model::{CountryCode, LanguageTag, Stage, Topic};
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
    /// Update content from a repository over HTTP(S) (verified; resumes interrupted downloads)
    Sync(SyncArgs),
    /// Serve a published repository over HTTP (a laptop at a pre-departure session)
    Serve(ServeArgs),
    /// Write this device's verified content to a .safar file for another phone
    Export { file: PathBuf },
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
    /// Check a content folder: schema, phone numbers, translations, links, staleness
    Lint {
        #[arg(default_value = "content")]
        content: PathBuf,
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
        /// Days until the timestamp expires (phones refuse it after that)
        #[arg(long, default_value_t = 14)]
        timestamp_expiry_days: i64,
        /// Where phones send "number does not answer" reports
        #[arg(long)]
        feedback_url: Option<String>,
        /// Publish deltas from this many earlier versions of each changed collection
        #[arg(long, default_value_t = 3)]
        delta_history: usize,
    },
    /// Re-sign timestamp.json with a new expiry (run daily from cron; the content is unchanged)
    Timestamp {
        /// Repository folder
        #[arg(long)]
        repo: PathBuf,
        /// Keys folder holding the timestamp key
        #[arg(long)]
        keys: PathBuf,
        /// Days until the timestamp expires
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
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| format!("'{s}' is not a date (expected YYYY-MM-DD)"))
}
