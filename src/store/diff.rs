//! What changed between two attempts: the status, findings added and removed, each
//! scope-matrix cell that changed (✗→✓), account fields, and the JSON body's paths added,
//! removed and changed. A pure function of two [`Attempt`]s.

use serde::Serialize;
use serde_json::Value;

use super::attempt::{Attempt, MatrixCell};

/// At most this many body paths are listed per kind; the rest are counted.
pub const MAX_PATHS: usize = 500;

/// The differences, `before` → `after`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AttemptDiff {
    /// The status (or transport class) before and after, when it changed.
    pub status: Option<(String, String)>,
    /// Finding ids only `after` has.
    pub findings_added: Vec<String>,
    /// Finding ids only `before` had.
    pub findings_removed: Vec<String>,
    /// Scope-matrix cells whose answer changed.
    pub cells: Vec<CellChange>,
    /// Account fields that changed (`None`: absent).
    pub account: Vec<FieldChange>,
    /// The JSON body's paths.
    pub body: BodyDiff,
}

/// One scope-matrix cell that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellChange {
    /// The endpoint.
    pub endpoint: String,
    /// The scope it needs.
    pub scope: Option<String>,
    /// Its status before (`None`: not asked or no answer).
    pub before: Option<u16>,
    /// Its status after.
    pub after: Option<u16>,
}

/// One account field that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// The field's JSON name.
    pub field: String,
    /// Its value before.
    pub before: Option<String>,
    /// Its value after.
    pub after: Option<String>,
}

/// The body's JSON paths (JSON Pointer syntax, `/users/0/name`) that were added, removed or
/// changed; a subtree added or removed whole is one path.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BodyDiff {
    /// Paths only `after` has.
    pub added: Vec<String>,
    /// Paths only `before` had.
    pub removed: Vec<String>,
    /// Paths whose value (or type) changed.
    pub changed: Vec<String>,
    /// Paths over [`MAX_PATHS`] per kind, not listed.
    pub more: usize,
    /// Set when the bodies could not be compared as JSON: `body changed` or `body
    /// unchanged`.
    pub text: Option<String>,
}

impl AttemptDiff {
    /// Whether nothing changed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
            || (self.status.is_none()
                && self.findings_added.is_empty()
                && self.findings_removed.is_empty()
                && self.cells.is_empty()
                && self.account.is_empty()
                && self.body.added.is_empty()
                && self.body.removed.is_empty()
                && self.body.changed.is_empty()
                && self.body.text.as_deref() != Some("body changed"))
    }

    /// The diff as lines of text, for the TUI and reports.
    #[must_use]
    pub fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some((before, after)) = &self.status {
            lines.push(format!("status {before} → {after}"));
        }
        lines.extend(
            self.findings_added
                .iter()
                .map(|id| format!("+ finding {id}")),
        );
        lines.extend(
            self.findings_removed
                .iter()
                .map(|id| format!("- finding {id}")),
        );
        for cell in &self.cells {
            let mark = |status: Option<u16>| {
                MatrixCell {
                    status,
                    ..MatrixCell::default()
                }
                .mark()
            };
            let code =
                |status: Option<u16>| status.map_or_else(|| "–".to_owned(), |s| s.to_string());
            lines.push(format!(
                "{}→{} {} {} ({} → {})",
                mark(cell.before),
                mark(cell.after),
                cell.endpoint,
                cell.scope.as_deref().unwrap_or("no scope"),
                code(cell.before),
                code(cell.after)
            ));
        }
        for field in &self.account {
            let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "(absent)".to_owned());
            lines.push(format!(
                "account {}: {} → {}",
                field.field,
                show(&field.before),
                show(&field.after)
            ));
        }
        lines.extend(self.body.added.iter().map(|p| format!("+ body {p}")));
        lines.extend(self.body.removed.iter().map(|p| format!("- body {p}")));
        lines.extend(self.body.changed.iter().map(|p| format!("~ body {p}")));
        if self.body.more > 0 {
            lines.push(format!("… {} more body paths", self.body.more));
        }
        if let Some(text) = &self.body.text {
            lines.push(text.clone());
        }
        if lines.is_empty() {
            lines.push("no differences".to_owned());
        }
        lines
    }
}

/// What changed from `before` to `after`.
#[must_use]
pub fn diff(before: &Attempt, after: &Attempt) -> AttemptDiff {
    let status = (before.outcome() != after.outcome()).then(|| (before.outcome(), after.outcome()));
    let findings_added = after
        .findings
        .iter()
        .filter(|id| !before.findings.contains(id))
        .cloned()
        .collect();
    let findings_removed = before
        .findings
        .iter()
        .filter(|id| !after.findings.contains(id))
        .cloned()
        .collect();
    AttemptDiff {
        status,
        findings_added,
        findings_removed,
        cells: cell_changes(&before.detail.scope_matrix, &after.detail.scope_matrix),
        account: field_changes(&before.detail.account, &after.detail.account),
        body: body_diff(&before.detail.body, &after.detail.body),
    }
}

/// Cells by endpoint, in `after`'s order then those only `before` has.
fn cell_changes(before: &[MatrixCell], after: &[MatrixCell]) -> Vec<CellChange> {
    let find = |cells: &[MatrixCell], endpoint: &str| {
        cells.iter().find(|c| c.endpoint == endpoint).cloned()
    };
    let mut changes = Vec::new();
    let endpoints = after
        .iter()
        .chain(before.iter().filter(|c| find(after, &c.endpoint).is_none()))
        .map(|c| c.endpoint.clone());
    for endpoint in endpoints {
        let old = find(before, &endpoint);
        let new = find(after, &endpoint);
        let before_status = old.as_ref().and_then(|c| c.status);
        let after_status = new.as_ref().and_then(|c| c.status);
        if before_status != after_status {
            changes.push(CellChange {
                scope: new.or(old).and_then(|c| c.scope),
                endpoint,
                before: before_status,
                after: after_status,
            });
        }
    }
    changes
}

/// Account fields whose value changed, appeared or went away.
fn field_changes(before: &[(String, String)], after: &[(String, String)]) -> Vec<FieldChange> {
    let get = |fields: &[(String, String)], name: &str| {
        fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let mut names: Vec<&String> = after.iter().map(|(n, _)| n).collect();
    names.extend(
        before
            .iter()
            .map(|(n, _)| n)
            .filter(|n| get(after, n).is_none()),
    );
    names
        .into_iter()
        .filter_map(|name| {
            let (old, new) = (get(before, name), get(after, name));
            (old != new).then(|| FieldChange {
                field: name.clone(),
                before: old,
                after: new,
            })
        })
        .collect()
}

/// The bodies' JSON paths, or whether the text changed when either is not JSON.
fn body_diff(before: &str, after: &str) -> BodyDiff {
    let parse = |text: &str| {
        if text.trim().is_empty() {
            Some(Value::Null)
        } else {
            serde_json::from_str::<Value>(text).ok()
        }
    };
    let (Some(old), Some(new)) = (parse(before), parse(after)) else {
        return BodyDiff {
            text: Some(
                if before == after {
                    "body unchanged"
                } else {
                    "body changed"
                }
                .to_owned(),
            ),
            ..BodyDiff::default()
        };
    };
    let mut result = BodyDiff::default();
    compare(&old, &new, &mut String::new(), &mut result);
    result
}

/// Walks both values together, recording what differs under `path`.
fn compare(old: &Value, new: &Value, path: &mut String, out: &mut BodyDiff) {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in b {
                let len = path.len();
                push_segment(path, key);
                match a.get(key) {
                    Some(old_value) => compare(old_value, value, path, out),
                    None => note(&mut out.added, &mut out.more, path),
                }
                path.truncate(len);
            }
            for key in a.keys().filter(|k| !b.contains_key(*k)) {
                let len = path.len();
                push_segment(path, key);
                note(&mut out.removed, &mut out.more, path);
                path.truncate(len);
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for index in 0..a.len().max(b.len()) {
                let len = path.len();
                push_segment(path, &index.to_string());
                match (a.get(index), b.get(index)) {
                    (Some(x), Some(y)) => compare(x, y, path, out),
                    (None, Some(_)) => note(&mut out.added, &mut out.more, path),
                    (Some(_), None) => note(&mut out.removed, &mut out.more, path),
                    (None, None) => {}
                }
                path.truncate(len);
            }
        }
        (a, b) if a == b => {}
        _ => {
            let shown = if path.is_empty() { "/" } else { path.as_str() };
            note(&mut out.changed, &mut out.more, shown);
        }
    }
}

/// Appends one JSON Pointer segment (`~` as `~0`, `/` as `~1`).
fn push_segment(path: &mut String, key: &str) {
    path.push('/');
    path.push_str(&key.replace('~', "~0").replace('/', "~1"));
}

/// Lists a path, or counts it once the list is full.
fn note(list: &mut Vec<String>, more: &mut usize, path: &str) {
    if list.len() < MAX_PATHS {
        list.push(crate::sanitize::sanitize(path));
    } else {
        *more += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::attempt::AttemptDetail;

    fn attempt(
        status: Option<u16>,
        findings: &[&str],
        cells: &[(&str, Option<u16>)],
        account: &[(&str, &str)],
        body: &str,
    ) -> Attempt {
        Attempt {
            status,
            transport: status.is_none().then(|| "connect".to_owned()),
            findings: findings.iter().map(|s| (*s).to_owned()).collect(),
            detail: AttemptDetail {
                scope_matrix: cells
                    .iter()
                    .map(|(endpoint, status)| MatrixCell {
                        endpoint: (*endpoint).to_owned(),
                        scope: Some(format!("{}:read", endpoint.trim_start_matches('/'))),
                        status: *status,
                    })
                    .collect(),
                account: account
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect(),
                body: body.to_owned(),
                ..AttemptDetail::default()
            },
            ..Attempt::default()
        }
    }

    #[test]
    fn a_token_given_more_scopes() {
        let before = attempt(
            Some(403),
            &["http.403"],
            &[
                ("/account", Some(403)),
                ("/balance", Some(403)),
                ("/users", Some(200)),
            ],
            &[],
            r#"{"errors":[{"title":"Forbidden"}]}"#,
        );
        let after = attempt(
            Some(200),
            &["ok.account"],
            &[
                ("/account", Some(200)),
                ("/balance", Some(200)),
                ("/users", Some(200)),
            ],
            &[("company", "Acme")],
            r#"{"company":"Acme","verified":true}"#,
        );
        let d = diff(&before, &after);
        assert_eq!(
            d.lines(),
            vec![
                "status 403 → 200",
                "+ finding ok.account",
                "- finding http.403",
                "✗→✓ /account account:read (403 → 200)",
                "✗→✓ /balance balance:read (403 → 200)",
                "account company: (absent) → Acme",
                "+ body /company",
                "+ body /verified",
                "- body /errors",
            ]
        );
    }

    #[test]
    fn changed_nested_values_and_arrays_by_path() {
        let before = attempt(
            Some(200),
            &[],
            &[],
            &[("company", "A")],
            r#"{"a":{"b":1,"c/d":[1,2]},"e":"x"}"#,
        );
        let after = attempt(
            Some(200),
            &[],
            &[],
            &[("company", "B")],
            r#"{"a":{"b":2,"c/d":[1]},"e":5}"#,
        );
        let d = diff(&before, &after);
        assert_eq!(d.status, None);
        assert_eq!(d.body.changed, vec!["/a/b", "/e"]);
        assert_eq!(d.body.removed, vec!["/a/c~1d/1"]);
        assert_eq!(d.body.added, Vec::<String>::new());
        assert_eq!(
            d.account,
            vec![FieldChange {
                field: "company".to_owned(),
                before: Some("A".to_owned()),
                after: Some("B".to_owned()),
            }]
        );
    }

    #[test]
    fn a_transport_failure_and_a_text_body() {
        let before = attempt(None, &["transport.connect"], &[("/account", None)], &[], "");
        let after = attempt(
            Some(200),
            &[],
            &[("/account", Some(200))],
            &[],
            "<html>hi</html>",
        );
        assert_eq!(
            diff(&before, &after).lines(),
            vec![
                "status connect → 200",
                "- finding transport.connect",
                "–→✓ /account account:read (– → 200)",
                "body changed",
            ]
        );
    }

    #[test]
    fn the_same_attempt_has_no_differences() {
        let one = attempt(
            Some(401),
            &["http.401"],
            &[("/account", Some(401))],
            &[],
            "{}",
        );
        let d = diff(&one, &one);
        assert!(d.is_empty());
        assert_eq!(d.lines(), vec!["no differences"]);
    }

    #[test]
    fn long_path_lists_are_capped_and_counted() {
        let wide: String = (0..MAX_PATHS + 7)
            .map(|i| format!("\"k{i}\":1"))
            .collect::<Vec<_>>()
            .join(",");
        let after = attempt(Some(200), &[], &[], &[], &format!("{{{wide}}}"));
        let before = attempt(Some(200), &[], &[], &[], "{}");
        let d = diff(&before, &after);
        assert_eq!(d.body.added.len(), MAX_PATHS);
        assert_eq!(d.body.more, 7);
    }
}
