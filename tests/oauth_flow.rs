//! The OAuth sign-in over loopback against the demo provider: the whole flow with the test as
//! the browser, then the inspection with the new token; and each failure, one test each.

mod common;
use common::assert_matches;

use std::net::SocketAddr;
use std::time::Duration;

use common::oauth_browser::{
    Consent, browser, consent, follow, free_port, query_param, redirect_uri,
};
use secrecy::{ExposeSecret as _, SecretString};
use sipgate_inspect::api::{ApiClient, BaseUrl, Credentials};
use sipgate_inspect::demo::{self, DEMO_CLIENT_SECRET, DemoServer};
use sipgate_inspect::diagnose::oauth::{SignInContext, refresh_findings};
use sipgate_inspect::inspection::Inspection;
use sipgate_inspect::oauth::{
    AuthorizationRequest, ClientCredentials, Issuer, ListenError, ListenerLimits, Pkce,
    RedirectUri, SignInConfig, SignInError, TokenError, authorization_url, exchange_code,
    http_client, refresh, start,
};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

async fn demo_server() -> DemoServer {
    demo::spawn(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("demo server")
}

fn issuer(server: &DemoServer) -> Issuer {
    Issuer::parse(
        &format!("http://{}/auth/realms/sipgate-apps", server.addr()),
        false,
    )
    .expect("issuer")
}

fn client(id: &str) -> ClientCredentials {
    ClientCredentials {
        client_id: id.to_owned(),
        client_secret: SecretString::from(DEMO_CLIENT_SECRET.to_owned()),
    }
}

fn config(server: &DemoServer, client_id: &str, redirect: &str) -> SignInConfig {
    SignInConfig {
        issuer: issuer(server),
        client: client(client_id),
        scopes: vec!["account:read".to_owned(), "users:read".to_owned()],
        redirect: RedirectUri::parse(redirect).expect("redirect"),
        limits: ListenerLimits::default(),
    }
}

fn http() -> reqwest::Client {
    http_client(Duration::from_secs(10)).expect("client")
}

/// Starts a sign-in with `client_id`, plays the browser with `decision`, and returns what
/// the sign-in came to, with the page the browser landed on.
async fn sign_in(
    server: &DemoServer,
    client_id: &str,
    decision: &str,
) -> (
    Result<sipgate_inspect::oauth::SignedIn, SignInError>,
    String,
) {
    let pending = start(config(server, client_id, &redirect_uri()))
        .await
        .expect("start");
    let url = pending.authorization_url().to_owned();
    let waiting =
        tokio::spawn(async move { pending.finish(&http(), Duration::from_secs(30)).await });
    let page = match consent(&url, decision).await {
        Consent::Redirect(location) => follow(&location).await.1,
        Consent::Page(status, page) => panic!("no redirect: {status} {page}"),
    };
    (waiting.await.expect("task"), page)
}

#[tokio::test]
async fn sign_in_end_to_end_then_the_inspection_runs_with_the_new_token() {
    let server = demo_server().await;
    let (signed, page) = sign_in(&server, "demo-app", "allow").await;
    let signed = signed.expect("signed in");
    assert!(page.contains("Signed in"), "{page}");
    assert_eq!(signed.client_id, "demo-app");
    assert_eq!(signed.tokens.expires_in, Some(300));
    assert_eq!(signed.tokens.refresh_expires_in, Some(2_592_000));
    assert_eq!(
        signed.tokens.scope.as_deref(),
        Some("account:read users:read")
    );
    assert!(!format!("{signed:?}").contains(signed.tokens.access_token.expose_secret()));

    let base = BaseUrl::parse(&server.base_url(), false).expect("base");
    let api = ApiClient::new(base, Duration::from_secs(10)).expect("client");
    let credentials = Credentials::AccessToken(signed.tokens.access_token.clone());
    let inspection = Inspection::run(&api, &credentials).await;
    assert_eq!(inspection.status(), Some(200));
    assert_eq!(inspection.findings[0].id, "ok.account");
}

#[tokio::test]
async fn deny_comes_back_as_access_denied() {
    let server = demo_server().await;
    let (result, page) = sign_in(&server, "demo-app", "deny").await;
    assert!(page.contains("Sign-in was declined"), "{page}");
    assert_matches!(
        result,
        Err(SignInError::Redirect { ref error, .. }) if error == "access_denied"
    );
}

#[tokio::test]
async fn a_scope_the_provider_does_not_know_is_invalid_scope_naming_it() {
    let server = demo_server().await;
    let mut config = config(&server, "demo-app", &redirect_uri());
    config.scopes = vec!["account:read".to_owned(), "balance:write".to_owned()];
    let pending = start(config).await.expect("start");
    let url = pending.authorization_url().to_owned();
    let waiting =
        tokio::spawn(async move { pending.finish(&http(), Duration::from_secs(30)).await });
    // No consent page: the provider sends the browser straight back with the error.
    let location = browser()
        .get(&url)
        .send()
        .await
        .expect("auth")
        .headers()
        .get("location")
        .expect("redirect")
        .to_str()
        .expect("ascii")
        .to_owned();
    follow(&location).await;
    assert_matches!(
        waiting.await.expect("task"),
        Err(SignInError::Redirect { ref error, ref description })
            if error == "invalid_scope" && description.as_deref() == Some("Invalid scopes: balance:write")
    );
}

#[tokio::test]
async fn an_unknown_client_gets_keycloaks_page_and_never_a_redirect() {
    let server = demo_server().await;
    let pending = start(config(&server, "nobody-knows-me", &redirect_uri()))
        .await
        .expect("start");
    let url = pending.authorization_url().to_owned();
    assert_matches!(
        consent(&url, "allow").await,
        Consent::Page(400, ref page) if page.contains("Client not found.")
    );
    // The client of the older realm is not found in sipgate-apps either.
    let legacy = start(config(&server, "demo-legacy", &redirect_uri()))
        .await
        .expect("start");
    assert_matches!(
        consent(legacy.authorization_url(), "allow").await,
        Consent::Page(400, ref page) if page.contains("Client not found.")
    );
}

#[tokio::test]
async fn an_unregistered_redirect_uri_gets_keycloaks_page() {
    let server = demo_server().await;
    let pending = start(config(&server, "demo-other-redirect", &redirect_uri()))
        .await
        .expect("start");
    assert_matches!(
        consent(pending.authorization_url(), "allow").await,
        Consent::Page(400, ref page) if page.contains("Invalid parameter: redirect_uri")
    );
}

#[tokio::test]
async fn a_wrong_client_secret_is_refused_at_the_token_endpoint() {
    let server = demo_server().await;
    let (result, _) = sign_in(&server, "demo-wrong-secret", "allow").await;
    assert_matches!(
        result,
        Err(SignInError::Token(TokenError::Provider { status: 401, ref error, .. }))
            if error == "unauthorized_client"
    );
}

#[tokio::test]
async fn no_redirect_before_the_timeout() {
    let server = demo_server().await;
    let pending = start(config(&server, "demo-app", &redirect_uri()))
        .await
        .expect("start");
    assert_matches!(
        pending.finish(&http(), Duration::from_millis(300)).await,
        Err(SignInError::TimedOut { refusals, .. }) if refusals.wrong_state == 0
    );
}

#[tokio::test]
async fn a_wrong_state_is_refused_as_a_forgery_and_the_wait_goes_on() {
    let server = demo_server().await;
    let redirect = redirect_uri();
    let pending = start(config(&server, "demo-app", &redirect))
        .await
        .expect("start");
    let url = pending.authorization_url().to_owned();
    let waiting =
        tokio::spawn(async move { pending.finish(&http(), Duration::from_secs(30)).await });
    let (status, page) = follow(&format!("{redirect}?code=stolen&state=not-the-one")).await;
    assert_eq!(status, 400);
    assert!(page.contains("may be forged"), "{page}");
    // The real sign-in still completes.
    let Consent::Redirect(location) = consent(&url, "allow").await else {
        panic!("no redirect")
    };
    follow(&location).await;
    assert!(waiting.await.expect("task").is_ok());
}

#[tokio::test]
async fn a_wrong_state_then_nothing_times_out_with_the_forgery_counted() {
    let server = demo_server().await;
    let redirect = redirect_uri();
    let pending = start(config(&server, "demo-app", &redirect))
        .await
        .expect("start");
    let waiting =
        tokio::spawn(async move { pending.finish(&http(), Duration::from_millis(1500)).await });
    follow(&format!("{redirect}?code=stolen&state=forged")).await;
    assert_matches!(
        waiting.await.expect("task"),
        Err(SignInError::TimedOut { refusals, .. }) if refusals.wrong_state == 1
    );
}

#[tokio::test]
async fn another_issuer_in_iss_is_refused() {
    let server = demo_server().await;
    let redirect = redirect_uri();
    let pending = start(config(&server, "demo-app", &redirect))
        .await
        .expect("start");
    let state = query_param(pending.authorization_url(), "state").expect("state");
    let waiting =
        tokio::spawn(async move { pending.finish(&http(), Duration::from_secs(30)).await });
    follow(&format!(
        "{redirect}?code=c&state={state}&iss=https%3A%2F%2Fevil.example%2Frealms%2Fx"
    ))
    .await;
    assert_matches!(
        waiting.await.expect("task"),
        Err(SignInError::IssuerMismatch { ref got, .. }) if got == "https://evil.example/realms/x"
    );
}

#[tokio::test]
async fn the_listener_answers_other_paths_404_and_keeps_waiting() {
    let server = demo_server().await;
    let redirect = redirect_uri();
    let pending = start(config(&server, "demo-app", &redirect))
        .await
        .expect("start");
    let url = pending.authorization_url().to_owned();
    let root = redirect.trim_end_matches("/callback");
    let waiting =
        tokio::spawn(async move { pending.finish(&http(), Duration::from_secs(30)).await });
    assert_eq!(follow(&format!("{root}/favicon.ico")).await.0, 404);
    assert_eq!(follow(&format!("{root}/callbackx?code=1")).await.0, 404);
    let Consent::Redirect(location) = consent(&url, "allow").await else {
        panic!("no redirect")
    };
    follow(&location).await;
    assert!(waiting.await.expect("task").is_ok());
}

#[tokio::test]
async fn the_listener_caps_the_head_and_drops_slow_clients() {
    let server = demo_server().await;
    let redirect = redirect_uri();
    let mut config = config(&server, "demo-app", &redirect);
    config.limits = ListenerLimits {
        max_head_bytes: 1024,
        read_timeout: Duration::from_millis(300),
    };
    let pending = start(config).await.expect("start");
    let addr = pending.listener_addr().expect("addr");
    let url = pending.authorization_url().to_owned();
    let waiting =
        tokio::spawn(async move { pending.finish(&http(), Duration::from_secs(30)).await });

    // A head over the cap: 431, and the connection is closed.
    let mut big = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let head = format!("GET /callback HTTP/1.1\r\nX-Pad: {}\r\n", "a".repeat(4096));
    let _ = big.write_all(head.as_bytes()).await;
    let mut answer = Vec::new();
    let _ = big.read_to_end(&mut answer).await;
    assert!(
        String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 431"),
        "{}",
        String::from_utf8_lossy(&answer)
    );

    // A client that sends nothing is dropped: its connection ends without an answer.
    let mut slow = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let mut nothing = Vec::new();
    slow.read_to_end(&mut nothing)
        .await
        .expect("closed by the listener");
    assert!(nothing.is_empty());

    // And the sign-in still works.
    let Consent::Redirect(location) = consent(&url, "allow").await else {
        panic!("no redirect")
    };
    follow(&location).await;
    assert!(waiting.await.expect("task").is_ok());
}

#[tokio::test]
async fn cancelling_closes_the_listener() {
    let server = demo_server().await;
    let port = free_port();
    let redirect = format!("http://127.0.0.1:{port}/callback");
    let pending = start(config(&server, "demo-app", &redirect))
        .await
        .expect("start");
    let waiting =
        tokio::spawn(async move { pending.finish(&http(), Duration::from_secs(300)).await });
    tokio::task::yield_now().await;
    waiting.abort();
    assert!(waiting.await.expect_err("aborted").is_cancelled());
    // The port is free again: the listener was closed with the cancelled sign-in.
    let again = tokio::net::TcpListener::bind(("127.0.0.1", port)).await;
    assert!(again.is_ok(), "{again:?}");
}

#[tokio::test]
async fn a_port_in_use_is_named() {
    let server = demo_server().await;
    let taken = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = taken.local_addr().expect("addr").port();
    let result = start(config(
        &server,
        "demo-app",
        &format!("http://127.0.0.1:{port}/callback"),
    ))
    .await;
    assert_matches!(
        result,
        Err(SignInError::Listen(ListenError::PortInUse { port: p, .. })) if p == port
    );
}

/// A code obtained by hand (PKCE verifier known to the test), for the exchange failures.
async fn code_by_hand(
    server: &DemoServer,
    client_id: &str,
    redirect: &RedirectUri,
    pkce: &Pkce,
) -> SecretString {
    let scopes = vec!["account:read".to_owned()];
    let url = authorization_url(
        &issuer(server),
        &AuthorizationRequest {
            client_id,
            redirect_uri: redirect,
            scopes: &scopes,
            state: "s",
            code_challenge: pkce.challenge(),
        },
    );
    let Consent::Redirect(location) = consent(&url, "allow").await else {
        panic!("no redirect")
    };
    SecretString::from(query_param(&location, "code").expect("code"))
}

#[tokio::test]
async fn a_code_used_twice_is_refused_and_revokes_what_it_issued() {
    let server = demo_server().await;
    let redirect = RedirectUri::parse(&redirect_uri()).expect("uri");
    let pkce = Pkce::from_verifier("a-verifier-of-the-test-that-is-43-chars-long".to_owned());
    let code = code_by_hand(&server, "demo-app", &redirect, &pkce).await;
    let endpoint = issuer(&server).token_endpoint();
    let client = client("demo-app");
    let first = exchange_code(
        &http(),
        &endpoint,
        &client,
        &code,
        redirect.as_str(),
        pkce.verifier(),
    )
    .await
    .expect("first use");
    let second = exchange_code(
        &http(),
        &endpoint,
        &client,
        &code,
        redirect.as_str(),
        pkce.verifier(),
    )
    .await;
    assert_matches!(
        second,
        Err(TokenError::Provider { status: 400, ref error, ref description })
            if error == "invalid_grant" && description.as_deref() == Some("Code not valid")
    );
    let refresh_token = first.refresh_token.expect("refresh token");
    assert_matches!(
        refresh(&http(), &endpoint, &client, &refresh_token).await,
        Err(TokenError::Provider { ref error, .. }) if error == "invalid_grant"
    );
}

#[tokio::test]
async fn a_pkce_verifier_that_does_not_match_is_refused() {
    let server = demo_server().await;
    let redirect = RedirectUri::parse(&redirect_uri()).expect("uri");
    let pkce = Pkce::from_verifier("the-verifier-whose-challenge-was-sent-000000".to_owned());
    let code = code_by_hand(&server, "demo-app", &redirect, &pkce).await;
    let other = Pkce::from_verifier("another-verifier-that-was-never-challenged-0".to_owned());
    let result = exchange_code(
        &http(),
        &issuer(&server).token_endpoint(),
        &client("demo-app"),
        &code,
        redirect.as_str(),
        other.verifier(),
    )
    .await;
    assert_matches!(
        result,
        Err(TokenError::Provider { ref error, ref description, .. })
            if error == "invalid_grant"
                && description.as_deref() == Some("PKCE verification failed: Invalid code verifier")
    );
}

#[tokio::test]
async fn a_redirect_uri_that_differs_at_the_exchange_is_refused() {
    let server = demo_server().await;
    let redirect = RedirectUri::parse(&redirect_uri()).expect("uri");
    let pkce = Pkce::from_verifier("the-verifier-whose-challenge-was-sent-111111".to_owned());
    let code = code_by_hand(&server, "demo-app", &redirect, &pkce).await;
    let result = exchange_code(
        &http(),
        &issuer(&server).token_endpoint(),
        &client("demo-app"),
        &code,
        "http://127.0.0.1:1/elsewhere",
        pkce.verifier(),
    )
    .await;
    assert_matches!(
        result,
        Err(TokenError::Provider { ref description, .. })
            if description.as_deref() == Some("Incorrect redirect_uri")
    );
}

#[tokio::test]
async fn refresh_gives_a_new_access_token_the_demo_api_accepts() {
    let server = demo_server().await;
    let (signed, _) = sign_in(&server, "demo-short-lived", "allow").await;
    let signed = signed.expect("signed in");
    assert_eq!(signed.tokens.expires_in, Some(20));
    let refreshed = refresh(
        &http(),
        &issuer(&server).token_endpoint(),
        &client("demo-short-lived"),
        signed.tokens.refresh_token.as_ref().expect("refresh token"),
    )
    .await
    .expect("refreshed");
    assert_eq!(refreshed.expires_in, Some(20));
    let base = BaseUrl::parse(&server.base_url(), false).expect("base");
    let api = ApiClient::new(base, Duration::from_secs(10)).expect("client");
    let inspection = Inspection::run(&api, &Credentials::AccessToken(refreshed.access_token)).await;
    assert_eq!(inspection.status(), Some(200));
}

#[tokio::test]
async fn a_refused_refresh_is_diagnosed_with_sign_in_again() {
    let server = demo_server().await;
    let (signed, _) = sign_in(&server, "demo-session-ends", "allow").await;
    let signed = signed.expect("signed in");
    let error = refresh(
        &http(),
        &issuer(&server).token_endpoint(),
        &client("demo-session-ends"),
        signed.tokens.refresh_token.as_ref().expect("refresh token"),
    )
    .await
    .expect_err("session ended");
    let scopes = vec!["account:read".to_owned()];
    let issuer = issuer(&server);
    let findings = refresh_findings(
        &error,
        &SignInContext {
            client_id: "demo-session-ends",
            issuer: issuer.as_str(),
            realm: issuer.realm(),
            redirect_uri: "http://127.0.0.1:8749/callback",
            scopes: &scopes,
        },
    );
    assert_eq!(findings[0].id, "oauth.refresh-failed");
    assert_eq!(findings[0].evidence, ["Session not active"]);
}

#[tokio::test]
async fn no_token_endpoint_is_a_transport_failure() {
    let port = free_port();
    let result = exchange_code(
        &http(),
        &format!("http://127.0.0.1:{port}/token"),
        &client("demo-app"),
        &SecretString::from("c".to_owned()),
        "http://127.0.0.1:8749/callback",
        &SecretString::from("v".to_owned()),
    )
    .await;
    assert_matches!(result, Err(TokenError::Transport(_)));
}

/// The demo provider reads outside input too (queries, form bodies, Basic headers): none of
/// a spread of malformed requests gets a 5xx, and it still signs in afterwards.
#[tokio::test]
async fn the_demo_provider_refuses_malformed_requests_without_failing() {
    let server = demo_server().await;
    let base = format!(
        "http://{}/auth/realms/sipgate-apps/protocol/openid-connect",
        server.addr()
    );
    let browser = browser();
    let bodies = [
        String::new(),
        "grant_type".to_owned(),
        "grant_type=authorization_code&code=%ZZ&code_verifier=%".to_owned(),
        "grant_type=refresh_token&refresh_token=".to_owned(),
        "grant_type=password&username=a&password=b".to_owned(),
        format!("grant_type=authorization_code&code={}", "A".repeat(100_000)),
        "\u{0}\u{1}=\u{2}&&&==&".to_owned(),
        "grant_type=authorization_code&code=x&client_id=demo-app&client_secret=demo-secret"
            .to_owned(),
    ];
    let authorizations = [
        None,
        Some("Basic"),
        Some("Basic !!!not-base64!!!"),
        Some("Basic ZGVtby1hcHA="), // "demo-app" without a colon
        Some("Basic ZGVtby1hcHA6ZGVtby1zZWNyZXQ="), // demo-app:demo-secret
        Some("Bearer x"),
    ];
    for body in &bodies {
        for authorization in authorizations {
            let mut request = browser
                .post(format!("{base}/token"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body.clone());
            if let Some(value) = authorization {
                request = request.header("authorization", value);
            }
            let response = request.send().await.expect("answer");
            let status = response.status().as_u16();
            assert!(
                (400..500).contains(&status),
                "{status} for {authorization:?} {:?}",
                &body[..body.len().min(60)]
            );
            let json: serde_json::Value =
                serde_json::from_slice(&response.bytes().await.expect("body"))
                    .expect("an OAuth error body");
            assert!(json["error"].is_string(), "{json}");
        }
    }
    for query in [
        "",
        "client_id=demo-app",
        "client_id=demo-app&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fcb&response_type=token",
        "client_id=demo-app&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fcb&response_type=code",
        "client_id=demo-app&redirect_uri=%0d%0aSet-Cookie%3Ax&response_type=code",
        "client_id=%FF%FE&redirect_uri=%",
    ] {
        let response = browser
            .get(format!("{base}/auth?{query}"))
            .send()
            .await
            .expect("answer");
        let status = response.status().as_u16();
        assert!(
            status == 302 || (400..500).contains(&status),
            "{status} for {query}"
        );
    }
    for form in [
        "",
        "request=nope&decision=allow",
        "decision=allow",
        "\u{ff}",
    ] {
        let response = browser
            .post(format!("{base}/auth"))
            .body(form)
            .send()
            .await
            .expect("answer");
        assert_eq!(response.status().as_u16(), 400, "{form:?}");
    }
    let (signed, _) = sign_in(&server, "demo-app", "allow").await;
    assert!(signed.is_ok());
}

/// `--ca-cert` reaches the token endpoint: behind a TLS-inspecting proxy (here a server with
/// a certificate no system store trusts) the exchange fails as a TLS problem without it, and
/// is answered with it.
#[tokio::test]
async fn the_token_endpoint_trusts_the_extra_ca_certificates() {
    let identity = common::tls::self_signed(&["127.0.0.1"]);
    let roots = sipgate_inspect::api::TrustedCertificates::from_pem(identity.pem.as_bytes())
        .expect("certificate parses");
    let body = br#"{"error":"invalid_grant","error_description":"Code not valid"}"#;
    let response = format!(
        "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{}",
        body.len(),
        String::from_utf8_lossy(body)
    );
    let addr = common::tls::serve_tls(identity, response.into_bytes()).await;
    let endpoint = format!("https://{addr}/token");
    let exchange = |http: reqwest::Client| {
        let endpoint = endpoint.clone();
        async move {
            exchange_code(
                &http,
                &endpoint,
                &client("demo-app"),
                &SecretString::from("c".to_owned()),
                "http://127.0.0.1:8749/callback",
                &SecretString::from("v".to_owned()),
            )
            .await
        }
    };
    assert_matches!(
        exchange(http()).await,
        Err(TokenError::Transport(ref e))
            if matches!(e.kind, sipgate_inspect::api::TransportErrorKind::Tls(_))
    );
    let trusting =
        sipgate_inspect::oauth::http_client_with(Duration::from_secs(10), roots).expect("client");
    assert_matches!(
        exchange(trusting).await,
        Err(TokenError::Provider { status: 400, ref error, .. }) if error == "invalid_grant"
    );
}
