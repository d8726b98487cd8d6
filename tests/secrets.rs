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
use sipgate_inspect::app::{App, Effect, Form, Overlay, RequestMessage, Tab, update};
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

// ------------------------------------------------------------------------ a secret as token id

/// What people paste into the Token ID field that is not a token id but a secret: the token
/// (fields swapped), a whole `Basic …` value, `id:token`. Each with the token they gave.
fn secret_token_ids() -> Vec<(String, String)> {
    let pair = format!("{}:{}", common::TOKEN_ID, common::TOKEN);
    vec![
        (common::TOKEN.to_owned(), "token-AB12CD".to_owned()),
        (
            format!("Basic {}", STANDARD.encode(&pair)),
            common::TOKEN.to_owned(),
        ),
        (pair, common::TOKEN.to_owned()),
    ]
}

/// Every form of a secret token id that must not be shown: the id itself, the Base64 of its
/// whole 3-byte groups (what the masked header used to show), the token inside it, and the
/// forms of the token that was given with it.
fn id_forms(token_id: &str, token: &str) -> Vec<String> {
    let whole = token_id.len() / 3 * 3;
    let mut forms = forms_of(token_id, token);
    forms.extend([
        token_id.to_owned(),
        STANDARD.encode(&token_id.as_bytes()[..whole]),
        // The token inside the pasted id, by its first and last groups.
        "e68ead46".to_owned(),
        "44aed1e4e372".to_owned(),
    ]);
    forms
}

#[tokio::test]
async fn a_secret_in_the_token_id_field_is_shown_by_its_shape_only_in_the_tui() {
    let server = echo_server().await;
    for (token_id, token) in secret_token_ids() {
        let forms = id_forms(&token_id, &token);
        let mut app = app_with_token(&server.base(), &token_id, &token);
        drive::send_and_settle(&mut app, &default_client(&server.base())).await;
        assert!(app.completed().is_some(), "{token_id}: no answer");
        // Tall and wide: the Request tab and the whole troubleshooting panel ("Request as
        // sent") fit without scrolling or wrapping the shape.
        app.tab = Tab::Request;
        let screen = common::buffer_text(common::draw(&mut app, 200, 120).backend().buffer());
        let without_form: String = screen
            .lines()
            .filter(|line| !line.contains("Token ID"))
            .collect::<Vec<_>>()
            .join("\n");
        assert_secret_free(&without_form, &forms, "Request tab and troubleshooting");
        let shape = if token_id.starts_with("Basic ") {
            "‹74 characters, looks like an Authorization header (Basic …)›"
        } else if token_id.contains(':') {
            "‹49 characters, looks like token id:token›"
        } else {
            "‹36 characters, looks like a token (UUID)›"
        };
        let shown = format!("Authorization: Basic •••• → {shape}:••••");
        assert_eq!(
            screen.matches(&shown).count(),
            2,
            "the Request tab and 'Request as sent' show the id by its shape:\n{screen}"
        );
        // Everything else, once the field the user typed into is gone from the screen: the
        // history overlay's token id column (clipped to 14 columns), every tab at every size,
        // copy as curl, Debug.
        app.form = Form::default();
        app.overlay = Overlay::History;
        let history = common::buffer_text(common::draw(&mut app, 100, 30).backend().buffer());
        assert!(history.contains("Basic  ‹"), "{history}");
        assert_secret_free(&history, &forms, "the history overlay");
        app.overlay = Overlay::None;
        assert_app_secret_free(&mut app, &forms, &format!("token id {}", &token_id[..6]));
    }
}

#[tokio::test]
async fn a_secret_in_sipgate_token_id_is_shown_by_its_shape_only_by_check() {
    let server = echo_server().await;
    let mut runs = Vec::new();
    for (token_id, token) in secret_token_ids() {
        for json in [false, true] {
            // Six processes at once: a generous timeout, so a loaded machine cannot turn the
            // echo server's answer into a timeout (exit 3) and fail the exit-code check.
            let mut args = vec![
                "--base-url".to_owned(),
                server.base(),
                "--timeout".to_owned(),
                "60".to_owned(),
            ];
            if json {
                args.push("--json".to_owned());
            }
            let env = vec![
                ("SIPGATE_TOKEN_ID", token_id.clone()),
                ("SIPGATE_TOKEN", token.clone()),
            ];
            runs.push((args, env, id_forms(&token_id, &token)));
        }
    }
    let outputs =
        futures_util::future::join_all(runs.into_iter().map(|(args, env, forms)| async move {
            (args.join(" "), run_check(args, env, "").await, forms)
        }))
        .await;
    for (args, output, forms) in outputs {
        assert!(output.starts_with("exit Some(1)"), "{args}: {output}");
        assert_secret_free(&output, &forms, &format!("check {args}"));
        assert!(
            output.contains("Basic •••• → ‹"),
            "check {args} shows the id by its shape: {output}"
        );
    }
}

// ------------------------------------------------------------------------ echoes in every form

/// The token as a server may echo it, written out: JSON-escaped (only decoding shows it), in
/// capitals, its Base64 alone, the Base64 of `id:token` without padding, `id:token` and its
/// Base64 percent-encoded, and split across lines at a hyphen (with indentation) or with a
/// hyphen added (as JSON `\n` escapes: a JSON string holds no raw line break).
struct Echoes {
    escaped: &'static str,
    upper: String,
    base64: String,
    pair_unpadded: String,
    pair_url: String,
    pair_base64_url: String,
    split: &'static str,
    hyphenated: &'static str,
}

fn echoes() -> Echoes {
    let pair = format!("{}:{}", common::TOKEN_ID, common::TOKEN);
    Echoes {
        escaped: r"e68ead46-a7db-46cd-8a1a-44aed1e4e37\u0032",
        upper: common::TOKEN.to_uppercase(),
        base64: STANDARD.encode(common::TOKEN),
        pair_unpadded: STANDARD.encode(&pair).trim_end_matches('=').to_owned(),
        pair_url: format!("{}%3A{}", common::TOKEN_ID, common::TOKEN),
        pair_base64_url: STANDARD.encode(&pair).replace('=', "%3D"),
        split: r"e68ead46-a7db-\n      46cd-8a1a-44aed1e4e372",
        hyphenated: r"e68ead46-a7-\ndb-46cd-8a1a-44aed1e4e372",
    }
}

/// Panics if `text` shows the token in any form: its first or last group in any letter case
/// (so also split across lines or partly escaped), or the middle of its Base64 alone or in
/// `id:token`.
fn assert_no_echo(text: &str, what: &str) {
    let lower = text.to_lowercase();
    for fragment in ["e68ead46", "44aed1e4e372"] {
        assert!(
            !lower.contains(fragment),
            "{what} shows the token ({fragment}):\n{text}"
        );
    }
    let pair = STANDARD.encode(format!("{}:{}", common::TOKEN_ID, common::TOKEN));
    for fragment in [&STANDARD.encode(common::TOKEN)[4..40], &pair[20..60]] {
        assert!(
            !text.contains(fragment),
            "{what} shows the token's Base64 ({fragment}):\n{text}"
        );
    }
}

/// A 200 whose account fields (documented and unknown, names and values) and headers (names
/// and values) echo the token in every form, and probes that echo it too.
fn echoing_account(path: &str) -> Reply {
    let e = echoes();
    let body = match path.trim_start_matches("/v2/") {
        "account" => format!(
            r#"{{"company":"bad token {escaped}","mainProductType":"{upper}","verified":true,
            "logoUrl":"https://x/?auth={pair_url}","{escaped}":"key",
            "note":"{split}","wrap":"{hyphenated}",
            "nested":{{"b64":"{base64}","pair":"{pair_unpadded}","url":"{pair_base64_url}"}}}}"#,
            escaped = e.escaped,
            upper = e.upper,
            pair_url = e.pair_url,
            split = e.split,
            hyphenated = e.hyphenated,
            base64 = e.base64,
            pair_unpadded = e.pair_unpadded,
            pair_base64_url = e.pair_base64_url,
        ),
        "authorization/userinfo" => format!(
            r#"{{"sub":"w0","domain":"{}","locale":"{}"}}"#,
            e.escaped, e.upper
        ),
        "balance" => format!(r#"{{"amount":10000,"currency":"{}"}}"#, e.base64),
        "users" => format!(
            r#"{{"items":[{{"id":"w0","firstname":"{}","lastname":"{}","email":"{}"}}]}}"#,
            e.split, e.hyphenated, e.pair_url
        ),
        "numbers" => format!(
            r#"{{"items":[{{"id":"n0","number":"{}","endpointAlias":"{}"}}]}}"#,
            e.escaped, e.pair_unpadded
        ),
        _ => format!(r#"{{"items":[{{"id":"e0","alias":"{}"}}]}}"#, e.upper),
    };
    echo_reply("200 OK", "application/json", &body)
}

/// A 403 whose error body (title and detail) echoes the token in every form.
fn echoing_error(path: &str) -> Reply {
    if !path.ends_with("/account") {
        return echoing_account(path);
    }
    let e = echoes();
    let body = format!(
        r#"{{"errors":[{{"title":"bad token {}","detail":"{} {} {} {} {} {} {}"}}]}}"#,
        e.escaped,
        e.upper,
        e.base64,
        e.pair_unpadded,
        e.pair_url,
        e.pair_base64_url,
        e.split,
        e.hyphenated
    );
    echo_reply("403 Forbidden", "application/problem+json", &body)
}

/// A 401 in plain text with the token broken across lines, as a pretty-printer or a mail
/// client would wrap it.
fn echoing_text(_: &str) -> Reply {
    echo_reply(
        "401 Unauthorized",
        "text/plain",
        "Your token:\n    e68ead46-a7db-\n    46cd-8a1a-44aed1e4e372\nagain: e68ead46-a7-\r\ndb-46cd-8a1a-44aed1e4e372\n",
    )
}

/// How a test server answers a path.
type Route = fn(&str) -> Reply;

/// `body` with headers that echo the token as a header name and, encoded, as values.
fn echo_reply(status: &str, content_type: &str, body: &str) -> Reply {
    let e = echoes();
    let headers = [
        format!("Content-Type: {content_type}"),
        format!("{}: as a header name", e.upper),
        format!("X-Token: {}", e.base64),
        format!("X-Pair: {}", e.pair_unpadded),
        format!("X-Url: {}", e.pair_url),
        format!("Set-Cookie: auth={}", e.pair_base64_url),
    ];
    let headers: Vec<&[u8]> = headers.iter().map(String::as_bytes).collect();
    Reply::Bytes(response(status, &headers, body.as_bytes()))
}

#[tokio::test]
async fn echoes_in_every_form_are_masked_after_decoding_in_the_tui() {
    let forms = forms_of(common::TOKEN_ID, common::TOKEN);
    let routes: [(&str, Route); 3] = [
        ("account", echoing_account),
        ("error", echoing_error),
        ("text", echoing_text),
    ];
    for (what, route) in routes {
        let server = RawServer::start("127.0.0.1", route).await;
        let mut app = app_with_token(&server.base(), common::TOKEN_ID, common::TOKEN);
        drive::send_and_settle(&mut app, &default_client(&server.base())).await;
        assert!(app.completed().is_some(), "{what}: no answer");
        let screens = every_screen(&mut app);
        assert_no_echo(&screens, &format!("{what}: a screen"));
        assert_no_echo(&format!("{app:?}"), &format!("{what}: Debug"));
        // The echoes arrived, masked (not dropped).
        let masked = if what == "text" {
            "*".repeat(14)
        } else {
            format!("bad token {}", "*".repeat(41))
        };
        assert!(screens.contains(&masked), "{what}: {screens}");
        assert_app_secret_free(&mut app, &forms, what);
    }
}

#[tokio::test]
async fn echoes_in_every_form_are_masked_after_decoding_by_check() {
    let account = RawServer::start("127.0.0.1", echoing_account).await;
    let error = RawServer::start("127.0.0.1", echoing_error).await;
    let text = RawServer::start("127.0.0.1", echoing_text).await;
    let mut runs = Vec::new();
    for base in [account.base(), error.base(), text.base()] {
        for json in [false, true] {
            let mut args = vec!["--base-url".to_owned(), base.clone()];
            if json {
                args.push("--json".to_owned());
            }
            let env = vec![
                ("SIPGATE_TOKEN_ID", common::TOKEN_ID.to_owned()),
                ("SIPGATE_TOKEN", common::TOKEN.to_owned()),
            ];
            runs.push((args, env));
        }
    }
    let outputs = futures_util::future::join_all(
        runs.into_iter()
            .map(|(args, env)| async move { (args.join(" "), run_check(args, env, "").await) }),
    )
    .await;
    let forms = forms_of(common::TOKEN_ID, common::TOKEN);
    let masked = format!("bad token {}", "*".repeat(41));
    for (args, output) in &outputs {
        assert_no_echo(output, &format!("check {args}"));
        assert_secret_free(output, &forms, &format!("check {args}"));
    }
    // The account's company and the error's title arrived, masked, in text and JSON.
    for (args, output) in &outputs[..4] {
        assert!(output.contains(&masked), "check {args}: {output}");
    }
}

/// The "Sign in" mode: the client secret, the access token and the refresh token never show,
/// while waiting for the browser or once signed in and inspected (every screen, copy as curl,
/// `Debug`, a panic message).
#[tokio::test]
async fn a_sign_in_never_shows_the_client_secret_or_the_tokens() {
    use secrecy::ExposeSecret as _;
    use sipgate_inspect::app::AuthMode;
    use sipgate_inspect::app::sign_in::{SignInEffect, SignInForm, SignInMessage, SignInState};

    let server = demo::spawn("127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("demo");
    let redirect = common::oauth_browser::redirect_uri();
    let mut sign_in = SignInForm::prefilled(
        Some(demo::DEMO_CLIENT_ID.into()),
        Some(demo::DEMO_CLIENT_SECRET.into()),
    );
    sign_in.redirect_uri = tui_input::Input::new(redirect);
    let mut form = Form::prefilled(None, None, None).with_sign_in(sign_in);
    form.mode = AuthMode::SignIn;
    form.focus = form.fields()[0];
    let mut app = app_for(&server.base_url())
        .with_form(form)
        .with_sign_in(SignInState {
            issuer: sipgate_inspect::oauth::Issuer::parse(
                &format!("http://{}/auth/realms/sipgate-apps", server.addr()),
                false,
            )
            .expect("issuer"),
            open_browser: false,
            ..SignInState::default()
        });
    let effects = update(&mut app, RequestMessage::Send, common::now());
    let Some(Effect::SignIn(SignInEffect::Start { id, config, .. })) = effects.into_iter().next()
    else {
        panic!("no sign-in started")
    };
    let pending = sipgate_inspect::oauth::start(*config).await.expect("start");
    let url = pending.authorization_url().to_owned();
    update(
        &mut app,
        SignInMessage::Started {
            id,
            url: url.clone(),
            opened: true,
        },
        common::now(),
    );
    let secret_forms = vec![
        demo::DEMO_CLIENT_SECRET.to_owned(),
        STANDARD.encode(format!(
            "{}:{}",
            demo::DEMO_CLIENT_ID,
            demo::DEMO_CLIENT_SECRET
        )),
    ];
    assert_app_secret_free(&mut app, &secret_forms, "waiting for the browser");

    let http =
        sipgate_inspect::oauth::http_client(std::time::Duration::from_secs(10)).expect("client");
    let waiting = tokio::spawn(async move {
        pending
            .finish(&http, std::time::Duration::from_secs(30))
            .await
    });
    let common::oauth_browser::Consent::Redirect(location) =
        common::oauth_browser::consent(&url, "allow").await
    else {
        panic!("no redirect")
    };
    common::oauth_browser::follow(&location).await;
    let signed = waiting.await.expect("task").expect("signed in");
    let mut forms = secret_forms;
    forms.push(signed.tokens.access_token.expose_secret().to_owned());
    forms.push(
        signed
            .tokens
            .refresh_token
            .as_ref()
            .expect("refresh token")
            .expose_secret()
            .to_owned(),
    );
    update(
        &mut app,
        SignInMessage::Finished {
            id,
            result: Box::new(Ok(signed)),
        },
        sipgate_inspect::runtime::read_clock(),
    );
    // The demo's tokens expire by the real clock, not the tests' fixed one: settle the
    // inspection at the time it is.
    let client = default_client(&server.base_url());
    let clock = sipgate_inspect::runtime::read_clock;
    let mut pending: std::collections::VecDeque<Effect> =
        update(&mut app, RequestMessage::Send, clock()).into();
    while let Some(effect) = pending.pop_front() {
        if let Some(message) = sipgate_inspect::runtime::answer(effect, &client).await {
            pending.extend(update(&mut app, message, clock()));
        }
    }
    assert_eq!(
        app.completed().and_then(|c| c.inspection.status()),
        Some(200)
    );
    assert_app_secret_free(&mut app, &forms, "signed in and inspected");
}
