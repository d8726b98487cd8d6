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

impl KeyCode {
    /// The key's name as the help writes it: `Enter`, `F5`, `PgUp`, `Shift+Tab`, `Up`, `c`.
    #[must_use]
    pub fn name(self) -> String {
        let name = match self {
            Self::Char(' ') => "Space",
            Self::Char(c) => return c.to_string(),
            Self::F(n) => return format!("F{n}"),
            Self::Enter => "Enter",
            Self::Esc => "Esc",
            Self::Tab => "Tab",
            Self::BackTab => "Shift+Tab",
            Self::Up => "Up",
            Self::Down => "Down",
            Self::Left => "Left",
            Self::Right => "Right",
            Self::Home => "Home",
            Self::End => "End",
            Self::PageUp => "PgUp",
            Self::PageDown => "PgDn",
            Self::Backspace => "Backspace",
            Self::Delete => "Delete",
            Self::Other => "(other key)",
        };
        name.to_owned()
    }

    /// The key's name where room is short (the footer): an arrow as its glyph (`↑`), any
    /// other key as [`KeyCode::name`].
    #[must_use]
    pub fn short_name(self) -> String {
        match self.arrow() {
            Some(glyph) => glyph.to_owned(),
            None => self.name(),
        }
    }

    /// The glyph of an arrow key.
    #[must_use]
    pub fn arrow(self) -> Option<&'static str> {
        match self {
            Self::Up => Some("↑"),
            Self::Down => Some("↓"),
            Self::Left => Some("←"),
            Self::Right => Some("→"),
            _ => None,
        }
    }
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

    /// The key's name as the help writes it: `Ctrl+R`, `Alt+1`, `Ctrl+Home`, `Backspace`.
    #[must_use]
    pub fn name(self) -> String {
        self.named(self.code.name())
    }

    /// The key's name where room is short (the footer): arrows as glyphs, `Ctrl+↑`.
    #[must_use]
    pub fn short_name(self) -> String {
        self.named(self.code.short_name())
    }

    /// `code` after the modifiers' prefixes. A letter held with Ctrl, Alt or Meta is written
    /// in capitals, as keyboards label it (`Ctrl+R`); Shift is part of a character typed
    /// (`N`) and of Shift+Tab, so it is named only for other keys.
    fn named(self, code: String) -> String {
        let m = self.modifiers;
        let mut name = String::new();
        for (held, prefix) in [
            (m.ctrl, "Ctrl+"),
            (m.alt, "Alt+"),
            (m.meta, "Meta+"),
            (
                m.shift && !matches!(self.code, KeyCode::Char(_) | KeyCode::BackTab),
                "Shift+",
            ),
        ] {
            if held {
                name.push_str(prefix);
            }
        }
        if name.is_empty() {
            return code;
        }
        match self.code {
            KeyCode::Char(c) if c.is_ascii_lowercase() => name.push(c.to_ascii_uppercase()),
            _ => name.push_str(&code),
        }
        name
    }
}

/// The readline-style editing keys of a text field, as `tui-input`'s crossterm backend maps
/// them (so editing behaves as it always has). This is the one place they are mapped:
/// [`text_edit`] reads it, and the help names an edit by the first key listed for it here.
pub const TEXT_EDIT_KEYS: &[(Key, InputRequest)] = {
    use InputRequest::{
        DeleteLine, DeleteNextChar, DeleteNextWord, DeletePrevChar, DeletePrevWord, DeleteTillEnd,
        GoToEnd, GoToNextChar, GoToNextWord, GoToPrevChar, GoToPrevWord, GoToStart, Yank,
    };
    use KeyCode::{Backspace, Char, Delete, End, Home, Left, Right};
    const fn plain(code: KeyCode) -> Key {
        Key::plain(code)
    }
    const fn ctrl(code: KeyCode) -> Key {
        Key::new(code, Modifiers::CTRL)
    }
    const fn meta(code: KeyCode) -> Key {
        Key::new(code, Modifiers::META)
    }
    &[
        (plain(Backspace), DeletePrevChar),
        (ctrl(Char('h')), DeletePrevChar),
        (plain(Delete), DeleteNextChar),
        (plain(Left), GoToPrevChar),
        (ctrl(Char('b')), GoToPrevChar),
        (ctrl(Left), GoToPrevWord),
        (meta(Char('b')), GoToPrevWord),
        (plain(Right), GoToNextChar),
        (ctrl(Char('f')), GoToNextChar),
        (ctrl(Right), GoToNextWord),
        (meta(Char('f')), GoToNextWord),
        (ctrl(Char('u')), DeleteLine),
        (ctrl(Char('w')), DeletePrevWord),
        (meta(Char('d')), DeletePrevWord),
        (meta(Backspace), DeletePrevWord),
        (Key::new(Backspace, Modifiers::ALT), DeletePrevWord),
        (ctrl(Delete), DeleteNextWord),
        (ctrl(Char('k')), DeleteTillEnd),
        (ctrl(Char('y')), Yank),
        (plain(Home), GoToStart),
        (ctrl(Char('a')), GoToStart),
        (plain(End), GoToEnd),
        (ctrl(Char('e')), GoToEnd),
    ]
};

/// What a key does to a text field: an editing key of [`TEXT_EDIT_KEYS`], or a character
/// typed. Tab is never text: it moves focus.
#[must_use]
pub fn text_edit(key: Key) -> Option<InputRequest> {
    const CTRL_ALT: Modifiers = Modifiers {
        ctrl: true,
        alt: true,
        ..Modifiers::NONE
    };
    if let Some((_, edit)) = TEXT_EDIT_KEYS.iter().find(|(k, _)| *k == key) {
        return Some(*edit);
    }
    match (key.code, key.modifiers) {
        // AltGr arrives as Ctrl+Alt: the character it makes is text.
        (KeyCode::Char(c), Modifiers::NONE | Modifiers::SHIFT | CTRL_ALT) => {
            Some(InputRequest::InsertChar(c))
        }
        _ => None,
    }
}

/// The key the help names for an edit: the first of [`TEXT_EDIT_KEYS`] that makes it.
#[must_use]
pub fn edit_key(edit: InputRequest) -> Option<Key> {
    TEXT_EDIT_KEYS
        .iter()
        .find(|(_, e)| *e == edit)
        .map(|(key, _)| *key)
}
