//! The test oracle for terminal safety: which characters must never reach a terminal raw,
//! decided from a source independent of the code under test.
//!
//! `sipgate_inspect::sanitize::needs_escape` reads general categories from the
//! `unicode-general-category` crate (Unicode 16.0); this oracle reads them from ICU4X's
//! `icu_properties` (a different project, its own data, Unicode 17.0). The rule is the one the
//! README states: categories Cc, Cf, Zl, Zp, Cs and Cn, and U+FFFD; tab is shown as spaces.

use icu_properties::CodePointMapData;
use icu_properties::props::GeneralCategory;

/// The general category of `c` by ICU4X.
#[must_use]
pub fn icu_category(c: char) -> GeneralCategory {
    CodePointMapData::<GeneralCategory>::new().get(c)
}

/// Whether `c` must be shown as a visible escape, by ICU4X's categories.
#[must_use]
pub fn must_be_escaped(c: char) -> bool {
    c != '\t'
        && (c == '\u{fffd}'
            || matches!(
                icu_category(c),
                GeneralCategory::Control
                    | GeneralCategory::Format
                    | GeneralCategory::LineSeparator
                    | GeneralCategory::ParagraphSeparator
                    | GeneralCategory::Surrogate
                    | GeneralCategory::Unassigned
            ))
}

/// The characters of `text` that must not be there raw, as `U+XXXX`, except the line breaks
/// `\n` that separate lines of output.
#[must_use]
pub fn raw_unsafe(text: &str) -> Vec<String> {
    text.chars()
        .filter(|c| *c != '\n' && must_be_escaped(*c))
        .map(|c| format!("U+{:04X}", u32::from(c)))
        .collect()
}
