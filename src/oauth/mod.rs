//! OAuth 2.0 sign-in with sipgate's provider (Keycloak): authorization code with `state` and
//! PKCE (S256), a one-shot loopback listener for the redirect, the token exchange with HTTP
//! Basic client authentication, and refresh. No UI code: the TUI's runtime and `login` both
//! drive it, and `diagnose::oauth` explains its failures.
//!
//! Secrets (client secret, code, verifier, tokens) are held in `secrecy` types and never
//! appear in `Debug` output or error messages.

mod authorize;
mod callback;
mod flow;
mod issuer;
mod listener;
mod pkce;
mod redirect;
mod token;

pub use authorize::{AuthorizationRequest, authorization_url};
pub use callback::{Callback, MAX_VALUE_CHARS, parse_callback};
pub use flow::{
    DEFAULT_WAIT, PendingSignIn, SignInConfig, SignInError, SignedIn, default_scopes, start,
};
pub use issuer::{DEFAULT_ISSUER, DEFAULT_REALM, Issuer, IssuerError, LEGACY_REALM};
pub use listener::{
    Arrived, ListenError, ListenerLimits, RedirectListener, Refusals, error_sentence, escape_html,
    request_target,
};
pub use pkce::{Pkce, RandomError, random_token, s256_challenge};
pub use redirect::{DEFAULT_REDIRECT_URI, RedirectUri, RedirectUriError};
pub use token::{
    ClientCredentials, MAX_TOKEN_RESPONSE_BYTES, TokenError, TokenSet, basic_client_auth,
    exchange_code, http_client, http_client_with, parse_token_response, refresh,
};
