//! Property tests: random input where the other tests pick examples.
//!
//! - The TUI: random sequences of terminal events (keys with any modifiers, pastes with
//!   control, bidi and wide characters, resizes down to 0×0, mouse clicks and wheels), ticks,
//!   and finished requests and probes (current or stale, any status, headers and body bytes)
//!   go through `update` and `render`. Nothing panics, no cell ever holds a character a
//!   terminal would interpret, every row stays exactly as wide as the terminal, and no effect
//!   carries the token.
//! - What "a character a terminal would interpret" is comes from the independent oracle in
//!   `common::unicode` (ICU4X's general categories), never from the code under test.
//! - Parsing: `AccountParse::from_body`, `parse_error_body`, `parse_probe`, `body_lines` and
//!   `sanitize` on arbitrary bytes and on generated JSON never panic; `sanitize` leaves no
//!   character that needs escaping and is idempotent; `body_lines` lays out canonical JSON
//!   exactly as `serde_json` pretty-prints it.
//!
//! Bounded to run in a few seconds inside `cargo test` (256 cases each, short sequences).

mod common;
use common::drive;

use std::sync::OnceLock;
use std::time::Duration;

use common::strategies::{nasty_char, nasty_text};
use common::unicode::must_be_escaped;
use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use proptest::prelude::*;
use sipgate_inspect::api::{
    AccountParse, ApiClient, BaseUrl, Exchange, Probe, TransportErrorKind, parse_error_body,
    parse_probe,
};
use sipgate_inspect::app::{
    App, BackgroundMessage, Completed, Effect, KeyContext, Message, RequestMessage, update,
};
use sipgate_inspect::body::{MAX_DISPLAY_LINES, MAX_LINE_CHARS, body_lines};
use sipgate_inspect::inspection::Inspection;
use sipgate_inspect::sanitize::{sanitize, sanitize_line};
use sipgate_inspect::terminal::events::message_for_event;

// ------------------------------------------------------------------------ strategies

fn key_code() -> impl Strategy<Value = KeyCode> {
    prop_oneof![
        4 => nasty_char().prop_map(KeyCode::Char),
        6 => proptest::sample::select(vec![
            KeyCode::Enter, KeyCode::Esc, KeyCode::Tab, KeyCode::BackTab, KeyCode::Up,
            KeyCode::Down, KeyCode::Left, KeyCode::Right, KeyCode::Home, KeyCode::End,
            KeyCode::PageUp, KeyCode::PageDown, KeyCode::Backspace, KeyCode::Delete,
            KeyCode::Insert,
        ]),
        1 => (1_u8..=12).prop_map(KeyCode::F),
        2 => proptest::sample::select(vec!['c', 'q', 'r', 't', 'u', 'w', 'y', 'n', '/', '?']).prop_map(KeyCode::Char),
    ]
}

fn modifiers() -> impl Strategy<Value = KeyModifiers> {
    proptest::sample::select(vec![
        KeyModifiers::NONE,
        KeyModifiers::NONE,
        KeyModifiers::SHIFT,
        KeyModifiers::CONTROL,
        KeyModifiers::ALT,
        KeyModifiers::CONTROL | KeyModifiers::SHIFT,
    ])
}

/// A response as a server might send it (or `None`: a transport failure).
#[derive(Debug, Clone)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        nasty_text(12).prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((nasty_text(8), inner), 0..6)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

/// An account-ish object: known fields with values of any type, and extra fields.
fn accountish() -> impl Strategy<Value = serde_json::Value> {
    (
        json_value(),
        json_value(),
        json_value(),
        proptest::collection::vec((nasty_text(8), json_value()), 0..8),
    )
        .prop_map(|(company, product, verified, extra)| {
            let mut object = serde_json::Map::new();
            object.insert("company".into(), company);
            object.insert("mainProductType".into(), product);
            object.insert("verified".into(), verified);
            for (key, value) in extra {
                object.insert(key, value);
            }
            serde_json::Value::Object(object)
        })
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        2 => accountish().prop_map(|v| v.to_string().into_bytes()),
        2 => json_value().prop_map(|v| v.to_string().into_bytes()),
        1 => proptest::collection::vec(any::<u8>(), 0..400),
        1 => nasty_text(400).prop_map(String::into_bytes),
        1 => (1_usize..60).prop_map(|n| format!("{}{}", "[".repeat(n * 3), "]".repeat(n * 3)).into_bytes()),
    ]
}

fn answer() -> impl Strategy<Value = Option<Answer>> {
    let status = prop_oneof![
        3 => proptest::sample::select(vec![200_u16, 201, 204, 302, 401, 403, 404, 405, 429, 500, 503]),
        1 => 100_u16..=999,
    ];
    let header_name = proptest::sample::select(vec![
        "content-type",
        "retry-after",
        "www-authenticate",
        "location",
        "x-request-id",
        "server",
    ]);
    let headers =
        proptest::collection::vec((header_name.prop_map(str::to_owned), nasty_text(30)), 0..5);
    prop_oneof![
        6 => (status, headers, body()).prop_map(|(status, headers, body)| Some(Answer { status, headers, body })),
        1 => Just(None),
    ]
}

/// One thing that happens to the app.
#[derive(Debug, Clone)]
enum Step {
    Key(KeyCode, KeyModifiers),
    Paste(String),
    Resize(u16, u16),
    Mouse(MouseEventKind, u16, u16),
    Tick(u64),
    /// The answer to the request `back` requests before the newest (0: the current one).
    Finished {
        back: u64,
        answer: Option<Answer>,
    },
    /// A probe's answer, for the request `back` before the newest.
    Probe {
        which: usize,
        back: u64,
        answer: Option<Answer>,
    },
}

fn step() -> impl Strategy<Value = Step> {
    let size = prop_oneof![
        1 => (0_u16..=3, 0_u16..=3),
        1 => Just((1_u16, 1_u16)),
        4 => (20_u16..=160, 5_u16..=50),
    ];
    let mouse = prop_oneof![
        Just(MouseEventKind::ScrollUp),
        Just(MouseEventKind::ScrollDown),
        Just(MouseEventKind::Down(MouseButton::Left)),
    ];
    prop_oneof![
        10 => (key_code(), modifiers()).prop_map(|(c, m)| Step::Key(c, m)),
        1 => Just(Step::Key(KeyCode::Enter, KeyModifiers::NONE)),
        2 => prop_oneof![4 => nasty_text(60), 1 => nasty_text(3000)].prop_map(Step::Paste),
        2 => size.prop_map(|(w, h)| Step::Resize(w, h)),
        1 => (mouse, 0_u16..160, 0_u16..50).prop_map(|(k, x, y)| Step::Mouse(k, x, y)),
        1 => (0_u64..40_000).prop_map(Step::Tick),
        3 => (prop_oneof![3 => Just(0_u64), 1 => 1_u64..3], answer())
            .prop_map(|(back, answer)| Step::Finished { back, answer }),
        4 => (0_usize..Probe::count(), prop_oneof![3 => Just(0_u64), 1 => Just(1_u64)], answer())
            .prop_map(|(which, back, answer)| Step::Probe { which, back, answer }),
    ]
}

// ------------------------------------------------------------------------ the TUI

fn client() -> &'static ApiClient {
    static CLIENT: OnceLock<ApiClient> = OnceLock::new();
    CLIENT.get_or_init(|| {
        let base = BaseUrl::parse(common::BASE, false).expect("base");
        ApiClient::new(base, Duration::from_secs(15)).expect("client")
    })
}

fn exchange(path: &str, answer: Option<Answer>) -> Exchange {
    let built = common::builders::exchange().path(path);
    let Some(answer) = answer else {
        let url = format!("{}/{path}", common::BASE);
        return built
            .failed(
                TransportErrorKind::ConnectionReset,
                "connection closed or reset before a response arrived",
                &[
                    &format!("error sending request for url ({url})"),
                    "connection closed \u{1b}]0;x\u{7}",
                ],
            )
            .build();
    };
    built
        .status(answer.status, "")
        .headers(answer.headers)
        .body(answer.body)
        .build()
}

fn message(app: &App, step: Step) -> Option<Message> {
    let current = app.next_request_id.saturating_sub(1);
    let context = KeyContext::of(app);
    match step {
        Step::Key(code, modifiers) => {
            message_for_event(&Event::Key(KeyEvent::new(code, modifiers)), context)
        }
        Step::Paste(text) => message_for_event(&Event::Paste(text), context),
        Step::Resize(width, height) => message_for_event(&Event::Resize(width, height), context),
        Step::Mouse(kind, column, row) => message_for_event(
            &Event::Mouse(MouseEvent {
                kind,
                column,
                row,
                modifiers: KeyModifiers::NONE,
            }),
            context,
        ),
        Step::Tick(_) => Some(BackgroundMessage::Tick.into()),
        Step::Finished { back, answer } => {
            let inspection = Inspection::from_exchange(exchange("account", answer), client());
            Some(
                BackgroundMessage::Finished {
                    id: current.saturating_sub(back),
                    completed: Box::new(Completed::new(inspection, common::now())),
                }
                .into(),
            )
        }
        Step::Probe {
            which,
            back,
            answer,
        } => {
            let probe = Probe::all().nth(which).expect("in range");
            let path = probe.path(Some("w0")).unwrap_or_default();
            Some(
                BackgroundMessage::ProbeFinished {
                    request_id: current.saturating_sub(back),
                    probe,
                    exchange: Box::new(exchange(&path, answer)),
                }
                .into(),
            )
        }
    }
}

/// What must hold after every step.
fn check(app: &mut App, effects: &[Effect]) {
    for effect in effects {
        let shown = format!("{effect:?}");
        assert!(!shown.contains(common::TOKEN), "{shown}");
        if let Effect::Copy(text) = effect {
            assert!(!text.contains(common::TOKEN), "{text}");
        }
    }
    let (width, height) = app.size;
    // Sizes a terminal can have; the app is drawn at whatever it was told last.
    let terminal = common::draw(app, width, height);
    let buffer = terminal.backend().buffer();
    drive::assert_inert(buffer, "after a step");
    if width > 0 {
        drive::assert_rows_whole(buffer, "after a step");
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        max_shrink_iters: 2_000,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_event_sequences_never_break_the_app(
        first in proptest::option::of(answer()),
        steps in proptest::collection::vec(step(), 1..20),
    ) {
        let mut app = common::app();
        check(&mut app, &[]);
        // Most sequences start from a result on screen: sent, and answered somehow.
        if let Some(answer) = first {
            let effects = update(&mut app, RequestMessage::Send, common::now());
            check(&mut app, &effects);
            let step = Step::Finished { back: 0, answer };
            let finished = message(&app, step).expect("a message");
            let effects = update(&mut app, finished, common::now());
            check(&mut app, &effects);
        }
        for step in steps {
            // A tick comes `ms` later than everything else.
            let at = match step {
                Step::Tick(ms) => common::later(ms),
                _ => common::now(),
            };
            let Some(message) = message(&app, step) else { continue };
            let effects = update(&mut app, message, at);
            check(&mut app, &effects);
            if app.should_quit {
                break;
            }
        }
    }
}

// ------------------------------------------------------------------------ parsing

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn parsers_take_any_bytes(bytes in body()) {
        let _ = AccountParse::from_body(&bytes);
        let _ = parse_error_body(&bytes);
        for probe in Probe::all() {
            let _ = parse_probe(probe, &bytes);
        }
        let lines = body_lines(&bytes);
        prop_assert!(lines.len() <= MAX_DISPLAY_LINES + 1);
        for line in &lines {
            prop_assert!(!line.chars().any(must_be_escaped), "{line:?}");
            prop_assert!(!line.contains('\t'), "{line:?}");
            // The cut keeps MAX_LINE_CHARS and adds a marker of a few dozen characters.
            prop_assert!(line.chars().count() <= MAX_LINE_CHARS + 40, "{}", line.len());
        }
    }

    #[test]
    fn canonical_json_is_laid_out_as_serde_json_pretty_prints_it(value in json_value()) {
        let compact = value.to_string();
        let pretty = serde_json::to_string_pretty(&value).expect("pretty");
        let expected: Vec<String> = pretty
            .lines()
            .map(|line| sanitize_line(line, MAX_LINE_CHARS))
            .collect();
        prop_assert_eq!(body_lines(compact.as_bytes()), expected);
    }

    #[test]
    fn accounts_of_any_shape_are_judged_without_panicking(value in accountish()) {
        let body = value.to_string();
        match AccountParse::from_body(body.as_bytes()) {
            AccountParse::Account(_) | AccountParse::NotAccountShape(_) => {}
            other => prop_assert!(false, "an object judged as {other:?}"),
        }
    }

    #[test]
    fn sanitize_leaves_nothing_to_interpret_and_is_idempotent(text in nasty_text(200)) {
        let once = sanitize(&text);
        prop_assert!(!once.chars().any(must_be_escaped), "{once:?}");
        prop_assert!(!once.contains('\t'));
        prop_assert_eq!(sanitize(&once), once.clone());
        if !text.chars().any(|c| c == '\t' || must_be_escaped(c)) {
            prop_assert_eq!(&once, &text);
        }
        let cut = sanitize_line(&text, 50);
        prop_assert!(!cut.chars().any(must_be_escaped));
        if once.chars().count() <= 50 {
            prop_assert_eq!(cut, once);
        } else {
            // What is kept is the start of the whole, never a broken escape.
            let (kept, marker) = cut.rsplit_once(" … ").expect("a marker");
            prop_assert!(marker.ends_with(" more characters"), "{cut:?}");
            prop_assert!(once.starts_with(kept), "{kept:?} / {once:?}");
            prop_assert!(kept.chars().count() <= 50);
        }
    }
}

// ------------------------------------------------------------------------ JWT claims

/// A JWT's payload: the claims sipgate's tokens carry, with values of any type, and others.
fn claimsish() -> impl Strategy<Value = serde_json::Value> {
    let name = prop_oneof![
        Just("iss".to_owned()),
        Just("azp".to_owned()),
        Just("scope".to_owned()),
        Just("iat".to_owned()),
        Just("exp".to_owned()),
        Just("featureScope".to_owned()),
        nasty_text(6),
    ];
    prop_oneof![
        json_value(),
        proptest::collection::vec((name, json_value()), 0..8)
            .prop_map(|entries| serde_json::Value::Object(entries.into_iter().collect())),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn decoding_a_token_never_panics(text in nasty_text(300), payload in claimsish(), dots in 0..6usize) {
        use base64::Engine as _;
        use sipgate_inspect::api::jwt::{MAX_NUMERIC_DATE, TokenContents, decode};
        let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        let shaped = format!(
            "{}.{}{}",
            b64(r#"{"alg":"RS256"}"#),
            b64(&payload.to_string()),
            ".c2ln".repeat(dots),
        );
        for token in [text.clone(), format!("eyJ{text}"), shaped] {
            match decode(&token) {
                TokenContents::Claims(claims) => {
                    for time in [claims.expires_at, claims.issued_at].into_iter().flatten() {
                        prop_assert!((0..=MAX_NUMERIC_DATE).contains(&time));
                    }
                    let strings = [&claims.issuer, &claims.realm, &claims.client, &claims.feature_scope];
                    for s in strings.into_iter().flatten().chain(&claims.scopes) {
                        prop_assert!(!s.chars().any(must_be_escaped), "{s:?}");
                    }
                }
                TokenContents::Unreadable(why) => {
                    prop_assert!(!why.chars().any(must_be_escaped), "{why:?}");
                }
                TokenContents::Opaque => prop_assert!(!token.trim().starts_with("eyJ")),
            }
        }
    }
}
