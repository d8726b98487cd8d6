//! End-to-end: the real runtime driven by synthetic terminal events against loopback servers
//! (the built-in demo API and wiremock), with every frame recorded and inspected.

mod common;

use std::io;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::RecordingBackend;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use futures_util::Stream;
use ratatui::Terminal;
use sipgate_inspect::api::{ApiClient, BaseUrl};
use sipgate_inspect::app::{ApiTarget, App, RequestState};
use sipgate_inspect::{demo, runtime};
use tokio::sync::mpsc;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRET: &str = "e68ead46-a7db-46cd-8a1a-44aed1e4e372";

struct Harness {
    events: mpsc::UnboundedSender<io::Result<Event>>,
    frames: Arc<Mutex<Vec<String>>>,
    task: tokio::task::JoinHandle<io::Result<App>>,
}

fn event_stream(
    rx: mpsc::UnboundedReceiver<io::Result<Event>>,
) -> impl Stream<Item = io::Result<Event>> + Unpin {
    Box::pin(futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|event| (event, rx))
    }))
}

fn start(base: &str, target: ApiTarget) -> Harness {
    let base = BaseUrl::parse(base, false).expect("base");
    let client = ApiClient::new(base.clone(), Duration::from_secs(10)).expect("client");
    let app = App::new(base.as_str(), target);
    let backend = RecordingBackend::new(100, 30);
    let frames = Arc::clone(&backend.frames);
    let (tx, rx) = mpsc::unbounded_channel();
    let task = tokio::spawn(async move {
        let mut terminal = Terminal::new(backend).expect("terminal");
        runtime::run(
            &mut terminal,
            app,
            client,
            event_stream(rx),
            std::future::pending(),
        )
        .await
    });
    Harness {
        events: tx,
        frames,
        task,
    }
}

impl Harness {
    fn key(&self, code: KeyCode, modifiers: KeyModifiers) {
        self.events
            .send(Ok(Event::Key(KeyEvent::new(code, modifiers))))
            .expect("app alive");
    }

    fn type_text(&self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c), KeyModifiers::NONE);
        }
    }

    fn paste(&self, text: &str) {
        self.events
            .send(Ok(Event::Paste(text.to_owned())))
            .expect("app alive");
    }

    fn last_frame(&self) -> String {
        self.frames
            .lock()
            .expect("frames")
            .last()
            .cloned()
            .unwrap_or_default()
    }

    /// Waits (up to 10 s) until the screen shows `text`.
    async fn wait_for(&self, text: &str) {
        for _ in 0..1000 {
            if self.last_frame().contains(text) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!(
            "screen never showed {text:?}; last frame:\n{}",
            self.last_frame()
        );
    }

    async fn quit(self) -> (App, Vec<String>) {
        self.key(KeyCode::Char('q'), KeyModifiers::CONTROL);
        let app = self.task.await.expect("join").expect("run");
        let frames = self.frames.lock().expect("frames").clone();
        (app, frames)
    }
}

#[tokio::test]
async fn type_credentials_send_and_see_the_demo_account() {
    let server = demo::spawn("127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("demo");
    let harness = start(&server.base_url(), ApiTarget::Demo);
    harness.type_text(demo::DEMO_TOKEN_ID);
    harness.key(KeyCode::Tab, KeyModifiers::NONE);
    harness.paste(demo::DEMO_TOKEN);
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
    harness.type_text("token-FQ1V12");
    harness.key(KeyCode::Tab, KeyModifiers::NONE);
    harness.paste(SECRET);
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
    assert!(matches!(app.request, RequestState::Cancelled { .. }));
}

#[tokio::test]
async fn the_ui_stays_live_while_a_request_is_in_flight() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/account"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let harness = start(&format!("{}/v2", server.uri()), ApiTarget::Real);
    harness.type_text("token-FQ1V12");
    harness.key(KeyCode::Tab, KeyModifiers::NONE);
    harness.paste(SECRET);
    harness.key(KeyCode::Enter, KeyModifiers::NONE);
    harness.wait_for("Esc cancels").await;
    // The spinner ticks and the help opens while the request runs.
    harness.wait_for("· 1").await;
    harness.key(KeyCode::F(1), KeyModifiers::NONE);
    harness.wait_for("Help (Esc closes)").await;
    let (app, _) = harness.quit().await;
    assert!(app.should_quit);
}
