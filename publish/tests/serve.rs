//! `safar serve` on hyper (issue 13, item 5): the behaviour phones and the fault tests rely on
//! (tests/tests/sync_http.rs covers ETags, ranges and the feedback store end to end), plus the
//! bounds and the shutdown of the rebuilt server, on real sockets on 127.0.0.1.

use safar_publish::serve::{ServeOptions, Server, ServerHandle, MAX_HEAD_BYTES};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

/// A folder that looks like a repository to the server, and a reports folder beside it.
fn start(dir: &Path) -> ServerHandle {
    let repo = dir.join("repo");
    std::fs::create_dir_all(repo.join("manifests")).unwrap();
    std::fs::write(repo.join("timestamp.json"), b"{\"signed\":{}}").unwrap();
    std::fs::write(repo.join("private.txt"), b"not part of a repository").unwrap();
    Server::bind(
        "127.0.0.1:0",
        ServeOptions {
            repo,
            reports: dir.join("reports"),
            feedback_path: "/feedback".into(),
            log: false,
        },
    )
    .unwrap()
    .spawn()
    .unwrap()
}

fn connect(server: &ServerHandle) -> TcpStream {
    let conn = TcpStream::connect(server.addr()).unwrap();
    // Only a guard against a hung test: every answer below comes at once.
    conn.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    conn
}

/// Reads one response (head and `Content-Length` body) from a kept-alive connection; an answer
/// to HEAD has no body whatever its `Content-Length`.
fn read_response(reader: &mut BufReader<TcpStream>, to_head: bool) -> (String, String) {
    let mut head = String::new();
    loop {
        let mut line = String::new();
        assert!(
            reader.read_line(&mut line).unwrap() > 0,
            "connection closed early: {head}"
        );
        if line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let length: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length: ")
                .map(|v| v.trim().parse().unwrap())
        })
        .filter(|_| !to_head)
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    (head, String::from_utf8(body).unwrap())
}

#[test]
fn one_connection_carries_several_requests_and_only_repository_files_are_served() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path());
    let conn = connect(&server);
    let mut writer = conn.try_clone().unwrap();
    let mut reader = BufReader::new(conn);
    for (request, status, body) in [
        ("GET /timestamp.json", "200", "{\"signed\":{}}"),
        ("GET /private.txt", "404", "not found\n"),
        ("GET /../repo/timestamp.json", "404", "not found\n"),
        ("DELETE /timestamp.json", "405", "method not allowed\n"),
        ("HEAD /timestamp.json", "200", ""),
    ] {
        write!(writer, "{request} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let (head, got) = read_response(&mut reader, request.starts_with("HEAD"));
        assert!(head.starts_with(&format!("HTTP/1.1 {status}")), "{request}: {head}");
        assert_eq!(got, body, "{request}");
        if request.starts_with("HEAD") {
            assert!(head.to_ascii_lowercase().contains("content-length: 13"), "{head}");
        }
    }
}

#[test]
fn an_oversized_request_head_is_refused_and_the_connection_closed() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path());
    let mut conn = connect(&server);
    let filler = "a".repeat(MAX_HEAD_BYTES + 1024);
    let _ = write!(
        conn,
        "GET /timestamp.json HTTP/1.1\r\nHost: x\r\nX-Filler: {filler}\r\n\r\n"
    );
    let mut answer = String::new();
    let _ = conn.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");
    // The server is still there for the next client.
    let mut next = connect(&server);
    write!(
        next,
        "GET /timestamp.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut ok = String::new();
    next.read_to_string(&mut ok).unwrap();
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
}

#[test]
fn a_chunked_feedback_post_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path());
    let mut conn = connect(&server);
    let body =
        r#"{"reports":[{"id":"0123456789abcdef0123456789abcdef","kind":"hotline","target":"x","problem":"closed"}]}"#;
    let (a, b) = body.split_at(40);
    write!(
        conn,
        "POST /feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{:x}\r\n{a}\r\n{:x}\r\n{b}\r\n0\r\n\r\n",
        a.len(),
        b.len()
    )
    .unwrap();
    let mut answer = String::new();
    conn.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.ends_with("{\"stored\":1}\n"), "{answer}");
    let stored = std::fs::read_to_string(dir.path().join("reports/reports.jsonl")).unwrap();
    assert_eq!(stored.lines().count(), 1);
}

#[test]
fn dropping_the_handle_closes_idle_connections_and_stops_listening() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path());
    let addr = server.addr();
    let conn = connect(&server);
    let mut writer = conn.try_clone().unwrap();
    let mut reader = BufReader::new(conn);
    write!(writer, "GET /timestamp.json HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let (head, _) = read_response(&mut reader, false);
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");

    drop(server); // returns once the server thread has finished
    let mut rest = Vec::new();
    let closed = reader.read_to_end(&mut rest);
    assert!(
        matches!(closed, Ok(0)) || closed.is_err_and(|e| e.kind() == std::io::ErrorKind::ConnectionReset),
        "the idle keep-alive connection is closed, not left waiting: {rest:?}"
    );
    assert!(TcpStream::connect(addr).is_err(), "nothing listens any more");
}
