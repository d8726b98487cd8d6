//! Messages: every change of state is one. Terminal events are mapped to messages here, and
//! only here; `update` never sees a raw key.

use std::time::Instant;

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind,
};
use tui_input::InputRequest;

use crate::app::Completed;

/// Something that happened: a user action, a tick, or a background result.
#[derive(Debug)]
pub enum Message {
    /// Edit the focused field.
    Edit(InputRequest),
    /// Text pasted (bracketed paste) into the focused field.
    Paste(String),
    /// Focus the next field.
    NextField,
    /// Focus the previous field.
    PrevField,
    /// Send the request.
    Send,
    /// Esc: close an overlay, or cancel the request in flight.
    Cancel,
    /// Reveal or hide the secret.
    ToggleReveal,
    /// Apply the fix the first pre-flight finding offers (Ctrl+T).
    ApplyFix,
    /// Switch between personal access token and OAuth access token.
    ToggleAuthMode,
    /// Open or close the help overlay.
    ToggleHelp,
    /// Scroll the response body by lines (negative: up).
    Scroll(i32),
    /// Scroll the response body by pages (negative: up).
    ScrollPage(i32),
    /// Scroll the troubleshooting panel by lines (negative: up).
    ScrollTroubleshooting(i32),
    /// The terminal has this size (sent at start and on every resize).
    Resize {
        /// Columns.
        width: u16,
        /// Rows.
        height: u16,
    },
    /// Animation tick while a request is in flight.
    Tick(Instant),
    /// A request finished (tagged with its id, so a stale answer is recognised).
    Finished {
        /// The request id.
        id: u64,
        /// What came of it.
        completed: Box<Completed>,
    },
    /// Quit (Ctrl+C, Ctrl+Q, or a termination signal).
    Quit,
}

/// Maps a terminal event to a message. `None` for events that change nothing (key releases,
/// mouse motion), so the runtime does not even redraw.
#[must_use]
pub fn message_for_event(event: &Event) -> Option<Message> {
    match event {
        Event::Key(key) => message_for_key(*key),
        Event::Paste(text) => Some(Message::Paste(text.clone())),
        Event::Resize(width, height) => Some(Message::Resize {
            width: *width,
            height: *height,
        }),
        Event::Mouse(mouse) => message_for_mouse(*mouse),
        Event::FocusGained | Event::FocusLost => None,
    }
}

/// Maps a key to a message.
#[must_use]
pub fn message_for_key(key: KeyEvent) -> Option<Message> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    let message = match key.code {
        KeyCode::Char('c' | 'q') if ctrl => Message::Quit,
        KeyCode::Char('r') if ctrl => Message::ToggleReveal,
        KeyCode::Char('t') if ctrl => Message::ApplyFix,
        KeyCode::Enter => Message::Send,
        KeyCode::Esc => Message::Cancel,
        KeyCode::Up if ctrl || alt => Message::ScrollTroubleshooting(-1),
        KeyCode::Down if ctrl || alt => Message::ScrollTroubleshooting(1),
        KeyCode::Tab | KeyCode::Down => Message::NextField,
        KeyCode::BackTab | KeyCode::Up => Message::PrevField,
        KeyCode::F(1) => Message::ToggleHelp,
        KeyCode::F(2) => Message::ToggleAuthMode,
        KeyCode::PageUp => Message::ScrollPage(-1),
        KeyCode::PageDown => Message::ScrollPage(1),
        KeyCode::Home if ctrl => Message::Scroll(i32::MIN),
        KeyCode::End if ctrl => Message::Scroll(i32::MAX),
        _ => {
            return tui_input::backend::crossterm::to_input_request(&Event::Key(key))
                .map(Message::Edit);
        }
    };
    Some(message)
}

fn message_for_mouse(mouse: MouseEvent) -> Option<Message> {
    match mouse.kind {
        MouseEventKind::ScrollUp => Some(Message::Scroll(-3)),
        MouseEventKind::ScrollDown => Some(Message::Scroll(3)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> Option<Message> {
        message_for_key(KeyEvent::new(code, modifiers))
    }

    #[test]
    fn control_keys_map_to_actions() {
        assert!(matches!(
            key(KeyCode::Char('c'), KeyModifiers::CONTROL),
            Some(Message::Quit)
        ));
        assert!(matches!(
            key(KeyCode::Char('q'), KeyModifiers::CONTROL),
            Some(Message::Quit)
        ));
        assert!(matches!(
            key(KeyCode::Char('r'), KeyModifiers::CONTROL),
            Some(Message::ToggleReveal)
        ));
        assert!(matches!(
            key(KeyCode::F(1), KeyModifiers::NONE),
            Some(Message::ToggleHelp)
        ));
        assert!(matches!(
            key(KeyCode::BackTab, KeyModifiers::SHIFT),
            Some(Message::PrevField)
        ));
    }

    #[test]
    fn plain_letters_are_text_not_commands() {
        assert!(matches!(
            key(KeyCode::Char('q'), KeyModifiers::NONE),
            Some(Message::Edit(InputRequest::InsertChar('q')))
        ));
        assert!(matches!(
            key(KeyCode::Char('u'), KeyModifiers::CONTROL),
            Some(Message::Edit(InputRequest::DeleteLine))
        ));
        assert!(matches!(
            key(KeyCode::Char('w'), KeyModifiers::CONTROL),
            Some(Message::Edit(InputRequest::DeletePrevWord))
        ));
    }

    #[test]
    fn releases_and_mouse_motion_change_nothing() {
        let mut release = KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE);
        release.kind = KeyEventKind::Release;
        assert!(message_for_key(release).is_none());
        let motion = Event::Mouse(MouseEvent {
            kind: MouseEventKind::Moved,
            column: 1,
            row: 1,
            modifiers: KeyModifiers::NONE,
        });
        assert!(message_for_event(&motion).is_none());
    }
}
