//! Masking secrets that a server echoes back, in whatever form they come.
//!
//! A debugging endpoint, a proxy's error page or a misconfigured gateway may send the token back:
//! as typed, in another letter case, as the Base64 of `id:token` (padded or not, standard or
//! URL-safe, percent-encoded), as the Base64 of the token alone or at any offset inside a longer
//! Base64 text, JSON-escaped (`\u0032`), percent-encoded, or broken across lines. A [`Redactor`]
//! knows all those forms of the secrets it was given and overwrites each occurrence with `*` of
//! the same length, so offsets, sizes and JSON validity stay true.
//!
//! Matching runs on the bytes as they came and on decoded views of them (JSON escapes undone,
//! percent-escapes undone, line breaks and their indentation taken out, with or without a hyphen
//! before the break); a match in a view masks the bytes it was decoded from. Whatever is decoded
//! from the masked bytes later (error bodies, account fields, probe answers) therefore carries
//! the mask too. Views are built a window at a time, so memory stays small for any body; a
//! 10 MB body full of escapes and line breaks takes about 0.3 s (release build).

use std::fmt;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use secrecy::zeroize::Zeroizing;

/// Secrets (and encoded forms) shorter than this are not masked: masking them would mangle
/// ordinary text, and no real token is that short.
pub const MIN_REDACTED_LEN: usize = 8;

/// Finds and masks every known form of a set of secrets. `Debug` shows only how many forms it
/// knows. Build one per response (it is cheap) and drop it: the forms are secret.
pub struct Redactor {
    matcher: Matcher,
    /// The length of the longest form, which bounds how far a match can reach.
    longest: usize,
}

/// Decoded views are built for windows of this many bytes (plus the overlap).
const WINDOW: usize = 64 * 1024;

/// Line breaks and indentation a match may span, beyond its escapes.
const WINDOW_SLACK: usize = 4096;

enum Matcher {
    /// Nothing long enough to mask.
    Nothing,
    /// Every form at once, ASCII case-insensitively.
    Automaton(AhoCorasick),
    /// If the automaton cannot be built (absurdly long secrets): one form at a time.
    Each(Vec<Zeroizing<Vec<u8>>>),
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let forms = match &self.matcher {
            Matcher::Nothing => 0,
            Matcher::Automaton(matcher) => matcher.patterns_len(),
            Matcher::Each(needles) => needles.len(),
        };
        f.debug_struct("Redactor")
            .field("forms", &forms)
            .field("longest", &self.longest)
            .finish()
    }
}

impl Redactor {
    /// A redactor for these secrets. Each is also taken apart the way it may have been pasted:
    /// without surrounding whitespace, the part after a colon (`id:token`), and what a
    /// `Basic …` value or bare Base64 decodes to.
    #[must_use]
    pub fn new<'a>(secrets: impl IntoIterator<Item = &'a str>) -> Self {
        let mut parts: Vec<Zeroizing<String>> = Vec::new();
        for secret in secrets {
            take_apart(secret, &mut parts);
        }
        let mut needles: Vec<Zeroizing<Vec<u8>>> = Vec::new();
        for part in parts.iter().filter(|p| p.len() >= MIN_REDACTED_LEN) {
            encoded_forms(part.as_bytes(), &mut needles);
        }
        needles.retain(|n| n.len() >= MIN_REDACTED_LEN);
        needles.sort_by(|a, b| a.as_slice().cmp(b.as_slice()));
        needles.dedup_by(|a, b| a.as_slice() == b.as_slice());
        let longest = needles.iter().map(|n| n.len()).max().unwrap_or(0);
        let matcher = if needles.is_empty() {
            Matcher::Nothing
        } else {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                // A DFA searches a little faster but takes far longer to build, and a
                // redactor is built for every response, most of them small.
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build(needles.iter().map(|n| n.as_slice()))
                .map_or(Matcher::Each(needles), Matcher::Automaton)
        };
        Self { matcher, longest }
    }

    /// Overwrites every form of the secrets in `bytes` with `*`; whether anything was masked.
    pub fn mask_bytes(&self, bytes: &mut [u8]) -> bool {
        if matches!(self.matcher, Matcher::Nothing) {
            return false;
        }
        let mut hits: Vec<(usize, usize)> = Vec::new();
        self.find(bytes, |start, end| hits.push((start, end)));
        // Decoded views are built a window at a time, so a 10 MB body needs no view maps of
        // many times its size. Windows overlap by more than any match can span (six bytes
        // of escape per byte of a form, plus line breaks and their indentation), so a match
        // that starts in one window ends in it.
        let overlap = self.longest * 6 + WINDOW_SLACK;
        let mut start = 0;
        while start < bytes.len() {
            let end = (start + WINDOW + overlap).min(bytes.len());
            self.find_in_views(&bytes[start..end], start, &mut hits);
            start += WINDOW;
        }
        for &(start, end) in &hits {
            bytes[start..end].fill(b'*');
        }
        !hits.is_empty()
    }

    /// Adds to `hits` every match in a decoded view of `window` (which starts at `offset` in
    /// the whole text), as ranges of the whole text.
    fn find_in_views(&self, window: &[u8], offset: usize, hits: &mut Vec<(usize, usize)>) {
        let mut scan = |view: &View| {
            self.find(&view.bytes, |start, end| {
                hits.extend(
                    view.spans[start..end]
                        .iter()
                        .map(|&(s, e)| (offset + s as usize, offset + e as usize)),
                );
            });
        };
        if has_line_break(window) {
            scan(&View::squeezed(window, None, false));
        }
        if has_hyphen_break(window) {
            scan(&View::squeezed(window, None, true));
        }
        for decoded in [View::json_unescaped(window), View::percent_decoded(window)]
            .into_iter()
            .flatten()
        {
            scan(&decoded);
            if has_line_break(&decoded.bytes) {
                scan(&View::squeezed(&decoded.bytes, Some(&decoded.spans), false));
            }
            if has_hyphen_break(&decoded.bytes) {
                scan(&View::squeezed(&decoded.bytes, Some(&decoded.spans), true));
            }
        }
    }

    /// [`Self::mask_bytes`] for text; the result stays valid UTF-8 (whole characters, or the
    /// ASCII escapes they were decoded from, are replaced by ASCII).
    pub fn mask_text(&self, text: &mut String) -> bool {
        if matches!(self.matcher, Matcher::Nothing) {
            return false;
        }
        let mut bytes = std::mem::take(text).into_bytes();
        let masked = self.mask_bytes(&mut bytes);
        *text = String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        masked
    }

    /// Calls `hit(start, end)` for every occurrence of every form in `haystack`, overlapping
    /// ones included.
    fn find(&self, haystack: &[u8], mut hit: impl FnMut(usize, usize)) {
        match &self.matcher {
            Matcher::Nothing => {}
            Matcher::Automaton(matcher) => {
                for found in matcher.find_overlapping_iter(haystack) {
                    hit(found.start(), found.end());
                }
            }
            Matcher::Each(needles) => {
                for needle in needles {
                    for (start, window) in haystack.windows(needle.len()).enumerate() {
                        if window.eq_ignore_ascii_case(needle) {
                            hit(start, start + needle.len());
                        }
                    }
                }
            }
        }
    }
}

/// The secret and the parts of it that may travel alone.
fn take_apart(secret: &str, out: &mut Vec<Zeroizing<String>>) {
    let trimmed = secret.trim();
    out.push(Zeroizing::new(secret.to_owned()));
    out.push(Zeroizing::new(trimmed.to_owned()));
    if let Some((_, after)) = trimmed.split_once(':') {
        out.push(Zeroizing::new(after.trim().to_owned()));
    }
    // A pasted `Basic …` value, or its bare Base64: what it decodes to is secret too.
    let encoded = trimmed
        .get(..6)
        .filter(|scheme| scheme.eq_ignore_ascii_case("Basic "))
        .map_or(trimmed, |_| trimmed[6..].trim());
    let decoded = STANDARD
        .decode(encoded)
        .or_else(|_| STANDARD_NO_PAD.decode(encoded))
        .ok()
        .map(Zeroizing::new);
    if let Some(text) = decoded.as_ref().and_then(|d| std::str::from_utf8(d).ok())
        && let Some((_, after)) = text.split_once(':')
    {
        out.push(Zeroizing::new(text.to_owned()));
        out.push(Zeroizing::new(after.to_owned()));
    }
}

/// The secret as it is, its Base64 in both alphabets (padded, and the part that is the same at
/// any offset inside a longer Base64 text), and each of those percent-encoded.
fn encoded_forms(secret: &[u8], out: &mut Vec<Zeroizing<Vec<u8>>>) {
    let mut forms: Vec<Zeroizing<Vec<u8>>> = vec![Zeroizing::new(secret.to_vec())];
    for (padded, unpadded) in [(&STANDARD, &STANDARD_NO_PAD), (&URL_SAFE, &URL_SAFE_NO_PAD)] {
        forms.push(Zeroizing::new(padded.encode(secret).into_bytes()));
        forms.push(Zeroizing::new(unpadded.encode(secret).into_bytes()));
        // Encoded after 0, 1 or 2 other bytes, the secret's Base64 starts mid-group: the first
        // 0, 2 or 3 characters and the last partial one also depend on the neighbours.
        for shift in 0..3 {
            let mut shifted = Zeroizing::new(vec![0_u8; shift]);
            shifted.extend_from_slice(secret);
            let encoded = Zeroizing::new(unpadded.encode(shifted.as_slice()).into_bytes());
            let start = [0, 2, 3][shift];
            let end = shifted.len() / 3 * 4 + [0, 1, 2][shifted.len() % 3];
            if end > start {
                forms.push(Zeroizing::new(encoded[start..end].to_vec()));
            }
        }
    }
    for form in forms {
        let escaped: String = url::form_urlencoded::byte_serialize(&form).collect();
        if escaped.as_bytes() != form.as_slice() {
            out.push(Zeroizing::new(escaped.into_bytes()));
        }
        out.push(form);
    }
}

fn has_line_break(bytes: &[u8]) -> bool {
    bytes.iter().any(|&b| b == b'\n' || b == b'\r')
}

/// Whether a `-` is followed by spaces or tabs and a line break: only then does taking out
/// such hyphens ([`View::squeezed`]) change anything.
fn has_hyphen_break(bytes: &[u8]) -> bool {
    bytes.iter().enumerate().any(|(i, &b)| {
        b == b'-'
            && bytes[i + 1..]
                .iter()
                .find(|&&c| c != b' ' && c != b'\t')
                .is_some_and(|&c| c == b'\n' || c == b'\r')
    })
}

/// Text decoded from the original bytes; `spans[i]` is the range of original bytes that
/// `bytes[i]` came from.
struct View {
    bytes: Vec<u8>,
    spans: Vec<(u32, u32)>,
}

impl View {
    fn with_capacity(len: usize) -> Self {
        Self {
            bytes: Vec::with_capacity(len),
            spans: Vec::with_capacity(len),
        }
    }

    fn push(&mut self, byte: u8, span: (usize, usize)) {
        self.bytes.push(byte);
        self.spans.push((span.0 as u32, span.1 as u32));
    }

    /// `source` with every run of spaces and tabs that holds a line break taken out, and with
    /// `hyphen`, also a `-` right before such a run (a word broken at the end of a line).
    /// `spans` maps `source` to the original, `None` when it is the original.
    fn squeezed(source: &[u8], spans: Option<&[(u32, u32)]>, hyphen: bool) -> Self {
        let span = |i: usize| {
            spans.map_or((i, i + 1), |s| {
                let (start, end) = s[i];
                (start as usize, end as usize)
            })
        };
        let blank_end = |from: usize| {
            from + source[from..]
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
                .count()
        };
        let mut view = Self::with_capacity(source.len());
        let mut i = 0;
        while i < source.len() {
            let byte = source[i];
            if hyphen && byte == b'-' {
                let end = blank_end(i + 1);
                if has_line_break(&source[i + 1..end]) {
                    i = end;
                } else {
                    view.push(byte, span(i));
                    i += 1;
                }
            } else if matches!(byte, b' ' | b'\t' | b'\r' | b'\n') {
                let end = blank_end(i);
                if !has_line_break(&source[i..end]) {
                    for (k, &blank) in source.iter().enumerate().take(end).skip(i) {
                        view.push(blank, span(k));
                    }
                }
                i = end;
            } else {
                view.push(byte, span(i));
                i += 1;
            }
        }
        view
    }

    /// The bytes with JSON string escapes (`\"`, `\n`, `\u0032`, surrogate pairs) decoded,
    /// wherever they are; `None` when there is no backslash.
    fn json_unescaped(source: &[u8]) -> Option<Self> {
        if !source.contains(&b'\\') {
            return None;
        }
        let mut view = Self::with_capacity(source.len());
        let mut i = 0;
        while i < source.len() {
            if source[i] != b'\\' {
                view.push(source[i], (i, i + 1));
                i += 1;
                continue;
            }
            let simple = match source.get(i + 1) {
                Some(&c @ (b'"' | b'\\' | b'/')) => Some(c),
                Some(b'b') => Some(0x08),
                Some(b'f') => Some(0x0c),
                Some(b'n') => Some(b'\n'),
                Some(b'r') => Some(b'\r'),
                Some(b't') => Some(b'\t'),
                _ => None,
            };
            if let Some(byte) = simple {
                view.push(byte, (i, i + 2));
                i += 2;
            } else if let Some((c, len)) = unicode_escape(&source[i..]) {
                let mut buf = [0_u8; 4];
                for &byte in c.encode_utf8(&mut buf).as_bytes() {
                    view.push(byte, (i, i + len));
                }
                i += len;
            } else {
                view.push(b'\\', (i, i + 1));
                i += 1;
            }
        }
        Some(view)
    }

    /// The bytes with `%XX` escapes decoded; `None` when there is no `%`.
    fn percent_decoded(source: &[u8]) -> Option<Self> {
        if !source.contains(&b'%') {
            return None;
        }
        let mut view = Self::with_capacity(source.len());
        let mut i = 0;
        while i < source.len() {
            let escaped = (source[i] == b'%')
                .then(|| source.get(i + 1..i + 3))
                .flatten()
                .and_then(|hex| std::str::from_utf8(hex).ok())
                .and_then(|hex| u8::from_str_radix(hex, 16).ok());
            if let Some(byte) = escaped {
                view.push(byte, (i, i + 3));
                i += 3;
            } else {
                view.push(source[i], (i, i + 1));
                i += 1;
            }
        }
        Some(view)
    }
}

/// A `\uXXXX` escape (or a `\uD8xx\uDCxx` surrogate pair) at the start of `text`: the
/// character and the escape's length. A lone surrogate decodes to U+FFFD, as `serde_json`'s
/// lossy readers do.
fn unicode_escape(text: &[u8]) -> Option<(char, usize)> {
    let unit = |at: usize| -> Option<u32> {
        let digits = text.get(at..at + 6)?;
        if !digits.starts_with(b"\\u") {
            return None;
        }
        let hex = std::str::from_utf8(&digits[2..]).ok()?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(hex, 16).ok()
    };
    let first = unit(0)?;
    if (0xD800..0xDC00).contains(&first)
        && let Some(second) = unit(6).filter(|s| (0xDC00..0xE000).contains(s))
    {
        let c = char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))?;
        return Some((c, 12));
    }
    Some((char::from_u32(first).unwrap_or('\u{fffd}'), 6))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "e68ead46-a7db-46cd-8a1a-44aed1e4e372";

    fn masked(redactor: &Redactor, text: &str) -> String {
        let mut text = text.to_owned();
        let before = text.len();
        redactor.mask_text(&mut text);
        assert_eq!(text.len(), before, "same length");
        text
    }

    fn pat() -> Redactor {
        Redactor::new([TOKEN, "token-FQ1V12:e68ead46-a7db-46cd-8a1a-44aed1e4e372"])
    }

    #[test]
    fn every_listed_form_is_masked() {
        let redactor = pat();
        // Each echo, written out literally, and what must be left of it.
        let cases = [
            // Another letter case.
            ("E68EAD46-A7DB-46CD-8A1A-44AED1E4E372", "*".repeat(36)),
            // JSON-escaped characters, decoded by any JSON reader.
            (
                r#"{"detail":"bad token e68ead46-a7db-46cd-8a1a-44aed1e4e37\u0032"}"#,
                format!(r#"{{"detail":"bad token {}"}}"#, "*".repeat(41)),
            ),
            (
                r#""e68ead46\u002da7db-46cd-8a1a-44aed1e4e372""#,
                format!("\"{}\"", "*".repeat(41)),
            ),
            // Base64 of the token alone.
            (
                "ZTY4ZWFkNDYtYTdkYi00NmNkLThhMWEtNDRhZWQxZTRlMzcy",
                "*".repeat(48),
            ),
            // Base64 of id:token without padding, and percent-encoded with it.
            (
                "dG9rZW4tRlExVjEyOmU2OGVhZDQ2LWE3ZGItNDZjZC04YTFhLTQ0YWVkMWU0ZTM3Mg",
                "*".repeat(66),
            ),
            (
                "a=dG9rZW4tRlExVjEyOmU2OGVhZDQ2LWE3ZGItNDZjZC04YTFhLTQ0YWVkMWU0ZTM3Mg%3D%3D",
                format!("a={}", "*".repeat(72)),
            ),
            // id:token percent-encoded.
            (
                "?auth=token-FQ1V12%3Ae68ead46-a7db-46cd-8a1a-44aed1e4e372",
                format!("?auth={}", "*".repeat(51)),
            ),
            // Split across lines: at a hyphen, with indentation, and with a hyphen added.
            (
                "token e68ead46-a7db-\n    46cd-8a1a-44aed1e4e372.",
                format!("token {}\n    {}.", "*".repeat(14), "*".repeat(22)),
            ),
            (
                "e68ead46-a7db-46cd-8a1a-44aed1-\r\ne4e372",
                "******************************-\r\n******".to_owned(),
            ),
        ];
        for (echo, expected) in cases {
            assert_eq!(masked(&redactor, echo), expected, "{echo}");
        }
    }

    #[test]
    fn base64_of_the_token_inside_longer_base64_is_masked_at_every_offset() {
        let redactor = Redactor::new([TOKEN]);
        // Base64 of "x" + token, "xy" + token, "xyz" + token: written out, not computed.
        for (echo, kept) in [
            ("eGU2OGVhZDQ2LWE3ZGItNDZjZC04YTFhLTQ0YWVkMWU0ZTM3Mg==", "eG"),
            (
                "eHllNjhlYWQ0Ni1hN2RiLTQ2Y2QtOGExYS00NGFlZDFlNGUzNzI=",
                "eHl",
            ),
            (
                "eHl6ZTY4ZWFkNDYtYTdkYi00NmNkLThhMWEtNDRhZWQxZTRlMzcy",
                "eHl6",
            ),
        ] {
            let shown = masked(&redactor, echo);
            assert!(shown.starts_with(kept), "{shown}");
            assert!(
                shown[kept.len()..].bytes().filter(|&b| b != b'*').count() <= 3,
                "{echo} → {shown}"
            );
        }
    }

    #[test]
    fn matches_across_window_boundaries_are_masked() {
        let redactor = pat();
        let echo = r"e68ead46-a7db-\n  46cd-8a1a-44aed1e4e37\u0032";
        // The echo straddles the first window's end, then sits at the start of the second
        // window and in the overlap of the third.
        let mut text = String::new();
        for at in [WINDOW - 20, 2 * WINDOW + 3, 3 * WINDOW - 5] {
            text.push_str(&"x".repeat(at - text.len()));
            text.push_str(echo);
        }
        text.push_str("tail");
        let shown = masked(&redactor, &text);
        assert!(!shown.contains("e68e"), "first group left");
        assert!(!shown.contains("e4e3"), "last group left");
        assert_eq!(
            shown.matches("\\n").count(),
            3,
            "the line breaks' escapes stay"
        );
    }

    #[test]
    fn ordinary_text_and_short_secrets_are_left_alone() {
        let redactor = pat();
        let text = "token-FQ1V12 e68ead46 44aed1e4e37 {\"a\":\"\\u0041\"} 100%";
        assert_eq!(masked(&redactor, text), text);
        let short = Redactor::new(["a"]);
        assert_eq!(masked(&short, "banana"), "banana");
        assert_eq!(format!("{short:?}"), "Redactor { forms: 0, longest: 0 }");
        let debug = format!("{redactor:?}");
        assert!(!debug.contains("e68e"), "{debug}");
    }

    #[test]
    fn a_pasted_credential_is_taken_apart() {
        // The whole header was pasted as the token id: its token alone is masked too.
        let redactor = Redactor::new([
            "Basic dG9rZW4tRlExVjEyOmU2OGVhZDQ2LWE3ZGItNDZjZC04YTFhLTQ0YWVkMWU0ZTM3Mg==",
        ]);
        assert_eq!(
            masked(&redactor, "bad e68ead46-a7db-46cd-8a1a-44aed1e4e372"),
            format!("bad {}", "*".repeat(36))
        );
        let redactor = Redactor::new([" token-FQ1V12:e68ead46-a7db-46cd-8a1a-44aed1e4e372 "]);
        assert_eq!(
            masked(&redactor, "e68ead46-a7db-46cd-8a1a-44aed1e4e372"),
            "*".repeat(36)
        );
    }

    #[test]
    fn odd_escapes_never_panic() {
        let redactor = pat();
        for text in [
            "\\",
            "\\u",
            "\\u12",
            "\\uD800",
            "\\uD800\\u0041",
            "\\ud83d\\ude00",
            "%",
            "%4",
            "%zz",
            "-\n",
            "\n-",
            "ü\\u00fc%C3%BC",
        ] {
            assert_eq!(masked(&redactor, text), text);
        }
    }
}
