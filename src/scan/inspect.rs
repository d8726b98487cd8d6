//! One explorer answer judged for the TUI's tabs and troubleshooting panel: the same
//! diagnosis as `/account` gets (401, 404, 429, transport failures, web pages…), except that
//! a 2xx is judged as this endpoint's answer (not as an account) and a 403 gets the cause the
//! 403 analysis finds.

use crate::api::endpoints::Endpoint;
use crate::api::{Exchange, parse_error_body};
use crate::diagnose::{Facts, Finding, denial_findings, diagnose};
use crate::inspection::Inspection;

use super::{Outcome, ScanContext, classify};

/// The inspection the tabs show for an explorer answer.
#[must_use]
pub fn explorer_inspection(
    endpoint: Endpoint,
    exchange: Exchange,
    context: &ScanContext,
    base_url: &str,
    timeout_text: &str,
) -> Inspection {
    let row = classify(endpoint, &exchange, context);
    let server_errors = match &exchange.result {
        Ok(response) => parse_error_body(&response.body),
        Err(_) => Vec::new(),
    };
    let findings = match (row.outcome, row.status) {
        (Outcome::Allowed, Some(status)) => vec![allowed(endpoint, status, &exchange)],
        (Outcome::Error, Some(404)) => {
            let mut facts = Facts::default();
            facts
                .set("path", &endpoint.spec().path)
                .set("url", &exchange.request.url);
            vec![Finding::from_catalogue("explorer.not-found", &facts)]
        }
        (Outcome::Denied, _) => {
            let cause = crate::diagnose::denial_cause(match &exchange.result {
                Ok(r) => &r.body,
                Err(_) => &[],
            });
            let cause = crate::diagnose::with_token_scopes(
                crate::diagnose::with_platform(cause, &endpoint.spec().path, context.platform),
                endpoint.spec().scope.as_deref(),
                context.claimed_scopes.as_deref(),
            );
            denial_findings(&[(row.endpoint.as_str(), cause)])
        }
        _ => diagnose(&exchange, None, &server_errors, base_url, timeout_text),
    };
    Inspection {
        exchange,
        account: None,
        server_errors,
        findings,
    }
}

fn allowed(endpoint: Endpoint, status: u16, exchange: &Exchange) -> Finding {
    let spec = endpoint.spec();
    let scope = spec.scope.as_deref().map_or_else(
        || "it lists no scope".to_owned(),
        |s| format!("scope {s} or all"),
    );
    let mut facts = Facts::default();
    facts
        .set("path", &spec.path)
        .set("status", status.to_string())
        .set("scope", scope)
        .set("url", &exchange.request.url);
    Finding::from_catalogue("explorer.allowed", &facts)
}
