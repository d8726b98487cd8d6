//! Error bodies: sipgate's `{"errors":[…]}` and RFC 9457 `application/problem+json`.
//!
//! Bodies are optional and often empty; whatever is there is parsed, nothing is required.

use serde::Deserialize;
use serde_json::Value;

/// One error the server described.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ApiErrorDetail {
    /// The short title, e.g. "Forbidden".
    pub title: Option<String>,
    /// The longer explanation.
    pub detail: Option<String>,
    /// The status the body claims (may differ from the HTTP status).
    pub status: Option<u16>,
    /// RFC 9457 `type` URI.
    pub type_uri: Option<String>,
    /// sipgate's `source.pointer`, or another source description.
    pub source: Option<String>,
}

#[derive(Deserialize)]
struct SipgateErrors {
    errors: Vec<Value>,
}

/// Parses whatever error description a body carries. Empty when there is none.
#[must_use]
pub fn parse_error_body(body: &[u8]) -> Vec<ApiErrorDetail> {
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return Vec::new();
    };
    if let Ok(SipgateErrors { errors }) = SipgateErrors::deserialize(&value) {
        return errors.iter().filter_map(detail_from).collect();
    }
    detail_from(&value).into_iter().collect()
}

fn detail_from(value: &Value) -> Option<ApiErrorDetail> {
    let obj = value.as_object()?;
    let text = |key: &str| obj.get(key).and_then(Value::as_str).map(str::to_owned);
    let status = obj.get("status").and_then(|s| {
        s.as_u64()
            .or_else(|| s.as_str().and_then(|t| t.parse().ok()))
            .and_then(|n| u16::try_from(n).ok())
    });
    let source = obj.get("source").map(|s| match s {
        Value::Object(o) => o
            .get("pointer")
            .or_else(|| o.get("parameter"))
            .and_then(Value::as_str)
            .map_or_else(|| s.to_string(), str::to_owned),
        Value::String(t) => t.clone(),
        other => other.to_string(),
    });
    let detail = ApiErrorDetail {
        title: text("title").or_else(|| text("error")),
        detail: text("detail")
            .or_else(|| text("message"))
            .or_else(|| text("error_description")),
        status,
        type_uri: text("type"),
        source,
    };
    (detail.title.is_some() || detail.detail.is_some()).then_some(detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sipgate_error_lists() {
        let body = br#"{"errors":[{"status":403,"title":"Forbidden","detail":"missing scope account:read","source":{"pointer":"/account"}}]}"#;
        let errors = parse_error_body(body);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].title.as_deref(), Some("Forbidden"));
        assert_eq!(errors[0].status, Some(403));
        assert_eq!(errors[0].source.as_deref(), Some("/account"));
    }

    #[test]
    fn parses_problem_json() {
        let body = br#"{"type":"https://example.net/rate","title":"Too Many Requests","status":429,"detail":"slow down"}"#;
        let errors = parse_error_body(body);
        assert_eq!(
            errors[0].type_uri.as_deref(),
            Some("https://example.net/rate")
        );
        assert_eq!(errors[0].detail.as_deref(), Some("slow down"));
    }

    #[test]
    fn tolerates_empty_html_and_odd_shapes() {
        assert!(parse_error_body(b"").is_empty());
        assert!(parse_error_body(b"<html>nope</html>").is_empty());
        assert!(parse_error_body(br#"{"errors":"nope"}"#).is_empty());
        assert!(parse_error_body(br#"{"errors":[1,{"title":"t"}]}"#).len() == 1);
        assert_eq!(
            parse_error_body(br#"{"message":"Unauthorized"}"#)[0]
                .detail
                .as_deref(),
            Some("Unauthorized")
        );
    }
}
