//! The Summary tab: the account's fields, what this token may do (the scope matrix), and what
//! the other endpoints said: user info, balance, users, numbers, devices, and a count for every other probe.

use ratatui::text::{Line, Span};

use unicode_width::UnicodeWidthStr as _;

use super::results::heading;
use super::theme;
use super::wrap::{field_lines, fit, hint_lines, styled_lines};
use crate::api::probes::{Device, Number, User};
use crate::api::{AccountParse, AccountResponse, Probe, ProbeData, Shape};
use crate::app::{Access, App, ProbeState, Probes, RequestState};
use crate::body::json_preview;
use crate::diagnose::{DenialCause, LeastPrivilege, ScopeUse, body_excerpt};
use crate::inspection::Inspection;
use crate::sanitize::{sanitize, sanitize_line};

/// The account's labels are short so that their values keep most of an 80-column screen's
/// half (the results panel is 38 columns wide there).
const ACCOUNT_LABEL_WIDTH: usize = 8;
/// The probes' labels ("Master SIP id" is the widest).
const PROBE_LABEL_WIDTH: usize = 13;
/// Lines a known account field may take when wrapped (a long logo URL); the rest is cut with `…`.
const FIELD_LINES: usize = 3;
/// Lines an unknown account field or a probe's summary may take.
const SHORT_FIELD_LINES: usize = 2;
/// Unknown account fields listed at most; the rest are in the Body tab.
const MAX_EXTRA_FIELDS: usize = 20;

/// Every line of the tab: in Bearer mode what the token carries first (also before sending:
/// an expired token is never sent, and its claims say why), then the answer.
#[must_use]
pub fn summary_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let mut lines = super::token_claims::token_claim_lines(app, width);
    lines.extend(answer_lines(app, width));
    lines
}

/// The account, the scope matrix and what the other endpoints said.
fn answer_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let completed = match &app.request {
        RequestState::Done(completed) => completed,
        RequestState::InFlight { .. } => return hint_lines("Waiting for the answer…", width),
        RequestState::Cancelled { .. } => {
            return hint_lines("Cancelled: nothing to show.", width);
        }
        RequestState::Idle => {
            return hint_lines(
                "The account appears here: company, product, verification, logo and history \
                 retention; then what this token may do.",
                width,
            );
        }
    };
    let mut lines = vec![heading("Account")];
    let status = completed.inspection.status();
    match (&completed.inspection.account, status) {
        (_, Some(s)) if !(200..300).contains(&s) => {
            lines.extend(hint_lines(
                &format!("No account in a {s} answer; see Troubleshooting."),
                width,
            ));
        }
        (Some(AccountParse::Account(account)), _) => account_lines(&mut lines, account, width),
        (Some(AccountParse::Empty), _) => {
            lines.extend(hint_lines("The response has no body.", width));
        }
        (Some(AccountParse::NotJson(_)), _) => {
            lines.extend(hint_lines("The body is not JSON; see the Body tab.", width));
        }
        (Some(AccountParse::NotAccountShape(_)), _) => {
            lines.extend(hint_lines(
                "The body is JSON but not an account; see the Body tab.",
                width,
            ));
        }
        (None, _) => lines.extend(hint_lines("No response arrived.", width)),
    }
    if let Some(probes) = app.probes() {
        platform_lines(&mut lines, probes, width);
        lines.push(Line::raw(""));
        scope_matrix(&mut lines, &completed.inspection, probes, app, width);
        lines.push(Line::raw(""));
        lines.push(heading("What the other endpoints said"));
        probe_summaries(&mut lines, probes, width);
    }
    lines
}

/// The account's known fields, then those the published description lacks.
fn account_lines(lines: &mut Vec<Line<'static>>, account: &AccountResponse, width: usize) {
    let f = |label: &str, value: Option<String>| {
        field_lines(
            label,
            ACCOUNT_LABEL_WIDTH,
            value.as_deref(),
            width,
            FIELD_LINES,
        )
    };
    lines.extend(f("Company", account.company.as_deref().map(sanitize)));
    lines.extend(f(
        "Product",
        account
            .main_product_type
            .as_ref()
            .map(|p| sanitize(&p.label())),
    ));
    lines.extend(f(
        "Verified",
        account
            .verified
            .map(|v| if v { "yes" } else { "no" }.to_owned()),
    ));
    // One line at most: at 80×24 a second one would push the scope matrix's last row
    // off the screen, and the whole URL is in the Body tab.
    lines.extend(field_lines(
        "Logo URL",
        ACCOUNT_LABEL_WIDTH,
        account.logo_url.as_deref().map(sanitize).as_deref(),
        width,
        1,
    ));
    lines.extend(f(
        "History",
        account
            .history_life_time
            .as_ref()
            .map(|h| sanitize(&h.to_string())),
    ));
    // Bounded per frame, whatever the server sent: at most 20 fields, each previewed
    // without serializing the whole value.
    for (key, value) in account.extra.iter().take(MAX_EXTRA_FIELDS) {
        // An unknown key keeps its whole name when it can (up to half the line).
        let key = sanitize_line(key, ACCOUNT_LABEL_WIDTH * 4);
        let label_width = key.width().clamp(ACCOUNT_LABEL_WIDTH, width / 2);
        lines.extend(field_lines(
            &key,
            label_width,
            Some(&json_preview(value, 300)),
            width,
            SHORT_FIELD_LINES,
        ));
    }
    if account.extra.len() > MAX_EXTRA_FIELDS {
        lines.extend(hint_lines(
            &format!(
                "… {} more fields in the Body tab",
                account.extra.len() - MAX_EXTRA_FIELDS
            ),
            width,
        ));
    }
}

/// The likely platform, classic or neo, and each piece of evidence on its own line, so the
/// reader can weigh it: the verdict is second-hand and never stated as certain.
fn platform_lines(lines: &mut Vec<Line<'static>>, probes: &Probes, width: usize) {
    let verdict = probes.platform();
    let headline = if verdict.evidence.is_empty() && probes.any_running() {
        "asking…".to_owned()
    } else {
        verdict.headline()
    };
    lines.extend(field_lines(
        "Platform",
        ACCOUNT_LABEL_WIDTH,
        Some(&headline),
        width,
        SHORT_FIELD_LINES,
    ));
    for evidence in verdict.evidence_lines() {
        lines.extend(styled_lines(
            &format!("· {evidence}"),
            width,
            &" ".repeat(ACCOUNT_LABEL_WIDTH + 2),
            &" ".repeat(ACCOUNT_LABEL_WIDTH + 4),
            theme::dim(),
        ));
    }
}

fn scope_matrix(
    lines: &mut Vec<Line<'static>>,
    inspection: &Inspection,
    probes: &Probes,
    app: &App,
    width: usize,
) {
    lines.push(heading("What this token may do"));
    let account = Access::of_account(inspection);
    let mut rows = vec![MatrixRow::new(
        "/account",
        Some("account:read"),
        &account,
        app,
    )];
    let platform = probes.platform().platform;
    for probe in Probe::all() {
        let mut row = MatrixRow::new(probe.label(), probe.scope(), &probes.access(probe), app);
        // A 403 no scope would change (classic-only endpoint, feature not booked) is not the
        // token's fault: no ✗.
        if probes
            .denial_on(probe, platform)
            .is_some_and(|c| matches!(c, DenialCause::ClassicOnly | DenialCause::NotBooked))
        {
            row.symbol = "–";
            row.style = theme::dim();
        }
        rows.push(row);
    }
    let widest = |f: fn(&MatrixRow) -> usize| rows.iter().map(f).max().unwrap_or(0);
    let columns = MatrixColumns::new(
        width,
        widest(|r| r.status.width()),
        widest(|r| r.path.width()),
        widest(|r| r.scope.width()),
    );
    for row in rows {
        lines.extend(row.lines(columns));
    }
    // The advice is about every endpoint: only once each has answered (or failed).
    if probes.any_running() {
        lines.extend(hint_lines(
            "Least privilege: once every endpoint has answered.",
            width,
        ));
    } else {
        least_privilege(lines, &probes.least_privilege(&account), width);
    }
}

/// The scopes the token uses and lacks, and the advice for a token with no more than it reads.
fn least_privilege(lines: &mut Vec<Line<'static>>, lp: &LeastPrivilege, width: usize) {
    let with_endpoints = |list: &[ScopeUse]| {
        list.iter()
            .map(|u| format!("{} ({})", u.scope, u.endpoints.join(", ")))
            .collect::<Vec<_>>()
            .join(", ")
    };
    lines.extend(hint_lines(&lp.granted_line(), width));
    if !lp.missing.is_empty() {
        lines.extend(hint_lines(
            &format!("lacks: {}", with_endpoints(&lp.missing)),
            width,
        ));
    }
    if let Some(advice) = lp.advice() {
        lines.extend(styled_lines(
            &format!("→ {advice}"),
            width,
            " ",
            "   ",
            theme::key(),
        ));
    }
}

/// One row of the scope matrix, before it is laid out.
struct MatrixRow {
    symbol: &'static str,
    style: ratatui::style::Style,
    status: String,
    path: String,
    scope: String,
}

/// Where the matrix's columns go at a width.
#[derive(Clone, Copy)]
struct MatrixColumns {
    status: usize,
    path: usize,
    scope: usize,
}

impl MatrixColumns {
    /// The path column is as wide as the widest path when everything fits on one line; when not
    /// (38 columns at 80×24), it is narrower and a path too long for it gets its scope on the
    /// line below, in the scope column, so that no scope name is ever cut.
    fn new(width: usize, status: usize, path: usize, scope: usize) -> Self {
        let fixed = 3 + status + 1 + 1;
        let path = path.min(width.saturating_sub(fixed + scope));
        Self {
            status,
            path,
            scope,
        }
    }
}

impl MatrixRow {
    fn new(path: &str, scope: Option<&str>, access: &Access, app: &App) -> Self {
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
            // A 2xx whose body was not understood proves no scope: no ✓.
            Access::Status(s) | Access::NotUnderstood(s) => (
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
        Self {
            symbol,
            style,
            status,
            path: path.to_owned(),
            scope: scope.unwrap_or("no scope").to_owned(),
        }
    }

    fn lines(self, columns: MatrixColumns) -> Vec<Line<'static>> {
        let MatrixColumns {
            status: status_width,
            path: path_width,
            scope: scope_width,
        } = columns;
        let lead = vec![
            Span::styled(format!(" {} ", self.symbol), self.style),
            Span::styled(format!("{:<status_width$} ", self.status), self.style),
        ];
        let scope = Span::styled(format!("{:<scope_width$}", self.scope), theme::dim());
        if self.path.width() <= path_width {
            let mut spans = lead;
            spans.push(Span::raw(format!("{:<path_width$} ", self.path)));
            spans.push(scope);
            return vec![Line::from(spans)];
        }
        let indent = 3 + status_width + 1;
        let mut first = lead;
        // Past the scope column, the path may use the whole line; only a path longer than
        // that is cut, visibly.
        first.push(Span::raw(fit(&self.path, path_width + 1 + scope_width)));
        vec![
            Line::from(first),
            Line::from(vec![Span::raw(" ".repeat(indent + path_width + 1)), scope]),
        ]
    }
}

fn probe_summaries(lines: &mut Vec<Line<'static>>, probes: &Probes, width: usize) {
    let row = |label: &str, text: String| {
        field_lines(
            label,
            PROBE_LABEL_WIDTH,
            Some(&text),
            width,
            SHORT_FIELD_LINES,
        )
    };
    let platform = probes.platform().platform;
    for probe in Probe::all() {
        let state = probes.get(probe);
        let cause = probes.denial_on(probe, platform);
        match probe.shape() {
            Shape::UserInfo => match state {
                ProbeState::Done {
                    data: Some(ProbeData::UserInfo(info)),
                    ..
                } => {
                    let v =
                        |o: &Option<String>| o.as_deref().map_or_else(|| "–".to_owned(), sanitize);
                    lines.extend(row("User (sub)", v(&info.sub)));
                    lines.extend(row("Domain", v(&info.domain)));
                    lines.extend(row("Master SIP id", v(&info.master_sip_id)));
                    lines.extend(row("Locale", v(&info.locale)));
                }
                other => lines.extend(row("User info", state_text(other, cause))),
            },
            Shape::Balance => lines.extend(row(
                "Balance",
                match state {
                    ProbeState::Done {
                        data: Some(ProbeData::Balance(balance)),
                        ..
                    } => balance
                        .formatted()
                        .map_or_else(|| "no amount in the answer".to_owned(), |b| sanitize(&b)),
                    other => state_text(other, cause),
                },
            )),
            Shape::Users => lines.extend(row(
                "Users",
                list(state, cause, |d| match d {
                    ProbeData::Users(users) => {
                        Some(summarize(users.len(), users.iter().map(user_name)))
                    }
                    _ => None,
                }),
            )),
            Shape::Numbers => lines.extend(row(
                "Numbers",
                list(state, cause, |d| match d {
                    ProbeData::Numbers(numbers) => {
                        Some(summarize(numbers.len(), numbers.iter().map(number_text)))
                    }
                    _ => None,
                }),
            )),
            Shape::Devices => lines.extend(row(
                "Devices",
                list(state, cause, |d| match d {
                    ProbeData::Devices(devices) => {
                        let online = devices.iter().filter(|d| d.online == Some(true)).count();
                        Some(format!(
                            "{online} online; {}",
                            summarize(devices.len(), devices.iter().map(device_text))
                        ))
                    }
                    _ => None,
                }),
            )),
            Shape::Items => lines.extend(row(
                &generic_label(probe.label()),
                list(state, cause, |d| match d {
                    ProbeData::Items(1) => Some("1 item".to_owned()),
                    ProbeData::Items(n) => Some(format!("{n} items")),
                    _ => None,
                }),
            )),
        }
    }
}

/// A summary label for a probe without its own: the path's last word, capitalised
/// (`/history?limit=1` → `History`, `/{userId}/phonelines` → `Phonelines`).
fn generic_label(path: &str) -> String {
    let path = path.split('?').next().unwrap_or(path);
    let word = path.rsplit('/').next().unwrap_or(path);
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn list(
    state: &ProbeState,
    cause: Option<DenialCause>,
    describe: impl Fn(&ProbeData) -> Option<String>,
) -> String {
    match state {
        ProbeState::Done {
            data: Some(data), ..
        } if !matches!(data, ProbeData::Unparsed(_)) => {
            describe(data).unwrap_or_else(|| "unexpected answer".to_owned())
        }
        other => state_text(other, cause),
    }
}

/// What a probe without usable data says.
fn state_text(state: &ProbeState, cause: Option<DenialCause>) -> String {
    match state {
        // The same words on every row, whichever endpoint it was.
        ProbeState::Done {
            data: Some(ProbeData::Unparsed(why)),
            ..
        } => format!("answer not understood ({})", sanitize(why)),
        ProbeState::Waiting => "waiting for userinfo".to_owned(),
        ProbeState::Running { .. } => "asking…".to_owned(),
        ProbeState::Skipped(why) => format!("not asked: {why}"),
        ProbeState::Done { exchange, .. } => match &exchange.result {
            Ok(r) if r.status == 403 => {
                let cause = cause.unwrap_or(DenialCause::Other);
                // A body that is not JSON is shown too (cut, sanitized): it may say more.
                let first = r.body.iter().find(|b| !b.is_ascii_whitespace());
                if r.body.is_empty() || first == Some(&b'{') {
                    format!("not allowed (403): {}", cause.short())
                } else {
                    format!(
                        "not allowed (403): {}: \"{}\"",
                        cause.short(),
                        body_excerpt(&r.body)
                    )
                }
            }
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
