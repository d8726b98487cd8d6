//! The one-shot redirect listener: an HTTP server on the loopback address and port of the
//! redirect URI that waits for the browser to come back with the code.
//!
//! Hardened as a server that any local process or web page could reach: it binds loopback
//! only; serves one connection at a time; reads at most [`ListenerLimits::max_head_bytes`] of
//! request head and drops a client that has not sent it within
//! [`ListenerLimits::read_timeout`]; answers any other path, and a `state` that does not match
//! (a possible forgery: the code is not used), without ending the wait; and closes as soon as
//! the one right request has been answered (the listener is dropped with this value).

use std::net::SocketAddr;
use std::time::Duration;

use secrecy::SecretString;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};

use super::callback::{Callback, parse_callback};
use super::redirect::RedirectUri;

/// Limits on each connection to the listener.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListenerLimits {
    /// The most bytes of request head read (a browser's is about 1 KiB).
    pub max_head_bytes: usize,
    /// How long a client may take to send its request head before it is dropped.
    pub read_timeout: Duration,
}

impl Default for ListenerLimits {
    fn default() -> Self {
        Self {
            max_head_bytes: 8 * 1024,
            read_timeout: Duration::from_secs(5),
        }
    }
}

/// The listener could not be started.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ListenError {
    /// Another program (or another sign-in) listens on the port.
    #[error(
        "port {port} on {addr} is already in use, so the redirect cannot be received; stop what uses it, or pick another port with --redirect-uri http://127.0.0.1:PORT/callback (and register that URI for the client)"
    )]
    PortInUse {
        /// The port.
        port: u16,
        /// The address.
        addr: SocketAddr,
    },
    /// Any other bind failure.
    #[error("cannot listen on {addr} for the redirect: {message}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The system's reason.
        message: String,
    },
}

/// What was turned away while waiting (for the diagnosis when nothing right arrived).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Refusals {
    /// Requests on the redirect path whose `state` did not match (possible forgeries).
    pub wrong_state: usize,
    /// Requests for another path (such as `/favicon.ico`), or not GET.
    pub wrong_path: usize,
    /// Clients dropped for a head too large, too slow or not HTTP.
    pub dropped: usize,
    /// Requests with the right state but neither a code nor an error.
    pub no_code: usize,
}

/// The one right request.
pub enum Arrived {
    /// The browser brought a code.
    Code {
        /// The authorization code.
        code: SecretString,
    },
    /// The provider sent an error on the redirect (RFC 6749 §4.1.2.1).
    ProviderError {
        /// `error`.
        error: String,
        /// `error_description`.
        description: Option<String>,
    },
    /// The right `state`, but `iss` names another issuer (RFC 9207: a mix-up attack, or a
    /// misconfigured issuer); the code is not used.
    IssuerMismatch {
        /// The issuer it named.
        got: String,
    },
}

impl std::fmt::Debug for Arrived {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Code { .. } => f.write_str("Code([REDACTED])"),
            Self::ProviderError { error, description } => f
                .debug_struct("ProviderError")
                .field("error", error)
                .field("description", description)
                .finish(),
            Self::IssuerMismatch { got } => {
                f.debug_struct("IssuerMismatch").field("got", got).finish()
            }
        }
    }
}

/// The listener, bound and waiting.
#[derive(Debug)]
pub struct RedirectListener {
    listener: TcpListener,
    path: String,
    state: String,
    issuer: Option<String>,
    limits: ListenerLimits,
    refusals: Refusals,
}

impl RedirectListener {
    /// Binds the redirect URI's address. `state` is what the right request must carry;
    /// `issuer`, when given, what its `iss` must be if it has one.
    ///
    /// # Errors
    /// [`ListenError::PortInUse`] when the port is taken, else [`ListenError::Bind`].
    pub async fn bind(
        redirect: &RedirectUri,
        state: String,
        issuer: Option<String>,
        limits: ListenerLimits,
    ) -> Result<Self, ListenError> {
        let addr = redirect.bind_addr();
        let listener = TcpListener::bind(addr).await.map_err(|e| {
            if e.kind() == std::io::ErrorKind::AddrInUse {
                ListenError::PortInUse {
                    port: addr.port(),
                    addr,
                }
            } else {
                ListenError::Bind {
                    addr,
                    message: e.to_string(),
                }
            }
        })?;
        Ok(Self {
            listener,
            path: redirect.path().to_owned(),
            state,
            issuer,
            limits,
            refusals: Refusals::default(),
        })
    }

    /// The address it listens on.
    ///
    /// # Errors
    /// When the socket cannot say (practically never).
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// What was turned away so far.
    #[must_use]
    pub fn refusals(&self) -> Refusals {
        self.refusals
    }

    /// Waits for the one right request, answering and turning away the others one at a time.
    /// Never returns otherwise: the caller bounds the wait (timeout, cancel) by dropping the
    /// future, and closes the listener by dropping it.
    pub async fn next_redirect(&mut self) -> Arrived {
        loop {
            let Ok((stream, _peer)) = self.listener.accept().await else {
                // Out of file descriptors and the like: wait a little instead of spinning.
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            };
            if let Some(arrived) = self.serve(stream).await {
                return arrived;
            }
        }
    }

    /// Answers one connection; `Some` when it was the right request.
    // Each way a request can be turned away, in the order they are checked, with its page.
    #[allow(clippy::too_many_lines)]
    async fn serve(&mut self, mut stream: TcpStream) -> Option<Arrived> {
        let head = match tokio::time::timeout(
            self.limits.read_timeout,
            read_head(&mut stream, self.limits.max_head_bytes),
        )
        .await
        {
            Ok(Ok(head)) => head,
            Ok(Err(HeadError::TooLarge)) => {
                self.refusals.dropped += 1;
                respond(
                    &mut stream,
                    "431 Request Header Fields Too Large",
                    &page(
                        "Request too large",
                        "This request was too large and was ignored.",
                    ),
                    self.limits.read_timeout,
                )
                .await;
                return None;
            }
            Ok(Err(HeadError::Closed)) | Err(_) => {
                self.refusals.dropped += 1;
                return None;
            }
        };
        let Some((method, target)) = request_target(&head) else {
            self.refusals.dropped += 1;
            respond(
                &mut stream,
                "400 Bad Request",
                &page("Bad request", "This was not an HTTP request."),
                self.limits.read_timeout,
            )
            .await;
            return None;
        };
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        if method != "GET" || path != self.path {
            self.refusals.wrong_path += 1;
            respond(
                &mut stream,
                "404 Not Found",
                &page("Not found", "Nothing here."),
                self.limits.read_timeout,
            )
            .await;
            return None;
        }
        let callback = parse_callback(query);
        if callback.state() != Some(self.state.as_str()) {
            self.refusals.wrong_state += 1;
            respond(
                &mut stream,
                "400 Bad Request",
                &page(
                    "Sign-in refused",
                    "This request did not carry the state value sipgate-inspect sent, so it may be forged; its code was not used, and sipgate-inspect is still waiting for the real sign-in.",
                ),
                self.limits.read_timeout,
            )
            .await;
            return None;
        }
        if let (Some(expected), Some(got)) = (&self.issuer, callback.iss())
            && expected != got
        {
            let got = crate::sanitize::sanitize(got);
            respond(
                &mut stream,
                "400 Bad Request",
                &page(
                    "Sign-in refused",
                    "The answer names another issuer than the one sipgate-inspect signed in with, so its code was not used; see sipgate-inspect for details.",
                ),
                self.limits.read_timeout,
            )
            .await;
            return Some(Arrived::IssuerMismatch { got });
        }
        match callback {
            Callback::Code { code, .. } => {
                respond(
                    &mut stream,
                    "200 OK",
                    &page(
                        "Signed in",
                        "Signed in: sipgate-inspect has the authorization and finishes the sign-in. You can close this tab.",
                    ),
                    self.limits.read_timeout,
                )
                .await;
                Some(Arrived::Code { code })
            }
            Callback::Error {
                error, description, ..
            } => {
                let error = crate::sanitize::sanitize(&error);
                let description = description.map(|d| crate::sanitize::sanitize(&d));
                respond(
                    &mut stream,
                    "200 OK",
                    &page("Sign-in failed", &error_sentence(&error)),
                    self.limits.read_timeout,
                )
                .await;
                Some(Arrived::ProviderError { error, description })
            }
            Callback::Neither { .. } => {
                self.refusals.no_code += 1;
                respond(
                    &mut stream,
                    "400 Bad Request",
                    &page(
                        "No code",
                        "This request carried neither a code nor an error; sipgate-inspect is still waiting.",
                    ),
                    self.limits.read_timeout,
                )
                .await;
                None
            }
        }
    }
}

/// The one sentence the browser tab shows for an error on the redirect.
#[must_use]
pub fn error_sentence(error: &str) -> String {
    match error {
        "access_denied" => {
            "Sign-in was declined, so sipgate-inspect received no access; you can close this tab."
                .to_owned()
        }
        "invalid_scope" => "The provider refused a requested scope; sipgate-inspect shows which and what to do.".to_owned(),
        "unauthorized_client" => "This client may not use the authorization code flow; sipgate-inspect explains what to check.".to_owned(),
        "invalid_request" => "The provider found the sign-in request malformed; sipgate-inspect explains what to check.".to_owned(),
        "temporarily_unavailable" | "server_error" => "The provider could not sign you in right now; try again in a moment.".to_owned(),
        other => format!("The provider refused the sign-in ({other}); sipgate-inspect explains what to do."),
    }
}

#[derive(Debug)]
enum HeadError {
    TooLarge,
    Closed,
}

/// Reads until the blank line that ends the head, at most `cap` bytes.
async fn read_head(stream: &mut TcpStream, cap: usize) -> Result<Vec<u8>, HeadError> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0_u8; 1024];
    loop {
        let n = stream
            .read(&mut chunk)
            .await
            .map_err(|_| HeadError::Closed)?;
        if n == 0 {
            return Err(HeadError::Closed);
        }
        head.extend_from_slice(&chunk[..n]);
        if head.windows(4).any(|w| w == b"\r\n\r\n") || head.windows(2).any(|w| w == b"\n\n") {
            return Ok(head);
        }
        if head.len() > cap {
            return Err(HeadError::TooLarge);
        }
    }
}

/// The method and request target of a request head's first line, when it is one
/// (`GET /callback?code=… HTTP/1.1`). Outside input: never panics.
#[must_use]
pub fn request_target(head: &[u8]) -> Option<(&str, &str)> {
    let line_end = head.iter().position(|&b| b == b'\n')?;
    let line = std::str::from_utf8(&head[..line_end]).ok()?;
    let line = line.strip_suffix('\r').unwrap_or(line);
    let mut parts = line.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || !version.starts_with("HTTP/1.")
        || method.is_empty()
        || !target.starts_with('/')
    {
        return None;
    }
    Some((method, target))
}

async fn respond(stream: &mut TcpStream, status: &str, body: &str, timeout: Duration) {
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    // A browser that went away gets nothing; the wait goes on either way.
    let _ = tokio::time::timeout(timeout, async {
        let _ = stream.write_all(response.as_bytes()).await;
        let _ = stream.shutdown().await;
    })
    .await;
}

/// A small HTML page (text escaped).
fn page(title: &str, sentence: &str) -> String {
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>sipgate-inspect: {t}</title></head>\
         <body style=\"font-family:sans-serif;margin:3em\"><h1 id=\"title\">{t}</h1><p id=\"message\">{s}</p></body></html>",
        t = escape_html(title),
        s = escape_html(sentence)
    )
}

/// Escapes text for HTML.
#[must_use]
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_lines_are_read_strictly() {
        assert_eq!(
            request_target(b"GET /callback?code=1 HTTP/1.1\r\nHost: x\r\n\r\n"),
            Some(("GET", "/callback?code=1"))
        );
        assert_eq!(request_target(b"GET /a HTTP/1.0\n\n"), Some(("GET", "/a")));
        assert_eq!(request_target(b"GET http://x/ HTTP/1.1\r\n"), None);
        assert_eq!(request_target(b"GET /a  HTTP/1.1\r\n"), None);
        assert_eq!(request_target(b"GET /a SSH-2.0\r\n"), None);
        assert_eq!(request_target(b"\xff\xfe /a HTTP/1.1\r\n"), None);
        assert_eq!(request_target(b"no newline"), None);
    }

    #[test]
    fn pages_escape_their_text() {
        assert_eq!(
            escape_html("<a href='x'>&\""),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;"
        );
        assert!(error_sentence("<script>").contains("(<script>)"));
        assert!(page("t", &error_sentence("<script>")).contains("(&lt;script&gt;)"));
    }
}
