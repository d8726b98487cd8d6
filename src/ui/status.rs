//! The status line: idle hint, spinner with elapsed time, cancelled, or the result's status
//! (marked when it is for credentials the form no longer holds); why Enter was refused.
//! One row: what matters most comes first, details are left out when the row is too narrow, and
//! anything still too long is cut with a visible `…`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr as _;

use super::theme;
use super::wrap::{fit, fit_line};
use crate::app::{App, RequestState};
use crate::format::human_duration;
use crate::sanitize::sanitize;

/// Draws the status line.
// One arm per state of the request (and of a sign-in), each its own line.
#[allow(clippy::too_many_lines)]
pub fn render_status(app: &App, frame: &mut Frame, area: Rect) {
    let width = usize::from(area.width);
    // A refused Enter says why, whatever was on screen before: the old status would look as
    // if Enter did nothing.
    if let Some(reason) = app.blocked_reason() {
        let line = Line::from(vec![
            Span::styled(" Not sent:", theme::failure_style()),
            Span::raw(format!(" {reason} (see Troubleshooting)")),
        ]);
        frame.render_widget(fit_line(line, width), area);
        return;
    }
    let line = match &app.request {
        RequestState::Idle
            if app.form.mode == crate::app::AuthMode::SignIn
                && matches!(
                    app.sign_in.phase,
                    crate::app::sign_in::SignInPhase::Waiting { .. }
                ) =>
        {
            Line::from(vec![
                Span::styled(" ⧗ Signing in: ", theme::key()),
                Span::raw("waiting for the browser to come back · "),
                Span::styled("Esc cancels", theme::dim()),
            ])
        }
        // Sign in: Enter starts the sign-in, not the request.
        RequestState::Idle if crate::app::sign_in::enter_signs_in(app) => Line::from(vec![
            Span::raw(" Press "),
            Span::styled("Enter", theme::key()),
            Span::raw(" to sign in with sipgate in your browser"),
        ]),
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
        } => {
            let elapsed = format!(" · {} ", human_duration(*elapsed));
            let cancel = "· Esc cancels";
            // A long URL is shortened rather than the time and the way out.
            let room = width.saturating_sub(3 + "GET ".len() + elapsed.width() + cancel.width());
            Line::from(vec![
                Span::styled(
                    format!(" {} ", theme::SPINNER[tick % theme::SPINNER.len()]),
                    theme::key(),
                ),
                Span::raw(format!("GET {}{elapsed}", fit(&sanitize(url), room))),
                Span::styled(cancel, theme::dim()),
            ])
        }
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
                    let details =
                        format!(" · {} · {} bytes", response.version, response.body.len());
                    let mut spans = vec![
                        Span::styled(
                            format!(" {} {} ", response.status, response.reason),
                            theme::status_style(response.status),
                        ),
                        Span::raw(format!("· {elapsed}")),
                        Span::raw(details),
                    ];
                    if let Some(note) = history_note(app) {
                        spans.push(Span::styled(note, theme::dim()));
                    } else if app.shown_is_stale() {
                        spans.push(Span::styled(STALE, theme::key()));
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
                    let full = Line::from(spans.clone());
                    if full.width() > width {
                        // Version and size are in the Headers and Body tabs; the history note
                        // and the retry countdown are not anywhere else.
                        spans.remove(2);
                    }
                    Line::from(spans)
                }
                // The time first: the message can be long (a DNS error names the host and the
                // resolver's words), and the Troubleshooting panel has it in full.
                Err(error) => {
                    let mut spans = vec![
                        Span::styled(" No response", theme::failure_style()),
                        Span::raw(format!(" · {elapsed}")),
                    ];
                    if history_note(app).is_none() && app.shown_is_stale() {
                        spans.push(Span::styled(STALE, theme::key()));
                    }
                    spans.push(Span::raw(format!(" · {}", sanitize(&error.message))));
                    Line::from(spans)
                }
            }
        }
    };
    frame.render_widget(fit_line(line, width), area);
}

/// After the status of a result sent with other credentials than the form holds now.
const STALE: &str = " · for the previous credentials (Enter to send these)";

/// When the screen shows an older attempt from the history, says which.
fn history_note(app: &App) -> Option<String> {
    let shown = app.shown_request_id()?;
    let latest = app.history.last()?.request_id;
    (shown != latest).then(|| format!(" · attempt #{shown} from the history (F6)"))
}
