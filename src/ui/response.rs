//! The response body, pretty-printed and scrollable. Only the visible lines are drawn, so a
//! 10 MB body costs no more per frame than a small one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use super::theme;
use crate::app::{App, RequestState};

/// Draws the body panel.
pub fn render_response(app: &App, frame: &mut Frame, area: Rect) {
    let RequestState::Done(completed) = &app.request else {
        let block = Block::bordered().title(" Body ");
        frame.render_widget(
            Paragraph::new(Line::styled(
                " The raw response appears here.",
                theme::dim(),
            ))
            .block(block),
            area,
        );
        return;
    };
    let lines = &completed.body_lines;
    let visible = usize::from(area.height.saturating_sub(2));
    let first = app.body_scroll.min(lines.len().saturating_sub(1));
    let last = (first + visible).min(lines.len());
    let title = if completed.inspection.exchange.result.is_err() {
        " Body (no response) ".to_owned()
    } else if lines.is_empty() {
        " Body (empty) ".to_owned()
    } else if lines.len() <= visible && first == 0 {
        format!(" Body ({} lines) ", lines.len())
    } else {
        format!(
            " Body {}–{} of {} (PgUp/PgDn) ",
            first + 1,
            last,
            lines.len()
        )
    };
    let text: Vec<Line> = lines[first..last]
        .iter()
        .map(|l| Line::raw(l.as_str()))
        .collect();
    frame.render_widget(
        Paragraph::new(text).block(Block::bordered().title(title)),
        area,
    );
}
