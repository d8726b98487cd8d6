//! What a failed (or finished) OAuth sign-in means: a pure function from the sign-in's outcome
//! and what was asked for to findings from the catalogue, for the TUI and `login` alike.
//! Descriptions from the provider are evidence, sanitized; no finding quotes a code, a token
//! or the client secret (this module never sees them).

use super::{Facts, Finding};
use crate::format::human_duration;
use crate::oauth::{ListenError, SignInError, TokenError};

/// Every id this module produces.
pub const OAUTH_IDS: [&str; 20] = [
    "oauth.signed-in",
    "oauth.access-denied",
    "oauth.invalid-scope",
    "oauth.unauthorized-client",
    "oauth.invalid-request",
    "oauth.temporarily-unavailable",
    "oauth.redirect-error",
    "oauth.issuer-mismatch",
    "oauth.timeout",
    "oauth.state-mismatch",
    "oauth.port-in-use",
    "oauth.listen-failed",
    "oauth.token-invalid-client",
    "oauth.token-unauthorized-client",
    "oauth.token-invalid-grant",
    "oauth.token-invalid-request",
    "oauth.token-error",
    "oauth.token-not-oauth",
    "oauth.token-transport",
    "oauth.refresh-failed",
];

/// What the sign-in asked for: the facts the findings are filled with.
#[derive(Debug, Clone, Copy)]
pub struct SignInContext<'a> {
    /// The client id.
    pub client_id: &'a str,
    /// The issuer URL.
    pub issuer: &'a str,
    /// The issuer's realm, when it names one.
    pub realm: Option<&'a str>,
    /// The redirect URI.
    pub redirect_uri: &'a str,
    /// The scopes asked for.
    pub scopes: &'a [String],
}

impl SignInContext<'_> {
    fn facts(&self) -> Facts {
        let mut facts = Facts::default();
        facts
            .set("client_id", self.client_id)
            .set("url", self.issuer)
            .set("realm", self.realm.unwrap_or("(none in the issuer URL)"))
            .set("redirect_uri", self.redirect_uri)
            .set("scope", self.scopes.join(" "));
        facts
    }
}

/// The finding for a finished sign-in: the client, the scopes granted, how long the access
/// token lives.
#[must_use]
pub fn signed_in_finding(
    context: &SignInContext<'_>,
    scope_granted: Option<&str>,
    expires_in: Option<u64>,
) -> Finding {
    let mut facts = context.facts();
    if let Some(scope) = scope_granted {
        facts.set("scope", scope);
    }
    facts.set(
        "timeout",
        expires_in.map_or_else(
            || "an unstated time".to_owned(),
            |s| human_duration(std::time::Duration::from_secs(s)),
        ),
    );
    Finding::from_catalogue("oauth.signed-in", &facts)
}

/// Why a sign-in failed, and what to do.
#[must_use]
pub fn sign_in_findings(error: &SignInError, context: &SignInContext<'_>) -> Vec<Finding> {
    let mut facts = context.facts();
    match error {
        SignInError::Random(e) => {
            facts.set("error", e.to_string());
            vec![Finding::from_catalogue("oauth.listen-failed", &facts)]
        }
        SignInError::Listen(ListenError::PortInUse { port, .. }) => {
            facts.set("port", port.to_string());
            vec![Finding::from_catalogue("oauth.port-in-use", &facts)]
        }
        SignInError::Listen(e @ ListenError::Bind { .. }) => {
            facts.set("error", e.to_string());
            vec![Finding::from_catalogue("oauth.listen-failed", &facts)]
        }
        SignInError::TimedOut { waited, refusals } => {
            facts.set("timeout", human_duration(*waited));
            let mut findings = Vec::new();
            if refusals.wrong_state > 0 {
                facts.set("limit", refusals.wrong_state.to_string());
                findings.push(Finding::from_catalogue("oauth.state-mismatch", &facts));
            }
            findings.push(Finding::from_catalogue("oauth.timeout", &facts));
            findings
        }
        SignInError::Redirect { error, description } => {
            facts.set("error", error);
            let id = match error.as_str() {
                "access_denied" => "oauth.access-denied",
                "invalid_scope" => "oauth.invalid-scope",
                "unauthorized_client" => "oauth.unauthorized-client",
                "invalid_request" => "oauth.invalid-request",
                "temporarily_unavailable" | "server_error" => "oauth.temporarily-unavailable",
                _ => "oauth.redirect-error",
            };
            explained(id, &mut facts, description.as_deref())
        }
        SignInError::IssuerMismatch { got, .. } => {
            facts.set("detail", got);
            vec![Finding::from_catalogue("oauth.issuer-mismatch", &facts)]
        }
        SignInError::Token(error) => token_findings(error, &mut facts),
    }
}

/// Why a refresh failed: `invalid_grant` means the refresh token is gone (sign in again);
/// anything else is explained as at the code exchange.
#[must_use]
pub fn refresh_findings(error: &TokenError, context: &SignInContext<'_>) -> Vec<Finding> {
    let mut facts = context.facts();
    match error {
        TokenError::Provider {
            error, description, ..
        } if error == "invalid_grant" => {
            explained("oauth.refresh-failed", &mut facts, description.as_deref())
        }
        other => token_findings(other, &mut facts),
    }
}

fn token_findings(error: &TokenError, facts: &mut Facts) -> Vec<Finding> {
    match error {
        TokenError::Provider {
            status,
            error,
            description,
        } => {
            facts.set("status", status.to_string()).set("error", error);
            let id = match error.as_str() {
                "invalid_client" => "oauth.token-invalid-client",
                "unauthorized_client" => "oauth.token-unauthorized-client",
                "invalid_grant" => "oauth.token-invalid-grant",
                "invalid_request" => "oauth.token-invalid-request",
                _ => "oauth.token-error",
            };
            explained(id, facts, description.as_deref())
        }
        TokenError::Unexpected { status, excerpt } => {
            facts
                .set("status", status.to_string())
                .set("detail", excerpt);
            vec![Finding::from_catalogue("oauth.token-not-oauth", facts)]
        }
        TokenError::Transport(e) => {
            facts.set("error", &e.message);
            vec![
                Finding::from_catalogue("oauth.token-transport", facts)
                    .with_evidence(e.chain.clone()),
            ]
        }
    }
}

/// The finding for an error the provider named: its description (if any) fills the text and is
/// the evidence.
fn explained(id: &'static str, facts: &mut Facts, description: Option<&str>) -> Vec<Finding> {
    facts.set("detail", description.unwrap_or("no description given"));
    vec![Finding::from_catalogue(id, facts).with_evidence(evidence(description))]
}

fn evidence(description: Option<&str>) -> Vec<String> {
    description
        .into_iter()
        .map(crate::sanitize::sanitize)
        .collect()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::oauth::Refusals;

    fn context() -> (Vec<String>, &'static str) {
        (
            vec!["account:read".to_owned()],
            "http://127.0.0.1:8749/callback",
        )
    }

    /// The finding ids `judge` gives `error` for the client `my-app` at sipgate's issuer.
    fn judged<E>(
        error: &E,
        judge: fn(&E, &SignInContext<'_>) -> Vec<Finding>,
    ) -> Vec<&'static str> {
        let (scopes, redirect) = context();
        let ctx = SignInContext {
            client_id: "my-app",
            issuer: "https://login.sipgate.com/auth/realms/sipgate-apps",
            realm: Some("sipgate-apps"),
            redirect_uri: redirect,
            scopes: &scopes,
        };
        judge(error, &ctx).iter().map(|f| f.id).collect()
    }

    fn ids(error: &SignInError) -> Vec<&'static str> {
        judged(error, sign_in_findings)
    }

    fn refresh_ids(status: u16, error: &str) -> Vec<&'static str> {
        let error = TokenError::Provider {
            status,
            error: error.to_owned(),
            description: None,
        };
        judged(&error, refresh_findings)
    }

    #[test]
    fn only_invalid_grant_means_the_refresh_token_is_gone() {
        assert_eq!(refresh_ids(400, "invalid_grant"), ["oauth.refresh-failed"]);
        // Any other refusal is explained as at the code exchange.
        assert_eq!(
            refresh_ids(401, "invalid_client"),
            ["oauth.token-invalid-client"]
        );
    }

    fn redirect(error: &str) -> SignInError {
        SignInError::Redirect {
            error: error.to_owned(),
            description: Some("why".to_owned()),
        }
    }

    fn token(status: u16, error: &str) -> SignInError {
        SignInError::Token(TokenError::Provider {
            status,
            error: error.to_owned(),
            description: None,
        })
    }

    #[test]
    fn every_failure_has_its_finding() {
        let table: Vec<(SignInError, Vec<&str>)> = vec![
            (redirect("access_denied"), vec!["oauth.access-denied"]),
            (redirect("invalid_scope"), vec!["oauth.invalid-scope"]),
            (
                redirect("unauthorized_client"),
                vec!["oauth.unauthorized-client"],
            ),
            (redirect("invalid_request"), vec!["oauth.invalid-request"]),
            (
                redirect("temporarily_unavailable"),
                vec!["oauth.temporarily-unavailable"],
            ),
            (
                redirect("server_error"),
                vec!["oauth.temporarily-unavailable"],
            ),
            (redirect("something_new"), vec!["oauth.redirect-error"]),
            (
                SignInError::IssuerMismatch {
                    expected: "a".into(),
                    got: "b".into(),
                },
                vec!["oauth.issuer-mismatch"],
            ),
            (
                SignInError::TimedOut {
                    waited: Duration::from_secs(300),
                    refusals: Refusals::default(),
                },
                vec!["oauth.timeout"],
            ),
            (
                SignInError::TimedOut {
                    waited: Duration::from_secs(300),
                    refusals: Refusals {
                        wrong_state: 2,
                        ..Refusals::default()
                    },
                },
                vec!["oauth.state-mismatch", "oauth.timeout"],
            ),
            (
                SignInError::Listen(ListenError::PortInUse {
                    port: 8749,
                    addr: "127.0.0.1:8749".parse().expect("addr"),
                }),
                vec!["oauth.port-in-use"],
            ),
            (
                token(401, "invalid_client"),
                vec!["oauth.token-invalid-client"],
            ),
            (
                token(401, "unauthorized_client"),
                vec!["oauth.token-unauthorized-client"],
            ),
            (
                token(400, "invalid_grant"),
                vec!["oauth.token-invalid-grant"],
            ),
            (
                token(400, "invalid_request"),
                vec!["oauth.token-invalid-request"],
            ),
            (
                token(400, "unsupported_grant_type"),
                vec!["oauth.token-error"],
            ),
            (
                SignInError::Token(TokenError::Unexpected {
                    status: 502,
                    excerpt: "<html>".into(),
                }),
                vec!["oauth.token-not-oauth"],
            ),
            (
                SignInError::Token(TokenError::Transport(crate::api::TransportError::new(
                    crate::api::TransportErrorKind::ConnectionRefused,
                    "connection refused",
                ))),
                vec!["oauth.token-transport"],
            ),
        ];
        for (error, expected) in table {
            assert_eq!(ids(&error), expected, "{error:?}");
        }
    }

    #[test]
    fn texts_are_filled_and_quote_the_provider_as_evidence() {
        let (scopes, redirect) = context();
        let ctx = SignInContext {
            client_id: "my-app",
            issuer: "https://login.sipgate.com/auth/realms/sipgate-apps",
            realm: Some("sipgate-apps"),
            redirect_uri: redirect,
            scopes: &scopes,
        };
        let findings = sign_in_findings(
            &SignInError::Listen(ListenError::PortInUse {
                port: 8749,
                addr: "127.0.0.1:8749".parse().expect("addr"),
            }),
            &ctx,
        );
        assert_eq!(findings[0].title, "Port 8749 is already in use");
        let timeout = &sign_in_findings(
            &SignInError::TimedOut {
                waited: Duration::from_secs(300),
                refusals: Refusals::default(),
            },
            &ctx,
        )[0];
        assert_eq!(timeout.title, "No sign-in came back within 300 s");
        assert!(timeout.steps[2].contains("register exactly http://127.0.0.1:8749/callback"));
        let scope = &sign_in_findings(
            &SignInError::Redirect {
                error: "invalid_scope".into(),
                description: Some("Invalid scopes: balance:write".into()),
            },
            &ctx,
        )[0];
        assert!(
            scope
                .explanation
                .contains("Invalid scopes: balance:write. Asked for: account:read.")
        );
        assert_eq!(scope.evidence, ["Invalid scopes: balance:write"]);
        let refresh = refresh_findings(
            &TokenError::Provider {
                status: 400,
                error: "invalid_grant".into(),
                description: Some("Session not active".into()),
            },
            &ctx,
        );
        assert_eq!(refresh[0].id, "oauth.refresh-failed");
        let ok = signed_in_finding(&ctx, Some("account:read users:read"), Some(300));
        assert_eq!(ok.title, "Signed in as my-app");
        assert!(
            ok.explanation
                .contains("scopes account:read users:read; it is valid for 300 s"),
            "{}",
            ok.explanation
        );
    }
}
