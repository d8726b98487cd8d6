//! The TUI's "Sign in" mode: `update` on its own (Enter starts, Esc cancels, the answer puts
//! the token in use and sends the inspection, refresh ahead of expiry, a refused refresh
//! offers to sign in again), and the whole flow through the real runtime against the demo
//! provider, with the test as the browser.

mod common;

use std::net::SocketAddr;
use std::time::Duration;

use common::assert_matches;
use common::drive::Running;
use common::oauth_browser::{Consent, consent, follow, free_port};
use common::{later, now};
use crossterm::event::{KeyCode, KeyModifiers};
use secrecy::{ExposeSecret as _, SecretString};
use sipgate_inspect::api::{BaseUrl, Credentials};
use sipgate_inspect::app::sign_in::{
    SignInEffect, SignInForm, SignInMessage, SignInPhase, SignInState,
};
use sipgate_inspect::app::{
    ApiTarget, App, AuthMode, BackgroundMessage, Effect, Form, FormMessage, Message,
    RequestMessage, update,
};
use sipgate_inspect::oauth::{Issuer, SignedIn, TokenError, TokenSet};

const SECRET: &str = "client-secret-never-shown";
/// Opaque (not a JWT), so no claims and no expiry of its own get in the way.
const ACCESS: &str = "opaque-access-token-never-shown";
const REFRESH: &str = "refresh-token-never-shown";

fn sign_in_app(issuer: &str, redirect: &str) -> App {
    let mut sign_in = SignInForm::prefilled(Some("demo-app".into()), Some(SECRET.into()));
    sign_in.redirect_uri = tui_input::Input::new(redirect.to_owned());
    let mut form = Form::prefilled(None, None, None).with_sign_in(sign_in);
    form.mode = AuthMode::SignIn;
    form.focus = form.fields()[0];
    App::new(
        BaseUrl::parse("http://127.0.0.1:9/v2", false).expect("base"),
        ApiTarget::Real,
    )
    .with_form(form)
    .with_sign_in(SignInState {
        issuer: Issuer::parse(issuer, false).expect("issuer"),
        open_browser: false,
        ..SignInState::default()
    })
}

fn app() -> App {
    sign_in_app(
        "https://login.sipgate.com/auth/realms/sipgate-apps",
        "http://127.0.0.1:8749/callback",
    )
}

fn tokens(expires_in: u64) -> TokenSet {
    TokenSet {
        access_token: SecretString::from(ACCESS.to_owned()),
        refresh_token: Some(SecretString::from(REFRESH.to_owned())),
        token_type: "Bearer".into(),
        expires_in: Some(expires_in),
        refresh_expires_in: Some(2_592_000),
        scope: Some("account:read".into()),
    }
}

fn started(app: &mut App) -> u64 {
    let effects = update(app, RequestMessage::Send, now());
    let [
        Effect::SignIn(SignInEffect::Start {
            id,
            config,
            wait,
            open_browser,
            ..
        }),
    ] = &effects[..]
    else {
        panic!("{effects:?}")
    };
    assert_eq!(config.client.client_id, "demo-app");
    assert_eq!(config.client.client_secret.expose_secret(), SECRET);
    assert_eq!(config.redirect.as_str(), "http://127.0.0.1:8749/callback");
    assert_eq!(
        config.issuer.as_str(),
        "https://login.sipgate.com/auth/realms/sipgate-apps"
    );
    assert_eq!(config.scopes[0], "account:read");
    assert_eq!(*wait, Duration::from_secs(300));
    assert!(!open_browser);
    *id
}

fn signed_in(app: &mut App, id: u64, expires_in: u64) -> Vec<Effect> {
    update(
        app,
        SignInMessage::Finished {
            id,
            result: Box::new(Ok(SignedIn {
                tokens: tokens(expires_in),
                client_id: "demo-app".into(),
            })),
        },
        now(),
    )
}

#[test]
fn f2_cycles_to_sign_in_and_back() {
    let mut app = App::new(
        BaseUrl::parse("http://127.0.0.1:9/v2", false).expect("base"),
        ApiTarget::Real,
    );
    let mut modes = Vec::new();
    for _ in 0..3 {
        update(&mut app, FormMessage::ToggleAuthMode, now());
        modes.push(app.form.mode);
    }
    assert_eq!(
        modes,
        [
            AuthMode::OAuth,
            AuthMode::SignIn,
            AuthMode::PersonalAccessToken
        ]
    );
}

#[test]
fn enter_starts_a_sign_in_and_the_url_is_copied_when_no_browser_opened() {
    let mut app = app();
    let id = started(&mut app);
    assert_matches!(app.sign_in.phase, SignInPhase::Waiting { id: i, url: None, .. } if i == id);
    let effects = update(
        &mut app,
        SignInMessage::Started {
            id,
            url: "https://login.example/auth?x=1".into(),
            opened: false,
        },
        now(),
    );
    assert_matches!(&effects[..], [Effect::Copy(url)] if url == "https://login.example/auth?x=1");
}

#[test]
fn an_empty_secret_is_refused_before_anything_starts() {
    let mut app = app();
    app.form.sign_in.client_secret = sipgate_inspect::app::SecretInput::new(String::new());
    let effects = update(&mut app, RequestMessage::Send, now());
    assert!(effects.is_empty());
    assert_eq!(
        app.notice.as_deref(),
        Some("Not signed in: Client secret is empty")
    );
    assert_matches!(app.sign_in.phase, SignInPhase::Idle);
}

#[test]
fn esc_cancels_the_wait_and_closes_the_listener() {
    let mut app = app();
    let id = started(&mut app);
    let effects = update(&mut app, Message::Cancel, now());
    assert_matches!(&effects[..], [Effect::SignIn(SignInEffect::Cancel { id: i })] if *i == id);
    assert_matches!(app.sign_in.phase, SignInPhase::Idle);
    // Its late answer changes nothing.
    signed_in(&mut app, id, 300);
    assert_matches!(app.sign_in.phase, SignInPhase::Idle);
    assert!(app.sign_in.session.is_none());
}

#[test]
fn signed_in_the_inspection_is_sent_at_once_with_the_token() {
    let mut app = app();
    let id = started(&mut app);
    let effects = signed_in(&mut app, id, 300);
    let [
        Effect::Send {
            credentials: Credentials::AccessToken(token),
            ..
        },
    ] = &effects[..]
    else {
        panic!("{effects:?}")
    };
    assert_eq!(token.expose_secret(), ACCESS);
    assert_matches!(app.sign_in.phase, SignInPhase::SignedIn);
    // Enter now sends again (the newest request wins) rather than signing in again.
    assert_matches!(
        &update(&mut app, RequestMessage::Send, later(10))[..],
        [Effect::Cancel { .. }, Effect::Send { .. }]
    );
    // Copy as curl names the token by its variable.
    let copied = update(&mut app, RequestMessage::CopyCurl, later(20));
    assert_matches!(
        &copied[..],
        [Effect::Copy(curl)] if curl.contains("--oauth2-bearer \"$SIPGATE_ACCESS_TOKEN\"")
            && !curl.contains(ACCESS)
    );
    let shown = format!("{app:?}");
    for secret in [SECRET, ACCESS, REFRESH] {
        assert!(!shown.contains(secret), "Debug shows {secret}");
    }
}

#[test]
fn the_token_is_refreshed_30_s_before_it_expires_and_on_f7() {
    let mut app = app();
    let id = started(&mut app);
    signed_in(&mut app, id, 300);
    assert!(update(&mut app, BackgroundMessage::Tick, later(269_000)).is_empty());
    let effects = update(&mut app, BackgroundMessage::Tick, later(270_000));
    let [
        Effect::SignIn(SignInEffect::Refresh {
            refresh_token,
            client,
            ..
        }),
    ] = &effects[..]
    else {
        panic!("{effects:?}")
    };
    assert_eq!(refresh_token.expose_secret(), REFRESH);
    assert_eq!(client.client_id, "demo-app");
    // One refresh at a time.
    assert!(update(&mut app, BackgroundMessage::Tick, later(271_000)).is_empty());
    assert!(update(&mut app, SignInMessage::RefreshNow, later(271_000)).is_empty());

    let mut fresh = self::app();
    let id = started(&mut fresh);
    signed_in(&mut fresh, id, 300);
    assert_matches!(
        &update(&mut fresh, SignInMessage::RefreshNow, later(1000))[..],
        [Effect::SignIn(SignInEffect::Refresh { .. })]
    );
}

#[test]
fn a_refreshed_token_keeps_the_results_current() {
    let mut app = app();
    let id = started(&mut app);
    signed_in(&mut app, id, 300);
    let revision = app.form.revision;
    let effects = update(&mut app, SignInMessage::RefreshNow, later(1000));
    let [Effect::SignIn(SignInEffect::Refresh { id: refresh, .. })] = &effects[..] else {
        panic!("{effects:?}")
    };
    update(
        &mut app,
        SignInMessage::Refreshed {
            id: *refresh,
            result: Box::new(Ok(tokens(300))),
        },
        later(2000),
    );
    assert_eq!(app.notice.as_deref(), Some("Access token refreshed"));
    // The same session under a new token: what is on screen is not "for other credentials".
    assert_eq!(app.form.revision, revision);
}

#[test]
fn a_refused_refresh_is_diagnosed_and_enter_signs_in_again() {
    let mut app = app();
    let id = started(&mut app);
    signed_in(&mut app, id, 300);
    let effects = update(&mut app, SignInMessage::RefreshNow, later(1000));
    let [Effect::SignIn(SignInEffect::Refresh { id: refresh, .. })] = &effects[..] else {
        panic!("{effects:?}")
    };
    update(
        &mut app,
        SignInMessage::Refreshed {
            id: *refresh,
            result: Box::new(Err(TokenError::Provider {
                status: 400,
                error: "invalid_grant".into(),
                description: Some("Session not active".into()),
            })),
        },
        later(2000),
    );
    assert_matches!(
        &app.sign_in.phase,
        SignInPhase::Failed { findings } if findings[0].id == "oauth.refresh-failed"
    );
    assert_eq!(
        app.notice.as_deref(),
        Some("Refresh failed: Enter signs in again")
    );
    assert_matches!(
        &update(&mut app, RequestMessage::Send, later(3000))[..],
        [Effect::SignIn(SignInEffect::Start { .. })]
    );
}

#[test]
fn a_failed_sign_in_shows_its_findings() {
    let mut app = app();
    let id = started(&mut app);
    update(
        &mut app,
        SignInMessage::Finished {
            id,
            result: Box::new(Err(sipgate_inspect::oauth::SignInError::Redirect {
                error: "access_denied".into(),
                description: None,
            })),
        },
        now(),
    );
    assert_matches!(
        &app.sign_in.phase,
        SignInPhase::Failed { findings } if findings[0].id == "oauth.access-denied"
    );
    let screen = common::buffer_text(common::draw(&mut app, 100, 30).backend().buffer());
    assert!(screen.contains("The sign-in was declined"), "{screen}");
    assert!(screen.contains("Enter signs in again."), "{screen}");
}

/// The whole flow through the real runtime: F2 twice, Enter, the test plays the browser,
/// and the inspection runs with the new token, its expiry counting down in the header.
#[tokio::test]
async fn sign_in_through_the_runtime_then_the_inspection() {
    let server = sipgate_inspect::demo::spawn(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("demo");
    let redirect = format!("http://127.0.0.1:{}/callback", free_port());
    let mut app = sign_in_app(
        &format!("http://{}/auth/realms/sipgate-apps", server.addr()),
        &redirect,
    );
    app.base_url = BaseUrl::parse(&server.base_url(), false).expect("base");
    app.form.sign_in.client_secret =
        sipgate_inspect::app::SecretInput::new(sipgate_inspect::demo::DEMO_CLIENT_SECRET.into());
    app.form.mode = AuthMode::PersonalAccessToken;
    let client = common::drive::default_client(&server.base_url());
    let running = Running::start_with(app, client, (100, 30));
    running.key(KeyCode::F(2), KeyModifiers::NONE);
    running.key(KeyCode::F(2), KeyModifiers::NONE);
    running.key(KeyCode::Enter, KeyModifiers::NONE);
    running.wait_for("Waiting for the browser").await;
    running
        .wait_until("copied the URL", |r| {
            !r.copied.lock().expect("copied").is_empty()
        })
        .await;
    let url = running.copied.lock().expect("copied")[0].clone();
    let Consent::Redirect(location) = consent(&url, "allow").await else {
        panic!("no redirect")
    };
    follow(&location).await;
    running.wait_for("200 OK").await;
    running.wait_for("signed in: demo-app · token 4:").await;
    let frame = running.last_frame();
    assert!(frame.contains("Authorization: Bearer ••••"), "{frame}");
    let (app, frames) = running.quit().await;
    let token = app.form.sign_in.access_token.to_secret();
    for frame in &frames {
        assert!(
            !frame.contains(token.expose_secret()),
            "a frame shows the token"
        );
        assert!(
            !frame.contains("demo-secret"),
            "a frame shows the client secret"
        );
    }
}

#[tokio::test]
async fn esc_through_the_runtime_closes_the_listener() {
    let server = sipgate_inspect::demo::spawn(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("demo");
    let port = free_port();
    let app = sign_in_app(
        &format!("http://{}/auth/realms/sipgate-apps", server.addr()),
        &format!("http://127.0.0.1:{port}/callback"),
    );
    let client = common::drive::default_client(&server.base_url());
    let running = Running::start_with(app, client, (100, 30));
    running.key(KeyCode::Enter, KeyModifiers::NONE);
    running
        .wait_until("copied the URL", |r| {
            !r.copied.lock().expect("copied").is_empty()
        })
        .await;
    running.key(KeyCode::Esc, KeyModifiers::NONE);
    running
        .wait_for("Sign-in cancelled; the listener is closed")
        .await;
    running
        .wait_until("the port is free", |_| {
            std::net::TcpListener::bind(("127.0.0.1", port)).is_ok()
        })
        .await;
    running.quit().await;
}

#[test]
fn a_short_lived_token_is_refreshed_after_three_quarters_of_its_life_not_at_once() {
    let mut app = app();
    let id = started(&mut app);
    signed_in(&mut app, id, 20);
    assert!(update(&mut app, BackgroundMessage::Tick, later(1_000)).is_empty());
    assert!(update(&mut app, BackgroundMessage::Tick, later(14_000)).is_empty());
    assert_matches!(
        &update(&mut app, BackgroundMessage::Tick, later(15_000))[..],
        [Effect::SignIn(SignInEffect::Refresh { .. })]
    );
}
