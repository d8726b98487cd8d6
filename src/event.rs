//! Messages: every change of state is one. Terminal events are mapped to messages here, and
//! only here; `update` never sees a raw key. What a key means depends on where focus is (a
//! form field takes letters as text; the result tabs take them as commands), so the mapping
//! reads a small [`KeyContext`].

use std::time::Instant;

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use tui_input::InputRequest;

use crate::api::{Exchange, Probe};
use crate::app::{App, Completed, Focus, Overlay, Tab};

/// Something that happened: a user action, a tick, or a background result.
#[derive(Debug)]
pub enum Message {
    /// Edit the focused field (or the search prompt while it is open).
    Edit(InputRequest),
    /// Text pasted (bracketed paste) into the focused field.
    Paste(String),
    /// Focus the next field (after the last field: the result tabs).
    NextField,
    /// Focus the previous field.
    PrevField,
    /// Send the request.
    Send,
    /// Esc: close the search prompt or an overlay, or cancel the request in flight.
    Cancel,
    /// Reveal or hide the secret.
    ToggleReveal,
    /// Apply the fix the first pre-flight finding offers (Ctrl+T).
    ApplyFix,
    /// Switch between personal access token and OAuth access token.
    ToggleAuthMode,
    /// Open or close the help overlay.
    ToggleHelp,
    /// Open or close the history overlay.
    ToggleHistory,
    /// Move the history cursor by rows.
    HistoryMove(i32),
    /// Show the attempt under the history cursor.
    HistoryOpen,
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
    /// Copy the request as a curl command (OSC 52).
    CopyCurl,
    /// A mouse click at a cell.
    Click {
        /// Column.
        column: u16,
        /// Row.
        row: u16,
    },
    /// The terminal has this size (sent at start and on every resize).
    Resize {
        /// Columns.
        width: u16,
        /// Rows.
        height: u16,
    },
    /// Animation tick while something runs.
    Tick(Instant),
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
    /// Quit (Ctrl+C, Ctrl+Q, or a termination signal).
    Quit,
}

/// What the key mapping needs to know about the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyContext {
    /// Where focus is.
    pub focus: Focus,
    /// Whether the search prompt takes the keys.
    pub searching: bool,
    /// What overlay is open.
    pub overlay: Overlay,
}

impl KeyContext {
    /// The context of an app.
    #[must_use]
    pub fn of(app: &App) -> Self {
        Self {
            focus: app.focus,
            searching: app.search.editing,
            overlay: app.overlay,
        }
    }
}

impl Default for KeyContext {
    fn default() -> Self {
        Self {
            focus: Focus::Form,
            searching: false,
            overlay: Overlay::None,
        }
    }
}

/// Maps a terminal event to a message. `None` for events that change nothing (key releases,
/// mouse motion), so the runtime does not even redraw.
#[must_use]
pub fn message_for_event(event: &Event, context: KeyContext) -> Option<Message> {
    match event {
        Event::Key(key) => message_for_key(*key, context),
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
pub fn message_for_key(key: KeyEvent, context: KeyContext) -> Option<Message> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    if let Some(message) = global_key(key) {
        return Some(message);
    }
    match context.overlay {
        Overlay::History => return history_key(key),
        // Help has the keyboard; update closes it on Esc and ignores the rest.
        Overlay::Help => {
            return match key.code {
                KeyCode::Esc => Some(Message::Cancel),
                KeyCode::Up => Some(Message::Scroll(-1)),
                KeyCode::Down => Some(Message::Scroll(1)),
                _ => None,
            };
        }
        Overlay::None => {}
    }
    if context.searching {
        return match key.code {
            KeyCode::Enter => Some(Message::ConfirmSearch),
            KeyCode::Esc => Some(Message::Cancel),
            _ => text_edit(key),
        };
    }
    match context.focus {
        Focus::Results => results_key(key),
        Focus::Form => form_key(key),
    }
}

/// Keys that mean the same everywhere.
fn global_key(key: KeyEvent) -> Option<Message> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    let message = match key.code {
        KeyCode::Char('c' | 'q') if ctrl => Message::Quit,
        KeyCode::Char('r') if ctrl => Message::ToggleReveal,
        KeyCode::Char('t') if ctrl => Message::ApplyFix,
        KeyCode::Char(c @ '1'..='5') if alt => {
            let index = usize::from(c as u8 - b'1');
            Message::SelectTab(Tab::ALL[index])
        }
        KeyCode::F(1) => Message::ToggleHelp,
        KeyCode::F(2) => Message::ToggleAuthMode,
        KeyCode::F(3) => Message::CycleTab(false),
        KeyCode::F(4) => Message::CycleTab(true),
        KeyCode::F(5) => Message::CopyCurl,
        KeyCode::F(6) => Message::ToggleHistory,
        KeyCode::PageUp => Message::ScrollPage(-1),
        KeyCode::PageDown => Message::ScrollPage(1),
        KeyCode::Home if ctrl => Message::Scroll(i32::MIN),
        KeyCode::End if ctrl => Message::Scroll(i32::MAX),
        KeyCode::Up if ctrl || alt => Message::ScrollTroubleshooting(-1),
        KeyCode::Down if ctrl || alt => Message::ScrollTroubleshooting(1),
        _ => return None,
    };
    Some(message)
}

fn history_key(key: KeyEvent) -> Option<Message> {
    match key.code {
        KeyCode::Up => Some(Message::HistoryMove(-1)),
        KeyCode::Down => Some(Message::HistoryMove(1)),
        KeyCode::Enter => Some(Message::HistoryOpen),
        KeyCode::Esc => Some(Message::Cancel),
        _ => None,
    }
}

fn results_key(key: KeyEvent) -> Option<Message> {
    let message = match key.code {
        KeyCode::Enter => Message::Send,
        KeyCode::Esc => Message::Cancel,
        KeyCode::Tab => Message::NextField,
        KeyCode::BackTab => Message::PrevField,
        KeyCode::Up | KeyCode::Char('k') => Message::Scroll(-1),
        KeyCode::Down | KeyCode::Char('j') => Message::Scroll(1),
        KeyCode::Home | KeyCode::Char('g') => Message::Scroll(i32::MIN),
        KeyCode::End | KeyCode::Char('G') => Message::Scroll(i32::MAX),
        KeyCode::Left => Message::CycleTab(false),
        KeyCode::Right => Message::CycleTab(true),
        KeyCode::Char('/') => Message::StartSearch,
        KeyCode::Char('n') => Message::SearchNext(true),
        KeyCode::Char('N') => Message::SearchNext(false),
        KeyCode::Char('c') => Message::CopyCurl,
        KeyCode::Char('h') => Message::ToggleHistory,
        KeyCode::Char(c @ '1'..='5') => Message::SelectTab(Tab::ALL[usize::from(c as u8 - b'1')]),
        _ => return None,
    };
    Some(message)
}

fn form_key(key: KeyEvent) -> Option<Message> {
    let message = match key.code {
        KeyCode::Enter => Message::Send,
        KeyCode::Esc => Message::Cancel,
        KeyCode::Tab | KeyCode::Down => Message::NextField,
        KeyCode::BackTab | KeyCode::Up => Message::PrevField,
        _ => return text_edit(key),
    };
    Some(message)
}

fn text_edit(key: KeyEvent) -> Option<Message> {
    tui_input::backend::crossterm::to_input_request(&Event::Key(key)).map(Message::Edit)
}

fn message_for_mouse(mouse: MouseEvent) -> Option<Message> {
    match mouse.kind {
        MouseEventKind::ScrollUp => Some(Message::Scroll(-3)),
        MouseEventKind::ScrollDown => Some(Message::Scroll(3)),
        MouseEventKind::Down(MouseButton::Left) => Some(Message::Click {
            column: mouse.column,
            row: mouse.row,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key_in(code: KeyCode, modifiers: KeyModifiers, context: KeyContext) -> Option<Message> {
        message_for_key(KeyEvent::new(code, modifiers), context)
    }

    fn key(code: KeyCode, modifiers: KeyModifiers) -> Option<Message> {
        key_in(code, modifiers, KeyContext::default())
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
            key(KeyCode::F(5), KeyModifiers::NONE),
            Some(Message::CopyCurl)
        ));
        assert!(matches!(
            key(KeyCode::BackTab, KeyModifiers::SHIFT),
            Some(Message::PrevField)
        ));
        assert!(matches!(
            key(KeyCode::Char('3'), KeyModifiers::ALT),
            Some(Message::SelectTab(Tab::Headers))
        ));
    }

    #[test]
    fn letters_are_text_in_the_form_and_commands_in_the_results() {
        assert!(matches!(
            key(KeyCode::Char('/'), KeyModifiers::NONE),
            Some(Message::Edit(InputRequest::InsertChar('/')))
        ));
        let results = KeyContext {
            focus: Focus::Results,
            ..KeyContext::default()
        };
        assert!(matches!(
            key_in(KeyCode::Char('/'), KeyModifiers::NONE, results),
            Some(Message::StartSearch)
        ));
        assert!(matches!(
            key_in(KeyCode::Char('n'), KeyModifiers::NONE, results),
            Some(Message::SearchNext(true))
        ));
        assert!(matches!(
            key_in(KeyCode::Down, KeyModifiers::NONE, results),
            Some(Message::Scroll(1))
        ));
        let searching = KeyContext {
            searching: true,
            ..results
        };
        assert!(matches!(
            key_in(KeyCode::Char('n'), KeyModifiers::NONE, searching),
            Some(Message::Edit(InputRequest::InsertChar('n')))
        ));
        assert!(matches!(
            key_in(KeyCode::Enter, KeyModifiers::NONE, searching),
            Some(Message::ConfirmSearch)
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
    fn overlays_take_the_keyboard() {
        let history = KeyContext {
            overlay: Overlay::History,
            ..KeyContext::default()
        };
        assert!(matches!(
            key_in(KeyCode::Down, KeyModifiers::NONE, history),
            Some(Message::HistoryMove(1))
        ));
        assert!(key_in(KeyCode::Char('x'), KeyModifiers::NONE, history).is_none());
        let help = KeyContext {
            overlay: Overlay::Help,
            ..KeyContext::default()
        };
        assert!(key_in(KeyCode::Char('x'), KeyModifiers::NONE, help).is_none());
        assert!(matches!(
            key_in(KeyCode::Char('q'), KeyModifiers::CONTROL, help),
            Some(Message::Quit)
        ));
    }

    #[test]
    fn releases_and_mouse_motion_change_nothing() {
        let mut release = KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE);
        release.kind = KeyEventKind::Release;
        assert!(message_for_key(release, KeyContext::default()).is_none());
        let motion = Event::Mouse(MouseEvent {
            kind: MouseEventKind::Moved,
            column: 1,
            row: 1,
            modifiers: KeyModifiers::NONE,
        });
        assert!(message_for_event(&motion, KeyContext::default()).is_none());
    }
}
