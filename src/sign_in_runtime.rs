//! The runtime's side of the OAuth sign-in: each sign-in and each refresh runs on its own task
//! and reports through the runtime's channel as [`SignInMessage`]s. A sign-in binds the
//! listener, opens the system browser, reports the URL (and whether a browser opened: if not,
//! the model has it copied to the clipboard), waits, and exchanges the code.
//! Aborting its task (Esc, or a new sign-in) drops the listener, which closes it.

use std::collections::HashMap;
use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

use crate::app::Message;
use crate::app::sign_in::{SignInEffect, SignInMessage};
use crate::oauth::{http_client_with, refresh, start};

/// How long a token request may take.
const TOKEN_REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// The sign-in and refresh tasks running; they are aborted when this is dropped.
#[derive(Debug, Default)]
pub struct SignInTasks(HashMap<u64, JoinHandle<()>>);

impl Drop for SignInTasks {
    fn drop(&mut self) {
        for (_, task) in self.0.drain() {
            task.abort();
        }
    }
}

/// Carries out a sign-in effect on a task of its own.
pub fn perform(effect: SignInEffect, tx: &UnboundedSender<Message>, tasks: &mut SignInTasks) {
    tasks.0.retain(|_, task| !task.is_finished());
    match effect {
        SignInEffect::Cancel { id } => {
            if let Some(task) = tasks.0.remove(&id) {
                task.abort();
            }
        }
        SignInEffect::Start {
            id,
            config,
            wait,
            open_browser,
            extra_roots,
        } => {
            let tx = tx.clone();
            let task = tokio::spawn(async move {
                let send = |message: SignInMessage| {
                    // The receiver is gone only when the app is quitting.
                    let _ = tx.send(message.into());
                };
                let result = async {
                    let http =
                        http_client_with(TOKEN_REQUEST_TIMEOUT, extra_roots).map_err(|e| {
                            crate::oauth::SignInError::Token(crate::oauth::TokenError::Transport(
                                crate::api::TransportError::new(
                                    crate::api::TransportErrorKind::Other,
                                    e,
                                ),
                            ))
                        })?;
                    let pending = start(*config).await?;
                    let url = pending.authorization_url().to_owned();
                    let opened = open_browser && open_system_browser(&url);
                    send(SignInMessage::Started { id, url, opened });
                    pending.finish(&http, wait).await
                }
                .await;
                send(SignInMessage::Finished {
                    id,
                    result: Box::new(result),
                });
            });
            tasks.0.insert(id, task);
        }
        SignInEffect::Refresh {
            id,
            client,
            token_endpoint,
            refresh_token,
            extra_roots,
        } => {
            let tx = tx.clone();
            let task = tokio::spawn(async move {
                let result = match http_client_with(TOKEN_REQUEST_TIMEOUT, extra_roots) {
                    Ok(http) => refresh(&http, &token_endpoint, &client, &refresh_token).await,
                    Err(e) => Err(crate::oauth::TokenError::Transport(
                        crate::api::TransportError::new(crate::api::TransportErrorKind::Other, e),
                    )),
                };
                let _ = tx.send(
                    SignInMessage::Refreshed {
                        id,
                        result: Box::new(result),
                    }
                    .into(),
                );
            });
            tasks.0.insert(id, task);
        }
    }
}

/// Opens the system browser (the `webbrowser` crate: `$BROWSER`, xdg-open, …); false when
/// none could be started.
#[must_use]
pub fn open_system_browser(url: &str) -> bool {
    webbrowser::open(url).is_ok()
}
