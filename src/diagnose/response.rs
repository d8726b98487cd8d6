//! Findings from a completed request: its status, body and transport failure.

use crate::api::{
    AccountParse, ApiErrorDetail, AuthScheme, BodyKind, Exchange, HttpResponse, LOOKS_LIKE_EMAIL,
    TlsProblem, TransportError, TransportErrorKind,
};
use crate::sanitize::sanitize;

use super::server_said::{NamedCause, named_cause};
use super::url::{challenge_schemes, url_findings};
use super::{Facts, Finding};

/// The host of sipgate's API.
const SIPGATE_API_HOST: &str = "api.sipgate.com";

/// Every id [`diagnose`] can produce about a response or transport failure (the URL findings
/// are listed in `url::URL_IDS`).
pub const RESPONSE_IDS: [&str; 46] = [
    "ok.account",
    "ok.empty-body",
    "ok.html-page",
    "ok.truncated-json",
    "ok.not-json",
    "ok.not-account",
    "ok.other-2xx",
    "http.401",
    "http.403",
    "http.403-not-booked",
    "http.404",
    "http.404-resource-not-found",
    "http.405",
    "http.429",
    "http.5xx",
    "http.3xx",
    "http.4xx",
    "http.other",
    "http.400",
    "http.401-email",
    "http.402",
    "http.406",
    "http.408",
    "http.409",
    "http.410",
    "http.415",
    "http.422",
    "response.redirected",
    "auth.challenge-mismatch",
    "transport.dns",
    "transport.dns-sipgate-host",
    "transport.refused",
    "transport.connect-timeout",
    "transport.timeout",
    "transport.tls-unknown-issuer",
    "transport.tls-hostname",
    "transport.tls-expired",
    "transport.tls-not-tls",
    "transport.tls-other",
    "transport.proxy",
    "transport.reset",
    "transport.body-cut-off",
    "transport.body-too-large",
    "transport.redirect",
    "transport.invalid-request",
    "transport.other",
];

/// Diagnoses one exchange. `account` is how the body was judged and `server_errors` what the
/// body said about the error (both empty for transport failures); `base_url` is the base the
/// request was built from. Pure: same input, same findings.
#[must_use]
pub fn diagnose(
    exchange: &Exchange,
    account: Option<&AccountParse>,
    server_errors: &[ApiErrorDetail],
    base_url: &str,
    timeout_text: &str,
) -> Vec<Finding> {
    let mut facts = Facts::default();
    facts
        .set("url", &exchange.request.url)
        .set("base_url", base_url)
        .set("timeout", timeout_text)
        .set("host", host_of(&exchange.request.url))
        .set(
            "auth_scheme",
            match exchange.request.scheme {
                AuthScheme::Basic => "personal access token, HTTP Basic",
                AuthScheme::Bearer => "OAuth access token, Bearer",
            },
        );
    if let Some(id) = &exchange.request.token_id {
        facts.set("token_id", id);
    }
    match &exchange.result {
        Err(error) => vec![transport_finding(error, &mut facts)],
        Ok(response) => response_findings(exchange, response, account, server_errors, &mut facts),
    }
}

fn response_findings(
    exchange: &Exchange,
    response: &HttpResponse,
    account: Option<&AccountParse>,
    server_errors: &[ApiErrorDetail],
    facts: &mut Facts,
) -> Vec<Finding> {
    facts
        .set("status", response.status.to_string())
        .set("reason", &response.reason)
        .set("final_url", &response.final_url)
        .set(
            "retry_after",
            response
                .header("retry-after")
                .map_or_else(|| "not given".to_owned(), describe_retry_after),
        );
    let mut findings = Vec::new();
    let status = response.status;
    let sent_scheme = exchange.request.scheme.as_str();
    facts.set("sent_scheme", sent_scheme);
    if (200..300).contains(&status) {
        match account {
            Some(AccountParse::Account(_)) => {
                findings.push(Finding::from_catalogue("ok.account", facts));
                if status != 200 {
                    findings.push(Finding::from_catalogue("ok.other-2xx", facts));
                }
            }
            Some(AccountParse::Empty) | None => {
                findings.push(Finding::from_catalogue("ok.empty-body", facts));
            }
            Some(AccountParse::NotJson(reason)) => {
                // A portal's page and an answer cut short both fail to parse, for different
                // reasons and with different remedies.
                let id = match BodyKind::of(&response.body, response.header("content-type")) {
                    BodyKind::TruncatedJson(error) => {
                        facts.set("error", error);
                        "ok.truncated-json"
                    }
                    BodyKind::Html => "ok.html-page",
                    _ => {
                        facts.set("error", reason);
                        "ok.not-json"
                    }
                };
                findings.push(Finding::from_catalogue(id, facts));
            }
            Some(AccountParse::NotAccountShape(reason)) => {
                facts.set("error", reason);
                findings.push(Finding::from_catalogue("ok.not-account", facts));
            }
        }
    } else {
        let named = named_cause(status, server_errors);
        if let Some(NamedCause::NotBooked(message) | NamedCause::ResourceNotFound(message)) = &named
        {
            facts.set("server_message", one_line(message));
        }
        let id = match (status, &named) {
            (403, Some(NamedCause::NotBooked(_))) => "http.403-not-booked",
            (404, Some(NamedCause::ResourceNotFound(_))) => "http.404-resource-not-found",
            (300..=399, _) => "http.3xx",
            (401, _) if basic_with_email(exchange) => "http.401-email",
            (400, _) => "http.400",
            (401, _) => "http.401",
            (402, _) => "http.402",
            (403, _) => "http.403",
            (404, _) => "http.404",
            (405, _) => "http.405",
            (406, _) => "http.406",
            (408, _) => "http.408",
            (409, _) => "http.409",
            (410, _) => "http.410",
            (415, _) => "http.415",
            (422, _) => "http.422",
            (429, _) => "http.429",
            (400..=499, _) => "http.4xx",
            (500..=599, _) => "http.5xx",
            _ => "http.other",
        };
        findings.push(Finding::from_catalogue(id, facts).with_evidence(evidence(server_errors)));
        if status == 401 {
            findings.extend(challenge_mismatch(response, sent_scheme, facts));
        }
    }
    // A 2xx that is not the account suggests another server answered; a body cut short does
    // not (it started as JSON), and the URL findings stay silent when the base URL is right.
    let misdirected = matches!(status, 300..=399 | 404 | 405)
        || (200..300).contains(&status)
            && findings
                .iter()
                .any(|f| matches!(f.id, "ok.html-page" | "ok.not-json" | "ok.not-account"));
    if misdirected {
        findings.extend(url_findings(
            facts.get("base_url").unwrap_or_default(),
            facts,
        ));
    }
    if exchange.redirected() {
        findings.push(Finding::from_catalogue("response.redirected", facts));
    }
    findings
}

/// Basic auth with a token id that looks like an e-mail address: the old web login, which
/// sipgate's API no longer takes. The summary holds only the token id's shape, which says so.
fn basic_with_email(exchange: &Exchange) -> bool {
    exchange.request.scheme == AuthScheme::Basic
        && exchange
            .request
            .token_id
            .as_deref()
            .is_some_and(|shown| shown.contains(LOOKS_LIKE_EMAIL))
}

/// When a 401's challenges name schemes, none of which is the one sent.
fn challenge_mismatch(response: &HttpResponse, sent: &str, facts: &mut Facts) -> Option<Finding> {
    let schemes: Vec<String> = response
        .headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("www-authenticate"))
        .flat_map(|(_, v)| challenge_schemes(v))
        .collect();
    if schemes.is_empty() || schemes.iter().any(|s| s.eq_ignore_ascii_case(sent)) {
        return None;
    }
    facts.set("challenge", schemes.join(" or "));
    Some(Finding::from_catalogue("auth.challenge-mismatch", facts))
}

fn transport_finding(error: &TransportError, facts: &mut Facts) -> Finding {
    facts.set("error", &error.message);
    let id = match &error.kind {
        // sipgate's own host is spelt right: only the network and DNS are left to check.
        TransportErrorKind::Dns if facts.get("host") == Some(SIPGATE_API_HOST) => {
            "transport.dns-sipgate-host"
        }
        TransportErrorKind::Dns => "transport.dns",
        TransportErrorKind::ConnectionRefused => "transport.refused",
        TransportErrorKind::ConnectTimeout => "transport.connect-timeout",
        TransportErrorKind::Timeout => "transport.timeout",
        TransportErrorKind::Tls(TlsProblem::UnknownIssuer) => "transport.tls-unknown-issuer",
        TransportErrorKind::Tls(TlsProblem::HostnameMismatch) => "transport.tls-hostname",
        TransportErrorKind::Tls(TlsProblem::Expired) => "transport.tls-expired",
        TransportErrorKind::Tls(TlsProblem::NotTls) => "transport.tls-not-tls",
        TransportErrorKind::Tls(TlsProblem::Other) => "transport.tls-other",
        TransportErrorKind::Proxy => "transport.proxy",
        TransportErrorKind::ConnectionReset => "transport.reset",
        TransportErrorKind::BodyCutOff => "transport.body-cut-off",
        TransportErrorKind::BodyTooLarge { limit } => {
            facts.set("limit", format!("{} MB", limit / 1_000_000));
            "transport.body-too-large"
        }
        TransportErrorKind::Redirect => "transport.redirect",
        TransportErrorKind::InvalidRequest => "transport.invalid-request",
        TransportErrorKind::Other => "transport.other",
    };
    Finding::from_catalogue(id, facts)
}

/// What the server said, one line per error: `title: detail (source)`.
fn evidence(server_errors: &[ApiErrorDetail]) -> Vec<String> {
    server_errors
        .iter()
        .map(|e| {
            let mut line = match (&e.title, &e.detail) {
                (Some(t), Some(d)) if t != d => format!("{t}: {d}"),
                (Some(t), _) => t.clone(),
                (None, Some(d)) => d.clone(),
                (None, None) => String::new(),
            };
            if let Some(source) = &e.source {
                line = format!("{line} (at {source})");
            }
            sanitize(&line)
        })
        .collect()
}

/// The longest server message quoted in a finding's title; the whole of it is in the evidence.
const MAX_QUOTED_CHARS: usize = 100;

/// A server message fit to quote in one line: whitespace runs become one space, and a long
/// message is cut with `…`.
fn one_line(message: &str) -> String {
    let words = message.split_whitespace().collect::<Vec<_>>().join(" ");
    if words.chars().count() <= MAX_QUOTED_CHARS {
        return words;
    }
    let mut cut: String = words.chars().take(MAX_QUOTED_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// `Retry-After` is either seconds or an HTTP date.
fn describe_retry_after(value: &str) -> String {
    let value = value.trim();
    match value.parse::<u64>() {
        Ok(1) => "1 second".to_owned(),
        Ok(secs) => format!("{secs} seconds"),
        Err(_) => value.to_owned(),
    }
}

fn host_of(url: &str) -> String {
    reqwest::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_server_messages_are_cut_to_the_quoted_length() {
        let long = "word ".repeat(40);
        let cut = one_line(&long);
        assert_eq!(cut.chars().count(), MAX_QUOTED_CHARS);
        assert!(cut.ends_with(" word word…"), "{cut}");
        assert_eq!(one_line("  a \n\t b  "), "a b");
    }

    #[test]
    fn a_title_repeated_as_the_detail_is_said_once() {
        let same = ApiErrorDetail {
            title: Some("Forbidden".into()),
            detail: Some("Forbidden".into()),
            ..ApiErrorDetail::default()
        };
        let both = ApiErrorDetail {
            title: Some("Forbidden".into()),
            detail: Some("scope missing".into()),
            source: Some("/scope".into()),
            ..ApiErrorDetail::default()
        };
        assert_eq!(
            evidence(&[same, both]),
            ["Forbidden", "Forbidden: scope missing (at /scope)"]
        );
    }
}
