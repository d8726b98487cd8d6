//! What the TUI knows of the store: the active profile (shown in the header) and where
//! attempts are recorded. Pure data: the database is written by the runtime
//! ([`super::Effect::Record`]), never by `update`.

use std::path::PathBuf;
use std::time::SystemTime;

use crate::api::AuthScheme;
use crate::inspection::Inspection;
use crate::store::{Attempt, CredentialKind};

use super::Effect;

/// The store's part of the app state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoreState {
    /// The profile the form was filled from (`--profile`), if any.
    pub profile: Option<String>,
    /// The history database attempts are recorded in; `None`: not recorded (`--no-history`,
    /// or no home directory).
    pub history_file: Option<PathBuf>,
}

impl StoreState {
    /// The effect that records a finished `/account` attempt, when history is on. `wall` is
    /// the time the answer is taken as (the message's clock).
    #[must_use]
    pub fn record(&self, inspection: &Inspection, wall: SystemTime) -> Option<Effect> {
        let path = self.history_file.clone()?;
        let kind = match inspection.exchange.request.scheme {
            AuthScheme::Basic => CredentialKind::PersonalAccessToken,
            AuthScheme::Bearer => CredentialKind::OauthToken,
        };
        let sent = wall
            .checked_sub(inspection.exchange.elapsed)
            .unwrap_or(wall)
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        let attempt = Attempt::from_inspection(
            inspection,
            "tui",
            self.profile.as_deref(),
            kind.id(),
            Vec::new(),
            sent,
        );
        Some(Effect::Record {
            path,
            attempt: Box::new(attempt),
        })
    }
}
