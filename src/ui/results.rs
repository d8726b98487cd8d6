//! The results panel: a bordered block whose top border carries the tab titles, and the
//! selected tab's content, scrolled.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_width::UnicodeWidthStr as _;

use super::{area_of, body, headers, request, summary, theme, timing};
use crate::app::{App, Focus, LayoutRecord, Tab, TabTitle};

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

/// Where each tab title sits on the panel's top border.
fn tab_titles(area: Rect) -> Vec<TabTitle> {
    let mut x = usize::from(area.x) + 2;
    let mut titles = Vec::with_capacity(Tab::ALL.len());
    for tab in Tab::ALL {
        let width = title(tab, area.width).width();
        let to_column = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
        titles.push(TabTitle {
            tab,
            start: to_column(x),
            end: to_column(x + width),
        });
        x += width + SEPARATOR.width();
    }
    titles
}

/// Rows of content inside the panel (less the search prompt when it shows).
#[must_use]
pub fn content_rows(app: &App, area: Rect) -> usize {
    let rows = usize::from(area.height.saturating_sub(2));
    rows.saturating_sub(usize::from(
        app.tab == Tab::Body && body::prompt_visible(app),
    ))
}

/// Draws the panel, and records its area, its tab titles, and how far the shown tab scrolls.
pub fn render_results(app: &App, frame: &mut Frame, area: Rect, record: &mut LayoutRecord) {
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
    record.results = area_of(area);
    record.tab_titles = tab_titles(area);
    record.tab = app.tab;
    record.tab_rows = rows;
    record.tab_width = width;
    let lines: Vec<Line> = match app.tab {
        Tab::Body => {
            let count = app
                .completed()
                .map_or(0, |c| c.body_rows(width, app.body_wrap.wraps()));
            record.tab_max_scroll = count.saturating_sub(rows);
            // Counted once here and handed on: with wrapping, counting walks every line.
            body::render_body(app, frame, inner, count);
            return;
        }
        Tab::Summary => summary::summary_lines(app, width),
        Tab::Headers => headers::header_lines(app, width),
        Tab::Request => request::request_lines(app, width),
        Tab::Timing => timing::timing_lines(app, width),
    };
    record.tab_max_scroll = lines.len().saturating_sub(rows);
    let first = first.min(record.tab_max_scroll);
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
