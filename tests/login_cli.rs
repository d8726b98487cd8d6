//! `sipgate-inspect login` through the real binary, against its own in-process demo provider
//! (`--demo`), with the test as the browser: the URL alone on its line on stderr, the token on
//! stdout only with `--print-access-token`, and the exit codes 0, 1, 2 and 3.

mod common;

use std::io::{BufRead as _, BufReader, Read as _};
use std::process::{Child, Command, Stdio};

use common::oauth_browser::{Consent, consent, follow, redirect_uri};

fn login(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sipgate-inspect"));
    command
        .arg("login")
        .args(args)
        .env_remove("SIPGATE_CLIENT_SECRET")
        .env_remove("SIPGATE_CLIENT_ID")
        .env_remove("SIPGATE_OAUTH_ISSUER")
        .env_remove("SIPGATE_REDIRECT_URI")
        // Were a browser ever opened, it would be this: nothing.
        .env("BROWSER", "true")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// Runs `login` and plays the browser with `decision`; the exit code, stdout, and stderr.
fn run_with_browser(args: &[&str], decision: &str) -> (i32, String, String) {
    let mut child: Child = login(args).spawn().expect("binary");
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let mut seen = String::new();
    let url = loop {
        let mut line = String::new();
        assert!(
            stderr.read_line(&mut line).expect("read") > 0,
            "no URL in: {seen}"
        );
        seen.push_str(&line);
        if line.starts_with("http://") {
            break line.trim_end().to_owned();
        }
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        match consent(&url, decision).await {
            Consent::Redirect(location) => {
                follow(&location).await;
            }
            Consent::Page(status, page) => panic!("{status}: {page}"),
        }
    });
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).expect("stderr");
    seen.push_str(&rest);
    let output = child.wait_with_output().expect("exit");
    (
        output.status.code().expect("exit code"),
        String::from_utf8(output.stdout).expect("utf-8"),
        seen,
    )
}

#[test]
fn signed_in_prints_a_summary_without_secrets_and_exits_0() {
    let redirect = redirect_uri();
    let (code, stdout, stderr) = run_with_browser(
        &["--demo", "--no-browser", "--redirect-uri", &redirect],
        "allow",
    );
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(
        lines[0].starts_with("sipgate-inspect login: open this URL"),
        "{stderr}"
    );
    assert!(
        lines[1].starts_with("http://127.0.0.1:"),
        "the URL alone on its line: {stderr}"
    );
    assert!(lines[1].contains("/auth/realms/sipgate-apps/protocol/openid-connect/auth?"));
    assert!(
        stdout.starts_with("[ok] Signed in as demo-app\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("The refresh token lasts 30 days."),
        "{stdout}"
    );
    // No token anywhere: the demo's access tokens are JWTs (eyJ…), its refresh tokens long
    // base64url strings; neither header of a JWT nor "refresh_token" may show.
    assert!(
        !stdout.contains("eyJ") && !stderr.contains("eyJ"),
        "{stdout}{stderr}"
    );
    assert!(!stdout.contains("demo-secret") && !stderr.contains("demo-secret"));
}

#[test]
fn print_access_token_puts_only_the_token_on_stdout() {
    let redirect = redirect_uri();
    let (code, stdout, stderr) = run_with_browser(
        &[
            "--demo",
            "--no-browser",
            "--print-access-token",
            "--redirect-uri",
            &redirect,
        ],
        "allow",
    );
    assert_eq!(code, 0, "{stderr}");
    let token = stdout.strip_suffix('\n').expect("one line");
    assert!(!token.contains('\n'));
    assert_eq!(token.split('.').count(), 3, "a JWT: {token}");
    assert!(token.starts_with("eyJ"));
    assert!(!stderr.contains(token));
    assert!(stderr.contains("[ok] Signed in as demo-app"), "{stderr}");
}

#[test]
fn declined_exits_1_with_the_finding() {
    let redirect = redirect_uri();
    let (code, stdout, stderr) = run_with_browser(
        &["--demo", "--no-browser", "--redirect-uri", &redirect],
        "deny",
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("[warning] The sign-in was declined"),
        "{stderr}"
    );
}

#[test]
fn a_wrong_secret_exits_1() {
    let redirect = redirect_uri();
    let (code, _, stderr) = run_with_browser(
        &[
            "--demo",
            "--no-browser",
            "--client-id",
            "demo-wrong-secret",
            "--redirect-uri",
            &redirect,
        ],
        "allow",
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("The client secret was refused (unauthorized_client)"),
        "{stderr}"
    );
}

#[test]
fn usage_errors_exit_2_and_send_nothing() {
    // No secret: the message names the env var.
    let output = login(&["--client-id", "my-app", "--no-browser"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("SIPGATE_CLIENT_SECRET is not set"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("http"),
        "no URL before the input is right: {stderr}"
    );

    // A redirect URI that is not this machine.
    let output = login(&[
        "--client-id",
        "my-app",
        "--redirect-uri",
        "http://example.com:80/cb",
    ])
    .env("SIPGATE_CLIENT_SECRET", "s")
    .output()
    .expect("run");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is not this machine"));

    // Plain http to an issuer elsewhere.
    let output = login(&[
        "--client-id",
        "my-app",
        "--oauth-issuer",
        "http://login.example/auth/realms/x",
    ])
    .env("SIPGATE_CLIENT_SECRET", "s")
    .output()
    .expect("run");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("refusing plain http"));

    // No client id (clap's own usage error).
    let output = login(&[]).output().expect("run");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn no_redirect_before_the_timeout_exits_3_with_the_causes() {
    let redirect = redirect_uri();
    let mut child = login(&[
        "--demo",
        "--no-browser",
        "--client-secret-stdin",
        "--timeout",
        "1",
        "--redirect-uri",
        &redirect,
    ])
    .stdin(Stdio::piped())
    .spawn()
    .expect("binary");
    {
        use std::io::Write as _;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(b"demo-secret\n").expect("write");
    }
    let output = child.wait_with_output().expect("exit");
    // Nobody plays the browser here: it times out (3), having got as far as the URL.
    assert_eq!(output.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("\nhttp://127.0.0.1:"), "{stderr}");
    assert!(
        stderr.contains("[error] No sign-in came back within 1 s"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("register exactly {redirect}")),
        "{stderr}"
    );
}
