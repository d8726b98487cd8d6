//! The help and history overlays: opening, closing, and moving in the history.

use crate::app::message::OverlayMessage;
use crate::app::{App, AttemptOutcome, Overlay, RequestState, history_first};

use super::{Effect, navigation};

/// Applies an overlay message.
pub fn update(app: &mut App, message: OverlayMessage) -> Vec<Effect> {
    match message {
        OverlayMessage::ToggleHelp => {
            app.overlay = if app.overlay == Overlay::Help {
                Overlay::None
            } else {
                Overlay::Help
            };
            app.help_scroll = 0;
        }
        OverlayMessage::ToggleHistory => toggle_history(app),
        // The help overlay has the keyboard: the history cursor stays where it is.
        OverlayMessage::HistoryMove(_) | OverlayMessage::HistoryOpen
            if app.overlay == Overlay::Help => {}
        OverlayMessage::HistoryMove(step) => {
            let last = app.history.len().saturating_sub(1);
            app.history_cursor = navigation::offset(app.history_cursor, i64::from(step), last);
            if let Some(rows) = app.layout.history_rows {
                app.history_scroll = history_first(
                    app.history_scroll,
                    app.history_cursor,
                    app.history.len(),
                    rows,
                );
            }
        }
        OverlayMessage::HistoryOpen => open_history(app),
    }
    Vec::new()
}

/// F6 / h: open or close the history, the cursor on the newest attempt.
fn toggle_history(app: &mut App) {
    if app.overlay == Overlay::History {
        app.overlay = Overlay::None;
    } else {
        app.overlay = Overlay::History;
        app.history_cursor = app.history.len().saturating_sub(1);
        // The last page: clamped to it by the view and by the next recorded frame.
        app.history_scroll = app.history.len();
    }
}

fn open_history(app: &mut App) {
    let Some(attempt) = app.history.get(app.history_cursor) else {
        return;
    };
    match &attempt.outcome {
        AttemptOutcome::Done(completed) => {
            app.request = RequestState::Done(std::sync::Arc::clone(completed));
        }
        AttemptOutcome::Cancelled(after) => {
            app.request = RequestState::Cancelled {
                url: attempt.url.clone(),
                after: *after,
            };
        }
        // The attempt still running is already the one on screen, or will be superseded.
        AttemptOutcome::Pending => {}
    }
    app.overlay = Overlay::None;
    app.scroll = [0; 5];
    app.troubleshooting_scroll = 0;
    app.search.matches.clear();
}
