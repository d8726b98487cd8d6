//! The "Sign in" credential mode's state: the form (client id, client secret, realm, scopes,
//! redirect URI), where the sign-in stands (waiting for the browser with a countdown, failed
//! with its findings, signed in with the token's and the refresh token's expiry), and the
//! messages and effects it exchanges with the runtime. The flow itself (listener, exchange,
//! refresh) runs in the runtime (`crate::sign_in_runtime`); this is only the model.

use std::time::{Duration, Instant};

use secrecy::SecretString;
use tui_input::Input;

use super::secret_input::SecretInput;
use crate::diagnose::Finding;
use crate::oauth::{
    ClientCredentials, DEFAULT_REALM, Issuer, LEGACY_REALM, SignInConfig, SignInError, SignedIn,
    TokenError, TokenSet,
};

/// Refresh this long before the access token expires (a quarter of its lifetime when that is
/// shorter, so a 20 s token is refreshed after 15 s, not at once and again every second).
pub const REFRESH_AHEAD: Duration = Duration::from_secs(30);

/// When to refresh a token that lives `lifetime`, counted from when it was received.
#[must_use]
pub fn refresh_after(lifetime: Duration) -> Duration {
    lifetime.saturating_sub(REFRESH_AHEAD.min(lifetime / 4))
}

/// The realm the sign-in uses (sipgate's two).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Realm {
    /// `sipgate-apps`, for current clients.
    #[default]
    SipgateApps,
    /// `third-party`, for older clients.
    ThirdParty,
}

impl Realm {
    /// The realm's name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::SipgateApps => DEFAULT_REALM,
            Self::ThirdParty => LEGACY_REALM,
        }
    }

    /// The other one.
    #[must_use]
    pub fn other(self) -> Self {
        match self {
            Self::SipgateApps => Self::ThirdParty,
            Self::ThirdParty => Self::SipgateApps,
        }
    }
}

/// The sign-in form's fields.
pub struct SignInForm {
    /// The client id.
    pub client_id: Input,
    /// The client secret (masked unless revealed).
    pub client_secret: SecretInput,
    /// The realm (switched with Space, Left or Right).
    pub realm: Realm,
    /// The scopes, separated by spaces.
    pub scopes: Input,
    /// The redirect URI.
    pub redirect_uri: Input,
    /// The access token the sign-in obtained (never shown in the form; sent as Bearer).
    pub access_token: SecretInput,
}

impl std::fmt::Debug for SignInForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignInForm")
            .field("client_id", &self.client_id.value())
            .field("client_credential", &self.client_secret)
            .field("realm", &self.realm)
            .field("scopes", &self.scopes.value())
            .field("redirect_uri", &self.redirect_uri.value())
            .field("access_token", &self.access_token)
            .finish()
    }
}

impl Default for SignInForm {
    fn default() -> Self {
        Self {
            client_id: Input::default(),
            client_secret: SecretInput::new(String::new()),
            realm: Realm::default(),
            scopes: Input::new(crate::oauth::default_scopes().join(" ")).with_cursor(0),
            redirect_uri: Input::new(crate::oauth::DEFAULT_REDIRECT_URI.to_owned()),
            access_token: SecretInput::new(String::new()),
        }
    }
}

impl SignInForm {
    /// A form with the client prefilled (from the environment, or the demo's).
    #[must_use]
    pub fn prefilled(client_id: Option<String>, client_secret: Option<String>) -> Self {
        Self {
            client_id: Input::new(client_id.unwrap_or_default()),
            client_secret: SecretInput::new(client_secret.unwrap_or_default()),
            ..Self::default()
        }
    }
}

/// Where the sign-in stands.
#[derive(Debug, Default)]
pub enum SignInPhase {
    /// Nothing started (or cancelled).
    #[default]
    Idle,
    /// Waiting for the browser to come back.
    Waiting {
        /// The sign-in's id (answers with another are stale).
        id: u64,
        /// The authorization URL, once the listener is up.
        url: Option<String>,
        /// When the wait gives up.
        deadline: Instant,
    },
    /// The last sign-in or refresh failed.
    Failed {
        /// What went wrong, and what to do.
        findings: Vec<Finding>,
    },
    /// Signed in (the access token is in the form's access token field and is in use).
    SignedIn,
}

/// A signed-in session: what a refresh needs, and the expiries the header counts down.
pub struct SignInSession {
    /// The client (with its secret, for the refresh).
    pub client: ClientCredentials,
    /// The token endpoint.
    pub token_endpoint: String,
    /// The refresh token, while there is one.
    pub refresh_token: Option<SecretString>,
    /// When the access token expires.
    pub expires_at: Option<Instant>,
    /// When to refresh it ([`refresh_after`] its lifetime).
    pub refresh_at: Option<Instant>,
    /// When the refresh token expires.
    pub refresh_expires_at: Option<Instant>,
    /// The scopes granted.
    pub scope: Option<String>,
    /// The refresh in flight, if any.
    pub refreshing: Option<u64>,
}

impl std::fmt::Debug for SignInSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignInSession")
            .field("client", &self.client)
            .field("token_endpoint", &self.token_endpoint)
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "[REDACTED]"),
            )
            .field("expires_at", &self.expires_at)
            .field("refresh_at", &self.refresh_at)
            .field("refresh_expires_at", &self.refresh_expires_at)
            .field("scope", &self.scope)
            .field("refreshing", &self.refreshing)
            .finish()
    }
}

/// The sign-in mode's whole state (the form's fields live in [`super::Form`]).
#[derive(Debug)]
pub struct SignInState {
    /// The issuer whose realm the form's realm replaces (sipgate's, `--oauth-issuer`, or the
    /// demo server's).
    pub issuer: Issuer,
    /// How long the wait for the browser lasts.
    pub wait: Duration,
    /// Whether to open the system browser (off with `--no-browser`).
    pub open_browser: bool,
    /// Extra CA certificates the token endpoint is trusted with (`--ca-cert`).
    pub extra_roots: crate::api::TrustedCertificates,
    /// Where it stands.
    pub phase: SignInPhase,
    /// The session, once signed in.
    pub session: Option<SignInSession>,
    /// The last id given to a sign-in or refresh.
    pub last_id: u64,
    /// The form's revision when the token in use was put there: Enter signs in again once
    /// the form changed since.
    pub signed_in_revision: Option<u64>,
}

impl Default for SignInState {
    fn default() -> Self {
        Self {
            issuer: Issuer::sipgate(DEFAULT_REALM).unwrap_or_else(|_| {
                // The default issuer is a constant that parses (tested).
                unreachable!("the default issuer parses")
            }),
            wait: crate::oauth::DEFAULT_WAIT,
            open_browser: true,
            extra_roots: crate::api::TrustedCertificates::default(),
            phase: SignInPhase::Idle,
            session: None,
            last_id: 0,
            signed_in_revision: None,
        }
    }
}

impl SignInState {
    /// Whether a countdown is on screen (the runtime then ticks once a second): waiting for the
    /// browser, or signed in with an access token that expires.
    #[must_use]
    pub fn counting_down(&self) -> bool {
        matches!(self.phase, SignInPhase::Waiting { .. })
            || self
                .session
                .as_ref()
                .is_some_and(|s| s.expires_at.is_some())
    }

    /// The issuer with the form's realm (when the issuer has a `/realms/` part).
    #[must_use]
    pub fn issuer_for(&self, realm: Realm) -> Issuer {
        self.issuer
            .with_realm(realm.name())
            .unwrap_or_else(|_| self.issuer.clone())
    }
}

/// Whether Enter signs in: in sign-in mode, unless signed in with the form unchanged since
/// (then Enter sends the inspection again with the token in use).
#[must_use]
pub fn enter_signs_in(app: &super::App) -> bool {
    app.form.mode == super::AuthMode::SignIn
        && !(matches!(app.sign_in.phase, SignInPhase::SignedIn)
            && app.sign_in.signed_in_revision == Some(app.form.revision))
}

/// What the runtime reports about a sign-in, and the sign-in keys.
#[derive(Debug)]
pub enum SignInMessage {
    /// The listener is up; the browser should open this URL.
    Started {
        /// The sign-in.
        id: u64,
        /// The authorization URL.
        url: String,
        /// Whether a browser was opened with it (if not, it is copied to the clipboard).
        opened: bool,
    },
    /// The sign-in ended.
    Finished {
        /// The sign-in.
        id: u64,
        /// Tokens, or why not.
        result: Box<Result<SignedIn, SignInError>>,
    },
    /// A refresh ended.
    Refreshed {
        /// The refresh.
        id: u64,
        /// New tokens, or why not.
        result: Box<Result<TokenSet, TokenError>>,
    },
    /// Refresh now (the key).
    RefreshNow,
}

/// What the runtime must do for a sign-in.
#[derive(Debug)]
pub enum SignInEffect {
    /// Bind the listener, open the browser (or copy the URL), wait, exchange the code.
    Start {
        /// The sign-in's id.
        id: u64,
        /// What to sign in with.
        config: Box<SignInConfig>,
        /// How long to wait for the browser.
        wait: Duration,
        /// Whether to open the system browser (`--no-browser`: only show the URL).
        open_browser: bool,
        /// Extra CA certificates for the token endpoint (`--ca-cert`).
        extra_roots: crate::api::TrustedCertificates,
    },
    /// Abort the sign-in: the listener closes.
    Cancel {
        /// The sign-in to abort.
        id: u64,
    },
    /// Refresh the access token.
    Refresh {
        /// The refresh's id.
        id: u64,
        /// The client.
        client: ClientCredentials,
        /// The token endpoint.
        token_endpoint: String,
        /// The refresh token.
        refresh_token: SecretString,
        /// Extra CA certificates for the token endpoint (`--ca-cert`).
        extra_roots: crate::api::TrustedCertificates,
    },
}
