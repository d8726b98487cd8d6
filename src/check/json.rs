//! `check --json`: the one JSON object a script reads, as serde views over an [`Inspection`].
//!
//! The schema (documented in the README) is stable: every key is always present, `null` where
//! there is nothing to say. The token never appears; `request.auth` is the masked header.

use serde::Serialize;

use crate::api::jwt::{TokenClaims, TokenContents};
use crate::api::{AccountResponse, HistoryLifeTime, ProductType, UnknownFields};
use crate::diagnose::{Finding, LeastPrivilege, Severity};
use crate::inspection::Inspection;

use super::ProbeAnswers;

/// The whole report.
#[derive(Debug, Serialize)]
pub struct CheckReport<'a> {
    /// What produced this report.
    pub tool: ToolView,
    /// What was sent.
    pub request: RequestView<'a>,
    /// The HTTP status; `null` when no response arrived.
    pub status: Option<u16>,
    /// The reason phrase, e.g. `Unauthorized`; `null` without a response or for an unknown code.
    pub reason: Option<&'a str>,
    /// Milliseconds from sending to the last byte of the body (or the failure).
    pub elapsed_ms: u64,
    /// The account, when the body was one.
    pub account: Option<AccountView<'a>>,
    /// What it means and what to do: the diagnosis of the answer, then warnings about the
    /// credentials as given (stray whitespace, an odd format).
    pub findings: Vec<FindingView<'a>>,
    /// Least privilege: the scopes the token uses (`granted`), lacks for endpoints denied for
    /// scope reasons (`missing`), and those no answer settled (`unknown`), each with the
    /// endpoints behind it.
    pub scopes: LeastPrivilege,
    /// Why no response arrived; `null` when the server answered.
    pub error: Option<ErrorView<'a>>,
    /// What the OAuth access token carries (decoded, never verified); `null` for a personal
    /// access token or an opaque bearer token.
    pub token: Option<TokenView>,
    /// The full scan's table (`check --scan`); absent without `--scan`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scan: Option<&'a [crate::scan::ScanRow]>,
}

/// An OAuth access token's claims as `check --json` shows them: never the signature or the
/// token itself. Every key is always present; `unreadable` says why the claims could not be
/// read (then the others are `null`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TokenView {
    /// The claims (`iss`, the realm, `azp`, `scope`, `iat`, `exp`, `featureScope`), as the
    /// TUI reads them; in the JSON at this level.
    #[serde(flatten)]
    pub claims: TokenClaims,
    /// Why the claims could not be read; `null` when they were.
    pub unreadable: Option<String>,
}

impl TokenView {
    /// The view of a bearer token; `None` when it is not a JWT (opaque).
    #[must_use]
    pub fn of(access_token: &str) -> Option<Self> {
        match crate::api::jwt::decode(access_token) {
            TokenContents::Opaque => None,
            TokenContents::Unreadable(why) => Some(Self {
                unreadable: Some(why),
                ..Self::default()
            }),
            TokenContents::Claims(claims) => Some(Self {
                claims,
                unreadable: None,
            }),
        }
    }
}

/// The program that wrote the report, so reports and CI logs say what produced them.
#[derive(Debug, Serialize)]
pub struct ToolView {
    /// Always `sipgate-inspect`.
    pub name: &'static str,
    /// The crate version, e.g. `0.1.0`.
    pub version: &'static str,
    /// The short git commit it was built from; `null` when built outside a git checkout.
    pub commit: Option<&'static str>,
}

impl ToolView {
    /// This binary.
    #[must_use]
    pub fn current() -> Self {
        Self {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
            commit: crate::cli::COMMIT,
        }
    }
}

/// The request, safe to show.
#[derive(Debug, Serialize)]
pub struct RequestView<'a> {
    /// Always `GET`.
    pub method: &'a str,
    /// The URL called.
    pub url: &'a str,
    /// The masked `Authorization` header, e.g. `Basic dG9rZW4t… (token-AB12CD:••••)`.
    pub auth: &'a str,
}

/// The account with enum values as the API sent them and unknown fields kept.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountView<'a> {
    /// Company name.
    pub company: Option<&'a str>,
    /// Main product type, raw (e.g. `TEAM`, or a value newer than the published description).
    pub main_product_type: Option<&'a str>,
    /// Logo URL.
    pub logo_url: Option<&'a str>,
    /// Whether the account is verified.
    pub verified: Option<bool>,
    /// History lifetime, raw (e.g. `THIRTY_DAYS`).
    pub history_life_time: Option<&'a str>,
    /// The platform the probes point to: `classic`, `neo` or `unknown` (likely, never
    /// certain: see `platform_evidence`).
    pub platform: &'static str,
    /// Why: one line per piece of evidence; empty when nothing told them apart.
    #[serde(rename = "platform_evidence")]
    pub platform_evidence: Vec<String>,
    /// Fields the published description does not list, as they came: each value is the raw
    /// JSON text the server sent (never parsed into a tree), escaped for terminals on output.
    #[serde(flatten)]
    pub extra: &'a UnknownFields,
}

/// One finding.
#[derive(Debug, Serialize)]
pub struct FindingView<'a> {
    /// Catalogue id, e.g. `http.401`.
    pub id: &'a str,
    /// `ok`, `info`, `warning` or `error`.
    pub severity: Severity,
    /// One line.
    pub title: &'a str,
    /// What it means.
    pub detail: &'a str,
    /// What to do, in order (may be empty).
    pub steps: &'a [String],
    /// What the server said about the error, sanitized (may be empty).
    pub evidence: &'a [String],
}

/// A transport failure.
#[derive(Debug, Serialize)]
pub struct ErrorView<'a> {
    /// `dns`, `connect`, `tls`, `timeout`, `body` or `other`.
    pub kind: &'static str,
    /// One line, e.g. `connection refused`.
    pub message: &'a str,
}

impl<'a> CheckReport<'a> {
    /// The report of an inspection, with the preflight's warnings about the input.
    #[must_use]
    pub fn new(inspection: &'a Inspection, input_findings: &'a [Finding]) -> Self {
        let exchange = &inspection.exchange;
        let response = exchange.result.as_ref().ok();
        Self {
            tool: ToolView::current(),
            request: RequestView {
                method: exchange.request.method,
                url: &exchange.request.url,
                auth: &exchange.request.authorization,
            },
            status: response.map(|r| r.status),
            reason: response
                .map(|r| r.reason.as_str())
                .filter(|reason| !reason.is_empty()),
            elapsed_ms: u64::try_from(exchange.elapsed.as_millis()).unwrap_or(u64::MAX),
            account: inspection
                .account
                .as_ref()
                .and_then(|parse| parse.account())
                .map(AccountView::new),
            scopes: LeastPrivilege::default(),
            findings: inspection
                .findings
                .iter()
                .chain(input_findings)
                .map(FindingView::new)
                .collect(),
            error: exchange.result.as_ref().err().map(|e| ErrorView {
                kind: e.kind_name(),
                message: &e.message,
            }),
            token: None,
            scan: None,
        }
    }

    /// The report with the full scan's table, whose least privilege replaces the probes'.
    #[must_use]
    pub fn with_scan(mut self, rows: Option<&'a [crate::scan::ScanRow]>) -> Self {
        if let Some(rows) = rows {
            self.scopes = crate::scan::least_privilege(rows);
        }
        self.scan = rows;
        self
    }

    /// The report with what the OAuth access token carries.
    #[must_use]
    pub fn with_token(mut self, token: Option<TokenView>) -> Self {
        self.token = token;
        self
    }

    /// The report as one line of JSON (without a newline), written to `out` as it is
    /// serialized: a report holding a 10 MB body's fields is not built in memory first.
    ///
    /// # Errors
    /// When writing fails (a closed pipe).
    pub fn write_json<W: std::io::Write>(&self, out: W) -> std::io::Result<()> {
        super::terminal_json::write_json_for_terminal(out, self).map_err(std::io::Error::from)
    }

    /// The report as one line of JSON.
    #[must_use]
    pub fn to_json(&self) -> String {
        // Serializing these views cannot fail: every map key is a string and no value is a
        // float that JSON cannot represent. The fallback keeps "one JSON object" true anyway.
        // Characters a terminal would act on (C1 controls, bidi overrides) are escaped as
        // \uXXXX, since this output often ends up on a terminal too.
        super::terminal_json::json_for_terminal(self).unwrap_or_else(|e| {
            serde_json::json!({ "error": { "kind": "other", "message": e.to_string() } })
                .to_string()
        })
    }
}

impl CheckReport<'_> {
    /// Adds what the probes found: the platform (in `account`) and the scopes.
    #[must_use]
    pub fn with_probes(mut self, probes: &ProbeAnswers, inspection: &Inspection) -> Self {
        self.scopes = probes.least_privilege(inspection);
        if let Some(account) = self.account.as_mut() {
            let verdict = probes.platform();
            account.platform = verdict.platform.id();
            account.platform_evidence = verdict.evidence_lines();
        }
        self
    }
}

impl<'a> AccountView<'a> {
    /// The view of a parsed account.
    #[must_use]
    pub fn new(account: &'a AccountResponse) -> Self {
        Self {
            company: account.company.as_deref(),
            main_product_type: account.main_product_type.as_ref().map(ProductType::raw),
            logo_url: account.logo_url.as_deref(),
            verified: account.verified,
            history_life_time: account.history_life_time.as_ref().map(history_raw),
            platform: "unknown",
            platform_evidence: Vec::new(),
            extra: &account.extra,
        }
    }
}

impl<'a> FindingView<'a> {
    /// The view of a finding.
    #[must_use]
    pub fn new(finding: &'a Finding) -> Self {
        Self {
            id: finding.id,
            severity: finding.severity,
            title: &finding.title,
            detail: &finding.explanation,
            steps: &finding.steps,
            evidence: &finding.evidence,
        }
    }
}

/// The value as the API sent it.
fn history_raw(history: &HistoryLifeTime) -> &str {
    match history {
        HistoryLifeTime::None => "NONE",
        HistoryLifeTime::ThirtyDays => "THIRTY_DAYS",
        HistoryLifeTime::Unlimited => "UNLIMITED",
        HistoryLifeTime::Unknown(raw) => raw,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::AccountParse;

    #[test]
    fn account_view_keeps_raw_values_and_unknown_fields() {
        let parse = AccountParse::from_body(
            br#"{"company":"Love sipgate","mainProductType":"GALAXY","verified":false,
                "historyLifeTime":"THIRTY_DAYS","newField":{"a":1}}"#,
        );
        let account = parse.account().expect("account");
        let json = serde_json::to_value(AccountView::new(account)).expect("serializes");
        assert_eq!(
            json,
            serde_json::json!({
                "company": "Love sipgate",
                "mainProductType": "GALAXY",
                "logoUrl": null,
                "verified": false,
                "historyLifeTime": "THIRTY_DAYS",
                "platform": "unknown",
                "platform_evidence": [],
                "newField": {"a": 1},
            })
        );
    }
}
