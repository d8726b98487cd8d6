//! Response builders for the demo server: sipgate-style error bodies, RFC 9457 problem details,
//! and the deliberately bad answers (truncated JSON, a captive-portal page) the scenarios need.

use axum::Json;
use axum::http::header::{ALLOW, CONTENT_TYPE, RETRY_AFTER, WWW_AUTHENTICATE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// Value of `WWW-Authenticate` on every 401.
pub(crate) const WWW_AUTHENTICATE_VALUE: &str = "Basic realm=\"sipgate API (demo)\"";

/// Seconds in the `Retry-After` header of the rate-limit scenario.
pub(crate) const RETRY_AFTER_SECONDS: u32 = 30;

/// A `200` with a JSON body.
pub(crate) fn ok_json(body: Value) -> Response {
    Json(body).into_response()
}

/// sipgate's own error shape: `{"errors":[{"status":…,"title":…,"detail":…}]}` as
/// `application/json`. The title is the status's reason phrase, as sipgate's bodies use.
pub(crate) fn sipgate_error(status: StatusCode, detail: &str) -> Response {
    let body = json!({
        "errors": [{
            "status": status.as_u16(),
            "title": status.canonical_reason().unwrap_or("Error"),
            "detail": detail,
        }]
    });
    (status, Json(body)).into_response()
}

/// `401` with a sipgate error body and the `WWW-Authenticate` challenge.
pub(crate) fn unauthorized(detail: &str) -> Response {
    let mut response = sipgate_error(StatusCode::UNAUTHORIZED, detail);
    response.headers_mut().insert(
        WWW_AUTHENTICATE,
        HeaderValue::from_static(WWW_AUTHENTICATE_VALUE),
    );
    response
}

/// `403` saying the token lacks the scope an endpoint needs.
pub(crate) fn missing_scope(scope: &str, endpoint: &str) -> Response {
    let detail = format!("The token lacks the scope {scope} required by GET {endpoint}");
    sipgate_error(StatusCode::FORBIDDEN, &detail)
}

/// `404` for a path the demo API does not have; the path is not echoed back.
pub(crate) fn unknown_path() -> Response {
    sipgate_error(
        StatusCode::NOT_FOUND,
        "No such endpoint in the sipgate demo API",
    )
}

/// `405` with `Allow: GET`: every demo endpoint is read-only.
pub(crate) fn method_not_allowed() -> Response {
    let mut response = sipgate_error(
        StatusCode::METHOD_NOT_ALLOWED,
        "Only GET is supported on this endpoint of the demo API",
    );
    response
        .headers_mut()
        .insert(ALLOW, HeaderValue::from_static("GET"));
    response
}

/// `429` as a gateway would send it: RFC 9457 `application/problem+json` plus `Retry-After`.
pub(crate) fn rate_limited() -> Response {
    let body = json!({
        "type": "https://demo.sipgate.invalid/problems/rate-limit",
        "title": "Too Many Requests",
        "status": 429,
        "detail": format!("Rate limit exceeded; retry after {RETRY_AFTER_SECONDS} seconds"),
    });
    let mut response = (StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    headers.insert(RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECONDS));
    response
}

/// `200` labelled `application/json` whose body stops half-way, as from a cut connection or a
/// buggy proxy.
pub(crate) fn truncated_json(body: &Value) -> Response {
    let text = body.to_string();
    let mut cut = text.len() / 2;
    // The fixtures are ASCII, but never cut inside a character whatever they hold.
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let truncated = text[..cut].to_owned();
    (
        [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
        truncated,
    )
        .into_response()
}

/// `200` with an HTML login page, as a hotel or train Wi-Fi answers any request before login.
pub(crate) fn captive_portal() -> Response {
    (
        [(
            CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        CAPTIVE_PORTAL_HTML,
    )
        .into_response()
}

const CAPTIVE_PORTAL_HTML: &str = "<!DOCTYPE html>
<html lang=\"en\">
<head><meta charset=\"utf-8\"><title>Welcome to Demo Wi-Fi</title></head>
<body>
<h1>Welcome to Demo Wi-Fi</h1>
<p>Please accept the terms of use to connect to the internet.</p>
<form method=\"post\" action=\"/login\"><button type=\"submit\">Accept and connect</button></form>
</body>
</html>
";
