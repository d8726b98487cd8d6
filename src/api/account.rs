//! `GET /account`: the typed response and how a body is judged to be one.
//!
//! sipgate's description of this schema dates from 2022, so nothing is required, enum values
//! the description does not know are kept as they came, and unknown fields are kept too, as
//! the raw JSON text they came as.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::redact::Redactor;
use super::unknown_fields::UnknownFields;

/// The account, as `GET /account` returns it. Every field is optional.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AccountResponse {
    /// The company name, e.g. "Love sipgate".
    pub company: Option<String>,
    /// The account's main product.
    pub main_product_type: Option<ProductType>,
    /// URL of the company logo.
    pub logo_url: Option<String>,
    /// Whether the account is verified.
    pub verified: Option<bool>,
    /// How long the call history is kept.
    pub history_life_time: Option<HistoryLifeTime>,
    /// Fields the published description does not list, each value kept as the JSON text it
    /// came as (whitespace included), never parsed into a tree: a tree of 100,000 unknown
    /// fields costs many times the body, the text about its size. Shown only as previews.
    pub extra: UnknownFields,
}

// By hand rather than derived: `#[serde(flatten)]` buffers every unknown value as a parsed
// tree first (and cannot hand out a `RawValue` at all), which is what this type avoids.
impl<'de> Deserialize<'de> for AccountResponse {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(AccountVisitor)
    }
}

/// Reads an account object field by field: the documented ones typed, a second occurrence of
/// one refused (rather than one silently chosen), the rest kept raw.
struct AccountVisitor;

impl<'de> Visitor<'de> for AccountVisitor {
    type Value = AccountResponse;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an account object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AccountResponse, A::Error> {
        /// Stores the next value in `slot`, refusing a field seen before (by its bit in
        /// `seen`: a field sent as `null` is seen too).
        fn once<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
            map: &mut A,
            (seen, bit): (&mut u8, u8),
            slot: &mut Option<T>,
            name: &'static str,
        ) -> Result<(), A::Error> {
            if *seen & bit != 0 {
                return Err(de::Error::duplicate_field(name));
            }
            *seen |= bit;
            *slot = map.next_value()?;
            Ok(())
        }
        let mut account = AccountResponse::default();
        let mut seen = 0_u8;
        let mut extra = UnknownFields::default();
        while let Some(key) = map.next_key::<String>()? {
            let a = &mut account;
            match key.as_str() {
                "company" => once(&mut map, (&mut seen, 1), &mut a.company, "company")?,
                "mainProductType" => once(
                    &mut map,
                    (&mut seen, 2),
                    &mut a.main_product_type,
                    "mainProductType",
                )?,
                "logoUrl" => once(&mut map, (&mut seen, 4), &mut a.logo_url, "logoUrl")?,
                "verified" => once(&mut map, (&mut seen, 8), &mut a.verified, "verified")?,
                "historyLifeTime" => once(
                    &mut map,
                    (&mut seen, 16),
                    &mut a.history_life_time,
                    "historyLifeTime",
                )?,
                _ => {
                    // Borrowed from the body (accounts are read from a byte slice) and
                    // copied into the one buffer of `extra`: no copy per field.
                    let raw: &'de RawValue = map.next_value()?;
                    extra.push(&key, raw);
                }
            }
        }
        account.extra = extra.finish();
        Ok(account)
    }
}
impl AccountResponse {
    /// Masks echoed secrets in every text the account holds: the documented fields, values
    /// the description does not list, and the names and values of unknown fields at any depth.
    /// The body was masked before it was parsed; this is the same masking after decoding.
    pub fn redact(&mut self, redactor: &Redactor) {
        for text in [&mut self.company, &mut self.logo_url]
            .into_iter()
            .flatten()
        {
            redactor.mask_text(text);
        }
        if let Some(ProductType::Unknown(raw)) = &mut self.main_product_type {
            redactor.mask_text(raw);
        }
        if let Some(HistoryLifeTime::Unknown(raw)) = &mut self.history_life_time {
            redactor.mask_text(raw);
        }
        self.extra.redact(redactor);
    }
}

/// The account's main product type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProductType {
    /// A value listed in the published description, e.g. `TEAM`.
    Known(&'static str),
    /// A value the description does not list, kept verbatim.
    Unknown(String),
}

const PRODUCT_TYPES: [(&str, &str); 14] = [
    ("AFFILIATE", "Affiliate"),
    ("BASIC", "basic"),
    ("CLINQ", "CLINQ"),
    ("SATELLITE", "satellite"),
    ("SIMQUADRAT", "simquadrat"),
    ("TEAM", "team"),
    ("TRUNKING", "trunking"),
    ("FORMER_AFFILIATE", "former affiliate"),
    ("FORMER_BASIC", "former basic"),
    ("FORMER_SATELLITE", "former satellite"),
    ("FORMER_SIMQUADRAT", "former simquadrat"),
    ("FORMER_TEAM", "former team"),
    ("FORMER_TRUNKING", "former trunking"),
    ("UNKNOWN", "unknown"),
];

// By hand rather than `#[serde(from = "String")]`: the derive would infer a borrow from the
// `&'static str` of the known variant.
impl<'de> Deserialize<'de> for ProductType {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::from)
    }
}

impl From<String> for ProductType {
    fn from(value: String) -> Self {
        PRODUCT_TYPES
            .iter()
            .find(|(raw, _)| *raw == value)
            .map_or(Self::Unknown(value), |(raw, _)| Self::Known(raw))
    }
}

impl ProductType {
    /// The value as the API sent it.
    #[must_use]
    pub fn raw(&self) -> &str {
        match self {
            Self::Known(raw) => raw,
            Self::Unknown(raw) => raw,
        }
    }

    /// A human label: sipgate's product name with the raw value, or the raw value marked as
    /// not in the published description.
    #[must_use]
    pub fn label(&self) -> String {
        match self {
            Self::Known(raw) => {
                let name = PRODUCT_TYPES
                    .iter()
                    .find(|(r, _)| r == raw)
                    .map_or(*raw, |(_, name)| name);
                format!("sipgate {name} ({raw})")
            }
            Self::Unknown(raw) => format!("{raw} (not in the published description)"),
        }
    }
}

/// How long the account keeps its call history.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "String")]
pub enum HistoryLifeTime {
    /// No history is kept.
    None,
    /// Thirty days.
    ThirtyDays,
    /// Kept forever.
    Unlimited,
    /// A value the description does not list, kept verbatim.
    Unknown(String),
}

impl From<String> for HistoryLifeTime {
    fn from(value: String) -> Self {
        match value.as_str() {
            "NONE" => Self::None,
            "THIRTY_DAYS" => Self::ThirtyDays,
            "UNLIMITED" => Self::Unlimited,
            _ => Self::Unknown(value),
        }
    }
}

impl fmt::Display for HistoryLifeTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::None => f.write_str("none (NONE)"),
            Self::ThirtyDays => f.write_str("30 days (THIRTY_DAYS)"),
            Self::Unlimited => f.write_str("unlimited (UNLIMITED)"),
            Self::Unknown(raw) => write!(f, "{raw} (not in the published description)"),
        }
    }
}

/// What a response body turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum AccountParse {
    /// An account.
    Account(AccountResponse),
    /// Empty body.
    Empty,
    /// Not JSON (HTML from a proxy, plain text…); the parser's reason.
    NotJson(String),
    /// JSON, but not the account's shape; what is wrong.
    NotAccountShape(String),
}

const ACCOUNT_FIELDS: [&str; 5] = [
    "company",
    "mainProductType",
    "logoUrl",
    "verified",
    "historyLifeTime",
];

impl AccountParse {
    /// Judges a body. Never panics, whatever the bytes.
    ///
    /// Nothing is built that is not kept: the body is checked as JSON without building it,
    /// its keys are read without their values, and only an object with an account field is
    /// deserialized, straight into the account. A hostile 10 MB body of small objects would
    /// otherwise be held as a tree of values several times its size.
    #[must_use]
    pub fn from_body(body: &[u8]) -> Self {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Self::Empty;
        }
        if let Err(err) = serde_json::from_slice::<IgnoredAny>(body) {
            return Self::NotJson(err.to_string());
        }
        // Well-formed, so the first byte that is not whitespace tells the kind of value.
        let first = body.iter().copied().find(|b| !b.is_ascii_whitespace());
        if first != Some(b'{') {
            return Self::NotAccountShape(format!(
                "expected a JSON object, got {}",
                json_kind(first)
            ));
        }
        // The keys, one at a time, the values skipped unread; none of them kept.
        match serde_json::from_slice::<HasAccountField>(body) {
            Ok(HasAccountField(true)) => {}
            Ok(HasAccountField(false)) => {
                return Self::NotAccountShape(
                    "a JSON object without any account field (company, mainProductType, …)"
                        .to_owned(),
                );
            }
            Err(err) => return Self::NotJson(err.to_string()),
        }
        match serde_json::from_slice::<AccountResponse>(body) {
            Ok(account) => Self::Account(account),
            Err(err) => Self::NotAccountShape(err.to_string()),
        }
    }

    /// Masks echoed secrets in the account, or in the reason it is not one (a parser's
    /// message may quote the body).
    pub fn redact(&mut self, redactor: &Redactor) {
        match self {
            Self::Account(account) => account.redact(redactor),
            Self::NotJson(reason) | Self::NotAccountShape(reason) => {
                redactor.mask_text(reason);
            }
            Self::Empty => {}
        }
    }

    /// The account, when it is one.
    #[must_use]
    pub fn account(&self) -> Option<&AccountResponse> {
        match self {
            Self::Account(account) => Some(account),
            _ => None,
        }
    }
}

/// Whether a JSON object has any of the documented account fields, found by reading its keys
/// one at a time and skipping the values, so that 100,000 keys cost no more than one.
struct HasAccountField(bool);

impl<'de> Deserialize<'de> for HasAccountField {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// Reads the keys of one object.
        struct Keys;
        impl<'de> Visitor<'de> for Keys {
            type Value = HasAccountField;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<HasAccountField, A::Error> {
                let mut found = false;
                while let Some(key) = map.next_key::<String>()? {
                    found |= ACCOUNT_FIELDS.contains(&key.as_str());
                    map.next_value::<IgnoredAny>()?;
                }
                Ok(HasAccountField(found))
            }
        }
        deserializer.deserialize_map(Keys)
    }
}

/// The kind of a well-formed JSON value, from its first byte.
fn json_kind(first: Option<u8>) -> &'static str {
    match first {
        Some(b'n') => "null",
        Some(b't' | b'f') => "a boolean",
        Some(b'"') => "a string",
        Some(b'[') => "an array",
        Some(b'{') => "an object",
        _ => "a number",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_example_and_keeps_unknowns() {
        let body =
            br#"{"company":"Love sipgate","mainProductType":"TEAM","logoUrl":"https://x/l.png",
            "verified":true,"historyLifeTime":"FOREVER_AND_A_DAY","newField":{"a":1}}"#;
        let AccountParse::Account(account) = AccountParse::from_body(body) else {
            panic!("not parsed");
        };
        assert_eq!(account.company.as_deref(), Some("Love sipgate"));
        assert_eq!(account.main_product_type, Some(ProductType::Known("TEAM")));
        assert_eq!(
            account.history_life_time,
            Some(HistoryLifeTime::Unknown("FOREVER_AND_A_DAY".into()))
        );
        // Kept as the text it came as, whitespace and all.
        assert_eq!(account.extra.get("newField"), Some(r#"{"a":1}"#));
    }

    #[test]
    fn decoded_fields_are_masked_at_any_depth() {
        let redactor = Redactor::new(["e68ead46-a7db-46cd-8a1a-44aed1e4e372"]);
        // Each string holds the token only once decoded (`\u0032` is "2").
        let t = r"e68ead46-a7db-46cd-8a1a-44aed1e4e37\u0032";
        let body = format!(
            r#"{{"company":"{t}","mainProductType":"{t}","logoUrl":"https://x/{t}",
            "historyLifeTime":"{t}","{t}":1,"deep":[{{"{t}":"{t}"}}]}}"#
        );
        let mut parsed = AccountParse::from_body(body.as_bytes());
        parsed.redact(&redactor);
        let account = parsed.account().expect("account");
        let stars = "*".repeat(36);
        assert_eq!(account.company.as_deref(), Some(stars.as_str()));
        assert_eq!(
            account.main_product_type,
            Some(ProductType::Unknown(stars.clone()))
        );
        assert_eq!(
            account.logo_url.as_deref(),
            Some(format!("https://x/{stars}").as_str())
        );
        assert_eq!(
            account.history_life_time,
            Some(HistoryLifeTime::Unknown(stars.clone()))
        );
        // Unknown fields are raw text: the escape that spells the secret's last character is
        // masked along with it, 41 stars in all, and the text is still JSON.
        let escaped = "*".repeat(41);
        assert_eq!(
            serde_json::to_value(&account.extra).expect("json"),
            serde_json::json!({ stars.clone(): 1, "deep": [{ escaped.clone(): escaped }] })
        );

        // A parser's reason that quotes the body is masked too.
        let mut wrong =
            AccountParse::from_body(br#"{"verified":"e68ead46-a7db-46cd-8a1a-44aed1e4e37\u0032"}"#);
        let AccountParse::NotAccountShape(reason) = &wrong else {
            panic!("{wrong:?}");
        };
        assert!(
            reason.contains("e68ead46-a7db-46cd-8a1a-44aed1e4e372"),
            "{reason}"
        );
        wrong.redact(&redactor);
        let AccountParse::NotAccountShape(reason) = &wrong else {
            panic!("{wrong:?}");
        };
        assert!(!reason.contains("e68ead46"), "{reason}");
    }

    #[test]
    fn unknown_product_types_are_kept_verbatim() {
        let body = br#"{"mainProductType":"GALAXY"}"#;
        let parsed = AccountParse::from_body(body);
        let account = parsed.account().expect("account");
        assert_eq!(
            account.main_product_type.as_ref().map(ProductType::raw),
            Some("GALAXY")
        );
    }

    #[test]
    fn judges_bodies_that_are_not_accounts() {
        assert_eq!(AccountParse::from_body(b"  \n"), AccountParse::Empty);
        assert_matches!(AccountParse::from_body(b"<html>"), AccountParse::NotJson(_));
        assert_matches!(
            AccountParse::from_body(b"[1,2]"),
            AccountParse::NotAccountShape(_)
        );
        assert_matches!(
            AccountParse::from_body(br#"{"errors":[]}"#),
            AccountParse::NotAccountShape(_)
        );
        assert_matches!(
            AccountParse::from_body(br#"{"company":5}"#),
            AccountParse::NotAccountShape(_)
        );
        assert_matches!(
            AccountParse::from_body(&[0xff, 0xfe, 0x00]),
            AccountParse::NotJson(_)
        );
        let kinds = [
            ("null", "null"),
            (" true", "a boolean"),
            ("\"x\"", "a string"),
            ("-1.5e3", "a number"),
            ("[{}]", "an array"),
        ];
        for (body, kind) in kinds {
            assert_eq!(
                AccountParse::from_body(body.as_bytes()),
                AccountParse::NotAccountShape(format!("expected a JSON object, got {kind}")),
                "{body}"
            );
        }
    }

    #[test]
    fn deep_or_huge_documents_are_judged_without_building_them() {
        // Nested far deeper than serde_json builds values: still JSON, just not an account.
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(
            AccountParse::from_body(deep.as_bytes()),
            AccountParse::NotAccountShape("expected a JSON object, got an array".into())
        );
        let deep_inside = format!(
            r#"{{"company":"x","a":{}1{}}}"#,
            "[".repeat(200),
            "]".repeat(200)
        );
        // An unknown field that deep is kept as the text it came as: nothing is built.
        let parsed = AccountParse::from_body(deep_inside.as_bytes());
        let account = parsed.account().expect("account");
        assert_eq!(
            account.extra.get("a"),
            Some(format!("{}1{}", "[".repeat(200), "]".repeat(200)).as_str())
        );
        // A documented field that is not what it should be is still refused.
        assert_matches!(AccountParse::from_body(br#"{"company":[[1]]}"#), AccountParse::NotAccountShape(ref why) if why.contains("invalid type"));
        // A later duplicate of an account field is refused rather than silently chosen.
        assert_matches!(AccountParse::from_body(br#"{"company":"a","company":"b"}"#), AccountParse::NotAccountShape(ref why) if why.contains("duplicate field"));
    }
}
