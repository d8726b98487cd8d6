//! The explorer and the full scan, measured:
//! - one frame of the explorer overlay while a scan runs (half the table settled, the gauge
//!   and least-privilege line shown), at 100×30 and 200×60: the goal is under 1 ms;
//! - the full scan against the in-process demo API, and each endpoint alone (the slowest
//!   one's median is printed with the bound: 2 × the slowest single endpoint plus
//!   50 ms per batch of 4).
//!
//! Run with `cargo bench --bench explorer`.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use secrecy::SecretString;
use sipgate_inspect::api::endpoints::Endpoint;
use sipgate_inspect::api::{ApiClient, BaseUrl, Credentials};
use sipgate_inspect::app::{ApiTarget, App, Effect, ExplorerEffect, ExplorerMessage, Form, update};
use sipgate_inspect::runtime::read_clock as now;
use sipgate_inspect::scan::{MAX_IN_FLIGHT, ScanContext, ScanEvent, run_scan};
use sipgate_inspect::ui::render;

/// The app with the explorer open and a scan half done (rows from a real scan of the demo).
fn scanning_app(rows: &[(Endpoint, sipgate_inspect::scan::ScanRow)]) -> App {
    let base = BaseUrl::parse("http://127.0.0.1:8080/v2", false).expect("base");
    let mut app = App::new(base, ApiTarget::Demo).with_form(Form::prefilled(
        Some(sipgate_inspect::demo::DEMO_TOKEN_ID.into()),
        Some(sipgate_inspect::demo::DEMO_TOKEN.into()),
        None,
    ));
    let effects = update(&mut app, ExplorerMessage::StartScan, now());
    let Some(Effect::Explorer(ExplorerEffect::Scan { scan_id, .. })) = effects.first() else {
        panic!("the scan starts");
    };
    let scan_id = *scan_id;
    let total = rows.len();
    for (i, (endpoint, row)) in rows.iter().take(total / 2).enumerate() {
        let event = ScanEvent::Done {
            endpoint: *endpoint,
            row: row.clone(),
            exchange: None,
            done: i + 1,
            total,
        };
        update(
            &mut app,
            ExplorerMessage::ScanReport { scan_id, event },
            now(),
        );
    }
    app
}

fn demo_credentials() -> Credentials {
    Credentials::personal(
        sipgate_inspect::demo::DEMO_TOKEN_ID,
        SecretString::from(sipgate_inspect::demo::DEMO_TOKEN),
    )
}

/// The ids the demo account has, by source key, so every endpoint can be sent alone.
fn demo_ids() -> BTreeMap<String, String> {
    [
        ("sub", "w0"),
        ("/{userId}/devices", "e0"),
        ("/{userId}/phonelines", "p0"),
        ("/{userId}/phonelines/{phonelineId}/voicemails", "v0"),
        ("/groups", "g1"),
        ("/groupfaxlines", "gf0"),
        ("/{userId}/faxlines", "f0"),
        ("/history", "h1"),
        ("/voicemails", "v0"),
        ("/{userId}/sms", "s0"),
        ("/addresses", "13"),
        ("/portings", "1"),
        ("/authorization/oauth2/clients", "demo-client"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

fn bench_explorer(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let server = runtime
        .block_on(sipgate_inspect::demo::spawn(SocketAddr::from((
            Ipv4Addr::LOCALHOST,
            0,
        ))))
        .expect("demo API");
    let base = BaseUrl::parse(&server.base_url(), false).expect("base");
    let client = ApiClient::new(base, Duration::from_secs(10)).expect("client");
    let credentials = demo_credentials();
    let context = ScanContext::default();

    // Rows of a real scan, for the frame benchmark.
    let mut rows = Vec::new();
    runtime.block_on(run_scan(
        &client,
        &credentials,
        &context,
        BTreeMap::new(),
        |event| {
            if let ScanEvent::Done { endpoint, row, .. } = event {
                rows.push((endpoint, row));
            }
        },
    ));

    let mut group = c.benchmark_group("explorer frame during a scan");
    for (width, height) in [(100, 30), (200, 60)] {
        let app = scanning_app(&rows);
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
        group.bench_function(
            BenchmarkId::from_parameter(format!("{width}x{height}")),
            |b| {
                b.iter(|| {
                    terminal
                        .draw(|frame| render(black_box(&app), frame))
                        .expect("draw");
                });
            },
        );
    }
    group.finish();

    let mut group = c.benchmark_group("scan");
    group.sample_size(20);
    group.bench_function("full scan, demo API", |b| {
        b.iter(|| {
            runtime.block_on(run_scan(
                &client,
                &credentials,
                &context,
                BTreeMap::new(),
                |_| {},
            ))
        });
    });
    group.finish();

    let slowest = slowest_endpoint(&runtime, &client, &credentials);
    let batches = Endpoint::count().div_ceil(MAX_IN_FLIGHT);
    let bound = slowest.0 * 2 + Duration::from_millis(50) * u32::try_from(batches).unwrap_or(0);
    let mut scans: Vec<Duration> = (0..20)
        .map(|_| {
            let started = Instant::now();
            runtime.block_on(run_scan(
                &client,
                &credentials,
                &context,
                BTreeMap::new(),
                |_| {},
            ));
            started.elapsed()
        })
        .collect();
    scans.sort();
    println!(
        "slowest single endpoint: {} at {:?} (median of 30); full scan median {:?} over 20; \
         bound 2 × slowest + 50 ms × {batches} batches = {bound:?}",
        slowest.1,
        slowest.0,
        scans[scans.len() / 2],
    );
    runtime.block_on(server.shutdown());
}

/// Each endpoint alone: its median over 30 requests; the slowest of those medians, and whose.
fn slowest_endpoint(
    runtime: &tokio::runtime::Runtime,
    client: &ApiClient,
    credentials: &Credentials,
) -> (Duration, String) {
    let ids = demo_ids();
    let mut slowest = (Duration::ZERO, String::new());
    for endpoint in Endpoint::all() {
        let spec = endpoint.spec();
        let Ok(path) = spec.build_path(|name| {
            let key = spec.source(name).key()?.to_owned();
            ids.get(&key).map(String::as_str)
        }) else {
            continue;
        };
        let mut times: Vec<Duration> = (0..30)
            .map(|_| {
                let started = Instant::now();
                black_box(runtime.block_on(client.get(&path, credentials)));
                started.elapsed()
            })
            .collect();
        times.sort();
        let median = times[times.len() / 2];
        if median > slowest.0 {
            slowest = (median, spec.path.clone());
        }
    }
    slowest
}

criterion_group!(benches, bench_explorer);
criterion_main!(benches);
