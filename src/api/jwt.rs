//! What an OAuth access token carries: the claims of a JSON Web Token, decoded and never
//! verified (the inspector is not the party that trusts the token; sipgate is). Pure and
//! bounded: a size cap, no panic on any input, and nothing of the signature or the raw token
//! is kept.

use base64::Engine as _;
use base64::alphabet::URL_SAFE;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde_json::{Map, Value};

use crate::sanitize::sanitize_line;

/// The largest token decoded; sipgate's are about 1.5 KiB, and a bigger paste is not a token.
pub const MAX_JWT_BYTES: usize = 16 * 1024;

/// The latest time accepted as a claim: 9999-12-31T23:59:59Z. Later (or negative) times are
/// not times a token server writes, and would only make "expired" or "valid for" nonsense.
pub const MAX_NUMERIC_DATE: i64 = 253_402_300_799;

/// sipgate's Keycloak issuer, followed by the realm.
pub const SIPGATE_ISSUER: &str = "https://login.sipgate.com/auth/realms/";

/// The longest claim value kept (a client id or scope list longer than this is cut).
const MAX_CLAIM_CHARS: usize = 200;

/// The most scopes kept.
const MAX_SCOPES: usize = 64;

/// Base64url with or without padding, as JWTs are written.
const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The claims the inspector shows; every string sanitized and cut for display.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct TokenClaims {
    /// `iss`: who issued the token.
    pub issuer: Option<String>,
    /// The Keycloak realm, from the issuer's `/realms/{realm}`.
    pub realm: Option<String>,
    /// `azp`: the OAuth client the token was issued to.
    pub client: Option<String>,
    /// `scope`, split at spaces.
    pub scopes: Vec<String>,
    /// `iat`, seconds since the Unix epoch.
    pub issued_at: Option<i64>,
    /// `exp`, seconds since the Unix epoch.
    pub expires_at: Option<i64>,
    /// sipgate's `featureScope` claim (e.g. `NEO_PBX`).
    pub feature_scope: Option<String>,
}

/// What a bearer token turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenContents {
    /// Not a JWT: an opaque token, which carries nothing readable (and that is fine).
    Opaque,
    /// A JWT whose claims were read.
    Claims(TokenClaims),
    /// Looks like a JWT, but its claims cannot be read; says why (never quoting the token).
    Unreadable(String),
}

/// Where a token stands against the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// No `exp` claim.
    Unknown,
    /// Expired this many seconds ago.
    Expired(u64),
    /// Valid for this many more seconds.
    ValidFor(u64),
}

impl TokenClaims {
    /// Where the token stands at `now` (seconds since the Unix epoch).
    #[must_use]
    pub fn expiry(&self, now: i64) -> Expiry {
        match self.expires_at {
            None => Expiry::Unknown,
            // Both sides are bounded (claims to year 9999, `now` from a clock), so no overflow.
            Some(exp) if exp <= now => Expiry::Expired(now.saturating_sub(exp).unsigned_abs()),
            Some(exp) => Expiry::ValidFor(exp.saturating_sub(now).unsigned_abs()),
        }
    }
}

/// Decodes the claims of `token` (surrounding whitespace ignored). A token that does not start
/// like a JWT (`eyJ`, the base64 of `{"`) is [`TokenContents::Opaque`].
#[must_use]
pub fn decode(token: &str) -> TokenContents {
    let token = token.trim();
    if !token.starts_with("eyJ") {
        return TokenContents::Opaque;
    }
    match claims(token) {
        Ok(claims) => TokenContents::Claims(claims),
        Err(why) => TokenContents::Unreadable(why),
    }
}

fn claims(token: &str) -> Result<TokenClaims, String> {
    if token.len() > MAX_JWT_BYTES {
        return Err(format!(
            "the token has {} KiB, more than the {} KiB a JWT may have here",
            token.len() / 1024,
            MAX_JWT_BYTES / 1024
        ));
    }
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 {
        return Err(format!(
            "a JWT has 3 parts separated by dots, this one has {}",
            parts.len()
        ));
    }
    object(parts[0], "header")?;
    let payload = object(parts[1], "payload")?;
    let issuer = string_claim(&payload, "iss")?;
    let realm = issuer.as_deref().and_then(realm_of);
    // Split before cleaning: a cut marker must not become scopes of its own.
    let scopes = raw_string_claim(&payload, "scope")?
        .map(|scope| {
            scope
                .split_whitespace()
                .take(MAX_SCOPES)
                .map(clean)
                .collect()
        })
        .unwrap_or_default();
    let feature_scope = match payload.get("featureScope") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(clean(s)),
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => Some(clean(
            &items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(", "),
        )),
        Some(other) => return Err(wrong_type("featureScope", "a string", other)),
    };
    Ok(TokenClaims {
        issuer,
        realm,
        client: string_claim(&payload, "azp")?,
        scopes,
        issued_at: date_claim(&payload, "iat")?,
        expires_at: date_claim(&payload, "exp")?,
        feature_scope,
    })
}

/// A segment decoded as base64url into a JSON object.
fn object(segment: &str, name: &str) -> Result<Map<String, Value>, String> {
    let bytes = BASE64URL
        .decode(segment)
        .map_err(|_| format!("the {name} is not valid base64url"))?;
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(format!(
            "the {name} is JSON {}, not an object",
            kind_of(&other)
        )),
        Err(_) => Err(format!("the {name} is not JSON")),
    }
}

fn string_claim(payload: &Map<String, Value>, name: &str) -> Result<Option<String>, String> {
    Ok(raw_string_claim(payload, name)?.map(clean))
}

fn raw_string_claim<'a>(
    payload: &'a Map<String, Value>,
    name: &str,
) -> Result<Option<&'a str>, String> {
    match payload.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(wrong_type(name, "a string", other)),
    }
}

/// A `NumericDate` (RFC 7519): seconds, possibly with a fraction, between 1970 and 9999.
fn date_claim(payload: &Map<String, Value>, name: &str) -> Result<Option<i64>, String> {
    let value = match payload.get(name) {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Number(n)) => n,
        Some(other) => return Err(wrong_type(name, "a number of seconds", other)),
    };
    let seconds = value
        .as_i64()
        .or_else(|| {
            value
                .as_f64()
                .filter(|f| f.is_finite() && f.abs() < 1e15)
                // Bounded just above, so the cast cannot saturate.
                .map(|f| f.floor() as i64)
        })
        .ok_or_else(|| format!("{name} is not a time in seconds"))?;
    if !(0..=MAX_NUMERIC_DATE).contains(&seconds) {
        return Err(format!(
            "{name} is {seconds}, not a time between 1970 and the year 9999"
        ));
    }
    Ok(Some(seconds))
}

fn wrong_type(name: &str, wanted: &str, got: &Value) -> String {
    format!("{name} is {}, not {wanted}", kind_of(got))
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The realm of a Keycloak issuer: `…/realms/{realm}`.
fn realm_of(issuer: &str) -> Option<String> {
    let (_, rest) = issuer.split_once("/realms/")?;
    let realm = rest.split('/').next().unwrap_or_default();
    (!realm.is_empty()).then(|| realm.to_owned())
}

fn clean(value: &str) -> String {
    sanitize_line(value, MAX_CLAIM_CHARS)
}

/// The claims as (label, value) rows, as the Summary and `check` show them; with `now` (Unix
/// seconds) the expiry carries its countdown. Never the signature or the token.
#[must_use]
pub fn claim_rows(claims: &TokenClaims, now: Option<i64>) -> Vec<(&'static str, String)> {
    let mut rows = Vec::new();
    // sipgate's own issuer is said by its realm (the long URL would take two lines on an
    // 80-column screen); any other issuer is shown whole.
    match (&claims.issuer, &claims.realm) {
        (Some(issuer), Some(realm)) if *issuer == format!("{SIPGATE_ISSUER}{realm}") => {
            rows.push(("realm", format!("{realm} (sipgate)")));
        }
        (Some(issuer), Some(realm)) => {
            rows.push(("issuer", format!("{issuer} (realm {realm})")));
        }
        (Some(issuer), None) => rows.push(("issuer", issuer.clone())),
        (None, _) => {}
    }
    if let Some(client) = &claims.client {
        rows.push(("client (azp)", client.clone()));
    }
    if !claims.scopes.is_empty() {
        rows.push(("scopes", claims.scopes.join(" ")));
    }
    if let Some(feature) = &claims.feature_scope {
        rows.push(("featureScope", feature.clone()));
    }
    if let Some(iat) = claims.issued_at {
        rows.push(("issued", utc_time(iat)));
    }
    match (claims.expires_at, now.map(|now| claims.expiry(now))) {
        (None, _) => rows.push(("expires", "not stated (no exp claim)".to_owned())),
        (Some(exp), None | Some(Expiry::Unknown)) => rows.push(("expires", utc_time(exp))),
        (Some(exp), Some(Expiry::ValidFor(left))) => rows.push((
            "expires",
            format!("{} (in {})", utc_time(exp), human_seconds(left)),
        )),
        (Some(exp), Some(Expiry::Expired(ago))) => rows.push((
            "expires",
            format!("{} (expired {} ago)", utc_time(exp), human_seconds(ago)),
        )),
    }
    rows
}

/// A duration in seconds as people say it, for countdowns: `42 s`, `4 min 5 s`, `3 h 2 min`,
/// `12 days`.
#[must_use]
pub fn human_seconds(seconds: u64) -> String {
    match seconds {
        0..60 => format!("{seconds} s"),
        60..3600 => format!("{} min {} s", seconds / 60, seconds % 60),
        3600..86_400 => format!("{} h {} min", seconds / 3600, seconds % 3600 / 60),
        _ => {
            let days = seconds / 86_400;
            format!("{days} {}", if days == 1 { "day" } else { "days" })
        }
    }
}

/// A `NumericDate` as a UTC time of day, `2026-11-29 19:40:00 UTC` (the claims are bounded to
/// 1970..=9999, so this always has four-digit years).
#[must_use]
pub fn utc_time(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// Days since 1970-01-01 to (year, month, day): Howard Hinnant's `civil_from_days`.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests;
