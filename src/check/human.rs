//! `check`'s text output: a status line, the account fields and the findings, coloured and
//! wrapped to the terminal's width only when stdout is a terminal.
//!
//! Whether to colour is anstream's decision (`NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE`, `TERM`
//! and whether stdout is a terminal), the styles are anstyle's: the same rules clap follows
//! for `--help`, so the two never disagree.
//!
//! Everything that came from the network or the environment goes through [`sanitize`], so
//! neither a hostile server nor a stray byte in an env var can send escape sequences to the
//! user's terminal.

use std::io::{IsTerminal as _, Stderr, Stdout};

use anstream::{AutoStream, ColorChoice};
use anstyle::{AnsiColor, Style};
use textwrap::core::display_width;
use textwrap::{Options, WordSplitter};

use std::time::SystemTime;

use super::exit::CheckExit;
use super::json::TokenView;
use crate::api::AccountResponse;
use crate::api::jwt::claim_rows;
use crate::body::{MAX_LINE_CHARS, json_preview};
use crate::diagnose::{Finding, Severity, unix_seconds};
use crate::format::human_duration;
use crate::inspection::Inspection;
use crate::sanitize::{sanitize, sanitize_line};

/// Narrower than this, wrapping would put a word or two on each line; the text is left to
/// the terminal instead.
const MIN_WRAP_WIDTH: usize = 20;

/// Whether to colour output written to `stdout`: anstream's choice from the environment
/// (`NO_COLOR` wins, then `CLICOLOR_FORCE`, then `CLICOLOR=0`) and whether it is a terminal
/// that supports colour.
#[must_use]
pub fn colour_enabled(stdout: &Stdout) -> bool {
    AutoStream::choice(stdout) != ColorChoice::Never
}

/// The width to wrap the report at: `$COLUMNS` when it holds a positive number (as clap and
/// most tools read it), else the width of the terminal stdout goes to. `None` when stdout is
/// not a terminal (files and pipes get one line per paragraph, as before) or the width is
/// unknown.
#[must_use]
pub fn wrap_width(stdout: &Stdout, columns: Option<&std::ffi::OsStr>) -> Option<usize> {
    width_for(stdout.is_terminal(), columns, || {
        terminal_size::terminal_size_of(stdout).map(|(w, _)| usize::from(w.0))
    })
}

/// [`wrap_width`] for messages on stderr, which may go elsewhere than stdout.
#[must_use]
pub fn stderr_wrap_width(stderr: &Stderr, columns: Option<&std::ffi::OsStr>) -> Option<usize> {
    width_for(stderr.is_terminal(), columns, || {
        terminal_size::terminal_size_of(stderr).map(|(w, _)| usize::from(w.0))
    })
}

fn width_for(
    is_terminal: bool,
    columns: Option<&std::ffi::OsStr>,
    terminal_width: impl FnOnce() -> Option<usize>,
) -> Option<usize> {
    if !is_terminal {
        return None;
    }
    columns
        .and_then(|value| value.to_str()?.trim().parse::<usize>().ok())
        .filter(|&width| width > 0)
        .or_else(terminal_width)
}

/// One stderr message as lines: `prefix` then the text, wrapped at spaces to `width` when
/// there is one (continuation lines indented two spaces), never splitting a word, an id or a
/// URL. Each line of `message` starts a new paragraph.
#[must_use]
pub fn message_lines(prefix: &str, message: &str, width: Option<usize>) -> Vec<String> {
    let width = width.filter(|&w| w >= MIN_WRAP_WIDTH);
    message
        .lines()
        .flat_map(|line| {
            let text = format!("{prefix}{line}");
            match width {
                None => vec![text],
                Some(width) => textwrap::wrap(
                    &text,
                    Options::new(width)
                        .subsequent_indent("  ")
                        .break_words(false)
                        .word_splitter(WordSplitter::NoHyphenation),
                )
                .into_iter()
                .map(std::borrow::Cow::into_owned)
                .collect(),
            }
        })
        .collect()
}

/// ANSI styling that is either on or off.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    enabled: bool,
}

/// The styles used.
#[derive(Debug, Clone, Copy)]
enum Look {
    Bold,
    Dim,
    Red,
    Green,
    Yellow,
    Cyan,
}

impl Look {
    fn style(self) -> Style {
        match self {
            Self::Bold => Style::new().bold(),
            Self::Dim => Style::new().dimmed(),
            Self::Red => AnsiColor::Red.on_default().bold(),
            Self::Green => AnsiColor::Green.on_default().bold(),
            Self::Yellow => AnsiColor::Yellow.on_default().bold(),
            Self::Cyan => AnsiColor::Cyan.on_default(),
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

    fn paint(self, look: Look, text: &str) -> String {
        if self.enabled {
            let style = look.style();
            format!("{style}{text}{style:#}")
        } else {
            text.to_owned()
        }
    }
}

/// Lines of the report, each written whole or, given a width, wrapped at spaces only.
struct Lines {
    out: String,
    width: Option<usize>,
}

impl Lines {
    /// Writes `text` after `indent`; when wrapped, the following lines start with
    /// `continuation` (spaces) instead. Words are never split, not even at hyphens: ids such
    /// as `token-AB12CD`, URLs and UUIDs stay whole (and may run past the edge).
    fn push(&mut self, indent: &str, continuation: &str, text: &str) {
        self.push_with_tail(indent, continuation, text, "");
    }

    /// [`Self::push`] with `tail` written after two spaces, kept whole: on the last line if it
    /// fits there, else on a line of its own (so `12 ms` never becomes `12` and `ms`).
    fn push_with_tail(&mut self, indent: &str, continuation: &str, text: &str, tail: &str) {
        let Some(width) = self.width else {
            self.out.push_str(indent);
            self.out.push_str(text);
            if !tail.is_empty() {
                self.out.push_str("  ");
                self.out.push_str(tail);
            }
            self.out.push('\n');
            return;
        };
        let options = Options::new(width)
            .initial_indent(indent)
            .subsequent_indent(continuation)
            .break_words(false)
            .word_splitter(WordSplitter::NoHyphenation);
        let lines = textwrap::wrap(text, options);
        let last = lines.len().saturating_sub(1);
        for (i, line) in lines.iter().enumerate() {
            self.out.push_str(line);
            if i == last && !tail.is_empty() {
                let joined = display_width(line) + 2 + display_width(tail);
                if joined <= width {
                    self.out.push_str("  ");
                } else {
                    self.out.push('\n');
                    self.out.push_str(continuation);
                }
                self.out.push_str(tail);
            }
            self.out.push('\n');
        }
    }

    fn blank(&mut self) {
        self.out.push('\n');
    }
}

/// The report as text, ending with a newline: the status line, the account, then the findings
/// of the answer followed by the preflight's warnings about the input. With a `width`, every
/// line is wrapped to it at spaces (continuation lines indented under their first line);
/// without, each line is written whole.
#[must_use]
pub fn render(
    inspection: &Inspection,
    input_findings: &[Finding],
    paint: Paint,
    width: Option<usize>,
) -> String {
    let exchange = &inspection.exchange;
    let request = &exchange.request;
    let mut out = Lines {
        out: String::new(),
        width: width.filter(|&w| w >= MIN_WRAP_WIDTH),
    };
    let (headline, look) = match &exchange.result {
        Ok(response) => {
            let text = if response.reason.is_empty() {
                response.status.to_string()
            } else {
                format!("{} {}", response.status, response.reason)
            };
            // Green only when the exit code says success: a 2xx whose body is not the
            // account confirms nothing (exit 4) and is shown as a warning.
            let look = match CheckExit::of(inspection) {
                CheckExit::Success => Look::Green,
                CheckExit::NotConfirmed => Look::Yellow,
                _ => Look::Red,
            };
            (text, look)
        }
        Err(error) => (
            format!(
                "no response ({}): {}",
                error.kind_name(),
                sanitize(&error.message)
            ),
            Look::Red,
        ),
    };
    out.push_with_tail(
        "",
        "  ",
        &format!(
            "{}  {} {}",
            paint.paint(look, &headline),
            request.method,
            sanitize(&request.url),
        ),
        &paint.paint(Look::Dim, &human_duration(exchange.elapsed)),
    );
    // The masked header shows the token id as given: it came from the environment and may
    // hold anything, an ESC included.
    out.push(
        "",
        "      ",
        &paint.paint(
            Look::Dim,
            &format!("auth: {}", sanitize(&request.authorization)),
        ),
    );

    if let Some(account) = inspection.account.as_ref().and_then(|p| p.account()) {
        out.blank();
        out.push("", "", &paint.paint(Look::Bold, "Account"));
        for (label, value) in account_rows(account) {
            out.push(
                "  ",
                &" ".repeat(21),
                &format!("{label:<18} {}", sanitize(&value)),
            );
        }
    }

    let findings: Vec<&Finding> = inspection.findings.iter().chain(input_findings).collect();
    if !findings.is_empty() {
        out.blank();
        out.push("", "", &paint.paint(Look::Bold, "Findings"));
    }
    for finding in findings {
        let tag = format!("[{}]", finding.severity.as_str());
        out.push(
            "  ",
            "      ",
            &format!(
                "{} {}",
                paint.paint(Look::of(finding.severity), &tag),
                sanitize(&finding.title)
            ),
        );
        if !finding.explanation.is_empty() {
            out.push("      ", "      ", &sanitize(&finding.explanation));
        }
        for line in &finding.evidence {
            out.push(
                "      ",
                "        ",
                &format!("server said: {}", sanitize(line)),
            );
        }
        for step in &finding.steps {
            out.push("      - ", "        ", &sanitize(step));
        }
    }
    out.out
}

/// The OAuth token block, ending with a newline: what the access token's claims say, with
/// the expiry counted from `now` (check's clock, read at its edge). Never the signature or
/// the token.
#[must_use]
pub fn render_token(
    token: &TokenView,
    now: SystemTime,
    paint: Paint,
    width: Option<usize>,
) -> String {
    let mut out = Lines {
        out: String::new(),
        width: width.filter(|&w| w >= MIN_WRAP_WIDTH),
    };
    out.blank();
    out.push(
        "",
        "",
        &paint.paint(Look::Bold, "OAuth token (decoded, not verified)"),
    );
    if let Some(why) = &token.unreadable {
        out.push(
            "  ",
            "    ",
            &format!("claims unreadable: {}", sanitize(why)),
        );
        return out.out;
    }
    for (label, value) in claim_rows(&token.claims, unix_seconds(now)) {
        out.push(
            "  ",
            &" ".repeat(21),
            &format!("{label:<18} {}", sanitize(&value)),
        );
    }
    out.out
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
    for (key, value) in account.extra.iter().take(MAX_EXTRA_FIELDS) {
        rows.push((sanitize(key), extra_value_text(value)));
    }
    if account.extra.len() > MAX_EXTRA_FIELDS {
        rows.push((
            "…".to_owned(),
            format!(
                "{} more fields not shown (--json has them all)",
                account.extra.len() - MAX_EXTRA_FIELDS
            ),
        ));
    }
    rows
}

/// Unknown account fields shown at most: a server may send 100,000 of them, and their rows
/// would cost several times the body; `--json` has them all.
const MAX_EXTRA_FIELDS: usize = 100;

/// An unknown field's value as one line: a string as its characters, anything else as
/// compact JSON, sanitized and cut at [`MAX_LINE_CHARS`] like a line of the Body tab, so a
/// 10 MB field costs a bounded line (the whole value is in `--json`).
fn extra_value_text(value: &str) -> String {
    // Borrowed when the string has no escapes, so a huge plain string is not copied.
    if let Ok(text) = serde_json::from_str::<&str>(value) {
        return sanitize_line(text, MAX_LINE_CHARS);
    }
    if let Ok(text) = serde_json::from_str::<String>(value) {
        return sanitize_line(&text, MAX_LINE_CHARS);
    }
    json_preview(value, MAX_LINE_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stderr_messages_wrap_at_spaces_and_keep_ids_whole() {
        let message =
            "SIPGATE_TOKEN_ID is not set; it holds a token id such as token-AB12CD.\nSet it.";
        assert_eq!(
            message_lines("check: ", message, Some(38)),
            [
                "check: SIPGATE_TOKEN_ID is not set; it",
                "  holds a token id such as",
                "  token-AB12CD.",
                "check: Set it.",
            ]
        );
        // Not a terminal: one line per line, as before.
        assert_eq!(
            message_lines("check: ", message, None),
            [
                "check: SIPGATE_TOKEN_ID is not set; it holds a token id such as token-AB12CD.",
                "check: Set it.",
            ]
        );
    }

    fn wrapped(width: Option<usize>, indent: &str, continuation: &str, text: &str) -> String {
        let mut lines = Lines {
            out: String::new(),
            width,
        };
        lines.push(indent, continuation, text);
        lines.out
    }

    #[test]
    fn paint_is_plain_when_off() {
        assert_eq!(Paint::new(false).paint(Look::Red, "401"), "401");
        assert_eq!(
            Paint::new(true).paint(Look::Red, "401"),
            "\x1b[1m\x1b[31m401\x1b[0m"
        );
    }

    #[test]
    fn without_a_width_each_line_is_written_whole() {
        let text = "Enter the token id of a personal access token (it looks like token-AB12CD).";
        assert_eq!(
            wrapped(None, "      ", "      ", text),
            format!("      {text}\n")
        );
    }

    #[test]
    fn wraps_at_spaces_and_never_inside_ids_or_urls() {
        assert_eq!(
            wrapped(
                Some(31),
                "      - ",
                "        ",
                "Ask for token-AB12CD at https://api.sipgate.com/v2/account-settings now"
            ),
            "      - Ask for token-AB12CD at\n        \
             https://api.sipgate.com/v2/account-settings\n        now\n"
        );
    }

    #[test]
    fn the_tail_stays_whole() {
        let mut lines = Lines {
            out: String::new(),
            width: Some(24),
        };
        lines.push_with_tail("", "  ", "200 OK  GET http://h/v2", "12 ms");
        lines.push_with_tail("", "  ", "200 OK  GET /v2", "12 ms");
        assert_eq!(
            lines.out,
            "200 OK  GET http://h/v2\n  12 ms\n200 OK  GET /v2  12 ms\n"
        );
        lines.width = None;
        lines.out.clear();
        lines.push_with_tail("", "  ", "200 OK  GET http://h/v2", "12 ms");
        assert_eq!(lines.out, "200 OK  GET http://h/v2  12 ms\n");
    }

    #[test]
    fn colour_codes_take_no_width() {
        let paint = Paint::new(true);
        let text = format!("{} Credentials rejected", paint.paint(Look::Red, "[error]"));
        // 28 visible characters: they fit in 28 columns although the escapes are longer.
        assert_eq!(wrapped(Some(28), "", "  ", &text), format!("{text}\n"));
    }
}
