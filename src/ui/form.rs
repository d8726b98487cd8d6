//! The credentials form: token id and token (masked), one OAuth access token, or the sign-in
//! form (client id, client secret masked, realm, scopes, redirect URI).

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use tui_input::Input;
use unicode_width::UnicodeWidthStr as _;

use super::theme;
use crate::app::{App, AuthMode, Field, Focus, Overlay};
use crate::sanitize::sanitize;

const LABEL_WIDTH: usize = 14;
const MASK: &str = "•";

/// Draws the form and places the cursor in the focused field.
// The rows of the three modes are listed here, next to each other, to be compared at a glance.
#[allow(clippy::too_many_lines)]
pub fn render_form(app: &App, frame: &mut Frame, area: Rect) {
    let form = &app.form;
    let title = match form.mode {
        AuthMode::PersonalAccessToken => " Personal access token (F2: OAuth token) ",
        AuthMode::OAuth => " OAuth access token (F2: sign in) ",
        AuthMode::SignIn => " Sign in with sipgate (F2: personal access token) ",
    };
    // Where typing goes is always visible: the form's border lights up while it has focus,
    // as the results panel's does while they have it.
    let border = if app.focus == Focus::Form {
        theme::key()
    } else {
        Style::new()
    };
    // The title sits between the corners; on a narrow screen it ends in `…`.
    let title = super::wrap::fit(title, usize::from(area.width.saturating_sub(2)));
    let block = Block::bordered().title(title).border_style(border);
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let reveal_hint = if form.reveal {
        " Ctrl+R hide"
    } else {
        " Ctrl+R reveal"
    };
    // The realm is chosen, not typed: shown as a value with how to switch it.
    let realm = Input::new(format!(
        "{}   (Space: {})",
        form.sign_in.realm.name(),
        form.sign_in.realm.other().name()
    ))
    .with_cursor(0);
    let rows: Vec<(Field, &str, &Input, bool, &str)> = match form.mode {
        AuthMode::PersonalAccessToken => vec![
            (Field::TokenId, "Token ID", &form.token_id, false, ""),
            (
                Field::Token,
                "Token",
                form.token.input(),
                !form.reveal,
                reveal_hint,
            ),
        ],
        AuthMode::OAuth => vec![(
            Field::AccessToken,
            "Access token",
            form.access_token.input(),
            !form.reveal,
            reveal_hint,
        )],
        AuthMode::SignIn => vec![
            (
                Field::ClientId,
                "Client ID",
                &form.sign_in.client_id,
                false,
                "",
            ),
            (
                Field::ClientSecret,
                "Client secret",
                form.sign_in.client_secret.input(),
                !form.reveal,
                reveal_hint,
            ),
            (Field::Realm, "Realm", &realm, false, ""),
            (Field::Scopes, "Scopes", &form.sign_in.scopes, false, ""),
            (
                Field::RedirectUri,
                "Redirect URI",
                &form.sign_in.redirect_uri,
                false,
                "",
            ),
        ],
    };
    for (row, (field, label, input, masked, hint)) in rows.into_iter().enumerate() {
        let y = inner.y + u16::try_from(row).unwrap_or(0);
        if y >= inner.bottom() {
            break;
        }
        let focused = form.focus == field && app.focus == Focus::Form;
        let hint_width = u16::try_from(hint.width()).unwrap_or(0);
        let value_width = usize::from(
            inner
                .width
                .saturating_sub(u16::try_from(LABEL_WIDTH).unwrap_or(0) + 2 + hint_width),
        );
        let view = FieldView::new(input.value(), input.cursor(), value_width, masked);
        let marker = if focused { "›" } else { " " };
        let value_style = if focused {
            Style::new().add_modifier(Modifier::UNDERLINED)
        } else {
            Style::new()
        };
        let padding = " ".repeat(value_width.saturating_sub(view.text.width()));
        let padded = format!("{}{padding}", view.text);
        let line = Line::from(vec![
            Span::styled(marker, theme::key()),
            Span::styled(format!("{label:<LABEL_WIDTH$} "), theme::label()),
            Span::styled(padded, value_style),
            Span::styled(hint, theme::dim()),
        ]);
        frame.render_widget(line, Rect::new(inner.x, y, inner.width, 1));
        if focused
            && app.overlay == Overlay::None
            && app.focus == Focus::Form
            && !app.search.editing
        {
            let x = inner.x + 2 + u16::try_from(LABEL_WIDTH).unwrap_or(0) + view.cursor_column;
            frame.set_cursor_position(Position::new(x.min(inner.right().saturating_sub(1)), y));
        }
    }
    if form.mode == AuthMode::OAuth && inner.height > 1 {
        let hint = Paragraph::new(Span::styled(
            "  Sent as Authorization: Bearer <access token>",
            theme::dim(),
        ));
        frame.render_widget(hint, Rect::new(inner.x, inner.y + 1, inner.width, 1));
    }
}

/// The visible part of a field: masked or sanitized, scrolled so the cursor stays in view.
#[derive(Debug, PartialEq, Eq)]
pub struct FieldView {
    /// What to draw.
    pub text: String,
    /// Cursor column relative to the start of the value area.
    pub cursor_column: u16,
}

impl FieldView {
    /// Lays out `value` with the cursor at char index `cursor` in `width` columns.
    #[must_use]
    pub fn new(value: &str, cursor: usize, width: usize, masked: bool) -> Self {
        if width == 0 {
            return Self {
                text: String::new(),
                cursor_column: 0,
            };
        }
        // Each char becomes a display segment: a bullet, an escape like \x1b, or itself.
        let segments: Vec<String> = value
            .chars()
            .map(|c| {
                if masked {
                    MASK.to_owned()
                } else {
                    sanitize(c.encode_utf8(&mut [0; 4]))
                }
            })
            .collect();
        let cursor = cursor.min(segments.len());
        // Scroll so that the cursor column fits: walk back from the cursor until full.
        let mut start = cursor;
        let mut used = 1; // the cursor cell itself
        while start > 0 {
            let w = segments[start - 1].width();
            if used + w > width {
                break;
            }
            used += w;
            start -= 1;
        }
        let mut text = String::new();
        let mut filled = 0;
        let mut cursor_column = 0;
        for (i, segment) in segments.iter().enumerate().skip(start) {
            if i == cursor {
                cursor_column = filled;
            }
            let w = segment.width();
            if filled + w > width {
                break;
            }
            text.push_str(segment);
            filled += w;
        }
        if cursor == segments.len() {
            cursor_column = filled;
        }
        Self {
            text,
            cursor_column: u16::try_from(cursor_column).unwrap_or(u16::MAX),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_every_char() {
        let view = FieldView::new("secret", 6, 20, true);
        assert_eq!(view.text, "••••••");
        assert_eq!(view.cursor_column, 6);
    }

    #[test]
    fn scrolls_to_keep_the_cursor_visible() {
        let view = FieldView::new("abcdefghij", 10, 5, false);
        assert_eq!(view.text, "ghij");
        assert_eq!(view.cursor_column, 4);
        let start = FieldView::new("abcdefghij", 0, 5, false);
        assert_eq!(start.text, "abcde");
        assert_eq!(start.cursor_column, 0);
    }

    #[test]
    fn control_chars_are_shown_as_escapes() {
        let view = FieldView::new("a\u{1b}b", 3, 20, false);
        assert_eq!(view.text, "a\\x1bb");
        assert_eq!(view.cursor_column, 6);
    }

    #[test]
    fn wide_chars_count_two_columns() {
        let view = FieldView::new("日本", 2, 20, false);
        assert_eq!(view.cursor_column, 4);
    }
}
