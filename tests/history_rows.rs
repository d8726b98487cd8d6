//! The TUI's history rows: an inspection is recorded once its probes have settled, with their
//! scope matrix (the `/account` cell first); at quit, a row still waiting is recorded with what
//! has arrived. Update tests, no database: the `Record` effect carries the row.

mod common;

use std::time::Duration;

use common::{BASE, answered, app_sent, now, probe, probe_fixture};
use sipgate_inspect::api::Probe;
use sipgate_inspect::app::{App, BackgroundMessage, Effect, Message, update};
use sipgate_inspect::store::Attempt;

fn recording(app: &mut App) {
    app.store.history_file = Some("/nonexistent/history.sqlite3".into());
    app.store.recording = true;
}

fn records(effects: Vec<Effect>) -> Vec<Attempt> {
    effects
        .into_iter()
        .filter_map(|e| match e {
            Effect::Record { attempt, .. } => Some(*attempt),
            _ => None,
        })
        .collect()
}

fn answer(app: &mut App, id: u64, probe: Probe, status: u16) -> Vec<Attempt> {
    let body = if status == 200 {
        probe_fixture(probe)
    } else {
        r#"{"errors":[{"title":"Forbidden"}]}"#.to_owned()
    };
    let mut exchange = answered(status, "", &[], &body).inspection.exchange.clone();
    exchange.request.url = format!("{BASE}/{}", probe.path(Some("w0")).unwrap_or_default());
    exchange.elapsed = Duration::from_millis(20);
    records(update(
        app,
        BackgroundMessage::ProbeFinished {
            request_id: id,
            probe,
            exchange: Box::new(exchange),
        },
        now(),
    ))
}

/// (endpoint, status) of each recorded cell.
fn cells(attempt: &Attempt) -> Vec<(String, Option<u16>)> {
    attempt
        .detail
        .scope_matrix
        .iter()
        .map(|c| (c.endpoint.clone(), c.status))
        .collect()
}

#[test]
fn a_row_waits_for_the_probes_and_holds_their_matrix() {
    let (mut app, id) = app_sent();
    recording(&mut app);
    let finished = update(
        &mut app,
        BackgroundMessage::Finished {
            id,
            completed: answered(200, "OK", &[], "{}"),
        },
        now(),
    );
    assert!(records(finished).is_empty(), "not before the probes settle");

    let balance = probe("/balance");
    let mut recorded = Vec::new();
    // Userinfo first: the probes that need the user id start from its answer.
    for p in Probe::all() {
        recorded.extend(answer(
            &mut app,
            id,
            p,
            if p == balance { 403 } else { 200 },
        ));
    }
    assert_eq!(recorded.len(), 1, "one row, once every probe settled");
    let cells = cells(&recorded[0]);
    assert_eq!(cells.len(), Probe::all().count() + 1);
    assert_eq!(cells[0], ("/account".to_owned(), Some(200)));
    assert!(
        cells.contains(&("/balance".to_owned(), Some(403))),
        "{cells:?}"
    );
    assert!(
        cells.contains(&("/users".to_owned(), Some(200))),
        "{cells:?}"
    );
    assert!(cells.iter().all(|(_, s)| s.is_some()), "{cells:?}");
}

#[test]
fn a_row_still_waiting_at_quit_is_recorded_with_what_arrived() {
    let (mut app, id) = app_sent();
    recording(&mut app);
    update(
        &mut app,
        BackgroundMessage::Finished {
            id,
            completed: answered(200, "OK", &[], "{}"),
        },
        now(),
    );
    assert!(answer(&mut app, id, probe("/balance"), 200).is_empty());
    let recorded = records(update(&mut app, Message::Quit, now()));
    assert_eq!(recorded.len(), 1);
    let cells = cells(&recorded[0]);
    assert!(
        cells.contains(&("/balance".to_owned(), Some(200))),
        "{cells:?}"
    );
    assert!(cells.contains(&("/users".to_owned(), None)), "{cells:?}");
}

#[test]
fn an_unrecognised_answer_is_recorded_at_once() {
    let (mut app, id) = app_sent();
    recording(&mut app);
    let recorded = records(update(
        &mut app,
        BackgroundMessage::Finished {
            id,
            completed: answered(401, "Unauthorized", &[], ""),
        },
        now(),
    ));
    assert_eq!(recorded.len(), 1);
    assert_eq!(cells(&recorded[0]), [("/account".to_owned(), Some(401))]);
}

// ------------------------------------------------------------------ sending an attempt again

/// The app with the saved history open on one recorded attempt.
fn saved_open_on(attempt: Attempt) -> App {
    let mut app = common::app();
    recording(&mut app);
    app.overlay = sipgate_inspect::app::Overlay::Saved;
    app.store.saved.rows = vec![attempt];
    app.store.saved.total = 1;
    app
}

fn recorded(token_id: &str, base_url: &str) -> Attempt {
    Attempt {
        id: 7,
        kind: "personal-access-token".into(),
        token_id: Some(token_id.into()),
        base_url: base_url.into(),
        status: Some(200),
        ..Attempt::default()
    }
}

fn rerun(app: &mut App) -> Vec<Effect> {
    update(app, sipgate_inspect::app::StoreMessage::Rerun, now())
}

#[test]
fn an_attempt_with_the_forms_token_id_is_sent_again() {
    let mut app = saved_open_on(recorded(common::TOKEN_ID, BASE));
    let effects = rerun(&mut app);
    assert!(
        effects.iter().any(|e| matches!(e, Effect::Send { .. })),
        "{effects:?}"
    );
    assert_eq!(app.overlay, sipgate_inspect::app::Overlay::None);
}

#[test]
fn another_token_id_is_filled_in_and_its_token_asked_for() {
    let mut app = saved_open_on(recorded("token-OTHER1", BASE));
    assert!(rerun(&mut app).is_empty());
    assert_eq!(app.form.token_id.value(), "token-OTHER1");
    assert_eq!(
        app.form.token.char_count(),
        0,
        "the other id's token is not ours"
    );
    assert_eq!(
        app.notice.as_deref(),
        Some("attempt 7: type the token of token-OTHER1 into the form, then Enter sends it")
    );
}

#[test]
fn an_attempt_to_another_base_url_says_how_to_reach_it() {
    let mut app = saved_open_on(recorded(common::TOKEN_ID, "https://api.sipgate.com/v2"));
    assert!(rerun(&mut app).is_empty());
    assert_eq!(
        app.notice.as_deref(),
        Some(
            "attempt 7 went to https://api.sipgate.com/v2: start the inspector with --base-url \
             https://api.sipgate.com/v2 to send it again"
        )
    );
    assert_eq!(
        app.form.token_id.value(),
        common::TOKEN_ID,
        "the form is left alone"
    );
}
