//! Where `check` gets its credentials: the environment, the first line of stdin, or (with
//! `--demo`) the demo credentials, checked by the same preflight the TUI form uses before
//! anything is sent.
//!
//! The token is read into a [`SecretString`] straight away and is only ever exposed to the
//! preflight (which inspects it and copies nothing) and to [`Credentials`] itself.

use std::ffi::OsString;
use std::io::{self, Read};

use secrecy::zeroize::Zeroizing;
use secrecy::{ExposeSecret as _, SecretString};

use super::json::TokenView;
use crate::api::Credentials;
use crate::cli::{ENV_ACCESS_TOKEN, ENV_TOKEN, ENV_TOKEN_ID};
use crate::demo::{DEMO_ACCESS_TOKEN, DEMO_TOKEN, DEMO_TOKEN_ID};
use crate::diagnose::{Finding, Fix, FormField, FormInput, Severity, blocks_sending, preflight_at};

/// The first line of stdin may be at most this long (without its line ending): a token is a
/// line, not a file. A longer one is refused rather than cut, since a cut token fails anyway.
const MAX_STDIN_LINE: usize = 64 * 1024;

/// What the credential sources are, as `check` was asked to use them.
#[derive(Debug, Clone, Copy, Default)]
pub struct CredentialRequest {
    /// OAuth access token (Bearer) instead of a personal access token.
    pub bearer: bool,
    /// The token (or access token) comes from the first line of stdin.
    pub token_stdin: bool,
    /// Fill what is not set with the demo credentials.
    pub demo: bool,
}

/// Credentials ready to send, and which of their parts are the demo ones.
#[derive(Debug, Clone)]
pub struct ResolvedCredentials {
    /// What goes into the `Authorization` header.
    pub credentials: Credentials,
    /// The parts that were not set and were filled with demo values (`--demo` only), by the
    /// env var that would have set them, e.g. `["SIPGATE_TOKEN_ID", "SIPGATE_TOKEN"]`.
    pub demo_filled: Vec<&'static str>,
    /// The preflight's warnings (stray whitespace, an odd format…): they do not stop the
    /// request, but may explain its answer.
    pub input_findings: Vec<Finding>,
    /// What the OAuth access token carries; `None` for a personal access token or an opaque
    /// bearer token.
    pub token: Option<TokenView>,
}

/// Why there are no credentials to send. Every message names the env vars to set and never
/// contains a token.
#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    /// An env var is set but is not valid UTF-8 (its value is not shown).
    #[error("{var} is set but is not valid UTF-8")]
    NotUnicode {
        /// The env var.
        var: &'static str,
    },
    /// stdin could not be read.
    #[error("cannot read the token from stdin (--token-stdin): {0}")]
    Stdin(#[source] io::Error),
    /// stdin held something that is not text.
    #[error("the first line of stdin (--token-stdin) is not valid UTF-8")]
    StdinNotUnicode,
    /// stdin's first line goes on for longer than any token.
    #[error(
        "the first line of stdin (--token-stdin) is longer than {} KiB; it should hold only the \
         token",
        MAX_STDIN_LINE / 1024
    )]
    StdinLineTooLong,
    /// The preflight found blocking problems: empty or missing values.
    #[error("{}", blocked_message(findings, sources, *bearer, *token_stdin))]
    Blocked {
        /// The preflight's findings (at least one blocks sending).
        findings: Vec<Finding>,
        /// Where the values came from, to say which env var (or stdin) to fill.
        sources: CredentialSources,
        /// Whether an access token was asked for.
        bearer: bool,
        /// Whether the token was to come from stdin.
        token_stdin: bool,
    },
    /// The access token holds characters an HTTP header cannot carry.
    #[error(
        "the access token contains characters an HTTP header cannot carry (a line break, a \
         control or a non-ASCII character); check {ENV_ACCESS_TOKEN} or stdin"
    )]
    Unsendable,
}

/// Where a credential value was read from, to name it when it is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialSource {
    /// An env var.
    Env {
        /// Its name.
        var: &'static str,
        /// Whether it is set at all (to an empty or blank value, if it is blamed).
        set: bool,
    },
    /// The first line of stdin (`--token-stdin`).
    Stdin,
}

/// Where the two parts of the credentials came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CredentialSources {
    /// The token id (personal access tokens only; unused with `--bearer`).
    pub token_id: CredentialSource,
    /// The token, or with `--bearer` the access token.
    pub secret: CredentialSource,
}

/// Reads the credentials `request` asks for: env vars through `env` (so tests need not touch
/// the process environment) and, with `token_stdin`, the first line of `stdin`.
///
/// # Errors
/// See [`CredentialError`]; [`CredentialError::Blocked`] carries the preflight findings.
pub fn resolve(
    request: CredentialRequest,
    env: impl Fn(&str) -> Option<OsString>,
    stdin: impl Read,
) -> Result<ResolvedCredentials, CredentialError> {
    let env_text = |var: &'static str| -> Result<Option<String>, CredentialError> {
        env(var)
            .map(|value| {
                value
                    .into_string()
                    .map_err(|_| CredentialError::NotUnicode { var })
            })
            .transpose()
    };
    let env_secret = |var: &'static str| env_text(var).map(|v| v.map(SecretString::from));
    let secret_var = if request.bearer {
        ENV_ACCESS_TOKEN
    } else {
        ENV_TOKEN
    };
    let (secret, secret_source) = if request.token_stdin {
        (Some(read_first_line(stdin)?), CredentialSource::Stdin)
    } else {
        let secret = env_secret(secret_var)?;
        let set = secret.is_some();
        (
            secret,
            CredentialSource::Env {
                var: secret_var,
                set,
            },
        )
    };
    let token_id = if request.bearer {
        None
    } else {
        env_text(ENV_TOKEN_ID)?
    };
    let sources = CredentialSources {
        token_id: CredentialSource::Env {
            var: ENV_TOKEN_ID,
            set: token_id.is_some(),
        },
        secret: secret_source,
    };
    let mut demo_filled = Vec::new();
    let mut or_demo = |value: Option<SecretString>, var: &'static str, demo: &str| match value {
        Some(value) if !value.expose_secret().is_empty() => value,
        _ if request.demo => {
            demo_filled.push(var);
            SecretString::from(demo)
        }
        _ => SecretString::from(""),
    };

    let input_findings;
    let mut token = None;
    let credentials = if request.bearer {
        let access_token = or_demo(secret, ENV_ACCESS_TOKEN, DEMO_ACCESS_TOKEN);
        token = TokenView::of(access_token.expose_secret());
        input_findings = check_preflight(
            FormInput::Bearer {
                access_token: access_token.expose_secret(),
            },
            request,
            sources,
        )?;
        let credentials = Credentials::AccessToken(access_token);
        // A Basic header is base64 and always valid; a bearer token is sent as it is.
        if credentials.authorization_value().is_none() {
            return Err(CredentialError::Unsendable);
        }
        credentials
    } else {
        let token_id = or_demo(
            token_id.map(SecretString::from),
            ENV_TOKEN_ID,
            DEMO_TOKEN_ID,
        );
        let token = or_demo(secret, ENV_TOKEN, DEMO_TOKEN);
        input_findings = check_preflight(
            FormInput::Personal {
                token_id: token_id.expose_secret(),
                token: token.expose_secret(),
            },
            request,
            sources,
        )?;
        // The token id is not a secret (sipgate's web app lists it); it only travelled as one
        // to share `or_demo`.
        Credentials::personal(token_id.expose_secret(), token)
    };
    Ok(ResolvedCredentials {
        credentials,
        demo_filled,
        input_findings,
        token,
    })
}

/// The preflight's findings when none blocks sending; the blocking ones as an error.
fn check_preflight(
    input: FormInput<'_>,
    request: CredentialRequest,
    sources: CredentialSources,
) -> Result<Vec<Finding>, CredentialError> {
    // check reads the clock here, at its edge, for an OAuth token's expiry.
    let checked = preflight_at(input, Some(std::time::SystemTime::now()));
    let blocked = blocks_sending(&checked);
    let findings = checked
        .into_iter()
        .map(|(mut finding, fix)| {
            // A fix is an edit the TUI makes to its form (Ctrl+T); here the user corrects an
            // env var or stdin, so say that instead.
            if let Some(fix) = fix {
                finding.steps = vec![fix_step(fix, request)];
            }
            finding
        })
        .collect();
    if blocked {
        return Err(CredentialError::Blocked {
            findings,
            sources,
            bearer: request.bearer,
            token_stdin: request.token_stdin,
        });
    }
    Ok(findings)
}

/// What to do about a fixable preflight finding outside the TUI.
fn fix_step(fix: Fix, request: CredentialRequest) -> String {
    let source = |field: FormField| match field {
        FormField::TokenId => ENV_TOKEN_ID.to_owned(),
        FormField::Token | FormField::AccessToken if request.token_stdin => {
            "the line on stdin".to_owned()
        }
        FormField::Token => ENV_TOKEN.to_owned(),
        FormField::AccessToken => ENV_ACCESS_TOKEN.to_owned(),
    };
    match fix {
        Fix::Trim(field) => format!("Remove the whitespace from {}.", source(field)),
        Fix::RemoveInvisible(field) => format!(
            "Remove the invisible or non-ASCII characters from {}, or type the value by hand.",
            source(field)
        ),
        Fix::Swap => format!("Exchange the values of {ENV_TOKEN_ID} and {ENV_TOKEN}."),
        Fix::SplitBasic(field) => format!(
            "Decode the value of {} (base64); set the part before the colon as {ENV_TOKEN_ID} \
             and the part after it as {ENV_TOKEN}.",
            source(field)
        ),
        Fix::MoveToBearer(field) => format!(
            "Pass the value of {} as {ENV_ACCESS_TOKEN} and add --bearer.",
            source(field)
        ),
    }
}

/// The first line of `stdin` without its line ending (`\n` or `\r\n`), read into memory that is
/// wiped when dropped. Empty input gives an empty token, which the preflight then refuses.
///
/// It reads one byte at a time and stops at the line break, so nothing after the first line
/// is consumed: a script may pipe more into the same stdin for the next command.
fn read_first_line(mut stdin: impl Read) -> Result<SecretString, CredentialError> {
    let mut bytes = Zeroizing::new(Vec::new());
    // The byte is a piece of the token too: wiped when dropped, like the line.
    let mut byte = Zeroizing::new([0_u8; 1]);
    loop {
        match stdin.read(byte.as_mut_slice()) {
            Ok(0) => break,
            Ok(_) if byte[0] == b'\n' => break,
            Ok(_) if bytes.len() == MAX_STDIN_LINE => {
                return Err(CredentialError::StdinLineTooLong);
            }
            Ok(_) => bytes.push(byte[0]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(CredentialError::Stdin(e)),
        }
    }
    if bytes.last() == Some(&b'\r') {
        bytes.pop();
    }
    let text = std::str::from_utf8(&bytes).map_err(|_| CredentialError::StdinNotUnicode)?;
    Ok(SecretString::from(text))
}

/// Which field an "is empty" finding of the preflight is about.
fn empty_field(finding_id: &str) -> Option<FormField> {
    match finding_id {
        "input.token-id-empty" => Some(FormField::TokenId),
        "input.token-empty" => Some(FormField::Token),
        "input.access-token-empty" => Some(FormField::AccessToken),
        _ => None,
    }
}

/// What is missing, said in the terms of the command line: which env var is not set (or is
/// empty) and what it should hold. The preflight's own words are the form's ("Enter the token
/// id … before sending"), which would not help here.
fn missing_line(field: FormField, sources: &CredentialSources) -> String {
    let source = match field {
        FormField::TokenId => sources.token_id,
        FormField::Token | FormField::AccessToken => sources.secret,
    };
    let what = match field {
        FormField::TokenId => {
            "the token id of a personal access token, such as token-AB12CD (sipgate web app: \
             Account settings, Personal access tokens)"
        }
        FormField::Token => "the token itself, the UUID shown once when the token was created",
        FormField::AccessToken => "an OAuth access token",
    };
    match source {
        CredentialSource::Env { var, set: false } => format!("{var} is not set; it holds {what}."),
        CredentialSource::Env { var, set: true } => {
            format!("{var} is empty; it should hold {what}.")
        }
        CredentialSource::Stdin => {
            format!("The first line of stdin (--token-stdin) is empty; it should hold {what}.")
        }
    }
}

/// What is missing, then how to provide it.
fn blocked_message(
    findings: &[Finding],
    sources: &CredentialSources,
    bearer: bool,
    token_stdin: bool,
) -> String {
    let mut message = String::new();
    for finding in findings.iter().filter(|f| f.severity == Severity::Error) {
        if let Some(field) = empty_field(finding.id) {
            message.push_str(&missing_line(field, sources));
        } else {
            message.push_str(&finding.title);
            message.push_str(": ");
            message.push_str(&finding.explanation);
        }
        message.push('\n');
    }
    let hint = match (bearer, token_stdin) {
        (true, false) => format!(
            "Set {ENV_ACCESS_TOKEN} in the environment, or pipe the access token in with \
             --token-stdin (… | sipgate-inspect check --bearer --token-stdin)."
        ),
        (true, true) => "Pipe the OAuth access token into stdin: --token-stdin reads its first \
                         line (… | sipgate-inspect check --bearer --token-stdin)."
            .to_owned(),
        (false, false) => format!(
            "Set {ENV_TOKEN_ID} and {ENV_TOKEN} in the environment, or set {ENV_TOKEN_ID} and \
             pipe the token in with --token-stdin (… | sipgate-inspect check --token-stdin). \
             For an OAuth access token, use --bearer with {ENV_ACCESS_TOKEN}."
        ),
        (false, true) => format!(
            "Set {ENV_TOKEN_ID} in the environment and pipe the token into stdin: \
             --token-stdin reads its first line (without it, the token comes from {ENV_TOKEN})."
        ),
    };
    message.push_str(&hint);
    message.push_str("\nTo try the tool without credentials, add --demo.");
    message
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::api::AuthScheme;

    const TOKEN: &str = "e68ead46-a7db-46cd-8a1a-44aed1e4e372";

    fn env_of(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
        let map: HashMap<String, OsString> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), OsString::from(v)))
            .collect();
        move |name| map.get(name).cloned()
    }

    fn request(bearer: bool, token_stdin: bool, demo: bool) -> CredentialRequest {
        CredentialRequest {
            bearer,
            token_stdin,
            demo,
        }
    }

    #[test]
    fn personal_token_from_the_environment() {
        let resolved = resolve(
            request(false, false, false),
            env_of(&[(ENV_TOKEN_ID, "token-FQ1V12"), (ENV_TOKEN, TOKEN)]),
            io::empty(),
        )
        .expect("resolves");
        assert_eq!(resolved.credentials.token_id(), Some("token-FQ1V12"));
        assert_eq!(
            resolved
                .credentials
                .authorization_value()
                .expect("header")
                .to_str()
                .expect("ascii"),
            "Basic dG9rZW4tRlExVjEyOmU2OGVhZDQ2LWE3ZGItNDZjZC04YTFhLTQ0YWVkMWU0ZTM3Mg=="
        );
        assert!(resolved.demo_filled.is_empty());
    }

    #[test]
    fn stdin_line_wins_and_loses_its_line_ending() {
        for input in [
            format!("{TOKEN}\n"),
            format!("{TOKEN}\r\nsecond line\n"),
            TOKEN.to_owned(),
        ] {
            let resolved = resolve(
                request(false, true, false),
                env_of(&[(ENV_TOKEN_ID, "token-FQ1V12"), (ENV_TOKEN, "ignored")]),
                input.as_bytes(),
            )
            .expect("resolves");
            let header = resolved.credentials.authorization_value().expect("header");
            assert_eq!(
                header.to_str().expect("ascii"),
                "Basic dG9rZW4tRlExVjEyOmU2OGVhZDQ2LWE3ZGItNDZjZC04YTFhLTQ0YWVkMWU0ZTM3Mg==",
                "{input:?}"
            );
        }
    }

    #[test]
    fn missing_values_are_blocked_naming_the_env_vars() {
        let err = resolve(request(false, false, false), env_of(&[]), io::empty())
            .expect_err("nothing set");
        let CredentialError::Blocked { findings, .. } = &err else {
            panic!("{err:?}");
        };
        let ids: Vec<_> = findings.iter().map(|f| f.id).collect();
        assert_eq!(ids, ["input.token-id-empty", "input.token-empty"]);
        let message = err.to_string();
        let lines: Vec<&str> = message.lines().collect();
        assert_eq!(
            lines[..2],
            [
                "SIPGATE_TOKEN_ID is not set; it holds the token id of a personal access token, \
                 such as token-AB12CD (sipgate web app: Account settings, Personal access tokens).",
                "SIPGATE_TOKEN is not set; it holds the token itself, the UUID shown once when \
                 the token was created.",
            ]
        );
        assert!(lines[2].contains("--token-stdin"), "{message}");
        assert!(!message.contains("Enter "), "form wording: {message}");

        // Set but blank is "empty", not "not set".
        let err = resolve(
            request(false, false, false),
            env_of(&[(ENV_TOKEN_ID, " "), (ENV_TOKEN, TOKEN)]),
            io::empty(),
        )
        .expect_err("blank token id");
        assert!(
            err.to_string()
                .starts_with("SIPGATE_TOKEN_ID is empty; it should hold "),
            "{err}"
        );

        let err = resolve(request(true, false, false), env_of(&[]), io::empty())
            .expect_err("no access token");
        assert!(
            err.to_string()
                .starts_with("SIPGATE_ACCESS_TOKEN is not set; it holds an OAuth access token.\n"),
            "{err}"
        );

        let err = resolve(
            request(false, true, false),
            env_of(&[(ENV_TOKEN_ID, "token-FQ1V12")]),
            &b"\n"[..],
        )
        .expect_err("empty stdin line");
        assert!(
            err.to_string()
                .starts_with("The first line of stdin (--token-stdin) is empty; it should hold "),
            "{err}"
        );
    }

    /// A reader that counts the bytes taken from it.
    struct Counted<'a> {
        input: &'a [u8],
        taken: usize,
    }

    impl Read for Counted<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = (&self.input[self.taken..]).read(buf)?;
            self.taken += n;
            Ok(n)
        }
    }

    #[test]
    fn stdin_is_read_up_to_the_first_line_break_and_no_further() {
        let input = format!("{TOKEN}\nsecond line\n");
        let mut stdin = Counted {
            input: input.as_bytes(),
            taken: 0,
        };
        let token = read_first_line(&mut stdin).expect("a line");
        assert_eq!(token.expose_secret(), TOKEN);
        // 36 characters of UUID and the line break.
        assert_eq!(stdin.taken, 37);
    }

    #[test]
    fn a_first_line_longer_than_64_kib_is_refused() {
        let fits = "a".repeat(64 * 1024) + "\n";
        assert_eq!(
            read_first_line(fits.as_bytes())
                .expect("64 KiB fit")
                .expose_secret()
                .len(),
            65_536
        );
        let err = read_first_line("a".repeat(64 * 1024 + 1).as_bytes()).expect_err("too long");
        assert_matches!(err, CredentialError::StdinLineTooLong, "{err}");
        assert_eq!(
            err.to_string(),
            "the first line of stdin (--token-stdin) is longer than 64 KiB; it should hold only \
             the token"
        );
    }

    #[test]
    fn demo_fills_only_what_is_not_set() {
        let resolved = resolve(request(false, false, true), env_of(&[]), io::empty())
            .expect("demo credentials");
        assert_eq!(resolved.credentials.token_id(), Some(DEMO_TOKEN_ID));
        assert_eq!(resolved.demo_filled, [ENV_TOKEN_ID, ENV_TOKEN]);

        let resolved = resolve(
            request(false, false, true),
            env_of(&[(ENV_TOKEN_ID, "token-RATE42")]),
            io::empty(),
        )
        .expect("scenario id with the demo token");
        assert_eq!(resolved.credentials.token_id(), Some("token-RATE42"));
        assert_eq!(resolved.demo_filled, [ENV_TOKEN]);

        let resolved = resolve(request(true, false, true), env_of(&[]), io::empty())
            .expect("demo access token");
        assert_eq!(resolved.credentials.scheme(), AuthScheme::Bearer);
        assert_eq!(resolved.demo_filled, [ENV_ACCESS_TOKEN]);
    }

    #[test]
    fn input_warnings_travel_along_with_steps_for_the_command_line() {
        let resolved = resolve(
            request(false, false, false),
            env_of(&[
                (ENV_TOKEN_ID, "token-FQ1V12"),
                (ENV_TOKEN, &format!("{TOKEN} ")),
            ]),
            io::empty(),
        )
        .expect("whitespace does not block");
        let whitespace = resolved
            .input_findings
            .iter()
            .find(|f| f.id == "input.whitespace")
            .expect("whitespace finding");
        assert_eq!(
            whitespace.steps,
            ["Remove the whitespace from SIPGATE_TOKEN."]
        );

        let resolved = resolve(
            request(false, true, false),
            env_of(&[(ENV_TOKEN_ID, "token-FQ1V12")]),
            format!("{TOKEN} \n").as_bytes(),
        )
        .expect("whitespace does not block");
        assert!(
            resolved
                .input_findings
                .iter()
                .any(|f| f.steps == ["Remove the whitespace from the line on stdin."]),
            "{:?}",
            resolved.input_findings
        );
    }

    #[test]
    fn an_unsendable_access_token_is_refused_without_echoing_it() {
        let err = resolve(
            request(true, false, false),
            env_of(&[(ENV_ACCESS_TOKEN, "abc\u{1b}def-secret")]),
            io::empty(),
        )
        .expect_err("control character");
        assert_matches!(err, CredentialError::Unsendable);
        assert!(!err.to_string().contains("def-secret"));
    }
}
