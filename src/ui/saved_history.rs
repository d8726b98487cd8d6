//! The saved-history overlay (F6 while attempts are recorded): every recorded attempt from the
//! history database, newest first, drawn from the loaded window only; an opened attempt as its
//! report; the diff of two.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::theme;
use super::wrap::fit;
use crate::app::{App, SavedView};
use crate::sanitize::sanitize;
use crate::store::{ReportFormat, render_report};

/// Draws the overlay centred over `area`.
pub fn render_saved_history(app: &App, frame: &mut Frame, area: Rect) {
    let saved = &app.store.saved;
    let popup = super::centered(area, 96, area.height.saturating_sub(2).max(5));
    let title = match &saved.view {
        SavedView::List => format!(
            " Saved history: {} attempts (Enter opens, Space marks two for a diff, r report) ",
            saved.total
        ),
        SavedView::Detail(attempt) => format!(" Attempt #{} (r report, Esc back) ", attempt.id),
        SavedView::Diff { title, .. } => format!(" What changed: {} (Esc back) ", sanitize(title)),
    };
    let block = Block::bordered().title(title);
    let inner = block.inner(popup);
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    let rows = usize::from(inner.height);
    let width = usize::from(inner.width);
    let lines: Vec<Line> = match &saved.view {
        SavedView::List => list_lines(app, rows, width),
        SavedView::Detail(attempt) => {
            let report = render_report(attempt, ReportFormat::Markdown);
            text_lines(report.lines(), saved.scroll, rows, width)
        }
        SavedView::Diff { lines, .. } => {
            text_lines(lines.iter().map(String::as_str), saved.scroll, rows, width)
        }
    };
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The list: a header, then the rows around the cursor that are loaded.
fn list_lines(app: &App, rows: usize, width: usize) -> Vec<Line<'static>> {
    let saved = &app.store.saved;
    let mut lines = vec![Line::styled(
        fit(
            &format!(
                "  {:>6}  {:<19}  {:<12} {:<7} {:<14} {}",
                "#", "sent (UTC)", "profile", "result", "token id", "base URL"
            ),
            width,
        ),
        theme::label(),
    )];
    if let Some(error) = &saved.error {
        lines.push(Line::styled(
            fit(&format!(" {}", sanitize(error)), width),
            theme::dim(),
        ));
        return lines;
    }
    if saved.total == 0 {
        let text = if saved.loading.is_some() {
            " Loading…"
        } else {
            " Nothing recorded yet."
        };
        lines.push(Line::styled(text, theme::dim()));
        return lines;
    }
    let shown = rows.saturating_sub(1) as u64;
    // The cursor's row stays in view, a third from the top once the list scrolls.
    let first = saved
        .cursor
        .saturating_sub(shown / 3)
        .min(saved.total.saturating_sub(shown));
    for position in first..(first + shown).min(saved.total) {
        let Some(attempt) = saved.row(position) else {
            lines.push(Line::styled("  …", theme::dim()));
            continue;
        };
        let mark = if saved.marked == Some(attempt.id) {
            "*"
        } else {
            " "
        };
        let time = crate::api::jwt::utc_time((attempt.at_ms / 1000).clamp(0, 253_402_300_799));
        let text = format!(
            "{mark} {:>6}  {:<19}  {:<12} {:<7} {:<14} {}",
            attempt.id,
            time.trim_end_matches(" UTC"),
            fit(&sanitize(attempt.profile.as_deref().unwrap_or("–")), 12),
            fit(&attempt.outcome(), 7),
            fit(&sanitize(attempt.token_id.as_deref().unwrap_or("–")), 14),
            sanitize(&attempt.base_url),
        );
        let style = if position == saved.cursor {
            theme::key().add_modifier(Modifier::REVERSED)
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::from(Span::styled(fit(&text, width), style)));
    }
    lines
}

/// Lines of text from `scroll` on, cut to the width.
fn text_lines<'a>(
    text: impl Iterator<Item = &'a str>,
    scroll: usize,
    rows: usize,
    width: usize,
) -> Vec<Line<'static>> {
    let all: Vec<&str> = text.collect();
    let first = scroll.min(all.len().saturating_sub(rows));
    all.iter()
        .skip(first)
        .take(rows)
        .map(|line| Line::raw(fit(&sanitize(line), width)))
        .collect()
}
