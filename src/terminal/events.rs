//! Terminal events to messages, and nothing else: crossterm's keys and mouse events become
//! the app's own [`Key`] and [`Mouse`], which the binding table (`app::bindings`) turns into
//! messages.

use crossterm::event::{
    Event, KeyCode as CtKeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent,
    MouseEventKind,
};

use crate::app::{
    FormMessage, Key, KeyCode, KeyContext, Message, Modifiers, Mouse, message_for_key,
    message_for_mouse,
};

/// Maps a terminal event to a message. `None` for events that change nothing (key releases,
/// mouse motion), so the runtime does not even redraw.
#[must_use]
pub fn message_for_event(event: &Event, context: KeyContext) -> Option<Message> {
    match event {
        Event::Key(key) => key_of(*key).and_then(|key| message_for_key(key, context)),
        Event::Paste(text) => Some(FormMessage::Paste(text.clone()).into()),
        Event::Resize(width, height) => Some(Message::Resize {
            width: *width,
            height: *height,
        }),
        Event::Mouse(mouse) => mouse_of(*mouse).map(message_for_mouse),
        Event::FocusGained | Event::FocusLost => None,
    }
}

/// The app's key for a crossterm key event; `None` for a release.
#[must_use]
pub fn key_of(event: KeyEvent) -> Option<Key> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    let code = match event.code {
        CtKeyCode::Char(c) => KeyCode::Char(c),
        CtKeyCode::F(n) => KeyCode::F(n),
        CtKeyCode::Enter => KeyCode::Enter,
        CtKeyCode::Esc => KeyCode::Esc,
        CtKeyCode::Tab => KeyCode::Tab,
        CtKeyCode::BackTab => KeyCode::BackTab,
        CtKeyCode::Up => KeyCode::Up,
        CtKeyCode::Down => KeyCode::Down,
        CtKeyCode::Left => KeyCode::Left,
        CtKeyCode::Right => KeyCode::Right,
        CtKeyCode::Home => KeyCode::Home,
        CtKeyCode::End => KeyCode::End,
        CtKeyCode::PageUp => KeyCode::PageUp,
        CtKeyCode::PageDown => KeyCode::PageDown,
        CtKeyCode::Backspace => KeyCode::Backspace,
        CtKeyCode::Delete => KeyCode::Delete,
        _ => KeyCode::Other,
    };
    let m = event.modifiers;
    let modifiers = Modifiers {
        shift: m.contains(KeyModifiers::SHIFT),
        ctrl: m.contains(KeyModifiers::CONTROL),
        alt: m.contains(KeyModifiers::ALT),
        meta: m.contains(KeyModifiers::META),
        other: m.intersects(KeyModifiers::SUPER | KeyModifiers::HYPER),
    };
    Some(Key::new(code, modifiers))
}

/// The app's mouse action for a crossterm mouse event; `None` for what the app ignores.
fn mouse_of(mouse: MouseEvent) -> Option<Mouse> {
    match mouse.kind {
        MouseEventKind::ScrollUp => Some(Mouse::WheelUp),
        MouseEventKind::ScrollDown => Some(Mouse::WheelDown),
        MouseEventKind::Down(MouseButton::Left) => Some(Mouse::Click {
            column: mouse.column,
            row: mouse.row,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn releases_and_mouse_motion_change_nothing() {
        let mut release = KeyEvent::new(CtKeyCode::Char('a'), KeyModifiers::NONE);
        release.kind = KeyEventKind::Release;
        assert!(message_for_event(&Event::Key(release), KeyContext::default()).is_none());
        let motion = Event::Mouse(MouseEvent {
            kind: MouseEventKind::Moved,
            column: 1,
            row: 1,
            modifiers: KeyModifiers::NONE,
        });
        assert!(message_for_event(&motion, KeyContext::default()).is_none());
    }

    #[test]
    fn crossterm_keys_become_the_apps_keys() {
        let event = KeyEvent::new(
            CtKeyCode::Char('G'),
            KeyModifiers::SHIFT | KeyModifiers::CONTROL,
        );
        assert_eq!(
            key_of(event),
            Some(Key::new(
                KeyCode::Char('G'),
                Modifiers {
                    shift: true,
                    ctrl: true,
                    ..Modifiers::NONE
                }
            ))
        );
        let super_a = KeyEvent::new(CtKeyCode::Char('a'), KeyModifiers::SUPER);
        assert_eq!(
            key_of(super_a).map(|k| k.modifiers),
            Some(Modifiers {
                other: true,
                ..Modifiers::NONE
            })
        );
        let insert = KeyEvent::new(CtKeyCode::Insert, KeyModifiers::NONE);
        assert_eq!(key_of(insert).map(|k| k.code), Some(KeyCode::Other));
    }
}
