//! The view: a pure function from `&App` to a frame, one file per panel. The only side effect
//! is placing the cursor in the focused field.

mod account;
mod footer;
mod form;
mod header;
mod help;
mod response;
mod status;
mod theme;
mod troubleshooting;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::{App, Overlay};

/// Below this size the screen shows only a request to enlarge the terminal.
pub const MIN_WIDTH: u16 = 40;
/// See [`MIN_WIDTH`].
pub const MIN_HEIGHT: u16 = 12;
/// From this width on, troubleshooting sits beside the account and body instead of below.
const SIDE_BY_SIDE_WIDTH: u16 = 80;

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        render_too_small(frame, area);
        return;
    }
    let areas = ScreenAreas::new(app, area);
    header::render_header(app, frame, areas.header);
    form::render_form(app, frame, areas.form);
    status::render_status(app, frame, areas.status);
    account::render_account(app, frame, areas.account);
    response::render_response(app, frame, areas.body);
    troubleshooting::render_troubleshooting(app, frame, areas.troubleshooting);
    footer::render_footer(app, frame, areas.footer);

    if app.overlay == Overlay::Help {
        help::render_help(app, frame, area);
    }
}

/// Where each panel goes. Computed by the same function for drawing and for clamping scroll
/// positions in `update`, so the two can never disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScreenAreas {
    /// Title line.
    pub header: Rect,
    /// Credentials form.
    pub form: Rect,
    /// Status line.
    pub status: Rect,
    /// Parsed account fields.
    pub account: Rect,
    /// Response body.
    pub body: Rect,
    /// Troubleshooting panel.
    pub troubleshooting: Rect,
    /// Key hints.
    pub footer: Rect,
}

impl ScreenAreas {
    /// Lays out a screen of `area` for `app`.
    #[must_use]
    pub fn new(app: &App, area: Rect) -> Self {
        let [header, form, status, main, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(4),
            Constraint::Length(1),
            Constraint::Min(4),
            Constraint::Length(1),
        ])
        .areas(area);
        let account_height = account::height(app);
        let (account, body, troubleshooting) = if main.width >= SIDE_BY_SIDE_WIDTH {
            let [left, right] =
                Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                    .areas(main);
            let [account, body] =
                Layout::vertical([Constraint::Length(account_height), Constraint::Min(3)])
                    .areas(left);
            (account, body, right)
        } else {
            let [account, troubleshooting, body] = Layout::vertical([
                Constraint::Length(account_height),
                Constraint::Min(5),
                Constraint::Min(3),
            ])
            .areas(main);
            (account, body, troubleshooting)
        };
        Self {
            header,
            form,
            status,
            account,
            body,
            troubleshooting,
            footer,
        }
    }

    /// The layout for the app's current terminal size.
    #[must_use]
    pub fn for_app(app: &App) -> Self {
        Self::new(app, Rect::new(0, 0, app.size.0, app.size.1))
    }
}

/// Rows of body text the response panel shows at the app's terminal size.
#[must_use]
pub fn body_rows(app: &App) -> usize {
    usize::from(ScreenAreas::for_app(app).body.height.saturating_sub(2))
}

/// How far the troubleshooting panel can scroll at the app's terminal size.
#[must_use]
pub fn max_troubleshooting_scroll(app: &App) -> usize {
    let area = ScreenAreas::for_app(app).troubleshooting;
    let lines = troubleshooting::troubleshooting_lines(app, troubleshooting::text_width(area));
    lines
        .len()
        .saturating_sub(usize::from(area.height.saturating_sub(2)))
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
