//! Transport failures: everything that went wrong before an HTTP status arrived, told apart so
//! that the diagnosis can say what to do about each.
//!
//! reqwest reports these as one opaque error type whose cause sits several `source()` levels
//! down (hyper-util's connect error, an `io::Error`, a rustls error). Classification walks that
//! chain once, here, so no other module needs to know the layering.

use std::error::Error as StdError;
use std::io;
use std::time::Duration;

use crate::format::human_duration;

/// What kind of transport failure happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportErrorKind {
    /// The host name could not be resolved.
    Dns,
    /// Nothing listens at that address and port (TCP RST on connect).
    ConnectionRefused,
    /// The TCP or TLS connection was not established in time.
    ConnectTimeout,
    /// Connected, but the whole response did not arrive within the timeout.
    Timeout,
    /// The TLS handshake failed.
    Tls(TlsProblem),
    /// A proxy refused or failed the connection.
    Proxy,
    /// The peer reset or closed the connection before a response arrived.
    ConnectionReset,
    /// The response started but its body was cut off.
    BodyCutOff,
    /// The body was larger than the cap; reading stopped.
    BodyTooLarge {
        /// The cap in bytes.
        limit: usize,
    },
    /// A redirect was refused (https→http downgrade, too many hops).
    Redirect,
    /// The request could not be built (e.g. a header value with a newline).
    InvalidRequest,
    /// Anything else.
    Other,
}

/// Which part of the TLS handshake failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsProblem {
    /// The certificate chain does not lead to a trusted root (self-signed, or a corporate
    /// TLS-inspection proxy whose CA is not installed).
    UnknownIssuer,
    /// The certificate is not valid for the host name.
    HostnameMismatch,
    /// The certificate has expired (or is not yet valid).
    Expired,
    /// The server does not speak TLS on that port (e.g. https to a plain-http port).
    NotTls,
    /// Some other handshake failure.
    Other,
}

/// A transport failure, with its kind and the chain of causes as text.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct TransportError {
    /// What kind of failure.
    pub kind: TransportErrorKind,
    /// One-line summary.
    pub message: String,
    /// The underlying error chain, outermost first (for the "details" view).
    pub chain: Vec<String>,
}

impl TransportError {
    /// A transport error of a given kind with a message and no chain.
    #[must_use]
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            chain: Vec::new(),
        }
    }

    /// The whole-request timeout ran out.
    #[must_use]
    pub fn from_timeout(timeout: Duration) -> Self {
        Self::new(
            TransportErrorKind::Timeout,
            format!("no complete response within {}", human_duration(timeout)),
        )
    }

    /// Classifies a reqwest error. `timeout` is the configured whole-request timeout, for the
    /// message; `while_reading_body` tells a cut-off body from a failed connect.
    #[must_use]
    pub fn from_reqwest(err: &reqwest::Error, timeout: Duration, while_reading_body: bool) -> Self {
        Self::from_reqwest_via(err, timeout, while_reading_body, None)
    }

    /// Like [`Self::from_reqwest`], for a client whose requests go through `proxy` (the proxy
    /// URL, masked, as shown to the user). With a proxy, a failure to connect is a failure to
    /// reach the proxy or to get through it, so it is [`TransportErrorKind::Proxy`]; TLS
    /// failures stay TLS failures, since the handshake is end to end through the tunnel.
    #[must_use]
    pub fn from_reqwest_via(
        err: &reqwest::Error,
        timeout: Duration,
        while_reading_body: bool,
        proxy: Option<&str>,
    ) -> Self {
        let chain = error_chain(err);
        // The URL is part of reqwest's own message; a host such as `tls.example` or
        // `proxy.example` must not steer the keyword matching below.
        let mut joined = chain.join(": ");
        if let Some(url) = err.url() {
            joined = joined.replace(url.as_str(), "<url>");
        }
        let joined = joined.to_ascii_lowercase();
        let io_kind = find_io_kind(err);
        let kind = classify(err, &joined, io_kind, while_reading_body, proxy.is_some());
        let message = summary(&kind, timeout, &chain, proxy);
        Self {
            kind,
            message,
            chain,
        }
    }

    /// A short machine-readable name of the kind, as the JSON output reports it:
    /// `dns`, `connect`, `tls`, `timeout`, `body` or `other`.
    #[must_use]
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            TransportErrorKind::Dns => "dns",
            TransportErrorKind::ConnectionRefused
            | TransportErrorKind::ConnectionReset
            | TransportErrorKind::Proxy => "connect",
            TransportErrorKind::Tls(_) => "tls",
            TransportErrorKind::ConnectTimeout | TransportErrorKind::Timeout => "timeout",
            TransportErrorKind::BodyCutOff | TransportErrorKind::BodyTooLarge { .. } => "body",
            TransportErrorKind::Redirect
            | TransportErrorKind::InvalidRequest
            | TransportErrorKind::Other => "other",
        }
    }
}

fn classify(
    err: &reqwest::Error,
    joined: &str,
    io_kind: Option<io::ErrorKind>,
    while_reading_body: bool,
    proxied: bool,
) -> TransportErrorKind {
    if err.is_redirect() {
        return TransportErrorKind::Redirect;
    }
    if err.is_builder() {
        return TransportErrorKind::InvalidRequest;
    }
    if err.is_timeout() {
        return if err.is_connect() {
            TransportErrorKind::ConnectTimeout
        } else {
            TransportErrorKind::Timeout
        };
    }
    if let Some(tls) = tls_problem(joined) {
        return TransportErrorKind::Tls(tls);
    }
    // hyper-util's `TunnelError` ("tunnel error: …") only exists on the way through an
    // HTTP proxy (CONNECT), whatever its cause (refused, closed, a non-2xx answer).
    if joined.contains("tunnel error") || (proxied && err.is_connect()) {
        return TransportErrorKind::Proxy;
    }
    if joined.contains("dns error")
        || joined.contains("failed to lookup address")
        || joined.contains("name or service not known")
        || joined.contains("no address associated")
        || joined.contains("nodename nor servname")
    {
        return TransportErrorKind::Dns;
    }
    if joined.contains("proxy") || joined.contains("tunnel") {
        return TransportErrorKind::Proxy;
    }
    match io_kind {
        Some(io::ErrorKind::ConnectionRefused) => return TransportErrorKind::ConnectionRefused,
        Some(io::ErrorKind::TimedOut) => {
            return if err.is_connect() {
                TransportErrorKind::ConnectTimeout
            } else {
                TransportErrorKind::Timeout
            };
        }
        _ => {}
    }
    if while_reading_body || err.is_body() || err.is_decode() {
        return TransportErrorKind::BodyCutOff;
    }
    if matches!(
        io_kind,
        Some(
            io::ErrorKind::ConnectionReset
                | io::ErrorKind::ConnectionAborted
                | io::ErrorKind::BrokenPipe
                | io::ErrorKind::UnexpectedEof
        )
    ) || joined.contains("connection closed")
        || joined.contains("incomplete message")
        || joined.contains("connection reset")
    {
        return TransportErrorKind::ConnectionReset;
    }
    TransportErrorKind::Other
}

fn tls_problem(joined: &str) -> Option<TlsProblem> {
    if joined.contains("unknownissuer") || joined.contains("unknown issuer") {
        Some(TlsProblem::UnknownIssuer)
    } else if joined.contains("notvalidforname") || joined.contains("not valid for name") {
        Some(TlsProblem::HostnameMismatch)
    } else if joined.contains("expired")
        || joined.contains("notvalidyet")
        || joined.contains("not valid yet")
    {
        Some(TlsProblem::Expired)
    } else if joined.contains("invalidcontenttype")
        || joined.contains("corrupt message")
        || joined.contains("invalid content type")
        || joined.contains("received corrupt")
    {
        Some(TlsProblem::NotTls)
    } else if joined.contains("certificate")
        || joined.contains("handshake")
        || joined.contains("tls")
        || joined.contains("alert")
    {
        Some(TlsProblem::Other)
    } else {
        None
    }
}

fn summary(
    kind: &TransportErrorKind,
    timeout: Duration,
    chain: &[String],
    proxy: Option<&str>,
) -> String {
    let innermost = chain.last().map_or("", String::as_str);
    match kind {
        TransportErrorKind::Dns => format!("DNS lookup failed: {innermost}"),
        TransportErrorKind::ConnectionRefused => "connection refused".to_owned(),
        TransportErrorKind::ConnectTimeout => match proxy {
            Some(proxy) => format!("timed out while connecting through the proxy {proxy}"),
            None => "timed out while connecting".to_owned(),
        },
        TransportErrorKind::Timeout => {
            format!("no complete response within {}", human_duration(timeout))
        }
        TransportErrorKind::Tls(problem) => match problem {
            TlsProblem::UnknownIssuer => {
                "TLS: certificate issued by an unknown authority".to_owned()
            }
            TlsProblem::HostnameMismatch => {
                "TLS: certificate is not valid for this host name".to_owned()
            }
            TlsProblem::Expired => "TLS: certificate expired or not yet valid".to_owned(),
            TlsProblem::NotTls => "TLS: the server did not answer with TLS".to_owned(),
            TlsProblem::Other => format!("TLS handshake failed: {innermost}"),
        },
        TransportErrorKind::Proxy => proxy_summary(chain, proxy),
        TransportErrorKind::ConnectionReset => {
            "connection closed or reset before a response arrived".to_owned()
        }
        TransportErrorKind::BodyCutOff => "response body cut off".to_owned(),
        TransportErrorKind::BodyTooLarge { limit } => {
            format!(
                "response body larger than {} MB; reading stopped",
                limit / 1_000_000
            )
        }
        TransportErrorKind::Redirect => format!("redirect refused: {innermost}"),
        TransportErrorKind::InvalidRequest => format!("request could not be built: {innermost}"),
        TransportErrorKind::Other => innermost.to_owned(),
    }
}

/// What went wrong with the proxy, in words, from hyper-util's tunnel errors and the cause.
fn proxy_summary(chain: &[String], proxy: Option<&str>) -> String {
    let innermost = chain.last().map_or("", String::as_str);
    let joined = chain.join(": ").to_ascii_lowercase();
    let proxy = proxy.map_or_else(|| "the proxy".to_owned(), |p| format!("the proxy {p}"));
    if joined.contains("tunnel error: unsuccessful") {
        format!(
            "{proxy} refused to open a tunnel to the server (CONNECT was not answered with 200)"
        )
    } else if joined.contains("proxy authorization required") {
        format!("{proxy} requires authorization (407)")
    } else if joined.contains("tunnel error: unexpected end of file") {
        format!("{proxy} closed the connection instead of opening a tunnel")
    } else if joined.contains("connection refused") {
        format!("{proxy} refused the connection: nothing listens there")
    } else if joined.contains("dns error") || joined.contains("failed to lookup address") {
        format!("the host name of {proxy} could not be resolved: {innermost}")
    } else {
        format!("{proxy} failed: {innermost}")
    }
}

fn error_chain(err: &(dyn StdError + 'static)) -> Vec<String> {
    let mut chain = Vec::new();
    let mut current: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = current {
        let text = e.to_string();
        // Wrappers often repeat their cause's text; keep each distinct line once.
        if chain.last() != Some(&text) {
            chain.push(text);
        }
        current = e.source();
    }
    chain
}

fn find_io_kind(err: &(dyn StdError + 'static)) -> Option<io::ErrorKind> {
    let mut current: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = current {
        if let Some(io) = e.downcast_ref::<io::Error>() {
            return Some(io.kind());
        }
        current = e.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_cover_the_json_vocabulary() {
        let cases = [
            (TransportErrorKind::Dns, "dns"),
            (TransportErrorKind::ConnectionRefused, "connect"),
            (TransportErrorKind::Tls(TlsProblem::Expired), "tls"),
            (TransportErrorKind::Timeout, "timeout"),
            (TransportErrorKind::BodyCutOff, "body"),
            (TransportErrorKind::Other, "other"),
        ];
        for (kind, name) in cases {
            assert_eq!(TransportError::new(kind, "x").kind_name(), name);
        }
    }

    #[test]
    fn tls_problems_are_told_apart_by_rustls_wording() {
        assert_eq!(
            tls_problem("invalid peer certificate: unknownissuer"),
            Some(TlsProblem::UnknownIssuer)
        );
        assert_eq!(
            tls_problem("invalid peer certificate: notvalidforname"),
            Some(TlsProblem::HostnameMismatch)
        );
        assert_eq!(
            tls_problem("invalid peer certificate: expired"),
            Some(TlsProblem::Expired)
        );
        // rustls 0.23's own wording, as observed against loopback servers (tests/transport.rs).
        let observed = [
            (
                "invalid peer certificate: certificate not valid for name \"127.0.0.1\"; \
                 certificate is only valid for dnsname(\"other.invalid\")",
                TlsProblem::HostnameMismatch,
            ),
            (
                "invalid peer certificate: certificate expired: verification time 1795910475 \
                 (unix), but certificate is not valid after 1609459200 (186451275 seconds ago)",
                TlsProblem::Expired,
            ),
            (
                "invalid peer certificate: certificate not valid yet: verification time \
                 1795910475 (unix), but certificate is not valid before 10413792000",
                TlsProblem::Expired,
            ),
            (
                "received corrupt message of type invalidcontenttype",
                TlsProblem::NotTls,
            ),
        ];
        for (text, problem) in observed {
            assert_eq!(tls_problem(text), Some(problem), "{text}");
        }
        assert_eq!(tls_problem("connection refused"), None);
    }
}
