//! `check --scan`: the full scope scan after the probes, its progress on stderr and its
//! table in the human report (the JSON view is the rows themselves, see `CheckReport`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, IsTerminal as _, Write as _};

use crate::api::{ApiClient, Credentials};
use crate::scan::{Outcome, ScanContext, ScanEvent, ScanRow, least_privilege, run_scan};

use super::ProbeAnswers;

/// Scans with what the probes learned (the platform, an OAuth token's scopes). Progress goes
/// to stderr when it is a terminal; a wait asked for by `Retry-After` is said there always.
pub async fn run(
    client: &ApiClient,
    credentials: &Credentials,
    probes: &ProbeAnswers,
) -> Vec<ScanRow> {
    let context = ScanContext {
        platform: probes.platform().platform,
        claimed_scopes: probes.claimed_scopes.clone(),
    };
    let stderr = io::stderr();
    let live = stderr.is_terminal();
    run_scan(client, credentials, &context, BTreeMap::new(), |event| {
        let mut err = stderr.lock();
        // Progress on stderr is a courtesy: a closed stderr must not stop the scan.
        let _ = match event {
            ScanEvent::Waiting { endpoint, wait } => writeln!(
                err,
                "{}sipgate-inspect check: {endpoint} asked to wait (Retry-After): waiting {} s",
                if live { "\r\x1b[K" } else { "" },
                wait.as_secs()
            ),
            ScanEvent::Done { done, total, .. } if live => {
                let end = if done == total { "\r\x1b[K" } else { "" };
                write!(err, "\r\x1b[Kscanning {done} of {total}{end}")
            }
            _ => Ok(()),
        };
        let _ = err.flush();
    })
    .await
}

/// The table as the human report shows it: a mark, the status, the endpoint, its scope and
/// the cause, then the counts and the least-privilege advice.
#[must_use]
pub fn render(rows: &[ScanRow]) -> String {
    let count = |o: Outcome| rows.iter().filter(|r| r.outcome == o).count();
    let mut out = format!(
        "\nFull scan: {} endpoints, {} allowed, {} denied, {} errors, {} skipped\n",
        rows.len(),
        count(Outcome::Allowed),
        count(Outcome::Denied),
        count(Outcome::Error),
        count(Outcome::Skipped),
    );
    let width = rows
        .iter()
        .map(|r| r.endpoint.chars().count())
        .max()
        .unwrap_or(0);
    let scope_width = rows
        .iter()
        .map(|r| r.scope.as_deref().map_or(1, |s| s.chars().count()))
        .max()
        .unwrap_or(0);
    for row in rows {
        let status = row
            .status
            .map_or_else(|| "---".to_owned(), |s| s.to_string());
        let line = format!(
            "  {} {status:>3}  {:width$}  {:scope_width$}  {}",
            row.outcome.mark(),
            row.endpoint,
            row.scope.as_deref().unwrap_or("-"),
            row.cause.as_deref().unwrap_or(""),
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
    let privilege = least_privilege(rows);
    if let Some(advice) = privilege.advice() {
        let _ = writeln!(out, "Least privilege: {advice}");
    }
    out
}
