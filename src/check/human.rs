//! `check`'s text output: a status line, the account fields and the findings, coloured only
//! when stdout is a terminal and `NO_COLOR` is not set.
//!
//! Everything that came from the network goes through [`sanitize`], so a hostile server
//! cannot send escape sequences to the user's terminal.

use std::ffi::OsStr;
use std::fmt::Write as _;

use crate::api::AccountResponse;
use crate::diagnose::{Finding, Severity};
use crate::format::human_duration;
use crate::inspection::Inspection;
use crate::sanitize::sanitize;

/// Whether to colour: only on a terminal, and never when `NO_COLOR` holds a non-empty value
/// (<https://no-color.org>).
#[must_use]
pub fn colour_enabled(stdout_is_terminal: bool, no_color: Option<&OsStr>) -> bool {
    stdout_is_terminal && no_color.is_none_or(OsStr::is_empty)
}

/// ANSI styling that is either on or off.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    enabled: bool,
}

/// The styles used; each is an SGR parameter.
#[derive(Debug, Clone, Copy)]
enum Style {
    Bold,
    Dim,
    Red,
    Green,
    Yellow,
    Cyan,
}

impl Style {
    fn sgr(self) -> &'static str {
        match self {
            Self::Bold => "1",
            Self::Dim => "2",
            Self::Red => "1;31",
            Self::Green => "1;32",
            Self::Yellow => "1;33",
            Self::Cyan => "36",
        }
    }

    fn of(severity: Severity) -> Self {
        match severity {
            Severity::Ok => Self::Green,
            Severity::Info => Self::Cyan,
            Severity::Warning => Self::Yellow,
            Severity::Error => Self::Red,
        }
    }
}

impl Paint {
    /// Colour on (`true`) or off.
    #[must_use]
    pub fn new(enabled: bool) -> Self {
        Self { enabled }
    }

    fn paint(self, style: Style, text: &str) -> String {
        if self.enabled {
            format!("\x1b[{}m{text}\x1b[0m", style.sgr())
        } else {
            text.to_owned()
        }
    }
}

/// The report as text, ending with a newline: the status line, the account, then the findings
/// of the answer followed by the preflight's warnings about the input.
#[must_use]
pub fn render(inspection: &Inspection, input_findings: &[Finding], paint: Paint) -> String {
    let exchange = &inspection.exchange;
    let request = &exchange.request;
    let mut out = String::new();
    let (headline, style) = match &exchange.result {
        Ok(response) => {
            let text = if response.reason.is_empty() {
                response.status.to_string()
            } else {
                format!("{} {}", response.status, response.reason)
            };
            let style = if (200..300).contains(&response.status) {
                Style::Green
            } else {
                Style::Red
            };
            (text, style)
        }
        Err(error) => (
            format!(
                "no response ({}): {}",
                error.kind_name(),
                sanitize(&error.message)
            ),
            Style::Red,
        ),
    };
    // Writing to a String cannot fail.
    let _ = writeln!(
        out,
        "{}  {} {}  {}",
        paint.paint(style, &headline),
        request.method,
        sanitize(&request.url),
        paint.paint(Style::Dim, &human_duration(exchange.elapsed)),
    );
    let _ = writeln!(
        out,
        "{}",
        paint.paint(Style::Dim, &format!("auth: {}", request.authorization))
    );

    if let Some(account) = inspection.account.as_ref().and_then(|p| p.account()) {
        out.push('\n');
        let _ = writeln!(out, "{}", paint.paint(Style::Bold, "Account"));
        for (label, value) in account_rows(account) {
            let _ = writeln!(out, "  {label:<18} {}", sanitize(&value));
        }
    }

    let findings: Vec<&Finding> = inspection.findings.iter().chain(input_findings).collect();
    if !findings.is_empty() {
        out.push('\n');
        let _ = writeln!(out, "{}", paint.paint(Style::Bold, "Findings"));
    }
    for finding in findings {
        let tag = format!("[{}]", finding.severity.as_str());
        let _ = writeln!(
            out,
            "  {} {}",
            paint.paint(Style::of(finding.severity), &tag),
            sanitize(&finding.title)
        );
        if !finding.explanation.is_empty() {
            let _ = writeln!(out, "      {}", sanitize(&finding.explanation));
        }
        for line in &finding.evidence {
            let _ = writeln!(out, "      server said: {}", sanitize(line));
        }
        for step in &finding.steps {
            let _ = writeln!(out, "      - {}", sanitize(step));
        }
    }
    out
}

/// Label and value of each account field present, documented fields first, then the ones the
/// published description does not list (as compact JSON).
fn account_rows(account: &AccountResponse) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    if let Some(company) = &account.company {
        rows.push(("company".to_owned(), company.clone()));
    }
    if let Some(product) = &account.main_product_type {
        rows.push(("main product type".to_owned(), product.label()));
    }
    if let Some(verified) = account.verified {
        rows.push((
            "verified".to_owned(),
            if verified { "yes" } else { "no" }.to_owned(),
        ));
    }
    if let Some(history) = &account.history_life_time {
        rows.push(("history lifetime".to_owned(), history.to_string()));
    }
    if let Some(logo) = &account.logo_url {
        rows.push(("logo URL".to_owned(), logo.clone()));
    }
    for (key, value) in &account.extra {
        let text = match value {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        rows.push((sanitize(key), text));
    }
    rows
}

#[cfg(test)]
mod tests {
    use std::ffi::OsString;

    use super::*;

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        let set = OsString::from("1");
        let empty = OsString::new();
        assert!(colour_enabled(true, None));
        assert!(
            colour_enabled(true, Some(&empty)),
            "empty NO_COLOR is unset"
        );
        assert!(!colour_enabled(true, Some(&set)));
        assert!(!colour_enabled(false, None));
        assert!(!colour_enabled(false, Some(&set)));
    }

    #[test]
    fn paint_is_plain_when_off() {
        assert_eq!(Paint::new(false).paint(Style::Red, "401"), "401");
        assert_eq!(
            Paint::new(true).paint(Style::Red, "401"),
            "\x1b[1;31m401\x1b[0m"
        );
    }
}
