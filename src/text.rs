//! Making text from the network safe and readable on a terminal.
//!
//! Anything a server sends may contain escape sequences (ESC, OSC title changes), BEL,
//! backspace or bidi overrides that would reorder what the user reads. Every such character is
//! turned into a visible escape before it reaches a widget, so the terminal never interprets it.

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

/// A body as display lines: pretty-printed when it is JSON, otherwise as (lossy) text; every
/// line sanitized. Computed once when a response arrives, never while rendering.
#[must_use]
pub fn body_lines(body: &[u8]) -> Vec<String> {
    let text = match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(value) => serde_json::to_string_pretty(&value)
            .unwrap_or_else(|_| String::from_utf8_lossy(body).into_owned()),
        Err(_) => String::from_utf8_lossy(body).into_owned(),
    };
    text.lines().map(sanitize).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn pretty_prints_json_and_keeps_text() {
        assert_eq!(body_lines(br#"{"a":1}"#), vec!["{", "  \"a\": 1", "}"]);
        assert_eq!(body_lines(b"<p>hi</p>\r\nx"), vec!["<p>hi</p>", "x"]);
        assert_eq!(body_lines(&[0x66, 0xff]), vec!["f\u{fffd}"]);
    }
}
