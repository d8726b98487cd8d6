//! One `/account` attempt, fully understood: the exchange, how its body was judged, what the
//! server said about errors, and the findings. Built once, off the UI thread, and shared by the
//! TUI and the scripted mode so both say the same thing.

use crate::api::{
    AccountParse, ApiClient, ApiErrorDetail, Credentials, Exchange, Redactor, parse_error_body,
};
use crate::diagnose::{Finding, diagnose};
use crate::format::human_duration;

/// The endpoint the inspector checks credentials against.
pub const ACCOUNT_PATH: &str = "account";

/// Everything known about one attempt.
#[derive(Debug, Clone)]
pub struct Inspection {
    /// The request and its result.
    pub exchange: Exchange,
    /// How the body was judged; `None` for a transport failure.
    pub account: Option<AccountParse>,
    /// Error descriptions found in the body.
    pub server_errors: Vec<ApiErrorDetail>,
    /// What it means and what to do.
    pub findings: Vec<Finding>,
}

impl Inspection {
    /// Judges an exchange made by `client`.
    #[must_use]
    pub fn from_exchange(exchange: Exchange, client: &ApiClient) -> Self {
        let (account, server_errors) = match &exchange.result {
            Ok(response) => (
                Some(AccountParse::from_body(&response.body)),
                parse_error_body(&response.body),
            ),
            Err(_) => (None, Vec::new()),
        };
        let findings = diagnose(
            &exchange,
            account.as_ref(),
            &server_errors,
            client.base().as_str(),
            &human_duration(client.timeout()),
        );
        Self {
            exchange,
            account,
            server_errors,
            findings,
        }
    }

    /// Sends `GET /account` and judges the result. Echoed credentials are masked in the raw
    /// answer (by the client) and again in everything decoded from it ([`Self::redact`]).
    pub async fn run(client: &ApiClient, credentials: &Credentials) -> Self {
        let exchange = client.get(ACCOUNT_PATH, credentials).await;
        let mut inspection = Self::from_exchange(exchange, client);
        inspection.redact(&credentials.redactor());
        inspection
    }

    /// Masks echoed secrets in everything decoded from the answer: the server's error
    /// descriptions, the account (or why the body is not one) and the findings that quote
    /// them. The raw bytes were masked already; this catches whatever only decoding revealed.
    pub fn redact(&mut self, redactor: &Redactor) {
        for error in &mut self.server_errors {
            error.redact(redactor);
        }
        if let Some(account) = &mut self.account {
            account.redact(redactor);
        }
        for finding in &mut self.findings {
            redactor.mask_text(&mut finding.title);
            redactor.mask_text(&mut finding.explanation);
            for text in finding.steps.iter_mut().chain(&mut finding.evidence) {
                redactor.mask_text(text);
            }
        }
    }

    /// The HTTP status, if a response arrived.
    #[must_use]
    pub fn status(&self) -> Option<u16> {
        self.exchange.result.as_ref().ok().map(|r| r.status)
    }
}
