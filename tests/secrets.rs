//! The token never shows where it must not: not on any rendered frame, not in `check`'s text
//! or JSON output, not in its error messages, not in what "copy as curl" puts on the
//! clipboard, and not in the panic message of a failing test that prints the app's state.
//!
//! The scenarios are the demo API's (each answer it knows, with the demo token) and a hostile
//! server that echoes the credentials back: in the body, in a header, and in a redirect URL,
//! then fails. What is echoed is masked where the answer is received (`Credentials::redact`).

mod common;
use common::drive;
use common::tls;

use std::panic::{AssertUnwindSafe, catch_unwind};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use drive::{RawServer, Reply, Running, app_for, default_client, every_screen, response};
use serde_json::json;
use sipgate_inspect::app::RequestMessage;
use sipgate_inspect::app::{App, Effect, Form, update};
use sipgate_inspect::demo;

/// Where the token may never appear in plain, encoded, or as a recognisable prefix.
fn forms_of(token_id: &str, token: &str) -> Vec<String> {
    vec![
        token.to_owned(),
        STANDARD.encode(format!("{token_id}:{token}")),
        // The part of the Base64 that encodes the token and not only the id.
        STANDARD.encode(format!("{token_id}:{token}"))[16..].to_owned(),
    ]
}

/// Panics if `text` (from `what`) contains any form of the token.
fn assert_secret_free(text: &str, forms: &[String], what: &str) {
    for form in forms {
        assert!(
            !text.contains(form.as_str()),
            "{what} shows the token (as {form:?}):\n{text}"
        );
    }
}

/// Everything a test could print about the app after a scenario: every screen, the
/// clipboard text of "copy as curl", the app's `Debug`, and the message of a panic that
/// includes it.
fn assert_app_secret_free(app: &mut App, forms: &[String], what: &str) {
    let screens = every_screen(app);
    assert_secret_free(&screens, forms, &format!("{what}: a screen"));
    for effect in update(app, RequestMessage::CopyCurl, common::now()) {
        assert_secret_free(&format!("{effect:?}"), forms, &format!("{what}: an effect"));
        if let Effect::Copy(text) = effect {
            assert_secret_free(&text, forms, &format!("{what}: copy as curl"));
        }
    }
    assert_secret_free(&format!("{app:?}"), forms, &format!("{what}: Debug"));
    let panic = catch_unwind(AssertUnwindSafe(|| {
        panic!("scenario {what} failed; the app was {app:#?}");
    }))
    .expect_err("panicked");
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("the app was App {"), "{message}");
    assert_secret_free(&message, forms, &format!("{what}: a panic message"));
}

/// The app for `base` with this personal access token in the form.
fn app_with_token(base: &str, token_id: &str, token: &str) -> App {
    app_for(base).with_form(Form::prefilled(
        Some(token_id.to_owned()),
        Some(token.to_owned()),
        None,
    ))
}

#[tokio::test]
async fn no_demo_scenario_puts_the_token_on_screen_or_in_debug_output() {
    let server = demo::spawn("127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("demo");
    // Every scenario but the slow one (which answers like the happy path, 5 s later); a wrong
    // token; and an unknown token id.
    let mut cases: Vec<(&str, &str)> = demo::SCENARIOS
        .iter()
        .filter(|s| s.token_id != "token-SLOW05")
        .map(|s| (s.token_id, demo::DEMO_TOKEN))
        .collect();
    cases.push((demo::DEMO_TOKEN_ID, common::TOKEN));
    cases.push(("token-NOSUCH", demo::DEMO_TOKEN));
    for (token_id, token) in cases {
        let forms = forms_of(token_id, token);
        let mut app = app_with_token(&server.base_url(), token_id, token);
        drive::send_and_settle(&mut app, &default_client(&server.base_url())).await;
        assert!(app.completed().is_some(), "{token_id}: no answer");
        assert_app_secret_free(&mut app, &forms, token_id);
    }
}

/// A server that echoes the credentials: `/account` redirects to a URL carrying the token,
/// which answers 401 with the request head, the decoded credentials and the header value in
/// its body and headers; the probes' answers echo them too.
fn echoing(path: &str, head: &str) -> Reply {
    let authorization = head
        .lines()
        .find_map(|l| l.strip_prefix("authorization: "))
        .unwrap_or_default()
        .to_owned();
    let decoded = authorization
        .strip_prefix("Basic ")
        .and_then(|b| STANDARD.decode(b).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let token = decoded.split_once(':').map(|(_, t)| t).unwrap_or_default();
    if path.ends_with("/account") {
        let location = format!("Location: /v2/echo?token={token}&auth={authorization}");
        return Reply::Bytes(response("302 Found", &[location.as_bytes()], b""));
    }
    let body = json!({
        "errors": [{"title": format!("bad credentials {decoded}"), "detail": authorization}],
        "company": token,
        "sub": "w0",
        "currency": token,
        "items": [{"id": token, "alias": decoded}],
        "request": head,
    });
    let echo = format!("X-Echo: {authorization}");
    let cookie = format!("Set-Cookie: t={token}");
    Reply::Bytes(response(
        "401 Unauthorized",
        &[
            b"Content-Type: application/json",
            echo.as_bytes(),
            cookie.as_bytes(),
        ],
        body.to_string().as_bytes(),
    ))
}

/// The server of [`echoing`].
async fn echo_server() -> RawServer {
    RawServer::start_with_head("127.0.0.1", |head| echoing(drive::path_of(head), head)).await
}

#[tokio::test]
async fn a_server_echoing_the_credentials_cannot_show_them() {
    let server = echo_server().await;
    let forms = forms_of(common::TOKEN_ID, common::TOKEN);
    let mut app = app_with_token(&server.base(), common::TOKEN_ID, common::TOKEN);
    drive::send_and_settle(&mut app, &default_client(&server.base())).await;
    let status = app.completed().and_then(|c| c.inspection.status());
    assert_eq!(
        status,
        Some(401),
        "{:?}",
        app.completed().map(|c| &c.inspection)
    );
    // The echo arrived, masked.
    let screens = every_screen(&mut app);
    assert!(screens.contains("token=****"), "{screens}");
    assert_app_secret_free(&mut app, &forms, "echo");

    // The same through the real runtime, every frame.
    let running = Running::start(&server.base());
    running.key(
        crossterm::event::KeyCode::Enter,
        crossterm::event::KeyModifiers::NONE,
    );
    running
        .wait_until("showed the 401", |r| {
            r.frames().iter().any(|f| f.contains("401"))
        })
        .await;
    let frames = running.frames();
    running.key(
        crossterm::event::KeyCode::Char('q'),
        crossterm::event::KeyModifiers::CONTROL,
    );
    let app = running.finish().await;
    assert!(frames.len() > 2);
    for frame in &frames {
        assert_secret_free(frame, &forms, "a runtime frame");
    }
    assert_secret_free(&format!("{app:?}"), &forms, "Debug after the runtime");
}

#[tokio::test]
async fn a_redirect_carrying_the_token_that_then_fails_keeps_it_out_of_the_error() {
    // The redirect goes to a closed port, so the error message names the URL with the token.
    // (Just as a server could put it in a 3xx Location to have it shown.)
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = closed.local_addr().expect("addr").port();
    drop(closed);
    let token = common::TOKEN;
    let server = RawServer::start("127.0.0.1", move |_| {
        // In the path: reqwest leaves queries out of its error messages, but not paths.
        let location = format!("Location: http://127.0.0.1:{port}/v2/{token}/account");
        Reply::Bytes(response(
            "307 Temporary Redirect",
            &[location.as_bytes()],
            b"",
        ))
    })
    .await;
    let forms = forms_of(common::TOKEN_ID, common::TOKEN);
    let mut app = app_with_token(&server.base(), common::TOKEN_ID, common::TOKEN);
    drive::send_and_settle(&mut app, &default_client(&server.base())).await;
    let inspection = &app.completed().expect("done").inspection;
    let error = inspection.exchange.result.as_ref().expect_err("refused");
    assert_eq!(
        error.kind,
        sipgate_inspect::api::TransportErrorKind::ConnectionRefused,
        "{error:?}"
    );
    assert_app_secret_free(&mut app, &forms, "redirect then refused");
}

// ------------------------------------------------------------------------ check

/// Runs `sipgate-inspect check ARGS` with `env` (and `stdin`), and returns all it printed.
async fn run_check(args: Vec<String>, env: Vec<(&'static str, String)>, stdin: &str) -> String {
    let mut all = vec!["check".to_owned()];
    all.extend(args);
    let (code, stdout, stderr) = drive::run_binary(all, env, stdin.to_owned()).await;
    format!("exit {code:?}\n--- stdout\n{stdout}\n--- stderr\n{stderr}")
}

#[tokio::test]
async fn check_never_prints_the_token_in_text_json_or_errors() {
    let echo = echo_server().await;
    let unauthorized = RawServer::start("127.0.0.1", |_| {
        Reply::Bytes(response(
            "401 Unauthorized",
            &[b"WWW-Authenticate: Bearer realm=\"x\""],
            b"",
        ))
    })
    .await;
    let untrusted = tls::serve_tls(tls::self_signed(&["127.0.0.1"]), Vec::new()).await;
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let bases = [
        echo.base(),
        unauthorized.base(),
        format!("https://{untrusted}/v2"),
        format!("http://127.0.0.1:{closed}/v2"),
        // Refused before sending: plain http to another host.
        "http://api.example.invalid/v2".to_owned(),
    ];
    let token = common::TOKEN.to_owned();
    let pat = || {
        vec![
            ("SIPGATE_TOKEN_ID", common::TOKEN_ID.to_owned()),
            ("SIPGATE_TOKEN", token.clone()),
        ]
    };
    let forms = forms_of(common::TOKEN_ID, common::TOKEN);
    let mut runs = Vec::new();
    for base in &bases {
        for json in [false, true] {
            let mut args = vec![
                "--base-url".to_owned(),
                base.clone(),
                "--timeout".to_owned(),
                "3".to_owned(),
            ];
            if json {
                args.push("--json".to_owned());
            }
            runs.push((args, pat(), String::new()));
        }
    }
    // The token from stdin; a bearer token with a line break (no header can carry it); a
    // token id that is missing.
    let echo_args = |extra: &[&str]| {
        let mut args = vec!["--base-url".to_owned(), echo.base()];
        args.extend(extra.iter().map(|s| (*s).to_owned()));
        args
    };
    runs.push((
        echo_args(&["--token-stdin", "--json"]),
        vec![("SIPGATE_TOKEN_ID", common::TOKEN_ID.to_owned())],
        format!("{token}\n"),
    ));
    runs.push((
        echo_args(&["--bearer"]),
        vec![("SIPGATE_ACCESS_TOKEN", format!("{token}\nsecond line"))],
        String::new(),
    ));
    runs.push((
        echo_args(&["--bearer", "--json"]),
        vec![("SIPGATE_ACCESS_TOKEN", token.clone())],
        String::new(),
    ));
    runs.push((
        echo_args(&[]),
        vec![("SIPGATE_TOKEN", token.clone())],
        String::new(),
    ));
    let outputs =
        futures_util::future::join_all(runs.into_iter().map(|(args, env, stdin)| async move {
            (args.join(" "), run_check(args, env, &stdin).await)
        }))
        .await;
    for (args, output) in outputs {
        assert!(output.len() > 40, "check {args} printed nothing: {output}");
        assert_secret_free(&output, &forms, &format!("check {args}"));
    }
}
