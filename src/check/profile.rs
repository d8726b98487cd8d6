//! `check --profile NAME`: a saved profile's values under the environment and the flags.
//!
//! Precedence, highest first: a flag given on the command line, an environment variable that
//! is set, the profile, the built-in default. `--base-url` counts as given when it differs
//! from the default (the flag and `SIPGATE_BASE_URL` share one value).

use std::ffi::OsString;

use secrecy::{ExposeSecret as _, SecretString};

use crate::api::DEFAULT_BASE_URL;
use crate::cli::{CheckArgs, ConnectionArgs, ENV_ACCESS_TOKEN, ENV_TOKEN, ENV_TOKEN_ID};
use crate::profile_cmd::secret_kind;
use crate::store::{CredentialKind, Keyring, Profile};

/// A check's arguments with a profile applied.
#[derive(Debug, Clone)]
pub struct Applied {
    /// `check`'s flags (with `--bearer` set for an OAuth token profile).
    pub args: CheckArgs,
    /// The connection, with the profile's base URL, CA file and http permission.
    pub connection: ConnectionArgs,
    /// The profile's name.
    pub profile: String,
    /// Its credential kind.
    pub kind: CredentialKind,
    token_id: Option<String>,
    secret: Option<SecretString>,
}

impl Applied {
    /// Applies `profile` to `args` and `connection`, reading its secret from `keyring` only
    /// when neither the environment (`env`) nor stdin supplies one.
    ///
    /// # Errors
    /// When the secret is needed and missing: the message names the profile, the keyring and
    /// how to provide one; or when the keyring fails.
    pub fn new(
        profile: &Profile,
        args: &CheckArgs,
        connection: &ConnectionArgs,
        keyring: &Keyring,
        env: &impl Fn(&str) -> Option<OsString>,
    ) -> Result<Self, String> {
        let mut args = args.clone();
        let mut connection = connection.clone();
        if profile.kind != CredentialKind::PersonalAccessToken {
            args.bearer = true;
        }
        if connection.base_url == DEFAULT_BASE_URL
            && let Some(base) = &profile.base_url
        {
            connection.base_url.clone_from(base);
        }
        connection.allow_insecure_http |= profile.allow_insecure_http;
        if connection.ca_cert.is_none() {
            connection.ca_cert.clone_from(&profile.ca_cert);
        }
        let secret_var = if args.bearer {
            ENV_ACCESS_TOKEN
        } else {
            ENV_TOKEN
        };
        let secret = if args.token_stdin || env(secret_var).is_some() {
            None
        } else {
            match keyring.get(&profile.name, secret_kind(profile.kind)) {
                Ok(Some(secret)) => Some(secret),
                Ok(None) => {
                    return Err(format!(
                        "profile {:?} has no {} in the keyring ({}): save it with `… | \
                         sipgate-inspect profile add {}{}`, or set {secret_var}",
                        profile.name,
                        if args.bearer { "access token" } else { "token" },
                        keyring.backend().describe(),
                        profile.name,
                        if args.bearer { " --bearer" } else { "" },
                    ));
                }
                Err(e) => return Err(format!("profile {:?}: {e}", profile.name)),
            }
        };
        Ok(Self {
            args,
            connection,
            profile: profile.name.clone(),
            kind: profile.kind,
            token_id: profile.token_id.clone(),
            secret,
        })
    }

    /// The environment as `check` reads it: what is set, else the profile's value.
    pub fn env<'a>(
        &'a self,
        env: impl Fn(&str) -> Option<OsString> + 'a,
    ) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |var: &str| {
            env(var).or_else(|| match var {
                ENV_TOKEN_ID if !self.args.bearer => self.token_id.clone().map(OsString::from),
                ENV_TOKEN if !self.args.bearer => self.secret_value(),
                ENV_ACCESS_TOKEN if self.args.bearer => self.secret_value(),
                _ => None,
            })
        }
    }

    /// The secret as the environment would hold it.
    fn secret_value(&self) -> Option<OsString> {
        self.secret
            .as_ref()
            .map(|s| OsString::from(s.expose_secret().to_owned()))
    }
}
