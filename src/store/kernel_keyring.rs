//! The Linux kernel keyring as a `keyring` crate credential store: one `user` key per entry in
//! the user keyring (`@u`), which every process of this user can reach and which lives until
//! the next reboot.
//!
//! Why not the keyring crate's own keyutils store: it keeps keys in the session keyring and
//! links them into the persistent keyring so another session finds them; where linking into
//! the persistent keyring is refused (containers, some CI machines) it fails, and a new shell
//! session (a new session keyring) would not see the keys. The user keyring has neither
//! problem. Keys are readable by their possessor and by this user (uid) only.

use std::any::Any;

use keyring::credential::CredentialApi;
use keyring::error::Error as KeyringError;
use linux_keyutils::{KeyError, KeyPermissionsBuilder, KeyRing, KeyRingIdentifier, Permission};

/// One entry in the user keyring.
#[derive(Debug, Clone)]
pub struct UserKeyringCredential {
    description: String,
}

impl UserKeyringCredential {
    /// The entry for `user` under `service`.
    #[must_use]
    pub fn new(service: &str, user: &str) -> Self {
        Self {
            description: format!("{service}:{user}"),
        }
    }

    /// Whether the user keyring can be reached at all.
    ///
    /// # Errors
    /// When it cannot.
    pub fn probe() -> Result<(), KeyringError> {
        user_keyring().map(|_| ())
    }
}

/// The user keyring.
fn user_keyring() -> Result<KeyRing, KeyringError> {
    KeyRing::from_special_id(KeyRingIdentifier::User, false).map_err(failure)
}

/// A keyutils error as the keyring crate's.
fn failure(error: KeyError) -> KeyringError {
    match error {
        KeyError::KeyDoesNotExist
        | KeyError::KeyRevoked
        | KeyError::KeyExpired
        | KeyError::AccessDenied => KeyringError::NoEntry,
        other => KeyringError::PlatformFailure(Box::new(std::io::Error::other(format!(
            "kernel keyring: {other:?}"
        )))),
    }
}

impl CredentialApi for UserKeyringCredential {
    fn set_secret(&self, secret: &[u8]) -> keyring::Result<()> {
        if secret.is_empty() {
            return Err(KeyringError::Invalid(
                "secret".to_owned(),
                "cannot be empty".to_owned(),
            ));
        }
        // add_key replaces the payload of a key with the same description in that keyring.
        let key = user_keyring()?
            .add_key(&self.description, secret)
            .map_err(failure)?;
        let permissions = KeyPermissionsBuilder::builder()
            .posessor(Permission::ALL)
            .user(Permission::VIEW | Permission::READ | Permission::WRITE | Permission::SEARCH)
            .build();
        key.set_perms(permissions).map_err(failure)
    }

    fn get_secret(&self) -> keyring::Result<Vec<u8>> {
        let key = user_keyring()?.search(&self.description).map_err(failure)?;
        key.read_to_vec().map_err(failure)
    }

    fn delete_credential(&self) -> keyring::Result<()> {
        let key = user_keyring()?.search(&self.description).map_err(failure)?;
        key.invalidate().map_err(failure)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
