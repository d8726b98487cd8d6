//! JSON output for `check` that is safe to print on a terminal.

use crate::sanitize::needs_escape;

/// `value` as compact JSON in which every character a terminal would act on (every one
/// [`needs_escape`] names: categories Cc, Cf, Zl, Zp, Cs, Cn and U+FFFD) is written as a
/// `\uXXXX` escape (a surrogate pair above U+FFFF): the same JSON value once parsed, but safe
/// to print. (`serde_json` escapes only U+0000 to U+001F; DEL, the C1 controls such as U+009B,
/// a CSI on many terminals, bidi controls, U+2028 and tag characters would go out raw.)
///
/// # Errors
/// When `value` cannot be serialized (a map with keys that are not strings).
pub fn json_for_terminal<T: serde::Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::new();
    write_json_for_terminal(&mut out, value)?;
    // Only UTF-8 and ASCII escapes were written.
    Ok(String::from_utf8(out)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// [`json_for_terminal`] written straight to `writer`, so a report of several megabytes is
/// not held in memory a second time.
///
/// # Errors
/// When `value` cannot be serialized, or writing fails.
pub fn write_json_for_terminal<W: std::io::Write, T: serde::Serialize + ?Sized>(
    writer: W,
    value: &T,
) -> serde_json::Result<()> {
    /// `serde_json`'s compact layout, with [`needs_escape`] characters escaped in strings.
    struct TerminalSafe;
    impl serde_json::ser::Formatter for TerminalSafe {
        fn write_string_fragment<W: ?Sized + std::io::Write>(
            &mut self,
            writer: &mut W,
            fragment: &str,
        ) -> std::io::Result<()> {
            let mut rest = fragment;
            while let Some((at, c)) = rest.char_indices().find(|(_, c)| needs_escape(*c)) {
                writer.write_all(&rest.as_bytes()[..at])?;
                let mut units = [0_u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(writer, "\\u{unit:04x}")?;
                }
                rest = &rest[at + c.len_utf8()..];
            }
            writer.write_all(rest.as_bytes())
        }

        /// Raw JSON text (an account's unknown fields, kept as they came): its whitespace
        /// between tokens dropped, so the output stays one line, and everything else that must
        /// be escaped written as `\uXXXX`. Both are safe in well-formed JSON: raw controls
        /// cannot be inside its strings, and everything past ASCII can only be inside them.
        fn write_raw_fragment<W: ?Sized + std::io::Write>(
            &mut self,
            writer: &mut W,
            fragment: &str,
        ) -> std::io::Result<()> {
            let mut rest = fragment;
            while let Some((at, c)) = rest
                .char_indices()
                .find(|(_, c)| matches!(c, '\n' | '\r' | '\t') || needs_escape(*c))
            {
                writer.write_all(&rest.as_bytes()[..at])?;
                if !matches!(c, '\n' | '\r' | '\t') {
                    let mut units = [0_u16; 2];
                    for unit in c.encode_utf16(&mut units) {
                        write!(writer, "\\u{unit:04x}")?;
                    }
                }
                rest = &rest[at + c.len_utf8()..];
            }
            writer.write_all(rest.as_bytes())
        }
    }
    value.serialize(&mut serde_json::Serializer::with_formatter(
        writer,
        TerminalSafe,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_for_terminals_escapes_what_a_terminal_would_act_on() {
        let value =
            serde_json::json!({"a\u{202e}": ["\u{1b}]0;x\u{7}", "\u{9b}2J\u{7f}", "日本 🎉"]});
        let json = json_for_terminal(&value).expect("json");
        assert_eq!(
            json,
            r#"{"a\u202e":["\u001b]0;x\u0007","\u009b2J\u007f","日本 🎉"]}"#
        );
        assert!(!json.chars().any(needs_escape), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(back, value);
    }

    #[test]
    fn raw_json_goes_out_on_one_line_with_the_same_escapes() {
        let raw = serde_json::value::RawValue::from_string(
            "{\n\t\"k\u{2028}\" : [ \"\u{61c}\u{7f}\\u0007 x\",\r\n 1 ]\n}".to_owned(),
        )
        .expect("valid JSON");
        let json = json_for_terminal(&serde_json::json!({ "a": raw })).expect("json");
        assert_eq!(json, r#"{"a":{"k\u2028":["\u061c\u007f\u0007 x",1]}}"#);
        assert!(!json.chars().any(needs_escape), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(
            back,
            serde_json::json!({"a": {"k\u{2028}": ["\u{61c}\u{7f}\u{7} x", 1]}})
        );
    }
}
