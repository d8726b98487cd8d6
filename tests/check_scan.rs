//! `check --scan`: the full scope scan of the real binary against its own demo API, for the
//! happy-path, limited-scope and neo tokens. The `scan` array and the least-privilege
//! `scopes` are compared as whole JSON objects with the expected tables written out in
//! `tests/data/scan-<token id>.json` (reviewed by hand: every endpoint allowed but the one
//! needing a typed number; 403 "scope missing" for everything but account and users with
//! the limited token; the classic-only endpoints refused on neo and what needs their ids
//! skipped). The Retry-After and concurrency rules are checked against loopback servers.

use std::collections::BTreeMap;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use secrecy::SecretString;
use serde_json::Value;
use sipgate_inspect::api::{ApiClient, BaseUrl, Credentials};
use sipgate_inspect::scan::{MAX_IN_FLIGHT, Outcome, ScanContext, ScanEvent, run_scan};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;

const BIN: &str = env!("CARGO_BIN_EXE_sipgate-inspect");

fn scan_json(token_id: &str) -> Value {
    let output = Command::new(BIN)
        .args(["check", "--demo", "--scan", "--json"])
        .env_clear()
        .env("SIPGATE_TOKEN_ID", token_id)
        .output()
        .expect("the binary runs");
    let report: Value = serde_json::from_slice(&output.stdout).expect("one JSON object");
    serde_json::json!({ "scan": report["scan"], "scopes": report["scopes"] })
}

fn expected(token_id: &str) -> Value {
    let path = format!(
        "{}/tests/data/scan-{token_id}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("expected table")).expect("JSON")
}

#[test]
fn happy_limited_and_neo_tokens_give_the_expected_full_tables() {
    for token_id in ["token-DEMO01", "token-LIMITD", "token-NEOPBX"] {
        assert_eq!(scan_json(token_id), expected(token_id), "{token_id}");
    }
}

#[test]
fn each_row_has_exactly_the_documented_keys() {
    let table = scan_json("token-LIMITD");
    let rows = table["scan"].as_array().expect("an array");
    assert_eq!(rows.len(), 68);
    for row in rows {
        let keys: Vec<&str> = row
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["endpoint", "scope", "status", "outcome", "cause"]);
    }
    assert_eq!(
        rows[2],
        serde_json::json!({"endpoint": "/balance", "scope": "balance:read", "status": 403,
            "outcome": "denied", "cause": "scope missing"})
    );
}

#[test]
fn without_scan_there_is_no_scan_key() {
    let output = Command::new(BIN)
        .args(["check", "--demo", "--json"])
        .env_clear()
        .output()
        .expect("the binary runs");
    let report: Value = serde_json::from_slice(&output.stdout).expect("one JSON object");
    assert!(report.get("scan").is_none());
}

/// A loopback API: every answer after `delay`; the first request to `/v2/balance` gets 429
/// with `Retry-After: 1`. Counts the most requests open at once, and every request line.
async fn counting_server(
    delay: Duration,
) -> (String, Arc<AtomicUsize>, Arc<std::sync::Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}/v2", listener.local_addr().expect("addr"));
    let open = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let lines = Arc::new(std::sync::Mutex::new(Vec::new()));
    let (most_out, lines_out) = (most.clone(), lines.clone());
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let (open, most, lines) = (open.clone(), most.clone(), lines.clone());
            tokio::spawn(async move {
                let mut buf = vec![0; 4096];
                let n = stream.read(&mut buf).await.unwrap_or(0);
                let line = String::from_utf8_lossy(&buf[..n])
                    .lines()
                    .next()
                    .unwrap_or("")
                    .to_owned();
                let now = open.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                let first_balance = {
                    let mut lines = lines.lock().expect("lock");
                    let first = line.starts_with("GET /v2/balance ") && !lines.contains(&line);
                    lines.push(line.clone());
                    first
                };
                tokio::time::sleep(delay).await;
                open.fetch_sub(1, Ordering::SeqCst);
                let head = if first_balance {
                    "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\n"
                } else {
                    "HTTP/1.1 200 OK\r\n"
                };
                let body = if line.starts_with("GET /v2/authorization/userinfo ") {
                    r#"{"sub":"w9"}"#
                } else {
                    r#"{"items":[]}"#
                };
                let response = format!(
                    "{head}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(response.as_bytes()).await;
            });
        }
    });
    (base, most_out, lines_out)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_most_four_at_a_time_and_retry_after_is_waited_for_once() {
    let (base, most, lines) = counting_server(Duration::from_millis(20)).await;
    let client = ApiClient::new(
        BaseUrl::parse(&base, true).expect("base"),
        Duration::from_secs(10),
    )
    .expect("client");
    let credentials = Credentials::personal("token-QX7K2M", SecretString::from("x"));
    let mut waits = Vec::new();
    let mut progress = Vec::new();
    let rows = run_scan(
        &client,
        &credentials,
        &ScanContext::default(),
        BTreeMap::new(),
        |event| match event {
            ScanEvent::Waiting { endpoint, wait } => waits.push((endpoint.to_string(), wait)),
            ScanEvent::Done { done, total, .. } => progress.push((done, total)),
            _ => {}
        },
    )
    .await;
    assert_eq!(rows.len(), 68);
    assert!(
        most.load(Ordering::SeqCst) <= MAX_IN_FLIGHT,
        "{}",
        most.load(Ordering::SeqCst)
    );
    assert_eq!(waits, [("/balance".to_owned(), Duration::from_secs(1))]);
    let lines = lines.lock().expect("lock");
    let balance = lines
        .iter()
        .filter(|l| l.starts_with("GET /v2/balance "))
        .count();
    assert_eq!(balance, 2, "asked once more after waiting");
    let row = rows
        .iter()
        .find(|r| r.endpoint == "/balance")
        .expect("a row");
    assert_eq!((row.status, row.outcome), (Some(200), Outcome::Allowed));
    // The user id from userinfo filled `/{userId}/…`.
    assert!(lines.iter().any(|l| l.starts_with("GET /v2/w9/devices ")));
    // Progress counts up to the total, one step per endpoint.
    assert_eq!(progress.len(), 68);
    assert_eq!(progress.last(), Some(&(68, 68)));
}
