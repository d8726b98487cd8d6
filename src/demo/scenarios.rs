//! The demo scenarios: which token id reproduces which API behaviour.
//!
//! [`SCENARIOS`] is the public, human-readable table (shown in the TUI help and the README);
//! [`Behavior`] is what the server does for each entry. Both are keyed by the token id, and a
//! unit test keeps the two in step.

/// One demo credential and what the demo server does with it.
///
/// Use `token_id` as the token id and [`DEMO_TOKEN`](super::DEMO_TOKEN) as the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scenario {
    /// Token id selecting the scenario; `token-` plus six ASCII letters or digits.
    pub token_id: &'static str,
    /// Short name, at most 22 characters (e.g. "Missing scope").
    pub title: &'static str,
    /// One line saying what the server answers, at most 70 characters.
    pub effect: &'static str,
}

/// Every demo scenario, happy path first, in the order the help overlay lists them.
pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        token_id: "token-DEMO01",
        title: "Happy path",
        effect: "200 with demo data on every endpoint",
    },
    Scenario {
        token_id: "token-FORBID",
        title: "Missing scope",
        effect: "403 with a sipgate error body on every endpoint but userinfo",
    },
    Scenario {
        token_id: "token-LIMITD",
        title: "Some scopes only",
        effect: "200 on account, userinfo, users; 403 on every other endpoint",
    },
    Scenario {
        token_id: "token-NEOPBX",
        title: "Neo account",
        effect: "403 on /groups, plain-text 403 on /{userId}/phonelines, 200 elsewhere",
    },
    Scenario {
        token_id: "token-CLASSC",
        title: "Classic account",
        effect: "200 on every endpoint, /groups and /{userId}/phonelines included",
    },
    Scenario {
        token_id: "token-BAL402",
        title: "Balance 402",
        effect: "402 \"Insufficient balance\" on /balance, 200 elsewhere",
    },
    Scenario {
        token_id: "token-NOBOOK",
        title: "Feature not booked",
        effect: "403 \"Feature not booked\" on /account, 200 elsewhere",
    },
    Scenario {
        token_id: "token-NOTFND",
        title: "Account not found",
        effect: "404 \"Account not found\" on /account, 200 elsewhere",
    },
    Scenario {
        token_id: "token-EXPIRD",
        title: "Token revoked",
        effect: "401 \"token revoked or expired\" on every endpoint",
    },
    Scenario {
        token_id: "token-RATE42",
        title: "Rate limited",
        effect: "429 problem+json with Retry-After: 30 on every endpoint",
    },
    Scenario {
        token_id: "token-ERR500",
        title: "Server error",
        effect: "500 with a sipgate error body on every endpoint",
    },
    Scenario {
        token_id: "token-SLOW05",
        title: "Slow answer",
        effect: "200 after a 5 second delay (try cancelling)",
    },
    Scenario {
        token_id: "token-BROKEN",
        title: "Malformed JSON",
        effect: "200 application/json with a truncated body",
    },
    Scenario {
        token_id: "token-PORTAL",
        title: "Captive portal",
        effect: "200 text/html login page instead of JSON",
    },
];

/// The scenario a token id selects, if it is one of [`SCENARIOS`].
#[must_use]
pub fn scenario(token_id: &str) -> Option<&'static Scenario> {
    SCENARIOS.iter().find(|s| s.token_id == token_id)
}

/// What the server does for a caller; one per scenario, and [`Behavior::Normal`] for the happy
/// path (demo PAT and demo bearer token alike).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Behavior {
    /// Demo data everywhere.
    Normal,
    /// 403 naming the missing scope on every endpoint that needs one.
    MissingScope,
    /// Scopes for account and users only: 403 on every other endpoint but userinfo.
    LimitedScopes,
    /// A Neo account: `/groups` 403, classic-only endpoints a plain-text 403.
    Neo,
    /// A Classic account: demo data everywhere, groups and phonelines included.
    Classic,
    /// 402 on `/balance`.
    PaymentRequired,
    /// 403 "Feature not booked" on /account.
    NotBooked,
    /// 404 "Account not found" on /account.
    AccountNotFound,
    /// 401 saying the token was revoked or expired.
    Expired,
    /// 429 problem+json with `Retry-After`.
    RateLimited,
    /// 500 with a sipgate error body.
    ServerError,
    /// Demo data after [`SLOW_DELAY`](super::endpoints::SLOW_DELAY).
    Slow,
    /// `application/json` that is cut off half-way.
    Broken,
    /// An HTML captive-portal page.
    Portal,
}

impl Behavior {
    /// Every behaviour; a variant missing here is never constructed, which rustc warns about.
    const ALL: [Self; 14] = [
        Self::Normal,
        Self::MissingScope,
        Self::LimitedScopes,
        Self::Neo,
        Self::Classic,
        Self::PaymentRequired,
        Self::NotBooked,
        Self::AccountNotFound,
        Self::Expired,
        Self::RateLimited,
        Self::ServerError,
        Self::Slow,
        Self::Broken,
        Self::Portal,
    ];

    /// The token id selecting this behaviour; the match is exhaustive, so a new variant needs one.
    fn token_id(self) -> &'static str {
        match self {
            Self::Normal => "token-DEMO01",
            Self::MissingScope => "token-FORBID",
            Self::LimitedScopes => "token-LIMITD",
            Self::Neo => "token-NEOPBX",
            Self::Classic => "token-CLASSC",
            Self::PaymentRequired => "token-BAL402",
            Self::NotBooked => "token-NOBOOK",
            Self::AccountNotFound => "token-NOTFND",
            Self::Expired => "token-EXPIRD",
            Self::RateLimited => "token-RATE42",
            Self::ServerError => "token-ERR500",
            Self::Slow => "token-SLOW05",
            Self::Broken => "token-BROKEN",
            Self::Portal => "token-PORTAL",
        }
    }

    /// The behaviour a scenario token id selects (the happy-path id included).
    pub(crate) fn for_token_id(token_id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.token_id() == token_id)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::demo::DEMO_TOKEN_ID;

    #[test]
    fn happy_path_comes_first() {
        assert_eq!(SCENARIOS[0].token_id, DEMO_TOKEN_ID);
        assert_eq!(
            Behavior::for_token_id(DEMO_TOKEN_ID),
            Some(Behavior::Normal)
        );
    }

    #[test]
    fn token_ids_have_sipgate_format_and_are_unique() {
        let mut seen = HashSet::new();
        for s in SCENARIOS {
            let suffix = s.token_id.strip_prefix("token-").expect(s.token_id);
            assert_eq!(suffix.len(), 6, "{}", s.token_id);
            assert!(
                suffix.chars().all(|c| c.is_ascii_alphanumeric()),
                "{}",
                s.token_id
            );
            assert!(seen.insert(s.token_id), "duplicate {}", s.token_id);
        }
    }

    #[test]
    fn texts_fit_the_help_overlay() {
        for s in SCENARIOS {
            assert!(s.title.chars().count() <= 22, "title too long: {}", s.title);
            assert!(
                s.effect.chars().count() <= 70,
                "effect too long: {}",
                s.effect
            );
        }
    }

    #[test]
    fn table_and_behaviors_match_one_to_one() {
        assert_eq!(SCENARIOS.len(), Behavior::ALL.len());
        for behavior in Behavior::ALL {
            assert!(
                scenario(behavior.token_id()).is_some(),
                "{behavior:?} has no table row"
            );
        }
        let distinct: HashSet<_> = SCENARIOS
            .iter()
            .map(|s| Behavior::for_token_id(s.token_id).expect(s.token_id))
            .map(Behavior::token_id)
            .collect();
        assert_eq!(distinct.len(), SCENARIOS.len());
    }

    #[test]
    fn lookup_finds_table_rows_only() {
        assert_eq!(
            scenario("token-RATE42").map(|s| s.title),
            Some("Rate limited")
        );
        assert_eq!(scenario("token-FQ1V12"), None);
        assert_eq!(Behavior::for_token_id("token-FQ1V12"), None);
    }
}
