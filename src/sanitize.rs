//! Making text from the network safe and readable on a terminal.
//!
//! Anything a server sends may contain escape sequences (ESC, OSC title changes), BEL,
//! backspace or bidi overrides that would reorder what the user reads. Every such character is
//! turned into a visible escape before it reaches a widget, so the terminal never interprets it.
//! Used by the view, the diagnosis and `check` alike.

use std::fmt::Write as _;

/// Replaces every control, bidi-override and invisible character with a visible escape such as
/// `\x1b` or `\u{202e}`. Tabs become four spaces.
#[must_use]
pub fn sanitize(text: &str) -> String {
    if !text.chars().any(needs_escape) && !text.contains('\t') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_escaped(&mut out, c);
    }
    out
}

/// Appends `c` as it may be shown: itself, four spaces for a tab, or a visible escape.
fn push_escaped(out: &mut String, c: char) {
    if c == '\t' {
        out.push_str("    ");
    } else if needs_escape(c) {
        let code = u32::from(c);
        // Writing to a String cannot fail.
        let _ = if code < 0x80 {
            write!(out, "\\x{code:02x}")
        } else {
            write!(out, "\\u{{{code:x}}}")
        };
    } else {
        out.push(c);
    }
}

/// How many characters [`push_escaped`] turns `c` into.
fn escaped_len(c: char) -> usize {
    if c == '\t' {
        4
    } else if needs_escape(c) {
        let code = u32::from(c);
        if code < 0x80 {
            4 // \x1b
        } else {
            // \u{…}: four characters of frame and one per hex digit.
            let digits = (32 - code.leading_zeros()).div_ceil(4).max(1) as usize;
            4 + digits
        }
    } else {
        1
    }
}

/// [`sanitize`], cut after `max_chars` characters of output (never inside an escape) with a
/// visible `… N more characters` marker counting the characters of `text` left out.
#[must_use]
pub fn sanitize_line(text: &str, max_chars: usize) -> String {
    sanitize_capped(text, max_chars, 0)
}

/// [`sanitize_line`] for a line of which `already_cut` more characters were dropped before it
/// got here; they count in the marker.
pub(crate) fn sanitize_capped(text: &str, max_chars: usize, already_cut: usize) -> String {
    if already_cut == 0
        && text.len() <= max_chars
        && !text.chars().any(|c| c == '\t' || needs_escape(c))
    {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len().min(max_chars) + 8);
    let mut used = 0;
    let mut left = already_cut;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        let len = escaped_len(c);
        if used + len > max_chars {
            left += 1 + chars.count();
            break;
        }
        push_escaped(&mut out, c);
        used += len;
    }
    if left > 0 {
        // Writing to a String cannot fail.
        let _ = write!(out, " … {left} more characters");
    }
    out
}

/// Whether a character must not reach the terminal as it is.
#[must_use]
pub fn needs_escape(c: char) -> bool {
    c != '\t' && c.is_control()
        || matches!(c,
            '\u{200b}'..='\u{200f}'   // zero-width space/joiners, LRM/RLM
            | '\u{202a}'..='\u{202e}' // bidi embeddings and overrides
            | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
            | '\u{2066}'..='\u{2069}' // bidi isolates
            | '\u{feff}'              // BOM / zero-width no-break space
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::MAX_LINE_CHARS;

    #[test]
    fn escapes_terminal_controls_and_bidi() {
        let hostile = "a\u{1b}]0;pwned\u{7}b\u{8}c\u{202e}d\u{200b}e\u{9b}f";
        let safe = sanitize(hostile);
        assert!(!safe.chars().any(needs_escape), "{safe}");
        assert_eq!(
            safe,
            "a\\x1b]0;pwned\\x07b\\x08c\\u{202e}d\\u{200b}e\\u{9b}f"
        );
    }

    #[test]
    fn leaves_ordinary_text_alone() {
        assert_eq!(sanitize("Löwe 日本 🎉"), "Löwe 日本 🎉");
        assert_eq!(sanitize("a\tb"), "a    b");
    }

    #[test]
    fn a_cut_never_splits_an_escape() {
        let hostile = format!("{}\u{202e}tail", "a".repeat(MAX_LINE_CHARS - 3));
        let line = sanitize_line(&hostile, MAX_LINE_CHARS);
        assert!(line.ends_with("aaa … 5 more characters"), "{line}");
        assert_eq!(sanitize_line("a\u{1b}b", 3), "a … 2 more characters");
        assert_eq!(sanitize_line("a\u{1b}b", 100), "a\\x1bb");
    }
}
