//! `safar serve`: a small static HTTP/1.1 server for a repository folder — a laptop on the
//! Wi-Fi of a pre-departure session, with no internet — and the endpoint phones send feedback
//! reports to ("this number does not answer").
//!
//! * `GET`/`HEAD` of repository files only: every path must be a repository name
//!   (`safar_core::sync::paths`), so nothing outside the tree (or inside it but not part of the
//!   repository) can be read.
//! * `ETag` + `If-None-Match` (304), `Last-Modified`, `Range` (one range) + `If-Range`,
//!   `Content-Length`; keep-alive.
//! * `POST /feedback` with `{"reports":[{"id":"<32 hex>", …}]}`: every report not seen before
//!   (by id) is appended as one line `{"received_at":…,"report":…}` to `<reports>/reports.jsonl`;
//!   the answer is `{"stored":N}`. Bodies are capped.
//!
//! One thread per connection: a session has tens of phones, not thousands.

use crate::PublishError;
use chrono::{DateTime, Utc};
use safar_core::sync::paths;
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Largest feedback request body accepted.
pub const MAX_FEEDBACK_BYTES: usize = 64 * 1024;
/// Largest request head (request line and headers).
const MAX_HEAD_BYTES: usize = 16 * 1024;
/// An idle keep-alive connection is closed after this.
const IDLE_TIMEOUT: Duration = Duration::from_secs(30);

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

/// A server running on a background thread; dropping it stops accepting connections.
pub struct ServerHandle {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
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
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn invalid(msg: impl Into<String>) -> PublishError {
    PublishError::Invalid(msg.into())
}

impl Server {
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
        let never = Arc::new(AtomicBool::new(false));
        self.accept_loop(&never);
        Ok(())
    }

    /// Serves on a background thread (tests, embedding).
    pub fn spawn(self) -> Result<ServerHandle, PublishError> {
        let addr = self.local_addr().map_err(|e| invalid(e.to_string()))?;
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || self.accept_loop(&flag));
        Ok(ServerHandle {
            addr,
            stop,
            thread: Some(thread),
        })
    }

    fn accept_loop(&self, stop: &AtomicBool) {
        for conn in self.listener.incoming() {
            if stop.load(Ordering::SeqCst) {
                break;
            }
            let Ok(stream) = conn else { continue };
            let shared = self.shared.clone();
            std::thread::spawn(move || {
                let _ = handle_connection(stream, &shared);
            });
        }
    }
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

struct Request {
    method: String,
    target: String,
    http10: bool,
    headers: HashMap<String, String>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
    fn keep_alive(&self) -> bool {
        let conn = self.header("connection").unwrap_or("").to_ascii_lowercase();
        if self.http10 {
            conn.contains("keep-alive")
        } else {
            !conn.contains("close")
        }
    }
}

/// Reads one request head; `None` when the client closed the connection or went idle.
fn read_head(reader: &mut BufReader<TcpStream>) -> io::Result<Option<Request>> {
    let mut head = Vec::new();
    loop {
        let mut line = Vec::new();
        let n = reader
            .by_ref()
            .take(MAX_HEAD_BYTES as u64)
            .read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(None);
        }
        if line == b"\r\n" || line == b"\n" {
            if head.is_empty() {
                continue; // stray blank line between requests
            }
            break;
        }
        head.push(line);
        if head.iter().map(Vec::len).sum::<usize>() > MAX_HEAD_BYTES {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "request head too large"));
        }
    }
    let text: Vec<String> = head
        .iter()
        .map(|l| String::from_utf8_lossy(l).trim_end().to_string())
        .collect();
    let mut parts = text[0].split(' ');
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "bad request line"));
    };
    let mut headers = HashMap::new();
    for line in &text[1..] {
        if let Some((name, value)) = line.split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
        }
    }
    Ok(Some(Request {
        method: method.to_string(),
        target: target.to_string(),
        http10: version == "HTTP/1.0",
        headers,
    }))
}

fn handle_connection(stream: TcpStream, shared: &Shared) -> io::Result<()> {
    stream.set_read_timeout(Some(IDLE_TIMEOUT))?;
    stream.set_write_timeout(Some(IDLE_TIMEOUT))?;
    let peer = stream.peer_addr().ok();
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    loop {
        let req = match read_head(&mut reader) {
            Ok(Some(r)) => r,
            Ok(None) => return Ok(()),
            Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                respond_simple(&mut writer, 400, "Bad Request", "text/plain", b"bad request\n", false)?;
                return Ok(());
            }
            Err(_) => return Ok(()),
        };
        let keep = req.keep_alive();
        let path = req.target.split('?').next().unwrap_or("").to_string();
        let (status, sent, keep) = match req.method.as_str() {
            "GET" | "HEAD" => {
                let (status, sent) = serve_file(&mut writer, shared, &req, &path, keep)?;
                (status, sent, keep)
            }
            "POST" if path == shared.feedback_path => feedback(&mut reader, &mut writer, shared, &req, keep)?,
            _ => {
                respond_simple(
                    &mut writer,
                    405,
                    "Method Not Allowed",
                    "text/plain",
                    b"method not allowed\n",
                    keep,
                )?;
                (405, 0, keep)
            }
        };
        if shared.log {
            let who = peer.map(|p| p.ip().to_string()).unwrap_or_default();
            eprintln!(
                "{who} {} {} {status} {sent}",
                req.method,
                req.target.chars().take(200).collect::<String>()
            );
        }
        if !keep {
            return Ok(());
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        206 => "Partial Content",
        304 => "Not Modified",
        400 => "Bad Request",
        404 => "Not Found",
        411 => "Length Required",
        413 => "Payload Too Large",
        416 => "Range Not Satisfiable",
        _ => "Error",
    }
}

fn respond_simple(w: &mut TcpStream, status: u16, why: &str, ctype: &str, body: &[u8], keep: bool) -> io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status} {why}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: {}\r\n\r\n",
        body.len(),
        if keep { "keep-alive" } else { "close" }
    );
    w.write_all(head.as_bytes())?;
    w.write_all(body)?;
    w.flush()
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

fn serve_file(w: &mut TcpStream, shared: &Shared, req: &Request, path: &str, keep: bool) -> io::Result<(u16, u64)> {
    let name = path.strip_prefix('/').unwrap_or("");
    // Only repository names are served: no `..`, no percent-encoding tricks, no other files.
    let file = if paths::validate(name).is_ok() {
        File::open(shared.repo.join(name))
            .ok()
            .filter(|f| f.metadata().is_ok_and(|m| m.is_file()))
    } else {
        None
    };
    let Some(mut file) = file else {
        respond_simple(w, 404, "Not Found", "text/plain", b"not found\n", keep)?;
        return Ok((404, 0));
    };
    let meta = file.metadata()?;
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

    let common = |status: u16, extra: &str| {
        format!(
            "HTTP/1.1 {status} {}\r\nETag: {etag}\r\nLast-Modified: {last_modified}\r\nCache-Control: {}\r\nAccept-Ranges: bytes\r\nConnection: {}\r\n{extra}\r\n",
            reason(status),
            cache_control(name),
            if keep { "keep-alive" } else { "close" }
        )
    };
    if let Some(inm) = req.header("if-none-match") {
        if inm.split(',').any(|t| t.trim() == etag || t.trim() == "*") {
            w.write_all(common(304, "").as_bytes())?;
            return Ok((304, 0));
        }
    }
    let range_allowed = match req.header("if-range") {
        None => true,
        Some(v) => v == etag || v == last_modified,
    };
    let range = match req.header("range").filter(|_| range_allowed) {
        Some(r) => parse_range(r, len),
        None => Ok(None),
    };
    let (status, start, count, head) = match range {
        Err(()) => {
            w.write_all(common(416, &format!("Content-Range: bytes */{len}\r\nContent-Length: 0\r\n")).as_bytes())?;
            return Ok((416, 0));
        }
        Ok(Some((start, end))) => {
            let count = end - start + 1;
            let head = common(
                206,
                &format!(
                    "Content-Type: {}\r\nContent-Range: bytes {start}-{end}/{len}\r\nContent-Length: {count}\r\n",
                    content_type(name)
                ),
            );
            (206, start, count, head)
        }
        Ok(None) => {
            let head = common(
                200,
                &format!("Content-Type: {}\r\nContent-Length: {len}\r\n", content_type(name)),
            );
            (200, 0, len, head)
        }
    };
    w.write_all(head.as_bytes())?;
    if req.method == "HEAD" {
        return Ok((status, 0));
    }
    file.seek(SeekFrom::Start(start))?;
    let sent = io::copy(&mut file.take(count), w)?;
    w.flush()?;
    Ok((status, sent))
}

fn json_answer(w: &mut TcpStream, status: u16, body: serde_json::Value, keep: bool) -> io::Result<()> {
    let text = format!("{body}\n");
    respond_simple(w, status, reason(status), "application/json", text.as_bytes(), keep)
}

fn is_report_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `POST /feedback`. Returns (status, bytes stored, keep the connection open).
fn feedback(
    reader: &mut BufReader<TcpStream>,
    w: &mut TcpStream,
    shared: &Shared,
    req: &Request,
    keep: bool,
) -> io::Result<(u16, u64, bool)> {
    let Some(len) = req.header("content-length").and_then(|v| v.parse::<usize>().ok()) else {
        json_answer(
            w,
            411,
            serde_json::json!({"error": "Content-Length is required"}),
            false,
        )?;
        return Ok((411, 0, false));
    };
    if len > MAX_FEEDBACK_BYTES {
        // The body is not read: close the connection rather than drain it.
        json_answer(
            w,
            413,
            serde_json::json!({"error": format!("at most {MAX_FEEDBACK_BYTES} bytes per request")}),
            false,
        )?;
        return Ok((413, 0, false));
    }
    let mut body = vec![0u8; len];
    reader.read_exact(&mut body)?;
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
        Err(why) => {
            json_answer(w, 400, serde_json::json!({ "error": why }), keep)?;
            return Ok((400, 0, keep));
        }
    };
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
    drop(seen);
    json_answer(w, 200, serde_json::json!({ "stored": stored }), keep)?;
    Ok((200, stored, keep))
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
