//! The scope matrix through `update`: a 2xx is a ✓ only when its body is the expected answer.

use std::time::{Duration, Instant, SystemTime};

use super::*;
use crate::api::{ApiClient, AuthScheme, BaseUrl, HttpResponse, RequestSummary};
use crate::app::{
    ApiTarget, App, BackgroundMessage, Completed, Effect, Form, Now, RequestMessage, update,
};

/// The clock as the runtime would hand it over (the tests read no times).
fn now() -> Now {
    Now {
        instant: Instant::now(),
        wall: SystemTime::UNIX_EPOCH,
    }
}

/// A probe of the table, by its documented path.
fn probe(label: &str) -> Probe {
    Probe::with_label(label).expect("in the probe table")
}

const PORTAL: &str = "<!DOCTYPE html><html><title>Welcome to Demo Wi-Fi</title></html>";
/// A userinfo answer cut off half-way, as `token-BROKEN` sends it.
const CUT_USERINFO: &str = r#"{"sub":"w0","domain":"sipg"#;

fn exchange(path: &str, status: u16, content_type: &str, body: &str) -> Exchange {
    let url = format!("http://127.0.0.1:9/v2/{path}");
    Exchange {
        request: RequestSummary {
            method: "GET",
            url: url.clone(),
            scheme: AuthScheme::Basic,
            token_id: Some("token-FQ1V12".into()),
            proxy: None,
            authorization: "Basic …".into(),
        },
        elapsed: Duration::from_millis(5),
        result: Ok(HttpResponse {
            status,
            reason: "OK".into(),
            version: "HTTP/1.1".into(),
            headers: vec![("content-type".into(), content_type.into())],
            body: body.as_bytes().to_vec(),
            final_url: url,
            time_to_headers: Duration::from_millis(3),
        }),
    }
}

/// An app whose `/account` answered `status` with `body`; returns it with the request id.
fn answered(status: u16, content_type: &str, body: &str) -> (App, u64) {
    let mut app = App::new(
        BaseUrl::parse("http://127.0.0.1:9/v2", false).expect("base"),
        ApiTarget::Real,
    )
    .with_form(Form::prefilled(
        Some("token-FQ1V12".into()),
        Some("e68ead46-a7db-46cd-8a1a-44aed1e4e372".into()),
        None,
    ));
    let id = update(&mut app, RequestMessage::Send, now())
        .iter()
        .find_map(|e| match e {
            Effect::Send { id, .. } => Some(*id),
            _ => None,
        })
        .expect("a Send effect");
    let base = BaseUrl::parse("http://127.0.0.1:9/v2", false).expect("base");
    let client = ApiClient::new(base, Duration::from_secs(5)).expect("client");
    let inspection =
        Inspection::from_exchange(exchange("account", status, content_type, body), &client);
    update(
        &mut app,
        BackgroundMessage::Finished {
            id,
            completed: Box::new(Completed::new(inspection, now())),
        },
        now(),
    );
    (app, id)
}

fn probe_answers(
    app: &mut App,
    id: u64,
    probe: Probe,
    content_type: &str,
    body: &str,
) -> Vec<Effect> {
    update(
        app,
        BackgroundMessage::ProbeFinished {
            request_id: id,
            probe,
            exchange: Box::new(exchange("probe", 200, content_type, body)),
        },
        now(),
    )
}

fn account_access(app: &App) -> Access {
    match &app.request {
        crate::app::RequestState::Done(completed) => Access::of_account(&completed.inspection),
        other => panic!("no answer shown: {other:?}"),
    }
}

#[test]
fn a_portal_page_grants_nothing() {
    let (mut app, id) = answered(200, "text/html", PORTAL);
    assert_eq!(account_access(&app), Access::NotUnderstood(200));
    for probe in [
        probe("/authorization/userinfo"),
        probe("/balance"),
        probe("/users"),
        probe("/numbers"),
    ] {
        probe_answers(&mut app, id, probe, "text/html", PORTAL);
    }
    let probes = app.probes().expect("probes");
    for probe in [
        probe("/authorization/userinfo"),
        probe("/balance"),
        probe("/users"),
        probe("/numbers"),
    ] {
        assert_eq!(
            probes.access(probe),
            Access::NotUnderstood(200),
            "{probe:?}"
        );
        assert_eq!(
            probes.data(probe),
            Some(&ProbeData::Unparsed("a web page, not JSON".into())),
            "{probe:?}"
        );
    }
    // Devices were not asked, and the reason says userinfo was not understood.
    assert_eq!(
        probes.access(probe("/{userId}/devices")),
        Access::NotProbed(DEVICES_USERINFO_NOT_UNDERSTOOD)
    );
    assert!(
        app.attempt(id).expect("attempt").credentials.is_none(),
        "no probe needs the credentials any more"
    );
}

#[test]
fn a_cut_off_answer_grants_nothing() {
    let (mut app, id) = answered(200, "application/json", r#"{"company":"sipgate De"#);
    assert_eq!(account_access(&app), Access::NotUnderstood(200));
    let effects = probe_answers(
        &mut app,
        id,
        probe("/authorization/userinfo"),
        "application/json",
        CUT_USERINFO,
    );
    assert!(effects.is_empty(), "devices need a user id");
    let probes = app.probes().expect("probes");
    assert_eq!(
        probes.access(probe("/authorization/userinfo")),
        Access::NotUnderstood(200)
    );
    assert!(matches!(
        probes.data(probe("/authorization/userinfo")),
        Some(ProbeData::Unparsed(why)) if why.starts_with("JSON cut short: EOF while parsing")
    ));
    assert_eq!(
        probes.access(probe("/{userId}/devices")),
        Access::NotProbed(DEVICES_USERINFO_NOT_UNDERSTOOD)
    );
}

#[test]
fn the_expected_answers_are_granted() {
    let (mut app, id) = answered(200, "application/json", r#"{"company":"x"}"#);
    assert_eq!(account_access(&app), Access::Granted(200));
    probe_answers(
        &mut app,
        id,
        probe("/balance"),
        "application/json",
        r#"{"amount":1,"currency":"EUR"}"#,
    );
    // Userinfo understood but naming no user: devices are skipped for that reason instead.
    let effects = probe_answers(
        &mut app,
        id,
        probe("/authorization/userinfo"),
        "application/json",
        r#"{"domain":"sipgate.de"}"#,
    );
    assert!(effects.is_empty());
    let probes = app.probes().expect("probes");
    assert_eq!(probes.access(probe("/balance")), Access::Granted(200));
    assert_eq!(
        probes.access(probe("/authorization/userinfo")),
        Access::Granted(200)
    );
    assert_eq!(
        probes.access(probe("/{userId}/devices")),
        Access::NotProbed(DEVICES_NEED_USER_ID)
    );
}

#[test]
fn an_empty_or_foreign_json_body_grants_nothing_either() {
    for body in ["", r#"{"items":[]}"#, "[]"] {
        let (app, _) = answered(200, "application/json", body);
        assert_eq!(account_access(&app), Access::NotUnderstood(200), "{body:?}");
    }
    let (app, _) = answered(403, "application/json", "");
    assert_eq!(account_access(&app), Access::Denied);
}

#[test]
fn a_403_says_why_as_the_body_does() {
    let (mut app, id) = answered(200, "application/json", r#"{"company":"x"}"#);
    let refuse = |body: &str| {
        let mut exchange = exchange("probe", 403, "application/json", body);
        if let Ok(response) = &mut exchange.result {
            response.reason = "Forbidden".into();
        }
        Box::new(exchange)
    };
    for (probe, body) in [
        (
            probe("/balance"),
            r#"{"errors":[{"title":"Forbidden","detail":"Feature not booked"}]}"#,
        ),
        (probe("/numbers"), ""),
    ] {
        update(
            &mut app,
            BackgroundMessage::ProbeFinished {
                request_id: id,
                probe,
                exchange: refuse(body),
            },
            now(),
        );
    }
    let probes = app.probes().expect("probes");
    let because = |probe| match probes.get(probe) {
        ProbeState::Done { denied_because, .. } => *denied_because,
        other => panic!("{probe:?} not done: {other:?}"),
    };
    assert_eq!(because(probe("/balance")), Some(DenialCause::NotBooked));
    assert_eq!(because(probe("/numbers")), Some(DenialCause::Other));
    assert_eq!(probes.access(probe("/balance")), Access::Denied);
}
