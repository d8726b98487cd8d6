//! The OAuth issuer (a Keycloak realm) and its endpoints. Plain http is refused for a host that
//! is not this machine, exactly as for the API's base URL (the same checks, `BaseUrl::parse`).

use crate::api::{BaseUrl, BaseUrlError};

/// sipgate's issuer for current clients.
pub const DEFAULT_ISSUER: &str = "https://login.sipgate.com/auth/realms/sipgate-apps";
/// The realm of [`DEFAULT_ISSUER`].
pub const DEFAULT_REALM: &str = "sipgate-apps";
/// The realm older sipgate clients were registered in.
pub const LEGACY_REALM: &str = "third-party";

/// An issuer that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issuer {
    base: BaseUrl,
}

/// Why an issuer or realm was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IssuerError {
    /// The URL itself (scheme, plain http elsewhere, user name in it).
    #[error("OAuth issuer: {0}")]
    Url(#[from] BaseUrlError),
    /// A realm name with characters a realm cannot have.
    #[error(
        "realm {0:?} is not a realm name: use letters, digits, '.', '_' or '-' (sipgate's are sipgate-apps and third-party)"
    )]
    Realm(String),
    /// `--realm` with an issuer that has no `/realms/` segment.
    #[error("the issuer {0} has no /realms/NAME part whose realm could be replaced")]
    NoRealm(String),
}

impl Issuer {
    /// Parses and checks an issuer URL.
    ///
    /// # Errors
    /// See [`IssuerError`].
    pub fn parse(input: &str, allow_insecure_http: bool) -> Result<Self, IssuerError> {
        Ok(Self {
            base: BaseUrl::parse(input, allow_insecure_http)?,
        })
    }

    /// sipgate's issuer with this realm, e.g. `third-party`.
    ///
    /// # Errors
    /// When `realm` is not a realm name.
    pub fn sipgate(realm: &str) -> Result<Self, IssuerError> {
        Self::parse(DEFAULT_ISSUER, false)?.with_realm(realm)
    }

    /// The same issuer with its realm (the segment after `/realms/`) replaced.
    ///
    /// # Errors
    /// When `realm` is not a realm name, or the issuer has no realm segment.
    pub fn with_realm(&self, realm: &str) -> Result<Self, IssuerError> {
        if realm.is_empty()
            || !realm
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        {
            return Err(IssuerError::Realm(crate::sanitize::sanitize(realm)));
        }
        let text = self.base.as_str();
        let Some(at) = text.find("/realms/") else {
            return Err(IssuerError::NoRealm(text.to_owned()));
        };
        let start = at + "/realms/".len();
        let end = text[start..].find('/').map_or(text.len(), |i| start + i);
        let replaced = format!("{}{realm}{}", &text[..start], &text[end..]);
        // The scheme and host are unchanged, so the checks that passed still pass.
        Ok(Self {
            base: BaseUrl::parse(&replaced, true)?,
        })
    }

    /// The issuer as text, without a trailing slash (what `iss` should read).
    #[must_use]
    pub fn as_str(&self) -> &str {
        self.base.as_str()
    }

    /// The realm named by the issuer's `/realms/{realm}`, when it has one.
    #[must_use]
    pub fn realm(&self) -> Option<&str> {
        let (_, rest) = self.as_str().split_once("/realms/")?;
        rest.split('/').next().filter(|r| !r.is_empty())
    }

    /// Keycloak's authorization endpoint: `{issuer}/protocol/openid-connect/auth`.
    #[must_use]
    pub fn authorization_endpoint(&self) -> String {
        self.base.endpoint("protocol/openid-connect/auth")
    }

    /// Keycloak's token endpoint: `{issuer}/protocol/openid-connect/token`.
    #[must_use]
    pub fn token_endpoint(&self) -> String {
        self.base.endpoint("protocol/openid-connect/token")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_issuer_and_its_endpoints() {
        let issuer = Issuer::sipgate(DEFAULT_REALM).expect("default");
        assert_eq!(
            issuer.authorization_endpoint(),
            "https://login.sipgate.com/auth/realms/sipgate-apps/protocol/openid-connect/auth"
        );
        assert_eq!(
            issuer.token_endpoint(),
            "https://login.sipgate.com/auth/realms/sipgate-apps/protocol/openid-connect/token"
        );
        assert_eq!(issuer.realm(), Some("sipgate-apps"));
    }

    #[test]
    fn realm_replaces_the_default_realm() {
        let issuer = Issuer::sipgate("third-party").expect("realm");
        assert_eq!(
            issuer.as_str(),
            "https://login.sipgate.com/auth/realms/third-party"
        );
        assert_eq!(
            Issuer::sipgate("a/b"),
            Err(IssuerError::Realm("a/b".into()))
        );
        assert_eq!(Issuer::sipgate(""), Err(IssuerError::Realm(String::new())));
        let plain = Issuer::parse("https://idp.example/oauth", false).expect("ok");
        assert_matches!(plain.with_realm("x"), Err(IssuerError::NoRealm(_)));
    }

    #[test]
    fn plain_http_only_to_this_machine() {
        assert_matches!(
            Issuer::parse("http://login.sipgate.com/auth/realms/sipgate-apps", false),
            Err(IssuerError::Url(BaseUrlError::InsecureHttp { .. }))
        );
        let local = Issuer::parse("http://127.0.0.1:8080/auth/realms/sipgate-apps/", false)
            .expect("loopback");
        assert_eq!(
            local.token_endpoint(),
            "http://127.0.0.1:8080/auth/realms/sipgate-apps/protocol/openid-connect/token"
        );
        assert_matches!(
            Issuer::parse("https://u:p@login.sipgate.com/auth", false),
            Err(IssuerError::Url(BaseUrlError::EmbeddedCredentials))
        );
    }
}
