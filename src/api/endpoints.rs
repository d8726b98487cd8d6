//! The endpoint catalogue: every read-only endpoint of sipgate's API, as data in
//! `assets/endpoints.toml` (embedded at build time), and the one place that turns an endpoint
//! and its parameter values into a request path. Each value is percent-encoded as exactly one
//! path segment, so no value (a `/`, `..`, `?`, `#`, `%`, a space, a control character,
//! anything non-ASCII) can change the path's structure or add a query.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::LazyLock;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Deserialize;

/// The catalogue as shipped.
const CATALOGUE_TOML: &str = include_str!("../../assets/endpoints.toml");

/// The longest parameter value accepted, in bytes: sipgate's ids are a few characters, and a
/// request line stays far below what servers and proxies accept.
pub const MAX_PARAM_BYTES: usize = 256;

/// What stays as it is in a segment: RFC 3986's unreserved characters. Everything else,
/// including `/`, `?`, `#`, `%`, spaces, controls and every non-ASCII byte, is `%XX`.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The source key of the user id: userinfo's `sub`.
const SUB: &str = "sub";

/// The endpoint whose answer carries the user id.
pub const USERINFO: &str = "/authorization/userinfo";

/// One endpoint of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointSpec {
    /// The path as sipgate documents it, e.g. `/{userId}/devices`.
    pub path: String,
    /// The group it is listed under, e.g. `devices`.
    pub area: String,
    /// The narrowest scope the description lists; `None`: none listed or published.
    pub scope: Option<String>,
    /// Wider scopes that also let a token in (besides `all`).
    #[serde(default)]
    pub broader: Vec<String>,
    /// Query parameters sent as they are, e.g. `limit=1`.
    pub query: Option<String>,
    /// Where each path parameter's value comes from, by parameter name.
    #[serde(default)]
    params: BTreeMap<String, String>,
    /// What it answers, in a few words.
    pub about: String,
}

/// Where a path parameter's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamSource<'a> {
    /// The user id userinfo reports (`sub`).
    UserId,
    /// The first `items[].id` another catalogue endpoint (this path) answered.
    ListedBy(&'a str),
    /// Only the user knows it.
    Typed,
}

impl ParamSource<'_> {
    /// The key under which a known value of this source is kept (`None`: typed).
    #[must_use]
    pub fn key(&self) -> Option<&str> {
        match self {
            Self::UserId => Some(SUB),
            Self::ListedBy(path) => Some(path),
            Self::Typed => None,
        }
    }

    /// What to do to learn a value, e.g. "run /users to pick a userId".
    #[must_use]
    pub fn hint(&self, name: &str) -> String {
        match self {
            Self::UserId => format!("run {USERINFO} to learn the {name}"),
            Self::ListedBy(path) => format!("run {path} to pick a {name}"),
            Self::Typed => format!("type a {name}"),
        }
    }
}

/// A GET operation deliberately left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Excluded {
    /// The path as the description spells it.
    pub path: String,
    /// Why it is not in the catalogue.
    pub why: String,
}

/// The whole catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    /// Every endpoint, in display order (grouped by area).
    pub endpoint: Vec<EndpointSpec>,
    /// What is left out.
    #[serde(default)]
    pub excluded: Vec<Excluded>,
}

/// Why no path could be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    /// No value is known or typed.
    #[error("{name} is not known yet: {hint}")]
    Unknown {
        /// The parameter.
        name: String,
        /// What to do, e.g. "run /users to pick a userId".
        hint: String,
    },
    /// The value is empty.
    #[error("{name} is empty: a path parameter needs a value")]
    Empty {
        /// The parameter.
        name: String,
    },
    /// `.` or `..`: every URL parser reads these (encoded or not) as "this" or "up one
    /// level", so no encoding keeps them one segment.
    #[error("{name} cannot be \".\" or \"..\": a URL reads those as a step in the path")]
    DotSegment {
        /// The parameter.
        name: String,
    },
    /// Longer than [`MAX_PARAM_BYTES`].
    #[error("{name} is longer than {MAX_PARAM_BYTES} bytes")]
    TooLong {
        /// The parameter.
        name: String,
    },
}

impl EndpointSpec {
    /// The path parameters in the order the path names them.
    #[must_use]
    pub fn params(&self) -> Vec<&str> {
        placeholders(&self.path)
    }

    /// Where a parameter's value comes from ([`ParamSource::Typed`] when not declared).
    #[must_use]
    pub fn source(&self, name: &str) -> ParamSource<'_> {
        match self.params.get(name).map(String::as_str) {
            Some(SUB) => ParamSource::UserId,
            Some(path) if path.starts_with('/') => ParamSource::ListedBy(path),
            _ => ParamSource::Typed,
        }
    }

    /// The path as shown, with its query: `/history?limit=1`.
    #[must_use]
    pub fn label(&self) -> String {
        match &self.query {
            Some(query) => format!("{}?{query}", self.path),
            None => self.path.clone(),
        }
    }

    /// The request path below the base URL (no leading `/`), each parameter's value from
    /// `value` encoded as one segment, the catalogue's query appended. A `/v3/` path climbs
    /// out of the base's `v2` (`../v3/…`; the URL parser resolves it).
    ///
    /// # Errors
    /// The first parameter whose value is unknown, empty, `.`/`..` or too long.
    pub fn build_path<'v>(
        &self,
        value: impl Fn(&str) -> Option<&'v str>,
    ) -> Result<String, PathError> {
        let mut out = String::with_capacity(self.path.len() + 16);
        let mut rest = self.path.trim_start_matches('/');
        if let Some(v3) = rest.strip_prefix("v3/") {
            out.push_str("../v3/");
            rest = v3;
        }
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = rest[open..].find('}').map_or(rest.len(), |c| open + c);
            let name = &rest[open + 1..close];
            let Some(given) = value(name) else {
                return Err(PathError::Unknown {
                    name: name.to_owned(),
                    hint: self.source(name).hint(name),
                });
            };
            out.push_str(&encode_segment(name, given)?);
            rest = rest.get(close + 1..).unwrap_or_default();
        }
        out.push_str(rest);
        if let Some(query) = &self.query {
            out.push('?');
            out.push_str(query);
        }
        Ok(out)
    }
}

/// `value` as exactly one path segment.
///
/// # Errors
/// An empty value, `.` or `..`, or one longer than [`MAX_PARAM_BYTES`], naming `name`.
pub fn encode_segment(name: &str, value: &str) -> Result<String, PathError> {
    let name = name.to_owned();
    if value.is_empty() {
        return Err(PathError::Empty { name });
    }
    if value == "." || value == ".." {
        return Err(PathError::DotSegment { name });
    }
    if value.len() > MAX_PARAM_BYTES {
        return Err(PathError::TooLong { name });
    }
    Ok(utf8_percent_encode(value, SEGMENT).to_string())
}

/// The `{name}` placeholders of a path, in order.
fn placeholders(path: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(len) = rest[open..].find('}') else {
            break;
        };
        names.push(&rest[open + 1..open + len]);
        rest = &rest[open + len + 1..];
    }
    names
}

/// Parses a catalogue, checking what the rest of the program relies on.
///
/// # Errors
/// Malformed TOML, a path without a leading `/`, listed twice or with an unbalanced brace, a
/// parameter without a declared source, a source that names no endpoint of the catalogue or
/// the endpoint itself, a query with `#`, or more than 255 endpoints.
pub fn parse_catalogue(text: &str) -> Result<Catalogue, String> {
    let catalogue: Catalogue = toml::from_str(text).map_err(|e| e.to_string())?;
    let endpoints = &catalogue.endpoint;
    if endpoints.len() > usize::from(u8::MAX) {
        return Err("more than 255 endpoints".to_owned());
    }
    for (i, spec) in endpoints.iter().enumerate() {
        let path = &spec.path;
        if !path.starts_with('/') {
            return Err(format!("{path}: the path must start with /"));
        }
        if path.matches('{').count() != path.matches('}').count() || path.contains('?') {
            return Err(format!("{path}: unbalanced braces or a query in the path"));
        }
        if endpoints[..i].iter().any(|s| &s.path == path) {
            return Err(format!("{path}: listed twice"));
        }
        if spec
            .query
            .as_deref()
            .is_some_and(|q| q.contains(['#', ' ']))
        {
            return Err(format!("{path}: the query may not hold # or spaces"));
        }
        let params = spec.params();
        for name in &params {
            match spec.params.get(*name).map(String::as_str) {
                None => return Err(format!("{path}: no source for {{{name}}}")),
                Some(SUB | "typed") => {}
                Some(source) if source == path => {
                    return Err(format!("{path}: {{{name}}} cannot come from itself"));
                }
                Some(source) if endpoints.iter().any(|s| s.path == source) => {}
                Some(source) => {
                    return Err(format!(
                        "{path}: {{{name}}} comes from {source}, not listed"
                    ));
                }
            }
        }
        if let Some(extra) = spec.params.keys().find(|k| !params.contains(&k.as_str())) {
            return Err(format!("{path}: {extra} is not a parameter of the path"));
        }
    }
    Ok(catalogue)
}

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| {
    parse_catalogue(CATALOGUE_TOML).expect("assets/endpoints.toml is valid (tested)")
});

/// The catalogue as shipped.
#[must_use]
pub fn catalogue() -> &'static Catalogue {
    &CATALOGUE
}

/// An endpoint of the shipped catalogue, by its position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Endpoint(u8);

impl Endpoint {
    /// Every endpoint, in catalogue order.
    pub fn all() -> impl Iterator<Item = Self> {
        // At most 255 entries (checked when parsed).
        (0..CATALOGUE.endpoint.len()).map(|i| Self(i as u8))
    }

    /// How many there are.
    #[must_use]
    pub fn count() -> usize {
        CATALOGUE.endpoint.len()
    }

    /// The endpoint with this documented path.
    #[must_use]
    pub fn with_path(path: &str) -> Option<Self> {
        Self::all().find(|e| e.spec().path == path)
    }

    /// Its position in [`Endpoint::all`].
    #[must_use]
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    /// Its line of the catalogue.
    #[must_use]
    pub fn spec(self) -> &'static EndpointSpec {
        &CATALOGUE.endpoint[self.index()]
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.spec().path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(path: &str) -> &'static EndpointSpec {
        Endpoint::with_path(path).expect("in the catalogue").spec()
    }

    #[test]
    fn paths_are_built_from_known_values_one_segment_each() {
        let values = |name: &str| match name {
            "userId" => Some("w0"),
            "phonelineId" => Some("p 1/../x?y#z%"),
            _ => None,
        };
        assert_eq!(
            spec("/{userId}/phonelines/{phonelineId}/forwardings").build_path(values),
            Ok("w0/phonelines/p%201%2F..%2Fx%3Fy%23z%25/forwardings".to_owned())
        );
        assert_eq!(
            spec("/history").build_path(values),
            Ok("history?limit=1".to_owned())
        );
        assert_eq!(
            spec("/v3/devices").build_path(values),
            Ok("../v3/devices".to_owned())
        );
        assert_eq!(
            spec("/users/{userId}").build_path(|_| Some("é\u{7}")),
            Ok("users/%C3%A9%07".to_owned())
        );
    }

    #[test]
    fn a_missing_empty_or_dot_value_is_refused_naming_the_parameter() {
        let devices = spec("/devices/{deviceId}");
        assert_eq!(
            devices.build_path(|_| None).map_err(|e| e.to_string()),
            Err("deviceId is not known yet: run /{userId}/devices to pick a deviceId".to_owned())
        );
        assert_eq!(
            devices.build_path(|_| Some("")).map_err(|e| e.to_string()),
            Err("deviceId is empty: a path parameter needs a value".to_owned())
        );
        for dots in [".", ".."] {
            assert_eq!(
                devices.build_path(|_| Some(dots)),
                Err(PathError::DotSegment {
                    name: "deviceId".to_owned()
                })
            );
        }
        assert_eq!(
            devices.build_path(|_| Some("...")),
            Ok("devices/...".to_owned())
        );
        let long = "x".repeat(MAX_PARAM_BYTES + 1);
        assert_eq!(
            devices.build_path(|_| Some(&long)),
            Err(PathError::TooLong {
                name: "deviceId".to_owned()
            })
        );
        assert_eq!(
            spec("/{userId}/devices")
                .build_path(|_| None)
                .map_err(|e| e.to_string()),
            Err("userId is not known yet: run /authorization/userinfo to learn the userId".into())
        );
        assert_eq!(
            spec("/numbers/quickdial/validation/{quickDialNumber}").source("quickDialNumber"),
            ParamSource::Typed
        );
    }

    #[test]
    fn a_bad_catalogue_is_refused_with_a_reason() {
        let one = |lines: &str| parse_catalogue(lines).map(|c| c.endpoint.len());
        let entry = |path: &str, extra: &str| {
            format!("[[endpoint]]\npath = \"{path}\"\narea = \"a\"\nabout = \"x\"\n{extra}\n")
        };
        assert_eq!(one(&entry("/a", "")), Ok(1));
        assert_eq!(
            one(&entry("a", "")),
            Err("a: the path must start with /".to_owned())
        );
        assert_eq!(
            one(&(entry("/a", "") + &entry("/a", ""))),
            Err("/a: listed twice".to_owned())
        );
        assert_eq!(
            one(&entry("/a/{id}", "")),
            Err("/a/{id}: no source for {id}".to_owned())
        );
        assert_eq!(
            one(&entry("/a/{id}", "params = { id = \"/b\" }")),
            Err("/a/{id}: {id} comes from /b, not listed".to_owned())
        );
        assert_eq!(
            one(&entry("/a/{id}", "params = { id = \"/a/{id}\" }")),
            Err("/a/{id}: {id} cannot come from itself".to_owned())
        );
        assert_eq!(
            one(&entry("/a", "params = { id = \"sub\" }")),
            Err("/a: id is not a parameter of the path".to_owned())
        );
        assert_eq!(
            one(&entry("/a/{x", "")),
            Err("/a/{x: unbalanced braces or a query in the path".to_owned())
        );
        assert!(one(&entry("/a", "nonsense = 1")).is_err());
        assert_eq!(one(&entry("/a/{id}", "params = { id = \"typed\" }")), Ok(1));
    }

    #[test]
    fn the_shipped_catalogue_lists_scopes_and_sources_as_documented() {
        let devices = spec("/devices/{deviceId}/callerid");
        assert_eq!(devices.scope.as_deref(), Some("devices:callerid:read"));
        assert_eq!(devices.broader, ["devices:read"]);
        assert_eq!(
            devices.source("deviceId"),
            ParamSource::ListedBy("/{userId}/devices")
        );
        assert_eq!(spec(USERINFO).scope, None);
        assert_eq!(spec("/balance").scope.as_deref(), Some("balance:read"));
        assert_eq!(
            spec("/{userId}/phonelines/{phonelineId}").params(),
            ["userId", "phonelineId"]
        );
        assert_eq!(
            spec("/{userId}/phonelines").source("userId"),
            ParamSource::UserId
        );
        assert_eq!(spec("/contacts").label(), "/contacts?limit=1");
    }
}
