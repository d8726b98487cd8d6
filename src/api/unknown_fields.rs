//! An account's fields that the published description does not list, kept as the raw JSON
//! text they came as, in one buffer.
//!
//! A server may send 100,000 of them in a 10 MB body. Parsed into a tree they cost many times
//! the body; as a map of separately allocated raw values, still about twice it. Here every
//! key and value is one slice of a single string, so they cost about their own size.

use std::fmt;
use std::ops::Range;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::value::RawValue;

use super::redact::Redactor;

/// Unknown fields: names (decoded) and values (raw JSON text), sorted by name, one value per
/// name (the last one sent, as a JSON object reader keeps).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct UnknownFields {
    /// Every name and value, one after the other.
    text: String,
    /// The name's and the value's range in `text`, per field.
    fields: Vec<(Range<usize>, Range<usize>)>,
}

impl UnknownFields {
    /// Adds a field; [`Self::finish`] sorts them once all are in.
    pub(crate) fn push(&mut self, name: &str, value: &RawValue) {
        let start = self.text.len();
        self.text.push_str(name);
        let middle = self.text.len();
        self.text.push_str(value.get());
        self.fields.push((start..middle, middle..self.text.len()));
    }

    /// Sorts by name, keeps the last value of a name sent twice, and lets go of spare room.
    pub(crate) fn finish(mut self) -> Self {
        // Stable: of equal names, the last one sent stays last.
        let text = &self.text;
        self.fields
            .sort_by(|(a, _), (b, _)| text[a.clone()].cmp(&text[b.clone()]));
        let mut kept: Vec<(Range<usize>, Range<usize>)> = Vec::with_capacity(self.fields.len());
        for field in std::mem::take(&mut self.fields) {
            match kept.last_mut() {
                Some(last) if text[last.0.clone()] == text[field.0.clone()] => *last = field,
                _ => kept.push(field),
            }
        }
        kept.shrink_to_fit();
        self.fields = kept;
        self.text.shrink_to_fit();
        self
    }

    /// How many there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// Names and values (raw JSON text), sorted by name. Nothing is parsed: cheap enough for
    /// every frame.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.fields
            .iter()
            .map(|(name, value)| (&self.text[name.clone()], &self.text[value.clone()]))
    }

    /// The value (raw JSON text) of a name.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&str> {
        self.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// Masks echoed secrets in every name (decoded text) and value (raw JSON text, read through
    /// its escapes: an escape that spells part of a secret is overwritten with it, so the text
    /// stays JSON). Should a value not stay JSON (a secret spelled with an escaped quote), it
    /// becomes a string of stars rather than a secret.
    pub(crate) fn redact(&mut self, redactor: &Redactor) {
        // In place, field by field: no second copy of the fields, whatever their size.
        let mut bytes = std::mem::take(&mut self.text).into_bytes();
        let mut changed = false;
        for (name, value) in &self.fields {
            changed |= redactor.mask_bytes(&mut bytes[name.clone()]);
            if redactor.mask_bytes(&mut bytes[value.clone()]) {
                changed = true;
                if serde_json::from_slice::<&RawValue>(&bytes[value.clone()]).is_err() {
                    // As long as it was (a mask is never shorter than two bytes).
                    let text = &mut bytes[value.clone()];
                    text.fill(b'*');
                    text[0] = b'"';
                    text[text.len() - 1] = b'"';
                }
            }
        }
        self.text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                // A mask that cut a character (only a secret with non-ASCII characters can):
                // each field made whole on its own, so the ranges hold again.
                let bytes = e.into_bytes();
                let mut rebuilt = Self::default();
                for (name, value) in &self.fields {
                    let name = String::from_utf8_lossy(&bytes[name.clone()]);
                    let value = String::from_utf8_lossy(&bytes[value.clone()]);
                    let value = serde_json::from_str::<&RawValue>(&value)
                        .map_or_else(|_| "null".to_owned(), |v| v.get().to_owned());
                    let start = rebuilt.text.len();
                    rebuilt.text.push_str(&name);
                    let middle = rebuilt.text.len();
                    rebuilt.text.push_str(&value);
                    rebuilt
                        .fields
                        .push((start..middle, middle..rebuilt.text.len()));
                }
                *self = rebuilt;
                changed = true;
                std::mem::take(&mut self.text)
            }
        };
        if changed {
            // A masked name sorts elsewhere, and may now equal another.
            *self = std::mem::take(self).finish();
        }
    }
}

impl fmt::Debug for UnknownFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// As a JSON object of the names and their values, written as the raw text they came as.
impl Serialize for UnknownFields {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (name, value) in self.iter() {
            // Always JSON (only values that parsed are stored); checked, not assumed.
            let value: &RawValue =
                serde_json::from_str(value).map_err(serde::ser::Error::custom)?;
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::AccountParse;

    fn fields(body: &str) -> UnknownFields {
        let parsed = AccountParse::from_body(body.as_bytes());
        parsed.account().expect("account").extra.clone()
    }

    #[test]
    fn sorted_by_name_the_last_of_a_name_kept_values_as_they_came() {
        let extra = fields(r#"{"company":"x","b":[1, 2],"a":"\u00e9","b":{ "c" : null }}"#);
        let all: Vec<(&str, &str)> = extra.iter().collect();
        assert_eq!(all, [("a", r#""\u00e9""#), ("b", r#"{ "c" : null }"#)]);
        assert_eq!(extra.len(), 2);
        assert_eq!(
            serde_json::to_string(&extra).expect("json"),
            r#"{"a":"\u00e9","b":{ "c" : null }}"#
        );
    }

    #[test]
    fn masking_keeps_the_text_json_and_leaves_clean_fields_alone() {
        let redactor = Redactor::new(["e68ead46-a7db-46cd-8a1a-44aed1e4e372"]);
        let mut extra = fields(
            r#"{"company":"x","e68ead46-a7db-46cd-8a1a-44aed1e4e372":"e68ead46-a7db-46cd-8a1a-44aed1e4e37\u0032","z":[1]}"#,
        );
        extra.redact(&redactor);
        let stars = "*".repeat(36);
        let all: Vec<(&str, &str)> = extra.iter().collect();
        assert_eq!(
            all,
            [
                (stars.as_str(), format!("\"{}\"", "*".repeat(41)).as_str()),
                ("z", "[1]")
            ]
        );
    }
}
