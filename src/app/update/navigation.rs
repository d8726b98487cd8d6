//! Moving around: focus, tabs, scrolling, the body search, the history overlay, clicks, Esc,
//! and copy as curl.

use super::Effect;
use crate::api::AuthScheme;
use crate::app::{App, AttemptOutcome, AuthMode, Focus, Overlay, RequestState, Tab};
use crate::curl::curl_command;
use crate::event::Message;
use crate::ui;

/// Lines a page scroll moves at the least (more when the tab is taller).
pub const PAGE_LINES: usize = 10;

/// Tab / Shift+Tab: through the form's fields, then the result tabs (once there is a result).
pub fn move_focus(app: &mut App, forward: bool) {
    let fields = app.form.fields();
    let has_results = !matches!(app.request, RequestState::Idle);
    match app.focus {
        Focus::Results => {
            app.focus = Focus::Form;
            app.form.focus = if forward {
                fields[0]
            } else {
                fields[fields.len() - 1]
            };
        }
        Focus::Form => {
            let at = fields
                .iter()
                .position(|f| *f == app.form.focus)
                .unwrap_or(0);
            let leaving = if forward {
                at + 1 == fields.len()
            } else {
                at == 0
            };
            if leaving && has_results {
                app.focus = Focus::Results;
            } else {
                app.form.move_focus(forward);
            }
        }
    }
}

/// Esc closes the innermost thing open; `None` when nothing was open (then Esc cancels).
pub fn escape(app: &mut App) -> Option<Vec<Effect>> {
    if app.search.editing {
        app.search.editing = false;
        app.search.query = tui_input::Input::default();
        app.search.matches.clear();
        return Some(Vec::new());
    }
    if app.overlay != Overlay::None {
        app.overlay = Overlay::None;
        return Some(Vec::new());
    }
    None
}

/// F6 / h: open or close the history, the cursor on the newest attempt.
pub fn toggle_history(app: &mut App) {
    if app.overlay == Overlay::History {
        app.overlay = Overlay::None;
    } else {
        app.overlay = Overlay::History;
        app.history_cursor = app.history.len().saturating_sub(1);
    }
}

/// F5 / c: the curl command for what Enter would send now, to the clipboard and on screen.
pub fn copy_curl(app: &mut App) -> Vec<Effect> {
    let scheme = match app.form.mode {
        AuthMode::PersonalAccessToken => AuthScheme::Basic,
        AuthMode::OAuth => AuthScheme::Bearer,
    };
    let url = format!("{}/account", app.base_url.trim_end_matches('/'));
    let command = curl_command(&url, scheme);
    app.notice = Some("Copied as curl (OSC 52); see the Request tab".to_owned());
    if !matches!(app.request, RequestState::Idle) {
        app.tab = Tab::Request;
    }
    vec![Effect::Copy(command)]
}

/// Everything that only moves the view.
pub fn navigate(app: &mut App, message: &Message) {
    match *message {
        Message::HistoryMove(step) => {
            let last = app.history.len().saturating_sub(1);
            app.history_cursor = offset(app.history_cursor, i64::from(step), last);
        }
        Message::HistoryOpen => open_history(app),
        Message::SelectTab(tab) => {
            app.tab = tab;
            app.focus = Focus::Results;
        }
        Message::CycleTab(forward) => {
            app.tab = app.tab.cycle(forward);
            app.focus = Focus::Results;
        }
        Message::Scroll(lines) => scroll(app, i64::from(lines)),
        Message::ScrollPage(pages) => {
            let page = ui::tab_rows(app).max(PAGE_LINES);
            scroll(app, i64::from(pages) * i64::try_from(page).unwrap_or(10));
        }
        Message::ScrollTroubleshooting(lines) => {
            let max = ui::max_troubleshooting_scroll(app);
            app.troubleshooting_scroll = offset(app.troubleshooting_scroll, i64::from(lines), max);
        }
        Message::StartSearch => {
            app.tab = Tab::Body;
            app.focus = Focus::Results;
            app.search.editing = true;
            app.search.query = tui_input::Input::default();
        }
        Message::ConfirmSearch => confirm_search(app),
        Message::SearchNext(forward) => next_match(app, forward),
        Message::Click { column, row } => click(app, column, row),
        Message::Resize { width, height } => {
            app.size = (width, height);
            clamp_scrolls(app);
        }
        _ => {}
    }
}

fn open_history(app: &mut App) {
    let Some(attempt) = app.history.get(app.history_cursor) else {
        return;
    };
    match &attempt.outcome {
        AttemptOutcome::Done(completed) => {
            app.request = RequestState::Done(std::sync::Arc::clone(completed));
        }
        AttemptOutcome::Cancelled(after) => {
            app.request = RequestState::Cancelled {
                url: attempt.url.clone(),
                after: *after,
            };
        }
        // The attempt still running is already the one on screen, or will be superseded.
        AttemptOutcome::Pending => {}
    }
    app.overlay = Overlay::None;
    app.scroll = [0; 5];
    app.troubleshooting_scroll = 0;
    app.search.matches.clear();
}

fn scroll(app: &mut App, delta: i64) {
    let tab = app.tab;
    let max = ui::max_tab_scroll(app, tab);
    app.scroll[tab.index()] = offset(app.scroll_of(tab), delta, max);
}

fn clamp_scrolls(app: &mut App) {
    for tab in Tab::ALL {
        let max = ui::max_tab_scroll(app, tab);
        app.scroll[tab.index()] = app.scroll_of(tab).min(max);
    }
    app.troubleshooting_scroll = app
        .troubleshooting_scroll
        .min(ui::max_troubleshooting_scroll(app));
}

fn confirm_search(app: &mut App) {
    app.search.editing = false;
    let query = app.search.query.value().to_lowercase();
    app.search.matches = match (&app.request, query.is_empty()) {
        (RequestState::Done(completed), false) => completed
            .body_lines
            .iter()
            .enumerate()
            .filter(|(_, line)| line.to_lowercase().contains(&query))
            .map(|(i, _)| i)
            .collect(),
        _ => Vec::new(),
    };
    app.search.current = 0;
    if app.search.matches.is_empty() {
        if !query.is_empty() {
            app.notice = Some(format!(
                "No match for \"{}\" in the body",
                crate::sanitize::sanitize(app.search.query.value())
            ));
        }
    } else {
        show_match(app);
    }
}

fn next_match(app: &mut App, forward: bool) {
    let n = app.search.matches.len();
    if n == 0 {
        app.notice = Some("No search: press / in the Body tab".to_owned());
        return;
    }
    app.search.current = if forward {
        (app.search.current + 1) % n
    } else {
        (app.search.current + n - 1) % n
    };
    show_match(app);
}

/// Scrolls the body so the current match sits a few lines below the top.
fn show_match(app: &mut App) {
    let Some(line) = app.search.matches.get(app.search.current).copied() else {
        return;
    };
    app.tab = Tab::Body;
    let max = ui::max_tab_scroll(app, Tab::Body);
    app.scroll[Tab::Body.index()] = line.saturating_sub(2).min(max);
}

fn click(app: &mut App, column: u16, row: u16) {
    if app.overlay != Overlay::None {
        return;
    }
    match ui::hit_test(app, column, row) {
        ui::Hit::Field(field) => {
            app.focus = Focus::Form;
            if app.form.fields().contains(&field) {
                app.form.focus = field;
            }
        }
        ui::Hit::Tab(tab) => {
            app.tab = tab;
            app.focus = Focus::Results;
        }
        ui::Hit::Results => app.focus = Focus::Results,
        ui::Hit::Nothing => {}
    }
}

/// `current + delta`, kept within `0..=max`.
pub fn offset(current: usize, delta: i64, max: usize) -> usize {
    let current = i64::try_from(current).unwrap_or(i64::MAX);
    let next = current
        .saturating_add(delta)
        .clamp(0, i64::try_from(max).unwrap_or(i64::MAX));
    usize::try_from(next).unwrap_or(0)
}
