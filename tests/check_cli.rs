//! End-to-end tests of `sipgate-inspect check`: the real binary against loopback servers
//! (wiremock, the crate's demo server, or the binary's own `--demo`), for every exit code and
//! both output formats. Every run is also checked for leaked secrets and escape sequences.

use std::io::Write as _;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use secrecy::SecretString;
use serde_json::Value;
use sipgate_inspect::api::Credentials;
use sipgate_inspect::demo::{self, DEMO_ACCESS_TOKEN, DEMO_TOKEN, DEMO_TOKEN_ID, DemoServer};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const BIN: &str = env!("CARGO_BIN_EXE_sipgate-inspect");

/// A well-formed credential that is not a demo one. Not sipgate's published example token:
/// the troubleshooting texts quote that one as an example of the format.
const REAL_ID: &str = "token-QX7K2M";
const REAL_TOKEN: &str = "3f2b9c1e-7d4a-4e8b-9a6c-5b1d2e3f4a5b";

/// The Authorization header the binary must send for [`REAL_ID`] and [`REAL_TOKEN`].
fn real_header() -> String {
    format!(
        "Basic {}",
        STANDARD.encode(format!("{REAL_ID}:{REAL_TOKEN}"))
    )
}

/// The masked Authorization header the output shows for a personal access token: the API
/// client's own masking, whatever its exact format.
fn masked(token_id: &str, token: &str) -> String {
    Credentials::personal(token_id, SecretString::from(token)).masked_header()
}

/// Env vars the binary reads; a test sets the ones it wants and inherits none of them.
const ENV_VARS: [&str; 8] = [
    "SIPGATE_TOKEN_ID",
    "SIPGATE_TOKEN",
    "SIPGATE_ACCESS_TOKEN",
    "SIPGATE_BASE_URL",
    "NO_COLOR",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "COLUMNS",
];

/// What a run of the binary left behind.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        // `from_str` rejects trailing content: stdout must be exactly one JSON value.
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not one JSON value ({e}):\n{self:#?}"))
    }

    fn finding_ids(&self) -> Vec<String> {
        self.json()["findings"]
            .as_array()
            .expect("findings is an array")
            .iter()
            .map(|f| f["id"].as_str().expect("id is a string").to_owned())
            .collect()
    }

    /// Neither a secret (as given, or inside the Basic header's base64) nor an escape sequence
    /// appears anywhere: the tests never run on a terminal, so colour must be off.
    fn assert_clean(&self, secrets: &[&str]) {
        for (name, text) in [("stdout", &self.stdout), ("stderr", &self.stderr)] {
            for secret in secrets {
                assert!(
                    !text.contains(secret),
                    "{name} contains the secret {secret:?}:\n{text}"
                );
            }
            assert!(
                !text.contains('\x1b'),
                "{name} contains an escape:\n{text:?}"
            );
        }
    }
}

/// Secrets of a personal access token: the token and every base64 form that carries it.
fn pat_secrets(token_id: &str, token: &str) -> Vec<String> {
    vec![
        token.to_owned(),
        STANDARD.encode(format!("{token_id}:{token}")),
        STANDARD.encode(token),
    ]
}

fn demo_secrets() -> Vec<String> {
    let mut secrets = pat_secrets(DEMO_TOKEN_ID, DEMO_TOKEN);
    secrets.push(DEMO_ACCESS_TOKEN.to_owned());
    secrets
}

fn real_secrets() -> Vec<String> {
    let mut secrets = pat_secrets(REAL_ID, REAL_TOKEN);
    secrets.push(real_header());
    secrets
}

fn refs(secrets: &[String]) -> Vec<&str> {
    secrets.iter().map(String::as_str).collect()
}

/// Runs `sipgate-inspect <args>` with only `env` set of the variables it reads and `stdin`
/// (or an empty stdin), off the async runtime so that in-test servers keep answering.
async fn run(args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> Run {
    let mut command = Command::new(BIN);
    // Nothing of the user's profiles or history: the tests leave no trace in their HOME.
    command
        .env("SIPGATE_INSPECT_NO_HISTORY", "1")
        .env_remove("SIPGATE_PROFILE");
    command.args(args);
    run_command(command, env, stdin).await
}

/// Runs `command` as [`run`] runs the binary.
async fn run_command(mut command: Command, env: &[(&str, &str)], stdin: Option<&str>) -> Run {
    for var in ENV_VARS {
        command.env_remove(var);
    }
    command.envs(env.iter().copied());
    command
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let input = stdin.map(str::to_owned);
    let output = tokio::task::spawn_blocking(move || {
        let mut child = command.spawn().expect("the binary starts");
        if let Some(input) = input {
            let mut pipe = child.stdin.take().expect("stdin is piped");
            pipe.write_all(input.as_bytes())
                .expect("stdin takes the input");
        }
        child.wait_with_output().expect("the binary finishes")
    })
    .await
    .expect("the blocking task completes");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

async fn demo_server() -> DemoServer {
    demo::spawn(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .await
        .expect("demo server binds an ephemeral port")
}

/// A wiremock server that answers `GET /v2/account` with `response` only when the
/// Authorization header is exactly sipgate's known-good vector; anything else gets 404.
async fn sipgate_mock(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/account"))
        .and(header("authorization", real_header().as_str()))
        .respond_with(response)
        .expect(1..)
        .mount(&server)
        .await;
    server
}

fn real_env() -> [(&'static str, &'static str); 2] {
    [("SIPGATE_TOKEN_ID", REAL_ID), ("SIPGATE_TOKEN", REAL_TOKEN)]
}

fn sipgate_error(status: u16, title: &str, detail: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(
        serde_json::json!({"errors": [{"status": status, "title": title, "detail": detail}]})
            .to_string(),
        "application/json",
    )
}

/// A port on 127.0.0.1 that nothing listens on (bound, then released).
fn closed_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind an ephemeral port");
    listener.local_addr().expect("local address").port()
}

fn object_keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {value}"))
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

// ------------------------------------------------------------------------------- exit 0

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_0_demo_human_output() {
    let run = run(&["check", "--demo"], &[], None).await;
    assert_eq!(run.code, Some(0), "{run:#?}");
    let status_line = run.stdout.lines().next().expect("a status line");
    assert!(
        status_line.starts_with("200 OK  GET http://127.0.0.1:"),
        "{status_line}"
    );
    assert!(status_line.contains("/v2/account"), "{status_line}");
    let auth = format!("auth: {}", masked(DEMO_TOKEN_ID, DEMO_TOKEN));
    for expected in [
        auth.as_str(),
        "Account",
        "company",
        "sipgate Demo GmbH",
        "sipgate team (TEAM)",
        "30 days (THIRTY_DAYS)",
        "Findings",
        "[ok]",
    ] {
        assert!(
            run.stdout.contains(expected),
            "missing {expected:?}:\n{}",
            run.stdout
        );
    }
    assert!(
        run.stderr.contains("using the demo credentials"),
        "human mode says where the credentials came from: {}",
        run.stderr
    );
    run.assert_clean(&refs(&demo_secrets()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_0_demo_json_has_every_schema_key() {
    let run = run(&["check", "--demo", "--json"], &[], None).await;
    assert_eq!(run.code, Some(0), "{run:#?}");
    assert_eq!(run.stderr, "", "--json writes nothing but the object");
    let json = run.json();
    assert_eq!(
        object_keys(&json),
        [
            "account",
            "elapsed_ms",
            "error",
            "findings",
            "reason",
            "request",
            "scopes",
            "status",
            "token",
            "tool"
        ]
    );
    // A personal access token carries no claims.
    assert!(json["token"].is_null());
    assert_eq!(object_keys(&json["tool"]), ["commit", "name", "version"]);
    assert_eq!(json["tool"]["name"], "sipgate-inspect");
    assert_eq!(json["tool"]["version"], env!("CARGO_PKG_VERSION"));
    let request = &json["request"];
    assert_eq!(object_keys(request), ["auth", "method", "url"]);
    assert_eq!(request["method"], "GET");
    let url = request["url"].as_str().expect("url is a string");
    assert!(
        url.starts_with("http://127.0.0.1:") && url.ends_with("/v2/account"),
        "{url}"
    );
    assert_eq!(request["auth"], masked(DEMO_TOKEN_ID, DEMO_TOKEN).as_str());
    assert!(
        request["auth"]
            .as_str()
            .is_some_and(|auth| auth.starts_with("Basic ") && auth.contains("token-DEMO01")),
        "{request}"
    );
    assert_eq!(json["status"], 200);
    assert_eq!(json["reason"], "OK");
    assert!(json["elapsed_ms"].is_u64(), "{}", json["elapsed_ms"]);
    assert_eq!(
        json["account"],
        serde_json::json!({
            "company": "sipgate Demo GmbH",
            "mainProductType": "TEAM",
            "logoUrl": "https://demo.sipgate.invalid/logo.png",
            "verified": true,
            "historyLifeTime": "THIRTY_DAYS",
            "platform": "classic",
            "platform_evidence": ["/groups answered 200 (classic accounts have groups)"],
        })
    );
    let findings = json["findings"].as_array().expect("findings is an array");
    assert!(!findings.is_empty());
    for finding in findings {
        assert_eq!(
            object_keys(finding),
            ["detail", "evidence", "id", "severity", "steps", "title"]
        );
        for key in ["id", "title", "detail"] {
            assert!(finding[key].is_string(), "{key}: {finding}");
        }
        assert!(
            ["ok", "info", "warning", "error"]
                .contains(&finding["severity"].as_str().unwrap_or("")),
            "{finding}"
        );
        assert!(finding["steps"].is_array() && finding["evidence"].is_array());
    }
    assert_eq!(findings[0]["id"], "ok.account");
    assert_eq!(findings[0]["severity"], "ok");
    assert!(json["error"].is_null());
    run.assert_clean(&refs(&demo_secrets()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_0_env_credentials_against_a_loopback_server() {
    let server = demo_server().await;
    let base = server.base_url();
    let env = [
        ("SIPGATE_TOKEN_ID", DEMO_TOKEN_ID),
        ("SIPGATE_TOKEN", DEMO_TOKEN),
    ];
    let human = run(&["check", "--base-url", &base], &env, None).await;
    assert_eq!(human.code, Some(0), "{human:#?}");
    assert!(human.stdout.starts_with("200 OK  GET "), "{}", human.stdout);
    assert_eq!(
        human.stderr, "",
        "no demo note when the credentials are given"
    );
    human.assert_clean(&refs(&demo_secrets()));

    // The base URL may also come from SIPGATE_BASE_URL, and `--demo` may precede `check`.
    let mut env_with_base = env.to_vec();
    env_with_base.push(("SIPGATE_BASE_URL", &base));
    let json = run(&["check", "--json"], &env_with_base, None).await;
    assert_eq!(json.code, Some(0), "{json:#?}");
    assert_eq!(
        json.json()["request"]["url"],
        format!("{base}/account").as_str()
    );
    json.assert_clean(&refs(&demo_secrets()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_4_for_a_2xx_whose_body_is_not_the_account() {
    // A captive portal answers 200 with HTML: a 2xx, but not sipgate's answer, so the
    // credentials are not confirmed and a script must not carry on as if they were.
    let env = [("SIPGATE_TOKEN_ID", "token-PORTAL")];
    let portal = run(&["--demo", "check", "--json"], &env, None).await;
    assert_eq!(portal.code, Some(4), "{portal:#?}");
    let json = portal.json();
    assert!(json["account"].is_null());
    assert_eq!(json["findings"][0]["id"], "ok.html-page", "{json}");
    assert_eq!(json["findings"][0]["severity"], "error", "{json}");
    portal.assert_clean(&refs(&demo_secrets()));
    // JSON cut short on the way: the same, in the text output too.
    let env = [("SIPGATE_TOKEN_ID", "token-BROKEN")];
    let human = run(&["--demo", "check"], &env, None).await;
    assert_eq!(human.code, Some(4), "{human:#?}");
    assert!(human.stdout.starts_with("200 OK  GET "), "{}", human.stdout);
}

// ------------------------------------------------------------------------------- exit 1

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_1_on_401_in_both_formats() {
    let server = sipgate_mock(sipgate_error(401, "Unauthorized", "Invalid token supplied")).await;
    let base = format!("{}/v2", server.uri());

    let human = run(&["check", "--base-url", &base], &real_env(), None).await;
    assert_eq!(human.code, Some(1), "{human:#?}");
    assert!(
        human.stdout.starts_with("401 Unauthorized  GET "),
        "{}",
        human.stdout
    );
    assert!(
        human
            .stdout
            .contains(&format!("auth: {}", masked(REAL_ID, REAL_TOKEN))),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.contains("[error] Credentials rejected"),
        "{}",
        human.stdout
    );
    assert!(
        human
            .stdout
            .contains("server said: Unauthorized: Invalid token supplied"),
        "{}",
        human.stdout
    );
    human.assert_clean(&refs(&real_secrets()));

    let json = run(&["check", "--base-url", &base, "--json"], &real_env(), None).await;
    assert_eq!(json.code, Some(1), "{json:#?}");
    let value = json.json();
    assert_eq!(value["status"], 401);
    assert_eq!(value["reason"], "Unauthorized");
    assert!(
        value["account"].is_null() && value["error"].is_null(),
        "{value}"
    );
    assert_eq!(json.finding_ids()[0], "http.401");
    json.assert_clean(&refs(&real_secrets()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_1_on_403_with_the_server_error_as_evidence() {
    let server = sipgate_mock(sipgate_error(
        403,
        "Forbidden",
        "missing scope account:read",
    ))
    .await;
    let base = format!("{}/v2", server.uri());
    let run = run(&["check", "--base-url", &base, "--json"], &real_env(), None).await;
    assert_eq!(run.code, Some(1), "{run:#?}");
    let json = run.json();
    assert_eq!(json["status"], 403);
    assert!(run.finding_ids().contains(&"http.403".to_owned()), "{json}");
    let forbidden = json["findings"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["id"] == "http.403"))
        .expect("http.403");
    assert_eq!(
        forbidden["evidence"],
        serde_json::json!(["Forbidden: missing scope account:read"])
    );
    run.assert_clean(&refs(&real_secrets()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_1_on_404_and_429_from_the_demo_scenarios() {
    for (token_id, status, finding) in [
        ("token-NOTFND", 404, "http.404-resource-not-found"),
        ("token-RATE42", 429, "http.429"),
    ] {
        let env = [
            ("SIPGATE_TOKEN_ID", token_id),
            ("SIPGATE_TOKEN", DEMO_TOKEN),
        ];
        let json = run(&["check", "--demo", "--json"], &env, None).await;
        assert_eq!(json.code, Some(1), "{json:#?}");
        assert_eq!(json.json()["status"], status);
        assert_eq!(json.finding_ids()[0], finding, "{}", json.stdout);
        json.assert_clean(&refs(&demo_secrets()));

        let human = run(&["check", "--demo"], &env, None).await;
        assert_eq!(human.code, Some(1), "{human:#?}");
        assert!(
            human.stdout.starts_with(&format!("{status} ")),
            "{}",
            human.stdout
        );
        assert!(
            !human.stderr.contains("demo credentials"),
            "{}",
            human.stderr
        );
        human.assert_clean(&refs(&demo_secrets()));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_1_with_a_stray_space_says_which_env_var_to_fix() {
    // The preflight's warnings follow the diagnosis of the answer, with command-line steps.
    let token = format!("{DEMO_TOKEN} ");
    let env = [
        ("SIPGATE_TOKEN_ID", DEMO_TOKEN_ID),
        ("SIPGATE_TOKEN", token.as_str()),
    ];
    let run = run(&["check", "--demo", "--json"], &env, None).await;
    assert_eq!(run.code, Some(1), "{run:#?}");
    assert_eq!(run.finding_ids(), ["http.401", "input.whitespace"]);
    let json = run.json();
    assert_eq!(
        json["findings"][1]["steps"],
        serde_json::json!(["Remove the whitespace from SIPGATE_TOKEN."])
    );
    run.assert_clean(&refs(&demo_secrets()));
}

// ------------------------------------------------------------------------------- exit 2

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_2_without_credentials_naming_the_env_vars() {
    let base = format!("http://127.0.0.1:{}/v2", closed_port());
    for extra in [&[][..], &["--json"][..]] {
        let mut args = vec!["check", "--base-url", &base];
        args.extend_from_slice(extra);
        let run = run(&args, &[], None).await;
        assert_eq!(run.code, Some(2), "{run:#?}");
        assert_eq!(run.stdout, "", "nothing was sent, so there is no report");
        // The command line's words, not the form's ("Token ID is empty: Enter the token id
        // … before sending"): which variable, and how to provide it.
        for expected in [
            "sipgate-inspect check: SIPGATE_TOKEN_ID is not set; it holds the token id of a \
             personal access token",
            "sipgate-inspect check: SIPGATE_TOKEN is not set; it holds the token itself",
            "--token-stdin",
            "--bearer with SIPGATE_ACCESS_TOKEN",
            "--demo",
        ] {
            assert!(
                run.stderr.contains(expected),
                "missing {expected:?}: {}",
                run.stderr
            );
        }
        for form_wording in ["is empty", "Enter ", "before sending"] {
            assert!(
                !run.stderr.contains(form_wording),
                "{form_wording:?}: {}",
                run.stderr
            );
        }
        run.assert_clean(&[]);
    }
    // A token id alone is not enough either; an empty value is "empty", not "not set".
    let run = run(
        &["check", "--base-url", &base],
        &[("SIPGATE_TOKEN_ID", REAL_ID), ("SIPGATE_TOKEN", "")],
        None,
    )
    .await;
    assert_eq!(run.code, Some(2), "{run:#?}");
    assert!(
        run.stderr
            .starts_with("sipgate-inspect check: SIPGATE_TOKEN is empty; it should hold the token"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("SIPGATE_TOKEN_ID is"),
        "{}",
        run.stderr
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_2_on_a_bad_base_url() {
    for (base, expected) in [
        ("not a url", "not a valid URL"),
        ("ftp://api.sipgate.com/v2", "scheme"),
        ("http://api.sipgate.com/v2", "--allow-insecure-http"),
        (
            "https://id:secret@api.sipgate.com/v2",
            "user name or password",
        ),
    ] {
        let run = run(&["check", "--base-url", base, "--json"], &real_env(), None).await;
        assert_eq!(run.code, Some(2), "{base}: {run:#?}");
        assert_eq!(run.stdout, "");
        assert!(run.stderr.contains(expected), "{base}: {}", run.stderr);
        run.assert_clean(&refs(&real_secrets()));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_2_with_bearer_but_no_access_token() {
    let base = format!("http://127.0.0.1:{}/v2", closed_port());
    let run = run(
        &["check", "--bearer", "--base-url", &base],
        &real_env(),
        None,
    )
    .await;
    assert_eq!(run.code, Some(2), "{run:#?}");
    assert!(
        run.stderr.contains("SIPGATE_ACCESS_TOKEN"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.starts_with(
            "sipgate-inspect check: SIPGATE_ACCESS_TOKEN is not set; it holds an OAuth access \
             token.\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("Access token is empty"),
        "{}",
        run.stderr
    );
    run.assert_clean(&refs(&real_secrets()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_2_on_usage_errors_and_no_flag_takes_a_token() {
    for args in [
        &["check", "--token", REAL_TOKEN][..],
        &["check", "--token-id", REAL_ID][..],
        &["check", "--timeout", "0"][..],
        &["check", "--timeout", "soon"][..],
        &["check", "--json=yes"][..],
        &["completions", "tcsh"][..],
    ] {
        let run = run(args, &real_env(), None).await;
        assert_eq!(run.code, Some(2), "{args:?}: {run:#?}");
        assert_eq!(run.stdout, "", "{args:?}");
        assert!(!run.stderr.is_empty(), "{args:?}");
        // clap names an unknown flag but does not echo the value after it.
        run.assert_clean(&refs(&real_secrets()));
    }
}

// ------------------------------------------------------------------------------- exit 3

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_3_when_nothing_listens() {
    let base = format!("http://127.0.0.1:{}/v2", closed_port());
    let json = run(&["check", "--base-url", &base, "--json"], &real_env(), None).await;
    assert_eq!(json.code, Some(3), "{json:#?}");
    let value = json.json();
    assert!(value["status"].is_null(), "{value}");
    assert!(value["reason"].is_null(), "{value}");
    assert!(value["account"].is_null(), "{value}");
    assert_eq!(object_keys(&value["error"]), ["kind", "message"]);
    assert_eq!(value["error"]["kind"], "connect");
    assert_eq!(value["error"]["message"], "connection refused");
    assert_eq!(value["request"]["url"], format!("{base}/account").as_str());
    assert_eq!(json.finding_ids()[0], "transport.refused");
    json.assert_clean(&refs(&real_secrets()));

    let human = run(&["check", "--base-url", &base], &real_env(), None).await;
    assert_eq!(human.code, Some(3), "{human:#?}");
    assert!(
        human
            .stdout
            .starts_with("no response (connect): connection refused  GET "),
        "{}",
        human.stdout
    );
    human.assert_clean(&refs(&real_secrets()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_3_on_timeout() {
    // The demo's slow scenario answers after five seconds; the timeout is one.
    let env = [
        ("SIPGATE_TOKEN_ID", "token-SLOW05"),
        ("SIPGATE_TOKEN", DEMO_TOKEN),
    ];
    let started = Instant::now();
    let run = run(&["check", "--demo", "--timeout", "1", "--json"], &env, None).await;
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(run.code, Some(3), "{run:#?}");
    let json = run.json();
    assert_eq!(json["error"]["kind"], "timeout");
    assert!(json["status"].is_null());
    let elapsed = json["elapsed_ms"].as_u64().expect("elapsed_ms");
    assert!((1000..4000).contains(&elapsed), "{elapsed}");
    run.assert_clean(&refs(&demo_secrets()));
}

// --------------------------------------------------------------------- stdin, colour, completions

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_stdin_reads_the_first_line_without_its_line_ending() {
    let server = demo_server().await;
    let base = server.base_url();
    // SIPGATE_TOKEN is wrong on purpose: stdin wins. The demo server answers 401 to any
    // token with a stray newline or carriage return, so 0 proves the trimming.
    let env = [
        ("SIPGATE_TOKEN_ID", DEMO_TOKEN_ID),
        ("SIPGATE_TOKEN", REAL_TOKEN),
    ];
    for input in [
        format!("{DEMO_TOKEN}\n"),
        format!("{DEMO_TOKEN}\r\n"),
        format!("{DEMO_TOKEN}\nsecond line\n"),
        DEMO_TOKEN.to_owned(),
    ] {
        let run = run(
            &["check", "--token-stdin", "--base-url", &base, "--json"],
            &env,
            Some(&input),
        )
        .await;
        assert_eq!(run.code, Some(0), "{input:?}: {run:#?}");
        let mut secrets = demo_secrets();
        secrets.extend(real_secrets());
        run.assert_clean(&refs(&secrets));
    }

    let bearer = run(
        &[
            "check",
            "--bearer",
            "--token-stdin",
            "--base-url",
            &base,
            "--json",
        ],
        &[],
        Some(&format!("{DEMO_ACCESS_TOKEN}\n")),
    )
    .await;
    assert_eq!(bearer.code, Some(0), "{bearer:#?}");
    assert_eq!(bearer.json()["request"]["auth"], "Bearer ••••");
    bearer.assert_clean(&refs(&demo_secrets()));

    let empty = run(
        &["check", "--token-stdin", "--base-url", &base],
        &env,
        Some("\n"),
    )
    .await;
    assert_eq!(empty.code, Some(2), "{empty:#?}");
    assert!(
        empty.stderr.starts_with(
            "sipgate-inspect check: The first line of stdin (--token-stdin) is empty; it should \
             hold the token itself"
        ),
        "{}",
        empty.stderr
    );
    empty.assert_clean(&refs(&real_secrets()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_colour_off_a_terminal_or_with_no_color() {
    let server = sipgate_mock(sipgate_error(401, "Unauthorized", "Invalid token supplied")).await;
    let base = format!("{}/v2", server.uri());
    for no_color in [None, Some("1"), Some("")] {
        let mut env = real_env().to_vec();
        if let Some(value) = no_color {
            env.push(("NO_COLOR", value));
        }
        let run = run(&["check", "--base-url", &base], &env, None).await;
        assert_eq!(run.code, Some(1), "{run:#?}");
        // assert_clean fails on any escape character.
        run.assert_clean(&refs(&real_secrets()));
        assert!(run.stdout.contains("[error]"), "{}", run.stdout);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn completions_for_bash_zsh_and_fish() {
    for shell in ["bash", "zsh", "fish"] {
        let run = run(&["completions", shell], &[], None).await;
        assert_eq!(run.code, Some(0), "{shell}: {run:#?}");
        for expected in ["sipgate-inspect", "check", "token-stdin", "demo-server"] {
            assert!(run.stdout.contains(expected), "{shell} lacks {expected}");
        }
        assert_eq!(run.stderr, "");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clicolor_force_colours_even_a_pipe_but_no_color_wins() {
    let run_with = |env: Vec<(&'static str, &'static str)>, json: bool| async move {
        let mut args = vec!["check", "--demo"];
        if json {
            args.push("--json");
        }
        run(&args, &env, None).await
    };
    let forced = run_with(vec![("CLICOLOR_FORCE", "1")], false).await;
    assert_eq!(forced.code, Some(0), "{forced:#?}");
    // anstyle's bold green, then the reset.
    assert!(
        forced
            .stdout
            .starts_with("\x1b[1m\x1b[32m200 OK\x1b[0m  GET http://127.0.0.1:"),
        "{:?}",
        forced.stdout
    );
    for env in [
        vec![("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
        vec![("CLICOLOR", "0")],
        vec![("CLICOLOR", "1")],
    ] {
        let plain = run_with(env.clone(), false).await;
        assert_eq!(plain.code, Some(0), "{env:?}: {plain:#?}");
        assert!(plain.stdout.starts_with("200 OK  GET "), "{env:?}");
        plain.assert_clean(&refs(&demo_secrets()));
    }
    // JSON is never coloured.
    let json = run_with(vec![("CLICOLOR_FORCE", "1")], true).await;
    assert_eq!(json.code, Some(0), "{json:#?}");
    json.assert_clean(&refs(&demo_secrets()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn off_a_terminal_columns_does_not_wrap() {
    let run = run(&["check", "--demo"], &[("COLUMNS", "40")], None).await;
    assert_eq!(run.code, Some(0), "{run:#?}");
    // The explanation of ok.account, on one line as before.
    assert!(
        run.stdout.lines().any(|line| line.starts_with(
            "      sipgate accepted the credentials (personal access token, HTTP Basic) and"
        )),
        "{}",
        run.stdout
    );
}

// ------------------------------------------------------------------ stdin is read to one line

/// The binary in `sh -c '{ sipgate-inspect check --token-stdin --json …; cat; }'`: what `cat`
/// prints after the report is what the binary left unread.
fn read_then_cat(base: &str) -> Command {
    let mut command = Command::new("sh");
    command.args([
        "-c",
        r#"{ "$0" check --token-stdin --base-url "$1" --json; echo "exit $?"; cat; }"#,
        BIN,
        base,
    ]);
    command
}

fn assert_left_for_cat(run: &Run) {
    let mut lines = run.stdout.lines();
    let report: Value = serde_json::from_str(lines.next().expect("the report"))
        .unwrap_or_else(|e| panic!("not JSON ({e}): {run:#?}"));
    assert_eq!(report["status"], 200, "{report}");
    assert_eq!(lines.next(), Some("exit 0"));
    assert_eq!(
        lines.collect::<Vec<_>>(),
        ["second line", "third line"],
        "{run:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_stdin_leaves_the_rest_of_stdin_unread() {
    let server = demo_server().await;
    let base = server.base_url();
    let env = [("SIPGATE_TOKEN_ID", DEMO_TOKEN_ID)];
    let input = format!("{DEMO_TOKEN}\nsecond line\nthird line\n");

    // From a pipe.
    let piped = run_command(read_then_cat(&base), &env, Some(&input)).await;
    assert_left_for_cat(&piped);
    piped.assert_clean(&refs(&demo_secrets()));

    // From a file: the shared file offset must stop right after the first line.
    let file = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("token-stdin-{}.txt", std::process::id()));
    std::fs::write(&file, &input).expect("write the input file");
    let mut command = read_then_cat(&base);
    command.stdin(std::fs::File::open(&file).expect("open the input file"));
    for var in ENV_VARS {
        command.env_remove(var);
    }
    command
        .env("SIPGATE_INSPECT_NO_HISTORY", "1")
        .env_remove("SIPGATE_PROFILE");
    command.envs(env);
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .expect("the blocking task completes")
        .expect("sh runs");
    let _ = std::fs::remove_file(&file);
    let from_file = Run {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).expect("UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8"),
    };
    assert_left_for_cat(&from_file);
    from_file.assert_clean(&refs(&demo_secrets()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_stdin_refuses_a_first_line_longer_than_64_kib() {
    let base = format!("http://127.0.0.1:{}/v2", closed_port());
    let long = "a".repeat(70_000);
    let run = run(
        &["check", "--token-stdin", "--base-url", &base],
        &[("SIPGATE_TOKEN_ID", REAL_ID)],
        Some(&long),
    )
    .await;
    assert_eq!(run.code, Some(2), "{run:#?}");
    assert_eq!(
        run.stderr,
        "sipgate-inspect check: the first line of stdin (--token-stdin) is longer than 64 KiB; \
         it should hold only the token\n"
    );
    assert_eq!(run.stdout, "");
}

// ------------------------------------------------------------- secrets in the base URL

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_in_the_base_url_is_never_printed() {
    const PASSWORD: &str = "supersecret";
    // An invalid port, a missing scheme, and a URL that parses (refused for its userinfo).
    /// Arguments, extra environment, and what stderr must say.
    type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);
    let cases: [Case; 4] = [
        (
            &[
                "check",
                "--base-url",
                "https://u:supersecret@127.0.0.1:99999/v2",
            ],
            &[],
            "base URL \"https://••••@127.0.0.1:99999/v2\" is not a valid URL (invalid port number)",
        ),
        (
            &["check"],
            &[("SIPGATE_BASE_URL", "user:supersecret@host/v2")],
            "base URL \"••••@host/v2\" is not a valid URL (there is no https:// before the host)",
        ),
        (
            &["check", "--json"],
            &[(
                "SIPGATE_BASE_URL",
                "https://user:supersecret@api.sipgate.com/v2",
            )],
            "must not contain a user name or password",
        ),
        (
            &["check", "--base-url", "ftp://user:supersecret@host/v2"],
            &[],
            "must not contain a user name or password",
        ),
    ];
    for (args, base_env, expected) in cases {
        let mut env = real_env().to_vec();
        env.extend_from_slice(base_env);
        let run = run(args, &env, None).await;
        assert_eq!(run.code, Some(2), "{args:?}: {run:#?}");
        assert!(run.stderr.contains(expected), "{args:?}: {}", run.stderr);
        run.assert_clean(&[PASSWORD]);
    }

    // --help shows that the env var is read, not what it holds.
    let env = [(
        "SIPGATE_BASE_URL",
        "https://user:supersecret@api.sipgate.com/v2",
    )];
    for args in [
        &["--help"][..],
        &["check", "--help"][..],
        &["help", "check"][..],
    ] {
        let run = run(args, &env, None).await;
        assert_eq!(run.code, Some(0), "{args:?}: {run:#?}");
        assert!(
            run.stdout.contains("[env: SIPGATE_BASE_URL]"),
            "{args:?}: {}",
            run.stdout
        );
        run.assert_clean(&[PASSWORD]);
    }
}

// ------------------------------------------------- escapes from the environment stay visible

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn escape_characters_in_the_token_id_never_reach_the_terminal() {
    // ESC [31m would turn the terminal red; U+009B is a one-character CSI on many terminals.
    let token_id = "token-AB\u{1b}[31mCD\u{9b}2J";
    let env = [
        ("SIPGATE_TOKEN_ID", token_id),
        ("SIPGATE_TOKEN", DEMO_TOKEN),
    ];
    for json in [false, true] {
        let mut args = vec!["check", "--demo"];
        if json {
            args.push("--json");
        }
        let run = run(&args, &env, None).await;
        assert_eq!(run.code, Some(1), "{run:#?}");
        for (name, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
            assert!(
                !text.contains(['\u{1b}', '\u{9b}']),
                "{name} (json: {json}) carries a raw escape: {text:?}"
            );
        }
        if json {
            // Not a token id, so shown by its shape only (and no escape in that).
            assert!(
                run.json()["request"]["auth"].as_str().is_some_and(|auth| {
                    auth.contains("‹18 characters, not a token id") && !auth.contains("CD")
                }),
                "{}",
                run.stdout
            );
        } else {
            assert!(
                run.stdout.contains("→ ‹18 characters, not a token id"),
                "{}",
                run.stdout
            );
        }
    }
}

/// A wiremock server that answers `GET /v2/account` with an account to any Bearer token.
async fn bearer_mock() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/account"))
        .and(wiremock::matchers::header_regex(
            "authorization",
            "^Bearer ",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"company":"Love sipgate","mainProductType":"TEAM"}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    server
}

/// `{"alg":"none"}` . a payload . a placeholder signature.
fn jwt(payload: &str) -> String {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    format!(
        "eyJhbGciOiJub25lIn0.{}.c2lnbmF0dXJl",
        URL_SAFE_NO_PAD.encode(payload)
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_jwt_scope_claim_explains_a_bare_403_as_a_missing_scope() {
    let server = bearer_mock().await;
    // /balance refuses with no body at all: the answer names no cause, the claim does.
    Mock::given(method("GET"))
        .and(path("/v2/balance"))
        .respond_with(ResponseTemplate::new(403))
        .mount(&server)
        .await;
    let base = format!("{}/v2", server.uri());
    let token = jwt(
        r#"{"iss":"https://login.sipgate.com/auth/realms/sipgate-apps","scope":"openid account:read","exp":4102444800}"#,
    );
    let run = run(
        &["check", "--bearer", "--base-url", &base, "--json"],
        &[("SIPGATE_ACCESS_TOKEN", &token)],
        None,
    )
    .await;
    assert_eq!(run.code, Some(0), "{run:#?}");
    let json = run.json();
    assert_eq!(
        json["scopes"]["missing"],
        serde_json::json!([{ "scope": "balance:read", "endpoints": ["/balance"] }]),
        "{json}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_token_holds_the_claims_of_a_bearer_jwt() {
    let server = bearer_mock().await;
    let base = format!("{}/v2", server.uri());
    // exp in the year 2100: valid whenever this runs.
    let token = jwt(
        r#"{"iss":"https://login.sipgate.com/auth/realms/third-party","azp":"my-crm","scope":"openid account:read","iat":1800000000,"exp":4102444800,"featureScope":"NEO_PBX","sub":"w0"}"#,
    );
    let run = run(
        &["check", "--bearer", "--base-url", &base, "--json"],
        &[("SIPGATE_ACCESS_TOKEN", &token)],
        None,
    )
    .await;
    assert_eq!(run.code, Some(0), "{run:#?}");
    let json = run.json();
    assert_eq!(
        json["token"],
        serde_json::json!({
            "issuer": "https://login.sipgate.com/auth/realms/third-party",
            "realm": "third-party",
            "client": "my-crm",
            "scopes": ["openid", "account:read"],
            "issued_at": 1_800_000_000,
            "expires_at": 4_102_444_800_i64,
            "feature_scope": "NEO_PBX",
            "unreadable": null,
        })
    );
    assert!(
        run.finding_ids()
            .contains(&"token.realm-third-party".to_owned())
    );
    run.assert_clean(&[&token, token.rsplit('.').next().unwrap_or_default()]);

    // An opaque token: null. An unreadable one: the reason, and nothing else.
    let opaque = run_bearer(&base, "e68ead46-a7db-46cd-8a1a-44aed1e4e372").await;
    assert!(opaque.json()["token"].is_null(), "{opaque:#?}");
    let unreadable = run_bearer(&base, &jwt(r#"{"exp":-5}"#)).await;
    assert_eq!(
        unreadable.json()["token"],
        serde_json::json!({
            "issuer": null, "realm": null, "client": null, "scopes": [],
            "issued_at": null, "expires_at": null, "feature_scope": null,
            "unreadable": "exp is -5, not a time between 1970 and the year 9999",
        })
    );

    // Expired: a pre-flight error, nothing is sent.
    let expired = jwt(r#"{"exp":1000000000}"#);
    let refused = run_bearer(&base, &expired).await;
    assert_eq!(refused.code, Some(2), "{refused:#?}");
    assert!(
        refused.stderr.contains("The access token expired"),
        "{}",
        refused.stderr
    );
    refused.assert_clean(&[&expired]);
}

async fn run_bearer(base: &str, token: &str) -> Run {
    run(
        &["check", "--bearer", "--base-url", base, "--json"],
        &[("SIPGATE_ACCESS_TOKEN", token)],
        None,
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn human_output_has_one_short_token_block() {
    let server = bearer_mock().await;
    let base = format!("{}/v2", server.uri());
    let token = jwt(r#"{"azp":"my-crm","scope":"account:read","exp":4102444800}"#);
    let run = run_bearer_human(&base, &token).await;
    assert_eq!(run.code, Some(0), "{run:#?}");
    let block = run
        .stdout
        .split("OAuth token (decoded, not verified)\n")
        .nth(1)
        .expect("a token block");
    assert!(block.starts_with("  client (azp)       my-crm\n  scopes             account:read\n  expires            2100-01-01 00:00:00 UTC (in "), "{block}");
    run.assert_clean(&[&token]);
}

async fn run_bearer_human(base: &str, token: &str) -> Run {
    run(
        &["check", "--bearer", "--base-url", base],
        &[("SIPGATE_ACCESS_TOKEN", token)],
        None,
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_jwts_over_real_http() {
    let server = demo_server().await;
    let base = server.base_url();
    let started = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    let jwts = demo::demo_jwts(i64::try_from(started).expect("fits"));
    let token = |title: &str| {
        jwts.iter()
            .find(|j| j.title == title)
            .expect("listed")
            .token
            .clone()
    };

    let neo = run_bearer(&base, &token("jwt-neo-limited")).await;
    assert_eq!(neo.code, Some(0), "{neo:#?}");
    let json = neo.json();
    assert_eq!(json["token"]["feature_scope"], "NEO_PBX");
    // The claim is evidence for the platform, weighed with the answers (the demo answers it
    // as token-LIMITD, whose refusals name scopes and so say nothing about the platform).
    assert_eq!(json["account"]["platform"], "neo", "{json}");
    assert_eq!(
        json["account"]["platform_evidence"],
        serde_json::json!([
            "the OAuth token's featureScope claim is NEO_PBX (reported to name the platform)"
        ])
    );
    assert_eq!(json["token"]["realm"], "sipgate-apps");
    assert_eq!(
        json["token"]["scopes"],
        serde_json::json!(["openid", "account:read", "users:read"])
    );
    assert_eq!(
        json["token"]["expires_at"].as_u64(),
        Some(started + 12 * 3600)
    );

    let third_party = run_bearer(&base, &token("jwt-third-party")).await;
    assert_eq!(third_party.code, Some(0), "{third_party:#?}");
    assert!(
        third_party
            .finding_ids()
            .contains(&"token.realm-third-party".to_owned())
    );

    // Expired: refused before sending (exit 2), and the demo API says 401 to it anyway.
    let expired = run_bearer(&base, &token("jwt-expired")).await;
    assert_eq!(expired.code, Some(2), "{expired:#?}");
    let status = reqwest::Client::new()
        .get(format!("{base}/account"))
        .bearer_auth(token("jwt-expired"))
        .send()
        .await
        .expect("the demo answers")
        .status();
    assert_eq!(status.as_u16(), 401);
}

/// `{"scope": …, "endpoints": […]}` entries, as `check --json` lists them.
fn scope_uses(entries: &[(&str, &str)]) -> Value {
    Value::Array(
        entries
            .iter()
            .map(|(scope, endpoint)| serde_json::json!({ "scope": scope, "endpoints": [endpoint] }))
            .collect(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_scenarios_give_platform_and_scopes_in_json() {
    let classic_evidence =
        serde_json::json!(["/groups answered 200 (classic accounts have groups)"]);
    let every_scope = [
        ("account:read", "/account"),
        ("balance:read", "/balance"),
        ("users:read", "/users"),
        ("numbers:read", "/numbers"),
        ("devices:read", "/{userId}/devices"),
        ("groups:read", "/groups"),
        ("phonelines:read", "/{userId}/phonelines"),
        ("history:read", "/history?limit=1"),
        ("contacts:read", "/contacts?limit=1"),
    ];
    let cases = [
        (
            "token-NEOPBX",
            "neo",
            serde_json::json!([
                "/groups answered 403 without an error body (neo accounts have no groups)",
                "/{userId}/phonelines answered 403 \"This endpoint requires a sipgate Classic PBX Account\" (classic-only endpoint)"
            ]),
            // The platform's 403s are in no list: no scope would change them.
            serde_json::json!({
                "granted": scope_uses(&[
                    ("account:read", "/account"),
                    ("balance:read", "/balance"),
                    ("users:read", "/users"),
                    ("numbers:read", "/numbers"),
                    ("devices:read", "/{userId}/devices"),
                    ("history:read", "/history?limit=1"),
                    ("contacts:read", "/contacts?limit=1"),
                ]),
                "missing": [],
                "unknown": [],
            }),
        ),
        (
            "token-CLASSC",
            "classic",
            classic_evidence.clone(),
            serde_json::json!({ "granted": scope_uses(&every_scope), "missing": [], "unknown": [] }),
        ),
        (
            "token-LIMITD",
            "unknown",
            serde_json::json!([]),
            serde_json::json!({
                "granted": scope_uses(&[("account:read", "/account"), ("users:read", "/users")]),
                "missing": scope_uses(&[
                    ("balance:read", "/balance"),
                    ("numbers:read", "/numbers"),
                    ("devices:read", "/{userId}/devices"),
                    ("groups:read", "/groups"),
                    ("phonelines:read", "/{userId}/phonelines"),
                    ("history:read", "/history?limit=1"),
                    ("contacts:read", "/contacts?limit=1"),
                ]),
                "unknown": [],
            }),
        ),
        (
            "token-BAL402",
            "classic",
            classic_evidence,
            serde_json::json!({
                "granted": scope_uses(&[
                    ("account:read", "/account"),
                    ("users:read", "/users"),
                    ("numbers:read", "/numbers"),
                    ("devices:read", "/{userId}/devices"),
                    ("groups:read", "/groups"),
                    ("phonelines:read", "/{userId}/phonelines"),
                    ("history:read", "/history?limit=1"),
                    ("contacts:read", "/contacts?limit=1"),
                ]),
                "missing": [],
                "unknown": scope_uses(&[("balance:read", "/balance")]),
            }),
        ),
    ];
    for (token_id, platform, evidence, scopes) in cases {
        let run = run(
            &["check", "--demo", "--json"],
            &[("SIPGATE_TOKEN_ID", token_id)],
            None,
        )
        .await;
        assert_eq!(run.code, Some(0), "{token_id}: {run:#?}");
        let json = run.json();
        assert_eq!(json["account"]["platform"], platform, "{token_id}");
        assert_eq!(json["account"]["platform_evidence"], evidence, "{token_id}");
        assert_eq!(json["scopes"], scopes, "{token_id}");
    }
}
