//! sipgate-inspect's entry point: parse the command line, then run the TUI, or a subcommand.

use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use clap::{CommandFactory as _, FromArgMatches as _};
use crossterm::event::EventStream;
use secrecy::{ExposeSecret as _, SecretString};
use sipgate_inspect::api::{ApiClient, BaseUrl};
use sipgate_inspect::app::sign_in::{Realm, SignInForm, SignInState};
use sipgate_inspect::app::{ApiTarget, App, Form, StoreState};
use sipgate_inspect::cli::{
    Cli, Command, ConnectionArgs, ENV_ACCESS_TOKEN, ENV_TOKEN, ENV_TOKEN_ID,
};
use sipgate_inspect::store::{CredentialKind, StorePaths};
use sipgate_inspect::{check, demo, history_cmd, man, oauth, profile_cmd, runtime, terminal};

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let result = match cli.command {
        Some(Command::Login(mut args)) => {
            args.demo |= cli.demo;
            // For `login`, --timeout is the wait for the browser: 300 s unless given.
            let given = matches
                .subcommand_matches("login")
                .and_then(|m| m.value_source("timeout"))
                == Some(clap::parser::ValueSource::CommandLine);
            let wait = if given {
                Duration::from_secs(cli.connection.timeout)
            } else {
                sipgate_inspect::oauth::DEFAULT_WAIT
            };
            return sipgate_inspect::login::run(&args, &cli.connection, wait);
        }
        Some(Command::Check(mut args)) => {
            // `sipgate-inspect --demo check` means the same as `sipgate-inspect check --demo`.
            args.demo |= cli.demo;
            // `check` has its own exit codes (0 to 3) and prints its own messages.
            return check::run(&args, &cli.connection, &cli.store);
        }
        Some(Command::Completions { shell }) => {
            clap_complete::generate(
                shell.generator(),
                &mut Cli::command(),
                "sipgate-inspect",
                &mut std::io::stdout(),
            );
            Ok(())
        }
        Some(Command::DemoServer { port, bind }) => {
            return run_demo_server(SocketAddr::new(bind, port));
        }
        Some(Command::Man { out }) => man::run(out.as_deref()),
        Some(Command::Profile { action }) => return profile_cmd::run(&action, &cli.connection),
        Some(Command::History {
            action,
            json,
            limit,
        }) => return history_cmd::run(action.as_ref(), json, limit),
        None => run_tui(&cli),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("sipgate-inspect: {message}");
            ExitCode::from(2)
        }
    }
}

/// Exit status 0 after a graceful stop, 128 + the signal's number after a second signal stopped
/// it at once, 2 when it could not start.
fn run_demo_server(bind: SocketAddr) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("sipgate-inspect: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(demo::run_foreground(bind)) {
        Ok(demo::Stopped::Gracefully) => ExitCode::SUCCESS,
        Ok(demo::Stopped::AtOnce { exit_status }) => ExitCode::from(exit_status),
        Err(e) => {
            eprintln!("sipgate-inspect: demo server on {bind}: {e}");
            ExitCode::from(2)
        }
    }
}

fn run_tui(cli: &Cli) -> Result<(), String> {
    use std::io::IsTerminal as _;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err("the interactive inspector needs a terminal; run it in one".to_owned());
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    let (connection, profile, profile_notice) = tui_profile(cli);
    runtime.block_on(async {
        // The demo server lives as long as this block: it stops when the TUI quits.
        let (base, target, form, demo_server) = if cli.demo {
            let server = demo::spawn(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
                .await
                .map_err(|e| format!("cannot start the demo API: {e}"))?;
            let base = BaseUrl::parse(&server.base_url(), false).map_err(|e| e.to_string())?;
            // Demo credentials only: a demo must never show a real token from the environment.
            let form = Form::prefilled(
                Some(demo::DEMO_TOKEN_ID.to_owned()),
                Some(demo::DEMO_TOKEN.to_owned()),
                Some(demo::DEMO_ACCESS_TOKEN.to_owned()),
            );
            (base, ApiTarget::Demo, form, Some(server))
        } else {
            let base = BaseUrl::parse(&connection.base_url, connection.allow_insecure_http)
                .map_err(|e| e.to_string())?;
            // Set environment variables win over the profile's values.
            let (profile_id, profile_token, profile_access) = match &profile {
                Some((p, secret)) if p.kind == CredentialKind::PersonalAccessToken => {
                    (p.token_id.clone(), secret.clone(), None)
                }
                Some((_, secret)) => (None, None, secret.clone()),
                None => (None, None, None),
            };
            let expose = |s: Option<SecretString>| s.map(|s| s.expose_secret().to_owned());
            let form = Form::prefilled(
                std::env::var(ENV_TOKEN_ID).ok().or(profile_id),
                std::env::var(ENV_TOKEN)
                    .ok()
                    .or_else(|| expose(profile_token)),
                std::env::var(ENV_ACCESS_TOKEN)
                    .ok()
                    .or_else(|| expose(profile_access)),
            );
            (base, ApiTarget::Real, form, None)
        };
        let (form, sign_in) = sign_in_setup(cli, &connection, form, demo_server.as_ref())?;
        let options = connection.client_options()?;
        let client = ApiClient::with_options(
            base.clone(),
            Duration::from_secs(connection.timeout),
            options,
        )
        .map_err(|e| e.to_string())?;
        let mut app = App::new(base.clone(), target)
            .with_form(form)
            .with_sign_in(sign_in);
        let paths = StorePaths::for_user();
        app.store = StoreState {
            profile: profile.as_ref().map(|(p, _)| p.name.clone()),
            history_file: paths.as_ref().map(StorePaths::history_file),
            recording: !cli.store.no_history,
            report_dir: paths.map(|paths| paths.state_dir),
            ..StoreState::default()
        };
        app.notice = profile_notice;
        if target == ApiTarget::Demo {
            app = app.with_demo_help(runtime::demo_help());
        }
        // https://no-color.org: any non-empty NO_COLOR turns colour off.
        app.color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        let (mut terminal, guard) =
            terminal::init().map_err(|e| format!("cannot set up the terminal: {e}"))?;
        let result = runtime::run(
            &mut terminal,
            app,
            client,
            EventStream::new(),
            runtime::termination_signal(),
            copy_to_clipboard,
        )
        .await;
        drop(guard);
        result
            .map(|_| ())
            .map_err(|e| format!("terminal error: {e}"))
    })
}

/// The "Sign in" mode's issuer and prefilled form: the demo provider and its working client
/// in `--demo`, else `--oauth-issuer` (or sipgate's) and the client from the environment.
fn sign_in_setup(
    cli: &Cli,
    connection: &ConnectionArgs,
    form: Form,
    demo_server: Option<&demo::DemoServer>,
) -> Result<(Form, SignInState), String> {
    let mut state = SignInState {
        open_browser: !cli.sign_in.no_browser,
        extra_roots: connection.client_options()?.extra_roots,
        ..SignInState::default()
    };
    let mut sign_in = if let Some(server) = demo_server {
        state.issuer = oauth::Issuer::parse(
            &format!("http://{}/auth/realms/sipgate-apps", server.addr()),
            false,
        )
        .map_err(|e| e.to_string())?;
        SignInForm::prefilled(
            Some(demo::DEMO_CLIENT_ID.to_owned()),
            Some(demo::DEMO_CLIENT_SECRET.to_owned()),
        )
    } else {
        if let Some(url) = &cli.sign_in.oauth_issuer {
            state.issuer = oauth::Issuer::parse(url, connection.allow_insecure_http)
                .map_err(|e| e.to_string())?;
        }
        SignInForm::prefilled(
            std::env::var("SIPGATE_CLIENT_ID").ok(),
            std::env::var(sipgate_inspect::login::ENV_CLIENT_SECRET).ok(),
        )
    };
    match cli.sign_in.realm.as_deref() {
        None | Some("sipgate-apps") => {}
        Some("third-party") => sign_in.realm = Realm::ThirdParty,
        Some(other) => {
            return Err(format!(
                "--realm {other:?}: the sign-in form knows sipgate-apps and third-party; for another realm give the whole issuer with --oauth-issuer"
            ));
        }
    }
    if let Some(uri) = &cli.sign_in.redirect_uri {
        oauth::RedirectUri::parse(uri).map_err(|e| e.to_string())?;
        sign_in.redirect_uri = tui_input::Input::new(uri.clone());
    }
    Ok((form.with_sign_in(sign_in), state))
}

/// A profile and its secret from the keyring, if any.
type ProfileAndSecret = (sipgate_inspect::store::Profile, Option<SecretString>);

/// The profile `--profile` names, with its secret, and the connection with its values filling
/// what the flags and the environment leave unset; or, when it cannot be loaded, the notice
/// that says why (the inspector starts without it rather than refusing to start).
fn tui_profile(cli: &Cli) -> (ConnectionArgs, Option<ProfileAndSecret>, Option<String>) {
    let mut connection = cli.connection.clone();
    let Some(name) = cli.store.profile.as_deref().filter(|_| !cli.demo) else {
        return (connection, None, None);
    };
    match profile_cmd::profile_for_form(name) {
        Ok((profile, secret)) => {
            if connection.base_url == sipgate_inspect::api::DEFAULT_BASE_URL
                && let Some(base) = &profile.base_url
            {
                connection.base_url.clone_from(base);
            }
            connection.allow_insecure_http |= profile.allow_insecure_http;
            if connection.ca_cert.is_none() {
                connection.ca_cert.clone_from(&profile.ca_cert);
            }
            (connection, Some((profile, secret)), None)
        }
        Err(message) => (
            connection,
            None,
            Some(format!("profile not loaded: {message}")),
        ),
    }
}

/// Puts text on the clipboard through the terminal (OSC 52), which also works over SSH.
/// Terminals that do not support it ignore the sequence; the text is on screen either way.
fn copy_to_clipboard(text: &str) {
    use std::io::Write as _;
    let mut stdout = std::io::stdout();
    // A failed write changes nothing the user could act on; the command stays visible.
    let _ = stdout.write_all(sipgate_inspect::curl::osc52(text).as_bytes());
    let _ = stdout.flush();
}
