//! The results panel: a bordered block whose top border carries the tab titles, and the
//! selected tab's content, scrolled.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_width::UnicodeWidthStr as _;

use super::{body, headers, request, summary, theme, timing};
use crate::app::{App, Focus, Tab};

/// Below this panel width the tab titles are abbreviated.
const FULL_TITLES_WIDTH: u16 = 50;
const SEPARATOR: &str = " │ ";

fn title(tab: Tab, width: u16) -> &'static str {
    if width >= FULL_TITLES_WIDTH {
        return tab.title();
    }
    match tab {
        Tab::Summary => "Sum",
        Tab::Body => "Body",
        Tab::Headers => "Hdrs",
        Tab::Request => "Req",
        Tab::Timing => "Time",
    }
}

/// The tab whose title is at `column` of the panel's top border.
#[must_use]
pub fn tab_at(area: Rect, column: u16) -> Option<Tab> {
    let mut x = usize::from(area.x) + 2;
    let column = usize::from(column);
    for tab in Tab::ALL {
        let width = title(tab, area.width).width();
        if column >= x && column < x + width {
            return Some(tab);
        }
        x += width + SEPARATOR.width();
    }
    None
}

/// Rows of content inside the panel (less the search prompt when it shows).
#[must_use]
pub fn content_rows(app: &App, area: Rect) -> usize {
    let rows = usize::from(area.height.saturating_sub(2));
    rows.saturating_sub(usize::from(
        app.tab == Tab::Body && body::prompt_visible(app),
    ))
}

/// Lines of content a tab has at this panel size.
#[must_use]
pub fn line_count(app: &App, tab: Tab, area: Rect) -> usize {
    let width = usize::from(area.width.saturating_sub(2));
    match tab {
        Tab::Summary => summary::summary_lines(app, width).len(),
        Tab::Body => app.completed().map_or(0, |c| c.body_lines.len()),
        Tab::Headers => headers::header_lines(app, width).len(),
        Tab::Request => request::request_lines(app, width).len(),
        Tab::Timing => timing::timing_lines(app, width).len(),
    }
}

/// Draws the panel.
pub fn render_results(app: &App, frame: &mut Frame, area: Rect) {
    let focused = app.focus == Focus::Results;
    let mut spans = vec![Span::raw(" ")];
    for (i, tab) in Tab::ALL.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(SEPARATOR, theme::dim()));
        }
        let style = if tab == app.tab {
            theme::key().add_modifier(Modifier::REVERSED)
        } else {
            Style::new()
        };
        spans.push(Span::styled(title(tab, area.width), style));
    }
    spans.push(Span::raw(" "));
    let border = if focused { theme::key() } else { Style::new() };
    let block = Block::bordered()
        .title(Line::from(spans))
        .border_style(border);
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let rows = content_rows(app, area);
    let width = usize::from(inner.width);
    let first = app.scroll_of(app.tab);
    let lines: Vec<Line> = match app.tab {
        Tab::Body => {
            body::render_body(app, frame, inner);
            return;
        }
        Tab::Summary => summary::summary_lines(app, width),
        Tab::Headers => headers::header_lines(app, width),
        Tab::Request => request::request_lines(app, width),
        Tab::Timing => timing::timing_lines(app, width),
    };
    let first = first.min(lines.len().saturating_sub(rows));
    let shown: Vec<Line> = lines.into_iter().skip(first).take(rows).collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

/// A dim one-line hint, for tabs with nothing to show yet.
#[must_use]
pub fn hint(text: &str) -> Line<'static> {
    Line::styled(format!(" {text}"), theme::dim())
}

/// A section heading.
#[must_use]
pub fn heading(text: &str) -> Line<'static> {
    Line::styled(
        format!(" {text}"),
        Style::new().add_modifier(Modifier::BOLD),
    )
}
