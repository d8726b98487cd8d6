//! `update` unit tests: feed messages, assert on state and effects.

use std::sync::LazyLock;
use std::time::{Duration, Instant, SystemTime};

use secrecy::ExposeSecret as _;
use tui_input::InputRequest;

use super::*;
use crate::api::{ApiClient, BaseUrl, Exchange, HttpResponse, RequestSummary};
use crate::app::message::{BackgroundMessage, FormMessage, OverlayMessage};
use crate::app::{
    ApiTarget, Area, AttemptOutcome, AuthMode, Completed, Field, Focus, Form, LayoutRecord,
    RequestState, Tab, TabTitle,
};
use crate::inspection::Inspection;

const TOKEN: &str = "e68ead46-a7db-46cd-8a1a-44aed1e4e372";

/// One fixed point in time for every test: `update` reads no clock, so the tests choose the
/// time they pass it.
static START: LazyLock<Now> = LazyLock::new(|| Now {
    instant: Instant::now(),
    wall: SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000),
});

pub(super) fn now() -> Now {
    *START
}

/// `ms` milliseconds after [`now`].
fn later(ms: u64) -> Now {
    Now {
        instant: START.instant + Duration::from_millis(ms),
        wall: START.wall + Duration::from_millis(ms),
    }
}

pub(super) fn base() -> BaseUrl {
    BaseUrl::parse("http://127.0.0.1:9/v2", false).expect("base")
}

pub(super) fn app() -> App {
    App::new(base(), ApiTarget::Real).with_form(Form::prefilled(
        Some("token-FQ1V12".into()),
        Some(TOKEN.into()),
        None,
    ))
}

pub(super) fn completed(status: u16, body: &str) -> Box<Completed> {
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
            time_to_headers: Duration::from_millis(30),
        }),
    };
    Box::new(Completed::new(
        Inspection::from_exchange(exchange, &client),
        now(),
    ))
}

pub(super) fn sent_id(effects: &[Effect]) -> u64 {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Send { id, .. } => Some(*id),
            _ => None,
        })
        .expect("a Send effect")
}

#[test]
fn enter_sends_the_form_credentials() {
    let mut app = app();
    let effects = update(&mut app, RequestMessage::Send, now());
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
    let mut app = App::new(base(), ApiTarget::Real);
    assert!(update(&mut app, RequestMessage::Send, now()).is_empty());
    assert!(app.blocked);
    let ids: Vec<_> = app.preflight().iter().map(|(f, _)| f.id).collect();
    assert_eq!(ids, vec!["input.token-id-empty", "input.token-empty"]);
    assert_matches!(app.request, RequestState::Idle);
    update(&mut app, FormMessage::Paste("token-FQ1V12".into()), now());
    assert!(app.blocked, "the token is still missing");
    assert_eq!(app.preflight()[0].0.id, "input.token-empty");
    update(&mut app, FormMessage::NextField, now());
    update(&mut app, FormMessage::Paste(TOKEN.into()), now());
    assert!(!app.blocked);
    assert!(app.preflight().is_empty());
}

#[test]
fn a_stale_answer_never_overwrites_a_newer_request() {
    let mut app = app();
    let first = sent_id(&update(&mut app, RequestMessage::Send, now()));
    let effects = update(&mut app, RequestMessage::Send, now());
    assert_matches!(effects[0], Effect::Cancel { id } if id == first, "the running request is cancelled: {effects:?}");
    let second = sent_id(&effects);
    update(
        &mut app,
        BackgroundMessage::Finished {
            id: first,
            completed: completed(401, ""),
        },
        now(),
    );
    assert!(app.is_in_flight(), "the first answer is stale");
    update(
        &mut app,
        BackgroundMessage::Finished {
            id: second,
            completed: completed(200, r#"{"company":"x"}"#),
        },
        now(),
    );
    assert_eq!(
        app.completed().and_then(|c| c.inspection.status()),
        Some(200)
    );
}

#[test]
fn esc_cancels_and_the_late_answer_is_ignored() {
    let mut app = app();
    let id = sent_id(&update(&mut app, RequestMessage::Send, now()));
    let effects = update(&mut app, Message::Cancel, now());
    assert_matches!(effects[..], [Effect::Cancel { id: c }] if c == id);
    assert_matches!(app.request, RequestState::Cancelled { .. });
    update(
        &mut app,
        BackgroundMessage::Finished {
            id,
            completed: completed(200, "{}"),
        },
        now(),
    );
    assert_matches!(app.request, RequestState::Cancelled { .. });
    assert!(
        update(&mut app, Message::Cancel, now()).is_empty(),
        "nothing left to cancel"
    );
}

#[test]
fn ticks_advance_elapsed_time_only_while_in_flight() {
    let mut app = app();
    update(&mut app, BackgroundMessage::Tick, now());
    assert_matches!(app.request, RequestState::Idle);
    update(&mut app, RequestMessage::Send, now());
    update(&mut app, BackgroundMessage::Tick, later(1500));
    let RequestState::InFlight { elapsed, frame, .. } = app.request else {
        panic!()
    };
    assert_eq!(elapsed, Duration::from_millis(1500));
    assert_eq!(frame, 1);
}

#[test]
fn focus_cycles_and_edits_go_to_the_focused_field() {
    let mut app = App::new(base(), ApiTarget::Real);
    assert_eq!(app.form.focus, Field::TokenId);
    update(
        &mut app,
        FormMessage::Edit(InputRequest::InsertChar('a')),
        now(),
    );
    update(&mut app, FormMessage::NextField, now());
    assert_eq!(app.form.focus, Field::Token);
    update(
        &mut app,
        FormMessage::Edit(InputRequest::InsertChar('b')),
        now(),
    );
    update(&mut app, FormMessage::NextField, now());
    assert_eq!(app.form.focus, Field::TokenId, "wraps around");
    update(&mut app, FormMessage::PrevField, now());
    assert_eq!(app.form.focus, Field::Token);
    assert_eq!(app.form.token_id.value(), "a");
    assert_eq!(app.form.token.input().value(), "b");
    update(&mut app, FormMessage::Edit(InputRequest::DeleteLine), now());
    assert_eq!(app.form.token.input().value(), "");
}

#[test]
fn reveal_and_auth_mode_toggle() {
    let mut app = app();
    update(&mut app, FormMessage::ToggleReveal, now());
    assert!(app.form.reveal);
    update(&mut app, FormMessage::ToggleAuthMode, now());
    assert_eq!(app.form.mode, AuthMode::OAuth);
    assert_eq!(app.form.focus, Field::AccessToken);
    assert!(
        update(&mut app, RequestMessage::Send, now()).is_empty(),
        "empty access token blocks"
    );
    assert_eq!(app.preflight()[0].0.id, "input.access-token-empty");
    update(&mut app, FormMessage::Paste("abc.def.ghi".into()), now());
    let effects = update(&mut app, RequestMessage::Send, now());
    assert_matches!(
        &effects[0],
        Effect::Send {
            credentials: crate::api::Credentials::AccessToken(_),
            ..
        }
    );
}

#[test]
fn help_overlay_takes_the_keyboard_and_esc_closes_it() {
    let mut app = app();
    update(&mut app, OverlayMessage::ToggleHelp, now());
    assert_eq!(app.overlay, Overlay::Help);
    assert!(
        update(&mut app, RequestMessage::Send, now()).is_empty(),
        "Enter does not send under help"
    );
    update(
        &mut app,
        FormMessage::Edit(InputRequest::InsertChar('x')),
        now(),
    );
    assert_eq!(app.form.token_id.value(), "token-FQ1V12");
    update(&mut app, Message::Cancel, now());
    assert_eq!(app.overlay, Overlay::None);
    update(&mut app, Message::Quit, now());
    assert!(app.should_quit);
}

#[test]
fn quit_works_in_every_state() {
    for setup in [
        Message::from(OverlayMessage::ToggleHelp),
        Message::from(RequestMessage::Send),
        Message::Resize {
            width: 10,
            height: 3,
        },
    ] {
        let mut app = app();
        update(&mut app, setup, now());
        update(&mut app, Message::Quit, now());
        assert!(app.should_quit);
    }
}

#[test]
fn body_scroll_stays_within_the_body() {
    let mut app = app();
    let id = sent_id(&update(&mut app, RequestMessage::Send, now()));
    let body = format!(
        "[{}]",
        (0..100)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",")
    );
    update(
        &mut app,
        BackgroundMessage::Finished {
            id,
            completed: completed(200, &body),
        },
        now(),
    );
    update(&mut app, NavigationMessage::SelectTab(Tab::Body), now());
    assert_eq!(app.focus, Focus::Form, "a tab key leaves focus in the form");
    // What the view records for this body (102 lines) at 80×24: 15 rows shown, so it scrolls
    // 87 lines at most (`ui` has a test that it records exactly this).
    app.record_layout(LayoutRecord {
        panels: true,
        tab: Tab::Body,
        tab_rows: 15,
        tab_width: 0,
        tab_max_scroll: 87,
        ..LayoutRecord::default()
    });
    update(&mut app, NavigationMessage::Scroll(-5), now());
    assert_eq!(app.scroll_of(Tab::Body), 0);
    update(&mut app, NavigationMessage::ScrollPage(1), now());
    assert_eq!(app.scroll_of(Tab::Body), 15);
    update(&mut app, NavigationMessage::Scroll(i32::MAX), now());
    assert_eq!(app.scroll_of(Tab::Body), 87);
    update(&mut app, NavigationMessage::Scroll(i32::MIN), now());
    assert_eq!(app.scroll_of(Tab::Body), 0);
    assert_eq!(
        app.scroll_of(Tab::Summary),
        0,
        "other tabs keep their place"
    );
}

#[test]
fn pasting_a_large_value_is_kept_whole() {
    let mut app = app();
    update(&mut app, FormMessage::Edit(InputRequest::DeleteLine), now());
    let big = "x".repeat(100_000);
    update(&mut app, FormMessage::Paste(big.clone()), now());
    assert_eq!(app.form.token_id.value(), big);
}

#[test]
fn app_debug_output_never_contains_the_token() {
    let mut app = app();
    update(&mut app, RequestMessage::Send, now());
    let debug = format!("{app:?}");
    assert!(!debug.contains(TOKEN), "token leaked into Debug output");
    assert!(
        !debug.contains("ZTY4ZWFkNDY"),
        "encoded token leaked into Debug output"
    );
}

#[test]
fn ctrl_t_applies_the_offered_fixes_in_turn() {
    let mut app = App::new(base(), ApiTarget::Real).with_form(Form::prefilled(
        Some(format!("{TOKEN}\n")),
        Some("token-FQ1V12".into()),
        None,
    ));
    let ids: Vec<_> = app.preflight().iter().map(|(f, _)| f.id).collect();
    assert_eq!(ids, vec!["input.swapped", "input.whitespace"]);
    update(&mut app, FormMessage::ApplyFix, now());
    assert_eq!(app.form.token_id.value(), "token-FQ1V12");
    assert_eq!(app.form.token.input().value(), format!("{TOKEN}\n"));
    update(&mut app, FormMessage::ApplyFix, now());
    assert_eq!(app.form.token.input().value(), TOKEN);
    assert!(app.preflight().is_empty());
    assert!(app.available_fix().is_none());
}

#[test]
fn a_pasted_basic_header_is_split_into_the_fields() {
    let mut app = App::new(base(), ApiTarget::Real);
    update(
        &mut app,
        FormMessage::Paste(
            "Basic dG9rZW4tRlExVjEyOmU2OGVhZDQ2LWE3ZGItNDZjZC04YTFhLTQ0YWVkMWU0ZTM3Mg==".into(),
        ),
        now(),
    );
    assert_eq!(app.preflight()[1].0.id, "input.basic-pasted");
    update(&mut app, FormMessage::ApplyFix, now());
    assert_eq!(app.form.token_id.value(), "token-FQ1V12");
    assert_eq!(app.form.token.input().value(), TOKEN);
    assert_eq!(app.form.focus, Field::Token);
}

#[test]
fn a_jwt_moves_to_oauth_mode() {
    let mut app = App::new(base(), ApiTarget::Real);
    update(&mut app, FormMessage::NextField, now());
    update(
        &mut app,
        FormMessage::Paste("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ3MCJ9.c2ln".into()),
        now(),
    );
    update(&mut app, FormMessage::ApplyFix, now());
    assert_eq!(app.form.mode, AuthMode::OAuth);
    assert_eq!(
        app.form.access_token.input().value(),
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ3MCJ9.c2ln"
    );
    assert_eq!(app.form.token.input().value(), "");
}

fn probe_exchange(status: u16, body: &str) -> Box<crate::api::Exchange> {
    let mut exchange = completed(status, body).inspection.exchange.clone();
    exchange.request.url = "http://127.0.0.1:9/v2/probe".into();
    Box::new(exchange)
}

fn probe_effects(effects: &[Effect]) -> Vec<(Probe, String)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Probe { probe, path, .. } => Some((*probe, path.clone())),
            _ => None,
        })
        .collect()
}

use crate::api::Probe;

/// A probe of the table, by its documented path.
fn probe(label: &str) -> Probe {
    Probe::with_label(label).expect("in the probe table")
}

#[test]
fn a_recognised_token_is_probed_in_parallel_and_devices_follow_userinfo() {
    let mut app = app();
    let id = sent_id(&update(&mut app, RequestMessage::Send, now()));
    let effects = update(
        &mut app,
        BackgroundMessage::Finished {
            id,
            completed: completed(200, r#"{"company":"x"}"#),
        },
        now(),
    );
    let probes = probe_effects(&effects);
    assert_eq!(
        probes,
        vec![
            (
                probe("/authorization/userinfo"),
                "authorization/userinfo".to_owned()
            ),
            (probe("/balance"), "balance".to_owned()),
            (probe("/users"), "users".to_owned()),
            (probe("/numbers"), "numbers".to_owned()),
            (probe("/groups"), "groups".to_owned()),
            (probe("/history?limit=1"), "history?limit=1".to_owned()),
            (probe("/contacts?limit=1"), "contacts?limit=1".to_owned()),
        ],
        "seven at once; devices and phonelines wait for the user id"
    );
    // A slow probe holds up no other: balance answers before userinfo.
    let effects = update(
        &mut app,
        BackgroundMessage::ProbeFinished {
            request_id: id,
            probe: probe("/balance"),
            exchange: probe_exchange(403, ""),
        },
        now(),
    );
    assert!(effects.is_empty());
    assert_eq!(
        app.probes().expect("probes").access(probe("/balance")),
        crate::app::Access::Denied
    );
    let effects = update(
        &mut app,
        BackgroundMessage::ProbeFinished {
            request_id: id,
            probe: probe("/authorization/userinfo"),
            exchange: probe_exchange(200, r#"{"sub":"w0"}"#),
        },
        now(),
    );
    assert_eq!(
        probe_effects(&effects),
        vec![
            (probe("/{userId}/devices"), "w0/devices".to_owned()),
            (probe("/{userId}/phonelines"), "w0/phonelines".to_owned()),
        ]
    );
    assert!(
        app.attempt(id).expect("attempt").credentials.is_none(),
        "no probe needs the credentials any more"
    );
}

#[test]
fn an_unrecognised_token_is_not_probed_and_its_credentials_are_dropped() {
    let mut app = app();
    let id = sent_id(&update(&mut app, RequestMessage::Send, now()));
    let effects = update(
        &mut app,
        BackgroundMessage::Finished {
            id,
            completed: completed(401, ""),
        },
        now(),
    );
    assert!(effects.is_empty());
    let attempt = app.attempt(id).expect("attempt");
    assert!(attempt.probes.is_none());
    assert!(attempt.credentials.is_none());
}

#[test]
fn history_keeps_every_attempt_and_shows_an_old_one_again() {
    let mut app = app();
    let first = sent_id(&update(&mut app, RequestMessage::Send, now()));
    update(
        &mut app,
        BackgroundMessage::Finished {
            id: first,
            completed: completed(200, r#"{"company":"first"}"#),
        },
        now(),
    );
    let second = sent_id(&update(&mut app, RequestMessage::Send, now()));
    update(&mut app, Message::Cancel, now());
    assert_matches!(
        app.attempt(second).expect("second").outcome,
        AttemptOutcome::Cancelled(_)
    );
    update(&mut app, OverlayMessage::ToggleHistory, now());
    assert_eq!(app.history_cursor, 1, "the cursor starts on the newest");
    update(&mut app, OverlayMessage::HistoryMove(-1), now());
    update(&mut app, OverlayMessage::HistoryOpen, now());
    assert_eq!(app.overlay, Overlay::None);
    assert_eq!(app.shown_request_id(), Some(first));
    assert_eq!(
        app.completed().and_then(|c| c.inspection.status()),
        Some(200)
    );
}

#[test]
fn a_late_answer_still_lands_in_the_history_when_another_attempt_is_shown() {
    let mut app = app();
    let first = sent_id(&update(&mut app, RequestMessage::Send, now()));
    update(
        &mut app,
        BackgroundMessage::Finished {
            id: first,
            completed: completed(200, r#"{"company":"a"}"#),
        },
        now(),
    );
    let second = sent_id(&update(&mut app, RequestMessage::Send, now()));
    // While the second runs, the user looks at the first from the history.
    update(&mut app, OverlayMessage::ToggleHistory, now());
    update(&mut app, OverlayMessage::HistoryMove(-1), now());
    update(&mut app, OverlayMessage::HistoryOpen, now());
    update(
        &mut app,
        BackgroundMessage::Finished {
            id: second,
            completed: completed(401, ""),
        },
        now(),
    );
    assert_eq!(
        app.shown_request_id(),
        Some(first),
        "the screen is not overwritten"
    );
    assert_matches!(
        app.attempt(second).expect("second").outcome,
        AttemptOutcome::Done(_)
    );
}

#[test]
fn search_finds_lines_and_steps_through_them() {
    let mut app = app();
    let id = sent_id(&update(&mut app, RequestMessage::Send, now()));
    let body = format!(
        "[{}]",
        (0..60)
            .map(|i| format!("\"item {i}\""))
            .collect::<Vec<_>>()
            .join(",")
    );
    update(
        &mut app,
        BackgroundMessage::Finished {
            id,
            completed: completed(200, &body),
        },
        now(),
    );
    update(&mut app, NavigationMessage::StartSearch, now());
    assert!(app.search.editing);
    assert_eq!(app.tab, Tab::Body);
    update(&mut app, FormMessage::Paste("ITEM 5".into()), now());
    update(&mut app, NavigationMessage::ConfirmSearch, now());
    // "item 5" and "item 50" … "item 59": 11 lines, case-insensitive.
    assert_eq!(app.search.matches.len(), 11);
    let first_line = app.search.matches[0];
    update(&mut app, NavigationMessage::SearchNext(true), now());
    assert_eq!(app.search.current, 1);
    assert!(app.scroll_of(Tab::Body) <= app.search.matches[1]);
    update(&mut app, NavigationMessage::SearchNext(false), now());
    update(&mut app, NavigationMessage::SearchNext(false), now());
    assert_eq!(app.search.current, 10, "wraps around");
    assert!(first_line > 0);
    update(&mut app, NavigationMessage::StartSearch, now());
    update(&mut app, FormMessage::Paste("nowhere".into()), now());
    update(&mut app, NavigationMessage::ConfirmSearch, now());
    assert!(app.search.matches.is_empty());
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.contains("No match"))
    );
}

#[test]
fn copy_as_curl_never_contains_a_secret() {
    let mut app = app();
    let effects = update(&mut app, RequestMessage::CopyCurl, now());
    let [Effect::Copy(text)] = &effects[..] else {
        panic!("{effects:?}");
    };
    assert!(text.contains("$SIPGATE_TOKEN_ID:$SIPGATE_TOKEN"), "{text}");
    assert!(!text.contains(TOKEN));
    assert!(
        !text.contains("token-FQ1V12"),
        "not even the token id: it comes from the env"
    );
    assert!(app.notice.is_some());
    update(&mut app, FormMessage::ToggleAuthMode, now());
    update(&mut app, FormMessage::Paste("abc.def.ghi".into()), now());
    let effects = update(&mut app, RequestMessage::CopyCurl, now());
    let [Effect::Copy(text)] = &effects[..] else {
        panic!("{effects:?}");
    };
    assert!(
        text.contains(r#"--oauth2-bearer "$SIPGATE_ACCESS_TOKEN""#) && !text.contains("abc.def")
    );
}

#[test]
fn tab_moves_from_the_last_field_to_the_results_once_there_are_results() {
    let mut app = app();
    update(&mut app, FormMessage::NextField, now());
    update(&mut app, FormMessage::NextField, now());
    assert_eq!(
        app.focus,
        Focus::Form,
        "no results yet: wraps to the first field"
    );
    let id = sent_id(&update(&mut app, RequestMessage::Send, now()));
    update(
        &mut app,
        BackgroundMessage::Finished {
            id,
            completed: completed(200, "{}"),
        },
        now(),
    );
    app.form.focus = Field::Token;
    update(&mut app, FormMessage::NextField, now());
    assert_eq!(app.focus, Focus::Results);
    update(&mut app, FormMessage::NextField, now());
    assert_eq!((app.focus, app.form.focus), (Focus::Form, Field::TokenId));
}

#[test]
fn clicks_focus_fields_and_select_tabs() {
    let mut app = app();
    // What the view records at 100×30 (`ui` has a test that it records exactly this).
    app.record_layout(layout_at_100x30());
    // Row 3 is the token row of the form (header 0, border 1, token id 2, token 3).
    update(
        &mut app,
        NavigationMessage::Click { column: 20, row: 3 },
        now(),
    );
    assert_eq!(app.form.focus, Field::Token);
    // " Summary │ Body": "Body" is at columns 12 to 15 of the results panel's top row (6).
    update(
        &mut app,
        NavigationMessage::Click { column: 11, row: 6 },
        now(),
    );
    assert_eq!((app.tab, app.focus), (Tab::Summary, Focus::Results));
    update(
        &mut app,
        NavigationMessage::Click { column: 12, row: 6 },
        now(),
    );
    assert_eq!((app.tab, app.focus), (Tab::Body, Focus::Results));
    update(
        &mut app,
        NavigationMessage::Click { column: 20, row: 2 },
        now(),
    );
    assert_eq!((app.focus, app.form.focus), (Focus::Form, Field::TokenId));
}

/// The layout a 100×30 terminal gets, written out.
fn layout_at_100x30() -> LayoutRecord {
    let title = |tab, start, end| TabTitle { tab, start, end };
    LayoutRecord {
        panels: true,
        tab: Tab::Summary,
        tab_rows: 21,
        tab_width: 48,
        tab_max_scroll: 0,
        troubleshooting_max_scroll: 0,
        help_max_scroll: None,
        history_rows: None,
        form: Area {
            x: 0,
            y: 1,
            width: 100,
            height: 4,
        },
        results: Area {
            x: 0,
            y: 6,
            width: 50,
            height: 23,
        },
        tab_titles: vec![
            title(Tab::Summary, 2, 9),
            title(Tab::Body, 12, 16),
            title(Tab::Headers, 19, 26),
            title(Tab::Request, 29, 36),
            title(Tab::Timing, 39, 45),
        ],
    }
}
