//! Every demo scenario, through the real path (the real client, HTTP over loopback, the demo
//! server's real credential checks), produces the status and the finding it exists to show.

use std::time::Duration;

use secrecy::SecretString;
use sipgate_inspect::api::{ApiClient, BaseUrl, Credentials};
use sipgate_inspect::demo::{self, DEMO_TOKEN, SCENARIOS};
use sipgate_inspect::inspection::Inspection;

/// (token id, expected status, expected first finding id).
const EXPECTED: [(&str, Option<u16>, &str); 11] = [
    ("token-DEMO01", Some(200), "ok.account"),
    ("token-FORBID", Some(403), "http.403"),
    ("token-LIMITD", Some(200), "ok.account"),
    ("token-NOBOOK", Some(403), "http.403"),
    ("token-NOTFND", Some(404), "http.404"),
    ("token-EXPIRD", Some(401), "http.401"),
    ("token-RATE42", Some(429), "http.429"),
    ("token-ERR500", Some(500), "http.5xx"),
    // With a 1 s timeout the slow scenario shows the timeout diagnosis.
    ("token-SLOW05", None, "transport.timeout"),
    ("token-BROKEN", Some(200), "ok.not-json"),
    ("token-PORTAL", Some(200), "ok.not-json"),
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
