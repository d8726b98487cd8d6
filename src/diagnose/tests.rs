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
            vec!["ok.not-json"],
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
        (response(402, &[], ""), vec!["http.4xx"]),
        (response(503, &[], ""), vec!["http.5xx"]),
        (response(101, &[], ""), vec!["http.other"]),
        (failure(TransportErrorKind::Dns), vec!["transport.dns"]),
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
