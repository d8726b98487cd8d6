//! The top line: what is being inspected, and a clear badge when it is the demo API.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use crate::app::{ApiTarget, App};
use crate::sanitize::sanitize;

/// Draws the header line.
pub fn render_header(app: &App, frame: &mut Frame, area: Rect) {
    let demo = match app.target {
        ApiTarget::Demo => " DEMO API (offline, built in) ",
        ApiTarget::Real => "",
    };
    // Signed in: who, and the access and refresh tokens' countdowns.
    let note = super::sign_in::header_note(app);
    let badge = demo;
    let note_width = note
        .as_deref()
        .map_or(0, |n| u16::try_from(n.chars().count()).unwrap_or(0));
    let [left, signed_in, right] = Layout::horizontal([
        Constraint::Min(10),
        Constraint::Length(note_width),
        Constraint::Length(u16::try_from(badge.chars().count()).unwrap_or(0)),
    ])
    .areas(area);
    if let Some(note) = note {
        frame.render_widget(
            Span::styled(note, Style::new().fg(Color::Black).bg(Color::Green)),
            signed_in,
        );
    }
    let title = Line::from(vec![
        Span::styled(
            " sipgate-inspect ",
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Span::styled(sanitize(&app.account_url()), super::theme::dim()),
    ]);
    // The active profile, when the form was filled from one.
    let title = match &app.store.profile {
        Some(name) => {
            let mut title = title;
            title.push_span(Span::raw(format!("  profile {}", sanitize(name))));
            title
        }
        None => title,
    };
    // A long base URL on a narrow screen ends in `…`, not mid-word.
    frame.render_widget(super::wrap::fit_line(title, usize::from(left.width)), left);
    if !badge.is_empty() {
        frame.render_widget(
            Span::styled(
                badge,
                Style::new()
                    .fg(Color::Black)
                    .bg(Color::Yellow)
                    .add_modifier(Modifier::BOLD),
            ),
            right,
        );
    }
}
