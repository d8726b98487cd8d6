//! The `demo-server` subcommand: the demo API in the foreground, with a banner on stdout, a
//! request log on stderr, and a stop on SIGINT or SIGTERM that is graceful the first time and
//! immediate the second.

use std::fmt::Write as _;
use std::io::{self, Write as _};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;
use tokio::net::TcpListener;

use super::limits::Limits;
use super::serve::{Log, serve};
use super::server::{base_url, router};
use super::{DEMO_ACCESS_TOKEN, DEMO_TOKEN, DEMO_TOKEN_ID, SCENARIOS, auth, demo_jwts};

/// How `demo-server` ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    /// On a stop signal, once the open connections had finished (or the grace period was
    /// over and they were cut off).
    Gracefully,
    /// On a second stop signal while still finishing: at once, cutting off what was open.
    AtOnce {
        /// The exit status a shell reports for that signal: 128 plus its number (130 for
        /// SIGINT, 143 for SIGTERM).
        exit_status: u8,
    },
}

/// Runs the demo API in the foreground, for `sipgate-inspect demo-server`, with the default
/// [`Limits`].
///
/// Binds `bind`, prints the base URL, the demo credentials, a `curl` line to try and the scenario
/// table to stdout, logs one line per request to stderr (method, path, status and the token id
/// used, never a token), and serves until SIGINT (Ctrl+C) or SIGTERM. Then it stops accepting
/// and lets requests in flight finish, for at most the grace period; a second signal meanwhile
/// stops it at once.
///
/// # Errors
/// When the address cannot be bound, the signal handlers cannot be installed, or stdout cannot
/// be written.
pub async fn run_foreground(bind: SocketAddr) -> io::Result<Stopped> {
    let listener = TcpListener::bind(bind).await?;
    let addr = listener.local_addr()?;
    // Installed before serving, so a failure is reported instead of leaving a server that
    // cannot be stopped.
    let mut signals = StopSignals::install()?;
    {
        let mut stdout = io::stdout().lock();
        // The demo's JWTs count their expiry from now, the server's start.
        let started =
            crate::diagnose::unix_seconds(std::time::SystemTime::now()).unwrap_or_default();
        stdout.write_all(banner(addr, started).as_bytes())?;
        stdout.flush()?;
    }
    let limits = Limits::default();
    let app = router().layer(middleware::from_fn(log_request));
    let log: Log = Arc::new(|line: &str| eprintln!("{line}"));
    let mut first = None;
    let registry = Arc::default();
    let draining = serve(listener, app, limits, log, registry, async {
        first = Some(signals.next().await);
    })
    .await;
    let first = first.map_or("a stop signal", |signal| signal.name);
    eprintln!(
        "demo server: {first} received, stopping; waiting up to {:?} for {} request(s) in \
         flight (Ctrl+C again stops at once)",
        limits.shutdown_grace,
        draining.requests_in_flight()
    );
    tokio::select! {
        () = draining.finish() => {
            eprintln!("demo server stopped");
            Ok(Stopped::Gracefully)
        }
        second = signals.next() => {
            // Dropping the unfinished `finish` cuts off every connection still open.
            eprintln!("demo server: {} received again, stopped at once", second.name);
            Ok(Stopped::AtOnce { exit_status: second.exit_status })
        }
    }
}

/// A stop signal that arrived.
#[derive(Debug, Clone, Copy)]
struct Received {
    name: &'static str,
    exit_status: u8,
}

/// SIGINT and SIGTERM, caught for as long as this lives (tokio keeps the handlers installed,
/// so from the first signal on, stopping at once is up to this program).
struct StopSignals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl StopSignals {
    fn install() -> io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Self {
                interrupt: signal(SignalKind::interrupt())?,
                terminate: signal(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        Ok(Self {})
    }

    /// Waits for the next stop signal.
    async fn next(&mut self) -> Received {
        const SIGINT: Received = Received {
            name: "SIGINT",
            exit_status: 130,
        };
        #[cfg(unix)]
        {
            // `None` would mean the signal driver is gone; stopping is the only safe reading.
            tokio::select! {
                _ = self.interrupt.recv() => SIGINT,
                _ = self.terminate.recv() => Received { name: "SIGTERM", exit_status: 143 },
            }
        }
        #[cfg(not(unix))]
        {
            if let Err(e) = tokio::signal::ctrl_c().await {
                eprintln!("demo server: cannot listen for Ctrl+C ({e})");
            }
            SIGINT
        }
    }
}

/// Logs `METHOD /path STATUS credential-label duration` to stderr. Only the path is logged (no
/// query string), and only the secret-free label from [`auth::describe`].
async fn log_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let who = auth::describe(request.headers());
    let started = Instant::now();
    let response = next.run(request).await;
    eprintln!(
        "{method} {path} {} {who} {}ms",
        response.status().as_u16(),
        started.elapsed().as_millis()
    );
    response
}

/// What `demo-server` prints on start. Demo credentials are public constants, so printing them
/// is fine; nothing else secret is ever printed.
fn banner(addr: SocketAddr, started: i64) -> String {
    let url = base_url(addr);
    let mut out = String::new();
    // Writing to a String cannot fail, so the fmt::Results below are ignored.
    let _ = writeln!(out, "sipgate demo API listening on {url}");
    if addr.ip().is_unspecified() {
        let _ = writeln!(out, "(bound to {addr})");
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "Demo personal access token:");
    let _ = writeln!(out, "  token id  {DEMO_TOKEN_ID}");
    let _ = writeln!(out, "  token     {DEMO_TOKEN}");
    let _ = writeln!(out, "Demo access token (Authorization: Bearer ...):");
    let _ = writeln!(out, "  {DEMO_ACCESS_TOKEN}");
    let _ = writeln!(out);
    let _ = writeln!(out, "Try:");
    let _ = writeln!(out, "  curl -u {DEMO_TOKEN_ID}:{DEMO_TOKEN} {url}/account");
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Scenarios (use the token id with the demo token above):"
    );
    for s in SCENARIOS {
        let _ = writeln!(out, "  {}  {:<22}  {}", s.token_id, s.title, s.effect);
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "OAuth access tokens shaped like sipgate's JWTs (Authorization: Bearer ...):"
    );
    for jwt in demo_jwts(started) {
        let _ = writeln!(out, "  {:<16}  {}", jwt.title, jwt.effect);
        let _ = writeln!(out, "    {}", jwt.token);
    }
    let _ = writeln!(out);
    // The OAuth provider (src/demo/oauth.rs): where `login --oauth-issuer` should point.
    let issuer = url.trim_end_matches("/v2");
    let _ = writeln!(
        out,
        "OAuth provider (sign in with: sipgate-inspect login --oauth-issuer {issuer}/auth/realms/sipgate-apps --client-id demo-app, SIPGATE_CLIENT_SECRET={}):",
        super::DEMO_CLIENT_SECRET
    );
    for client in super::DEMO_CLIENTS {
        let _ = writeln!(out, "  {:<20}  {}", client.id, client.effect);
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Serving until Ctrl+C (a second Ctrl+C stops at once); requests are logged to stderr."
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn banner_has_url_curl_line_and_every_scenario() {
        let addr: SocketAddr = "127.0.0.1:8080".parse().expect("addr");
        let text = banner(addr, 1_800_000_000);
        assert!(text.contains("http://127.0.0.1:8080/v2"));
        assert!(text.contains(
            "curl -u token-DEMO01:00000000-0000-4000-8000-000000000001 \
             http://127.0.0.1:8080/v2/account"
        ));
        for s in SCENARIOS {
            assert!(text.contains(s.token_id), "{}", s.token_id);
        }
        assert!(
            text.contains("/auth/realms/sipgate-apps --client-id demo-app"),
            "{text}"
        );
        for client in super::super::DEMO_CLIENTS {
            assert!(text.contains(client.id), "{}", client.id);
        }
        for jwt in demo_jwts(1_800_000_000) {
            assert!(text.contains(&jwt.token), "{}", jwt.title);
        }
    }
}
