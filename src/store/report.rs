//! A report of one attempt for a support ticket, in Markdown or JSON: tool version, time,
//! platform, base URL, the request as sent (masked), status, headers, body (masked, cut),
//! findings, scope matrix and timings.
//!
//! Safe to paste into a public ticket: an attempt holds no secret to begin with (the
//! Authorization header is recorded as its scheme and token id only, without its Base64, and
//! echoed secrets were masked on arrival); on top of that this module masks the values of
//! credential-bearing headers (`Authorization`, `Cookie`, `Set-Cookie`…), of query parameters
//! and JSON fields named like OAuth secrets (`code`, `access_token`, `refresh_token`,
//! `id_token`, `client_secret`, `password`…), and every character a terminal would act on is
//! escaped.

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value;

use super::attempt::Attempt;

/// The body is shown up to this many bytes (64 KiB) in a report.
pub const REPORT_BODY_BYTES: usize = 64 * 1024;
/// What a masked value becomes.
const MASK: &str = "••••";

/// Header names whose values carry credentials.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "x-api-key",
];
/// Query parameter and JSON field names whose values are secrets.
const SECRET_FIELDS: &[&str] = &[
    "code",
    "access_token",
    "accesstoken",
    "refresh_token",
    "refreshtoken",
    "id_token",
    "client_secret",
    "clientsecret",
    "password",
    "token",
];

/// The format a report is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// Markdown, for a ticket's text.
    Markdown,
    /// One JSON object.
    Json,
}

impl ReportFormat {
    /// The format a file name asks for: `.md` (or `.markdown`) or `.json`; `None` otherwise.
    #[must_use]
    pub fn for_path(path: &std::path::Path) -> Option<Self> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("md" | "markdown") => Some(Self::Markdown),
            Some("json") => Some(Self::Json),
            _ => None,
        }
    }
}

/// The report of `attempt` in `format`.
#[must_use]
pub fn render(attempt: &Attempt, format: ReportFormat) -> String {
    let safe = scrubbed(attempt);
    match format {
        ReportFormat::Markdown => markdown(&safe),
        ReportFormat::Json => json(&safe),
    }
}

/// The attempt with every credential-bearing value masked and the body cut.
fn scrubbed(attempt: &Attempt) -> Attempt {
    let mut safe = attempt.clone();
    safe.detail.url = mask_query(&safe.detail.url);
    safe.base_url = mask_query(&safe.base_url);
    for (name, value) in &mut safe.detail.headers {
        if SECRET_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
            MASK.clone_into(value);
        }
    }
    safe.detail.body = mask_body(&safe.detail.body);
    if safe.detail.body.len() > REPORT_BODY_BYTES {
        let mut end = REPORT_BODY_BYTES;
        while !safe.detail.body.is_char_boundary(end) {
            end -= 1;
        }
        safe.detail.body.truncate(end);
    }
    safe
}

/// A URL with the values of secret-named query parameters masked.
fn mask_query(url: &str) -> String {
    let Some((head, query)) = url.split_once('?') else {
        return url.to_owned();
    };
    let (query, fragment) = query
        .split_once('#')
        .map_or((query, None), |(q, f)| (q, Some(f)));
    let masked: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((key, _)) if is_secret_field(key) => format!("{key}={MASK}"),
            _ => pair.to_owned(),
        })
        .collect();
    let mut out = format!("{head}?{}", masked.join("&"));
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(&mask_query(&format!("?{fragment}"))[1..]);
    }
    out
}

/// Whether a field or parameter name is one of [`SECRET_FIELDS`] (case and `-`/`_` ignored).
fn is_secret_field(name: &str) -> bool {
    let normal = name.to_ascii_lowercase().replace('-', "_");
    SECRET_FIELDS.contains(&normal.as_str())
        || SECRET_FIELDS.contains(&normal.replace('_', "").as_str())
}

/// A JSON body with secret-named string fields masked; other bodies as they are.
fn mask_body(body: &str) -> String {
    let Ok(mut value) = serde_json::from_str::<Value>(body) else {
        return body.to_owned();
    };
    if mask_value(&mut value) {
        serde_json::to_string_pretty(&value).unwrap_or_default()
    } else {
        body.to_owned()
    }
}

/// Masks secret-named fields anywhere in `value`; returns whether any was.
fn mask_value(value: &mut Value) -> bool {
    match value {
        Value::Object(map) => {
            let mut any = false;
            for (key, field) in map.iter_mut() {
                if is_secret_field(key) && !field.is_null() {
                    *field = Value::String(MASK.to_owned());
                    any = true;
                } else {
                    any |= mask_value(field);
                }
            }
            any
        }
        Value::Array(items) => items
            .iter_mut()
            .fold(false, |any, item| mask_value(item) | any),
        _ => false,
    }
}

/// The attempt's time as `2026-11-29 19:40:00 UTC`.
fn time_of(attempt: &Attempt) -> String {
    crate::api::jwt::utc_time((attempt.at_ms / 1000).clamp(0, 253_402_300_799))
}

/// The tool's name, version and commit.
fn tool_line() -> String {
    match crate::cli::COMMIT {
        Some(commit) => format!("sipgate-inspect {} ({commit})", env!("CARGO_PKG_VERSION")),
        None => format!("sipgate-inspect {}", env!("CARGO_PKG_VERSION")),
    }
}

/// The OS and architecture this runs on.
fn platform_line() -> String {
    format!("{} {}", std::env::consts::OS, std::env::consts::ARCH)
}

/// Text safe for a terminal and for a Markdown table cell.
fn cell(text: &str) -> String {
    crate::sanitize::sanitize(text).replace('|', "\\|")
}

/// A fenced block whose fence is longer than any backtick run inside.
fn fenced(out: &mut String, text: &str) {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let _ = writeln!(out, "{fence}");
    for line in text.lines() {
        let _ = writeln!(out, "{}", crate::sanitize::sanitize(line));
    }
    let _ = writeln!(out, "{fence}");
}

/// The Markdown report.
fn markdown(a: &Attempt) -> String {
    let d = &a.detail;
    let mut out = String::new();
    let _ = writeln!(out, "# sipgate-inspect report\n");
    let _ = writeln!(out, "| | |\n|---|---|");
    let mut row = |k: &str, v: &str| {
        let _ = writeln!(out, "| {k} | {} |", cell(v));
    };
    row("tool", &tool_line());
    row("time", &time_of(a));
    row("platform", &platform_line());
    if let Some(profile) = &a.profile {
        row("profile", profile);
    }
    row("base URL", &a.base_url);
    row("credential", &a.kind);
    if let Some(id) = &a.token_id {
        row("token id", id);
    }
    if let Some(id) = &a.client_id {
        row("client id", id);
    }
    let status = match (a.status, &d.reason, &a.transport, &d.error) {
        (Some(s), Some(r), _, _) => format!("{s} {r}"),
        (Some(s), None, _, _) => s.to_string(),
        (None, _, Some(class), Some(e)) => format!("no answer ({class}): {e}"),
        _ => a.outcome(),
    };
    row("status", &status);
    let timing = match d.time_to_headers_ms {
        Some(h) => format!("{} ms (headers after {h} ms)", d.elapsed_ms),
        None => format!("{} ms", d.elapsed_ms),
    };
    row("timing", &timing);
    if let Some(version) = &d.http_version {
        row("HTTP version", version);
    }
    out.push_str("\n## Request as sent\n\n");
    fenced(
        &mut out,
        &format!("{} {}\nAuthorization: {}", d.method, d.url, d.auth),
    );
    out.push_str("\n## Findings\n\n");
    if d.findings.is_empty() {
        out.push_str("(none)\n");
    }
    for f in &d.findings {
        let _ = writeln!(
            out,
            "- **{}** `{}`: {}",
            cell(&f.severity),
            cell(&f.id),
            cell(&f.title)
        );
    }
    if !d.scope_matrix.is_empty() {
        out.push_str(
            "\n## What this token may do\n\n| | endpoint | scope | status |\n|---|---|---|---|\n",
        );
        for c in &d.scope_matrix {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                c.mark(),
                cell(&c.endpoint),
                cell(c.scope.as_deref().unwrap_or("no scope")),
                c.status.map_or_else(|| "–".to_owned(), |s| s.to_string())
            );
        }
    }
    if !d.account.is_empty() {
        out.push_str("\n## Account\n\n| field | value |\n|---|---|\n");
        for (k, v) in &d.account {
            let _ = writeln!(out, "| {} | {} |", cell(k), cell(v));
        }
    }
    if !d.headers.is_empty() {
        out.push_str("\n## Response headers\n\n");
        let text: Vec<String> = d.headers.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        fenced(&mut out, &text.join("\n"));
    }
    if a.status.is_some() {
        let _ = writeln!(
            out,
            "\n## Body ({} bytes{}; echoed credentials masked)\n",
            d.body_bytes,
            if (d.body.len() as u64) < d.body_bytes {
                format!(", first {} shown", d.body.len())
            } else {
                String::new()
            }
        );
        fenced(&mut out, &d.body);
    }
    out
}

/// The JSON report.
fn json(a: &Attempt) -> String {
    #[derive(Serialize)]
    struct Report<'a> {
        tool: String,
        time: String,
        platform: String,
        attempt: &'a Attempt,
    }
    let report = Report {
        tool: tool_line(),
        time: time_of(a),
        platform: platform_line(),
        attempt: a,
    };
    crate::check::json_for_terminal(&report).unwrap_or_else(|_| "{}".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::attempt::{AttemptDetail, FindingRow, MatrixCell};

    fn sample() -> Attempt {
        Attempt {
            id: 7,
            at_ms: 1_800_000_000_000,
            source: "check".to_owned(),
            profile: Some("work".to_owned()),
            base_url: "https://api.sipgate.com/v2".to_owned(),
            kind: "personal-access-token".to_owned(),
            token_id: Some("token-AB12CD".to_owned()),
            status: Some(401),
            findings: vec!["http.401".to_owned()],
            detail: AttemptDetail {
                method: "GET".to_owned(),
                url: "https://api.sipgate.com/v2/account?code=abc123&x=1".to_owned(),
                auth: "Basic •••• (token-AB12CD:••••)".to_owned(),
                reason: Some("Unauthorized".to_owned()),
                elapsed_ms: 120,
                time_to_headers_ms: Some(100),
                findings: vec![FindingRow {
                    id: "http.401".to_owned(),
                    severity: "error".to_owned(),
                    title: "Wrong | revoked".to_owned(),
                }],
                scope_matrix: vec![MatrixCell {
                    endpoint: "/account".to_owned(),
                    scope: Some("account:read".to_owned()),
                    status: Some(401),
                }],
                headers: vec![
                    ("Set-Cookie".to_owned(), "session=s3cr3t".to_owned()),
                    ("content-type".to_owned(), "application/json".to_owned()),
                ],
                body: r#"{"refresh_token":"r3fr3sh","nested":[{"client_secret":"cs"}],"ok":"```\u001b[31m"}"#.to_owned(),
                body_bytes: 80,
                ..AttemptDetail::default()
            },
            ..Attempt::default()
        }
    }

    #[test]
    fn markdown_masks_every_credential_bearing_value() {
        let text = render(&sample(), ReportFormat::Markdown);
        for secret in ["abc123", "s3cr3t", "r3fr3sh", "\"cs\"", "\u{1b}"] {
            assert!(!text.contains(secret), "{secret:?} in {text}");
        }
        assert!(
            text.contains("| time | 2027-01-15 08:00:00 UTC |"),
            "{text}"
        );
        assert!(text.contains("GET https://api.sipgate.com/v2/account?code=••••&x=1"));
        assert!(text.contains("Authorization: Basic •••• (token-AB12CD:••••)"));
        assert!(text.contains("- **error** `http.401`: Wrong \\| revoked"));
        assert!(text.contains("| ✗ | /account | account:read | 401 |"));
        assert!(text.contains("Set-Cookie: ••••"));
        assert!(
            text.contains("````\n"),
            "the fence outgrows the body's backticks"
        );
    }

    #[test]
    fn json_masks_the_same_and_is_one_object() {
        let text = render(&sample(), ReportFormat::Json);
        for secret in ["abc123", "s3cr3t", "r3fr3sh", "\"cs\""] {
            assert!(!text.contains(secret), "{secret:?} in {text}");
        }
        let value: Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(value["attempt"]["status"], 401);
        assert_eq!(value["time"], "2027-01-15 08:00:00 UTC");
    }

    #[test]
    fn the_format_follows_the_extension() {
        use std::path::Path;
        assert_eq!(
            ReportFormat::for_path(Path::new("a.md")),
            Some(ReportFormat::Markdown)
        );
        assert_eq!(
            ReportFormat::for_path(Path::new("a.JSON")),
            Some(ReportFormat::Json)
        );
        assert_eq!(ReportFormat::for_path(Path::new("a.txt")), None);
    }
}
