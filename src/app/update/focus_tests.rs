//! `update` tests for issue #16: where focus goes (typing never becomes commands), Esc and the
//! search, the footer's labels, what F5 copies, a refused or stale send, the history's scroll.
//! Keys go through the binding table, as the runtime sends them.

use super::tests::{app, base, completed, now, sent_id};
use super::*;
use crate::api::{ApiClient, AuthScheme, Exchange, HttpResponse, RequestSummary};
use crate::app::bindings::footer_entries;
use crate::app::keys::{Key, KeyCode, Modifiers};
use crate::app::message::{BackgroundMessage, FormMessage, OverlayMessage};
use crate::app::{
    ApiTarget, App, AuthMode, Completed, Field, Focus, Form, KeyContext, LayoutRecord, Overlay,
    RequestMessage, Tab, message_for_key,
};
use crate::inspection::Inspection;

/// Presses a key as the runtime does: mapped in the app's current key context.
fn press(app: &mut App, code: KeyCode, modifiers: Modifiers) -> Vec<Effect> {
    match message_for_key(Key::new(code, modifiers), KeyContext::of(app)) {
        Some(message) => update(app, message, now()),
        None => Vec::new(),
    }
}

fn type_text(app: &mut App, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| press(app, KeyCode::Char(c), Modifiers::NONE))
        .collect()
}

/// An app that sent the form and got `200` back.
fn answered() -> App {
    let mut app = app();
    let id = sent_id(&update(&mut app, RequestMessage::Send, now()));
    update(
        &mut app,
        BackgroundMessage::Finished {
            id,
            completed: completed(200, r#"{"company":"Love sipgate"}"#),
        },
        now(),
    );
    app
}

#[test]
fn typing_after_f4_in_the_form_stays_text() {
    let mut app = answered();
    app.form.token_id = tui_input::Input::default();
    type_text(&mut app, "token-");
    press(&mut app, KeyCode::F(4), Modifiers::NONE);
    let effects = type_text(&mut app, "chk12");
    assert_eq!(app.tab, Tab::Body, "F4 showed the next tab");
    assert_eq!(app.focus, Focus::Form);
    assert_eq!(app.form.focus, Field::TokenId);
    assert_eq!(app.form.token_id.value(), "token-chk12");
    assert_eq!(app.overlay, Overlay::None, "h did not open the history");
    assert!(effects.is_empty(), "c copied nothing: {effects:?}");
}

#[test]
fn tab_keys_and_arrows_in_the_form_keep_focus_in_the_form() {
    let mut app = answered();
    press(&mut app, KeyCode::F(3), Modifiers::NONE);
    assert_eq!((app.tab, app.focus), (Tab::Timing, Focus::Form));
    press(&mut app, KeyCode::Char('3'), Modifiers::ALT);
    assert_eq!((app.tab, app.focus), (Tab::Headers, Focus::Form));
    press(&mut app, KeyCode::Up, Modifiers::NONE);
    assert_eq!((app.focus, app.form.focus), (Focus::Form, Field::TokenId));
    press(&mut app, KeyCode::Down, Modifiers::NONE);
    assert_eq!((app.focus, app.form.focus), (Focus::Form, Field::Token));
    press(&mut app, KeyCode::Down, Modifiers::NONE);
    assert_eq!((app.focus, app.form.focus), (Focus::Form, Field::Token));
    press(&mut app, KeyCode::F(5), Modifiers::NONE);
    assert_eq!((app.tab, app.focus), (Tab::Request, Focus::Form));
    // Tab leaves the form for the results (the view lights their border), Shift+Tab comes back.
    press(&mut app, KeyCode::Tab, Modifiers::NONE);
    assert_eq!(app.focus, Focus::Results);
    press(&mut app, KeyCode::BackTab, Modifiers::NONE);
    assert_eq!((app.focus, app.form.focus), (Focus::Form, Field::Token));
}

#[test]
fn esc_closes_a_search_that_has_run() {
    let mut app = app();
    let id = sent_id(&update(&mut app, RequestMessage::Send, now()));
    update(
        &mut app,
        BackgroundMessage::Finished {
            id,
            completed: completed(200, r#"{"company":"sipgate","sip":"sip"}"#),
        },
        now(),
    );
    app.focus = Focus::Results;
    type_text(&mut app, "/sip");
    press(&mut app, KeyCode::Enter, Modifiers::NONE);
    assert_eq!(app.search.matches, vec![1, 2]);
    assert!(!app.search.editing);
    press(&mut app, KeyCode::Esc, Modifiers::NONE);
    assert!(app.search.matches.is_empty(), "the prompt row closes");
    assert_eq!(app.search.query.value(), "");
}

#[test]
fn footer_labels_follow_the_state_and_drop_whole_hints() {
    let mut app = app();
    assert_eq!(
        footer_entries(&app, 200),
        vec![
            ("Enter", "send"),
            ("Tab", "field"),
            ("Ctrl+R", "reveal"),
            ("F2", "OAuth"),
            ("F1", "help"),
            ("Ctrl+Q", "quit"),
        ]
    );
    update(&mut app, FormMessage::ToggleReveal, now());
    update(&mut app, FormMessage::ToggleAuthMode, now());
    assert_eq!(
        footer_entries(&app, 200),
        vec![
            ("Enter", "send"),
            ("Tab", "field"),
            ("Ctrl+R", "hide"),
            ("F2", "sign in"),
            ("F1", "help"),
            ("Ctrl+Q", "quit"),
        ]
    );
    let mut app = answered();
    app.focus = Focus::Results;
    // 80 columns: the least important hints give way whole; F1 help stays.
    assert_eq!(
        footer_entries(&app, 80),
        vec![
            ("↑↓", "scroll"),
            ("←→", "tab"),
            ("/", "search"),
            ("w", "no wrap"),
            ("c", "curl"),
            ("Tab", "form"),
            ("F1", "help"),
        ]
    );
    update(&mut app, NavigationMessage::ToggleWrap, now());
    assert!(footer_entries(&app, 200).contains(&("w", "wrap")));
}

/// A finished OAuth (Bearer) attempt.
fn completed_bearer() -> Box<Completed> {
    let client = ApiClient::new(base(), std::time::Duration::from_secs(5)).expect("client");
    let exchange = Exchange {
        request: RequestSummary {
            method: "GET",
            url: "http://127.0.0.1:9/v2/account".into(),
            scheme: AuthScheme::Bearer,
            token_id: None,
            proxy: None,
            authorization: "Bearer …".into(),
        },
        elapsed: std::time::Duration::from_millis(5),
        result: Ok(HttpResponse {
            status: 200,
            reason: "OK".into(),
            version: "HTTP/1.1".into(),
            headers: Vec::new(),
            body: b"{}".to_vec(),
            final_url: "http://127.0.0.1:9/v2/account".into(),
            time_to_headers: std::time::Duration::from_millis(3),
        }),
    };
    Box::new(Completed::new(
        Inspection::from_exchange(exchange, &client),
        now(),
    ))
}

#[test]
fn f5_copies_the_command_of_the_attempt_shown() {
    let mut app = App::new(base(), ApiTarget::Real).with_form(Form::prefilled(
        None,
        None,
        Some("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl".into()),
    ));
    let id = sent_id(&update(&mut app, RequestMessage::Send, now()));
    update(
        &mut app,
        BackgroundMessage::Finished {
            id,
            completed: completed_bearer(),
        },
        now(),
    );
    // OAuth → Sign in → personal access token.
    update(&mut app, FormMessage::ToggleAuthMode, now());
    update(&mut app, FormMessage::ToggleAuthMode, now());
    assert_eq!(app.form.mode, AuthMode::PersonalAccessToken);
    let effects = press(&mut app, KeyCode::F(5), Modifiers::NONE);
    let [Effect::Copy(command)] = effects.as_slice() else {
        panic!("one copy expected: {effects:?}");
    };
    assert_eq!(
        command,
        r#"curl -sS --oauth2-bearer "$SIPGATE_ACCESS_TOKEN" -H 'Accept: application/json' 'http://127.0.0.1:9/v2/account'"#
    );
    assert_eq!(*command, app.shown_curl(), "the Request tab shows the same");
}

#[test]
fn a_refused_enter_says_why_and_an_edit_marks_the_result_stale() {
    let mut app = answered();
    assert!(!app.shown_is_stale());
    // Moving the cursor is no edit.
    press(&mut app, KeyCode::Left, Modifiers::NONE);
    assert!(!app.shown_is_stale());
    type_text(&mut app, "x");
    assert!(
        app.shown_is_stale(),
        "the token id changed since it was sent"
    );
    app.form.token_id = tui_input::Input::default();
    press(&mut app, KeyCode::Enter, Modifiers::NONE);
    assert!(app.blocked);
    assert_eq!(app.blocked_reason().as_deref(), Some("Token ID is empty"));
    let mut app = App::new(base(), ApiTarget::Real);
    press(&mut app, KeyCode::Enter, Modifiers::NONE);
    assert_eq!(app.blocked_reason().as_deref(), Some("Token ID is empty"));
}

#[test]
fn the_history_highlight_moves_without_scrolling_while_in_view() {
    let mut app = app();
    for _ in 0..27 {
        update(&mut app, RequestMessage::Send, now());
    }
    update(&mut app, OverlayMessage::ToggleHistory, now());
    assert_eq!(app.history_cursor, 26);
    // What the history overlay records at 80×24: 18 rows of attempts.
    app.record_layout(LayoutRecord {
        history_rows: Some(18),
        ..LayoutRecord::default()
    });
    assert_eq!(app.history_scroll, 9, "the last page: #10 to #27");
    update(&mut app, OverlayMessage::HistoryMove(-1), now());
    assert_eq!((app.history_cursor, app.history_scroll), (25, 9));
    for _ in 0..17 {
        update(&mut app, OverlayMessage::HistoryMove(-1), now());
    }
    assert_eq!(
        (app.history_cursor, app.history_scroll),
        (8, 8),
        "now it scrolls"
    );
    update(&mut app, OverlayMessage::HistoryMove(1), now());
    assert_eq!((app.history_cursor, app.history_scroll), (9, 8));
}

#[test]
fn form_debug_shows_the_token_id_only_by_its_shape() {
    let swapped = Form::prefilled(
        Some("e68ead46-a7db-46cd-8a1a-44aed1e4e372".into()),
        Some("token-FQ1V12".into()),
        Some("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl".into()),
    );
    let debug = format!("{swapped:?}");
    assert!(!debug.contains("e68ead46"), "{debug}");
    assert!(!debug.contains("eyJhbGci"), "{debug}");
    assert!(!debug.contains("FQ1V12"), "the token: {debug}");
    assert!(
        debug.contains("‹36 characters, looks like a token (UUID)›"),
        "{debug}"
    );
    let fine = Form::prefilled(Some("token-FQ1V12".into()), Some("secret".into()), None);
    let debug = format!("{fine:?}");
    assert!(debug.contains("\"token-FQ1V12\""), "{debug}");
    assert!(!debug.contains("secret"), "{debug}");
}
