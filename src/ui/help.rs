//! The help overlay (F1): every key, and in demo mode the scenario credentials.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::theme;
use crate::app::{ApiTarget, App};
use crate::demo::{DEMO_TOKEN, SCENARIOS};

/// Every key the app understands, with what it does.
pub const KEYS: [(&str, &str); 16] = [
    ("Enter", "send GET /account"),
    ("Esc", "cancel the request in flight / close this help"),
    ("Tab, Down", "next field"),
    ("Shift+Tab, Up", "previous field"),
    ("Ctrl+R", "reveal or hide the token"),
    ("F2", "switch personal access token / OAuth access token"),
    (
        "Ctrl+T",
        "apply the fix a form warning offers (trim, swap, split…)",
    ),
    ("Left, Right, Home, End", "move in the field"),
    ("Backspace, Delete", "delete a character"),
    ("Ctrl+U", "clear the field"),
    ("Ctrl+W", "delete the previous word"),
    ("PgUp, PgDn, wheel", "scroll the response body"),
    ("Ctrl+Home, Ctrl+End", "top / bottom of the response body"),
    ("Ctrl+Up, Ctrl+Down", "scroll the troubleshooting panel"),
    ("F1", "this help"),
    ("Ctrl+C, Ctrl+Q", "quit"),
];

/// Draws the help overlay centred over `area`.
pub fn render_help(app: &App, frame: &mut Frame, area: Rect) {
    let mut lines: Vec<Line> = vec![Line::styled(
        " Keys",
        Style::new().add_modifier(Modifier::BOLD),
    )];
    for (key, action) in KEYS {
        lines.push(Line::from(vec![
            Span::styled(format!("  {key:<24}"), theme::key()),
            Span::raw(action),
        ]));
    }
    if app.target == ApiTarget::Demo {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            " Demo scenarios: enter one of these token ids with the demo token",
            Style::new().add_modifier(Modifier::BOLD),
        ));
        lines.push(Line::styled(format!("  token {DEMO_TOKEN}"), theme::dim()));
        for scenario in SCENARIOS {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<14}", scenario.token_id), theme::key()),
                Span::styled(format!("{:<20} ", scenario.title), theme::label()),
                Span::raw(scenario.effect),
            ]));
        }
        lines.push(Line::styled("  Any other credentials: 401.", theme::dim()));
    }
    let height = u16::try_from(lines.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let width = 110.min(area.width);
    let [popup] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(popup);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(" Help (Esc closes) ")),
        popup,
    );
}
