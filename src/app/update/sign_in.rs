//! The sign-in mode's messages: Enter starts a sign-in (the runtime binds the listener, opens
//! the browser and exchanges the code), Esc cancels it, its answer puts the access token in
//! use and sends the inspection at once; the token is refreshed ahead of its expiry (and on
//! F9), and a failed refresh is diagnosed with Enter offering to sign in again.

use std::time::Duration;

use tui_input::Input;

use super::super::sign_in::{
    SignInEffect, SignInMessage, SignInPhase, SignInSession, refresh_after,
};
use super::super::{App, Now};
use super::{Effect, request};
use crate::diagnose::oauth::{SignInContext, refresh_findings, sign_in_findings};
use crate::oauth::{
    ClientCredentials, ListenerLimits, RedirectUri, SignInConfig, SignedIn, TokenSet,
};

pub use super::super::sign_in::enter_signs_in;

/// The findings `judge` makes of a failure, filled with the form as it is.
fn findings_for<E>(
    app: &App,
    error: &E,
    judge: fn(&E, &SignInContext<'_>) -> Vec<crate::diagnose::Finding>,
) -> Vec<crate::diagnose::Finding> {
    let form = &app.form.sign_in;
    let issuer = app.sign_in.issuer_for(form.realm);
    let scopes = scopes(form.scopes.value());
    judge(
        error,
        &SignInContext {
            client_id: form.client_id.value().trim(),
            issuer: issuer.as_str(),
            realm: issuer.realm(),
            redirect_uri: form.redirect_uri.value().trim(),
            scopes: &scopes,
        },
    )
}

fn scopes(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_owned).collect()
}

/// Enter in sign-in mode: checks the form, then asks the runtime to start.
pub fn start(app: &mut App, now: Now) -> Vec<Effect> {
    let form = &app.form.sign_in;
    let client_id = form.client_id.value().trim().to_owned();
    let refused = |app: &mut App, why: String| {
        app.notice = Some(format!("Not signed in: {why}"));
        Vec::new()
    };
    if client_id.is_empty() {
        return refused(app, "Client ID is empty".to_owned());
    }
    if form.client_secret.char_count() == 0 {
        return refused(app, "Client secret is empty".to_owned());
    }
    let redirect = match RedirectUri::parse(form.redirect_uri.value()) {
        Ok(redirect) => redirect,
        Err(e) => return refused(app, e.to_string()),
    };
    let scopes = scopes(form.scopes.value());
    if scopes.is_empty() {
        return refused(app, "no scope to ask for".to_owned());
    }
    let client = ClientCredentials {
        client_id,
        client_secret: form.client_secret.to_secret(),
    };
    let issuer = app.sign_in.issuer_for(form.realm);
    let mut effects = Vec::new();
    if let SignInPhase::Waiting { id, .. } = app.sign_in.phase {
        effects.push(Effect::SignIn(SignInEffect::Cancel { id }));
    }
    app.sign_in.last_id += 1;
    let id = app.sign_in.last_id;
    app.sign_in.phase = SignInPhase::Waiting {
        id,
        url: None,
        deadline: now.instant + app.sign_in.wait,
    };
    app.now = Some(now.instant);
    app.blocked = false;
    effects.push(Effect::SignIn(SignInEffect::Start {
        id,
        config: Box::new(SignInConfig {
            issuer,
            client,
            scopes,
            redirect,
            limits: ListenerLimits::default(),
        }),
        wait: app.sign_in.wait,
        open_browser: app.sign_in.open_browser,
        extra_roots: app.sign_in.extra_roots.clone(),
    }));
    effects
}

/// Esc while waiting for the browser: the listener is closed.
pub fn cancel(app: &mut App) -> Option<Vec<Effect>> {
    let SignInPhase::Waiting { id, .. } = app.sign_in.phase else {
        return None;
    };
    app.sign_in.phase = SignInPhase::Idle;
    app.notice = Some("Sign-in cancelled; the listener is closed".to_owned());
    Some(vec![Effect::SignIn(SignInEffect::Cancel { id })])
}

/// The runtime's reports and the refresh key.
pub fn update(app: &mut App, message: SignInMessage, now: Now) -> Vec<Effect> {
    match message {
        SignInMessage::Started { id, url, opened } => {
            if let SignInPhase::Waiting {
                id: waiting,
                url: shown,
                ..
            } = &mut app.sign_in.phase
                && *waiting == id
            {
                *shown = Some(url.clone());
                // No browser: the URL is on screen; the clipboard saves typing it.
                if !opened {
                    return vec![Effect::Copy(url)];
                }
            }
            Vec::new()
        }
        SignInMessage::Finished { id, result } => {
            if !matches!(app.sign_in.phase, SignInPhase::Waiting { id: waiting, .. } if waiting == id)
            {
                return Vec::new();
            }
            match *result {
                Ok(signed) => signed_in(app, &signed, now),
                Err(error) => {
                    let findings = findings_for(app, &error, sign_in_findings);
                    app.sign_in.phase = SignInPhase::Failed { findings };
                    Vec::new()
                }
            }
        }
        SignInMessage::Refreshed { id, result } => {
            let Some(session) = app.sign_in.session.as_mut() else {
                return Vec::new();
            };
            if session.refreshing != Some(id) {
                return Vec::new();
            }
            session.refreshing = None;
            match *result {
                Ok(tokens) => {
                    use_tokens(app, &tokens, now, Renewal::SameSession);
                    app.notice = Some("Access token refreshed".to_owned());
                }
                Err(error) => {
                    if let crate::oauth::TokenError::Provider { error: code, .. } = &error
                        && code == "invalid_grant"
                    {
                        session.refresh_token = None;
                    }
                    let findings = findings_for(app, &error, refresh_findings);
                    app.sign_in.phase = SignInPhase::Failed { findings };
                    app.notice = Some("Refresh failed: Enter signs in again".to_owned());
                }
            }
            Vec::new()
        }
        SignInMessage::RefreshNow => refresh(app).unwrap_or_else(|| {
            app.notice = Some(
                "Nothing to refresh: sign in first (F2 to the sign-in form, Enter)".to_owned(),
            );
            Vec::new()
        }),
    }
}

/// Once a second: refresh the access token ahead of its expiry.
pub fn tick(app: &mut App, now: Now) -> Vec<Effect> {
    let due = app.sign_in.session.as_ref().is_some_and(|s| {
        s.refreshing.is_none()
            && s.refresh_token.is_some()
            && s.refresh_at.is_some_and(|at| now.instant >= at)
    });
    if due {
        refresh(app).unwrap_or_default()
    } else {
        Vec::new()
    }
}

fn refresh(app: &mut App) -> Option<Vec<Effect>> {
    let session = app.sign_in.session.as_mut()?;
    if session.refreshing.is_some() {
        return Some(Vec::new());
    }
    let refresh_token = session.refresh_token.clone()?;
    let extra_roots = app.sign_in.extra_roots.clone();
    app.sign_in.last_id += 1;
    let id = app.sign_in.last_id;
    session.refreshing = Some(id);
    Some(vec![Effect::SignIn(SignInEffect::Refresh {
        id,
        client: session.client.clone(),
        token_endpoint: session.token_endpoint.clone(),
        refresh_token,
        extra_roots,
    })])
}

/// Signed in: the token goes into use and the inspection is sent at once.
fn signed_in(app: &mut App, signed: &SignedIn, now: Now) -> Vec<Effect> {
    let form = &app.form.sign_in;
    let issuer = app.sign_in.issuer_for(form.realm);
    app.sign_in.session = Some(SignInSession {
        client: ClientCredentials {
            client_id: signed.client_id.clone(),
            client_secret: form.client_secret.to_secret(),
        },
        token_endpoint: issuer.token_endpoint(),
        refresh_token: None,
        expires_at: None,
        refresh_at: None,
        refresh_expires_at: None,
        scope: None,
        refreshing: None,
    });
    use_tokens(app, &signed.tokens, now, Renewal::NewSession);
    request::send(app, now)
}

/// Whether new tokens are a new sign-in or a refresh of the current one.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Renewal {
    /// A new sign-in: other credentials, so results so far are for the previous ones.
    NewSession,
    /// A refresh: the same grant, client and scopes under a new token, so the results on
    /// screen still describe these credentials and are not marked as stale.
    SameSession,
}

/// Puts an access token (and what came with it) into use.
fn use_tokens(app: &mut App, tokens: &TokenSet, now: Now, renewal: Renewal) {
    use secrecy::ExposeSecret as _;
    let after = |secs: Option<u64>| secs.map(|s| now.instant + Duration::from_secs(s));
    if let Some(session) = app.sign_in.session.as_mut() {
        session.expires_at = after(tokens.expires_in);
        session.refresh_at = tokens
            .expires_in
            .map(|s| now.instant + refresh_after(Duration::from_secs(s)));
        if tokens.refresh_token.is_some() {
            session.refresh_token.clone_from(&tokens.refresh_token);
            session.refresh_expires_at = after(tokens.refresh_expires_in);
        }
        if tokens.scope.is_some() {
            session.scope.clone_from(&tokens.scope);
        }
    }
    app.form
        .sign_in
        .access_token
        .set(Input::new(tokens.access_token.expose_secret().to_owned()));
    if renewal == Renewal::NewSession {
        app.form.revision += 1;
    }
    app.sign_in.signed_in_revision = Some(app.form.revision);
    app.sign_in.phase = SignInPhase::SignedIn;
    app.now = Some(now.instant);
}
