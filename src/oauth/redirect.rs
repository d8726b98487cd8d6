//! The redirect URI: where the browser is sent back with the code. It must be served by this
//! program's own listener, so its host must be this machine, named exactly as `localhost`,
//! `127.0.0.1` or `[::1]`, over plain http with an explicit port.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use url::Url;

/// The fixed default: users register exactly this URI for their client, so it never changes
/// between runs.
pub const DEFAULT_REDIRECT_URI: &str = "http://127.0.0.1:8749/callback";

/// A redirect URI the listener can serve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedirectUri {
    text: String,
    ip: IpAddr,
    port: u16,
    path: String,
}

/// Why a redirect URI was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RedirectUriError {
    /// Not a URL.
    #[error("redirect URI {input:?} is not a URL ({reason}); expected e.g. {DEFAULT_REDIRECT_URI}")]
    Invalid {
        /// What was given (sanitized).
        input: String,
        /// The parser's reason.
        reason: String,
    },
    /// Not `http://`.
    #[error(
        "redirect URI {input:?} must start with http://: the browser comes back to a listener of this program on this machine, which speaks plain http (loopback traffic never leaves the machine)"
    )]
    Scheme {
        /// What was given (sanitized).
        input: String,
    },
    /// A host other than the three loopback names.
    #[error(
        "redirect URI host {host:?} is not this machine: it must be localhost, 127.0.0.1 or [::1], or the code would be sent somewhere this program cannot listen"
    )]
    NotLoopback {
        /// The host found (sanitized).
        host: String,
    },
    /// No port, or port 0.
    #[error(
        "redirect URI {input:?} needs an explicit port (1-65535), e.g. {DEFAULT_REDIRECT_URI}: the same URI must be registered for the client"
    )]
    Port {
        /// What was given (sanitized).
        input: String,
    },
    /// A user name, password or fragment, which a redirect URI may not have.
    #[error(
        "redirect URI {input:?} may not contain a user name, password or #fragment (RFC 6749 §3.1.2)"
    )]
    Extra {
        /// What was given (sanitized).
        input: String,
    },
}

impl RedirectUri {
    /// Parses and checks a redirect URI.
    ///
    /// # Errors
    /// See [`RedirectUriError`].
    pub fn parse(input: &str) -> Result<Self, RedirectUriError> {
        let shown = crate::sanitize::sanitize(&crate::api::base_url::mask_userinfo(input));
        let trimmed = input.trim();
        let url = Url::parse(trimmed).map_err(|e| RedirectUriError::Invalid {
            input: shown.clone(),
            reason: e.to_string(),
        })?;
        if url.scheme() != "http" {
            return Err(RedirectUriError::Scheme { input: shown });
        }
        if !url.username().is_empty() || url.password().is_some() || url.fragment().is_some() {
            return Err(RedirectUriError::Extra { input: shown });
        }
        let ip = match url.host() {
            Some(url::Host::Domain("localhost")) => IpAddr::V4(Ipv4Addr::LOCALHOST),
            Some(url::Host::Ipv4(ip)) if ip == Ipv4Addr::LOCALHOST => IpAddr::V4(ip),
            Some(url::Host::Ipv6(ip)) if ip == Ipv6Addr::LOCALHOST => IpAddr::V6(ip),
            other => {
                return Err(RedirectUriError::NotLoopback {
                    host: crate::sanitize::sanitize(
                        &other.map(|h| h.to_string()).unwrap_or_default(),
                    ),
                });
            }
        };
        // `Url` drops the scheme's default port (80), so an explicit :80 reads as none too.
        let port = match url.port() {
            Some(port) if port != 0 => port,
            _ => return Err(RedirectUriError::Port { input: shown }),
        };
        Ok(Self {
            text: trimmed.to_owned(),
            ip,
            port,
            path: url.path().to_owned(),
        })
    }

    /// The URI as given (sent byte for byte in both requests: the provider compares them).
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The address the listener binds.
    #[must_use]
    pub fn bind_addr(&self) -> SocketAddr {
        SocketAddr::new(self.ip, self.port)
    }

    /// The port.
    #[must_use]
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The path the browser comes back to (anything else gets 404).
    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_accepted() {
        let uri = RedirectUri::parse(DEFAULT_REDIRECT_URI).expect("default");
        assert_eq!(uri.bind_addr(), "127.0.0.1:8749".parse().expect("addr"));
        assert_eq!(uri.path(), "/callback");
        assert_eq!(uri.as_str(), "http://127.0.0.1:8749/callback");
    }

    #[test]
    fn the_three_loopback_names_are_accepted() {
        for (input, addr) in [
            ("http://localhost:9000/cb", "127.0.0.1:9000"),
            ("http://127.0.0.1:9000/", "127.0.0.1:9000"),
            ("http://[::1]:9000/x/y", "[::1]:9000"),
        ] {
            let uri = RedirectUri::parse(input).expect(input);
            assert_eq!(uri.bind_addr(), addr.parse().expect("addr"), "{input}");
        }
    }

    #[test]
    fn anything_else_is_refused_with_the_reason() {
        assert_matches!(
            RedirectUri::parse("https://127.0.0.1:9000/cb"),
            Err(RedirectUriError::Scheme { .. })
        );
        assert_matches!(
            RedirectUri::parse("http://example.com:9000/cb"),
            Err(RedirectUriError::NotLoopback { ref host }) if host == "example.com"
        );
        assert_matches!(
            RedirectUri::parse("http://127.0.0.2:9000/cb"),
            Err(RedirectUriError::NotLoopback { .. })
        );
        assert_matches!(
            RedirectUri::parse("http://0.0.0.0:9000/cb"),
            Err(RedirectUriError::NotLoopback { .. })
        );
        assert_matches!(
            RedirectUri::parse("http://127.0.0.1/cb"),
            Err(RedirectUriError::Port { .. })
        );
        assert_matches!(
            RedirectUri::parse("http://127.0.0.1:0/cb"),
            Err(RedirectUriError::Port { .. })
        );
        assert_matches!(
            RedirectUri::parse("http://127.0.0.1:9000/cb#x"),
            Err(RedirectUriError::Extra { .. })
        );
        assert_matches!(
            RedirectUri::parse("not a url"),
            Err(RedirectUriError::Invalid { .. })
        );
        let err = RedirectUri::parse("http://user:hunter2@127.0.0.1:9/cb").unwrap_err();
        assert!(!err.to_string().contains("hunter2"), "{err}");
    }
}
