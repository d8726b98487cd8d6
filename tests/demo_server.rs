//! Integration tests of the built-in demo sipgate API, through real HTTP on 127.0.0.1 with
//! reqwest: the happy path, every scenario, and the refusals (401, 404, 405).

use std::net::{Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use reqwest::header::{ALLOW, CONTENT_TYPE, RETRY_AFTER, WWW_AUTHENTICATE};
use reqwest::{Client, Method, RequestBuilder, StatusCode};
use serde_json::Value;
use sipgate_inspect::demo::{
    self, DEMO_ACCESS_TOKEN, DEMO_TOKEN, DEMO_TOKEN_ID, DemoServer, SCENARIOS,
};

/// Every endpoint the demo serves, with the scope sipgate lists for it.
const ENDPOINTS: [(&str, Option<&str>); 6] = [
    ("/account", Some("account:read")),
    ("/authorization/userinfo", None),
    ("/balance", Some("balance:read")),
    ("/users", Some("users:read")),
    ("/numbers", Some("numbers:read")),
    ("/w0/devices", Some("devices:read")),
];

/// The known-good vector from sipgate's docs: well-formed, but not a demo credential.
const REAL_LOOKING_ID: &str = "token-FQ1V12";
const REAL_LOOKING_TOKEN: &str = "e68ead46-a7db-46cd-8a1a-44aed1e4e372";

async fn start() -> DemoServer {
    demo::spawn(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .await
        .expect("demo server binds an ephemeral port")
}

fn client() -> Client {
    // No proxy: the tests talk to 127.0.0.1 whatever the environment says.
    Client::builder()
        .no_proxy()
        .build()
        .expect("reqwest client")
}

fn request(server: &DemoServer, method: Method, path: &str) -> RequestBuilder {
    client().request(method, format!("{}{path}", server.base_url()))
}

fn as_pat(server: &DemoServer, path: &str, token_id: &str, token: &str) -> RequestBuilder {
    request(server, Method::GET, path).basic_auth(token_id, Some(token))
}

fn as_demo(server: &DemoServer, path: &str) -> RequestBuilder {
    as_pat(server, path, DEMO_TOKEN_ID, DEMO_TOKEN)
}

fn as_scenario(server: &DemoServer, path: &str, token_id: &str) -> RequestBuilder {
    as_pat(server, path, token_id, DEMO_TOKEN)
}

/// A response reduced to what the tests look at.
struct Answer {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    body: String,
}

impl Answer {
    fn header(&self, name: impl reqwest::header::AsHeaderName) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.body))
    }

    /// The first entry of a sipgate-style `{"errors":[…]}` body, checked against the status.
    fn sipgate_error(&self) -> Value {
        assert!(
            self.header(CONTENT_TYPE).starts_with("application/json"),
            "content-type {}",
            self.header(CONTENT_TYPE)
        );
        let body = self.json();
        let error = body["errors"][0].clone();
        assert_eq!(error["status"], self.status.as_u16(), "{}", self.body);
        assert!(error["title"].is_string(), "{}", self.body);
        assert!(error["detail"].is_string(), "{}", self.body);
        error
    }

    fn detail(&self) -> String {
        self.sipgate_error()["detail"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

async fn send(request: RequestBuilder) -> Answer {
    let response = request.send().await.expect("demo server answers");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.text().await.expect("body");
    Answer {
        status,
        headers,
        body,
    }
}

fn assert_challenge(answer: &Answer) {
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{}", answer.body);
    assert_eq!(
        answer.header(WWW_AUTHENTICATE),
        "Basic realm=\"sipgate API (demo)\""
    );
    answer.sipgate_error();
}

#[tokio::test]
async fn base_url_is_loopback_with_v2_prefix() {
    let server = start().await;
    assert_eq!(
        server.base_url(),
        format!("http://127.0.0.1:{}/v2", server.addr().port())
    );
    assert_ne!(server.addr().port(), 0);
}

#[tokio::test]
async fn demo_credentials_get_200_with_the_documented_shapes() {
    let server = start().await;
    for (path, _) in ENDPOINTS {
        let answer = send(as_demo(&server, path)).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.body);
        assert!(answer.header(CONTENT_TYPE).starts_with("application/json"));
        answer.json();
    }

    let account = send(as_demo(&server, "/account")).await.json();
    assert_eq!(account["company"], "sipgate Demo GmbH");
    assert_eq!(account["mainProductType"], "TEAM");
    assert_eq!(account["verified"], true);
    assert_eq!(account["historyLifeTime"], "THIRTY_DAYS");
    assert!(account["logoUrl"].is_string());

    let userinfo = send(as_demo(&server, "/authorization/userinfo"))
        .await
        .json();
    assert_eq!(userinfo["sub"], "w0");
    assert_eq!(userinfo["domain"], "sipgate.de");
    assert_eq!(userinfo["locale"], "de_DE");
    assert!(userinfo["masterSipId"].is_string());

    let balance = send(as_demo(&server, "/balance")).await.json();
    assert_eq!(balance["amount"], 123_400);
    assert_eq!(balance["currency"], "EUR");

    let users = send(as_demo(&server, "/users")).await.json();
    let users = users["items"].as_array().expect("users.items");
    assert!(users.len() >= 2);
    for user in users {
        for key in ["id", "firstname", "lastname", "email", "defaultDevice"] {
            assert!(user[key].is_string(), "user.{key}: {user}");
        }
        assert!(user["directDialIds"].is_array());
        assert!(user["admin"].is_boolean());
    }

    let numbers = send(as_demo(&server, "/numbers")).await.json();
    let numbers = numbers["items"].as_array().expect("numbers.items");
    let types: Vec<&str> = numbers.iter().filter_map(|n| n["type"].as_str()).collect();
    assert!(
        types.contains(&"MOBILE") && types.contains(&"LANDLINE"),
        "{types:?}"
    );
    for number in numbers {
        for key in ["id", "number", "localized", "endpointId"] {
            assert!(number[key].is_string(), "number.{key}: {number}");
        }
    }

    let devices = send(as_demo(&server, "/w0/devices")).await.json();
    let devices = devices["items"].as_array().expect("devices.items");
    assert!(!devices.is_empty());
    for device in devices {
        assert!(device["id"].is_string() && device["alias"].is_string());
        assert!(
            ["REGISTER", "MOBILE", "EXTERNAL"].contains(&device["type"].as_str().unwrap_or(""))
        );
        assert!(device["online"].is_boolean() && device["dnd"].is_boolean());
        assert!(device["activePhonelines"].is_array() && device["activeGroups"].is_array());
    }
}

#[tokio::test]
async fn bearer_demo_token_gets_200_everywhere() {
    let server = start().await;
    for (path, _) in ENDPOINTS {
        let answer = send(request(&server, Method::GET, path).bearer_auth(DEMO_ACCESS_TOKEN)).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.body);
    }
}

#[tokio::test]
async fn missing_authorization_gets_401_with_challenge() {
    let server = start().await;
    for (path, _) in ENDPOINTS {
        assert_challenge(&send(request(&server, Method::GET, path)).await);
    }
}

#[tokio::test]
async fn garbled_authorization_gets_401() {
    let server = start().await;
    let garbled = [
        "Basic not*base64!",
        // base64 of "token-DEMO01" without colon and token
        "Basic dG9rZW4tREVNTzAx",
        "Basic",
        "Bearer",
        "Digest username=\"token-DEMO01\"",
        "token-DEMO01:00000000-0000-4000-8000-000000000001",
    ];
    for value in garbled {
        let answer =
            send(request(&server, Method::GET, "/account").header("Authorization", value)).await;
        assert_challenge(&answer);
    }
}

#[tokio::test]
async fn unknown_credentials_get_401() {
    let server = start().await;
    let wrong_token = send(as_pat(
        &server,
        "/account",
        DEMO_TOKEN_ID,
        REAL_LOOKING_TOKEN,
    ))
    .await;
    assert_challenge(&wrong_token);
    assert_eq!(wrong_token.detail(), "Invalid token supplied");
    assert_challenge(&send(as_pat(&server, "/account", "token-ZZZZZZ", DEMO_TOKEN)).await);
    assert_challenge(
        &send(request(&server, Method::GET, "/account").bearer_auth("not-the-demo-token")).await,
    );
    // A scenario token id only works with the demo token.
    assert_challenge(
        &send(as_pat(
            &server,
            "/account",
            "token-FORBID",
            REAL_LOOKING_TOKEN,
        ))
        .await,
    );
}

#[tokio::test]
async fn known_good_vector_is_not_a_demo_credential() {
    let server = start().await;
    let answer = send(as_pat(
        &server,
        "/account",
        REAL_LOOKING_ID,
        REAL_LOOKING_TOKEN,
    ))
    .await;
    assert_challenge(&answer);
    // The same, sent as the exact header from sipgate's docs.
    let answer = send(request(&server, Method::GET, "/account").header(
        "Authorization",
        "Basic dG9rZW4tRlExVjEyOmU2OGVhZDQ2LWE3ZGItNDZjZC04YTFhLTQ0YWVkMWU0ZTM3Mg==",
    ))
    .await;
    assert_challenge(&answer);
}

#[tokio::test]
async fn wrong_method_gets_405_with_allow_get() {
    let server = start().await;
    for method in [Method::POST, Method::PUT, Method::DELETE] {
        for (path, _) in ENDPOINTS {
            let answer = send(
                request(&server, method.clone(), path).basic_auth(DEMO_TOKEN_ID, Some(DEMO_TOKEN)),
            )
            .await;
            assert_eq!(
                answer.status,
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path}"
            );
            assert_eq!(answer.header(ALLOW), "GET");
            answer.sipgate_error();
        }
    }
}

#[tokio::test]
async fn unknown_path_gets_404_json() {
    let server = start().await;
    for path in ["/nope", "/sessions/calls", "/account/", "/w0/devices/e0"] {
        let answer = send(as_demo(&server, path)).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
        answer.sipgate_error();
    }
    // Outside the /v2 prefix too, and without credentials.
    let root = format!("http://{}/account", server.addr());
    let answer = send(client().get(root)).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    answer.sipgate_error();
}

#[tokio::test]
async fn devices_of_unknown_user_get_404() {
    let server = start().await;
    let answer = send(as_demo(&server, "/w99/devices")).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.detail(), "User not found");
    // Without credentials it is still 401: the user lookup comes after authentication.
    assert_challenge(&send(request(&server, Method::GET, "/w99/devices")).await);
}

#[tokio::test]
async fn scenario_missing_scope_names_the_scope() {
    let server = start().await;
    for (path, scope) in ENDPOINTS {
        let answer = send(as_scenario(&server, path, "token-FORBID")).await;
        match scope {
            Some(scope) => {
                assert_eq!(answer.status, StatusCode::FORBIDDEN, "{path}");
                let detail = answer.detail();
                assert!(detail.contains(scope), "{path}: {detail}");
            }
            None => assert_eq!(answer.status, StatusCode::OK, "{path}"),
        }
    }
}

#[tokio::test]
async fn scenario_limited_scopes_gives_a_mixed_matrix() {
    let server = start().await;
    for (path, scope) in ENDPOINTS {
        let answer = send(as_scenario(&server, path, "token-LIMITD")).await;
        match scope {
            None | Some("account:read" | "users:read") => {
                assert_eq!(answer.status, StatusCode::OK, "{path}");
                answer.json();
            }
            Some(scope) => {
                assert_eq!(answer.status, StatusCode::FORBIDDEN, "{path}");
                assert!(answer.detail().contains(scope), "{path}");
            }
        }
    }
}

#[tokio::test]
async fn scenario_not_booked_refuses_account_only() {
    let server = start().await;
    let answer = send(as_scenario(&server, "/account", "token-NOBOOK")).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert_eq!(answer.detail(), "Feature not booked");
    let other = send(as_scenario(&server, "/balance", "token-NOBOOK")).await;
    assert_eq!(other.status, StatusCode::OK);
}

#[tokio::test]
async fn scenario_account_not_found() {
    let server = start().await;
    let answer = send(as_scenario(&server, "/account", "token-NOTFND")).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.detail(), "Account not found");
    let other = send(as_scenario(&server, "/users", "token-NOTFND")).await;
    assert_eq!(other.status, StatusCode::OK);
}

#[tokio::test]
async fn scenario_expired_token_gets_401_saying_so() {
    let server = start().await;
    for (path, _) in ENDPOINTS {
        let answer = send(as_scenario(&server, path, "token-EXPIRD")).await;
        assert_challenge(&answer);
        let detail = answer.detail();
        assert!(
            detail.contains("revoked") && detail.contains("expired"),
            "{detail}"
        );
    }
}

#[tokio::test]
async fn scenario_rate_limit_sends_problem_json_and_retry_after() {
    let server = start().await;
    for (path, _) in ENDPOINTS {
        let answer = send(as_scenario(&server, path, "token-RATE42")).await;
        assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS, "{path}");
        assert_eq!(answer.header(RETRY_AFTER), "30");
        assert_eq!(answer.header(CONTENT_TYPE), "application/problem+json");
        let problem = answer.json();
        assert_eq!(problem["status"], 429);
        for key in ["type", "title", "detail"] {
            assert!(problem[key].is_string(), "problem.{key}");
        }
    }
}

#[tokio::test]
async fn scenario_server_error_sends_sipgate_body() {
    let server = start().await;
    for (path, _) in ENDPOINTS {
        let answer = send(as_scenario(&server, path, "token-ERR500")).await;
        assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR, "{path}");
        answer.sipgate_error();
    }
}

/// The one slow test: it waits the real five seconds, because the delay happens in a server
/// reached over TCP, where `tokio::time::pause` cannot shorten it. It also shows the delay does
/// not block other requests.
#[tokio::test]
async fn scenario_slow_answers_after_five_seconds_without_blocking_others() {
    let server = start().await;
    let started = Instant::now();
    let slow = async {
        let answer = send(as_scenario(&server, "/account", "token-SLOW05")).await;
        (answer, started.elapsed())
    };
    let fast = async {
        let answer = send(as_demo(&server, "/account")).await;
        (answer, started.elapsed())
    };
    let ((slow, slow_took), (fast, fast_took)) = tokio::join!(slow, fast);
    assert_eq!(slow.status, StatusCode::OK);
    assert_eq!(slow.json()["company"], "sipgate Demo GmbH");
    assert!(slow_took >= Duration::from_secs(5), "took {slow_took:?}");
    assert_eq!(fast.status, StatusCode::OK);
    assert!(
        fast_took < Duration::from_secs(5),
        "blocked for {fast_took:?}"
    );
}

#[tokio::test]
async fn scenario_broken_sends_truncated_json() {
    let server = start().await;
    for (path, _) in ENDPOINTS {
        let answer = send(as_scenario(&server, path, "token-BROKEN")).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        assert_eq!(answer.header(CONTENT_TYPE), "application/json");
        assert!(answer.body.starts_with('{'), "{}", answer.body);
        assert!(
            serde_json::from_str::<Value>(&answer.body).is_err(),
            "{path} parsed: {}",
            answer.body
        );
    }
}

#[tokio::test]
async fn scenario_portal_sends_html() {
    let server = start().await;
    for (path, _) in ENDPOINTS {
        let answer = send(as_scenario(&server, path, "token-PORTAL")).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        assert!(answer.header(CONTENT_TYPE).starts_with("text/html"));
        assert!(answer.body.starts_with("<!DOCTYPE html>"));
    }
}

#[tokio::test]
async fn every_table_scenario_is_recognised() {
    let server = start().await;
    for scenario in SCENARIOS {
        if scenario.token_id == "token-SLOW05" {
            continue; // covered by its own (slow) test
        }
        let answer = send(as_scenario(
            &server,
            "/authorization/userinfo",
            scenario.token_id,
        ))
        .await;
        let expected_401 = scenario.token_id == "token-EXPIRD";
        assert_eq!(
            answer.status == StatusCode::UNAUTHORIZED,
            expected_401,
            "{}: {}",
            scenario.token_id,
            answer.status
        );
        if expected_401 {
            assert_ne!(answer.detail(), "Invalid token supplied");
        }
    }
}

#[tokio::test]
async fn no_answer_echoes_a_token_or_the_authorization_header() {
    let server = start().await;
    let basic = format!(
        "Basic {}",
        base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            format!("{DEMO_TOKEN_ID}:{DEMO_TOKEN}")
        )
    );
    let secrets = [
        DEMO_TOKEN,
        DEMO_ACCESS_TOKEN,
        REAL_LOOKING_TOKEN,
        basic.as_str(),
    ];
    let mut requests = vec![
        as_pat(&server, "/account", REAL_LOOKING_ID, REAL_LOOKING_TOKEN),
        as_pat(&server, "/account", DEMO_TOKEN, DEMO_TOKEN_ID),
        request(&server, Method::GET, "/account").bearer_auth(DEMO_ACCESS_TOKEN),
        request(&server, Method::GET, "/account").bearer_auth(REAL_LOOKING_TOKEN),
        request(&server, Method::POST, "/account").bearer_auth(DEMO_ACCESS_TOKEN),
    ];
    for scenario in SCENARIOS.iter().filter(|s| s.token_id != "token-SLOW05") {
        for (path, _) in ENDPOINTS {
            requests.push(as_scenario(&server, path, scenario.token_id));
        }
    }
    for request in requests {
        let answer = send(request).await;
        for secret in secrets {
            assert!(!answer.body.contains(secret), "body leaks: {}", answer.body);
            for (name, value) in &answer.headers {
                let value = value.to_str().unwrap_or("");
                assert!(!value.contains(secret), "header {name} leaks");
            }
        }
    }
}

#[tokio::test]
async fn head_is_answered_like_get() {
    let server = start().await;
    let answer = send(
        request(&server, Method::HEAD, "/account").basic_auth(DEMO_TOKEN_ID, Some(DEMO_TOKEN)),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.body.is_empty());
}

#[tokio::test]
async fn shutdown_stops_the_server() {
    let server = start().await;
    let url = format!("{}/account", server.base_url());
    assert_eq!(
        send(
            client()
                .get(&url)
                .basic_auth(DEMO_TOKEN_ID, Some(DEMO_TOKEN))
        )
        .await
        .status,
        StatusCode::OK
    );
    server.shutdown().await;
    // A fresh client, so no kept-alive connection is reused.
    assert!(client().get(&url).send().await.is_err());
}

#[tokio::test]
async fn dropping_the_handle_stops_the_server() {
    let server = start().await;
    let url = format!("{}/account", server.base_url());
    drop(server);
    // The server stops in the background; give it a moment.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if client().get(&url).send().await.is_err() {
            break;
        }
        assert!(Instant::now() < deadline, "server still answers after drop");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
