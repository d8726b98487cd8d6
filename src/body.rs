//! A response body laid out for display: pretty-printed JSON (or text) as sanitized lines,
//! and one-line JSON previews for the summary.
//!
//! A body is bounded for display: lines longer than [`MAX_LINE_CHARS`] are cut, and after
//! [`MAX_DISPLAY_LINES`] lines the rest is only counted. A hostile 10 MB body (one endless
//! line, or a flat array nested 128 deep that pretty-printing would blow up to gigabytes of
//! indentation) then costs a few times its size in memory, and a frame costs the same as for a
//! small body.

use crate::sanitize::{sanitize_capped, sanitize_line};

/// Display lines are cut after this many characters (after escaping), with a visible
/// "… N more characters" marker. The body panel does not wrap or scroll sideways, so nothing
/// past a terminal's width is ever seen; the cap only keeps layout cost and memory bounded.
pub const MAX_LINE_CHARS: usize = 2_000;

/// A body is laid out as at most this many display lines; a last line says how many more
/// there were. 100 000 lines is 10 000 pages: far more than anyone scrolls through, and a
/// bound on memory for a body of ten million newlines.
pub const MAX_DISPLAY_LINES: usize = 100_000;

/// JSON nested deeper than this is shown as text, as `serde_json`'s own parser refuses it.
const MAX_JSON_DEPTH: usize = 128;

/// A JSON value, given as the raw text it came as (well-formed), on one line of at most `max_chars`
/// characters (then ` …`), sanitized. Whitespace between tokens is dropped; strings and
/// numbers are shown as they came (`\u00e9` stays `\u00e9`). Only what can be shown is read:
/// the work is bounded by `max_chars`, not by the value, so a field holding a megabyte-long
/// string or a huge array costs no more than a short one.
#[must_use]
pub fn json_preview(value: &str, max_chars: usize) -> String {
    // Bytes, not characters: four per character at most, and one more to tell "exactly
    // full" from "cut".
    let budget = max_chars.saturating_mul(4).saturating_add(1);
    let (compact, complete) = compact_json(value.as_bytes(), budget);
    let line = sanitize_line(&String::from_utf8_lossy(&compact), max_chars);
    match (complete, line.rsplit_once(" … ")) {
        (true, None) => line,
        // Cut: how much is left out is not known without reading it all, so no count.
        (_, Some((kept, _))) => format!("{kept} …"),
        (false, None) => format!("{line} …"),
    }
}

/// Well-formed JSON text without the whitespace between its tokens, up to `budget` bytes (cut
/// at a character boundary); whether all of it fit.
fn compact_json(json: &[u8], budget: usize) -> (Vec<u8>, bool) {
    let mut out = Vec::with_capacity(budget.min(json.len()));
    let mut in_string = false;
    let mut escaped = false;
    for &byte in json {
        if in_string {
            if escaped {
                escaped = false;
            } else if byte == b'\\' {
                escaped = true;
            } else if byte == b'"' {
                in_string = false;
            }
        } else if is_json_space(byte) {
            continue;
        } else if byte == b'"' {
            in_string = true;
        }
        if out.len() >= budget && byte & 0xc0 != 0x80 {
            return (out, false);
        }
        out.push(byte);
    }
    (out, true)
}

/// line sanitized, cut at [`MAX_LINE_CHARS`], and at most [`MAX_DISPLAY_LINES`] of them, of at
/// most [`line_bytes_budget`] bytes in all (plus a line saying how many more there were).
/// Computed once when a response arrives, never while rendering.
///
/// JSON is re-indented as it came, without building a tree: strings and numbers are shown
/// verbatim (`\u00e9` stays `\u00e9`, `1E2` stays `1E2`), and the layout is `serde_json`'s
/// pretty one (two spaces per level, `"key": value`, `{}` and `[]` when empty).
#[must_use]
pub fn body_lines(body: &[u8]) -> Vec<String> {
    if is_json(body)
        && let Some(lines) = pretty_json_lines(body)
    {
        return lines;
    }
    let text = String::from_utf8_lossy(body);
    let mut lines = DisplayLines::new(body.len());
    for line in text.lines() {
        if lines.is_full() {
            lines.omitted += 1;
        } else {
            lines.push(line);
        }
    }
    lines.finish()
}

/// Whether the body is one well-formed JSON value. Checked without building it, so it costs
/// no memory whatever the body (and nesting depth does not matter).
#[must_use]
pub fn is_json(body: &[u8]) -> bool {
    serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok()
}

/// How many bytes of display lines a body of `body_len` bytes may be laid out as: twice its
/// size, and 1 MiB more so that small bodies are never cut. Re-indenting adds two spaces per
/// level to every line; a body nested 128 deep and then flat would otherwise be laid out as
/// 100,000 lines of 256 spaces, 2.6 times its size, and the peak memory of the TUI is bounded
/// by 3 × the body + 16 MiB (README, Performance).
#[must_use]
pub fn line_bytes_budget(body_len: usize) -> usize {
    body_len.saturating_mul(2).saturating_add(1 << 20)
}

/// Display lines as they are collected: capped in number, length and bytes, sanitized.
struct DisplayLines {
    lines: Vec<String>,
    /// Bytes of text in `lines`.
    bytes: usize,
    /// At most this many bytes are kept ([`line_bytes_budget`]).
    budget: usize,
    /// Lines seen after the cap.
    omitted: usize,
}

impl DisplayLines {
    /// Lines for a body of `body_len` bytes.
    fn new(body_len: usize) -> Self {
        Self {
            lines: Vec::new(),
            bytes: 0,
            budget: line_bytes_budget(body_len),
            omitted: 0,
        }
    }

    fn is_full(&self) -> bool {
        self.lines.len() >= MAX_DISPLAY_LINES || self.bytes >= self.budget
    }

    fn push(&mut self, line: &str) {
        self.push_sanitized(sanitize_line(line, MAX_LINE_CHARS));
    }

    fn push_sanitized(&mut self, line: String) {
        self.bytes += line.len();
        self.lines.push(line);
    }

    fn finish(mut self) -> Vec<String> {
        if self.omitted > 0 {
            self.lines.push(format!(
                "… {} more lines not shown (the first {} are)",
                self.omitted,
                self.lines.len()
            ));
        }
        self.lines
    }
}

/// The line being built while re-indenting JSON: bytes up to a bound (enough for
/// [`MAX_LINE_CHARS`] characters of any width), and a count of the characters past it.
#[derive(Default)]
struct LineBuffer {
    bytes: Vec<u8>,
    /// Characters that did not fit.
    dropped_chars: usize,
    /// Set once no more lines are kept: from then on lines are only counted.
    counting_only: bool,
}

/// Bytes kept of one line: four per character is the most UTF-8 needs.
const MAX_LINE_BYTES: usize = MAX_LINE_CHARS * 4;

impl LineBuffer {
    fn push(&mut self, byte: u8) {
        if self.counting_only {
            return;
        }
        let starts_char = byte & 0xc0 != 0x80;
        if self.dropped_chars > 0 || (starts_char && self.bytes.len() >= MAX_LINE_BYTES) {
            self.dropped_chars += usize::from(starts_char);
        } else {
            self.bytes.push(byte);
        }
    }

    fn push_str(&mut self, text: &str) {
        for byte in text.bytes() {
            self.push(byte);
        }
    }

    /// Ends the line: hands it to `lines` (or counts it once they are full) and starts the
    /// next one indented `depth` levels.
    fn end_line(&mut self, lines: &mut DisplayLines, depth: usize) {
        if self.counting_only {
            lines.omitted += 1;
            return;
        }
        let text = String::from_utf8_lossy(&self.bytes);
        let line = sanitize_capped(&text, MAX_LINE_CHARS, self.dropped_chars);
        lines.push_sanitized(line);
        self.bytes.clear();
        self.dropped_chars = 0;
        self.counting_only = lines.is_full();
        // At most 2 × MAX_JSON_DEPTH spaces, far below the line's byte bound.
        self.bytes.resize(2 * depth, b' ');
    }
}

/// JSON's insignificant whitespace.
fn is_json_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

/// Re-indents a well-formed JSON document (see [`is_json`]) into display lines, or `None`
/// when it nests deeper than [`MAX_JSON_DEPTH`].
fn pretty_json_lines(body: &[u8]) -> Option<Vec<String>> {
    let mut lines = DisplayLines::new(body.len());
    let mut line = LineBuffer::default();
    let mut depth = 0_usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut i = 0;
    while i < body.len() {
        let byte = body[i];
        i += 1;
        if in_string {
            line.push(byte);
            if escaped {
                escaped = false;
            } else if byte == b'\\' {
                escaped = true;
            } else if byte == b'"' {
                in_string = false;
            }
            continue;
        }
        match byte {
            b'"' => {
                line.push(byte);
                in_string = true;
            }
            b'{' | b'[' => {
                line.push(byte);
                let close = if byte == b'{' { b'}' } else { b']' };
                let next = body[i..]
                    .iter()
                    .position(|&b| !is_json_space(b))
                    .map(|skip| i + skip);
                if let Some(next) = next.filter(|&n| body[n] == close) {
                    // Empty: `{}` or `[]` on the same line.
                    line.push(close);
                    i = next + 1;
                } else {
                    depth += 1;
                    if depth > MAX_JSON_DEPTH {
                        return None;
                    }
                    line.end_line(&mut lines, depth);
                }
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                line.end_line(&mut lines, depth);
                line.push(byte);
            }
            b',' => {
                line.push(byte);
                line.end_line(&mut lines, depth);
            }
            b':' => line.push_str(": "),
            _ if is_json_space(byte) => {}
            _ => line.push(byte),
        }
    }
    if line.counting_only || !line.bytes.is_empty() || line.dropped_chars > 0 {
        line.end_line(&mut lines, 0);
    }
    Some(lines.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_prints_json_and_keeps_text() {
        assert_eq!(body_lines(br#"{"a":1}"#), vec!["{", "  \"a\": 1", "}"]);
        assert_eq!(body_lines(b"<p>hi</p>\r\nx"), vec!["<p>hi</p>", "x"]);
        // Bytes that are not UTF-8 become U+FFFD, shown as a visible escape.
        assert_eq!(body_lines(&[0x66, 0xff]), vec![r"f\u{fffd}"]);
    }

    #[test]
    fn json_is_laid_out_like_serde_json_pretty_prints_it() {
        let documents = [
            r#"{"company":"Love sipgate","mainProductType":"TEAM","verified":true,"n":null}"#,
            r#"{"errors":[{"status":403,"title":"Forbidden","source":{"pointer":"/account"}}]}"#,
            r#" [ 1 , [ ] , { } , [ [ 2 ] ] , { "a" : { "b" : [ ] } } , "x:,{}[]\"y" ] "#,
            r#""just a string""#,
            "42",
            r#"{"emoji":"🎉 日本","esc":"a\\b"}"#,
        ];
        for document in documents {
            let value: serde_json::Value = serde_json::from_str(document).expect("json");
            let pretty = serde_json::to_string_pretty(&value).expect("pretty");
            let expected: Vec<&str> = pretty.lines().collect();
            assert_eq!(body_lines(document.as_bytes()), expected, "{document}");
        }
    }

    #[test]
    fn json_escapes_and_numbers_are_shown_as_they_came() {
        assert_eq!(
            body_lines(br#"{"a":"\u001b]0;x\u0007","b":1E2}"#),
            vec!["{", r#"  "a": "\u001b]0;x\u0007","#, r#"  "b": 1E2"#, "}"]
        );
        // Raw controls inside a JSON string are not JSON: the body is shown as text.
        assert_eq!(body_lines(b"{\"a\":\"\x1b\"}"), vec![r#"{"a":"\x1b"}"#]);
    }

    #[test]
    fn long_lines_are_cut_with_a_visible_count() {
        let long = "x".repeat(MAX_LINE_CHARS + 500);
        let lines = body_lines(long.as_bytes());
        assert_eq!(lines.len(), 1);
        assert!(lines[0].starts_with(&"x".repeat(MAX_LINE_CHARS)));
        assert!(
            lines[0].ends_with(" … 500 more characters"),
            "{}",
            &lines[0][1990..]
        );

        let json = format!(r#"{{"company":"{}"}}"#, "é".repeat(3 * MAX_LINE_CHARS));
        let lines = body_lines(json.as_bytes());
        assert_eq!(lines.len(), 3, "{lines:?}");
        // `  "company": "` and the closing quote, 15 characters, around the 6000 é.
        let marker = format!(
            " … {} more characters",
            15 + 3 * MAX_LINE_CHARS - MAX_LINE_CHARS
        );
        assert!(lines[1].ends_with(&marker), "{}", lines[1]);
        assert_eq!(
            lines[1].chars().count(),
            MAX_LINE_CHARS + marker.chars().count()
        );
    }

    #[test]
    fn the_number_of_lines_is_bounded_and_the_rest_counted() {
        let body = "\n".repeat(MAX_DISPLAY_LINES + 7);
        let lines = body_lines(body.as_bytes());
        assert_eq!(lines.len(), MAX_DISPLAY_LINES + 1);
        assert_eq!(
            lines[MAX_DISPLAY_LINES],
            format!("… 7 more lines not shown (the first {MAX_DISPLAY_LINES} are)")
        );
    }

    #[test]
    fn deep_indentation_cannot_blow_up_memory() {
        // 128 levels deep, then a flat array: pretty-printed in full, each element would be a
        // line of 256 spaces, turning the 10 MB a body may have into 1.3 GB.
        let elements = 200_000;
        let mut body = "[".repeat(128);
        body.push_str(&"1,".repeat(elements));
        body.push('1');
        body.push_str(&"]".repeat(128));
        let lines = body_lines(body.as_bytes());
        assert!(lines[200].starts_with(&" ".repeat(254)), "indented");
        // Lines are kept up to twice the body (400,257 bytes) plus 1 MiB: 1,849,090 bytes;
        // the line that crosses it (258 bytes) is kept.
        let (marker, kept) = lines.split_last().expect("lines");
        let total: usize = kept.iter().map(String::len).sum();
        assert!((1_849_090..1_849_090 + 258).contains(&total), "{total}");
        // 128 lines opening the arrays, 200,001 elements, 128 closing: 200,257 in all.
        assert_eq!(
            marker,
            &format!(
                "… {} more lines not shown (the first {} are)",
                200_257 - kept.len(),
                kept.len()
            )
        );
    }

    /// `json` as raw JSON text, as an account's unknown field holds it.
    fn raw(json: &str) -> String {
        serde_json::from_str::<&serde_json::value::RawValue>(json).expect("valid JSON");
        json.to_owned()
    }

    #[test]
    fn json_previews_stop_early_and_stay_inert() {
        let small = raw(r#" { "a" : [ 1 , "\u001bx" ] } "#);
        assert_eq!(json_preview(&small, 100), r#"{"a":[1,"\u001bx"]}"#);
        let bidi = raw("\"\u{202e}a b\u{2028}\"");
        assert_eq!(json_preview(&bidi, 100), r#""\u{202e}a b\u{2028}""#);
        let huge = raw(&format!("\"{}\"", "x".repeat(5_000_000)));
        let preview = json_preview(&huge, 50);
        assert_eq!(preview, format!("\"{} …", "x".repeat(49)));
        let exact = raw(&format!("\"{}\"", "x".repeat(48)));
        assert_eq!(json_preview(&exact, 50), format!("\"{}\"", "x".repeat(48)));
        let long_array = raw(&format!(
            "[{}{{\"k\": \"v\"}}]",
            "{\"k\": \"v\"},\n".repeat(1_000_000)
        ));
        let preview = json_preview(&long_array, 30);
        assert_eq!(preview, r#"[{"k":"v"},{"k":"v"},{"k":"v"} …"#);
        let long_key = raw(&format!("{{\"{}\": 1}}", "k".repeat(100)));
        assert_eq!(json_preview(&long_key, 10), r#"{"kkkkkkkk …"#);
        // Escaped quotes and spaces inside strings are kept.
        let quoted = raw(r#"["a \" b", "c"]"#);
        assert_eq!(json_preview(&quoted, 100), r#"["a \" b","c"]"#);
    }

    #[test]
    fn json_nested_too_deep_is_shown_as_text() {
        // The innermost `[]` stays on its line: 129 levels open around it.
        let deep = format!("{}{}", "[".repeat(130), "]".repeat(130));
        assert_eq!(body_lines(deep.as_bytes()), vec![deep.clone()]);
        let fine = format!("{}{}", "[".repeat(128), "]".repeat(128));
        assert_eq!(body_lines(fine.as_bytes()).len(), 128 + 127);
    }
}
