//! `sipgate-inspect history [--json] [--limit N]`, `history clear`, `history export ID`: the
//! history database ([`crate::store::history`]) on the command line.

use std::io::{self, Write as _};
use std::path::Path;
use std::process::ExitCode;

use crate::cli::HistoryAction;
use crate::sanitize::sanitize;
use crate::store::{Attempt, History, ReportFormat, StorePaths, render_report};

/// Runs `history`; 0 on success, 2 on any error (the message on stderr).
#[must_use]
pub fn run(action: Option<&HistoryAction>, json: bool, limit: u64) -> ExitCode {
    match run_inner(action, json, limit) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("sipgate-inspect history: {}", sanitize(&message));
            ExitCode::from(2)
        }
    }
}

/// The user's history database, opened (a notice on stderr if it is off).
///
/// # Errors
/// When no home directory is known.
pub fn open_history() -> Result<History, String> {
    let paths =
        StorePaths::for_user().ok_or("no home directory is known, so there is no history")?;
    let mut history = History::open(&paths.history_file());
    if let Some(notice) = history.take_notice() {
        eprintln!("sipgate-inspect: {notice}");
    }
    Ok(history)
}

fn run_inner(action: Option<&HistoryAction>, json: bool, limit: u64) -> Result<(), String> {
    let mut history = open_history()?;
    let mut out = io::stdout().lock();
    match action {
        None => {
            let rows = history.page(0, limit).map_err(|e| e.to_string())?;
            if json {
                // The list has no detail: each row's summary only (`history export` has all).
                let rows: Vec<serde_json::Value> = rows
                    .iter()
                    .filter_map(|row| match serde_json::to_value(row) {
                        Ok(serde_json::Value::Object(mut fields)) => {
                            fields.shift_remove("detail");
                            Some(serde_json::Value::Object(fields))
                        }
                        _ => None,
                    })
                    .collect();
                let text = crate::check::json_for_terminal(&rows).map_err(|e| e.to_string())?;
                let _ = writeln!(out, "{text}");
            } else if rows.is_empty() {
                let _ = writeln!(out, "no attempts recorded in {}", history.path().display());
            } else {
                for row in &rows {
                    let _ = writeln!(out, "{}", sanitize(&list_line(row)));
                }
            }
        }
        Some(HistoryAction::Clear) => {
            let removed = history.clear().map_err(|e| e.to_string())?;
            let _ = writeln!(out, "removed {removed} attempts");
        }
        Some(HistoryAction::Export { id, output }) => {
            let attempt = history
                .get(*id)
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("no attempt {id} in the history"))?;
            match output {
                None => {
                    let _ =
                        out.write_all(render_report(&attempt, ReportFormat::Markdown).as_bytes());
                }
                Some(path) => write_report(&attempt, path)?,
            }
        }
    }
    Ok(())
}

/// Writes the report of `attempt` to `path`, Markdown or JSON by its extension.
///
/// # Errors
/// An unknown extension, or the file cannot be written.
pub fn write_report(attempt: &Attempt, path: &Path) -> Result<(), String> {
    let format = ReportFormat::for_path(path).ok_or_else(|| {
        format!(
            "{}: a report file ends in .md (Markdown) or .json",
            path.display()
        )
    })?;
    std::fs::write(path, render_report(attempt, format))
        .map_err(|e| format!("cannot write the report to {}: {e}", path.display()))
}

/// One line of the list: id, time, profile, outcome, token id, base URL, findings.
#[must_use]
pub fn list_line(a: &Attempt) -> String {
    format!(
        "{:>6}  {}  {:<12}  {:<7}  {:<14}  {}  {}",
        a.id,
        crate::api::jwt::utc_time((a.at_ms / 1000).clamp(0, 253_402_300_799)),
        a.profile.as_deref().unwrap_or("-"),
        a.outcome(),
        a.token_id.as_deref().unwrap_or("-"),
        a.base_url,
        a.findings.join(",")
    )
}
