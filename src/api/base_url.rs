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
        /// What the user gave, with any user name and password masked.
        input: String,
        /// The parser's reason.
        reason: String,
    },
    /// A scheme other than http or https.
    #[error(
        "base URL {input:?} uses the scheme {scheme:?}; only https (and http to this machine) are supported"
    )]
    Scheme {
        /// What the user gave, with any user name and password masked.
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
            input: mask_userinfo(input),
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
            // `user:pw@host/v2` or `localhost:8080/v2` parse as a scheme (`user:`,
            // `localhost:`) and a path: no host means the real scheme was left out.
            _ if url.host().is_none() => {
                return Err(BaseUrlError::Invalid {
                    input: mask_userinfo(input),
                    reason: "there is no https:// before the host".to_owned(),
                });
            }
            other => {
                return Err(BaseUrlError::Scheme {
                    input: mask_userinfo(input),
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

/// What stands for a masked user name and password.
const MASK: &str = "••••";

/// `input` as it may be quoted in a message: whatever sits between the start of the authority
/// (after `//`, or the start of the text when there is none) and the last `@` is replaced by
/// `••••`, so `https://user:pw@host/v2` becomes `https://••••@host/v2`. This works on text that
/// does not parse as a URL too (a missing scheme, a bad port), which is exactly when it gets
/// quoted. The last `@` anywhere counts, not only one before the path: a password may hold a
/// `/`, and masking too much of a URL that will not work anyway costs nothing.
#[must_use]
pub(crate) fn mask_userinfo(input: &str) -> String {
    let start = input.find("//").map_or(0, |at| at + 2);
    match input[start..].rfind('@') {
        Some(at) => format!("{}{MASK}{}", &input[..start], &input[start + at..]),
        None => input.to_owned(),
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
    fn quotes_refused_input_with_the_userinfo_masked() {
        let err = BaseUrl::parse("https://u:supersecret@127.0.0.1:99999/v2", false).unwrap_err();
        assert_eq!(
            err.to_string(),
            "base URL \"https://••••@127.0.0.1:99999/v2\" is not a valid URL (invalid port \
             number); expected e.g. https://api.sipgate.com/v2"
        );
        let err = BaseUrl::parse("user:supersecret@host/v2", false).unwrap_err();
        assert_eq!(
            err.to_string(),
            "base URL \"••••@host/v2\" is not a valid URL (there is no https:// before the \
             host); expected e.g. https://api.sipgate.com/v2"
        );
        assert_matches!(
            BaseUrl::parse("localhost:8080/v2", false),
            Err(BaseUrlError::Invalid { .. })
        );
    }

    #[test]
    fn masks_userinfo_with_and_without_a_scheme() {
        for (input, masked) in [
            ("https://u:pw@host/v2", "https://••••@host/v2"),
            ("u:pw@host/v2", "••••@host/v2"),
            ("//u:p@w@host", "//••••@host"),
            ("https://u:pa/ss@host/v2", "https://••••@host/v2"),
            ("https://api.sipgate.com/v2", "https://api.sipgate.com/v2"),
            ("", ""),
        ] {
            assert_eq!(mask_userinfo(input), masked, "{input}");
        }
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
        for embedded in [
            "https://id:secret@api.sipgate.com/v2",
            "https://id@api.sipgate.com/v2",
            "https://:secret@api.sipgate.com/v2",
        ] {
            assert_eq!(
                BaseUrl::parse(embedded, false),
                Err(BaseUrlError::EmbeddedCredentials),
                "{embedded}"
            );
        }
    }

    #[test]
    fn the_text_loses_blanks_and_one_trailing_slash() {
        let base = BaseUrl::parse(" https://api.sipgate.com/v2/ ", false).expect("valid");
        assert_eq!(base.as_str(), "https://api.sipgate.com/v2");
        let base = BaseUrl::parse("http://127.0.0.1:8080/v2", false).expect("valid");
        assert_eq!(base.as_str(), "http://127.0.0.1:8080/v2");
    }

    #[test]
    fn loopback_is_this_machine_only() {
        for local in [
            "http://127.0.0.1:8080/v2",
            "http://localhost:1/v2",
            "http://[::1]:1/v2",
        ] {
            assert!(
                BaseUrl::parse(local, false).expect(local).is_loopback(),
                "{local}"
            );
        }
        for remote in ["https://api.sipgate.com/v2", "https://10.0.0.1/v2"] {
            assert!(
                !BaseUrl::parse(remote, false).expect(remote).is_loopback(),
                "{remote}"
            );
        }
    }
}
