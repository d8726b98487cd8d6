//! The model's own key type. The terminal module converts its key events into [`Key`], so the
//! binding table and `update` never see a terminal library's types.

use tui_input::InputRequest;

/// Which key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyCode {
    /// A character (letters arrive in the case typed).
    Char(char),
    /// A function key, F1 = `F(1)`.
    F(u8),
    /// Enter.
    Enter,
    /// Esc.
    Esc,
    /// Tab.
    Tab,
    /// Shift+Tab.
    BackTab,
    /// Arrow up.
    Up,
    /// Arrow down.
    Down,
    /// Arrow left.
    Left,
    /// Arrow right.
    Right,
    /// Home.
    Home,
    /// End.
    End,
    /// Page up.
    PageUp,
    /// Page down.
    PageDown,
    /// Backspace.
    Backspace,
    /// Delete.
    Delete,
    /// Any other key (no binding uses it).
    Other,
}

/// The modifiers held with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[allow(clippy::struct_excessive_bools)] // Independent keys, as the terminal reports them.
pub struct Modifiers {
    /// Shift.
    pub shift: bool,
    /// Control.
    pub ctrl: bool,
    /// Alt (Option).
    pub alt: bool,
    /// Meta (word movement in a field, as readline's).
    pub meta: bool,
    /// Super or Hyper: no binding uses them, but they make a key not plain.
    pub other: bool,
}

impl Modifiers {
    /// No modifier.
    pub const NONE: Self = Self {
        shift: false,
        ctrl: false,
        alt: false,
        meta: false,
        other: false,
    };
    /// Control only.
    pub const CTRL: Self = Self {
        ctrl: true,
        ..Self::NONE
    };
    /// Alt only.
    pub const ALT: Self = Self {
        alt: true,
        ..Self::NONE
    };
    /// Shift only.
    pub const SHIFT: Self = Self {
        shift: true,
        ..Self::NONE
    };
    /// Meta only.
    pub const META: Self = Self {
        meta: true,
        ..Self::NONE
    };
}

/// A key press (or repeat) with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    /// Which key.
    pub code: KeyCode,
    /// What was held with it.
    pub modifiers: Modifiers,
}

impl Key {
    /// A key with these modifiers.
    #[must_use]
    pub const fn new(code: KeyCode, modifiers: Modifiers) -> Self {
        Self { code, modifiers }
    }

    /// A key without modifiers.
    #[must_use]
    pub const fn plain(code: KeyCode) -> Self {
        Self::new(code, Modifiers::NONE)
    }
}

/// What a key does to a text field: the readline-style editing keys, and characters typed
/// (as `tui-input`'s crossterm backend maps them, so editing behaves as it always has).
#[must_use]
pub fn text_edit(key: Key) -> Option<InputRequest> {
    use InputRequest::{
        DeleteLine, DeleteNextChar, DeleteNextWord, DeletePrevChar, DeletePrevWord, DeleteTillEnd,
        GoToEnd, GoToNextChar, GoToNextWord, GoToPrevChar, GoToPrevWord, GoToStart, InsertChar,
        Yank,
    };
    use KeyCode::{Backspace, Char, Delete, End, Home, Left, Right};
    const CTRL: Modifiers = Modifiers::CTRL;
    const META: Modifiers = Modifiers::META;
    const ALT: Modifiers = Modifiers::ALT;
    const NONE: Modifiers = Modifiers::NONE;
    const SHIFT: Modifiers = Modifiers::SHIFT;
    const CTRL_ALT: Modifiers = Modifiers {
        ctrl: true,
        alt: true,
        ..Modifiers::NONE
    };
    match (key.code, key.modifiers) {
        (Backspace, NONE) | (Char('h'), CTRL) => Some(DeletePrevChar),
        (Delete, NONE) => Some(DeleteNextChar),
        (Left, NONE) | (Char('b'), CTRL) => Some(GoToPrevChar),
        (Left, CTRL) | (Char('b'), META) => Some(GoToPrevWord),
        (Right, NONE) | (Char('f'), CTRL) => Some(GoToNextChar),
        (Right, CTRL) | (Char('f'), META) => Some(GoToNextWord),
        (Char('u'), CTRL) => Some(DeleteLine),
        (Char('w'), CTRL) | (Char('d'), META) | (Backspace, META | ALT) => Some(DeletePrevWord),
        (Delete, CTRL) => Some(DeleteNextWord),
        (Char('k'), CTRL) => Some(DeleteTillEnd),
        (Char('y'), CTRL) => Some(Yank),
        (Char('a'), CTRL) | (Home, NONE) => Some(GoToStart),
        (Char('e'), CTRL) | (End, NONE) => Some(GoToEnd),
        (Char(c), NONE | SHIFT | CTRL_ALT) => Some(InsertChar(c)),
        // Tab is never text: it moves focus.
        _ => None,
    }
}
