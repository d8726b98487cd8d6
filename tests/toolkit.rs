//! The test toolkit itself: a failed `assert_matches!` shows the value, and the builders'
//! defaults are what their documentation says.

mod common;

use std::time::Duration;

use common::{BASE, assert_matches, builders};
use sipgate_inspect::api::TransportErrorKind;

#[test]
#[should_panic(expected = "Some(3) does not match None")]
fn a_failed_assert_matches_shows_the_value() {
    assert_matches!(Some(3), None);
}

#[test]
#[should_panic(expected = "Some(3) does not match Some(n) if n > 5: too small")]
fn a_failed_assert_matches_shows_the_guard_and_the_message() {
    assert_matches!(Some(3), Some(n) if n > 5, "too {}", "small");
}

#[test]
fn the_default_exchange_is_a_200_for_account() {
    let exchange = builders::exchange().build();
    assert_eq!(exchange.request.url, format!("{BASE}/account"));
    assert_eq!(exchange.elapsed, Duration::from_millis(42));
    assert_matches!(&exchange.result, Ok(r) if r.status == 200 && r.body.is_empty());
    assert!(!exchange.request.authorization.contains(common::TOKEN));
}

#[test]
fn builders_change_only_what_they_name() {
    let exchange = builders::exchange()
        .path("/balance")
        .status(403, "Forbidden")
        .body("{}")
        .build();
    assert_eq!(exchange.request.url, format!("{BASE}/balance"));
    assert_matches!(&exchange.result, Ok(r) if r.status == 403 && r.final_url.ends_with("/balance"));
    let failed = builders::exchange()
        .failed(TransportErrorKind::ConnectionReset, "reset", &["a", "b"])
        .build();
    assert_matches!(&failed.result, Err(e) if e.chain == ["a", "b"]);
    let completed = builders::exchange().body(r#"{"a":1}"#).completed();
    assert_eq!(completed.body_lines, vec!["{", "  \"a\": 1", "}"]);
}
