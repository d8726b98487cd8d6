//! Render cost of the result screen with a 1 MB body, at 80×24 and 200×60: one frame of the
//! Summary tab (what shows first) and of the Body tab (the body laid out), for a pretty-printed
//! JSON body, a JSON body that is one 1 MB string, and 1 MB of text on a single line. The goal
//! is well under 1 ms a frame: only visible lines are laid out, and lines are cut long before
//! they reach a megabyte (`body::MAX_LINE_CHARS`).
//!
//! Also timed: laying out the body once (`Completed::new`, done on the background task when a
//! response arrives, never per frame).
//!
//! Run with `cargo bench --bench render`; the state is built through the public API as the
//! tests build it.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sipgate_inspect::api::{
    ApiClient, AuthScheme, BaseUrl, Exchange, HttpResponse, RequestSummary,
};
use sipgate_inspect::app::{
    ApiTarget, App, BackgroundMessage, Completed, Effect, Form, Message, NavigationMessage,
    RequestMessage, Tab, update,
};
use sipgate_inspect::inspection::Inspection;
use sipgate_inspect::runtime::read_clock as now;
use sipgate_inspect::ui::render;

const BASE: &str = "http://127.0.0.1:8080/v2";

/// About 1 MB of pretty-printable JSON: an account with a long list of extra records.
fn json_body() -> Vec<u8> {
    let items: Vec<serde_json::Value> = (0..7_000)
        .map(|i| {
            serde_json::json!({
                "id": format!("w{i}"),
                "firstname": "Ada",
                "lastname": "Lovelace",
                "email": format!("ada{i}@example.com"),
                "admin": i % 7 == 0,
                "numbers": [format!("+4921100000{i}"), "+49211000000"],
            })
        })
        .collect();
    let body = serde_json::json!({
        "company": "Love sipgate",
        "mainProductType": "TEAM",
        "verified": true,
        "historyLifeTime": "THIRTY_DAYS",
        "users": items,
    });
    body.to_string().into_bytes()
}

/// One JSON string of 1 MB: a single display line, cut.
fn one_long_json_string() -> Vec<u8> {
    format!(r#"{{"company":"x","blob":"{}"}}"#, "ab".repeat(500_000)).into_bytes()
}

/// 1 MB of text without a line break.
fn one_long_text_line() -> Vec<u8> {
    "The quick brown fox jumps over the lazy dog. "
        .repeat(1_000_000 / 45)
        .into_bytes()
}

fn client() -> ApiClient {
    let base = BaseUrl::parse(BASE, false).expect("base");
    ApiClient::new(base, Duration::from_secs(15)).expect("client")
}

fn completed(body: Vec<u8>, client: &ApiClient) -> Completed {
    let url = format!("{BASE}/account");
    let exchange = Exchange {
        request: RequestSummary {
            method: "GET",
            url: url.clone(),
            scheme: AuthScheme::Basic,
            token_id: Some("token-FQ1V12".into()),
            authorization: "Basic dG9rZW4tRlExVjEy… → token-FQ1V12:••••".into(),
            proxy: None,
        },
        elapsed: Duration::from_millis(42),
        result: Ok(HttpResponse {
            status: 200,
            reason: "OK".into(),
            version: "HTTP/1.1".into(),
            headers: vec![("content-type".into(), "application/json".into())],
            body,
            final_url: url,
            time_to_headers: Duration::from_millis(30),
        }),
    };
    Completed::new(Inspection::from_exchange(exchange, client), now())
}

/// The app showing `completed`, as the runtime would get there: Enter, then the answer.
fn app_showing(completed: Completed, width: u16, height: u16) -> App {
    let base = BaseUrl::parse(BASE, false).expect("base");
    let mut app = App::new(base, ApiTarget::Real).with_form(Form::prefilled(
        Some("token-FQ1V12".into()),
        Some("e68ead46-a7db-46cd-8a1a-44aed1e4e372".into()),
        None,
    ));
    update(&mut app, Message::Resize { width, height }, now());
    let id = update(&mut app, RequestMessage::Send, now())
        .into_iter()
        .find_map(|effect| match effect {
            Effect::Send { id, .. } => Some(id),
            _ => None,
        })
        .expect("sent");
    update(
        &mut app,
        BackgroundMessage::Finished {
            id,
            completed: Box::new(completed),
        },
        now(),
    );
    app
}

fn bench_render(c: &mut Criterion) {
    let client = client();
    let bodies = [
        ("json-1MB", json_body()),
        ("json-one-1MB-string", one_long_json_string()),
        ("text-one-1MB-line", one_long_text_line()),
    ];
    let mut group = c.benchmark_group("render");
    group
        .sample_size(50)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    for (name, body) in &bodies {
        for (width, height) in [(80_u16, 24_u16), (200, 60)] {
            for tab in [Tab::Summary, Tab::Body] {
                let mut app = app_showing(completed(body.clone(), &client), width, height);
                app.tab = tab;
                if tab == Tab::Body {
                    // Somewhere in the middle, where nothing is cached.
                    update(&mut app, NavigationMessage::Scroll(2_000), now());
                }
                let mut terminal =
                    Terminal::new(TestBackend::new(width, height)).expect("terminal");
                let id = BenchmarkId::new(format!("{name}/{tab:?}"), format!("{width}x{height}"));
                group.bench_function(id, |b| {
                    b.iter(|| {
                        terminal
                            .draw(|frame| render(black_box(&app), frame))
                            .expect("draw");
                    });
                });
            }
        }
    }
    group.finish();

    let mut group = c.benchmark_group("layout-once");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    for (name, body) in &bodies {
        group.bench_function(format!("{name}/Completed::new"), |b| {
            b.iter(|| completed(black_box(body.clone()), &client));
        });
        group.bench_function(format!("{name}/body_lines"), |b| {
            b.iter(|| sipgate_inspect::body::body_lines(black_box(body)));
        });
    }
    group.finish();
}

criterion_group!(benches, bench_render);
criterion_main!(benches);
