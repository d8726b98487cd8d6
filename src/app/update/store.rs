//! The saved-history overlay (F6 while attempts are recorded): opening it, moving through the
//! database a window at a time, opening an attempt, marking two for a diff, writing a report.
//! Pure: reading and writing are [`StoreEffect`]s the runtime carries out.

use crate::api::{BaseUrl, is_token_id};
use crate::app::store::{SAVED_WINDOW, SavedHistory, SavedView, StoreEffect, StoreMessage};
use crate::app::{App, AuthMode, Now, Overlay, RequestMessage};
use crate::store::{CredentialKind, diff};

use super::Effect;

/// s in the saved history: the attempt under the cursor (or the one open) is sent again, to
/// its base URL with its token id (or client id) and the secret the form holds. No secret is
/// recorded, so when the form holds another token id, that id is filled in and the user is
/// asked for its token; an attempt made against another base URL says how to reach it.
pub fn rerun(app: &mut App, now: Now) -> Vec<Effect> {
    let saved = &app.store.saved;
    let attempt = match &saved.view {
        SavedView::Detail(attempt) => Some((**attempt).clone()),
        _ => saved.current().cloned(),
    };
    let Some(attempt) = attempt else {
        return Vec::new();
    };
    let same_base = BaseUrl::parse(&attempt.base_url, true)
        .is_ok_and(|base| base.as_str() == app.base_url.as_str());
    if !same_base {
        app.notice = Some(format!(
            "attempt {} went to {}: start the inspector with --base-url {} to send it again",
            attempt.id, attempt.base_url, attempt.base_url
        ));
        return Vec::new();
    }
    let form = &mut app.form;
    let missing = match CredentialKind::from_id(&attempt.kind) {
        Some(CredentialKind::PersonalAccessToken) => {
            form.mode = AuthMode::PersonalAccessToken;
            let id = attempt.token_id.clone().filter(|id| is_token_id(id));
            match id {
                Some(id) if id != form.token_id.value().trim() => {
                    form.token_id = tui_input::Input::new(id.clone());
                    form.token.set(tui_input::Input::default());
                    Some(format!("the token of {id}"))
                }
                _ if form.token.char_count() == 0 => Some("the token".to_owned()),
                _ => None,
            }
        }
        Some(CredentialKind::OauthToken) => {
            form.mode = AuthMode::OAuth;
            (form.access_token.char_count() == 0).then(|| "an access token".to_owned())
        }
        Some(CredentialKind::OauthClient) => {
            form.mode = AuthMode::SignIn;
            match attempt.client_id.clone() {
                Some(id) if id != form.sign_in.client_id.value().trim() => {
                    form.sign_in.client_id = tui_input::Input::new(id.clone());
                    form.sign_in.client_secret.set(tui_input::Input::default());
                    Some(format!("the client secret of {id}"))
                }
                _ => None,
            }
        }
        None => {
            app.notice = Some(format!(
                "attempt {}: unknown kind {}",
                attempt.id, attempt.kind
            ));
            return Vec::new();
        }
    };
    form.revision += 1;
    form.focus = form.fields()[0];
    app.overlay = Overlay::None;
    if let Some(what) = missing {
        app.notice = Some(format!(
            "attempt {}: type {what} into the form, then Enter sends it",
            attempt.id
        ));
        return Vec::new();
    }
    super::update(app, RequestMessage::Send, now)
}

/// Applies a saved-history message.
// One short arm per message (the picker's are listed, handled before): the overlay's whole
// state machine in one place reads better than arms scattered over helpers.
#[allow(clippy::too_many_lines)]
pub fn update(app: &mut App, message: StoreMessage) -> Vec<Effect> {
    let message = match super::profiles::update(app, message) {
        Ok(effects) => return effects,
        Err(message) => message,
    };
    let Some(path) = app.store.history_file.clone() else {
        if matches!(message, StoreMessage::Toggle) {
            app.notice = Some("no history: no home directory is known".to_owned());
        }
        return Vec::new();
    };
    let saved = &mut app.store.saved;
    let effect = match message {
        StoreMessage::Toggle => {
            if app.overlay == Overlay::Saved {
                app.overlay = Overlay::None;
                return Vec::new();
            }
            app.overlay = Overlay::Saved;
            *saved = SavedHistory {
                loading: Some(0),
                ..SavedHistory::default()
            };
            Some(StoreEffect::LoadPage {
                path,
                offset: 0,
                limit: SAVED_WINDOW,
            })
        }
        StoreMessage::Move(rows) => move_by(saved, rows, path),
        StoreMessage::Open => match (&saved.view, saved.current()) {
            (SavedView::List, Some(attempt)) => Some(StoreEffect::LoadAttempt {
                path,
                id: attempt.id,
            }),
            _ => None,
        },
        StoreMessage::Mark => mark(saved, path),
        StoreMessage::Report => {
            let dir = app.store.report_dir.clone();
            report(saved, dir, path)
        }
        StoreMessage::Loaded {
            offset,
            total,
            rows,
        } => {
            // Only the window last asked for: an older answer would move the list back.
            if saved.loading == Some(offset) {
                saved.loading = None;
                saved.window_start = offset;
                saved.rows = rows;
                saved.total = total;
                saved.cursor = saved.cursor.min(total.saturating_sub(1));
                saved.error = None;
                load_window(saved, path)
            } else {
                None
            }
        }
        StoreMessage::Opened(attempt) => {
            saved.view = SavedView::Detail(attempt);
            saved.scroll = 0;
            None
        }
        StoreMessage::Compared(before, after) => {
            saved.view = SavedView::Diff {
                title: format!("#{} → #{}", before.id, after.id),
                lines: diff(&before, &after).lines(),
            };
            saved.scroll = 0;
            None
        }
        StoreMessage::ReportWritten(result) => {
            app.notice = Some(match result {
                Ok(file) => format!("report written to {}", file.display()),
                Err(why) => format!("no report: {why}"),
            });
            None
        }
        StoreMessage::RecordingOff(notice) => {
            // Said once: recording stops, so no second notice can follow.
            if app.store.recording {
                app.store.recording = false;
                app.notice = Some(notice);
            }
            None
        }
        StoreMessage::Failed(why) => {
            saved.loading = None;
            saved.error = Some(why);
            None
        }
        // Handled by the picker (`profiles::update`) before this match; Rerun by `update`,
        // which sends it to [`rerun`] with the time.
        StoreMessage::Rerun
        | StoreMessage::ToggleProfiles
        | StoreMessage::ProfileMove(_)
        | StoreMessage::ProfileUse
        | StoreMessage::ProfileDelete
        | StoreMessage::ProfileConfirmDelete
        | StoreMessage::ProfilesLoaded(_)
        | StoreMessage::ProfileSecret(..)
        | StoreMessage::ProfileDeleted(_)
        | StoreMessage::ProfileSaveAs
        | StoreMessage::ProfileNameEdit(_)
        | StoreMessage::ProfileNameConfirm
        | StoreMessage::ProfileNameCancel
        | StoreMessage::ProfileSaved(_) => None,
    };
    effect.map(Effect::Store).into_iter().collect()
}

/// Esc in the overlay: from an attempt or a diff back to the list, from the list closed.
pub fn escape(app: &mut App) -> Vec<Effect> {
    let saved = &mut app.store.saved;
    if saved.view == SavedView::List {
        app.overlay = Overlay::None;
    } else {
        saved.view = SavedView::List;
        saved.scroll = 0;
    }
    Vec::new()
}

/// Up/Down/Home/End: the cursor in the list, the scroll position in an attempt or a diff.
fn move_by(saved: &mut SavedHistory, rows: i32, path: std::path::PathBuf) -> Option<StoreEffect> {
    match saved.view {
        SavedView::List => {
            let last = saved.total.saturating_sub(1);
            saved.cursor = match rows {
                i32::MIN => 0,
                i32::MAX => last,
                rows if rows < 0 => saved.cursor.saturating_sub(u64::from(rows.unsigned_abs())),
                rows => (saved.cursor + u64::from(rows.unsigned_abs())).min(last),
            };
        }
        SavedView::Detail(_) | SavedView::Diff { .. } => {
            let step = usize::try_from(rows.unsigned_abs()).unwrap_or(usize::MAX);
            saved.scroll = match rows {
                i32::MIN => 0,
                i32::MAX => usize::MAX / 2,
                rows if rows < 0 => saved.scroll.saturating_sub(step),
                _ => saved.scroll.saturating_add(step),
            };
        }
    }
    load_window(saved, path)
}

/// Space: mark the attempt under the cursor; on a second one, ask for their diff.
fn mark(saved: &mut SavedHistory, path: std::path::PathBuf) -> Option<StoreEffect> {
    let id = saved.current().map(|a| a.id)?;
    match saved.marked.take() {
        Some(marked) if marked == id => None,
        Some(marked) => Some(StoreEffect::Compare {
            path,
            before: marked.min(id),
            after: marked.max(id),
        }),
        None => {
            saved.marked = Some(id);
            None
        }
    }
}

/// r: the report of the attempt open, or under the cursor, into `dir`.
fn report(
    saved: &SavedHistory,
    dir: Option<std::path::PathBuf>,
    path: std::path::PathBuf,
) -> Option<StoreEffect> {
    let id = match &saved.view {
        SavedView::Detail(attempt) => attempt.id,
        SavedView::List => saved.current()?.id,
        SavedView::Diff { .. } => return None,
    };
    Some(StoreEffect::WriteReport {
        path,
        id,
        out: dir?.join(format!("report-{id}.md")),
    })
}

/// Asks for the window around the cursor when it is needed.
fn load_window(saved: &mut SavedHistory, path: std::path::PathBuf) -> Option<StoreEffect> {
    let offset = saved.window_needed()?;
    saved.loading = Some(offset);
    Some(StoreEffect::LoadPage {
        path,
        offset,
        limit: SAVED_WINDOW,
    })
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::time::{Duration, Instant, SystemTime};

    use super::*;
    use crate::api::BaseUrl;
    use crate::app::{ApiTarget, Now, update};
    use crate::store::Attempt;

    fn now() -> Now {
        Now {
            instant: Instant::now(),
            wall: SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000),
        }
    }

    fn app() -> App {
        let mut app = App::new(
            BaseUrl::parse("https://api.sipgate.com/v2", false).expect("valid"),
            ApiTarget::Real,
        );
        app.store.history_file = Some(PathBuf::from("/h.sqlite3"));
        app.store.report_dir = Some(PathBuf::from("/state"));
        app
    }

    /// Rows `offset..offset + count` of a database of `total` rows (ids count down).
    fn rows(total: u64, offset: u64, count: u64) -> Vec<Attempt> {
        (offset..(offset + count).min(total))
            .map(|position| Attempt {
                id: i64::try_from(total - position).expect("small"),
                ..Attempt::default()
            })
            .collect()
    }

    fn load_page(effects: &[Effect]) -> Option<u64> {
        match effects {
            [Effect::Store(StoreEffect::LoadPage { offset, limit, .. })] => {
                assert_eq!(*limit, 100);
                Some(*offset)
            }
            [] => None,
            other => panic!("unexpected effects {other:?}"),
        }
    }

    #[test]
    fn opening_loads_the_first_window_only() {
        let mut app = app();
        let effects = update(&mut app, StoreMessage::Toggle, now());
        assert_eq!(app.overlay, Overlay::Saved);
        assert_eq!(load_page(&effects), Some(0));
        let effects = update(
            &mut app,
            StoreMessage::Loaded {
                offset: 0,
                total: 10_000,
                rows: rows(10_000, 0, 100),
            },
            now(),
        );
        assert_eq!(load_page(&effects), None);
        assert_eq!(app.store.saved.current().map(|a| a.id), Some(10_000));
    }

    #[test]
    fn moving_near_the_window_edge_asks_for_the_next_window_once() {
        let mut app = app();
        update(&mut app, StoreMessage::Toggle, now());
        update(
            &mut app,
            StoreMessage::Loaded {
                offset: 0,
                total: 10_000,
                rows: rows(10_000, 0, 100),
            },
            now(),
        );
        assert_eq!(
            load_page(&update(&mut app, StoreMessage::Move(80), now())),
            None
        );
        // Within 10 rows of the end of the window: the window around the cursor is asked for.
        assert_eq!(
            load_page(&update(&mut app, StoreMessage::Move(10), now())),
            Some(40)
        );
        // Not again while it is on its way.
        assert_eq!(
            load_page(&update(&mut app, StoreMessage::Move(1), now())),
            None
        );
        // A stale answer (another window) is ignored.
        update(
            &mut app,
            StoreMessage::Loaded {
                offset: 0,
                total: 10_000,
                rows: rows(10_000, 0, 100),
            },
            now(),
        );
        assert_eq!(app.store.saved.window_start, 0);
        update(
            &mut app,
            StoreMessage::Loaded {
                offset: 40,
                total: 10_000,
                rows: rows(10_000, 40, 100),
            },
            now(),
        );
        assert_eq!(app.store.saved.cursor, 91);
        assert_eq!(app.store.saved.current().map(|a| a.id), Some(10_000 - 91));
        // To the end: the last window.
        assert_eq!(
            load_page(&update(&mut app, StoreMessage::Move(i32::MAX), now())),
            Some(9_949)
        );
    }

    #[test]
    fn marking_two_attempts_asks_for_their_diff_older_first() {
        let mut app = app();
        update(&mut app, StoreMessage::Toggle, now());
        update(
            &mut app,
            StoreMessage::Loaded {
                offset: 0,
                total: 3,
                rows: rows(3, 0, 3),
            },
            now(),
        );
        assert!(update(&mut app, StoreMessage::Mark, now()).is_empty());
        assert_eq!(app.store.saved.marked, Some(3));
        update(&mut app, StoreMessage::Move(2), now());
        let effects = update(&mut app, StoreMessage::Mark, now());
        assert!(matches!(
            effects.as_slice(),
            [Effect::Store(StoreEffect::Compare {
                before: 1,
                after: 3,
                ..
            })]
        ));
        assert_eq!(app.store.saved.marked, None);
    }

    #[test]
    fn escape_goes_back_to_the_list_then_closes() {
        let mut app = app();
        update(&mut app, StoreMessage::Toggle, now());
        update(
            &mut app,
            StoreMessage::Opened(Box::new(Attempt {
                id: 7,
                ..Attempt::default()
            })),
            now(),
        );
        let effects = update(&mut app, StoreMessage::Report, now());
        assert!(matches!(
            effects.as_slice(),
            [Effect::Store(StoreEffect::WriteReport { id: 7, out, .. })]
                if out == &PathBuf::from("/state/report-7.md")
        ));
        update(&mut app, crate::app::Message::Cancel, now());
        assert_eq!(app.store.saved.view, SavedView::List);
        assert_eq!(app.overlay, Overlay::Saved);
        update(&mut app, crate::app::Message::Cancel, now());
        assert_eq!(app.overlay, Overlay::None);
    }

    #[test]
    fn history_going_off_is_said_once_and_stops_recording() {
        let mut app = app();
        app.store.recording = true;
        update(
            &mut app,
            StoreMessage::RecordingOff("history is off for this run: x".to_owned()),
            now(),
        );
        assert!(!app.store.recording);
        assert_eq!(
            app.notice.as_deref(),
            Some("history is off for this run: x")
        );
        app.notice = None;
        update(
            &mut app,
            StoreMessage::RecordingOff("again".to_owned()),
            now(),
        );
        assert_eq!(app.notice, None);
    }
}
