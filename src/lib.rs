//! sipgate-inspect: a terminal UI account inspector for the sipgate REST API.
//!
//! The library holds everything the binary does, so that tests and benches reach the same code:
//! the API client ([`api`]), the diagnosis ([`diagnose`]) and the judged attempt
//! ([`inspection`]), the TUI model and view ([`app`], [`ui`]), the runtime that carries out
//! effects ([`runtime`]), the built-in demo API ([`demo`]), the command line ([`cli`]) and its
//! manual pages ([`man`]).

/// `assert!(matches!(value, pattern))` that prints the value when it does not match (for the
/// unit tests; `tests/common` has the same for the integration tests).
#[cfg(test)]
macro_rules! assert_matches {
    ($value:expr, $pattern:pat $(if $guard:expr)? $(,)?) => {
        match $value {
            $pattern $(if $guard)? => {}
            ref other => panic!(
                "assertion failed: {:?} does not match {}",
                other,
                stringify!($pattern $(if $guard)?)
            ),
        }
    };
    ($value:expr, $pattern:pat $(if $guard:expr)?, $($message:tt)+) => {
        match $value {
            $pattern $(if $guard)? => {}
            ref other => panic!(
                "assertion failed: {:?} does not match {}: {}",
                other,
                stringify!($pattern $(if $guard)?),
                format_args!($($message)+)
            ),
        }
    };
}

pub mod api;
pub mod app;
pub mod body;
pub mod check;
pub mod cli;
pub mod curl;
pub mod demo;
pub mod diagnose;
pub mod format;
pub mod history_cmd;
pub mod inspection;
pub mod login;
pub mod man;
pub mod oauth;
pub mod profile_cmd;
pub mod runtime;
pub mod sanitize;
pub mod scan;
pub mod sign_in_runtime;
pub mod store;
pub mod terminal;
pub mod ui;
