//! What a body that should have been JSON turned out to be. A captive portal's login page and
//! a JSON answer cut short both fail to parse, but they have different causes and need different
//! advice, so they are told apart here, for `/account` and for every probe alike.

use serde::de::IgnoredAny;

/// The kind of a response body, judged by its content (the `Content-Type` only breaks a tie).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyKind {
    /// Nothing, or only whitespace.
    Empty,
    /// Well-formed JSON (of whatever shape).
    Json,
    /// It starts as a JSON object or array but ends before it is complete; the parser's message.
    TruncatedJson(String),
    /// Markup: an HTML page (a captive portal, a proxy's block page, a website).
    Html,
    /// Anything else that is not JSON; the parser's message.
    NotJson(String),
}

impl BodyKind {
    /// Judges `body`; `content_type` is the response's `Content-Type`, if any. Never panics.
    ///
    /// JSON is checked without building it, so a large or deeply nested body costs little.
    #[must_use]
    pub fn of(body: &[u8], content_type: Option<&str>) -> Self {
        let Some(first) = body.iter().copied().find(|b| !b.is_ascii_whitespace()) else {
            return Self::Empty;
        };
        let Err(error) = serde_json::from_slice::<IgnoredAny>(body) else {
            return Self::Json;
        };
        // A body that opens an object or array and runs out is JSON cut short. Judged by the
        // content rather than the label: a portal page labelled `application/json` is still a
        // page.
        if error.is_eof() && matches!(first, b'{' | b'[') {
            return Self::TruncatedJson(error.to_string());
        }
        let labelled_html = content_type.is_some_and(|t| t.to_ascii_lowercase().contains("html"));
        if first == b'<' || labelled_html {
            return Self::Html;
        }
        Self::NotJson(error.to_string())
    }

    /// A short phrase for a body that is not the expected answer, e.g. in "answer not
    /// understood (…)". `None` for well-formed JSON, whose shape is judged elsewhere.
    #[must_use]
    pub fn problem(&self) -> Option<String> {
        match self {
            Self::Json => None,
            Self::Empty => Some("the body is empty".to_owned()),
            Self::TruncatedJson(error) => Some(format!("JSON cut short: {error}")),
            Self::Html => Some("a web page, not JSON".to_owned()),
            Self::NotJson(error) => Some(format!("not JSON: {error}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_a_cut_off_answer_from_a_web_page() {
        assert_eq!(BodyKind::of(b"", None), BodyKind::Empty);
        assert_eq!(BodyKind::of(b" \r\n", None), BodyKind::Empty);
        assert_eq!(
            BodyKind::of(br#"{"company":"x"}"#, Some("text/html")),
            BodyKind::Json
        );
        assert_eq!(BodyKind::of(b"[1,2]", None), BodyKind::Json);
        assert_matches!(
            BodyKind::of(br#"{"company":"sipg"#, Some("application/json")),
            BodyKind::TruncatedJson(ref e) if e.starts_with("EOF while parsing")
        );
        assert_matches!(
            BodyKind::of(br#"{"items":[{"id":"w0"},"#, None),
            BodyKind::TruncatedJson(_)
        );
        // A page is a page, whatever its label says.
        assert_eq!(
            BodyKind::of(b"<!DOCTYPE html><html>", Some("application/json")),
            BodyKind::Html
        );
        assert_eq!(BodyKind::of(b"  <html><body>Login", None), BodyKind::Html);
        assert_eq!(
            BodyKind::of(b"Access denied", Some("Text/HTML; charset=utf-8")),
            BodyKind::Html
        );
        // Broken JSON that is complete is not "cut short".
        assert_matches!(BodyKind::of(br#"{"a":1,}"#, None), BodyKind::NotJson(_));
        assert_matches!(
            BodyKind::of(b"Service Unavailable", Some("text/plain")),
            BodyKind::NotJson(ref e) if e.starts_with("expected value")
        );
    }

    #[test]
    fn describes_each_problem() {
        assert_eq!(BodyKind::Json.problem(), None);
        assert_eq!(
            BodyKind::Html.problem().as_deref(),
            Some("a web page, not JSON")
        );
        assert_eq!(
            BodyKind::Empty.problem().as_deref(),
            Some("the body is empty")
        );
        assert_eq!(
            BodyKind::TruncatedJson("EOF".into()).problem().as_deref(),
            Some("JSON cut short: EOF")
        );
    }
}
