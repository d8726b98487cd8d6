//! `update`: the one place where state changes. Synchronous, no I/O, no clock (the runtime
//! passes [`Now`]); what must happen outside (send, cancel, probe, copy) is returned as effects
//! for the runtime to carry out. Each concern's messages are handled in its own file, each
//! matching its enum exhaustively:
//!
//! - `form`: [`FormMessage`](super::FormMessage), editing the credentials;
//! - `request`: [`RequestMessage`] and [`BackgroundMessage`](super::BackgroundMessage), the
//!   request's life;
//! - `navigation`: [`NavigationMessage`], tabs, scrolling, search, clicks;
//! - `overlay`: [`OverlayMessage`](super::OverlayMessage), help and history.

mod form;
mod navigation;
mod overlay;
mod profiles;
mod request;
mod store;

use super::message::{FormMessage, Message, NavigationMessage, RequestMessage};
use super::{App, Now, Overlay};
use crate::api::{Credentials, Probe};

/// Something the runtime must do.
#[derive(Debug)]
pub enum Effect {
    /// Start `GET /account` with these credentials on a background task.
    Send {
        /// Tag for the answer.
        id: u64,
        /// What to authenticate with.
        credentials: Credentials,
    },
    /// Abort the task of request `id` and its probes.
    Cancel {
        /// The request to abort.
        id: u64,
    },
    /// Start one probe of request `request_id` on a background task.
    Probe {
        /// The `/account` request it belongs to.
        request_id: u64,
        /// Which probe.
        probe: Probe,
        /// Its path below the base URL.
        path: String,
        /// What to authenticate with.
        credentials: Credentials,
    },
    /// Put this text on the clipboard (OSC 52). Never holds a secret.
    Copy(String),
    /// Read or write the history database for the saved-history overlay.
    Store(crate::app::store::StoreEffect),
    /// Save the form as a profile: the settings to the profile file, the secret to the
    /// keyring (it never goes to a file).
    SaveProfile {
        /// The profile (an existing one of that name is updated, its other keys kept).
        profile: Box<crate::store::Profile>,
        /// The token or access token the form holds, if any.
        secret: Option<secrecy::SecretString>,
    },
    /// Record a finished attempt in the history database (holds no secret).
    Record {
        /// The database file.
        path: std::path::PathBuf,
        /// What to record.
        attempt: Box<crate::store::Attempt>,
    },
}

/// Applies a message, at the time `now`, to the app and returns the effects to carry out.
/// Takes any of the nested messages too (`FormMessage::NextField`, …).
pub fn update(app: &mut App, message: impl Into<Message>, now: Now) -> Vec<Effect> {
    let message = message.into();
    // Every message carries the time; an OAuth token's expiry is judged against it.
    app.wall = Some(now.wall);
    // A notice is read once: the next key or click clears it.
    match &message {
        // The saved history's answers arrive late; its notices (a report written) stay.
        Message::Background(_) | Message::Resize { .. } | Message::Store(_) => {}
        Message::Form(_)
        | Message::Request(_)
        | Message::Navigation(_)
        | Message::Overlay(_)
        | Message::Cancel
        | Message::Quit => app.notice = None,
    }
    match message {
        Message::Quit => {
            app.should_quit = true;
            Vec::new()
        }
        // Ticks and answers arrive whatever overlay is open.
        Message::Background(message) => request::background(app, message, now),
        Message::Resize { width, height } => {
            // Scroll positions are clamped to the new size when the next frame is recorded.
            app.size = (width, height);
            Vec::new()
        }
        Message::Overlay(message) => overlay::update(app, message),
        Message::Store(message) => store::update(app, message),
        Message::Cancel if app.overlay == Overlay::Saved => store::escape(app),
        Message::Cancel if app.overlay == Overlay::Profiles => profiles::escape(app),
        Message::Cancel if app.overlay == Overlay::ProfileName => {
            store::update(app, crate::app::StoreMessage::ProfileNameCancel)
        }
        Message::Form(FormMessage::Edit(request)) if app.overlay == Overlay::ProfileName => {
            store::update(app, crate::app::StoreMessage::ProfileNameEdit(request))
        }
        // The saved history and the profile picker have the keyboard, as the help does.
        Message::Form(_) | Message::Request(_)
            if matches!(
                app.overlay,
                Overlay::Saved | Overlay::Profiles | Overlay::ProfileName
            ) =>
        {
            Vec::new()
        }
        // While the help overlay is open, it has the keyboard: Esc closes it, arrows scroll
        // it, and other keys do nothing, so a stray keystroke cannot edit a field the user
        // cannot see.
        Message::Cancel if help_open(app) => {
            app.overlay = Overlay::None;
            Vec::new()
        }
        Message::Navigation(message) if help_open(app) => {
            help_navigation(app, message);
            Vec::new()
        }
        Message::Form(_) | Message::Request(_) if help_open(app) => Vec::new(),
        Message::Form(message) => {
            form::update(app, message);
            Vec::new()
        }
        Message::Request(RequestMessage::Send) => request::send(app, now),
        Message::Request(RequestMessage::CopyCurl) => navigation::copy_curl(app),
        Message::Cancel => navigation::escape(app).unwrap_or_else(|| request::cancel(app, now)),
        Message::Navigation(message) => {
            navigation::navigate(app, message);
            Vec::new()
        }
    }
}

fn help_open(app: &App) -> bool {
    app.overlay == Overlay::Help
}

/// Navigation while the help overlay is open: arrows and pages scroll the help.
fn help_navigation(app: &mut App, message: NavigationMessage) {
    match message {
        NavigationMessage::Scroll(lines) => scroll_help(app, i64::from(lines)),
        NavigationMessage::ScrollPage(pages) => scroll_help(app, i64::from(pages) * 10),
        NavigationMessage::Click { .. } => navigation::navigate(app, message),
        NavigationMessage::SelectTab(_)
        | NavigationMessage::CycleTab(_)
        | NavigationMessage::ScrollTroubleshooting(_)
        | NavigationMessage::StartSearch
        | NavigationMessage::ConfirmSearch
        | NavigationMessage::SearchNext(_)
        | NavigationMessage::ToggleWrap => {}
    }
}

fn scroll_help(app: &mut App, delta: i64) {
    // Before the help's first frame nothing is known about its length: stay put.
    let max = app.layout.help_max_scroll.unwrap_or(app.help_scroll);
    app.help_scroll = navigation::offset(app.help_scroll, delta, max);
}

/// Lines a page scroll moves at the least (more when the tab is taller).
pub const PAGE_LINES: usize = navigation::PAGE_LINES;

#[cfg(test)]
mod focus_tests;
#[cfg(test)]
mod tests;
