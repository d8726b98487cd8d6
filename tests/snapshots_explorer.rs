//! Rendering tests of the endpoint explorer: the list (whole and filtered), a parameter form,
//! a scan in progress and the full scope table after a scan, drawn on a `TestBackend` and
//! compared with reviewed snapshots (`tests/snapshots/`).

mod common;

use common::*;
use insta::assert_snapshot;
use sipgate_inspect::api::endpoints::Endpoint;
use sipgate_inspect::app::{App, Effect, ExplorerEffect, ExplorerMessage, update};
use sipgate_inspect::scan::{Outcome, ScanEvent, ScanRow};
use tui_input::InputRequest;

fn explorer() -> App {
    let mut app = app();
    update(&mut app, ExplorerMessage::Toggle, now());
    app
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        update(
            app,
            ExplorerMessage::Edit(InputRequest::InsertChar(c)),
            now(),
        );
    }
}

fn start_scan(app: &mut App) -> u64 {
    let effects = update(app, ExplorerMessage::StartScan, now());
    match effects.as_slice() {
        [Effect::Explorer(ExplorerEffect::Scan { scan_id, .. })] => *scan_id,
        other => panic!("{other:?}"),
    }
}

/// A row as a scan would settle it for `endpoint`: allowed, except denied for the scopes
/// in `denied` and skipped for what needs a typed number.
fn row_for(endpoint: Endpoint, denied: &[&str]) -> ScanRow {
    let spec = endpoint.spec();
    let (status, outcome, cause) = if spec.path.contains("{quickDialNumber}") {
        (
            None,
            Outcome::Skipped,
            Some("needs a typed quickDialNumber".to_owned()),
        )
    } else if spec.scope.as_deref().is_some_and(|s| denied.contains(&s)) {
        (Some(403), Outcome::Denied, Some("scope missing".to_owned()))
    } else {
        (Some(200), Outcome::Allowed, None)
    };
    ScanRow {
        endpoint: spec.label(),
        scope: spec.scope.clone(),
        status,
        outcome,
        cause,
        broader: spec.broader.clone(),
    }
}

fn report(app: &mut App, scan_id: u64, endpoints: &[Endpoint], denied: &[&str]) {
    let total = Endpoint::count();
    for (i, endpoint) in endpoints.iter().enumerate() {
        update(
            app,
            ExplorerMessage::ScanReport {
                scan_id,
                event: ScanEvent::Done {
                    endpoint: *endpoint,
                    row: row_for(*endpoint, denied),
                    exchange: None,
                    done: i + 1,
                    total,
                },
            },
            now(),
        );
    }
}

#[test]
fn explorer_list() {
    assert_snapshot!(draw(&mut explorer(), 110, 30).backend());
}

#[test]
fn explorer_list_filtered() {
    let mut app = explorer();
    typed(&mut app, "voicemail");
    assert_snapshot!(draw(&mut app, 110, 30).backend());
}

#[test]
fn explorer_parameter_form() {
    let mut app = explorer();
    app.explorer.known.insert("sub".into(), "w0".into());
    typed(&mut app, "greetings");
    // The cursor on the phone line's voicemail greetings: two parameters unknown.
    let at = app
        .explorer
        .visible()
        .iter()
        .position(|e| e.spec().path.starts_with("/{userId}/phonelines"))
        .expect("listed");
    update(
        &mut app,
        ExplorerMessage::Move(i32::try_from(at).expect("small")),
        now(),
    );
    update(&mut app, ExplorerMessage::Run, now());
    assert_snapshot!(draw(&mut app, 110, 30).backend());
}

#[test]
fn explorer_scan_in_progress() {
    let mut app = explorer();
    let scan_id = start_scan(&mut app);
    let first: Vec<Endpoint> = Endpoint::all().take(20).collect();
    report(&mut app, scan_id, &first, &["balance:read"]);
    update(
        &mut app,
        ExplorerMessage::ScanReport {
            scan_id,
            event: ScanEvent::Waiting {
                endpoint: Endpoint::with_path("/groups").expect("listed"),
                wait: std::time::Duration::from_secs(30),
            },
        },
        now(),
    );
    assert_snapshot!(draw(&mut app, 110, 30).backend());
}

#[test]
fn explorer_full_scope_table() {
    let mut app = explorer();
    let scan_id = start_scan(&mut app);
    let all: Vec<Endpoint> = Endpoint::all().collect();
    report(
        &mut app,
        scan_id,
        &all,
        &["balance:read", "history:read", "groups:read"],
    );
    assert_snapshot!(draw(&mut app, 120, 100).backend());
}
