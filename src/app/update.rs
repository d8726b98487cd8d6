//! `update`: the one place where state changes. Synchronous, no I/O; what must happen outside
//! (send, cancel) is returned as effects for the runtime to carry out.

use super::{App, Completed, Overlay, RequestState, insert_at_cursor};
use crate::api::Credentials;
use crate::diagnose::blocks_sending;
use crate::event::Message;

/// Lines a page scroll moves.
pub const PAGE_LINES: usize = 10;

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
    /// Abort the task of request `id`.
    Cancel {
        /// The request to abort.
        id: u64,
    },
}

/// Applies a message to the app and returns the effects to carry out.
pub fn update(app: &mut App, message: Message) -> Vec<Effect> {
    match message {
        Message::Quit => {
            app.should_quit = true;
            Vec::new()
        }
        Message::ToggleHelp => {
            app.overlay = match app.overlay {
                Overlay::None => Overlay::Help,
                Overlay::Help => Overlay::None,
            };
            Vec::new()
        }
        // While the help overlay is open, it has the keyboard: Esc closes it, other keys
        // do nothing, so a stray keystroke cannot edit a field the user cannot see.
        _ if app.overlay == Overlay::Help => {
            if matches!(message, Message::Cancel) {
                app.overlay = Overlay::None;
            }
            Vec::new()
        }
        Message::Edit(request) => {
            app.form.handle_focused(request);
            app.refresh_blocked();
            Vec::new()
        }
        Message::Paste(text) => {
            app.form
                .edit_focused(|input| insert_at_cursor(input, &text));
            app.refresh_blocked();
            Vec::new()
        }
        Message::ApplyFix => {
            if let Some(fix) = app.available_fix() {
                app.form.apply_fix(fix);
                app.refresh_blocked();
            }
            Vec::new()
        }
        Message::NextField => {
            app.form.move_focus(true);
            Vec::new()
        }
        Message::PrevField => {
            app.form.move_focus(false);
            Vec::new()
        }
        Message::ToggleReveal => {
            app.form.reveal = !app.form.reveal;
            Vec::new()
        }
        Message::ToggleAuthMode => {
            app.form.toggle_mode();
            app.blocked = false;
            app.refresh_blocked();
            Vec::new()
        }
        Message::Send => send(app),
        Message::Cancel => cancel(app),
        Message::Scroll(lines) => {
            scroll(app, i64::from(lines));
            Vec::new()
        }
        Message::ScrollPage(pages) => {
            scroll(
                app,
                i64::from(pages) * i64::try_from(PAGE_LINES).unwrap_or(10),
            );
            Vec::new()
        }
        Message::Tick(now) => {
            app.now = now;
            if let RequestState::InFlight {
                started,
                elapsed,
                frame,
                ..
            } = &mut app.request
            {
                *elapsed = now.saturating_duration_since(*started);
                *frame = frame.wrapping_add(1);
            }
            Vec::new()
        }
        Message::Finished { id, completed } => {
            finish(app, id, completed);
            Vec::new()
        }
        Message::Resize { width, height } => {
            app.size = (width, height);
            app.body_scroll = app.body_scroll.min(max_body_scroll(app));
            app.troubleshooting_scroll = app
                .troubleshooting_scroll
                .min(crate::ui::max_troubleshooting_scroll(app));
            Vec::new()
        }
        Message::ScrollTroubleshooting(lines) => {
            let max = crate::ui::max_troubleshooting_scroll(app);
            app.troubleshooting_scroll = offset(app.troubleshooting_scroll, i64::from(lines), max);
            Vec::new()
        }
    }
}

fn send(app: &mut App) -> Vec<Effect> {
    let findings = app.preflight();
    if blocks_sending(&findings) {
        app.blocked = true;
        return Vec::new();
    }
    app.blocked = false;

    let mut effects = Vec::new();
    // The newest request wins: a running one is aborted, so its answer can never land.
    if let RequestState::InFlight { id, .. } = app.request {
        effects.push(Effect::Cancel { id });
    }
    let id = app.next_request_id;
    app.next_request_id += 1;
    app.request = RequestState::InFlight {
        id,
        started: std::time::Instant::now(),
        elapsed: std::time::Duration::ZERO,
        frame: 0,
        url: format!("{}/account", app.base_url.trim_end_matches('/')),
    };
    app.body_scroll = 0;
    app.troubleshooting_scroll = 0;
    effects.push(Effect::Send {
        id,
        credentials: app.form.credentials(),
    });
    effects
}

fn cancel(app: &mut App) -> Vec<Effect> {
    match &app.request {
        RequestState::InFlight {
            id, elapsed, url, ..
        } => {
            let effect = Effect::Cancel { id: *id };
            app.request = RequestState::Cancelled {
                url: url.clone(),
                after: *elapsed,
            };
            vec![effect]
        }
        _ => Vec::new(),
    }
}

fn finish(app: &mut App, id: u64, completed: Box<Completed>) {
    let current =
        matches!(app.request, RequestState::InFlight { id: running, .. } if running == id);
    if current {
        app.request = RequestState::Done(completed);
        app.body_scroll = 0;
        app.troubleshooting_scroll = 0;
    }
}

fn scroll(app: &mut App, delta: i64) {
    app.body_scroll = offset(app.body_scroll, delta, max_body_scroll(app));
}

/// The body scrolls until its last line is at the bottom of the panel.
fn max_body_scroll(app: &App) -> usize {
    let lines = app.completed().map_or(0, |c| c.body_lines.len());
    lines.saturating_sub(crate::ui::body_rows(app))
}

/// `current + delta`, kept within `0..=max`.
fn offset(current: usize, delta: i64, max: usize) -> usize {
    let current = i64::try_from(current).unwrap_or(i64::MAX);
    let next = current
        .saturating_add(delta)
        .clamp(0, i64::try_from(max).unwrap_or(i64::MAX));
    usize::try_from(next).unwrap_or(0)
}

#[cfg(test)]
mod tests;
