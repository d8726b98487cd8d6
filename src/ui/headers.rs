//! The Headers tab: the status line and the response headers as they arrived. A long value
//! wraps under its name, so nothing is lost at the panel's edge.

use ratatui::text::Line;

use super::theme;
use super::wrap::{hint_lines, labelled_lines, wrap};
use crate::app::{App, RequestState};
use crate::sanitize::sanitize;

/// Every line of the tab, wrapped to `width`.
#[must_use]
pub fn header_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let RequestState::Done(completed) = &app.request else {
        return hint_lines("The response headers appear here.", width);
    };
    let Ok(response) = &completed.inspection.exchange.result else {
        return hint_lines("No response arrived, so there are no headers.", width);
    };
    let mut lines: Vec<Line<'static>> = wrap(
        &format!(
            "{} {} {}",
            response.version, response.status, response.reason
        ),
        width,
        " ",
        "   ",
    )
    .into_iter()
    .map(|part| Line::styled(part, theme::status_style(response.status)))
    .collect();
    for (name, value) in &response.headers {
        lines.extend(labelled_lines(&sanitize(name), &sanitize(value), width));
    }
    lines
}
