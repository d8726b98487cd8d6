//! How a token id may be shown. This is the one place that decides; every output (the TUI's
//! Request tab, "Request as sent", the history, the masked Authorization header, `check` and its
//! JSON) goes through [`shown_token_id`].
//!
//! A token id is not secret (sipgate's web app lists it), but what people type into the Token ID
//! field often is: the token itself (the two fields swapped), a whole `Basic …` header, or
//! `id:token`. So only a value of sipgate's token-id shape is shown as it is; anything else is
//! described by its shape alone, as the demo server's request log does.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

/// `token-` followed by exactly six ASCII letters or digits, sipgate's token-id format.
#[must_use]
pub fn is_token_id(value: &str) -> bool {
    value
        .strip_prefix("token-")
        .is_some_and(|rest| rest.len() == 6 && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The token id as it may be shown: itself when it has sipgate's token-id shape, otherwise only
/// its length and what it looks like, e.g. `‹36 characters, looks like a token (UUID)›`.
#[must_use]
pub fn shown_token_id(token_id: &str) -> String {
    if is_token_id(token_id) {
        return token_id.to_owned();
    }
    if token_id.is_empty() {
        return "‹empty›".to_owned();
    }
    let count = token_id.chars().count();
    let unit = if count == 1 {
        "character"
    } else {
        "characters"
    };
    format!("‹{count} {unit}, {}›", kind(token_id))
}

/// How [`shown_token_id`] describes a value shaped like an e-mail address (the diagnosis
/// looks for it: e-mail and password are the old web login, which the API no longer takes).
pub const LOOKS_LIKE_EMAIL: &str = "looks like an e-mail address";

/// What a value that is not a token id looks like, without quoting any of it.
fn kind(value: &str) -> &'static str {
    let trimmed = value.trim();
    if is_token_id(trimmed) {
        "a token id with whitespace around it"
    } else if is_uuid(trimmed) {
        "looks like a token (UUID)"
    } else if starts_with_ignore_case(trimmed, "Basic ") {
        "looks like an Authorization header (Basic …)"
    } else if starts_with_ignore_case(trimmed, "Bearer ") {
        "looks like an Authorization header (Bearer …)"
    } else if is_jwt(trimmed) {
        "looks like an OAuth access token (JWT)"
    } else if looks_like_email(trimmed) {
        LOOKS_LIKE_EMAIL
    } else if trimmed.contains(':') {
        "looks like token id:token"
    } else if decodes_to_credential(trimmed) {
        "looks like the Base64 of token id:token"
    } else if trimmed.starts_with("token-") {
        "not a token id (token- and 6 letters or digits)"
    } else {
        "not a token id"
    }
}

/// `local@domain.tld` with no spaces: the shape, not a validation.
fn looks_like_email(value: &str) -> bool {
    value.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !value.contains(char::is_whitespace)
            && !domain.contains('@')
    })
}

fn starts_with_ignore_case(value: &str, prefix: &str) -> bool {
    value
        .get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
}

/// A UUID in 8-4-4-4-12 hex form, any case: the shape of a personal access token.
#[must_use]
pub fn is_uuid(value: &str) -> bool {
    let groups: Vec<&str> = value.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, len)| g.len() == len && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Three base64url segments, the first a JSON header (`eyJ`): the shape of an OAuth access
/// token.
#[must_use]
pub fn is_jwt(value: &str) -> bool {
    let parts: Vec<&str> = value.split('.').collect();
    parts.len() == 3
        && parts[0].starts_with("eyJ")
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'=')
        })
}

/// Base64 of text with a colon in it: a whole Basic credential without its scheme.
fn decodes_to_credential(value: &str) -> bool {
    STANDARD
        .decode(value)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .is_some_and(|text| text.contains(':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_ids_are_shown_as_they_are() {
        assert_eq!(shown_token_id("token-FQ1V12"), "token-FQ1V12");
        assert_eq!(shown_token_id("token-ab12cd"), "token-ab12cd");
    }

    #[test]
    fn anything_else_is_shown_by_its_shape_only() {
        let cases = [
            (
                "e68ead46-a7db-46cd-8a1a-44aed1e4e372",
                "‹36 characters, looks like a token (UUID)›",
            ),
            (
                "Basic dG9rZW4tRlExVjEyOmU2OGVhZDQ2LWE3ZGItNDZjZC04YTFhLTQ0YWVkMWU0ZTM3Mg==",
                "‹74 characters, looks like an Authorization header (Basic …)›",
            ),
            (
                "dG9rZW4tRlExVjEyOmU2OGVhZDQ2LWE3ZGItNDZjZC04YTFhLTQ0YWVkMWU0ZTM3Mg==",
                "‹68 characters, looks like the Base64 of token id:token›",
            ),
            (
                "token-FQ1V12:e68ead46-a7db-46cd-8a1a-44aed1e4e372",
                "‹49 characters, looks like token id:token›",
            ),
            (
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln",
                "‹41 characters, looks like an OAuth access token (JWT)›",
            ),
            (
                " token-FQ1V12 ",
                "‹14 characters, a token id with whitespace around it›",
            ),
            (
                "token-FQ1V1",
                "‹11 characters, not a token id (token- and 6 letters or digits)›",
            ),
            ("hunter2", "‹7 characters, not a token id›"),
            ("x", "‹1 character, not a token id›"),
            ("", "‹empty›"),
        ];
        for (value, shown) in cases {
            assert_eq!(shown_token_id(value), shown, "{value}");
        }
    }

    #[test]
    fn the_shape_counts_characters_not_bytes() {
        assert_eq!(shown_token_id("tökén"), "‹5 characters, not a token id›");
    }
}
