//! The demo API's endpoints and what each answers under each scenario: the one place that maps
//! (endpoint, behaviour) to a response.

use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::Value;

use super::auth;
use super::fixtures::FIXTURES;
use super::responses;
use super::scenarios::Behavior;

/// How long the slow scenario waits before answering.
pub(crate) const SLOW_DELAY: Duration = Duration::from_secs(5);

/// A read-only endpoint of the demo API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Endpoint {
    Account,
    Userinfo,
    Balance,
    Users,
    Numbers,
    /// `/{userId}/devices` with the user id from the path.
    Devices(String),
    /// `/groups`: 200 on a classic account, 403 on neo.
    Groups,
    /// `/{userId}/phonelines` with the user id from the path: classic-only.
    Phonelines(String),
    /// `/history`.
    History,
    /// `/contacts`.
    Contacts,
    /// Any other endpoint of the catalogue (`assets/endpoints.toml`).
    Catalogue(super::catalogue::Answer),
}

impl Endpoint {
    /// The scope the endpoint needs, as sipgate's API description lists it (userinfo lists none).
    fn scope(&self) -> Option<&'static str> {
        match self {
            Self::Account => Some("account:read"),
            Self::Userinfo => None,
            Self::Balance => Some("balance:read"),
            Self::Users => Some("users:read"),
            Self::Numbers => Some("numbers:read"),
            Self::Devices(_) => Some("devices:read"),
            Self::Groups => Some("groups:read"),
            Self::Phonelines(_) => Some("phonelines:read"),
            Self::History => Some("history:read"),
            Self::Contacts => Some("contacts:read"),
            Self::Catalogue(answer) => answer.scope,
        }
    }

    /// The path as sipgate documents it, for error details (placeholder rather than the id sent).
    fn documented_path(&self) -> &'static str {
        match self {
            Self::Account => "/account",
            Self::Userinfo => "/authorization/userinfo",
            Self::Balance => "/balance",
            Self::Users => "/users",
            Self::Numbers => "/numbers",
            Self::Devices(_) => "/{userId}/devices",
            Self::Groups => "/groups",
            Self::Phonelines(_) => "/{userId}/phonelines",
            Self::History => "/history",
            Self::Contacts => "/contacts",
            Self::Catalogue(answer) => answer.path,
        }
    }

    /// Whether a token with only some scopes (`token-LIMITD`) may call it.
    fn allowed_with_limited_scopes(&self) -> bool {
        match self {
            Self::Catalogue(answer) => matches!(answer.scope, None | Some("users:read")),
            _ => matches!(self, Self::Account | Self::Userinfo | Self::Users),
        }
    }

    /// The demo body for a successful call; `None` for the devices of an unknown user.
    fn data(&self) -> Option<Value> {
        let fixtures = &*FIXTURES;
        Some(match self {
            Self::Account => fixtures.account.clone(),
            Self::Userinfo => fixtures.userinfo.clone(),
            Self::Balance => fixtures.balance.clone(),
            Self::Users => fixtures.users.clone(),
            Self::Numbers => fixtures.numbers.clone(),
            Self::Devices(user_id) if fixtures.has_user(user_id) => fixtures.devices(user_id),
            Self::Groups => fixtures.list("groups"),
            Self::Phonelines(user_id) if fixtures.has_user(user_id) => fixtures.list("phonelines"),
            Self::History => fixtures.list("history"),
            Self::Contacts => fixtures.list("contacts"),
            Self::Catalogue(answer) => return answer.body.clone(),
            Self::Devices(_) | Self::Phonelines(_) => return None,
        })
    }

    /// The demo answer, or `403` naming the scope the endpoint needs.
    fn forbidden_or_data(&self) -> Response {
        match self.scope() {
            Some(scope) => responses::missing_scope(scope, self.documented_path()),
            None => self.ok(),
        }
    }

    /// The demo answer, or `404` for the devices of an unknown user.
    fn ok(&self) -> Response {
        match self {
            Self::Catalogue(_) => self.data().map_or_else(not_found, responses::ok_json),
            _ => self.data().map_or_else(user_not_found, responses::ok_json),
        }
    }

    /// Whether only a classic account has it (a neo account gets a plain-text 403).
    fn classic_only(&self) -> bool {
        matches!(self, Self::Catalogue(answer) if answer.classic_only)
    }

    /// Whether only a neo account has it (a classic account gets a 404).
    fn neo_only(&self) -> bool {
        matches!(self, Self::Catalogue(answer) if answer.neo_only)
    }
}

/// Checks the request's credentials and answers `endpoint` the way the caller's scenario says.
///
/// Takes the headers by value so the returned future owns everything it needs.
pub(crate) async fn respond(endpoint: Endpoint, headers: HeaderMap) -> Response {
    let behavior = match auth::authenticate(&headers) {
        Ok(behavior) => behavior,
        Err(reason) => return responses::unauthorized(reason.detail()),
    };
    let is_account = endpoint == Endpoint::Account;
    match behavior {
        Behavior::MissingScope => endpoint.forbidden_or_data(),
        Behavior::LimitedScopes => {
            if endpoint.allowed_with_limited_scopes() {
                endpoint.ok()
            } else {
                endpoint.forbidden_or_data()
            }
        }
        Behavior::NotBooked if is_account => {
            responses::sipgate_error(StatusCode::FORBIDDEN, "Feature not booked")
        }
        Behavior::AccountNotFound if is_account => {
            responses::sipgate_error(StatusCode::NOT_FOUND, "Account not found")
        }
        Behavior::Neo => match endpoint {
            // What a neo account is reported to answer; the body is plain text, not JSON.
            Endpoint::Groups => plain_text(StatusCode::FORBIDDEN, "Forbidden"),
            Endpoint::Phonelines(_) => plain_text(StatusCode::FORBIDDEN, CLASSIC_ONLY),
            _ if endpoint.classic_only() => plain_text(StatusCode::FORBIDDEN, CLASSIC_ONLY),
            _ => endpoint.ok(),
        },
        Behavior::PaymentRequired if endpoint == Endpoint::Balance => {
            responses::sipgate_error(StatusCode::PAYMENT_REQUIRED, "Insufficient balance")
        }
        Behavior::Classic if endpoint.neo_only() => responses::unknown_path(),
        Behavior::Normal
        | Behavior::Classic
        | Behavior::PaymentRequired
        | Behavior::NotBooked
        | Behavior::AccountNotFound => endpoint.ok(),
        Behavior::Expired => responses::unauthorized("The token has been revoked or has expired"),
        Behavior::RateLimited => responses::rate_limited(),
        Behavior::ServerError => responses::sipgate_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Internal server error (demo)",
        ),
        Behavior::Slow => {
            // An async sleep: other requests (and the TUI sharing this runtime) keep running.
            tokio::time::sleep(SLOW_DELAY).await;
            endpoint.ok()
        }
        Behavior::Broken => endpoint
            .data()
            .map_or_else(user_not_found, |body| responses::truncated_json(&body)),
        Behavior::Portal => responses::captive_portal(),
    }
}

/// What a classic-only endpoint answers on a neo account, as a third-party client recorded it.
const CLASSIC_ONLY: &str = "This endpoint requires a sipgate Classic PBX Account";

/// A `text/plain` answer.
fn plain_text(status: StatusCode, text: &'static str) -> Response {
    use axum::response::IntoResponse as _;
    (
        status,
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; charset=utf-8",
        )],
        text,
    )
        .into_response()
}

fn not_found() -> Response {
    responses::sipgate_error(StatusCode::NOT_FOUND, "Not found")
}

fn user_not_found() -> Response {
    responses::sipgate_error(StatusCode::NOT_FOUND, "User not found")
}
