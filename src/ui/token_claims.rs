//! The Summary's OAuth token block (Bearer mode): what the access token in the form carries,
//! decoded and never verified: issuer and realm, client, scopes, featureScope, issued-at, and
//! the expiry with a countdown against the app's `now` (the runtime's clock; the view reads
//! none). Never the signature or the token itself.

use ratatui::text::Line;

use super::results::heading;
use super::wrap::{field_lines, hint_lines};
use crate::api::jwt::{TokenContents, claim_rows, decode};
use crate::app::App;
use crate::diagnose::{FormInput, unix_seconds};

/// The widest label ("client (azp)", "featureScope"). The block comes first in the Summary:
/// in Bearer mode the token explains most failures, and on an 80×24 screen it stays in view.
const LABEL_WIDTH: usize = 12;
/// Lines a claim may take (a long scope list); the rest is cut with `…`.
const CLAIM_LINES: usize = 2;

/// The block's lines, ending with a blank line; none in personal-token mode or for an opaque
/// token (it carries nothing readable, and that is no problem).
#[must_use]
pub fn token_claim_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let FormInput::Bearer { access_token } = app.form.as_input() else {
        return Vec::new();
    };
    let mut lines = match decode(access_token) {
        TokenContents::Opaque => return Vec::new(),
        TokenContents::Unreadable(why) => {
            let mut lines = vec![heading("OAuth token")];
            lines.extend(hint_lines(&format!("claims unreadable: {why}"), width));
            lines
        }
        TokenContents::Claims(claims) => {
            let mut lines = vec![heading("OAuth token (decoded, not verified)")];
            let now = app.wall.and_then(unix_seconds);
            for (label, value) in claim_rows(&claims, now) {
                lines.extend(field_lines(
                    label,
                    LABEL_WIDTH,
                    Some(&value),
                    width,
                    CLAIM_LINES,
                ));
            }
            lines
        }
    };
    lines.push(Line::raw(""));
    lines
}
