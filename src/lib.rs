//! sipgate-inspect: a terminal UI account inspector for the sipgate REST API.
//!
//! The library holds everything the binary does, so that tests and benches reach the same code:
//! the API client ([`api`]), the diagnosis ([`diagnose`]) and the judged attempt
//! ([`inspection`]), the TUI model and view ([`app`], [`ui`]), the runtime that carries out
//! effects ([`runtime`]), the built-in demo API ([`demo`]), the command line ([`cli`]) and its
//! manual pages ([`man`]).

pub mod api;
pub mod app;
pub mod check;
pub mod cli;
pub mod curl;
pub mod demo;
pub mod diagnose;
pub mod event;
pub mod inspection;
pub mod man;
pub mod runtime;
pub mod terminal;
pub mod text;
pub mod ui;
