//! What the TUI knows of the store: the active profile (shown in the header), where attempts
//! are recorded, and the saved-history overlay (F6), which pages through the history database
//! a window at a time. Pure data and pure updates: the database is read and written by the
//! runtime ([`StoreEffect`], [`super::Effect::Record`]), never by `update`.

use std::path::PathBuf;
use std::time::SystemTime;

use crate::api::AuthScheme;
use crate::inspection::Inspection;
use crate::store::{Attempt, CredentialKind};

use super::Effect;

/// Rows loaded at a time into the saved-history overlay: the list shows a window of the
/// database, never all of its up to 10,000 rows.
pub const SAVED_WINDOW: u64 = 100;
/// When the cursor comes this close to the end of the loaded window, the next one is asked
/// for, so that scrolling does not wait at the edge.
const PREFETCH_MARGIN: u64 = 10;

/// The store's part of the app state.
#[derive(Debug, Clone, Default)]
pub struct StoreState {
    /// The profile the form was filled from (`--profile`), if any.
    pub profile: Option<String>,
    /// The history database; `None` when no home directory is known.
    pub history_file: Option<PathBuf>,
    /// Whether attempts are recorded (not with `--no-history`).
    pub recording: bool,
    /// Where reports are written (the history database's directory).
    pub report_dir: Option<PathBuf>,
    /// The saved-history overlay.
    pub saved: SavedHistory,
    /// The profile picker.
    pub picker: ProfilePicker,
}

impl StoreState {
    /// Whether the history key opens the saved history (the database): while attempts are
    /// recorded. With `--no-history`, or once recording went off, it opens this session's.
    #[must_use]
    pub fn saved_history(&self) -> bool {
        self.recording && self.history_file.is_some()
    }
}

/// The profile picker's state (Ctrl+P).
#[derive(Debug, Clone, Default)]
pub struct ProfilePicker {
    /// The profiles of the file, in its order.
    pub profiles: Vec<crate::store::Profile>,
    /// The highlighted one.
    pub cursor: usize,
    /// Whether the file is being read.
    pub loading: bool,
    /// Deleting the highlighted profile waits for `y`.
    pub confirm_delete: bool,
    /// Why the file could not be read, or the last action failed.
    pub error: Option<String>,
    /// The name typed to save the form as (`s`).
    pub name: tui_input::Input,
    /// The name typed is taken: Enter again overwrites that profile.
    pub confirm_overwrite: bool,
}

/// The saved-history overlay's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SavedHistory {
    /// Rows in the database, as of the last page loaded.
    pub total: u64,
    /// The position (0: newest) of `rows[0]`.
    pub window_start: u64,
    /// The loaded window, newest first.
    pub rows: Vec<Attempt>,
    /// The position of the highlighted row.
    pub cursor: u64,
    /// The window asked for and not yet answered (its start).
    pub loading: Option<u64>,
    /// The attempt marked for a diff (its id).
    pub marked: Option<i64>,
    /// What the overlay shows.
    pub view: SavedView,
    /// The first line shown of a detail or diff.
    pub scroll: usize,
    /// Why the database could not be read, if it could not.
    pub error: Option<String>,
}

/// What the saved-history overlay shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum SavedView {
    /// The list of attempts.
    #[default]
    List,
    /// One attempt, as its report.
    Detail(Box<Attempt>),
    /// What changed between two attempts.
    Diff {
        /// `#12 → #15`.
        title: String,
        /// The diff's lines.
        lines: Vec<String>,
    },
}

/// Messages of the saved-history overlay.
#[derive(Debug, Clone)]
pub enum StoreMessage {
    /// F6 (while attempts are recorded): open or close the overlay.
    Toggle,
    /// Move the cursor (list) or scroll (detail, diff) by rows; `i32::MIN`/`MAX`: to an end.
    Move(i32),
    /// Enter: open the attempt under the cursor.
    Open,
    /// Space: mark the attempt under the cursor; on a second one, show their diff.
    Mark,
    /// r: write a report of the attempt under the cursor (or the one open).
    Report,
    /// s: send the attempt under the cursor (or the one open) again, with the form's secret.
    Rerun,
    /// A window of rows arrived.
    Loaded {
        /// Its start.
        offset: u64,
        /// Rows in the database.
        total: u64,
        /// The rows, newest first.
        rows: Vec<Attempt>,
    },
    /// An attempt arrived whole.
    Opened(Box<Attempt>),
    /// Two attempts arrived for a diff (older first).
    Compared(Box<Attempt>, Box<Attempt>),
    /// A report was written (to this file) or not (why).
    ReportWritten(Result<PathBuf, String>),
    /// The database could not be read.
    Failed(String),
    /// Ctrl+P: open or close the profile picker.
    ToggleProfiles,
    /// Move the picker's cursor.
    ProfileMove(i32),
    /// Enter: fill the form from the highlighted profile.
    ProfileUse,
    /// d: ask to delete the highlighted profile.
    ProfileDelete,
    /// y: delete it (after [`Self::ProfileDelete`]).
    ProfileConfirmDelete,
    /// s: ask the name to save the form as.
    ProfileSaveAs,
    /// A key typed into the name.
    ProfileNameEdit(tui_input::InputRequest),
    /// Enter on the name: save (or, when the name is taken, ask to press Enter again).
    ProfileNameConfirm,
    /// Esc on the name: back to the list.
    ProfileNameCancel,
    /// The form was saved as a profile (its name), or why not.
    ProfileSaved(Result<String, String>),
    /// The profile file was read (or why not).
    ProfilesLoaded(Result<Vec<crate::store::Profile>, String>),
    /// A profile and its secret from the keyring (`None`: none stored), to fill the form.
    ProfileSecret(Box<crate::store::Profile>, Option<secrecy::SecretString>),
    /// A profile was deleted (its name), or why not.
    ProfileDeleted(Result<String, String>),
    /// Recording failed (corrupt, locked, unwritable, full, newer): history goes off for the
    /// rest of the run, with this one notice.
    RecordingOff(String),
}

/// Work on the database the runtime carries out, answering with a [`StoreMessage`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreEffect {
    /// Load `limit` rows from position `offset` (newest first).
    LoadPage {
        /// The database.
        path: PathBuf,
        /// The first position.
        offset: u64,
        /// How many.
        limit: u64,
    },
    /// Load one attempt whole.
    LoadAttempt {
        /// The database.
        path: PathBuf,
        /// Its id.
        id: i64,
    },
    /// Load two attempts for a diff.
    Compare {
        /// The database.
        path: PathBuf,
        /// The older one's id.
        before: i64,
        /// The newer one's id.
        after: i64,
    },
    /// Read the profile file.
    LoadProfiles,
    /// Read a profile's secret from the keyring.
    LoadSecret(Box<crate::store::Profile>),
    /// Delete a profile from the file and its secrets from the keyring.
    DeleteProfile(String),
    /// Write an attempt's report (Markdown) to `out`.
    WriteReport {
        /// The database.
        path: PathBuf,
        /// The attempt.
        id: i64,
        /// The file.
        out: PathBuf,
    },
}

impl StoreState {
    /// The effect that records a finished `/account` attempt, when history is on. `wall` is
    /// the time the answer is taken as (the message's clock).
    #[must_use]
    pub fn record(
        &self,
        inspection: &Inspection,
        cells: Vec<crate::store::MatrixCell>,
        wall: SystemTime,
    ) -> Option<Effect> {
        if !self.recording {
            return None;
        }
        let path = self.history_file.clone()?;
        let kind = match inspection.exchange.request.scheme {
            AuthScheme::Basic => CredentialKind::PersonalAccessToken,
            AuthScheme::Bearer => CredentialKind::OauthToken,
        };
        let sent = wall
            .checked_sub(inspection.exchange.elapsed)
            .unwrap_or(wall)
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        let attempt = Attempt::from_inspection(
            inspection,
            "tui",
            self.profile.as_deref(),
            kind.id(),
            cells,
            sent,
        );
        Some(Effect::Record {
            path,
            attempt: Box::new(attempt),
        })
    }
}

impl SavedHistory {
    /// The row at the cursor, if it is loaded.
    #[must_use]
    pub fn current(&self) -> Option<&Attempt> {
        let index = self.cursor.checked_sub(self.window_start)?;
        self.rows.get(usize::try_from(index).ok()?)
    }

    /// The row at position `position`, if it is loaded.
    #[must_use]
    pub fn row(&self, position: u64) -> Option<&Attempt> {
        let index = position.checked_sub(self.window_start)?;
        self.rows.get(usize::try_from(index).ok()?)
    }

    /// The window to ask for so that the cursor's neighbourhood is loaded; `None` when it is,
    /// or is on its way.
    #[must_use]
    pub fn window_needed(&self) -> Option<u64> {
        if self.total == 0 {
            // Nothing to load (the first window is asked for when the overlay opens).
            return None;
        }
        let end = self.window_start + self.rows.len() as u64;
        let near_start = self.window_start > 0 && self.cursor < self.window_start + PREFETCH_MARGIN;
        let near_end = end < self.total && self.cursor + PREFETCH_MARGIN >= end;
        let outside = self.cursor < self.window_start || self.cursor >= end;
        if !(outside || near_start || near_end) {
            return None;
        }
        // A window on its way that will hold the cursor (away from its edges) will do.
        if let Some(coming) = self.loading
            && self.cursor >= coming
            && self.cursor + PREFETCH_MARGIN < coming + SAVED_WINDOW
        {
            return None;
        }
        let start = self.cursor.saturating_sub(SAVED_WINDOW / 2);
        (start != self.window_start || self.rows.is_empty()).then_some(start)
    }
}
