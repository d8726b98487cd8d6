//! The explorer's `update`: what Enter, typing, Esc and the scan key do to the model and
//! which effects they ask for, through the real key table where keys matter.

mod common;

use common::*;
use sipgate_inspect::api::endpoints::Endpoint;
use sipgate_inspect::app::Completed;
use sipgate_inspect::app::{
    Effect, ExplorerEffect, ExplorerMessage, KeyContext, Overlay, RequestState, ScanProgress, Tab,
    message_for_key, update,
};
use sipgate_inspect::app::{Key, KeyCode, Modifiers};
use sipgate_inspect::scan::{Outcome, ScanContext, ScanEvent, ScanRow, explorer_inspection};

fn press(app: &mut sipgate_inspect::app::App, code: KeyCode) -> Vec<Effect> {
    let key = Key::new(code, Modifiers::NONE);
    match message_for_key(key, KeyContext::of(app)) {
        Some(message) => update(app, message, now()),
        None => Vec::new(),
    }
}

fn typed(app: &mut sipgate_inspect::app::App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn endpoint(path: &str) -> Endpoint {
    Endpoint::with_path(path).expect("in the catalogue")
}

#[test]
fn f7_opens_it_typing_filters_and_esc_clears_then_closes() {
    let mut app = app();
    press(&mut app, KeyCode::F(7));
    assert_eq!(app.overlay, Overlay::Explorer);
    typed(&mut app, "blacklist");
    assert_eq!(app.explorer.filter.value(), "blacklist");
    assert_eq!(app.explorer.visible(), [endpoint("/blacklist/incoming")]);
    // Typing went to the filter, not to the credentials form.
    assert_eq!(app.form.token_id.value(), TOKEN_ID);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.explorer.filter.value(), "");
    assert_eq!(app.overlay, Overlay::Explorer);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.overlay, Overlay::None);
}

#[test]
fn enter_on_an_endpoint_without_parameters_sends_it() {
    let mut app = app();
    press(&mut app, KeyCode::F(7));
    typed(&mut app, "/balance");
    let effects = press(&mut app, KeyCode::Enter);
    let [Effect::Explorer(ExplorerEffect::Run { endpoint, path, .. })] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(
        (*endpoint, path.as_str()),
        (self::endpoint("/balance"), "balance")
    );
}

#[test]
fn an_unknown_parameter_says_what_to_run_first_and_an_empty_one_is_refused() {
    let mut app = app();
    press(&mut app, KeyCode::F(7));
    typed(&mut app, "singlerow");
    assert!(
        press(&mut app, KeyCode::Enter).is_empty(),
        "the form opens first"
    );
    let form = app.explorer.form.as_ref().expect("a form");
    assert_eq!(form.fields.len(), 1);
    assert_eq!(form.fields[0].0, "deviceId");
    assert_eq!(
        sipgate_inspect::app::explorer::param_hint(form.endpoint, "deviceId"),
        "run /{userId}/devices to pick a deviceId"
    );
    assert!(press(&mut app, KeyCode::Enter).is_empty(), "nothing sent");
    assert_eq!(
        app.explorer.form.as_ref().and_then(|f| f.error.as_deref()),
        Some(
            "deviceId is empty: a path parameter needs a value (run /{userId}/devices to pick a deviceId)"
        )
    );
    typed(&mut app, "e/0");
    let effects = press(&mut app, KeyCode::Enter);
    let [Effect::Explorer(ExplorerEffect::Run { path, .. })] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(path, "devices/e%2F0/singlerowdisplay");
}

#[test]
fn known_ids_prefill_the_form_and_the_answer_shows_in_the_tabs() {
    let mut app = app();
    app.explorer.known.insert("sub".into(), "w0".into());
    app.explorer
        .known
        .insert("/{userId}/phonelines".into(), "p0".into());
    press(&mut app, KeyCode::F(7));
    typed(&mut app, "forwardings");
    press(&mut app, KeyCode::Enter);
    let values: Vec<&str> = app
        .explorer
        .form
        .as_ref()
        .expect("a form")
        .fields
        .iter()
        .map(|(_, v)| v.value())
        .collect();
    assert_eq!(values, ["w0", "p0"]);
    let effects = press(&mut app, KeyCode::Enter);
    let [
        Effect::Explorer(ExplorerEffect::Run {
            run_id, endpoint, ..
        }),
    ] = effects.as_slice()
    else {
        panic!("{effects:?}");
    };
    let exchange = answered(200, "OK", &[], r#"{"forwardings":[]}"#)
        .inspection
        .exchange
        .clone();
    // What the runtime does with the answer, off the UI thread.
    let completed = |exchange| {
        Box::new(Completed::new(
            explorer_inspection(*endpoint, exchange, &ScanContext::default(), BASE, "10 s"),
            now(),
        ))
    };
    // A stale answer is dropped.
    update(
        &mut app,
        ExplorerMessage::Answered {
            run_id: run_id + 100,
            endpoint: *endpoint,
            completed: completed(exchange.clone()),
        },
        now(),
    );
    assert_eq!(app.overlay, Overlay::Explorer);
    update(
        &mut app,
        ExplorerMessage::Answered {
            run_id: *run_id,
            endpoint: *endpoint,
            completed: completed(exchange),
        },
        now(),
    );
    assert_eq!(app.overlay, Overlay::None);
    assert_eq!(app.tab, Tab::Body);
    let RequestState::Done(completed) = &app.request else {
        panic!("shown in the tabs");
    };
    assert_eq!(completed.inspection.findings[0].id, "explorer.allowed");
    assert_eq!(
        app.explorer.row(*endpoint).map(|r| (r.status, r.outcome)),
        Some((Some(200), Outcome::Allowed))
    );
}

#[test]
fn the_scan_key_starts_the_scan_reports_progress_and_esc_stops_it() {
    let mut app = app();
    let effects = press(&mut app, KeyCode::F(8));
    assert_eq!(app.overlay, Overlay::Explorer);
    let [Effect::Explorer(ExplorerEffect::Scan { scan_id, .. })] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let scan_id = *scan_id;
    let balance = endpoint("/balance");
    update(
        &mut app,
        ExplorerMessage::ScanReport {
            scan_id,
            event: ScanEvent::Done {
                endpoint: balance,
                row: ScanRow {
                    endpoint: "/balance".into(),
                    scope: Some("balance:read".into()),
                    status: Some(403),
                    outcome: Outcome::Denied,
                    cause: Some("scope missing".into()),
                    broader: Vec::new(),
                },
                exchange: None,
                done: 1,
                total: 68,
            },
        },
        now(),
    );
    assert!(matches!(
        app.explorer.scan,
        ScanProgress::Running {
            done: 1,
            total: 68,
            ..
        }
    ));
    assert_eq!(
        app.explorer.row(balance).map(|r| r.outcome),
        Some(Outcome::Denied)
    );
    let effects = press(&mut app, KeyCode::Esc);
    let [Effect::Explorer(ExplorerEffect::CancelScan { scan_id: cancelled })] = effects.as_slice()
    else {
        panic!("{effects:?}");
    };
    assert_eq!(*cancelled, scan_id);
    assert_eq!(
        app.explorer.scan,
        ScanProgress::Finished {
            done: 1,
            total: 68,
            cancelled: true
        }
    );
    // Reports of the stopped scan change nothing.
    update(
        &mut app,
        ExplorerMessage::ScanReport {
            scan_id,
            event: ScanEvent::Waiting {
                endpoint: balance,
                wait: std::time::Duration::from_secs(3),
            },
        },
        now(),
    );
    assert!(matches!(app.explorer.scan, ScanProgress::Finished { .. }));
}

#[tokio::test]
async fn an_explorer_answer_that_echoes_the_token_is_masked_before_the_app_sees_it() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    let echo = format!(
        r#"{{"errors":[{{"status":403,"title":"Forbidden","detail":"The token {TOKEN} lacks the scope balance:read"}}]}}"#
    );
    Mock::given(method("GET"))
        .and(path("/v2/balance"))
        .respond_with(ResponseTemplate::new(403).set_body_string(echo))
        .mount(&server)
        .await;
    let mut app = app();
    app.base_url =
        sipgate_inspect::api::BaseUrl::parse(&format!("{}/v2", server.uri()), true).expect("base");
    press(&mut app, KeyCode::F(7));
    typed(&mut app, "/balance");
    let mut effects = press(&mut app, KeyCode::Enter);
    let client = sipgate_inspect::api::ApiClient::new(
        app.base_url.clone(),
        std::time::Duration::from_secs(5),
    )
    .expect("client");
    let message = sipgate_inspect::runtime::answer(effects.remove(0), &client)
        .await
        .expect("an answer");
    update(&mut app, message, now());
    let RequestState::Done(completed) = &app.request else {
        panic!("shown");
    };
    let body = String::from_utf8_lossy(
        &completed
            .inspection
            .exchange
            .result
            .as_ref()
            .expect("answered")
            .body,
    )
    .into_owned();
    let findings = format!("{:?}", completed.inspection.findings);
    assert!(
        !body.contains(TOKEN) && !findings.contains(TOKEN),
        "{body} {findings}"
    );
    assert_eq!(completed.inspection.findings[0].id, "probe.403-scope");
    assert_eq!(
        app.explorer
            .row(endpoint("/balance"))
            .and_then(|r| r.cause.as_deref()),
        Some("scope missing")
    );
}

#[test]
fn what_was_learned_with_other_credentials_is_forgotten() {
    let mut app = app();
    app.explorer.known.insert("sub".into(), "w0".into());
    press(&mut app, KeyCode::F(8));
    assert_eq!(
        app.explorer.known.get("sub").map(String::as_str),
        Some("w0")
    );
    press(&mut app, KeyCode::Esc); // stop the scan
    press(&mut app, KeyCode::Esc); // close the explorer
    // Another token id typed into the form.
    press(&mut app, KeyCode::Char('X'));
    let effects = press(&mut app, KeyCode::F(8));
    let [Effect::Explorer(ExplorerEffect::Scan { known, .. })] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert!(known.is_empty(), "{known:?}");
    assert!(app.explorer.rows.iter().all(Option::is_none));
}

#[test]
fn an_explorer_404_is_about_the_path_not_the_base_url() {
    let devices = endpoint("/devices/{deviceId}");
    let mut exchange = answered(404, "Not Found", &[], "")
        .inspection
        .exchange
        .clone();
    exchange.request.url = format!("{BASE}/devices/e9");
    let inspection = explorer_inspection(devices, exchange, &ScanContext::default(), BASE, "10 s");
    let ids: Vec<_> = inspection.findings.iter().map(|f| f.id).collect();
    assert_eq!(ids, ["explorer.not-found"]);
    assert_eq!(
        inspection.findings[0].title,
        "Not found (404): nothing at /devices/{deviceId} with these values"
    );
    assert!(
        inspection.findings[0]
            .explanation
            .starts_with("sipgate answered 404 for http://127.0.0.1:8080/v2/devices/e9."),
        "{}",
        inspection.findings[0].explanation
    );
}

#[test]
fn an_allowed_answer_names_the_path_scope_and_request() {
    let users = endpoint("/users");
    let mut exchange = answered(200, "OK", &[], r#"{"items":[]}"#)
        .inspection
        .exchange
        .clone();
    exchange.request.url = format!("{BASE}/users");
    let inspection = explorer_inspection(users, exchange, &ScanContext::default(), BASE, "10 s");
    let finding = &inspection.findings[0];
    assert_eq!(finding.title, "The token may read /users");
    assert_eq!(
        finding.explanation,
        "sipgate answered 200: these credentials may read /users (scope users:read or all)."
    );
    assert_eq!(
        finding.steps,
        ["The same request in your own code: GET http://127.0.0.1:8080/v2/users"]
    );
}
