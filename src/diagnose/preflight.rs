//! Findings about the form, before anything is sent.

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

/// Checks the form. Findings of severity [`Severity::Error`] block sending.
#[must_use]
pub fn preflight(input: FormInput<'_>) -> Vec<Finding> {
    let facts = Facts::default();
    let mut findings = Vec::new();
    match input {
        FormInput::Personal { token_id, token } => {
            if token_id.trim().is_empty() {
                findings.push(Finding::from_catalogue("input.token-id-empty", &facts));
            }
            if token.trim().is_empty() {
                findings.push(Finding::from_catalogue("input.token-empty", &facts));
            }
        }
        FormInput::Bearer { access_token } => {
            if access_token.trim().is_empty() {
                findings.push(Finding::from_catalogue("input.access-token-empty", &facts));
            }
        }
    }
    findings
}

/// Whether any finding blocks sending.
#[must_use]
pub fn blocks_sending(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}
