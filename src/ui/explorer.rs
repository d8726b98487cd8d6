//! The endpoint explorer overlay (F7): the catalogue grouped by area, each endpoint with its
//! last outcome (✓ allowed, ✗ denied, ! error, – not run), status, scope and cause; the
//! filter typed over it; the parameter form of the endpoint about to run; and the full scan's
//! gauge and least-privilege advice. After a scan it is the full scope table.

use std::fmt::Write as _;

use ratatui::Frame;
use ratatui::layout::Rect;
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
    let list_rows = usize::from(inner.height).saturating_sub(top.len() + bottom.len());
    let mut lines = top;
    lines.extend(list_lines(explorer, &visible, list_rows, width));
    while lines.len() < usize::from(inner.height).saturating_sub(bottom.len()) {
        lines.push(Line::raw(""));
    }
    lines.extend(bottom);
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The list, grouped by area, scrolled so that the cursor is in view.
fn list_lines(
    explorer: &Explorer,
    visible: &[Endpoint],
    rows: usize,
    width: usize,
) -> Vec<Line<'static>> {
    let path_width = visible
        .iter()
        .map(|e| e.spec().label().chars().count())
        .max()
        .unwrap_or(0)
        .min(width / 2);
    let scope_width = visible
        .iter()
        .map(|e| e.spec().scope.as_deref().map_or(1, |s| s.chars().count()))
        .max()
        .unwrap_or(1)
        .min(width / 4);
    let columns = (path_width, scope_width);
    // The rows as (endpoint or area heading), then only those in view are formatted.
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
    if visible.is_empty() {
        return vec![Line::styled(
            " No endpoint matches the filter.",
            theme::dim(),
        )];
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
    entries
        .iter()
        .skip(first)
        .take(rows)
        .enumerate()
        .map(|(shown, entry)| {
            if let Some(i) = entry {
                let endpoint = visible[*i];
                let selected = *i == explorer.cursor;
                return row_line(
                    explorer.row(endpoint),
                    endpoint.spec(),
                    columns,
                    width,
                    selected,
                );
            }
            // A heading names the area of the row after it.
            let next = entries[first + shown + 1..].iter().flatten().next();
            let area = next.map_or("", |i| visible[*i].spec().area.as_str());
            Line::styled(
                format!(" {area}"),
                theme::label().add_modifier(Modifier::BOLD),
            )
        })
        .collect()
}

fn row_line(
    row: Option<&ScanRow>,
    spec: &crate::api::endpoints::EndpointSpec,
    (path_width, scope_width): (usize, usize),
    width: usize,
    selected: bool,
) -> Line<'static> {
    let status = row
        .and_then(|r| r.status)
        .map_or_else(|| "   ".to_owned(), |s| s.to_string());
    let mark_style = match row.map(|r| r.outcome) {
        Some(Outcome::Allowed) => theme::status_style(200),
        Some(Outcome::Denied | Outcome::Error) => theme::failure_style(),
        _ => theme::dim(),
    };
    let scope = spec.scope.as_deref().unwrap_or("-");
    let note = row
        .and_then(|r| r.cause.as_deref())
        .map_or_else(|| spec.about.clone(), str::to_owned);
    let text = format!(
        " {status:>3}  {:path_width$}  {:scope_width$}  {note}",
        fit(&spec.label(), path_width),
        fit(scope, scope_width),
    );
    let pointer = if selected { "›" } else { " " };
    let line = Line::from(vec![
        Span::raw(pointer),
        Span::styled(mark(row), mark_style),
        Span::raw(fit(&text, width.saturating_sub(2))),
    ]);
    if selected {
        line.style(Style::new().add_modifier(Modifier::REVERSED))
    } else {
        line
    }
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
