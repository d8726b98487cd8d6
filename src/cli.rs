//! The command line (clap derive). No flag takes a token: argv is visible to other users of
//! the machine, so tokens come from the environment, the form, or stdin (`check --token-stdin`).

use std::net::IpAddr;

use clap::{Parser, Subcommand};

use crate::api::DEFAULT_BASE_URL;

/// Env var for the token id (prefills the form; used by `check`).
pub const ENV_TOKEN_ID: &str = "SIPGATE_TOKEN_ID";
/// Env var for the token.
pub const ENV_TOKEN: &str = "SIPGATE_TOKEN";
/// Env var for an OAuth access token.
pub const ENV_ACCESS_TOKEN: &str = "SIPGATE_ACCESS_TOKEN";

/// Inspect sipgate REST API credentials: do they work, and if not, why not?
///
/// Without a subcommand, opens the terminal UI. Credentials are typed into the form, or
/// prefilled from SIPGATE_TOKEN_ID and SIPGATE_TOKEN (or SIPGATE_ACCESS_TOKEN); nothing is sent
/// until you press Enter.
// The doc comment above is the --help text, where backticks around env var names would show.
#[allow(clippy::doc_markdown)]
#[derive(Debug, Parser)]
#[command(name = "sipgate-inspect", version, about, long_about)]
pub struct Cli {
    /// Connection options.
    #[command(flatten)]
    pub connection: ConnectionArgs,

    /// Use the built-in demo API (offline, on 127.0.0.1) with demo credentials prefilled.
    /// Overrides --base-url; F1 lists the demo scenarios.
    #[arg(long)]
    pub demo: bool,

    /// What to do instead of opening the TUI.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Where requests go and how long they may take.
#[derive(Debug, Clone, clap::Args)]
pub struct ConnectionArgs {
    /// Base URL of the API.
    #[arg(long, env = "SIPGATE_BASE_URL", default_value = DEFAULT_BASE_URL, value_name = "URL", global = true)]
    pub base_url: String,

    /// Whole-request timeout in seconds (connect, send, and read the body).
    #[arg(long, default_value_t = 15, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=3600), global = true)]
    pub timeout: u64,

    /// Allow plain http to hosts other than this machine (credentials travel unencrypted).
    #[arg(long, global = true)]
    pub allow_insecure_http: bool,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the built-in demo API in the foreground, for curl or any other client.
    DemoServer {
        /// Port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Address to bind.
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
        bind: IpAddr,
    },
}
