//! The demo's JWT-shaped OAuth access tokens: what sipgate's tokens carry (issuer and realm,
//! client, scopes, iat and exp, `featureScope`), unsigned, with times computed from when the
//! demo starts, so that "expired" and "expires in 20 s" are true when they are shown.
//!
//! The demo server judges them without keeping state: a token with the demo's header and
//! placeholder signature is read (never verified, like everywhere else) and accepted until its
//! `exp`, by the client (`azp`) it names.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::scenarios::Behavior;
use crate::api::jwt::{SIPGATE_ISSUER, TokenContents, decode};

/// `{"alg":"none","typ":"JWT"}`: unsigned, as [`super::DEMO_ACCESS_TOKEN`].
const HEADER: &str = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0";

/// `demo-signature-not-valid`: a placeholder, so the token has a JWT's three parts.
const SIGNATURE: &str = "ZGVtby1zaWduYXR1cmUtbm90LXZhbGlk";

/// How long the valid demo tokens live: long enough for a demo session (sipgate's own live
/// 300 s).
const VALID_SECS: i64 = 12 * 3600;

/// One demo access token, as the help and `demo-server` list it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoJwt {
    /// Short name.
    pub title: &'static str,
    /// What the inspector and the server make of it.
    pub effect: &'static str,
    /// The token (not a secret: it is the demo's, and valid nowhere else).
    pub token: String,
}

/// (title, effect, client, realm, scope, featureScope, iat and exp relative to the start).
type Spec = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    i64,
    i64,
);

const SPECS: [Spec; 4] = [
    (
        "jwt-neo-limited",
        "neo (featureScope NEO_PBX), scope account:read users:read: 403 on the rest",
        "demo-neo-crm",
        "sipgate-apps",
        "openid account:read users:read",
        Some("NEO_PBX"),
        0,
        VALID_SECS,
    ),
    (
        "jwt-expired",
        "expired 3 h ago: a pre-flight error, and 401 if sent",
        "demo-crm",
        "sipgate-apps",
        "all",
        None,
        -3 * 3600 - 300,
        -3 * 3600,
    ),
    (
        "jwt-expiring",
        "expires 20 s after the demo started: a warning, then 401",
        "demo-crm",
        "sipgate-apps",
        "all",
        None,
        -280,
        20,
    ),
    (
        "jwt-third-party",
        "issued by the older realm third-party; demo data everywhere",
        "demo-legacy-app",
        "third-party",
        "all",
        None,
        0,
        VALID_SECS,
    ),
];

/// The demo's JWTs, with times counted from `started` (Unix seconds).
#[must_use]
pub fn demo_jwts(started: i64) -> Vec<DemoJwt> {
    SPECS
        .iter()
        .map(
            |&(title, effect, client, realm, scope, feature, iat, exp)| {
                let mut payload = serde_json::json!({
                    "iss": format!("{SIPGATE_ISSUER}{realm}"),
                    "azp": client,
                    "sub": "w0",
                    "scope": scope,
                    "iat": started + iat,
                    "exp": started + exp,
                    "demo": true,
                });
                if let (Some(feature), Some(map)) = (feature, payload.as_object_mut()) {
                    map.insert("featureScope".to_owned(), feature.into());
                }
                let token = format!(
                    "{HEADER}.{}.{SIGNATURE}",
                    URL_SAFE_NO_PAD.encode(payload.to_string())
                );
                DemoJwt {
                    title,
                    effect,
                    token,
                }
            },
        )
        .collect()
}

/// A demo access token minted by the demo OAuth provider (`src/demo/oauth.rs`): the same
/// header and placeholder signature as the listed ones, so the demo API accepts it until `exp`.
pub(crate) fn mint(issuer: &str, client: &str, scope: &str, iat: i64, exp: i64) -> String {
    let payload = serde_json::json!({
        "iss": issuer,
        "azp": client,
        "sub": "w0",
        "scope": scope,
        "iat": iat,
        "exp": exp,
        "demo": true,
    });
    format!(
        "{HEADER}.{}.{SIGNATURE}",
        URL_SAFE_NO_PAD.encode(payload.to_string())
    )
}

/// How the demo server treats a bearer token at `now` (Unix seconds): `None` when it is not
/// one of the demo's JWTs; otherwise the behaviour, [`Behavior::Expired`] once `exp` passed.
pub(crate) fn judge(token: &str, now: i64) -> Option<Behavior> {
    let mut parts = token.split('.');
    let (header, _, signature) = (parts.next()?, parts.next()?, parts.next()?);
    if header != HEADER || signature != SIGNATURE || parts.next().is_some() {
        return None;
    }
    let TokenContents::Claims(claims) = decode(token) else {
        return None;
    };
    // The demo's JWTs all have an exp; the older demo token, same header, has none.
    if claims.expires_at? <= now {
        return Some(Behavior::Expired);
    }
    Some(match claims.client.as_deref() {
        Some("demo-neo-crm") => Behavior::LimitedScopes,
        _ => Behavior::Normal,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::jwt::TokenClaims;

    const START: i64 = 1_800_000_000;

    fn claims(title: &str) -> TokenClaims {
        let jwt = demo_jwts(START)
            .into_iter()
            .find(|j| j.title == title)
            .expect("listed");
        match decode(&jwt.token) {
            TokenContents::Claims(claims) => claims,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_neo_token_carries_what_sipgates_do() {
        assert_eq!(
            claims("jwt-neo-limited"),
            TokenClaims {
                issuer: Some("https://login.sipgate.com/auth/realms/sipgate-apps".into()),
                realm: Some("sipgate-apps".into()),
                client: Some("demo-neo-crm".into()),
                scopes: vec!["openid".into(), "account:read".into(), "users:read".into()],
                issued_at: Some(1_800_000_000),
                expires_at: Some(1_800_043_200),
                feature_scope: Some("NEO_PBX".into()),
            }
        );
        assert_eq!(claims("jwt-expired").expires_at, Some(1_799_989_200));
        assert_eq!(claims("jwt-expiring").expires_at, Some(1_800_000_020));
        assert_eq!(
            claims("jwt-third-party").realm.as_deref(),
            Some("third-party")
        );
    }

    #[test]
    fn the_server_accepts_them_until_they_expire() {
        let tokens: Vec<String> = demo_jwts(START).into_iter().map(|j| j.token).collect();
        let at =
            |now: i64| -> Vec<Option<Behavior>> { tokens.iter().map(|t| judge(t, now)).collect() };
        assert_eq!(
            at(START),
            vec![
                Some(Behavior::LimitedScopes),
                Some(Behavior::Expired),
                Some(Behavior::Normal),
                Some(Behavior::Normal),
            ]
        );
        assert_eq!(at(START + 20)[2], Some(Behavior::Expired));
        assert_eq!(at(START + 43_200)[0], Some(Behavior::Expired));
        assert_eq!(judge("eyJhbGciOiJSUzI1NiJ9.e30.c2ln", START), None);
        assert_eq!(judge(super::super::DEMO_ACCESS_TOKEN, START), None);
    }
}
