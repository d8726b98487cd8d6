//! One recorded attempt, as the history keeps it and reports and diffs read it: what was
//! sent (never a secret), what came back (body masked as on screen, cut at
//! [`MAX_BODY_BYTES`]), the findings and the scope matrix.
//!
//! Built from an [`Inspection`] by the TUI and by `check` alike.

use serde::{Deserialize, Serialize};

use crate::api::{AccountParse, AuthScheme, HistoryLifeTime, ProductType};
use crate::inspection::Inspection;

/// A body is kept up to this many bytes (256 kB), cut at a character boundary.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// One attempt. `id` is 0 until the history stores it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    /// The history's row id (0 before it is stored).
    pub id: i64,
    /// When it was sent, Unix milliseconds.
    pub at_ms: i64,
    /// What made it: `tui` or `check`.
    pub source: String,
    /// The profile it was made with, if any.
    pub profile: Option<String>,
    /// The API base URL.
    pub base_url: String,
    /// `personal-access-token`, `oauth-token` or `oauth-client`.
    pub kind: String,
    /// The token id as it may be shown (itself when it has the token-id shape, else its shape
    /// only).
    pub token_id: Option<String>,
    /// The OAuth client id, for sign-in clients.
    pub client_id: Option<String>,
    /// The HTTP status, when an answer arrived.
    pub status: Option<u16>,
    /// The transport failure's class (`dns`, `connect`, `tls`, `timeout`, `body`, `other`)
    /// when none did.
    pub transport: Option<String>,
    /// The findings' catalogue ids, in order.
    pub findings: Vec<String>,
    /// Everything else (not needed for the history list).
    pub detail: AttemptDetail,
}

/// The parts of an attempt a list does not show.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AttemptDetail {
    /// `GET`.
    pub method: String,
    /// The URL called.
    pub url: String,
    /// The Authorization header as it may be shown: the scheme and the token id, no Base64 and
    /// no secret, e.g. `Basic •••• (token-AB12CD:••••)` or `Bearer ••••`.
    pub auth: String,
    /// The status's reason phrase.
    pub reason: Option<String>,
    /// The transport failure's message.
    pub error: Option<String>,
    /// HTTP version of the answer.
    pub http_version: Option<String>,
    /// Milliseconds from sending to the end of the body (or the failure).
    pub elapsed_ms: u64,
    /// Milliseconds until the status and headers arrived.
    pub time_to_headers_ms: Option<u64>,
    /// The findings with their severity and title.
    pub findings: Vec<FindingRow>,
    /// What each endpoint answered: `/account` first, then the probes.
    pub scope_matrix: Vec<MatrixCell>,
    /// The account's fields, by name, as the API sent them.
    pub account: Vec<(String, String)>,
    /// Response headers, in arrival order (echoed secrets were masked on arrival).
    pub headers: Vec<(String, String)>,
    /// The body as text (echoed secrets masked), at most [`MAX_BODY_BYTES`].
    pub body: String,
    /// The body's whole length in bytes, before cutting.
    pub body_bytes: u64,
}

/// One finding as recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingRow {
    /// Catalogue id.
    pub id: String,
    /// `ok`, `info`, `warning` or `error`.
    pub severity: String,
    /// One line.
    pub title: String,
}

/// One cell of the scope matrix: an endpoint, the scope it needs, and what it answered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixCell {
    /// The endpoint, e.g. `/balance`.
    pub endpoint: String,
    /// The scope it needs, e.g. `balance:read`.
    pub scope: Option<String>,
    /// Its status; `None` when it was not asked or no answer came.
    pub status: Option<u16>,
}

impl MatrixCell {
    /// `✓` for 2xx, `✗` for another status, `–` for no answer.
    #[must_use]
    pub fn mark(&self) -> &'static str {
        match self.status {
            Some(s) if (200..300).contains(&s) => "✓",
            Some(_) => "✗",
            None => "–",
        }
    }
}

impl Attempt {
    /// The attempt an inspection records. `kind` is a [`super::CredentialKind`] id; `cells`
    /// are the probes' answers (the `/account` cell is added first here); `at_ms` is when it
    /// was sent.
    #[must_use]
    pub fn from_inspection(
        inspection: &Inspection,
        source: &str,
        profile: Option<&str>,
        kind: &str,
        cells: Vec<MatrixCell>,
        at_ms: i64,
    ) -> Self {
        let exchange = &inspection.exchange;
        let request = &exchange.request;
        let response = exchange.result.as_ref().ok();
        let failure = exchange.result.as_ref().err();
        let auth = match (request.scheme, &request.token_id) {
            (AuthScheme::Basic, Some(id)) => format!("Basic •••• ({id}:••••)"),
            (scheme, _) => format!("{} ••••", scheme.as_str()),
        };
        let mut matrix = vec![MatrixCell {
            endpoint: "/account".to_owned(),
            scope: Some("account:read".to_owned()),
            status: response.map(|r| r.status),
        }];
        matrix.extend(cells);
        let (body, body_bytes) = response.map_or((String::new(), 0), |r| {
            (cut_body(&r.body), r.body.len() as u64)
        });
        Self {
            id: 0,
            at_ms,
            source: source.to_owned(),
            profile: profile.map(str::to_owned),
            base_url: base_of(&request.url),
            kind: kind.to_owned(),
            token_id: request.token_id.clone(),
            client_id: None,
            status: response.map(|r| r.status),
            transport: failure.map(|e| e.kind_name().to_owned()),
            findings: inspection
                .findings
                .iter()
                .map(|f| f.id.to_owned())
                .collect(),
            detail: AttemptDetail {
                method: request.method.to_owned(),
                url: request.url.clone(),
                auth,
                reason: response.map(|r| r.reason.clone()).filter(|r| !r.is_empty()),
                error: failure.map(|e| e.message.clone()),
                http_version: response.map(|r| r.version.clone()),
                elapsed_ms: u64::try_from(exchange.elapsed.as_millis()).unwrap_or(u64::MAX),
                time_to_headers_ms: response
                    .map(|r| u64::try_from(r.time_to_headers.as_millis()).unwrap_or(u64::MAX)),
                findings: inspection
                    .findings
                    .iter()
                    .map(|f| FindingRow {
                        id: f.id.to_owned(),
                        severity: f.severity.as_str().to_owned(),
                        title: f.title.clone(),
                    })
                    .collect(),
                scope_matrix: matrix,
                account: account_fields(inspection.account.as_ref()),
                headers: response.map(|r| r.headers.clone()).unwrap_or_default(),
                body,
                body_bytes,
            },
        }
    }

    /// The status, or the transport class, or `—`, for lists.
    #[must_use]
    pub fn outcome(&self) -> String {
        match (self.status, &self.transport) {
            (Some(status), _) => status.to_string(),
            (None, Some(class)) => class.clone(),
            (None, None) => "—".to_owned(),
        }
    }
}

/// The base URL of an `/account` URL (what the user configured).
fn base_of(url: &str) -> String {
    url.strip_suffix("/account").unwrap_or(url).to_owned()
}

/// The body as text, cut at [`MAX_BODY_BYTES`] on a character boundary.
#[must_use]
pub fn cut_body(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(MAX_BODY_BYTES + 4)]);
    let mut end = text.len().min(MAX_BODY_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_owned()
}

/// The account's documented fields, by their JSON names, as the API sent them.
fn account_fields(parse: Option<&AccountParse>) -> Vec<(String, String)> {
    let Some(account) = parse.and_then(AccountParse::account) else {
        return Vec::new();
    };
    let mut fields = Vec::new();
    let mut push = |name: &str, value: Option<String>| {
        if let Some(value) = value {
            fields.push((name.to_owned(), value));
        }
    };
    push("company", account.company.clone());
    push(
        "mainProductType",
        account
            .main_product_type
            .as_ref()
            .map(|p| ProductType::raw(p).to_owned()),
    );
    push("logoUrl", account.logo_url.clone());
    push("verified", account.verified.map(|v| v.to_string()));
    push(
        "historyLifeTime",
        account.history_life_time.as_ref().map(|h| {
            match h {
                HistoryLifeTime::None => "NONE",
                HistoryLifeTime::ThirtyDays => "THIRTY_DAYS",
                HistoryLifeTime::Unlimited => "UNLIMITED",
                HistoryLifeTime::Unknown(raw) => raw,
            }
            .to_owned()
        }),
    );
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_cut_on_a_character_boundary() {
        let mut body = vec![b'a'; MAX_BODY_BYTES - 1];
        body.extend_from_slice("é and more".as_bytes());
        let cut = cut_body(&body);
        assert_eq!(cut.len(), MAX_BODY_BYTES - 1);
        assert_eq!(cut_body(b"{\"a\":1}"), "{\"a\":1}");
    }

    #[test]
    fn cells_are_marked_by_status() {
        let cell = |status| MatrixCell {
            endpoint: "/x".to_owned(),
            scope: None,
            status,
        };
        assert_eq!(cell(Some(204)).mark(), "✓");
        assert_eq!(cell(Some(403)).mark(), "✗");
        assert_eq!(cell(None).mark(), "–");
    }
}
