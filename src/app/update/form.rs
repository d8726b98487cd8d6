//! Editing the credentials form (and the search prompt, which takes typing while it is open).

use crate::app::message::FormMessage;
use crate::app::{App, Focus, insert_at_cursor};

use super::navigation;

/// Applies a form message.
pub fn update(app: &mut App, message: FormMessage) {
    match message {
        FormMessage::Edit(request) => {
            if app.search.editing {
                app.search.query.handle(request);
            } else {
                app.focus = Focus::Form;
                app.form.handle_focused(request);
                app.refresh_blocked();
            }
        }
        FormMessage::Paste(text) => {
            if app.search.editing {
                let next = insert_at_cursor(&app.search.query, &text);
                app.search.query = next;
            } else {
                app.focus = Focus::Form;
                app.form
                    .edit_focused(|input| insert_at_cursor(input, &text));
                app.refresh_blocked();
            }
        }
        FormMessage::ApplyFix => {
            if let Some(fix) = app.available_fix() {
                app.form.apply_fix(fix);
                app.focus = Focus::Form;
                app.refresh_blocked();
            }
        }
        FormMessage::NextField => navigation::move_focus(app, true),
        FormMessage::PrevField => navigation::move_focus(app, false),
        FormMessage::StepField(forward) => step_field(app, forward),
        FormMessage::ToggleReveal => app.form.reveal = !app.form.reveal,
        FormMessage::ToggleAuthMode => {
            app.form.toggle_mode();
            app.focus = Focus::Form;
            app.blocked = false;
        }
    }
}

/// Up and Down between the form's fields; at the first or last field they stay put.
fn step_field(app: &mut App, forward: bool) {
    app.focus = Focus::Form;
    let fields = app.form.fields();
    let at = fields
        .iter()
        .position(|f| *f == app.form.focus)
        .unwrap_or(0);
    let next = if forward {
        (at + 1).min(fields.len() - 1)
    } else {
        at.saturating_sub(1)
    };
    app.form.focus = fields[next];
}
