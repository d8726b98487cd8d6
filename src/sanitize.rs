//! Making text from the network safe and readable on a terminal.
//!
//! Anything a server sends may contain escape sequences (ESC, OSC title changes), BEL,
//! backspace, bidi controls that would reorder what the user reads, line separators that break
//! a line where none is meant, or invisible characters. Every such character is turned into a
//! visible escape before it reaches a widget, so the terminal never interprets it and the user
//! sees that it is there. Used by the view, the diagnosis and `check` alike.
//!
//! Which characters is decided by their Unicode general category, not by a list: a hand-kept
//! list had gaps (U+061C, U+2028, tag characters, the soft hyphen) that a category does not.

use std::fmt::Write as _;

use unicode_general_category::{GeneralCategory, get_general_category};

/// Replaces every character [`needs_escape`] names with a visible escape such as `\x1b` or
/// `\u{202e}`. Tabs become four spaces.
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

/// Whether a character must not reach the terminal as it is: every character of general
/// category Cc (controls, newline included: callers split lines first where a line break is
/// meant), Cf (format: bidi controls such as U+061C and U+202E, zero-width characters, the soft
/// hyphen, tag characters), Zl and Zp (U+2028, U+2029), Cs and Cn (unassigned, noncharacters
/// included), and U+FFFD, which stands for bytes that were not UTF-8 or a lone UTF-16
/// surrogate, so the user sees that something was replaced. Tab is the one exception: it is
/// shown as spaces (see [`sanitize`]).
///
/// Categories follow the `unicode-general-category` crate's Unicode version (16.0). Private use
/// (Co) and ordinary spaces (Zs) are shown as they are.
#[must_use]
pub fn needs_escape(c: char) -> bool {
    if c.is_ascii() {
        // Cc is exactly U+0000–U+001F and U+007F here; the fast path skips the table.
        return c != '\t' && c.is_ascii_control();
    }
    c == '\u{fffd}'
        || matches!(
            get_general_category(c),
            GeneralCategory::Control
                | GeneralCategory::Format
                | GeneralCategory::LineSeparator
                | GeneralCategory::ParagraphSeparator
                | GeneralCategory::Surrogate
                | GeneralCategory::Unassigned
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
    fn escapes_by_category_what_a_list_missed() {
        // Issue 14: a bidi mark (Cf), line and paragraph separators (Zl, Zp), tag characters
        // (Cf), the soft hyphen (Cf), an unassigned code point (Cn) and U+FFFD.
        assert_eq!(
            sanitize("a\u{61c}b\u{2028}c\u{2029}d\u{e0001}\u{e0041}e\u{ad}f\u{378}g\u{fffd}"),
            r"a\u{61c}b\u{2028}c\u{2029}d\u{e0001}\u{e0041}e\u{ad}f\u{378}g\u{fffd}"
        );
        // Newline is a control too: callers split lines where a break is meant.
        assert_eq!(sanitize("a\nb\r"), r"a\x0ab\x0d");
        // Private use and no-break space are shown as they are.
        assert_eq!(sanitize("\u{e000}\u{a0}"), "\u{e000}\u{a0}");
    }

    #[test]
    fn leaves_ordinary_text_alone() {
        assert_eq!(sanitize("Löwe 日本 🎉"), "Löwe 日本 🎉");
        assert_eq!(sanitize("a\tb"), "a    b");
    }

    #[test]
    fn ascii_controls_get_two_hex_digits_and_the_rest_their_code_point() {
        // U+007F is the last code point written \xNN; U+0080 (a C1 control) the first \u{…}.
        assert_eq!(sanitize("\u{7f}\u{80}"), r"\x7f\u{80}");
        assert_eq!(sanitize("\u{0}\u{9f}"), r"\x00\u{9f}");
    }

    #[test]
    fn a_line_that_fits_exactly_is_not_cut() {
        // Each character with the width its escape takes, counted by hand.
        let cases = [
            ("a", 1),
            ("\t", 4),          // four spaces
            ("\u{1b}", 4),      // \x1b
            ("\u{80}", 6),      // \u{80}
            ("\u{ad}", 6),      // \u{ad}
            ("\u{61c}", 7),     // \u{61c}
            ("\u{202e}", 8),    // \u{202e}
            ("\u{e0001}", 9),   // \u{e0001}
            ("\u{10ffff}", 10), // \u{10ffff} (a noncharacter: Cn)
        ];
        for (text, width) in cases {
            let whole = sanitize_line(text, width);
            assert!(!whole.contains('…'), "{text:?} in {width}: {whole}");
            assert_eq!(whole.chars().count(), width, "{text:?}: {whole}");
            let cut = sanitize_line(text, width - 1);
            assert_eq!(cut, " … 1 more characters", "{text:?} in {}", width - 1);
        }
    }

    #[test]
    fn characters_cut_earlier_count_in_the_marker() {
        assert_eq!(sanitize_capped("abc", 10, 2), "abc … 2 more characters");
        assert_eq!(sanitize_capped("abc", 10, 0), "abc");
        assert_eq!(sanitize_capped("abcd", 3, 0), "abc … 1 more characters");
        assert_eq!(sanitize_capped("abc", 3, 0), "abc");
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
