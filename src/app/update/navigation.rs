//! Moving around: focus, tabs, scrolling, the body search, clicks, Esc, and copy as curl.
//! Scrolling clamps against what the view recorded of its last frame (`app.layout`).

use super::Effect;
use crate::app::message::NavigationMessage;
use crate::app::{App, Focus, Hit, Overlay, RequestState, Tab};

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
    // A search that has run still shows its prompt row (`/sip match 1 of 2`): Esc closes it
    // as it closes the prompt while typing.
    if app.search.editing || !app.search.matches.is_empty() {
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

/// F5 / c: the curl command the Request tab shows, to the clipboard (focus stays put).
pub fn copy_curl(app: &mut App) -> Vec<Effect> {
    let command = app.shown_curl();
    app.notice = Some("Copied as curl (OSC 52); see the Request tab".to_owned());
    if !matches!(app.request, RequestState::Idle) {
        app.tab = Tab::Request;
    }
    vec![Effect::Copy(command)]
}

/// Everything that only moves the view. Changing the tab leaves focus where it is: from the
/// form, F3, F4 and Alt+1…5 show another tab while typing still goes to the field.
pub fn navigate(app: &mut App, message: NavigationMessage) {
    match message {
        NavigationMessage::SelectTab(tab) => app.tab = tab,
        NavigationMessage::CycleTab(forward) => app.tab = app.tab.cycle(forward),
        // Rows per line change: the next frame clamps the position against the new count.
        NavigationMessage::ToggleWrap => app.body_wrap = app.body_wrap.toggled(),
        NavigationMessage::Scroll(lines) => scroll(app, i64::from(lines)),
        NavigationMessage::ScrollPage(pages) => {
            let page = app.layout.tab_rows.max(PAGE_LINES);
            scroll(app, i64::from(pages) * i64::try_from(page).unwrap_or(10));
        }
        NavigationMessage::ScrollTroubleshooting(lines) => {
            let max = app.layout.troubleshooting_max_scroll;
            app.troubleshooting_scroll = offset(app.troubleshooting_scroll, i64::from(lines), max);
        }
        NavigationMessage::StartSearch => {
            app.tab = Tab::Body;
            app.focus = Focus::Results;
            app.search.editing = true;
            app.search.query = tui_input::Input::default();
        }
        NavigationMessage::ConfirmSearch => confirm_search(app),
        NavigationMessage::SearchNext(forward) => next_match(app, forward),
        NavigationMessage::Click { column, row } => click(app, column, row),
    }
}

/// Scrolls the current tab, within what the last frame showed of it. A tab the last frame
/// did not show is not clamped here: its next frame clamps it.
fn scroll(app: &mut App, delta: i64) {
    let tab = app.tab;
    let max = app.layout.max_scroll(tab).unwrap_or(usize::MAX);
    app.scroll[tab.index()] = offset(app.scroll_of(tab).min(max), delta, max);
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
    // Clamped when the next frame is recorded: the prompt's row may come or go before then.
    // The scroll position counts rows: a wrapped line above the match takes several.
    let row = app.completed().map_or(line, |c| {
        c.row_of_line(
            line.saturating_sub(2),
            app.layout.tab_width,
            app.body_wrap.wraps(),
        )
    });
    app.scroll[Tab::Body.index()] = row;
}

fn click(app: &mut App, column: u16, row: u16) {
    if app.overlay != Overlay::None {
        return;
    }
    match app.layout.hit(app.form.mode, column, row) {
        Hit::Field(field) => {
            app.focus = Focus::Form;
            if app.form.fields().contains(&field) {
                app.form.focus = field;
            }
        }
        Hit::Tab(tab) => {
            app.tab = tab;
            app.focus = Focus::Results;
        }
        Hit::Results => app.focus = Focus::Results,
        Hit::Nothing => {}
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
