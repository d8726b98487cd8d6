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
mod sign_in;
mod store;

use super::message::{FormMessage, Message, NavigationMessage, OverlayMessage, RequestMessage};
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
    /// Start, cancel or refresh an OAuth sign-in.
    SignIn(super::sign_in::SignInEffect),
    /// Explorer work: one endpoint, the scan, or stopping it.
    Explorer(super::ExplorerEffect),
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

/// A notice is read once: the next key or click clears it; answers arriving on their own do
/// not count as reading it.
fn clear_read_notice(app: &mut App, message: &Message) {
    match message {
        // Answers (the sign-in's and the explorer's too) arrive on their own: they are no
        // reading of the notice.
        Message::Background(_)
        | Message::Resize { .. }
        | Message::SignIn(
            super::sign_in::SignInMessage::Started { .. }
            | super::sign_in::SignInMessage::Finished { .. }
            | super::sign_in::SignInMessage::Refreshed { .. },
        )
        | Message::Explorer(
            super::ExplorerMessage::Answered { .. } | super::ExplorerMessage::ScanReport { .. },
        )
        // The saved history's answers arrive late; its notices (a report written) stay.
        | Message::Store(_) => {}
        // The refresh key is a key like any other.
        Message::SignIn(super::sign_in::SignInMessage::RefreshNow)
        | Message::Explorer(_)
        | Message::Form(_)
        | Message::Request(_)
        | Message::Navigation(_)
        | Message::Overlay(_)
        | Message::Cancel
        | Message::Quit => app.notice = None,
    }
}

/// Applies a message, at the time `now`, to the app and returns the effects to carry out.
/// Takes any of the nested messages too (`FormMessage::NextField`, …).
pub fn update(app: &mut App, message: impl Into<Message>, now: Now) -> Vec<Effect> {
    let message = message.into();
    // Every message carries the time; an OAuth token's expiry is judged against it.
    app.wall = Some(now.wall);
    clear_read_notice(app, &message);
    match message {
        Message::Quit => {
            app.should_quit = true;
            request::record_all_pending(app)
        }
        // Ticks and answers arrive whatever overlay is open.
        Message::Background(message) => {
            let tick = matches!(message, super::BackgroundMessage::Tick);
            let mut effects = request::background(app, message, now);
            if tick {
                effects.extend(sign_in::tick(app, now));
            }
            effects
        }
        Message::SignIn(message) => sign_in::update(app, message, now),
        Message::Resize { width, height } => {
            // Scroll positions are clamped to the new size when the next frame is recorded.
            app.size = (width, height);
            Vec::new()
        }
        // One history key: the saved history while attempts are recorded, else this session's.
        Message::Overlay(OverlayMessage::ToggleHistory)
            if app.store.saved_history() || app.overlay == Overlay::Saved =>
        {
            store::update(app, crate::app::StoreMessage::Toggle)
        }
        Message::Overlay(message) => overlay::update(app, message),
        Message::Explorer(message) => explorer_effects(super::explorer::update(app, message)),
        // While the explorer is open it has the keyboard: typing filters or fills a parameter.
        Message::Cancel if explorer_open(app) => explorer_effects(super::explorer::escape(app)),
        Message::Form(super::FormMessage::Edit(request)) if explorer_open(app) => explorer_effects(
            super::explorer::update(app, super::ExplorerMessage::Edit(request)),
        ),
        Message::Form(super::FormMessage::Paste(text)) if explorer_open(app) => explorer_effects(
            super::explorer::update(app, super::ExplorerMessage::Paste(text)),
        ),
        Message::Form(_) if explorer_open(app) => Vec::new(),
        // The wheel and PgUp/PgDn move through the explorer's list while it is open.
        Message::Navigation(NavigationMessage::Scroll(rows)) if explorer_open(app) => {
            let rows = rows.clamp(-1000, 1000);
            explorer_effects(super::explorer::update(
                app,
                super::ExplorerMessage::Move(rows),
            ))
        }
        Message::Navigation(NavigationMessage::ScrollPage(pages)) if explorer_open(app) => {
            let rows = pages.clamp(-100, 100) * 10;
            explorer_effects(super::explorer::update(
                app,
                super::ExplorerMessage::Move(rows),
            ))
        }
        Message::Store(crate::app::StoreMessage::Rerun) => store::rerun(app, now),
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
        // In sign-in mode, Enter signs in (again); the inspection follows the sign-in.
        Message::Request(RequestMessage::Send) if sign_in::enter_signs_in(app) => {
            sign_in::start(app, now)
        }
        Message::Request(RequestMessage::Send) => request::send(app, now),
        Message::Request(RequestMessage::CopyCurl) => navigation::copy_curl(app),
        Message::Cancel => navigation::escape(app)
            .or_else(|| sign_in::cancel(app))
            .unwrap_or_else(|| request::cancel(app, now)),
        Message::Navigation(message) => {
            navigation::navigate(app, message);
            Vec::new()
        }
    }
}

fn explorer_open(app: &App) -> bool {
    app.overlay == Overlay::Explorer
}

fn explorer_effects(effects: Vec<super::ExplorerEffect>) -> Vec<Effect> {
    effects.into_iter().map(Effect::Explorer).collect()
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
