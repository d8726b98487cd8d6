//! Credential checking for the demo server: parses the `Authorization` header (Basic with a
//! personal access token, or Bearer with an access token) and decides which behaviour the caller
//! gets, or why it is refused.
//!
//! Rejection details and log labels never contain the token or the raw header, only the token
//! id, and that only when it has sipgate's token-id format (so a token pasted into the id field
//! is not logged).

use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::jwt_tokens::judge;
use super::scenarios::Behavior;
use super::{DEMO_ACCESS_TOKEN, DEMO_TOKEN};

/// Why a request is refused with `401`; [`AuthError::detail`] is the text for the error body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AuthError {
    /// No `Authorization` header.
    Missing,
    /// A scheme other than Basic or Bearer.
    UnknownScheme,
    /// Basic credentials that are not base64, not UTF-8 or have no colon.
    Garbled,
    /// Well-formed credentials the demo does not know.
    Unknown,
}

impl AuthError {
    /// Human-readable reason, safe to send back (contains no credential).
    pub(crate) fn detail(self) -> &'static str {
        match self {
            Self::Missing => "Missing Authorization header",
            Self::UnknownScheme => "Unsupported authorization scheme; use Basic or Bearer",
            Self::Garbled => {
                "Malformed Basic credentials; expected base64 of \"<token id>:<token>\""
            }
            Self::Unknown => "Invalid token supplied",
        }
    }
}

/// Authenticates a request: the behaviour for accepted credentials, or why they are refused.
/// The demo's JWTs are judged against the clock, read here (the demo server's edge).
pub(crate) fn authenticate(headers: &HeaderMap) -> Result<Behavior, AuthError> {
    let now = crate::diagnose::unix_seconds(std::time::SystemTime::now()).unwrap_or_default();
    authenticate_at(headers, now)
}

/// [`authenticate`] at `now` (Unix seconds).
pub(crate) fn authenticate_at(headers: &HeaderMap, now: i64) -> Result<Behavior, AuthError> {
    match parse(headers)? {
        Credentials::Basic { token_id, token } => {
            // sipgate's client library treats the UUID token case-insensitively; do the same.
            if !token.eq_ignore_ascii_case(DEMO_TOKEN) {
                return Err(AuthError::Unknown);
            }
            Behavior::for_token_id(&token_id).ok_or(AuthError::Unknown)
        }
        Credentials::Bearer { token } if token == DEMO_ACCESS_TOKEN => Ok(Behavior::Normal),
        Credentials::Bearer { token } => judge(&token, now).ok_or(AuthError::Unknown),
    }
}

/// A short, secret-free description of the request's credentials for the request log:
/// the token id (when it looks like one), `bearer:demo`, or what was wrong.
pub(crate) fn describe(headers: &HeaderMap) -> String {
    match parse(headers) {
        Err(AuthError::Missing) => "no-auth".to_owned(),
        Err(AuthError::UnknownScheme) => "unknown-scheme".to_owned(),
        Err(AuthError::Garbled | AuthError::Unknown) => "garbled-auth".to_owned(),
        Ok(Credentials::Bearer { token }) if token == DEMO_ACCESS_TOKEN => "bearer:demo".to_owned(),
        Ok(Credentials::Bearer { token }) if judge(&token, 0).is_some() => {
            "bearer:demo-jwt".to_owned()
        }
        Ok(Credentials::Bearer { .. }) => "bearer:unknown".to_owned(),
        Ok(Credentials::Basic { token_id, token }) => {
            if !crate::api::is_token_id(&token_id) {
                "basic:malformed-token-id".to_owned()
            } else if token.eq_ignore_ascii_case(DEMO_TOKEN) {
                token_id
            } else {
                format!("{token_id}(wrong token)")
            }
        }
    }
}

/// Credentials as sent, before they are checked.
enum Credentials {
    Basic { token_id: String, token: String },
    Bearer { token: String },
}

fn parse(headers: &HeaderMap) -> Result<Credentials, AuthError> {
    let value = headers.get(AUTHORIZATION).ok_or(AuthError::Missing)?;
    let value = value.to_str().map_err(|_| AuthError::Garbled)?.trim();
    let (scheme, rest) = value.split_once(' ').unwrap_or((value, ""));
    let rest = rest.trim();
    // Auth schemes are case-insensitive (RFC 9110, section 11.1).
    if scheme.eq_ignore_ascii_case("Basic") {
        let decoded = STANDARD.decode(rest).map_err(|_| AuthError::Garbled)?;
        let decoded = String::from_utf8(decoded).map_err(|_| AuthError::Garbled)?;
        let (token_id, token) = decoded.split_once(':').ok_or(AuthError::Garbled)?;
        Ok(Credentials::Basic {
            token_id: token_id.to_owned(),
            token: token.to_owned(),
        })
    } else if scheme.eq_ignore_ascii_case("Bearer") {
        if rest.is_empty() {
            return Err(AuthError::Garbled);
        }
        Ok(Credentials::Bearer {
            token: rest.to_owned(),
        })
    } else {
        Err(AuthError::UnknownScheme)
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;
    use crate::demo::{DEMO_TOKEN_ID, SCENARIOS};

    fn headers(authorization: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            AUTHORIZATION,
            HeaderValue::from_str(authorization).expect("test header"),
        );
        headers
    }

    fn basic(token_id: &str, token: &str) -> HeaderMap {
        headers(&format!(
            "Basic {}",
            STANDARD.encode(format!("{token_id}:{token}"))
        ))
    }

    #[test]
    fn demo_credentials_are_accepted() {
        assert_eq!(
            authenticate(&basic(DEMO_TOKEN_ID, DEMO_TOKEN)),
            Ok(Behavior::Normal)
        );
        let upper = DEMO_TOKEN.to_ascii_uppercase();
        assert_eq!(
            authenticate(&basic(DEMO_TOKEN_ID, &upper)),
            Ok(Behavior::Normal)
        );
        assert_eq!(
            authenticate(&headers(&format!("Bearer {DEMO_ACCESS_TOKEN}"))),
            Ok(Behavior::Normal)
        );
        assert_eq!(
            authenticate(&headers(&format!("bearer {DEMO_ACCESS_TOKEN}"))),
            Ok(Behavior::Normal)
        );
    }

    #[test]
    fn demo_jwts_are_accepted_until_they_expire() {
        let start = 1_800_000_000;
        let jwts = crate::demo::demo_jwts(start);
        let bearer = |i: usize| headers(&format!("Bearer {}", jwts[i].token));
        assert_eq!(
            authenticate_at(&bearer(0), start),
            Ok(Behavior::LimitedScopes)
        );
        // The expired token gets the 401 that says so.
        assert_eq!(authenticate_at(&bearer(1), start), Ok(Behavior::Expired));
        assert_eq!(
            authenticate_at(&bearer(2), start + 19),
            Ok(Behavior::Normal)
        );
        assert_eq!(
            authenticate_at(&bearer(2), start + 20),
            Ok(Behavior::Expired)
        );
        assert_eq!(authenticate_at(&bearer(3), start), Ok(Behavior::Normal));
        assert_eq!(describe(&bearer(3)), "bearer:demo-jwt");
    }

    #[test]
    fn every_scenario_needs_the_demo_token() {
        for s in SCENARIOS {
            assert!(authenticate(&basic(s.token_id, DEMO_TOKEN)).is_ok());
            assert_eq!(
                authenticate(&basic(s.token_id, "e68ead46-a7db-46cd-8a1a-44aed1e4e372")),
                Err(AuthError::Unknown)
            );
        }
    }

    #[test]
    fn bad_headers_are_refused_with_the_right_reason() {
        assert_eq!(authenticate(&HeaderMap::new()), Err(AuthError::Missing));
        assert_eq!(
            authenticate(&headers("Digest abc")),
            Err(AuthError::UnknownScheme)
        );
        assert_eq!(
            authenticate(&headers("Basic not*base64")),
            Err(AuthError::Garbled)
        );
        let no_colon = format!("Basic {}", STANDARD.encode("token-DEMO01"));
        assert_eq!(authenticate(&headers(&no_colon)), Err(AuthError::Garbled));
        assert_eq!(authenticate(&headers("Bearer")), Err(AuthError::Garbled));
        assert_eq!(
            authenticate(&headers("Bearer nope")),
            Err(AuthError::Unknown)
        );
        // The known-good vector from sipgate's docs is real-looking but not a demo credential.
        assert_eq!(
            authenticate(&headers(
                "Basic dG9rZW4tRlExVjEyOmU2OGVhZDQ2LWE3ZGItNDZjZC04YTFhLTQ0YWVkMWU0ZTM3Mg=="
            )),
            Err(AuthError::Unknown)
        );
    }

    #[test]
    fn log_labels_never_contain_secrets() {
        assert_eq!(describe(&basic("token-FORBID", DEMO_TOKEN)), "token-FORBID");
        assert_eq!(
            describe(&basic(
                "token-FQ1V12",
                "e68ead46-a7db-46cd-8a1a-44aed1e4e372"
            )),
            "token-FQ1V12(wrong token)"
        );
        // A token pasted into the id field must not be logged.
        let swapped = describe(&basic(DEMO_TOKEN, DEMO_TOKEN_ID));
        assert!(!swapped.contains(DEMO_TOKEN), "{swapped}");
        let bearer = describe(&headers("Bearer secret-value"));
        assert!(!bearer.contains("secret-value"), "{bearer}");
        assert_eq!(describe(&HeaderMap::new()), "no-auth");
    }
}
