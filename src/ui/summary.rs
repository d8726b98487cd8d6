//! The Summary tab: the account's fields, what this token may do (the scope matrix), and what
//! the other endpoints said: user info, balance, users, numbers, devices.

use ratatui::text::{Line, Span};

use super::results::{field, heading, hint};
use super::theme;
use crate::api::probes::{Device, Number, User};
use crate::api::{AccountParse, Probe, ProbeData};
use crate::app::{Access, App, ProbeState, Probes, RequestState};
use crate::body::json_preview;
use crate::sanitize::{sanitize, sanitize_line};

const LABEL_WIDTH: usize = 17;
/// Unknown account fields listed at most; the rest are in the Body tab.
const MAX_EXTRA_FIELDS: usize = 20;

/// Every line of the tab.
#[must_use]
pub fn summary_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let completed = match &app.request {
        RequestState::Done(completed) => completed,
        RequestState::InFlight { .. } => return vec![hint("Waiting for the answer…")],
        RequestState::Cancelled { .. } => return vec![hint("Cancelled: nothing to show.")],
        RequestState::Idle => {
            return vec![
                hint("The account appears here: company, product, verification,"),
                hint("logo and history retention; then what this token may do."),
            ];
        }
    };
    let mut lines = vec![heading("Account")];
    let status = completed.inspection.status();
    match (&completed.inspection.account, status) {
        (_, Some(s)) if !(200..300).contains(&s) => {
            lines.push(hint(&format!(
                "No account in a {s} answer; see Troubleshooting."
            )));
        }
        (Some(AccountParse::Account(account)), _) => {
            let f = |label: &str, value: Option<String>| field(label, LABEL_WIDTH, value);
            lines.push(f("Company", account.company.as_deref().map(sanitize)));
            lines.push(f(
                "Product",
                account
                    .main_product_type
                    .as_ref()
                    .map(|p| sanitize(&p.label())),
            ));
            lines.push(f(
                "Verified",
                account
                    .verified
                    .map(|v| if v { "yes" } else { "no" }.to_owned()),
            ));
            lines.push(f("Logo URL", account.logo_url.as_deref().map(sanitize)));
            lines.push(f(
                "History retention",
                account
                    .history_life_time
                    .as_ref()
                    .map(|h| sanitize(&h.to_string())),
            ));
            // Bounded per frame, whatever the server sent: at most 20 fields, each previewed
            // without serializing the whole value.
            for (key, value) in account.extra.iter().take(MAX_EXTRA_FIELDS) {
                lines.push(f(
                    &sanitize_line(key, LABEL_WIDTH * 4),
                    Some(json_preview(value, 300)),
                ));
            }
            if account.extra.len() > MAX_EXTRA_FIELDS {
                lines.push(hint(&format!(
                    "… {} more fields in the Body tab",
                    account.extra.len() - MAX_EXTRA_FIELDS
                )));
            }
        }
        (Some(AccountParse::Empty), _) => lines.push(hint("The response has no body.")),
        (Some(AccountParse::NotJson(_)), _) => {
            lines.push(hint("The body is not JSON; see the Body tab."));
        }
        (Some(AccountParse::NotAccountShape(_)), _) => {
            lines.push(hint(
                "The body is JSON but not an account; see the Body tab.",
            ));
        }
        (None, _) => lines.push(hint("No response arrived.")),
    }
    if let Some(probes) = app.probes() {
        lines.push(Line::raw(""));
        scope_matrix(&mut lines, status, probes, app);
        lines.push(Line::raw(""));
        lines.push(heading("What the other endpoints said"));
        probe_summaries(&mut lines, probes, width);
    }
    lines
}

fn scope_matrix(lines: &mut Vec<Line<'static>>, status: Option<u16>, probes: &Probes, app: &App) {
    lines.push(heading("What this token may do"));
    let account = match status {
        Some(s) if (200..300).contains(&s) => Access::Granted(s),
        Some(403) => Access::Denied,
        Some(s) => Access::Status(s),
        None => Access::Pending,
    };
    lines.push(matrix_row("/account", Some("account:read"), &account, app));
    for probe in Probe::ALL {
        lines.push(matrix_row(
            probe.label(),
            probe.scope(),
            &probes.access(probe),
            app,
        ));
    }
}

fn matrix_row(label: &str, scope: Option<&str>, access: &Access, app: &App) -> Line<'static> {
    let spinner = theme::SPINNER[app.ticks % theme::SPINNER.len()];
    let (symbol, style, status) = match access {
        Access::Granted(s) => (
            "✓",
            theme::severity(crate::diagnose::Severity::Ok).1,
            s.to_string(),
        ),
        Access::Denied => (
            "✗",
            theme::severity(crate::diagnose::Severity::Error).1,
            "403".to_owned(),
        ),
        Access::Status(s) => (
            "?",
            theme::severity(crate::diagnose::Severity::Warning).1,
            s.to_string(),
        ),
        Access::Failed(kind) => (
            "?",
            theme::severity(crate::diagnose::Severity::Warning).1,
            kind.clone(),
        ),
        Access::Pending => (spinner, theme::key(), "…".to_owned()),
        Access::NotProbed(_) => ("·", theme::dim(), "n/a".to_owned()),
    };
    let scope = scope.unwrap_or("no scope");
    Line::from(vec![
        Span::styled(format!(" {symbol} "), style),
        Span::styled(format!("{status:<4}"), style),
        Span::raw(format!("{label:<24}")),
        Span::styled(scope.to_owned(), theme::dim()),
    ])
}

fn probe_summaries(lines: &mut Vec<Line<'static>>, probes: &Probes, width: usize) {
    let value_width = width.saturating_sub(LABEL_WIDTH + 3).max(10);
    let row = |label: &str, text: String| field(label, LABEL_WIDTH, Some(clip(&text, value_width)));
    match probes.get(Probe::UserInfo) {
        ProbeState::Done {
            data: Some(ProbeData::UserInfo(info)),
            ..
        } => {
            let v = |o: &Option<String>| o.as_deref().map_or_else(|| "–".to_owned(), sanitize);
            lines.push(row("User (sub)", v(&info.sub)));
            lines.push(row("Domain", v(&info.domain)));
            lines.push(row("Master SIP id", v(&info.master_sip_id)));
            lines.push(row("Locale", v(&info.locale)));
        }
        other => lines.push(row("User info", state_text(other))),
    }
    lines.push(row(
        "Balance",
        match probes.get(Probe::Balance) {
            ProbeState::Done {
                data: Some(ProbeData::Balance(balance)),
                ..
            } => balance
                .formatted()
                .map_or_else(|| "no amount in the answer".to_owned(), |b| sanitize(&b)),
            other => state_text(other),
        },
    ));
    lines.push(row(
        "Users",
        list(probes.get(Probe::Users), |d| match d {
            ProbeData::Users(users) => Some(summarize(users.len(), users.iter().map(user_name))),
            _ => None,
        }),
    ));
    lines.push(row(
        "Numbers",
        list(probes.get(Probe::Numbers), |d| match d {
            ProbeData::Numbers(numbers) => {
                Some(summarize(numbers.len(), numbers.iter().map(number_text)))
            }
            _ => None,
        }),
    ));
    lines.push(row(
        "Devices",
        list(probes.get(Probe::Devices), |d| match d {
            ProbeData::Devices(devices) => {
                let online = devices.iter().filter(|d| d.online == Some(true)).count();
                Some(format!(
                    "{online} online; {}",
                    summarize(devices.len(), devices.iter().map(device_text))
                ))
            }
            _ => None,
        }),
    ));
}

fn list(state: &ProbeState, describe: impl Fn(&ProbeData) -> Option<String>) -> String {
    match state {
        ProbeState::Done {
            data: Some(ProbeData::Unparsed(why)),
            ..
        } => {
            format!("answer not understood ({})", sanitize(why))
        }
        ProbeState::Done {
            data: Some(data), ..
        } => describe(data).unwrap_or_else(|| "unexpected answer".to_owned()),
        other => state_text(other),
    }
}

/// What a probe without data says.
fn state_text(state: &ProbeState) -> String {
    match state {
        ProbeState::Waiting => "waiting for userinfo".to_owned(),
        ProbeState::Running { .. } => "asking…".to_owned(),
        ProbeState::Skipped(why) => format!("not asked: {why}"),
        ProbeState::Done { exchange, .. } => match &exchange.result {
            Ok(r) if r.status == 403 => "not allowed (403): scope missing".to_owned(),
            Ok(r) => format!("{} {}", r.status, r.reason),
            Err(e) => sanitize(&e.message),
        },
    }
}

fn summarize(count: usize, items: impl Iterator<Item = String>) -> String {
    let names: Vec<String> = items.take(3).collect();
    let more = if count > names.len() { ", …" } else { "" };
    format!("{count}: {}{more}", names.join(", "))
}

fn user_name(user: &User) -> String {
    let name = [user.firstname.as_deref(), user.lastname.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let name = if name.is_empty() {
        user.id.clone().unwrap_or_default()
    } else {
        name
    };
    let admin = if user.admin == Some(true) {
        " (admin)"
    } else {
        ""
    };
    sanitize(&format!("{name}{admin}"))
}

fn number_text(number: &Number) -> String {
    let shown = number
        .localized
        .as_deref()
        .or(number.number.as_deref())
        .unwrap_or("?");
    let kind = number.kind.as_deref().unwrap_or("?");
    sanitize(&format!("{shown} ({kind})"))
}

fn device_text(device: &Device) -> String {
    let alias = device
        .alias
        .as_deref()
        .or(device.id.as_deref())
        .unwrap_or("?");
    sanitize(alias)
}

/// Shortens `text` to `width` columns with an ellipsis.
fn clip(text: &str, width: usize) -> String {
    use unicode_width::{UnicodeWidthChar as _, UnicodeWidthStr as _};
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}
