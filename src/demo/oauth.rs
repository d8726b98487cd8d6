//! The demo OAuth provider: sipgate's Keycloak played under
//! `/auth/realms/{realm}/protocol/openid-connect/{auth,token}`, for the sign-in to be tried and
//! tested offline. A consent page (a real HTML form, Allow and Deny); a token endpoint with the
//! `authorization_code` and `refresh_token` grants, PKCE (S256) and single-use codes checked; access
//! tokens shaped like sipgate's JWTs, which the demo API accepts as Bearer. Its failures use
//! Keycloak's own wording: an HTML page "Client not found" or "Invalid parameter: `redirect_uri`"
//! that never redirects, and RFC 6749 §5.2 error bodies.
//!
//! State (pending consents, codes, refresh tokens) lives in memory, bounded, per server.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::header::{AUTHORIZATION, CACHE_CONTROL, CONTENT_TYPE, HOST, LOCATION};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::jwt_tokens::mint;
use super::oauth_clients::{DemoClient, RefreshRule, find};
use super::responses;
use crate::oauth::{escape_html, random_token, s256_challenge};

/// The most pending consents, codes or refresh tokens kept; beyond it the oldest go.
const MAX_ENTRIES: usize = 1000;
/// How long a code may wait to be exchanged (Keycloak's default is 60 s).
const CODE_SECS: i64 = 60;
/// How long a refresh token lives (sipgate's: 30 days).
const REFRESH_SECS: i64 = 2_592_000;

/// The scopes the demo knows; any other is `invalid_scope`.
const KNOWN_SCOPES: &[&str] = &[
    "all",
    "openid",
    "profile",
    "email",
    "account:read",
    "balance:read",
    "users:read",
    "numbers:read",
    "devices:read",
    "history:read",
    "contacts:read",
    "groups:read",
    "phonelines:read",
    "sessions:sms:write",
];

#[derive(Debug)]
struct Pending {
    client: &'static DemoClient,
    redirect_uri: String,
    scope: String,
    state: Option<String>,
    challenge: String,
    issuer: String,
    created: i64,
}

#[derive(Debug)]
struct CodeGrant {
    client: &'static str,
    redirect_uri: String,
    scope: String,
    challenge: String,
    issuer: String,
    created: i64,
    used: bool,
    /// Refresh tokens issued from this code: revoked when the code is used again.
    issued: Vec<String>,
}

#[derive(Debug)]
struct RefreshGrant {
    client: &'static str,
    scope: String,
    issuer: String,
    expires_at: i64,
    revoked: bool,
    created: i64,
}

#[derive(Debug, Default)]
struct Store {
    pending: HashMap<String, Pending>,
    codes: HashMap<String, CodeGrant>,
    refresh: HashMap<String, RefreshGrant>,
}

type Shared = Arc<Mutex<Store>>;

/// Keeps a map under [`MAX_ENTRIES`] by dropping its oldest entry.
fn bound<V>(map: &mut HashMap<String, V>, created: impl Fn(&V) -> i64) {
    while map.len() >= MAX_ENTRIES {
        let Some(oldest) = map
            .iter()
            .min_by_key(|(_, v)| created(v))
            .map(|(k, _)| k.clone())
        else {
            break;
        };
        map.remove(&oldest);
    }
}

/// The provider's routes, with their own state; merged into the demo router.
pub(crate) fn router() -> Router {
    let store: Shared = Arc::default();
    Router::new()
        .route(
            "/auth/realms/{realm}/protocol/openid-connect/auth",
            get(consent_page)
                .post(consent_decision)
                .fallback(method_not_allowed),
        )
        .route(
            "/auth/realms/{realm}/protocol/openid-connect/token",
            post(token).fallback(method_not_allowed),
        )
        .with_state(store)
}

async fn method_not_allowed() -> Response {
    responses::method_not_allowed()
}

fn now() -> i64 {
    crate::diagnose::unix_seconds(std::time::SystemTime::now()).unwrap_or_default()
}

fn known_realm(realm: &str) -> bool {
    realm == "sipgate-apps" || realm == "third-party"
}

/// The issuer as the client sees it: from the Host header, when it is a plain host[:port].
fn issuer(headers: &HeaderMap, realm: &str) -> String {
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '[' | ']' | '-'))
        })
        .unwrap_or("127.0.0.1");
    format!("http://{host}/auth/realms/{realm}")
}

/// Keycloak's own error page: HTML, no redirect.
fn error_page(status: StatusCode, message: &str) -> Response {
    let body = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Sign in to sipgate (demo)</title></head>\
         <body><h1>We are sorry...</h1><p id=\"kc-error-message\">{}</p></body></html>",
        escape_html(message)
    );
    html(status, body)
}

fn html(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A 302 back to the client's redirect URI with these parameters.
fn redirect_back(redirect_uri: &str, params: &[(&str, &str)]) -> Response {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in params {
        query.append_pair(name, value);
    }
    let separator = if redirect_uri.contains('?') { '&' } else { '?' };
    let location = format!("{redirect_uri}{separator}{}", query.finish());
    match HeaderValue::from_str(&location) {
        Ok(value) => {
            let mut response = StatusCode::FOUND.into_response();
            response.headers_mut().insert(LOCATION, value);
            response
        }
        Err(_) => error_page(StatusCode::BAD_REQUEST, "Invalid parameter: redirect_uri"),
    }
}

fn query_map(text: &str) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for (name, value) in url::form_urlencoded::parse(text.as_bytes()) {
        map.entry(name.into_owned())
            .or_insert_with(|| value.into_owned());
    }
    map
}

async fn consent_page(
    State(store): State<Shared>,
    Path(realm): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    if !known_realm(&realm) {
        return error_page(StatusCode::NOT_FOUND, "Realm does not exist");
    }
    let params = query_map(uri.query().unwrap_or_default());
    let get = |name: &str| params.get(name).map(String::as_str);
    let Some(client) = get("client_id").and_then(|id| find(id, &realm)) else {
        return error_page(StatusCode::BAD_REQUEST, "Client not found.");
    };
    let Some(redirect_uri) = get("redirect_uri").filter(|u| client.accepts_redirect(u)) else {
        return error_page(StatusCode::BAD_REQUEST, "Invalid parameter: redirect_uri");
    };
    let issuer = issuer(&headers, &realm);
    let state = get("state");
    let refuse = |error: &str, description: &str| {
        let mut back = vec![("error", error), ("error_description", description)];
        if let Some(state) = state {
            back.push(("state", state));
        }
        back.push(("iss", &issuer));
        redirect_back(redirect_uri, &back)
    };
    if get("response_type") != Some("code") {
        return refuse(
            "unsupported_response_type",
            "Only response_type=code is supported",
        );
    }
    if get("code_challenge_method") != Some("S256") {
        return refuse(
            "invalid_request",
            "Missing parameter: code_challenge_method",
        );
    }
    let Some(challenge) = get("code_challenge").filter(|c| !c.is_empty()) else {
        return refuse("invalid_request", "Missing parameter: code_challenge");
    };
    let scope = get("scope").unwrap_or_default();
    if let Some(unknown) = scope
        .split(' ')
        .find(|s| !s.is_empty() && !KNOWN_SCOPES.contains(s))
    {
        return refuse("invalid_scope", &format!("Invalid scopes: {unknown}"));
    }
    let Ok(request) = random_token(16) else {
        return error_page(StatusCode::INTERNAL_SERVER_ERROR, "No randomness");
    };
    let scopes_html =
        scope
            .split(' ')
            .filter(|s| !s.is_empty())
            .fold(String::new(), |mut out, s| {
                use std::fmt::Write as _;
                let _ = write!(out, "<li>{}</li>", escape_html(s));
                out
            });
    let body = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Sign in to sipgate (demo)</title></head>\
         <body style=\"font-family:sans-serif;margin:3em\"><h1>sipgate (demo)</h1>\
         <p><b>{client}</b> asks for access to your sipgate account:</p><ul>{scopes_html}</ul>\
         <form method=\"post\" action=\"/auth/realms/{realm}/protocol/openid-connect/auth\">\
         <input type=\"hidden\" name=\"request\" value=\"{request}\">\
         <button type=\"submit\" name=\"decision\" value=\"allow\" id=\"allow\">Allow</button> \
         <button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\">Deny</button>\
         </form></body></html>",
        client = escape_html(client.id),
        realm = escape_html(&realm),
    );
    let pending = Pending {
        client,
        redirect_uri: redirect_uri.to_owned(),
        scope: scope.to_owned(),
        state: state.map(str::to_owned),
        challenge: challenge.to_owned(),
        issuer,
        created: now(),
    };
    if let Ok(mut store) = store.lock() {
        bound(&mut store.pending, |p| p.created);
        store.pending.insert(request, pending);
    }
    html(StatusCode::OK, body)
}

async fn consent_decision(
    State(store): State<Shared>,
    Path(realm): Path<String>,
    body: Bytes,
) -> Response {
    let form = query_map(&String::from_utf8_lossy(&body));
    let pending = form
        .get("request")
        .and_then(|id| store.lock().ok()?.pending.remove(id));
    let Some(pending) = pending.filter(|p| p.client.realm == realm) else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "This sign-in page has expired or was already used. Start the sign-in again.",
        );
    };
    let mut back: Vec<(&str, &str)> = Vec::new();
    let code;
    if form.get("decision").map(String::as_str) == Some("allow") {
        let Ok(new_code) = random_token(24) else {
            return error_page(StatusCode::INTERNAL_SERVER_ERROR, "No randomness");
        };
        code = new_code;
        if let Ok(mut store) = store.lock() {
            bound(&mut store.codes, |c| c.created);
            store.codes.insert(
                code.clone(),
                CodeGrant {
                    client: pending.client.id,
                    redirect_uri: pending.redirect_uri.clone(),
                    scope: pending.scope.clone(),
                    challenge: pending.challenge.clone(),
                    issuer: pending.issuer.clone(),
                    created: now(),
                    used: false,
                    issued: Vec::new(),
                },
            );
        }
        back.push(("code", &code));
    } else {
        back.push(("error", "access_denied"));
        back.push(("error_description", "The user declined the request"));
    }
    if let Some(state) = &pending.state {
        back.push(("state", state));
    }
    back.push(("iss", &pending.issuer));
    redirect_back(&pending.redirect_uri, &back)
}

/// An RFC 6749 §5.2 error.
fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    let mut response = (
        status,
        axum::Json(serde_json::json!({"error": error, "error_description": description})),
    )
        .into_response();
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The client's id and secret: HTTP Basic (form-urlencoded inside), or the form's fields.
fn client_auth(headers: &HeaderMap, form: &HashMap<String, String>) -> Option<(String, String)> {
    if let Some(value) = headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()) {
        let (scheme, encoded) = value.split_once(' ')?;
        if !scheme.eq_ignore_ascii_case("basic") {
            return None;
        }
        let decoded = STANDARD.decode(encoded.trim()).ok()?;
        let decoded = String::from_utf8(decoded).ok()?;
        let (id, secret) = decoded.split_once(':')?;
        let unescape = |s: &str| -> String {
            url::form_urlencoded::parse(format!("x={s}").as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default()
        };
        return Some((unescape(id), unescape(secret)));
    }
    Some((
        form.get("client_id")?.clone(),
        form.get("client_secret")?.clone(),
    ))
}

async fn token(
    State(store): State<Shared>,
    Path(realm): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !known_realm(&realm) {
        return oauth_error(
            StatusCode::NOT_FOUND,
            "invalid_request",
            "Realm does not exist",
        );
    }
    let form = query_map(&String::from_utf8_lossy(&body));
    let Some((id, secret)) = client_auth(&headers, &form) else {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Invalid client or Invalid client credentials",
        );
    };
    let Some(client) = find(&id, &realm) else {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Invalid client or Invalid client credentials",
        );
    };
    if secret != client.secret {
        // Keycloak 20 and later answer a wrong secret this way, not with invalid_client.
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "unauthorized_client",
            "Invalid client or Invalid client credentials",
        );
    }
    let Ok(mut store) = store.lock() else {
        return oauth_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server_error",
            "demo state lost",
        );
    };
    let field = |name: &str| form.get(name).map(String::as_str).unwrap_or_default();
    match field("grant_type") {
        "authorization_code" => code_grant(&mut store, client, &form),
        "refresh_token" => refresh_grant(&mut store, client, field("refresh_token")),
        "" => oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Missing form parameter: grant_type",
        ),
        _ => oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "Unsupported grant_type",
        ),
    }
}

fn code_grant(
    store: &mut Store,
    client: &'static DemoClient,
    form: &HashMap<String, String>,
) -> Response {
    let field = |name: &str| form.get(name).map(String::as_str).unwrap_or_default();
    let invalid =
        |description: &str| oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", description);
    let Some(grant) = store.codes.get_mut(field("code")) else {
        return invalid("Code not valid");
    };
    if grant.used {
        // A code used twice: what it issued is revoked (RFC 6749 §4.1.2).
        let issued = std::mem::take(&mut grant.issued);
        for token in issued {
            if let Some(refresh) = store.refresh.get_mut(&token) {
                refresh.revoked = true;
            }
        }
        return invalid("Code not valid");
    }
    grant.used = true;
    if grant.client != client.id || now() > grant.created + CODE_SECS {
        return invalid("Code not valid");
    }
    if field("redirect_uri") != grant.redirect_uri {
        return invalid("Incorrect redirect_uri");
    }
    let verifier = field("code_verifier");
    if verifier.is_empty() {
        return invalid("PKCE code verifier not specified");
    }
    if s256_challenge(verifier) != grant.challenge {
        return invalid("PKCE verification failed: Invalid code verifier");
    }
    let (scope, issuer) = (grant.scope.clone(), grant.issuer.clone());
    let Ok(refresh_token) = random_token(32) else {
        return oauth_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server_error",
            "No randomness",
        );
    };
    grant.issued.push(refresh_token.clone());
    bound(&mut store.refresh, |r| r.created);
    let now = now();
    store.refresh.insert(
        refresh_token.clone(),
        RefreshGrant {
            client: client.id,
            scope: scope.clone(),
            issuer: issuer.clone(),
            expires_at: now + REFRESH_SECS,
            revoked: false,
            created: now,
        },
    );
    tokens(client, &issuer, &scope, &refresh_token, REFRESH_SECS)
}

fn refresh_grant(store: &mut Store, client: &'static DemoClient, token: &str) -> Response {
    let invalid =
        |description: &str| oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", description);
    let Some(grant) = store.refresh.get(token) else {
        return invalid("Invalid refresh token");
    };
    if grant.revoked || grant.client != client.id {
        return invalid("Invalid refresh token");
    }
    let now = now();
    if now >= grant.expires_at {
        return invalid("Token is not active");
    }
    if client.refresh == RefreshRule::SessionEnded {
        return invalid("Session not active");
    }
    tokens(
        client,
        &grant.issuer,
        &grant.scope,
        token,
        grant.expires_at - now,
    )
}

/// Keycloak's token answer.
fn tokens(
    client: &DemoClient,
    issuer: &str,
    scope: &str,
    refresh_token: &str,
    refresh_secs: i64,
) -> Response {
    let now = now();
    let access = mint(issuer, client.id, scope, now, now + client.access_secs);
    let mut response = axum::Json(serde_json::json!({
        "access_token": access,
        "expires_in": client.access_secs,
        "refresh_expires_in": refresh_secs,
        "refresh_token": refresh_token,
        "token_type": "Bearer",
        "not-before-policy": 0,
        "scope": scope,
    }))
    .into_response();
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
