//! The explorer's background work: one endpoint as a task that answers once, and the full
//! scan as a task that streams its events to the loop as messages. Stopping the scan aborts
//! its task, which drops every request it had out.

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::read_clock;
use crate::api::ApiClient;
use crate::app::{Completed, ExplorerEffect, ExplorerMessage, Message};
use crate::format::human_duration;
use crate::scan::{ScanEvent, explorer_inspection, run_scan};

/// Sends one endpoint and returns the message with its answer; `None` for the scan's
/// effects, which [`spawn_scan`] and the loop carry out.
pub(super) async fn answer(effect: ExplorerEffect, client: &ApiClient) -> Option<Message> {
    match effect {
        ExplorerEffect::Run {
            run_id,
            endpoint,
            path,
            credentials,
            context,
        } => {
            let exchange = client.get(&path, &credentials).await;
            let mut inspection = explorer_inspection(
                endpoint,
                exchange,
                &context,
                client.base().as_str(),
                &human_duration(client.timeout()),
            );
            // As for /account: what the server echoed is masked in every decoded form.
            inspection.redact(&credentials.redactor());
            let completed = Box::new(Completed::new(inspection, read_clock()));
            Some(
                ExplorerMessage::Answered {
                    run_id,
                    endpoint,
                    completed,
                }
                .into(),
            )
        }
        ExplorerEffect::Scan { .. } | ExplorerEffect::CancelScan { .. } => None,
    }
}

/// Starts the scan of `effect` (an [`ExplorerEffect::Scan`]) on its own task; every event
/// becomes a message on `tx`.
pub(super) fn spawn_scan(
    effect: ExplorerEffect,
    client: &ApiClient,
    tx: &mpsc::UnboundedSender<Message>,
) -> Option<(u64, JoinHandle<()>)> {
    let ExplorerEffect::Scan {
        scan_id,
        credentials,
        known,
        context,
    } = effect
    else {
        return None;
    };
    let client = client.clone();
    let tx = tx.clone();
    let task = tokio::spawn(async move {
        run_scan(&client, &credentials, &context, known, |event| {
            // The receiver is gone only when the app is quitting.
            let _ = tx.send(ExplorerMessage::ScanReport { scan_id, event }.into());
        })
        .await;
    });
    Some((scan_id, task))
}

/// The scan a message says has finished, so the loop can forget its task.
pub(super) fn finished_scan(message: &Message) -> Option<u64> {
    match message {
        Message::Explorer(ExplorerMessage::ScanReport {
            scan_id,
            event: ScanEvent::Done { done, total, .. },
        }) if done >= total => Some(*scan_id),
        _ => None,
    }
}
