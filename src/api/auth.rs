//! Credentials and the `Authorization` header built from them.
//!
//! The token is exposed in exactly one place: [`Credentials::authorization_value`], which
//! builds the header the way sipgate's own examples teach (`Basic base64("id:token")`).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use reqwest::header::HeaderValue;
use secrecy::zeroize::Zeroizing;
use secrecy::{ExposeSecret as _, SecretString};

/// How the request authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthScheme {
    /// Personal access token sent as HTTP Basic.
    Basic,
    /// OAuth 2 access token sent as Bearer.
    Bearer,
}

impl AuthScheme {
    /// The scheme's name as it appears in the header.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Basic => "Basic",
            Self::Bearer => "Bearer",
        }
    }
}

/// What the user authenticates with. `Debug` never shows a token (`SecretString` redacts it).
#[derive(Debug, Clone)]
pub enum Credentials {
    /// A personal access token: the token id (not secret, shown in sipgate's web app) and the
    /// token (secret, shown only once when it is created).
    PersonalAccessToken {
        /// The token id, e.g. `token-FQ1V12`.
        token_id: String,
        /// The token, a UUID.
        token: SecretString,
    },
    /// An OAuth 2 access token.
    AccessToken(SecretString),
}

impl Credentials {
    /// A personal access token from its two parts.
    #[must_use]
    pub fn personal(token_id: impl Into<String>, token: SecretString) -> Self {
        Self::PersonalAccessToken {
            token_id: token_id.into(),
            token,
        }
    }

    /// Which scheme these credentials use.
    #[must_use]
    pub fn scheme(&self) -> AuthScheme {
        match self {
            Self::PersonalAccessToken { .. } => AuthScheme::Basic,
            Self::AccessToken(_) => AuthScheme::Bearer,
        }
    }

    /// The `Authorization` header value, marked sensitive so that `Debug` and reqwest's own
    /// logging hide it. `None` only when the value contains bytes no header may carry (a
    /// newline in a bearer token, say); Basic values are base64 and always valid.
    #[must_use]
    pub fn authorization_value(&self) -> Option<HeaderValue> {
        let text: Zeroizing<String> = match self {
            Self::PersonalAccessToken { token_id, token } => {
                let mut joined = Zeroizing::new(String::with_capacity(
                    token_id.len() + 1 + token.expose_secret().len(),
                ));
                joined.push_str(token_id);
                joined.push(':');
                joined.push_str(token.expose_secret());
                let mut value = Zeroizing::new(String::from("Basic "));
                STANDARD.encode_string(joined.as_bytes(), &mut value);
                value
            }
            Self::AccessToken(token) => Zeroizing::new(format!("Bearer {}", token.expose_secret())),
        };
        let mut value = HeaderValue::from_str(&text).ok()?;
        value.set_sensitive(true);
        Some(value)
    }

    /// The header as it may be shown: the scheme, the start of the encoded value, and what it
    /// decodes to with the secret masked, e.g. `Basic dG9rZW4tRlExVjEy… → token-FQ1V12:••••`.
    ///
    /// The shown Base64 covers only whole 3-byte groups of the token id, so it depends on the
    /// id alone and reveals nothing of the token, yet a user can compare it with the header
    /// their own code sends.
    #[must_use]
    pub fn masked_header(&self) -> String {
        match self {
            Self::PersonalAccessToken { token_id, .. } => {
                let whole = token_id.len() / 3 * 3;
                let prefix = STANDARD.encode(&token_id.as_bytes()[..whole]);
                format!("Basic {prefix}… → {token_id}:••••")
            }
            Self::AccessToken(_) => "Bearer ••••".to_owned(),
        }
    }

    /// The token id, for personal access tokens.
    #[must_use]
    pub fn token_id(&self) -> Option<&str> {
        match self {
            Self::PersonalAccessToken { token_id, .. } => Some(token_id),
            Self::AccessToken(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_header_matches_the_known_good_vector() {
        let creds = Credentials::personal(
            "token-FQ1V12",
            SecretString::from("e68ead46-a7db-46cd-8a1a-44aed1e4e372"),
        );
        let value = creds.authorization_value().expect("valid header");
        assert_eq!(
            value.to_str().expect("ascii"),
            "Basic dG9rZW4tRlExVjEyOmU2OGVhZDQ2LWE3ZGItNDZjZC04YTFhLTQ0YWVkMWU0ZTM3Mg=="
        );
        assert!(value.is_sensitive());
    }

    #[test]
    fn debug_and_masked_header_hide_the_token() {
        let secret = "e68ead46-a7db-46cd-8a1a-44aed1e4e372";
        let creds = Credentials::personal("token-FQ1V12", SecretString::from(secret));
        let debug = format!("{creds:?}");
        assert!(!debug.contains(secret), "{debug}");
        let masked = creds.masked_header();
        assert!(!masked.contains(secret));
        assert_eq!(masked, "Basic dG9rZW4tRlExVjEy… → token-FQ1V12:••••");
        let real = creds.authorization_value().expect("header");
        let prefix = masked.split('…').next().expect("prefix");
        assert!(
            real.to_str().expect("ascii").starts_with(prefix),
            "prefix matches the real header"
        );
        let header_debug = format!("{:?}", creds.authorization_value());
        assert!(
            !header_debug.contains("dG9rZW4tRlExVjEyOmU2"),
            "{header_debug}"
        );
    }

    #[test]
    fn bearer_header_with_a_newline_is_refused_not_sent() {
        let creds = Credentials::AccessToken(SecretString::from("abc\ndef"));
        assert!(creds.authorization_value().is_none());
        let ok = Credentials::AccessToken(SecretString::from("abc.def.ghi"));
        assert_eq!(
            ok.authorization_value()
                .expect("valid")
                .to_str()
                .expect("ascii"),
            "Bearer abc.def.ghi"
        );
    }
}
