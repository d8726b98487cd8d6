//! Loopback HTTP tests: the real client against real servers on 127.0.0.1 (wiremock, and raw
//! TCP servers for misbehaviour wiremock cannot produce). The request that arrives is checked
//! byte for byte, and every outcome class is produced for real.

use std::time::Duration;

use secrecy::SecretString;
use sipgate_inspect::api::{AccountParse, ApiClient, BaseUrl, Credentials, TransportErrorKind};
use sipgate_inspect::inspection::Inspection;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN_ID: &str = "token-FQ1V12";
const TOKEN: &str = "e68ead46-a7db-46cd-8a1a-44aed1e4e372";
const EXPECTED_HEADER: &str =
    "Basic dG9rZW4tRlExVjEyOmU2OGVhZDQ2LWE3ZGItNDZjZC04YTFhLTQ0YWVkMWU0ZTM3Mg==";

fn credentials() -> Credentials {
    Credentials::personal(TOKEN_ID, SecretString::from(TOKEN))
}

fn client(base: &str, timeout: Duration) -> ApiClient {
    let base = BaseUrl::parse(base, true).expect("base url");
    ApiClient::new(base, timeout).expect("client")
}

async fn inspect(base: &str) -> Inspection {
    Inspection::run(&client(base, Duration::from_secs(5)), &credentials()).await
}

fn ids(inspection: &Inspection) -> Vec<&'static str> {
    inspection.findings.iter().map(|f| f.id).collect()
}

async fn server_answering(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/account"))
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn the_exact_basic_header_arrives_byte_for_byte() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/account"))
        .and(header("authorization", EXPECTED_HEADER))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"company":"Love sipgate"}"#))
        .expect(1)
        .mount(&server)
        .await;
    let inspection = inspect(&format!("{}/v2", server.uri())).await;
    assert_eq!(inspection.status(), Some(200));
    let requests = server.received_requests().await.expect("recording on");
    let auth = requests[0]
        .headers
        .get("authorization")
        .expect("authorization header");
    assert_eq!(auth.as_bytes(), EXPECTED_HEADER.as_bytes());
    assert_eq!(requests[0].method.as_str(), "GET");
    assert_eq!(requests[0].url.path(), "/v2/account");
}

#[tokio::test]
async fn bearer_tokens_are_sent_as_bearer() {
    let server = MockServer::start().await;
    Mock::given(header("authorization", "Bearer abc.def.ghi"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"company":"x"}"#))
        .expect(1)
        .mount(&server)
        .await;
    let creds = Credentials::AccessToken(SecretString::from("abc.def.ghi"));
    let client = client(&format!("{}/v2", server.uri()), Duration::from_secs(5));
    assert_eq!(Inspection::run(&client, &creds).await.status(), Some(200));
}

#[tokio::test]
async fn success_parses_the_account() {
    let body = r#"{"company":"Love sipgate","mainProductType":"TEAM","verified":true,"historyLifeTime":"NONE"}"#;
    let server =
        server_answering(ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
    let inspection = inspect(&format!("{}/v2", server.uri())).await;
    let Some(AccountParse::Account(account)) = &inspection.account else {
        panic!("no account: {:?}", inspection.account);
    };
    assert_eq!(account.company.as_deref(), Some("Love sipgate"));
    assert_eq!(ids(&inspection), vec!["ok.account"]);
}

#[tokio::test]
async fn each_error_status_gets_its_finding() {
    let cases: Vec<(ResponseTemplate, &str)> = vec![
        (
            ResponseTemplate::new(401).insert_header("www-authenticate", "Basic realm=\"x\""),
            "http.401",
        ),
        (
            ResponseTemplate::new(403).set_body_raw(
                r#"{"errors":[{"status":403,"title":"Forbidden","detail":"missing scope account:read"}]}"#,
                "application/json",
            ),
            "http.403",
        ),
        (ResponseTemplate::new(404), "http.404"),
        (ResponseTemplate::new(405).insert_header("allow", "GET"), "http.405"),
        (ResponseTemplate::new(429).insert_header("retry-after", "30"), "http.429"),
        (ResponseTemplate::new(402), "http.402"),
        (ResponseTemplate::new(415), "http.415"),
        (ResponseTemplate::new(418), "http.4xx"),
        (ResponseTemplate::new(500), "http.5xx"),
        (ResponseTemplate::new(503), "http.5xx"),
        (ResponseTemplate::new(304), "http.3xx"),
        (ResponseTemplate::new(200).set_body_string("<html>login</html>"), "ok.html-page"),
        (ResponseTemplate::new(200), "ok.empty-body"),
        (ResponseTemplate::new(200).set_body_string("[]"), "ok.not-account"),
    ];
    for (template, expected) in cases {
        let server = server_answering(template).await;
        let inspection = inspect(&format!("{}/v2", server.uri())).await;
        assert_eq!(ids(&inspection)[0], expected, "{:?}", inspection.status());
    }
}

#[tokio::test]
async fn a_403_body_is_quoted_and_retry_after_is_read() {
    let server = server_answering(ResponseTemplate::new(403).set_body_raw(
        r#"{"errors":[{"title":"Forbidden","detail":"missing scope account:read"}]}"#,
        "application/json",
    ))
    .await;
    let inspection = inspect(&format!("{}/v2", server.uri())).await;
    assert_eq!(
        inspection.findings[0].evidence,
        vec!["Forbidden: missing scope account:read"]
    );

    let server =
        server_answering(ResponseTemplate::new(429).insert_header("retry-after", "30")).await;
    let inspection = inspect(&format!("{}/v2", server.uri())).await;
    assert!(inspection.findings[0].explanation.contains("30 seconds"));
}

#[tokio::test]
async fn a_slow_server_hits_the_timeout() {
    let server =
        server_answering(ResponseTemplate::new(200).set_delay(Duration::from_secs(3))).await;
    let client = client(&format!("{}/v2", server.uri()), Duration::from_secs(1));
    let inspection = Inspection::run(&client, &credentials()).await;
    let error = inspection.exchange.result.as_ref().expect_err("timed out");
    assert_eq!(error.kind, TransportErrorKind::Timeout);
    assert_eq!(ids(&inspection), vec!["transport.timeout"]);
    assert!(inspection.findings[0].explanation.contains("1 s"));
}

#[tokio::test]
async fn a_closed_port_is_connection_refused() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    let inspection = inspect(&format!("http://127.0.0.1:{port}/v2")).await;
    assert_eq!(ids(&inspection), vec!["transport.refused"]);
}

#[tokio::test]
async fn an_unresolvable_host_is_a_dns_failure() {
    let inspection = inspect("http://no-such-host.invalid/v2").await;
    assert_eq!(
        ids(&inspection),
        vec!["transport.dns"],
        "{:?}",
        inspection.exchange.result
    );
}

/// A one-shot raw TCP server that answers the first request with `response` and then
/// closes the connection.
async fn raw_server(response: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        if let Ok((mut socket, _)) = listener.accept().await {
            let mut buf = [0_u8; 4096];
            let _ = socket.read(&mut buf).await;
            let _ = socket.write_all(&response).await;
            let _ = socket.shutdown().await;
        }
    });
    format!("http://{addr}/v2")
}

#[tokio::test]
async fn a_body_shorter_than_its_content_length_is_cut_off() {
    let base = raw_server(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"company\":"
            .to_vec(),
    )
    .await;
    let inspection = inspect(&base).await;
    assert_eq!(
        ids(&inspection),
        vec!["transport.body-cut-off"],
        "{:?}",
        inspection.exchange.result
    );
}

#[tokio::test]
async fn a_connection_closed_without_an_answer_is_a_reset() {
    let base = raw_server(Vec::new()).await;
    let inspection = inspect(&base).await;
    assert_eq!(
        ids(&inspection),
        vec!["transport.reset"],
        "{:?}",
        inspection.exchange.result
    );
}

#[tokio::test]
async fn a_huge_body_is_capped() {
    let big = "x".repeat(sipgate_inspect::api::MAX_BODY_BYTES + 1);
    let server = server_answering(ResponseTemplate::new(200).set_body_string(big)).await;
    let inspection = inspect(&format!("{}/v2", server.uri())).await;
    assert_eq!(ids(&inspection), vec!["transport.body-too-large"]);
}

#[tokio::test]
async fn a_redirect_to_another_host_does_not_carry_the_authorization_header() {
    let other_listener = std::net::TcpListener::bind("127.0.0.2:0").expect("bind 127.0.0.2");
    let other = MockServer::builder().listener(other_listener).start().await;
    Mock::given(path("/v2/account"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&other)
        .await;
    let first = server_answering(
        ResponseTemplate::new(307).insert_header("location", format!("{}/v2/account", other.uri())),
    )
    .await;
    let inspection = inspect(&format!("{}/v2", first.uri())).await;
    assert_eq!(inspection.status(), Some(401));
    assert_eq!(ids(&inspection), vec!["http.401", "response.redirected"]);
    let arrived = other.received_requests().await.expect("recording on");
    assert_eq!(arrived.len(), 1);
    assert!(
        arrived[0].headers.get("authorization").is_none(),
        "Authorization was forwarded to another host"
    );
}

#[tokio::test]
async fn a_401_asking_for_another_scheme_says_so() {
    let server = server_answering(ResponseTemplate::new(401).insert_header(
        "www-authenticate",
        "Bearer realm=\"sipgate\", error=\"invalid_token\"",
    ))
    .await;
    let inspection = inspect(&format!("{}/v2", server.uri())).await;
    assert_eq!(
        ids(&inspection),
        vec!["http.401", "auth.challenge-mismatch"]
    );
    assert_eq!(
        inspection.findings[1].title,
        "The server asks for Bearer, but Basic was sent"
    );
    // The same challenge with the scheme that was sent is no news.
    let server = server_answering(
        ResponseTemplate::new(401).insert_header("www-authenticate", "Basic realm=\"sipgate\""),
    )
    .await;
    let inspection = inspect(&format!("{}/v2", server.uri())).await;
    assert_eq!(ids(&inspection), vec!["http.401"]);
}

#[tokio::test]
async fn a_404_points_at_what_is_wrong_with_the_base_url() {
    // Only /v2/account exists, as on sipgate's API.
    let server =
        server_answering(ResponseTemplate::new(200).set_body_string(r#"{"company":"x"}"#)).await;
    let cases = [
        (server.uri(), "url.missing-v2"),
        (format!("{}/v1", server.uri()), "url.missing-v2"),
        (format!("{}/v2/account", server.uri()), "url.path-pasted"),
        (format!("{}//v2", server.uri()), "url.double-slash"),
    ];
    for (base, expected) in cases {
        let inspection = inspect(&base).await;
        assert_eq!(ids(&inspection), vec!["http.404", expected], "for {base}");
        assert!(
            inspection.findings[0]
                .explanation
                .contains(&format!("{base}/account")),
            "the URL called is shown"
        );
    }
}

#[tokio::test]
async fn the_request_summary_masks_the_header_and_matches_what_was_sent() {
    let server = server_answering(ResponseTemplate::new(401)).await;
    let inspection = inspect(&format!("{}/v2", server.uri())).await;
    let summary = &inspection.exchange.request;
    assert_eq!(summary.method, "GET");
    assert_eq!(summary.url, format!("{}/v2/account", server.uri()));
    assert_eq!(
        summary.authorization,
        "Basic dG9rZW4tRlExVjEy… → token-FQ1V12:••••"
    );
    assert!(EXPECTED_HEADER.starts_with(summary.authorization.split('…').next().expect("prefix")));
    assert!(!format!("{summary:?}").contains(TOKEN));
}
