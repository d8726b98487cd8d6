//! The status line: idle hint, spinner with elapsed time, cancelled, or the result's status.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::theme;
use crate::app::{App, RequestState};
use crate::format::human_duration;
use crate::sanitize::sanitize;

/// Draws the status line.
pub fn render_status(app: &App, frame: &mut Frame, area: Rect) {
    let line = match &app.request {
        RequestState::Idle => Line::from(vec![
            Span::raw(" Press "),
            Span::styled("Enter", theme::key()),
            Span::raw(" to send GET /account"),
        ]),
        RequestState::InFlight {
            elapsed,
            frame: tick,
            url,
            ..
        } => Line::from(vec![
            Span::styled(
                format!(" {} ", theme::SPINNER[tick % theme::SPINNER.len()]),
                theme::key(),
            ),
            Span::raw(format!(
                "GET {} · {} ",
                sanitize(url),
                human_duration(*elapsed)
            )),
            Span::styled("· Esc cancels", theme::dim()),
        ]),
        RequestState::Cancelled { after, .. } => Line::from(vec![
            Span::styled(" Cancelled", theme::failure_style()),
            Span::raw(format!(
                " after {}; its answer will not be shown. Enter sends again.",
                human_duration(*after)
            )),
        ]),
        RequestState::Done(completed) => {
            let exchange = &completed.inspection.exchange;
            let elapsed = human_duration(exchange.elapsed);
            match &exchange.result {
                Ok(response) => {
                    let mut spans = vec![
                        Span::styled(
                            format!(" {} {} ", response.status, response.reason),
                            theme::status_style(response.status),
                        ),
                        Span::raw(format!(
                            "· {elapsed} · {} · {} bytes",
                            response.version,
                            response.body.len()
                        )),
                    ];
                    if let Some(note) = history_note(app) {
                        spans.push(Span::styled(note, theme::dim()));
                    }
                    if completed.retry_after.is_some() {
                        spans.push(match app.retry_countdown() {
                            Some(left) => Span::styled(
                                format!(" · retry in {left} s"),
                                theme::status_style(429),
                            ),
                            None => Span::styled(" · you may retry now", theme::key()),
                        });
                    }
                    Line::from(spans)
                }
                Err(error) => Line::from(vec![
                    Span::styled(" No response: ", theme::failure_style()),
                    Span::raw(format!("{} · {elapsed}", sanitize(&error.message))),
                ]),
            }
        }
    };
    frame.render_widget(line, area);
}

/// When the screen shows an older attempt from the history, says which.
fn history_note(app: &App) -> Option<String> {
    let shown = app.shown_request_id()?;
    let latest = app.history.last()?.request_id;
    (shown != latest).then(|| format!(" · attempt #{shown} from the history (F6)"))
}
