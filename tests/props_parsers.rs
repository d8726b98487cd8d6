//! Property tests for the parsers that read outside input and were not covered by
//! `tests/props.rs`: `Retry-After`, `WWW-Authenticate` (through the diagnosis that reads it),
//! error bodies of every shape sipgate and RFC 9457 use, the 403 cause analysis, the platform
//! evidence from a body, and pasted Basic credentials.
//!
//! Two kinds of property: nothing panics and nothing a terminal would interpret comes out
//! (the oracle is `common::unicode`, ICU4X's categories, not the code under test); and where
//! the input is built with a known meaning (a number of seconds, a date that many seconds
//! ahead, a challenge naming another scheme, Base64 of `id:token`), the answer is that meaning.

mod common;

use std::time::{Duration, SystemTime};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use common::builders::exchange;
use common::strategies::nasty_text;
use common::unicode::must_be_escaped;
use proptest::prelude::*;
use serde_json::{Value, json};
use sipgate_inspect::api::{Probe, parse_error_body, retry_after};
use sipgate_inspect::diagnose::{
    Finding, body_excerpt, decode_basic, denial_cause, diagnose, evidence_in, named_cause,
    names_a_scope,
};

/// A whole second after the epoch, so that HTTP dates (whole seconds) round-trip exactly.
fn now() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_750_000_000)
}

fn assert_terminal_safe(findings: &[Finding]) -> Result<(), TestCaseError> {
    for finding in findings {
        let texts = std::iter::once(&finding.title)
            .chain(std::iter::once(&finding.explanation))
            .chain(&finding.steps)
            .chain(&finding.evidence);
        for text in texts {
            prop_assert!(
                !text.chars().any(must_be_escaped),
                "{}: {text:?}",
                finding.id
            );
        }
    }
    Ok(())
}

/// A JSON value as error bodies carry them: strings of any characters, numbers of any size,
/// and the wrong type where a string or number is expected.
fn loose_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => nasty_text(40).prop_map(Value::String),
        1 => any::<i64>().prop_map(Value::from),
        1 => any::<u64>().prop_map(Value::from),
        1 => any::<f64>().prop_map(|f| json!(f)),
        1 => any::<bool>().prop_map(Value::Bool),
        1 => Just(Value::Null),
        1 => proptest::collection::vec(nasty_text(10).prop_map(Value::String), 0..3)
            .prop_map(Value::Array),
    ]
}

/// One error object: known and unknown keys, each with a value of any type.
fn error_object() -> BoxedStrategy<Value> {
    let field = proptest::sample::select(vec![
        "title",
        "detail",
        "status",
        "type",
        "message",
        "error",
        "error_description",
        "source",
        "pointer",
        "code",
        "scope",
    ]);
    proptest::collection::vec((field, loose_value()), 0..6)
        .prop_map(|pairs| {
            Value::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
        })
        .boxed()
}

/// Error bodies of sipgate's `{"errors":[…]}` shape, RFC 9457 problem+json, OAuth-style
/// `error`/`error_description`, a bare message, and those keys at the wrong nesting.
fn error_body() -> impl Strategy<Value = Vec<u8>> {
    let errors = || proptest::collection::vec(error_object(), 0..4);
    prop_oneof![
        errors().prop_map(|e| json!({ "errors": e })),
        errors().prop_map(Value::Array),
        error_object(),
        error_object().prop_map(|o| json!({ "errors": o })),
        error_object().prop_map(|o| json!({ "errors": [{ "source": o }] })),
    ]
    .prop_map(|v| v.to_string().into_bytes())
}

fn any_probe() -> impl Strategy<Value = Probe> {
    proptest::sample::select(Probe::all().collect::<Vec<_>>())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn retry_after_reads_any_text_and_means_what_it_says(
        text in nasty_text(40),
        seconds in any::<u64>(),
        ahead in 0..10_000_000u64,
        behind in 1..1_000_000u64,
    ) {
        let _ = retry_after(&text, now());
        prop_assert_eq!(
            retry_after(&format!(" {seconds}\t"), now()),
            Some(Duration::from_secs(seconds))
        );
        let later = httpdate::fmt_http_date(now() + Duration::from_secs(ahead));
        prop_assert_eq!(retry_after(&later, now()), Some(Duration::from_secs(ahead)));
        let earlier = httpdate::fmt_http_date(now() - Duration::from_secs(behind));
        prop_assert_eq!(retry_after(&earlier, now()), Some(Duration::ZERO));
        prop_assert_eq!(retry_after(&format!("-{}", seconds.max(1)), now()), None);
    }

    #[test]
    fn any_www_authenticate_is_read_without_panicking_and_shown_safely(
        values in proptest::collection::vec(nasty_text(80), 0..3),
        body in error_body(),
    ) {
        let headers: Vec<(String, String)> = values
            .iter()
            .map(|v| ("WWW-Authenticate".to_owned(), v.clone()))
            .collect();
        let exchange = exchange().status(401, "Unauthorized").headers(headers).body(body.clone()).build();
        let errors = parse_error_body(&body);
        let findings = diagnose(&exchange, None, &errors, "https://api.sipgate.com/v2", "10 s");
        prop_assert!(!findings.is_empty());
        assert_terminal_safe(&findings)?;
    }

    #[test]
    fn a_challenge_for_another_scheme_is_named(
        params in proptest::collection::vec(("[a-z]{1,8}", "[ -~&&[^\"\\\\]]{0,12}"), 0..4),
    ) {
        // The request sent Basic; the server asks for Bearer, with any parameters.
        let params: Vec<String> = params.iter().map(|(k, v)| format!("{k}=\"{v}\"")).collect();
        let value = format!("Bearer {}", params.join(", "));
        let exchange = exchange()
            .status(401, "Unauthorized")
            .headers([("WWW-Authenticate", value.as_str())])
            .build();
        let findings = diagnose(&exchange, None, &[], "https://api.sipgate.com/v2", "10 s");
        prop_assert!(
            findings.iter().any(|f| f.id == "auth.challenge-mismatch"),
            "{value:?}: {:?}",
            findings.iter().map(|f| f.id).collect::<Vec<_>>()
        );
    }

    #[test]
    fn error_bodies_of_any_shape_are_parsed_and_judged_without_panicking(
        body in error_body(),
        status in 100..1000u16,
        probe in any_probe(),
    ) {
        let errors = parse_error_body(&body);
        let _ = named_cause(status, &errors);
        let _ = denial_cause(&body);
        let _ = names_a_scope(&body);
        let _ = evidence_in(probe, status, &body);
        let exchange = exchange().status(status, "Whatever").body(body).build();
        let findings = diagnose(&exchange, None, &errors, "https://api.sipgate.com/v2", "10 s");
        assert_terminal_safe(&findings)?;
    }

    #[test]
    fn body_excerpts_are_one_safe_short_line(bytes in proptest::collection::vec(any::<u8>(), 0..2000), text in nasty_text(400)) {
        for body in [bytes, text.into_bytes()] {
            let excerpt = body_excerpt(&body);
            prop_assert!(!excerpt.contains('\n'), "{excerpt:?}");
            prop_assert!(!excerpt.chars().any(must_be_escaped), "{excerpt:?}");
            prop_assert!(excerpt.chars().count() <= 120, "{}", excerpt.chars().count());
        }
    }

    #[test]
    fn pasted_basic_credentials_decode_to_their_parts(
        suffix in "[A-Z0-9]{6}",
        token in "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        junk in nasty_text(60),
    ) {
        let _ = decode_basic(&junk);
        let id = format!("token-{suffix}");
        let encoded = STANDARD.encode(format!("{id}:{token}"));
        let expected = Some((id, token));
        prop_assert_eq!(decode_basic(&encoded), expected.clone());
        prop_assert_eq!(decode_basic(&format!("  Basic {encoded} ")), expected);
    }
}
