//! The one place where the view wraps and shortens text, so the rules are the same everywhere:
//! lines break at spaces, never at a hyphen inside a word (token ids, UUIDs and URLs stay whole
//! when they fit on the next line); a word longer than a whole line is broken only where it
//! must be; and text cut to fit ends in a visible `…`. Widths are display widths (a CJK
//! character or an emoji takes two columns).

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use textwrap::{Options, WordSplitter};
use unicode_width::{UnicodeWidthChar as _, UnicodeWidthStr as _};

use super::theme;

/// Marks text that was cut.
const ELLIPSIS: char = '…';

/// Wraps `text` to `width` columns; the first line starts with `first`, the others with `rest`.
/// Never splits at a hyphen: `token-DEMO01` moves to the next line whole.
#[must_use]
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let options = Options::new(width.max(1))
        .initial_indent(first)
        .subsequent_indent(rest)
        .word_splitter(WordSplitter::NoHyphenation);
    // An arrow stays with what it points to (`→ token-DEMO01:••••` starts a line rather than
    // `→` ending one): it is glued to the next word with a no-break space while wrapping.
    if text.contains(ARROW) {
        let glued = text.replace(ARROW, GLUED_ARROW);
        return textwrap::wrap(&glued, options)
            .into_iter()
            .map(|line| line.replace(GLUED_ARROW, ARROW))
            .collect();
    }
    textwrap::wrap(text, options)
        .into_iter()
        .map(std::borrow::Cow::into_owned)
        .collect()
}

/// See [`wrap`].
const ARROW: &str = "→ ";
const GLUED_ARROW: &str = "→\u{a0}";

/// [`wrap`], but at most `max_lines` lines; when text is left over, the last line shown ends
/// in `…`.
#[must_use]
pub fn wrap_at_most(
    text: &str,
    width: usize,
    first: &str,
    rest: &str,
    max_lines: usize,
) -> Vec<String> {
    let mut lines = wrap(text, width, first, rest);
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            *last = with_ellipsis(last, width);
        }
    }
    lines
}

/// `text` in at most `width` columns: unchanged when it fits, else cut and ended with `…`.
#[must_use]
pub fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        text.to_owned()
    } else {
        with_ellipsis(text, width)
    }
}

/// `text` cut so that it and a trailing `…` take at most `width` columns.
fn with_ellipsis(text: &str, width: usize) -> String {
    let room = width.saturating_sub(1);
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        out.push(c);
        used += w;
    }
    // "history…", not "history …": the space carries no meaning before the mark.
    out.truncate(out.trim_end().len());
    if width > 0 {
        out.push(ELLIPSIS);
    }
    out
}

/// A one-line `line` in at most `width` columns: spans that do not fit are cut, and a cut ends
/// in `…` (in the style of the span that was cut).
#[must_use]
pub fn fit_line(line: Line<'static>, width: usize) -> Line<'static> {
    if line.width() <= width {
        return line;
    }
    let mut left = width;
    let mut spans = Vec::new();
    for span in line.spans {
        let w = span.content.width();
        if w < left {
            left -= w;
            spans.push(span);
        } else {
            // This span reaches the edge, and something follows it (or it is itself too
            // long): the cut is here.
            spans.push(Span::styled(with_ellipsis(&span.content, left), span.style));
            break;
        }
    }
    Line::from(spans).style(line.style)
}

/// A dim hint, wrapped to `width` with a one-column margin.
#[must_use]
pub fn hint_lines(text: &str, width: usize) -> Vec<Line<'static>> {
    styled_lines(text, width, " ", " ", theme::dim())
}

/// `text` wrapped to `width`, every line in `style`.
#[must_use]
pub fn styled_lines(
    text: &str,
    width: usize,
    first: &str,
    rest: &str,
    style: Style,
) -> Vec<Line<'static>> {
    wrap(text, width, first, rest)
        .into_iter()
        .map(|line| Line::styled(line, style))
        .collect()
}

/// A labelled value: ` label` padded to `label_width`, then the value wrapped in the column
/// after the label (at most `max_lines` lines, the last ending in `…` when cut). `None` shows
/// a dim "not in the response".
#[must_use]
pub fn field_lines(
    label: &str,
    label_width: usize,
    value: Option<&str>,
    width: usize,
    max_lines: usize,
) -> Vec<Line<'static>> {
    let label = fit(label, label_width);
    let label_span = Span::styled(format!(" {label:<label_width$} "), theme::label());
    let indent = " ".repeat(label_width + 2);
    let Some(value) = value else {
        return vec![Line::from(vec![
            label_span,
            Span::styled(
                fit("not in the response", width.saturating_sub(label_width + 2)),
                theme::dim(),
            ),
        ])];
    };
    // Wrapped with the label's room as indent, so that `width` counts the whole line.
    let parts = wrap_at_most(value, width, &indent, &indent, max_lines.max(1));
    parts
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let text = part.get(indent.len()..).unwrap_or_default().to_owned();
            if i == 0 {
                Line::from(vec![label_span.clone(), Span::raw(text)])
            } else {
                Line::from(vec![Span::raw(indent.clone()), Span::raw(text)])
            }
        })
        .collect()
}

/// `name: value`, wrapped to `width` with the continuation lines indented under the value's
/// start; the name is styled as a label.
#[must_use]
pub fn labelled_lines(name: &str, value: &str, width: usize) -> Vec<Line<'static>> {
    let label = format!(" {name}: ");
    wrap(&format!("{name}: {value}"), width, " ", "   ")
        .into_iter()
        .enumerate()
        .map(|(i, part)| match part.strip_prefix(label.as_str()) {
            Some(rest) if i == 0 => Line::from(vec![
                Span::styled(label.clone(), theme::label()),
                Span::raw(rest.to_owned()),
            ]),
            _ => Line::raw(part),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_id_moves_to_the_next_line_whole() {
        let lines = wrap("Basic dG9rZW4tREVNTzAx → token-DEMO01:••••", 30, "", "");
        assert_eq!(lines, ["Basic dG9rZW4tREVNTzAx", "→ token-DEMO01:••••"]);
    }

    #[test]
    fn a_uuid_is_not_split_at_its_hyphens() {
        let lines = wrap(
            "device e68ead46-a7db-46cd-9f01-44aed1e4e372 is online",
            40,
            " ",
            " ",
        );
        assert_eq!(
            lines,
            [
                " device",
                " e68ead46-a7db-46cd-9f01-44aed1e4e372 is",
                " online"
            ]
        );
    }

    #[test]
    fn a_url_is_not_split_at_its_hyphens() {
        let lines = wrap(
            "see https://api.sipgate.com/v2/personal-access-tokens now",
            50,
            "",
            "",
        );
        assert_eq!(
            lines,
            [
                "see",
                "https://api.sipgate.com/v2/personal-access-tokens",
                "now"
            ]
        );
    }

    #[test]
    fn a_word_longer_than_a_line_is_broken_where_it_must() {
        assert_eq!(wrap("abc-defghijkl", 8, "", ""), ["abc-defg", "hijkl"]);
    }

    #[test]
    fn a_cut_ends_in_an_ellipsis() {
        assert_eq!(fit("30 days (THIRTY_DAYS)", 12), "30 days (TH…");
        assert_eq!(fit("history retention", 9), "history…");
        assert_eq!(fit("日本語テキスト", 7), "日本語…");
        assert_eq!(fit("fits", 4), "fits");
    }

    #[test]
    fn wrapping_at_most_some_lines_marks_the_cut() {
        let lines = wrap_at_most("one two three four five six", 10, "", "", 2);
        assert_eq!(lines, ["one two", "three fou…"]);
    }

    #[test]
    fn a_line_of_spans_is_cut_with_an_ellipsis() {
        let line = Line::from(vec![Span::raw(" 200 OK "), Span::raw("· 42 ms · HTTP/1.1")]);
        let fitted = fit_line(line, 14);
        assert_eq!(fitted.to_string(), " 200 OK · 42…");
    }
}
