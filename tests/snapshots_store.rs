//! Snapshots of the saved-history overlay (F7): the list paged from the database, an
//! attempt opened, and the diff of two; and the header with the active profile.

mod common;

use std::path::PathBuf;

use common::*;
use insta::assert_snapshot;
use sipgate_inspect::app::{App, Message, StoreMessage, update};
use sipgate_inspect::store::{Attempt, AttemptDetail, FindingRow, MatrixCell, diff};

/// An attempt as the history keeps it; even ids answered 200, odd ones 403.
fn attempt(id: i64) -> Attempt {
    let ok = id % 2 == 0;
    let status = if ok { 200 } else { 403 };
    Attempt {
        id,
        at_ms: 1_796_000_000_000 + id * 61_000,
        source: "tui".to_owned(),
        profile: Some(if ok { "work" } else { "ci" }.to_owned()),
        base_url: "https://api.sipgate.com/v2".to_owned(),
        kind: "personal-access-token".to_owned(),
        token_id: Some("token-AB12CD".to_owned()),
        status: Some(status),
        findings: vec![if ok { "ok.account" } else { "http.403" }.to_owned()],
        detail: AttemptDetail {
            method: "GET".to_owned(),
            url: "https://api.sipgate.com/v2/account".to_owned(),
            auth: "Basic •••• (token-AB12CD:••••)".to_owned(),
            reason: Some(if ok { "OK" } else { "Forbidden" }.to_owned()),
            elapsed_ms: 42,
            time_to_headers_ms: Some(40),
            findings: vec![FindingRow {
                id: if ok { "ok.account" } else { "http.403" }.to_owned(),
                severity: if ok { "ok" } else { "error" }.to_owned(),
                title: if ok {
                    "Credentials work"
                } else {
                    "Accepted, but not allowed (403)"
                }
                .to_owned(),
            }],
            scope_matrix: vec![
                MatrixCell {
                    endpoint: "/account".to_owned(),
                    scope: Some("account:read".to_owned()),
                    status: Some(status),
                },
                MatrixCell {
                    endpoint: "/balance".to_owned(),
                    scope: Some("balance:read".to_owned()),
                    status: Some(403),
                },
            ],
            account: if ok {
                vec![("company".to_owned(), "Acme GmbH".to_owned())]
            } else {
                Vec::new()
            },
            headers: vec![("content-type".to_owned(), "application/json".to_owned())],
            body: if ok {
                r#"{"company":"Acme GmbH","verified":true}"#.to_owned()
            } else {
                r#"{"errors":[{"title":"Forbidden"}]}"#.to_owned()
            },
            body_bytes: 40,
            ..AttemptDetail::default()
        },
        ..Attempt::default()
    }
}

/// The app with the overlay open on a database of `total` rows, the first window loaded.
fn saved_app(total: u64) -> App {
    let mut app = app();
    app.store.history_file = Some(PathBuf::from("/nonexistent/history.sqlite3"));
    app.store.profile = Some("work".to_owned());
    update(&mut app, StoreMessage::Toggle, now());
    let rows = (0..total.min(100))
        .map(|position| attempt(i64::try_from(total - position).expect("small")))
        .collect();
    update(
        &mut app,
        StoreMessage::Loaded {
            offset: 0,
            total,
            rows,
        },
        now(),
    );
    app
}

#[test]
fn saved_history_list() {
    let mut app = saved_app(10_000);
    update(&mut app, StoreMessage::Move(3), now());
    update(&mut app, StoreMessage::Mark, now());
    update(&mut app, StoreMessage::Move(1), now());
    let terminal = draw(&mut app, 100, 20);
    let text = buffer_text(terminal.backend().buffer());
    assert!(text.contains("Saved history: 10000 attempts"), "{text}");
    assert!(
        text.contains("profile work"),
        "the header names the profile: {text}"
    );
    assert_snapshot!(terminal.backend());
}

#[test]
fn saved_history_empty() {
    let mut app = saved_app(0);
    let terminal = draw(&mut app, 80, 12);
    let text = buffer_text(terminal.backend().buffer());
    assert!(text.contains("Nothing recorded yet."), "{text}");
    assert_snapshot!(terminal.backend());
}

#[test]
fn saved_history_attempt_opened() {
    let mut app = saved_app(3);
    update(&mut app, StoreMessage::Opened(Box::new(attempt(3))), now());
    // Past the report's first lines (tool version and commit, platform): they change.
    update(&mut app, StoreMessage::Move(16), now());
    let terminal = draw(&mut app, 100, 24);
    let text = buffer_text(terminal.backend().buffer());
    assert!(text.contains("Attempt #3"), "{text}");
    assert!(
        text.contains("Authorization: Basic •••• (token-AB12CD:••••)"),
        "{text}"
    );
    assert_snapshot!(terminal.backend());
}

#[test]
fn saved_history_diff() {
    let mut app = saved_app(3);
    update(
        &mut app,
        StoreMessage::Compared(Box::new(attempt(1)), Box::new(attempt(2))),
        now(),
    );
    let terminal = draw(&mut app, 100, 20);
    let text = buffer_text(terminal.backend().buffer());
    assert!(text.contains("What changed: #1 → #2"), "{text}");
    for line in diff(&attempt(1), &attempt(2)).lines() {
        assert!(text.contains(&line), "{line:?} missing from {text}");
    }
    assert_snapshot!(terminal.backend());
    update(&mut app, Message::Cancel, now());
    let terminal = draw(&mut app, 100, 20);
    assert!(buffer_text(terminal.backend().buffer()).contains("Saved history: 3 attempts"));
}

#[test]
fn profile_picker_with_a_delete_to_confirm() {
    use sipgate_inspect::store::{CredentialKind, Profile};
    let mut app = app();
    update(&mut app, StoreMessage::ToggleProfiles, now());
    let mut work = Profile::new("work", CredentialKind::PersonalAccessToken);
    work.token_id = Some("token-AB12CD".to_owned());
    let mut app_client = Profile::new("my app", CredentialKind::OauthClient);
    app_client.client_id = Some("my-app".to_owned());
    app_client.base_url = Some("http://127.0.0.1:8080/v2".to_owned());
    let oauth = Profile::new("pasted", CredentialKind::OauthToken);
    update(
        &mut app,
        StoreMessage::ProfilesLoaded(Ok(vec![work, app_client, oauth])),
        now(),
    );
    update(&mut app, StoreMessage::ProfileMove(1), now());
    update(&mut app, StoreMessage::ProfileDelete, now());
    let terminal = draw(&mut app, 100, 20);
    let text = buffer_text(terminal.backend().buffer());
    assert!(
        text.contains("Delete my app and its secret in the keyring?"),
        "{text}"
    );
    assert_snapshot!(terminal.backend());
}

#[test]
fn profile_picker_asking_a_name_that_is_taken() {
    use sipgate_inspect::store::{CredentialKind, Profile};
    let mut app = app();
    update(&mut app, StoreMessage::ToggleProfiles, now());
    update(
        &mut app,
        StoreMessage::ProfilesLoaded(Ok(vec![Profile::new(
            "work",
            CredentialKind::PersonalAccessToken,
        )])),
        now(),
    );
    update(&mut app, StoreMessage::ProfileSaveAs, now());
    for c in "work".chars() {
        update(
            &mut app,
            StoreMessage::ProfileNameEdit(tui_input::InputRequest::InsertChar(c)),
            now(),
        );
    }
    update(&mut app, StoreMessage::ProfileNameConfirm, now());
    let terminal = draw(&mut app, 100, 16);
    let text = buffer_text(terminal.backend().buffer());
    assert!(text.contains("Save the form as: work"), "{text}");
    assert!(
        text.contains("work exists: Enter again overwrites it"),
        "{text}"
    );
    assert_snapshot!(terminal.backend());
}
