//! Which sipgate platform the account likely runs on, classic or neo, and the evidence that
//! decided it. Every fact behind this is second-hand (sipgate's API description says nothing
//! about platforms), so the verdict is always "likely" and always shown with its evidence.
//!
//! Evidence is a list of [`Evidence`] items, each pointing to one platform; a new source (a
//! JWT's `featureScope` claim, say) is one more variant, weighed by the same [`judge`].

use crate::api::{Probe, parse_error_body};
use crate::sanitize::sanitize_line;

/// What a plain-text 403 says on a neo account when the endpoint is classic-only.
const CLASSIC_ONLY_WORDS: &str = "classic pbx";
/// Bytes of a body looked at: the sentence sipgate sends is short, and a large page must not
/// cost more than this to match or show.
const BODY_LOOKED_AT: usize = 4096;
/// Characters of a server's body shown in evidence.
const BODY_SHOWN: usize = 80;

/// The platform an account runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    /// sipgate classic: accounts created before September 2025.
    Classic,
    /// sipgate neo: every account created since September 2025.
    Neo,
    /// No evidence, or evidence that conflicts.
    Unknown,
}

impl Platform {
    /// The name in `check --json`: `classic`, `neo` or `unknown`.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::Classic => "classic",
            Self::Neo => "neo",
            Self::Unknown => "unknown",
        }
    }

    /// The platform as a reader knows it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Classic => "sipgate classic",
            Self::Neo => "sipgate neo",
            Self::Unknown => "unknown",
        }
    }
}

/// One observation that points to a platform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Evidence {
    /// `/groups` answered 2xx: classic accounts have groups.
    GroupsAnswered(u16),
    /// `/groups` answered 403 without a sipgate error body (which would be about the
    /// token's scopes): neo accounts have no groups.
    GroupsDenied,
    /// An endpoint answered 403 with a body naming the Classic PBX (the body, sanitized and
    /// cut): it is classic-only and the account is not classic.
    ClassicOnly {
        /// The endpoint as documented, e.g. `/{userId}/phonelines`.
        endpoint: &'static str,
        /// What it said.
        said: String,
    },
    /// The OAuth token's `featureScope` claim (`CLASSIC_PBX` or `NEO_PBX`), reported to name
    /// the platform; second-hand, so it is weighed like the answers, not above them.
    FeatureScope(Platform),
}

impl Evidence {
    /// The evidence in a token's `featureScope` claim; `None` for a value that names neither
    /// platform.
    #[must_use]
    pub fn from_feature_scope(claim: &str) -> Option<Self> {
        match claim {
            "CLASSIC_PBX" => Some(Self::FeatureScope(Platform::Classic)),
            "NEO_PBX" => Some(Self::FeatureScope(Platform::Neo)),
            _ => None,
        }
    }

    /// The platform this points to.
    #[must_use]
    pub fn points_to(&self) -> Platform {
        match self {
            Self::GroupsAnswered(_) => Platform::Classic,
            Self::GroupsDenied | Self::ClassicOnly { .. } => Platform::Neo,
            Self::FeatureScope(platform) => *platform,
        }
    }

    /// One line for the Summary and `check --json`.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Self::GroupsAnswered(status) => {
                format!("/groups answered {status} (classic accounts have groups)")
            }
            Self::GroupsDenied => {
                "/groups answered 403 without an error body (neo accounts have no groups)"
                    .to_owned()
            }
            Self::ClassicOnly { endpoint, said } => {
                format!("{endpoint} answered 403 \"{said}\" (classic-only endpoint)")
            }
            Self::FeatureScope(platform) => format!(
                "the OAuth token's featureScope claim is {} (reported to name the platform)",
                match platform {
                    Platform::Classic => "CLASSIC_PBX",
                    Platform::Neo => "NEO_PBX",
                    Platform::Unknown => "unknown",
                }
            ),
        }
    }
}

/// The platform, the evidence weighed, and what conflicts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Likely platform.
    pub platform: Platform,
    /// Every observation, in the order found.
    pub evidence: Vec<Evidence>,
}

impl Verdict {
    /// One line: "likely sipgate neo", "unknown: no evidence", or "unknown: … conflicts with …".
    #[must_use]
    pub fn headline(&self) -> String {
        match self.platform {
            Platform::Classic | Platform::Neo => format!("likely {}", self.platform.name()),
            Platform::Unknown if self.evidence.is_empty() => {
                "unknown (no endpoint told them apart)".to_owned()
            }
            Platform::Unknown => "unknown: the evidence conflicts".to_owned(),
        }
    }

    /// The evidence lines, as `check --json` lists them.
    #[must_use]
    pub fn evidence_lines(&self) -> Vec<String> {
        self.evidence.iter().map(Evidence::describe).collect()
    }
}

/// Weighs the evidence: one platform when everything points to it, else unknown.
#[must_use]
pub fn judge(evidence: Vec<Evidence>) -> Verdict {
    let mut pointed = evidence.iter().map(Evidence::points_to);
    let platform = match pointed.next() {
        Some(first) if pointed.all(|p| p == first) => first,
        _ => Platform::Unknown,
    };
    Verdict { platform, evidence }
}

/// The evidence in one probe's answer (status and body), if any.
#[must_use]
pub fn evidence_in(probe: Probe, status: u16, body: &[u8]) -> Option<Evidence> {
    if status == 403
        && let Some(said) = names_classic_pbx(body)
    {
        return Some(Evidence::ClassicOnly {
            endpoint: probe.label(),
            said,
        });
    }
    if probe.label() != "/groups" {
        return None;
    }
    match status {
        200..=299 => Some(Evidence::GroupsAnswered(status)),
        // A sipgate error body (JSON) is how sipgate refuses a token without the scope, so
        // only a 403 without one (plain text, a page, nothing) is taken as the platform's.
        403 if parse_error_body(body).is_empty() => Some(Evidence::GroupsDenied),
        _ => None,
    }
}

/// The body, shown: the start of it as text, sanitized, on one line, cut.
#[must_use]
pub fn body_excerpt(body: &[u8]) -> String {
    let head = String::from_utf8_lossy(&body[..body.len().min(BODY_LOOKED_AT)]);
    let line = head.split_whitespace().collect::<Vec<_>>().join(" ");
    sanitize_line(&line, BODY_SHOWN)
}

/// The body when it names the Classic PBX, as shown.
fn names_classic_pbx(body: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&body[..body.len().min(BODY_LOOKED_AT)]);
    head.to_lowercase()
        .contains(CLASSIC_ONLY_WORDS)
        .then(|| body_excerpt(body))
}

/// Whether a sipgate error body (or problem+json) names a scope.
#[must_use]
pub fn names_a_scope(body: &[u8]) -> bool {
    parse_error_body(body)
        .iter()
        .flat_map(|e| [e.detail.as_deref(), e.title.as_deref()])
        .flatten()
        .any(|t| t.to_lowercase().contains("scope"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe(label: &str) -> Probe {
        Probe::with_label(label).expect("in the table")
    }

    #[test]
    fn a_feature_scope_claim_is_weighed_with_the_answers() {
        assert_eq!(
            Evidence::from_feature_scope("NEO_PBX"),
            Some(Evidence::FeatureScope(Platform::Neo))
        );
        assert_eq!(
            Evidence::from_feature_scope("CLASSIC_PBX"),
            Some(Evidence::FeatureScope(Platform::Classic))
        );
        assert_eq!(Evidence::from_feature_scope("SOMETHING_ELSE"), None);
        let neo = judge(vec![Evidence::FeatureScope(Platform::Neo)]);
        assert_eq!(neo.headline(), "likely sipgate neo");
        assert_eq!(
            neo.evidence_lines(),
            ["the OAuth token's featureScope claim is NEO_PBX (reported to name the platform)"]
        );
        // The claim says neo, /groups answered: they conflict, and neither wins.
        let conflict = judge(vec![
            Evidence::FeatureScope(Platform::Neo),
            Evidence::GroupsAnswered(200),
        ]);
        assert_eq!(conflict.platform, Platform::Unknown);
        assert_eq!(conflict.headline(), "unknown: the evidence conflicts");
    }

    const CLASSIC_ONLY: &[u8] = b"This endpoint requires a sipgate Classic PBX Account";

    #[test]
    fn groups_tell_classic_from_neo() {
        assert_eq!(
            evidence_in(probe("/groups"), 200, b"{\"items\":[]}"),
            Some(Evidence::GroupsAnswered(200))
        );
        assert_eq!(
            evidence_in(probe("/groups"), 403, b""),
            Some(Evidence::GroupsDenied)
        );
        assert_eq!(
            evidence_in(probe("/groups"), 403, b"Forbidden"),
            Some(Evidence::GroupsDenied)
        );
        // A sipgate error body, naming the scope or not, is about the token, not the platform.
        let scope = br#"{"errors":[{"title":"Forbidden","detail":"The token lacks the scope groups:read"}]}"#;
        assert_eq!(evidence_in(probe("/groups"), 403, scope), None);
        let generic = br#"{"errors":[{"title":"Forbidden"}]}"#;
        assert_eq!(evidence_in(probe("/groups"), 403, generic), None);
        assert_eq!(evidence_in(probe("/groups"), 500, b""), None);
        assert_eq!(evidence_in(probe("/balance"), 200, b"{}"), None);
    }

    #[test]
    fn a_plain_text_403_naming_the_classic_pbx_points_to_neo() {
        let evidence = evidence_in(probe("/{userId}/phonelines"), 403, CLASSIC_ONLY);
        assert_eq!(
            evidence,
            Some(Evidence::ClassicOnly {
                endpoint: "/{userId}/phonelines",
                said: "This endpoint requires a sipgate Classic PBX Account".to_owned(),
            })
        );
        assert_eq!(
            evidence.expect("evidence").describe(),
            "/{userId}/phonelines answered 403 \"This endpoint requires a sipgate Classic PBX \
             Account\" (classic-only endpoint)"
        );
        assert_eq!(
            evidence_in(probe("/{userId}/phonelines"), 200, CLASSIC_ONLY),
            None
        );
    }

    #[test]
    fn the_verdict_is_likely_and_conflicts_make_it_unknown() {
        let neo = judge(vec![
            Evidence::GroupsDenied,
            Evidence::ClassicOnly {
                endpoint: "/{userId}/phonelines",
                said: "x".to_owned(),
            },
        ]);
        assert_eq!(neo.platform, Platform::Neo);
        assert_eq!(neo.headline(), "likely sipgate neo");
        let classic = judge(vec![Evidence::GroupsAnswered(200)]);
        assert_eq!(classic.platform, Platform::Classic);
        assert_eq!(classic.headline(), "likely sipgate classic");
        let none = judge(Vec::new());
        assert_eq!(none.platform, Platform::Unknown);
        assert_eq!(none.headline(), "unknown (no endpoint told them apart)");
        let conflict = judge(vec![
            Evidence::GroupsAnswered(200),
            Evidence::ClassicOnly {
                endpoint: "/{userId}/phonelines",
                said: "x".to_owned(),
            },
        ]);
        assert_eq!(conflict.platform, Platform::Unknown);
        assert_eq!(conflict.headline(), "unknown: the evidence conflicts");
        assert_eq!(
            conflict.evidence_lines(),
            vec![
                "/groups answered 200 (classic accounts have groups)".to_owned(),
                "/{userId}/phonelines answered 403 \"x\" (classic-only endpoint)".to_owned(),
            ]
        );
    }

    #[test]
    fn bodies_of_any_size_and_bytes_are_cut_and_sanitized() {
        let mut page =
            b"<html>\n<body>\x1b[31mThis endpoint requires a sipgate Classic PBX Account".to_vec();
        page.extend(std::iter::repeat_n(b'x', 1_000_000));
        let Some(Evidence::ClassicOnly { said, .. }) =
            evidence_in(probe("/{userId}/phonelines"), 403, &page)
        else {
            panic!("matched")
        };
        assert!(!said.contains('\x1b'), "{said}");
        assert!(said.starts_with("<html> <body>"), "{said}");
        assert!(said.chars().count() < 120, "{said}");
        // Bytes that are not UTF-8 show visibly, as the sanitizer escapes U+FFFD.
        assert_eq!(body_excerpt(b"\xff\xfe plain"), r"\u{fffd}\u{fffd} plain");
    }
}
