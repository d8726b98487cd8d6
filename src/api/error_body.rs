//! Error bodies: sipgate's `{"errors":[…]}` and RFC 9457 `application/problem+json`.
//!
//! Bodies are optional and often empty; whatever is there is parsed, nothing is required.

use serde::Deserialize;
use serde_json::Value;

use super::redact::Redactor;

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

impl ApiErrorDetail {
    /// Masks echoed secrets in every text field. The body was masked before it was parsed;
    /// this is the same masking after decoding, so no escape or encoding the raw bytes hid
    /// can carry a secret through.
    pub fn redact(&mut self, redactor: &Redactor) {
        for text in [
            &mut self.title,
            &mut self.detail,
            &mut self.type_uri,
            &mut self.source,
        ]
        .into_iter()
        .flatten()
        {
            redactor.mask_text(text);
        }
    }
}

/// The fields an error body may carry at its top level; everything else is skipped unread,
/// so a large body costs no memory here.
#[derive(Deserialize)]
struct TopLevel {
    errors: Option<Value>,
    title: Option<Value>,
    error: Option<Value>,
    detail: Option<Value>,
    message: Option<Value>,
    error_description: Option<Value>,
    status: Option<Value>,
    #[serde(rename = "type")]
    type_uri: Option<Value>,
    source: Option<Value>,
}

impl TopLevel {
    fn get(&self, key: &str) -> Option<&Value> {
        match key {
            "title" => self.title.as_ref(),
            "error" => self.error.as_ref(),
            "detail" => self.detail.as_ref(),
            "message" => self.message.as_ref(),
            "error_description" => self.error_description.as_ref(),
            "status" => self.status.as_ref(),
            "type" => self.type_uri.as_ref(),
            "source" => self.source.as_ref(),
            _ => None,
        }
    }
}

/// Parses whatever error description a body carries. Empty when there is none.
#[must_use]
pub fn parse_error_body(body: &[u8]) -> Vec<ApiErrorDetail> {
    // Only an object can describe an error; serde would read an array into the struct by
    // position, so anything else stops here.
    if body.iter().copied().find(|b| !b.is_ascii_whitespace()) != Some(b'{') {
        return Vec::new();
    }
    let Ok(top) = serde_json::from_slice::<TopLevel>(body) else {
        return Vec::new();
    };
    if let Some(Value::Array(errors)) = &top.errors {
        return errors
            .iter()
            .filter_map(|e| e.as_object().and_then(|o| detail_from(|key| o.get(key))))
            .collect();
    }
    detail_from(|key| top.get(key)).into_iter().collect()
}

fn detail_from<'a>(get: impl Fn(&str) -> Option<&'a Value>) -> Option<ApiErrorDetail> {
    let text = |key: &str| get(key).and_then(Value::as_str).map(str::to_owned);
    let status = get("status").and_then(|s| {
        s.as_u64()
            .or_else(|| s.as_str().and_then(|t| t.parse().ok()))
            .and_then(|n| u16::try_from(n).ok())
    });
    let source = get("source").map(|s| match s {
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
    fn decoded_fields_are_masked() {
        let redactor = Redactor::new(["e68ead46-a7db-46cd-8a1a-44aed1e4e372"]);
        // Escaped so that the raw bytes do not hold the token; decoding does.
        let body = br#"{"errors":[{"title":"bad E68EAD46-A7DB-46CD-8A1A-44AED1E4E37\u0032",
            "detail":"e68ead46-a7db-46cd-8a1a-44aed1e4e372!","type":"x:e68ead46-a7db-46cd-8a1a-44aed1e4e372",
            "source":{"pointer":"/e68ead46-a7db-46cd-8a1a-44aed1e4e372"}}]}"#;
        let mut errors = parse_error_body(body);
        assert_eq!(
            errors[0].title.as_deref(),
            Some("bad E68EAD46-A7DB-46CD-8A1A-44AED1E4E372")
        );
        for error in &mut errors {
            error.redact(&redactor);
        }
        let stars = "*".repeat(36);
        assert_eq!(
            errors[0],
            ApiErrorDetail {
                title: Some(format!("bad {stars}")),
                detail: Some(format!("{stars}!")),
                status: None,
                type_uri: Some(format!("x:{stars}")),
                source: Some(format!("/{stars}")),
            }
        );
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
        // An array is not read into the fields by position; a huge unrelated field is
        // skipped; errors that are not an array fall back to the top level.
        assert!(parse_error_body(br#"["Forbidden","denied"]"#).is_empty());
        let big = format!(
            r#"{{"users":[{}],"title":"t"}}"#,
            "{\"a\":1},".repeat(10_000) + "1"
        );
        assert_eq!(
            parse_error_body(big.as_bytes())[0].title.as_deref(),
            Some("t")
        );
        assert_eq!(
            parse_error_body(br#"{"errors":"nope","detail":"top"}"#)[0]
                .detail
                .as_deref(),
            Some("top")
        );
    }
}
