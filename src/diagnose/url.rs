//! What looks wrong about the base URL, for answers that suggest the request went to the
//! wrong place (404, 405, a redirect, a body that is not the account).

use reqwest::Url;

use super::{Facts, Finding};

/// Endpoint paths people paste into a base URL by mistake.
const ENDPOINTS: [&str; 7] = [
    "/account",
    "/authorization/userinfo",
    "/balance",
    "/users",
    "/numbers",
    "/devices",
    "/sessions",
];

/// Every id `url_findings` can produce.
pub const URL_IDS: [&str; 5] = [
    "url.missing-v2",
    "url.double-slash",
    "url.path-pasted",
    "url.plain-http",
    "url.other-host",
];

/// Findings about the base URL the request was built from.
#[must_use]
pub fn url_findings(base_url: &str, facts: &Facts) -> Vec<Finding> {
    let Ok(url) = Url::parse(base_url) else {
        return Vec::new();
    };
    let path = url.path().trim_end_matches('/');
    let mut findings = Vec::new();
    let loopback = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    if let Some(endpoint) = ENDPOINTS.iter().find(|e| path.ends_with(*e)) {
        let mut facts = facts.clone();
        facts.set("detail", *endpoint);
        findings.push(Finding::from_catalogue("url.path-pasted", &facts));
    } else if !path.ends_with("/v2") {
        findings.push(Finding::from_catalogue("url.missing-v2", facts));
    }
    if path.contains("//") {
        findings.push(Finding::from_catalogue("url.double-slash", facts));
    }
    if url.scheme() == "http" && !loopback {
        findings.push(Finding::from_catalogue("url.plain-http", facts));
    }
    if !loopback && url.host_str() != Some("api.sipgate.com") {
        findings.push(Finding::from_catalogue("url.other-host", facts));
    }
    findings
}

/// The schemes a `WWW-Authenticate` value asks for, e.g. `Bearer realm="x", Basic` →
/// `["Bearer", "Basic"]`.
#[must_use]
pub fn challenge_schemes(value: &str) -> Vec<String> {
    value
        .split(',')
        .filter_map(|part| {
            let word = part.split_whitespace().next()?;
            // `realm="x"` after a comma is a parameter of the previous challenge.
            (!word.contains('=')).then(|| word.to_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(base: &str) -> Vec<&'static str> {
        url_findings(base, &Facts::default())
            .iter()
            .map(|f| f.id)
            .collect()
    }

    #[test]
    fn recognises_what_is_wrong_with_a_base_url() {
        assert!(ids("https://api.sipgate.com/v2").is_empty());
        assert_eq!(ids("https://api.sipgate.com"), vec!["url.missing-v2"]);
        assert_eq!(ids("https://api.sipgate.com/v1"), vec!["url.missing-v2"]);
        assert_eq!(
            ids("https://api.sipgate.com/v2/account"),
            vec!["url.path-pasted"]
        );
        assert_eq!(ids("https://api.sipgate.com//v2"), vec!["url.double-slash"]);
        assert_eq!(ids("http://api.sipgate.com/v2"), vec!["url.plain-http"]);
        assert_eq!(ids("https://proxy.example.com/v2"), vec!["url.other-host"]);
        assert!(ids("http://127.0.0.1:8080/v2").is_empty());
    }

    #[test]
    fn parses_challenges() {
        assert_eq!(
            challenge_schemes("Bearer realm=\"sipgate\", error=\"invalid_token\""),
            vec!["Bearer"]
        );
        assert_eq!(
            challenge_schemes("Basic realm=\"a\", Bearer"),
            vec!["Basic", "Bearer"]
        );
        assert!(challenge_schemes("").is_empty());
    }
}
