//! The help overlay (F1): every key (the lines of `app::bindings::HELP`, their key names made
//! from the binding table, as is the title's), and in demo mode the scenario credentials the
//! app was given. Text wraps under its column to fit the screen; the key column narrows on a
//! small one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr as _;

use super::theme;
use super::wrap::wrap;
use crate::app::bindings::{Action, Context, HELP, key_label};
use crate::app::{App, DemoScenarioHelp, LayoutRecord};

/// The key column's width (indent included) in a help `inner` columns wide: the full 26
/// when there is room, narrower on a small screen (a longer key then has a row of its own),
/// where the text wraps under itself.
fn key_column(inner: usize) -> usize {
    if inner >= 96 {
        26
    } else {
        (inner / 4).clamp(12, 20)
    }
}

/// `text` wrapped under the text column (`indent` columns in), in `inner` columns; the first
/// row begins with `first` (the key, styled) when it fits in the key column, else the key has
/// a row of its own.
fn entry_lines(
    first: Vec<Span<'static>>,
    text: &str,
    indent: usize,
    inner: usize,
    style: Style,
) -> Vec<Line<'static>> {
    let pad = " ".repeat(indent);
    let first_width: usize = first.iter().map(Span::width).sum();
    let mut lines = Vec::new();
    let rows = if text.is_empty() {
        vec![String::new()]
    } else {
        wrap(text, inner, &pad, &pad)
    };
    let mut rows = rows.into_iter();
    if first_width >= indent {
        lines.push(Line::from(first));
    } else if let Some(row) = rows.next() {
        let mut spans = first;
        spans.push(Span::raw(" ".repeat(indent - first_width)));
        spans.push(Span::styled(row.trim_start().to_owned(), style));
        lines.push(Line::from(spans));
    }
    lines.extend(rows.map(|row| Line::styled(row, style)));
    lines
}

/// Every line of the help, wrapped to `inner` columns (the popup's inside).
fn help_lines(app: &App, inner: usize) -> Vec<Line<'static>> {
    let keys = key_column(inner);
    let mut lines: Vec<Line> = vec![Line::styled(
        " Keys",
        Style::new().add_modifier(Modifier::BOLD),
    )];
    for entry in HELP {
        lines.extend(entry_lines(
            vec![Span::styled(
                format!("  {}", entry.key_column()),
                theme::key(),
            )],
            &entry.shown_text(),
            keys,
            inner,
            Style::new(),
        ));
    }
    if let Some(demo) = &app.demo_help {
        lines.push(Line::raw(""));
        let bold = Style::new().add_modifier(Modifier::BOLD);
        for row in wrap(
            "Demo scenarios: enter one of these token ids with the demo token",
            inner,
            " ",
            " ",
        ) {
            lines.push(Line::styled(row, bold));
        }
        for row in wrap(&format!("token {}", demo.token), inner, "  ", "        ") {
            lines.push(Line::styled(row, theme::dim()));
        }
        // Token id, then the title and what the server does, wrapped under the title.
        let id_column = 16;
        for scenario in &demo.scenarios {
            let title = format!("{:<20} ", scenario.title);
            let one_line = id_column + title.width() + scenario.effect.width() <= inner;
            if one_line {
                lines.push(Line::from(vec![
                    Span::styled(format!("  {:<14}", scenario.token_id), theme::key()),
                    Span::styled(title, theme::label()),
                    Span::raw(scenario.effect.clone()),
                ]));
            } else {
                lines.push(Line::from(vec![
                    Span::styled(format!("  {:<14}", scenario.token_id), theme::key()),
                    Span::styled(scenario.title.clone(), theme::label()),
                ]));
                let pad = " ".repeat(id_column);
                lines.extend(
                    wrap(&scenario.effect, inner, &pad, &pad)
                        .into_iter()
                        .map(Line::raw),
                );
            }
        }
        demo_client_lines(&demo.oauth_clients, inner, &mut lines);
        demo_jwt_lines(&demo.jwts, inner, &mut lines);
        lines.push(Line::styled("  Any other credentials: 401.", theme::dim()));
    }
    lines
}

/// The demo OAuth provider's clients, for the "Sign in" mode.
fn demo_client_lines(clients: &[DemoScenarioHelp], inner: usize, lines: &mut Vec<Line<'static>>) {
    if clients.is_empty() {
        return;
    }
    lines.push(Line::raw(""));
    let bold = Style::new().add_modifier(Modifier::BOLD);
    for row in wrap(
        "Demo OAuth clients: F2 to the sign-in form, type one as the client id (secret demo-secret), Enter",
        inner,
        " ",
        " ",
    ) {
        lines.push(Line::styled(row, bold));
    }
    for client in clients {
        lines.push(Line::styled(format!("  {}", client.title), theme::label()));
        lines.extend(
            wrap(&client.effect, inner, "    ", "    ")
                .into_iter()
                .map(Line::raw),
        );
    }
}

/// The demo's JWT access tokens: title and effect, then the whole token (to copy).
fn demo_jwt_lines(jwts: &[DemoScenarioHelp], inner: usize, lines: &mut Vec<Line<'static>>) {
    if jwts.is_empty() {
        return;
    }
    lines.push(Line::raw(""));
    let bold = Style::new().add_modifier(Modifier::BOLD);
    for row in wrap(
        "Demo OAuth tokens: press F2 and paste one as the access token",
        inner,
        " ",
        " ",
    ) {
        lines.push(Line::styled(row, bold));
    }
    for jwt in jwts {
        let title = format!("  {:<16} ", jwt.title);
        if title.width() + jwt.effect.width() <= inner {
            lines.push(Line::from(vec![
                Span::styled(title, theme::label()),
                Span::raw(jwt.effect.clone()),
            ]));
        } else {
            lines.push(Line::styled(format!("  {}", jwt.title), theme::label()));
            lines.extend(
                wrap(&jwt.effect, inner, "    ", "    ")
                    .into_iter()
                    .map(Line::raw),
            );
        }
        for row in wrap(&jwt.token_id, inner, "    ", "    ") {
            lines.push(Line::styled(row, theme::dim()));
        }
    }
}

/// Where the overlay goes on a screen of `area`, and its lines.
fn popup(app: &App, area: Rect) -> (Rect, Vec<Line<'static>>) {
    let width = area.width.min(110);
    let lines = help_lines(app, usize::from(width.saturating_sub(2)));
    let height = u16::try_from(lines.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    (super::centered(area, width, height), lines)
}

/// Draws the help overlay centred over `area`, and records how far it scrolls: the lines are
/// wrapped here, to the popup's width, so the count recorded is the count drawn.
pub fn render_help(app: &App, frame: &mut Frame, area: Rect, record: &mut LayoutRecord) {
    let (popup, lines) = popup(app, area);
    let visible = usize::from(popup.height.saturating_sub(2));
    record.help_max_scroll = Some(lines.len().saturating_sub(visible));
    let first = app.help_scroll.min(lines.len().saturating_sub(visible));
    let close = key_label(Context::Help, &[Action::Cancel]);
    let title = if lines.len() > visible {
        format!(
            " Help ({} {} {} scroll, {close} closes) ",
            key_label(Context::Help, &[Action::Scroll(-1), Action::Scroll(1)]),
            key_label(Context::Help, &[Action::ScrollPage(-1)]),
            key_label(Context::Help, &[Action::ScrollPage(1)]),
        )
    } else {
        format!(" Help ({close} closes) ")
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
