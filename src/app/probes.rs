//! The probes of one attempt: after `/account` answers, the other read-only endpoints are
//! requested in parallel, each on its own task, to show what the token may do.

use std::time::Instant;

use crate::api::jwt::TokenClaims;
use crate::api::{AccountParse, Exchange, Probe, ProbeData, Shape, TransportError, parse_probe};
use crate::diagnose::{
    DenialCause, Evidence, Finding, LeastPrivilege, Platform, ScopeOutcome, Verdict, denial_cause,
    denial_findings, evidence_in, judge, with_platform, with_token_scopes,
};
use crate::inspection::Inspection;

/// Where one probe stands.
#[derive(Debug, Clone)]
pub enum ProbeState {
    /// Waiting for another probe (a `{userId}` path needs the user id from userinfo).
    Waiting,
    /// Running on a background task since `started`.
    Running {
        /// When it was sent.
        started: Instant,
    },
    /// Finished.
    Done {
        /// When it was sent.
        started: Instant,
        /// What came back.
        exchange: Box<Exchange>,
        /// The body's data when the answer was 2xx.
        data: Option<ProbeData>,
        /// For a 403, the cause the body names (before the platform is weighed). Judged once
        /// here rather than on every frame.
        denied_because: Option<DenialCause>,
    },
    /// Not sent, and why.
    Skipped(&'static str),
}

/// What the scope matrix says about one endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    /// 2xx (the status) with the expected answer: the token may use it.
    Granted(u16),
    /// 2xx (the status), but the body is not the expected answer (a portal page, JSON cut
    /// short…): whoever answered, it proves nothing about the token's scopes.
    NotUnderstood(u16),
    /// 403: it may not (scope missing or feature not booked).
    Denied,
    /// Another status.
    Status(u16),
    /// No answer.
    Failed(String),
    /// Not known yet.
    Pending,
    /// Not probed.
    NotProbed(&'static str),
}

impl Access {
    /// What the matrix says about `/account` itself: granted only when the body was the
    /// account, since a 200 from a captive portal or a cut-off answer proves nothing.
    #[must_use]
    pub fn of_account(inspection: &Inspection) -> Self {
        match (inspection.status(), &inspection.account) {
            (Some(s), Some(AccountParse::Account(_))) if (200..300).contains(&s) => {
                Self::Granted(s)
            }
            (Some(s), _) if (200..300).contains(&s) => Self::NotUnderstood(s),
            (Some(403), _) => Self::Denied,
            (Some(s), _) => Self::Status(s),
            (None, _) => match &inspection.exchange.result {
                Err(error) => Self::Failed(error.kind_name().to_owned()),
                Ok(_) => Self::Pending,
            },
        }
    }
}

/// Why a `{userId}` probe was not asked when userinfo gave no user id: userinfo's answer not being
/// understood is a different story from userinfo naming no user.
/// Short, since it shares a summary row with its label.
const DEVICES_USERINFO_NOT_UNDERSTOOD: &str = "userinfo's answer not understood";
const DEVICES_NEED_USER_ID: &str = "needs the user id from /authorization/userinfo";

/// The probes of one request.
#[derive(Debug, Clone)]
pub struct Probes {
    /// The `/account` request they belong to.
    pub request_id: u64,
    /// One state per entry of [`Probe::all`].
    pub states: Vec<ProbeState>,
    /// What the credentials themselves say about the platform (an OAuth token's
    /// `featureScope` claim), weighed with the answers.
    pub claimed: Option<Evidence>,
    /// The scopes an OAuth token says it carries (its `scope` claim), which settle a 403 whose
    /// body names no cause.
    pub claimed_scopes: Option<Vec<String>>,
}

impl Probes {
    /// All probes pending: those with a plain path running from `now`, those whose path needs
    /// the user id waiting for userinfo.
    #[must_use]
    pub fn started(request_id: u64, now: Instant) -> Self {
        Self {
            request_id,
            states: Probe::all()
                .map(|probe| {
                    if probe.needs_user_id() {
                        ProbeState::Waiting
                    } else {
                        ProbeState::Running { started: now }
                    }
                })
                .collect(),
            claimed: None,
            claimed_scopes: None,
        }
    }

    /// The probes, with what an OAuth token's claims say about the platform and its scopes.
    #[must_use]
    pub fn with_claims(mut self, claims: Option<TokenClaims>) -> Self {
        if let Some(claims) = claims {
            self.claimed = claims
                .feature_scope
                .as_deref()
                .and_then(Evidence::from_feature_scope);
            self.claimed_scopes = (!claims.scopes.is_empty()).then_some(claims.scopes);
        }
        self
    }

    /// Whether every probe has an answer or a reason it was not sent.
    #[must_use]
    pub fn settled(&self) -> bool {
        self.states
            .iter()
            .all(|s| !matches!(s, ProbeState::Waiting | ProbeState::Running { .. }))
    }

    /// The scope matrix as the history records it: each probe's endpoint, scope and status
    /// (none when it was not sent or no answer came).
    #[must_use]
    pub fn matrix_cells(&self) -> Vec<crate::store::MatrixCell> {
        Probe::all()
            .map(|probe| crate::store::MatrixCell {
                endpoint: probe.label().to_owned(),
                scope: probe.scope().map(str::to_owned),
                status: match self.get(probe) {
                    ProbeState::Done { exchange, .. } => {
                        exchange.result.as_ref().ok().map(|r| r.status)
                    }
                    _ => None,
                },
            })
            .collect()
    }

    /// The state of one probe.
    #[must_use]
    pub fn get(&self, probe: Probe) -> &ProbeState {
        &self.states[probe.index()]
    }

    /// Replaces the state of one probe.
    pub fn set(&mut self, probe: Probe, state: ProbeState) {
        if let Some(slot) = self.states.get_mut(probe.index()) {
            *slot = state;
        }
    }

    /// Records a finished probe, parsing its body when the answer was 2xx.
    pub fn finish(&mut self, probe: Probe, exchange: Exchange) {
        let started = match self.get(probe) {
            ProbeState::Running { started } => *started,
            // An answer for a probe not running (superseded) is ignored.
            _ => return,
        };
        let data = match &exchange.result {
            Ok(response) if (200..300).contains(&response.status) => {
                Some(parse_probe(probe, &response.body))
            }
            _ => None,
        };
        let denied_because = match &exchange.result {
            Ok(response) if response.status == 403 => Some(denial_cause(&response.body)),
            _ => None,
        };
        self.set(
            probe,
            ProbeState::Done {
                started,
                exchange: Box::new(exchange),
                data,
                denied_because,
            },
        );
    }

    /// Marks a waiting probe as not sent, saying why: userinfo's answer was not understood,
    /// or it named no usable user id.
    pub fn skip_waiting(&mut self, probe: Probe) {
        let userinfo = Probe::with_shape(Shape::UserInfo).and_then(|u| self.data(u));
        let why = match userinfo {
            Some(ProbeData::Unparsed(_)) => DEVICES_USERINFO_NOT_UNDERSTOOD,
            _ => DEVICES_NEED_USER_ID,
        };
        self.set(probe, ProbeState::Skipped(why));
    }

    /// The probes waiting for the user id.
    #[must_use]
    pub fn waiting(&self) -> Vec<Probe> {
        Probe::all()
            .filter(|p| matches!(self.get(*p), ProbeState::Waiting))
            .collect()
    }

    /// The user id userinfo reported (`sub`), once it has.
    #[must_use]
    pub fn user_id(&self) -> Option<&str> {
        match self.data(Probe::with_shape(Shape::UserInfo)?)? {
            ProbeData::UserInfo(info) => info.sub.as_deref(),
            _ => None,
        }
    }

    /// The parsed data of a probe that answered 2xx.
    #[must_use]
    pub fn data(&self, probe: Probe) -> Option<&ProbeData> {
        match self.get(probe) {
            ProbeState::Done { data, .. } => data.as_ref(),
            _ => None,
        }
    }

    /// Whether any probe is still running or waiting.
    #[must_use]
    pub fn any_running(&self) -> bool {
        self.states
            .iter()
            .any(|s| matches!(s, ProbeState::Running { .. } | ProbeState::Waiting))
    }

    /// The platform the answers so far point to, with the evidence.
    #[must_use]
    pub fn platform(&self) -> Verdict {
        judge(
            self.claimed
                .iter()
                .cloned()
                .chain(Probe::all().filter_map(|probe| match self.get(probe) {
                    ProbeState::Done { exchange, .. } => match &exchange.result {
                        Ok(r) => evidence_in(probe, r.status, &r.body),
                        Err(_) => None,
                    },
                    _ => None,
                }))
                .collect(),
        )
    }

    /// Why a probe got 403, with the platform weighed; `None` when it did not.
    #[must_use]
    pub fn denial(&self, probe: Probe) -> Option<DenialCause> {
        self.denial_on(probe, self.platform().platform)
    }

    /// [`Probes::denial`] with the platform already judged, for callers asking for many.
    #[must_use]
    pub fn denial_on(&self, probe: Probe, platform: Platform) -> Option<DenialCause> {
        let ProbeState::Done {
            denied_because: Some(cause),
            ..
        } = self.get(probe)
        else {
            return None;
        };
        Some(with_token_scopes(
            with_platform(*cause, probe.label(), platform),
            probe.scope(),
            self.claimed_scopes.as_deref(),
        ))
    }

    /// The scopes this token uses, lacks, and those no answer settled, from the matrix
    /// (`/account`'s row first, as `account`).
    #[must_use]
    pub fn least_privilege(&self, account: &Access) -> LeastPrivilege {
        let outcome = |access: &Access, cause: Option<DenialCause>| match (access, cause) {
            (Access::Granted(_), _) => ScopeOutcome::Granted,
            (Access::Denied, Some(cause)) if cause.is_scope() => ScopeOutcome::Missing,
            (Access::Denied, Some(DenialCause::Other) | None) => ScopeOutcome::Unknown,
            (Access::Denied, Some(_)) => ScopeOutcome::NotAboutScope,
            _ => ScopeOutcome::Unknown,
        };
        let account_row = ("/account", Some("account:read"), outcome(account, None));
        LeastPrivilege::from_rows(std::iter::once(account_row).chain(Probe::all().map(|p| {
            (
                p.label(),
                p.scope(),
                outcome(&self.access(p), self.denial(p)),
            )
        })))
    }

    /// The probes' 403s as findings, one per cause, worst first.
    #[must_use]
    pub fn findings(&self) -> Vec<Finding> {
        let platform = self.platform().platform;
        let denials: Vec<(&str, DenialCause)> = Probe::all()
            .filter_map(|p| Some((p.label(), self.denial_on(p, platform)?)))
            .collect();
        denial_findings(&denials)
    }

    /// What the scope matrix shows for a probe.
    #[must_use]
    pub fn access(&self, probe: Probe) -> Access {
        match self.get(probe) {
            ProbeState::Waiting | ProbeState::Running { .. } => Access::Pending,
            ProbeState::Skipped(why) => Access::NotProbed(why),
            ProbeState::Done { exchange, data, .. } => match &exchange.result {
                Ok(r) if (200..300).contains(&r.status) => match data {
                    Some(ProbeData::Unparsed(_)) | None => Access::NotUnderstood(r.status),
                    Some(_) => Access::Granted(r.status),
                },
                Ok(r) if r.status == 403 => Access::Denied,
                Ok(r) => Access::Status(r.status),
                Err(TransportError { kind, .. }) => {
                    Access::Failed(TransportError::new(kind.clone(), "").kind_name().to_owned())
                }
            },
        }
    }
}

#[cfg(test)]
mod tests;
