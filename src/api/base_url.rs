//! The base URL the requests go to, checked before anything is sent.
//!
//! Credentials travel in a header, so plain `http://` is refused for any host that is not this
//! machine unless the user says otherwise: tests and the demo API run on loopback over http.

use std::net::IpAddr;

use reqwest::Url;

/// sipgate's production API.
pub const DEFAULT_BASE_URL: &str = "https://api.sipgate.com/v2";

/// A base URL that passed the checks, kept as the user wrote it (less one trailing slash) so
/// that a diagnosis can point at what is odd about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    url: Url,
    text: String,
}

/// Why a base URL was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BaseUrlError {
    /// Not a URL at all.
    #[error("base URL {input:?} is not a valid URL ({reason}); expected e.g. {DEFAULT_BASE_URL}")]
    Invalid {
        /// What the user gave.
        input: String,
        /// The parser's reason.
        reason: String,
    },
    /// A scheme other than http or https.
    #[error(
        "base URL {input:?} uses the scheme {scheme:?}; only https (and http to this machine) are supported"
    )]
    Scheme {
        /// What the user gave.
        input: String,
        /// The scheme found.
        scheme: String,
    },
    /// Plain http to a host that is not loopback.
    #[error(
        "refusing plain http to {host}: the credentials would travel unencrypted. Use https, \
         or pass --allow-insecure-http if you really mean it"
    )]
    InsecureHttp {
        /// The host that would receive the credentials.
        host: String,
    },
    /// User name or password embedded in the URL: they would bypass the form and could leak.
    #[error("base URL must not contain a user name or password; enter credentials in the form")]
    EmbeddedCredentials,
}

impl BaseUrl {
    /// Parses and checks a base URL.
    ///
    /// # Errors
    /// See [`BaseUrlError`].
    pub fn parse(input: &str, allow_insecure_http: bool) -> Result<Self, BaseUrlError> {
        let trimmed = input.trim();
        let url = Url::parse(trimmed).map_err(|e| BaseUrlError::Invalid {
            input: input.to_owned(),
            reason: e.to_string(),
        })?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(BaseUrlError::EmbeddedCredentials);
        }
        match url.scheme() {
            "https" => {}
            "http" => {
                if !allow_insecure_http && !is_loopback(&url) {
                    return Err(BaseUrlError::InsecureHttp {
                        host: url.host_str().unwrap_or_default().to_owned(),
                    });
                }
            }
            other => {
                return Err(BaseUrlError::Scheme {
                    input: input.to_owned(),
                    scheme: other.to_owned(),
                });
            }
        }
        let text = trimmed.strip_suffix('/').unwrap_or(trimmed).to_owned();
        Ok(Self { url, text })
    }

    /// The base URL as text, without a trailing slash.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The parsed URL.
    #[must_use]
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The URL of an endpoint below the base, e.g. `account` → `…/v2/account`. The path is
    /// appended as text rather than with `Url::join`, which would drop the base's last segment
    /// when it lacks a trailing slash (`…/v2` + `account` → `…/account`).
    #[must_use]
    pub fn endpoint(&self, path: &str) -> String {
        format!("{}/{}", self.text, path.trim_start_matches('/'))
    }

    /// Whether the host is this machine (a loopback address or `localhost`).
    #[must_use]
    pub fn is_loopback(&self) -> bool {
        is_loopback(&self.url)
    }
}

/// Whether a URL's host is this machine: a loopback address, `localhost` or `*.localhost`.
pub(crate) fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(url::Host::Domain(name)) => {
            name.eq_ignore_ascii_case("localhost")
                || name.to_ascii_lowercase().ends_with(".localhost")
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_default_and_loopback_http() {
        let base = BaseUrl::parse(DEFAULT_BASE_URL, false).expect("default");
        assert_eq!(
            base.endpoint("account"),
            "https://api.sipgate.com/v2/account"
        );
        let local = BaseUrl::parse("http://127.0.0.1:8080/v2/", false).expect("loopback");
        assert_eq!(
            local.endpoint("/account"),
            "http://127.0.0.1:8080/v2/account"
        );
        assert!(BaseUrl::parse("http://localhost:1/v2", false).is_ok());
        assert!(BaseUrl::parse("http://[::1]:1/v2", false).is_ok());
    }

    #[test]
    fn refuses_plain_http_elsewhere_unless_allowed() {
        let err = BaseUrl::parse("http://api.sipgate.com/v2", false).unwrap_err();
        assert_matches!(err, BaseUrlError::InsecureHttp { .. });
        assert!(err.to_string().contains("--allow-insecure-http"));
        assert!(BaseUrl::parse("http://api.sipgate.com/v2", true).is_ok());
    }

    #[test]
    fn refuses_nonsense_schemes_and_embedded_credentials() {
        assert_matches!(
            BaseUrl::parse("api.sipgate.com/v2", false),
            Err(BaseUrlError::Invalid { .. })
        );
        assert_matches!(
            BaseUrl::parse("ftp://api.sipgate.com/v2", false),
            Err(BaseUrlError::Scheme { .. })
        );
        assert_eq!(
            BaseUrl::parse("https://id:secret@api.sipgate.com/v2", false),
            Err(BaseUrlError::EmbeddedCredentials)
        );
    }
}
