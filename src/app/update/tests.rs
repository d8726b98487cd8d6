//! `update` unit tests: feed messages, assert on state and effects.

use std::time::{Duration, Instant};

use secrecy::ExposeSecret as _;
use tui_input::InputRequest;

use super::*;
use crate::api::{ApiClient, BaseUrl, Exchange, HttpResponse, RequestSummary};
use crate::app::{ApiTarget, AuthMode, Field, Form};
use crate::inspection::Inspection;

const TOKEN: &str = "e68ead46-a7db-46cd-8a1a-44aed1e4e372";

fn app() -> App {
    App::new("http://127.0.0.1:9/v2", ApiTarget::Real).with_form(Form::prefilled(
        Some("token-FQ1V12".into()),
        Some(TOKEN.into()),
        None,
    ))
}

fn completed(status: u16, body: &str) -> Box<Completed> {
    let base = BaseUrl::parse("http://127.0.0.1:9/v2", false).expect("base");
    let client = ApiClient::new(base, Duration::from_secs(5)).expect("client");
    let exchange = Exchange {
        request: RequestSummary {
            method: "GET",
            url: "http://127.0.0.1:9/v2/account".into(),
            scheme: crate::api::AuthScheme::Basic,
            token_id: Some("token-FQ1V12".into()),
            proxy: None,
            authorization: "Basic …".into(),
        },
        elapsed: Duration::from_millis(5),
        result: Ok(HttpResponse {
            status,
            reason: String::new(),
            version: "HTTP/1.1".into(),
            headers: Vec::new(),
            body: body.as_bytes().to_vec(),
            final_url: "http://127.0.0.1:9/v2/account".into(),
        }),
    };
    Box::new(Completed::new(Inspection::from_exchange(exchange, &client)))
}

fn sent_id(effects: &[Effect]) -> u64 {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Send { id, .. } => Some(*id),
            Effect::Cancel { .. } => None,
        })
        .expect("a Send effect")
}

#[test]
fn enter_sends_the_form_credentials() {
    let mut app = app();
    let effects = update(&mut app, Message::Send);
    assert_eq!(effects.len(), 1);
    let Effect::Send { id, credentials } = &effects[0] else {
        panic!("expected Send, got {effects:?}");
    };
    assert_eq!(*id, 1);
    assert_eq!(credentials.token_id(), Some("token-FQ1V12"));
    let crate::api::Credentials::PersonalAccessToken { token, .. } = credentials else {
        panic!("personal token expected");
    };
    assert_eq!(token.expose_secret(), TOKEN);
    assert!(app.is_in_flight());
}

#[test]
fn empty_fields_block_sending_and_clear_when_fixed() {
    let mut app = App::new("http://127.0.0.1:9/v2", ApiTarget::Real);
    assert!(update(&mut app, Message::Send).is_empty());
    assert!(app.blocked);
    let ids: Vec<_> = app.preflight().iter().map(|(f, _)| f.id).collect();
    assert_eq!(ids, vec!["input.token-id-empty", "input.token-empty"]);
    assert!(matches!(app.request, RequestState::Idle));
    update(&mut app, Message::Paste("token-FQ1V12".into()));
    assert!(app.blocked, "the token is still missing");
    assert_eq!(app.preflight()[0].0.id, "input.token-empty");
    update(&mut app, Message::NextField);
    update(&mut app, Message::Paste(TOKEN.into()));
    assert!(!app.blocked);
    assert!(app.preflight().is_empty());
}

#[test]
fn a_stale_answer_never_overwrites_a_newer_request() {
    let mut app = app();
    let first = sent_id(&update(&mut app, Message::Send));
    let effects = update(&mut app, Message::Send);
    assert!(
        matches!(effects[0], Effect::Cancel { id } if id == first),
        "the running request is cancelled: {effects:?}"
    );
    let second = sent_id(&effects);
    update(
        &mut app,
        Message::Finished {
            id: first,
            completed: completed(401, ""),
        },
    );
    assert!(app.is_in_flight(), "the first answer is stale");
    update(
        &mut app,
        Message::Finished {
            id: second,
            completed: completed(200, r#"{"company":"x"}"#),
        },
    );
    assert_eq!(
        app.completed().and_then(|c| c.inspection.status()),
        Some(200)
    );
}

#[test]
fn esc_cancels_and_the_late_answer_is_ignored() {
    let mut app = app();
    let id = sent_id(&update(&mut app, Message::Send));
    let effects = update(&mut app, Message::Cancel);
    assert!(matches!(effects[..], [Effect::Cancel { id: c }] if c == id));
    assert!(matches!(app.request, RequestState::Cancelled { .. }));
    update(
        &mut app,
        Message::Finished {
            id,
            completed: completed(200, "{}"),
        },
    );
    assert!(matches!(app.request, RequestState::Cancelled { .. }));
    assert!(
        update(&mut app, Message::Cancel).is_empty(),
        "nothing left to cancel"
    );
}

#[test]
fn ticks_advance_elapsed_time_only_while_in_flight() {
    let mut app = app();
    update(&mut app, Message::Tick(Instant::now()));
    assert!(matches!(app.request, RequestState::Idle));
    update(&mut app, Message::Send);
    let RequestState::InFlight { started, .. } = app.request else {
        panic!()
    };
    update(
        &mut app,
        Message::Tick(started + Duration::from_millis(1500)),
    );
    let RequestState::InFlight { elapsed, frame, .. } = app.request else {
        panic!()
    };
    assert_eq!(elapsed, Duration::from_millis(1500));
    assert_eq!(frame, 1);
}

#[test]
fn focus_cycles_and_edits_go_to_the_focused_field() {
    let mut app = App::new("http://127.0.0.1:9/v2", ApiTarget::Real);
    assert_eq!(app.form.focus, Field::TokenId);
    update(&mut app, Message::Edit(InputRequest::InsertChar('a')));
    update(&mut app, Message::NextField);
    assert_eq!(app.form.focus, Field::Token);
    update(&mut app, Message::Edit(InputRequest::InsertChar('b')));
    update(&mut app, Message::NextField);
    assert_eq!(app.form.focus, Field::TokenId, "wraps around");
    update(&mut app, Message::PrevField);
    assert_eq!(app.form.focus, Field::Token);
    assert_eq!(app.form.token_id.value(), "a");
    assert_eq!(app.form.token.input().value(), "b");
    update(&mut app, Message::Edit(InputRequest::DeleteLine));
    assert_eq!(app.form.token.input().value(), "");
}

#[test]
fn reveal_and_auth_mode_toggle() {
    let mut app = app();
    update(&mut app, Message::ToggleReveal);
    assert!(app.form.reveal);
    update(&mut app, Message::ToggleAuthMode);
    assert_eq!(app.form.mode, AuthMode::OAuth);
    assert_eq!(app.form.focus, Field::AccessToken);
    assert!(
        update(&mut app, Message::Send).is_empty(),
        "empty access token blocks"
    );
    assert_eq!(app.preflight()[0].0.id, "input.access-token-empty");
    update(&mut app, Message::Paste("abc.def.ghi".into()));
    let effects = update(&mut app, Message::Send);
    assert!(matches!(
        &effects[0],
        Effect::Send {
            credentials: crate::api::Credentials::AccessToken(_),
            ..
        }
    ));
}

#[test]
fn help_overlay_takes_the_keyboard_and_esc_closes_it() {
    let mut app = app();
    update(&mut app, Message::ToggleHelp);
    assert_eq!(app.overlay, Overlay::Help);
    assert!(
        update(&mut app, Message::Send).is_empty(),
        "Enter does not send under help"
    );
    update(&mut app, Message::Edit(InputRequest::InsertChar('x')));
    assert_eq!(app.form.token_id.value(), "token-FQ1V12");
    update(&mut app, Message::Cancel);
    assert_eq!(app.overlay, Overlay::None);
    update(&mut app, Message::Quit);
    assert!(app.should_quit);
}

#[test]
fn quit_works_in_every_state() {
    for setup in [
        Message::ToggleHelp,
        Message::Send,
        Message::Resize {
            width: 10,
            height: 3,
        },
    ] {
        let mut app = app();
        update(&mut app, setup);
        update(&mut app, Message::Quit);
        assert!(app.should_quit);
    }
}

#[test]
fn body_scroll_stays_within_the_body() {
    let mut app = app();
    let id = sent_id(&update(&mut app, Message::Send));
    let body = format!(
        "[{}]",
        (0..100)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",")
    );
    update(
        &mut app,
        Message::Finished {
            id,
            completed: completed(200, &body),
        },
    );
    update(&mut app, Message::Scroll(-5));
    assert_eq!(app.body_scroll, 0);
    update(&mut app, Message::ScrollPage(1));
    assert_eq!(app.body_scroll, PAGE_LINES);
    update(&mut app, Message::Scroll(i32::MAX));
    let lines = app.completed().map_or(0, |c| c.body_lines.len());
    assert_eq!(app.body_scroll, lines - crate::ui::body_rows(&app));
    update(&mut app, Message::Scroll(i32::MIN));
    assert_eq!(app.body_scroll, 0);
}

#[test]
fn pasting_a_large_value_is_kept_whole() {
    let mut app = app();
    update(&mut app, Message::Edit(InputRequest::DeleteLine));
    let big = "x".repeat(100_000);
    update(&mut app, Message::Paste(big.clone()));
    assert_eq!(app.form.token_id.value(), big);
}

#[test]
fn app_debug_output_never_contains_the_token() {
    let mut app = app();
    update(&mut app, Message::Send);
    let debug = format!("{app:?}");
    assert!(!debug.contains(TOKEN), "token leaked into Debug output");
    assert!(
        !debug.contains("ZTY4ZWFkNDY"),
        "encoded token leaked into Debug output"
    );
}

#[test]
fn ctrl_t_applies_the_offered_fixes_in_turn() {
    let mut app = App::new("http://127.0.0.1:9/v2", ApiTarget::Real).with_form(Form::prefilled(
        Some(format!("{TOKEN}\n")),
        Some("token-FQ1V12".into()),
        None,
    ));
    let ids: Vec<_> = app.preflight().iter().map(|(f, _)| f.id).collect();
    assert_eq!(ids, vec!["input.swapped", "input.whitespace"]);
    update(&mut app, Message::ApplyFix);
    assert_eq!(app.form.token_id.value(), "token-FQ1V12");
    assert_eq!(app.form.token.input().value(), format!("{TOKEN}\n"));
    update(&mut app, Message::ApplyFix);
    assert_eq!(app.form.token.input().value(), TOKEN);
    assert!(app.preflight().is_empty());
    assert!(app.available_fix().is_none());
}

#[test]
fn a_pasted_basic_header_is_split_into_the_fields() {
    let mut app = App::new("http://127.0.0.1:9/v2", ApiTarget::Real);
    update(
        &mut app,
        Message::Paste(
            "Basic dG9rZW4tRlExVjEyOmU2OGVhZDQ2LWE3ZGItNDZjZC04YTFhLTQ0YWVkMWU0ZTM3Mg==".into(),
        ),
    );
    assert_eq!(app.preflight()[1].0.id, "input.basic-pasted");
    update(&mut app, Message::ApplyFix);
    assert_eq!(app.form.token_id.value(), "token-FQ1V12");
    assert_eq!(app.form.token.input().value(), TOKEN);
    assert_eq!(app.form.focus, Field::Token);
}

#[test]
fn a_jwt_moves_to_oauth_mode() {
    let mut app = App::new("http://127.0.0.1:9/v2", ApiTarget::Real);
    update(&mut app, Message::NextField);
    update(
        &mut app,
        Message::Paste("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ3MCJ9.c2ln".into()),
    );
    update(&mut app, Message::ApplyFix);
    assert_eq!(app.form.mode, AuthMode::OAuth);
    assert_eq!(
        app.form.access_token.input().value(),
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ3MCJ9.c2ln"
    );
    assert_eq!(app.form.token.input().value(), "");
}
