//! The history: one row per attempt (TUI and `check`) in a `SQLite` database
//! (`history.sqlite3` in the state directory), WAL mode, versioned migrations, pruned beyond
//! [`MAX_ROWS`].
//!
//! The history must never stop the inspector: when the database is corrupt, locked,
//! unwritable or the disk is full, history is switched off for the rest of the run and one
//! notice says why ([`History::take_notice`]). A database written by a newer version (a
//! higher schema number) is read but never written to. Two processes recording at once both
//! keep their rows (WAL, a busy timeout, one short transaction per row); a process killed
//! mid-write loses at most that row, as `SQLite`'s journal guarantees.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension as _, TransactionBehavior, params};

use super::attempt::{Attempt, AttemptDetail, MAX_BODY_BYTES, cut_body};

/// Rows kept at most: older ones are removed when a new one is recorded.
pub const MAX_ROWS: u64 = 10_000;

/// How long a write waits for another process's transaction before history goes off.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The schema migrations; `MIGRATIONS[n]` takes the schema from version `n` to `n + 1`.
/// Version 1 is the first schema (summary columns only); version 2 adds the detail.
pub const MIGRATIONS: &[&str] = &[
    // 0 → 1
    "CREATE TABLE attempts (
         id        INTEGER PRIMARY KEY AUTOINCREMENT,
         at_ms     INTEGER NOT NULL,
         profile   TEXT,
         base_url  TEXT NOT NULL,
         kind      TEXT NOT NULL,
         token_id  TEXT,
         status    INTEGER,
         transport TEXT,
         findings  TEXT NOT NULL DEFAULT '[]'
     );",
    // 1 → 2
    "ALTER TABLE attempts ADD COLUMN source TEXT NOT NULL DEFAULT 'check';
     ALTER TABLE attempts ADD COLUMN client_id TEXT;
     ALTER TABLE attempts ADD COLUMN detail TEXT;
     CREATE INDEX attempts_at ON attempts (at_ms);",
];

/// The schema version this build writes.
#[must_use]
pub fn current_version() -> i64 {
    i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX)
}

/// Why the history could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// History is off for this run.
    #[error("history is off: {0}")]
    Off(String),
    /// `SQLite` failed.
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// The history database, or the reason it is off.
#[derive(Debug)]
pub struct History {
    path: PathBuf,
    connection: Option<Connection>,
    /// Why writing is off (reading may still work: a newer schema).
    off: Option<String>,
    /// Said once, then `None`.
    notice: Option<String>,
    max_rows: u64,
}

impl History {
    /// Opens (creating and migrating) the database at `path`. Never fails: any problem
    /// switches history off, with a notice.
    #[must_use]
    pub fn open(path: &Path) -> Self {
        let mut history = Self {
            path: path.to_path_buf(),
            connection: None,
            off: None,
            notice: None,
            max_rows: MAX_ROWS,
        };
        match open_connection(path) {
            Ok((connection, version)) => {
                if version > current_version() {
                    history.switch_off(&format!(
                        "{} was written by a newer sipgate-inspect (schema {version}, this one \
                         knows {}); it is read but not written to",
                        path.display(),
                        current_version()
                    ));
                }
                history.connection = Some(connection);
            }
            Err(e) => history.switch_off(&format!("{}: {e}", path.display())),
        }
        history
    }

    /// A history that records nothing (`--no-history`), without a notice.
    #[must_use]
    pub fn disabled() -> Self {
        Self {
            path: PathBuf::new(),
            connection: None,
            off: Some("switched off (--no-history)".to_owned()),
            notice: None,
            max_rows: MAX_ROWS,
        }
    }

    /// Keeps at most `rows` rows instead of [`MAX_ROWS`] (tests of pruning).
    #[must_use]
    pub fn with_max_rows(mut self, rows: u64) -> Self {
        self.max_rows = rows;
        self
    }

    /// The database file.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether attempts are recorded.
    #[must_use]
    pub fn is_recording(&self) -> bool {
        self.off.is_none() && self.connection.is_some()
    }

    /// Whether rows can be read.
    #[must_use]
    pub fn is_readable(&self) -> bool {
        self.connection.is_some()
    }

    /// The one notice about history being off, the first time it is asked for.
    pub fn take_notice(&mut self) -> Option<String> {
        self.notice.take()
    }

    /// Why history is off, if it is.
    #[must_use]
    pub fn off_reason(&self) -> Option<&str> {
        self.off.as_deref()
    }

    /// Records an attempt; returns its row id, or `None` when history is (or just went) off.
    pub fn record(&mut self, attempt: &Attempt) -> Option<i64> {
        if !self.is_recording() {
            return None;
        }
        match self.insert(attempt) {
            Ok(id) => Some(id),
            Err(e) => {
                self.switch_off(&format!("{}: {e}", self.path.display()));
                None
            }
        }
    }

    /// Simulates a full disk: the database may grow by no more pages (fault tests).
    ///
    /// # Errors
    /// When the pragma fails.
    pub fn limit_pages(&self, pages: u64) -> Result<(), HistoryError> {
        let connection = self.reader()?;
        connection.query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()))?;
        Ok(())
    }

    /// How many attempts are stored.
    ///
    /// # Errors
    /// When history is off or the read fails.
    pub fn count(&self) -> Result<u64, HistoryError> {
        let count: i64 = self
            .reader()?
            .query_row("SELECT COUNT(*) FROM attempts", [], |row| row.get(0))?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// A window of attempts, newest first, without their detail (the list reads only this).
    ///
    /// # Errors
    /// When history is off or the read fails.
    pub fn page(&self, offset: u64, limit: u64) -> Result<Vec<Attempt>, HistoryError> {
        let connection = self.reader()?;
        let mut statement = connection.prepare_cached(
            "SELECT id, at_ms, source, profile, base_url, kind, token_id, client_id, status,
                    transport, findings
             FROM attempts ORDER BY id DESC LIMIT ?1 OFFSET ?2",
        )?;
        let rows = statement.query_map(
            params![
                i64::try_from(limit).unwrap_or(i64::MAX),
                i64::try_from(offset).unwrap_or(i64::MAX)
            ],
            summary_from_row,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One attempt with its detail.
    ///
    /// # Errors
    /// When history is off or the read fails.
    pub fn get(&self, id: i64) -> Result<Option<Attempt>, HistoryError> {
        let connection = self.reader()?;
        let found = connection
            .query_row(
                "SELECT id, at_ms, source, profile, base_url, kind, token_id, client_id, status,
                        transport, findings, detail
                 FROM attempts WHERE id = ?1",
                params![id],
                |row| {
                    let mut attempt = summary_from_row(row)?;
                    let detail: Option<String> = row.get(11).ok().flatten();
                    attempt.detail = detail
                        .and_then(|text| serde_json::from_str::<AttemptDetail>(&text).ok())
                        .unwrap_or_default();
                    Ok(attempt)
                },
            )
            .optional()?;
        Ok(found)
    }

    /// Removes every attempt; returns how many there were.
    ///
    /// # Errors
    /// When history is off (or read-only) or the write fails.
    pub fn clear(&mut self) -> Result<u64, HistoryError> {
        if let Some(reason) = &self.off {
            return Err(HistoryError::Off(reason.clone()));
        }
        let connection = self.reader()?;
        let removed = connection.execute("DELETE FROM attempts", [])?;
        Ok(removed as u64)
    }

    /// The connection for reading.
    fn reader(&self) -> Result<&Connection, HistoryError> {
        self.connection.as_ref().ok_or_else(|| {
            HistoryError::Off(self.off.clone().unwrap_or_else(|| "not open".to_owned()))
        })
    }

    /// Inserts one row and prunes, in one transaction.
    fn insert(&mut self, attempt: &Attempt) -> Result<i64, HistoryError> {
        let max_rows = i64::try_from(self.max_rows).unwrap_or(i64::MAX);
        let connection = self
            .connection
            .as_mut()
            .ok_or_else(|| HistoryError::Off("not open".to_owned()))?;
        let mut detail = attempt.detail.clone();
        if detail.body.len() > MAX_BODY_BYTES {
            detail.body = cut_body(detail.body.as_bytes());
        }
        let detail = serde_json::to_string(&detail).unwrap_or_default();
        let findings = serde_json::to_string(&attempt.findings).unwrap_or_default();
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        transaction.execute(
            "INSERT INTO attempts (at_ms, source, profile, base_url, kind, token_id, client_id,
                                   status, transport, findings, detail)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                attempt.at_ms,
                attempt.source,
                attempt.profile,
                attempt.base_url,
                attempt.kind,
                attempt.token_id,
                attempt.client_id,
                attempt.status,
                attempt.transport,
                findings,
                detail,
            ],
        )?;
        let id = transaction.last_insert_rowid();
        transaction.execute(
            "DELETE FROM attempts WHERE id <= (SELECT id FROM attempts ORDER BY id DESC
                                               LIMIT 1 OFFSET ?1)",
            params![max_rows],
        )?;
        transaction.commit()?;
        Ok(id)
    }

    /// Switches writing off, with one notice.
    fn switch_off(&mut self, reason: &str) {
        let reason = crate::sanitize::sanitize(reason);
        self.notice = Some(format!("history is off for this run: {reason}"));
        self.off = Some(reason);
    }
}

/// Opens the database, switches it to WAL and migrates it to the current schema (unless it is
/// newer). Returns the schema version found.
fn open_connection(path: &Path) -> Result<(Connection, i64), HistoryError> {
    if let Some(dir) = path.parent() {
        super::paths::create_private_dir(dir)
            .map_err(|e| HistoryError::Off(format!("cannot create the directory: {e}")))?;
    }
    let mut connection = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    connection.busy_timeout(BUSY_TIMEOUT)?;
    // Reading the schema first also finds a file that is not a database at all.
    let version: i64 = connection.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if version > current_version() {
        return Ok((connection, version));
    }
    let _mode: String = connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    connection.execute_batch("PRAGMA synchronous = NORMAL;")?;
    migrate(&mut connection)?;
    Ok((connection, version))
}

/// Applies the migrations the database lacks, each in its own transaction with the version
/// bump, so a crash between two leaves a consistent version.
///
/// # Errors
/// When a migration fails.
pub fn migrate(connection: &mut Connection) -> Result<(), rusqlite::Error> {
    loop {
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: i64 = transaction.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        let Some(step) = usize::try_from(version)
            .ok()
            .and_then(|v| MIGRATIONS.get(v))
        else {
            return transaction.commit();
        };
        transaction.execute_batch(step)?;
        transaction.execute_batch(&format!("PRAGMA user_version = {}", version + 1))?;
        transaction.commit()?;
    }
}

/// An attempt's summary columns (a row from a corrupt or older file reads as empty values,
/// never a panic).
fn summary_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Attempt> {
    let findings: Option<String> = row.get(10).ok().flatten();
    Ok(Attempt {
        id: row.get(0)?,
        at_ms: row.get(1).unwrap_or(0),
        source: row.get(2).unwrap_or_default(),
        profile: row.get(3).ok().flatten(),
        base_url: row.get(4).unwrap_or_default(),
        kind: row.get(5).unwrap_or_default(),
        token_id: row.get(6).ok().flatten(),
        client_id: row.get(7).ok().flatten(),
        status: row
            .get::<_, Option<i64>>(8)
            .ok()
            .flatten()
            .and_then(|s| u16::try_from(s).ok()),
        transport: row.get(9).ok().flatten(),
        findings: findings
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default(),
        detail: AttemptDetail::default(),
    })
}
