//! The exit codes of `check`: what a script learns without reading any output.

use std::process::ExitCode;

use crate::api::{AccountParse, TransportErrorKind};
use crate::inspection::Inspection;

/// How `check` ended, as the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckExit {
    /// 0: the API answered with a 2xx status and the account.
    Success,
    /// 1: the API answered with another status (401, 403, 404, 429, 5xx…).
    ErrorStatus,
    /// 2: usage or input error: missing credentials, a bad flag or base URL. Nothing was sent.
    Usage,
    /// 3: no answer: DNS, connect, TLS, timeout, a cut-off body.
    Transport,
    /// 4: a 2xx status, but the body is not the account (a web page, JSON cut short or of
    /// another shape, nothing): something other than sipgate's API may have answered, so the
    /// credentials are not confirmed. Not 0, so `check && deploy` cannot pass on a captive
    /// portal's page.
    NotConfirmed,
}

impl CheckExit {
    /// The numeric code.
    #[must_use]
    pub fn code(self) -> u8 {
        match self {
            Self::Success => 0,
            Self::ErrorStatus => 1,
            Self::Usage => 2,
            Self::Transport => 3,
            Self::NotConfirmed => 4,
        }
    }

    /// The code an inspection earns: its status or failure, and for a 2xx whether the body
    /// was the account.
    #[must_use]
    pub fn of(inspection: &Inspection) -> Self {
        let exit = Self::for_outcome(
            inspection
                .exchange
                .result
                .as_ref()
                .map(|response| response.status)
                .map_err(|error| &error.kind),
        );
        match (exit, &inspection.account) {
            (Self::Success, Some(AccountParse::Account(_))) => Self::Success,
            (Self::Success, _) => Self::NotConfirmed,
            (other, _) => other,
        }
    }

    /// The code for a status that arrived, or for the kind of failure that stopped it. A
    /// request that could not even be built (a header value with a line break) is an input
    /// error, not a transport failure.
    #[must_use]
    pub fn for_outcome(outcome: Result<u16, &TransportErrorKind>) -> Self {
        match outcome {
            Ok(status) if (200..300).contains(&status) => Self::Success,
            Ok(_) => Self::ErrorStatus,
            Err(TransportErrorKind::InvalidRequest) => Self::Usage,
            Err(_) => Self::Transport,
        }
    }
}

impl From<CheckExit> for ExitCode {
    fn from(exit: CheckExit) -> Self {
        Self::from(exit.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::TlsProblem;

    #[test]
    fn statuses_and_failures_map_to_the_documented_codes() {
        for (status, code) in [(200, 0), (204, 0), (301, 1), (401, 1), (429, 1), (503, 1)] {
            assert_eq!(CheckExit::for_outcome(Ok(status)).code(), code, "{status}");
        }
        let failures = [
            (TransportErrorKind::Dns, 3),
            (TransportErrorKind::ConnectionRefused, 3),
            (TransportErrorKind::Tls(TlsProblem::UnknownIssuer), 3),
            (TransportErrorKind::Timeout, 3),
            (TransportErrorKind::BodyCutOff, 3),
            (TransportErrorKind::Other, 3),
            (TransportErrorKind::InvalidRequest, 2),
        ];
        for (kind, code) in failures {
            assert_eq!(CheckExit::for_outcome(Err(&kind)).code(), code, "{kind:?}");
        }
    }
}
