//! End-to-end: the real runtime driven by synthetic terminal events against loopback servers
//! (the built-in demo API and wiremock), with every frame recorded and inspected.

mod common;
use common::assert_matches;
use common::drive;

use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{KeyCode, KeyModifiers};
use drive::Running;
use sipgate_inspect::api::{ApiClient, BaseUrl};
use sipgate_inspect::app::{ApiTarget, App, RequestState};
use sipgate_inspect::demo;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRET: &str = "e68ead46-a7db-46cd-8a1a-44aed1e4e372";

/// Types the token id, moves to the token field and pastes the token.
fn enter_credentials(harness: &Running, token_id: &str, token: &str) {
    harness.type_text(token_id);
    harness.key(KeyCode::Tab, KeyModifiers::NONE);
    harness.paste(token);
}

fn start(base: &str, target: ApiTarget) -> Running {
    start_sized(base, target, 100, 30)
}

/// An empty form against `base`, on a terminal of this size.
fn start_sized(base: &str, target: ApiTarget, width: u16, height: u16) -> Running {
    let base = BaseUrl::parse(base, false).expect("base");
    let client = ApiClient::new(base.clone(), Duration::from_secs(10)).expect("client");
    let mut app = App::new(base, target);
    if target == ApiTarget::Demo {
        app = app.with_demo_help(sipgate_inspect::runtime::demo_help());
    }
    Running::start_with(app, client, (width, height))
}

#[tokio::test]
async fn type_credentials_send_and_see_the_demo_account() {
    let server = demo::spawn("127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("demo");
    let harness = start(&server.base_url(), ApiTarget::Demo);
    enter_credentials(&harness, demo::DEMO_TOKEN_ID, demo::DEMO_TOKEN);
    harness.key(KeyCode::Enter, KeyModifiers::NONE);
    harness.wait_for("200 OK").await;
    let screen = harness.last_frame();
    assert!(screen.contains("sipgate Demo GmbH"), "{screen}");
    assert!(screen.contains("Credentials work"), "{screen}");
    assert!(screen.contains("DEMO API"), "{screen}");
    let (app, frames) = harness.quit().await;
    assert!(app.should_quit);
    assert!(
        frames.iter().all(|f| !f.contains(demo::DEMO_TOKEN)),
        "token on screen while masked"
    );
}

#[tokio::test]
async fn a_wrong_token_shows_401_and_its_troubleshooting_and_never_the_token() {
    let server = demo::spawn("127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("demo");
    let harness = start(&server.base_url(), ApiTarget::Real);
    // Typed key by key, so that every intermediate frame of the token field is checked.
    harness.type_text("token-FQ1V12");
    harness.key(KeyCode::Down, KeyModifiers::NONE);
    harness.type_text(SECRET);
    harness.key(KeyCode::Enter, KeyModifiers::NONE);
    harness.wait_for("401 Unauthorized").await;
    assert!(harness.last_frame().contains("Credentials rejected"));
    let (_, frames) = harness.quit().await;
    assert!(frames.len() > 40, "a frame per keystroke at least");
    for frame in &frames {
        assert!(!frame.contains(SECRET), "token visible:\n{frame}");
        assert!(
            !frame.contains(&SECRET[..8]),
            "token prefix visible:\n{frame}"
        );
    }
}

#[tokio::test]
async fn esc_cancels_a_slow_request_and_its_late_answer_never_lands() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/account"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(r#"{"company":"too late"}"#)
                .set_delay(Duration::from_millis(800)),
        )
        .mount(&server)
        .await;
    let harness = start(&format!("{}/v2", server.uri()), ApiTarget::Real);
    enter_credentials(&harness, "token-FQ1V12", SECRET);
    harness.key(KeyCode::Enter, KeyModifiers::NONE);
    harness.wait_for("Esc cancels").await;
    harness.key(KeyCode::Esc, KeyModifiers::NONE);
    harness.wait_for("Cancelled").await;
    tokio::time::sleep(Duration::from_millis(1200)).await;
    // Any key redraws; the screen must still show the cancellation, not the late answer.
    harness.key(KeyCode::End, KeyModifiers::NONE);
    tokio::time::sleep(Duration::from_millis(50)).await;
    let screen = harness.last_frame();
    assert!(screen.contains("Cancelled"), "{screen}");
    assert!(!screen.contains("too late"), "{screen}");
    let (app, _) = harness.quit().await;
    assert_matches!(app.request, RequestState::Cancelled { .. });
}

#[tokio::test]
async fn the_ui_stays_live_while_a_request_is_in_flight() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/account"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let harness = start(&format!("{}/v2", server.uri()), ApiTarget::Real);
    enter_credentials(&harness, "token-FQ1V12", SECRET);
    harness.key(KeyCode::Enter, KeyModifiers::NONE);
    harness.wait_for("Esc cancels").await;
    // The spinner ticks and the help opens while the request runs.
    harness.wait_for("· 1").await;
    harness.key(KeyCode::F(1), KeyModifiers::NONE);
    // The title's scroll hint depends on whether the help fits; "Esc closes" is always there.
    harness.wait_for("Esc closes)").await;
    let (app, _) = harness.quit().await;
    assert!(app.should_quit);
}

/// A loopback API whose probe endpoints answer only once `expected` of them are waiting at
/// the same time. Sequential probes would never get an answer, so a finished run proves they
/// ran concurrently, with no timing assertion. `/balance` never answers at all, to show that a
/// hanging probe holds up no other.
async fn rendezvous_api(expected: usize) -> (String, Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let barrier = Arc::new(tokio::sync::Barrier::new(expected));
    let peak = Arc::new(AtomicUsize::new(0));
    let waiting = Arc::new(AtomicUsize::new(0));
    let seen_peak = Arc::clone(&peak);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let barrier = Arc::clone(&barrier);
            let (peak, waiting) = (Arc::clone(&peak), Arc::clone(&waiting));
            tokio::spawn(async move {
                let mut buf = vec![0_u8; 8192];
                let n = socket.read(&mut buf).await.unwrap_or(0);
                let request = String::from_utf8_lossy(&buf[..n]).to_string();
                let path = request.split_whitespace().nth(1).unwrap_or("").to_owned();
                let body = match path.as_str() {
                    "/v2/account" => r#"{"company":"Rendezvous GmbH"}"#.to_owned(),
                    "/v2/balance" => {
                        // Hangs until the test ends.
                        std::future::pending::<()>().await;
                        String::new()
                    }
                    "/v2/w0/devices" => r#"{"items":[]}"#.to_owned(),
                    other => {
                        let now = waiting.fetch_add(1, Ordering::SeqCst) + 1;
                        peak.fetch_max(now, Ordering::SeqCst);
                        barrier.wait().await;
                        match other {
                            "/v2/authorization/userinfo" => r#"{"sub":"w0"}"#.to_owned(),
                            _ => r#"{"items":[]}"#.to_owned(),
                        }
                    }
                };
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(response.as_bytes()).await;
            });
        }
    });
    (format!("http://{addr}/v2"), seen_peak)
}

#[tokio::test]
async fn probes_run_concurrently_and_a_hanging_one_blocks_no_other() {
    // userinfo, users and numbers must all be waiting at once before any is answered.
    let (base, peak) = rendezvous_api(3).await;
    let harness = start_sized(&base, ApiTarget::Real, 120, 50);
    enter_credentials(&harness, "token-FQ1V12", SECRET);
    harness.key(KeyCode::Enter, KeyModifiers::NONE);
    harness.wait_for("Rendezvous GmbH").await;
    // Users and numbers answered (after meeting), devices followed userinfo; balance hangs.
    harness.wait_for("Numbers       0: ").await;
    harness.wait_for("Devices       0 online").await;
    let screen = harness.last_frame();
    assert!(screen.contains("Balance       asking…"), "{screen}");
    assert!(peak.load(std::sync::atomic::Ordering::SeqCst) >= 3);
    let (app, _) = harness.quit().await;
    assert!(
        app.probes()
            .is_some_and(sipgate_inspect::app::Probes::any_running),
        "balance still running"
    );
}

#[tokio::test]
async fn copy_as_curl_reaches_the_clipboard_without_a_secret() {
    let server = demo::spawn("127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("demo");
    let harness = start(&server.base_url(), ApiTarget::Demo);
    enter_credentials(&harness, "token-FQ1V12", SECRET);
    harness.key(KeyCode::F(5), KeyModifiers::NONE);
    harness.wait_for("Copied as curl").await;
    let copied = harness.copied.lock().expect("clipboard").clone();
    assert_eq!(copied.len(), 1);
    assert!(
        copied[0].starts_with("curl -sS -u \"$SIPGATE_TOKEN_ID:$SIPGATE_TOKEN\""),
        "{}",
        copied[0]
    );
    assert!(!copied[0].contains(SECRET) && !copied[0].contains("token-FQ1V12"));
    let (_, frames) = harness.quit().await;
    assert!(frames.iter().all(|f| !f.contains(SECRET)));
}
