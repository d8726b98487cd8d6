//! The real binary under a pseudo-terminal: started, drawn, then stopped by SIGTERM, SIGHUP,
//! SIGINT or a typed Ctrl+C. Each time it must exit by itself, and the bytes it wrote must end
//! by leaving the alternate screen with mouse reporting and bracketed paste switched off and
//! the cursor shown; the terminal must be back in cooked mode (echo, line editing); and the
//! token must never have been written at all.
//!
//! The pty comes from rustix's safe API; nothing is installed and no terminal emulator runs.
//! Nothing on the pty answers terminal queries, so this also shows that the app asks none.

use std::io::{Read as _, Write as _};
use std::os::fd::OwnedFd;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rustix::fs::{Mode, OFlags};
use rustix::process::{Pid, Signal, kill_process};
use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
use rustix::termios::{LocalModes, Winsize, tcgetattr, tcsetwinsize};

/// A token that must never reach the terminal.
const SECRET: &str = "e68ead46-a7db-46cd-8a1a-44aed1e4e372";
const TOKEN_ID: &str = "token-FQ1V12";

/// Switching to and from the alternate screen.
const ENTER_ALTERNATE: &str = "\u{1b}[?1049h";
const LEAVE_ALTERNATE: &str = "\u{1b}[?1049l";

/// The binary running on a fresh pty, with everything it writes collected.
struct OnPty {
    child: Child,
    master: std::fs::File,
    /// The slave's path, to look at its modes after the child is gone.
    slave_path: std::ffi::CString,
    output: Arc<Mutex<Vec<u8>>>,
    reader: Option<thread::JoinHandle<()>>,
}

impl OnPty {
    /// Starts `sipgate-inspect ARGS` on a 100×30 pty with `env` set (and every `SIPGATE_*`
    /// variable of this process removed).
    fn start(args: &[&str], env: &[(&str, &str)]) -> Self {
        let master =
            openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC).expect("openpt");
        grantpt(&master).expect("grantpt");
        unlockpt(&master).expect("unlockpt");
        let slave_path = ptsname(&master, Vec::new()).expect("ptsname");
        // CLOEXEC: other tests spawn processes concurrently; only this child gets the slave
        // (as its stdio, which Command sets up without the flag).
        let slave = open_slave(&slave_path);
        tcsetwinsize(
            &slave,
            Winsize {
                ws_row: 30,
                ws_col: 100,
                ws_xpixel: 0,
                ws_ypixel: 0,
            },
        )
        .expect("window size");
        let mut command = Command::new(env!("CARGO_BIN_EXE_sipgate-inspect"));
        command
            .args(args)
            .env_remove("SIPGATE_TOKEN_ID")
            .env_remove("SIPGATE_TOKEN")
            .env_remove("SIPGATE_ACCESS_TOKEN")
            .env_remove("SIPGATE_BASE_URL")
            .env_remove("SIPGATE_PROFILE")
            .env("SIPGATE_INSPECT_NO_HISTORY", "1")
            .env("TERM", "xterm-256color")
            .stdin(Stdio::from(slave.try_clone().expect("dup")))
            .stdout(Stdio::from(slave.try_clone().expect("dup")))
            .stderr(Stdio::from(slave));
        for (name, value) in env {
            command.env(name, value);
        }
        let child = command.spawn().expect("spawn sipgate-inspect");
        // `command` still holds the slave's descriptors; dropping it closes them here, so that
        // the master reads end-of-file once the child is gone.
        drop(command);
        let master = std::fs::File::from(master);
        let output = Arc::new(Mutex::new(Vec::new()));
        let reader = {
            let mut master = master.try_clone().expect("dup master");
            let output = Arc::clone(&output);
            thread::spawn(move || {
                let mut buf = [0_u8; 4096];
                // Linux answers EIO instead of 0 once no slave descriptor is left open.
                while let Ok(n) = master.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    output.lock().expect("output").extend_from_slice(&buf[..n]);
                }
            })
        };
        Self {
            child,
            master,
            slave_path,
            output,
            reader: Some(reader),
        }
    }

    fn output(&self) -> String {
        String::from_utf8_lossy(&self.output.lock().expect("output")).into_owned()
    }

    /// Waits (up to 15 s) until the output since the alternate screen was entered contains
    /// `text`.
    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            let output = self.output();
            if let Some(at) = output.find(ENTER_ALTERNATE)
                && output[at..].contains(text)
            {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!("never saw {text:?}; output so far:\n{:?}", self.output());
    }

    fn type_bytes(&mut self, bytes: &[u8]) {
        self.master.write_all(bytes).expect("write to the pty");
    }

    fn signal(&self, signal: Signal) {
        let pid = Pid::from_raw(i32::try_from(self.child.id()).expect("pid")).expect("pid");
        kill_process(pid, signal).expect("kill");
    }

    /// Waits (up to 15 s) for the child to exit by itself, then for its last bytes.
    fn wait_exit(&mut self) -> (ExitStatus, String) {
        let deadline = Instant::now() + Duration::from_secs(15);
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                break status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("did not exit; output:\n{:?}", self.output());
            }
            thread::sleep(Duration::from_millis(20));
        };
        if let Some(reader) = self.reader.take() {
            reader.join().expect("reader");
        }
        (status, self.output())
    }

    /// Whether the pty is back in cooked mode (echo and line editing on).
    fn cooked(&self) -> bool {
        let slave = open_slave(&self.slave_path);
        let modes = tcgetattr(&slave).expect("tcgetattr").local_modes;
        modes.contains(LocalModes::ECHO | LocalModes::ICANON)
    }
}

impl Drop for OnPty {
    fn drop(&mut self) {
        // Only if a test failed half-way: never leave the child running.
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn open_slave(path: &std::ffi::CStr) -> OwnedFd {
    rustix::fs::open(
        path,
        OFlags::RDWR | OFlags::NOCTTY | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .expect("open the pty's slave")
}

/// What every way out must leave behind.
fn assert_restored(status: ExitStatus, output: &str, pty: &OnPty, how: &str) {
    assert!(status.success(), "{how}: exit status {status}\n{output:?}");
    let entered = output
        .find(ENTER_ALTERNATE)
        .expect("entered the alternate screen");
    let left = output
        .rfind(LEAVE_ALTERNATE)
        .unwrap_or_else(|| panic!("{how}: never left the alternate screen:\n{output:?}"));
    assert!(left > entered);
    let restore = &output[output[..left].rfind('\n').map_or(0, |i| i + 1)..];
    for (mode, off) in [
        ("mouse reporting", "\u{1b}[?1000l"),
        ("bracketed paste", "\u{1b}[?2004l"),
    ] {
        let at = output
            .rfind(off)
            .unwrap_or_else(|| panic!("{how}: {mode} never switched off:\n{restore:?}"));
        assert!(at > entered, "{how}: {mode} switched off before the end");
    }
    // After leaving the alternate screen: only showing the cursor, nothing drawn.
    let tail = &output[left + LEAVE_ALTERNATE.len()..];
    assert!(
        tail.is_empty() || tail == "\u{1b}[?25h",
        "{how}: written after leaving the alternate screen: {tail:?}"
    );
    assert!(pty.cooked(), "{how}: the terminal was left in raw mode");
    for form in [
        SECRET.to_owned(),
        STANDARD.encode(format!("{TOKEN_ID}:{SECRET}")),
    ] {
        assert!(
            !output.contains(&form),
            "{how}: the token was written to the terminal"
        );
    }
}

/// A base URL on 127.0.0.1 where nothing listens.
fn closed_base() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    format!("http://127.0.0.1:{port}/v2")
}

/// The TUI with the test token in the environment, against `base`.
fn with_token(base: &str) -> OnPty {
    OnPty::start(
        &[],
        &[
            ("SIPGATE_TOKEN_ID", TOKEN_ID),
            ("SIPGATE_TOKEN", SECRET),
            ("SIPGATE_BASE_URL", base),
        ],
    )
}

#[test]
fn sigterm_restores_the_terminal() {
    let mut pty = OnPty::start(&["--demo"], &[]);
    pty.wait_for("DEMO API");
    assert!(
        !pty.cooked(),
        "raw mode while running (or the check below proves nothing)"
    );
    pty.signal(Signal::TERM);
    let (status, output) = pty.wait_exit();
    assert_restored(status, &output, &pty, "SIGTERM");
}

#[test]
fn sighup_after_a_result_restores_the_terminal_and_never_wrote_the_token() {
    let mut pty = with_token(&closed_base());
    pty.wait_for("Token ID");
    pty.type_bytes(b"\r");
    pty.wait_for("refused");
    pty.signal(Signal::HUP);
    let (status, output) = pty.wait_exit();
    assert_restored(status, &output, &pty, "SIGHUP");
}

#[test]
fn sigint_or_ctrl_c_while_a_request_hangs_restores_the_terminal() {
    // A server that accepts and never answers.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}/v2", listener.local_addr().expect("addr"));
    let held = Arc::new(Mutex::new(Vec::new()));
    let holder = Arc::clone(&held);
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            holder.lock().expect("held").push(stream);
        }
    });
    for (how, stop) in [("SIGINT", None), ("Ctrl+C", Some(b"\x03"))] {
        let mut pty = with_token(&base);
        pty.wait_for("Token ID");
        let before = held.lock().expect("held").len();
        pty.type_bytes(b"\r");
        pty.wait_for("Esc cancels");
        // The spinner can show before the server thread has recorded the connection.
        let deadline = Instant::now() + Duration::from_secs(10);
        while held.lock().expect("held").len() <= before {
            assert!(
                Instant::now() < deadline,
                "{how}: the request never arrived"
            );
            thread::sleep(Duration::from_millis(10));
        }
        match stop {
            None => pty.signal(Signal::INT),
            Some(bytes) => pty.type_bytes(bytes),
        }
        let (status, output) = pty.wait_exit();
        assert_restored(status, &output, &pty, how);
    }
}
