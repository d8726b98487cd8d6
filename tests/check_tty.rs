//! `sipgate-inspect check` with stdout on a terminal: a pseudo-terminal from rustix's safe API,
//! its size set by the test. On a terminal the report is coloured (unless the environment says
//! otherwise, as anstream reads it) and wrapped to the terminal's width at spaces.
//!
//! Every run uses `--demo`, whose API runs inside the binary: nothing here needs a server.

use std::io::Read as _;
use std::os::fd::OwnedFd;
use std::process::{Command, Stdio};
use std::thread;

use rustix::fs::{Mode, OFlags};
use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
use rustix::termios::{Winsize, tcsetwinsize};

/// Env vars that decide colour and width; a test sets the ones it wants.
const ENV_VARS: [&str; 9] = [
    "SIPGATE_TOKEN_ID",
    "SIPGATE_TOKEN",
    "SIPGATE_ACCESS_TOKEN",
    "SIPGATE_BASE_URL",
    "NO_COLOR",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "COLUMNS",
    "CI",
];

/// What the binary wrote to the terminal (line endings back to `\n`), and its exit code.
struct OnTerminal {
    code: Option<i32>,
    stdout: String,
}

/// Runs `sipgate-inspect check --demo` with stdout on a pty `columns` wide, `TERM=xterm` and
/// `env`; stdin is empty and stderr a pipe, so only the report is on the terminal.
fn check_on_terminal(columns: u16, env: &[(&str, &str)]) -> OnTerminal {
    let master =
        openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC).expect("openpt");
    grantpt(&master).expect("grantpt");
    unlockpt(&master).expect("unlockpt");
    let slave_path = ptsname(&master, Vec::new()).expect("ptsname");
    // CLOEXEC: other tests spawn processes concurrently; only this child gets the slave.
    let slave: OwnedFd = rustix::fs::open(
        &slave_path,
        OFlags::RDWR | OFlags::NOCTTY | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .expect("open the pty's slave");
    tcsetwinsize(
        &slave,
        Winsize {
            ws_row: 40,
            ws_col: columns,
            ws_xpixel: 0,
            ws_ypixel: 0,
        },
    )
    .expect("window size");
    let mut command = Command::new(env!("CARGO_BIN_EXE_sipgate-inspect"));
    // Nothing of the user's profiles or history: the tests leave no trace in their HOME.
    command
        .env("SIPGATE_INSPECT_NO_HISTORY", "1")
        .env_remove("SIPGATE_PROFILE");
    command.args(["check", "--demo"]);
    for var in ENV_VARS {
        command.env_remove(var);
    }
    command
        .env("TERM", "xterm")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::from(slave))
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("spawn sipgate-inspect");
    // `command` holds the slave; once it and the child are gone the master reads end-of-file.
    drop(command);
    let reader = thread::spawn(move || {
        let mut master = std::fs::File::from(master);
        let mut output = Vec::new();
        let mut buf = [0_u8; 4096];
        // Linux answers EIO instead of 0 once no slave descriptor is left open.
        while let Ok(n) = master.read(&mut buf) {
            if n == 0 {
                break;
            }
            output.extend_from_slice(&buf[..n]);
        }
        output
    });
    let status = child.wait().expect("the binary finishes");
    let output = reader.join().expect("reader");
    OnTerminal {
        code: status.code(),
        // The terminal turns each \n into \r\n.
        stdout: String::from_utf8(output)
            .expect("UTF-8")
            .replace("\r\n", "\n"),
    }
}

#[test]
fn a_terminal_gets_colour_unless_the_environment_says_no() {
    let coloured = check_on_terminal(120, &[]);
    assert_eq!(coloured.code, Some(0), "{}", coloured.stdout);
    // anstyle's bold green, then the reset.
    assert!(
        coloured
            .stdout
            .starts_with("\x1b[1m\x1b[32m200 OK\x1b[0m  GET http://127.0.0.1:"),
        "{:?}",
        coloured.stdout
    );
    for env in [
        &[("NO_COLOR", "1")][..],
        &[("CLICOLOR", "0")][..],
        &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")][..],
        &[("TERM", "dumb")][..],
    ] {
        let plain = check_on_terminal(120, env);
        assert_eq!(plain.code, Some(0), "{env:?}: {}", plain.stdout);
        assert!(
            plain.stdout.starts_with("200 OK  GET http://127.0.0.1:"),
            "{env:?}: {:?}",
            plain.stdout
        );
        assert!(
            !plain.stdout.contains('\x1b'),
            "{env:?}: {:?}",
            plain.stdout
        );
    }
}

/// Every line fits in `width` columns, unless it is one word after its indent (a URL that
/// cannot be broken).
fn assert_fits(stdout: &str, width: usize) {
    for line in stdout.lines() {
        let long = line.chars().count() > width;
        assert!(
            !long || !line.trim_start().contains(' '),
            "line longer than {width} columns:\n{line}\nin:\n{stdout}"
        );
    }
}

#[test]
fn the_report_is_wrapped_to_the_terminal_width_at_spaces() {
    let run = check_on_terminal(50, &[("NO_COLOR", "1")]);
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    assert_fits(&run.stdout, 50);
    // The explanation of ok.account continues under its first line, split between words.
    assert!(
        run.stdout.contains(
            "\n      sipgate accepted the credentials (personal\n      access token, HTTP Basic)"
        ),
        "{}",
        run.stdout
    );
    // The demo token id and the URL stay whole.
    assert!(run.stdout.contains("token-DEMO01:••••"), "{}", run.stdout);
    assert!(run.stdout.contains("/v2/account"), "{}", run.stdout);
}

#[test]
fn columns_overrides_the_terminal_width() {
    let run = check_on_terminal(120, &[("NO_COLOR", "1"), ("COLUMNS", "40")]);
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    assert_fits(&run.stdout, 40);
    assert!(
        run.stdout.contains(
            "\n      sipgate accepted the credentials\n      (personal access token, HTTP"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn colour_does_not_count_towards_the_width() {
    let run = check_on_terminal(50, &[]);
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("\x1b[1m\x1b[32m[ok]\x1b[0m Credentials work\n"),
        "{:?}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "\n      sipgate accepted the credentials (personal\n      access token, HTTP Basic)"
        ),
        "{}",
        run.stdout
    );
}
