//! The Request tab: the request as sent (Authorization masked and decoded), and the same
//! request as a curl command that reads the secrets from the environment.

use ratatui::text::{Line, Span};

use super::results::{heading, hint};
use super::theme;
use crate::app::{App, RequestState};
use crate::curl::curl_command;
use crate::sanitize::sanitize;

/// Every line of the tab, wrapped to `width`.
#[must_use]
pub fn request_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let RequestState::Done(completed) = &app.request else {
        return vec![hint("The request as sent appears here once one was sent.")];
    };
    let request = &completed.inspection.exchange.request;
    let mut lines = vec![
        heading("As sent"),
        Line::raw(format!(" {} {}", request.method, sanitize(&request.url))),
        header("Authorization", &request.authorization),
        header("Accept", "application/json"),
        header(
            "User-Agent",
            concat!("sipgate-inspect/", env!("CARGO_PKG_VERSION")),
        ),
    ];
    if let Some(proxy) = &request.proxy {
        lines.push(header("Proxy", proxy));
    }
    lines.push(Line::raw(""));
    lines.push(heading("As curl (F5 or c copies it)"));
    let note = "The token stays in the environment: set SIPGATE_TOKEN_ID and SIPGATE_TOKEN (or SIPGATE_ACCESS_TOKEN) before running it.";
    for part in textwrap::wrap(
        note,
        textwrap::Options::new(width.max(20))
            .initial_indent(" ")
            .subsequent_indent(" "),
    ) {
        lines.push(Line::styled(part.into_owned(), theme::dim()));
    }
    let command = curl_command(&request.url, request.scheme);
    let options = textwrap::Options::new(width.max(20))
        .initial_indent(" ")
        .subsequent_indent("   ");
    for part in textwrap::wrap(&sanitize(&command), options) {
        lines.push(Line::raw(part.into_owned()));
    }
    lines
}

fn header(name: &str, value: &str) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!(" {name}: "), theme::label()),
        Span::raw(sanitize(value)),
    ])
}
