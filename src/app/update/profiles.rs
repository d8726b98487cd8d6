//! The profile picker (Ctrl+P): the profiles of the file, Enter fills the form from one (its
//! secret read from the keyring by the runtime), `d` then `y` deletes one with its keyring
//! entries. A profile for another base URL than the one this inspector talks to is not used:
//! its secret would go to the wrong host; start with `--profile NAME` instead.

use secrecy::ExposeSecret as _;

use crate::api::{BaseUrl, DEFAULT_BASE_URL};
use crate::app::sign_in::{Realm, SignInForm};
use crate::app::store::{ProfilePicker, StoreEffect, StoreMessage};
use crate::app::{App, AuthMode, Form, Overlay};
use crate::store::CredentialKind;

use super::Effect;

/// Applies a picker message; hands any other message back.
// One short arm per message: the picker's whole state machine in one place reads better than
// arms scattered over helpers.
#[allow(clippy::too_many_lines)]
pub fn update(app: &mut App, message: StoreMessage) -> Result<Vec<Effect>, StoreMessage> {
    let picker = &mut app.store.picker;
    let effect = match message {
        StoreMessage::ToggleProfiles => {
            if app.overlay == Overlay::Profiles {
                app.overlay = Overlay::None;
                return Ok(Vec::new());
            }
            app.overlay = Overlay::Profiles;
            *picker = ProfilePicker {
                loading: true,
                ..ProfilePicker::default()
            };
            Some(StoreEffect::LoadProfiles)
        }
        StoreMessage::ProfileMove(rows) => {
            let last = picker.profiles.len().saturating_sub(1);
            picker.confirm_delete = false;
            picker.cursor = match rows {
                i32::MIN => 0,
                i32::MAX => last,
                rows if rows < 0 => picker
                    .cursor
                    .saturating_sub(usize::try_from(rows.unsigned_abs()).unwrap_or(usize::MAX)),
                rows => picker
                    .cursor
                    .saturating_add(usize::try_from(rows.unsigned_abs()).unwrap_or(usize::MAX))
                    .min(last),
            };
            None
        }
        StoreMessage::ProfileUse => use_profile(picker, &app.base_url),
        StoreMessage::ProfileDelete => {
            picker.confirm_delete = !picker.profiles.is_empty();
            None
        }
        StoreMessage::ProfileConfirmDelete => {
            let name = picker
                .profiles
                .get(picker.cursor)
                .filter(|_| picker.confirm_delete)
                .map(|p| p.name.clone());
            picker.confirm_delete = false;
            name.map(StoreEffect::DeleteProfile)
        }
        StoreMessage::ProfileSaveAs => {
            picker.name = tui_input::Input::default();
            picker.confirm_overwrite = false;
            picker.confirm_delete = false;
            picker.error = None;
            app.overlay = Overlay::ProfileName;
            None
        }
        StoreMessage::ProfileNameEdit(request) => {
            picker.name.handle(request);
            picker.confirm_overwrite = false;
            None
        }
        StoreMessage::ProfileNameCancel => {
            app.overlay = Overlay::Profiles;
            picker.confirm_overwrite = false;
            None
        }
        StoreMessage::ProfileNameConfirm => return Ok(save_as(app)),
        StoreMessage::ProfileSaved(result) => {
            app.overlay = Overlay::Profiles;
            match result {
                Ok(name) => {
                    picker.error = Some(format!("saved the form as {name}"));
                    app.store.profile = Some(name);
                    picker.loading = true;
                    Some(StoreEffect::LoadProfiles)
                }
                Err(why) => {
                    picker.error = Some(why);
                    None
                }
            }
        }
        StoreMessage::ProfilesLoaded(result) => {
            picker.loading = false;
            match result {
                Ok(profiles) => {
                    picker.cursor = picker.cursor.min(profiles.len().saturating_sub(1));
                    picker.profiles = profiles;
                }
                Err(why) => picker.error = Some(why),
            }
            None
        }
        StoreMessage::ProfileSecret(profile, secret) => {
            fill_form(app, &profile, secret);
            None
        }
        StoreMessage::ProfileDeleted(result) => {
            match result {
                Ok(name) => {
                    picker.profiles.retain(|p| p.name != name);
                    picker.cursor = picker.cursor.min(picker.profiles.len().saturating_sub(1));
                    picker.error = Some(format!("deleted {name} and its keyring entries"));
                    if app.store.profile.as_deref() == Some(name.as_str()) {
                        app.store.profile = None;
                    }
                }
                Err(why) => picker.error = Some(why),
            }
            None
        }
        other => return Err(other),
    };
    Ok(effect.map(Effect::Store).into_iter().collect())
}

/// Esc in the picker: a pending delete is called off, else the picker closes.
pub fn escape(app: &mut App) -> Vec<Effect> {
    if app.store.picker.confirm_delete {
        app.store.picker.confirm_delete = false;
    } else {
        app.overlay = Overlay::None;
    }
    Vec::new()
}

/// Enter on the name: a refused name says why; a taken one asks for Enter again; then the
/// form is saved (settings to the file, the secret to the keyring).
fn save_as(app: &mut App) -> Vec<Effect> {
    let picker = &mut app.store.picker;
    let name = picker.name.value().to_owned();
    if let Err(why) = crate::store::check_name(&name) {
        picker.error = Some(why.to_string());
        return Vec::new();
    }
    let existing = picker.profiles.iter().find(|p| p.name == name).cloned();
    if existing.is_some() && !picker.confirm_overwrite {
        picker.confirm_overwrite = true;
        picker.error = Some(format!(
            "{name} exists: Enter again overwrites it, Esc keeps it"
        ));
        return Vec::new();
    }
    picker.confirm_overwrite = false;
    let form = &app.form;
    let (kind, secret) = match form.mode {
        AuthMode::PersonalAccessToken => {
            (CredentialKind::PersonalAccessToken, form.token.to_secret())
        }
        AuthMode::OAuth => (CredentialKind::OauthToken, form.access_token.to_secret()),
        // The client: its id, realm and redirect URI to the file, its secret to the keyring.
        AuthMode::SignIn => (
            CredentialKind::OauthClient,
            form.sign_in.client_secret.to_secret(),
        ),
    };
    let mut profile = existing.unwrap_or_else(|| crate::store::Profile::new(&name, kind));
    profile.kind = kind;
    profile.token_id = (kind == CredentialKind::PersonalAccessToken)
        .then(|| form.token_id.value().trim().to_owned())
        .filter(|id| !id.is_empty());
    if kind == CredentialKind::OauthClient {
        let nonempty = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
        profile.client_id = nonempty(form.sign_in.client_id.value());
        profile.realm = Some(form.sign_in.realm.name().to_owned());
        profile.redirect_uri = nonempty(form.sign_in.redirect_uri.value());
    }
    profile.base_url =
        (app.base_url.as_str() != DEFAULT_BASE_URL).then(|| app.base_url.as_str().to_owned());
    let secret = (!secret.expose_secret().is_empty()).then_some(secret);
    vec![Effect::SaveProfile {
        profile: Box::new(profile),
        secret,
    }]
}

/// Enter: the highlighted profile's secret is asked for, if the profile is for this base URL.
fn use_profile(picker: &mut ProfilePicker, base: &BaseUrl) -> Option<StoreEffect> {
    picker.confirm_delete = false;
    let profile = picker.profiles.get(picker.cursor)?.clone();
    if same_base(base, profile.base_url.as_deref()) {
        return Some(StoreEffect::LoadSecret(Box::new(profile)));
    }
    picker.error = Some(format!(
        "{} is for {}, not {}: start with --profile {}",
        profile.name,
        profile.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL),
        base.as_str(),
        profile.name
    ));
    None
}

/// The form filled from a profile and its secret; the header names the profile.
fn fill_form(
    app: &mut App,
    profile: &crate::store::Profile,
    secret: Option<secrecy::SecretString>,
) {
    let secret = secret.map(|s| s.expose_secret().to_owned());
    let previous = std::mem::take(&mut app.form);
    let mut sign_in = previous.sign_in;
    let mut form = match profile.kind {
        CredentialKind::PersonalAccessToken => {
            Form::prefilled(profile.token_id.clone(), secret, None)
        }
        CredentialKind::OauthToken => Form::prefilled(None, None, secret),
        CredentialKind::OauthClient => {
            sign_in = SignInForm::prefilled(profile.client_id.clone(), secret);
            if profile.realm.as_deref() == Some(Realm::ThirdParty.name()) {
                sign_in.realm = Realm::ThirdParty;
            }
            if let Some(uri) = &profile.redirect_uri {
                sign_in.redirect_uri = tui_input::Input::new(uri.clone());
            }
            Form::prefilled(None, None, None)
        }
    };
    // The sign-in form (and what the demo prefilled there) stays unless this profile is a
    // client; the revision goes on counting, so results so far read as for other credentials.
    form = form.with_sign_in(sign_in);
    if profile.kind == CredentialKind::OauthClient {
        form.mode = AuthMode::SignIn;
        form.focus = form.fields()[0];
    }
    form.revision = previous.revision + 1;
    app.form = form;
    app.store.profile = Some(profile.name.clone());
    app.overlay = Overlay::None;
    app.notice = Some(format!("form filled from profile {}", profile.name));
}

/// Whether a profile's base URL (default when unset) is the one the app talks to.
fn same_base(current: &BaseUrl, profile: Option<&str>) -> bool {
    let wanted = profile.unwrap_or(DEFAULT_BASE_URL);
    BaseUrl::parse(wanted, true).is_ok_and(|base| base.as_str() == current.as_str())
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant, SystemTime};

    use secrecy::SecretString;

    use super::*;
    use crate::app::{ApiTarget, AuthMode, Now, update};
    use crate::store::Profile;

    fn now() -> Now {
        Now {
            instant: Instant::now(),
            wall: SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000),
        }
    }

    fn profile(name: &str, base: Option<&str>) -> Profile {
        let mut profile = Profile::new(name, CredentialKind::PersonalAccessToken);
        profile.token_id = Some("token-AB12CD".to_owned());
        profile.base_url = base.map(str::to_owned);
        profile
    }

    fn picker_app() -> App {
        let mut app = App::new(
            BaseUrl::parse(DEFAULT_BASE_URL, false).expect("valid"),
            ApiTarget::Real,
        );
        let effects = update(&mut app, StoreMessage::ToggleProfiles, now());
        assert!(matches!(
            effects.as_slice(),
            [Effect::Store(StoreEffect::LoadProfiles)]
        ));
        update(
            &mut app,
            StoreMessage::ProfilesLoaded(Ok(vec![
                profile("work", None),
                profile("local", Some("http://127.0.0.1:8080/v2")),
            ])),
            now(),
        );
        app
    }

    #[test]
    fn enter_asks_for_the_secret_then_fills_the_form() {
        let mut app = picker_app();
        let effects = update(&mut app, StoreMessage::ProfileUse, now());
        let [Effect::Store(StoreEffect::LoadSecret(profile))] = effects.as_slice() else {
            panic!("expected LoadSecret, got {effects:?}");
        };
        assert_eq!(profile.name, "work");
        update(
            &mut app,
            StoreMessage::ProfileSecret(profile.clone(), Some(SecretString::from("s3cret"))),
            now(),
        );
        assert_eq!(app.overlay, Overlay::None);
        assert_eq!(app.store.profile.as_deref(), Some("work"));
        assert_eq!(app.form.mode, AuthMode::PersonalAccessToken);
        assert_eq!(app.form.token_id.value(), "token-AB12CD");
        assert_eq!(app.form.token.char_count(), 6);
    }

    #[test]
    fn a_profile_for_another_base_url_is_not_used() {
        let mut app = picker_app();
        update(&mut app, StoreMessage::ProfileMove(1), now());
        assert!(update(&mut app, StoreMessage::ProfileUse, now()).is_empty());
        assert_eq!(
            app.store.picker.error.as_deref(),
            Some(
                "local is for http://127.0.0.1:8080/v2, not https://api.sipgate.com/v2: start \
                 with --profile local"
            )
        );
    }

    #[test]
    fn delete_waits_for_y_and_esc_calls_it_off() {
        let mut app = picker_app();
        assert!(update(&mut app, StoreMessage::ProfileConfirmDelete, now()).is_empty());
        update(&mut app, StoreMessage::ProfileDelete, now());
        update(&mut app, crate::app::Message::Cancel, now());
        assert!(!app.store.picker.confirm_delete);
        assert_eq!(app.overlay, Overlay::Profiles);
        update(&mut app, StoreMessage::ProfileDelete, now());
        let effects = update(&mut app, StoreMessage::ProfileConfirmDelete, now());
        assert!(matches!(
            effects.as_slice(),
            [Effect::Store(StoreEffect::DeleteProfile(name))] if name == "work"
        ));
        update(
            &mut app,
            StoreMessage::ProfileDeleted(Ok("work".to_owned())),
            now(),
        );
        assert_eq!(app.store.picker.profiles.len(), 1);
        update(&mut app, crate::app::Message::Cancel, now());
        assert_eq!(app.overlay, Overlay::None);
    }

    #[test]
    fn the_form_is_saved_under_a_new_name_and_a_taken_one_asks_again() {
        use tui_input::InputRequest;
        let mut app = picker_app();
        app.form = Form::prefilled(
            Some("token-ZZ99ZZ".to_owned()),
            Some("s3cret".to_owned()),
            None,
        );
        update(&mut app, StoreMessage::ProfileSaveAs, now());
        assert_eq!(app.overlay, Overlay::ProfileName);
        for c in "work".chars() {
            update(
                &mut app,
                StoreMessage::ProfileNameEdit(InputRequest::InsertChar(c)),
                now(),
            );
        }
        assert!(update(&mut app, StoreMessage::ProfileNameConfirm, now()).is_empty());
        assert_eq!(
            app.store.picker.error.as_deref(),
            Some("work exists: Enter again overwrites it, Esc keeps it")
        );
        let effects = update(&mut app, StoreMessage::ProfileNameConfirm, now());
        let [Effect::SaveProfile { profile, secret }] = effects.as_slice() else {
            panic!("expected SaveProfile, got {effects:?}");
        };
        assert_eq!(profile.name, "work");
        assert_eq!(profile.token_id.as_deref(), Some("token-ZZ99ZZ"));
        assert_eq!(
            profile.base_url, None,
            "the default base URL is not written"
        );
        assert_eq!(
            secret
                .as_ref()
                .map(|s| s.expose_secret().to_owned())
                .as_deref(),
            Some("s3cret")
        );
        // A refused name says why and saves nothing.
        update(&mut app, StoreMessage::ProfileSaveAs, now());
        update(
            &mut app,
            StoreMessage::ProfileNameEdit(InputRequest::InsertChar('/')),
            now(),
        );
        assert!(update(&mut app, StoreMessage::ProfileNameConfirm, now()).is_empty());
        assert!(
            app.store
                .picker
                .error
                .as_deref()
                .is_some_and(|e| e.contains("cannot contain '/'")),
            "{:?}",
            app.store.picker.error
        );
        update(&mut app, crate::app::Message::Cancel, now());
        assert_eq!(app.overlay, Overlay::Profiles);
    }
}
