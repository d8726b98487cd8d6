//! Serving the demo API: the axum router, a background server handle for the TUI's `--demo`
//! mode, and the foreground `demo-server` subcommand with its banner and request log.

use std::fmt::Write as _;
use std::io::{self, Write as _};
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Request};
use axum::http::HeaderMap;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{MethodRouter, get};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::endpoints::{self, Endpoint};
use super::{DEMO_ACCESS_TOKEN, DEMO_TOKEN, DEMO_TOKEN_ID, SCENARIOS, auth, responses};

/// How long [`DemoServer::shutdown`] lets in-flight requests finish (the slow scenario takes
/// five seconds) before it aborts the server task.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// The demo API as an axum router: every endpoint under `/v2`, `404` for unknown paths and
/// `405` (with `Allow: GET`) for a wrong method on a known path.
///
/// It does not log; [`run_foreground`] adds the request log.
pub fn router() -> Router {
    Router::new()
        .route("/v2/account", read_only(Endpoint::Account))
        .route("/v2/authorization/userinfo", read_only(Endpoint::Userinfo))
        .route("/v2/balance", read_only(Endpoint::Balance))
        .route("/v2/users", read_only(Endpoint::Users))
        .route("/v2/numbers", read_only(Endpoint::Numbers))
        .route(
            "/v2/{userId}/devices",
            get(devices).fallback(method_not_allowed),
        )
        .fallback(unknown_path)
}

/// A GET-only route answering `endpoint`; other methods get `405`.
fn read_only(endpoint: Endpoint) -> MethodRouter {
    get(move |headers: HeaderMap| endpoints::respond(endpoint.clone(), headers))
        .fallback(method_not_allowed)
}

async fn devices(user_id: Result<Path<String>, PathRejection>, headers: HeaderMap) -> Response {
    match user_id {
        Ok(Path(user_id)) => endpoints::respond(Endpoint::Devices(user_id), headers).await,
        // A path segment that is not valid percent-encoded UTF-8 cannot name a user.
        Err(_) => responses::unknown_path(),
    }
}

async fn method_not_allowed() -> Response {
    responses::method_not_allowed()
}

async fn unknown_path() -> Response {
    responses::unknown_path()
}

/// A demo API server running in the background on the tokio runtime that started it.
///
/// Dropping it asks the server to stop (in-flight requests still finish); [`DemoServer::shutdown`]
/// does the same and waits for it.
#[derive(Debug)]
pub struct DemoServer {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<io::Result<()>>>,
}

impl DemoServer {
    /// The address the server listens on (with the actual port when bound to port 0).
    #[must_use]
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The API base URL to give a client, e.g. `http://127.0.0.1:38417/v2`.
    ///
    /// When bound to an unspecified address (`0.0.0.0`, `::`) it names the loopback address
    /// instead, which a client can actually connect to.
    #[must_use]
    pub fn base_url(&self) -> String {
        base_url(self.addr)
    }

    /// Stops accepting connections, lets in-flight requests finish (at most ten seconds, then
    /// they are cut off) and waits until the server has stopped.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            // An error means the server already stopped on its own; nothing left to tell it.
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take()
            && tokio::time::timeout(SHUTDOWN_GRACE, &mut task)
                .await
                .is_err()
        {
            task.abort();
        }
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Binds `bind` (port 0 picks a free port) and serves the demo API in the background on the
/// current tokio runtime. Returns as soon as the socket listens; requests are not logged.
///
/// # Errors
/// When the address cannot be bound (in use, not permitted, not local).
pub async fn spawn(bind: SocketAddr) -> io::Result<DemoServer> {
    let listener = TcpListener::bind(bind).await?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        axum::serve(listener, router())
            .with_graceful_shutdown(async move {
                // Resolves on an explicit stop and when the handle is dropped alike.
                let _ = stopped.await;
            })
            .await
    });
    Ok(DemoServer {
        addr,
        stop: Some(stop),
        task: Some(task),
    })
}

/// Runs the demo API in the foreground, for `sipgate-inspect demo-server`.
///
/// Binds `bind`, prints the base URL, the demo credentials, a `curl` line to try and the scenario
/// table to stdout, logs one line per request to stderr (method, path, status and the token id
/// used, never a token), and serves until Ctrl+C or SIGTERM, then stops gracefully.
///
/// # Errors
/// When the address cannot be bound, the signal handlers cannot be installed, stdout cannot be
/// written, or the server fails.
pub async fn run_foreground(bind: SocketAddr) -> io::Result<()> {
    let listener = TcpListener::bind(bind).await?;
    let addr = listener.local_addr()?;
    let stop = stop_signal()?;
    {
        let mut stdout = io::stdout().lock();
        stdout.write_all(banner(addr).as_bytes())?;
        stdout.flush()?;
    }
    let app = router().layer(middleware::from_fn(log_request));
    axum::serve(listener, app)
        .with_graceful_shutdown(stop)
        .await?;
    eprintln!("demo server stopped");
    Ok(())
}

/// A future that resolves on Ctrl+C or (on Unix) SIGTERM. The SIGTERM handler is installed
/// here, before serving, so a failure to install it is reported instead of ignored.
fn stop_signal() -> io::Result<impl Future<Output = ()>> {
    #[cfg(unix)]
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    Ok(async move {
        #[cfg(unix)]
        let ctrl_c = tokio::select! {
            result = tokio::signal::ctrl_c() => result,
            _ = terminate.recv() => Ok(()),
        };
        #[cfg(not(unix))]
        let ctrl_c = tokio::signal::ctrl_c().await;
        match ctrl_c {
            Ok(()) => eprintln!("stopping demo server"),
            Err(e) => eprintln!("cannot listen for Ctrl+C ({e}); stopping demo server"),
        }
    })
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

/// The base URL for a listening address, with loopback in place of an unspecified address.
fn base_url(addr: SocketAddr) -> String {
    let mut addr = addr;
    if addr.ip().is_unspecified() {
        addr.set_ip(if addr.is_ipv4() {
            Ipv4Addr::LOCALHOST.into()
        } else {
            Ipv6Addr::LOCALHOST.into()
        });
    }
    format!("http://{addr}/v2")
}

/// What `demo-server` prints on start. Demo credentials are public constants, so printing them
/// is fine; nothing else secret is ever printed.
fn banner(addr: SocketAddr) -> String {
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
    let _ = writeln!(out, "Serving until Ctrl+C; requests are logged to stderr.");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_replaces_unspecified_addresses() {
        let v4: SocketAddr = "0.0.0.0:8080".parse().expect("addr");
        assert_eq!(base_url(v4), "http://127.0.0.1:8080/v2");
        let v6: SocketAddr = "[::]:8080".parse().expect("addr");
        assert_eq!(base_url(v6), "http://[::1]:8080/v2");
        let lan: SocketAddr = "192.0.2.7:9000".parse().expect("addr");
        assert_eq!(base_url(lan), "http://192.0.2.7:9000/v2");
    }

    #[test]
    fn banner_has_url_curl_line_and_every_scenario() {
        let addr: SocketAddr = "127.0.0.1:8080".parse().expect("addr");
        let text = banner(addr);
        assert!(text.contains("http://127.0.0.1:8080/v2"));
        assert!(text.contains(
            "curl -u token-DEMO01:00000000-0000-4000-8000-000000000001 \
             http://127.0.0.1:8080/v2/account"
        ));
        for s in SCENARIOS {
            assert!(text.contains(s.token_id), "{}", s.token_id);
        }
    }
}
