//! How much the demo server lets one client hold: how long a connection may take to send a
//! request head (or sit idle between requests), how many connections may be open at once, and
//! how long a shutdown waits for requests still running.

use std::time::Duration;

/// The demo server's limits. [`Limits::default`] is what `demo-server` and `--demo` use;
/// tests set short durations and small caps through [`crate::demo::spawn_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// How long a connection may take to deliver a complete request head. The clock starts
    /// whenever the server waits for a head: when the connection opens, and again after each
    /// response, so it is also the keep-alive idle timeout. When it runs out, the connection
    /// is closed.
    pub header_timeout: Duration,
    /// How many connections may be open at once. At the cap, a new connection takes the place
    /// of the connection that has been idle longest (no request in flight); when every
    /// connection has a request in flight, it is refused (closed at once) and the refusal
    /// is logged.
    pub max_connections: usize,
    /// How long a graceful shutdown lets requests in flight finish before cutting them off
    /// (the slow demo scenario takes five seconds).
    pub shutdown_grace: Duration,
    /// How long accepting pauses after an error such as "too many open files", so that a
    /// lasting error is logged a few times a second instead of spinning.
    pub accept_backoff: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            header_timeout: Duration::from_secs(10),
            max_connections: 256,
            shutdown_grace: Duration::from_secs(10),
            accept_backoff: Duration::from_millis(500),
        }
    }
}
