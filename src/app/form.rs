//! The credentials form: which fields exist in which auth mode, focus, and reading the values.

use tui_input::Input;

use super::secret_input::SecretInput;
use super::sign_in::SignInForm;
use crate::api::Credentials;
use crate::diagnose::{Fix, FormField, FormInput, decode_basic, remove_invisible};

/// Which kind of credentials the form asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AuthMode {
    /// Token id + token, sent as HTTP Basic.
    #[default]
    PersonalAccessToken,
    /// One OAuth access token, sent as Bearer.
    OAuth,
    /// Sign in with sipgate (OAuth client id and secret, in the browser); the access token
    /// obtained is then sent as Bearer.
    SignIn,
}

/// A form field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Field {
    /// The token id.
    #[default]
    TokenId,
    /// The token (secret).
    Token,
    /// The OAuth access token (secret).
    AccessToken,
    /// Sign in: the OAuth client id.
    ClientId,
    /// Sign in: the client secret (secret).
    ClientSecret,
    /// Sign in: the realm (chosen, not typed).
    Realm,
    /// Sign in: the scopes.
    Scopes,
    /// Sign in: the redirect URI.
    RedirectUri,
}

/// The form's state.
#[derive(Default)]
pub struct Form {
    /// Which credentials.
    pub mode: AuthMode,
    /// Token id (not secret).
    pub token_id: Input,
    /// Token (secret).
    pub token: SecretInput,
    /// OAuth access token (secret); in sign-in mode, the token the sign-in obtained.
    pub access_token: SecretInput,
    /// The sign-in mode's fields.
    pub sign_in: SignInForm,
    /// Focused field.
    pub focus: Field,
    /// Whether secrets are shown in clear.
    pub reveal: bool,
    /// Counts changes of the values (and of the mode): an attempt remembers the revision it
    /// sent, so the screen can tell when a result is for credentials no longer in the form.
    pub revision: u64,
}

/// The token id only as `api::shown_token_id` shows it (a token pasted into the wrong field
/// is a secret), and the secrets never: a `Debug` of the app may end up in a log or a panic.
impl std::fmt::Debug for Form {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Form")
            .field("mode", &self.mode)
            .field(
                "token_id",
                &crate::api::shown_token_id(self.token_id.value()),
            )
            .field("token", &self.token)
            .field("access_token", &self.access_token)
            .field("sign_in", &self.sign_in)
            .field("focus", &self.focus)
            .field("reveal", &self.reveal)
            .field("revision", &self.revision)
            .finish()
    }
}

impl Form {
    /// A form prefilled with values (from the environment or the demo).
    #[must_use]
    pub fn prefilled(
        token_id: Option<String>,
        token: Option<String>,
        access_token: Option<String>,
    ) -> Self {
        let token_id = token_id.unwrap_or_default();
        let token = token.unwrap_or_default();
        let access_token = access_token.unwrap_or_default();
        // Only an access token given: open in OAuth mode, where it will be used.
        let (mode, focus) = if token_id.is_empty() && token.is_empty() && !access_token.is_empty() {
            (AuthMode::OAuth, Field::AccessToken)
        } else {
            (AuthMode::PersonalAccessToken, Field::TokenId)
        };
        Self {
            mode,
            token_id: Input::new(token_id),
            token: SecretInput::new(token),
            access_token: SecretInput::new(access_token),
            sign_in: SignInForm::default(),
            focus,
            reveal: false,
            revision: 0,
        }
    }

    /// The form with the sign-in mode's fields prefilled.
    #[must_use]
    pub fn with_sign_in(mut self, sign_in: SignInForm) -> Self {
        self.sign_in = sign_in;
        self
    }

    /// The fields of the current mode, in tab order.
    #[must_use]
    pub fn fields(&self) -> &'static [Field] {
        match self.mode {
            AuthMode::PersonalAccessToken => &[Field::TokenId, Field::Token],
            AuthMode::OAuth => &[Field::AccessToken],
            AuthMode::SignIn => &[
                Field::ClientId,
                Field::ClientSecret,
                Field::Realm,
                Field::Scopes,
                Field::RedirectUri,
            ],
        }
    }

    /// Moves focus by `step` fields (wrapping).
    pub fn move_focus(&mut self, forward: bool) {
        let fields = self.fields();
        let at = fields.iter().position(|f| *f == self.focus).unwrap_or(0);
        let next = if forward {
            (at + 1) % fields.len()
        } else {
            (at + fields.len() - 1) % fields.len()
        };
        self.focus = fields[next];
    }

    /// Switches auth mode and focuses its first field.
    pub fn toggle_mode(&mut self) {
        self.mode = match self.mode {
            AuthMode::PersonalAccessToken => AuthMode::OAuth,
            AuthMode::OAuth => AuthMode::SignIn,
            AuthMode::SignIn => AuthMode::PersonalAccessToken,
        };
        self.focus = self.fields()[0];
        self.revision += 1;
    }

    /// The values as the preflight checks see them.
    #[must_use]
    pub fn as_input(&self) -> FormInput<'_> {
        match self.mode {
            AuthMode::PersonalAccessToken => FormInput::Personal {
                token_id: self.token_id.value(),
                token: self.token.input().value(),
            },
            AuthMode::OAuth => FormInput::Bearer {
                access_token: self.access_token.input().value(),
            },
            // Signed in, the token obtained is checked as a pasted one would be.
            AuthMode::SignIn => FormInput::Bearer {
                access_token: self.sign_in.access_token.input().value(),
            },
        }
    }

    /// The credentials to send, exactly as typed: nothing is trimmed silently, so what is
    /// sent is what the user sees (the preflight checks point out stray whitespace).
    #[must_use]
    pub fn credentials(&self) -> Credentials {
        match self.mode {
            AuthMode::PersonalAccessToken => {
                Credentials::personal(self.token_id.value(), self.token.to_secret())
            }
            AuthMode::OAuth => Credentials::AccessToken(self.access_token.to_secret()),
            AuthMode::SignIn => Credentials::AccessToken(self.sign_in.access_token.to_secret()),
        }
    }

    /// Applies a pre-flight fix. Secret values move between fields without being copied
    /// anywhere else.
    pub fn apply_fix(&mut self, fix: Fix) {
        self.revision += 1;
        match fix {
            Fix::Trim(field) => self.map_value(field, |v| {
                v.trim_matches(|c: char| c.is_ascii_whitespace()).to_owned()
            }),
            Fix::RemoveInvisible(field) => self.map_value(field, remove_invisible),
            Fix::Swap => {
                let id = self.token_id.value().to_owned();
                let token = self.token.input().value().to_owned();
                self.token_id = Input::new(token);
                self.token.set(Input::new(id));
            }
            Fix::SplitBasic(field) => {
                if let Some((id, token)) = decode_basic(self.value(field)) {
                    self.token_id = Input::new(id);
                    self.token.set(Input::new(token));
                    self.focus = Field::Token;
                }
            }
            Fix::MoveToBearer(field) => {
                let value = self.value(field).trim().to_owned();
                self.map_value(field, |_| String::new());
                self.access_token.set(Input::new(value));
                self.mode = AuthMode::OAuth;
                self.focus = Field::AccessToken;
            }
        }
    }

    fn value(&self, field: FormField) -> &str {
        match field {
            FormField::TokenId => self.token_id.value(),
            FormField::Token => self.token.input().value(),
            FormField::AccessToken => self.access_token.input().value(),
        }
    }

    fn map_value(&mut self, field: FormField, f: impl FnOnce(&str) -> String) {
        let next = Input::new(f(self.value(field)));
        match field {
            FormField::TokenId => self.token_id = next,
            FormField::Token => self.token.set(next),
            FormField::AccessToken => self.access_token.set(next),
        }
    }

    /// Applies `f` to the focused field's editor.
    pub fn edit_focused(&mut self, f: impl FnOnce(&Input) -> Input) {
        self.revision += 1;
        match self.focus {
            Field::TokenId => self.token_id = f(&self.token_id),
            Field::Token => {
                let next = f(self.token.input());
                self.token.set(next);
            }
            Field::AccessToken => {
                let next = f(self.access_token.input());
                self.access_token.set(next);
            }
            Field::ClientId => self.sign_in.client_id = f(&self.sign_in.client_id),
            Field::ClientSecret => {
                let next = f(self.sign_in.client_secret.input());
                self.sign_in.client_secret.set(next);
            }
            // Chosen, not typed: nothing to edit.
            Field::Realm => {}
            Field::Scopes => self.sign_in.scopes = f(&self.sign_in.scopes),
            Field::RedirectUri => self.sign_in.redirect_uri = f(&self.sign_in.redirect_uri),
        }
    }

    /// Applies an editing request to the focused field.
    pub fn handle_focused(&mut self, request: tui_input::InputRequest) {
        let changed = match self.focus {
            Field::TokenId => self.token_id.handle(request).is_some_and(|c| c.value),
            Field::Token => self.token.handle(request),
            Field::AccessToken => self.access_token.handle(request),
            Field::ClientId => self
                .sign_in
                .client_id
                .handle(request)
                .is_some_and(|c| c.value),
            Field::ClientSecret => self.sign_in.client_secret.handle(request),
            // Space, Left and Right switch the realm; other keys do nothing there.
            Field::Realm => {
                use tui_input::InputRequest::{GoToNextChar, GoToPrevChar, InsertChar};
                let switch = matches!(request, InsertChar(' ') | GoToPrevChar | GoToNextChar);
                if switch {
                    self.sign_in.realm = self.sign_in.realm.other();
                }
                switch
            }
            Field::Scopes => self.sign_in.scopes.handle(request).is_some_and(|c| c.value),
            Field::RedirectUri => self
                .sign_in
                .redirect_uri
                .handle(request)
                .is_some_and(|c| c.value),
        };
        if changed {
            self.revision += 1;
        }
    }
}
