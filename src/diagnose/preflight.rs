//! Findings about the form, before anything is sent: empty fields block sending; everything
//! else is a warning the user may ignore. Some warnings carry a [`Fix`] the app can apply.
//!
//! No finding quotes the token: positions, lengths and shapes are enough to act on.

use std::time::SystemTime;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::api::jwt::{Expiry, TokenContents, decode, human_seconds};

use super::{Facts, Finding, Severity};

/// What the user entered, as the diagnosis sees it.
#[derive(Debug, Clone, Copy)]
pub enum FormInput<'a> {
    /// Personal access token form.
    Personal {
        /// Token id as typed.
        token_id: &'a str,
        /// Token as typed (only inspected, never copied into a finding).
        token: &'a str,
    },
    /// OAuth access token form.
    Bearer {
        /// Access token as typed.
        access_token: &'a str,
    },
}

/// A form field, as findings and fixes name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormField {
    /// Token id.
    TokenId,
    /// Token.
    Token,
    /// OAuth access token.
    AccessToken,
}

impl FormField {
    /// The field's label on screen.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::TokenId => "Token ID",
            Self::Token => "Token",
            Self::AccessToken => "Access token",
        }
    }
}

/// A correction the app can make to the form on request (Ctrl+T).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fix {
    /// Remove leading and trailing whitespace and line breaks.
    Trim(FormField),
    /// Remove invisible characters (zero-width, no-break spaces, BOM) anywhere.
    RemoveInvisible(FormField),
    /// Exchange the token id and token.
    Swap,
    /// Decode the Basic credential pasted into this field and split it into the two fields.
    SplitBasic(FormField),
    /// Move this field's value into the access token field and switch to OAuth mode.
    MoveToBearer(FormField),
}

impl Fix {
    /// What the fix does, for the key hint.
    #[must_use]
    pub fn describe(self) -> String {
        match self {
            Self::Trim(field) => format!("trim {}", field.label()),
            Self::RemoveInvisible(field) => {
                format!("remove the invisible characters from {}", field.label())
            }
            Self::Swap => "swap Token ID and Token".to_owned(),
            Self::SplitBasic(_) => "split it into Token ID and Token".to_owned(),
            Self::MoveToBearer(_) => "use it as an OAuth access token".to_owned(),
        }
    }
}

/// Every id [`preflight`] can produce.
pub const PREFLIGHT_IDS: [&str; 14] = [
    "input.token-id-empty",
    "input.token-empty",
    "input.access-token-empty",
    "input.token-id-format",
    "input.token-format",
    "input.whitespace",
    "input.invisible",
    "input.swapped",
    "input.basic-pasted",
    "input.jwt-in-pat",
    "token.expired",
    "token.expiring",
    "token.realm-third-party",
    "token.unreadable",
];

/// A token expiring within this many seconds gets a warning: the request and the user's next
/// steps may well outlast it.
pub const EXPIRING_SOON_SECS: u64 = 30;

/// Checks the form, without a clock: nothing is said about a token's expiry.
#[must_use]
pub fn preflight(input: FormInput<'_>) -> Vec<(Finding, Option<Fix>)> {
    preflight_at(input, None)
}

/// Checks the form at the wall-clock time `now` (the caller's clock: the TUI's runtime, or
/// `check` at its edge), which an OAuth token's expiry is measured against.
#[must_use]
pub fn preflight_at(input: FormInput<'_>, now: Option<SystemTime>) -> Vec<(Finding, Option<Fix>)> {
    let mut out = Vec::new();
    match input {
        FormInput::Personal { token_id, token } => {
            personal(token_id, token, &mut out);
        }
        FormInput::Bearer { access_token } => {
            if access_token.trim().is_empty() {
                push(
                    &mut out,
                    "input.access-token-empty",
                    &Facts::default(),
                    None,
                );
            } else {
                hygiene(FormField::AccessToken, access_token, &mut out);
                token_contents(access_token, now, &mut out);
            }
        }
    }
    out
}

fn personal(token_id: &str, token: &str, out: &mut Vec<(Finding, Option<Fix>)>) {
    let facts = Facts::default();
    if token_id.trim().is_empty() {
        push(out, "input.token-id-empty", &facts, None);
    }
    if token.trim().is_empty() {
        push(out, "input.token-empty", &facts, None);
    }
    // A whole credential pasted into one field explains everything else; say only that.
    for (field, value) in [(FormField::TokenId, token_id), (FormField::Token, token)] {
        if let Some(kind) = pasted_basic(value) {
            let mut facts = Facts::default();
            facts.set("field", field.label()).set("detail", kind);
            push(
                out,
                "input.basic-pasted",
                &facts,
                Some(Fix::SplitBasic(field)),
            );
            return;
        }
        if is_jwt(value.trim()) {
            let mut facts = Facts::default();
            facts.set("field", field.label());
            push(
                out,
                "input.jwt-in-pat",
                &facts,
                Some(Fix::MoveToBearer(field)),
            );
            return;
        }
    }
    let (id, secret) = (token_id.trim(), token.trim());
    if !id.is_empty() && !secret.is_empty() && is_uuid(id) && is_token_id(secret) {
        push(out, "input.swapped", &facts, Some(Fix::Swap));
    } else {
        if !id.is_empty() && !is_token_id(id) && clean(id) {
            let mut facts = Facts::default();
            facts.set("detail", describe_token_id(id));
            push(out, "input.token-id-format", &facts, None);
        }
        if !secret.is_empty() && !is_uuid(secret) && clean(secret) {
            let mut facts = Facts::default();
            facts.set(
                "detail",
                format!("it has {} characters", secret.chars().count()),
            );
            push(out, "input.token-format", &facts, None);
        }
    }
    hygiene(FormField::TokenId, token_id, out);
    hygiene(FormField::Token, token, out);
}

/// What an OAuth token's claims say before it is sent: expired, expiring, which realm, or
/// unreadable. An opaque token says nothing, and that is no problem.
fn token_contents(token: &str, now: Option<SystemTime>, out: &mut Vec<(Finding, Option<Fix>)>) {
    let claims = match decode(token) {
        TokenContents::Opaque => return,
        TokenContents::Unreadable(why) => {
            let mut facts = Facts::default();
            facts.set("detail", why);
            push(out, "token.unreadable", &facts, None);
            return;
        }
        TokenContents::Claims(claims) => claims,
    };
    if let Some(now) = now.and_then(unix_seconds) {
        let mut facts = Facts::default();
        match claims.expiry(now) {
            Expiry::Expired(ago) => {
                facts.set("detail", human_seconds(ago));
                push(out, "token.expired", &facts, None);
            }
            Expiry::ValidFor(left) if left <= EXPIRING_SOON_SECS => {
                facts.set("detail", human_seconds(left));
                push(out, "token.expiring", &facts, None);
            }
            Expiry::ValidFor(_) | Expiry::Unknown => {}
        }
    }
    // The current realm, sipgate-apps, is shown with the claims and needs no word; the older
    // one explains "Client not found" and is worth knowing before anything fails.
    if claims.realm.as_deref() == Some("third-party") {
        let mut facts = Facts::default();
        facts.set("detail", claims.client.as_deref().unwrap_or("not named"));
        push(out, "token.realm-third-party", &facts, None);
    }
}

/// Seconds since the Unix epoch; `None` for a clock before 1970 (nothing is judged then).
#[must_use]
pub fn unix_seconds(time: SystemTime) -> Option<i64> {
    time.duration_since(SystemTime::UNIX_EPOCH)
        .ok()
        .and_then(|d| i64::try_from(d.as_secs()).ok())
}

/// Whitespace at the ends and invisible or non-ASCII characters.
fn hygiene(field: FormField, value: &str, out: &mut Vec<(Finding, Option<Fix>)>) {
    if value.trim().is_empty() {
        return;
    }
    // ASCII whitespace only: a no-break space at the end is reported as invisible instead,
    // with its name, since it is not what people think of as "a space".
    let trimmed = ascii_trim(value);
    if trimmed != value {
        let mut facts = Facts::default();
        facts
            .set("field", field.label())
            .set("detail", describe_edges(value));
        push(out, "input.whitespace", &facts, Some(Fix::Trim(field)));
    }
    let odd: Vec<String> = trimmed
        .chars()
        .enumerate()
        .filter(|(_, c)| !c.is_ascii_graphic())
        .take(5)
        .map(|(i, c)| format!("position {} ({})", i + 1, char_name(c)))
        .collect();
    if !odd.is_empty() {
        let mut facts = Facts::default();
        facts
            .set("field", field.label())
            .set("detail", odd.join(", "));
        push(
            out,
            "input.invisible",
            &facts,
            Some(Fix::RemoveInvisible(field)),
        );
    }
}

fn push(out: &mut Vec<(Finding, Option<Fix>)>, id: &'static str, facts: &Facts, fix: Option<Fix>) {
    out.push((Finding::from_catalogue(id, facts), fix));
}

/// Whether any finding blocks sending.
#[must_use]
pub fn blocks_sending(findings: &[(Finding, Option<Fix>)]) -> bool {
    findings.iter().any(|(f, _)| f.severity == Severity::Error)
}

// The shapes of token ids, tokens and JWTs are the API module's, so that what pre-flight
// calls a token id is exactly what every output shows as one.
pub use crate::api::{is_jwt, is_token_id, is_uuid};

/// If the value is a whole Basic credential (`Basic …` or the bare base64 of `id:token`),
/// says which; `None` otherwise.
fn pasted_basic(value: &str) -> Option<&'static str> {
    let trimmed = value.trim();
    let (encoded, kind) = match trimmed
        .strip_prefix("Basic ")
        .or_else(|| trimmed.strip_prefix("basic "))
    {
        Some(rest) => (rest.trim(), "an Authorization header value (Basic …)"),
        None => (trimmed, "the Base64 of \"token id:token\""),
    };
    decode_basic(encoded).map(|_| kind)
}

/// Decodes the base64 of `id:token` into its two parts, when it is one.
#[must_use]
pub fn decode_basic(encoded: &str) -> Option<(String, String)> {
    let encoded = encoded
        .trim()
        .strip_prefix("Basic ")
        .or_else(|| encoded.trim().strip_prefix("basic "))
        .unwrap_or(encoded.trim());
    let bytes = STANDARD.decode(encoded).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (id, token) = text.split_once(':')?;
    // Only a credential of sipgate's shape counts; random base64 is left alone.
    (is_token_id(id) || is_uuid(token)).then(|| (id.to_owned(), token.to_owned()))
}

/// Removes invisible and whitespace characters anywhere in the value.
#[must_use]
pub fn remove_invisible(value: &str) -> String {
    value
        .trim()
        .chars()
        .filter(|c| c.is_ascii_graphic() || (!c.is_ascii() && !is_invisible(*c)))
        .collect()
}

fn is_invisible(c: char) -> bool {
    c.is_whitespace() || c.is_control() || crate::sanitize::needs_escape(c) || c == '\u{a0}'
}

fn ascii_trim(value: &str) -> &str {
    value.trim_matches(|c: char| c.is_ascii_whitespace())
}

fn clean(value: &str) -> bool {
    value.chars().all(|c| c.is_ascii_graphic())
}

/// Describes the shape only: a token pasted into the wrong field must not be quoted.
fn describe_token_id(id: &str) -> String {
    match id.strip_prefix("token-") {
        None => "this one does not start with token-".to_owned(),
        Some(rest) => format!(
            "this one has {} characters after token-",
            rest.chars().count()
        ),
    }
}

fn describe_edges(value: &str) -> String {
    let lead = value.len()
        - value
            .trim_start_matches(|c: char| c.is_ascii_whitespace())
            .len();
    let trail = value.len()
        - value
            .trim_end_matches(|c: char| c.is_ascii_whitespace())
            .len();
    let newline = value.contains('\n') || value.contains('\r');
    let mut parts = Vec::new();
    if lead > 0 {
        parts.push(format!("{lead} at the start"));
    }
    if trail > 0 {
        parts.push(format!("{trail} at the end"));
    }
    let what = if newline {
        "whitespace including a line break"
    } else {
        "whitespace"
    };
    format!("{what}: {}", parts.join(", "))
}

fn char_name(c: char) -> String {
    let name = match c {
        '\u{200b}' => "zero-width space",
        '\u{200c}' => "zero-width non-joiner",
        '\u{200d}' => "zero-width joiner",
        '\u{feff}' => "byte order mark",
        '\u{a0}' => "no-break space",
        ' ' => "space",
        '\t' => "tab",
        '\n' | '\r' => "line break",
        c if c.is_control() => "control character",
        _ => "non-ASCII character",
    };
    format!("U+{:04X} {name}", u32::from(c))
}

#[cfg(test)]
mod tests;
