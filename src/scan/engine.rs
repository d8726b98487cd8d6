//! The scan's sending loop: endpoints go out as soon as their parameters are known, at most
//! [`MAX_IN_FLIGHT`] at a time; a `Retry-After` pauses every new request (the ones already
//! out still finish) and the endpoint is asked once more. Cancelling is dropping the future
//! (the TUI aborts its task): nothing is left running.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use futures_util::StreamExt as _;
use futures_util::stream::FuturesUnordered;
use tokio::time::Instant;

use crate::api::endpoints::{Endpoint, PathError, USERINFO, catalogue};
use crate::api::{ApiClient, Credentials, Exchange, retry_after};

use super::{ScanContext, ScanRow, classify, listed_id, skipped};

/// Requests out at once: enough to finish quickly, few enough not to look like an attack.
pub const MAX_IN_FLIGHT: usize = 4;

/// The longest `Retry-After` the scan waits for; a longer one ends that endpoint as an error.
pub const MAX_RETRY_WAIT: Duration = Duration::from_secs(60);

/// What the scan reports while it runs.
#[derive(Debug)]
pub enum ScanEvent {
    /// It starts, with this many endpoints.
    Started {
        /// Every endpoint of the catalogue.
        total: usize,
    },
    /// An endpoint was sent.
    Sending {
        /// Which.
        endpoint: Endpoint,
    },
    /// The server asked to wait: no new request goes out for `wait`.
    Waiting {
        /// Whose answer asked.
        endpoint: Endpoint,
        /// How long.
        wait: Duration,
    },
    /// An endpoint is settled.
    Done {
        /// Which.
        endpoint: Endpoint,
        /// Its row of the table.
        row: ScanRow,
        /// What was sent and answered; `None` when skipped.
        exchange: Option<Box<Exchange>>,
        /// How many are settled now.
        done: usize,
        /// Out of.
        total: usize,
    },
}

/// The table as it fills: one row per endpoint once it is settled.
struct Table {
    rows: Vec<Option<ScanRow>>,
    done: usize,
    total: usize,
}

impl Table {
    /// Records an endpoint's row and returns the event that says so.
    fn settle(
        &mut self,
        endpoint: Endpoint,
        row: ScanRow,
        exchange: Option<Box<Exchange>>,
    ) -> ScanEvent {
        self.rows[endpoint.index()] = Some(row.clone());
        self.done += 1;
        ScanEvent::Done {
            endpoint,
            row,
            exchange,
            done: self.done,
            total: self.total,
        }
    }
}

/// Scans every endpoint of the catalogue and returns the full table in catalogue order.
/// `known` holds parameter values already learned, by source key (`sub`, or the path of the
/// list that named them); the scan adds what the answers teach.
pub async fn run_scan(
    client: &ApiClient,
    credentials: &Credentials,
    context: &ScanContext,
    mut known: BTreeMap<String, String>,
    mut on_event: impl FnMut(ScanEvent),
) -> Vec<ScanRow> {
    let total = Endpoint::count();
    let mut table = Table {
        rows: vec![None; total],
        done: 0,
        total,
    };
    let mut started = vec![false; total];
    let mut retried = vec![false; total];
    let mut in_flight = FuturesUnordered::new();
    let mut pause_until: Option<Instant> = None;
    on_event(ScanEvent::Started { total });
    loop {
        if pause_until.is_some_and(|until| until <= Instant::now()) {
            pause_until = None;
        }
        while pause_until.is_none() && in_flight.len() < MAX_IN_FLIGHT {
            let Some((endpoint, path)) = next_ready(&started, &known) else {
                break;
            };
            started[endpoint.index()] = true;
            match path {
                Ok(path) => {
                    on_event(ScanEvent::Sending { endpoint });
                    in_flight.push(async move { (endpoint, client.get(&path, credentials).await) });
                }
                // A value a server listed that cannot be one segment (`..`, too long).
                Err(why) => {
                    let mut row = skipped(endpoint, &table.rows, |_| false);
                    row.cause = Some(why.to_string());
                    on_event(table.settle(endpoint, row, None));
                }
            }
        }
        let next = match (in_flight.is_empty(), pause_until) {
            (true, None) => break,
            (true, Some(until)) => {
                tokio::time::sleep_until(until).await;
                continue;
            }
            (false, None) => in_flight.next().await,
            (false, Some(until)) => tokio::select! {
                next = in_flight.next() => next,
                () = tokio::time::sleep_until(until) => continue,
            },
        };
        let Some((endpoint, exchange)) = next else {
            break;
        };
        let i = endpoint.index();
        if let Some(wait) = asks_to_wait(&exchange)
            && !retried[i]
            && wait <= MAX_RETRY_WAIT
        {
            retried[i] = true;
            started[i] = false;
            let until = Instant::now() + wait;
            pause_until = Some(pause_until.map_or(until, |p| p.max(until)));
            on_event(ScanEvent::Waiting { endpoint, wait });
            continue;
        }
        learn(endpoint, &exchange, &mut known);
        let row = classify(endpoint, &exchange, context);
        on_event(table.settle(endpoint, row, Some(Box::new(exchange))));
    }
    for endpoint in Endpoint::all() {
        if table.rows[endpoint.index()].is_none() {
            let row = skipped(endpoint, &table.rows, |key| known.contains_key(key));
            on_event(table.settle(endpoint, row, None));
        }
    }
    table.rows.into_iter().flatten().collect()
}

/// The first endpoint not yet started whose parameters are all known, with its path (or why
/// a known value cannot be sent).
fn next_ready(
    started: &[bool],
    known: &BTreeMap<String, String>,
) -> Option<(Endpoint, Result<String, PathError>)> {
    Endpoint::all()
        .filter(|e| !started[e.index()])
        .find_map(|endpoint| {
            let spec = endpoint.spec();
            let value = |name: &str| {
                let key = spec.source(name).key()?.to_owned();
                known.get(&key).map(String::as_str)
            };
            match spec.build_path(value) {
                Err(PathError::Unknown { .. }) => None,
                path => Some((endpoint, path)),
            }
        })
}

/// How long a 429 or 503 asks to wait (`Retry-After`).
fn asks_to_wait(exchange: &Exchange) -> Option<Duration> {
    let response = exchange.result.as_ref().ok()?;
    if response.status != 429 && response.status != 503 {
        return None;
    }
    retry_after(response.header("retry-after")?, SystemTime::now())
}

/// Keeps the ids a 2xx answer offers to endpoints that wait for them.
pub fn learn(endpoint: Endpoint, exchange: &Exchange, known: &mut BTreeMap<String, String>) {
    let Some(response) = exchange.result.as_ref().ok() else {
        return;
    };
    if !(200..300).contains(&response.status) {
        return;
    }
    let path = &endpoint.spec().path;
    if path == USERINFO {
        if let Some(sub) = listed_id(&response.body, true) {
            known.insert("sub".to_owned(), sub);
        }
        return;
    }
    let is_a_source = catalogue().endpoint.iter().any(|spec| {
        spec.params()
            .iter()
            .any(|p| spec.source(p).key() == Some(path))
    });
    if is_a_source && let Some(id) = listed_id(&response.body, false) {
        known.insert(path.clone(), id);
    }
}
