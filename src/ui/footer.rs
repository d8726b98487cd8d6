//! The footer: a notice when there is one, else the main keys for where focus is.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use super::theme;
use crate::app::{App, Focus, Overlay};

/// Draws the footer.
pub fn render_footer(app: &App, frame: &mut Frame, area: Rect) {
    if let Some(notice) = &app.notice {
        frame.render_widget(
            Line::styled(
                format!(" {notice}"),
                theme::key().add_modifier(Modifier::BOLD),
            ),
            area,
        );
        return;
    }
    let keys: &[(&str, &str)] = match app.overlay {
        Overlay::Help => &[("Esc", "close help"), ("Ctrl+Q", "quit")],
        Overlay::History => &[("↑↓", "select"), ("Enter", "show"), ("Esc", "close")],
        Overlay::None if app.search.editing => &[
            ("type", "search the body"),
            ("Enter", "find"),
            ("Esc", "close"),
        ],
        Overlay::None if app.focus == Focus::Results => &[
            ("↑↓", "scroll"),
            ("←→", "tab"),
            ("/", "search"),
            ("n", "next"),
            ("c", "curl"),
            ("h", "history"),
            ("Tab", "form"),
            ("F1", "help"),
        ],
        Overlay::None if app.is_in_flight() => {
            &[("Esc", "cancel"), ("F1", "help"), ("Ctrl+Q", "quit")]
        }
        Overlay::None if app.available_fix().is_some() => &[
            ("Enter", "send"),
            ("Ctrl+T", "fix"),
            ("Tab", "field"),
            ("Ctrl+R", "reveal"),
            ("F1", "help"),
            ("Ctrl+Q", "quit"),
        ],
        Overlay::None => &[
            ("Enter", "send"),
            ("Tab", "field"),
            ("Ctrl+R", "reveal"),
            ("F2", "OAuth"),
            ("F1", "help"),
            ("Ctrl+Q", "quit"),
        ],
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
