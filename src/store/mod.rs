//! What the inspector remembers between runs: profiles (a TOML file, secrets in the OS
//! keyring), the history of attempts (`SQLite`), diffs between attempts and reports for
//! support. No UI code: the TUI and the command line call into this.

pub mod attempt;
pub mod diff;
pub mod history;
#[cfg(target_os = "linux")]
pub mod kernel_keyring;
pub mod paths;
pub mod profiles;
pub mod report;
pub mod secrets;

pub use attempt::{Attempt, AttemptDetail, FindingRow, MatrixCell};
pub use diff::{AttemptDiff, diff};
pub use history::{History, HistoryError, MAX_ROWS};
pub use paths::StorePaths;
pub use profiles::{CredentialKind, NameError, Profile, ProfileError, ProfileFile, check_name};
pub use report::{ReportFormat, render as render_report};
pub use secrets::{Backend, Keyring, SecretError, SecretKind};
