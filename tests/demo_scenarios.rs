//! Every demo scenario, through the real path (the real client, HTTP over loopback, the demo
//! server's real credential checks), produces the status and the finding it exists to show.

mod common;

use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Cell;
use secrecy::SecretString;
use sipgate_inspect::api::{ApiClient, BaseUrl, Credentials, Probe, ProbeData};
use sipgate_inspect::app::{Access, App, Form};
use sipgate_inspect::demo::{self, DEMO_TOKEN, SCENARIOS};
use sipgate_inspect::diagnose::Finding;
use sipgate_inspect::inspection::Inspection;
use sipgate_inspect::ui::render;

use common::drive::{app_for, send_and_settle};

/// (token id, expected status, expected first finding id).
const EXPECTED: [(&str, Option<u16>, &str); 14] = [
    ("token-DEMO01", Some(200), "ok.account"),
    ("token-FORBID", Some(403), "http.403"),
    ("token-LIMITD", Some(200), "ok.account"),
    ("token-NEOPBX", Some(200), "ok.account"),
    ("token-CLASSC", Some(200), "ok.account"),
    ("token-BAL402", Some(200), "ok.account"),
    ("token-NOBOOK", Some(403), "http.403-not-booked"),
    ("token-NOTFND", Some(404), "http.404-resource-not-found"),
    ("token-EXPIRD", Some(401), "http.401"),
    ("token-RATE42", Some(429), "http.429"),
    ("token-ERR500", Some(500), "http.5xx"),
    // With a 1 s timeout the slow scenario shows the timeout diagnosis.
    ("token-SLOW05", None, "transport.timeout"),
    ("token-BROKEN", Some(200), "ok.truncated-json"),
    ("token-PORTAL", Some(200), "ok.html-page"),
];

#[tokio::test]
async fn every_scenario_produces_its_status_and_finding() {
    let server = demo::spawn("127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("demo server");
    let base = BaseUrl::parse(&server.base_url(), false).expect("base");
    let client = ApiClient::new(base, Duration::from_secs(1)).expect("client");
    assert_eq!(
        SCENARIOS.iter().map(|s| s.token_id).collect::<Vec<_>>(),
        EXPECTED.iter().map(|e| e.0).collect::<Vec<_>>(),
        "every scenario has an expectation here"
    );
    for (token_id, status, finding) in EXPECTED {
        let credentials = Credentials::personal(token_id, SecretString::from(DEMO_TOKEN));
        let inspection = Inspection::run(&client, &credentials).await;
        assert_eq!(inspection.status(), status, "{token_id}");
        assert_eq!(inspection.findings[0].id, finding, "{token_id}");
        assert!(!inspection.findings[0].explanation.is_empty());
    }
    // Unknown credentials, and the demo token with a wrong token id, get 401.
    let wrong = Credentials::personal("token-NOPE00", SecretString::from(DEMO_TOKEN));
    assert_eq!(
        Inspection::run(&client, &wrong).await.findings[0].id,
        "http.401"
    );
    let bearer = Credentials::AccessToken(SecretString::from(demo::DEMO_ACCESS_TOKEN));
    assert_eq!(Inspection::run(&client, &bearer).await.status(), Some(200));
}

#[tokio::test]
async fn quoted_server_messages_reach_the_findings() {
    let server = demo::spawn("127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("demo server");
    let base = BaseUrl::parse(&server.base_url(), false).expect("base");
    let client = ApiClient::new(base, Duration::from_secs(5)).expect("client");
    let forbid = Credentials::personal("token-FORBID", SecretString::from(DEMO_TOKEN));
    let inspection = Inspection::run(&client, &forbid).await;
    assert!(
        inspection.findings[0].evidence[0].contains("account:read"),
        "{:?}",
        inspection.findings[0].evidence
    );
    let rate = Credentials::personal("token-RATE42", SecretString::from(DEMO_TOKEN));
    let inspection = Inspection::run(&client, &rate).await;
    assert!(inspection.findings[0].explanation.contains("30 seconds"));
}

async fn demo_client() -> (demo::DemoServer, ApiClient) {
    let server = demo::spawn("127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("demo server");
    let base = BaseUrl::parse(&server.base_url(), false).expect("base");
    let client = ApiClient::new(base, Duration::from_secs(5)).expect("client");
    (server, client)
}

fn everything_said(finding: &Finding) -> String {
    std::iter::once(&finding.title)
        .chain([&finding.explanation])
        .chain(&finding.steps)
        .cloned()
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn a_portal_page_and_a_cut_off_answer_are_told_apart() {
    let (_server, client) = demo_client().await;
    let run = |token_id: &'static str| {
        let credentials = Credentials::personal(token_id, SecretString::from(DEMO_TOKEN));
        let client = &client;
        async move { Inspection::run(client, &credentials).await }
    };
    let portal = run("token-PORTAL").await;
    let broken = run("token-BROKEN").await;
    let (portal, broken) = (&portal.findings[0], &broken.findings[0]);
    assert_ne!(portal.id, broken.id);
    assert!(!portal.title.starts_with("Accepted") && !broken.title.starts_with("Accepted"));
    assert!(everything_said(portal).contains("captive portal"));
    let broken_text = everything_said(broken);
    assert!(!broken_text.contains("portal"), "{broken_text}");
    assert!(broken_text.contains("EOF while parsing"), "{broken_text}");
}

#[tokio::test]
async fn the_advice_follows_what_the_server_said() {
    let (_server, client) = demo_client().await;
    let nobook = Credentials::personal("token-NOBOOK", SecretString::from(DEMO_TOKEN));
    let inspection = Inspection::run(&client, &nobook).await;
    let finding = &inspection.findings[0];
    assert_eq!(finding.evidence, ["Forbidden: Feature not booked"]);
    assert!(finding.explanation.contains("\"Feature not booked\""));
    assert!(!everything_said(finding).contains("create a new token"));

    let notfnd = Credentials::personal("token-NOTFND", SecretString::from(DEMO_TOKEN));
    let inspection = Inspection::run(&client, &notfnd).await;
    // The demo's base URL is right, so no base URL finding joins the 404.
    assert_eq!(
        inspection.findings.iter().map(|f| f.id).collect::<Vec<_>>(),
        ["http.404-resource-not-found"]
    );
    let finding = &inspection.findings[0];
    assert_eq!(finding.title, "Not found (404): \"Account not found\"");
    assert!(!everything_said(finding).to_lowercase().contains("base url"));
}

/// The app after pressing Enter with `token_id`, every effect carried out by the runtime's own
/// executor (the request, then each probe it starts) against the real demo server.
async fn app_after(client: &ApiClient, token_id: &str) -> App {
    let mut app = app_for(client.base().as_str()).with_form(Form::prefilled(
        Some(token_id.into()),
        Some(DEMO_TOKEN.into()),
        None,
    ));
    send_and_settle(&mut app, client).await;
    app
}

/// The screen's text, wide enough that no summary row is cut.
fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(220, 50)).expect("terminal");
    terminal.draw(|frame| render(app, frame)).expect("draw");
    let buffer = terminal.backend().buffer();
    buffer
        .content
        .chunks(usize::from(buffer.area.width))
        .map(|row| row.iter().map(Cell::symbol).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn a_200_that_is_not_the_expected_json_grants_no_scope() {
    let (_server, client) = demo_client().await;
    for (token_id, why) in [
        ("token-PORTAL", "a web page, not JSON"),
        ("token-BROKEN", "JSON cut short: EOF while parsing"),
    ] {
        let app = app_after(&client, token_id).await;
        let completed = app.completed().expect("answered");
        assert_eq!(
            Access::of_account(&completed.inspection),
            Access::NotUnderstood(200),
            "{token_id}"
        );
        let probes = app.probes().expect("probed");
        // Every probe but those waiting for the user id.
        for probe in Probe::all().filter(|p| !p.needs_user_id()) {
            assert_eq!(
                probes.access(probe),
                Access::NotUnderstood(200),
                "{token_id} {probe:?}"
            );
            assert!(
                matches!(probes.data(probe), Some(ProbeData::Unparsed(w)) if w.starts_with(why)),
                "{token_id} {probe:?}: {:?}",
                probes.data(probe)
            );
        }
        for waiting in ["/{userId}/devices", "/{userId}/phonelines"] {
            let probe = Probe::with_label(waiting).expect("in the table");
            assert!(
                matches!(
                    probes.access(probe),
                    Access::NotProbed("userinfo's answer not understood")
                ),
                "{token_id}: {:?}",
                probes.access(probe)
            );
        }
        // On screen: no ✓ anywhere, and every endpoint's row says the same thing.
        let text = screen(&app);
        assert!(!text.contains('✓'), "{token_id}:\n{text}");
        for label in ["User info", "Balance", "Users", "Numbers"] {
            let row = text
                .lines()
                .find(|l| l.contains(&format!("│ {label:<13} ")))
                .unwrap_or_else(|| panic!("{token_id}: no {label} row in\n{text}"));
            assert!(
                row.contains(&format!("answer not understood ({why}")),
                "{token_id}: {row}"
            );
        }
        assert!(
            text.contains("│ Devices       not asked: userinfo's answer not understood "),
            "{token_id}:\n{text}"
        );
    }
    // The happy path is granted everywhere, devices included.
    let app = app_after(&client, "token-DEMO01").await;
    let probes = app.probes().expect("probed");
    for probe in Probe::all() {
        assert_eq!(probes.access(probe), Access::Granted(200), "{probe:?}");
    }
    assert_eq!(
        screen(&app).matches("✓ 200 ").count(),
        10,
        "one per endpoint"
    );
}

/// Issue #11 over real HTTP: the neo scenario is told from the classic one, and its
/// classic-only 403s are not missing scopes.
#[tokio::test]
async fn the_platform_scenarios_are_told_apart_over_http() {
    use sipgate_inspect::diagnose::{DenialCause, Platform};
    let (_server, client) = demo_client().await;
    let probe = |label: &str| Probe::with_label(label).expect("in the table");

    let neo = app_after(&client, "token-NEOPBX").await;
    let probes = neo.probes().expect("probed");
    assert_eq!(probes.platform().platform, Platform::Neo);
    assert_eq!(
        probes.denial(probe("/{userId}/phonelines")),
        Some(DenialCause::ClassicOnly)
    );
    assert_eq!(
        probes.denial(probe("/groups")),
        Some(DenialCause::ClassicOnly)
    );
    let ids: Vec<&str> = probes.findings().iter().map(|f| f.id).collect();
    assert_eq!(ids, ["probe.403-classic-only"]);
    assert!(
        screen(&neo).contains("likely sipgate neo"),
        "{}",
        screen(&neo)
    );

    let classic = app_after(&client, "token-CLASSC").await;
    let probes = classic.probes().expect("probed");
    assert_eq!(probes.platform().platform, Platform::Classic);
    assert!(probes.findings().is_empty());

    let limited = app_after(&client, "token-LIMITD").await;
    let probes = limited.probes().expect("probed");
    assert_eq!(
        probes.denial(probe("/balance")),
        Some(DenialCause::MissingScope)
    );
    let ids: Vec<&str> = probes.findings().iter().map(|f| f.id).collect();
    assert_eq!(ids, ["probe.403-scope"]);

    let poor = app_after(&client, "token-BAL402").await;
    let probes = poor.probes().expect("probed");
    assert_eq!(probes.access(probe("/balance")), Access::Status(402));
}
