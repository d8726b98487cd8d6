//! The command line (clap derive). No flag takes a token: argv is visible to other users of
//! the machine, so tokens come from the environment, the form, or stdin (`check --token-stdin`).

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::api::{ClientOptions, DEFAULT_BASE_URL, TrustedCertificates};

/// Env var for the token id (prefills the form; used by `check`).
pub const ENV_TOKEN_ID: &str = "SIPGATE_TOKEN_ID";
/// Env var for the token.
pub const ENV_TOKEN: &str = "SIPGATE_TOKEN";
/// Env var for an OAuth access token.
pub const ENV_ACCESS_TOKEN: &str = "SIPGATE_ACCESS_TOKEN";

/// What `--version` prints after the name: the crate version and, when built from a git
/// checkout of this crate, the short commit, e.g. `0.1.0 (4e2a9c1)` (set by build.rs).
pub const VERSION: &str = env!("SIPGATE_INSPECT_VERSION");
/// The short git commit this binary was built from; `None` when it was built outside a git
/// checkout (e.g. from the crate tarball).
pub const COMMIT: Option<&str> = option_env!("SIPGATE_INSPECT_COMMIT");

/// Inspect sipgate REST API credentials: do they work, and if not, why not?
///
/// Without a subcommand, opens the terminal UI. Credentials are typed into the form, or
/// prefilled from SIPGATE_TOKEN_ID and SIPGATE_TOKEN (or SIPGATE_ACCESS_TOKEN); nothing is sent
/// until you press Enter.
// The doc comment above is the --help text, where backticks around env var names would show.
#[allow(clippy::doc_markdown)]
#[derive(Debug, Parser)]
#[command(name = "sipgate-inspect", version = VERSION, about, long_about)]
pub struct Cli {
    /// Connection options.
    #[command(flatten)]
    pub connection: ConnectionArgs,

    /// Use the built-in demo API (offline, on 127.0.0.1) with demo credentials prefilled.
    /// Overrides --base-url; F1 lists the demo scenarios.
    #[arg(long)]
    pub demo: bool,

    /// The "Sign in" mode's provider and redirect URI.
    #[command(flatten)]
    pub sign_in: SignInArgs,
    /// Profiles and history.
    #[command(flatten)]
    pub store: StoreArgs,

    /// What to do instead of opening the TUI.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Where requests go and how long they may take.
#[derive(Debug, Clone, clap::Args)]
pub struct ConnectionArgs {
    /// Base URL of the API.
    // hide_env_values: --help would print the env var's value, user name and password included.
    #[arg(long, env = "SIPGATE_BASE_URL", hide_env_values = true, default_value = DEFAULT_BASE_URL, value_name = "URL", global = true)]
    pub base_url: String,

    /// Whole-request timeout in seconds (connect, send, and read the body).
    #[arg(long, default_value_t = 15, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=3600), global = true)]
    pub timeout: u64,

    /// Allow plain http to hosts other than this machine (credentials travel unencrypted).
    #[arg(long, global = true)]
    pub allow_insecure_http: bool,

    /// Also trust the CA certificates in this PEM file (e.g. a corporate TLS-inspection
    /// proxy's CA), in addition to the system store.
    #[arg(long, value_name = "FILE", global = true)]
    pub ca_cert: Option<PathBuf>,
}

impl ConnectionArgs {
    /// The HTTP client options these arguments ask for.
    ///
    /// # Errors
    /// When the CA file cannot be read or holds no usable certificate; the message says which.
    pub fn client_options(&self) -> Result<ClientOptions, String> {
        let mut options = ClientOptions::default();
        if let Some(path) = &self.ca_cert {
            options.extra_roots =
                TrustedCertificates::from_pem_file(path).map_err(|e| e.to_string())?;
        }
        Ok(options)
    }
}

/// Env var naming the profile to use (as --profile).
pub const ENV_PROFILE: &str = "SIPGATE_PROFILE";
/// Env var that switches the history off (as --no-history).
pub const ENV_NO_HISTORY: &str = "SIPGATE_INSPECT_NO_HISTORY";

/// Which profile to use, and whether to record history (TUI and `check`).
// The doc comments below are --help text, where backticks around env var names would show.
#[allow(clippy::doc_markdown)]
#[derive(Debug, Clone, Default, clap::Args)]
pub struct StoreArgs {
    /// Use the saved profile NAME (see `sipgate-inspect profile list`). Environment variables
    /// that are set (SIPGATE_TOKEN_ID, SIPGATE_TOKEN, SIPGATE_ACCESS_TOKEN, SIPGATE_BASE_URL)
    /// and flags given override its values.
    #[arg(long, env = ENV_PROFILE, value_name = "NAME", global = true)]
    pub profile: Option<String>,

    /// Record nothing in the history database.
    // Boolish: the variable may say 1/0, yes/no, true/false, on/off.
    #[arg(long, env = ENV_NO_HISTORY, global = true, value_parser = clap::builder::BoolishValueParser::new())]
    pub no_history: bool,
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

    /// Check the credentials once, without the TUI, and exit with a code scripts can test.
    ///
    /// Credentials come from SIPGATE_TOKEN_ID and SIPGATE_TOKEN (with --bearer:
    /// SIPGATE_ACCESS_TOKEN); --token-stdin reads the token from the first line of stdin
    /// instead. No flag takes a token value.
    ///
    /// Exit codes: 0 the API answered 2xx; 1 it answered with an error status; 2 usage or
    /// input error (missing credentials, bad flag or base URL); 3 transport failure (DNS,
    /// connect, TLS, timeout, cut-off body).
    // The doc comment above is --help text, where backticks around env var names would show.
    #[allow(clippy::doc_markdown)]
    #[command(
        after_help = "Example: SIPGATE_TOKEN_ID=token-AB12CD sipgate-inspect check \
                            --token-stdin --json < token.txt"
    )]
    Check(CheckArgs),

    /// Sign in with sipgate (OAuth 2.0, in the browser) and print what was granted.
    ///
    /// Authorization code with state and PKCE through a listener on this machine at the
    /// redirect URI. The client secret comes from SIPGATE_CLIENT_SECRET or
    /// --client-secret-stdin, never from a flag. The authorization URL is printed to stderr,
    /// alone on its line. Here --timeout is how long to wait for the browser (default 300).
    ///
    /// Exit codes: 0 signed in; 1 the provider refused (on the redirect or at the token
    /// endpoint); 2 usage or input error (missing secret, bad redirect URI or issuer, port in
    /// use); 3 transport failure or no redirect before the timeout.
    // The doc comment above is --help text, where backticks around env var names would show.
    #[allow(clippy::doc_markdown)]
    #[command(
        after_help = "Example: SIPGATE_ACCESS_TOKEN=$(sipgate-inspect login --client-id ID \\
                            --print-access-token) sipgate-inspect check --bearer"
    )]
    Login(LoginArgs),
    /// Saved profiles: connection settings by name, their secrets in the OS keyring.
    Profile {
        /// What to do with profiles.
        #[command(subcommand)]
        action: ProfileAction,
    },

    /// The history of attempts (TUI and check), newest first.
    History {
        /// Clear or export instead of listing.
        #[command(subcommand)]
        action: Option<HistoryAction>,
        /// Print one JSON array instead of text.
        #[arg(long)]
        json: bool,
        /// Show at most this many attempts.
        #[arg(long, default_value_t = 20, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=10_000))]
        limit: u64,
    },

    /// Print a shell completion script (bash, zsh or fish) to stdout.
    ///
    /// Install it where your shell looks for completions, e.g.
    /// ~/.local/share/bash-completion/completions/sipgate-inspect (bash),
    /// a directory on $fpath as _sipgate-inspect (zsh), or
    /// ~/.config/fish/completions/sipgate-inspect.fish (fish).
    // The doc comment above is --help text, where backticks around paths would show.
    #[allow(clippy::doc_markdown)]
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: CompletionShell,
    },

    /// Write the manual pages (roff), generated from this command line's own definition.
    ///
    /// Without --out, prints sipgate-inspect(1) to stdout (read it with:
    /// sipgate-inspect man | man -l -). With --out DIR, writes one page per command into DIR,
    /// creating it if needed: sipgate-inspect.1, sipgate-inspect-check.1, and so on.
    // The doc comment above is --help text, where backticks around paths would show.
    #[allow(clippy::doc_markdown)]
    Man {
        /// Write every page into this directory instead of printing sipgate-inspect(1).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

/// Flags of `check`. --base-url, --timeout and --allow-insecure-http are global
/// ([`ConnectionArgs`]) and apply here too.
// The doc comments below are --help text, where backticks around env var names would show.
#[allow(clippy::doc_markdown)]
// Independent on/off flags, as clap parses them; an enum would not make them clearer.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, Default, clap::Args)]
pub struct CheckArgs {
    /// Print exactly one JSON object on stdout instead of text (schema in the README).
    #[arg(long)]
    pub json: bool,

    /// Authenticate with an OAuth access token (SIPGATE_ACCESS_TOKEN, sent as Bearer)
    /// instead of a personal access token.
    #[arg(long)]
    pub bearer: bool,

    /// Read the token (with --bearer: the access token) from the first line of stdin, a pipe
    /// or file (not a terminal); the trailing newline is dropped and the rest of stdin is left
    /// unread. The token id still comes from SIPGATE_TOKEN_ID.
    #[arg(long)]
    pub token_stdin: bool,

    /// Check against the built-in demo API, started in-process on 127.0.0.1 (overrides
    /// --base-url). Credentials not set in the environment are the demo ones.
    #[arg(long)]
    pub demo: bool,

    /// Also scan every read-only endpoint of sipgate's API (at most 4 requests at a time,
    /// honouring Retry-After) and report what the token may read; with --json, adds "scan".
    #[arg(long)]
    pub scan: bool,

    /// Check every saved profile (at most 4 at a time), one line (or with --json one array
    /// entry) each; the exit code is the worst of them.
    #[arg(long, conflicts_with_all = ["token_stdin", "demo", "report"])]
    pub all_profiles: bool,

    /// Also write a report for a support ticket to FILE: Markdown for .md, JSON for .json.
    /// It holds no secret.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
}

/// The TUI's "Sign in" mode: where to sign in, and where the browser comes back. `login`
/// has the same flags.
// The doc comments below are --help text, where backticks around env var names would show.
#[allow(clippy::doc_markdown)]
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SignInArgs {
    /// The OAuth issuer for "Sign in" (default
    /// https://login.sipgate.com/auth/realms/sipgate-apps); plain http only to this machine.
    #[arg(long, env = "SIPGATE_OAUTH_ISSUER", value_name = "URL")]
    pub oauth_issuer: Option<String>,

    /// The realm "Sign in" starts with: sipgate-apps (the default) or third-party.
    #[arg(long, value_name = "NAME")]
    pub realm: Option<String>,

    /// The redirect URI "Sign in" starts with (default http://127.0.0.1:8749/callback);
    /// register exactly this URI for the client.
    #[arg(long, env = "SIPGATE_REDIRECT_URI", value_name = "URI")]
    pub redirect_uri: Option<String>,

    /// "Sign in" opens no browser: the URL is shown (and copied through OSC 52).
    #[arg(long)]
    pub no_browser: bool,
}

/// Flags of `login`. --timeout (global) is how long to wait for the browser here.
// The doc comments below are --help text, where backticks around env var names would show.
#[allow(clippy::doc_markdown)]
// Independent on/off flags, as clap parses them.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, clap::Args)]
pub struct LoginArgs {
    /// The OAuth client id, as registered at sipgate (a ":sipgate-apps" suffix is kept as
    /// given). With --demo: demo-app unless given.
    #[arg(
        long,
        env = "SIPGATE_CLIENT_ID",
        value_name = "ID",
        required_unless_present = "demo"
    )]
    pub client_id: Option<String>,

    /// The realm of sipgate's issuer: sipgate-apps (current clients, the default) or
    /// third-party (older ones).
    #[arg(long, value_name = "NAME", conflicts_with = "oauth_issuer")]
    pub realm: Option<String>,

    /// The OAuth issuer (default https://login.sipgate.com/auth/realms/sipgate-apps); plain
    /// http only to this machine, as for --base-url.
    #[arg(long, env = "SIPGATE_OAUTH_ISSUER", value_name = "URL")]
    pub oauth_issuer: Option<String>,

    /// A scope to ask for; repeat for more (default: the read scopes the inspector probes).
    #[arg(long = "scope", value_name = "SCOPE")]
    pub scopes: Vec<String>,

    /// Where the browser comes back: http on localhost, 127.0.0.1 or [::1] with a port.
    /// Register exactly this URI for the client.
    #[arg(long, env = "SIPGATE_REDIRECT_URI", value_name = "URI", default_value = crate::oauth::DEFAULT_REDIRECT_URI)]
    pub redirect_uri: String,

    /// Do not open a browser; only print the URL (stderr).
    #[arg(long)]
    pub no_browser: bool,

    /// Print only the access token on stdout (the summary goes to stderr).
    #[arg(long)]
    pub print_access_token: bool,

    /// Read the client secret from the first line of stdin (a pipe or file) instead of
    /// SIPGATE_CLIENT_SECRET.
    #[arg(long)]
    pub client_secret_stdin: bool,

    /// Sign in at the built-in demo provider (started in-process on 127.0.0.1) with the demo
    /// client demo-app and its secret, unless given.
    #[arg(long)]
    pub demo: bool,
}

/// `profile` subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum ProfileAction {
    /// List the saved profiles.
    List {
        /// Print one JSON array instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Show one profile and where its secret is kept (never the secret).
    Show {
        /// The profile's name.
        name: String,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Save a profile; the secret comes from the first line of stdin, or from SIPGATE_TOKEN
    /// (with --bearer SIPGATE_ACCESS_TOKEN), and goes into the OS keyring. --base-url,
    /// --allow-insecure-http and --ca-cert are saved with it.
    // --help text: backticks around env var names would show.
    #[allow(clippy::doc_markdown)]
    Add {
        /// The profile's name: printable, at most 64 characters, no / \ : * ? " < > | @,
        /// not starting with . or -.
        name: String,
        /// The token id of the personal access token (default: SIPGATE_TOKEN_ID).
        #[arg(long, value_name = "ID")]
        token_id: Option<String>,
        /// The secret is an OAuth access token (sent as Bearer), not a personal access token.
        #[arg(long)]
        bearer: bool,
    },
    /// Remove a profile and its secrets from the keyring.
    Remove {
        /// The profile's name.
        name: String,
    },
}

/// `history` subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum HistoryAction {
    /// Remove every recorded attempt.
    Clear,
    /// Write one attempt as a report for a support ticket (Markdown; JSON for a .json file).
    Export {
        /// The attempt's id (the first column of `history`).
        id: i64,
        /// Write to FILE (.md or .json) instead of printing Markdown.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// Shells `completions` writes a script for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CompletionShell {
    /// GNU bash.
    Bash,
    /// Z shell.
    Zsh,
    /// fish.
    Fish,
}

impl CompletionShell {
    /// The matching `clap_complete` generator.
    #[must_use]
    pub fn generator(self) -> clap_complete::Shell {
        match self {
            Self::Bash => clap_complete::Shell::Bash,
            Self::Zsh => clap_complete::Shell::Zsh,
            Self::Fish => clap_complete::Shell::Fish,
        }
    }
}
