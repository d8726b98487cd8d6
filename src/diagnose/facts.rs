//! The evidence a finding's text can refer to, and the placeholder filling.

use crate::sanitize::sanitize;

/// Placeholder names the diagnosis fills; a catalogue text may use only these.
pub const PLACEHOLDERS: [&str; 23] = [
    "url",
    "base_url",
    "status",
    "reason",
    "token_id",
    "retry_after",
    "timeout",
    "host",
    "error",
    "final_url",
    "limit",
    "auth_scheme",
    "field",
    "detail",
    "challenge",
    "sent_scheme",
    "server_message",
    // OAuth sign-in (src/diagnose/oauth.rs).
    "port",
    "redirect_uri",
    "realm",
    "client_id",
    "scope",
    // The explorer (src/scan/inspect.rs): the endpoint's documented path.
    "path",
];

/// Named values to fill `{name}` placeholders with. Values are sanitized on the way in, since
/// some come from the server.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    values: Vec<(&'static str, String)>,
}

impl Facts {
    /// Sets a value (the last one set wins).
    pub fn set(&mut self, name: &'static str, value: impl AsRef<str>) -> &mut Self {
        debug_assert!(PLACEHOLDERS.contains(&name), "unknown placeholder {name}");
        self.values.retain(|(n, _)| *n != name);
        self.values.push((name, sanitize(value.as_ref())));
        self
    }

    /// The value of a placeholder, if set.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Replaces `{name}` with its value; a placeholder without a value reads `(unknown)`.
    #[must_use]
    pub fn fill(&self, template: &str) -> String {
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) if PLACEHOLDERS.contains(&&after[..close]) => {
                    out.push_str(self.get(&after[..close]).unwrap_or("(unknown)"));
                    rest = &after[close + 1..];
                }
                _ => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}
