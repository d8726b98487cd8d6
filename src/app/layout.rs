//! What the view laid out in its last frame: how far each scrolled panel can scroll, how many
//! rows a page is, and where the form and the tabs are. The view fills a [`LayoutRecord`] while
//! it draws (as gitui's `VerticalScroll` does); the runtime hands it to [`App::record_layout`].
//! `update` then moves positions and clamps against these numbers, and hit-tests clicks against
//! these areas, without ever asking the view.

use super::{App, AuthMode, Field, Overlay, Tab};

/// A rectangle of terminal cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Area {
    /// Left column.
    pub x: u16,
    /// Top row.
    pub y: u16,
    /// Columns.
    pub width: u16,
    /// Rows.
    pub height: u16,
}

impl Area {
    /// One past the last column.
    #[must_use]
    pub fn right(self) -> u16 {
        self.x.saturating_add(self.width)
    }

    /// One past the last row.
    #[must_use]
    pub fn bottom(self) -> u16 {
        self.y.saturating_add(self.height)
    }

    /// Whether the cell is inside.
    #[must_use]
    pub fn contains(self, column: u16, row: u16) -> bool {
        column >= self.x && column < self.right() && row >= self.y && row < self.bottom()
    }
}

/// A tab title on the results panel's top border: columns `start..end` of its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TabTitle {
    /// The tab.
    pub tab: Tab,
    /// First column.
    pub start: u16,
    /// One past the last column.
    pub end: u16,
}

/// What the last frame laid out. All zero (nothing clickable, nothing to scroll) until the
/// first frame, and while the terminal is too small for the panels.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LayoutRecord {
    /// Whether the panels were drawn (false while the terminal is too small).
    pub panels: bool,
    /// The result tab drawn.
    pub tab: Tab,
    /// How far that tab can scroll: its lines less the rows shown.
    pub tab_max_scroll: usize,
    /// Rows of content the results panel shows.
    pub tab_rows: usize,
    /// Columns of content the results panel shows (the Body tab wraps to it).
    pub tab_width: usize,
    /// How far the troubleshooting panel can scroll.
    pub troubleshooting_max_scroll: usize,
    /// How far the help overlay can scroll, when it was drawn.
    pub help_max_scroll: Option<usize>,
    /// Rows of attempts the history overlay showed, when it was drawn.
    pub history_rows: Option<usize>,
    /// The form panel (fields are on its inner rows).
    pub form: Area,
    /// The results panel.
    pub results: Area,
    /// The tab titles, on the results panel's top row.
    pub tab_titles: Vec<TabTitle>,
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

/// The first attempt the history overlay shows: `scroll` as far as it keeps the `cursor` row
/// in view among `rows` rows, and no further than the last page of `len` attempts. Used by
/// the view to draw and by `update` to keep the position, so the highlight moves within the
/// rows shown and the list scrolls only when the highlight would leave them.
#[must_use]
pub fn history_first(scroll: usize, cursor: usize, len: usize, rows: usize) -> usize {
    let rows = rows.max(1);
    scroll
        .min(cursor)
        .max((cursor + 1).saturating_sub(rows))
        .min(len.saturating_sub(rows))
}

impl LayoutRecord {
    /// How far `tab` can scroll, if the last frame showed it; `None` otherwise (the next frame
    /// that shows it clamps it).
    #[must_use]
    pub fn max_scroll(&self, tab: Tab) -> Option<usize> {
        (self.panels && self.tab == tab).then_some(self.tab_max_scroll)
    }

    /// What is at a cell, with the form in `mode`.
    #[must_use]
    pub fn hit(&self, mode: AuthMode, column: u16, row: u16) -> Hit {
        let form = self.form;
        if form.contains(column, row) && row > form.y && row + 1 < form.bottom() {
            let line = row - form.y - 1;
            return match (mode, line) {
                (AuthMode::PersonalAccessToken, 0) => Hit::Field(Field::TokenId),
                (AuthMode::PersonalAccessToken, _) => Hit::Field(Field::Token),
                (AuthMode::OAuth, _) => Hit::Field(Field::AccessToken),
                (AuthMode::SignIn, 0) => Hit::Field(Field::ClientId),
                (AuthMode::SignIn, 1) => Hit::Field(Field::ClientSecret),
                (AuthMode::SignIn, 2) => Hit::Field(Field::Realm),
                (AuthMode::SignIn, 3) => Hit::Field(Field::Scopes),
                (AuthMode::SignIn, _) => Hit::Field(Field::RedirectUri),
            };
        }
        if self.results.contains(column, row) {
            if row == self.results.y
                && let Some(title) = self
                    .tab_titles
                    .iter()
                    .find(|t| column >= t.start && column < t.end)
            {
                return Hit::Tab(title.tab);
            }
            return Hit::Results;
        }
        Hit::Nothing
    }
}

impl App {
    /// Takes what the view laid out, and clamps every scroll position it can to it (after a
    /// resize, or content that got shorter, a position may point past the end).
    pub fn record_layout(&mut self, record: LayoutRecord) {
        if record.panels {
            let tab = record.tab.index();
            self.scroll[tab] = self.scroll[tab].min(record.tab_max_scroll);
            self.troubleshooting_scroll = self
                .troubleshooting_scroll
                .min(record.troubleshooting_max_scroll);
        }
        if let (Overlay::Help, Some(max)) = (self.overlay, record.help_max_scroll) {
            self.help_scroll = self.help_scroll.min(max);
        }
        if let (Overlay::History, Some(rows)) = (self.overlay, record.history_rows) {
            self.history_scroll = history_first(
                self.history_scroll,
                self.history_cursor,
                self.history.len(),
                rows,
            );
        }
        self.layout = record;
    }
}
