//! The profile picker (Ctrl+P): the saved profiles, Enter fills the form from one, `d` then `y`
//! deletes one. Never a secret: only names, kinds, token ids and base URLs.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::theme;
use super::wrap::fit;
use crate::api::DEFAULT_BASE_URL;
use crate::app::{App, Overlay};
use crate::sanitize::sanitize;

/// Draws the picker centred over `area`.
pub fn render_profiles(app: &App, frame: &mut Frame, area: Rect) {
    let picker = &app.store.picker;
    let height = u16::try_from(picker.profiles.len() + 6)
        .unwrap_or(u16::MAX)
        .clamp(6, area.height);
    let popup = super::centered(area, 90, height);
    let block = Block::bordered()
        .title(" Profiles (Enter fills the form, s saves it as one, d deletes, Esc closes) ");
    let inner = block.inner(popup);
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    let width = usize::from(inner.width);
    let mut lines = vec![Line::styled(
        fit(
            &format!(
                " {:<20} {:<22} {:<14} {}",
                "name", "kind", "token id", "base URL"
            ),
            width,
        ),
        theme::label(),
    )];
    if picker.loading {
        lines.push(Line::styled(" Loading…", theme::dim()));
    } else if picker.profiles.is_empty() {
        lines.push(Line::styled(
            " No profiles yet (sipgate-inspect profile add NAME).",
            theme::dim(),
        ));
    }
    let rows = usize::from(inner.height).saturating_sub(4);
    let first = picker.cursor.saturating_sub(rows.saturating_sub(1));
    for (i, profile) in picker.profiles.iter().enumerate().skip(first).take(rows) {
        let text = format!(
            " {:<20} {:<22} {:<14} {}",
            fit(&sanitize(&profile.name), 20),
            profile.kind.id(),
            fit(
                &sanitize(
                    profile
                        .token_id
                        .as_deref()
                        .or(profile.client_id.as_deref())
                        .unwrap_or("–")
                ),
                14
            ),
            sanitize(profile.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL)),
        );
        let style = if i == picker.cursor {
            theme::key().add_modifier(Modifier::REVERSED)
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::from(Span::styled(fit(&text, width), style)));
    }
    if app.overlay == Overlay::ProfileName {
        lines.push(Line::from(vec![
            Span::styled(" Save the form as: ", theme::label()),
            Span::raw(fit(
                &sanitize(picker.name.value()),
                width.saturating_sub(20),
            )),
            Span::styled("▏", theme::key()),
        ]));
        if let Some(note) = &picker.error {
            lines.push(Line::styled(
                fit(&format!(" {}", sanitize(note)), width),
                theme::dim(),
            ));
        }
    } else if picker.confirm_delete
        && let Some(profile) = picker.profiles.get(picker.cursor)
    {
        lines.push(Line::styled(
            fit(
                &format!(
                    " Delete {} and its secret in the keyring? y deletes, Esc keeps it.",
                    sanitize(&profile.name)
                ),
                width,
            ),
            theme::key(),
        ));
    } else if let Some(note) = &picker.error {
        lines.push(Line::styled(
            fit(&format!(" {}", sanitize(note)), width),
            theme::dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
