//! The full scope scan: every endpoint of the catalogue ([`crate::api::endpoints`]) whose
//! parameters can be filled, at most [`MAX_IN_FLIGHT`] at a time, and what each answer says
//! about the token: allowed, denied (with the cause the 403 analysis finds), an error, or
//! skipped because a parameter could not be learned. The table is the least-privilege
//! evidence for `check --scan` and the TUI's scope matrix.
//!
//! The engine ([`run_scan`]) sends; [`classify`] judges one answer and is pure.

mod engine;
mod ids;
mod inspect;

use serde::Serialize;

use crate::api::endpoints::{Endpoint, ParamSource};
use crate::api::{Exchange, TransportError};
use crate::diagnose::{
    DenialCause, LeastPrivilege, Platform, ScopeOutcome, denial_cause, with_platform,
    with_token_scopes,
};

pub use engine::{MAX_IN_FLIGHT, MAX_RETRY_WAIT, ScanEvent, learn, run_scan};
pub use ids::listed_id;
pub use inspect::explorer_inspection;

/// What one endpoint came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// A 2xx answer: the token may read it.
    Allowed,
    /// 403.
    Denied,
    /// Any other status, or no answer.
    Error,
    /// Not sent: a parameter could not be filled.
    Skipped,
}

impl Outcome {
    /// The mark the explorer and the matrix show: ✓ allowed, ✗ denied, ! error, – skipped.
    #[must_use]
    pub fn mark(self) -> &'static str {
        match self {
            Self::Allowed => "✓",
            Self::Denied => "✗",
            Self::Error => "!",
            Self::Skipped => "–",
        }
    }

    /// The word `check --scan --json` uses.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Allowed => "allowed",
            Self::Denied => "denied",
            Self::Error => "error",
            Self::Skipped => "skipped",
        }
    }
}

/// One row of the full table: exactly the shape of `check --scan --json`'s `scan` entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScanRow {
    /// The documented path with its query, e.g. `/history?limit=1`.
    pub endpoint: String,
    /// The narrowest scope listed; `null` when none is.
    pub scope: Option<String>,
    /// The HTTP status; `null` when nothing was answered (skipped, transport failure).
    pub status: Option<u16>,
    /// What it came to.
    pub outcome: Outcome,
    /// Why, in a few words; `null` when allowed.
    pub cause: Option<String>,
    /// Wider scopes that also let a token in (not in the JSON: least privilege folds a
    /// narrow scope into a wider one the token is seen to use).
    #[serde(skip)]
    pub broader: Vec<String>,
}

/// What the scan weighs a 403 with, learned before it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanContext {
    /// The platform the probes point to.
    pub platform: Platform,
    /// The scopes an OAuth token says it carries.
    pub claimed_scopes: Option<Vec<String>>,
}

impl Default for ScanContext {
    /// Nothing known: platform unknown, no claimed scopes.
    fn default() -> Self {
        Self {
            platform: Platform::Unknown,
            claimed_scopes: None,
        }
    }
}

/// The row of an endpoint that was sent.
#[must_use]
pub fn classify(endpoint: Endpoint, exchange: &Exchange, context: &ScanContext) -> ScanRow {
    let spec = endpoint.spec();
    let (status, outcome, cause) = match &exchange.result {
        Err(e) => (None, Outcome::Error, Some(transport_cause(e))),
        Ok(r) if (200..300).contains(&r.status) => (Some(r.status), Outcome::Allowed, None),
        Ok(r) if r.status == 403 => {
            let cause = with_token_scopes(
                with_platform(denial_cause(&r.body), &spec.path, context.platform),
                spec.scope.as_deref(),
                context.claimed_scopes.as_deref(),
            );
            (Some(403), Outcome::Denied, Some(cause.short().to_owned()))
        }
        Ok(r) => (Some(r.status), Outcome::Error, Some(status_cause(r.status))),
    };
    ScanRow {
        endpoint: spec.label(),
        scope: spec.scope.clone(),
        status,
        outcome,
        cause,
        broader: spec.broader.clone(),
    }
}

/// The row of an endpoint that could not be sent, for its first parameter without a value
/// (`known` says which source keys have one); `done` says what the endpoints it waits for
/// came to.
#[must_use]
pub fn skipped(
    endpoint: Endpoint,
    done: &[Option<ScanRow>],
    known: impl Fn(&str) -> bool,
) -> ScanRow {
    let spec = endpoint.spec();
    let cause = spec
        .params()
        .into_iter()
        .map(|name| (name, spec.source(name)))
        .filter(|(_, source)| !source.key().is_some_and(&known))
        .map(|(name, source)| {
            let waits_for = match source {
                ParamSource::Typed => return format!("needs a typed {name}"),
                ParamSource::UserId => crate::api::endpoints::USERINFO,
                ParamSource::ListedBy(path) => path,
            };
            let row = Endpoint::with_path(waits_for).and_then(|e| done[e.index()].as_ref());
            match row {
                Some(row) if row.outcome == Outcome::Allowed => {
                    format!("{waits_for} listed no {name}")
                }
                Some(row) => format!(
                    "needs {name} from {waits_for}, which was {}",
                    row.outcome.name()
                ),
                None => format!("needs {name} from {waits_for}"),
            }
        })
        .next()
        .unwrap_or_else(|| "not sent".to_owned());
    ScanRow {
        endpoint: spec.label(),
        scope: spec.scope.clone(),
        status: None,
        outcome: Outcome::Skipped,
        cause: Some(cause),
        broader: spec.broader.clone(),
    }
}

/// Least privilege from the full table: scopes used by allowed endpoints, scopes missing
/// where a 403 names the scope as the cause, and the rest unknown.
#[must_use]
pub fn least_privilege(rows: &[ScanRow]) -> LeastPrivilege {
    let missing = DenialCause::MissingScope.short();
    let unexplained = DenialCause::Other.short();
    let used: Vec<&str> = rows
        .iter()
        .filter(|r| r.outcome == Outcome::Allowed)
        .filter_map(|r| r.scope.as_deref())
        .collect();
    LeastPrivilege::from_rows(rows.iter().filter_map(|row| {
        // devices:callerid:read is read with devices:read too: when the token is seen to use
        // the wider scope, the narrow one adds nothing to what it needs.
        let scope = row
            .broader
            .iter()
            .map(String::as_str)
            .find(|b| used.contains(b))
            .or(row.scope.as_deref());
        let outcome = match (row.outcome, row.cause.as_deref()) {
            (Outcome::Allowed, _) => ScopeOutcome::Granted,
            (Outcome::Denied, Some(cause)) if cause == missing => ScopeOutcome::Missing,
            (Outcome::Denied, Some(cause)) if cause != unexplained => ScopeOutcome::NotAboutScope,
            (Outcome::Skipped, _) => return None,
            _ => ScopeOutcome::Unknown,
        };
        Some((row.endpoint.as_str(), scope, outcome))
    }))
}

fn transport_cause(error: &TransportError) -> String {
    format!("no answer: {}", error.message)
}

fn status_cause(status: u16) -> String {
    match status {
        401 => "401: the credentials were not accepted".to_owned(),
        402 => "402: insufficient balance".to_owned(),
        404 => "404: not found on this account".to_owned(),
        429 => "429: rate limited".to_owned(),
        500..=599 => format!("{status}: server error"),
        _ => format!("answered {status}"),
    }
}
