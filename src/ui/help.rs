//! The help overlay (F1): every key (from the binding table, `app::bindings::HELP`), and in
//! demo mode the scenario credentials the app was given.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::theme;
use crate::app::bindings::HELP;
use crate::app::{App, LayoutRecord};

/// Every line of the help.
fn help_lines(app: &App) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = vec![Line::styled(
        " Keys",
        Style::new().add_modifier(Modifier::BOLD),
    )];
    for entry in HELP {
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<24}", entry.keys), theme::key()),
            Span::raw(entry.text),
        ]));
    }
    if let Some(demo) = &app.demo_help {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            " Demo scenarios: enter one of these token ids with the demo token",
            Style::new().add_modifier(Modifier::BOLD),
        ));
        lines.push(Line::styled(
            format!("  token {}", demo.token),
            theme::dim(),
        ));
        for scenario in &demo.scenarios {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<14}", scenario.token_id), theme::key()),
                Span::styled(format!("{:<20} ", scenario.title), theme::label()),
                Span::raw(scenario.effect.clone()),
            ]));
        }
        lines.push(Line::styled("  Any other credentials: 401.", theme::dim()));
    }
    lines
}

/// Where the overlay goes on a screen of `area`.
fn popup(app: &App, area: Rect) -> Rect {
    let height = u16::try_from(help_lines(app).len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    super::centered(area, 110, height)
}

/// Draws the help overlay centred over `area`, and records how far it scrolls. Lines are not
/// wrapped (the popup is as wide as the widest line allows), so the count is exact.
pub fn render_help(app: &App, frame: &mut Frame, area: Rect, record: &mut LayoutRecord) {
    let popup = popup(app, area);
    let lines = help_lines(app);
    let visible = usize::from(popup.height.saturating_sub(2));
    record.help_max_scroll = Some(lines.len().saturating_sub(visible));
    let first = app.help_scroll.min(lines.len().saturating_sub(visible));
    let title = if lines.len() > visible {
        " Help (↑↓ PgUp PgDn scroll, Esc closes) "
    } else {
        " Help (Esc closes) "
    };
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(
            lines
                .into_iter()
                .skip(first)
                .take(visible)
                .collect::<Vec<_>>(),
        )
        .block(Block::bordered().title(title)),
        popup,
    );
}
