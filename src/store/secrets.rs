//! Secrets of profiles (token, access and refresh token, client secret) in the OS keyring,
//! through the `keyring` crate; never in a file.
//!
//! Which keyring is decided once per process ([`Keyring::detect`]), by the same code on every
//! platform:
//! - Linux with a Secret Service on the session D-Bus (GNOME Keyring, `KWallet`, `KeePassXC`):
//!   the Secret Service.
//! - Linux without one (servers, containers, CI): the kernel keyring (keyutils), in the user
//!   keyring ([`super::kernel_keyring`]). It does not survive a reboot, and
//!   [`Keyring::notice`] says so.
//! - macOS: the login Keychain. Windows: the Credential Manager.
//! - Nothing usable: [`Backend::Unavailable`]; profiles are then saved without their secret,
//!   and the notice says so.
//!
//! `SIPGATE_INSPECT_KEYRING` (`secret-service`, `kernel`, `none`) overrides the choice on Linux
//! (`none` everywhere), and `SIPGATE_INSPECT_KEYRING_SERVICE` the service name entries are
//! filed under (default `sipgate-inspect`), so separate sets of profiles (and tests) do not
//! share entries.
//!
//! The keyring crate's Secret Service client runs on its own tokio runtime and must not be
//! called from a thread inside another; every call here therefore runs on a short-lived
//! thread of its own.

use secrecy::{ExposeSecret as _, SecretString};

/// Env var that picks the keyring: `secret-service`, `kernel` or `none`.
pub const ENV_KEYRING: &str = "SIPGATE_INSPECT_KEYRING";
/// Env var for the service name entries are filed under.
pub const ENV_KEYRING_SERVICE: &str = "SIPGATE_INSPECT_KEYRING_SERVICE";
/// The default service name.
pub const DEFAULT_SERVICE: &str = "sipgate-inspect";
/// A secret longer than this (16 KiB) is refused: tokens are far shorter, and the kernel
/// keyring holds at most 32 KiB per key.
pub const MAX_SECRET_BYTES: usize = 16 * 1024;

/// Which secret of a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretKind {
    /// The token of a personal access token.
    Token,
    /// An OAuth access token (pasted or from sign-in).
    AccessToken,
    /// An OAuth refresh token.
    RefreshToken,
    /// An OAuth client's secret.
    ClientSecret,
}

impl SecretKind {
    /// Every kind, for removing a profile's entries.
    pub const ALL: [Self; 4] = [
        Self::Token,
        Self::AccessToken,
        Self::RefreshToken,
        Self::ClientSecret,
    ];

    /// The prefix of the entry's user name.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::Token => "token",
            Self::AccessToken => "access-token",
            Self::RefreshToken => "refresh-token",
            Self::ClientSecret => "client-secret",
        }
    }
}

/// The keyring in use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    /// The Secret Service on the session D-Bus (Linux desktops).
    SecretService,
    /// The Linux kernel keyring: gone after a reboot.
    KernelKeyring,
    /// The platform's own store: the macOS Keychain or the Windows Credential Manager.
    Platform,
    /// None: secrets cannot be stored.
    Unavailable {
        /// Why.
        reason: String,
    },
}

impl Backend {
    /// Where secrets are, in words (for `profile show`).
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Self::SecretService => "the Secret Service (desktop keyring)".to_owned(),
            Self::KernelKeyring => "the kernel keyring (until the next reboot)".to_owned(),
            Self::Platform if cfg!(target_os = "macos") => "the macOS Keychain".to_owned(),
            Self::Platform if cfg!(windows) => "the Windows Credential Manager".to_owned(),
            Self::Platform => "the system keyring".to_owned(),
            Self::Unavailable { reason } => format!("nowhere: no keyring ({reason})"),
        }
    }

    /// A short id for JSON: `secret-service`, `kernel`, `platform` or `none`.
    #[must_use]
    pub fn id(&self) -> &'static str {
        match self {
            Self::SecretService => "secret-service",
            Self::KernelKeyring => "kernel",
            Self::Platform => "platform",
            Self::Unavailable { .. } => "none",
        }
    }
}

/// Why a secret could not be stored, read or removed. Never holds the secret.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// There is no keyring.
    #[error("no keyring to keep secrets in ({0})")]
    Unavailable(String),
    /// The secret is longer than [`MAX_SECRET_BYTES`].
    #[error("the secret is {0} bytes, more than the {MAX_SECRET_BYTES} a keyring entry may hold")]
    TooLong(usize),
    /// The keyring refused or failed.
    #[error("the keyring failed: {0}")]
    Keyring(String),
}

/// The keyring, as detected for this process.
#[derive(Debug, Clone)]
pub struct Keyring {
    backend: Backend,
    service: String,
}

impl Keyring {
    /// Picks the keyring for this platform and environment (see the module documentation).
    #[must_use]
    pub fn detect() -> Self {
        let service = std::env::var(ENV_KEYRING_SERVICE)
            .ok()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| DEFAULT_SERVICE.to_owned());
        let wanted = std::env::var(ENV_KEYRING).unwrap_or_default();
        let backend = on_own_thread(|| pick_backend(&wanted, &service));
        Self { backend, service }
    }

    /// A keyring with a given backend and service name (tests).
    #[must_use]
    pub fn with_backend(backend: Backend, service: &str) -> Self {
        Self {
            backend,
            service: service.to_owned(),
        }
    }

    /// The backend in use.
    #[must_use]
    pub fn backend(&self) -> &Backend {
        &self.backend
    }

    /// What the user must know about where secrets go, said once: the kernel keyring forgets
    /// them at reboot; without a keyring they are not saved at all.
    #[must_use]
    pub fn notice(&self) -> Option<String> {
        match &self.backend {
            Backend::KernelKeyring => Some(
                "no Secret Service on D-Bus: secrets are kept in the kernel keyring, which does \
                 not survive a reboot"
                    .to_owned(),
            ),
            Backend::Unavailable { reason } => Some(format!(
                "no keyring ({reason}): profiles are saved without their secrets"
            )),
            _ => None,
        }
    }

    /// Stores a secret of a profile, replacing any earlier one.
    ///
    /// # Errors
    /// See [`SecretError`].
    pub fn set(
        &self,
        profile: &str,
        kind: SecretKind,
        secret: &SecretString,
    ) -> Result<(), SecretError> {
        let length = secret.expose_secret().len();
        if length > MAX_SECRET_BYTES {
            return Err(SecretError::TooLong(length));
        }
        let user = entry_user(profile, kind);
        on_own_thread(|| {
            let entry = self.entry(&user)?;
            entry
                .set_password(secret.expose_secret())
                .map_err(|e| SecretError::Keyring(describe(&e)))
        })
    }

    /// Reads a secret of a profile; `Ok(None)` when there is none.
    ///
    /// # Errors
    /// See [`SecretError`].
    pub fn get(
        &self,
        profile: &str,
        kind: SecretKind,
    ) -> Result<Option<SecretString>, SecretError> {
        let user = entry_user(profile, kind);
        on_own_thread(|| {
            let entry = self.entry(&user)?;
            match entry.get_password() {
                Ok(secret) => Ok(Some(SecretString::from(secret))),
                Err(keyring::Error::NoEntry) => Ok(None),
                Err(e) => Err(SecretError::Keyring(describe(&e))),
            }
        })
    }

    /// Removes a secret; nothing to remove is not an error. Returns whether one was removed.
    ///
    /// # Errors
    /// See [`SecretError`].
    pub fn delete(&self, profile: &str, kind: SecretKind) -> Result<bool, SecretError> {
        let user = entry_user(profile, kind);
        on_own_thread(|| {
            let entry = self.entry(&user)?;
            match entry.delete_credential() {
                Ok(()) => Ok(true),
                Err(keyring::Error::NoEntry) => Ok(false),
                Err(e) => Err(SecretError::Keyring(describe(&e))),
            }
        })
    }

    /// Removes every secret of a profile.
    ///
    /// # Errors
    /// The first failure (the others are still tried).
    pub fn delete_all(&self, profile: &str) -> Result<(), SecretError> {
        let mut first = None;
        for kind in SecretKind::ALL {
            if let Err(e) = self.delete(profile, kind) {
                first.get_or_insert(e);
            }
        }
        first.map_or(Ok(()), Err)
    }

    /// The keyring entry for one user name under this service.
    fn entry(&self, user: &str) -> Result<keyring::Entry, SecretError> {
        entry_for(&self.backend, &self.service, user)
    }
}

/// The entry's user name: the kind, then the profile name (which cannot contain `:`).
fn entry_user(profile: &str, kind: SecretKind) -> String {
    format!("{}:{profile}", kind.id())
}

/// The keyring crate's error in words; it never holds a secret (only names and OS messages).
fn describe(error: &keyring::Error) -> String {
    crate::sanitize::sanitize(&error.to_string())
}

/// Runs `f` on a thread of its own and waits for it (see the module documentation).
fn on_own_thread<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| match scope.spawn(f).join() {
        Ok(value) => value,
        Err(panic) => std::panic::resume_unwind(panic),
    })
}

/// An entry of `backend`.
fn entry_for(backend: &Backend, service: &str, user: &str) -> Result<keyring::Entry, SecretError> {
    let failed = |e: keyring::Error| SecretError::Keyring(describe(&e));
    match backend {
        Backend::Unavailable { reason } => Err(SecretError::Unavailable(reason.clone())),
        #[cfg(target_os = "linux")]
        Backend::SecretService => {
            let credential =
                keyring::secret_service::SsCredential::new_with_target(None, service, user)
                    .map_err(failed)?;
            Ok(keyring::Entry::new_with_credential(Box::new(credential)))
        }
        #[cfg(target_os = "linux")]
        Backend::KernelKeyring => Ok(keyring::Entry::new_with_credential(Box::new(
            super::kernel_keyring::UserKeyringCredential::new(service, user),
        ))),
        _ => keyring::Entry::new(service, user).map_err(failed),
    }
}

/// The backend for this platform, as `wanted` (the env var) asks.
fn pick_backend(wanted: &str, service: &str) -> Backend {
    if wanted == "none" {
        return Backend::Unavailable {
            reason: format!("{ENV_KEYRING}=none"),
        };
    }
    if cfg!(target_os = "linux") {
        let usable = |backend: Backend| -> Result<Backend, String> {
            match entry_for(&backend, service, "probe:-").and_then(|entry| {
                match entry.get_password() {
                    Ok(_) | Err(keyring::Error::NoEntry) => Ok(()),
                    Err(e) => Err(SecretError::Keyring(describe(&e))),
                }
            }) {
                Ok(()) => Ok(backend),
                Err(e) => Err(e.to_string()),
            }
        };
        let secret_service = || {
            if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() && !session_bus_socket() {
                return Err("no session D-Bus".to_owned());
            }
            usable(Backend::SecretService)
        };
        let result = match wanted {
            "secret-service" => secret_service(),
            "kernel" => usable(Backend::KernelKeyring),
            _ => secret_service().or_else(|_| usable(Backend::KernelKeyring)),
        };
        result.unwrap_or_else(|reason| Backend::Unavailable { reason })
    } else {
        Backend::Platform
    }
}

/// Whether the default session bus socket (`$XDG_RUNTIME_DIR/bus`) exists.
fn session_bus_socket() -> bool {
    std::env::var_os("XDG_RUNTIME_DIR")
        .is_some_and(|dir| std::path::Path::new(&dir).join("bus").exists())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_names_put_the_kind_first() {
        assert_eq!(entry_user("work", SecretKind::Token), "token:work");
        assert_eq!(
            entry_user("a b", SecretKind::ClientSecret),
            "client-secret:a b"
        );
    }

    #[test]
    fn no_keyring_refuses_with_the_reason_and_says_so() {
        let keyring = Keyring::with_backend(
            Backend::Unavailable {
                reason: "test".to_owned(),
            },
            "sipgate-inspect-unit",
        );
        assert_eq!(
            keyring.notice().as_deref(),
            Some("no keyring (test): profiles are saved without their secrets")
        );
        let error = keyring
            .set("w", SecretKind::Token, &SecretString::from("s"))
            .expect_err("no keyring");
        assert_eq!(error.to_string(), "no keyring to keep secrets in (test)");
    }

    #[test]
    fn an_overlong_secret_is_refused_before_any_keyring_call() {
        let keyring = Keyring::with_backend(Backend::KernelKeyring, "sipgate-inspect-unit");
        let long = SecretString::from("x".repeat(MAX_SECRET_BYTES + 1));
        assert!(matches!(
            keyring.set("w", SecretKind::Token, &long),
            Err(SecretError::TooLong(16_385))
        ));
    }
}
