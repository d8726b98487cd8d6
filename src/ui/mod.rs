//! The view: a pure function from `&App` to a frame, one file per panel. The only side effects
//! are placing the cursor in the focused field and recording what was laid out (scroll limits,
//! page size, the form's and the tabs' areas) into a [`LayoutRecord`], which `update` clamps
//! and hit-tests against: the model never asks the view.

mod body;
mod explorer;
mod footer;
mod form;
mod header;
mod headers;
mod help;
mod history;
mod profiles;
mod request;
mod results;
mod saved_history;
mod sign_in;
mod status;
mod summary;
mod theme;
mod timing;
mod token_claims;
mod troubleshooting;
mod wrap;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::{App, Area, LayoutRecord, Overlay};

/// Below this size the screen shows only a request to enlarge the terminal.
pub const MIN_WIDTH: u16 = 40;
/// See [`MIN_WIDTH`].
pub const MIN_HEIGHT: u16 = 12;
/// Rows of content each of the results and troubleshooting panels needs to be drawn (fewer
/// would show empty boxes and impossible ranges).
pub const MIN_PANEL_ROWS: u16 = 3;
/// From this width on, troubleshooting sits beside the results instead of below.
const SIDE_BY_SIDE_WIDTH: u16 = 80;

/// Draws the whole screen (what was laid out is not kept: for tests and benchmarks that only
/// look at the screen).
pub fn render(app: &App, frame: &mut Frame) {
    render_recording(app, frame, &mut LayoutRecord::default());
}

/// Draws the whole screen and records what was laid out into `record`.
pub fn render_recording(app: &App, frame: &mut Frame, record: &mut LayoutRecord) {
    *record = LayoutRecord::default();
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        render_too_small(frame, area);
    } else {
        let areas = ScreenAreas::with_form_rows(area, app.form.fields().len().max(2));
        record.form = area_of(areas.form);
        header::render_header(app, frame, areas.header);
        form::render_form(app, frame, areas.form);
        status::render_status(app, frame, areas.status);
        if app.overlay == Overlay::Explorer {
            // The explorer covers the panels: drawing them would be work no one sees.
        } else if areas.panels_readable() {
            record.panels = true;
            results::render_results(app, frame, areas.results, record);
            troubleshooting::render_troubleshooting(app, frame, areas.troubleshooting, record);
        } else {
            troubleshooting::render_compact(app, frame, areas.main);
        }
        footer::render_footer(app, frame, areas.footer);
        match app.overlay {
            Overlay::Help => help::render_help(app, frame, area, record),
            Overlay::History => history::render_history(app, frame, area, record),
            Overlay::Explorer => explorer::render_explorer(app, frame, area),
            Overlay::Saved => saved_history::render_saved_history(app, frame, area),
            Overlay::Profiles | Overlay::ProfileName => profiles::render_profiles(app, frame, area),
            Overlay::None => {}
        }
    }
    if !app.color {
        strip_colour(frame.buffer_mut());
    }
}

/// The model's copy of a rectangle.
pub(crate) fn area_of(rect: Rect) -> Area {
    Area {
        x: rect.x,
        y: rect.y,
        width: rect.width,
        height: rect.height,
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
    /// Where the results and troubleshooting panels go together.
    pub main: Rect,
    /// Key hints.
    pub footer: Rect,
}

impl ScreenAreas {
    /// Lays out a screen of `area`.
    #[must_use]
    pub fn new(area: Rect) -> Self {
        Self::with_form_rows(area, 2)
    }

    /// Lays out a screen of `area` whose form has `rows` fields (the sign-in form has five).
    #[must_use]
    pub fn with_form_rows(area: Rect, rows: usize) -> Self {
        let [header, form, status, main, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(u16::try_from(rows).unwrap_or(2).saturating_add(2)),
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
            main,
            footer,
        }
    }

    /// Whether the results and troubleshooting panels each get enough rows to read
    /// ([`MIN_PANEL_ROWS`] inside their borders); below that, one line stands in for them.
    #[must_use]
    pub fn panels_readable(&self) -> bool {
        [self.results, self.troubleshooting]
            .iter()
            .all(|panel| panel.height.saturating_sub(2) >= MIN_PANEL_ROWS)
    }
}

/// The wrapped lines of a panel's text at this screen size, before any scrolling: what a
/// panel would draw if it were tall enough. For tests that check that no line is wider than
/// its panel (a wider line would be cut at the border without a mark). The Body tab shows
/// the raw body unwrapped on purpose and is not included.
#[must_use]
pub fn panel_lines(app: &App, screen: Rect) -> Vec<(&'static str, usize, Vec<Line<'static>>)> {
    let areas = ScreenAreas::new(screen);
    let panel = usize::from(areas.results.width.saturating_sub(2));
    let side = troubleshooting::text_width(areas.troubleshooting);
    vec![
        ("Summary", panel, summary::summary_lines(app, panel)),
        ("Headers", panel, headers::header_lines(app, panel)),
        ("Request", panel, request::request_lines(app, panel)),
        ("Timing", panel, timing::timing_lines(app, panel)),
        (
            "Troubleshooting",
            side,
            troubleshooting::troubleshooting_lines(app, side),
        ),
    ]
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
