//! The sign-in mode's view: the waiting screen (the authorization URL in full, a countdown,
//! Esc to cancel) and a failed sign-in's findings in the troubleshooting panel, and the
//! signed-in session's countdowns for the header.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use ratatui::text::Line;

use super::theme;
use crate::app::sign_in::SignInPhase;
use crate::app::{App, AuthMode};
use crate::diagnose::Finding;
use crate::sanitize::sanitize;

/// `m:ss` (or `h:mm:ss`, or days) of a duration, for countdowns.
#[must_use]
pub fn countdown(left: Duration) -> String {
    let secs = left.as_secs();
    match secs {
        s if s >= 2 * 86_400 => format!("{} days", s / 86_400),
        s if s >= 3600 => format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60),
        s => format!("{}:{:02}", s / 60, s % 60),
    }
}

/// Time left until `until`, as of the app's last clock reading (none before any).
fn left(until: Instant, now: Option<Instant>) -> Option<Duration> {
    now.map(|now| until.saturating_duration_since(now))
}

/// The header's note while signed in: `signed in: demo-app · token 4:59 · refresh 30 days`.
#[must_use]
pub fn header_note(app: &App) -> Option<String> {
    let session = app.sign_in.session.as_ref()?;
    if !matches!(
        app.sign_in.phase,
        SignInPhase::SignedIn | SignInPhase::Failed { .. }
    ) {
        return None;
    }
    let mut note = format!(" signed in: {}", sanitize(&session.client.client_id));
    match session.expires_at.and_then(|at| left(at, app.now)) {
        Some(left) if left.is_zero() => note.push_str(" · token expired"),
        Some(left) => {
            let _ = write!(note, " · token {}", countdown(left));
        }
        None => {}
    }
    match (
        &session.refresh_token,
        session.refresh_expires_at.and_then(|at| left(at, app.now)),
    ) {
        (Some(_), Some(left)) => {
            let _ = write!(note, " · refresh {}", countdown(left));
        }
        (None, _) => note.push_str(" · no refresh"),
        (Some(_), None) => {}
    }
    note.push(' ');
    Some(note)
}

/// The sign-in's lines for the troubleshooting panel, first in it; `true` when nothing else
/// belongs there (waiting for the browser).
pub fn push_sign_in_lines(
    app: &App,
    lines: &mut Vec<Line<'static>>,
    width: usize,
    push_finding: impl Fn(&mut Vec<Line<'static>>, &Finding, usize),
) -> bool {
    if app.form.mode != AuthMode::SignIn {
        return false;
    }
    match &app.sign_in.phase {
        SignInPhase::Waiting { url, deadline, .. } => {
            let wait = countdown(left(*deadline, app.now).unwrap_or(app.sign_in.wait));
            lines.push(Line::styled(
                format!(" ⧗ Waiting for the browser: {wait} left"),
                theme::label(),
            ));
            for row in
                super::wrap::wrap("Esc cancels and closes the listener.", width, "   ", "   ")
            {
                lines.push(Line::styled(row, theme::dim()));
            }
            lines.push(Line::raw(""));
            match url {
                Some(url) => {
                    for row in super::wrap::wrap(
                        "Sign in at this URL (opened in your browser; copied to the clipboard when none opened):",
                        width,
                        " ",
                        " ",
                    ) {
                        lines.push(Line::styled(row, theme::dim()));
                    }
                    // In full, cut into rows: the URL has no spaces to wrap at, and every
                    // character of it is needed to open it elsewhere.
                    let url = sanitize(url);
                    let room = width.saturating_sub(3).max(10);
                    let chars: Vec<char> = url.chars().collect();
                    for chunk in chars.chunks(room) {
                        lines.push(Line::raw(format!(
                            "   {}",
                            chunk.iter().collect::<String>()
                        )));
                    }
                }
                None => lines.push(Line::styled(
                    " Starting the listener…".to_owned(),
                    theme::dim(),
                )),
            }
            true
        }
        SignInPhase::Failed { findings } => {
            for finding in findings {
                push_finding(lines, finding, width);
            }
            lines.push(Line::styled(
                " Enter signs in again.".to_owned(),
                theme::label(),
            ));
            lines.push(Line::raw(""));
            false
        }
        SignInPhase::Idle | SignInPhase::SignedIn => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countdowns_read_as_clocks() {
        assert_eq!(countdown(Duration::from_secs(299)), "4:59");
        assert_eq!(countdown(Duration::from_secs(20)), "0:20");
        assert_eq!(countdown(Duration::from_secs(3_725)), "1:02:05");
        assert_eq!(countdown(Duration::from_secs(2_592_000)), "30 days");
    }
}
