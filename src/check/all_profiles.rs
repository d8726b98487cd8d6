//! `check --all-profiles`: every saved profile checked, at most [`MAX_PARALLEL`] at a time,
//! one line (or one JSON array entry) each, and the worst exit code.
//!
//! Each profile is checked with its own credentials only (the credential env vars are not
//! applied to every profile); a profile whose secret is missing is reported, not skipped. A
//! 429 whose `Retry-After` asks for at most [`MAX_RETRY_WAIT`] is waited out and sent once
//! more; a longer wait is reported as it is.

use std::ffi::OsString;
use std::io::{self, Write as _};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use crate::api::DEFAULT_BASE_URL;
use crate::cli::{CheckArgs, ConnectionArgs, StoreArgs};
use crate::profile_cmd::load_profiles;
use crate::sanitize::sanitize;
use crate::store::{Keyring, Profile};

use super::profile::Applied;
use super::remember::{attempt_of, now_ms, record};
use super::{CheckExit, CheckOutcome, CheckReport, check};

/// Profiles checked at the same time, at most.
pub const MAX_PARALLEL: usize = 4;
/// A `Retry-After` up to this long is waited out, and the profile checked once more.
pub const MAX_RETRY_WAIT: Duration = Duration::from_secs(10);

/// One profile's result.
struct ProfileResult {
    outcome: CheckOutcome,
    exit: CheckExit,
    /// The wait a 429 asked for, when the profile was sent again after it.
    retried_after: Option<Duration>,
    at_ms: i64,
}

/// Runs `check --all-profiles`.
#[must_use]
pub fn run(args: &CheckArgs, connection: &ConnectionArgs, store: &StoreArgs) -> ExitCode {
    let file = match load_profiles() {
        Ok(file) => file,
        Err(message) => {
            super::eprintln_check(&message);
            return CheckExit::Usage.into();
        }
    };
    if file.profiles().is_empty() {
        super::eprintln_check(&format!(
            "no profiles in {} (add one with: sipgate-inspect profile add NAME)",
            file.path().display()
        ));
        return CheckExit::Usage.into();
    }
    let keyring = Keyring::detect();
    let profiles = file.profiles();
    let results = check_all(profiles, args, connection, &keyring);
    let mut stdout = io::stdout().lock();
    let mut worst = 0;
    let mut json = Vec::new();
    for (profile, result) in profiles.iter().zip(&results) {
        worst = worst.max(result.exit.code());
        if args.json {
            json.push(json_entry(&profile.name, result));
        } else {
            let _ = writeln!(stdout, "{}", sanitize(&line(&profile.name, result)));
        }
        if let Some(attempt) = attempt_of(
            &result.outcome,
            Some(&profile.name),
            profile.kind.id(),
            result.at_ms,
        ) {
            record(&attempt, store.no_history);
        }
    }
    if args.json {
        let text = super::json_for_terminal(&json).unwrap_or_else(|_| "[]".to_owned());
        let _ = writeln!(stdout, "{text}");
    }
    let _ = stdout.flush();
    ExitCode::from(worst)
}

/// Checks every profile, [`MAX_PARALLEL`] at a time; results in the profiles' order.
fn check_all(
    profiles: &[Profile],
    args: &CheckArgs,
    connection: &ConnectionArgs,
    keyring: &Keyring,
) -> Vec<ProfileResult> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<ProfileResult>>> =
        Mutex::new(profiles.iter().map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..MAX_PARALLEL.min(profiles.len()) {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(profile) = profiles.get(index) else {
                        break;
                    };
                    let result = check_one(profile, args, connection, keyring);
                    if let Ok(mut results) = results.lock() {
                        results[index] = Some(result);
                    }
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(|r| {
            r.unwrap_or_else(|| ProfileResult {
                outcome: CheckOutcome::Setup("not checked".to_owned()),
                exit: CheckExit::Transport,
                retried_after: None,
                at_ms: now_ms(),
            })
        })
        .collect()
}

/// Checks one profile with its own values only.
fn check_one(
    profile: &Profile,
    args: &CheckArgs,
    connection: &ConnectionArgs,
    keyring: &Keyring,
) -> ProfileResult {
    // Credentials come from the profile alone; the other variables as usual.
    let env = |var: &str| -> Option<OsString> {
        if var.starts_with("SIPGATE_TOKEN") || var == crate::cli::ENV_ACCESS_TOKEN {
            None
        } else {
            std::env::var_os(var)
        }
    };
    let mut connection = connection.clone();
    if profile.base_url.is_some() {
        DEFAULT_BASE_URL.clone_into(&mut connection.base_url);
    }
    let at_ms = now_ms();
    let applied = match Applied::new(profile, args, &connection, keyring, &env) {
        Ok(applied) => applied,
        Err(message) => {
            return ProfileResult {
                outcome: CheckOutcome::Usage(message),
                exit: CheckExit::Usage,
                retried_after: None,
                at_ms,
            };
        }
    };
    let env = applied.env(env);
    let mut outcome = check(&applied.args, &applied.connection, &env, io::empty());
    let mut retried_after = None;
    if let Some(wait) = retry_wait(&outcome).filter(|w| *w <= MAX_RETRY_WAIT) {
        std::thread::sleep(wait);
        outcome = check(&applied.args, &applied.connection, &env, io::empty());
        retried_after = Some(wait);
    }
    let exit = exit_of(&outcome);
    ProfileResult {
        outcome,
        exit,
        retried_after,
        at_ms,
    }
}

/// The wait a 429's `Retry-After` asks for.
fn retry_wait(outcome: &CheckOutcome) -> Option<Duration> {
    let CheckOutcome::Inspected { inspection, .. } = outcome else {
        return None;
    };
    let response = inspection.exchange.result.as_ref().ok()?;
    if response.status != 429 {
        return None;
    }
    crate::api::retry_after(response.header("retry-after")?, SystemTime::now())
}

/// The exit code of one outcome.
fn exit_of(outcome: &CheckOutcome) -> CheckExit {
    match outcome {
        CheckOutcome::Usage(_) => CheckExit::Usage,
        CheckOutcome::Setup(_) => CheckExit::Transport,
        CheckOutcome::Inspected { inspection, .. } => CheckExit::of(inspection),
    }
}

/// One line: name, ✓ or ✗, status, and the main finding's title.
fn line(name: &str, result: &ProfileResult) -> String {
    let mark = if result.exit == CheckExit::Success {
        "✓"
    } else {
        "✗"
    };
    let what = match &result.outcome {
        CheckOutcome::Usage(message) | CheckOutcome::Setup(message) => {
            format!("not checked: {message}")
        }
        CheckOutcome::Inspected { inspection, .. } => {
            let status = match inspection.exchange.result.as_ref() {
                Ok(r) if r.reason.is_empty() => r.status.to_string(),
                Ok(r) => format!("{} {}", r.status, r.reason),
                Err(e) => format!("no answer ({})", e.kind_name()),
            };
            let title = inspection
                .findings
                .first()
                .map(|f| f.title.clone())
                .unwrap_or_default();
            match result.retried_after {
                Some(wait) => format!(
                    "{status}: {title} (sent again after Retry-After: {} s)",
                    wait.as_secs()
                ),
                None => format!("{status}: {title}"),
            }
        }
    };
    format!("{name}  {mark} {what}  [exit {}]", result.exit.code())
}

/// One entry of the JSON array: the usual `check` object with `profile` and `exit_code`
/// first; without a request, `error` says why.
fn json_entry(name: &str, result: &ProfileResult) -> serde_json::Value {
    let mut entry = serde_json::Map::new();
    entry.insert("profile".to_owned(), name.into());
    entry.insert("exit_code".to_owned(), result.exit.code().into());
    match &result.outcome {
        CheckOutcome::Inspected {
            inspection,
            probes,
            input_findings,
            token,
            ..
        } => {
            let report = CheckReport::new(inspection, input_findings)
                .with_probes(probes, inspection)
                .with_token(token.as_deref().cloned());
            if let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(&report) {
                entry.extend(fields);
            }
            entry.insert(
                "retried_after_s".to_owned(),
                result.retried_after.map(|w| w.as_secs()).into(),
            );
        }
        CheckOutcome::Usage(message) | CheckOutcome::Setup(message) => {
            let kind = if matches!(result.outcome, CheckOutcome::Usage(_)) {
                "usage"
            } else {
                "setup"
            };
            entry.insert(
                "error".to_owned(),
                serde_json::json!({ "kind": kind, "message": message }),
            );
        }
    }
    serde_json::Value::Object(entry)
}
