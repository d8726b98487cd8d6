//! The troubleshooting catalogue: the texts of every finding, kept as data in
//! `assets/troubleshooting.toml` and embedded at build time.

use std::sync::OnceLock;

use serde::Deserialize;

use super::Severity;

/// The catalogue as shipped.
const CATALOGUE_TOML: &str = include_str!("../../assets/troubleshooting.toml");

/// One catalogue entry, with its placeholders not yet filled.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The id the diagnosis refers to, e.g. `http.401`.
    pub id: String,
    /// How bad it is.
    pub severity: Severity,
    /// One line.
    pub title: String,
    /// What it means.
    pub explanation: String,
    /// What to do, in order.
    #[serde(default)]
    pub steps: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueFile {
    finding: Vec<Entry>,
}

/// All entries.
#[derive(Debug)]
pub struct Catalogue {
    entries: Vec<Entry>,
}

impl Catalogue {
    /// The embedded catalogue, parsed once.
    ///
    /// # Panics
    /// Only if the embedded file is malformed, which the test suite rules out.
    pub fn embedded() -> &'static Self {
        static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
        CATALOGUE.get_or_init(|| {
            Self::parse(CATALOGUE_TOML).expect("assets/troubleshooting.toml is valid (tested)")
        })
    }

    /// Parses a catalogue file.
    ///
    /// # Errors
    /// When the TOML is malformed or an entry lacks a field.
    pub fn parse(text: &str) -> Result<Self, toml::de::Error> {
        let file: CatalogueFile = toml::from_str(text)?;
        Ok(Self {
            entries: file.finding,
        })
    }

    /// The entry with this id.
    #[must_use]
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// Every entry, in file order.
    #[must_use]
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }
}
