//! Where the store keeps its files: the platform's config directory for the profile file and
//! its state directory for the history database, from the `directories` crate.
//!
//! On Linux these follow the XDG base directory rules: `$XDG_CONFIG_HOME/sipgate-inspect/`
//! (else `~/.config/sipgate-inspect/`) and `$XDG_STATE_HOME/sipgate-inspect/` (else
//! `~/.local/state/sipgate-inspect/`). macOS and Windows have no state directory of their own:
//! there the history goes into the local data directory
//! (`~/Library/Application Support/sipgate-inspect/`, `%LOCALAPPDATA%\sipgate-inspect\data\`).
//! Everything is read from the environment when asked, so a test can point `HOME` (or the XDG
//! variables) at a temporary directory.

use std::path::{Path, PathBuf};

/// The file name of the profile file inside the config directory.
pub const PROFILES_FILE: &str = "profiles.toml";
/// The file name of the history database inside the state directory.
pub const HISTORY_FILE: &str = "history.sqlite3";

/// The two directories the store uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorePaths {
    /// Profiles (`profiles.toml`).
    pub config_dir: PathBuf,
    /// History (`history.sqlite3`).
    pub state_dir: PathBuf,
}

impl StorePaths {
    /// The platform's directories for this user; `None` when no home directory is known
    /// (then nothing is stored).
    #[must_use]
    pub fn for_user() -> Option<Self> {
        let dirs = directories::ProjectDirs::from("", "", "sipgate-inspect")?;
        let state_dir = dirs
            .state_dir()
            .map_or_else(|| dirs.data_local_dir().to_path_buf(), Path::to_path_buf);
        Some(Self {
            config_dir: dirs.config_dir().to_path_buf(),
            state_dir,
        })
    }

    /// Both directories under one root (tests, and anyone who wants everything in one place).
    #[must_use]
    pub fn under(root: &Path) -> Self {
        Self {
            config_dir: root.join("config"),
            state_dir: root.join("state"),
        }
    }

    /// The profile file.
    #[must_use]
    pub fn profiles_file(&self) -> PathBuf {
        self.config_dir.join(PROFILES_FILE)
    }

    /// The history database.
    #[must_use]
    pub fn history_file(&self) -> PathBuf {
        self.state_dir.join(HISTORY_FILE)
    }
}

/// Creates `dir` (and its parents) readable by this user only, where the platform has such
/// permissions: the files hold no secret, but token ids and account data are nobody else's.
///
/// # Errors
/// When the directory cannot be created.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt as _;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(dir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn under_a_root_the_files_have_their_fixed_names() {
        let paths = StorePaths::under(Path::new("/tmp/x"));
        assert_eq!(
            paths.profiles_file(),
            PathBuf::from("/tmp/x/config/profiles.toml")
        );
        assert_eq!(
            paths.history_file(),
            PathBuf::from("/tmp/x/state/history.sqlite3")
        );
    }
}
