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
                let mut value = Zeroizing::new(String::from("Basic "));
                value.push_str(&basic_credential(token_id, token));
                value
            }
            Self::AccessToken(token) => Zeroizing::new(format!("Bearer {}", token.expose_secret())),
        };
        let mut value = HeaderValue::from_str(&text).ok()?;
        value.set_sensitive(true);
        Some(value)
    }

    /// Overwrites every copy of the secret in `bytes` with `*` of the same length: the token as
    /// typed, and the `Authorization` value that carries it (the Base64 of `id:token`, or the
    /// bearer token). A server that echoes the request back (a debugging endpoint, a proxy's
    /// error page) then cannot put the token on screen, in a report or in a copied body.
    /// Returns whether anything was masked. Secrets shorter than [`MIN_REDACTED_LEN`] bytes are
    /// left alone: masking them would mangle ordinary text, and no real token is that short.
    ///
    /// The second place the secret is read, for comparison only; nothing of it is copied out.
    pub fn redact(&self, bytes: &mut [u8]) -> bool {
        match self {
            Self::PersonalAccessToken { token_id, token } => {
                let encoded = basic_credential(token_id, token);
                let plain = mask_all(bytes, token.expose_secret().as_bytes());
                mask_all(bytes, encoded.as_bytes()) | plain
            }
            Self::AccessToken(token) => mask_all(bytes, token.expose_secret().as_bytes()),
        }
    }

    /// [`Self::redact`] for text; masking keeps UTF-8 valid (a secret is whole characters,
    /// replaced by ASCII).
    pub fn redact_text(&self, text: &mut String) -> bool {
        let mut bytes = std::mem::take(text).into_bytes();
        let masked = self.redact(&mut bytes);
        *text = String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        masked
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

/// Secrets shorter than this are not masked in responses (see [`Credentials::redact`]).
pub const MIN_REDACTED_LEN: usize = 8;

/// Overwrites each occurrence of `needle` in `haystack` with `*`.
fn mask_all(haystack: &mut [u8], needle: &[u8]) -> bool {
    let Some(&first) = needle.first() else {
        return false;
    };
    if needle.len() < MIN_REDACTED_LEN {
        return false;
    }
    let mut masked = false;
    let mut i = 0;
    while i + needle.len() <= haystack.len() {
        // Jump to the next candidate start; most bytes of a body are not one.
        let Some(skip) = haystack[i..=haystack.len() - needle.len()]
            .iter()
            .position(|&b| b == first)
        else {
            break;
        };
        i += skip;
        if haystack[i..i + needle.len()] == *needle {
            haystack[i..i + needle.len()].fill(b'*');
            masked = true;
            i += needle.len();
        } else {
            i += 1;
        }
    }
    masked
}

/// `base64("id:token")`, as sipgate's examples build it; every intermediate copy is zeroized.
fn basic_credential(token_id: &str, token: &SecretString) -> Zeroizing<String> {
    let mut joined = Zeroizing::new(String::with_capacity(
        token_id.len() + 1 + token.expose_secret().len(),
    ));
    joined.push_str(token_id);
    joined.push(':');
    joined.push_str(token.expose_secret());
    let mut encoded = Zeroizing::new(String::new());
    STANDARD.encode_string(joined.as_bytes(), &mut encoded);
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echoed_secrets_are_masked_in_place() {
        let secret = "e68ead46-a7db-46cd-8a1a-44aed1e4e372";
        let creds = Credentials::personal("token-FQ1V12", SecretString::from(secret));
        let header = creds.authorization_value().expect("header");
        let header = header.to_str().expect("ascii");
        let mut body = format!(
            r#"{{"echo":"{header}","detail":"bad token-FQ1V12:{secret}","twice":"{secret}{secret}"}}"#
        );
        let before = body.len();
        assert!(creds.redact_text(&mut body));
        assert_eq!(
            body.len(),
            before,
            "same length: offsets and sizes stay true"
        );
        assert!(!body.contains(secret), "{body}");
        assert!(!body.contains(&header["Basic ".len()..]), "{body}");
        assert!(body.contains("Basic ****"), "{body}");
        assert!(body.contains("bad token-FQ1V12:****"), "{body}");
        assert!(serde_json::from_str::<serde_json::Value>(&body).is_ok());

        let bearer = Credentials::AccessToken(SecretString::from("abc.def.ghi"));
        let mut text = "Bearer abc.def.ghi, ü abc.def.gh".to_owned();
        assert!(bearer.redact_text(&mut text));
        assert_eq!(text, "Bearer ***********, ü abc.def.gh");

        // A secret too short to mask safely is left alone; so is text without it.
        let short = Credentials::AccessToken(SecretString::from("a"));
        let mut text = "banana".to_owned();
        assert!(!short.redact_text(&mut text));
        assert_eq!(text, "banana");
        let mut empty: Vec<u8> = Vec::new();
        assert!(!creds.redact(&mut empty));
    }

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
