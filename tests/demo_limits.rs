//! The demo server's limits, in-process over raw TCP on 127.0.0.1 with short durations and a
//! small cap: a stalled request head and an idle keep-alive connection are closed, the cap
//! makes room by closing an idle connection and refuses (and logs) when every connection is
//! busy, and the shutdown grace period cuts off a request still running.
//!
//! Nothing here times the server: each test waits (within a generous bound) for something
//! that would never happen without the limit.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use reqwest::StatusCode;
use sipgate_inspect::demo::{self, DEMO_TOKEN, DEMO_TOKEN_ID, DemoServer, Limits};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

/// How long a test waits for what it expects before it fails; far above every limit used.
const PATIENCE: Duration = Duration::from_secs(20);

/// Limits for tests: nothing runs out during a test unless the test sets it short.
fn patient() -> Limits {
    Limits {
        header_timeout: Duration::from_secs(120),
        max_connections: 64,
        shutdown_grace: Duration::from_secs(120),
        accept_backoff: Duration::from_millis(50),
    }
}

/// A server with `limits` and the lines it logs.
async fn start(limits: Limits) -> (DemoServer, Arc<Mutex<Vec<String>>>) {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&lines);
    let server = demo::spawn_with(
        SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        limits,
        move |line: &str| sink.lock().expect("log").push(line.to_owned()),
    )
    .await
    .expect("demo server binds an ephemeral port");
    (server, lines)
}

async fn connect(server: &DemoServer) -> TcpStream {
    TcpStream::connect(server.addr()).await.expect("connect")
}

/// A complete GET of `/v2/account` as `token_id` with the demo token, kept alive.
fn get_account(token_id: &str) -> Vec<u8> {
    let basic = STANDARD.encode(format!("{token_id}:{DEMO_TOKEN}"));
    format!("GET /v2/account HTTP/1.1\r\nHost: demo\r\nAuthorization: Basic {basic}\r\n\r\n")
        .into_bytes()
}

/// Reads one response (head, then a `Content-Length` body) and returns its status line.
async fn read_response(stream: &mut TcpStream) -> String {
    let mut data = Vec::new();
    let mut buf = [0_u8; 4096];
    let head_end = loop {
        if let Some(at) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let n = stream.read(&mut buf).await.expect("read the response");
        assert_ne!(
            n,
            0,
            "closed mid-response: {:?}",
            String::from_utf8_lossy(&data)
        );
        data.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let length: usize = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())
                .flatten()
        })
        .expect("the demo server sends Content-Length");
    while data.len() < head_end + length {
        let n = stream.read(&mut buf).await.expect("read the body");
        assert_ne!(n, 0, "closed mid-body");
        data.extend_from_slice(&buf[..n]);
    }
    head.lines().next().unwrap_or_default().to_owned()
}

/// Waits for the server to close `stream`, and returns whatever it sent before (nothing, or a
/// response). Fails if it stays open for [`PATIENCE`].
async fn closed_by_server(stream: &mut TcpStream) -> Vec<u8> {
    let mut sent = Vec::new();
    let read_to_end = async {
        let mut buf = [0_u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => sent.extend_from_slice(&buf[..n]),
            }
        }
    };
    tokio::time::timeout(PATIENCE, read_to_end)
        .await
        .expect("the server closes the connection");
    sent
}

/// Waits until the server is answering `count` requests.
async fn wait_for_requests_in_flight(server: &DemoServer, count: usize) {
    tokio::time::timeout(PATIENCE, async {
        while server.requests_in_flight() < count {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .unwrap_or_else(|_| panic!("never saw {count} requests in flight"));
}

#[tokio::test]
async fn a_stalled_request_line_is_dropped() {
    let (server, _) = start(Limits {
        header_timeout: Duration::from_millis(200),
        ..patient()
    })
    .await;
    let mut stream = connect(&server).await;
    stream.write_all(b"GET /v2/acc").await.expect("write");
    // Half a request line, then nothing: without a header timeout this waits forever.
    closed_by_server(&mut stream).await;
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed() {
    let (server, _) = start(Limits {
        header_timeout: Duration::from_millis(300),
        ..patient()
    })
    .await;
    let mut stream = connect(&server).await;
    // Two requests on one connection: it is kept alive between them.
    for _ in 0..2 {
        stream
            .write_all(&get_account(DEMO_TOKEN_ID))
            .await
            .expect("write");
        assert_eq!(read_response(&mut stream).await, "HTTP/1.1 200 OK");
    }
    let after = closed_by_server(&mut stream).await;
    assert!(
        after.is_empty(),
        "sent after the last response: {:?}",
        String::from_utf8_lossy(&after)
    );
}

#[tokio::test]
async fn at_the_cap_an_idle_connection_makes_room_for_a_real_request() {
    let (server, lines) = start(Limits {
        max_connections: 4,
        ..patient()
    })
    .await;
    let mut idle = Vec::new();
    for _ in 0..4 {
        idle.push(connect(&server).await);
    }
    // The first one also holds half a request line, like a slow client would.
    idle[0].write_all(b"GET /v2/acc").await.expect("write");

    let answer = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client")
        .get(format!("{}/account", server.base_url()))
        .basic_auth(DEMO_TOKEN_ID, Some(DEMO_TOKEN))
        .timeout(PATIENCE)
        .send()
        .await
        .expect("answered while four idle connections sit at the cap");
    assert_eq!(answer.status(), StatusCode::OK);
    // The longest idle connection (the first opened) made room.
    closed_by_server(&mut idle[0]).await;
    assert!(
        lines.lock().expect("log").is_empty(),
        "nothing refused: {:?}",
        lines.lock().expect("log")
    );
}

#[tokio::test]
async fn at_the_cap_with_every_connection_busy_a_new_one_is_refused_and_logged() {
    let (server, lines) = start(Limits {
        max_connections: 4,
        ..patient()
    })
    .await;
    let mut busy = Vec::new();
    for _ in 0..4 {
        let mut stream = connect(&server).await;
        // The slow scenario answers after five seconds: each connection stays busy that long.
        stream
            .write_all(&get_account("token-SLOW05"))
            .await
            .expect("write");
        busy.push(stream);
    }
    wait_for_requests_in_flight(&server, 4).await;

    let mut refused = connect(&server).await;
    let port = refused.local_addr().expect("addr").port();
    let sent = closed_by_server(&mut refused).await;
    assert!(sent.is_empty(), "{:?}", String::from_utf8_lossy(&sent));
    assert_eq!(
        *lines.lock().expect("log"),
        [format!(
            "demo server: refused a connection from 127.0.0.1:{port}: all 4 connections are busy"
        )]
    );
}

#[tokio::test]
async fn shutdown_cuts_off_a_request_still_running_after_the_grace_period() {
    let (server, lines) = start(Limits {
        shutdown_grace: Duration::from_millis(100),
        ..patient()
    })
    .await;
    let mut slow = connect(&server).await;
    slow.write_all(&get_account("token-SLOW05"))
        .await
        .expect("write");
    wait_for_requests_in_flight(&server, 1).await;

    server.shutdown().await;
    // The slow scenario would answer after five seconds; the grace period is over long before.
    let sent = closed_by_server(&mut slow).await;
    assert!(sent.is_empty(), "{:?}", String::from_utf8_lossy(&sent));
    assert_eq!(
        *lines.lock().expect("log"),
        ["demo server: cutting off 1 connection(s) still open after 100ms"]
    );
}

#[tokio::test]
async fn shutdown_closes_a_connection_holding_half_a_request_at_once() {
    // A long grace period: only closing idle connections at once lets this finish in time.
    let (server, _) = start(patient()).await;
    let mut stalled = connect(&server).await;
    stalled.write_all(b"GET /v2/acc").await.expect("write");
    // A complete request after it: once answered, the stalled connection has been accepted.
    let mut other = connect(&server).await;
    other
        .write_all(&get_account(DEMO_TOKEN_ID))
        .await
        .expect("write");
    assert_eq!(read_response(&mut other).await, "HTTP/1.1 200 OK");

    tokio::time::timeout(PATIENCE, server.shutdown())
        .await
        .expect("shutdown does not wait for the stalled client");
    closed_by_server(&mut stalled).await;
}
