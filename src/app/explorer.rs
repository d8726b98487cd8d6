//! The endpoint explorer's model: the catalogue listed by area with each endpoint's last
//! outcome, a filter typed over it, a small form for an endpoint's path parameters
//! (prefilled from what earlier answers taught), and the full scan's progress. Its messages,
//! its effects and its `update` live here too; the runtime sends the requests and the scan
//! (`runtime/explorer.rs`), the view draws it (`ui/explorer.rs`).

use std::collections::BTreeMap;
use std::sync::Arc;

use tui_input::{Input, InputRequest};

use super::{App, Completed, Overlay, RequestState, Tab};
use crate::api::Credentials;
use crate::api::endpoints::{Endpoint, PathError};
use crate::diagnose::{LeastPrivilege, blocks_sending};
use crate::scan::{Outcome, ScanContext, ScanEvent, ScanRow, classify, learn, least_privilege};

/// A message for the explorer.
#[derive(Debug)]
pub enum ExplorerMessage {
    /// Open or close it.
    Toggle,
    /// Move the cursor by rows.
    Move(i32),
    /// Enter: open the selected endpoint's parameter form, or send it.
    Run,
    /// The next parameter field of the form.
    NextParam,
    /// Start the full scan (or cancel a running one).
    StartScan,
    /// Typing: into the focused parameter, else the filter.
    Edit(InputRequest),
    /// Text pasted.
    Paste(String),
    /// An endpoint answered, judged (and masked) on the background task.
    Answered {
        /// The run it answers.
        run_id: u64,
        /// Which endpoint.
        endpoint: Endpoint,
        /// The exchange, its findings and its body laid out, for the tabs.
        completed: Box<Completed>,
    },
    /// The scan reports.
    ScanReport {
        /// The scan it belongs to.
        scan_id: u64,
        /// What happened.
        event: ScanEvent,
    },
}

/// What the runtime must do for the explorer.
#[derive(Debug)]
pub enum ExplorerEffect {
    /// Send one endpoint.
    Run {
        /// Tag for the answer.
        run_id: u64,
        /// Which endpoint.
        endpoint: Endpoint,
        /// Its path below the base URL.
        path: String,
        /// What to authenticate with.
        credentials: Credentials,
        /// What a 403 is weighed with.
        context: ScanContext,
    },
    /// Run the full scan.
    Scan {
        /// Tag for its events.
        scan_id: u64,
        /// What to authenticate with.
        credentials: Credentials,
        /// Parameter values already known, by source key.
        known: BTreeMap<String, String>,
        /// What a 403 is weighed with.
        context: ScanContext,
    },
    /// Stop the scan.
    CancelScan {
        /// Which.
        scan_id: u64,
    },
}

/// The parameter form of one endpoint.
#[derive(Debug, Clone)]
pub struct ParamForm {
    /// The endpoint.
    pub endpoint: Endpoint,
    /// Each path parameter with its value, in path order.
    pub fields: Vec<(String, Input)>,
    /// The focused field.
    pub focus: usize,
    /// Why it was not sent (an empty or unusable value), naming the parameter.
    pub error: Option<String>,
}

/// How far the scan is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScanProgress {
    /// None ran.
    Idle,
    /// Running.
    Running {
        /// Its id.
        id: u64,
        /// Endpoints settled.
        done: usize,
        /// Of.
        total: usize,
        /// A server asked to wait: who, and how long (seconds).
        waiting: Option<(Endpoint, u64)>,
    },
    /// Finished (or cancelled after `done`).
    Finished {
        /// Endpoints settled.
        done: usize,
        /// Of.
        total: usize,
        /// Esc stopped it.
        cancelled: bool,
    },
}

/// The explorer's state.
#[derive(Debug, Clone)]
pub struct Explorer {
    /// What is typed to filter the list.
    pub filter: Input,
    /// The cursor, as a position in [`Explorer::visible`].
    pub cursor: usize,
    /// Each endpoint's last row (from a run or the scan), by catalogue index.
    pub rows: Vec<Option<ScanRow>>,
    /// Parameter values learned from answers, by source key (`sub`, or a list's path).
    pub known: BTreeMap<String, String>,
    /// The open parameter form.
    pub form: Option<ParamForm>,
    /// The scan.
    pub scan: ScanProgress,
    /// The run waiting for its answer.
    pub running: Option<(u64, Endpoint)>,
    /// Ids for runs and scans.
    pub next_id: u64,
    /// A line for the user (what to run first, why nothing was sent).
    pub notice: Option<String>,
    /// The least-privilege advice from every row so far, kept up to date as rows arrive (so
    /// that no frame recomputes it).
    pub advice: Option<String>,
    /// The credentials form's revision the rows and ids belong to: other credentials may
    /// reach another account, so what was learned with these is forgotten.
    pub form_revision: u64,
}

impl Default for Explorer {
    fn default() -> Self {
        Self {
            filter: Input::default(),
            cursor: 0,
            rows: vec![None; Endpoint::count()],
            known: BTreeMap::new(),
            form: None,
            scan: ScanProgress::Idle,
            running: None,
            next_id: 1,
            notice: None,
            advice: None,
            form_revision: 0,
        }
    }
}

impl Explorer {
    /// The endpoints the filter lets through, in catalogue order (grouped by area). The
    /// filter matches path, area, scope and description, ignoring case.
    #[must_use]
    pub fn visible(&self) -> Vec<Endpoint> {
        let needle = self.filter.value().to_lowercase();
        Endpoint::all()
            .filter(|e| {
                let spec = e.spec();
                needle.is_empty()
                    || [
                        spec.label().as_str(),
                        spec.area.as_str(),
                        spec.scope.as_deref().unwrap_or(""),
                        spec.about.as_str(),
                    ]
                    .iter()
                    .any(|text| text.to_lowercase().contains(&needle))
            })
            .collect()
    }

    /// The endpoint under the cursor.
    #[must_use]
    pub fn selected(&self) -> Option<Endpoint> {
        self.visible().get(self.cursor).copied()
    }

    /// An endpoint's last row.
    #[must_use]
    pub fn row(&self, endpoint: Endpoint) -> Option<&ScanRow> {
        self.rows.get(endpoint.index())?.as_ref()
    }

    /// Least privilege from every row so far.
    #[must_use]
    pub fn least_privilege(&self) -> LeastPrivilege {
        let rows: Vec<ScanRow> = self.rows.iter().flatten().cloned().collect();
        least_privilege(&rows)
    }

    /// Whether the scan runs.
    #[must_use]
    pub fn scanning(&self) -> bool {
        matches!(self.scan, ScanProgress::Running { .. })
    }

    fn id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// The form for `endpoint`, each field prefilled with what is known.
    fn form_for(&self, endpoint: Endpoint) -> ParamForm {
        let spec = endpoint.spec();
        let fields = spec
            .params()
            .into_iter()
            .map(|name| {
                let value = spec
                    .source(name)
                    .key()
                    .and_then(|key| self.known.get(key))
                    .cloned()
                    .unwrap_or_default();
                (name.to_owned(), Input::new(value))
            })
            .collect::<Vec<_>>();
        let focus = fields
            .iter()
            .position(|(_, v)| v.value().is_empty())
            .unwrap_or(0);
        ParamForm {
            endpoint,
            fields,
            focus,
            error: None,
        }
    }
}

/// What the hint under an empty parameter says, e.g. "run /users to pick a userId".
#[must_use]
pub fn param_hint(endpoint: Endpoint, name: &str) -> String {
    endpoint.spec().source(name).hint(name)
}

/// Applies an explorer message.
pub fn update(app: &mut App, message: ExplorerMessage) -> Vec<ExplorerEffect> {
    match message {
        ExplorerMessage::Toggle => {
            app.overlay = if app.overlay == Overlay::Explorer {
                Overlay::None
            } else {
                Overlay::Explorer
            };
            Vec::new()
        }
        ExplorerMessage::Move(rows) => {
            let explorer = &mut app.explorer;
            let last = explorer.visible().len().saturating_sub(1);
            let moved = i64::try_from(explorer.cursor).unwrap_or(0) + i64::from(rows);
            explorer.cursor = usize::try_from(moved.max(0)).unwrap_or(0).min(last);
            explorer.form = None;
            Vec::new()
        }
        ExplorerMessage::NextParam => {
            if let Some(form) = &mut app.explorer.form {
                form.focus = (form.focus + 1) % form.fields.len().max(1);
            }
            Vec::new()
        }
        ExplorerMessage::Edit(request) => {
            edit(app, request);
            Vec::new()
        }
        ExplorerMessage::Paste(text) => {
            for c in text.chars().filter(|c| !c.is_control()) {
                edit(app, InputRequest::InsertChar(c));
            }
            Vec::new()
        }
        ExplorerMessage::Run => {
            forget_other_credentials(app);
            run(app)
        }
        ExplorerMessage::StartScan => {
            forget_other_credentials(app);
            scan(app)
        }
        ExplorerMessage::Answered {
            run_id,
            endpoint,
            completed,
        } => {
            answered(app, run_id, endpoint, *completed);
            Vec::new()
        }
        ExplorerMessage::ScanReport { scan_id, event } => {
            scan_event(app, scan_id, event);
            Vec::new()
        }
    }
}

/// Esc in the explorer: close the form, else stop the scan, else clear the filter, else
/// close the explorer.
pub fn escape(app: &mut App) -> Vec<ExplorerEffect> {
    let explorer = &mut app.explorer;
    if explorer.form.take().is_some() {
        return Vec::new();
    }
    if let ScanProgress::Running {
        id, done, total, ..
    } = explorer.scan
    {
        explorer.scan = ScanProgress::Finished {
            done,
            total,
            cancelled: true,
        };
        return vec![ExplorerEffect::CancelScan { scan_id: id }];
    }
    if !explorer.filter.value().is_empty() {
        explorer.filter.reset();
        explorer.cursor = 0;
        return Vec::new();
    }
    app.overlay = Overlay::None;
    Vec::new()
}

fn edit(app: &mut App, request: InputRequest) {
    let explorer = &mut app.explorer;
    explorer.notice = None;
    if let Some(form) = &mut explorer.form {
        if let Some((_, input)) = form.fields.get_mut(form.focus) {
            input.handle(request);
            form.error = None;
        }
        return;
    }
    explorer.filter.handle(request);
    explorer.cursor = 0;
}

fn credentials(app: &mut App) -> Option<Credentials> {
    if blocks_sending(&app.preflight()) {
        app.explorer.notice =
            Some("The credentials form has an error: fix it first (Esc, then the form)".into());
        return None;
    }
    Some(app.form.credentials())
}

/// Forgets the rows and ids learned with other credentials than the form holds now.
fn forget_other_credentials(app: &mut App) {
    if app.explorer.form_revision != app.form.revision && app.explorer.form.is_none() {
        let explorer = &mut app.explorer;
        explorer.rows = vec![None; Endpoint::count()];
        explorer.known.clear();
        explorer.advice = None;
        explorer.form_revision = app.form.revision;
    }
}

fn run(app: &mut App) -> Vec<ExplorerEffect> {
    let explorer = &mut app.explorer;
    let Some(endpoint) = explorer
        .form
        .as_ref()
        .map(|f| f.endpoint)
        .or(explorer.selected())
    else {
        return Vec::new();
    };
    if explorer.form.is_none() && !endpoint.spec().params().is_empty() {
        explorer.form = Some(explorer.form_for(endpoint));
        return Vec::new();
    }
    let path = match &explorer.form {
        Some(form) => endpoint.spec().build_path(|name| {
            form.fields
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, input)| input.value())
        }),
        None => endpoint.spec().build_path(|_| None),
    };
    let path = match path {
        Ok(path) => path,
        Err(error) => {
            let message = match &error {
                PathError::Empty { name } => {
                    format!("{error} ({})", param_hint(endpoint, name))
                }
                _ => error.to_string(),
            };
            if let Some(form) = &mut explorer.form {
                form.error = Some(message);
            }
            return Vec::new();
        }
    };
    let Some(credentials) = credentials(app) else {
        return Vec::new();
    };
    let context = context(app);
    let explorer = &mut app.explorer;
    let run_id = explorer.id();
    explorer.running = Some((run_id, endpoint));
    explorer.notice = Some(format!("GET {} …", endpoint.spec().path));
    vec![ExplorerEffect::Run {
        run_id,
        endpoint,
        path,
        credentials,
        context,
    }]
}

/// What the probes taught about the platform and the token's own scopes.
fn context(app: &App) -> ScanContext {
    app.probes()
        .map_or_else(ScanContext::default, |probes| ScanContext {
            platform: probes.platform().platform,
            claimed_scopes: probes.claimed_scopes.clone(),
        })
}

fn scan(app: &mut App) -> Vec<ExplorerEffect> {
    app.overlay = Overlay::Explorer;
    if let ScanProgress::Running { .. } = app.explorer.scan {
        return escape(app);
    }
    let Some(credentials) = credentials(app) else {
        return Vec::new();
    };
    let context = context(app);
    let explorer = &mut app.explorer;
    explorer.form = None;
    let scan_id = explorer.id();
    explorer.scan = ScanProgress::Running {
        id: scan_id,
        done: 0,
        total: Endpoint::count(),
        waiting: None,
    };
    vec![ExplorerEffect::Scan {
        scan_id,
        credentials,
        known: explorer.known.clone(),
        context,
    }]
}

fn answered(app: &mut App, run_id: u64, endpoint: Endpoint, completed: Completed) {
    if app.explorer.running.map(|(id, _)| id) != Some(run_id) {
        return;
    }
    let context = context(app);
    let explorer = &mut app.explorer;
    explorer.running = None;
    explorer.notice = None;
    explorer.form = None;
    let exchange = &completed.inspection.exchange;
    learn(endpoint, exchange, &mut explorer.known);
    explorer.rows[endpoint.index()] = Some(classify(endpoint, exchange, &context));
    explorer.advice = explorer.least_privilege().advice();
    // The answer takes the place of /account's in the tabs, so Body, Headers, Request,
    // Timing, the troubleshooting panel and copy as curl all show it.
    app.request = RequestState::Done(Arc::new(completed));
    app.scroll = [0; 5];
    app.troubleshooting_scroll = 0;
    app.search.matches.clear();
    app.tab = Tab::Body;
    app.overlay = Overlay::None;
}

fn scan_event(app: &mut App, scan_id: u64, event: ScanEvent) {
    let explorer = &mut app.explorer;
    let ScanProgress::Running { id, waiting, .. } = &mut explorer.scan else {
        return;
    };
    if *id != scan_id {
        return;
    }
    match event {
        ScanEvent::Started { .. } | ScanEvent::Sending { .. } => {}
        ScanEvent::Waiting { endpoint, wait } => *waiting = Some((endpoint, wait.as_secs())),
        ScanEvent::Done {
            endpoint,
            row,
            exchange,
            done,
            total,
        } => {
            if let Some(exchange) = exchange {
                learn(endpoint, &exchange, &mut explorer.known);
            }
            explorer.rows[endpoint.index()] = Some(row);
            explorer.advice = explorer.least_privilege().advice();
            explorer.scan = if done >= total {
                ScanProgress::Finished {
                    done,
                    total,
                    cancelled: false,
                }
            } else {
                ScanProgress::Running {
                    id: scan_id,
                    done,
                    total,
                    waiting: None,
                }
            };
        }
    }
}

/// The mark of an endpoint's last outcome: ✓, ✗, ! or – (never run).
#[must_use]
pub fn mark(row: Option<&ScanRow>) -> &'static str {
    row.map_or(Outcome::Skipped.mark(), |r| r.outcome.mark())
}
