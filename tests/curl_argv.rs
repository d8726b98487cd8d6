//! "Copy as curl" as a user meets it: the copied command, run by `sh -c` with the secrets in
//! the environment, against a loopback server that accepts and reads the request but never
//! answers. While curl waits, its `/proc/PID/cmdline` (what `ps` shows every user of the
//! machine) must not hold the secret, and the request that arrived must carry the right
//! Authorization header: the secret reached curl, and only the process list lost it.
//!
//! Needs `curl` on the PATH (CI installs it); Linux only, for `/proc`.
#![cfg(target_os = "linux")]

use std::io::Read as _;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;

use sipgate_inspect::api::AuthScheme;
use sipgate_inspect::curl::curl_command;

const TOKEN_ID: &str = "token-CURL01";
const TOKEN: &str = "curl-argv-secret-7f3a";
const ACCESS_TOKEN: &str = "fake.access-token.9c2e";

/// Proxy and config variables that would send curl elsewhere or change its options.
const CURL_ENV: [&str; 10] = [
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
    "CURL_HOME",
    "XDG_CONFIG_HOME",
];

/// What one run of a copied command showed.
struct Seen {
    /// The request head that arrived at the server.
    head: String,
    /// curl's argv as `/proc/PID/cmdline` showed it while curl waited for the answer.
    argv: Vec<String>,
}

/// Runs the copied command for `scheme` against a stalling server on 127.0.0.1 and reads
/// curl's argv while it waits.
fn run_copied_command(scheme: AuthScheme) -> Seen {
    let available = Command::new("curl")
        .arg("--version")
        .stdout(Stdio::null())
        .status();
    assert!(
        available.is_ok_and(|status| status.success()),
        "this test runs the copied command and needs curl: install it (apt-get install -y curl)"
    );

    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let command = curl_command(&format!("http://127.0.0.1:{port}/v2/account"), scheme);

    let mut shell = Command::new("sh");
    shell.arg("-c").arg(&command);
    for var in CURL_ENV {
        shell.env_remove(var);
    }
    // No ~/.curlrc: the command is tested as written.
    shell
        .env("HOME", "/nonexistent")
        .env("SIPGATE_TOKEN_ID", TOKEN_ID)
        .env("SIPGATE_TOKEN", TOKEN)
        .env("SIPGATE_ACCESS_TOKEN", ACCESS_TOKEN)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = shell.spawn().expect("sh starts");
    let shell_pid = child.id();

    // If the shell ends without connecting (curl missing, a broken command), a sentinel
    // connection wakes the accept below, and the exit status tells what happened.
    let (exited, exit_status) = mpsc::channel::<(ExitStatus, String)>();
    let waiter = std::thread::spawn(move || {
        let mut stderr = String::new();
        if let Some(mut pipe) = child.stderr.take() {
            let _ = pipe.read_to_string(&mut stderr);
        }
        let status = child.wait().expect("sh is waited for");
        let _ = exited.send((status, stderr));
        let _ = TcpStream::connect((Ipv4Addr::LOCALHOST, port));
    });

    let (mut connection, _) = listener.accept().expect("accept");
    if let Ok((status, stderr)) = exit_status.try_recv() {
        panic!("the command ended ({status}) without a request: {command}\n{stderr}");
    }
    let head = read_head(&mut connection);
    // curl has sent its request and now waits for the answer: its argv is final.
    let argv = curl_argv(shell_pid);
    // Closing without an answer ends curl ("empty reply"), and with it the shell.
    drop(connection);
    waiter.join().expect("the waiter thread finishes");
    Seen { head, argv }
}

/// Reads up to the end of the request head (or EOF).
fn read_head(connection: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut buf = [0_u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match connection.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&head).into_owned()
}

/// The argv of the curl process `sh -c` started: the shell itself when it exec'd curl, or
/// its child.
fn curl_argv(shell_pid: u32) -> Vec<String> {
    let mut candidates = vec![shell_pid];
    for entry in std::fs::read_dir("/proc")
        .expect("/proc is readable")
        .flatten()
    {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        // `pid (comm) state ppid …`: the command name may hold spaces and parentheses.
        let parent = std::fs::read_to_string(entry.path().join("stat"))
            .ok()
            .and_then(|stat| {
                let (_, rest) = stat.rsplit_once(')')?;
                rest.split_whitespace().nth(1)?.parse::<u32>().ok()
            });
        if parent == Some(shell_pid) {
            candidates.push(pid);
        }
    }
    candidates
        .into_iter()
        .filter_map(|pid| std::fs::read(format!("/proc/{pid}/cmdline")).ok())
        .map(|cmdline| {
            cmdline
                .split(|&b| b == 0)
                .filter(|arg| !arg.is_empty())
                .map(|arg| String::from_utf8_lossy(arg).into_owned())
                .collect::<Vec<_>>()
        })
        .find(|argv| argv.first().is_some_and(|arg0| arg0.ends_with("curl")))
        .unwrap_or_else(|| panic!("no curl process under sh (pid {shell_pid})"))
}

/// The argument after `option` in `argv`.
fn argument_of<'a>(argv: &'a [String], option: &str) -> &'a str {
    argv.iter()
        .position(|arg| arg == option)
        .and_then(|i| argv.get(i + 1))
        .unwrap_or_else(|| panic!("{option} has no argument in {argv:?}"))
}

/// The value of the Authorization header in a request head (the name in any case).
fn authorization(head: &str) -> Option<&str> {
    head.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("authorization")
            .then_some(value.trim())
    })
}

#[test]
fn the_basic_command_keeps_the_token_out_of_the_process_list() {
    let seen = run_copied_command(AuthScheme::Basic);
    let joined = seen.argv.join(" ");
    assert!(
        !joined.contains(TOKEN),
        "the token is in curl's argv: {joined}"
    );
    // The request line shows the right process was read.
    assert!(
        joined.contains("/v2/account"),
        "not the copied command: {joined}"
    );
    // `-u` is still there, its argument blanked by curl.
    assert!(argument_of(&seen.argv, "-u").trim().is_empty(), "{joined}");
    // base64("token-CURL01:curl-argv-secret-7f3a"), written out independently.
    assert_eq!(
        authorization(&seen.head),
        Some("Basic dG9rZW4tQ1VSTDAxOmN1cmwtYXJndi1zZWNyZXQtN2YzYQ=="),
        "{}",
        seen.head
    );
}

#[test]
fn the_bearer_command_keeps_the_access_token_out_of_the_process_list() {
    let seen = run_copied_command(AuthScheme::Bearer);
    let joined = seen.argv.join(" ");
    assert!(
        !joined.contains(ACCESS_TOKEN),
        "the access token is in curl's argv: {joined}"
    );
    assert!(
        joined.contains("/v2/account"),
        "not the copied command: {joined}"
    );
    assert!(
        argument_of(&seen.argv, "--oauth2-bearer").trim().is_empty(),
        "{joined}"
    );
    assert_eq!(
        authorization(&seen.head),
        Some("Bearer fake.access-token.9c2e"),
        "{}",
        seen.head
    );
}
