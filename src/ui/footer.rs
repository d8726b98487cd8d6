//! The footer: a notice when there is one, else the main keys for where focus is (the hints
//! of `app::bindings::FOOTER`, their key names made from the binding table: labels follow the
//! state, and hints that do not fit are left out whole, least important first).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use super::theme;
use crate::app::App;
use crate::app::bindings::footer_entries;

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
    let mut spans = vec![Span::raw(" ")];
    for (i, (keys, label)) in footer_entries(app, usize::from(area.width))
        .into_iter()
        .enumerate()
    {
        if i > 0 {
            spans.push(Span::styled(" · ", theme::dim()));
        }
        spans.push(Span::styled(keys, theme::key()));
        spans.push(Span::raw(format!(" {label}")));
    }
    frame.render_widget(Line::from(spans), area);
}
