//! The Request tab: the request as sent (Authorization masked and decoded), and the same
//! request as a curl command that reads the secrets from the environment.

use ratatui::text::Line;

use super::results::heading;
use super::wrap::{hint_lines, labelled_lines, styled_lines, wrap};
use crate::app::{App, RequestState};
use crate::sanitize::sanitize;

/// Every line of the tab, wrapped to `width`.
#[must_use]
pub fn request_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let RequestState::Done(completed) = &app.request else {
        return hint_lines("The request as sent appears here once one was sent.", width);
    };
    let width = width.max(20);
    let request = &completed.inspection.exchange.request;
    let mut lines = vec![heading("As sent")];
    lines.extend(styled_lines(
        &format!("{} {}", request.method, sanitize(&request.url)),
        width,
        " ",
        "   ",
        ratatui::style::Style::new(),
    ));
    lines.extend(header("Authorization", &request.authorization, width));
    lines.extend(header("Accept", "application/json", width));
    lines.extend(header(
        "User-Agent",
        concat!("sipgate-inspect/", env!("CARGO_PKG_VERSION")),
        width,
    ));
    if let Some(proxy) = &request.proxy {
        lines.extend(header("Proxy", proxy, width));
    }
    lines.push(Line::raw(""));
    lines.push(heading("As curl (F5 or c copies it)"));
    let note = "The token stays in the environment: set SIPGATE_TOKEN_ID and SIPGATE_TOKEN (or SIPGATE_ACCESS_TOKEN) before running it.";
    lines.extend(hint_lines(note, width));
    let command = app.shown_curl();
    for part in wrap(&sanitize(&command), width, " ", "   ") {
        lines.push(Line::raw(part));
    }
    lines
}

/// `name: value`, wrapped under the header's start (the decoded `→ token-id:••••` after a
/// Basic header moves to the next line whole instead of being lost at the edge).
fn header(name: &str, value: &str, width: usize) -> Vec<Line<'static>> {
    labelled_lines(name, &sanitize(value), width)
}
