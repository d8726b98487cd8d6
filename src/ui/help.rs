//! The help overlay (F1): every key, and in demo mode the scenario credentials.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::theme;
use crate::app::{ApiTarget, App};
use crate::demo::{DEMO_TOKEN, SCENARIOS};

/// Every key the app understands, with what it does.
pub const KEYS: [(&str, &str); 24] = [
    (
        "Enter",
        "send GET /account (a request still running is cancelled)",
    ),
    (
        "Esc",
        "cancel the request / close the search, help or history",
    ),
    (
        "Tab, Shift+Tab",
        "next / previous field; after the last: the result tabs",
    ),
    ("Down, Up", "next / previous field (in the results: scroll)"),
    ("Ctrl+R", "reveal or hide the token"),
    ("F2", "switch personal access token / OAuth access token"),
    (
        "Ctrl+T",
        "apply the fix a form warning offers (trim, swap, split…)",
    ),
    (
        "Left, Right, Home, End",
        "move in the field (in the results: tabs, top, end)",
    ),
    ("Backspace, Delete", "delete a character"),
    ("Ctrl+U", "clear the field"),
    ("Ctrl+W", "delete the previous word"),
    ("F3, F4, Alt+1…5", "previous / next / a given result tab"),
    ("PgUp, PgDn, wheel", "scroll the result tab"),
    ("Ctrl+Home, Ctrl+End", "top / bottom of the result tab"),
    ("Ctrl+Up, Ctrl+Down", "scroll the troubleshooting panel"),
    (
        "/ (in the results)",
        "search the body; n, N: next, previous match",
    ),
    (
        "F5, c (in the results)",
        "copy the request as curl (OSC 52), secrets as $VARS",
    ),
    (
        "F6, h (in the results)",
        "history of this session; Enter shows an attempt",
    ),
    (
        "1…5 (in the results)",
        "Summary, Body, Headers, Request, Timing",
    ),
    ("mouse", "click a field or tab; wheel scrolls"),
    ("F1", "this help"),
    ("Ctrl+C, Ctrl+Q", "quit"),
    ("", ""),
    ("", "Nothing is sent until you press Enter."),
];

/// Every line of the help.
fn help_lines(app: &App) -> Vec<Line<'static>> {
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
    lines
}

/// Where the overlay goes on a screen of `area`.
fn popup(app: &App, area: Rect) -> Rect {
    let height = u16::try_from(help_lines(app).len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    super::centered(area, 110, height)
}

/// How far the help can scroll at the app's terminal size. Lines are not wrapped (the popup
/// is as wide as the widest line allows), so the count is exact.
#[must_use]
pub fn max_help_scroll(app: &App) -> usize {
    let area = popup(app, Rect::new(0, 0, app.size.0, app.size.1));
    help_lines(app)
        .len()
        .saturating_sub(usize::from(area.height.saturating_sub(2)))
}

/// Draws the help overlay centred over `area`.
pub fn render_help(app: &App, frame: &mut Frame, area: Rect) {
    let popup = popup(app, area);
    let lines = help_lines(app);
    let visible = usize::from(popup.height.saturating_sub(2));
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
