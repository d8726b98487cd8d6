//! The endpoint explorer overlay (F7): the catalogue grouped by area, each endpoint with its
//! last outcome (✓ allowed, ✗ denied, ! error, – not run), status, scope and cause; the
//! filter typed over it; the parameter form of the endpoint about to run; and the full scan's
//! gauge and least-privilege advice. After a scan it is the full scope table.

use std::fmt::Write as _;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::theme;
use super::wrap::fit;
use crate::api::endpoints::Endpoint;
use crate::app::explorer::{mark, param_hint};
use crate::app::{App, Explorer, ParamForm, ScanProgress};
use crate::sanitize::sanitize;
use crate::scan::{Outcome, ScanRow};

/// Cells of the scan gauge's bar.
const GAUGE_CELLS: usize = 24;

/// Draws the explorer over `area`.
pub fn render_explorer(app: &App, frame: &mut Frame, area: Rect) {
    let popup = super::centered(
        area,
        area.width.saturating_sub(2),
        area.height.saturating_sub(2).max(5),
    );
    let explorer = &app.explorer;
    let block = Block::bordered().title(" Endpoint explorer (F8 scans, Esc goes back) ");
    let inner = block.inner(popup);
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    let width = usize::from(inner.width);

    let visible = explorer.visible();
    let mut top = vec![Line::from(vec![
        Span::styled(" filter: ", theme::label()),
        Span::raw(sanitize(explorer.filter.value())),
        Span::styled(if explorer.form.is_none() { "▏" } else { "" }, theme::key()),
        Span::styled(
            format!("  {} of {} endpoints", visible.len(), Endpoint::count()),
            theme::dim(),
        ),
    ])];
    if let Some(notice) = &explorer.notice {
        top.push(Line::styled(
            fit(&format!(" {notice}"), width),
            theme::dim(),
        ));
    }
    let bottom = bottom_lines(explorer, width);
    let [top_area, list_area, bottom_area] = Layout::vertical([
        Constraint::Length(top.len() as u16),
        Constraint::Min(0),
        Constraint::Length(bottom.len() as u16),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(top), top_area);
    render_list(frame.buffer_mut(), list_area, explorer, &visible);
    frame.render_widget(Paragraph::new(bottom), bottom_area);
}

/// The list, grouped by area, scrolled so that the cursor is in view, written straight into
/// the buffer column by column: no padding is laid out cell by cell, which at 200 columns was
/// most of a frame's time.
fn render_list(buf: &mut Buffer, rect: Rect, explorer: &Explorer, visible: &[Endpoint]) {
    let rows = usize::from(rect.height);
    let width = usize::from(rect.width);
    if visible.is_empty() {
        buf.set_stringn(
            rect.x,
            rect.y,
            " No endpoint matches the filter.",
            width,
            theme::dim(),
        );
        return;
    }
    let path_width = visible
        .iter()
        .map(|e| e.spec().label().len())
        .max()
        .unwrap_or(0)
        .min(width / 2);
    let scope_width = visible
        .iter()
        .map(|e| e.spec().scope.as_deref().map_or(1, str::len))
        .max()
        .unwrap_or(1)
        .min(width / 4);
    // The rows as (endpoint or area heading); only those in view are drawn.
    let mut entries: Vec<Option<usize>> = Vec::with_capacity(visible.len() + 24);
    let mut area = "";
    for (i, endpoint) in visible.iter().enumerate() {
        let spec = endpoint.spec();
        if spec.area != area {
            area = &spec.area;
            entries.push(None);
        }
        entries.push(Some(i));
    }
    let at = entries
        .iter()
        .position(|e| *e == Some(explorer.cursor))
        .unwrap_or(0);
    let first = if at < rows {
        0
    } else {
        (at + 1 - rows).min(entries.len().saturating_sub(rows))
    };
    for (shown, entry) in entries.iter().skip(first).take(rows).enumerate() {
        let y = rect.y + shown as u16;
        let Some(i) = entry else {
            // A heading names the area of the row after it.
            let next = entries[first + shown + 1..].iter().flatten().next();
            let area = next.map_or("", |i| visible[*i].spec().area.as_str());
            let style = theme::label().add_modifier(Modifier::BOLD);
            buf.set_stringn(rect.x + 1, y, area, width.saturating_sub(1), style);
            continue;
        };
        let endpoint = visible[*i];
        let row = Rect::new(rect.x, y, rect.width, 1);
        draw_row(
            buf,
            row,
            explorer.row(endpoint),
            endpoint.spec(),
            (path_width, scope_width),
        );
        if *i == explorer.cursor {
            buf.set_string(rect.x, y, "›", Style::new());
            buf.set_style(row, Style::new().add_modifier(Modifier::REVERSED));
        }
    }
}

/// One endpoint's row: mark, status, path, scope, and the cause (or what it answers).
fn draw_row(
    buf: &mut Buffer,
    row: Rect,
    last: Option<&ScanRow>,
    spec: &crate::api::endpoints::EndpointSpec,
    (path_width, scope_width): (usize, usize),
) {
    let mark_style = match last.map(|r| r.outcome) {
        Some(Outcome::Allowed) => theme::status_style(200),
        Some(Outcome::Denied | Outcome::Error) => theme::failure_style(),
        _ => theme::dim(),
    };
    let mut x = row.x + 1;
    let end = row.x + row.width;
    // `text` in a column `cells` wide (cut with `…`), then `gap` blank cells.
    let put = |buf: &mut Buffer, x: &mut u16, text: &str, (cells, gap): (usize, usize), style| {
        let cells = cells.min(usize::from(end.saturating_sub(*x)));
        if cells == 0 {
            return;
        }
        let shown = if text.len() <= cells {
            text.to_owned()
        } else {
            fit(text, cells)
        };
        buf.set_stringn(*x, row.y, &shown, cells, style);
        *x = x.saturating_add((cells + gap) as u16);
    };
    put(buf, &mut x, mark(last), (1, 0), mark_style);
    let status = last
        .and_then(|r| r.status)
        .map(|s| format!("{s:>4}"))
        .unwrap_or_default();
    put(buf, &mut x, &status, (4, 2), Style::new());
    put(buf, &mut x, &spec.label(), (path_width, 2), Style::new());
    let scope = spec.scope.as_deref().unwrap_or("-");
    put(buf, &mut x, scope, (scope_width, 2), Style::new());
    let note = last.and_then(|r| r.cause.as_deref()).unwrap_or(&spec.about);
    let room = usize::from(end.saturating_sub(x));
    put(buf, &mut x, note, (room, 0), Style::new());
}

/// The form, the scan's gauge and the least-privilege advice.
fn bottom_lines(explorer: &Explorer, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let Some(form) = &explorer.form {
        lines.extend(form_lines(form, width));
    }
    match &explorer.scan {
        ScanProgress::Idle => {}
        ScanProgress::Running {
            done,
            total,
            waiting,
            ..
        } => {
            let mut text = format!(" scan {} {done} of {total}", gauge(*done, *total));
            if let Some((endpoint, seconds)) = waiting {
                let _ = write!(
                    text,
                    "  waiting {seconds} s: {endpoint} asked (Retry-After)"
                );
            }
            lines.push(Line::styled(fit(&text, width), theme::label()));
        }
        ScanProgress::Finished {
            done,
            total,
            cancelled,
        } => {
            let count = |o: Outcome| {
                explorer
                    .rows
                    .iter()
                    .flatten()
                    .filter(|r| r.outcome == o)
                    .count()
            };
            let how = if *cancelled { "stopped at" } else { "done:" };
            let text = format!(
                " scan {how} {done} of {total}: {} allowed, {} denied, {} errors, {} skipped",
                count(Outcome::Allowed),
                count(Outcome::Denied),
                count(Outcome::Error),
                count(Outcome::Skipped),
            );
            lines.push(Line::styled(fit(&text, width), theme::label()));
        }
    }
    if let Some(advice) = &explorer.advice {
        lines.push(Line::styled(
            fit(&format!(" least privilege: {advice}"), width),
            theme::dim(),
        ));
    }
    lines
}

fn form_lines(form: &ParamForm, width: usize) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(
        fit(
            &format!(
                " GET {}  (Enter sends, Tab next, Esc closes)",
                form.endpoint.spec().label()
            ),
            width,
        ),
        theme::label(),
    )];
    for (i, (name, input)) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let value = sanitize(input.value());
        let hint = if value.is_empty() {
            format!("  {}", param_hint(form.endpoint, name))
        } else {
            String::new()
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!(" {} {name}: ", if focused { "›" } else { " " }),
                theme::label(),
            ),
            Span::raw(value),
            Span::styled(if focused { "▏" } else { "" }, theme::key()),
            Span::styled(fit(&hint, width / 2), theme::dim()),
        ]));
    }
    if let Some(error) = &form.error {
        lines.push(Line::styled(
            fit(&format!(" {error}"), width),
            theme::failure_style(),
        ));
    }
    lines
}

/// `[█████░░░░░]`.
fn gauge(done: usize, total: usize) -> String {
    let filled = (done * GAUGE_CELLS).checked_div(total).unwrap_or(0);
    format!(
        "[{}{}]",
        "█".repeat(filled),
        "░".repeat(GAUGE_CELLS.saturating_sub(filled))
    )
}
