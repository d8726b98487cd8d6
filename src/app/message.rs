//! Messages: every change of state is one. They are the model's own types (no terminal types):
//! the terminal module maps its events to them, the runtime sends background answers as them.
//! Nested by concern, so that each part of `update` matches its own enum exhaustively and a new
//! message cannot compile without being handled.

use tui_input::InputRequest;

use super::{Completed, Tab};
use crate::api::{Exchange, Probe};

/// Something that happened: a user action, a tick, or a background result.
#[derive(Debug)]
pub enum Message {
    /// Editing the credentials form (or the search prompt while it is open).
    Form(FormMessage),
    /// Sending and cancelling the request, and copying it.
    Request(RequestMessage),
    /// Moving around the results: tabs, scrolling, search, clicks.
    Navigation(NavigationMessage),
    /// Opening, closing and moving in the help and history overlays.
    Overlay(OverlayMessage),
    /// Ticks and answers from background tasks.
    Background(BackgroundMessage),
    /// The OAuth sign-in: its progress from the runtime, and its keys.
    SignIn(super::sign_in::SignInMessage),
    /// The endpoint explorer and the full scan.
    Explorer(super::ExplorerMessage),
    /// The saved-history overlay and its database answers (issue 13).
    Store(super::store::StoreMessage),
    /// Esc: close the search prompt or an overlay, or cancel the request in flight.
    Cancel,
    /// The terminal has this size (sent at start and on every resize).
    Resize {
        /// Columns.
        width: u16,
        /// Rows.
        height: u16,
    },
    /// Quit (Ctrl+C, Ctrl+Q, or a termination signal).
    Quit,
}

/// Editing the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormMessage {
    /// Edit the focused field (or the search prompt while it is open).
    Edit(InputRequest),
    /// Text pasted (bracketed paste) into the focused field.
    Paste(String),
    /// Focus the next field (after the last field: the result tabs).
    NextField,
    /// Focus the previous field.
    PrevField,
    /// Up (false) or Down (true) in the form: the previous or next field, never leaving the
    /// form (only Tab and Shift+Tab go on to the results, where the move is visible).
    StepField(bool),
    /// Reveal or hide the secret.
    ToggleReveal,
    /// Apply the fix the first pre-flight finding offers (Ctrl+T).
    ApplyFix,
    /// Switch between personal access token and OAuth access token.
    ToggleAuthMode,
}

/// The request itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestMessage {
    /// Send the request.
    Send,
    /// Copy the request as a curl command (OSC 52).
    CopyCurl,
}

/// Moving the view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NavigationMessage {
    /// Show this tab.
    SelectTab(Tab),
    /// Show the next (true) or previous tab.
    CycleTab(bool),
    /// Scroll the current tab by lines (negative: up; `i32::MIN`/`MAX`: to the ends).
    Scroll(i32),
    /// Scroll the current tab by pages (negative: up).
    ScrollPage(i32),
    /// Scroll the troubleshooting panel by lines (negative: up).
    ScrollTroubleshooting(i32),
    /// Open the body search prompt.
    StartSearch,
    /// Confirm the search query.
    ConfirmSearch,
    /// Jump to the next (true) or previous search match.
    SearchNext(bool),
    /// Wrap the Body tab's long lines, or cut them at the edge.
    ToggleWrap,
    /// A mouse click at a cell.
    Click {
        /// Column.
        column: u16,
        /// Row.
        row: u16,
    },
}

/// The overlays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverlayMessage {
    /// Open or close the help overlay.
    ToggleHelp,
    /// Open or close the history overlay.
    ToggleHistory,
    /// Move the history cursor by rows.
    HistoryMove(i32),
    /// Show the attempt under the history cursor.
    HistoryOpen,
}

/// What the runtime reports from outside the user's hands.
#[derive(Debug)]
pub enum BackgroundMessage {
    /// Animation tick while something runs (the time is the `now` that `update` is given).
    Tick,
    /// A request finished (tagged with its id, so a stale answer is recognised).
    Finished {
        /// The request id.
        id: u64,
        /// What came of it.
        completed: Box<Completed>,
    },
    /// A probe finished.
    ProbeFinished {
        /// The `/account` request it belongs to.
        request_id: u64,
        /// Which probe.
        probe: Probe,
        /// What came of it.
        exchange: Box<Exchange>,
    },
}

impl From<FormMessage> for Message {
    fn from(message: FormMessage) -> Self {
        Self::Form(message)
    }
}

impl From<RequestMessage> for Message {
    fn from(message: RequestMessage) -> Self {
        Self::Request(message)
    }
}

impl From<NavigationMessage> for Message {
    fn from(message: NavigationMessage) -> Self {
        Self::Navigation(message)
    }
}

impl From<OverlayMessage> for Message {
    fn from(message: OverlayMessage) -> Self {
        Self::Overlay(message)
    }
}

impl From<super::sign_in::SignInMessage> for Message {
    fn from(message: super::sign_in::SignInMessage) -> Self {
        Self::SignIn(message)
    }
}

impl From<BackgroundMessage> for Message {
    fn from(message: BackgroundMessage) -> Self {
        Self::Background(message)
    }
}

impl From<super::ExplorerMessage> for Message {
    fn from(message: super::ExplorerMessage) -> Self {
        Self::Explorer(message)
    }
}

impl From<super::store::StoreMessage> for Message {
    fn from(message: super::store::StoreMessage) -> Self {
        Self::Store(message)
    }
}
