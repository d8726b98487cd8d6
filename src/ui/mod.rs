//! The view: a pure function from `&App` to a frame, one file per panel. The only side effect
//! is placing the cursor in the focused field. Layout and line counts are also used by
//! `update` (to clamp scrolling and hit-test clicks), through the same functions, so the two
//! can never disagree.

mod body;
mod footer;
mod form;
mod header;
mod headers;
mod help;
mod history;
mod request;
mod results;
mod status;
mod summary;
mod theme;
mod timing;
mod troubleshooting;
mod wrap;

#[cfg(test)]
mod fits_tests;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::{App, AuthMode, Field, Overlay, Tab};

/// Below this size the screen shows only a request to enlarge the terminal.
pub const MIN_WIDTH: u16 = 40;
/// See [`MIN_WIDTH`].
pub const MIN_HEIGHT: u16 = 12;
/// From this width on, troubleshooting sits beside the results instead of below.
const SIDE_BY_SIDE_WIDTH: u16 = 80;

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        render_too_small(frame, area);
    } else {
        let areas = ScreenAreas::new(area);
        header::render_header(app, frame, areas.header);
        form::render_form(app, frame, areas.form);
        status::render_status(app, frame, areas.status);
        results::render_results(app, frame, areas.results);
        troubleshooting::render_troubleshooting(app, frame, areas.troubleshooting);
        footer::render_footer(app, frame, areas.footer);
        match app.overlay {
            Overlay::Help => help::render_help(app, frame, area),
            Overlay::History => history::render_history(app, frame, area),
            Overlay::None => {}
        }
    }
    if !app.color {
        strip_colour(frame.buffer_mut());
    }
}

/// `NO_COLOR`: every colour goes; emphasis stays, and what was marked only by a background
/// colour (the demo badge, the selected row) is shown reversed instead.
fn strip_colour(buffer: &mut Buffer) {
    for cell in &mut buffer.content {
        if cell.bg != Color::Reset {
            cell.modifier.insert(Modifier::REVERSED);
        }
        cell.fg = Color::Reset;
        cell.bg = Color::Reset;
    }
}

/// Where each panel goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScreenAreas {
    /// Title line.
    pub header: Rect,
    /// Credentials form.
    pub form: Rect,
    /// Status line.
    pub status: Rect,
    /// The tabbed results.
    pub results: Rect,
    /// Troubleshooting panel.
    pub troubleshooting: Rect,
    /// Key hints.
    pub footer: Rect,
}

impl ScreenAreas {
    /// Lays out a screen of `area`.
    #[must_use]
    pub fn new(area: Rect) -> Self {
        let [header, form, status, main, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(4),
            Constraint::Length(1),
            Constraint::Min(4),
            Constraint::Length(1),
        ])
        .areas(area);
        let [results, troubleshooting] = if main.width >= SIDE_BY_SIDE_WIDTH {
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(main)
        } else {
            Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(main)
        };
        Self {
            header,
            form,
            status,
            results,
            troubleshooting,
            footer,
        }
    }

    /// The layout for the app's current terminal size.
    #[must_use]
    pub fn for_app(app: &App) -> Self {
        Self::new(Rect::new(0, 0, app.size.0, app.size.1))
    }
}

/// Rows of content the results panel shows at the app's terminal size.
#[must_use]
pub fn tab_rows(app: &App) -> usize {
    results::content_rows(app, ScreenAreas::for_app(app).results)
}

/// How far a tab can scroll at the app's terminal size.
#[must_use]
pub fn max_tab_scroll(app: &App, tab: Tab) -> usize {
    let area = ScreenAreas::for_app(app).results;
    results::line_count(app, tab, area).saturating_sub(results::content_rows(app, area))
}

pub use help::max_help_scroll;

/// How far the troubleshooting panel can scroll at the app's terminal size.
#[must_use]
pub fn max_troubleshooting_scroll(app: &App) -> usize {
    let area = ScreenAreas::for_app(app).troubleshooting;
    let lines = troubleshooting::troubleshooting_lines(app, troubleshooting::text_width(area));
    lines
        .len()
        .saturating_sub(usize::from(area.height.saturating_sub(2)))
}

/// What a click landed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// A form field's row.
    Field(Field),
    /// A tab's title.
    Tab(Tab),
    /// The results panel elsewhere.
    Results,
    /// Anything else.
    Nothing,
}

/// What is at a cell, at the app's terminal size.
#[must_use]
pub fn hit_test(app: &App, column: u16, row: u16) -> Hit {
    let areas = ScreenAreas::for_app(app);
    let inside = |r: Rect| column >= r.x && column < r.right() && row >= r.y && row < r.bottom();
    if inside(areas.form) && row > areas.form.y && row + 1 < areas.form.bottom() {
        let line = row - areas.form.y - 1;
        return match (app.form.mode, line) {
            (AuthMode::PersonalAccessToken, 0) => Hit::Field(Field::TokenId),
            (AuthMode::PersonalAccessToken, _) => Hit::Field(Field::Token),
            (AuthMode::OAuth, _) => Hit::Field(Field::AccessToken),
        };
    }
    if inside(areas.results) {
        if row == areas.results.y
            && let Some(tab) = results::tab_at(areas.results, column)
        {
            return Hit::Tab(tab);
        }
        return Hit::Results;
    }
    Hit::Nothing
}

/// A `width`×`height` rectangle centred in `area` (each clipped to the area), for overlays.
#[must_use]
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(ratatui::layout::Flex::Center)
        .areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(ratatui::layout::Flex::Center)
        .areas(row);
    popup
}

fn render_too_small(frame: &mut Frame, area: Rect) {
    let text = vec![
        Line::from("Terminal too small"),
        Line::from(format!(
            "{}×{}, needs {MIN_WIDTH}×{MIN_HEIGHT}",
            area.width, area.height
        )),
        Line::from("Ctrl+Q quits"),
    ];
    frame.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        area,
    );
}
