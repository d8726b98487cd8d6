//! "Copy as curl": the equivalent curl command for a request, with every secret written as an
//! environment variable reference, never as a value, and the OSC 52 sequence that puts text
//! on the terminal's clipboard (works over SSH).
//!
//! The shell expands the variables into curl's arguments, so the secret is in curl's argv
//! for a moment. Only options curl blanks while parsing them carry it (`-u` and
//! `--oauth2-bearer`), so it does not stay in the process list (`ps`, `/proc/PID/cmdline`)
//! while curl waits for the server. `-H "Authorization: …"` would stay there: curl does not
//! blank `-H`. `tests/curl_argv.rs` runs the copied commands and checks this.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::api::AuthScheme;

/// The curl command for `GET url` with this kind of credentials. The token id and token (or
/// access token) are `$SIPGATE_TOKEN_ID`, `$SIPGATE_TOKEN` (`$SIPGATE_ACCESS_TOKEN`), expanded
/// by the shell inside double quotes; the URL is single-quoted so nothing in it expands.
/// Basic goes in `-u`, Bearer in `--oauth2-bearer` (curl sends `Authorization: Bearer …`
/// for it): both are options curl blanks in its argv.
#[must_use]
pub fn curl_command(url: &str, scheme: AuthScheme) -> String {
    let auth = match scheme {
        AuthScheme::Basic => r#"-u "$SIPGATE_TOKEN_ID:$SIPGATE_TOKEN""#.to_owned(),
        AuthScheme::Bearer => r#"--oauth2-bearer "$SIPGATE_ACCESS_TOKEN""#.to_owned(),
    };
    format!(
        "curl -sS {auth} -H 'Accept: application/json' {}",
        single_quoted(url)
    )
}

/// `'…'` with embedded single quotes closed, escaped and reopened.
fn single_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// The OSC 52 escape sequence that sets the clipboard to `text`.
#[must_use]
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", STANDARD.encode(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_and_bearer_commands_reference_env_vars() {
        assert_eq!(
            curl_command("https://api.sipgate.com/v2/account", AuthScheme::Basic),
            r#"curl -sS -u "$SIPGATE_TOKEN_ID:$SIPGATE_TOKEN" -H 'Accept: application/json' 'https://api.sipgate.com/v2/account'"#
        );
        assert_eq!(
            curl_command("http://127.0.0.1:8080/v2/account", AuthScheme::Bearer),
            r#"curl -sS --oauth2-bearer "$SIPGATE_ACCESS_TOKEN" -H 'Accept: application/json' 'http://127.0.0.1:8080/v2/account'"#
        );
    }

    #[test]
    fn urls_cannot_break_out_of_their_quotes() {
        let cmd = curl_command("https://x/v2'; rm -rf ~; '/account", AuthScheme::Basic);
        assert!(
            cmd.ends_with(r"'https://x/v2'\''; rm -rf ~; '\''/account'"),
            "{cmd}"
        );
    }

    #[test]
    fn osc52_wraps_base64() {
        assert_eq!(osc52("hi"), "\x1b]52;c;aGk=\x07");
    }
}
