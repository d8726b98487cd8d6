//! The Headers tab: the status line and the response headers as they arrived.

use ratatui::text::{Line, Span};

use super::results::hint;
use super::theme;
use crate::app::{App, RequestState};
use crate::sanitize::sanitize;

/// Every line of the tab.
#[must_use]
pub fn header_lines(app: &App) -> Vec<Line<'static>> {
    let RequestState::Done(completed) = &app.request else {
        return vec![hint("The response headers appear here.")];
    };
    let Ok(response) = &completed.inspection.exchange.result else {
        return vec![hint("No response arrived, so there are no headers.")];
    };
    let mut lines = vec![Line::styled(
        format!(
            " {} {} {}",
            response.version, response.status, response.reason
        ),
        theme::status_style(response.status),
    )];
    for (name, value) in &response.headers {
        lines.push(Line::from(vec![
            Span::styled(format!(" {}: ", sanitize(name)), theme::label()),
            Span::raw(sanitize(value)),
        ]));
    }
    lines
}
