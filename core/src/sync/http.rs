//! The HTTP transport of a sync: small capped fetches for metadata, a conditional fetch for the
//! timestamp, and resumable, length- and hash-checked downloads for objects.
//!
//! Links in the field are 2G, captive Wi-Fi and laptops at pre-departure sessions, so:
//! * a connect timeout, and a *stall* timeout — no data for that long fails a read — but no total
//!   timeout, so a large file on a slow but alive link still arrives;
//! * transient failures (cut connections, stalls, 429 and 5xx) are retried with exponential backoff
//!   that honours `Retry-After`;
//! * downloads go to `<staging>/<sha256>.part` and resume with `Range` + `If-Range`; a server
//!   that ignores `Range` (200 instead of 206) restarts the file cleanly;
//! * every body is capped: metadata by a fixed limit, files by their signed length;
//! * validators (`ETag`, `Last-Modified`) are kept only up to [`MAX_VALIDATOR_BYTES`], and a
//!   conditional request the server refuses (any 4xx) is sent again once without its validator,
//!   so one hostile answer cannot lock a phone out for good;
//! * a full volume (ENOSPC) while downloading deletes the partial file and is reported as
//!   [`Error::StorageFull`].
//!
//! The blocking reqwest client applies its `timeout` to waiting for the response head and to each
//! body read separately (each read gets a fresh deadline), which is exactly a stall timeout.

use super::digest::Sha256Stream;
use super::metadata::FileRef;
use super::{paths, RepoSource, VerifyError};
use crate::{Error, Result};
use serde::Serialize;
use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A validator longer than this is not stored: real servers send short ones (nginx ~20 bytes,
/// `safar serve` ~40), and a huge one sent back would make servers answer 400 to every request.
pub const MAX_VALIDATOR_BYTES: usize = 256;

/// A validator worth storing and sending back, if any.
fn bounded_validator(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.is_empty() && v.len() <= MAX_VALIDATOR_BYTES)
}

/// Network behaviour of a sync.
#[derive(Debug, Clone, Serialize)]
pub struct HttpOptions {
    /// Time allowed to open a connection.
    pub connect_timeout: Duration,
    /// A response head or a body read that brings no data for this long fails (and is retried).
    pub stall_timeout: Duration,
    /// How many times a failed request is tried again.
    pub retries: u32,
    /// The first wait before a retry; it doubles on each retry.
    pub backoff: Duration,
    /// No wait is longer than this, whatever a server's `Retry-After` asks.
    pub max_backoff: Duration,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            connect_timeout: Duration::from_secs(15),
            stall_timeout: Duration::from_secs(30),
            retries: 4,
            backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(60),
        }
    }
}

/// What a sync is doing, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncStage {
    Metadata,
    Download,
    Apply,
}

#[derive(Debug, Clone, Serialize)]
pub struct SyncProgressEvent {
    pub stage: SyncStage,
    /// Repository path being fetched (or the collection being applied).
    pub file: String,
    pub collection: Option<String>,
    /// Bytes of this file present so far (including bytes resumed from an earlier attempt).
    pub file_bytes: u64,
    /// The file's signed length, when known.
    pub file_total: Option<u64>,
    /// Bytes received from the network in this sync so far.
    pub downloaded: u64,
}

/// Receives progress; shells draw a bar with it. Called on the syncing thread.
pub trait SyncProgress: Send + Sync {
    fn on_progress(&self, event: &SyncProgressEvent);
}

/// Ignores progress.
pub struct NoProgress;
impl SyncProgress for NoProgress {
    fn on_progress(&self, _: &SyncProgressEvent) {}
}

/// Cancels a running sync from another thread. The sync stops at its next read and leaves the
/// phone's content as it was (downloaded parts stay staged and are resumed next time).
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// A network failure, as `Error::Io` with a kind a shell can act on (`TimedOut`,
/// `ConnectionRefused`, `Interrupted` for a cancelled sync, `Other`).
fn net(kind: io::ErrorKind, msg: impl Into<String>) -> Error {
    Error::Io(io::Error::new(kind, msg.into()))
}

pub fn cancelled() -> Error {
    net(io::ErrorKind::Interrupted, "the update was cancelled")
}

/// The result of one attempt at a request.
enum Attempt<T> {
    Done(T),
    /// Worth trying again (after at least the given wait, if the server asked for one).
    Retry(Error, Option<Duration>),
    Fail(Error),
}

fn unexpected(status: u16, path: &str) -> Error {
    net(io::ErrorKind::Other, format!("unexpected answer {status} for {path}"))
}

/// One conditional request's outcome: an answer, or a client error (4xx) to retry without the
/// validator.
enum ConditionalAnswer {
    Got(Conditional),
    Refused(u16),
}

/// A timestamp fetched with `If-None-Match`.
pub enum Conditional {
    NotModified,
    Fetched { bytes: Vec<u8>, etag: Option<String> },
}

pub struct HttpRepo<'a> {
    client: reqwest::blocking::Client,
    base: String,
    opts: HttpOptions,
    cancel: CancelToken,
    progress: &'a dyn SyncProgress,
    /// Files already fetched this sync (the conditional timestamp), served to the verifier.
    preloaded: HashMap<String, Vec<u8>>,
    /// Body bytes received from the network in this sync.
    pub downloaded: u64,
    /// The server refused the stored timestamp validator (a 4xx to `If-None-Match`), so it was
    /// dropped; the caller forgets it too.
    pub validator_refused: bool,
}

/// A safe description of a response body that should not be there.
fn looks_like_web_page(content_type: Option<&str>, first_bytes: &[u8]) -> bool {
    let html_type = content_type.is_some_and(|t| t.to_ascii_lowercase().starts_with("text/html"));
    let start: Vec<u8> = first_bytes
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take(14)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    html_type || start.starts_with(b"<!doctype html") || start.starts_with(b"<html")
}

fn web_page(path: &str) -> Error {
    VerifyError::malformed(
        path,
        "the server sent a web page instead (a Wi-Fi login page?); sign in to the network and try again",
    )
    .into()
}

/// Seconds (`Retry-After: 120`) or an HTTP date.
fn retry_after(resp: &reqwest::blocking::Response) -> Option<Duration> {
    let value = resp.headers().get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let wait = at.with_timezone(&chrono::Utc) - chrono::Utc::now();
    wait.to_std().ok()
}

fn header(resp: &reqwest::blocking::Response, name: reqwest::header::HeaderName) -> Option<String> {
    resp.headers().get(name)?.to_str().ok().map(str::to_string)
}

/// Turns a failed body read into a clear error: a stall or a cut connection.
fn read_error(path: &str, e: io::Error, stall: Duration) -> Error {
    let timed_out = e.kind() == io::ErrorKind::TimedOut
        || e.get_ref()
            .and_then(|inner| inner.downcast_ref::<reqwest::Error>())
            .is_some_and(|r| r.is_timeout());
    if timed_out {
        net(
            io::ErrorKind::TimedOut,
            format!(
                "the link stalled: no data for {} s while reading {path}",
                stall.as_secs_f32()
            ),
        )
    } else {
        net(
            io::ErrorKind::ConnectionAborted,
            format!("the connection broke while reading {path}: {e}"),
        )
    }
}

impl<'a> HttpRepo<'a> {
    pub fn new(base_url: &str, opts: HttpOptions, cancel: CancelToken, progress: &'a dyn SyncProgress) -> Result<Self> {
        let base = base_url.trim().trim_end_matches('/').to_string();
        let host = base.strip_prefix("http://").or_else(|| base.strip_prefix("https://"));
        let host_ok = host.is_some_and(|h| !h.is_empty() && !h.starts_with('/'));
        if !host_ok || base.contains(char::is_whitespace) {
            return Err(Error::invalid(format!(
                "'{}' is not an http:// or https:// address",
                base_url.chars().take(200).collect::<String>()
            )));
        }
        let client = reqwest::blocking::Client::builder()
            .connect_timeout(opts.connect_timeout)
            .timeout(opts.stall_timeout)
            .redirect(reqwest::redirect::Policy::limited(5))
            .user_agent(concat!("safar/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::invalid(format!("cannot set up HTTP: {e}")))?;
        Ok(HttpRepo {
            client,
            base,
            opts,
            cancel,
            progress,
            preloaded: HashMap::new(),
            downloaded: 0,
            validator_refused: false,
        })
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    pub fn check_cancelled(&self) -> Result<()> {
        if self.cancel.is_cancelled() {
            Err(cancelled())
        } else {
            Ok(())
        }
    }

    /// Makes `fetch(path)` return these bytes instead of asking the server again.
    pub fn preload(&mut self, path: &str, bytes: Vec<u8>) {
        self.preloaded.insert(path.to_string(), bytes);
    }

    fn url(&self, path: &str) -> String {
        format!("{}/{}", self.base, path)
    }

    /// Sends one GET; classifies transport failures and error statuses.
    fn get(
        &self,
        path: &str,
        headers: &[(reqwest::header::HeaderName, String)],
    ) -> Attempt<reqwest::blocking::Response> {
        if self.cancel.is_cancelled() {
            return Attempt::Fail(cancelled());
        }
        let mut req = self.client.get(self.url(path));
        for (name, value) in headers {
            req = req.header(name.clone(), value.as_str());
        }
        let resp = match req.send() {
            Ok(r) => r,
            Err(e) => {
                let (kind, what) = if e.is_timeout() {
                    (io::ErrorKind::TimedOut, "no answer in time")
                } else if e.is_connect() {
                    (io::ErrorKind::ConnectionRefused, "cannot connect")
                } else {
                    (io::ErrorKind::Other, "request failed")
                };
                let host = self.base.clone();
                return Attempt::Retry(net(kind, format!("{what}: {host} ({path}): {e}")), None);
            }
        };
        let status = resp.status().as_u16();
        let conditional = headers
            .iter()
            .any(|(name, _)| name == reqwest::header::IF_NONE_MATCH || name == reqwest::header::IF_RANGE);
        match status {
            200..=299 | 304 | 404 | 410 | 416 => Attempt::Done(resp),
            // The caller drops its validator and asks again without it.
            400..=499 if conditional && status != 429 => Attempt::Done(resp),
            429 | 500..=599 => {
                let wait = retry_after(&resp);
                Attempt::Retry(
                    net(io::ErrorKind::Other, format!("the server answered {status} for {path}")),
                    wait,
                )
            }
            _ => Attempt::Fail(net(
                io::ErrorKind::Other,
                format!("the server answered {status} for {path}"),
            )),
        }
    }

    /// Runs `attempt` until it is done, fails for good, or the retries are used up.
    fn with_retries<T>(&mut self, mut attempt: impl FnMut(&mut Self) -> Attempt<T>) -> Result<T> {
        let mut backoff = self.opts.backoff;
        let mut tries = 0;
        loop {
            match attempt(self) {
                Attempt::Done(v) => return Ok(v),
                Attempt::Fail(e) => return Err(e),
                Attempt::Retry(e, asked) => {
                    if tries >= self.opts.retries || self.cancel.is_cancelled() {
                        return Err(e);
                    }
                    tries += 1;
                    let wait = asked.unwrap_or(backoff).min(self.opts.max_backoff);
                    self.sleep(wait)?;
                    backoff = (backoff * 2).min(self.opts.max_backoff);
                }
            }
        }
    }

    /// Sleeps in small steps so a cancel is noticed promptly.
    fn sleep(&self, total: Duration) -> Result<()> {
        let step = Duration::from_millis(50);
        let mut left = total;
        while !left.is_zero() {
            self.check_cancelled()?;
            let now = left.min(step);
            std::thread::sleep(now);
            left -= now;
        }
        self.check_cancelled()
    }

    fn report(&self, stage: SyncStage, file: &str, collection: Option<&str>, have: u64, total: Option<u64>) {
        self.progress.on_progress(&SyncProgressEvent {
            stage,
            file: file.to_string(),
            collection: collection.map(str::to_string),
            file_bytes: have,
            file_total: total,
            downloaded: self.downloaded,
        });
    }

    /// Reads a whole small body, refusing more than `limit` bytes.
    fn read_capped(&mut self, path: &str, mut resp: reqwest::blocking::Response, limit: u64) -> Attempt<Vec<u8>> {
        if let Some(len) = resp.content_length() {
            if len > limit {
                return Attempt::Fail(
                    VerifyError::TooLarge {
                        file: path.to_string(),
                        limit,
                    }
                    .into(),
                );
            }
        }
        let content_type = header(&resp, reqwest::header::CONTENT_TYPE);
        let mut body = Vec::new();
        let mut buf = [0u8; 16 * 1024];
        loop {
            if self.cancel.is_cancelled() {
                return Attempt::Fail(cancelled());
            }
            let n = match resp.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) => return Attempt::Retry(read_error(path, e, self.opts.stall_timeout), None),
            };
            self.downloaded += n as u64;
            body.extend_from_slice(&buf[..n]);
            if body.len() as u64 > limit {
                return Attempt::Fail(
                    VerifyError::TooLarge {
                        file: path.to_string(),
                        limit,
                    }
                    .into(),
                );
            }
            self.report(SyncStage::Metadata, path, None, body.len() as u64, None);
        }
        if looks_like_web_page(content_type.as_deref(), &body) {
            return Attempt::Fail(web_page(path));
        }
        Attempt::Done(body)
    }

    /// A small file, or `None` if the server does not have it.
    pub fn fetch_small(&mut self, path: &str, limit: u64) -> Result<Option<Vec<u8>>> {
        paths::validate(path)?;
        if let Some(bytes) = self.preloaded.get(path) {
            if bytes.len() as u64 > limit {
                return Err(VerifyError::TooLarge {
                    file: path.to_string(),
                    limit,
                }
                .into());
            }
            return Ok(Some(bytes.clone()));
        }
        self.with_retries(|me| match me.get(path, &[]) {
            Attempt::Done(resp) => match resp.status().as_u16() {
                404 | 410 => Attempt::Done(None),
                200 => match me.read_capped(path, resp, limit) {
                    Attempt::Done(b) => Attempt::Done(Some(b)),
                    Attempt::Retry(e, w) => Attempt::Retry(e, w),
                    Attempt::Fail(e) => Attempt::Fail(e),
                },
                s => Attempt::Fail(net(io::ErrorKind::Other, format!("unexpected answer {s} for {path}"))),
            },
            Attempt::Retry(e, w) => Attempt::Retry(e, w),
            Attempt::Fail(e) => Attempt::Fail(e),
        })
    }

    /// The timestamp, unless it is unchanged since `etag`. A validator the server refuses (any
    /// 4xx) is dropped ([`HttpRepo::validator_refused`]) and the request sent once more without it.
    pub fn fetch_conditional(&mut self, path: &str, limit: u64, etag: Option<&str>) -> Result<Conditional> {
        paths::validate(path)?;
        let etag = bounded_validator(etag.map(str::to_string));
        let first = self.fetch_conditional_once(path, limit, etag.as_deref())?;
        match first {
            ConditionalAnswer::Refused(_) if etag.is_some() => {
                self.validator_refused = true;
                match self.fetch_conditional_once(path, limit, None)? {
                    ConditionalAnswer::Got(answer) => Ok(answer),
                    ConditionalAnswer::Refused(s) => Err(unexpected(s, path)),
                }
            }
            ConditionalAnswer::Refused(s) => Err(unexpected(s, path)),
            ConditionalAnswer::Got(answer) => Ok(answer),
        }
    }

    fn fetch_conditional_once(&mut self, path: &str, limit: u64, etag: Option<&str>) -> Result<ConditionalAnswer> {
        let headers: Vec<_> = etag
            .map(|e| (reqwest::header::IF_NONE_MATCH, e.to_string()))
            .into_iter()
            .collect();
        self.with_retries(|me| match me.get(path, &headers) {
            Attempt::Done(resp) => match resp.status().as_u16() {
                304 => Attempt::Done(ConditionalAnswer::Got(Conditional::NotModified)),
                404 | 410 => Attempt::Fail(VerifyError::Missing { file: path.to_string() }.into()),
                200 => {
                    let etag = bounded_validator(header(&resp, reqwest::header::ETAG));
                    match me.read_capped(path, resp, limit) {
                        Attempt::Done(bytes) => {
                            Attempt::Done(ConditionalAnswer::Got(Conditional::Fetched { bytes, etag }))
                        }
                        Attempt::Retry(e, w) => Attempt::Retry(e, w),
                        Attempt::Fail(e) => Attempt::Fail(e),
                    }
                }
                s @ 400..=499 => Attempt::Done(ConditionalAnswer::Refused(s)),
                s => Attempt::Fail(unexpected(s, path)),
            },
            Attempt::Retry(e, w) => Attempt::Retry(e, w),
            Attempt::Fail(e) => Attempt::Fail(e),
        })
    }

    /// Downloads a file pinned by a signed parent into `staging`, resuming an earlier partial
    /// download, and returns the path of the complete, hash-checked file. Files are content
    /// addressed, so a complete file from an earlier attempt is reused without a request.
    ///
    /// A full volume (ENOSPC) deletes the partial file — resuming it would need the room it
    /// lacks — and fails with [`Error::StorageFull`]; the caller works out how much to free.
    pub fn download(&mut self, file: &FileRef, collection: Option<&str>, staging: &Path) -> Result<PathBuf> {
        let result = self.download_resumable(file, collection, staging);
        match result {
            Err(e) if crate::store::volume::is_storage_full(&e) => {
                let _ = std::fs::remove_file(staging.join(format!("{}.part", file.sha256)));
                let _ = std::fs::remove_file(staging.join(format!("{}.validator", file.sha256)));
                Err(Error::StorageFull {
                    needed_bytes: file.length,
                })
            }
            other => other,
        }
    }

    fn download_resumable(&mut self, file: &FileRef, collection: Option<&str>, staging: &Path) -> Result<PathBuf> {
        paths::validate(&file.path)?;
        if !paths::is_sha256_hex(&file.sha256) {
            return Err(VerifyError::malformed(&file.path, "its signed hash is not a SHA-256").into());
        }
        std::fs::create_dir_all(staging)?;
        let done = staging.join(&file.sha256);
        if done.is_file() {
            if file_matches(&done, file)? {
                return Ok(done);
            }
            std::fs::remove_file(&done)?;
        }
        let part = staging.join(format!("{}.part", file.sha256));
        let validator_path = staging.join(format!("{}.validator", file.sha256));
        self.with_retries(|me| me.download_attempt(file, collection, &part, &validator_path))?;
        // The whole file is here: check it before anything else sees it.
        if !file_matches(&part, file)? {
            let _ = std::fs::remove_file(&part);
            let _ = std::fs::remove_file(&validator_path);
            return Err(VerifyError::HashMismatch {
                file: file.path.clone(),
            }
            .into());
        }
        std::fs::rename(&part, &done)?;
        let _ = std::fs::remove_file(&validator_path);
        Ok(done)
    }

    fn download_attempt(
        &mut self,
        file: &FileRef,
        collection: Option<&str>,
        part: &Path,
        validator_path: &Path,
    ) -> Attempt<()> {
        let path = file.path.as_str();
        let io_fail = |e: io::Error| Attempt::Fail(Error::Io(e));
        let mut out = match OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(part)
        {
            Ok(f) => f,
            Err(e) => return io_fail(e),
        };
        let mut have = match out.metadata() {
            Ok(m) => m.len(),
            Err(e) => return io_fail(e),
        };
        if have > file.length {
            have = 0;
        }
        if have == file.length && file.length > 0 {
            return Attempt::Done(());
        }
        let validator = bounded_validator(std::fs::read_to_string(validator_path).ok());
        let mut headers = Vec::new();
        let mut validator_sent = None;
        if have > 0 {
            headers.push((reqwest::header::RANGE, format!("bytes={have}-")));
            if let Some(v) = &validator {
                headers.push((reqwest::header::IF_RANGE, v.clone()));
                validator_sent = Some(v);
            }
        }
        let mut resp = match self.get(path, &headers) {
            Attempt::Done(r) => r,
            Attempt::Retry(e, w) => return Attempt::Retry(e, w),
            Attempt::Fail(e) => return Attempt::Fail(e),
        };
        let length_mismatch = |actual: u64| -> Attempt<()> {
            Attempt::Fail(
                VerifyError::LengthMismatch {
                    file: path.to_string(),
                    expected: file.length,
                    actual,
                }
                .into(),
            )
        };
        let start = match resp.status().as_u16() {
            206 => match content_range(&resp) {
                // The server's copy is not the signed file (mix-and-match, or a wrong file).
                Some((_, total)) if total != file.length => return length_mismatch(total),
                Some((s, _)) if s == have => have,
                // A range we did not ask for: start over rather than splice wrong bytes.
                _ => {
                    let _ = std::fs::remove_file(validator_path);
                    if let Err(e) = out.set_len(0) {
                        return io_fail(e);
                    }
                    return Attempt::Retry(
                        net(
                            io::ErrorKind::Other,
                            format!("the server sent the wrong range of {path}"),
                        ),
                        Some(Duration::ZERO),
                    );
                }
            },
            // The server ignored the range (or the file changed): take the whole body from byte 0.
            200 => match resp.content_length() {
                Some(len) if len != file.length => return length_mismatch(len),
                _ => 0,
            },
            416 => {
                if let Err(e) = out.set_len(0) {
                    return io_fail(e);
                }
                return Attempt::Retry(
                    net(io::ErrorKind::Other, format!("the server refused to resume {path}")),
                    Some(Duration::ZERO),
                );
            }
            404 | 410 => return Attempt::Fail(VerifyError::Missing { file: path.to_string() }.into()),
            // The server refused our If-Range validator: forget it and resume without it (the
            // file is content addressed and hash-checked, so a plain Range is safe).
            400..=499 if validator_sent.is_some() => {
                let _ = std::fs::remove_file(validator_path);
                return Attempt::Retry(
                    net(io::ErrorKind::Other, format!("the server refused to resume {path}")),
                    Some(Duration::ZERO),
                );
            }
            s => return Attempt::Fail(unexpected(s, path)),
        };
        if resp.content_length().is_some_and(|len| len > file.length - start) {
            return length_mismatch(start + resp.content_length().unwrap_or(0));
        }
        let content_type = header(&resp, reqwest::header::CONTENT_TYPE);
        if content_type
            .as_deref()
            .is_some_and(|t| t.to_ascii_lowercase().starts_with("text/html"))
        {
            return Attempt::Fail(web_page(path));
        }
        // Remember what identifies this version of the file, for If-Range next time.
        let new_validator = bounded_validator(header(&resp, reqwest::header::ETAG).filter(|e| !e.starts_with("W/")))
            .or_else(|| bounded_validator(header(&resp, reqwest::header::LAST_MODIFIED)));
        if start == 0 {
            if let Err(e) = out.set_len(0) {
                return io_fail(e);
            }
        }
        match &new_validator {
            Some(v) => {
                if let Err(e) = std::fs::write(validator_path, v) {
                    return io_fail(e);
                }
            }
            None => {
                let _ = std::fs::remove_file(validator_path);
            }
        }
        if let Err(e) = out.seek(SeekFrom::Start(start)) {
            return io_fail(e);
        }
        let mut written = start;
        let mut buf = vec![0u8; 32 * 1024];
        loop {
            if self.cancel.is_cancelled() {
                let _ = out.sync_data();
                return Attempt::Fail(cancelled());
            }
            let n = match resp.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) => {
                    // Keep what arrived: the retry resumes after it.
                    let _ = out.sync_data();
                    return Attempt::Retry(read_error(path, e, self.opts.stall_timeout), None);
                }
            };
            self.downloaded += n as u64;
            if written + n as u64 > file.length {
                let _ = out.set_len(0);
                return Attempt::Fail(
                    VerifyError::TooLarge {
                        file: path.to_string(),
                        limit: file.length,
                    }
                    .into(),
                );
            }
            if written == 0 && looks_like_web_page(content_type.as_deref(), &buf[..n]) {
                let _ = out.set_len(0);
                return Attempt::Fail(web_page(path));
            }
            if let Err(e) = out.write_all(&buf[..n]) {
                return io_fail(e);
            }
            written += n as u64;
            self.report(SyncStage::Download, path, collection, written, Some(file.length));
        }
        if let Err(e) = out.sync_data() {
            return io_fail(e);
        }
        if written < file.length {
            return Attempt::Retry(
                net(
                    io::ErrorKind::UnexpectedEof,
                    format!(
                        "the connection closed after {written} of {} bytes of {path}",
                        file.length
                    ),
                ),
                None,
            );
        }
        Attempt::Done(())
    }
}

/// `Content-Range: bytes 100-199/200` → (100, 200).
fn content_range(resp: &reqwest::blocking::Response) -> Option<(u64, u64)> {
    let v = header(resp, reqwest::header::CONTENT_RANGE)?;
    let range = v.trim().strip_prefix("bytes ")?;
    let (span, total) = range.split_once('/')?;
    let start = span.split('-').next()?.trim().parse().ok()?;
    Some((start, total.trim().parse().ok()?))
}

/// Whether a file on disk has exactly the signed length and hash (streamed).
pub fn file_matches(path: &Path, file: &FileRef) -> Result<bool> {
    let mut f = File::open(path)?;
    if f.metadata()?.len() != file.length {
        return Ok(false);
    }
    let mut hash = Sha256Stream::default();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hash.update(&buf[..n]);
    }
    Ok(hash.finish_hex() == file.sha256)
}

impl RepoSource for HttpRepo<'_> {
    fn fetch(&mut self, path: &str, limit: u64) -> Result<Option<Vec<u8>>> {
        self.fetch_small(path, limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_pages_are_recognised() {
        assert!(looks_like_web_page(Some("text/html; charset=utf-8"), b"{}"));
        assert!(looks_like_web_page(None, b"\n  <!DOCTYPE html><html>"));
        assert!(looks_like_web_page(None, b"<HTML><body>login</body>"));
        assert!(!looks_like_web_page(Some("application/json"), b"{\"type\":1}"));
    }

    #[test]
    fn only_http_addresses_are_accepted() {
        let p = NoProgress;
        assert!(HttpRepo::new("ftp://x/y", HttpOptions::default(), CancelToken::new(), &p).is_err());
        assert!(HttpRepo::new("repo", HttpOptions::default(), CancelToken::new(), &p).is_err());
        assert!(HttpRepo::new("http:///x", HttpOptions::default(), CancelToken::new(), &p).is_err());
        assert!(HttpRepo::new("http://a", HttpOptions::default(), CancelToken::new(), &p).is_ok());
        assert!(HttpRepo::new(
            "http://127.0.0.1:1/repo/",
            HttpOptions::default(),
            CancelToken::new(),
            &p
        )
        .is_ok());
    }
}
