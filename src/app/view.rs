//! What the result area shows: which tab, where keyboard focus is, scroll positions, the body
//! search, and the history of attempts.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tui_input::Input;

use super::Completed;
use super::probes::Probes;
use crate::api::{AuthScheme, Credentials};

/// The result tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    /// Account fields, user info, balance, scope matrix, summaries.
    #[default]
    Summary,
    /// The raw body, pretty-printed and highlighted.
    Body,
    /// Response headers.
    Headers,
    /// The request as sent, and as curl.
    Request,
    /// Timing of the request and the probes.
    Timing,
}

impl Tab {
    /// All tabs in order.
    pub const ALL: [Self; 5] = [
        Self::Summary,
        Self::Body,
        Self::Headers,
        Self::Request,
        Self::Timing,
    ];

    /// The tab's title.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Self::Summary => "Summary",
            Self::Body => "Body",
            Self::Headers => "Headers",
            Self::Request => "Request",
            Self::Timing => "Timing",
        }
    }

    /// Position in [`Tab::ALL`].
    #[must_use]
    pub fn index(self) -> usize {
        Self::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    /// The tab `step` places away, wrapping.
    #[must_use]
    pub fn cycle(self, forward: bool) -> Self {
        let n = Self::ALL.len();
        let i = self.index();
        Self::ALL[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }]
    }
}

/// How the Body tab shows a line wider than the panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BodyWrap {
    /// Over as many rows as it needs (the default: nothing is hidden).
    #[default]
    Wrap,
    /// On one row, cut at the edge with a visible `…`.
    Cut,
}

impl BodyWrap {
    /// The other one.
    #[must_use]
    pub fn toggled(self) -> Self {
        match self {
            Self::Wrap => Self::Cut,
            Self::Cut => Self::Wrap,
        }
    }

    /// Whether lines wrap.
    #[must_use]
    pub fn wraps(self) -> bool {
        self == Self::Wrap
    }
}

/// Where keyboard focus is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    /// A form field (which one: `Form::focus`).
    #[default]
    Form,
    /// The result tabs: keys scroll, switch tabs, search, copy.
    Results,
}

/// Searching the body.
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// The query being typed (while `editing`) or last confirmed.
    pub query: Input,
    /// Whether the prompt is open and takes the keys.
    pub editing: bool,
    /// Lines of the body that contain the query.
    pub matches: Vec<usize>,
    /// Which match is current.
    pub current: usize,
}

/// How an attempt ended.
#[derive(Debug, Clone)]
pub enum AttemptOutcome {
    /// Still running.
    Pending,
    /// Cancelled after this long.
    Cancelled(Duration),
    /// Answered (or failed in transport).
    Done(Arc<Completed>),
}

/// One attempt of this session, kept in memory only.
#[derive(Debug, Clone)]
pub struct Attempt {
    /// The request id.
    pub request_id: u64,
    /// When it was sent.
    pub at: SystemTime,
    /// Basic or Bearer.
    pub scheme: AuthScheme,
    /// The token id as it may be shown (`api::shown_token_id`), for personal access tokens.
    pub token_id: Option<String>,
    /// How it ended.
    pub outcome: AttemptOutcome,
    /// Its probes, once `/account` answered.
    pub probes: Option<Probes>,
    /// The URL called.
    pub url: String,
    /// The credentials, kept only while a request or probe of this attempt still needs them
    /// (the devices probe waits for userinfo); `Debug` redacts the secret.
    pub credentials: Option<Credentials>,
    /// The form's revision when it was sent: another revision in the form now means the
    /// result is for the previous credentials.
    pub form_revision: u64,
    /// Its history row waits for the probes to settle, so that it holds their scope matrix.
    pub record_pending: bool,
}

/// At most this many attempts are kept; the oldest go first.
pub const HISTORY_LIMIT: usize = 100;
