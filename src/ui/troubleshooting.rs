//! The troubleshooting panel: what the outcome means and what to do, from the diagnosis.
//! Text is wrapped here with hanging indents (explanations and steps line up under their
//! titles), and the panel scrolls when it holds more than fits.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::theme;
use crate::app::{App, AuthMode, LayoutRecord, Probes, RequestState};
use crate::diagnose::{Finding, Severity};
use crate::sanitize::sanitize;

/// Columns of text inside the panel's borders.
#[must_use]
pub fn text_width(area: Rect) -> usize {
    usize::from(area.width.saturating_sub(2)).max(10)
}

/// Draws the troubleshooting panel, and records how far it scrolls.
pub fn render_troubleshooting(app: &App, frame: &mut Frame, area: Rect, record: &mut LayoutRecord) {
    let lines = troubleshooting_lines(app, text_width(area));
    let visible = usize::from(area.height.saturating_sub(2));
    record.troubleshooting_max_scroll = lines.len().saturating_sub(visible);
    let first = app
        .troubleshooting_scroll
        .min(lines.len().saturating_sub(visible));
    let title = if lines.len() > visible && visible > 0 {
        format!(
            " Troubleshooting ({}–{} of {}, Ctrl+↑↓) ",
            first + 1,
            (first + visible).min(lines.len()),
            lines.len()
        )
    } else {
        " Troubleshooting ".to_owned()
    };
    let shown: Vec<Line> = lines.into_iter().skip(first).take(visible).collect();
    frame.render_widget(
        Paragraph::new(shown).block(Block::bordered().title(title)),
        area,
    );
}

/// Instead of the results and this panel when the terminal is too small for them: the most
/// important finding's title, and that a larger terminal shows the details (the status line
/// above says what happened).
pub fn render_compact(app: &App, frame: &mut Frame, area: Rect) {
    let finding = match (&app.request, app.blocked) {
        (RequestState::Done(completed), false) => completed.inspection.findings.first().cloned(),
        _ => None,
    }
    .or_else(|| {
        app.preflight()
            .into_iter()
            .map(|(finding, _)| finding)
            .find(|f| app.blocked || f.severity != Severity::Error)
    });
    let mut lines = Vec::new();
    if let Some(finding) = finding {
        let (symbol, style) = theme::severity(finding.severity);
        let width = usize::from(area.width);
        for row in wrap(
            &sanitize(&finding.title),
            width,
            &format!(" {symbol} "),
            "   ",
        ) {
            lines.push(Line::styled(row, style.add_modifier(Modifier::BOLD)));
        }
    }
    lines.push(Line::styled(
        " Enlarge the terminal for details",
        theme::dim(),
    ));
    // The results' border cannot show focus here: say where it is.
    if app.focus == crate::app::Focus::Results {
        lines.push(Line::styled(
            format!(" Focus: the {} tab (Tab: the form)", app.tab.title()),
            theme::key(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// Every line of the panel's content, wrapped to `width` columns.
#[must_use]
pub fn troubleshooting_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = Vec::new();
    // A sign-in waiting for the browser, or what made it fail, comes first.
    if super::sign_in::push_sign_in_lines(app, &mut lines, width, push_finding) {
        return lines;
    }
    // What is wrong with the form as it is now comes first in every state: it is what the
    // user can act on, and Ctrl+T fixes most of it. Empty fields only once Enter was refused.
    for (finding, _) in &app.preflight() {
        if app.blocked || finding.severity != Severity::Error {
            push_finding(&mut lines, finding, width);
        }
    }
    if app.blocked {
        return lines;
    }
    match &app.request {
        RequestState::Idle => idle_help(&mut lines, app.form.mode, width),
        RequestState::InFlight { .. } => push_wrapped(
            &mut lines,
            "Waiting for the server. Esc cancels; the screen stays usable meanwhile.",
            width,
            " ",
            " ",
            theme::dim(),
        ),
        RequestState::Cancelled { .. } => push_wrapped(
            &mut lines,
            "The request was cancelled, so there is nothing to diagnose. Press Enter to send again.",
            width,
            " ",
            " ",
            theme::dim(),
        ),
        RequestState::Done(completed) => {
            for finding in &completed.inspection.findings {
                push_finding(&mut lines, finding, width);
            }
            // Then why the probes were refused, worst cause first.
            for finding in app.probes().map(Probes::findings).unwrap_or_default() {
                push_finding(&mut lines, &finding, width);
            }
            let request = &completed.inspection.exchange.request;
            lines.push(Line::styled(" Request as sent:", theme::label()));
            push_wrapped(
                &mut lines,
                &format!("{} {}", request.method, sanitize(&request.url)),
                width,
                "   ",
                "     ",
                theme::dim(),
            );
            push_wrapped(
                &mut lines,
                &format!("Authorization: {}", sanitize(&request.authorization)),
                width,
                "   ",
                "     ",
                theme::dim(),
            );
            if let Some(proxy) = &request.proxy {
                push_wrapped(
                    &mut lines,
                    &format!("Proxy: {}", sanitize(proxy)),
                    width,
                    "   ",
                    "     ",
                    theme::dim(),
                );
            }
            if let Err(error) = &completed.inspection.exchange.result
                && error.chain.len() > 1
            {
                lines.push(Line::styled(
                    " Error chain (outermost first):",
                    theme::label(),
                ));
                for cause in &error.chain {
                    push_wrapped(
                        &mut lines,
                        &sanitize(cause),
                        width,
                        "   ",
                        "     ",
                        theme::dim(),
                    );
                }
            }
        }
    }
    lines
}

fn push_finding(lines: &mut Vec<Line<'static>>, finding: &Finding, width: usize) {
    let (symbol, style) = theme::severity(finding.severity);
    let bold = style.add_modifier(Modifier::BOLD);
    let title_lines = wrap(&finding.title, width, &format!(" {symbol} "), "   ");
    for (i, text) in title_lines.into_iter().enumerate() {
        if i == 0 {
            let rest = text.chars().skip(3).collect::<String>();
            lines.push(Line::from(vec![
                Span::styled(format!(" {symbol} "), bold),
                Span::styled(rest, bold),
            ]));
        } else {
            lines.push(Line::styled(text, bold));
        }
    }
    push_wrapped(
        lines,
        &finding.explanation,
        width,
        "   ",
        "   ",
        Style::new(),
    );
    for evidence in &finding.evidence {
        push_wrapped(
            lines,
            &format!("Server said: {evidence}"),
            width,
            "   ",
            "     ",
            Style::new().add_modifier(Modifier::ITALIC),
        );
    }
    for step in &finding.steps {
        push_wrapped(lines, step, width, "   → ", "     ", Style::new());
    }
    lines.push(Line::raw(""));
}

fn idle_help(lines: &mut Vec<Line<'static>>, mode: AuthMode, width: usize) {
    let texts: &[&str] = match mode {
        AuthMode::PersonalAccessToken => &[
            "Enter the token id and token of a personal access token, then press Enter.",
            "The request is GET /account with Authorization: Basic base64(\"token id:token\"), exactly as sipgate's examples build it. The result and what it means appear here.",
            "Tokens are created in the sipgate web app under Account settings, Personal access tokens. The token is shown only once.",
        ],
        AuthMode::OAuth => &[
            "Enter an OAuth access token, then press Enter.",
            "The request is GET /account with Authorization: Bearer <access token>.",
        ],
        AuthMode::SignIn => &[
            "Enter the client id and client secret of your sipgate OAuth client, then press Enter: your browser opens sipgate's sign-in page, and the access token it grants is used at once (Bearer).",
            "Register the redirect URI in the form for the client exactly as it is shown (the default: http://127.0.0.1:8749/callback).",
            "Realm: Space switches between sipgate-apps (current clients) and third-party (older ones).",
        ],
    };
    for (i, text) in texts.iter().enumerate() {
        if i > 0 {
            lines.push(Line::raw(""));
        }
        push_wrapped(lines, text, width, " ", " ", theme::dim());
    }
}

fn push_wrapped(
    lines: &mut Vec<Line<'static>>,
    text: &str,
    width: usize,
    first: &str,
    rest: &str,
    style: Style,
) {
    for line in wrap(text, width, first, rest) {
        lines.push(Line::styled(line, style));
    }
}

fn wrap(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    super::wrap::wrap(text, width, first, rest)
}
