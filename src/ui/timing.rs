//! The Timing tab: how long `/account` took (until the headers, and reading the body), and a
//! waterfall of the probes from the moment `/account` was sent, which shows that they ran in
//! parallel.

use std::time::{Duration, Instant};

use ratatui::text::{Line, Span};

use unicode_width::UnicodeWidthStr as _;

use super::results::heading;
use super::theme;
use super::wrap::{field_lines, fit, hint_lines};
use crate::api::Probe;
use crate::app::{App, ProbeState, Probes, RequestState};
use crate::format::human_duration;

const LABEL_WIDTH: usize = 7;
/// Below this many cells a bar shows nothing useful: each probe's bar then gets its own line.
const MIN_BAR_WIDTH: usize = 16;
/// Room for a duration after a bar ("999 ms", "12.3 s").
const DURATION_WIDTH: usize = 7;

/// Every line of the tab.
#[must_use]
pub fn timing_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let RequestState::Done(completed) = &app.request else {
        return hint_lines("Timing appears here once a request finished.", width);
    };
    let exchange = &completed.inspection.exchange;
    let field =
        |label: &str, value: String| field_lines(label, LABEL_WIDTH, Some(&value), width, 2);
    let mut lines = vec![heading("/account")];
    lines.extend(field("Total", human_duration(exchange.elapsed)));
    if let Ok(response) = &exchange.result {
        // Plain http:// has no TLS handshake to wait for.
        let parts = if exchange.request.url.starts_with("https://") {
            "connect, TLS, server"
        } else {
            "connect, server"
        };
        lines.extend(field(
            "Headers",
            format!("{} ({parts})", human_duration(response.time_to_headers)),
        ));
        lines.extend(field(
            "Body",
            format!(
                "{} ({} bytes)",
                human_duration(exchange.elapsed.saturating_sub(response.time_to_headers)),
                response.body.len()
            ),
        ));
    }
    if let Some(probes) = app.probes() {
        waterfall(&mut lines, probes, completed.sent_at, width);
    }
    lines
}

/// The probes as bars on a common time scale, from when `/account` was sent.
fn waterfall(lines: &mut Vec<Line<'static>>, probes: &Probes, sent_at: Instant, width: usize) {
    let label_width = Probe::all().map(|p| p.label().width()).max().unwrap_or(0);
    // One line per probe when a useful bar fits beside the label, else the bar goes below it
    // (38 columns at 80×24); then the blank line goes, so that all five still fit.
    let beside = width >= 1 + label_width + 1 + MIN_BAR_WIDTH + 1 + DURATION_WIDTH;
    if beside {
        lines.push(Line::raw(""));
    }
    lines.push(heading("Probes, in parallel, from /account"));
    // Each bar spans [start, end) on a common scale: the latest end among finished probes.
    let spans: Vec<(Probe, Option<(Duration, Duration)>)> = Probe::all()
        .map(|probe| {
            let span = match probes.get(probe) {
                ProbeState::Done {
                    started, exchange, ..
                } => {
                    let start = started.saturating_duration_since(sent_at);
                    Some((start, start + exchange.elapsed))
                }
                _ => None,
            };
            (probe, span)
        })
        .collect();
    let scale = spans
        .iter()
        .filter_map(|(_, s)| s.map(|(_, end)| end))
        .max()
        .unwrap_or_default()
        .max(Duration::from_millis(1));
    let bar_width = if beside {
        width.saturating_sub(1 + label_width + 1 + 1 + DURATION_WIDTH)
    } else {
        width.saturating_sub(3 + 1 + DURATION_WIDTH).max(4)
    };
    for (probe, span) in spans {
        let label = if beside {
            format!(" {:<label_width$} ", probe.label())
        } else {
            format!(" {} ", probe.label())
        };
        let Some((start, end)) = span else {
            let state = match probes.get(probe) {
                ProbeState::Skipped(_) => "not asked",
                ProbeState::Waiting => "waiting for userinfo",
                _ => "running…",
            };
            let room = width.saturating_sub(label.width());
            lines.push(Line::from(vec![
                Span::styled(label, theme::label()),
                Span::styled(fit(state, room), theme::dim()),
            ]));
            continue;
        };
        let from = cells(start, scale, bar_width);
        let to = cells(end, scale, bar_width).max(from + 1);
        let bar = [
            Span::raw(" ".repeat(from)),
            Span::styled("█".repeat(to - from), theme::key()),
            Span::raw(" ".repeat(bar_width.saturating_sub(to) + 1)),
            Span::raw(human_duration(end.saturating_sub(start))),
        ];
        if beside {
            let mut spans = vec![Span::styled(label, theme::label())];
            spans.extend(bar);
            lines.push(Line::from(spans));
        } else {
            lines.push(Line::styled(label, theme::label()));
            let mut spans = vec![Span::raw("   ")];
            spans.extend(bar);
            lines.push(Line::from(spans));
        }
    }
}

/// Position of `at` on a bar of `width` cells spanning `0..=scale`.
fn cells(at: Duration, scale: Duration, width: usize) -> usize {
    let ratio = at.as_secs_f64() / scale.as_secs_f64();
    // Bounded by `width`, a terminal dimension, so the cast cannot lose anything real.
    #[allow(clippy::cast_sign_loss, clippy::cast_precision_loss)]
    let cell = (ratio * width as f64).round() as usize;
    cell.min(width)
}
