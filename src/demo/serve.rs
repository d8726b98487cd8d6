//! The demo server's accept loop and connections, under [`Limits`]: a timeout for request
//! heads (which is also the keep-alive idle timeout), a connection cap that makes room by
//! closing the longest-idle connection and otherwise refuses, logged accept errors with a
//! pause, and a graceful shutdown bounded by a grace period.
//!
//! Hand-driven instead of `axum::serve`: axum's server has no header timeout, no connection cap
//! and a graceful shutdown that waits for every connection without limit.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::Request;
use axum::response::Response;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::{Service as _, service_fn};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;

use super::limits::Limits;

/// Where the server's own messages go (refusals, accept errors, shutdown): stderr for
/// `demo-server`, nowhere for the in-process server (it would draw over the TUI), a list in
/// tests.
pub type Log = Arc<dyn Fn(&str) + Send + Sync>;

/// How long a new connection at the cap waits for an evicted idle connection to close.
/// An idle connection closes at once; this only runs out when the evicted connection started a
/// request in the meantime.
const EVICTION_WAIT: Duration = Duration::from_secs(1);

/// Serves `app` on `listener` until `stop` completes, then stops accepting and tells every
/// connection to finish. The returned [`Draining`] waits for them. `registry` keeps track of
/// the open connections (its owner may ask it how many requests are in flight).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    log: Log,
    registry: Arc<Registry>,
    stop: impl Future<Output = ()>,
) -> Draining {
    let mut server = Server {
        app,
        limits,
        log,
        permits: Arc::new(Semaphore::new(limits.max_connections)),
        registry,
        connections: JoinSet::new(),
    };
    tokio::pin!(stop);
    loop {
        tokio::select! {
            () = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => server.admit(stream, peer).await,
                Err(e) if is_connection_error(&e) => {}
                Err(e) => {
                    (server.log)(&format!(
                        "demo server: cannot accept a connection ({e}); pausing {} ms",
                        limits.accept_backoff.as_millis()
                    ));
                    tokio::select! {
                        () = &mut stop => break,
                        () = tokio::time::sleep(limits.accept_backoff) => {}
                    }
                }
            },
            // Reaps finished connections, so the set does not grow for the server's lifetime.
            Some(_) = server.connections.join_next() => {}
        }
    }
    drop(listener);
    server.registry.close_all();
    Draining {
        connections: server.connections,
        registry: server.registry,
        grace: limits.shutdown_grace,
        log: server.log,
    }
}

/// Errors about one connection that went away before it was accepted; the next accept is
/// unaffected, so they are neither logged nor waited out.
fn is_connection_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

/// A server that has stopped accepting and whose connections are finishing.
///
/// Dropping it cuts every remaining connection off at once.
pub struct Draining {
    connections: JoinSet<()>,
    registry: Arc<Registry>,
    grace: Duration,
    log: Log,
}

impl Draining {
    /// How many requests are still running.
    pub fn requests_in_flight(&self) -> usize {
        self.registry.requests_in_flight()
    }

    /// Waits until every connection has finished, or the grace period is over; then cuts off
    /// the rest (and logs how many).
    pub async fn finish(mut self) {
        let all_done = async { while self.connections.join_next().await.is_some() {} };
        if tokio::time::timeout(self.grace, all_done).await.is_err() {
            (self.log)(&format!(
                "demo server: cutting off {} connection(s) still open after {:?}",
                self.connections.len(),
                self.grace
            ));
            self.connections.shutdown().await;
        }
    }
}

struct Server {
    app: Router,
    limits: Limits,
    log: Log,
    permits: Arc<Semaphore>,
    registry: Arc<Registry>,
    connections: JoinSet<()>,
}

impl Server {
    /// Serves `stream` if there is room under the cap, or room can be made by closing the
    /// longest-idle connection; otherwise closes it and logs the refusal.
    async fn admit(&mut self, stream: TcpStream, peer: SocketAddr) {
        let permit = match Arc::clone(&self.permits).try_acquire_owned() {
            Ok(permit) => Some(permit),
            Err(_) if self.registry.evict_longest_idle() => {
                // Waiting here holds up accepting only until the evicted connection has closed,
                // which an idle connection does at once.
                tokio::time::timeout(EVICTION_WAIT, Arc::clone(&self.permits).acquire_owned())
                    .await
                    .ok()
                    .and_then(Result::ok)
            }
            Err(_) => None,
        };
        let Some(permit) = permit else {
            (self.log)(&format!(
                "demo server: refused a connection from {peer}: all {} connections are busy",
                self.limits.max_connections
            ));
            // Dropping the stream closes it: the client sees the connection end at once.
            return;
        };
        let (id, close) = self.registry.register();
        let registration = Registration {
            id,
            registry: Arc::clone(&self.registry),
            _permit: permit,
        };
        self.connections.spawn(serve_connection(
            stream,
            self.app.clone(),
            self.limits.header_timeout,
            registration,
            close,
        ));
    }
}

/// One HTTP/1.1 connection, until the client closes it, the header timeout runs out, or it is
/// told to close (eviction, shutdown): then it finishes the request in flight, if any.
async fn serve_connection(
    stream: TcpStream,
    app: Router,
    header_timeout: Duration,
    registration: Registration,
    close: Arc<Notify>,
) {
    let app = TowerToHyperService::new(app);
    let registry = Arc::clone(&registration.registry);
    let id = registration.id;
    let service = service_fn(move |request: Request<Incoming>| {
        let busy = registry.start_request(id);
        let response = app.call(request);
        async move {
            let response: Result<Response, Infallible> = response.await;
            drop(busy);
            response
        }
    });
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    let connection = builder.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(connection);
    tokio::select! {
        // An error here is the client's (bad request, timeout, reset); the connection is over.
        _ = connection.as_mut() => return,
        () = close.notified() => {
            // hyper finishes a fresh connection's first request head before it closes, for as
            // long as the header timeout allows; with no request ever started there is nothing
            // to finish, so it is closed here and now.
            if !registration.registry.has_started_a_request(registration.id) {
                return;
            }
            // Closes at once between requests; otherwise after the response in progress.
            connection.as_mut().graceful_shutdown();
        }
    }
    let _ = connection.await;
    // Only now (and on every early way out) does the connection give up its place.
    drop(registration);
}

/// The open connections: whether each has a request in flight, and since when it is idle.
#[derive(Default)]
pub struct Registry {
    slots: Mutex<Slots>,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let slots = self.slots();
        f.debug_struct("Registry")
            .field("open", &slots.open.len())
            .field(
                "requests",
                &slots.open.values().map(|s| s.requests).sum::<usize>(),
            )
            .finish()
    }
}

#[derive(Default)]
struct Slots {
    next_id: u64,
    open: BTreeMap<u64, Slot>,
}

struct Slot {
    requests: usize,
    /// Whether a request has ever been started on this connection.
    used: bool,
    idle_since: Instant,
    /// Set once the connection has been told to close, so it is not picked twice.
    closing: bool,
    close: Arc<Notify>,
}

impl Registry {
    fn slots(&self) -> std::sync::MutexGuard<'_, Slots> {
        // The lock is never held across anything that can panic; a poisoned map is still right.
        self.slots.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn register(&self) -> (u64, Arc<Notify>) {
        let close = Arc::new(Notify::new());
        let mut slots = self.slots();
        let id = slots.next_id;
        slots.next_id += 1;
        slots.open.insert(
            id,
            Slot {
                requests: 0,
                used: false,
                idle_since: Instant::now(),
                closing: false,
                close: Arc::clone(&close),
            },
        );
        (id, close)
    }

    fn start_request(self: &Arc<Self>, id: u64) -> Busy {
        if let Some(slot) = self.slots().open.get_mut(&id) {
            slot.requests += 1;
            slot.used = true;
        }
        Busy {
            id,
            registry: Arc::clone(self),
        }
    }

    /// Tells the connection idle longest to close. False when every connection is busy.
    fn evict_longest_idle(&self) -> bool {
        let mut slots = self.slots();
        let longest_idle = slots
            .open
            .values_mut()
            .filter(|slot| slot.requests == 0 && !slot.closing)
            .min_by_key(|slot| slot.idle_since);
        match longest_idle {
            Some(slot) => {
                slot.closing = true;
                // notify_one keeps the wake-up if the connection is not waiting yet.
                slot.close.notify_one();
                true
            }
            None => false,
        }
    }

    fn close_all(&self) {
        for slot in self.slots().open.values_mut() {
            slot.closing = true;
            slot.close.notify_one();
        }
    }

    fn has_started_a_request(&self, id: u64) -> bool {
        self.slots().open.get(&id).is_some_and(|slot| slot.used)
    }

    /// How many requests are being answered right now.
    pub fn requests_in_flight(&self) -> usize {
        self.slots().open.values().map(|slot| slot.requests).sum()
    }
}

/// A request in flight on connection `id`; dropping it marks the request finished.
struct Busy {
    id: u64,
    registry: Arc<Registry>,
}

impl Drop for Busy {
    fn drop(&mut self) {
        if let Some(slot) = self.registry.slots().open.get_mut(&self.id) {
            slot.requests = slot.requests.saturating_sub(1);
            if slot.requests == 0 {
                slot.idle_since = Instant::now();
            }
        }
    }
}

/// A connection's place under the cap; dropping it (when the connection task ends, however it
/// ends) removes it from the registry and then frees its permit.
struct Registration {
    id: u64,
    registry: Arc<Registry>,
    _permit: OwnedSemaphorePermit,
}

impl Drop for Registration {
    fn drop(&mut self) {
        self.registry.slots().open.remove(&self.id);
    }
}
