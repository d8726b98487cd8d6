//! What `check` leaves behind: a history row for the attempt (unless `--no-history`) and,
//! with `--report FILE`, a report for a support ticket.

use std::time::SystemTime;

use crate::store::{Attempt, History, MatrixCell, StorePaths};

use super::{CheckOutcome, ProbeAnswers};

/// Milliseconds since the Unix epoch, now.
#[must_use]
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The attempt an outcome records; `None` when nothing was sent.
#[must_use]
pub fn attempt_of(
    outcome: &CheckOutcome,
    profile: Option<&str>,
    kind: &str,
    at_ms: i64,
) -> Option<Attempt> {
    let CheckOutcome::Inspected {
        inspection, probes, ..
    } = outcome
    else {
        return None;
    };
    Some(Attempt::from_inspection(
        inspection,
        "check",
        profile,
        kind,
        cells(probes),
        at_ms,
    ))
}

/// The probes' answers as scope-matrix cells.
#[must_use]
pub fn cells(probes: &ProbeAnswers) -> Vec<MatrixCell> {
    probes
        .answers
        .iter()
        .map(|(probe, exchange)| MatrixCell {
            endpoint: probe.label().to_owned(),
            scope: probe.scope().map(str::to_owned),
            status: exchange
                .as_ref()
                .and_then(|e| e.result.as_ref().ok())
                .map(|r| r.status),
        })
        .collect()
}

/// Records `attempt` in the user's history, unless `no_history`; a notice on stderr when
/// history is off for this run.
pub fn record(attempt: &Attempt, no_history: bool) {
    if no_history {
        return;
    }
    let Some(paths) = StorePaths::for_user() else {
        return;
    };
    let mut history = History::open(&paths.history_file());
    history.record(attempt);
    if let Some(notice) = history.take_notice() {
        super::eprintln_check(&notice);
    }
}
