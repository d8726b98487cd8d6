//! Proptest strategies shared by the property-test files: text made of the characters that
//! make trouble for terminals and parsers.

use proptest::prelude::*;

/// Characters that make trouble: controls (C0, DEL, C1), bidi, format and zero-width ones,
/// line and paragraph separators, tag characters, unassigned code points, U+FFFD, wide CJK and
/// emoji, combining marks, and anything at all.
pub fn nasty_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::char::range(' ', '~'),
        2 => proptest::char::range('\u{0}', '\u{1f}'),
        1 => proptest::char::range('\u{7f}', '\u{9f}'),
        1 => proptest::sample::select(vec![
            '\u{200b}', '\u{200d}', '\u{200e}', '\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}',
            '\u{feff}', '\u{2028}', '\u{2029}', '\u{ad}', '\u{85}', '\u{61c}', '\u{e0001}',
            '\u{e0041}', '\u{e007f}', '\u{fffd}', '\u{378}', '\u{fffe}',
        ]),
        2 => proptest::char::range('\u{4e00}', '\u{9fff}'),
        1 => proptest::char::range('\u{1f300}', '\u{1f6ff}'),
        1 => proptest::char::range('\u{300}', '\u{36f}'),
        1 => any::<char>(),
    ]
}

pub fn nasty_text(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(nasty_char(), 0..max).prop_map(|chars| chars.into_iter().collect())
}
