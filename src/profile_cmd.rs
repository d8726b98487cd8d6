//! `sipgate-inspect profile list|show|add|remove`: profiles on the command line. The file is
//! [`crate::store::profiles`]; secrets go to the keyring ([`crate::store::secrets`]) and are
//! never printed.

use std::io::{self, BufRead as _, IsTerminal as _, Read as _, Write as _};
use std::process::ExitCode;

use secrecy::SecretString;
use serde::Serialize;

use crate::api::{BaseUrl, DEFAULT_BASE_URL};
use crate::cli::{ConnectionArgs, ENV_ACCESS_TOKEN, ENV_TOKEN, ENV_TOKEN_ID, ProfileAction};
use crate::sanitize::sanitize;
use crate::store::{CredentialKind, Keyring, Profile, ProfileFile, SecretKind, StorePaths};

/// The first line of stdin may be at most this long: a token is a line, not a file.
const MAX_STDIN_LINE: u64 = 64 * 1024;

/// Runs a `profile` subcommand; 0 on success, 2 on any error (the message on stderr).
#[must_use]
pub fn run(action: &ProfileAction, connection: &ConnectionArgs) -> ExitCode {
    match run_inner(action, connection) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("sipgate-inspect profile: {}", sanitize(&message));
            ExitCode::from(2)
        }
    }
}

/// The profile file of this user, loaded.
///
/// # Errors
/// When there is no home directory or the file cannot be read.
pub fn load_profiles() -> Result<ProfileFile, String> {
    let paths = StorePaths::for_user()
        .ok_or("no home directory is known, so there is nowhere to keep profiles")?;
    ProfileFile::load(&paths.profiles_file()).map_err(|e| e.to_string())
}

/// The secret a profile of `kind` is sent with.
#[must_use]
pub fn secret_kind(kind: CredentialKind) -> SecretKind {
    match kind {
        CredentialKind::PersonalAccessToken => SecretKind::Token,
        CredentialKind::OauthToken | CredentialKind::OauthClient => SecretKind::AccessToken,
    }
}

/// A profile as `list` and `show` print it in JSON.
#[derive(Serialize)]
struct ProfileView<'a> {
    #[serde(flatten)]
    profile: &'a Profile,
    /// Whether its secret is in the keyring (`show` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    secret_stored: Option<bool>,
    /// Where secrets are kept (`show` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    secret_store: Option<String>,
}

fn run_inner(action: &ProfileAction, connection: &ConnectionArgs) -> Result<(), String> {
    let mut out = io::stdout().lock();
    match action {
        ProfileAction::List { json } => {
            let file = load_profiles()?;
            if *json {
                let views: Vec<ProfileView> = file
                    .profiles()
                    .iter()
                    .map(|profile| ProfileView {
                        profile,
                        secret_stored: None,
                        secret_store: None,
                    })
                    .collect();
                let text = crate::check::json_for_terminal(&views).map_err(|e| e.to_string())?;
                let _ = writeln!(out, "{text}");
            } else if file.profiles().is_empty() {
                let _ = writeln!(
                    out,
                    "no profiles in {} (add one with: sipgate-inspect profile add NAME)",
                    file.path().display()
                );
            } else {
                for profile in file.profiles() {
                    let _ = writeln!(out, "{}", sanitize(&list_line(profile)));
                }
            }
        }
        ProfileAction::Show { name, json } => {
            let file = load_profiles()?;
            let profile = file
                .get(name)
                .ok_or_else(|| format!("no profile named {name:?}"))?;
            let keyring = Keyring::detect();
            let stored = keyring.get(name, secret_kind(profile.kind));
            let view = ProfileView {
                profile,
                secret_stored: Some(matches!(stored, Ok(Some(_)))),
                secret_store: Some(keyring.backend().describe()),
            };
            if *json {
                let text = crate::check::json_for_terminal(&view).map_err(|e| e.to_string())?;
                let _ = writeln!(out, "{text}");
            } else {
                let secret = match stored {
                    Ok(Some(_)) => format!("stored in {}", keyring.backend().describe()),
                    Ok(None) => format!("not stored (keyring: {})", keyring.backend().describe()),
                    Err(e) => format!("unknown: {e}"),
                };
                for line in show_lines(profile, &secret) {
                    let _ = writeln!(out, "{}", sanitize(&line));
                }
            }
        }
        ProfileAction::Add {
            name,
            token_id,
            bearer,
        } => add(name, token_id.as_deref(), *bearer, connection)?,
        ProfileAction::Remove { name } => {
            let mut file = load_profiles()?;
            file.remove(name).map_err(|e| e.to_string())?;
            file.save().map_err(|e| e.to_string())?;
            let keyring = Keyring::detect();
            match keyring.delete_all(name) {
                Ok(()) => {
                    let _ = writeln!(out, "removed profile {name:?} and its keyring entries");
                }
                Err(e) => {
                    let _ = writeln!(out, "removed profile {name:?}; its keyring entries: {e}");
                }
            }
        }
    }
    Ok(())
}

/// `profile add`.
fn add(
    name: &str,
    token_id: Option<&str>,
    bearer: bool,
    connection: &ConnectionArgs,
) -> Result<(), String> {
    crate::store::check_name(name).map_err(|e| e.to_string())?;
    let mut file = load_profiles()?;
    let kind = if bearer {
        CredentialKind::OauthToken
    } else {
        CredentialKind::PersonalAccessToken
    };
    let mut profile = file
        .get(name)
        .cloned()
        .unwrap_or_else(|| Profile::new(name, kind));
    profile.kind = kind;
    if kind == CredentialKind::PersonalAccessToken {
        profile.token_id = token_id
            .map(str::to_owned)
            .or_else(|| std::env::var(ENV_TOKEN_ID).ok())
            .or(profile.token_id);
    } else {
        profile.token_id = None;
    }
    if connection.base_url != DEFAULT_BASE_URL {
        BaseUrl::parse(&connection.base_url, connection.allow_insecure_http)
            .map_err(|e| e.to_string())?;
        profile.base_url = Some(connection.base_url.clone());
    }
    profile.allow_insecure_http |= connection.allow_insecure_http;
    if let Some(path) = &connection.ca_cert {
        crate::api::TrustedCertificates::from_pem_file(path).map_err(|e| e.to_string())?;
        profile.ca_cert = Some(std::fs::canonicalize(path).unwrap_or_else(|_| path.clone()));
    }
    let secret = secret_from_stdin()?.or_else(|| {
        std::env::var(if bearer { ENV_ACCESS_TOKEN } else { ENV_TOKEN })
            .ok()
            .filter(|s| !s.is_empty())
            .map(SecretString::from)
    });
    let replaced = file.upsert(profile).map_err(|e| e.to_string())?;
    file.save().map_err(|e| e.to_string())?;
    let mut err = io::stderr().lock();
    let keyring = Keyring::detect();
    let verb = if replaced { "updated" } else { "saved" };
    match secret {
        None => {
            let _ = writeln!(
                err,
                "{verb} profile {name:?} in {} without a new secret (none on stdin or in {})",
                file.path().display(),
                if bearer { ENV_ACCESS_TOKEN } else { ENV_TOKEN }
            );
        }
        Some(secret) => match keyring.set(name, secret_kind(kind), &secret) {
            Ok(()) => {
                if let Some(notice) = keyring.notice() {
                    let _ = writeln!(err, "note: {notice}");
                }
                let _ = writeln!(
                    err,
                    "{verb} profile {name:?} in {}; its secret is in {}",
                    file.path().display(),
                    keyring.backend().describe()
                );
            }
            Err(e) => {
                let _ = writeln!(
                    err,
                    "{verb} profile {name:?} in {} WITHOUT its secret: {e}",
                    file.path().display()
                );
            }
        },
    }
    Ok(())
}

/// The first line of stdin when it is a pipe or file (never a terminal, where it would echo);
/// `None` when there is none or it is empty.
fn secret_from_stdin() -> Result<Option<SecretString>, String> {
    let stdin = io::stdin();
    if stdin.is_terminal() {
        return Ok(None);
    }
    let mut line = String::new();
    stdin
        .lock()
        .take(MAX_STDIN_LINE + 1)
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the secret from stdin: {e}"))?;
    if line.len() as u64 > MAX_STDIN_LINE {
        return Err(format!(
            "the first line of stdin is longer than {} KiB; it should hold only the secret",
            MAX_STDIN_LINE / 1024
        ));
    }
    let secret = line.trim_end_matches(['\n', '\r']);
    Ok((!secret.is_empty()).then(|| SecretString::from(secret.to_owned())))
}

/// One line of `profile list`.
fn list_line(profile: &Profile) -> String {
    let id = profile
        .token_id
        .as_deref()
        .or(profile.client_id.as_deref())
        .unwrap_or("-");
    format!(
        "{}  {}  {}  {}",
        profile.name,
        profile.kind,
        id,
        profile.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL)
    )
}

/// The lines of `profile show`.
fn show_lines(profile: &Profile, secret: &str) -> Vec<String> {
    let mut lines = vec![
        format!("name          {}", profile.name),
        format!("kind          {} ({})", profile.kind, profile.kind.label()),
    ];
    let mut push = |label: &str, value: Option<String>| {
        if let Some(value) = value {
            lines.push(format!("{label:<14}{value}"));
        }
    };
    push("token id", profile.token_id.clone());
    push("client id", profile.client_id.clone());
    push(
        "base URL",
        Some(
            profile
                .base_url
                .clone()
                .unwrap_or_else(|| format!("{DEFAULT_BASE_URL} (default)")),
        ),
    );
    push(
        "insecure http",
        profile.allow_insecure_http.then(|| "allowed".to_owned()),
    );
    push(
        "CA file",
        profile.ca_cert.as_ref().map(|p| p.display().to_string()),
    );
    push("realm", profile.realm.clone());
    push("redirect URI", profile.redirect_uri.clone());
    push("secret", Some(secret.to_owned()));
    lines
}

/// A profile for the TUI's form: the profile and its secret from the keyring (`None` when
/// the keyring has none).
///
/// # Errors
/// When the profile file cannot be read (the message locates a syntax error) or has no
/// profile of that name.
pub fn profile_for_form(name: &str) -> Result<(Profile, Option<SecretString>), String> {
    let file = load_profiles()?;
    let profile = file
        .get(name)
        .cloned()
        .ok_or_else(|| format!("no profile named {name:?}"))?;
    let secret = Keyring::detect()
        .get(name, secret_kind(profile.kind))
        .ok()
        .flatten();
    Ok((profile, secret))
}
