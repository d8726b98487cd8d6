//! The test toolkit, one module tree (`mod common;` in each test file):
//!
//! - here: the fixed test credentials and time, app states reached through `update`,
//!   screen capture, a backend that records every frame, and [`assert_matches!`];
//! - [`builders`]: `Exchange` and `Completed` fixtures;
//! - [`drive`]: loopback servers, the runtime's own effect executor, screen checks, and the
//!   real runtime fed synthetic events;
//! - [`oauth_browser`]: playing the browser in the OAuth sign-in (following the authorization
//!   URL, submitting the demo consent form);
//! - [`strategies`]: proptest strategies for troublesome text;
//! - [`tls`]: a TLS server on 127.0.0.1 with a certificate made at test time;
//! - [`unicode`]: the terminal-safety oracle, by ICU4X's Unicode general categories.

#![allow(dead_code)] // Each test binary uses a different subset.

pub mod builders;
pub mod drive;
pub mod oauth_browser;
pub mod strategies;
pub mod tls;
pub mod unicode;

use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant, SystemTime};

use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, TestBackend, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Size};
use sipgate_inspect::api::{BaseUrl, Probe, Shape, TransportErrorKind};
use sipgate_inspect::app::{
    ApiTarget, App, BackgroundMessage, Completed, Effect, Form, LayoutRecord, Now, RequestMessage,
    RequestState, update,
};
use sipgate_inspect::ui::render_recording;

/// `assert!(matches!(value, pattern))` that prints the value when it does not match; an
/// optional message (with format arguments) follows the pattern.
#[allow(unused_macros)] // Each test binary uses a different subset.
macro_rules! assert_matches {
    ($value:expr, $pattern:pat $(if $guard:expr)? $(,)?) => {
        match $value {
            $pattern $(if $guard)? => {}
            ref other => panic!(
                "assertion failed: {:?} does not match {}",
                other,
                stringify!($pattern $(if $guard)?)
            ),
        }
    };
    ($value:expr, $pattern:pat $(if $guard:expr)?, $($message:tt)+) => {
        match $value {
            $pattern $(if $guard)? => {}
            ref other => panic!(
                "assertion failed: {:?} does not match {}: {}",
                other,
                stringify!($pattern $(if $guard)?),
                format_args!($($message)+)
            ),
        }
    };
}
#[allow(unused_imports)] // Each test binary uses a different subset.
pub(crate) use assert_matches;

/// A base URL that stays the same in every snapshot.
pub const BASE: &str = "http://127.0.0.1:8080/v2";
/// The token used in tests; it must never appear on screen while masked.
pub const TOKEN: &str = "e68ead46-a7db-46cd-8a1a-44aed1e4e372";
/// The token id used in tests.
pub const TOKEN_ID: &str = "token-FQ1V12";

/// One fixed point in time for a test binary: `update` reads no clock, tests pass it this.
static START: LazyLock<Now> = LazyLock::new(|| Now {
    instant: Instant::now(),
    wall: SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000),
});

/// The time tests give `update`.
pub fn now() -> Now {
    *START
}

/// `ms` milliseconds after [`now`].
pub fn later(ms: u64) -> Now {
    Now {
        instant: START.instant + Duration::from_millis(ms),
        wall: START.wall + Duration::from_millis(ms),
    }
}

/// [`BASE`], parsed.
pub fn base() -> BaseUrl {
    BaseUrl::parse(BASE, false).expect("base")
}

/// An app with the test credentials in the form.
pub fn app() -> App {
    App::new(base(), ApiTarget::Real).with_form(Form::prefilled(
        Some(TOKEN_ID.into()),
        Some(TOKEN.into()),
        None,
    ))
}

/// A completed request that got `status` with these headers and body.
pub fn answered(status: u16, reason: &str, headers: &[(&str, &str)], body: &str) -> Box<Completed> {
    builders::exchange()
        .status(status, reason)
        .headers(headers.iter().copied())
        .body(body)
        .completed()
}

/// A completed request that failed in transport.
pub fn failed(kind: TransportErrorKind, message: &str, chain: &[&str]) -> Box<Completed> {
    builders::exchange()
        .elapsed(Duration::from_millis(3))
        .failed(kind, message, chain)
        .completed()
}

/// The app after Enter: a request in flight (its id returned).
pub fn app_sent() -> (App, u64) {
    let mut app = app();
    let id = update(&mut app, RequestMessage::Send, now())
        .iter()
        .find_map(|e| match e {
            Effect::Send { id, .. } => Some(*id),
            _ => None,
        })
        .expect("sent");
    (app, id)
}

/// The app showing a finished request, reached through `update` as in the real app (so the
/// history and the probes are set up too).
pub fn app_with(completed: Box<Completed>) -> App {
    let (mut app, id) = app_sent();
    update(
        &mut app,
        BackgroundMessage::Finished { id, completed },
        now(),
    );
    app
}

/// Feeds a probe's answer into the app's shown attempt.
pub fn probe_answer(app: &mut App, probe: Probe, status: u16, body: &str) {
    let id = app.shown_request_id().expect("an attempt on screen");
    let mut exchange = answered(status, "", &[], body).inspection.exchange.clone();
    exchange.request.url = format!("{BASE}/{}", probe.path(Some("w0")).unwrap_or_default());
    exchange.elapsed = Duration::from_millis(20 + 10 * probe.index() as u64);
    update(
        app,
        BackgroundMessage::ProbeFinished {
            request_id: id,
            probe,
            exchange: Box::new(exchange),
        },
        now(),
    );
}

/// A probe of the table, by its documented path.
pub fn probe(label: &str) -> Probe {
    Probe::with_label(label).unwrap_or_else(|| panic!("{label} is not in assets/probes.toml"))
}

/// Every probe of the table, in order.
pub fn all_probes() -> Vec<Probe> {
    Probe::all().collect()
}

/// The demo fixture a probe answers with on a classic account.
pub fn probe_fixture(probe: Probe) -> String {
    let lists = || -> serde_json::Value {
        serde_json::from_str(include_str!("../../assets/demo/lists.json")).expect("json")
    };
    match probe.shape() {
        Shape::UserInfo => include_str!("../../assets/demo/userinfo.json").to_owned(),
        Shape::Balance => include_str!("../../assets/demo/balance.json").to_owned(),
        Shape::Users => include_str!("../../assets/demo/users.json").to_owned(),
        Shape::Numbers => include_str!("../../assets/demo/numbers.json").to_owned(),
        Shape::Devices => {
            let all: serde_json::Value =
                serde_json::from_str(include_str!("../../assets/demo/devices.json")).expect("json");
            all["w0"].to_string()
        }
        Shape::Items => {
            let path = probe.label().split('?').next().unwrap_or_default();
            lists()[path.rsplit('/').next().unwrap_or_default()].to_string()
        }
    }
}

/// Answers every probe: `allowed` ones with the demo fixtures, the others with 403.
pub fn answer_probes(app: &mut App, allowed: &[Probe]) {
    // Userinfo first: the probes needing the user id start from its answer.
    for probe in Probe::all() {
        if allowed.contains(&probe) {
            probe_answer(app, probe, 200, &probe_fixture(probe));
        } else {
            probe_answer(app, probe, 403, r#"{"errors":[{"title":"Forbidden"}]}"#);
        }
    }
}

/// The app with a request in flight for 1.2 s.
pub fn app_in_flight() -> App {
    let (mut app, _) = app_sent();
    if let RequestState::InFlight { elapsed, frame, .. } = &mut app.request {
        *elapsed = Duration::from_millis(1200);
        *frame = 3;
    }
    app
}

/// Draws the app on a `width`×`height` test terminal and returns the terminal.
pub fn draw(app: &mut App, width: u16, height: u16) -> Terminal<TestBackend> {
    app.size = (width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    // As the runtime does: the app gets what the frame laid out (scroll limits, click targets).
    let mut record = LayoutRecord::default();
    terminal
        .draw(|frame| render_recording(app, frame, &mut record))
        .expect("draw");
    app.record_layout(record);
    terminal
}

/// The text of a buffer, one line per row.
pub fn buffer_text(buffer: &Buffer) -> String {
    let width = usize::from(buffer.area.width);
    buffer
        .content
        .chunks(width.max(1))
        .map(|row| row.iter().map(Cell::symbol).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A backend that keeps the text of every frame flushed to it.
#[derive(Debug, Clone)]
pub struct RecordingBackend {
    inner: TestBackend,
    /// Every frame so far, as text.
    pub frames: Arc<Mutex<Vec<String>>>,
}

impl RecordingBackend {
    /// A recording backend of this size.
    pub fn new(width: u16, height: u16) -> Self {
        Self {
            inner: TestBackend::new(width, height),
            frames: Arc::default(),
        }
    }
}

impl Backend for RecordingBackend {
    type Error = <TestBackend as Backend>::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }
    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }
    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }
    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }
    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()
    }
    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(clear_type)
    }
    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }
    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        let text = buffer_text(self.inner.buffer());
        if let Ok(mut frames) = self.frames.lock() {
            frames.push(text);
        }
        self.inner.flush()
    }
}
