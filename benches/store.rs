//! What the store costs the TUI (issue 13's performance goals): the history database with
//! 10,000 rows opened and its first window read (what F7 waits for, off the UI thread), one
//! frame of the saved-history overlay while scrolling through it, and what start-up adds
//! (finding the directories, reading a profile file).
//!
//! Run with `cargo bench --bench store`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sipgate_inspect::api::BaseUrl;
use sipgate_inspect::app::{ApiTarget, App, SAVED_WINDOW, StoreMessage, update};
use sipgate_inspect::runtime::read_clock as now;
use sipgate_inspect::store::{
    Attempt, AttemptDetail, CredentialKind, History, MatrixCell, Profile, ProfileFile, StorePaths,
};
use sipgate_inspect::ui::render;

const ROWS: i64 = 10_000;

/// A realistic row: a 2 kB body, headers, a scope matrix of 10 endpoints.
fn attempt(n: i64) -> Attempt {
    Attempt {
        at_ms: 1_796_000_000_000 + n * 1000,
        source: "check".to_owned(),
        profile: Some(format!("profile-{}", n % 7)),
        base_url: "https://api.sipgate.com/v2".to_owned(),
        kind: "personal-access-token".to_owned(),
        token_id: Some("token-AB12CD".to_owned()),
        status: Some(if n % 3 == 0 { 401 } else { 200 }),
        findings: vec!["ok.account".to_owned()],
        detail: AttemptDetail {
            method: "GET".to_owned(),
            url: "https://api.sipgate.com/v2/account".to_owned(),
            scope_matrix: (0..10)
                .map(|i| MatrixCell {
                    endpoint: format!("/endpoint{i}"),
                    scope: Some(format!("scope{i}:read")),
                    status: Some(200),
                })
                .collect(),
            headers: vec![("content-type".to_owned(), "application/json".to_owned()); 8],
            body: format!("{{\"company\":\"{}\"}}", "x".repeat(2000)),
            body_bytes: 2020,
            ..AttemptDetail::default()
        },
        ..Attempt::default()
    }
}

/// A database of [`ROWS`] rows, made once.
fn database() -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-history.sqlite3");
    let history = History::open(&path);
    if history.count().unwrap_or(0) < ROWS.unsigned_abs() {
        drop(history);
        let _ = std::fs::remove_file(&path);
        let mut history = History::open(&path);
        for n in 0..ROWS {
            history.record(&attempt(n));
        }
    }
    path
}

fn bench(c: &mut Criterion) {
    let path = database();
    c.bench_function(
        "history: open 10,000 rows, count, read the first window",
        |b| {
            b.iter(|| {
                let history = History::open(&path);
                let total = history.count().expect("count");
                let rows = history.page(0, SAVED_WINDOW).expect("page");
                black_box((total, rows.len()))
            });
        },
    );
    c.bench_function("history: read a window in the middle", |b| {
        let history = History::open(&path);
        b.iter(|| black_box(history.page(5_000, SAVED_WINDOW).expect("page").len()));
    });

    // One frame of the overlay while scrolling (Down, then draw), at 100×30.
    let history = History::open(&path);
    let rows = history.page(0, SAVED_WINDOW).expect("page");
    let mut app = App::new(
        BaseUrl::parse("https://api.sipgate.com/v2", false).expect("base"),
        ApiTarget::Real,
    );
    app.store.history_file = Some(path.clone());
    update(&mut app, StoreMessage::Toggle, now());
    update(
        &mut app,
        StoreMessage::Loaded {
            offset: 0,
            total: ROWS.unsigned_abs(),
            rows,
        },
        now(),
    );
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
    app.size = (100, 30);
    c.bench_function("saved history: one frame while scrolling, 100x30", |b| {
        let mut step = 1;
        b.iter(|| {
            // Back and forth inside the loaded window, so no page load is needed.
            if app.store.saved.cursor >= 80 {
                step = -1;
            } else if app.store.saved.cursor == 0 {
                step = 1;
            }
            update(&mut app, StoreMessage::Move(step), now());
            terminal.draw(|frame| render(&app, frame)).expect("draw");
        });
    });

    // What start-up adds: the directories, and a profile file of 20 profiles.
    let profiles = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-profiles.toml");
    let mut file = ProfileFile::empty(&profiles);
    for i in 0..20 {
        let mut profile =
            Profile::new(&format!("profile-{i}"), CredentialKind::PersonalAccessToken);
        profile.token_id = Some("token-AB12CD".to_owned());
        let _ = file.upsert(profile);
    }
    file.save().expect("save");
    c.bench_function("start-up: directories and a profile file of 20", |b| {
        b.iter(|| {
            let paths = StorePaths::for_user();
            let file = ProfileFile::load(&profiles).expect("load");
            black_box((paths, file.profiles().len()))
        });
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    targets = bench
}
criterion_main!(benches);
