//! Driving the app against misbehaving loopback servers, and checking what reaches the screen.
//! A module of the test toolkit (`common::drive`), for the tests that talk to servers.
//!
//! - [`RawServer`]: a raw HTTP/1.1 server on 127.0.0.1 or 127.0.0.2 that answers by path
//!   with any bytes at all, slowly, endlessly or never, and keeps the request heads.
//! - [`send_and_settle`]: Enter, then every effect carried out the way the runtime does, one
//!   at a time, so a test sees the state after the request and all its probes.
//! - [`every_screen`], [`assert_inert`], [`assert_rows_whole`]: render every tab at several
//!   sizes and check each cell.
//! - [`Running`]: the real runtime on a recording backend, fed synthetic events.

#![allow(dead_code)] // Each test binary uses a different subset.

use std::collections::VecDeque;
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

use super::now;
use futures_util::Stream;
use ratatui::Terminal;
use ratatui::buffer::Buffer;
use sipgate_inspect::api::{ApiClient, BaseUrl, ClientOptions};
use sipgate_inspect::app::{App, Effect, Overlay, RequestMessage, Tab, update};
use sipgate_inspect::inspection::Inspection;
use sipgate_inspect::runtime;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use unicode_width::UnicodeWidthStr as _;

/// Terminal sizes every result is rendered at: wide, standard, side by side, the minimum.
pub const SIZES: [(u16, u16); 4] = [(100, 30), (80, 24), (200, 60), (40, 12)];

/// Reads up to the end of an HTTP request head (or 64 KiB, or EOF), from a TCP or TLS stream.
pub async fn read_head<S: tokio::io::AsyncRead + Unpin>(stream: &mut S) -> String {
    let mut head = Vec::new();
    let mut buf = [0_u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 65_536 {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&head).into_owned()
}

// ------------------------------------------------------------------------ raw servers

/// What a raw server does with one connection, after reading the request head.
#[derive(Clone)]
pub enum Reply {
    /// Writes these bytes, then closes.
    Bytes(Vec<u8>),
    /// Writes `head`, then `chunk` again and again with `pause` between, until the client
    /// goes away.
    Endless {
        head: Vec<u8>,
        chunk: Vec<u8>,
        pause: Duration,
    },
    /// Writes these bytes after a while, then closes.
    Later { after: Duration, bytes: Vec<u8> },
    /// Never answers (and keeps the connection open).
    Silent,
}

/// A raw HTTP/1.1 server that answers by path and keeps every request head it read.
pub struct RawServer {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Every request head it read, in order.
    pub heads: Arc<Mutex<Vec<String>>>,
}

impl RawServer {
    /// A server on `ip` (127.0.0.1 or 127.0.0.2) answering each request with `route(path)`.
    pub async fn start(ip: &str, route: impl Fn(&str) -> Reply + Send + Sync + 'static) -> Self {
        Self::start_with_head(ip, move |head| route(path_of(head))).await
    }

    /// A server on `ip` answering each request with `route(head)`, the whole request head.
    pub async fn start_with_head(
        ip: &str,
        route: impl Fn(&str) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind((ip, 0)).await.expect("bind loopback");
        let addr = listener.local_addr().expect("addr");
        let heads = Arc::new(Mutex::new(Vec::new()));
        let route = Arc::new(route);
        let seen = Arc::clone(&heads);
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let route = Arc::clone(&route);
                let seen = Arc::clone(&seen);
                tokio::spawn(async move {
                    let _ = serve(socket, route.as_ref(), &seen).await;
                });
            }
        });
        Self { addr, heads }
    }

    /// The base URL (`http://ip:port/v2`).
    pub fn base(&self) -> String {
        format!("http://{}/v2", self.addr)
    }

    pub fn heads(&self) -> Vec<String> {
        self.heads.lock().expect("heads").clone()
    }
}

async fn serve(
    mut socket: TcpStream,
    route: &(dyn Fn(&str) -> Reply + Send + Sync),
    seen: &Mutex<Vec<String>>,
) -> io::Result<()> {
    let head = read_head(&mut socket).await;
    seen.lock().expect("heads").push(head.clone());
    match route(&head) {
        Reply::Bytes(bytes) => {
            socket.write_all(&bytes).await?;
            socket.shutdown().await
        }
        Reply::Later { after, bytes } => {
            tokio::time::sleep(after).await;
            socket.write_all(&bytes).await?;
            socket.shutdown().await
        }
        Reply::Endless { head, chunk, pause } => {
            socket.write_all(&head).await?;
            loop {
                socket.write_all(&chunk).await?;
                if !pause.is_zero() {
                    tokio::time::sleep(pause).await;
                }
            }
        }
        Reply::Silent => {
            let mut sink = [0_u8; 64];
            while socket.read(&mut sink).await? > 0 {}
            Ok(())
        }
    }
}

/// The path of a request head's first line.
pub fn path_of(head: &str) -> &str {
    head.split_whitespace().nth(1).unwrap_or("/")
}

/// A complete HTTP/1.1 response; `headers` are raw lines (any bytes). It says
/// `Connection: close`, as the raw server closes after one answer: without it the client may
/// reuse the connection (for a redirect or a probe) just as the server closes it, and that
/// request fails at random with "connection closed before a response".
pub fn response(status: &str, headers: &[&[u8]], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\n").into_bytes();
    for header in headers {
        out.extend_from_slice(header);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"Connection: close\r\n");
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    out.extend_from_slice(body);
    out
}

pub fn json_response(status: &str, body: &serde_json::Value) -> Reply {
    Reply::Bytes(response(
        status,
        &[b"Content-Type: application/json"],
        body.to_string().as_bytes(),
    ))
}

pub fn client(base: &str, timeout: Duration, options: ClientOptions) -> ApiClient {
    let base = BaseUrl::parse(base, true).expect("base url");
    ApiClient::with_options(base, timeout, options).expect("client")
}

pub fn default_client(base: &str) -> ApiClient {
    client(base, Duration::from_secs(5), ClientOptions::default())
}

// ------------------------------------------------------------------------ driving the app

/// The test app, pointed at `base`.
pub fn app_for(base: &str) -> App {
    let mut app = super::app();
    app.base_url = BaseUrl::parse(base, false).expect("a loopback base URL");
    app
}

/// Presses Enter and carries out every effect with the runtime's own executor
/// ([`runtime::answer`]), one at a time (the request, then each probe it starts), until
/// nothing is pending.
pub async fn send_and_settle(app: &mut App, client: &ApiClient) {
    let mut pending: VecDeque<Effect> = update(app, RequestMessage::Send, now()).into();
    while let Some(effect) = pending.pop_front() {
        if let Some(message) = runtime::answer(effect, client).await {
            pending.extend(update(app, message, now()));
        }
    }
}

/// The app after one request to a server answering every path with `route`.
pub async fn inspected(route: impl Fn(&str) -> Reply + Send + Sync + 'static) -> App {
    let server = RawServer::start("127.0.0.1", route).await;
    let mut app = app_for(&server.base());
    send_and_settle(&mut app, &default_client(&server.base())).await;
    app
}

pub fn inspection(app: &App) -> &Inspection {
    &app.completed().expect("a finished request").inspection
}

// ------------------------------------------------------------------------ screen checks

/// Renders every tab (and the history overlay) at every size in [`SIZES`], checks each screen
/// with [`assert_inert`] and [`assert_rows_whole`], and returns all their texts.
pub fn every_screen(app: &mut App) -> String {
    let mut texts = String::new();
    let mut screens: Vec<(Tab, Overlay)> = Tab::ALL.iter().map(|t| (*t, Overlay::None)).collect();
    screens.push((Tab::Summary, Overlay::History));
    for (tab, overlay) in screens {
        app.tab = tab;
        app.overlay = overlay;
        for (width, height) in SIZES {
            let terminal = super::draw(app, width, height);
            let buffer = terminal.backend().buffer();
            let what = format!("{tab:?} tab, {overlay:?} overlay, {width}×{height}");
            assert_inert(buffer, &what);
            assert_rows_whole(buffer, &what);
            texts.push_str(&super::buffer_text(buffer));
            texts.push('\n');
        }
    }
    app.tab = Tab::Summary;
    app.overlay = Overlay::None;
    texts
}

/// No cell holds a character a terminal would interpret (by the independent oracle).
pub fn assert_inert(buffer: &Buffer, what: &str) {
    for (i, cell) in buffer.content.iter().enumerate() {
        if let Some(c) = cell
            .symbol()
            .chars()
            .find(|c| super::unicode::must_be_escaped(*c))
        {
            let width = usize::from(buffer.area.width);
            panic!(
                "{what}: raw U+{:04X} at column {}, row {}:\n{}",
                u32::from(c),
                i % width,
                i / width,
                super::buffer_text(buffer)
            );
        }
    }
}

/// Every row is exactly as wide as the terminal: a wide character's trailing cell is not
/// counted twice, and no cell holds something of zero width (which would shift the rest of
/// the row left on a real terminal).
pub fn assert_rows_whole(buffer: &Buffer, what: &str) {
    let width = usize::from(buffer.area.width);
    for (y, row) in buffer.content.chunks(width.max(1)).enumerate() {
        let mut columns = 0;
        let mut hidden = 0;
        for cell in row {
            if hidden > 0 {
                hidden -= 1;
                continue;
            }
            let w = cell.symbol().width();
            assert!(
                w > 0,
                "{what}: zero-width cell {:?} in row {y}",
                cell.symbol()
            );
            columns += w;
            hidden = w - 1;
        }
        assert_eq!(
            columns,
            width,
            "{what}: row {y} is {columns} columns wide:\n{}",
            super::buffer_text(buffer)
        );
    }
}

/// Where the vertical borders and corners of the panels are.
pub fn vertical_borders(buffer: &Buffer) -> Vec<(usize, String)> {
    buffer
        .content
        .iter()
        .enumerate()
        .filter(|(_, cell)| {
            matches!(
                cell.symbol(),
                "│" | "┌"
                    | "┐"
                    | "└"
                    | "┘"
                    | "├"
                    | "┤"
                    | "╭"
                    | "╮"
                    | "╰"
                    | "╯"
                    | "┃"
                    | "║"
            )
        })
        .map(|(i, cell)| (i, cell.symbol().to_owned()))
        .collect()
}

// ------------------------------------------------------------------------ the real runtime

/// The real runtime on a recording backend, fed synthetic terminal events.
pub struct Running {
    /// Terminal events for the app.
    pub events: mpsc::UnboundedSender<io::Result<Event>>,
    /// Every frame drawn, as text.
    pub frames: Arc<Mutex<Vec<String>>>,
    /// Everything the app put on the clipboard (copy as curl).
    pub copied: Arc<Mutex<Vec<String>>>,
    task: tokio::task::JoinHandle<io::Result<App>>,
}

pub fn event_stream(
    rx: mpsc::UnboundedReceiver<io::Result<Event>>,
) -> impl Stream<Item = io::Result<Event>> + Unpin {
    Box::pin(futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|event| (event, rx))
    }))
}

impl Running {
    /// The test app (credentials in the form) against `base`, on a 100×30 terminal.
    pub fn start(base: &str) -> Self {
        Self::start_with(app_for(base), default_client(base), (100, 30))
    }

    /// `app` with `client` on a terminal of `size`.
    pub fn start_with(app: App, client: ApiClient, (width, height): (u16, u16)) -> Self {
        let backend = super::RecordingBackend::new(width, height);
        let frames = Arc::clone(&backend.frames);
        let copied = Arc::new(Mutex::new(Vec::new()));
        let clipboard = Arc::clone(&copied);
        let (tx, rx) = mpsc::unbounded_channel();
        let task = tokio::spawn(async move {
            let mut terminal = Terminal::new(backend).expect("terminal");
            runtime::run(
                &mut terminal,
                app,
                client,
                event_stream(rx),
                std::future::pending(),
                move |text: &str| {
                    if let Ok(mut copied) = clipboard.lock() {
                        copied.push(text.to_owned());
                    }
                },
            )
            .await
        });
        Self {
            events: tx,
            frames,
            copied,
            task,
        }
    }

    pub fn key(&self, code: KeyCode, modifiers: KeyModifiers) {
        self.events
            .send(Ok(Event::Key(KeyEvent::new(code, modifiers))))
            .expect("app alive");
    }

    /// Types `text` key by key.
    pub fn type_text(&self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c), KeyModifiers::NONE);
        }
    }

    /// Pastes `text` (bracketed paste).
    pub fn paste(&self, text: &str) {
        self.events
            .send(Ok(Event::Paste(text.to_owned())))
            .expect("app alive");
    }

    pub fn frames(&self) -> Vec<String> {
        self.frames.lock().expect("frames").clone()
    }

    /// The latest frame, as text.
    pub fn last_frame(&self) -> String {
        self.frames
            .lock()
            .expect("frames")
            .last()
            .cloned()
            .unwrap_or_default()
    }

    /// Waits (up to 10 s) until `ready` holds.
    pub async fn wait_until(&self, what: &str, ready: impl Fn(&Self) -> bool) {
        for _ in 0..1000 {
            if ready(self) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!(
            "never {what}; last frame:\n{}",
            self.frames().last().cloned().unwrap_or_default()
        );
    }

    /// Waits (up to 10 s) until the screen shows `text`.
    pub async fn wait_for(&self, text: &str) {
        self.wait_until(&format!("showed {text:?}"), |r| {
            r.last_frame().contains(text)
        })
        .await;
    }

    /// Waits (up to 10 s) for the runtime to return.
    pub async fn finish(self) -> App {
        tokio::time::timeout(Duration::from_secs(10), self.task)
            .await
            .expect("the runtime returned")
            .expect("join")
            .expect("run")
    }

    /// Presses Ctrl+Q and returns the app and every frame drawn.
    pub async fn quit(self) -> (App, Vec<String>) {
        self.key(KeyCode::Char('q'), KeyModifiers::CONTROL);
        let frames = Arc::clone(&self.frames);
        let app = self.finish().await;
        let frames = frames.lock().expect("frames").clone();
        (app, frames)
    }
}

/// Runs `sipgate-inspect ARGS` (the binary under test) with this process's `SIPGATE_*`
/// variables removed and `env` set, feeding it `stdin`; returns its exit code, stdout and
/// stderr. Blocking work on a blocking thread, so loopback servers in the test keep serving.
pub async fn run_binary(
    args: Vec<String>,
    env: Vec<(&'static str, String)>,
    stdin: String,
) -> (Option<i32>, String, String) {
    let (code, stdout, stderr) = run_binary_bytes(args, env, stdin).await;
    (code, String::from_utf8_lossy(&stdout).into_owned(), stderr)
}

/// Runs `sipgate-inspect ARGS` (the binary under test) with this process's `SIPGATE_*`
/// variables removed and `env` set, feeding it `stdin`; returns its exit code, stdout and
/// stderr (stdout as the bytes written). Blocking work on a blocking thread, so loopback servers in the test keep serving.
pub async fn run_binary_bytes(
    args: Vec<String>,
    env: Vec<(&'static str, String)>,
    stdin: String,
) -> (Option<i32>, Vec<u8>, String) {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    tokio::task::spawn_blocking(move || {
        let mut command = Command::new(env!("CARGO_BIN_EXE_sipgate-inspect"));
        // Nothing of the user's profiles or history: the tests leave no trace in their HOME.
        command
            .env("SIPGATE_INSPECT_NO_HISTORY", "1")
            .env_remove("SIPGATE_PROFILE");
        command
            .args(&args)
            .env_remove("SIPGATE_TOKEN_ID")
            .env_remove("SIPGATE_TOKEN")
            .env_remove("SIPGATE_ACCESS_TOKEN")
            .env_remove("SIPGATE_BASE_URL")
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("spawn sipgate-inspect");
        // A closed pipe is fine: most runs do not read stdin.
        let _ = child
            .stdin
            .take()
            .expect("stdin")
            .write_all(stdin.as_bytes());
        let output = child.wait_with_output().expect("sipgate-inspect ran");
        (
            output.status.code(),
            output.stdout,
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    })
    .await
    .expect("join")
}
