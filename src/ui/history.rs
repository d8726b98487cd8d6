//! The history overlay (F6): every attempt of this session, newest at the bottom; Enter shows
//! one again. Memory only.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::theme;
use super::wrap::fit;
use crate::api::AuthScheme;
use crate::app::{App, AttemptOutcome, LayoutRecord, history_first};
use crate::format::human_duration;
use crate::sanitize::sanitize;

/// Columns before the result: number, time sent, auth scheme, token id.
const FIXED_COLUMNS: usize = 1 + 3 + 2 + 12 + 1 + 7 + 15;
/// The time column ("1234 ms") and the space before it.
const TIME_WIDTH: usize = 8;

/// Draws the overlay centred over `area`, and records how many attempts it shows.
pub fn render_history(app: &App, frame: &mut Frame, area: Rect, record: &mut LayoutRecord) {
    let height = u16::try_from(app.history.len() + 4)
        .unwrap_or(u16::MAX)
        .clamp(5, area.height);
    let popup = super::centered(area, 84, height);
    let block = Block::bordered().title(" History of this session (Enter shows, Esc closes) ");
    let inner = block.inner(popup);
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);

    // The result column takes what the fixed columns leave, so that "500 Internal Server
    // Error" is shown whole whenever the overlay has the room.
    let result_width = usize::from(inner.width)
        .saturating_sub(FIXED_COLUMNS + TIME_WIDTH)
        .max(10);
    let mut lines = vec![Line::styled(
        format!(
            " {:>3}  {:<12} {:<7}{:<15}{:<result_width$} {}",
            "#", "sent (UTC)", "auth", "token id", "result", "time"
        ),
        theme::label(),
    )];
    if app.history.is_empty() {
        lines.push(Line::styled(" Nothing sent yet.", theme::dim()));
    }
    let rows = usize::from(inner.height).saturating_sub(1);
    record.history_rows = Some(rows);
    // The kept position, as far as it keeps the highlight in view.
    let first = history_first(
        app.history_scroll,
        app.history_cursor,
        app.history.len(),
        rows,
    );
    for (i, attempt) in app.history.iter().enumerate().skip(first).take(rows) {
        let (result, time) = match &attempt.outcome {
            AttemptOutcome::Pending => ("running…".to_owned(), String::new()),
            AttemptOutcome::Cancelled(after) => ("cancelled".to_owned(), human_duration(*after)),
            AttemptOutcome::Done(completed) => {
                let exchange = &completed.inspection.exchange;
                let result = match &exchange.result {
                    Ok(r) => format!("{} {}", r.status, r.reason),
                    Err(e) => format!("no answer: {}", e.kind_name()),
                };
                (result, human_duration(exchange.elapsed))
            }
        };
        let scheme = match attempt.scheme {
            AuthScheme::Basic => "Basic",
            AuthScheme::Bearer => "Bearer",
        };
        let token_id = attempt
            .token_id
            .as_deref()
            .map_or_else(|| "–".to_owned(), sanitize);
        let text = format!(
            " {:>3}  {:<12} {:<7}{:<15}{:<result_width$} {}",
            attempt.request_id,
            clock_time(attempt.at),
            scheme,
            fit(&token_id, 14),
            fit(&result, result_width),
            time
        );
        let style = if i == app.history_cursor {
            theme::key().add_modifier(Modifier::REVERSED)
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::from(Span::styled(text, style)));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// `HH:MM:SS` in UTC (no time-zone database is needed, and the column says UTC).
fn clock_time(at: std::time::SystemTime) -> String {
    let text = httpdate::fmt_http_date(at);
    // "Sun, 29 Nov 2026 00:13:20 GMT" → "00:13:20".
    text.split(' ').nth(4).unwrap_or("").to_owned()
}
