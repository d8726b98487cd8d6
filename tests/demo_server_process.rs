//! The real `demo-server` binary as a child process, stopped with signals (rustix): a client
//! holding half a request cannot keep it from stopping, a second signal stops it at once with
//! the signal's exit status, and an accept error ("too many open files", forced with
//! prlimit) is logged and survived.
//!
//! Nothing here times the server; each wait has a generous bound and fails only if what it
//! waits for never happens.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Child, ChildStderr, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rustix::process::{Pid, Signal, kill_process};
use sipgate_inspect::demo::{DEMO_TOKEN, DEMO_TOKEN_ID};

/// How long a test waits for what it expects before it fails.
const PATIENCE: Duration = Duration::from_secs(20);

/// `sipgate-inspect demo-server --port 0`, with its stderr collected.
struct DemoProcess {
    child: Child,
    port: u16,
    stderr: Arc<Mutex<String>>,
}

impl DemoProcess {
    fn start() -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sipgate-inspect"))
            .args(["demo-server", "--port", "0"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn sipgate-inspect demo-server");
        let stderr = collect(child.stderr.take().expect("stderr"));
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut first = String::new();
        stdout.read_line(&mut first).expect("read the banner");
        // "sipgate demo API listening on http://127.0.0.1:PORT/v2"
        let port = first
            .trim_end()
            .strip_suffix("/v2")
            .and_then(|url| url.rsplit_once(':'))
            .and_then(|(_, port)| port.parse().ok())
            .unwrap_or_else(|| panic!("no port in {first:?}; stderr: {:?}", stderr.lock()));
        // The rest of the banner: read so the pipe never fills.
        thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        Self {
            child,
            port,
            stderr,
        }
    }

    fn pid(&self) -> Pid {
        Pid::from_raw(i32::try_from(self.child.id()).expect("pid")).expect("pid")
    }

    fn signal(&self, signal: Signal) {
        kill_process(self.pid(), signal).expect("kill");
    }

    fn stderr(&self) -> String {
        self.stderr.lock().expect("stderr").clone()
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
        stream
    }

    /// Waits until stderr contains `text`.
    fn wait_for_stderr(&self, text: &str) {
        let deadline = Instant::now() + PATIENCE;
        while !self.stderr().contains(text) {
            assert!(
                Instant::now() < deadline,
                "never saw {text:?} on stderr:\n{}",
                self.stderr()
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits for the process to exit by itself.
    fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "did not exit; stderr:\n{}",
                self.stderr()
            );
            thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for DemoProcess {
    fn drop(&mut self) {
        // Only if a test failed half-way: never leave the child running.
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn collect(mut stderr: ChildStderr) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let sink = Arc::clone(&text);
    thread::spawn(move || {
        let mut buf = [0_u8; 1024];
        while let Ok(n) = stderr.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock()
                .expect("stderr")
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    text
}

/// A complete GET of `/v2/account` as `token_id` with the demo token.
fn get_account(token_id: &str, connection: &str) -> Vec<u8> {
    let basic = STANDARD.encode(format!("{token_id}:{DEMO_TOKEN}"));
    format!(
        "GET /v2/account HTTP/1.1\r\nHost: demo\r\nAuthorization: Basic {basic}\r\n\
         Connection: {connection}\r\n\r\n"
    )
    .into_bytes()
}

/// Everything the server sends until it closes the connection (the read timeout bounds it).
fn read_until_closed(stream: &mut TcpStream) -> String {
    let mut sent = Vec::new();
    let mut buf = [0_u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => sent.extend_from_slice(&buf[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                panic!("still open after {PATIENCE:?}")
            }
            // Reset: closed too.
            Err(_) => break,
        }
    }
    String::from_utf8_lossy(&sent).into_owned()
}

/// One request on its own connection, answered in full.
fn demo_answer(server: &DemoProcess) -> String {
    let mut stream = server.connect();
    stream
        .write_all(&get_account(DEMO_TOKEN_ID, "close"))
        .expect("write");
    read_until_closed(&mut stream)
}

#[test]
fn sigterm_while_a_client_holds_half_a_request_stops_gracefully() {
    let mut server = DemoProcess::start();
    let mut stalled = server.connect();
    stalled.write_all(b"GET /v2/acc").expect("write");
    // Connections are accepted in order: once this one is answered, the stalled one is in.
    assert!(demo_answer(&server).starts_with("HTTP/1.1 200 OK"));

    server.signal(Signal::TERM);
    let status = server.wait_exit();
    assert_eq!(status.code(), Some(0), "stderr:\n{}", server.stderr());
    assert!(server.stderr().contains("demo server stopped"));
    assert_eq!(read_until_closed(&mut stalled), "");
}

#[test]
fn a_second_signal_while_a_request_runs_stops_at_once() {
    let mut server = DemoProcess::start();
    // The slow scenario answers after five seconds: a graceful stop would wait for it.
    let mut slow = server.connect();
    slow.write_all(&get_account("token-SLOW05", "close"))
        .expect("write");
    assert!(demo_answer(&server).starts_with("HTTP/1.1 200 OK"));

    server.signal(Signal::TERM);
    server.wait_for_stderr("demo server: SIGTERM received, stopping");
    assert!(
        server.stderr().contains("for 1 request(s) in flight"),
        "the slow request was not running yet:\n{}",
        server.stderr()
    );
    server.signal(Signal::INT);
    let status = server.wait_exit();
    assert_eq!(status.code(), Some(130), "stderr:\n{}", server.stderr());
    assert!(
        server
            .stderr()
            .contains("demo server: SIGINT received again, stopped at once")
    );
    // Cut off: no answer to the slow request.
    assert_eq!(read_until_closed(&mut slow), "");
}

#[cfg(target_os = "linux")]
#[test]
fn running_out_of_file_descriptors_is_logged_and_survived() {
    use rustix::process::{Resource, Rlimit, getrlimit, prlimit};

    let mut server = DemoProcess::start();
    // Room for two more descriptors: the third connection cannot be accepted (EMFILE).
    let open = std::fs::read_dir(format!("/proc/{}/fd", server.child.id()))
        .expect("list the child's descriptors")
        .count();
    prlimit(
        Some(server.pid()),
        Resource::Nofile,
        Rlimit {
            current: Some(open as u64 + 2),
            maximum: getrlimit(Resource::Nofile).maximum,
        },
    )
    .expect("lower the child's descriptor limit");
    let held: Vec<TcpStream> = (0..6).map(|_| server.connect()).collect();
    server.wait_for_stderr("demo server: cannot accept a connection (Too many open files");

    // Once the held connections are gone, it accepts again and answers.
    drop(held);
    assert!(demo_answer(&server).starts_with("HTTP/1.1 200 OK"));

    server.signal(Signal::TERM);
    assert_eq!(server.wait_exit().code(), Some(0));
}
