//! The runtime: one `select!` loop over terminal events, background answers, a spinner
//! interval (only while a request is in flight) and a quit signal. It carries out the effects
//! `update` returns and redraws only when a message changed something.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::time::{Duration, Instant};

use crossterm::event::Event;
use futures_util::{Stream, StreamExt as _};
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::api::{ApiClient, Probe};
use crate::app::{App, Completed, Effect, update};
use crate::event::{KeyContext, Message, message_for_event};
use crate::inspection::Inspection;
use crate::ui::render;

/// How often the spinner advances while a request is in flight.
const SPINNER_INTERVAL: Duration = Duration::from_millis(80);

/// How often a Retry-After countdown is redrawn.
const COUNTDOWN_INTERVAL: Duration = Duration::from_secs(1);

/// A background task: the `/account` request of an attempt, or one of its probes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum TaskKey {
    Account(u64),
    Probe(u64, Probe),
}

impl TaskKey {
    fn request_id(self) -> u64 {
        match self {
            Self::Account(id) | Self::Probe(id, _) => id,
        }
    }
}

/// Runs the app until it quits. `events` is the terminal's event stream (crossterm's
/// `EventStream` in the binary, a synthetic stream in tests); `quit_signal` completes when the
/// process is asked to stop (SIGTERM, SIGHUP, SIGINT); `clipboard` puts text on the
/// clipboard (OSC 52 on the terminal in the binary).
///
/// # Errors
/// When drawing fails, or the event stream reports an error.
pub async fn run<B, S>(
    terminal: &mut Terminal<B>,
    mut app: App,
    client: ApiClient,
    mut events: S,
    quit_signal: impl Future<Output = ()>,
    mut clipboard: impl FnMut(&str),
) -> io::Result<App>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    S: Stream<Item = io::Result<Event>> + Unpin,
{
    let (tx, mut rx) = mpsc::unbounded_channel::<Message>();
    let mut tasks: HashMap<TaskKey, JoinHandle<()>> = HashMap::new();
    let mut spinner = tokio::time::interval(SPINNER_INTERVAL);
    spinner.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    // Only while a Retry-After countdown is shown: once a second, to update it.
    let mut countdown = tokio::time::interval(COUNTDOWN_INTERVAL);
    countdown.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    tokio::pin!(quit_signal);

    let size = terminal.size().map_err(io::Error::other)?;
    update(
        &mut app,
        Message::Resize {
            width: size.width,
            height: size.height,
        },
    );
    draw(terminal, &app)?;
    loop {
        let message = tokio::select! {
            event = events.next() => match event {
                Some(Ok(event)) => message_for_event(&event, KeyContext::of(&app)),
                Some(Err(err)) => return Err(err),
                // The terminal went away: nothing more can be shown.
                None => Some(Message::Quit),
            },
            Some(message) = rx.recv() => Some(message),
            _ = spinner.tick(), if app.is_busy() => Some(Message::Tick(Instant::now())),
            _ = countdown.tick(), if app.retry_countdown().is_some() => {
                Some(Message::Tick(Instant::now()))
            }
            () = &mut quit_signal => Some(Message::Quit),
        };
        let Some(message) = message else { continue };
        match &message {
            Message::Finished { id, .. } => {
                tasks.remove(&TaskKey::Account(*id));
            }
            Message::ProbeFinished {
                request_id, probe, ..
            } => {
                tasks.remove(&TaskKey::Probe(*request_id, *probe));
            }
            _ => {}
        }
        for effect in update(&mut app, message) {
            perform(effect, &client, &tx, &mut tasks, &mut clipboard);
        }
        if app.should_quit {
            break;
        }
        draw(terminal, &app)?;
    }
    for (_, task) in tasks {
        task.abort();
    }
    Ok(app)
}

fn draw<B>(terminal: &mut Terminal<B>, app: &App) -> io::Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
{
    terminal
        .draw(|frame| render(app, frame))
        .map(|_| ())
        .map_err(io::Error::other)
}

fn perform(
    effect: Effect,
    client: &ApiClient,
    tx: &mpsc::UnboundedSender<Message>,
    tasks: &mut HashMap<TaskKey, JoinHandle<()>>,
    clipboard: &mut impl FnMut(&str),
) {
    match effect {
        Effect::Send { id, credentials } => {
            let client = client.clone();
            let tx = tx.clone();
            let task = tokio::spawn(async move {
                let inspection = Inspection::run(&client, &credentials).await;
                let completed = Box::new(Completed::new(inspection));
                // The receiver is gone only when the app is quitting.
                let _ = tx.send(Message::Finished { id, completed });
            });
            tasks.insert(TaskKey::Account(id), task);
        }
        Effect::Probe {
            request_id,
            probe,
            path,
            credentials,
        } => {
            let client = client.clone();
            let tx = tx.clone();
            // Each probe is its own task: a slow or failing one holds up no other.
            let task = tokio::spawn(async move {
                let exchange = Box::new(client.get(&path, &credentials).await);
                let _ = tx.send(Message::ProbeFinished {
                    request_id,
                    probe,
                    exchange,
                });
            });
            tasks.insert(TaskKey::Probe(request_id, probe), task);
        }
        Effect::Cancel { id } => {
            tasks.retain(|key, task| {
                let keep = key.request_id() != id;
                if !keep {
                    task.abort();
                }
                keep
            });
        }
        Effect::Copy(text) => clipboard(&text),
    }
}

/// Completes when the process receives SIGTERM, SIGHUP or SIGINT, so that the runtime can quit
/// normally and restore the terminal. If a handler cannot be installed, that signal keeps its
/// default action.
pub async fn termination_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut streams = Vec::new();
        for kind in [
            SignalKind::terminate(),
            SignalKind::hangup(),
            SignalKind::interrupt(),
        ] {
            if let Ok(stream) = signal(kind) {
                streams.push(stream);
            }
        }
        if streams.is_empty() {
            std::future::pending::<()>().await;
        }
        let waits = streams.iter_mut().map(|s| Box::pin(s.recv()));
        futures_util::future::select_all(waits).await;
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
