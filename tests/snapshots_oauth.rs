//! Snapshots of the "Sign in" mode: the form, and the waiting screen (the authorization URL
//! in full, the countdown, Esc), each at 100×30 and 80×24.

mod common;

use common::{draw, later, now};
use insta::assert_snapshot;
use sipgate_inspect::api::BaseUrl;
use sipgate_inspect::app::sign_in::{SignInForm, SignInMessage, SignInState};
use sipgate_inspect::app::{ApiTarget, App, AuthMode, Form, RequestMessage, update};
use sipgate_inspect::oauth::Issuer;

fn sign_in_app() -> App {
    let sign_in = SignInForm::prefilled(Some("my-crm:sipgate-apps".into()), Some("s3cr3t".into()));
    let mut form = Form::prefilled(None, None, None).with_sign_in(sign_in);
    form.mode = AuthMode::SignIn;
    form.focus = form.fields()[0];
    App::new(
        BaseUrl::parse("https://api.sipgate.com/v2", false).expect("base"),
        ApiTarget::Real,
    )
    .with_form(form)
    .with_sign_in(SignInState {
        issuer: Issuer::sipgate("sipgate-apps").expect("issuer"),
        open_browser: false,
        ..SignInState::default()
    })
}

/// Waiting for the browser, 7 s into the 300 s wait, with a fixed URL (the real one has a
/// random state and challenge).
fn waiting() -> App {
    let mut app = sign_in_app();
    update(&mut app, RequestMessage::Send, now());
    update(
        &mut app,
        SignInMessage::Started {
            id: 1,
            url: "https://login.sipgate.com/auth/realms/sipgate-apps/protocol/openid-connect/auth?response_type=code&client_id=my-crm%3Asipgate-apps&redirect_uri=http%3A%2F%2F127.0.0.1%3A8749%2Fcallback&scope=account%3Aread+users%3Aread&state=STATE&code_challenge=CHALLENGE&code_challenge_method=S256".into(),
            opened: true,
        },
        now(),
    );
    update(
        &mut app,
        sipgate_inspect::app::BackgroundMessage::Tick,
        later(7_000),
    );
    app
}

#[test]
fn sign_in_form() {
    assert_snapshot!(draw(&mut sign_in_app(), 100, 30).backend());
}

#[test]
fn sign_in_form_at_80x24() {
    assert_snapshot!(draw(&mut sign_in_app(), 80, 24).backend());
}

#[test]
fn sign_in_waiting_for_the_browser() {
    assert_snapshot!(draw(&mut waiting(), 100, 30).backend());
}

#[test]
fn sign_in_waiting_for_the_browser_at_80x24() {
    assert_snapshot!(draw(&mut waiting(), 80, 24).backend());
}
