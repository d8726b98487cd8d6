//! Hostile servers and hostile or clumsy input, on loopback only (127.0.0.1 and 127.0.0.2).
//!
//! Each server case drives the real `update` and the real HTTP client against a raw server
//! that misbehaves on purpose, then renders every tab at several sizes and checks every cell:
//! no character a terminal would interpret (ESC, BEL, backspace, C1 controls, bidi overrides,
//! zero-width characters) reaches the screen, every row is exactly as wide as the terminal,
//! and the app is still there to render. Input cases feed pastes, control characters, rapid
//! Enter, tiny sizes and Ctrl+C through `update` or the real runtime.

mod common;
use common::assert_matches;
use common::drive;
use common::tls;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crossterm::event::{KeyCode, KeyModifiers};
use drive::{
    RawServer, Reply, Running, SIZES, app_for, assert_inert, assert_rows_whole, client,
    default_client, every_screen, inspected, inspection, json_response, response, send_and_settle,
    vertical_borders,
};
use serde_json::json;
use sipgate_inspect::api::{AccountParse, ClientOptions, MAX_BODY_BYTES, TransportErrorKind};
use sipgate_inspect::app::{
    BackgroundMessage, FormMessage, Message, NavigationMessage, RequestMessage,
};
use sipgate_inspect::app::{Effect, RequestState, Tab, update};

/// Every kind of character a terminal would act on: OSC title change, BEL, CSI colour,
/// backspace, a bidi override that makes the rest read backwards, a C1 CSI, zero-width space
/// and BOM.
const HOSTILE: &str =
    "\u{1b}]0;pwned\u{7}\u{1b}[31m\u{8}\u{202e}gro.etagpis\u{9b}2J\u{200b}\u{feff}";

/// The hostile string as `sanitize` shows it (a prefix, enough to recognise).
const HOSTILE_SHOWN: &str = "\\x1b]0;pwned\\x07\\x1b[31m\\x08\\u{202e}gro.etagpis";

// ------------------------------------------------------------------------ hostile strings

/// A JSON answer for every endpoint the app reads, with [`HOSTILE`] in every string field, in
/// keys, and in a header value (raw bytes: U+202E and U+009B are allowed in HTTP as obs-text).
fn hostile_everywhere(path: &str) -> Reply {
    let h = HOSTILE;
    let body = if path.ends_with("/account") {
        json!({
            "company": format!("CO{h}"),
            "mainProductType": h,
            "logoUrl": h,
            "verified": true,
            "historyLifeTime": h,
            h: h,
            "nested": { h: [h, 1, null] },
        })
    } else if path.ends_with("/userinfo") {
        json!({"sub": "w0", "domain": h, "masterSipId": h, "locale": h})
    } else if path.ends_with("/balance") {
        json!({"amount": 123_400, "currency": h})
    } else if path.ends_with("/users") {
        json!({"items": [{"id": h, "firstname": h, "lastname": h, "email": h, "admin": true}]})
    } else if path.ends_with("/numbers") {
        json!({"items": [{"id": h, "number": h, "localized": h, "type": h, "endpointAlias": h}]})
    } else if path.ends_with("/devices") {
        json!({"items": [{"id": h, "alias": h, "type": h, "online": true, "dnd": false}]})
    } else {
        json!({"errors": [{"title": h, "detail": h}]})
    };
    // The reason phrase too: HTTP allows these bytes there; only the status code is used.
    Reply::Bytes(response(
        "200 \u{202e}KO\u{9b}",
        &[
            b"Content-Type: application/json",
            "X-Evil: \u{202e}redaeh\u{9b}31m".as_bytes(),
            "Server: \u{2066}isolate\u{feff}".as_bytes(),
        ],
        body.to_string().as_bytes(),
    ))
}

#[tokio::test]
async fn hostile_strings_from_every_endpoint_are_shown_as_visible_escapes() {
    let mut app = inspected(hostile_everywhere).await;
    assert_eq!(inspection(&app).status(), Some(200));
    let screens = every_screen(&mut app);
    // Proof that the text went through `sanitize`, not merely that ratatui dropped controls:
    // the escapes are visible. Account field, body line and header value.
    assert!(screens.contains(&format!("CO{HOSTILE_SHOWN}")), "{screens}");
    assert!(screens.contains("\\u{202e}gro.etagpis"), "{screens}");
    assert!(screens.contains("\\u{202e}redaeh\\u{9b}31m"), "{screens}");
}

#[tokio::test]
async fn hostile_error_bodies_and_misshapen_values_are_shown_as_visible_escapes() {
    // The server's own words, in 403 evidence; a value of the wrong type, which serde quotes
    // in its error message; and probes whose bodies are not the expected shape.
    let mut app = inspected(|path| {
        if path.ends_with("/account") {
            json_response(
                "403 Forbidden",
                &json!({"errors": [{"title": HOSTILE, "detail": HOSTILE, "source": {"pointer": HOSTILE}}]}),
            )
        } else {
            json_response("200 OK", &json!({"amount": HOSTILE, "items": HOSTILE, "sub": "w0"}))
        }
    })
    .await;
    assert_eq!(inspection(&app).status(), Some(403));
    let screens = every_screen(&mut app);
    assert!(screens.contains(HOSTILE_SHOWN), "{screens}");

    let mut app = inspected(|_| {
        json_response(
            "200 OK",
            &json!({"company": "x", "verified": HOSTILE, "sub": 5, "amount": HOSTILE}),
        )
    })
    .await;
    assert_matches!(
        inspection(&app).account,
        Some(AccountParse::NotAccountShape(_))
    );
    every_screen(&mut app);
}

#[tokio::test]
async fn raw_control_bytes_in_a_text_body_are_shown_as_escapes() {
    let mut body = "|\u{85}\u{9b}\u{202e}\u{2067}\u{200d}|\r\n"
        .as_bytes()
        .to_vec();
    body.extend((0_u8..0x20).chain([0x7f]));
    body.extend_from_slice(b"\r\n\x1b]52;c;cHduZWQ=\x07 clipboard write\r\n\x1bP+q544e\x1b\\");
    let mut app =
        inspected(move |_| Reply::Bytes(response("200 OK", &[b"Content-Type: text/plain"], &body)))
            .await;
    let screens = every_screen(&mut app);
    assert!(screens.contains("\\x1b]52;c;cHduZWQ=\\x07"), "{screens}");
    assert!(
        screens.contains("\\u{85}\\u{9b}\\u{202e}\\u{2067}\\u{200d}"),
        "{screens}"
    );
}

#[tokio::test]
async fn a_response_that_is_not_http_is_a_transport_error_shown_inert() {
    let mut app =
        inspected(|_| Reply::Bytes(format!("{HOSTILE} not HTTP at all\r\n\r\n").into_bytes()))
            .await;
    let error = inspection(&app)
        .exchange
        .result
        .as_ref()
        .expect_err("not HTTP");
    assert!(!error.message.is_empty());
    every_screen(&mut app);
}

#[tokio::test]
async fn a_flood_of_headers_or_a_giant_header_is_a_transport_error() {
    let many: Vec<Vec<u8>> = (0..500)
        .map(|i| format!("X-H{i}: {HOSTILE}").into_bytes())
        .collect();
    let many_refs: Vec<&[u8]> = many.iter().map(Vec::as_slice).collect();
    let flood = response("200 OK", &many_refs, b"{}");
    let mut app = inspected(move |_| Reply::Bytes(flood.clone())).await;
    assert!(inspection(&app).exchange.result.is_err(), "500 headers");
    every_screen(&mut app);

    let giant = format!("X-Giant: {}", "a".repeat(2_000_000));
    let giant = response("200 OK", &[giant.as_bytes()], b"{}");
    let mut app = inspected(move |_| Reply::Bytes(giant.clone())).await;
    assert!(inspection(&app).exchange.result.is_err(), "a 2 MB header");
    every_screen(&mut app);
}

// ------------------------------------------------------------------------ huge and endless

#[tokio::test]
async fn a_body_announced_larger_than_the_cap_is_refused_before_it_is_read() {
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        50 * MAX_BODY_BYTES
    );
    let mut app = inspected(move |_| Reply::Endless {
        head: head.clone().into_bytes(),
        chunk: vec![b' '; 65_536],
        pause: Duration::ZERO,
    })
    .await;
    let error = inspection(&app)
        .exchange
        .result
        .as_ref()
        .expect_err("too large");
    assert_eq!(
        error.kind,
        TransportErrorKind::BodyTooLarge {
            limit: MAX_BODY_BYTES
        }
    );
    assert_eq!(
        error.message,
        "response body larger than 10 MB; reading stopped"
    );
    let screens = every_screen(&mut app);
    assert!(screens.contains("larger than 10 MB"), "{screens}");
}

#[tokio::test]
async fn an_endless_chunked_body_stops_at_the_cap() {
    let app = inspected(|_| Reply::Endless {
        head: b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            .to_vec(),
        // One chunk of 64 KiB, forever.
        chunk: [b"10000\r\n".as_slice(), &vec![b'x'; 0x10000], b"\r\n"].concat(),
        pause: Duration::ZERO,
    })
    .await;
    let error = inspection(&app)
        .exchange
        .result
        .as_ref()
        .expect_err("capped");
    assert_eq!(
        error.kind,
        TransportErrorKind::BodyTooLarge {
            limit: MAX_BODY_BYTES
        }
    );
}

#[tokio::test]
async fn an_endless_slow_body_or_header_trickle_ends_with_the_timeout() {
    let trickles = [
        // A body, one byte at a time.
        Reply::Endless {
            head: b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec(),
            chunk: b"1\r\nx\r\n".to_vec(),
            pause: Duration::from_millis(50),
        },
        // Headers that never end (slowloris).
        Reply::Endless {
            head: b"HTTP/1.1 200 OK\r\n".to_vec(),
            chunk: b"X-A: b\r\n".to_vec(),
            pause: Duration::from_millis(50),
        },
        Reply::Silent,
    ];
    // All at once: each takes the whole timeout.
    let runs = trickles.into_iter().map(|reply| async move {
        let server = RawServer::start("127.0.0.1", move |_| reply.clone()).await;
        let mut app = app_for(&server.base());
        let client = client(
            &server.base(),
            Duration::from_secs(1),
            ClientOptions::default(),
        );
        send_and_settle(&mut app, &client).await;
        app
    });
    for mut app in futures_util::future::join_all(runs).await {
        let error = inspection(&app)
            .exchange
            .result
            .as_ref()
            .expect_err("timed out");
        assert_eq!(error.kind, TransportErrorKind::Timeout, "{}", error.message);
        assert_eq!(error.message, "no complete response within 1 s");
        every_screen(&mut app);
    }
}

// ------------------------------------------------------------------------ malformed bodies

#[tokio::test]
async fn invalid_utf8_is_shown_lossily() {
    let mut app = inspected(|_| {
        Reply::Bytes(response(
            "200 OK",
            &[b"Content-Type: application/json; charset=utf-8"],
            b"{\"company\":\"\xff\xfe\xc3\x28\"}\xe2\x82",
        ))
    })
    .await;
    assert_matches!(inspection(&app).account, Some(AccountParse::NotJson(_)));
    let lines = &app.completed().expect("done").body_lines;
    // Each byte that is not UTF-8 is replaced, and the replacement shown as a visible escape.
    assert_eq!(
        lines,
        &[r#"{"company":"\u{fffd}\u{fffd}\u{fffd}("}\u{fffd}"#]
    );
    every_screen(&mut app);
}

#[tokio::test]
async fn a_truncated_body_is_reported_as_cut_off() {
    let mut app = inspected(|_| {
        Reply::Bytes(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"company\":\"Lo"
                .to_vec(),
        )
    })
    .await;
    let error = inspection(&app)
        .exchange
        .result
        .as_ref()
        .expect_err("cut off");
    assert_eq!(error.kind, TransportErrorKind::BodyCutOff);
    let ids: Vec<_> = inspection(&app).findings.iter().map(|f| f.id).collect();
    assert_eq!(ids, ["transport.body-cut-off"]);
    every_screen(&mut app);
}

#[tokio::test]
async fn a_wrong_content_type_changes_nothing_about_how_the_body_is_judged() {
    // The judgement is by content, not by label: a JSON account labelled HTML is an account,
    // and an HTML page labelled JSON is not JSON.
    let mut app = inspected(|path| {
        if path.ends_with("/account") {
            Reply::Bytes(response(
                "200 OK",
                &[b"Content-Type: text/html"],
                br#"{"company":"Labelled HTML"}"#,
            ))
        } else {
            Reply::Bytes(response("404 Not Found", &[], b""))
        }
    })
    .await;
    assert_matches!(inspection(&app).account, Some(AccountParse::Account(_)));
    every_screen(&mut app);

    let mut app = inspected(|_| {
        Reply::Bytes(response(
            "200 OK",
            &[b"Content-Type: application/json"],
            b"<html><body>Login</body></html>",
        ))
    })
    .await;
    let ids: Vec<_> = inspection(&app).findings.iter().map(|f| f.id).collect();
    assert_eq!(ids[0], "ok.html-page", "{ids:?}");
    every_screen(&mut app);
}

#[tokio::test]
async fn deeply_nested_json_neither_overflows_the_stack_nor_hangs() {
    let depth = 100_000;
    let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let objects = format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth));
    for body in [arrays, objects] {
        let mut app = inspected(move |_| {
            Reply::Bytes(response(
                "200 OK",
                &[b"Content-Type: application/json"],
                body.as_bytes(),
            ))
        })
        .await;
        // Well-formed JSON, judged without building it: not an account.
        assert_matches!(
            inspection(&app).account,
            Some(AccountParse::NotAccountShape(_)),
            "{:?}",
            inspection(&app).account
        );
        // Shown as text: one line, cut with a visible count.
        let lines = &app.completed().expect("done").body_lines;
        assert_eq!(lines.len(), 1);
        assert!(lines[0].ends_with("more characters"));
        every_screen(&mut app);
    }
}

// ------------------------------------------------------------------------ redirects

#[tokio::test]
async fn an_https_to_http_redirect_is_refused_and_nothing_reaches_the_plain_port() {
    let plain = RawServer::start("127.0.0.1", |_| {
        json_response("200 OK", &json!({"company": "downgraded"}))
    })
    .await;
    let identity = tls::self_signed(&["127.0.0.1"]);
    let options = tls::trusting(&identity);
    let location = format!("Location: {}/account", plain.base());
    let tls_addr =
        tls::serve_tls(identity, response("302 Found", &[location.as_bytes()], b"")).await;
    let base = format!("https://{tls_addr}/v2");
    let mut app = app_for(&base);
    send_and_settle(&mut app, &client(&base, Duration::from_secs(5), options)).await;
    let error = inspection(&app)
        .exchange
        .result
        .as_ref()
        .expect_err("refused");
    assert_eq!(error.kind, TransportErrorKind::Redirect, "{error:?}");
    assert!(
        error.message.contains("https to plain http"),
        "{}",
        error.message
    );
    assert!(plain.heads().is_empty(), "the plain port was contacted");
    every_screen(&mut app);
}

#[tokio::test]
async fn a_redirect_to_another_port_or_host_never_carries_the_authorization_header() {
    for ip in ["127.0.0.1", "127.0.0.2"] {
        let target = RawServer::start(ip, |_| {
            json_response("200 OK", &json!({"company": "elsewhere"}))
        })
        .await;
        let location = format!("Location: {}/account", target.base());
        let first = RawServer::start("127.0.0.1", move |_| {
            Reply::Bytes(response(
                "307 Temporary Redirect",
                &[location.as_bytes()],
                b"",
            ))
        })
        .await;
        let mut app = app_for(&first.base());
        send_and_settle(&mut app, &default_client(&first.base())).await;
        assert_eq!(inspection(&app).status(), Some(200));
        assert!(
            first.heads()[0]
                .to_ascii_lowercase()
                .contains("authorization: basic"),
            "sent to the base URL"
        );
        // Nor where it came from: no Referer either.
        for head in target.heads() {
            let head = head.to_ascii_lowercase();
            assert!(
                !head.contains("\nauthorization:") && !head.contains("\nreferer:"),
                "forwarded to {ip}:\n{head}"
            );
        }
    }
}

#[tokio::test]
async fn a_redirect_loop_ends_after_five_hops() {
    let hops = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&hops);
    let mut app = inspected(move |path| {
        counted.fetch_add(1, Ordering::SeqCst);
        let location = format!("Location: {path}x");
        Reply::Bytes(response("302 Found", &[location.as_bytes()], b""))
    })
    .await;
    let error = inspection(&app).exchange.result.as_ref().expect_err("loop");
    assert_eq!(error.kind, TransportErrorKind::Redirect);
    // The /account request and five redirects; the probes never start.
    assert_eq!(hops.load(Ordering::SeqCst), 6);
    every_screen(&mut app);
}

// ------------------------------------------------------------------------ wide and long

/// Every character of `text` that is not ASCII replaced by as many `w` as it is wide: the
/// same layout in plain ASCII.
fn ascii_twin(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_string()
            } else {
                "w".repeat(unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
            }
        })
        .collect()
}

fn wide_everywhere(path: &str, ascii: bool) -> Reply {
    let cjk = "日本語の会社名前株式会社サンプル";
    let emoji = "🎉🚀📞";
    let accents = "Ǻe\u{301}ü";
    let long = format!("{cjk}{}", "長".repeat(3000));
    let body = if path.ends_with("/account") {
        json!({
            "company": format!("{cjk} {emoji} {accents}"),
            "mainProductType": emoji,
            "logoUrl": format!("https://例え.jp/{}", "ロゴ".repeat(2500)),
            "verified": true,
            "historyLifeTime": long,
            "追加フィールド": cjk,
            "ключ": emoji,
            "long": "x".repeat(5000),
        })
    } else if path.ends_with("/userinfo") {
        json!({"sub": "w0", "domain": cjk, "masterSipId": emoji, "locale": long})
    } else if path.ends_with("/balance") {
        json!({"amount": 123_400, "currency": "€€€"})
    } else {
        json!({"items": [{"id": cjk, "firstname": emoji, "lastname": long, "alias": cjk,
                          "number": emoji, "type": cjk, "email": accents}]})
    };
    let text = body.to_string();
    let text = if ascii { ascii_twin(&text) } else { text };
    let header = format!(
        "X-Wide: {}",
        if ascii {
            ascii_twin(&long)
        } else {
            long.clone()
        }
    );
    Reply::Bytes(response(
        "200 OK",
        &[b"Content-Type: application/json", header.as_bytes()],
        text.as_bytes(),
    ))
}

#[tokio::test]
async fn wide_characters_and_long_values_keep_every_row_whole_and_every_border_in_place() {
    let mut wide = inspected(|path| wide_everywhere(path, false)).await;
    let mut ascii = inspected(|path| wide_everywhere(path, true)).await;
    every_screen(&mut wide);
    for tab in Tab::ALL {
        for (width, height) in SIZES {
            wide.tab = tab;
            ascii.tab = tab;
            let wide_screen = common::draw(&mut wide, width, height);
            let ascii_screen = common::draw(&mut ascii, width, height);
            assert_eq!(
                vertical_borders(wide_screen.backend().buffer()),
                vertical_borders(ascii_screen.backend().buffer()),
                "{tab:?} at {width}×{height}: borders moved\nwide:\n{}\nascii:\n{}",
                common::buffer_text(wide_screen.backend().buffer()),
                common::buffer_text(ascii_screen.backend().buffer()),
            );
        }
    }
}

// ------------------------------------------------------------------------ clumsy input

#[test]
fn pasting_100_kb_with_controls_and_wide_characters_into_every_field_stays_inert() {
    let chunk = format!("日本🎉{HOSTILE}\t\r\n\u{0}");
    let paste = chunk.repeat(100_000 / chunk.len() + 1);
    assert!(paste.len() >= 100_000);
    let mut app = common::app();
    // Token id, then token (masked), then the OAuth token (masked).
    for step in 0..3 {
        update(&mut app, FormMessage::Paste(paste.clone()), common::now());
        for (width, height) in SIZES {
            let terminal = common::draw(&mut app, width, height);
            let what = format!("paste {step} at {width}×{height}");
            assert_inert(terminal.backend().buffer(), &what);
            assert_rows_whole(terminal.backend().buffer(), &what);
        }
        match step {
            0 => {
                update(&mut app, FormMessage::NextField, common::now());
            }
            1 => {
                update(&mut app, FormMessage::ToggleAuthMode, common::now());
            }
            _ => {}
        }
    }
    // Revealed, the secrets show their escapes; still nothing raw.
    update(&mut app, FormMessage::ToggleReveal, common::now());
    let terminal = common::draw(&mut app, 200, 60);
    assert_inert(terminal.backend().buffer(), "revealed");
    assert!(common::buffer_text(terminal.backend().buffer()).contains("\\x1b"));
    // Sending what was pasted is refused or fails cleanly; it never panics.
    let effects = update(&mut app, RequestMessage::Send, common::now());
    assert!(effects.iter().all(|e| !matches!(e, Effect::Copy(_))));
}

#[test]
fn typed_control_characters_are_shown_as_escapes() {
    let mut app = common::app();
    update(
        &mut app,
        FormMessage::Edit(tui_input::InputRequest::DeleteLine),
        common::now(),
    );
    for c in [
        '\u{1b}', '\u{7}', '\u{8}', '\u{202e}', '\u{0}', '\u{9b}', 'x',
    ] {
        update(
            &mut app,
            FormMessage::Edit(tui_input::InputRequest::InsertChar(c)),
            common::now(),
        );
    }
    let terminal = common::draw(&mut app, 100, 30);
    let text = common::buffer_text(terminal.backend().buffer());
    assert!(
        text.contains("\\x1b\\x07\\x08\\u{202e}\\x00\\u{9b}x"),
        "{text}"
    );
    assert_inert(terminal.backend().buffer(), "typed");
}

#[test]
fn rapid_enter_lets_only_the_newest_answer_land() {
    let mut app = common::app();
    let mut ids = Vec::new();
    for round in 0..5 {
        let effects = update(&mut app, RequestMessage::Send, common::now());
        let sent: Vec<u64> = effects
            .iter()
            .filter_map(|e| match e {
                Effect::Send { id, .. } => Some(*id),
                _ => None,
            })
            .collect();
        let cancelled: Vec<u64> = effects
            .iter()
            .filter_map(|e| match e {
                Effect::Cancel { id } => Some(*id),
                _ => None,
            })
            .collect();
        assert_eq!(sent.len(), 1, "one request per Enter");
        // From the second Enter on, the running request is aborted first.
        assert_eq!(
            cancelled,
            ids.last().copied().into_iter().collect::<Vec<_>>()
        );
        ids.push(sent[0]);
        assert_eq!(ids.len(), round + 1);
    }
    // Late answers to the aborted requests, in any order, change nothing.
    for &id in ids[..4].iter().rev() {
        update(
            &mut app,
            BackgroundMessage::Finished {
                id,
                completed: common::answered(200, "OK", &[], r#"{"company":"stale"}"#),
            },
            common::now(),
        );
        assert!(
            app.is_in_flight(),
            "a stale answer replaced the running request"
        );
    }
    update(
        &mut app,
        BackgroundMessage::Finished {
            id: ids[4],
            completed: common::answered(200, "OK", &[], r#"{"company":"newest"}"#),
        },
        common::now(),
    );
    let shown = app
        .completed()
        .and_then(|c| c.inspection.account.as_ref())
        .and_then(AccountParse::account)
        .and_then(|a| a.company.clone());
    assert_eq!(shown.as_deref(), Some("newest"));
    let text = every_screen(&mut app);
    assert!(!text.contains("stale"), "{text}");
}

#[test]
fn resizing_to_tiny_sizes_and_back_leaves_the_screen_as_it_was() {
    let body = format!(
        "[{}]",
        (0..500)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",")
    );
    let mut app = common::app_with(common::answered(200, "OK", &[], &body));
    app.tab = Tab::Body;
    update(
        &mut app,
        Message::Resize {
            width: 100,
            height: 30,
        },
        common::now(),
    );
    update(&mut app, NavigationMessage::Scroll(i32::MAX), common::now());
    let before = common::buffer_text(common::draw(&mut app, 100, 30).backend().buffer());
    for (width, height) in [
        (0, 0),
        (1, 1),
        (0, 30),
        (100, 0),
        (2, 1),
        (39, 11),
        (40, 12),
        (300, 3),
        (7, 200),
    ] {
        update(&mut app, Message::Resize { width, height }, common::now());
        let terminal = common::draw(&mut app, width, height);
        let what = format!("{width}×{height}");
        assert_inert(terminal.backend().buffer(), &what);
        if width > 0 {
            assert_rows_whole(terminal.backend().buffer(), &what);
        }
    }
    update(
        &mut app,
        Message::Resize {
            width: 100,
            height: 30,
        },
        common::now(),
    );
    update(&mut app, NavigationMessage::Scroll(i32::MAX), common::now());
    let after = common::buffer_text(common::draw(&mut app, 100, 30).backend().buffer());
    assert_eq!(before, after);
}

#[tokio::test]
async fn rapid_enter_against_a_slow_server_shows_exactly_one_answer() {
    let arrivals = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&arrivals);
    let server = RawServer::start("127.0.0.1", move |path| {
        if !path.ends_with("/account") {
            return Reply::Bytes(response("404 Not Found", &[], b""));
        }
        let n = counted.fetch_add(1, Ordering::SeqCst) + 1;
        let body = json!({"company": format!("answer {n}")}).to_string();
        // Slow enough that every Enter lands while the previous request is still out.
        Reply::Later {
            after: Duration::from_millis(300),
            bytes: response(
                "200 OK",
                &[b"Content-Type: application/json"],
                body.as_bytes(),
            ),
        }
    })
    .await;
    let running = Running::start(&server.base());
    for _ in 0..5 {
        running.key(KeyCode::Enter, KeyModifiers::NONE);
    }
    running
        .wait_until("showed an answer", |r| {
            r.frames().iter().any(|f| f.contains("answer "))
        })
        .await;
    // Give any stale answer the time it would need to land (it must not).
    tokio::time::sleep(Duration::from_millis(800)).await;
    running.key(KeyCode::End, KeyModifiers::NONE);
    tokio::time::sleep(Duration::from_millis(50)).await;
    let frames = running.frames();
    let mut shown: Vec<String> = frames
        .iter()
        .filter_map(|f| {
            let at = f.find("answer ")? + "answer ".len();
            Some(f[at..].chars().take_while(char::is_ascii_digit).collect())
        })
        .collect();
    shown.dedup();
    assert_eq!(shown.len(), 1, "more than one answer landed: {shown:?}");
    running.key(KeyCode::Char('q'), KeyModifiers::CONTROL);
    let app = running.finish().await;
    assert_matches!(app.request, RequestState::Done(_));
}

#[tokio::test]
async fn ctrl_c_while_a_request_hangs_quits_and_abandons_it() {
    let server = RawServer::start("127.0.0.1", |_| Reply::Silent).await;
    let running = Running::start(&server.base());
    running.key(KeyCode::Enter, KeyModifiers::NONE);
    let heads = Arc::clone(&server.heads);
    for _ in 0..1000 {
        if !heads.lock().expect("heads").is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(server.heads().len(), 1, "the request reached the server");
    running.key(KeyCode::Char('c'), KeyModifiers::CONTROL);
    let app = running.finish().await;
    assert!(app.should_quit);
    assert!(app.is_in_flight(), "quit while the request was still out");
}

#[test]
fn the_screen_checks_catch_what_they_look_for() {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use std::panic::{AssertUnwindSafe, catch_unwind};
    let fails = |check: &dyn Fn()| catch_unwind(AssertUnwindSafe(check)).is_err();
    let row = |symbol: &str, x: u16| {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 10, 1));
        buffer[(x, 0)].set_symbol(symbol);
        buffer
    };
    // Plain text passes; a raw bidi override, a zero-width cell and a wide character that
    // sticks out of the last column do not.
    assert!(!fails(&|| assert_inert(&row("a", 0), "plain")));
    assert!(!fails(&|| assert_rows_whole(&row("日", 3), "wide inside")));
    assert!(fails(&|| assert_inert(&row("\u{202e}", 0), "bidi")));
    assert!(fails(&|| assert_rows_whole(
        &row("\u{301}", 0),
        "zero width"
    )));
    assert!(fails(&|| assert_rows_whole(
        &row("日", 9),
        "wide at the edge"
    )));
}

// ------------------------------------------------------------------------ check's output

/// `check` against the server of [`hostile_everywhere`]; returns what it printed.
async fn check_output(json: bool) -> (String, String) {
    let server = RawServer::start("127.0.0.1", hostile_everywhere).await;
    let mut args = vec!["check".to_owned(), "--base-url".to_owned(), server.base()];
    if json {
        args.push("--json".to_owned());
    }
    let env = vec![
        ("SIPGATE_TOKEN_ID", common::TOKEN_ID.to_owned()),
        ("SIPGATE_TOKEN", common::TOKEN.to_owned()),
    ];
    let (code, stdout, stderr) = drive::run_binary(args, env, String::new()).await;
    assert_eq!(code, Some(0), "{stdout}\n{stderr}");
    (stdout, stderr)
}

/// Characters a terminal would act on, other than the line breaks of the output itself, by
/// the independent oracle.
fn raw_controls(text: &str) -> Vec<String> {
    common::unicode::raw_unsafe(text)
}

#[tokio::test]
async fn check_prints_hostile_strings_as_visible_escapes() {
    let (stdout, stderr) = check_output(false).await;
    assert!(
        raw_controls(&stdout).is_empty(),
        "{:?}",
        raw_controls(&stdout)
    );
    assert!(raw_controls(&stderr).is_empty(), "{stderr:?}");
    assert!(stdout.contains(&format!("CO{HOSTILE_SHOWN}")), "{stdout}");
}

#[tokio::test]
async fn check_json_escapes_every_character_a_terminal_would_act_on() {
    // serde_json escapes only U+0000..U+001F: DEL, the C1 controls (U+009B is CSI on many
    // terminals) and bidi overrides go out raw, to a terminal when a user runs --json by hand.
    let (stdout, _) = check_output(true).await;
    assert!(
        raw_controls(&stdout).is_empty(),
        "raw in --json output: {:?}",
        raw_controls(&stdout)
    );
    // Still the same values once parsed.
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("one JSON object");
    assert_eq!(report["account"]["company"], format!("CO{HOSTILE}"));
}
