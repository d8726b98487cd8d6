//! The demo OAuth provider's clients: one that works, and one for each failure the inspector
//! explains (wrong secret, redirect URI not registered, short-lived tokens, a session that
//! ends, a client of the older realm). Any other client id gets Keycloak's "Client not found".

/// Client id of the demo client that signs in (prefilled by `--demo`).
pub const DEMO_CLIENT_ID: &str = "demo-app";
/// Its secret (and that of every demo client but the wrong-secret one).
pub const DEMO_CLIENT_SECRET: &str = "demo-secret";

/// Which redirect URIs a client has registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Registered {
    /// Any `http://` URI on `localhost`, `127.0.0.1` or `[::1]` (so tests may pick a port).
    AnyLoopback,
    /// Exactly this URI.
    Only(&'static str),
}

/// What a refresh gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RefreshRule {
    /// A new access token.
    Works,
    /// `invalid_grant` "Session not active" (the session ended at the provider).
    SessionEnded,
}

/// One demo client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoClient {
    /// Client id.
    pub id: &'static str,
    /// What happens when you sign in with it.
    pub effect: &'static str,
    pub(crate) secret: &'static str,
    pub(crate) realm: &'static str,
    pub(crate) registered: Registered,
    pub(crate) access_secs: i64,
    pub(crate) refresh: RefreshRule,
}

/// The demo clients (secret `demo-secret` unless said otherwise), as F1 and the README list them.
pub const DEMO_CLIENTS: &[DemoClient] = &[
    DemoClient {
        id: DEMO_CLIENT_ID,
        effect: "signs in (Allow) or is declined (Deny); tokens live 300 s as sipgate's",
        secret: DEMO_CLIENT_SECRET,
        realm: "sipgate-apps",
        registered: Registered::AnyLoopback,
        access_secs: 300,
        refresh: RefreshRule::Works,
    },
    DemoClient {
        id: "demo-short-lived",
        effect: "access tokens expire after 20 s: watch the refresh",
        secret: DEMO_CLIENT_SECRET,
        realm: "sipgate-apps",
        registered: Registered::AnyLoopback,
        access_secs: 20,
        refresh: RefreshRule::Works,
    },
    DemoClient {
        id: "demo-session-ends",
        effect: "signs in, but every refresh fails: session not active",
        secret: DEMO_CLIENT_SECRET,
        realm: "sipgate-apps",
        registered: Registered::AnyLoopback,
        access_secs: 20,
        refresh: RefreshRule::SessionEnded,
    },
    DemoClient {
        id: "demo-wrong-secret",
        effect: "its secret is not demo-secret: the token endpoint answers 401",
        secret: "a-secret-nobody-was-told",
        realm: "sipgate-apps",
        registered: Registered::AnyLoopback,
        access_secs: 300,
        refresh: RefreshRule::Works,
    },
    DemoClient {
        id: "demo-other-redirect",
        effect: "registered another redirect URI: \"Invalid parameter: redirect_uri\", no redirect",
        secret: DEMO_CLIENT_SECRET,
        realm: "sipgate-apps",
        registered: Registered::Only("http://127.0.0.1:8749/registered-elsewhere"),
        access_secs: 300,
        refresh: RefreshRule::Works,
    },
    DemoClient {
        id: "demo-legacy",
        effect: "registered in realm third-party: \"Client not found\" in sipgate-apps (--realm third-party works)",
        secret: DEMO_CLIENT_SECRET,
        realm: "third-party",
        registered: Registered::AnyLoopback,
        access_secs: 300,
        refresh: RefreshRule::Works,
    },
];

/// The client with this id in this realm.
pub(crate) fn find(id: &str, realm: &str) -> Option<&'static DemoClient> {
    DEMO_CLIENTS.iter().find(|c| c.id == id && c.realm == realm)
}

impl DemoClient {
    /// Whether `uri` is registered for this client (compared exactly, as Keycloak does).
    pub(crate) fn accepts_redirect(&self, uri: &str) -> bool {
        match self.registered {
            Registered::Only(only) => uri == only,
            Registered::AnyLoopback => crate::oauth::RedirectUri::parse(uri).is_ok(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clients_are_found_only_in_their_realm() {
        assert_eq!(
            find("demo-app", "sipgate-apps").map(|c| c.id),
            Some("demo-app")
        );
        assert_eq!(find("demo-legacy", "sipgate-apps"), None);
        assert!(find("demo-legacy", "third-party").is_some());
        assert_eq!(find("nobody", "sipgate-apps"), None);
    }

    #[test]
    fn redirect_uris_are_compared_exactly() {
        let strict = find("demo-other-redirect", "sipgate-apps").expect("listed");
        assert!(!strict.accepts_redirect("http://127.0.0.1:8749/callback"));
        assert!(strict.accepts_redirect("http://127.0.0.1:8749/registered-elsewhere"));
        let app = find("demo-app", "sipgate-apps").expect("listed");
        assert!(app.accepts_redirect("http://127.0.0.1:40000/cb"));
        assert!(!app.accepts_redirect("https://evil.example/cb"));
    }
}
