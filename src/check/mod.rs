//! `sipgate-inspect check`: the scripted mode. One `GET /account` with credentials from the
//! environment (or stdin), judged by the same [`Inspection`] and diagnosis as the TUI, printed
//! as text or as one JSON object, and summed up in the exit code ([`CheckExit`]).
//!
//! Scripts call it in loops, so it starts nothing it does not need: no terminal set-up, a
//! current-thread runtime, and the demo server only with `--demo`.

pub mod all_profiles;
mod credentials;
mod exit;
mod human;
mod json;
mod probes;
pub mod profile;
pub mod remember;
mod scan;
mod terminal_json;

use std::ffi::OsString;
use std::fs::File;
use std::io::{self, IsTerminal as _, Read, Write as _};
use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

pub use credentials::{CredentialError, CredentialRequest, ResolvedCredentials, resolve};
pub use exit::CheckExit;
pub use human::{
    Paint, colour_enabled, message_lines, render, render_token, stderr_wrap_width, wrap_width,
};
pub use json::{AccountView, CheckReport, ErrorView, FindingView, RequestView, TokenView};
pub use probes::ProbeAnswers;
pub use terminal_json::{json_for_terminal, write_json_for_terminal};

use crate::api::{ApiClient, BaseUrl, ClientOptions, Credentials};
use crate::cli::{CheckArgs, ConnectionArgs, StoreArgs};
use crate::demo;
use crate::diagnose::Finding;
use crate::inspection::Inspection;
use crate::sanitize::sanitize;

/// Runs `check` in this process: reads the environment and stdin, prints to stdout (the
/// report) and stderr (problems), and returns the exit code. With a profile (`--profile` or
/// `SIPGATE_PROFILE`) its values fill what the environment and flags leave unset; the attempt
/// is recorded in the history (unless `--no-history`) and, with `--report FILE`, written as a
/// report.
#[must_use]
pub fn run(args: &CheckArgs, connection: &ConnectionArgs, store: &StoreArgs) -> ExitCode {
    if args.all_profiles {
        return all_profiles::run(args, connection, store);
    }
    if let Some(path) = &args.report
        && crate::store::ReportFormat::for_path(path).is_none()
    {
        // Said before anything is sent: the report could not be written afterwards.
        eprintln_check(&format!(
            "--report {}: a report file ends in .md (Markdown) or .json",
            path.display()
        ));
        return CheckExit::Usage.into();
    }
    let at_ms = remember::now_ms();
    let real_env = |name: &str| std::env::var_os(name);
    let applied = match store.profile.as_deref().filter(|_| !args.demo) {
        None => None,
        Some(name) => {
            let profile = crate::profile_cmd::load_profiles().and_then(|file| {
                file.get(name).cloned().ok_or_else(|| {
                    format!("no profile named {name:?} (see: sipgate-inspect profile list)")
                })
            });
            let keyring = crate::store::Keyring::detect();
            match profile
                .and_then(|p| profile::Applied::new(&p, args, connection, &keyring, &real_env))
            {
                Ok(applied) => Some(applied),
                Err(message) => {
                    eprintln_check(&message);
                    return CheckExit::Usage.into();
                }
            }
        }
    };
    let (args, connection) = match &applied {
        Some(applied) => (&applied.args, &applied.connection),
        None => (args, connection),
    };
    let kind = applied.as_ref().map_or(
        if args.bearer {
            crate::store::CredentialKind::OauthToken
        } else {
            crate::store::CredentialKind::PersonalAccessToken
        },
        |a| a.kind,
    );
    let exit = match &applied {
        Some(applied) => run_with_env(args, connection, applied.env(real_env)),
        None => run_with_env(args, connection, real_env),
    };
    let (outcome, mut exit) = exit;
    if let Some(attempt) = remember::attempt_of(
        &outcome,
        applied.as_ref().map(|a| a.profile.as_str()),
        kind.id(),
        at_ms,
    ) {
        remember::record(&attempt, store.no_history);
        if let Some(path) = &args.report {
            match crate::history_cmd::write_report(&attempt, path) {
                Ok(()) => {}
                Err(message) => {
                    eprintln_check(&message);
                    exit = CheckExit::Usage;
                }
            }
        }
    }
    exit.into()
}

/// `check` with credentials from `env`: the outcome and the exit code it was reported with.
fn run_with_env(
    args: &CheckArgs,
    connection: &ConnectionArgs,
    env: impl Fn(&str) -> Option<OsString>,
) -> (CheckOutcome, CheckExit) {
    let stdin = io::stdin();
    if args.token_stdin && stdin.is_terminal() {
        // Typed at a terminal, the token would be echoed on screen and kept in scrollback.
        eprintln_check(
            "--token-stdin reads the token from a pipe or file (… | sipgate-inspect check \
             --token-stdin), not from the terminal, where it would be echoed",
        );
        return (CheckOutcome::Usage(String::new()), CheckExit::Usage);
    }
    let outcome = if args.token_stdin {
        match unbuffered_stdin() {
            Ok(file) => check(args, connection, env, file),
            Err(e) => CheckOutcome::Usage(format!(
                "cannot read the token from stdin (--token-stdin): {e}"
            )),
        }
    } else {
        check(args, connection, env, io::empty())
    };
    let stdout = io::stdout();
    let paint = Paint::new(colour_enabled(&stdout));
    let width = wrap_width(&stdout, std::env::var_os("COLUMNS").as_deref());
    let exit = report(args, &outcome, paint, width);
    (outcome, exit)
}

/// stdin without `Stdin`'s buffer: a second handle on the same descriptor, read a byte at a
/// time, so that `--token-stdin` takes the first line and leaves the rest for whoever reads
/// stdin next (`{ sipgate-inspect check --token-stdin; cat; } < file`), as `head -n1` does.
#[cfg(unix)]
fn unbuffered_stdin() -> io::Result<File> {
    use std::os::fd::AsFd as _;
    Ok(File::from(io::stdin().as_fd().try_clone_to_owned()?))
}

/// stdin without `Stdin`'s buffer (see the Unix version).
#[cfg(windows)]
fn unbuffered_stdin() -> io::Result<File> {
    use std::os::windows::io::AsHandle as _;
    Ok(File::from(io::stdin().as_handle().try_clone_to_owned()?))
}

/// What one `check` came to.
#[derive(Debug)]
pub enum CheckOutcome {
    /// Nothing was sent: the message says why (and which env vars to set).
    Usage(String),
    /// The request could not be prepared (async runtime, TLS set-up).
    Setup(String),
    /// The request was made.
    Inspected {
        /// What happened and what it means.
        inspection: Box<Inspection>,
        /// What the probes answered (none when `/account` did not recognise the credentials).
        probes: ProbeAnswers,
        /// Credential parts filled with demo values (`--demo`), by env var name.
        demo_filled: Vec<&'static str>,
        /// The preflight's warnings about the credentials as given.
        input_findings: Vec<Finding>,
        /// What the OAuth access token carries (`None` for a personal or opaque token).
        token: Option<Box<TokenView>>,
        /// The full scan's table (`--scan`, and the credentials were recognised).
        scan: Option<Vec<crate::scan::ScanRow>>,
    },
}

/// Resolves the credentials and base URL, sends the request and judges it. Prints nothing.
/// `stdin` is read (only with `--token-stdin`) a byte at a time up to the first line break,
/// so an unbuffered reader keeps the rest of its input unread.
pub fn check(
    args: &CheckArgs,
    connection: &ConnectionArgs,
    env: impl Fn(&str) -> Option<OsString>,
    stdin: impl Read,
) -> CheckOutcome {
    // The base URL first: it needs no input, so a typo is reported before stdin is read.
    let base = if args.demo {
        None
    } else {
        match BaseUrl::parse(&connection.base_url, connection.allow_insecure_http) {
            Ok(base) => Some(base),
            Err(e) => return CheckOutcome::Usage(e.to_string()),
        }
    };
    let options = match connection.client_options() {
        Ok(options) => options,
        Err(e) => return CheckOutcome::Usage(e),
    };
    let request = CredentialRequest {
        bearer: args.bearer,
        token_stdin: args.token_stdin,
        demo: args.demo,
    };
    let resolved = match resolve(request, env, stdin) {
        Ok(resolved) => resolved,
        Err(e) => return CheckOutcome::Usage(e.to_string()),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => return CheckOutcome::Setup(format!("cannot start the async runtime: {e}")),
    };
    let timeout = Duration::from_secs(connection.timeout);
    let result = runtime.block_on(inspect(
        base,
        timeout,
        options,
        &resolved.credentials,
        args.scan,
    ));
    match result {
        Ok((inspection, probes, scan)) => CheckOutcome::Inspected {
            inspection: Box::new(inspection),
            probes,
            demo_filled: resolved.demo_filled,
            input_findings: resolved.input_findings,
            token: resolved.token.map(Box::new),
            scan,
        },
        Err(message) => CheckOutcome::Setup(message),
    }
}

/// Sends the request to `base`, or to an in-process demo server when `base` is `None`.
async fn inspect(
    base: Option<BaseUrl>,
    timeout: Duration,
    options: ClientOptions,
    credentials: &Credentials,
    scan: bool,
) -> Result<(Inspection, ProbeAnswers, Option<Vec<crate::scan::ScanRow>>), String> {
    // The demo server lives until the inspection is done, then stops with the runtime.
    let (base, _demo_server) = if let Some(base) = base {
        (base, None)
    } else {
        let server = demo::spawn(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
            .await
            .map_err(|e| format!("cannot start the demo API: {e}"))?;
        let base = BaseUrl::parse(&server.base_url(), false).map_err(|e| e.to_string())?;
        (base, Some(server))
    };
    let client = ApiClient::with_options(base, timeout, options)
        .map_err(|e| format!("cannot set up the HTTP client: {e}"))?;
    let inspection = Inspection::run(&client, credentials).await;
    // As in the TUI: probing makes sense when sipgate recognised the credentials (2xx, or
    // 403 on /account, where the probes show what the token may do instead).
    let recognised = inspection
        .status()
        .is_some_and(|s| (200..300).contains(&s) || s == 403);
    let probes = if recognised {
        ProbeAnswers::run(&client, credentials).await
    } else {
        ProbeAnswers::default()
    };
    let rows = if scan && recognised {
        Some(scan::run(&client, credentials, &probes).await)
    } else {
        None
    };
    Ok((inspection, probes, rows))
}

/// Prints the outcome (report on stdout, problems on stderr) and returns the exit code.
fn report(
    args: &CheckArgs,
    outcome: &CheckOutcome,
    paint: Paint,
    width: Option<usize>,
) -> CheckExit {
    match outcome {
        CheckOutcome::Usage(message) => {
            eprintln_check(message);
            CheckExit::Usage
        }
        CheckOutcome::Setup(message) => {
            eprintln_check(message);
            CheckExit::Transport
        }
        CheckOutcome::Inspected {
            inspection,
            probes,
            demo_filled,
            input_findings,
            token,
            scan,
        } => {
            // A closed pipe (`check | head -1`) must not turn a result into a failure: the
            // exit code still says what the API answered.
            let mut stdout = io::BufWriter::new(io::stdout().lock());
            if args.json {
                // Streamed: the report of a 10 MB body is not held as a second copy.
                let report = CheckReport::new(inspection, input_findings)
                    .with_probes(probes, inspection)
                    .with_token(token.as_deref().cloned())
                    .with_scan(scan.as_deref());
                let _ = report
                    .write_json(&mut stdout)
                    .and_then(|()| stdout.write_all(b"\n"));
            } else {
                if !demo_filled.is_empty() {
                    eprintln_check(&format!(
                        "--demo: {} not set, using the demo credentials",
                        demo_filled.join(" and ")
                    ));
                }
                let text = render(inspection, input_findings, paint, width);
                let _ = stdout.write_all(text.as_bytes());
                if let Some(token) = token {
                    let block = render_token(token, SystemTime::now(), paint, width);
                    let _ = stdout.write_all(block.as_bytes());
                }
                if let Some(rows) = scan {
                    let text = scan::render(rows);
                    let _ = stdout.write_all(text.as_bytes());
                }
            }
            let _ = stdout.flush();
            CheckExit::of(inspection)
        }
    }
}

/// One message on stderr, prefixed so that it stands out in a script's log. Messages may quote
/// what the user gave (a file name, an env var), so each line is sanitized.
fn eprintln_check(message: &str) {
    let stderr = io::stderr();
    // On a terminal, wrapped at spaces like the report (a word split at the edge is hard to
    // read); into a file or pipe, one line per line, as scripts expect.
    let width = stderr_wrap_width(&stderr, std::env::var_os("COLUMNS").as_deref());
    let safe: Vec<String> = message.lines().map(sanitize).collect();
    let mut stderr = stderr.lock();
    for line in message_lines("sipgate-inspect check: ", &safe.join("\n"), width) {
        let _ = writeln!(stderr, "{line}");
    }
}
