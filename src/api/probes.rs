//! The other read-only endpoints a token may reach, probed after `/account` to show what the
//! token can do. The endpoints, their scopes and how their path parameters are filled are data,
//! in `assets/probes.toml` (embedded at build time); each probe's response shape is read with
//! every field optional and unknown fields ignored.

use std::sync::LazyLock;

use serde::Deserialize;

use super::BodyKind;

/// The probe table as shipped.
const PROBES_TOML: &str = include_str!("../../assets/probes.toml");

/// The only path parameter a probe may have: the user id userinfo reports.
const USER_ID: &str = "{userId}";

/// How a probe's 2xx body is read, and so which summary line it gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Shape {
    /// [`UserInfo`]; the probe that reports the user id other probes' paths need.
    UserInfo,
    /// [`Balance`].
    Balance,
    /// `{"items": [User]}`.
    Users,
    /// `{"items": [Number]}`.
    Numbers,
    /// `{"items": [Device]}`.
    Devices,
    /// `{"items": [...]}` of anything: only the count is summarised.
    Items,
}

/// One line of the probe table.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProbeSpec {
    /// The path as sipgate documents it, with a leading `/`, e.g. `/{userId}/devices`.
    pub path: String,
    /// The scope the API description lists (`None`: none listed).
    pub scope: Option<String>,
    /// How the body is read.
    pub shape: Shape,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProbeFile {
    probe: Vec<ProbeSpec>,
}

/// Parses a probe table, checking what the rest of the program relies on.
///
/// # Errors
/// Malformed TOML, a path without a leading `/` or with a placeholder other than `{userId}`,
/// a path listed twice, more than 255 probes, or a `{userId}` path without exactly one
/// `userinfo` probe to fill it.
pub fn parse_probe_table(text: &str) -> Result<Vec<ProbeSpec>, String> {
    let file: ProbeFile = toml::from_str(text).map_err(|e| e.to_string())?;
    let specs = file.probe;
    if specs.len() > usize::from(u8::MAX) {
        return Err("more than 255 probes".to_owned());
    }
    for (i, spec) in specs.iter().enumerate() {
        if !spec.path.starts_with('/') {
            return Err(format!("{}: the path must start with /", spec.path));
        }
        if spec.path.replace(USER_ID, "").contains(['{', '}']) {
            return Err(format!("{}: the only placeholder is {USER_ID}", spec.path));
        }
        if specs[..i].iter().any(|s| s.path == spec.path) {
            return Err(format!("{}: listed twice", spec.path));
        }
    }
    let userinfo = specs.iter().filter(|s| s.shape == Shape::UserInfo).count();
    if specs.iter().any(|s| s.path.contains(USER_ID)) && userinfo != 1 {
        return Err(format!(
            "{USER_ID} needs exactly one userinfo probe, found {userinfo}"
        ));
    }
    Ok(specs)
}

static TABLE: LazyLock<Vec<ProbeSpec>> =
    LazyLock::new(|| parse_probe_table(PROBES_TOML).expect("assets/probes.toml is valid (tested)"));

/// An endpoint probed after `/account`: a line of the probe table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Probe(u8);

impl Probe {
    /// Every probe, in display order.
    pub fn all() -> impl Iterator<Item = Self> {
        // The table has at most 255 entries (checked when it is parsed).
        (0..TABLE.len()).map(|i| Self(i as u8))
    }

    /// How many probes there are.
    #[must_use]
    pub fn count() -> usize {
        TABLE.len()
    }

    /// The first probe read as `shape` (e.g. the userinfo probe).
    #[must_use]
    pub fn with_shape(shape: Shape) -> Option<Self> {
        Self::all().find(|p| p.shape() == shape)
    }

    /// The probe with this documented path, e.g. `/groups`.
    #[must_use]
    pub fn with_label(label: &str) -> Option<Self> {
        Self::all().find(|p| p.label() == label)
    }

    /// Its position in [`Probe::all`].
    #[must_use]
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    fn spec(self) -> &'static ProbeSpec {
        &TABLE[self.index()]
    }

    /// Whether the path needs the user id from userinfo.
    #[must_use]
    pub fn needs_user_id(self) -> bool {
        self.spec().path.contains(USER_ID)
    }

    /// The path below the base URL. A path with `{userId}` needs the user id (`sub` from
    /// userinfo), and only a plain one (ASCII letters and digits): without it there is no path.
    #[must_use]
    pub fn path(self, user_id: Option<&str>) -> Option<String> {
        let path = self.spec().path.trim_start_matches('/');
        if !self.needs_user_id() {
            return Some(path.to_owned());
        }
        user_id
            .filter(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric()))
            .map(|id| path.replace(USER_ID, id))
    }

    /// The endpoint as a reader recognises it: the documented path.
    #[must_use]
    pub fn label(self) -> &'static str {
        &self.spec().path
    }

    /// The scope sipgate's description lists for the endpoint (`None`: no scope listed).
    #[must_use]
    pub fn scope(self) -> Option<&'static str> {
        self.spec().scope.as_deref()
    }

    /// How its body is read.
    #[must_use]
    pub fn shape(self) -> Shape {
        self.spec().shape
    }
}

/// `GET /authorization/userinfo`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserInfo {
    /// The web user id, e.g. `w0`.
    pub sub: Option<String>,
    /// e.g. `sipgate.de`.
    pub domain: Option<String>,
    /// The account's master SIP id.
    pub master_sip_id: Option<String>,
    /// e.g. `de_DE`.
    pub locale: Option<String>,
}

/// `GET /balance`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct Balance {
    /// In 1/10000 of the currency unit (123400 means 12.34).
    pub amount: Option<i64>,
    /// ISO currency code, e.g. `EUR`.
    pub currency: Option<String>,
}

impl Balance {
    /// The amount as money, the same on every locale: `12.34 EUR`. Up to four decimals are
    /// kept when they are not zero (`12.3456 EUR`); at least two are shown.
    #[must_use]
    pub fn formatted(&self) -> Option<String> {
        let amount = self.amount?;
        let sign = if amount < 0 { "-" } else { "" };
        let abs = amount.unsigned_abs();
        let mut fraction = format!("{:04}", abs % 10_000);
        while fraction.len() > 2 && fraction.ends_with('0') {
            fraction.pop();
        }
        let currency = self.currency.as_deref().unwrap_or("(no currency)");
        Some(format!("{sign}{}.{fraction} {currency}", abs / 10_000))
    }
}

/// One entry of `GET /users`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct User {
    /// e.g. `w0`.
    pub id: Option<String>,
    /// First name.
    pub firstname: Option<String>,
    /// Last name.
    pub lastname: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Whether the user administers the account.
    pub admin: Option<bool>,
}

/// One entry of `GET /numbers`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Number {
    /// e.g. `n0`.
    pub id: Option<String>,
    /// E.164 digits.
    pub number: Option<String>,
    /// As dialled locally.
    pub localized: Option<String>,
    /// MOBILE, LANDLINE, QUICKDIAL, INTERNATIONAL (kept as sent).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Who the number routes to.
    pub endpoint_alias: Option<String>,
}

/// One entry of `GET /{userId}/devices`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct Device {
    /// e.g. `e0`.
    pub id: Option<String>,
    /// The device's name.
    pub alias: Option<String>,
    /// REGISTER, MOBILE, EXTERNAL (kept as sent).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Whether it is registered right now.
    pub online: Option<bool>,
    /// Do not disturb.
    pub dnd: Option<bool>,
}

#[derive(Deserialize)]
struct Items<T> {
    items: Vec<T>,
}

/// Any item, not looked into (`IgnoredAny` counts without keeping anything).
type AnyItem = serde::de::IgnoredAny;

/// What a probe's body turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProbeData {
    /// User info.
    UserInfo(UserInfo),
    /// Balance.
    Balance(Balance),
    /// Users.
    Users(Vec<User>),
    /// Numbers.
    Numbers(Vec<Number>),
    /// Devices.
    Devices(Vec<Device>),
    /// A list read only for its length.
    Items(usize),
    /// Not the expected answer (a web page, JSON cut short, another shape…); why, in a few
    /// words.
    Unparsed(String),
}

/// Parses a probe's body. Never panics. A body that is not the expected answer says why in
/// the words [`BodyKind::problem`] uses, so that every row of the summary reads alike.
#[must_use]
pub fn parse_probe(probe: Probe, body: &[u8]) -> ProbeData {
    let parsed = match probe.shape() {
        Shape::UserInfo => serde_json::from_slice(body).map(ProbeData::UserInfo),
        Shape::Balance => serde_json::from_slice(body).map(ProbeData::Balance),
        Shape::Users => {
            serde_json::from_slice::<Items<User>>(body).map(|i| ProbeData::Users(i.items))
        }
        Shape::Numbers => {
            serde_json::from_slice::<Items<Number>>(body).map(|i| ProbeData::Numbers(i.items))
        }
        Shape::Devices => {
            serde_json::from_slice::<Items<Device>>(body).map(|i| ProbeData::Devices(i.items))
        }
        Shape::Items => {
            serde_json::from_slice::<Items<AnyItem>>(body).map(|i| ProbeData::Items(i.items.len()))
        }
    };
    parsed.unwrap_or_else(|e| {
        ProbeData::Unparsed(
            BodyKind::of(body, None)
                .problem()
                .unwrap_or_else(|| format!("not the expected shape: {e}")),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(label: &str) -> Probe {
        Probe::with_label(label).expect("in the table")
    }

    #[test]
    fn the_embedded_table_lists_the_probes_with_the_documented_scopes() {
        let table: Vec<(&str, Option<&str>)> =
            Probe::all().map(|p| (p.label(), p.scope())).collect();
        assert_eq!(
            table,
            vec![
                ("/authorization/userinfo", None),
                ("/balance", Some("balance:read")),
                ("/users", Some("users:read")),
                ("/numbers", Some("numbers:read")),
                ("/{userId}/devices", Some("devices:read")),
                ("/groups", Some("groups:read")),
                ("/{userId}/phonelines", Some("phonelines:read")),
                ("/history?limit=1", Some("history:read")),
                ("/contacts?limit=1", Some("contacts:read")),
            ]
        );
        assert_eq!(Probe::count(), 9);
        assert_eq!(p("/groups").path(None).as_deref(), Some("groups"));
        assert_eq!(
            p("/history?limit=1").path(None).as_deref(),
            Some("history?limit=1")
        );
        assert_eq!(
            p("/{userId}/phonelines").path(Some("w7")).as_deref(),
            Some("w7/phonelines")
        );
        assert!(p("/{userId}/phonelines").needs_user_id());
        assert!(!p("/groups").needs_user_id());
        assert_eq!(
            Probe::with_shape(Shape::UserInfo),
            Some(p("/authorization/userinfo"))
        );
    }

    #[test]
    fn a_bad_table_is_refused_with_a_reason() {
        let one = |line: &str| parse_probe_table(&format!("probe = [ {line} ]"));
        assert_eq!(
            one(r#"{ path = "groups", shape = "items" }"#),
            Err("groups: the path must start with /".to_owned())
        );
        assert_eq!(
            one(r#"{ path = "/{id}/x", shape = "items" }"#),
            Err("/{id}/x: the only placeholder is {userId}".to_owned())
        );
        assert_eq!(
            one(r#"{ path = "/{userId}/x", shape = "items" }"#),
            Err("{userId} needs exactly one userinfo probe, found 0".to_owned())
        );
        assert_eq!(
            one(r#"{ path = "/a", shape = "items" }, { path = "/a", shape = "items" }"#),
            Err("/a: listed twice".to_owned())
        );
        assert!(one(r#"{ path = "/a", shape = "nonsense" }"#).is_err());
        assert!(one(r#"{ path = "/a", shape = "items", extra = 1 }"#).is_err());
        assert_eq!(
            one(r#"{ path = "/a", scope = "a:read", shape = "items" }"#),
            Ok(vec![ProbeSpec {
                path: "/a".to_owned(),
                scope: Some("a:read".to_owned()),
                shape: Shape::Items,
            }])
        );
    }

    #[test]
    fn a_generic_probe_counts_its_items() {
        assert_eq!(
            parse_probe(
                p("/groups"),
                br#"{"items":[{"id":"g1"},{"x":[1]}],"totalCount":2}"#
            ),
            ProbeData::Items(2)
        );
        assert!(matches!(
            parse_probe(p("/groups"), br#"{"nope":1}"#),
            ProbeData::Unparsed(ref why) if why.starts_with("not the expected shape: ")
        ));
    }

    #[test]
    fn balance_is_money_in_ten_thousandths() {
        let balance = |amount| Balance {
            amount: Some(amount),
            currency: Some("EUR".into()),
        };
        assert_eq!(balance(123_400).formatted().as_deref(), Some("12.34 EUR"));
        assert_eq!(balance(123_456).formatted().as_deref(), Some("12.3456 EUR"));
        assert_eq!(balance(0).formatted().as_deref(), Some("0.00 EUR"));
        assert_eq!(balance(-5_000).formatted().as_deref(), Some("-0.50 EUR"));
        assert_eq!(balance(10_000).formatted().as_deref(), Some("1.00 EUR"));
        assert_eq!(Balance::default().formatted(), None);
    }

    #[test]
    fn devices_need_a_plain_user_id() {
        assert_eq!(
            p("/{userId}/devices").path(Some("w0")).as_deref(),
            Some("w0/devices")
        );
        assert_eq!(p("/{userId}/devices").path(None), None);
        assert_eq!(p("/{userId}/devices").path(Some("../x")), None);
        assert_eq!(p("/balance").path(None).as_deref(), Some("balance"));
    }

    #[test]
    fn parses_the_documented_shapes_and_tolerates_others() {
        let data = parse_probe(
            p("/authorization/userinfo"),
            br#"{"sub":"w0","domain":"sipgate.de","masterSipId":"1","locale":"de_DE","x":1}"#,
        );
        assert_matches!(data, ProbeData::UserInfo(UserInfo { sub: Some(ref s), .. }) if s == "w0");
        let data = parse_probe(
            p("/numbers"),
            br#"{"items":[{"id":"n0","number":"49","type":"MOBILE"}]}"#,
        );
        let ProbeData::Numbers(numbers) = data else {
            panic!("numbers")
        };
        assert_eq!(numbers[0].kind.as_deref(), Some("MOBILE"));
        assert_eq!(
            parse_probe(p("/users"), b"<html>"),
            ProbeData::Unparsed("a web page, not JSON".into())
        );
        assert_eq!(
            parse_probe(p("/authorization/userinfo"), b""),
            ProbeData::Unparsed("the body is empty".into())
        );
        assert!(matches!(
            parse_probe(p("/numbers"), br#"{"items":[{"id":"n0""#),
            ProbeData::Unparsed(ref why) if why.starts_with("JSON cut short: EOF")
        ));
        assert!(matches!(
            parse_probe(p("/balance"), b"[]"),
            ProbeData::Unparsed(ref why) if why.starts_with("not the expected shape: ")
        ));
    }
}
