//! The ids a scan learns from answers, to fill the path parameters of later endpoints:
//! userinfo's `sub`, and the first `items[].id` of a list. Read with every field optional,
//! unknown fields skipped without being kept, so an answer of any size or shape costs no
//! more than reading it once.

use serde::Deserialize;
use serde::de::IgnoredAny;

/// An id as sent: sipgate's are strings, some lists use numbers.
#[derive(Deserialize)]
#[serde(untagged)]
enum Id {
    Text(String),
    Number(i64),
    Other(IgnoredAny),
}

#[derive(Deserialize)]
struct Item {
    id: Option<Id>,
}

/// `{"sub": …}` or `{"items": [{"id": …}, …]}`; both optional.
#[derive(Deserialize)]
struct Answer {
    sub: Option<Id>,
    #[serde(default)]
    items: Option<Vec<Item>>,
}

/// The id a 2xx body offers: `sub` when `want_sub`, else the first `items[].id` (or the
/// first `id` of a bare array). `None` for anything else; never panics.
#[must_use]
pub fn listed_id(body: &[u8], want_sub: bool) -> Option<String> {
    let text = |id: Id| match id {
        Id::Text(s) if !s.is_empty() => Some(s),
        Id::Number(n) => Some(n.to_string()),
        _ => None,
    };
    if want_sub {
        return serde_json::from_slice::<Answer>(body)
            .ok()?
            .sub
            .and_then(text);
    }
    // The array first: serde would also read `[…]` as a struct, field by position.
    let items = match serde_json::from_slice::<Vec<Item>>(body) {
        Ok(items) => items,
        Err(_) => serde_json::from_slice::<Answer>(body).ok()?.items?,
    };
    items.into_iter().find_map(|item| item.id.and_then(text))
}

#[cfg(test)]
mod tests {
    use super::listed_id;

    #[test]
    fn reads_sub_and_the_first_listed_id() {
        assert_eq!(
            listed_id(br#"{"sub":"w0","x":[1]}"#, true).as_deref(),
            Some("w0")
        );
        assert_eq!(
            listed_id(br#"{"items":[{"x":1},{"id":"p0"},{"id":"p1"}]}"#, false).as_deref(),
            Some("p0")
        );
        assert_eq!(
            listed_id(br#"{"items":[{"id":13}]}"#, false).as_deref(),
            Some("13")
        );
        assert_eq!(listed_id(br#"[{"id":"a"}]"#, false).as_deref(), Some("a"));
        assert_eq!(listed_id(br#"{"items":[]}"#, false), None);
        assert_eq!(listed_id(br#"{"items":[{"id":""}]}"#, false), None);
        assert_eq!(listed_id(br#"{"items":[{"id":{"a":1}}]}"#, false), None);
        assert_eq!(listed_id(b"<html>", false), None);
        assert_eq!(listed_id(br#"{"sub":7}"#, true).as_deref(), Some("7"));
        assert_eq!(listed_id(b"", true), None);
    }
}
