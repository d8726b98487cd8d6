//! The probes in `check`: the same table as the TUI ([`Probe::all`]), asked concurrently after
//! `/account`, so that the report can say which platform the account is likely on and which
//! scopes the token uses.

use futures_util::future::join_all;

use crate::api::{ApiClient, Credentials, Exchange, Probe, ProbeData, Shape, parse_probe};
use crate::diagnose::{
    DenialCause, Evidence, LeastPrivilege, ScopeOutcome, Verdict, denial_cause, evidence_in, judge,
    with_platform, with_token_scopes,
};
use crate::inspection::Inspection;

/// What every probe answered; `None` where it was not asked (a `{userId}` path without a user
/// id, or no probing at all because `/account` did not recognise the credentials).
#[derive(Debug, Default)]
pub struct ProbeAnswers {
    /// One entry per probe of the table, in its order.
    pub answers: Vec<(Probe, Option<Exchange>)>,
    /// What the credentials themselves say about the platform (an OAuth token's
    /// `featureScope` claim), weighed with the answers.
    pub claimed: Option<Evidence>,
    /// The scopes an OAuth token says it carries (its `scope` claim), which settle a 403 whose
    /// body names no cause.
    pub claimed_scopes: Option<Vec<String>>,
}

impl ProbeAnswers {
    /// Asks every probe: those with a plain path at once, then those needing the user id that
    /// userinfo reported.
    pub async fn run(client: &ApiClient, credentials: &Credentials) -> Self {
        let plain: Vec<Probe> = Probe::all().filter(|p| !p.needs_user_id()).collect();
        let first = join_all(plain.iter().map(|probe| async move {
            let path = probe.path(None).unwrap_or_default();
            (*probe, client.get(&path, credentials).await)
        }))
        .await;
        let user_id = first.iter().find_map(|(probe, exchange)| {
            let response = exchange.result.as_ref().ok()?;
            if probe.shape() != Shape::UserInfo || !(200..300).contains(&response.status) {
                return None;
            }
            match parse_probe(*probe, &response.body) {
                ProbeData::UserInfo(info) => info.sub,
                _ => None,
            }
        });
        let waiting: Vec<(Probe, String)> = Probe::all()
            .filter(|p| p.needs_user_id())
            .filter_map(|p| Some((p, p.path(user_id.as_deref())?)))
            .collect();
        let second = join_all(
            waiting
                .iter()
                .map(|(probe, path)| async move { (*probe, client.get(path, credentials).await) }),
        )
        .await;
        let mut answered: Vec<(Probe, Exchange)> = first.into_iter().chain(second).collect();
        let answers = Probe::all()
            .map(|probe| {
                let at = answered.iter().position(|(p, _)| *p == probe);
                (probe, at.map(|i| answered.swap_remove(i).1))
            })
            .collect();
        let claims = credentials.claims();
        let claimed = claims
            .as_ref()
            .and_then(|c| c.feature_scope.as_deref())
            .and_then(Evidence::from_feature_scope);
        let claimed_scopes = claims.map(|c| c.scopes).filter(|scopes| !scopes.is_empty());
        Self {
            answers,
            claimed,
            claimed_scopes,
        }
    }

    /// The status and body of every probe that got an answer.
    pub fn responses(&self) -> impl Iterator<Item = (Probe, u16, &[u8])> {
        self.answers.iter().filter_map(|(probe, exchange)| {
            let response = exchange.as_ref()?.result.as_ref().ok()?;
            Some((*probe, response.status, response.body.as_ref()))
        })
    }

    /// The platform the answers point to.
    #[must_use]
    pub fn platform(&self) -> Verdict {
        judge(
            self.claimed
                .iter()
                .cloned()
                .chain(
                    self.responses()
                        .filter_map(|(probe, status, body)| evidence_in(probe, status, body)),
                )
                .collect(),
        )
    }

    /// The scopes the token uses, lacks, and those no answer settled; `/account` first.
    #[must_use]
    pub fn least_privilege(&self, inspection: &Inspection) -> LeastPrivilege {
        let platform = self.platform().platform;
        let denied = |endpoint: &str, scope: Option<&str>, body: &[u8]| match with_token_scopes(
            with_platform(denial_cause(body), endpoint, platform),
            scope,
            self.claimed_scopes.as_deref(),
        ) {
            DenialCause::MissingScope => ScopeOutcome::Missing,
            DenialCause::Other => ScopeOutcome::Unknown,
            _ => ScopeOutcome::NotAboutScope,
        };
        let account = match inspection.exchange.result.as_ref() {
            Ok(r)
                if (200..300).contains(&r.status)
                    && inspection
                        .account
                        .as_ref()
                        .and_then(|a| a.account())
                        .is_some() =>
            {
                ScopeOutcome::Granted
            }
            Ok(r) if r.status == 403 => denied("/account", Some("account:read"), &r.body),
            _ => ScopeOutcome::Unknown,
        };
        let probes = self.answers.iter().map(|(probe, exchange)| {
            let outcome = match exchange.as_ref().and_then(|e| e.result.as_ref().ok()) {
                Some(r) if (200..300).contains(&r.status) => match parse_probe(*probe, &r.body) {
                    ProbeData::Unparsed(_) => ScopeOutcome::Unknown,
                    _ => ScopeOutcome::Granted,
                },
                Some(r) if r.status == 403 => denied(probe.label(), probe.scope(), &r.body),
                _ => ScopeOutcome::Unknown,
            };
            (probe.label(), probe.scope(), outcome)
        });
        LeastPrivilege::from_rows(
            std::iter::once(("/account", Some("account:read"), account)).chain(probes),
        )
    }
}
