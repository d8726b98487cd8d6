//! The whole sign-in: bind the listener, build the authorization URL (fresh `state` and PKCE
//! verifier), wait for the redirect, exchange the code. Cancelling is dropping: the listener
//! is closed with the value that owns it.

use std::time::Duration;

use secrecy::SecretString;

use super::authorize::{AuthorizationRequest, authorization_url};
use super::issuer::Issuer;
use super::listener::{Arrived, ListenError, ListenerLimits, RedirectListener, Refusals};
use super::pkce::{Pkce, RandomError, random_token};
use super::redirect::RedirectUri;
use super::token::{ClientCredentials, TokenError, TokenSet, exchange_code};

/// How long the wait for the browser lasts by default.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(300);

/// Everything a sign-in needs.
#[derive(Debug, Clone)]
pub struct SignInConfig {
    /// The provider.
    pub issuer: Issuer,
    /// The client.
    pub client: ClientCredentials,
    /// The scopes asked for.
    pub scopes: Vec<String>,
    /// Where the browser comes back.
    pub redirect: RedirectUri,
    /// Limits of the redirect listener.
    pub limits: ListenerLimits,
}

/// The read scopes the inspector probes, the default to ask for (from `assets/probes.toml`).
#[must_use]
pub fn default_scopes() -> Vec<String> {
    let mut scopes: Vec<String> = std::iter::once("account:read")
        .chain(crate::api::Probe::all().filter_map(crate::api::Probe::scope))
        .map(str::to_owned)
        .collect();
    let mut seen = std::collections::HashSet::new();
    scopes.retain(|s| seen.insert(s.clone()));
    scopes
}

/// Why a sign-in ended without tokens.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SignInError {
    /// No randomness for `state` and PKCE.
    #[error(transparent)]
    Random(#[from] RandomError),
    /// The listener could not be started.
    #[error(transparent)]
    Listen(#[from] ListenError),
    /// No right redirect arrived in time.
    #[error("no redirect came back within {} s", waited.as_secs())]
    TimedOut {
        /// How long it waited.
        waited: Duration,
        /// What was turned away meanwhile.
        refusals: Refusals,
    },
    /// The provider sent an error on the redirect.
    #[error("the provider refused the sign-in: {error}{}", description.as_ref().map(|d| format!(" ({d})")).unwrap_or_default())]
    Redirect {
        /// `error`.
        error: String,
        /// `error_description`.
        description: Option<String>,
    },
    /// The redirect named another issuer (RFC 9207).
    #[error("the redirect named the issuer {got}, not {expected}; its code was not used")]
    IssuerMismatch {
        /// The issuer signed in with.
        expected: String,
        /// The one the redirect named.
        got: String,
    },
    /// The token endpoint refused or did not answer.
    #[error(transparent)]
    Token(#[from] TokenError),
}

/// A sign-in waiting for the browser. Dropping it closes the listener.
#[derive(Debug)]
pub struct PendingSignIn {
    config: SignInConfig,
    listener: RedirectListener,
    pkce: Pkce,
    url: String,
}

/// A finished sign-in.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// What the token endpoint granted.
    pub tokens: TokenSet,
    /// The client that signed in.
    pub client_id: String,
}

/// Starts a sign-in: fresh `state` and verifier, the listener bound, the URL built.
///
/// # Errors
/// [`SignInError::Listen`] (port in use…), [`SignInError::Random`].
pub async fn start(config: SignInConfig) -> Result<PendingSignIn, SignInError> {
    let state = random_token(16)?;
    let pkce = Pkce::generate()?;
    let listener = RedirectListener::bind(
        &config.redirect,
        state.clone(),
        Some(config.issuer.as_str().to_owned()),
        config.limits,
    )
    .await?;
    let url = authorization_url(
        &config.issuer,
        &AuthorizationRequest {
            client_id: &config.client.client_id,
            redirect_uri: &config.redirect,
            scopes: &config.scopes,
            state: &state,
            code_challenge: pkce.challenge(),
        },
    );
    Ok(PendingSignIn {
        config,
        listener,
        pkce,
        url,
    })
}

impl PendingSignIn {
    /// The URL the browser must open.
    #[must_use]
    pub fn authorization_url(&self) -> &str {
        &self.url
    }

    /// The listener's address.
    ///
    /// # Errors
    /// When the socket cannot say.
    pub fn listener_addr(&self) -> std::io::Result<std::net::SocketAddr> {
        self.listener.local_addr()
    }

    /// Waits at most `wait` for the redirect, then exchanges the code. The listener is closed
    /// as soon as the redirect is answered.
    ///
    /// # Errors
    /// See [`SignInError`].
    pub async fn finish(
        self,
        http: &reqwest::Client,
        wait: Duration,
    ) -> Result<SignedIn, SignInError> {
        let Self {
            config,
            mut listener,
            pkce,
            ..
        } = self;
        let arrived = tokio::time::timeout(wait, listener.next_redirect()).await;
        let refusals = listener.refusals();
        drop(listener);
        let code: SecretString = match arrived {
            Err(_) => {
                return Err(SignInError::TimedOut {
                    waited: wait,
                    refusals,
                });
            }
            Ok(Arrived::ProviderError { error, description }) => {
                return Err(SignInError::Redirect { error, description });
            }
            Ok(Arrived::IssuerMismatch { got }) => {
                return Err(SignInError::IssuerMismatch {
                    expected: config.issuer.as_str().to_owned(),
                    got,
                });
            }
            Ok(Arrived::Code { code }) => code,
        };
        let tokens = exchange_code(
            http,
            &config.issuer.token_endpoint(),
            &config.client,
            &code,
            config.redirect.as_str(),
            pkce.verifier(),
        )
        .await?;
        Ok(SignedIn {
            tokens,
            client_id: config.client.client_id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_scopes_are_the_probed_read_scopes_once_each() {
        assert_eq!(
            default_scopes(),
            [
                "account:read",
                "balance:read",
                "users:read",
                "numbers:read",
                "devices:read",
                "groups:read",
                "phonelines:read",
                "history:read",
                "contacts:read"
            ]
        );
    }
}
