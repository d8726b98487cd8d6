//! `update`: the one place where state changes. Synchronous, no I/O; what must happen outside
//! (send, cancel, probe, copy) is returned as effects for the runtime to carry out.

mod navigation;
mod request;

use super::{App, Focus, Overlay, insert_at_cursor};
use crate::api::{Credentials, Probe};
use crate::event::Message;

#[cfg(test)]
use navigation::PAGE_LINES;

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
}

/// Applies a message to the app and returns the effects to carry out.
pub fn update(app: &mut App, message: Message) -> Vec<Effect> {
    // A notice is read once: the next key or click clears it.
    if !matches!(
        message,
        Message::Tick(_)
            | Message::Finished { .. }
            | Message::ProbeFinished { .. }
            | Message::Resize { .. }
    ) {
        app.notice = None;
    }
    match message {
        Message::Quit => {
            app.should_quit = true;
            Vec::new()
        }
        Message::ToggleHelp => {
            app.overlay = if app.overlay == Overlay::Help {
                Overlay::None
            } else {
                Overlay::Help
            };
            app.help_scroll = 0;
            Vec::new()
        }
        Message::ToggleHistory => {
            navigation::toggle_history(app);
            Vec::new()
        }
        _ if app.overlay == Overlay::Help => help_overlay(app, message),
        Message::Edit(request) => {
            if app.search.editing {
                app.search.query.handle(request);
            } else {
                app.focus = Focus::Form;
                app.form.handle_focused(request);
                app.refresh_blocked();
            }
            Vec::new()
        }
        Message::Paste(text) => {
            if app.search.editing {
                let next = insert_at_cursor(&app.search.query, &text);
                app.search.query = next;
            } else {
                app.focus = Focus::Form;
                app.form
                    .edit_focused(|input| insert_at_cursor(input, &text));
                app.refresh_blocked();
            }
            Vec::new()
        }
        Message::ApplyFix => {
            if let Some(fix) = app.available_fix() {
                app.form.apply_fix(fix);
                app.focus = Focus::Form;
                app.refresh_blocked();
            }
            Vec::new()
        }
        Message::NextField => {
            navigation::move_focus(app, true);
            Vec::new()
        }
        Message::PrevField => {
            navigation::move_focus(app, false);
            Vec::new()
        }
        Message::ToggleReveal => {
            app.form.reveal = !app.form.reveal;
            Vec::new()
        }
        Message::ToggleAuthMode => {
            app.form.toggle_mode();
            app.focus = Focus::Form;
            app.blocked = false;
            Vec::new()
        }
        Message::Send => request::send(app),
        Message::Cancel => navigation::escape(app).unwrap_or_else(|| request::cancel(app)),
        Message::CopyCurl => navigation::copy_curl(app),
        Message::HistoryMove(_)
        | Message::HistoryOpen
        | Message::SelectTab(_)
        | Message::CycleTab(_)
        | Message::Scroll(_)
        | Message::ScrollPage(_)
        | Message::ScrollTroubleshooting(_)
        | Message::StartSearch
        | Message::ConfirmSearch
        | Message::SearchNext(_)
        | Message::Click { .. }
        | Message::Resize { .. } => {
            navigation::navigate(app, &message);
            Vec::new()
        }
        Message::Tick(_) | Message::Finished { .. } | Message::ProbeFinished { .. } => {
            request::background(app, message)
        }
    }
}

/// While the help overlay is open, it has the keyboard: Esc closes it, arrows scroll it, and
/// other keys do nothing, so a stray keystroke cannot edit a field the user cannot see.
fn help_overlay(app: &mut App, message: Message) -> Vec<Effect> {
    match message {
        Message::Cancel => app.overlay = Overlay::None,
        Message::Scroll(lines) => scroll_help(app, i64::from(lines)),
        Message::ScrollPage(pages) => scroll_help(app, i64::from(pages) * 10),
        Message::Resize { .. } | Message::Click { .. } => navigation::navigate(app, &message),
        other => return request::background(app, other),
    }
    Vec::new()
}

fn scroll_help(app: &mut App, delta: i64) {
    let max = crate::ui::max_help_scroll(app);
    app.help_scroll = navigation::offset(app.help_scroll, delta, max);
}

#[cfg(test)]
mod tests;
