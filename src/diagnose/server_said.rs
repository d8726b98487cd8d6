//! What the server's error body names as the cause, so that the advice can follow it: a 403
//! that says "Feature not booked" is not about scopes, and a 404 that says "Account not found"
//! is not about the base URL.

use crate::api::ApiErrorDetail;

/// A cause the server named in its error body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NamedCause {
    /// The account has not booked the feature behind the endpoint (403).
    NotBooked(String),
    /// The server looked for a resource and did not find it, e.g. "Account not found" (404).
    ResourceNotFound(String),
}

/// Words that, before "not found", mean the path itself was unknown rather than a resource
/// the server looked up: "Not Found", "Resource not found", "The requested URL was not found".
const PATH_WORDS: [&str; 16] = [
    "", "was", "is", "were", "been", "be", "page", "path", "url", "uri", "endpoint", "resource",
    "route", "file", "document", "handler",
];

/// The cause the body names for this status, if it names one. The message is returned as the
/// server wrote it; it is sanitized where it is shown.
#[must_use]
pub fn named_cause(status: u16, errors: &[ApiErrorDetail]) -> Option<NamedCause> {
    let texts = errors
        .iter()
        .flat_map(|e| [e.detail.as_deref(), e.title.as_deref()])
        .flatten();
    match status {
        403 => texts
            .into_iter()
            .find(|t| says_not_booked(t))
            .map(|t| NamedCause::NotBooked(t.trim().to_owned())),
        404 => texts
            .into_iter()
            .find(|t| names_a_missing_resource(t))
            .map(|t| NamedCause::ResourceNotFound(t.trim().to_owned())),
        _ => None,
    }
}

/// "Feature not booked", and sipgate's German wording "nicht gebucht".
fn says_not_booked(text: &str) -> bool {
    let text = text.to_lowercase();
    text.contains("not booked") || text.contains("nicht gebucht")
}

/// "Account not found", "User w0 not found": a word naming what was looked for stands before
/// "not found", and it is not a word for the path itself.
fn names_a_missing_resource(text: &str) -> bool {
    let lower = text.to_lowercase();
    let Some(at) = lower.find("not found") else {
        return false;
    };
    let before = lower[..at].trim_end();
    let last_word = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default();
    !PATH_WORDS.contains(&last_word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(title: &str, detail: &str) -> Vec<ApiErrorDetail> {
        vec![ApiErrorDetail {
            title: Some(title.to_owned()),
            detail: Some(detail.to_owned()),
            ..ApiErrorDetail::default()
        }]
    }

    #[test]
    fn a_403_names_a_feature_not_booked() {
        assert_eq!(
            named_cause(403, &said("Forbidden", "Feature not booked")),
            Some(NamedCause::NotBooked("Feature not booked".into()))
        );
        assert_eq!(
            named_cause(403, &said("Forbidden", " Funktion nicht gebucht ")),
            Some(NamedCause::NotBooked("Funktion nicht gebucht".into()))
        );
        assert_eq!(
            named_cause(
                403,
                &said("Forbidden", "The token lacks the scope account:read")
            ),
            None
        );
        assert_eq!(named_cause(403, &[]), None);
        // The words matter only with the status they belong to.
        assert_eq!(named_cause(401, &said("x", "Feature not booked")), None);
    }

    #[test]
    fn a_404_names_the_resource_it_did_not_find() {
        assert_eq!(
            named_cause(404, &said("Not Found", "Account not found")),
            Some(NamedCause::ResourceNotFound("Account not found".into()))
        );
        assert_eq!(
            named_cause(404, &said("Not Found", "User w0 not found.")),
            Some(NamedCause::ResourceNotFound("User w0 not found.".into()))
        );
        // An unknown path, in the words servers and gateways use for it.
        for detail in [
            "Not Found",
            "Resource not found",
            "The requested URL was not found on this server",
            "No such endpoint in the sipgate demo API",
            "404 page not found",
        ] {
            assert_eq!(
                named_cause(404, &said("Not Found", detail)),
                None,
                "{detail}"
            );
        }
        assert_eq!(named_cause(404, &[]), None);
    }
}
