//! Credentials and the `Authorization` header built from them.
//!
//! The token is exposed in exactly one place: [`Credentials::authorization_value`], which
//! builds the header the way sipgate's own examples teach (`Basic base64("id:token")`).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use reqwest::header::HeaderValue;
use secrecy::zeroize::Zeroizing;
use secrecy::{ExposeSecret as _, SecretString};

use super::display::{is_token_id, shown_token_id};
pub use super::redact::MIN_REDACTED_LEN;
use super::redact::Redactor;

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

/// What the user authenticates with. `Debug` never shows a token (`SecretString` redacts it),
/// and shows the token id as [`shown_token_id`] does: a token pasted into the id is not shown.
#[derive(Clone)]
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

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::PersonalAccessToken { token_id, token } => f
                .debug_struct("PersonalAccessToken")
                .field("token_id", &shown_token_id(token_id))
                .field("token", token)
                .finish(),
            Self::AccessToken(token) => f.debug_tuple("AccessToken").field(token).finish(),
        }
    }
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

    /// The claims of an OAuth access token that is a JWT (decoded, never verified; what they
    /// hold is shown anyway, nothing secret); `None` for a personal access token or an opaque
    /// or unreadable token.
    #[must_use]
    pub fn claims(&self) -> Option<super::jwt::TokenClaims> {
        match self {
            Self::PersonalAccessToken { .. } => None,
            Self::AccessToken(token) => match super::jwt::decode(token.expose_secret()) {
                super::jwt::TokenContents::Claims(claims) => Some(claims),
                _ => None,
            },
        }
    }

    /// A [`Redactor`] for every secret these credentials hold, in every form a server may echo
    /// it in (see [`super::redact`]): the token, `id:token`, the token id too when it does not
    /// have the token-id shape (then it is probably a secret pasted into the wrong field), or
    /// the access token.
    ///
    /// The second place the secret is read, for comparison only; nothing of it is shown.
    #[must_use]
    pub fn redactor(&self) -> Redactor {
        match self {
            Self::PersonalAccessToken { token_id, token } => {
                let mut joined = Zeroizing::new(String::with_capacity(
                    token_id.len() + 1 + token.expose_secret().len(),
                ));
                joined.push_str(token_id);
                joined.push(':');
                joined.push_str(token.expose_secret());
                let id = (!is_token_id(token_id)).then_some(token_id.as_str());
                Redactor::new(
                    [token.expose_secret(), joined.as_str()]
                        .into_iter()
                        .chain(id),
                )
            }
            Self::AccessToken(token) => Redactor::new([token.expose_secret()]),
        }
    }

    /// Overwrites every form of the secret in `bytes` with `*` of the same length (see
    /// [`Self::redactor`]). A server that echoes the request back (a debugging endpoint, a
    /// proxy's error page) then cannot put the token on screen, in a report or in a copied
    /// body. Returns whether anything was masked. Secrets shorter than [`MIN_REDACTED_LEN`]
    /// bytes are left alone: masking them would mangle ordinary text, and no real token is
    /// that short.
    pub fn redact(&self, bytes: &mut [u8]) -> bool {
        self.redactor().mask_bytes(bytes)
    }

    /// [`Self::redact`] for text; masking keeps UTF-8 valid.
    pub fn redact_text(&self, text: &mut String) -> bool {
        self.redactor().mask_text(text)
    }

    /// The header as it may be shown: the scheme, the start of the encoded value, and what it
    /// decodes to with the secret masked, e.g. `Basic dG9rZW4tRlExVjEy… → token-FQ1V12:••••`.
    ///
    /// The shown Base64 covers only whole 3-byte groups of the token id, so it depends on the
    /// id alone and reveals nothing of the token, yet a user can compare it with the header
    /// their own code sends. A token id without the token-id shape is probably a secret: it is
    /// shown by its shape only ([`shown_token_id`]), and none of its Base64.
    #[must_use]
    pub fn masked_header(&self) -> String {
        match self {
            Self::PersonalAccessToken { token_id, .. } if is_token_id(token_id) => {
                let whole = token_id.len() / 3 * 3;
                let prefix = STANDARD.encode(&token_id.as_bytes()[..whole]);
                format!("Basic {prefix}… → {token_id}:••••")
            }
            Self::PersonalAccessToken { token_id, .. } => {
                format!("Basic •••• → {}:••••", shown_token_id(token_id))
            }
            Self::AccessToken(_) => "Bearer ••••".to_owned(),
        }
    }

    /// The token id as it may be shown (see [`shown_token_id`]), for personal access tokens.
    #[must_use]
    pub fn shown_token_id(&self) -> Option<String> {
        self.token_id().map(shown_token_id)
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
    fn schemes_are_named_as_in_the_header() {
        assert_eq!(AuthScheme::Basic.as_str(), "Basic");
        assert_eq!(AuthScheme::Bearer.as_str(), "Bearer");
    }

    #[test]
    fn a_jwt_access_token_has_claims_and_other_credentials_none() {
        // {"alg":"none"} . {"exp":1700000000,"scope":"account:read"} . (no signature)
        let payload = STANDARD
            .encode(r#"{"exp":1700000000,"scope":"account:read"}"#)
            .trim_end_matches('=')
            .replace('+', "-")
            .replace('/', "_");
        let jwt = format!("eyJhbGciOiJub25lIn0.{payload}.c2ln");
        let claims = Credentials::AccessToken(SecretString::from(jwt))
            .claims()
            .expect("a JWT has claims");
        assert_eq!(claims.expires_at, Some(1_700_000_000));
        assert_eq!(claims.scopes, ["account:read"]);
        let opaque = Credentials::AccessToken(SecretString::from("opaque-token-value"));
        assert!(opaque.claims().is_none());
        let personal = Credentials::personal("token-AB12CD", SecretString::from("x"));
        assert!(personal.claims().is_none());
    }

    #[test]
    fn redacting_bytes_says_whether_anything_was_masked() {
        let secret = "e68ead46-a7db-46cd-8a1a-44aed1e4e372";
        let creds = Credentials::personal("token-FQ1V12", SecretString::from(secret));
        let mut echoed = format!("token was {secret}").into_bytes();
        assert!(creds.redact(&mut echoed));
        assert_eq!(
            echoed,
            format!("token was {}", "*".repeat(secret.len())).into_bytes()
        );
        let mut clean = b"nothing secret here".to_vec();
        assert!(!creds.redact(&mut clean));
        assert_eq!(clean, b"nothing secret here");
    }

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
        // `id:token` is masked whole.
        assert!(
            body.contains(&format!("bad {}\"", "*".repeat(49))),
            "{body}"
        );
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
    fn a_secret_in_the_token_id_is_shown_by_its_shape_only() {
        let secret = "e68ead46-a7db-46cd-8a1a-44aed1e4e372";
        // Swapped: the token in the id field.
        let swapped = Credentials::personal(secret, SecretString::from("token-AB12CD"));
        assert_eq!(
            swapped.masked_header(),
            "Basic •••• → ‹36 characters, looks like a token (UUID)›:••••"
        );
        assert_eq!(
            swapped.shown_token_id().as_deref(),
            Some("‹36 characters, looks like a token (UUID)›")
        );
        let debug = format!("{swapped:?}");
        assert_eq!(
            debug,
            "PersonalAccessToken { token_id: \"‹36 characters, looks like a token (UUID)›\", \
             token: SecretBox<str>([REDACTED]) }"
        );
        // The id is masked in echoes too, in every form.
        let mut echo = "id E68EAD46-A7DB-46CD-8A1A-44AED1E4E372".to_owned();
        assert!(swapped.redact_text(&mut echo));
        assert_eq!(echo, format!("id {}", "*".repeat(36)));
        // A whole credential pasted into the id: no Base64 of it is shown either.
        let pasted = Credentials::personal(
            "Basic dG9rZW4tRlExVjEyOmU2OGVhZDQ2LWE3ZGItNDZjZC04YTFhLTQ0YWVkMWU0ZTM3Mg==",
            SecretString::from(secret),
        );
        assert_eq!(
            pasted.masked_header(),
            "Basic •••• → ‹74 characters, looks like an Authorization header (Basic …)›:••••"
        );
        // A token id of the right shape is not a secret: echoes of it stay readable.
        let normal = Credentials::personal("token-AB12CD", SecretString::from(secret));
        let mut echo = "unknown token-AB12CD".to_owned();
        assert!(!normal.redact_text(&mut echo));
        assert_eq!(format!("{normal:?}").matches("token-AB12CD").count(), 1);
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
