//! The account panel: the parsed `/account` fields under human labels, and any fields the
//! published description does not know.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::theme;
use crate::api::AccountParse;
use crate::app::{App, RequestState};
use crate::text::sanitize;

const LABEL_WIDTH: usize = 18;

/// Rows the panel wants (borders included): five fields plus the unknown ones, capped.
#[must_use]
pub fn height(app: &App) -> u16 {
    let completed = app.completed();
    match completed
        .and_then(|c| c.inspection.account.as_ref())
        .and_then(AccountParse::account)
    {
        // Five fields, up to four unknown ones and a "more" line, plus borders.
        Some(account) => {
            let extra = account.extra.len().min(4) + usize::from(account.extra.len() > 4);
            7 + u16::try_from(extra).unwrap_or(0)
        }
        // A one-line note when there is no account to show.
        None if completed.is_some() => 3,
        None => 7,
    }
}

/// Draws the account panel.
pub fn render_account(app: &App, frame: &mut Frame, area: Rect) {
    let block = Block::bordered().title(" Account ");
    let lines = match &app.request {
        RequestState::Done(completed)
            if completed
                .inspection
                .status()
                .is_some_and(|s| !(200..300).contains(&s)) =>
        {
            let status = completed.inspection.status().unwrap_or_default();
            vec![hint(&format!(
                "No account in a {status} answer; see Troubleshooting."
            ))]
        }
        RequestState::Done(completed) => match &completed.inspection.account {
            Some(AccountParse::Account(account)) => {
                let mut lines = vec![
                    field("Company", account.company.as_deref().map(sanitize)),
                    field(
                        "Product",
                        account
                            .main_product_type
                            .as_ref()
                            .map(|p| sanitize(&p.label())),
                    ),
                    field(
                        "Verified",
                        account
                            .verified
                            .map(|v| if v { "yes" } else { "no" }.to_owned()),
                    ),
                    field("Logo URL", account.logo_url.as_deref().map(sanitize)),
                    field(
                        "History retention",
                        account
                            .history_life_time
                            .as_ref()
                            .map(|h| sanitize(&h.to_string())),
                    ),
                ];
                for (key, value) in account.extra.iter().take(4) {
                    lines.push(field(&sanitize(key), Some(sanitize(&value.to_string()))));
                }
                if account.extra.len() > 4 {
                    lines.push(Line::styled(
                        format!("  … {} more fields in the body", account.extra.len() - 4),
                        theme::dim(),
                    ));
                }
                lines
            }
            Some(AccountParse::Empty) => vec![hint("The response has no body.")],
            Some(AccountParse::NotJson(_)) => vec![hint("The body is not JSON; see below.")],
            Some(AccountParse::NotAccountShape(_)) => {
                vec![hint("The body is JSON but not an account; see below.")]
            }
            None => vec![hint("No response arrived.")],
        },
        RequestState::InFlight { .. } => vec![hint("Waiting for the answer…")],
        RequestState::Idle | RequestState::Cancelled { .. } => {
            vec![hint(
                "Company, product, verification, logo and history retention appear here.",
            )]
        }
    };
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn field(label: &str, value: Option<String>) -> Line<'static> {
    let label = Span::styled(format!(" {label:<LABEL_WIDTH$}"), theme::label());
    match value {
        Some(value) => Line::from(vec![label, Span::raw(value)]),
        None => Line::from(vec![
            label,
            Span::styled("not in the response", theme::dim()),
        ]),
    }
}

fn hint(text: &str) -> Line<'static> {
    Line::styled(format!(" {text}"), theme::dim())
}
