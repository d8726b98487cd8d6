//! Profiles: named sets of connection settings in one TOML file (`profiles.toml` in the config
//! directory), never with a secret in it: tokens and client secrets live in the OS keyring
//! ([`super::secrets`]).
//!
//! ```toml
//! [profiles.work]
//! kind = "personal-access-token"
//! token_id = "token-AB12CD"
//! base_url = "https://api.sipgate.com/v2"
//! ```
//!
//! The file is edited with `toml_edit`, so a rewrite keeps what this version does not know
//! (keys, comments, order) as it was. It is read only up to [`MAX_PROFILE_FILE_BYTES`]; a
//! syntax error is reported with its line and column.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;
use toml_edit::{DocumentMut, Item, Table, TableLike};

/// The profile file is read up to this size (256 KiB): thousands of profiles, far more than
/// anyone keeps, and a file that large is something else.
pub const MAX_PROFILE_FILE_BYTES: u64 = 256 * 1024;
/// A profile name has at most this many characters.
pub const MAX_NAME_CHARS: usize = 64;

/// The table that holds the profiles, one sub-table per name.
const PROFILES_TABLE: &str = "profiles";

/// What kind of credential a profile is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CredentialKind {
    /// A personal access token: token id (in the file) and token (in the keyring), sent as
    /// HTTP Basic.
    PersonalAccessToken,
    /// A pasted OAuth access token (in the keyring), sent as Bearer.
    OauthToken,
    /// An OAuth client to sign in with: client id, realm or issuer and redirect URI in the
    /// file; client secret, access and refresh tokens in the keyring.
    OauthClient,
}

impl CredentialKind {
    /// The name in the file and in JSON output.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::PersonalAccessToken => "personal-access-token",
            Self::OauthToken => "oauth-token",
            Self::OauthClient => "oauth-client",
        }
    }

    /// The kind a file names; `None` for an unknown one.
    #[must_use]
    pub fn from_id(id: &str) -> Option<Self> {
        [
            Self::PersonalAccessToken,
            Self::OauthToken,
            Self::OauthClient,
        ]
        .into_iter()
        .find(|kind| kind.id() == id)
    }

    /// In words, for people.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::PersonalAccessToken => "personal access token",
            Self::OauthToken => "OAuth access token",
            Self::OauthClient => "OAuth sign-in client",
        }
    }
}

impl fmt::Display for CredentialKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// One profile as the file has it (no secret: see [`super::secrets`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Profile {
    /// Its name (checked by [`check_name`]).
    pub name: String,
    /// What kind of credential.
    pub kind: CredentialKind,
    /// The token id of a personal access token.
    pub token_id: Option<String>,
    /// The client id of an OAuth sign-in client.
    pub client_id: Option<String>,
    /// The API base URL; `None` means the default.
    pub base_url: Option<String>,
    /// Whether plain http to another host is allowed for it.
    pub allow_insecure_http: bool,
    /// A PEM file of extra trusted CAs.
    pub ca_cert: Option<PathBuf>,
    /// The OAuth realm or issuer URL (sign-in clients).
    pub realm: Option<String>,
    /// The OAuth redirect URI (sign-in clients).
    pub redirect_uri: Option<String>,
}

impl Profile {
    /// A profile with only a name and a kind.
    #[must_use]
    pub fn new(name: &str, kind: CredentialKind) -> Self {
        Self {
            name: name.to_owned(),
            kind,
            token_id: None,
            client_id: None,
            base_url: None,
            allow_insecure_http: false,
            ca_cert: None,
            realm: None,
            redirect_uri: None,
        }
    }
}

/// Why the profile file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// Reading or writing the file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What failed.
        #[source]
        source: std::io::Error,
    },
    /// The file is larger than [`MAX_PROFILE_FILE_BYTES`].
    #[error("{path}: {size} bytes, more than the {} KiB a profile file may have", MAX_PROFILE_FILE_BYTES / 1024)]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
    },
    /// The file is not UTF-8 text.
    #[error("{path}: not UTF-8 text")]
    NotText {
        /// The file.
        path: PathBuf,
    },
    /// The file is not valid TOML.
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column (in characters) of the error.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// A value has the wrong type or an unknown kind.
    #[error("{path}: profile {profile:?}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The profile (sanitized for display).
        profile: String,
        /// What is wrong.
        message: String,
    },
    /// A profile name that cannot be used.
    #[error(transparent)]
    Name(#[from] NameError),
    /// No profile of that name.
    #[error("no profile named {0:?}")]
    NotFound(String),
}

/// Why a profile name is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    /// Empty, or only spaces.
    #[error("a profile name cannot be empty")]
    Empty,
    /// Over [`MAX_NAME_CHARS`].
    #[error("a profile name has at most {MAX_NAME_CHARS} characters (this one has {0})")]
    TooLong(usize),
    /// A control, format or other invisible character.
    #[error("a profile name must be printable: it contains {0}")]
    NotPrintable(String),
    /// Spaces at either end would make two names look the same.
    #[error("a profile name cannot start or end with a space")]
    OuterSpace,
    /// A character that is a path separator or otherwise unsafe in a file or keyring name.
    #[error(
        "a profile name cannot contain {0:?}: it separates paths or is not allowed in file \
         names on some systems, and the name is used in the keyring's entry names"
    )]
    UnsafeChar(char),
    /// A leading dot (hidden file, `.` and `..`) or dash (read as an option).
    #[error("a profile name cannot start with {0:?} (a hidden file or `..`, or an option)")]
    UnsafeStart(char),
}

/// Checks a profile name: printable, at most 64 characters, nothing that would be unsafe as a
/// keyring entry or a file name.
///
/// # Errors
/// The first reason the name is refused.
pub fn check_name(name: &str) -> Result<(), NameError> {
    if name.trim().is_empty() {
        return Err(NameError::Empty);
    }
    let count = name.chars().count();
    if count > MAX_NAME_CHARS {
        return Err(NameError::TooLong(count));
    }
    if let Some(c) = name
        .chars()
        .find(|&c| c == '\t' || crate::sanitize::needs_escape(c))
    {
        return Err(NameError::NotPrintable(format!("U+{:04X}", u32::from(c))));
    }
    if name.starts_with(char::is_whitespace) || name.ends_with(char::is_whitespace) {
        return Err(NameError::OuterSpace);
    }
    if let Some(c) = name.chars().find(|c| {
        matches!(
            c,
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '@'
        )
    }) {
        return Err(NameError::UnsafeChar(c));
    }
    if let Some(c) = name.chars().next().filter(|c| matches!(c, '.' | '-')) {
        return Err(NameError::UnsafeStart(c));
    }
    Ok(())
}

/// The profile file, parsed, with everything this version does not know kept for rewriting.
#[derive(Debug, Clone)]
pub struct ProfileFile {
    path: PathBuf,
    document: DocumentMut,
    profiles: Vec<Profile>,
}

impl ProfileFile {
    /// Reads `path`; a missing file is an empty set of profiles.
    ///
    /// # Errors
    /// See [`ProfileError`]: unreadable, too large, not text, a syntax error (with line and
    /// column), a value of the wrong type.
    pub fn load(path: &Path) -> Result<Self, ProfileError> {
        let io = |source| ProfileError::Io {
            path: path.to_path_buf(),
            source,
        };
        let file = match std::fs::File::open(path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Self::empty(path));
            }
            Err(e) => return Err(io(e)),
        };
        // Read one byte past the cap, so a file that grows while it is read is caught too.
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(
            &mut std::io::Read::take(file, MAX_PROFILE_FILE_BYTES + 1),
            &mut bytes,
        )
        .map_err(io)?;
        if bytes.len() as u64 > MAX_PROFILE_FILE_BYTES {
            let size = std::fs::metadata(path).map_or(bytes.len() as u64, |m| m.len());
            return Err(ProfileError::TooLarge {
                path: path.to_path_buf(),
                size,
            });
        }
        let text = String::from_utf8(bytes).map_err(|_| ProfileError::NotText {
            path: path.to_path_buf(),
        })?;
        Self::parse(path, &text)
    }

    /// No profiles, to be written to `path`.
    #[must_use]
    pub fn empty(path: &Path) -> Self {
        Self {
            path: path.to_path_buf(),
            document: DocumentMut::new(),
            profiles: Vec::new(),
        }
    }

    /// Parses the text of a profile file (`path` only names it in errors).
    ///
    /// # Errors
    /// As [`Self::load`], without the I/O.
    pub fn parse(path: &Path, text: &str) -> Result<Self, ProfileError> {
        if text.len() as u64 > MAX_PROFILE_FILE_BYTES {
            return Err(ProfileError::TooLarge {
                path: path.to_path_buf(),
                size: text.len() as u64,
            });
        }
        let document: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
            let (line, column) = line_column(text, e.span().map_or(0, |span| span.start));
            ProfileError::Syntax {
                path: path.to_path_buf(),
                line,
                column,
                message: crate::sanitize::sanitize(e.message().trim()),
            }
        })?;
        let mut profiles = Vec::new();
        if let Some(item) = document.get(PROFILES_TABLE) {
            let table = item.as_table_like().ok_or_else(|| ProfileError::Invalid {
                path: path.to_path_buf(),
                profile: String::new(),
                message: format!("`{PROFILES_TABLE}` must be a table"),
            })?;
            for (name, item) in table.iter() {
                profiles.push(read_profile(path, name, item)?);
            }
        }
        Ok(Self {
            path: path.to_path_buf(),
            document,
            profiles,
        })
    }

    /// The file this came from or goes to.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every profile, in file order.
    #[must_use]
    pub fn profiles(&self) -> &[Profile] {
        &self.profiles
    }

    /// The profile of that name.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.name == name)
    }

    /// Adds `profile`, or replaces the one of the same name (keeping the keys this version
    /// does not know). Returns whether one was replaced.
    ///
    /// # Errors
    /// When the name is refused ([`check_name`]).
    pub fn upsert(&mut self, profile: Profile) -> Result<bool, ProfileError> {
        check_name(&profile.name)?;
        let profiles = self.document.entry(PROFILES_TABLE).or_insert_with(|| {
            let mut table = Table::new();
            table.set_implicit(true);
            Item::Table(table)
        });
        if profiles.as_table_like().is_none() {
            // `profiles = 3` would have failed to load; a new document has no such value.
            *profiles = Item::Table(Table::new());
        }
        let Some(profiles) = profiles.as_table_like_mut() else {
            return Ok(false);
        };
        let entry = profiles
            .entry(&profile.name)
            .or_insert_with(|| Item::Table(Table::new()));
        if entry.as_table_like().is_none() {
            *entry = Item::Table(Table::new());
        }
        if let Some(table) = entry.as_table_like_mut() {
            write_profile(table, &profile);
        }
        let replaced = if let Some(old) = self.profiles.iter_mut().find(|p| p.name == profile.name)
        {
            *old = profile;
            true
        } else {
            self.profiles.push(profile);
            false
        };
        Ok(replaced)
    }

    /// Removes the profile of that name.
    ///
    /// # Errors
    /// [`ProfileError::NotFound`] when there is none.
    pub fn remove(&mut self, name: &str) -> Result<Profile, ProfileError> {
        let at = self
            .profiles
            .iter()
            .position(|p| p.name == name)
            .ok_or_else(|| ProfileError::NotFound(crate::sanitize::sanitize(name)))?;
        if let Some(table) = self
            .document
            .get_mut(PROFILES_TABLE)
            .and_then(Item::as_table_like_mut)
        {
            table.remove(name);
        }
        Ok(self.profiles.remove(at))
    }

    /// The file's text as it would be written.
    #[must_use]
    pub fn to_text(&self) -> String {
        self.document.to_string()
    }

    /// Writes the file: to a temporary file beside it, then renamed over it, so a crash
    /// never leaves half a file.
    ///
    /// # Errors
    /// When the directory cannot be created or the file cannot be written.
    pub fn save(&self) -> Result<(), ProfileError> {
        let io = |source| ProfileError::Io {
            path: self.path.clone(),
            source,
        };
        if let Some(dir) = self.path.parent() {
            super::paths::create_private_dir(dir).map_err(io)?;
        }
        let temporary = self
            .path
            .with_extension(format!("toml.{}.tmp", std::process::id()));
        std::fs::write(&temporary, self.to_text()).map_err(io)?;
        std::fs::rename(&temporary, &self.path).map_err(|e| {
            let _ = std::fs::remove_file(&temporary);
            io(e)
        })
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// One profile from its table.
fn read_profile(path: &Path, name: &str, item: &Item) -> Result<Profile, ProfileError> {
    let invalid = |message: String| ProfileError::Invalid {
        path: path.to_path_buf(),
        profile: crate::sanitize::sanitize(name),
        message,
    };
    check_name(name).map_err(|e| invalid(e.to_string()))?;
    let table = item
        .as_table_like()
        .ok_or_else(|| invalid("must be a table".to_owned()))?;
    let text = |key: &str| -> Result<Option<String>, ProfileError> {
        match table.get(key) {
            None => Ok(None),
            Some(item) => item
                .as_str()
                .map(|s| Some(s.to_owned()))
                .ok_or_else(|| invalid(format!("`{key}` must be a string"))),
        }
    };
    let kind = match text("kind")? {
        None => CredentialKind::PersonalAccessToken,
        Some(id) => CredentialKind::from_id(&id).ok_or_else(|| {
            invalid(format!(
                "unknown kind {:?} (personal-access-token, oauth-token or oauth-client)",
                crate::sanitize::sanitize(&id)
            ))
        })?,
    };
    let allow_insecure_http = match table.get("allow_insecure_http") {
        None => false,
        Some(item) => item
            .as_bool()
            .ok_or_else(|| invalid("`allow_insecure_http` must be true or false".to_owned()))?,
    };
    Ok(Profile {
        name: name.to_owned(),
        kind,
        token_id: text("token_id")?,
        client_id: text("client_id")?,
        base_url: text("base_url")?,
        allow_insecure_http,
        ca_cert: text("ca_cert")?.map(PathBuf::from),
        realm: text("realm")?,
        redirect_uri: text("redirect_uri")?,
    })
}

/// Sets the keys this version knows; the others stay as they are.
fn write_profile(table: &mut dyn TableLike, profile: &Profile) {
    let mut set = |key: &str, value: Option<&str>| match value {
        Some(value) => {
            table.insert(key, toml_edit::value(value));
        }
        None => {
            table.remove(key);
        }
    };
    set("kind", Some(profile.kind.id()));
    set("token_id", profile.token_id.as_deref());
    set("client_id", profile.client_id.as_deref());
    set("base_url", profile.base_url.as_deref());
    set("ca_cert", profile.ca_cert.as_deref().and_then(Path::to_str));
    set("realm", profile.realm.as_deref());
    set("redirect_uri", profile.redirect_uri.as_deref());
    if profile.allow_insecure_http {
        table.insert("allow_insecure_http", toml_edit::value(true));
    } else {
        table.remove("allow_insecure_http");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ProfileFile, ProfileError> {
        ProfileFile::parse(Path::new("profiles.toml"), text)
    }

    #[test]
    fn reads_every_field_of_every_kind() {
        let file = parse(
            "[profiles.work]\nkind = \"personal-access-token\"\ntoken_id = \"token-AB12CD\"\n\
             base_url = \"http://127.0.0.1:8080/v2\"\nallow_insecure_http = true\n\
             ca_cert = \"/etc/ca.pem\"\n\
             [profiles.\"sign in\"]\nkind = \"oauth-client\"\nclient_id = \"my-app\"\n\
             realm = \"https://login.sipgate.com/auth/realms/sipgate-apps\"\n\
             redirect_uri = \"http://127.0.0.1:18080/callback\"\n",
        )
        .expect("parses");
        let work = file.get("work").expect("work");
        assert_eq!(work.kind, CredentialKind::PersonalAccessToken);
        assert_eq!(work.token_id.as_deref(), Some("token-AB12CD"));
        assert_eq!(work.base_url.as_deref(), Some("http://127.0.0.1:8080/v2"));
        assert!(work.allow_insecure_http);
        assert_eq!(work.ca_cert.as_deref(), Some(Path::new("/etc/ca.pem")));
        let client = file.get("sign in").expect("sign in");
        assert_eq!(client.kind, CredentialKind::OauthClient);
        assert_eq!(client.client_id.as_deref(), Some("my-app"));
        assert_eq!(
            client.redirect_uri.as_deref(),
            Some("http://127.0.0.1:18080/callback")
        );
    }

    #[test]
    fn a_syntax_error_names_line_and_column() {
        let error = parse("[profiles.work]\nkind = \"personal-access-token\"\ntoken_id = token\n")
            .expect_err("not TOML");
        match error {
            ProfileError::Syntax { line, column, .. } => assert_eq!((line, column), (3, 12)),
            other => panic!("expected a syntax error, got {other:?}"),
        }
    }

    #[test]
    fn unknown_keys_and_comments_survive_a_rewrite() {
        let mut file = parse(
            "# my profiles\ncolour = \"blue\"\n[profiles.work]\nkind = \"personal-access-token\"\n\
             token_id = \"token-AB12CD\"\nnote = \"the CI one\" # keep\n",
        )
        .expect("parses");
        let mut work = file.get("work").expect("work").clone();
        work.token_id = Some("token-ZZ99ZZ".to_owned());
        assert!(file.upsert(work).expect("valid name"));
        let mut home = Profile::new("home", CredentialKind::OauthToken);
        home.base_url = Some("https://api.sipgate.com/v2".to_owned());
        assert!(!file.upsert(home).expect("valid name"));
        assert_eq!(
            file.to_text(),
            "# my profiles\ncolour = \"blue\"\n[profiles.work]\nkind = \"personal-access-token\"\n\
             token_id = \"token-ZZ99ZZ\"\nnote = \"the CI one\" # keep\n\n[profiles.home]\n\
             kind = \"oauth-token\"\nbase_url = \"https://api.sipgate.com/v2\"\n"
        );
    }

    #[test]
    fn removing_a_profile_keeps_the_others() {
        let mut file =
            parse("[profiles.a]\ntoken_id = \"token-AAAAAA\"\n[profiles.b]\nx = 1\n").expect("ok");
        file.remove("a").expect("exists");
        assert_eq!(file.to_text(), "[profiles.b]\nx = 1\n");
        assert!(matches!(file.remove("a"), Err(ProfileError::NotFound(_))));
    }

    #[test]
    fn wrong_types_and_kinds_are_named() {
        let error = parse("[profiles.a]\ntoken_id = 5\n").expect_err("wrong type");
        assert_eq!(
            error.to_string(),
            "profiles.toml: profile \"a\": `token_id` must be a string"
        );
        let error = parse("[profiles.a]\nkind = \"password\"\n").expect_err("wrong kind");
        assert_eq!(
            error.to_string(),
            "profiles.toml: profile \"a\": unknown kind \"password\" (personal-access-token, \
             oauth-token or oauth-client)"
        );
    }

    #[test]
    fn a_file_over_the_cap_is_refused() {
        let text = format!("# {}\n", "x".repeat(256 * 1024));
        assert!(matches!(
            parse(&text),
            Err(ProfileError::TooLarge { size: 262_147, .. })
        ));
    }

    #[test]
    fn names_are_printable_short_and_safe() {
        assert_eq!(check_name("work"), Ok(()));
        assert_eq!(check_name("Büro Köln (Test) #2"), Ok(()));
        assert_eq!(check_name(&"x".repeat(64)), Ok(()));
        assert_eq!(check_name(&"x".repeat(65)), Err(NameError::TooLong(65)));
        assert_eq!(check_name(""), Err(NameError::Empty));
        assert_eq!(check_name("   "), Err(NameError::Empty));
        assert_eq!(check_name(" a"), Err(NameError::OuterSpace));
        assert_eq!(
            check_name("a\u{202e}b"),
            Err(NameError::NotPrintable("U+202E".to_owned()))
        );
        assert_eq!(
            check_name("a\nb"),
            Err(NameError::NotPrintable("U+000A".to_owned()))
        );
        assert_eq!(check_name("a/b"), Err(NameError::UnsafeChar('/')));
        assert_eq!(check_name("a\\b"), Err(NameError::UnsafeChar('\\')));
        assert_eq!(check_name("c:x"), Err(NameError::UnsafeChar(':')));
        assert_eq!(check_name(".."), Err(NameError::UnsafeStart('.')));
        assert_eq!(check_name("-rf"), Err(NameError::UnsafeStart('-')));
    }
}
