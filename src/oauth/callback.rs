//! The query string the browser brings back to the redirect URI: a code, or an error
//! (RFC 6749 §4.1.2), with `state` and, when the provider sends it, `iss` (RFC 9207). Outside
//! input: every value is bounded, and nothing here panics on any input.

use secrecy::SecretString;

/// The longest value kept from the query (longer ones are cut: no real code or error comes
/// close, and an error description is shown on screen).
pub const MAX_VALUE_CHARS: usize = 2048;

/// What the browser brought back.
pub enum Callback {
    /// Success: an authorization code.
    Code {
        /// The code (a secret until exchanged: it buys tokens once).
        code: SecretString,
        /// The `state` sent back.
        state: Option<String>,
        /// The issuer, when the provider names it.
        iss: Option<String>,
    },
    /// The provider refused.
    Error {
        /// `error`, e.g. `access_denied`.
        error: String,
        /// `error_description`, when given.
        description: Option<String>,
        /// The `state` sent back.
        state: Option<String>,
        /// The issuer, when the provider names it.
        iss: Option<String>,
    },
    /// Neither a code nor an error.
    Neither {
        /// The `state` sent back.
        state: Option<String>,
    },
}

impl std::fmt::Debug for Callback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Code { state, iss, .. } => f
                .debug_struct("Code")
                .field("code", &"[REDACTED]")
                .field("state", state)
                .field("iss", iss)
                .finish(),
            Self::Error {
                error,
                description,
                state,
                iss,
            } => f
                .debug_struct("Error")
                .field("error", error)
                .field("description", description)
                .field("state", state)
                .field("iss", iss)
                .finish(),
            Self::Neither { state } => f.debug_struct("Neither").field("state", state).finish(),
        }
    }
}

impl Callback {
    /// The `state` it carries.
    #[must_use]
    pub fn state(&self) -> Option<&str> {
        match self {
            Self::Code { state, .. } | Self::Error { state, .. } | Self::Neither { state } => {
                state.as_deref()
            }
        }
    }

    /// The `iss` it carries.
    #[must_use]
    pub fn iss(&self) -> Option<&str> {
        match self {
            Self::Code { iss, .. } | Self::Error { iss, .. } => iss.as_deref(),
            Self::Neither { .. } => None,
        }
    }
}

/// Parses a query string (without the `?`). The first occurrence of each parameter counts.
#[must_use]
pub fn parse_callback(query: &str) -> Callback {
    let mut code = None;
    let mut error = None;
    let mut description = None;
    let mut state = None;
    let mut iss = None;
    for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
        let slot = match name.as_ref() {
            "code" => &mut code,
            "error" => &mut error,
            "error_description" => &mut description,
            "state" => &mut state,
            "iss" => &mut iss,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(value.chars().take(MAX_VALUE_CHARS).collect::<String>());
        }
    }
    match (error, code) {
        (Some(error), _) => Callback::Error {
            error,
            description,
            state,
            iss,
        },
        (None, Some(code)) if !code.is_empty() => Callback::Code {
            code: SecretString::from(code),
            state,
            iss,
        },
        (None, _) => Callback::Neither { state },
    }
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret as _;

    use super::*;

    #[test]
    fn a_code_with_state_and_iss() {
        let callback = parse_callback("code=abc%2B1&state=s1&iss=https%3A%2F%2Fidp%2Fr&x=y");
        let Callback::Code { code, state, iss } = &callback else {
            panic!("{callback:?}")
        };
        assert_eq!(code.expose_secret(), "abc+1");
        assert_eq!(state.as_deref(), Some("s1"));
        assert_eq!(iss.as_deref(), Some("https://idp/r"));
        assert!(!format!("{callback:?}").contains("abc"));
    }

    #[test]
    fn an_error_wins_over_a_code() {
        let callback =
            parse_callback("error=access_denied&error_description=User+declined&state=s&code=c");
        assert_matches!(
            callback,
            Callback::Error { ref error, ref description, .. }
                if error == "access_denied" && description.as_deref() == Some("User declined")
        );
    }

    #[test]
    fn nothing_useful_and_huge_values() {
        assert_matches!(parse_callback(""), Callback::Neither { state: None });
        assert_matches!(parse_callback("code=&state=s"), Callback::Neither { .. });
        let long = format!("error={}", "e".repeat(10_000));
        assert_matches!(
            parse_callback(&long),
            Callback::Error { ref error, .. } if error.len() == MAX_VALUE_CHARS
        );
    }
}
