//! A single-line input for secrets: tui-input's editing, with `Debug` that never shows the
//! value and a best-effort wipe of the final value when dropped.
//!
//! Editing a `String` may leave copies of earlier contents in freed memory; no single-line
//! editor can avoid that. What this type guarantees is what can be tested: the value never
//! reaches `Debug`, logs or the screen unless revealed, and the last copy is zeroized.

use std::fmt;

use secrecy::SecretString;
use secrecy::zeroize::Zeroize as _;
use tui_input::{Input, InputRequest};

/// An input field whose value is a secret.
#[derive(Default, Clone)]
pub struct SecretInput {
    input: Input,
}

impl SecretInput {
    /// A field holding `value`, cursor at the end.
    #[must_use]
    pub fn new(value: String) -> Self {
        Self {
            input: Input::new(value),
        }
    }

    /// Applies an editing request; whether it changed the value (not only the cursor).
    pub fn handle(&mut self, request: InputRequest) -> bool {
        self.input
            .handle(request)
            .is_some_and(|changed| changed.value)
    }

    /// The editor, for the rare reader that needs the value (sending, preflight, reveal).
    #[must_use]
    pub fn input(&self) -> &Input {
        &self.input
    }

    /// Replaces the editor (used by paste).
    pub fn set(&mut self, input: Input) {
        let mut old = std::mem::replace(&mut self.input, input).value_and_reset();
        old.zeroize();
    }

    /// A copy of the value as a secret, to send.
    #[must_use]
    pub fn to_secret(&self) -> SecretString {
        SecretString::from(self.input.value().to_owned())
    }

    /// Number of characters, for the mask.
    #[must_use]
    pub fn char_count(&self) -> usize {
        self.input.value().chars().count()
    }
}

impl fmt::Debug for SecretInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretInput([REDACTED], {} chars)", self.char_count())
    }
}

impl Drop for SecretInput {
    fn drop(&mut self) {
        self.input.value_and_reset().zeroize();
    }
}

/// Inserts `text` at the cursor of `input`, in one step (pasting 100 kB char by char would be
/// quadratic), and returns the new editor.
#[must_use]
pub fn insert_at_cursor(input: &Input, text: &str) -> Input {
    let value = input.value();
    let cursor = input.cursor();
    let byte = value
        .char_indices()
        .nth(cursor)
        .map_or(value.len(), |(i, _)| i);
    let mut joined = String::with_capacity(value.len() + text.len());
    joined.push_str(&value[..byte]);
    joined.push_str(text);
    joined.push_str(&value[byte..]);
    Input::new(joined).with_cursor(cursor + text.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret as _;

    #[test]
    fn debug_never_shows_the_value() {
        let field = SecretInput::new("e68ead46-a7db-46cd-8a1a-44aed1e4e372".into());
        let debug = format!("{field:?}");
        assert!(!debug.contains("e68ead46"), "{debug}");
        assert!(debug.contains("36 chars"));
    }

    #[test]
    fn paste_inserts_at_the_cursor() {
        let input = Input::new("abcd".into()).with_cursor(2);
        let pasted = insert_at_cursor(&input, "XY");
        assert_eq!(pasted.value(), "abXYcd");
        assert_eq!(pasted.cursor(), 4);
        let unicode = insert_at_cursor(&Input::new("äö".into()).with_cursor(1), "ü");
        assert_eq!(unicode.value(), "äüö");
    }

    #[test]
    fn editing_and_secret_copy() {
        let mut field = SecretInput::default();
        for c in "abc".chars() {
            field.handle(InputRequest::InsertChar(c));
        }
        field.handle(InputRequest::DeletePrevChar);
        assert_eq!(field.to_secret().expose_secret(), "ab");
    }
}
