//! The authorization URL the browser opens: authorization code with `state` and PKCE (S256).

use url::Url;

use super::issuer::Issuer;
use super::redirect::RedirectUri;

/// What goes into the authorization URL. Nothing here is a secret: the code challenge is a
/// hash, and `state` only has to be unguessable by other sites.
#[derive(Debug, Clone)]
pub struct AuthorizationRequest<'a> {
    /// The client id, as registered (a `…:sipgate-apps` suffix is kept as given).
    pub client_id: &'a str,
    /// Where the browser comes back.
    pub redirect_uri: &'a RedirectUri,
    /// The scopes asked for.
    pub scopes: &'a [String],
    /// The `state` value checked on the way back.
    pub state: &'a str,
    /// The PKCE S256 challenge.
    pub code_challenge: &'a str,
}

/// The authorization URL for `request` at `issuer`.
#[must_use]
pub fn authorization_url(issuer: &Issuer, request: &AuthorizationRequest<'_>) -> String {
    let endpoint = issuer.authorization_endpoint();
    let Ok(mut url) = Url::parse(&endpoint) else {
        // The issuer parsed as a URL, and appending a path keeps it one.
        return endpoint;
    };
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", request.client_id)
        .append_pair("redirect_uri", request.redirect_uri.as_str())
        .append_pair("scope", &request.scopes.join(" "))
        .append_pair("state", request.state)
        .append_pair("code_challenge", request.code_challenge)
        .append_pair("code_challenge_method", "S256");
    url.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_carries_every_parameter_encoded() {
        let issuer = Issuer::sipgate("sipgate-apps").expect("issuer");
        let redirect = RedirectUri::parse("http://127.0.0.1:8749/callback").expect("uri");
        let scopes = vec!["account:read".to_owned(), "users:read".to_owned()];
        let url = authorization_url(
            &issuer,
            &AuthorizationRequest {
                client_id: "my-app:sipgate-apps",
                redirect_uri: &redirect,
                scopes: &scopes,
                state: "st4te",
                code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            },
        );
        assert_eq!(
            url,
            "https://login.sipgate.com/auth/realms/sipgate-apps/protocol/openid-connect/auth\
             ?response_type=code&client_id=my-app%3Asipgate-apps\
             &redirect_uri=http%3A%2F%2F127.0.0.1%3A8749%2Fcallback\
             &scope=account%3Aread+users%3Aread&state=st4te\
             &code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM\
             &code_challenge_method=S256"
        );
    }
}
