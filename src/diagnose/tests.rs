//! Diagnosis tests: the catalogue is complete and consistent, and a table of outcomes maps to
//! the expected finding ids.

use std::time::Duration;

use super::facts::PLACEHOLDERS;
use super::*;
use crate::api::{
    AccountParse, AuthScheme, Exchange, HttpResponse, RequestSummary, TlsProblem, TransportError,
    TransportErrorKind, parse_error_body,
};

fn request() -> RequestSummary {
    RequestSummary {
        method: "GET",
        url: "https://api.sipgate.com/v2/account".into(),
        scheme: AuthScheme::Basic,
        token_id: Some("token-AB12CD".into()),
        proxy: None,
        authorization: "Basic dG9r… (token-AB12CD:••••)".into(),
    }
}

fn response(status: u16, headers: &[(&str, &str)], body: &str) -> Exchange {
    Exchange {
        request: request(),
        elapsed: Duration::from_millis(12),
        result: Ok(HttpResponse {
            status,
            reason: String::new(),
            version: "HTTP/1.1".into(),
            headers: headers
                .iter()
                .map(|(k, v)| ((*k).into(), (*v).into()))
                .collect(),
            body: body.as_bytes().to_vec(),
            final_url: "https://api.sipgate.com/v2/account".into(),
            time_to_headers: Duration::from_millis(30),
        }),
    }
}

fn failure(kind: TransportErrorKind) -> Exchange {
    Exchange {
        request: request(),
        elapsed: Duration::from_millis(3),
        result: Err(TransportError::new(kind, "boom")),
    }
}

fn ids(exchange: &Exchange) -> Vec<&'static str> {
    let (account, errors) = match &exchange.result {
        Ok(r) => (
            Some(AccountParse::from_body(&r.body)),
            parse_error_body(&r.body),
        ),
        Err(_) => (None, Vec::new()),
    };
    diagnose(
        exchange,
        account.as_ref(),
        &errors,
        "https://api.sipgate.com/v2",
        "15 s",
    )
    .iter()
    .map(|f| f.id)
    .collect()
}

#[test]
fn every_finding_id_has_a_catalogue_entry_and_every_entry_is_used() {
    let catalogue = Catalogue::embedded();
    for id in all_finding_ids() {
        assert!(catalogue.get(id).is_some(), "no catalogue entry for {id}");
    }
    // Both directions: an empty list of entries would pass the loop below.
    assert_eq!(catalogue.entries().len(), all_finding_ids().count());
    for entry in catalogue.entries() {
        assert!(
            all_finding_ids().any(|id| id == entry.id),
            "catalogue entry {} is never produced",
            entry.id
        );
        assert!(
            !entry.title.is_empty() && !entry.explanation.is_empty(),
            "{}",
            entry.id
        );
    }
}

#[test]
fn catalogue_texts_use_only_known_placeholders() {
    for entry in Catalogue::embedded().entries() {
        let texts = std::iter::once(&entry.title)
            .chain(std::iter::once(&entry.explanation))
            .chain(entry.steps.iter());
        for text in texts {
            let mut rest = text.as_str();
            while let Some(open) = rest.find('{') {
                let after = &rest[open + 1..];
                let close = after.find('}').unwrap_or(0);
                let name = &after[..close];
                assert!(
                    PLACEHOLDERS.contains(&name),
                    "{}: unknown placeholder {{{name}}}",
                    entry.id
                );
                rest = &after[close + 1..];
            }
        }
    }
}

#[test]
fn outcomes_map_to_the_expected_findings() {
    let account = r#"{"company":"Love sipgate","mainProductType":"TEAM"}"#;
    let table: Vec<(Exchange, Vec<&str>)> = vec![
        (response(200, &[], account), vec!["ok.account"]),
        (
            response(203, &[], account),
            vec!["ok.account", "ok.other-2xx"],
        ),
        (response(200, &[], ""), vec!["ok.empty-body"]),
        (
            response(200, &[], "<html>login</html>"),
            vec!["ok.html-page"],
        ),
        (
            response(200, &[], r#"{"items":[]}"#),
            vec!["ok.not-account"],
        ),
        (response(301, &[], ""), vec!["http.3xx"]),
        (response(401, &[], ""), vec!["http.401"]),
        (response(403, &[], ""), vec!["http.403"]),
        (response(404, &[], ""), vec!["http.404"]),
        (response(405, &[], ""), vec!["http.405"]),
        (
            response(429, &[("Retry-After", "30")], ""),
            vec!["http.429"],
        ),
        (response(402, &[], ""), vec!["http.402"]),
        (response(503, &[], ""), vec!["http.5xx"]),
        (response(101, &[], ""), vec!["http.other"]),
        (
            failure(TransportErrorKind::Dns),
            vec!["transport.dns-sipgate-host"],
        ),
        (
            failure(TransportErrorKind::ConnectionRefused),
            vec!["transport.refused"],
        ),
        (
            failure(TransportErrorKind::ConnectTimeout),
            vec!["transport.connect-timeout"],
        ),
        (
            failure(TransportErrorKind::Timeout),
            vec!["transport.timeout"],
        ),
        (
            failure(TransportErrorKind::Tls(TlsProblem::UnknownIssuer)),
            vec!["transport.tls-unknown-issuer"],
        ),
        (
            failure(TransportErrorKind::Tls(TlsProblem::HostnameMismatch)),
            vec!["transport.tls-hostname"],
        ),
        (
            failure(TransportErrorKind::Tls(TlsProblem::Expired)),
            vec!["transport.tls-expired"],
        ),
        (
            failure(TransportErrorKind::Tls(TlsProblem::NotTls)),
            vec!["transport.tls-not-tls"],
        ),
        (
            failure(TransportErrorKind::Tls(TlsProblem::Other)),
            vec!["transport.tls-other"],
        ),
        (failure(TransportErrorKind::Proxy), vec!["transport.proxy"]),
        (
            failure(TransportErrorKind::ConnectionReset),
            vec!["transport.reset"],
        ),
        (
            failure(TransportErrorKind::BodyCutOff),
            vec!["transport.body-cut-off"],
        ),
        (
            failure(TransportErrorKind::BodyTooLarge { limit: 10_000_000 }),
            vec!["transport.body-too-large"],
        ),
        (
            failure(TransportErrorKind::Redirect),
            vec!["transport.redirect"],
        ),
        (
            failure(TransportErrorKind::InvalidRequest),
            vec!["transport.invalid-request"],
        ),
        (failure(TransportErrorKind::Other), vec!["transport.other"]),
    ];
    for (exchange, expected) in &table {
        assert_eq!(
            &ids(exchange),
            expected,
            "for {:?}",
            exchange.result.as_ref().map(|r| r.status)
        );
    }
}

#[test]
fn bodies_that_are_not_the_account_are_told_apart() {
    let plain = response(200, &[("content-type", "text/plain")], "Service paused");
    assert_eq!(ids(&plain), vec!["ok.not-json"]);
    let cut = response(
        200,
        &[("content-type", "application/json")],
        r#"{"company":"Love sip"#,
    );
    assert_eq!(ids(&cut), vec!["ok.truncated-json"]);
    let page = response(200, &[("content-type", "text/html")], "Please log in");
    assert_eq!(ids(&page), vec!["ok.html-page"]);
    // No 2xx without the account is called "Accepted": nothing was verified.
    for body in [
        "",
        "Service paused",
        r#"{"company":"Love sip"#,
        "<html>",
        "[]",
    ] {
        let findings = diagnose(
            &response(200, &[], body),
            Some(&AccountParse::from_body(body.as_bytes())),
            &[],
            "https://api.sipgate.com/v2",
            "15 s",
        );
        assert!(
            !findings[0].title.contains("Accepted"),
            "{body:?}: {}",
            findings[0].title
        );
        assert_ne!(findings[0].severity, Severity::Ok, "{body:?}");
    }
}

#[test]
fn a_redirect_is_pointed_out() {
    let mut exchange = response(401, &[], "");
    if let Ok(r) = &mut exchange.result {
        r.final_url = "https://elsewhere.example/v2/account".into();
    }
    assert_eq!(ids(&exchange), vec!["http.401", "response.redirected"]);
}

#[test]
fn server_error_bodies_become_sanitized_evidence() {
    let body =
        r#"{"errors":[{"title":"Forbidden","detail":"missing scope account:read\u001b[31m"}]}"#;
    let exchange = response(403, &[], body);
    let errors = parse_error_body(body.as_bytes());
    let findings = diagnose(
        &exchange,
        None,
        &errors,
        "https://api.sipgate.com/v2",
        "15 s",
    );
    assert_eq!(
        findings[0].evidence,
        vec!["Forbidden: missing scope account:read\\x1b[31m"]
    );
}

#[test]
fn texts_are_filled_with_evidence() {
    let findings = diagnose(
        &response(429, &[("retry-after", "30")], ""),
        None,
        &[],
        "https://api.sipgate.com/v2",
        "15 s",
    );
    assert!(
        findings[0].explanation.contains("30 seconds"),
        "{}",
        findings[0].explanation
    );
    let findings = diagnose(
        &response(404, &[], ""),
        None,
        &[],
        "https://api.sipgate.com/v1",
        "15 s",
    );
    assert!(
        findings[0]
            .explanation
            .contains("https://api.sipgate.com/v2/account")
    );
    assert!(findings[0].steps[0].contains("https://api.sipgate.com/v1"));
    let findings = ids(&failure(TransportErrorKind::Timeout));
    assert_eq!(findings, vec!["transport.timeout"]);
}

/// The findings for an exchange whose request went to `base_url` (and its `/account`).
fn findings_at(exchange: &Exchange, base_url: &str) -> Vec<Finding> {
    let mut exchange = exchange.clone();
    exchange.request.url = format!("{base_url}/account");
    if let Ok(response) = &mut exchange.result {
        response.final_url.clone_from(&exchange.request.url);
    }
    let (account, errors) = match &exchange.result {
        Ok(r) => (
            Some(AccountParse::from_body(&r.body)),
            parse_error_body(&r.body),
        ),
        Err(_) => (None, Vec::new()),
    };
    diagnose(&exchange, account.as_ref(), &errors, base_url, "15 s")
}

fn all_text(finding: &Finding) -> String {
    std::iter::once(&finding.title)
        .chain([&finding.explanation])
        .chain(&finding.steps)
        .cloned()
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_portal_page_and_a_cut_off_answer_get_different_advice() {
    let portal = findings_at(
        &response(
            200,
            &[("content-type", "text/html; charset=utf-8")],
            "<!DOCTYPE html><html><title>Welcome to Demo Wi-Fi</title></html>",
        ),
        "https://api.sipgate.com/v2",
    );
    let cut = findings_at(
        &response(
            200,
            &[("content-type", "application/json")],
            r#"{"company":"sipgate Demo GmbH","mainProd"#,
        ),
        "https://api.sipgate.com/v2",
    );
    assert_eq!(
        portal.iter().map(|f| f.id).collect::<Vec<_>>(),
        ["ok.html-page"]
    );
    assert_eq!(
        cut.iter().map(|f| f.id).collect::<Vec<_>>(),
        ["ok.truncated-json"]
    );
    // Neither claims the credentials were accepted.
    for finding in [&portal[0], &cut[0]] {
        assert_eq!(finding.severity, Severity::Error, "{}", finding.id);
        assert!(!finding.title.contains("Accepted"), "{}", finding.title);
    }
    let (portal, cut) = (all_text(&portal[0]), all_text(&cut[0]));
    assert!(portal.contains("captive portal"), "{portal}");
    assert!(!cut.contains("portal"), "{cut}");
    assert!(!cut.contains("browser"), "{cut}");
    assert!(cut.contains("EOF while parsing"), "{cut}");
    assert!(cut.contains("Send again"), "{cut}");
    // With sipgate's own base URL, neither tells the user to check it.
    assert!(!portal.contains("Check the base URL"), "{portal}");
    // Another host: the base URL findings join the portal finding, not the cut-off one.
    let elsewhere = |body: &str, kind: &str| {
        findings_at(
            &response(200, &[("content-type", kind)], body),
            "https://gateway.example.com/v2",
        )
        .iter()
        .map(|f| f.id)
        .collect::<Vec<_>>()
    };
    assert_eq!(
        elsewhere("<html>login</html>", "text/html"),
        ["ok.html-page", "url.other-host"]
    );
    assert_eq!(
        elsewhere(r#"{"company":"#, "application/json"),
        ["ok.truncated-json"]
    );
}

#[test]
fn a_403_that_says_feature_not_booked_is_not_about_scopes() {
    let body = r#"{"errors":[{"status":403,"title":"Forbidden","detail":"Feature not booked"}]}"#;
    let findings = findings_at(&response(403, &[], body), "https://api.sipgate.com/v2");
    assert_eq!(findings.len(), 1);
    let finding = &findings[0];
    assert_eq!(finding.id, "http.403-not-booked");
    assert_eq!(finding.evidence, ["Forbidden: Feature not booked"]);
    assert!(
        finding.explanation.contains("\"Feature not booked\""),
        "{}",
        finding.explanation
    );
    let text = all_text(finding);
    assert!(!text.contains("new token that includes"), "{text}");
    assert!(!finding.steps[0].contains("scope"), "{}", finding.steps[0]);
    // A 403 naming a scope, or saying nothing, keeps the scope advice.
    for body in [
        r#"{"errors":[{"title":"Forbidden","detail":"The token lacks the scope account:read"}]}"#,
        "",
    ] {
        let findings = findings_at(&response(403, &[], body), "https://api.sipgate.com/v2");
        assert_eq!(findings[0].id, "http.403", "{body}");
        assert!(findings[0].steps[0].contains("account:read"));
    }
}

#[test]
fn a_404_that_names_the_missing_resource_is_not_about_the_base_url() {
    let body = r#"{"errors":[{"status":404,"title":"Not Found","detail":"Account not found"}]}"#;
    let findings = findings_at(&response(404, &[], body), "https://api.sipgate.com/v2");
    assert_eq!(
        findings.iter().map(|f| f.id).collect::<Vec<_>>(),
        ["http.404-resource-not-found"]
    );
    assert_eq!(findings[0].title, "Not found (404): \"Account not found\"");
    let text = all_text(&findings[0]);
    assert!(!text.to_lowercase().contains("base url"), "{text}");
    assert!(text.contains("account the token was created in"), "{text}");
    // The base URL findings still join when the base URL analysis finds something.
    let findings = findings_at(&response(404, &[], body), "https://api.sipgate.com/v1");
    assert_eq!(
        findings.iter().map(|f| f.id).collect::<Vec<_>>(),
        ["http.404-resource-not-found", "url.missing-v2"]
    );
    // A 404 that names no resource is about the address.
    let unknown_path =
        r#"{"errors":[{"title":"Not Found","detail":"No such endpoint in the sipgate demo API"}]}"#;
    let findings = findings_at(
        &response(404, &[], unknown_path),
        "https://api.sipgate.com/v2",
    );
    assert_eq!(findings[0].id, "http.404");
    assert!(findings[0].steps[0].contains("base URL"));
}

#[test]
fn a_quoted_server_message_is_sanitized_and_kept_to_one_line() {
    let long = "x".repeat(300);
    let body = format!(r#"{{"errors":[{{"detail":"Account\u001b[2J\n  not found {long}"}}]}}"#);
    let findings = findings_at(&response(404, &[], &body), "https://api.sipgate.com/v2");
    let title = &findings[0].title;
    assert_eq!(findings[0].id, "http.404-resource-not-found");
    assert!(
        title.starts_with("Not found (404): \"Account\\x1b[2J not found xxx"),
        "{title}"
    );
    assert!(title.ends_with("…\""), "{title}");
    assert!(
        !title.contains('\u{1b}') && !title.contains('\n'),
        "{title}"
    );
    assert!(title.chars().count() < 140, "{title}");
}

#[test]
fn a_dns_failure_for_sipgates_own_host_is_about_the_network_only() {
    let dns = failure(TransportErrorKind::Dns);
    let findings = findings_at(&dns, "https://api.sipgate.com/v2");
    assert_eq!(findings[0].id, "transport.dns-sipgate-host");
    let text = all_text(&findings[0]);
    assert!(!text.contains("spelling"), "{text}");
    assert!(!text.contains("Check the spelling"), "{text}");
    assert!(text.contains("nslookup api.sipgate.com"), "{text}");
    // A host the user typed may be misspelt: then the spelling advice is right.
    let findings = findings_at(&dns, "https://api.sipgat.com/v2");
    assert_eq!(findings[0].id, "transport.dns");
    assert!(
        findings[0].steps[0].contains("https://api.sipgat.com/v2"),
        "{}",
        findings[0].steps[0]
    );
}

#[test]
fn a_401_after_an_email_as_token_id_says_email_and_password_are_over() {
    let with_id = |scheme: AuthScheme, token_id: &str| {
        let mut exchange = response(401, &[], "");
        exchange.request.scheme = scheme;
        exchange.request.token_id = Some(crate::api::shown_token_id(token_id));
        ids(&exchange)
    };
    assert_eq!(
        with_id(AuthScheme::Basic, "jane.doe@example.com"),
        vec!["http.401-email"]
    );
    // Only the shape is looked at, and only for Basic.
    assert_eq!(with_id(AuthScheme::Basic, "token-AB12CD"), vec!["http.401"]);
    assert_eq!(
        with_id(AuthScheme::Basic, "jane@localhost"),
        vec!["http.401"]
    );
    assert_eq!(
        with_id(AuthScheme::Basic, "a b@example.com"),
        vec!["http.401"]
    );
    assert_eq!(
        with_id(AuthScheme::Bearer, "jane.doe@example.com"),
        vec!["http.401"]
    );
    let mut exchange = response(401, &[], "");
    exchange.request.token_id = Some(crate::api::shown_token_id("jane.doe@example.com"));
    let findings = findings_at(&exchange, "https://api.sipgate.com/v2");
    // The address itself is never quoted.
    assert!(!all_text(&findings[0]).contains("jane"));
    assert_eq!(
        findings[0].title,
        "E-mail and password no longer work: use a token or OAuth"
    );
}

#[test]
fn client_errors_sipgate_uses_have_their_own_entries() {
    let table = [
        (400, "http.400"),
        (402, "http.402"),
        (406, "http.406"),
        (408, "http.408"),
        (409, "http.409"),
        (410, "http.410"),
        (415, "http.415"),
        (422, "http.422"),
        (418, "http.4xx"),
        (451, "http.4xx"),
    ];
    for (status, id) in table {
        assert_eq!(ids(&response(status, &[], "")), vec![id], "for {status}");
    }
    let findings = findings_at(&response(402, &[], ""), "https://api.sipgate.com/v2");
    assert_eq!(
        findings[0].title,
        "Insufficient balance (402 Payment Required)"
    );
}

#[test]
fn severities_have_their_json_names() {
    // The names `check --json` and `check`'s human tags print.
    assert_eq!(Severity::Ok.as_str(), "ok");
    assert_eq!(Severity::Info.as_str(), "info");
    assert_eq!(Severity::Warning.as_str(), "warning");
    assert_eq!(Severity::Error.as_str(), "error");
}

#[test]
fn platforms_have_their_json_ids() {
    assert_eq!(Platform::Classic.id(), "classic");
    assert_eq!(Platform::Neo.id(), "neo");
    assert_eq!(Platform::Unknown.id(), "unknown");
}

#[test]
fn only_known_placeholders_are_filled() {
    let mut facts = Facts::default();
    facts.set("status", "401");
    assert_eq!(
        facts.fill("{status} {not_a_placeholder} {token_id} { {"),
        "401 {not_a_placeholder} (unknown) { {"
    );
}

#[test]
fn only_a_401_is_compared_with_the_challenge() {
    let ids = |status: u16| -> Vec<&'static str> {
        let exchange = response(status, &[("WWW-Authenticate", "Bearer realm=\"x\"")], "");
        diagnose(&exchange, None, &[], "https://api.sipgate.com/v2", "10 s")
            .iter()
            .map(|f| f.id)
            .collect()
    };
    assert!(
        ids(401).contains(&"auth.challenge-mismatch"),
        "{:?}",
        ids(401)
    );
    assert!(
        !ids(403).contains(&"auth.challenge-mismatch"),
        "{:?}",
        ids(403)
    );
}
