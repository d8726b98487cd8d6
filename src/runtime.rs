//! The runtime: one `select!` loop over terminal events, background answers, a spinner
//! interval (only while a request is in flight) and a quit signal. It reads the clock and hands
//! the time to `update`, carries out the effects `update` returns ([`answer`] is the background
//! work of one effect), redraws only when a message changed something, and gives the app what
//! each frame laid out.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::time::{Duration, Instant, SystemTime};

use crossterm::event::Event;
use futures_util::{Stream, StreamExt as _};
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::api::{ApiClient, Probe};
use crate::app::{
    App, BackgroundMessage, Completed, DemoHelp, DemoScenarioHelp, Effect, ExplorerEffect,
    ExplorerMessage, KeyContext, LayoutRecord, Message, Now, StoreEffect, StoreMessage, update,
};
use crate::inspection::Inspection;
use crate::terminal::events::message_for_event;
use crate::ui::render_recording;

/// How often the spinner advances while a request is in flight.
mod explorer;

const SPINNER_INTERVAL: Duration = Duration::from_millis(80);

/// How often a Retry-After countdown is redrawn.
const COUNTDOWN_INTERVAL: Duration = Duration::from_secs(1);

/// A background task: the `/account` request of an attempt, or one of its probes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum TaskKey {
    Account(u64),
    Probe(u64, Probe),
    /// One explorer run, by its run id.
    Explore(u64),
    /// The full scan, by its scan id.
    Scan(u64),
}

impl TaskKey {
    fn request_id(self) -> Option<u64> {
        match self {
            Self::Account(id) | Self::Probe(id, _) => Some(id),
            Self::Explore(_) | Self::Scan(_) => None,
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
    let mut sign_in_tasks = crate::sign_in_runtime::SignInTasks::default();
    let mut spinner = tokio::time::interval(SPINNER_INTERVAL);
    spinner.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    // Only while a Retry-After or token expiry countdown is shown: once a second, to update it.
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
        read_clock(),
    );
    draw(terminal, &mut app)?;
    loop {
        let message = tokio::select! {
            event = events.next() => match event {
                Some(Ok(event)) => message_for_event(&event, KeyContext::of(&app)),
                Some(Err(err)) => return Err(err),
                // The terminal went away: nothing more can be shown.
                None => Some(Message::Quit),
            },
            Some(message) = rx.recv() => Some(message),
            _ = spinner.tick(), if app.is_busy() => Some(BackgroundMessage::Tick.into()),
            _ = countdown.tick(), if app.retry_countdown().is_some()
                || app.token_counting_down()
                || app.sign_in.counting_down() => {
                Some(BackgroundMessage::Tick.into())
            }
            () = &mut quit_signal => Some(Message::Quit),
        };
        let Some(message) = message else { continue };
        if let Message::Background(answer) = &message {
            match answer {
                BackgroundMessage::Finished { id, .. } => {
                    tasks.remove(&TaskKey::Account(*id));
                }
                BackgroundMessage::ProbeFinished {
                    request_id, probe, ..
                } => {
                    tasks.remove(&TaskKey::Probe(*request_id, *probe));
                }
                BackgroundMessage::Tick => {}
            }
        }
        if let Message::Explorer(ExplorerMessage::Answered { run_id, .. }) = &message {
            tasks.remove(&TaskKey::Explore(*run_id));
        }
        if let Some(scan_id) = explorer::finished_scan(&message) {
            tasks.remove(&TaskKey::Scan(scan_id));
        }
        for effect in update(&mut app, message, read_clock()) {
            if let Effect::SignIn(effect) = effect {
                crate::sign_in_runtime::perform(effect, &tx, &mut sign_in_tasks);
                continue;
            }
            perform(effect, &client, &tx, &mut tasks, &mut clipboard);
        }
        if app.should_quit {
            break;
        }
        draw(terminal, &mut app)?;
    }
    for (_, task) in tasks {
        task.abort();
    }
    Ok(app)
}

/// The clock, read once per message: the only place the TUI's model gets the time from.
#[must_use]
pub fn read_clock() -> Now {
    Now {
        instant: Instant::now(),
        wall: SystemTime::now(),
    }
}

/// Draws a frame and gives the app what it laid out (scroll limits, click targets).
fn draw<B>(terminal: &mut Terminal<B>, app: &mut App) -> io::Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
{
    let mut record = LayoutRecord::default();
    terminal
        .draw(|frame| render_recording(app, frame, &mut record))
        .map_err(io::Error::other)?;
    app.record_layout(record);
    Ok(())
}

/// Does the background work of an effect (the `/account` request, or a probe) and returns the
/// message that reports it, stamped with the time it arrived; `None` for an effect with no
/// background work (cancel and copy are carried out on the spot). The runtime runs this on a
/// task per effect; tests call it directly to drive an app without a terminal.
pub async fn answer(effect: Effect, client: &ApiClient) -> Option<Message> {
    match effect {
        Effect::Send { id, credentials } => {
            let inspection = Inspection::run(client, &credentials).await;
            let completed = Box::new(Completed::new(inspection, read_clock()));
            Some(BackgroundMessage::Finished { id, completed }.into())
        }
        Effect::Probe {
            request_id,
            probe,
            path,
            credentials,
        } => {
            let exchange = Box::new(client.get(&path, &credentials).await);
            Some(
                BackgroundMessage::ProbeFinished {
                    request_id,
                    probe,
                    exchange,
                }
                .into(),
            )
        }
        Effect::Explorer(effect) => explorer::answer(effect, client).await,
        Effect::Record { path, attempt } => record(path, attempt)
            .await
            .map(|notice| StoreMessage::RecordingOff(notice).into()),
        Effect::SaveProfile { profile, secret } => Some(
            StoreMessage::ProfileSaved(
                tokio::task::spawn_blocking(move || save_profile(&profile, secret.as_ref()))
                    .await
                    .unwrap_or_else(|e| Err(e.to_string())),
            )
            .into(),
        ),
        Effect::Store(effect) => Some(
            tokio::task::spawn_blocking(move || store_answer(effect))
                .await
                .unwrap_or_else(|e| StoreMessage::Failed(e.to_string()))
                .into(),
        ),
        // The sign-in reports through the runtime's channel (`sign_in_runtime::perform`).
        Effect::Cancel { .. } | Effect::Copy(_) | Effect::SignIn(_) => None,
    }
}

/// Saves a profile made from the form: its settings into the profile file (an existing one of
/// that name keeps its other keys), its secret into the keyring. Returns its name.
fn save_profile(
    profile: &crate::store::Profile,
    secret: Option<&secrecy::SecretString>,
) -> Result<String, String> {
    let mut file = crate::profile_cmd::load_profiles()?;
    file.upsert(profile.clone()).map_err(|e| e.to_string())?;
    file.save().map_err(|e| e.to_string())?;
    if let Some(secret) = secret {
        let keyring = crate::store::Keyring::detect();
        keyring
            .set(
                &profile.name,
                crate::profile_cmd::secret_kind(profile.kind),
                secret,
            )
            .map_err(|e| format!("{} saved WITHOUT its secret: {e}", profile.name))?;
    }
    Ok(profile.name.clone())
}

/// Reads (or, for a report, writes) what the saved-history overlay asked for.
fn store_answer(effect: StoreEffect) -> StoreMessage {
    use crate::store::{History, ReportFormat, render_report};
    let open = |path: &std::path::Path| {
        let history = History::open(path);
        if history.is_readable() {
            Ok(history)
        } else {
            Err(history
                .off_reason()
                .unwrap_or("the history database cannot be read")
                .to_owned())
        }
    };
    let result = match effect {
        StoreEffect::LoadProfiles => Ok(StoreMessage::ProfilesLoaded(
            crate::profile_cmd::load_profiles().map(|file| file.profiles().to_vec()),
        )),
        StoreEffect::LoadSecret(profile) => {
            let secret = crate::store::Keyring::detect()
                .get(&profile.name, crate::profile_cmd::secret_kind(profile.kind))
                .ok()
                .flatten();
            Ok(StoreMessage::ProfileSecret(profile, secret))
        }
        StoreEffect::DeleteProfile(name) => Ok(StoreMessage::ProfileDeleted(
            crate::profile_cmd::load_profiles()
                .and_then(|mut file| {
                    file.remove(&name).map_err(|e| e.to_string())?;
                    file.save().map_err(|e| e.to_string())
                })
                .and_then(|()| {
                    crate::store::Keyring::detect()
                        .delete_all(&name)
                        .map_err(|e| format!("{name} removed from the file; its secrets: {e}"))
                })
                .map(|()| name),
        )),
        StoreEffect::LoadPage {
            path,
            offset,
            limit,
        } => open(&path).and_then(|history| {
            let total = history.count().map_err(|e| e.to_string())?;
            let rows = history.page(offset, limit).map_err(|e| e.to_string())?;
            Ok(StoreMessage::Loaded {
                offset,
                total,
                rows,
            })
        }),
        StoreEffect::LoadAttempt { path, id } => {
            open(&path).and_then(
                |history| match history.get(id).map_err(|e| e.to_string())? {
                    Some(attempt) => Ok(StoreMessage::Opened(Box::new(attempt))),
                    None => Err(format!("attempt {id} is no longer in the history")),
                },
            )
        }
        StoreEffect::Compare {
            path,
            before,
            after,
        } => open(&path).and_then(|history| {
            let get = |id| match history.get(id) {
                Ok(Some(attempt)) => Ok(Box::new(attempt)),
                Ok(None) => Err(format!("attempt {id} is no longer in the history")),
                Err(e) => Err(e.to_string()),
            };
            Ok(StoreMessage::Compared(get(before)?, get(after)?))
        }),
        StoreEffect::WriteReport { path, id, out } => open(&path).map(|history| {
            let written = match history.get(id) {
                Ok(Some(attempt)) => {
                    std::fs::write(&out, render_report(&attempt, ReportFormat::Markdown))
                        .map(|()| out.clone())
                        .map_err(|e| format!("{}: {e}", out.display()))
                }
                Ok(None) => Err(format!("attempt {id} is no longer in the history")),
                Err(e) => Err(e.to_string()),
            };
            StoreMessage::ReportWritten(written)
        }),
    };
    result.unwrap_or_else(StoreMessage::Failed)
}

/// Records an attempt in the history database, off the UI thread. Returns the notice when
/// history is (or just went) off: the app then stops recording and says so once.
async fn record(path: std::path::PathBuf, attempt: Box<crate::store::Attempt>) -> Option<String> {
    tokio::task::spawn_blocking(move || {
        let mut history = crate::store::History::open(&path);
        history.record(&attempt);
        history.take_notice()
    })
    .await
    .ok()
    .flatten()
}

/// The demo scenarios for the help overlay, from the built-in demo API's table; the demo's
/// JWTs count their expiry from now (call it when the demo server starts).
#[must_use]
pub fn demo_help() -> DemoHelp {
    demo_help_at(crate::diagnose::unix_seconds(SystemTime::now()).unwrap_or_default())
}

/// [`demo_help`] with the demo's JWTs counted from `started` (Unix seconds).
#[must_use]
pub fn demo_help_at(started: i64) -> DemoHelp {
    DemoHelp {
        token: crate::demo::DEMO_TOKEN.to_owned(),
        scenarios: crate::demo::SCENARIOS
            .iter()
            .map(|s| DemoScenarioHelp {
                token_id: s.token_id.to_owned(),
                title: s.title.to_owned(),
                effect: s.effect.to_owned(),
            })
            .collect(),
        jwts: crate::demo::demo_jwts(started)
            .into_iter()
            .map(|j| DemoScenarioHelp {
                token_id: j.token,
                title: j.title.to_owned(),
                effect: j.effect.to_owned(),
            })
            .collect(),
        oauth_clients: crate::demo::DEMO_CLIENTS
            .iter()
            .map(|c| DemoScenarioHelp {
                token_id: c.id.to_owned(),
                title: c.id.to_owned(),
                effect: c.effect.to_owned(),
            })
            .collect(),
    }
}

fn perform(
    effect: Effect,
    client: &ApiClient,
    tx: &mpsc::UnboundedSender<Message>,
    tasks: &mut HashMap<TaskKey, JoinHandle<()>>,
    clipboard: &mut impl FnMut(&str),
) {
    let effect = match effect {
        Effect::Record { path, attempt } => {
            // Not a task of any request: cancelling one must not lose its row. A blocking task
            // from the start, because the runtime waits for those when it shuts down, so the
            // rows recorded at quit are written before the process ends.
            let tx = tx.clone();
            tokio::task::spawn_blocking(move || {
                let mut history = crate::store::History::open(&path);
                history.record(&attempt);
                if let Some(notice) = history.take_notice() {
                    let _ = tx.send(StoreMessage::RecordingOff(notice).into());
                }
            });
            return;
        }
        effect @ Effect::SaveProfile { .. } => {
            let (tx, client) = (tx.clone(), client.clone());
            tokio::spawn(async move {
                if let Some(message) = answer(effect, &client).await {
                    let _ = tx.send(message);
                }
            });
            return;
        }
        Effect::Store(effect) => {
            let tx = tx.clone();
            tokio::spawn(async move {
                let message = tokio::task::spawn_blocking(move || store_answer(effect))
                    .await
                    .unwrap_or_else(|e| StoreMessage::Failed(e.to_string()));
                let _ = tx.send(message.into());
            });
            return;
        }
        other => other,
    };
    let key = match &effect {
        Effect::Send { id, .. } => TaskKey::Account(*id),
        Effect::Probe {
            request_id, probe, ..
        } => TaskKey::Probe(*request_id, *probe),
        Effect::Explorer(ExplorerEffect::Run { run_id, .. }) => TaskKey::Explore(*run_id),
        Effect::Explorer(ExplorerEffect::Scan { .. }) => {
            if let Effect::Explorer(scan) = effect
                && let Some((id, task)) = explorer::spawn_scan(scan, client, tx)
            {
                tasks.insert(TaskKey::Scan(id), task);
            }
            return;
        }
        Effect::Cancel { .. }
        | Effect::Copy(_)
        | Effect::SignIn(_)
        | Effect::Explorer(ExplorerEffect::CancelScan { .. }) => {
            return perform_now(effect, tasks, clipboard);
        }
        // Taken out above.
        Effect::Record { .. } | Effect::Store(_) | Effect::SaveProfile { .. } => return,
    };
    let client = client.clone();
    let tx = tx.clone();
    // Each request and each probe is its own task: a slow or failing one holds up no other.
    let task = tokio::spawn(async move {
        if let Some(message) = answer(effect, &client).await {
            // The receiver is gone only when the app is quitting.
            let _ = tx.send(message);
        }
    });
    tasks.insert(key, task);
}

/// The effects carried out on the spot.
fn perform_now(
    effect: Effect,
    tasks: &mut HashMap<TaskKey, JoinHandle<()>>,
    clipboard: &mut impl FnMut(&str),
) {
    match effect {
        Effect::Cancel { id } => {
            tasks.retain(|key, task| {
                let keep = key.request_id() != Some(id);
                if !keep {
                    task.abort();
                }
                keep
            });
        }
        Effect::Copy(text) => clipboard(&text),
        Effect::Explorer(ExplorerEffect::CancelScan { scan_id }) => {
            if let Some(task) = tasks.remove(&TaskKey::Scan(scan_id)) {
                task.abort();
            }
        }
        // Background work: see `perform` (and `sign_in_runtime` for the sign-in).
        Effect::Send { .. }
        | Effect::Probe { .. }
        | Effect::Explorer(_)
        | Effect::SignIn(_)
        | Effect::Record { .. }
        | Effect::Store(_)
        | Effect::SaveProfile { .. } => {}
    }
}

/// Completes when the process receives SIGTERM, SIGHUP or SIGINT, so that the runtime can quit
/// normally and restore the terminal. The handlers are installed when this is called, not when
/// the future is first polled: a signal that arrives between the first frame and the loop's
/// first poll must already find them (otherwise its default action kills the process with the
/// terminal still raw). Must be called inside the tokio runtime. If a handler cannot be
/// installed, that signal keeps its default action.
pub fn termination_signal() -> impl Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut streams: Vec<_> = [
            SignalKind::terminate(),
            SignalKind::hangup(),
            SignalKind::interrupt(),
        ]
        .into_iter()
        .filter_map(|kind| signal(kind).ok())
        .collect();
        async move {
            if streams.is_empty() {
                std::future::pending::<()>().await;
            }
            let waits = streams.iter_mut().map(|s| Box::pin(s.recv()));
            futures_util::future::select_all(waits).await;
        }
    }
    #[cfg(not(unix))]
    {
        async {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
