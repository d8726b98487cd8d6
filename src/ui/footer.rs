//! The footer: the main keys for the current state.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::theme;
use crate::app::{App, Overlay};

/// Draws the footer.
pub fn render_footer(app: &App, frame: &mut Frame, area: Rect) {
    let keys: &[(&str, &str)] = if app.overlay == Overlay::Help {
        &[
            ("Esc", "close help"),
            ("F1", "close help"),
            ("Ctrl+Q", "quit"),
        ]
    } else if app.is_in_flight() {
        &[("Esc", "cancel"), ("F1", "help"), ("Ctrl+Q", "quit")]
    } else if app.available_fix().is_some() {
        &[
            ("Enter", "send"),
            ("Ctrl+T", "fix"),
            ("Tab", "field"),
            ("Ctrl+R", "reveal"),
            ("F1", "help"),
            ("Ctrl+Q", "quit"),
        ]
    } else {
        &[
            ("Enter", "send"),
            ("Tab", "field"),
            ("Ctrl+R", "reveal"),
            ("F2", "OAuth"),
            ("F1", "help"),
            ("Ctrl+Q", "quit"),
        ]
    };
    let mut spans = vec![Span::raw(" ")];
    for (i, (key, action)) in keys.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme::dim()));
        }
        spans.push(Span::styled(*key, theme::key()));
        spans.push(Span::raw(format!(" {action}")));
    }
    frame.render_widget(Line::from(spans), area);
}
