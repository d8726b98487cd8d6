//! The request's life: send, cancel, the answer, the probes that follow, and ticks.

use std::sync::Arc;
use std::time::Duration;

use crate::api::{Exchange, Probe, Shape};
use crate::app::message::BackgroundMessage;
use crate::app::{
    App, Attempt, AttemptOutcome, Completed, Focus, HISTORY_LIMIT, Now, ProbeState, Probes,
    RequestState,
};
use crate::diagnose::blocks_sending;

use super::Effect;

/// Enter: send the form's credentials, unless a pre-flight finding blocks it.
pub fn send(app: &mut App, now: Now) -> Vec<Effect> {
    if blocks_sending(&app.preflight()) {
        app.blocked = true;
        app.focus = Focus::Form;
        return Vec::new();
    }
    app.blocked = false;
    let mut effects = Vec::new();
    // The newest request wins: a running one is aborted, so its answer can never land.
    if let Some((id, _)) = cancel_running(app, now) {
        effects.push(Effect::Cancel { id });
    }
    let id = app.next_request_id;
    app.next_request_id += 1;
    let credentials = app.form.credentials();
    let url = app.account_url();
    app.history.push(Attempt {
        request_id: id,
        at: now.wall,
        scheme: credentials.scheme(),
        token_id: credentials.shown_token_id(),
        outcome: AttemptOutcome::Pending,
        probes: None,
        url: url.clone(),
        credentials: Some(credentials.clone()),
        form_revision: app.form.revision,
        record_pending: false,
    });
    if app.history.len() > HISTORY_LIMIT {
        app.history.remove(0);
    }
    app.request = RequestState::InFlight {
        id,
        started: now.instant,
        elapsed: Duration::ZERO,
        frame: 0,
        url,
    };
    app.scroll = [0; 5];
    app.troubleshooting_scroll = 0;
    app.search.matches.clear();
    effects.push(Effect::Send { id, credentials });
    effects
}

/// Marks the running request cancelled in the history; its id and running time.
fn cancel_running(app: &mut App, now: Now) -> Option<(u64, Duration)> {
    let RequestState::InFlight { id, started, .. } = &app.request else {
        return None;
    };
    // Measured now, not taken from the last tick, which may not have come yet.
    let (id, elapsed) = (*id, now.instant.saturating_duration_since(*started));
    if let Some(attempt) = app.attempt_mut(id) {
        attempt.outcome = AttemptOutcome::Cancelled(elapsed);
        attempt.credentials = None;
    }
    Some((id, elapsed))
}

/// Esc with nothing else to close: cancel the request in flight.
pub fn cancel(app: &mut App, now: Now) -> Vec<Effect> {
    let RequestState::InFlight { url, .. } = &app.request else {
        return Vec::new();
    };
    let url = url.clone();
    match cancel_running(app, now) {
        Some((id, after)) => {
            app.request = RequestState::Cancelled { url, after };
            vec![Effect::Cancel { id }]
        }
        None => Vec::new(),
    }
}

/// Ticks and answers from background tasks; these arrive whatever overlay is open.
pub fn background(app: &mut App, message: BackgroundMessage, now: Now) -> Vec<Effect> {
    match message {
        BackgroundMessage::Tick => {
            let now = now.instant;
            app.now = Some(now);
            app.ticks = app.ticks.wrapping_add(1);
            if let RequestState::InFlight {
                started,
                elapsed,
                frame,
                ..
            } = &mut app.request
            {
                *elapsed = now.saturating_duration_since(*started);
                *frame = frame.wrapping_add(1);
            }
            Vec::new()
        }
        BackgroundMessage::Finished { id, completed } => finish(app, id, completed, now),
        BackgroundMessage::ProbeFinished {
            request_id,
            probe,
            exchange,
        } => probe_finished(app, request_id, probe, *exchange, now),
    }
}

/// An answer to `/account`. Only an attempt still pending takes it: a cancelled or
/// superseded one never does. It is shown if its request is the one on screen.
fn finish(app: &mut App, id: u64, completed: Box<Completed>, now: Now) -> Vec<Effect> {
    let Some(attempt) = app
        .attempt_mut(id)
        .filter(|a| matches!(a.outcome, AttemptOutcome::Pending))
    else {
        return Vec::new();
    };
    let completed: Arc<Completed> = Arc::from(completed);
    // Probing makes sense when sipgate recognised the credentials: 2xx, or 403 (known but
    // not allowed /account), where the scope matrix shows what the token may do instead.
    let recognised = completed
        .inspection
        .status()
        .is_some_and(|s| (200..300).contains(&s) || s == 403);
    let mut effects = Vec::new();
    attempt.outcome = AttemptOutcome::Done(Arc::clone(&completed));
    match (recognised, &attempt.credentials) {
        (true, Some(credentials)) => {
            for probe in Probe::all() {
                if let Some(path) = probe.path(None) {
                    effects.push(Effect::Probe {
                        request_id: id,
                        probe,
                        path,
                        credentials: credentials.clone(),
                    });
                }
            }
            attempt.probes =
                Some(Probes::started(id, now.instant).with_claims(credentials.claims()));
            // Recorded once the probes settle, with their scope matrix.
            attempt.record_pending = true;
        }
        _ => attempt.credentials = None,
    }
    if !attempt.record_pending {
        effects.extend(
            app.store
                .record(&completed.inspection, Vec::new(), now.wall),
        );
    }
    if matches!(app.request, RequestState::InFlight { id: shown, .. } if shown == id) {
        app.request = RequestState::Done(completed);
        app.scroll = [0; 5];
        app.troubleshooting_scroll = 0;
    }
    effects
}

/// A probe's answer; once all have settled, the attempt's history row is recorded.
fn probe_finished(
    app: &mut App,
    request_id: u64,
    probe: Probe,
    exchange: Exchange,
    now: Now,
) -> Vec<Effect> {
    let mut effects = probe_answered(app, request_id, probe, exchange, now);
    let settled = app
        .attempt_mut(request_id)
        .is_some_and(|a| a.probes.as_ref().is_some_and(Probes::settled));
    if settled {
        effects.extend(record_pending(app, request_id));
    }
    effects
}

/// At quit: the history rows still waiting for their probes, recorded with what has arrived.
pub(super) fn record_all_pending(app: &mut App) -> Vec<Effect> {
    let waiting: Vec<u64> = app
        .history
        .iter()
        .filter(|a| a.record_pending)
        .map(|a| a.request_id)
        .collect();
    waiting
        .into_iter()
        .filter_map(|id| record_pending(app, id))
        .collect()
}

/// Records the attempt's history row if it still waits for it, with the probes' scope matrix
/// as far as it goes (all of it once they settled; at quit, what has arrived).
pub(super) fn record_pending(app: &mut App, request_id: u64) -> Option<Effect> {
    let attempt = app.attempt_mut(request_id)?;
    if !attempt.record_pending {
        return None;
    }
    attempt.record_pending = false;
    let cells = attempt
        .probes
        .as_ref()
        .map(Probes::matrix_cells)
        .unwrap_or_default();
    let AttemptOutcome::Done(completed) = &attempt.outcome else {
        return None;
    };
    let completed = Arc::clone(completed);
    // The row's time is when /account answered, not when the last probe did.
    let answered = attempt.at + completed.inspection.exchange.elapsed;
    app.store.record(&completed.inspection, cells, answered)
}

/// A probe's answer. Userinfo's also starts the probes whose path needs its user id.
fn probe_answered(
    app: &mut App,
    request_id: u64,
    probe: Probe,
    exchange: Exchange,
    now: Now,
) -> Vec<Effect> {
    let Some(attempt) = app.attempt_mut(request_id) else {
        return Vec::new();
    };
    let Some(probes) = attempt.probes.as_mut() else {
        return Vec::new();
    };
    probes.finish(probe, exchange);
    let waiting = probes.waiting();
    if probe.shape() != Shape::UserInfo || waiting.is_empty() {
        return Vec::new();
    }
    // No other probe needs the credentials after this point.
    let credentials = attempt.credentials.take();
    let user_id = probes.user_id().map(str::to_owned);
    let mut effects = Vec::new();
    for waiter in waiting {
        match (waiter.path(user_id.as_deref()), &credentials) {
            (Some(path), Some(credentials)) => {
                probes.set(
                    waiter,
                    ProbeState::Running {
                        started: now.instant,
                    },
                );
                effects.push(Effect::Probe {
                    request_id,
                    probe: waiter,
                    path,
                    credentials: credentials.clone(),
                });
            }
            _ => probes.skip_waiting(waiter),
        }
    }
    effects
}
