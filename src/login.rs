//! `sipgate-inspect login`: the OAuth sign-in without the TUI, for scripts and remote shells.
//!
//! The authorization URL always goes to stderr, alone on its line (a user on a remote shell
//! opens it elsewhere). On success, a summary without any secret goes to stdout, or, with
//! `--print-access-token`, only the access token. Exit codes as `check`: 0 signed in, 1 the
//! provider refused, 2 usage or input error, 3 transport failure or timeout.

use std::fmt::Write as _;
use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use secrecy::{ExposeSecret as _, SecretString};

use crate::cli::{ConnectionArgs, LoginArgs};
use crate::diagnose::oauth::{SignInContext, sign_in_findings, signed_in_finding};
use crate::diagnose::{Finding, Severity};
use crate::oauth::{
    ClientCredentials, Issuer, ListenerLimits, RedirectUri, SignInConfig, SignInError, TokenError,
    default_scopes, http_client_with, start,
};

/// Env var for the client secret (no flag takes it: argv is visible to other users).
pub const ENV_CLIENT_SECRET: &str = "SIPGATE_CLIENT_SECRET";

/// The longest first line `--client-secret-stdin` reads.
const MAX_SECRET_LINE: usize = 64 * 1024;

/// How long a token request may take.
const TOKEN_REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// `login`'s exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginExit {
    /// Signed in.
    SignedIn = 0,
    /// The provider refused (on the redirect or at the token endpoint).
    Refused = 1,
    /// Usage or input error; nothing was sent.
    Usage = 2,
    /// Transport failure or timeout.
    NoAnswer = 3,
}

impl From<LoginExit> for ExitCode {
    fn from(exit: LoginExit) -> Self {
        ExitCode::from(exit as u8)
    }
}

/// The exit code a failed sign-in gets.
#[must_use]
pub fn exit_for(error: &SignInError) -> LoginExit {
    match error {
        SignInError::Redirect { .. }
        | SignInError::IssuerMismatch { .. }
        | SignInError::Token(TokenError::Provider { .. } | TokenError::Unexpected { .. }) => {
            LoginExit::Refused
        }
        SignInError::TimedOut { .. } | SignInError::Token(TokenError::Transport(_)) => {
            LoginExit::NoAnswer
        }
        SignInError::Random(_) | SignInError::Listen(_) => LoginExit::Usage,
    }
}

fn usage(message: &str) -> ExitCode {
    eprintln!("sipgate-inspect login: {message}");
    LoginExit::Usage.into()
}

/// Runs `login`, waiting at most `wait` for the browser. `--allow-insecure-http` applies to
/// the issuer as to the base URL, `--ca-cert` to the token endpoint.
// One straight line from the arguments to the exit code; split, it would only pass them on.
#[allow(clippy::too_many_lines)]
#[must_use]
pub fn run(args: &LoginArgs, connection: &ConnectionArgs, wait: Duration) -> ExitCode {
    let allow_insecure_http = connection.allow_insecure_http;
    let extra_roots = match connection.client_options() {
        Ok(options) => options.extra_roots,
        Err(message) => return usage(&message),
    };
    let secret = match client_secret(args) {
        Ok(secret) => secret,
        Err(message) => return usage(&message),
    };
    let redirect = match RedirectUri::parse(&args.redirect_uri) {
        Ok(redirect) => redirect,
        Err(e) => return usage(&e.to_string()),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => return usage(&format!("cannot start the async runtime: {e}")),
    };
    runtime.block_on(async {
        // The demo server lives as long as this block.
        let (issuer, _demo) = if args.demo {
            let server = match crate::demo::spawn(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await {
                Ok(server) => server,
                Err(e) => return usage(&format!("cannot start the demo server: {e}")),
            };
            let realm = args.realm.as_deref().unwrap_or(crate::oauth::DEFAULT_REALM);
            let issuer = Issuer::parse(&format!("http://{}/auth/realms/sipgate-apps", server.addr()), false)
                .and_then(|i| i.with_realm(realm));
            (issuer, Some(server))
        } else {
            let issuer = match (&args.oauth_issuer, &args.realm) {
                (Some(url), _) => Issuer::parse(url, allow_insecure_http),
                (None, Some(realm)) => Issuer::sipgate(realm),
                (None, None) => Issuer::sipgate(crate::oauth::DEFAULT_REALM),
            };
            (issuer, None)
        };
        let issuer = match issuer {
            Ok(issuer) => issuer,
            Err(e) => return usage(&e.to_string()),
        };
        let client_id = match (&args.client_id, args.demo) {
            (Some(id), _) if !id.trim().is_empty() => id.trim().to_owned(),
            (_, true) => crate::demo::DEMO_CLIENT_ID.to_owned(),
            _ => return usage("--client-id is empty; give the client id registered at sipgate (env SIPGATE_CLIENT_ID)"),
        };
        let scopes = if args.scopes.is_empty() {
            default_scopes()
        } else {
            args.scopes
                .iter()
                .flat_map(|s| s.split_whitespace())
                .map(str::to_owned)
                .collect()
        };
        let http = match http_client_with(TOKEN_REQUEST_TIMEOUT, extra_roots) {
            Ok(http) => http,
            Err(e) => return usage(&e),
        };
        let config = SignInConfig {
            issuer: issuer.clone(),
            client: ClientCredentials {
                client_id: client_id.clone(),
                client_secret: secret,
            },
            scopes: scopes.clone(),
            redirect: redirect.clone(),
            limits: ListenerLimits::default(),
        };
        let context = SignInContext {
            client_id: &client_id,
            issuer: issuer.as_str(),
            realm: issuer.realm(),
            redirect_uri: redirect.as_str(),
            scopes: &scopes,
        };
        let pending = match start(config).await {
            Ok(pending) => pending,
            Err(error) => return fail(&error, &context),
        };
        eprintln!(
            "sipgate-inspect login: open this URL in a browser and sign in (waiting {} s for the redirect to {}):",
            wait.as_secs(),
            redirect.as_str()
        );
        eprintln!("{}", pending.authorization_url());
        if !args.no_browser
            && let Err(e) = webbrowser::open(pending.authorization_url())
        {
            eprintln!(
                "sipgate-inspect login: could not open a browser ({e}); open the URL above yourself."
            );
        }
        match pending.finish(&http, wait).await {
            Ok(signed) => {
                let finding = signed_in_finding(&context, signed.tokens.scope.as_deref(), signed.tokens.expires_in);
                let summary = summary(&finding, signed.tokens.refresh_expires_in);
                if args.print_access_token {
                    eprint!("{summary}");
                    println!("{}", signed.tokens.access_token.expose_secret());
                } else {
                    print!("{summary}");
                }
                let _ = std::io::stdout().flush();
                LoginExit::SignedIn.into()
            }
            Err(error) => fail(&error, &context),
        }
    })
}

fn fail(error: &SignInError, context: &SignInContext<'_>) -> ExitCode {
    let mut text = String::new();
    for finding in sign_in_findings(error, context) {
        text.push_str(&render_finding(&finding));
    }
    eprint!("{text}");
    exit_for(error).into()
}

/// What `login` prints on success: never a secret.
fn summary(finding: &Finding, refresh_expires_in: Option<u64>) -> String {
    let mut out = render_finding(finding);
    if let Some(secs) = refresh_expires_in {
        let _ = writeln!(out, "    The refresh token lasts {}.", lifetime(secs));
    }
    out
}

/// A token lifetime in the largest whole unit: `30 days`, `5 min`, `20 s`.
fn lifetime(secs: u64) -> String {
    match secs {
        s if s >= 86_400 && s % 86_400 == 0 => format!("{} days", s / 86_400),
        s if s >= 3600 && s % 3600 == 0 => format!("{} h", s / 3600),
        s if s >= 60 && s % 60 == 0 => format!("{} min", s / 60),
        s => format!("{s} s"),
    }
}

/// A finding as text: `[severity] title`, then what it means, the steps and the evidence.
#[must_use]
pub fn render_finding(finding: &Finding) -> String {
    let severity = match finding.severity {
        Severity::Ok => "ok",
        Severity::Info => "info",
        Severity::Warning => "warning",
        Severity::Error => "error",
    };
    let mut out = format!(
        "[{severity}] {}\n    {}\n",
        finding.title, finding.explanation
    );
    for step in &finding.steps {
        let _ = writeln!(out, "    - {step}");
    }
    for line in &finding.evidence {
        let _ = writeln!(out, "    The provider said: {line}");
    }
    out
}

/// The client secret: from stdin's first line with `--client-secret-stdin`, else from
/// `SIPGATE_CLIENT_SECRET`, else (demo only) the demo client's.
fn client_secret(args: &LoginArgs) -> Result<SecretString, String> {
    if args.client_secret_stdin {
        let stdin = std::io::stdin();
        if stdin.is_terminal() {
            return Err("--client-secret-stdin reads the secret from a pipe or file, not from the terminal, where it would be echoed".to_owned());
        }
        return read_secret_line(stdin.lock());
    }
    match std::env::var(ENV_CLIENT_SECRET) {
        Ok(secret) if !secret.is_empty() => Ok(SecretString::from(secret)),
        _ if args.demo => Ok(SecretString::from(
            crate::demo::DEMO_CLIENT_SECRET.to_owned(),
        )),
        _ => Err(format!(
            "{ENV_CLIENT_SECRET} is not set; it holds the client secret of your sipgate OAuth client. Set it, or pipe the secret in with --client-secret-stdin (no flag takes the secret: a command line is visible to other users)."
        )),
    }
}

/// The first line of `input`, without its line ending; at most [`MAX_SECRET_LINE`] bytes.
fn read_secret_line(input: impl std::io::BufRead) -> Result<SecretString, String> {
    let mut line = Vec::new();
    input
        .take(MAX_SECRET_LINE as u64 + 1)
        .read_until(b'\n', &mut line)
        .map_err(|e| format!("cannot read the client secret from stdin: {e}"))?;
    if line.len() > MAX_SECRET_LINE && !line.ends_with(b"\n") {
        return Err("the first line of stdin (--client-secret-stdin) is longer than 64 KiB; it should hold only the client secret".to_owned());
    }
    let text = String::from_utf8(line)
        .map_err(|_| "the client secret on stdin is not UTF-8 text".to_owned())?;
    let secret = text.trim_end_matches(['\n', '\r']);
    if secret.is_empty() {
        return Err("stdin's first line is empty; it should hold the client secret".to_owned());
    }
    Ok(SecretString::from(secret.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifetimes_in_whole_units() {
        assert_eq!(lifetime(2_592_000), "30 days");
        assert_eq!(lifetime(7200), "2 h");
        assert_eq!(lifetime(300), "5 min");
        assert_eq!(lifetime(301), "301 s");
    }

    #[test]
    fn the_secret_line_is_read_whole_and_bounded() {
        let secret = read_secret_line("s3cr+t\r\nrest\n".as_bytes()).expect("line");
        assert_eq!(secret.expose_secret(), "s3cr+t");
        assert!(read_secret_line("\n".as_bytes()).is_err());
        assert!(read_secret_line("a".repeat(MAX_SECRET_LINE + 1).as_bytes()).is_err());
        let fits = "a".repeat(MAX_SECRET_LINE) + "\n";
        assert!(read_secret_line(fits.as_bytes()).is_ok());
    }
}
