//! The Body tab: the response body, pretty-printed, JSON highlighted, searchable. Only the
//! visible lines are styled and laid out, so a 10 MB body costs no more per frame than a
//! small one.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::results::hint;
use super::theme;
use crate::app::{App, RequestState};

/// Whether the search prompt row shows (typing a query, or matches to step through).
#[must_use]
pub fn prompt_visible(app: &App) -> bool {
    app.search.editing || !app.search.matches.is_empty()
}

/// Draws the body into the panel's inner area; `total_rows` is what the whole body takes there
/// (counted once by the caller, which also records it as the scroll limit).
pub fn render_body(app: &App, frame: &mut Frame, inner: Rect, total_rows: usize) {
    let RequestState::Done(completed) = &app.request else {
        frame.render_widget(
            Paragraph::new(hint("The raw response appears here.")),
            inner,
        );
        return;
    };
    if completed.inspection.exchange.result.is_err() {
        frame.render_widget(Paragraph::new(hint("No response arrived.")), inner);
        return;
    }
    let lines = &completed.body_lines;
    if lines.is_empty() {
        frame.render_widget(Paragraph::new(hint("The body is empty.")), inner);
        return;
    }
    let prompt = prompt_visible(app);
    let rows = usize::from(inner.height).saturating_sub(usize::from(prompt));
    let width = usize::from(inner.width);
    let wrap = app.body_wrap.wraps();
    let first_row = app
        .scroll_of(crate::app::Tab::Body)
        .min(total_rows.saturating_sub(rows));
    let (first, skip) = completed.line_at_row(first_row, width, wrap);
    let query = app.search.query.value().to_lowercase();
    let current = app.search.matches.get(app.search.current).copied();
    let mut text: Vec<Line> = Vec::with_capacity(rows);
    let mut last = first;
    // Only the lines that show are styled and split.
    for (i, line) in lines.iter().enumerate().skip(first) {
        if text.len() >= rows {
            break;
        }
        let styled = if app.search.matches.binary_search(&i).is_ok() {
            match_line(line, &query, current == Some(i))
        } else if completed.body_is_json {
            json_line(line)
        } else {
            Line::raw(line.clone())
        };
        let pieces = if wrap {
            split_rows(styled, width)
        } else {
            vec![super::wrap::fit_line(styled, width)]
        };
        let skip = if i == first { skip } else { 0 };
        text.extend(pieces.into_iter().skip(skip));
        last = i + 1;
    }
    text.truncate(rows);
    frame.render_widget(
        Paragraph::new(text),
        Rect::new(
            inner.x,
            inner.y,
            inner.width,
            u16::try_from(rows).unwrap_or(0),
        ),
    );
    if prompt {
        let y = inner.y + inner.height.saturating_sub(1);
        let area = Rect::new(inner.x, y, inner.width, 1);
        render_prompt(app, frame, area, (first, last, lines.len()));
    }
}

fn render_prompt(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    (first, last, total): (usize, usize, usize),
) {
    let query = crate::sanitize::sanitize(app.search.query.value());
    let status = if app.search.editing {
        "Enter finds, Esc closes".to_owned()
    } else {
        format!(
            "match {} of {} (n/N), lines {}–{last} of {total}",
            app.search.current + 1,
            app.search.matches.len(),
            first + 1
        )
    };
    let line = Line::from(vec![
        Span::styled("/", theme::key()),
        Span::raw(query.clone()),
        Span::styled(format!("  {status}"), theme::dim()),
    ]);
    frame.render_widget(super::wrap::fit_line(line, usize::from(area.width)), area);
    if app.search.editing && app.overlay == crate::app::Overlay::None {
        let x = area.x
            + 1
            + u16::try_from(unicode_width::UnicodeWidthStr::width(query.as_str())).unwrap_or(0);
        frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
    }
}

/// A styled line split into rows of at most `width` columns, styles kept.
fn split_rows(line: Line<'static>, width: usize) -> Vec<Line<'static>> {
    use unicode_width::UnicodeWidthChar as _;
    let width = width.max(1);
    let mut rows: Vec<Line<'static>> = Vec::new();
    let mut row: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for span in line.spans {
        let mut piece = String::new();
        for c in span.content.chars() {
            let w = c.width().unwrap_or(0);
            if used + w > width && used > 0 {
                if !piece.is_empty() {
                    row.push(Span::styled(std::mem::take(&mut piece), span.style));
                }
                rows.push(Line::from(std::mem::take(&mut row)));
                used = 0;
            }
            piece.push(c);
            used += w;
        }
        if !piece.is_empty() {
            row.push(Span::styled(piece, span.style));
        }
    }
    if !row.is_empty() || rows.is_empty() {
        rows.push(Line::from(row));
    }
    rows
}

/// A line containing the search query, each occurrence highlighted (the current match line
/// more strongly).
fn match_line(line: &str, query: &str, current: bool) -> Line<'static> {
    let highlight = if current {
        Style::new()
            .bg(Color::Yellow)
            .fg(Color::Black)
            .add_modifier(Modifier::BOLD)
    } else {
        Style::new()
            .bg(Color::DarkGray)
            .add_modifier(Modifier::BOLD)
    };
    let lower = line.to_lowercase();
    // Lower-casing can change byte lengths outside ASCII; then mark the whole line instead.
    if query.is_empty() || lower.len() != line.len() {
        return Line::styled(line.to_owned(), highlight);
    }
    let mut spans = Vec::new();
    let mut rest = 0;
    while let Some(found) = lower[rest..].find(query) {
        let start = rest + found;
        let end = start + query.len();
        if !line.is_char_boundary(start) || !line.is_char_boundary(end) {
            break;
        }
        spans.push(Span::raw(line[rest..start].to_owned()));
        spans.push(Span::styled(line[start..end].to_owned(), highlight));
        rest = end;
    }
    spans.push(Span::raw(line[rest..].to_owned()));
    Line::from(spans)
}

/// Colours one line of pretty-printed JSON: keys, strings, numbers, literals.
#[must_use]
pub fn json_line(line: &str) -> Line<'static> {
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    let mut spans = vec![Span::raw(indent.to_owned())];
    let mut rest = trimmed;
    if rest.starts_with('"')
        && let Some(end) = string_end(rest)
        && rest[end..].starts_with(": ")
    {
        spans.push(Span::styled(
            rest[..end].to_owned(),
            Style::new().fg(Color::Cyan),
        ));
        spans.push(Span::raw(": "));
        rest = &rest[end + 2..];
    }
    let (value, comma) = match rest.strip_suffix(',') {
        Some(value) => (value, ","),
        None => (rest, ""),
    };
    let style = match value.chars().next() {
        Some('"') => Style::new().fg(Color::Green),
        Some('-' | '0'..='9') => Style::new().fg(Color::Magenta),
        Some('t' | 'f' | 'n') => Style::new().fg(Color::Yellow),
        _ => Style::new(),
    };
    spans.push(Span::styled(value.to_owned(), style));
    spans.push(Span::raw(comma));
    Line::from(spans)
}

/// The byte index just past the JSON string starting at `text[0] == '"'`.
fn string_end(text: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in text.char_indices().skip(1) {
        match (escaped, c) {
            (true, _) => escaped = false,
            (false, '\\') => escaped = true,
            (false, '"') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &Line) -> Vec<String> {
        line.spans.iter().map(|s| s.content.to_string()).collect()
    }

    #[test]
    fn splits_keys_and_values() {
        let line = json_line(r#"  "company": "Love \"sipgate\"","#);
        assert_eq!(
            texts(&line),
            vec!["  ", "\"company\"", ": ", r#""Love \"sipgate\"""#, ","]
        );
        assert_eq!(line.spans[3].style.fg, Some(Color::Green));
        let line = json_line("    42");
        assert_eq!(line.spans[1].style.fg, Some(Color::Magenta));
        let line = json_line(r#"  "verified": true"#);
        assert_eq!(line.spans[3].style.fg, Some(Color::Yellow));
        assert_eq!(texts(&json_line("}")), vec!["", "}", ""]);
    }

    #[test]
    fn long_lines_split_into_rows_keeping_styles() {
        let rows = split_rows(json_line(r#""token": "token-BROKEN""#), 10);
        let text: Vec<String> = rows.iter().map(|r| texts(r).concat()).collect();
        assert_eq!(text, vec!["\"token\": \"", "token-BROK", "EN\""]);
        assert_eq!(rows[1].spans[0].style.fg, Some(Color::Green));
    }

    #[test]
    fn highlights_every_occurrence() {
        let line = match_line("a sipgate b SIPGATE", "sipgate", true);
        assert_eq!(texts(&line), vec!["a ", "sipgate", " b ", "SIPGATE", ""]);
    }
}
