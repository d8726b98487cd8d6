//! The application model: one `App` holds everything the screen shows, and [`update`] is the
//! only thing that changes it.

mod form;
mod secret_input;
mod update;

use std::time::{Duration, Instant};

pub use form::{AuthMode, Field, Form};
pub use secret_input::{SecretInput, insert_at_cursor};
pub use update::{Effect, update};

use crate::diagnose::Finding;
use crate::inspection::Inspection;
use crate::text::body_lines;

/// A finished request, with the body already laid out as display lines (done on the
/// background task, so a large body never stalls the UI).
#[derive(Debug, Clone)]
pub struct Completed {
    /// The judged attempt.
    pub inspection: Inspection,
    /// The body, pretty-printed and sanitized, one entry per line.
    pub body_lines: Vec<String>,
}

impl Completed {
    /// Lays out the body of an inspection.
    #[must_use]
    pub fn new(inspection: Inspection) -> Self {
        let body_lines = match &inspection.exchange.result {
            Ok(response) => body_lines(&response.body),
            Err(_) => Vec::new(),
        };
        Self {
            inspection,
            body_lines,
        }
    }
}

/// Where the request stands.
#[derive(Debug, Clone)]
pub enum RequestState {
    /// Nothing sent yet.
    Idle,
    /// A request is running on a background task.
    InFlight {
        /// Its id; answers with another id are stale and ignored.
        id: u64,
        /// When it was sent.
        started: Instant,
        /// Time since it was sent, as of the last tick.
        elapsed: Duration,
        /// Spinner frame.
        frame: usize,
        /// The URL being called.
        url: String,
    },
    /// The user cancelled the request.
    Cancelled {
        /// The URL that was being called.
        url: String,
        /// How long it had been running.
        after: Duration,
    },
    /// The request finished.
    Done(Box<Completed>),
}

/// What is drawn over the main screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    /// Nothing.
    None,
    /// The key and scenario help.
    Help,
}

/// Whether the built-in demo API is in use (the screen says so, and help lists scenarios).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiTarget {
    /// A real API (sipgate's, or whatever the base URL names).
    Real,
    /// The built-in demo API on loopback.
    Demo,
}

/// The whole state of the TUI.
#[derive(Debug)]
pub struct App {
    /// The credentials form.
    pub form: Form,
    /// The request's state.
    pub request: RequestState,
    /// The id the next request gets.
    pub next_request_id: u64,
    /// The base URL requests go to.
    pub base_url: String,
    /// Real or demo API.
    pub target: ApiTarget,
    /// What is drawn on top.
    pub overlay: Overlay,
    /// First visible line of the response body.
    pub body_scroll: usize,
    /// First visible line of the troubleshooting panel.
    pub troubleshooting_scroll: usize,
    /// The terminal's size in columns and rows, for clamping scroll positions.
    pub size: (u16, u16),
    /// Findings that stopped the last send (empty fields), shown until fixed.
    pub blocked: Vec<Finding>,
    /// Set when the app should exit.
    pub should_quit: bool,
}

impl App {
    /// A fresh app for this base URL, with an empty form.
    #[must_use]
    pub fn new(base_url: impl Into<String>, target: ApiTarget) -> Self {
        Self {
            form: Form::default(),
            request: RequestState::Idle,
            next_request_id: 1,
            base_url: base_url.into(),
            target,
            overlay: Overlay::None,
            body_scroll: 0,
            troubleshooting_scroll: 0,
            size: (80, 24),
            blocked: Vec::new(),
            should_quit: false,
        }
    }

    /// Whether a request is running (the runtime ticks the spinner only then).
    #[must_use]
    pub fn is_in_flight(&self) -> bool {
        matches!(self.request, RequestState::InFlight { .. })
    }

    /// The finished request, if the screen shows one.
    #[must_use]
    pub fn completed(&self) -> Option<&Completed> {
        match &self.request {
            RequestState::Done(completed) => Some(completed),
            _ => None,
        }
    }
}
