//! Rendering tests: the screen for each state and outcome, drawn on a `TestBackend` and
//! compared with reviewed snapshots (`tests/snapshots/`).

mod common;

use common::*;
use insta::assert_snapshot;
use sipgate_inspect::api::{TlsProblem, TransportErrorKind};
use sipgate_inspect::app::{ApiTarget, App, Overlay, update};
use sipgate_inspect::event::Message;

const ACCOUNT: &str = r#"{"company":"Love sipgate","mainProductType":"TEAM","logoUrl":"https://example.invalid/logo.png","verified":true,"historyLifeTime":"THIRTY_DAYS"}"#;

#[test]
fn idle() {
    assert_snapshot!(draw(&mut app(), 100, 30).backend());
}

#[test]
fn idle_at_80x24() {
    assert_snapshot!(draw(&mut app(), 80, 24).backend());
}

#[test]
fn in_flight() {
    assert_snapshot!(draw(&mut app_in_flight(), 100, 30).backend());
}

#[test]
fn success_200() {
    let mut app = app_with(answered(
        200,
        "OK",
        &[("content-type", "application/json")],
        ACCOUNT,
    ));
    assert_snapshot!(draw(&mut app, 100, 30).backend());
}

#[test]
fn success_with_unknown_values_and_fields() {
    let body = r#"{"company":"Neu GmbH","mainProductType":"GALAXY","verified":false,"historyLifeTime":"FOREVER","billingRegion":"EU"}"#;
    let mut app = app_with(answered(200, "OK", &[], body));
    assert_snapshot!(draw(&mut app, 100, 30).backend());
}

#[test]
fn unauthorized_401() {
    let body =
        r#"{"errors":[{"status":401,"title":"Unauthorized","detail":"Invalid token supplied"}]}"#;
    let mut app = app_with(answered(401, "Unauthorized", &[], body));
    assert_snapshot!(draw(&mut app, 100, 30).backend());
}

#[test]
fn forbidden_403_with_body() {
    let body = r#"{"errors":[{"status":403,"title":"Forbidden","detail":"The token lacks the scope account:read required by GET /account"}]}"#;
    let mut app = app_with(answered(403, "Forbidden", &[], body));
    assert_snapshot!(draw(&mut app, 100, 30).backend());
}

#[test]
fn not_json_200() {
    let body = "<html><body><h1>Hotel Wi-Fi</h1>Please log in</body></html>";
    let mut app = app_with(answered(200, "OK", &[("content-type", "text/html")], body));
    assert_snapshot!(draw(&mut app, 100, 30).backend());
}

#[test]
fn transport_error_connection_refused() {
    let mut app = app_with(failed(
        TransportErrorKind::ConnectionRefused,
        "connection refused",
        &[
            "error sending request for url (http://127.0.0.1:8080/v2/account)",
            "client error (Connect)",
            "tcp connect error",
            "Connection refused (os error 111)",
        ],
    ));
    assert_snapshot!(draw(&mut app, 100, 30).backend());
}

#[test]
fn transport_error_tls_unknown_issuer() {
    let mut app = app_with(failed(
        TransportErrorKind::Tls(TlsProblem::UnknownIssuer),
        "TLS: certificate issued by an unknown authority",
        &[],
    ));
    assert_snapshot!(draw(&mut app, 80, 24).backend());
}

#[test]
fn blocked_by_empty_fields() {
    let mut app = App::new(BASE, ApiTarget::Real);
    update(&mut app, Message::Send);
    assert_snapshot!(draw(&mut app, 100, 30).backend());
}

#[test]
fn revealed_token() {
    let mut app = app();
    update(&mut app, Message::ToggleReveal);
    let terminal = draw(&mut app, 100, 30);
    assert!(buffer_text(terminal.backend().buffer()).contains(TOKEN));
    assert_snapshot!(terminal.backend());
}

#[test]
fn oauth_mode() {
    let mut app = app();
    update(&mut app, Message::ToggleAuthMode);
    assert_snapshot!(draw(&mut app, 100, 30).backend());
}

#[test]
fn help_overlay_in_demo_mode() {
    let mut app = App::new(BASE, ApiTarget::Demo);
    app.overlay = Overlay::Help;
    assert_snapshot!(draw(&mut app, 120, 40).backend());
}

#[test]
fn tiny_terminal() {
    let mut app = app_with(answered(200, "OK", &[], ACCOUNT));
    assert_snapshot!(draw(&mut app, 20, 6).backend());
}

#[test]
fn narrow_terminal_stacks_panels() {
    let body =
        r#"{"errors":[{"status":401,"title":"Unauthorized","detail":"Invalid token supplied"}]}"#;
    let mut app = app_with(answered(401, "Unauthorized", &[], body));
    assert_snapshot!(draw(&mut app, 60, 30).backend());
}

#[test]
fn masked_token_never_appears_in_any_state() {
    let states: Vec<App> = vec![
        app(),
        app_in_flight(),
        app_with(answered(200, "OK", &[], ACCOUNT)),
        app_with(answered(401, "Unauthorized", &[], "")),
        app_with(failed(
            TransportErrorKind::Timeout,
            "no complete response within 15 s",
            &[],
        )),
    ];
    for mut app in states {
        for (w, h) in [(100, 30), (80, 24), (60, 20), (20, 6), (200, 60)] {
            let text = buffer_text(draw(&mut app, w, h).backend().buffer());
            assert!(!text.contains(TOKEN), "token visible at {w}x{h}:\n{text}");
            assert!(
                !text.contains(&TOKEN[..8]),
                "token prefix visible at {w}x{h}"
            );
        }
    }
}

#[test]
fn swapped_fields_warn_above_the_previous_result() {
    let mut app = app_with(answered(401, "Unauthorized", &[], ""));
    app.form =
        sipgate_inspect::app::Form::prefilled(Some(TOKEN.into()), Some(TOKEN_ID.into()), None);
    let terminal = draw(&mut app, 100, 30);
    let text = buffer_text(terminal.backend().buffer());
    assert!(text.contains("Ctrl+T fix"), "{text}");
    assert_snapshot!(terminal.backend());
}
