//! The Timing tab: how long `/account` took (until the headers, and reading the body), and a
//! waterfall of the probes from the moment `/account` was sent, which shows that they ran in
//! parallel.

use std::time::Duration;

use ratatui::text::{Line, Span};

use super::results::{field, heading, hint};
use super::theme;
use crate::api::Probe;
use crate::app::{App, ProbeState, RequestState};
use crate::format::human_duration;

const LABEL_WIDTH: usize = 24;

/// Every line of the tab.
#[must_use]
pub fn timing_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let RequestState::Done(completed) = &app.request else {
        return vec![hint("Timing appears here once a request finished.")];
    };
    let exchange = &completed.inspection.exchange;
    let mut lines = vec![heading("/account")];
    lines.push(field(
        "Total",
        LABEL_WIDTH,
        Some(human_duration(exchange.elapsed)),
    ));
    if let Ok(response) = &exchange.result {
        lines.push(field(
            "Status and headers",
            LABEL_WIDTH,
            Some(format!(
                "{} (connect, TLS, server)",
                human_duration(response.time_to_headers)
            )),
        ));
        lines.push(field(
            "Body",
            LABEL_WIDTH,
            Some(format!(
                "{} ({} bytes)",
                human_duration(exchange.elapsed.saturating_sub(response.time_to_headers)),
                response.body.len()
            )),
        ));
    }
    let Some(probes) = app.probes() else {
        return lines;
    };
    lines.push(Line::raw(""));
    lines.push(heading("Probes, from sending /account (in parallel)"));
    // Each bar spans [start, end) on a common scale: the latest end among finished probes.
    let spans: Vec<(Probe, Option<(Duration, Duration)>)> = Probe::ALL
        .into_iter()
        .map(|probe| {
            let span = match probes.get(probe) {
                ProbeState::Done {
                    started, exchange, ..
                } => {
                    let start = started.saturating_duration_since(completed.sent_at);
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
    let bar_width = width.saturating_sub(LABEL_WIDTH + 12).max(4);
    for (probe, span) in spans {
        let label = format!(" {:<w$}", probe.label(), w = LABEL_WIDTH);
        let line = match span {
            Some((start, end)) => {
                let from = cells(start, scale, bar_width);
                let to = cells(end, scale, bar_width).max(from + 1);
                Line::from(vec![
                    Span::styled(label, theme::label()),
                    Span::raw(" ".repeat(from)),
                    Span::styled("█".repeat(to - from), theme::key()),
                    Span::raw(" ".repeat(bar_width.saturating_sub(to) + 1)),
                    Span::raw(human_duration(end.saturating_sub(start))),
                ])
            }
            None => Line::from(vec![
                Span::styled(label, theme::label()),
                Span::styled(
                    match probes.get(probe) {
                        ProbeState::Skipped(_) => "not asked",
                        ProbeState::Waiting => "waiting for userinfo",
                        _ => "running…",
                    },
                    theme::dim(),
                ),
            ]),
        };
        lines.push(line);
    }
    lines
}

/// Position of `at` on a bar of `width` cells spanning `0..=scale`.
fn cells(at: Duration, scale: Duration, width: usize) -> usize {
    let ratio = at.as_secs_f64() / scale.as_secs_f64();
    // Bounded by `width`, a terminal dimension, so the cast cannot lose anything real.
    #[allow(clippy::cast_sign_loss, clippy::cast_precision_loss)]
    let cell = (ratio * width as f64).round() as usize;
    cell.min(width)
}
