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
        inspection,
        probes,
        scan,
        ..
    } = outcome
    else {
        return None;
    };
    let mut cells = cells(probes);
    if let Some(rows) = scan {
        add_scan(&mut cells, rows);
    }
    Some(Attempt::from_inspection(
        inspection, "check", profile, kind, cells, at_ms,
    ))
}

/// The full scan's rows (`check --scan`) join the scope matrix after the probes, each
/// endpoint once, so the history, its diffs and reports carry the whole table.
fn add_scan(cells: &mut Vec<MatrixCell>, rows: &[crate::scan::ScanRow]) {
    for row in rows {
        if !cells.iter().any(|c| c.endpoint == row.endpoint) {
            cells.push(MatrixCell {
                endpoint: row.endpoint.clone(),
                scope: row.scope.clone(),
                status: row.status,
            });
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::{Outcome, ScanRow};

    fn row(endpoint: &str, scope: &str, status: Option<u16>, outcome: Outcome) -> ScanRow {
        ScanRow {
            endpoint: endpoint.to_owned(),
            scope: Some(scope.to_owned()),
            status,
            outcome,
            cause: None,
            broader: Vec::new(),
        }
    }

    #[test]
    fn a_scan_joins_the_matrix_once_per_endpoint() {
        let mut cells = vec![MatrixCell {
            endpoint: "/balance".into(),
            scope: Some("balance:read".into()),
            status: Some(200),
        }];
        add_scan(
            &mut cells,
            &[
                row("/balance", "balance:read", Some(403), Outcome::Denied),
                row("/sms", "sms:read", Some(403), Outcome::Denied),
                row("/contacts", "contacts:read", None, Outcome::Skipped),
            ],
        );
        let shown: Vec<(&str, Option<u16>)> = cells
            .iter()
            .map(|c| (c.endpoint.as_str(), c.status))
            .collect();
        assert_eq!(
            shown,
            [
                ("/balance", Some(200)),
                ("/sms", Some(403)),
                ("/contacts", None)
            ]
        );
    }
}
