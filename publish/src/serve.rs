//! `safar serve`: the repository folder over HTTP/1.1 — a laptop on the Wi-Fi of a
//! pre-departure session, with no internet — and the endpoint phones send problem reports to
//! ("this number does not answer").
//!
//! Built on hyper (HTTP/1.1 server) and tokio, which reqwest already brings into the build, on
//! one current-thread runtime: a session has tens of phones, and file reads are local.
//!
//! * `GET`/`HEAD` of repository files only: every path must be a repository name
//!   (`safar_core::sync::paths`), so nothing outside the tree (or inside it but not part of the
//!   repository) can be read.
//! * `ETag` + `If-None-Match` (304), `Last-Modified`, `Range` (one range) + `If-Range`,
//!   `Content-Length`; keep-alive. Bodies are streamed from the file in 64 KiB pieces.
//! * `POST /feedback` with `{"reports":[{"id":"<32 hex>", …}]}`: every report not seen before
//!   (by id) is appended as one line `{"received_at":…,"report":…}` to `<reports>/reports.jsonl`;
//!   the answer is `{"stored":N}`.
//! * Bounds: at most [`MAX_CONNECTIONS`] connections at once (more wait to be accepted), request
//!   heads of at most [`MAX_HEAD_BYTES`], feedback bodies of at most [`MAX_FEEDBACK_BYTES`], and
//!   an idle or slow client is dropped after [`IDLE_TIMEOUT`].
//! * Dropping a [`ServerHandle`] shuts down gracefully: no new connections, requests in flight
//!   finish (for up to [`SHUTDOWN_GRACE`]), idle keep-alive connections close.

use crate::PublishError;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use http_body::Frame;
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use safar_core::sync::paths;
use std::collections::HashSet;
use std::fs::File;
use std::future::Future;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::pin::{pin, Pin};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::{watch, Semaphore};

/// Largest feedback request body accepted.
pub const MAX_FEEDBACK_BYTES: usize = 64 * 1024;
/// Largest request head (request line and headers) hyper buffers.
pub const MAX_HEAD_BYTES: usize = 16 * 1024;
/// Connections served at once; further ones wait in the listen queue.
pub const MAX_CONNECTIONS: usize = 256;
/// A client that sends no complete request head for this long is disconnected.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a shutdown waits for requests in flight.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);
/// Bytes read from a file per body frame.
const CHUNK: usize = 64 * 1024;

pub struct ServeOptions {
    pub repo: PathBuf,
    /// Where `reports.jsonl` is written. Must not be inside the served tree.
    pub reports: PathBuf,
    pub feedback_path: String,
    /// Print one line per request on stderr.
    pub log: bool,
}

struct Shared {
    repo: PathBuf,
    reports_file: PathBuf,
    feedback_path: String,
    log: bool,
    /// Ids of reports already stored; the lock also serialises appends.
    seen: Mutex<HashSet<String>>,
}

pub struct Server {
    listener: TcpListener,
    shared: Arc<Shared>,
}

/// A server running on a background thread; dropping it shuts it down gracefully.
pub struct ServerHandle {
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl ServerHandle {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn invalid(msg: impl Into<String>) -> PublishError {
    PublishError::Invalid(msg.into())
}

impl Server {
    /// Checks the folders and binds `addr` (so a busy port is an error here, not later).
    pub fn bind(addr: &str, opts: ServeOptions) -> Result<Server, PublishError> {
        let repo = opts
            .repo
            .canonicalize()
            .map_err(|e| invalid(format!("{}: {e}", opts.repo.display())))?;
        if !repo.join("timestamp.json").is_file() {
            return Err(invalid(format!(
                "{} is not a published repository (no timestamp.json)",
                opts.repo.display()
            )));
        }
        std::fs::create_dir_all(&opts.reports).map_err(|e| PublishError::io(&opts.reports, e))?;
        let reports = opts
            .reports
            .canonicalize()
            .map_err(|e| PublishError::io(&opts.reports, e))?;
        if reports.starts_with(&repo) {
            return Err(invalid(format!(
                "the reports folder {} is inside the served repository; choose another (reports are private)",
                opts.reports.display()
            )));
        }
        if !opts.feedback_path.starts_with('/') || opts.feedback_path.contains(char::is_whitespace) {
            return Err(invalid(format!("'{}' is not a URL path", opts.feedback_path)));
        }
        let reports_file = reports.join("reports.jsonl");
        let seen = load_seen_ids(&reports_file)?;
        let listener = TcpListener::bind(addr).map_err(|e| invalid(format!("cannot listen on {addr}: {e}")))?;
        listener
            .set_nonblocking(true)
            .map_err(|e| invalid(format!("cannot listen on {addr}: {e}")))?;
        Ok(Server {
            listener,
            shared: Arc::new(Shared {
                repo,
                reports_file,
                feedback_path: opts.feedback_path,
                log: opts.log,
                seen: Mutex::new(seen),
            }),
        })
    }

    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until the process ends.
    pub fn run(self) -> Result<(), PublishError> {
        let (_never, stop) = watch::channel(false);
        self.serve_until(stop)
    }

    /// Serves on a background thread (tests, embedding).
    pub fn spawn(self) -> Result<ServerHandle, PublishError> {
        let addr = self.local_addr().map_err(|e| invalid(e.to_string()))?;
        let (stop, stopped) = watch::channel(false);
        let thread = std::thread::Builder::new()
            .name("safar-serve".into())
            .spawn(move || {
                if let Err(e) = self.serve_until(stopped) {
                    eprintln!("safar serve: {e}");
                }
            })
            .map_err(|e| invalid(format!("cannot start the server thread: {e}")))?;
        Ok(ServerHandle {
            addr,
            stop,
            thread: Some(thread),
        })
    }

    fn serve_until(self, stop: watch::Receiver<bool>) -> Result<(), PublishError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| invalid(format!("cannot start the server: {e}")))?;
        runtime.block_on(accept_loop(self.listener, self.shared, stop))
    }
}

/// Resolves when `stop` says so (or its sender is gone for good with `true` sent).
async fn stopped(mut stop: watch::Receiver<bool>) {
    while !*stop.borrow_and_update() {
        if stop.changed().await.is_err() {
            // The sender is gone without asking to stop (`run`): serve for ever.
            std::future::pending::<()>().await;
        }
    }
}

/// Polls `work` until it finishes or `stop` resolves first (then `None`).
async fn unless<T>(work: impl Future<Output = T>, stop: &mut Pin<&mut impl Future<Output = ()>>) -> Option<T> {
    let mut work = pin!(work);
    std::future::poll_fn(|cx| {
        if stop.as_mut().poll(cx).is_ready() {
            return Poll::Ready(None);
        }
        work.as_mut().poll(cx).map(Some)
    })
    .await
}

async fn accept_loop(
    listener: TcpListener,
    shared: Arc<Shared>,
    stop: watch::Receiver<bool>,
) -> Result<(), PublishError> {
    let listener = tokio::net::TcpListener::from_std(listener).map_err(|e| invalid(format!("cannot listen: {e}")))?;
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut connections = tokio::task::JoinSet::new();
    let mut stopping = pin!(stopped(stop.clone()));
    loop {
        // Wait for a free slot first: beyond the bound, clients wait in the kernel's queue.
        let Some(Ok(slot)) = unless(slots.clone().acquire_owned(), &mut stopping).await else {
            break;
        };
        let Some(accepted) = unless(listener.accept(), &mut stopping).await else {
            break;
        };
        let Ok((stream, peer)) = accepted else {
            continue; // e.g. the client reset before we accepted
        };
        let shared = shared.clone();
        let stop = stop.clone();
        connections.spawn(async move {
            serve_connection(stream, peer, shared, stop).await;
            drop(slot);
        });
        // Reap finished connections so the set does not grow.
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    let all_done = async { while connections.join_next().await.is_some() {} };
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, all_done).await;
    Ok(())
}

async fn serve_connection(
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    shared: Arc<Shared>,
    stop: watch::Receiver<bool>,
) {
    let service = hyper::service::service_fn(move |req: Request<Incoming>| {
        let shared = shared.clone();
        async move { Ok::<_, std::convert::Infallible>(handle(req, peer, &shared).await) }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(IDLE_TIMEOUT)
        .max_buf_size(MAX_HEAD_BYTES)
        .keep_alive(true);
    let conn = builder.serve_connection(TokioIo::new(stream), service);
    let mut conn = pin!(conn);
    let mut stopping = pin!(stopped(stop));
    let mut asked = false;
    let _ = std::future::poll_fn(|cx: &mut Context<'_>| {
        if !asked && stopping.as_mut().poll(cx).is_ready() {
            // Finish the request in flight, then close; an idle connection closes now.
            conn.as_mut().graceful_shutdown();
            asked = true;
        }
        conn.as_mut().poll(cx)
    })
    .await;
}

async fn handle(req: Request<Incoming>, peer: SocketAddr, shared: &Shared) -> Response<ServeBody> {
    let method = req.method().clone();
    let target: String = req.uri().to_string().chars().take(200).collect();
    let path = req.uri().path().to_string();
    let response = match method {
        Method::GET | Method::HEAD => serve_file(&req, &path, shared),
        Method::POST if path == shared.feedback_path => feedback(req, shared).await,
        _ => simple(StatusCode::METHOD_NOT_ALLOWED, "text/plain", "method not allowed\n"),
    };
    if shared.log {
        let sent = response.body().len();
        eprintln!("{} {method} {target} {} {sent}", peer.ip(), response.status().as_u16());
    }
    response
}

/// A response body: a small buffer, or a byte range of a file read as the client takes it.
pub enum ServeBody {
    Bytes(Option<Bytes>),
    File { file: File, remaining: u64 },
}

impl ServeBody {
    fn empty() -> ServeBody {
        ServeBody::Bytes(None)
    }
    fn text(s: impl Into<Bytes>) -> ServeBody {
        ServeBody::Bytes(Some(s.into()))
    }
    /// Body bytes still to send (for the log line).
    fn len(&self) -> u64 {
        match self {
            ServeBody::Bytes(b) => b.as_ref().map_or(0, |b| b.len() as u64),
            ServeBody::File { remaining, .. } => *remaining,
        }
    }
}

impl http_body::Body for ServeBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        match self.get_mut() {
            ServeBody::Bytes(b) => Poll::Ready(b.take().map(|b| Ok(Frame::data(b)))),
            ServeBody::File { file, remaining } => {
                if *remaining == 0 {
                    return Poll::Ready(None);
                }
                // A local read of at most 64 KiB: short enough to do on the runtime's thread.
                let mut buf = vec![0u8; (*remaining).min(CHUNK as u64) as usize];
                match file.read(&mut buf) {
                    Ok(0) => Poll::Ready(Some(Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "the file shrank while it was being sent",
                    )))),
                    Ok(n) => {
                        buf.truncate(n);
                        *remaining -= n as u64;
                        Poll::Ready(Some(Ok(Frame::data(Bytes::from(buf)))))
                    }
                    Err(e) => Poll::Ready(Some(Err(e))),
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.len() == 0
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.len())
    }
}

fn simple(status: StatusCode, content_type: &'static str, body: impl Into<Bytes>) -> Response<ServeBody> {
    let body = body.into();
    let mut r = Response::new(ServeBody::text(body));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

fn load_seen_ids(file: &Path) -> Result<HashSet<String>, PublishError> {
    let mut seen = HashSet::new();
    let Ok(f) = File::open(file) else {
        return Ok(seen);
    };
    for line in BufReader::new(f).lines() {
        let line = line.map_err(|e| PublishError::io(file, e))?;
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) {
            if let Some(id) = v.pointer("/report/id").and_then(|i| i.as_str()) {
                seen.insert(id.to_ascii_lowercase());
            }
        }
    }
    Ok(seen)
}

fn http_date(t: DateTime<Utc>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

fn content_type(path: &str) -> &'static str {
    if path.ends_with(".json") {
        "application/json"
    } else if path.ends_with(".minisig") {
        "text/plain; charset=utf-8"
    } else {
        "application/octet-stream"
    }
}

fn cache_control(path: &str) -> &'static str {
    if path.starts_with("objects/") || path.starts_with("attachments/") {
        "public, max-age=31536000, immutable"
    } else if path.starts_with("timestamp.json") {
        "no-cache"
    } else {
        "public, max-age=300"
    }
}

/// One `bytes=` range of a file of `len` bytes → (start, end inclusive); `Err` if unsatisfiable;
/// `Ok(None)` if the header is not a single byte range (then the whole file is sent).
fn parse_range(header: &str, len: u64) -> Result<Option<(u64, u64)>, ()> {
    let Some(spec) = header.trim().strip_prefix("bytes=") else {
        return Ok(None);
    };
    if spec.contains(',') {
        return Ok(None);
    }
    let Some((a, b)) = spec.split_once('-') else {
        return Ok(None);
    };
    let (a, b) = (a.trim(), b.trim());
    let range = if a.is_empty() {
        let Ok(suffix) = b.parse::<u64>() else { return Ok(None) };
        if suffix == 0 || len == 0 {
            return Err(());
        }
        (len.saturating_sub(suffix), len - 1)
    } else {
        let Ok(start) = a.parse::<u64>() else { return Ok(None) };
        let end = if b.is_empty() {
            len.saturating_sub(1)
        } else {
            match b.parse::<u64>() {
                Ok(e) => e.min(len.saturating_sub(1)),
                Err(_) => return Ok(None),
            }
        };
        if start >= len || end < start {
            return Err(());
        }
        (start, end)
    };
    Ok(Some(range))
}

fn serve_file(req: &Request<Incoming>, path: &str, shared: &Shared) -> Response<ServeBody> {
    let name = path.strip_prefix('/').unwrap_or("");
    // Only repository names are served: no `..`, no percent-encoding tricks, no other files.
    let file = if paths::validate(name).is_ok() {
        File::open(shared.repo.join(name))
            .ok()
            .and_then(|f| f.metadata().ok().filter(|m| m.is_file()).map(|m| (f, m)))
    } else {
        None
    };
    let Some((mut file, meta)) = file else {
        return simple(StatusCode::NOT_FOUND, "text/plain", "not found\n");
    };
    let len = meta.len();
    let modified: DateTime<Utc> = meta
        .modified()
        .map(DateTime::<Utc>::from)
        .unwrap_or_else(|_| Utc::now());
    // Nanoseconds: a timestamp re-signed within the same second must still get a new ETag.
    let etag = format!(
        "\"{:x}-{:x}\"",
        modified.timestamp_nanos_opt().unwrap_or(modified.timestamp()),
        len
    );
    let last_modified = http_date(modified);
    let header_str = |name: header::HeaderName| req.headers().get(name).and_then(|v| v.to_str().ok());

    let mut response = Response::new(ServeBody::empty());
    {
        let h = response.headers_mut();
        let value = |s: &str| HeaderValue::from_str(s).unwrap_or(HeaderValue::from_static(""));
        h.insert(header::ETAG, value(&etag));
        h.insert(header::LAST_MODIFIED, value(&last_modified));
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache_control(name)));
        h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    }
    if let Some(inm) = header_str(header::IF_NONE_MATCH) {
        if inm.split(',').any(|t| t.trim() == etag || t.trim() == "*") {
            *response.status_mut() = StatusCode::NOT_MODIFIED;
            return response;
        }
    }
    let range_allowed = match header_str(header::IF_RANGE) {
        None => true,
        Some(v) => v == etag || v == last_modified,
    };
    let range = match header_str(header::RANGE).filter(|_| range_allowed) {
        Some(r) => parse_range(r, len),
        None => Ok(None),
    };
    let (status, start, count) = match range {
        Err(()) => {
            *response.status_mut() = StatusCode::RANGE_NOT_SATISFIABLE;
            response.headers_mut().insert(
                header::CONTENT_RANGE,
                HeaderValue::from_str(&format!("bytes */{len}")).unwrap_or(HeaderValue::from_static("")),
            );
            response
                .headers_mut()
                .insert(header::CONTENT_LENGTH, HeaderValue::from(0u64));
            return response;
        }
        Ok(Some((start, end))) => {
            response.headers_mut().insert(
                header::CONTENT_RANGE,
                HeaderValue::from_str(&format!("bytes {start}-{end}/{len}")).unwrap_or(HeaderValue::from_static("")),
            );
            (StatusCode::PARTIAL_CONTENT, start, end - start + 1)
        }
        Ok(None) => (StatusCode::OK, 0, len),
    };
    *response.status_mut() = status;
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(name)));
    // Set explicitly so HEAD answers carry the length of what GET would send.
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(count));
    if req.method() == Method::HEAD {
        return response;
    }
    if file.seek(SeekFrom::Start(start)).is_err() {
        return simple(
            StatusCode::INTERNAL_SERVER_ERROR,
            "text/plain",
            "cannot read the file\n",
        );
    }
    *response.body_mut() = ServeBody::File { file, remaining: count };
    response
}

fn json_answer(status: StatusCode, body: serde_json::Value) -> Response<ServeBody> {
    simple(status, "application/json", format!("{body}\n"))
}

/// The answer to a body that is refused unread: close the connection rather than drain it.
fn refuse_and_close(status: StatusCode, why: String) -> Response<ServeBody> {
    let mut r = json_answer(status, serde_json::json!({ "error": why }));
    r.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    r
}

fn is_report_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `POST /feedback`: stores each report not seen before, once.
async fn feedback(req: Request<Incoming>, shared: &Shared) -> Response<ServeBody> {
    let too_big = || {
        refuse_and_close(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("at most {MAX_FEEDBACK_BYTES} bytes per request"),
        )
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_FEEDBACK_BYTES as u64) {
        return too_big();
    }
    let body = match Limited::new(req.into_body(), MAX_FEEDBACK_BYTES).collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => return too_big(),
        Err(_) => {
            return refuse_and_close(StatusCode::BAD_REQUEST, "the request body was cut off".into());
        }
    };
    let parsed: Result<Vec<serde_json::Value>, String> = serde_json::from_slice::<serde_json::Value>(&body)
        .map_err(|e| format!("not JSON: {e}"))
        .and_then(|v| match v.get("reports").and_then(|r| r.as_array()) {
            Some(list) => Ok(list.clone()),
            None => Err("expected {\"reports\": [...]}".to_string()),
        })
        .and_then(|list| {
            for r in &list {
                let ok = r.get("id").and_then(|i| i.as_str()).is_some_and(is_report_id);
                if !ok {
                    return Err("every report needs an \"id\" of 32 hex digits".to_string());
                }
            }
            Ok(list)
        });
    let reports = match parsed {
        Ok(r) => r,
        Err(why) => return json_answer(StatusCode::BAD_REQUEST, serde_json::json!({ "error": why })),
    };
    match store_reports(shared, reports) {
        Ok(stored) => json_answer(StatusCode::OK, serde_json::json!({ "stored": stored })),
        Err(e) => {
            eprintln!(
                "safar serve: cannot store reports in {}: {e}",
                shared.reports_file.display()
            );
            json_answer(
                StatusCode::INTERNAL_SERVER_ERROR,
                serde_json::json!({ "error": "the reports could not be stored; send them again later" }),
            )
        }
    }
}

/// Appends the reports not seen before to `reports.jsonl` (synced to disk); returns how many.
fn store_reports(shared: &Shared, reports: Vec<serde_json::Value>) -> io::Result<u64> {
    let mut seen = shared.seen.lock().unwrap_or_else(|p| p.into_inner());
    let mut lines = String::new();
    let mut new_ids = HashSet::new();
    let now = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    for report in reports {
        let id = report["id"].as_str().unwrap_or_default().to_ascii_lowercase();
        if seen.contains(&id) || new_ids.contains(&id) {
            continue;
        }
        let line = serde_json::json!({ "received_at": now, "report": report });
        lines.push_str(&line.to_string());
        lines.push('\n');
        new_ids.insert(id);
    }
    let stored = new_ids.len() as u64;
    if !lines.is_empty() {
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&shared.reports_file)?;
        f.write_all(lines.as_bytes())?;
        f.sync_data()?;
        // Only what reached the file counts as seen.
        seen.extend(new_ids);
    }
    Ok(stored)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_parse_like_rfc_9110() {
        assert_eq!(parse_range("bytes=0-9", 100), Ok(Some((0, 9))));
        assert_eq!(parse_range("bytes=90-", 100), Ok(Some((90, 99))));
        assert_eq!(parse_range("bytes=-10", 100), Ok(Some((90, 99))));
        assert_eq!(parse_range("bytes=50-500", 100), Ok(Some((50, 99))));
        assert_eq!(parse_range("bytes=100-", 100), Err(()));
        assert_eq!(parse_range("bytes=0-1,5-6", 100), Ok(None));
        assert_eq!(parse_range("items=0-1", 100), Ok(None));
    }
}
