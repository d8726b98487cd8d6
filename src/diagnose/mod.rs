//! Diagnosis: a pure function from what happened (and what the user entered) to findings that
//! say what it means and what to do. The texts live in the catalogue (`assets/`); this module
//! decides which entries apply and fills them with evidence.

mod catalogue;
mod denial;
mod facts;
pub mod oauth;
mod platform;
mod preflight;
mod response;
mod scopes;
mod server_said;
mod url;

use serde::{Deserialize, Serialize};

pub use catalogue::{Catalogue, Entry};
pub use denial::{
    DENIAL_IDS, DenialCause, denial_cause, denial_findings, with_platform, with_token_scopes,
};
pub use facts::Facts;
pub use platform::{Evidence, Platform, Verdict, body_excerpt, evidence_in, judge, names_a_scope};
pub use preflight::{
    Fix, FormField, FormInput, PREFLIGHT_IDS, blocks_sending, decode_basic, is_token_id, is_uuid,
    preflight, preflight_at, remove_invisible, unix_seconds,
};
pub use response::{RESPONSE_IDS, diagnose};
pub use scopes::{LeastPrivilege, ScopeOutcome, ScopeUse};
pub use server_said::{NamedCause, named_cause};
pub use url::URL_IDS;

/// Every finding id the diagnosis can produce; each has a catalogue entry (tested).
pub fn all_finding_ids() -> impl Iterator<Item = &'static str> {
    RESPONSE_IDS
        .into_iter()
        .chain(PREFLIGHT_IDS)
        .chain(URL_IDS)
        .chain(DENIAL_IDS)
        .chain(oauth::OAUTH_IDS)
        .chain(EXPLORER_IDS)
}

/// The findings an explorer answer gets of its own (`scan::inspect`): a 2xx is this endpoint's
/// answer, not an account; a 404 there is about the path's values or the platform, since the
/// base URL is the one `/account` answers at. Other answers get the usual diagnosis.
pub const EXPLORER_IDS: [&str; 2] = ["explorer.allowed", "explorer.not-found"];

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// All is well.
    Ok,
    /// Worth knowing.
    Info,
    /// Might be a problem.
    Warning,
    /// The request failed, or cannot be sent.
    Error,
}

impl Severity {
    /// Lower-case name, as in the JSON output.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

/// One finding, filled in and ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Catalogue id, e.g. `http.401`.
    pub id: &'static str,
    /// How serious.
    pub severity: Severity,
    /// One line.
    pub title: String,
    /// What it means.
    pub explanation: String,
    /// What to do.
    pub steps: Vec<String>,
    /// What the server said, verbatim but sanitized (error body titles and details).
    pub evidence: Vec<String>,
}

impl Finding {
    /// Builds the finding `id` from the catalogue, filling placeholders from `facts`. An id
    /// missing from the catalogue (ruled out by tests) still yields a finding, never a panic.
    #[must_use]
    pub fn from_catalogue(id: &'static str, facts: &Facts) -> Self {
        match Catalogue::embedded().get(id) {
            Some(entry) => Self {
                id,
                severity: entry.severity,
                title: facts.fill(&entry.title),
                explanation: facts.fill(&entry.explanation),
                steps: entry.steps.iter().map(|s| facts.fill(s)).collect(),
                evidence: Vec::new(),
            },
            None => Self {
                id,
                severity: Severity::Error,
                title: id.to_owned(),
                explanation: String::new(),
                steps: Vec::new(),
                evidence: Vec::new(),
            },
        }
    }

    /// The finding with evidence lines attached.
    #[must_use]
    pub fn with_evidence(mut self, evidence: Vec<String>) -> Self {
        self.evidence = evidence;
        self
    }
}

#[cfg(test)]
mod tests;
