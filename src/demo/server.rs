//! Serving the demo API: the axum router, and a background server handle for the TUI's
//! `--demo` mode and `check --demo`. The foreground `demo-server` lives in `foreground.rs`,
//! the accept loop and its limits in `serve.rs`.

use std::io;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use axum::Router;
use axum::extract::Path;
use axum::extract::rejection::PathRejection;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{MethodRouter, get};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::endpoints::{self, Endpoint};
use super::limits::Limits;
use super::responses;
use super::serve::{Registry, serve};

/// The demo API as an axum router: every endpoint under `/v2`, `404` for unknown paths and
/// `405` (with `Allow: GET`) for a wrong method on a known path.
///
/// It does not log; [`super::run_foreground`] adds the request log.
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
        .route("/v2/groups", read_only(Endpoint::Groups))
        .route("/v2/history", read_only(Endpoint::History))
        .route("/v2/contacts", read_only(Endpoint::Contacts))
        .route(
            "/v2/{userId}/phonelines",
            get(phonelines).fallback(method_not_allowed),
        )
        // The demo OAuth provider under /auth/realms/{realm}/protocol/openid-connect/….
        .merge(super::oauth::router())
        // Every other catalogue endpoint (the explorer's, the full scan's); 404 for the rest.
        .fallback(super::catalogue::answer)
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

async fn phonelines(user_id: Result<Path<String>, PathRejection>, headers: HeaderMap) -> Response {
    match user_id {
        Ok(Path(user_id)) => endpoints::respond(Endpoint::Phonelines(user_id), headers).await,
        Err(_) => responses::unknown_path(),
    }
}

async fn method_not_allowed() -> Response {
    responses::method_not_allowed()
}

/// A demo API server running in the background on the tokio runtime that started it.
///
/// Dropping it asks the server to stop (in-flight requests still finish, within the grace
/// period); [`DemoServer::shutdown`] does the same and waits for it.
#[derive(Debug)]
pub struct DemoServer {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
    connections: Arc<Registry>,
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

    /// How many requests the server is answering right now (a test can wait for a slow request
    /// to have arrived).
    #[must_use]
    pub fn requests_in_flight(&self) -> usize {
        self.connections.requests_in_flight()
    }

    /// Stops accepting connections, lets in-flight requests finish (at most the grace period of
    /// its [`Limits`], then they are cut off) and waits until the server has stopped.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            // An error means the server already stopped on its own; nothing left to tell it.
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            // The task ends by itself within the grace period; a panic in it leaves nothing to
            // clean up here.
            let _ = task.await;
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
/// current tokio runtime, with the default [`Limits`]. Returns as soon as the socket listens;
/// nothing is logged (the TUI owns the terminal).
///
/// # Errors
/// When the address cannot be bound (in use, not permitted, not local).
pub async fn spawn(bind: SocketAddr) -> io::Result<DemoServer> {
    spawn_with(bind, Limits::default(), |_: &str| {}).await
}

/// Like [`spawn`], with these `limits`, and `log` called with each line the server has to say
/// (a refused connection, an accept error, connections cut off at shutdown). Requests are not
/// logged.
///
/// # Errors
/// When the address cannot be bound (in use, not permitted, not local).
pub async fn spawn_with(
    bind: SocketAddr,
    limits: Limits,
    log: impl Fn(&str) + Send + Sync + 'static,
) -> io::Result<DemoServer> {
    let listener = TcpListener::bind(bind).await?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = oneshot::channel::<()>();
    let stopped = async move {
        // Resolves on an explicit stop and when the handle is dropped alike.
        let _ = stopped.await;
    };
    let connections = Arc::new(Registry::default());
    let registry = Arc::clone(&connections);
    let task = tokio::spawn(async move {
        serve(listener, router(), limits, Arc::new(log), registry, stopped)
            .await
            .finish()
            .await;
    });
    Ok(DemoServer {
        addr,
        stop: Some(stop),
        task: Some(task),
        connections,
    })
}

/// The base URL for a listening address, with loopback in place of an unspecified address.
pub(super) fn base_url(addr: SocketAddr) -> String {
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
}
