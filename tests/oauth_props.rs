//! Property tests for every parser of outside input the OAuth sign-in adds (#14 item 5): the
//! callback query string, the token endpoint's answer, the listener's request line, the
//! redirect URI and the issuer. None may panic on any input; what they return is bounded.

use proptest::prelude::*;
use secrecy::ExposeSecret as _;
use sipgate_inspect::oauth::{
    Callback, Issuer, MAX_VALUE_CHARS, RedirectUri, TokenError, parse_callback,
    parse_token_response, request_target,
};

/// Query strings made of the parameters a callback has, with arbitrary (often encoded)
/// values, plus noise.
fn query() -> impl Strategy<Value = String> {
    let name = prop_oneof![
        Just("code".to_owned()),
        Just("state".to_owned()),
        Just("error".to_owned()),
        Just("error_description".to_owned()),
        Just("iss".to_owned()),
        "[a-z%&=+]{0,8}",
    ];
    prop::collection::vec((name, any::<String>(), "[%0-9A-Fa-f+&=]{0,6}"), 0..8).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(n, v, noise)| format!("{n}={v}{noise}"))
            .collect::<Vec<_>>()
            .join("&")
    })
}

/// 300 characters kept, each at most a 10-character escape (`\\u{10ffff}`), and `…`.
const BOUND: usize = 300 * 10 + 1;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn callbacks_never_panic_and_stay_bounded(q in query()) {
        let callback = parse_callback(&q);
        let within = |s: &str| s.chars().count() <= MAX_VALUE_CHARS;
        prop_assert!(callback.state().is_none_or(within));
        prop_assert!(callback.iss().is_none_or(within));
        match &callback {
            Callback::Code { code, .. } => {
                prop_assert!(!code.expose_secret().is_empty() && within(code.expose_secret()));
            }
            Callback::Error { error, description, .. } => {
                prop_assert!(within(error));
                prop_assert!(description.as_deref().is_none_or(within));
            }
            Callback::Neither { .. } => {}
        }
    }

    #[test]
    fn token_answers_never_panic(status in 100_u16..600, body in prop::collection::vec(any::<u8>(), 0..512)) {
        match parse_token_response(status, &body) {
            Ok(tokens) => prop_assert!((200..300).contains(&status) && !tokens.access_token.expose_secret().is_empty()),
            Err(TokenError::Provider { error, description, .. }) => {
                prop_assert!(error.chars().count() <= BOUND);
                prop_assert!(description.is_none_or(|d| d.chars().count() <= BOUND));
            }
            Err(TokenError::Unexpected { excerpt, .. }) => prop_assert!(excerpt.chars().count() <= BOUND),
            Err(TokenError::Transport(_)) => prop_assert!(false, "no transport error from a parser"),
        }
    }

    #[test]
    fn token_shaped_json_never_panics(
        access in prop::option::of(any::<String>()),
        expires in prop::option::of(any::<i64>()),
        error in prop::option::of(any::<String>()),
        status in prop_oneof![Just(200_u16), Just(400), Just(401), Just(500)],
    ) {
        let body = serde_json::json!({"access_token": access, "expires_in": expires, "error": error});
        let _ = parse_token_response(status, body.to_string().as_bytes());
    }

    #[test]
    fn request_lines_never_panic(head in prop::collection::vec(any::<u8>(), 0..256)) {
        if let Some((method, target)) = request_target(&head) {
            prop_assert!(!method.is_empty() && target.starts_with('/'));
        }
    }

    #[test]
    fn redirect_uris_and_issuers_never_panic(input in any::<String>(), realm in any::<String>()) {
        if let Ok(uri) = RedirectUri::parse(&input) {
            prop_assert!(uri.bind_addr().ip().is_loopback() && uri.port() != 0);
        }
        let _ = Issuer::parse(&input, false);
        if let Ok(issuer) = Issuer::sipgate(&realm) {
            prop_assert_eq!(issuer.realm(), Some(realm.as_str()));
        }
    }
}
