//! The application model: one `App` holds everything the screen shows, and [`update`] is the
//! only thing that changes it. Messages ([`message`]), the key binding table ([`bindings`])
//! and what the view laid out ([`layout`]) live here too; nothing in this module knows the
//! terminal, the view or the runtime.

pub mod bindings;
pub mod explorer;
mod form;
pub mod keys;
pub mod layout;
pub mod message;
mod probes;
mod secret_input;
pub mod sign_in;
pub mod store;
mod update;
mod view;

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

pub use bindings::{KeyContext, Mouse, message_for_key, message_for_mouse};
pub use explorer::{Explorer, ExplorerEffect, ExplorerMessage, ParamForm, ScanProgress};
pub use form::{AuthMode, Field, Form};
pub use keys::{Key, KeyCode, Modifiers};
pub use layout::{Area, Hit, LayoutRecord, TabTitle, history_first};
pub use message::{
    BackgroundMessage, FormMessage, Message, NavigationMessage, OverlayMessage, RequestMessage,
};
pub use probes::{Access, ProbeState, Probes};
pub use secret_input::{SecretInput, insert_at_cursor};
pub use store::{
    ProfilePicker, SAVED_WINDOW, SavedHistory, SavedView, StoreEffect, StoreMessage, StoreState,
};
pub use update::{Effect, PAGE_LINES, update};
pub use view::{Attempt, AttemptOutcome, BodyWrap, Focus, HISTORY_LIMIT, Search, Tab};

use crate::api::BaseUrl;
use crate::body::body_lines;
use crate::diagnose::{Finding, Fix, preflight_at};
use crate::inspection::{ACCOUNT_PATH, Inspection};

/// A reading of the clock, taken by the runtime and handed to [`update`] (the model never
/// reads the clock itself, so `update` is deterministic and tests state times literally).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now {
    /// Monotonic time, for durations and countdowns.
    pub instant: Instant,
    /// Wall-clock time, for what is shown as a time of day and for HTTP dates.
    pub wall: SystemTime,
}

/// A finished request, with the body already laid out as display lines (done on the
/// background task, so a large body never stalls the UI).
#[derive(Debug, Clone)]
pub struct Completed {
    /// The judged attempt.
    pub inspection: Inspection,
    /// The body, pretty-printed and sanitized, one entry per line.
    pub body_lines: Vec<String>,
    /// The display width of each body line (measured once here, so that counting wrapped
    /// rows while scrolling costs one division per line).
    pub body_widths: Vec<usize>,
    /// When the answer arrived, for the Retry-After countdown.
    pub received_at: Instant,
    /// How long the server asked to wait before retrying (`Retry-After`), from `received_at`.
    pub retry_after: Option<Duration>,
    /// When the request was sent (the start of the timing waterfall).
    pub sent_at: Instant,
    /// Whether the body is JSON (the Body tab then highlights it).
    pub body_is_json: bool,
}

impl Completed {
    /// Lays out the body of an inspection that was received at `received`.
    #[must_use]
    pub fn new(inspection: Inspection, received: Now) -> Self {
        let body_lines = match &inspection.exchange.result {
            Ok(response) => body_lines(&response.body),
            Err(_) => Vec::new(),
        };
        let body_widths = body_lines
            .iter()
            .map(|l| unicode_width::UnicodeWidthStr::width(l.as_str()))
            .collect();
        let retry_after = inspection.exchange.result.as_ref().ok().and_then(|r| {
            r.header("retry-after")
                .and_then(|v| crate::api::retry_after(v, received.wall))
        });
        let received_at = received.instant;
        let sent_at = received_at
            .checked_sub(inspection.exchange.elapsed)
            .unwrap_or(received_at);
        let body_is_json = inspection
            .exchange
            .result
            .as_ref()
            .is_ok_and(|r| crate::body::is_json(&r.body));
        Self {
            inspection,
            body_lines,
            body_widths,
            received_at,
            retry_after,
            sent_at,
            body_is_json,
        }
    }
}

impl Completed {
    /// Rows the body line `index` takes in a panel `width` columns wide: one without
    /// wrapping, else as many as its width needs (a wide character at a row's end may push
    /// one row more; the panel then shows one row less of the end, never a wrong line).
    #[must_use]
    pub fn rows_of_line(&self, index: usize, width: usize, wrap: bool) -> usize {
        match (wrap, self.body_widths.get(index)) {
            (true, Some(w)) if width > 0 => w.div_ceil(width).max(1),
            _ => 1,
        }
    }

    /// Rows the whole body takes.
    #[must_use]
    pub fn body_rows(&self, width: usize, wrap: bool) -> usize {
        if !wrap || width == 0 {
            return self.body_lines.len();
        }
        (0..self.body_lines.len())
            .map(|i| self.rows_of_line(i, width, wrap))
            .sum()
    }

    /// The first row of body line `index`.
    #[must_use]
    pub fn row_of_line(&self, index: usize, width: usize, wrap: bool) -> usize {
        if !wrap || width == 0 {
            return index;
        }
        (0..index.min(self.body_lines.len()))
            .map(|i| self.rows_of_line(i, width, wrap))
            .sum()
    }

    /// The body line at `row`, and which of its rows `row` is.
    #[must_use]
    pub fn line_at_row(&self, row: usize, width: usize, wrap: bool) -> (usize, usize) {
        let mut left = row;
        for i in 0..self.body_lines.len() {
            let rows = self.rows_of_line(i, width, wrap);
            if left < rows {
                return (i, left);
            }
            left -= rows;
        }
        (self.body_lines.len(), 0)
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
    /// The request finished. Shared with the history, which keeps every result.
    Done(Arc<Completed>),
}

/// What is drawn over the main screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    /// Nothing.
    None,
    /// The key and scenario help.
    Help,
    /// The attempts of this session.
    History,
    /// The endpoint explorer (and the full scan's table).
    Explorer,
    /// The saved history: every recorded attempt, from the database (F6 while attempts are recorded).
    Saved,
    /// The profile picker (Ctrl+P).
    Profiles,
    /// The profile picker asking the name to save the form as.
    ProfileName,
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
    /// The shown request's state.
    pub request: RequestState,
    /// The id the next request gets.
    pub next_request_id: u64,
    /// The base URL requests go to.
    pub base_url: BaseUrl,
    /// Real or demo API.
    pub target: ApiTarget,
    /// What is drawn on top.
    pub overlay: Overlay,
    /// The result tab shown.
    pub tab: Tab,
    /// Where keyboard focus is.
    pub focus: Focus,
    /// First visible line of each tab, by [`Tab::index`].
    pub scroll: [usize; 5],
    /// First visible line of the troubleshooting panel.
    pub troubleshooting_scroll: usize,
    /// First visible line of the help overlay.
    pub help_scroll: usize,
    /// The body search.
    pub search: Search,
    /// Every attempt of this session, oldest first (memory only).
    pub history: Vec<Attempt>,
    /// The highlighted row of the history overlay.
    pub history_cursor: usize,
    /// The first row the history overlay shows (kept so that moving the highlight does not
    /// scroll while it stays in view; clamped by [`LayoutRecord::history_first`]).
    pub history_scroll: usize,
    /// Whether the Body tab wraps lines wider than the panel or cuts them at the edge.
    pub body_wrap: BodyWrap,
    /// A one-line message shown in the footer until the next key (e.g. "copied").
    pub notice: Option<String>,
    /// The "Sign in" mode: where the sign-in stands, and the session once signed in.
    pub sign_in: sign_in::SignInState,
    /// Whether to use colour (false with `NO_COLOR`).
    pub color: bool,

    /// The terminal's size in columns and rows, for layout-dependent updates.
    pub size: (u16, u16),
    /// Whether the last Enter was refused because of blocking findings (empty fields).
    pub blocked: bool,
    /// Set when the app should exit.
    pub should_quit: bool,
    /// The time as of the last tick; what countdowns are measured against (none before the
    /// first tick: a countdown then shows its full length).
    pub now: Option<Instant>,
    /// The wall-clock time of the last message (none before the first): what an OAuth
    /// token's expiry is measured against.
    pub wall: Option<SystemTime>,
    /// Ticks so far, for spinners (rendering reads no clock).
    pub ticks: usize,
    /// What the view laid out in its last frame: scroll limits and click targets.
    pub layout: LayoutRecord,
    /// In demo mode: the scenarios the help overlay lists (given by whoever starts the demo).
    pub demo_help: Option<DemoHelp>,
    /// The endpoint explorer and the full scan.
    pub explorer: Explorer,
    /// The active profile and where attempts are recorded (issue 13).
    pub store: StoreState,
}

/// The demo scenarios, as the help overlay lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoHelp {
    /// The token every scenario uses.
    pub token: String,
    /// Each scenario: token id, title, what the server does.
    pub scenarios: Vec<DemoScenarioHelp>,
    /// The demo's JWT-shaped OAuth access tokens: the token (in `token_id`), title, what
    /// happens (none when the demo was not given any).
    pub jwts: Vec<DemoScenarioHelp>,
    /// The demo OAuth provider's clients for the "Sign in" mode: client id (in `token_id`),
    /// the same as title, what happens.
    pub oauth_clients: Vec<DemoScenarioHelp>,
}

/// One demo scenario in the help overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoScenarioHelp {
    /// The token id that selects it.
    pub token_id: String,
    /// Its short name.
    pub title: String,
    /// What the server answers.
    pub effect: String,
}

impl App {
    /// A fresh app for this base URL, with an empty form.
    #[must_use]
    pub fn new(base_url: BaseUrl, target: ApiTarget) -> Self {
        Self {
            form: Form::default(),
            request: RequestState::Idle,
            next_request_id: 1,
            base_url,
            target,
            overlay: Overlay::None,
            tab: Tab::Summary,
            focus: Focus::Form,
            scroll: [0; 5],
            troubleshooting_scroll: 0,
            help_scroll: 0,
            search: Search::default(),
            history: Vec::new(),
            history_cursor: 0,
            history_scroll: 0,
            body_wrap: BodyWrap::Wrap,
            notice: None,
            sign_in: sign_in::SignInState::default(),
            color: true,
            size: (80, 24),
            blocked: false,
            should_quit: false,
            now: None,
            wall: None,
            ticks: 0,
            layout: LayoutRecord::default(),
            demo_help: None,
            explorer: Explorer::default(),
            store: StoreState::default(),
        }
    }

    /// The app with this sign-in state (issuer, wait).
    #[must_use]
    pub fn with_sign_in(mut self, sign_in: sign_in::SignInState) -> Self {
        self.sign_in = sign_in;
        self
    }

    /// The app with the demo scenarios for the help overlay.
    #[must_use]
    pub fn with_demo_help(mut self, demo_help: DemoHelp) -> Self {
        self.demo_help = Some(demo_help);
        self
    }

    /// The URL of `GET /account`, the request Enter sends (built in one place).
    #[must_use]
    pub fn account_url(&self) -> String {
        self.base_url.endpoint(ACCOUNT_PATH)
    }

    /// The app with this form.
    #[must_use]
    pub fn with_form(mut self, form: Form) -> Self {
        self.form = form;
        self
    }

    /// Pre-flight findings for the form as it is now, with the fix each offers. Derived on
    /// demand rather than stored, so they can never be stale (they cost microseconds).
    #[must_use]
    pub fn preflight(&self) -> Vec<(Finding, Option<Fix>)> {
        preflight_at(self.form.as_input(), self.wall)
    }

    /// After an edit: a refused send stops being news once the form would be accepted.
    pub fn refresh_blocked(&mut self) {
        if self.blocked && !crate::diagnose::blocks_sending(&self.preflight()) {
            self.blocked = false;
        }
    }

    /// The first fix the pre-flight findings offer.
    #[must_use]
    pub fn available_fix(&self) -> Option<Fix> {
        self.preflight().into_iter().find_map(|(_, fix)| fix)
    }

    /// Whether a request is running.
    #[must_use]
    pub fn is_in_flight(&self) -> bool {
        matches!(self.request, RequestState::InFlight { .. })
    }

    /// Whether anything animates (the runtime ticks the spinner only then): a request or a
    /// probe of the shown attempt in flight.
    #[must_use]
    pub fn is_busy(&self) -> bool {
        self.is_in_flight() || self.probes().is_some_and(Probes::any_running)
    }

    /// Whether an OAuth token's expiry countdown is on screen (the runtime then ticks once a
    /// second): Bearer mode and a JWT with an exp in the form. Ticking goes on after expiry,
    /// so that "expired … ago" keeps counting too.
    #[must_use]
    pub fn token_counting_down(&self) -> bool {
        let crate::diagnose::FormInput::Bearer { access_token } = self.form.as_input() else {
            return false;
        };
        let crate::api::jwt::TokenContents::Claims(claims) = crate::api::jwt::decode(access_token)
        else {
            return false;
        };
        let now = self.wall.and_then(crate::diagnose::unix_seconds);
        now.is_some_and(|now| matches!(claims.expiry(now), crate::api::jwt::Expiry::ValidFor(_)))
    }

    /// The attempt with this request id.
    #[must_use]
    pub fn attempt(&self, request_id: u64) -> Option<&Attempt> {
        self.history.iter().find(|a| a.request_id == request_id)
    }

    /// The attempt with this request id, to change it.
    pub fn attempt_mut(&mut self, request_id: u64) -> Option<&mut Attempt> {
        self.history.iter_mut().find(|a| a.request_id == request_id)
    }

    /// The request id of the attempt on screen.
    #[must_use]
    pub fn shown_request_id(&self) -> Option<u64> {
        match &self.request {
            RequestState::InFlight { id, .. } => Some(*id),
            RequestState::Done(completed) => self
                .history
                .iter()
                .find(
                    |a| matches!(&a.outcome, AttemptOutcome::Done(c) if Arc::ptr_eq(c, completed)),
                )
                .map(|a| a.request_id),
            RequestState::Idle | RequestState::Cancelled { .. } => None,
        }
    }

    /// The probes of the attempt on screen.
    #[must_use]
    pub fn probes(&self) -> Option<&Probes> {
        let id = self.shown_request_id()?;
        self.attempt(id)?.probes.as_ref()
    }

    /// The scroll position of a tab.
    #[must_use]
    pub fn scroll_of(&self, tab: Tab) -> usize {
        self.scroll[tab.index()]
    }

    /// Seconds left before the server's Retry-After has passed (rounded up); `None` when there
    /// is no countdown or it has run out.
    #[must_use]
    pub fn retry_countdown(&self) -> Option<u64> {
        let completed = self.completed()?;
        let wait = completed.retry_after?;
        let passed = self.now.map_or(Duration::ZERO, |now| {
            now.saturating_duration_since(completed.received_at)
        });
        let left = wait.checked_sub(passed).filter(|d| !d.is_zero())?;
        Some(left.as_secs() + u64::from(left.subsec_nanos() > 0))
    }

    /// The curl command for the attempt on screen: the one the Request tab shows and F5
    /// copies (built only here, so the two cannot differ). With no answer on screen, the
    /// command for what Enter would send now.
    #[must_use]
    pub fn shown_curl(&self) -> String {
        if let Some(completed) = self.completed() {
            let request = &completed.inspection.exchange.request;
            return crate::curl::curl_command(&request.url, request.scheme);
        }
        let scheme = match self.form.mode {
            AuthMode::PersonalAccessToken => crate::api::AuthScheme::Basic,
            AuthMode::OAuth | AuthMode::SignIn => crate::api::AuthScheme::Bearer,
        };
        crate::curl::curl_command(&self.account_url(), scheme)
    }

    /// Whether the answer on screen was sent with other credentials than the form holds now
    /// (a field was edited, a fix applied or the mode switched since).
    #[must_use]
    pub fn shown_is_stale(&self) -> bool {
        self.completed().is_some()
            && self
                .shown_request_id()
                .and_then(|id| self.attempt(id))
                .is_some_and(|a| a.form_revision != self.form.revision)
    }

    /// Why Enter was refused, while it is (the first blocking pre-flight finding's title).
    #[must_use]
    pub fn blocked_reason(&self) -> Option<String> {
        if !self.blocked {
            return None;
        }
        self.preflight()
            .into_iter()
            .map(|(finding, _)| finding)
            .find(|f| f.severity == crate::diagnose::Severity::Error)
            .map(|f| f.title)
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
