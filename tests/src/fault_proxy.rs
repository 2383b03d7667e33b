//! A fault-injecting HTTP proxy on 127.0.0.1, in front of `safar serve` or nginx: it cuts,
//! corrupts, stalls, resets, throttles, floods, or answers in the server's place with a
//! captive-portal page or a 500. Each connection carries one request (`Connection: close` both
//! ways), so faults apply to exactly the request a rule matches.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Close the connection cleanly after this many body bytes.
    Truncate { after: u64 },
    /// Reset the connection (TCP RST) after this many body bytes.
    Reset { after: u64 },
    /// Flip one bit of the body byte at this offset.
    Corrupt { at: u64 },
    /// Send this many body bytes, then nothing more (the connection stays open).
    Stall { after: u64 },
    /// Answer 200 with a Wi-Fi login page, whatever was asked.
    CaptivePortal,
    /// Answer 500, with `Retry-After` if given.
    ServerError { retry_after: Option<u64> },
    /// Answer 200 with no length and zeros until the client hangs up (at most 256 MB).
    Endless,
    /// Pass the response through at this many bytes per second.
    Throttle { bytes_per_sec: u64 },
    /// Drop `Range` and `If-Range` from the request, like a server that does not do ranges.
    IgnoreRange,
    /// Pass the response through with this header set (replaced if the server sent one), as a
    /// man in the middle would: e.g. a 20,000-byte `ETag`.
    SetHeader { name: String, value: String },
    /// Answer 400 to a conditional request (`If-None-Match` or `If-Range`), as servers do to a
    /// validator they cannot parse; other requests pass through.
    RefuseConditional,
}

struct Rule {
    path_contains: String,
    fault: Fault,
    times: Option<u32>,
}

/// One request the proxy handled.
#[derive(Debug, Clone)]
pub struct Seen {
    pub path: String,
    pub range: Option<String>,
    /// The `If-None-Match` the client sent, if any.
    pub if_none_match: Option<String>,
    pub fault: Option<Fault>,
    pub status: u16,
    /// Body bytes sent to the client.
    pub body_bytes: u64,
}

pub struct FaultProxy {
    addr: SocketAddr,
    rules: Arc<Mutex<Vec<Rule>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
    stop: Arc<AtomicBool>,
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
    }
}

const PORTAL: &str =
    "<!DOCTYPE html><html><head><title>Free Wi-Fi</title></head><body><form>Log in to continue</form></body></html>";

fn read_head(stream: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte)? == 0 {
            return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "closed"));
        }
        head.push(byte[0]);
        if head.len() > 64 * 1024 {
            return Err(std::io::Error::other("head too large"));
        }
    }
    Ok(head)
}

/// Rewrites a head: drops `Connection` (and the given headers), adds `Connection: close`.
fn rewrite_head(head: &[u8], drop: &[&str]) -> (String, Vec<u8>) {
    rewrite_head_with(head, drop, None)
}

/// [`rewrite_head`], then adds the header `add` (name, value) if given.
fn rewrite_head_with(head: &[u8], drop: &[&str], add: Option<(&str, &str)>) -> (String, Vec<u8>) {
    let text = String::from_utf8_lossy(head);
    let mut lines = text.split("\r\n").filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("").to_string();
    let mut out = format!("{first}\r\n");
    for line in lines {
        let name = line.split(':').next().unwrap_or("").trim().to_ascii_lowercase();
        if name == "connection" || name == "keep-alive" || drop.contains(&name.as_str()) {
            continue;
        }
        out.push_str(line);
        out.push_str("\r\n");
    }
    if let Some((name, value)) = add {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("Connection: close\r\n\r\n");
    (first, out.into_bytes())
}

fn header_value(head: &[u8], name: &str) -> Option<String> {
    String::from_utf8_lossy(head).split("\r\n").find_map(|l| {
        let (n, v) = l.split_once(':')?;
        n.trim().eq_ignore_ascii_case(name).then(|| v.trim().to_string())
    })
}

impl FaultProxy {
    pub fn start(upstream: SocketAddr) -> FaultProxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind proxy");
        let addr = listener.local_addr().expect("proxy address");
        let proxy = FaultProxy {
            addr,
            rules: Arc::new(Mutex::new(Vec::new())),
            seen: Arc::new(Mutex::new(Vec::new())),
            stop: Arc::new(AtomicBool::new(false)),
        };
        let (rules, seen, stop) = (proxy.rules.clone(), proxy.seen.clone(), proxy.stop.clone());
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(client) = conn else { continue };
                let (rules, seen, stop) = (rules.clone(), seen.clone(), stop.clone());
                std::thread::spawn(move || {
                    let _ = handle(client, upstream, &rules, &seen, &stop);
                });
            }
        });
        proxy
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Applies `fault` to requests whose path contains `path_contains`, `times` times (or always).
    pub fn add(&self, path_contains: &str, fault: Fault, times: Option<u32>) {
        self.rules.lock().unwrap().push(Rule {
            path_contains: path_contains.to_string(),
            fault,
            times,
        });
    }

    pub fn clear(&self) {
        self.rules.lock().unwrap().clear();
        self.seen.lock().unwrap().clear();
    }

    pub fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

fn take_fault(rules: &Mutex<Vec<Rule>>, path: &str) -> Option<Fault> {
    let mut rules = rules.lock().unwrap();
    let rule = rules
        .iter_mut()
        .find(|r| path.contains(&r.path_contains) && r.times != Some(0))?;
    if let Some(t) = rule.times.as_mut() {
        *t -= 1;
    }
    Some(rule.fault.clone())
}

fn handle(
    mut client: TcpStream,
    upstream: SocketAddr,
    rules: &Mutex<Vec<Rule>>,
    seen: &Mutex<Vec<Seen>>,
    stop: &AtomicBool,
) -> std::io::Result<()> {
    let head = read_head(&mut client)?;
    let first = String::from_utf8_lossy(&head)
        .split("\r\n")
        .next()
        .unwrap_or("")
        .to_string();
    let path = first.split(' ').nth(1).unwrap_or("").to_string();
    let range = header_value(&head, "range");
    let fault = take_fault(rules, &path);
    let mut record = Seen {
        path: path.clone(),
        range: range.clone(),
        if_none_match: header_value(&head, "if-none-match"),
        fault: fault.clone(),
        status: 0,
        body_bytes: 0,
    };
    match &fault {
        Some(Fault::CaptivePortal) => {
            let resp = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{PORTAL}",
                PORTAL.len()
            );
            client.write_all(resp.as_bytes())?;
            record.status = 200;
            record.body_bytes = PORTAL.len() as u64;
            seen.lock().unwrap().push(record);
            return Ok(());
        }
        Some(Fault::ServerError { retry_after }) => {
            let extra = retry_after.map(|s| format!("Retry-After: {s}\r\n")).unwrap_or_default();
            let resp = format!(
                "HTTP/1.1 500 Internal Server Error\r\n{extra}Content-Length: 6\r\nConnection: close\r\n\r\noops!\n"
            );
            client.write_all(resp.as_bytes())?;
            record.status = 500;
            seen.lock().unwrap().push(record);
            return Ok(());
        }
        Some(Fault::RefuseConditional)
            if header_value(&head, "if-none-match").is_some() || header_value(&head, "if-range").is_some() =>
        {
            client.write_all(
                b"HTTP/1.1 400 Bad Request\r\nContent-Length: 12\r\nConnection: close\r\n\r\nbad request\n",
            )?;
            record.status = 400;
            seen.lock().unwrap().push(record);
            return Ok(());
        }
        Some(Fault::Endless) => {
            client.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n")?;
            record.status = 200;
            let zeros = vec![b'0'; 64 * 1024];
            while record.body_bytes < 256 * 1024 * 1024 && !stop.load(Ordering::SeqCst) {
                if client.write_all(&zeros).is_err() {
                    break;
                }
                record.body_bytes += zeros.len() as u64;
            }
            seen.lock().unwrap().push(record);
            return Ok(());
        }
        _ => {}
    }
    let drop_headers: &[&str] = if fault == Some(Fault::IgnoreRange) {
        &["range", "if-range"]
    } else {
        &[]
    };
    let (_, request) = rewrite_head(&head, drop_headers);
    let mut server = TcpStream::connect(upstream)?;
    server.write_all(&request)?;
    let response_head = read_head(&mut server)?;
    let (status_line, response) = match &fault {
        Some(Fault::SetHeader { name, value }) => {
            let lower = name.to_ascii_lowercase();
            rewrite_head_with(&response_head, &[lower.as_str()], Some((name, value)))
        }
        _ => rewrite_head(&response_head, &[]),
    };
    record.status = status_line.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    client.write_all(&response)?;

    let mut buf = vec![0u8; 16 * 1024];
    let mut sent = 0u64;
    let result = loop {
        let chunk_limit = match &fault {
            Some(Fault::Throttle { bytes_per_sec }) => ((bytes_per_sec / 10).max(1) as usize).min(buf.len()),
            _ => buf.len(),
        };
        let n = match server.read(&mut buf[..chunk_limit]) {
            Ok(0) => break Ok(()),
            Ok(n) => n,
            Err(e) => break Err(e),
        };
        let mut chunk = buf[..n].to_vec();
        match &fault {
            Some(Fault::Truncate { after }) | Some(Fault::Reset { after }) | Some(Fault::Stall { after })
                if sent + n as u64 >= *after =>
            {
                let keep = (*after - sent) as usize;
                client.write_all(&chunk[..keep])?;
                sent += keep as u64;
                match &fault {
                    Some(Fault::Reset { .. }) => {
                        let _ = socket2::SockRef::from(&client).set_linger(Some(Duration::ZERO));
                    }
                    Some(Fault::Stall { .. }) => {
                        // Hold the connection open without sending, until the client gives up.
                        let mut probe = [0u8; 1];
                        client.set_read_timeout(Some(Duration::from_millis(50)))?;
                        for _ in 0..600 {
                            if stop.load(Ordering::SeqCst) {
                                break;
                            }
                            match client.read(&mut probe) {
                                Ok(0) => break,
                                Err(e)
                                    if e.kind() == std::io::ErrorKind::WouldBlock
                                        || e.kind() == std::io::ErrorKind::TimedOut => {}
                                _ => break,
                            }
                        }
                    }
                    _ => {
                        let _ = client.shutdown(Shutdown::Write);
                    }
                }
                break Ok(());
            }
            Some(Fault::Corrupt { at }) if *at >= sent && *at < sent + n as u64 => {
                chunk[(*at - sent) as usize] ^= 0x01;
            }
            _ => {}
        }
        if client.write_all(&chunk).is_err() {
            break Ok(());
        }
        sent += n as u64;
        if let Some(Fault::Throttle { .. }) = &fault {
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    record.body_bytes = sent;
    seen.lock().unwrap().push(record);
    result
}
