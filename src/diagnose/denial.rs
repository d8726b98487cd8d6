//! Why an endpoint answered 403: a cause for every 403 in the scope matrix, from what the body
//! says (a sipgate error body, problem+json, plain text or a web page) and, for `/groups`,
//! from the platform the account is likely on.

use crate::api::parse_error_body;

use super::platform::{Platform, names_a_scope};
use super::{Facts, Finding};

/// The finding ids of the probes' 403s, one per cause.
pub const DENIAL_IDS: [&str; 5] = [
    "probe.403-password-reset",
    "probe.403-scope",
    "probe.403-not-booked",
    "probe.403-classic-only",
    "probe.403-unexplained",
];
use super::server_said::{NamedCause, named_cause};

/// Bytes of a body looked at for words.
const BODY_LOOKED_AT: usize = 4096;

/// The cause of one 403, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DenialCause {
    /// The body says the password must be reset: nothing works until it is.
    PasswordReset,
    /// The body names a missing scope: a token with it would be let in.
    MissingScope,
    /// The body says the feature is not booked: no token changes that.
    NotBooked,
    /// A classic-only endpoint on a neo account: no scope exists that would help.
    ClassicOnly,
    /// The body names no cause.
    Other,
}

impl DenialCause {
    /// A few words for the matrix and the summary.
    #[must_use]
    pub fn short(self) -> &'static str {
        match self {
            Self::PasswordReset => "password must be reset",
            Self::MissingScope => "scope missing",
            Self::NotBooked => "feature not booked",
            Self::ClassicOnly => "classic-only endpoint (account likely on sipgate neo)",
            Self::Other => "no cause named (often a missing scope)",
        }
    }

    /// Its finding id.
    #[must_use]
    pub fn finding_id(self) -> &'static str {
        match self {
            Self::PasswordReset => DENIAL_IDS[0],
            Self::MissingScope => DENIAL_IDS[1],
            Self::NotBooked => DENIAL_IDS[2],
            Self::ClassicOnly => DENIAL_IDS[3],
            Self::Other => DENIAL_IDS[4],
        }
    }

    /// Whether the cause is the token's scopes, for least privilege.
    #[must_use]
    pub fn is_scope(self) -> bool {
        self == Self::MissingScope
    }
}

/// The cause a 403 body names, before the platform is weighed.
#[must_use]
pub fn denial_cause(body: &[u8]) -> DenialCause {
    let head = String::from_utf8_lossy(&body[..body.len().min(BODY_LOOKED_AT)]).to_lowercase();
    if head.contains("classic pbx") {
        return DenialCause::ClassicOnly;
    }
    if head.contains("password") && head.contains("reset") {
        return DenialCause::PasswordReset;
    }
    if let Some(NamedCause::NotBooked(_)) = named_cause(403, &parse_error_body(body)) {
        return DenialCause::NotBooked;
    }
    if names_a_scope(body) {
        return DenialCause::MissingScope;
    }
    DenialCause::Other
}

/// The cause once the platform is known: `/groups` denied without a named cause on a likely
/// neo account is the platform's doing, not a scope's.
#[must_use]
pub fn with_platform(cause: DenialCause, endpoint: &str, platform: Platform) -> DenialCause {
    if cause == DenialCause::Other && endpoint == "/groups" && platform == Platform::Neo {
        DenialCause::ClassicOnly
    } else {
        cause
    }
}

/// The cause once the token's own scope claim is known (an OAuth token that is a JWT): a 403
/// whose body names no cause, on an endpoint whose scope the claim lacks (and no `all`), is a
/// missing scope. A claim is what the token says it carries, so it settles only what the
/// body left open.
#[must_use]
pub fn with_token_scopes(
    cause: DenialCause,
    endpoint_scope: Option<&str>,
    claimed: Option<&[String]>,
) -> DenialCause {
    match (cause, endpoint_scope, claimed) {
        (DenialCause::Other, Some(scope), Some(claimed))
            if !claimed.iter().any(|c| c == scope || c == "all") =>
        {
            DenialCause::MissingScope
        }
        _ => cause,
    }
}

/// One finding per cause among the probes' 403s (endpoint, cause), worst cause first; the
/// endpoints behind each are its evidence.
#[must_use]
pub fn denial_findings(denials: &[(&str, DenialCause)]) -> Vec<Finding> {
    let mut causes: Vec<DenialCause> = denials.iter().map(|(_, c)| *c).collect();
    causes.sort();
    causes.dedup();
    causes
        .into_iter()
        .map(|cause| {
            let mut finding = Finding::from_catalogue(cause.finding_id(), &Facts::default());
            finding.evidence = denials
                .iter()
                .filter(|(_, c)| *c == cause)
                .map(|(endpoint, _)| format!("{endpoint} answered 403"))
                .collect();
            finding
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_scope_claim_settles_only_what_the_body_left_open() {
        let claimed = ["openid".to_owned(), "account:read".to_owned()];
        // No cause in the body, and the claim lacks the endpoint's scope: a missing scope.
        assert_eq!(
            with_token_scopes(DenialCause::Other, Some("balance:read"), Some(&claimed)),
            DenialCause::MissingScope
        );
        // The claim has it: still no cause named.
        assert_eq!(
            with_token_scopes(DenialCause::Other, Some("account:read"), Some(&claimed)),
            DenialCause::Other
        );
        // `all` covers every scope.
        assert_eq!(
            with_token_scopes(
                DenialCause::Other,
                Some("balance:read"),
                Some(&["all".to_owned()])
            ),
            DenialCause::Other
        );
        // A cause the body named stands; no claim, or an endpoint without a scope: unchanged.
        assert_eq!(
            with_token_scopes(DenialCause::NotBooked, Some("balance:read"), Some(&claimed)),
            DenialCause::NotBooked
        );
        assert_eq!(
            with_token_scopes(DenialCause::Other, Some("balance:read"), None),
            DenialCause::Other
        );
        assert_eq!(
            with_token_scopes(DenialCause::Other, None, Some(&claimed)),
            DenialCause::Other
        );
    }

    #[test]
    fn causes_have_short_names_and_only_a_missing_scope_is_the_scopes_doing() {
        let all = [
            (DenialCause::PasswordReset, "password must be reset", false),
            (DenialCause::MissingScope, "scope missing", true),
            (DenialCause::NotBooked, "feature not booked", false),
            (
                DenialCause::ClassicOnly,
                "classic-only endpoint (account likely on sipgate neo)",
                false,
            ),
            (
                DenialCause::Other,
                "no cause named (often a missing scope)",
                false,
            ),
        ];
        for (cause, short, is_scope) in all {
            assert_eq!(cause.short(), short);
            assert_eq!(cause.is_scope(), is_scope, "{cause:?}");
        }
    }

    #[test]
    fn a_password_without_a_reset_is_not_a_reset() {
        assert_eq!(
            denial_cause(br#"{"message":"wrong password"}"#),
            DenialCause::Other
        );
        assert_eq!(
            denial_cause(br#"{"message":"reset the counter"}"#),
            DenialCause::Other
        );
    }

    #[test]
    fn every_403_gets_a_cause() {
        let sipgate = |detail: &str| {
            format!(r#"{{"errors":[{{"status":403,"title":"Forbidden","detail":"{detail}"}}]}}"#)
        };
        assert_eq!(
            denial_cause(sipgate("The token lacks the scope balance:read").as_bytes()),
            DenialCause::MissingScope
        );
        assert_eq!(
            denial_cause(br#"{"type":"about:blank","title":"Forbidden","status":403,"detail":"insufficient scope"}"#),
            DenialCause::MissingScope
        );
        assert_eq!(
            denial_cause(sipgate("Feature not booked").as_bytes()),
            DenialCause::NotBooked
        );
        assert_eq!(
            denial_cause(b"<html><body>Please reset your password</body></html>"),
            DenialCause::PasswordReset
        );
        assert_eq!(
            denial_cause(b"This endpoint requires a sipgate Classic PBX Account"),
            DenialCause::ClassicOnly
        );
        assert_eq!(denial_cause(b""), DenialCause::Other);
        assert_eq!(
            denial_cause(br#"{"errors":[{"title":"Forbidden"}]}"#),
            DenialCause::Other
        );
    }

    #[test]
    fn findings_explain_the_worst_cause_first() {
        let findings = denial_findings(&[
            ("/groups", DenialCause::ClassicOnly),
            ("/balance", DenialCause::MissingScope),
            ("/{userId}/phonelines", DenialCause::ClassicOnly),
        ]);
        let ids: Vec<&str> = findings.iter().map(|f| f.id).collect();
        assert_eq!(ids, ["probe.403-scope", "probe.403-classic-only"]);
        assert_eq!(findings[0].evidence, ["/balance answered 403"]);
        assert_eq!(
            findings[1].evidence,
            ["/groups answered 403", "/{userId}/phonelines answered 403"]
        );
        assert!(denial_findings(&[]).is_empty());
    }

    #[test]
    fn groups_denied_on_neo_is_the_platform_not_a_scope() {
        assert_eq!(
            with_platform(DenialCause::Other, "/groups", Platform::Neo),
            DenialCause::ClassicOnly
        );
        assert_eq!(
            with_platform(DenialCause::Other, "/groups", Platform::Unknown),
            DenialCause::Other
        );
        assert_eq!(
            with_platform(DenialCause::MissingScope, "/groups", Platform::Neo),
            DenialCause::MissingScope
        );
        assert_eq!(
            with_platform(DenialCause::Other, "/balance", Platform::Neo),
            DenialCause::Other
        );
        // Worst first.
        let mut causes = vec![
            DenialCause::Other,
            DenialCause::ClassicOnly,
            DenialCause::MissingScope,
            DenialCause::PasswordReset,
        ];
        causes.sort();
        assert_eq!(
            causes,
            vec![
                DenialCause::PasswordReset,
                DenialCause::MissingScope,
                DenialCause::ClassicOnly,
                DenialCause::Other
            ]
        );
    }
}
