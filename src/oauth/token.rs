//! The token endpoint: the code exchanged for tokens, and refresh. The client authenticates
//! with HTTP Basic (RFC 6749 §2.3.1: id and secret form-urlencoded before Base64, so a client
//! id with the `:sipgate-apps` suffix or a secret with `+` survives). Answers are outside
//! input: §5.2 error bodies, other JSON and non-JSON are all read without panicking, bounded.

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use secrecy::{ExposeSecret as _, SecretString};
use serde::Deserialize;

use crate::api::TransportError;

/// The most bytes of a token response read (a Keycloak answer is 2 to 4 KiB).
pub const MAX_TOKEN_RESPONSE_BYTES: usize = 64 * 1024;

/// A client id and its secret.
#[derive(Clone)]
pub struct ClientCredentials {
    /// The client id, as registered.
    pub client_id: String,
    /// The client secret.
    pub client_secret: SecretString,
}

impl std::fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[REDACTED]")
            .finish()
    }
}

/// The `Authorization` value for client authentication (RFC 6749 §2.3.1).
#[must_use]
pub fn basic_client_auth(client: &ClientCredentials) -> SecretString {
    let encode = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let pair = format!(
        "{}:{}",
        encode(&client.client_id),
        encode(client.client_secret.expose_secret())
    );
    SecretString::from(format!("Basic {}", STANDARD.encode(pair)))
}

/// What the token endpoint granted.
#[derive(Clone)]
pub struct TokenSet {
    /// The access token (Bearer).
    pub access_token: SecretString,
    /// The refresh token, when one was issued.
    pub refresh_token: Option<SecretString>,
    /// `token_type`, normally `Bearer`.
    pub token_type: String,
    /// Seconds the access token lives, from when it was issued.
    pub expires_in: Option<u64>,
    /// Seconds the refresh token lives (Keycloak's extension).
    pub refresh_expires_in: Option<u64>,
    /// The scopes granted, when the answer names them.
    pub scope: Option<String>,
}

impl std::fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenSet")
            .field("access_token", &"[REDACTED]")
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "[REDACTED]"),
            )
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field("refresh_expires_in", &self.refresh_expires_in)
            .field("scope", &self.scope)
            .finish()
    }
}

/// Why the token endpoint gave no tokens.
#[derive(Debug, Clone, thiserror::Error)]
pub enum TokenError {
    /// An RFC 6749 §5.2 error answer.
    #[error("the token endpoint answered {status} {error}{}", description.as_ref().map(|d| format!(": {d}")).unwrap_or_default())]
    Provider {
        /// HTTP status.
        status: u16,
        /// `error`, e.g. `invalid_grant` (sanitized, bounded).
        error: String,
        /// `error_description` (sanitized, bounded).
        description: Option<String>,
    },
    /// An answer that is neither tokens nor a §5.2 error (a web page, other JSON).
    #[error(
        "the token endpoint answered {status} with something other than tokens or an OAuth error: {excerpt}"
    )]
    Unexpected {
        /// HTTP status.
        status: u16,
        /// The start of the body (sanitized, cut).
        excerpt: String,
    },
    /// No answer (DNS, connect, TLS, timeout, body cut or too large).
    #[error("no answer from the token endpoint: {0}")]
    Transport(TransportError),
}

#[derive(Deserialize)]
struct TokenBody {
    access_token: Option<String>,
    token_type: Option<String>,
    expires_in: Option<serde_json::Value>,
    refresh_expires_in: Option<serde_json::Value>,
    refresh_token: Option<String>,
    scope: Option<String>,
}

#[derive(Deserialize)]
struct ErrorBody {
    error: Option<serde_json::Value>,
    error_description: Option<serde_json::Value>,
}

/// Reads a token endpoint's answer: tokens on a 2xx with an `access_token`, a §5.2 error when
/// the body has an `error` string, else [`TokenError::Unexpected`]. Never panics.
///
/// # Errors
/// See above.
pub fn parse_token_response(status: u16, body: &[u8]) -> Result<TokenSet, TokenError> {
    if (200..300).contains(&status)
        && let Ok(TokenBody {
            access_token: Some(access_token),
            token_type,
            expires_in,
            refresh_expires_in,
            refresh_token,
            scope,
        }) = serde_json::from_slice::<TokenBody>(body)
        && !access_token.is_empty()
    {
        return Ok(TokenSet {
            access_token: SecretString::from(access_token),
            refresh_token: refresh_token
                .filter(|t| !t.is_empty())
                .map(SecretString::from),
            token_type: bounded(&token_type.unwrap_or_else(|| "Bearer".to_owned())),
            expires_in: expires_in.as_ref().and_then(seconds),
            refresh_expires_in: refresh_expires_in.as_ref().and_then(seconds),
            scope: scope.map(|s| bounded(&s)),
        });
    }
    if let Ok(ErrorBody {
        error: Some(serde_json::Value::String(error)),
        error_description,
    }) = serde_json::from_slice::<ErrorBody>(body)
    {
        let description = match error_description {
            Some(serde_json::Value::String(d)) => Some(bounded(&d)),
            _ => None,
        };
        return Err(TokenError::Provider {
            status,
            error: bounded(&error),
            description,
        });
    }
    Err(TokenError::Unexpected {
        status,
        excerpt: bounded(&String::from_utf8_lossy(&body[..body.len().min(512)])),
    })
}

/// Seconds as a JSON number (or a numeric string, as some servers send).
fn seconds(value: &serde_json::Value) -> Option<u64> {
    match value {
        serde_json::Value::Number(n) => n.as_u64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Sanitized and cut to 300 characters: for the screen.
fn bounded(text: &str) -> String {
    let cut: String = text.chars().take(300).collect();
    let mut out = crate::sanitize::sanitize(&cut);
    if text.chars().nth(300).is_some() {
        out.push('…');
    }
    out
}

/// An HTTP client for the token endpoint: no redirects (a token endpoint does not redirect,
/// and the client secret must not follow one), the given timeout.
///
/// # Errors
/// When the TLS set-up fails.
pub fn http_client(timeout: Duration) -> Result<reqwest::Client, String> {
    http_client_with(timeout, crate::api::TrustedCertificates::default())
}

/// [`http_client`] that also trusts `extra_roots` (`--ca-cert`: a TLS-inspecting proxy's CA).
///
/// # Errors
/// When the TLS set-up fails.
pub fn http_client_with(
    timeout: Duration,
    extra_roots: crate::api::TrustedCertificates,
) -> Result<reqwest::Client, String> {
    extra_roots
        .add_to(reqwest::Client::builder())
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .user_agent(concat!("sipgate-inspect/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("cannot set up the HTTP client: {e}"))
}

/// Exchanges an authorization code (with its PKCE verifier) for tokens.
///
/// # Errors
/// See [`TokenError`].
pub async fn exchange_code(
    http: &reqwest::Client,
    token_endpoint: &str,
    client: &ClientCredentials,
    code: &SecretString,
    redirect_uri: &str,
    verifier: &SecretString,
) -> Result<TokenSet, TokenError> {
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.expose_secret()),
        ("redirect_uri", redirect_uri),
        ("code_verifier", verifier.expose_secret()),
    ];
    post(http, token_endpoint, client, &form).await
}

/// Gets a new access token with a refresh token.
///
/// # Errors
/// See [`TokenError`].
pub async fn refresh(
    http: &reqwest::Client,
    token_endpoint: &str,
    client: &ClientCredentials,
    refresh_token: &SecretString,
) -> Result<TokenSet, TokenError> {
    let form = [
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh_token.expose_secret()),
    ];
    post(http, token_endpoint, client, &form).await
}

async fn post(
    http: &reqwest::Client,
    token_endpoint: &str,
    client: &ClientCredentials,
    form: &[(&str, &str)],
) -> Result<TokenSet, TokenError> {
    // Only for the transport error's wording: reqwest's own timeout governs.
    let timeout = Duration::from_secs(15);
    let body: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    let mut auth = reqwest::header::HeaderValue::from_str(
        basic_client_auth(client).expose_secret(),
    )
    .map_err(|_| {
        TokenError::Transport(TransportError::new(
            crate::api::TransportErrorKind::InvalidRequest,
            "the client id or secret cannot go in a header",
        ))
    })?;
    auth.set_sensitive(true);
    let mut response = http
        .post(token_endpoint)
        .header(reqwest::header::AUTHORIZATION, auth)
        .header(
            reqwest::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .header(reqwest::header::ACCEPT, "application/json")
        .body(body)
        .send()
        .await
        .map_err(|e| TokenError::Transport(TransportError::from_reqwest(&e, timeout, false)))?;
    let status = response.status().as_u16();
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| TokenError::Transport(TransportError::from_reqwest(&e, timeout, true)))?
    {
        if body.len() + chunk.len() > MAX_TOKEN_RESPONSE_BYTES {
            return Err(TokenError::Transport(TransportError::new(
                crate::api::TransportErrorKind::BodyTooLarge {
                    limit: MAX_TOKEN_RESPONSE_BYTES,
                },
                format!("the token response is larger than {MAX_TOKEN_RESPONSE_BYTES} bytes"),
            )));
        }
        body.extend_from_slice(&chunk);
    }
    parse_token_response(status, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_auth_form_encodes_id_and_secret_first() {
        let client = ClientCredentials {
            client_id: "my-app:sipgate-apps".to_owned(),
            client_secret: SecretString::from("a+b/c d".to_owned()),
        };
        // base64("my-app%3Asipgate-apps:a%2Bb%2Fc+d"), computed with `base64` from coreutils.
        assert_eq!(
            basic_client_auth(&client).expose_secret(),
            "Basic bXktYXBwJTNBc2lwZ2F0ZS1hcHBzOmElMkJiJTJGYytk"
        );
        assert!(!format!("{client:?}").contains("a+b"));
    }

    #[test]
    fn tokens_are_read_with_keycloaks_fields() {
        let body = br#"{"access_token":"eyJ.a.b","expires_in":300,"refresh_expires_in":2592000,"refresh_token":"r1","token_type":"Bearer","scope":"account:read users:read","not-before-policy":0}"#;
        let tokens = parse_token_response(200, body).expect("tokens");
        assert_eq!(tokens.access_token.expose_secret(), "eyJ.a.b");
        assert_eq!(
            tokens
                .refresh_token
                .as_ref()
                .map(|t| t.expose_secret().to_owned()),
            Some("r1".to_owned())
        );
        assert_eq!(tokens.expires_in, Some(300));
        assert_eq!(tokens.refresh_expires_in, Some(2_592_000));
        assert_eq!(tokens.scope.as_deref(), Some("account:read users:read"));
        let shown = format!("{tokens:?}");
        assert!(!shown.contains("eyJ") && !shown.contains("r1"), "{shown}");
    }

    #[test]
    fn rfc_6749_errors_and_everything_else() {
        let err = parse_token_response(
            400,
            br#"{"error":"invalid_grant","error_description":"Code not valid"}"#,
        )
        .unwrap_err();
        assert_matches!(
            err,
            TokenError::Provider { status: 400, ref error, ref description }
                if error == "invalid_grant" && description.as_deref() == Some("Code not valid")
        );
        assert_matches!(
            parse_token_response(401, br#"{"error":"unauthorized_client"}"#),
            Err(TokenError::Provider { status: 401, ref description, .. }) if description.is_none()
        );
        assert_matches!(
            parse_token_response(502, b"<html>Bad Gateway</html>"),
            Err(TokenError::Unexpected { status: 502, ref excerpt }) if excerpt == "<html>Bad Gateway</html>"
        );
        assert_matches!(
            parse_token_response(200, br#"{"access_token":""}"#),
            Err(TokenError::Unexpected { .. })
        );
        assert_matches!(
            parse_token_response(200, br#"{"error":7}"#),
            Err(TokenError::Unexpected { .. })
        );
        assert_matches!(
            parse_token_response(200, b""),
            Err(TokenError::Unexpected { .. })
        );
    }
}
