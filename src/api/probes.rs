//! The other read-only endpoints a token may reach, probed after `/account` to show what the
//! token can do. Each probe knows its path, the scope sipgate lists for it, and its response
//! shape (every field optional, unknown fields ignored).

use serde::Deserialize;

use super::BodyKind;

/// An endpoint probed after `/account`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Probe {
    /// `GET /authorization/userinfo`: who the token belongs to.
    UserInfo,
    /// `GET /balance`.
    Balance,
    /// `GET /users`.
    Users,
    /// `GET /numbers`.
    Numbers,
    /// `GET /{userId}/devices`, for the user the token belongs to.
    Devices,
}

impl Probe {
    /// Every probe, in display order.
    pub const ALL: [Self; 5] = [
        Self::UserInfo,
        Self::Balance,
        Self::Users,
        Self::Numbers,
        Self::Devices,
    ];

    /// The path below the base URL. Devices need the user id (`sub` from userinfo); without
    /// it there is no path.
    #[must_use]
    pub fn path(self, user_id: Option<&str>) -> Option<String> {
        match self {
            Self::UserInfo => Some("authorization/userinfo".to_owned()),
            Self::Balance => Some("balance".to_owned()),
            Self::Users => Some("users".to_owned()),
            Self::Numbers => Some("numbers".to_owned()),
            Self::Devices => user_id
                .filter(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric()))
                .map(|id| format!("{id}/devices")),
        }
    }

    /// The endpoint as a reader recognises it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::UserInfo => "/authorization/userinfo",
            Self::Balance => "/balance",
            Self::Users => "/users",
            Self::Numbers => "/numbers",
            Self::Devices => "/{userId}/devices",
        }
    }

    /// The scope sipgate's description lists for the endpoint (`None`: no scope listed).
    #[must_use]
    pub fn scope(self) -> Option<&'static str> {
        match self {
            Self::UserInfo => None,
            Self::Balance => Some("balance:read"),
            Self::Users => Some("users:read"),
            Self::Numbers => Some("numbers:read"),
            Self::Devices => Some("devices:read"),
        }
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
    /// Not the expected answer (a web page, JSON cut short, another shape…); why, in a few
    /// words.
    Unparsed(String),
}

/// Parses a probe's body. Never panics. A body that is not the expected answer says why in
/// the words [`BodyKind::problem`] uses, so that every row of the summary reads alike.
#[must_use]
pub fn parse_probe(probe: Probe, body: &[u8]) -> ProbeData {
    let parsed = match probe {
        Probe::UserInfo => serde_json::from_slice(body).map(ProbeData::UserInfo),
        Probe::Balance => serde_json::from_slice(body).map(ProbeData::Balance),
        Probe::Users => {
            serde_json::from_slice::<Items<User>>(body).map(|i| ProbeData::Users(i.items))
        }
        Probe::Numbers => {
            serde_json::from_slice::<Items<Number>>(body).map(|i| ProbeData::Numbers(i.items))
        }
        Probe::Devices => {
            serde_json::from_slice::<Items<Device>>(body).map(|i| ProbeData::Devices(i.items))
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
            Probe::Devices.path(Some("w0")).as_deref(),
            Some("w0/devices")
        );
        assert_eq!(Probe::Devices.path(None), None);
        assert_eq!(Probe::Devices.path(Some("../x")), None);
        assert_eq!(Probe::Balance.path(None).as_deref(), Some("balance"));
    }

    #[test]
    fn parses_the_documented_shapes_and_tolerates_others() {
        let data = parse_probe(
            Probe::UserInfo,
            br#"{"sub":"w0","domain":"sipgate.de","masterSipId":"1","locale":"de_DE","x":1}"#,
        );
        assert_matches!(data, ProbeData::UserInfo(UserInfo { sub: Some(ref s), .. }) if s == "w0");
        let data = parse_probe(
            Probe::Numbers,
            br#"{"items":[{"id":"n0","number":"49","type":"MOBILE"}]}"#,
        );
        let ProbeData::Numbers(numbers) = data else {
            panic!("numbers")
        };
        assert_eq!(numbers[0].kind.as_deref(), Some("MOBILE"));
        assert_eq!(
            parse_probe(Probe::Users, b"<html>"),
            ProbeData::Unparsed("a web page, not JSON".into())
        );
        assert_eq!(
            parse_probe(Probe::UserInfo, b""),
            ProbeData::Unparsed("the body is empty".into())
        );
        assert!(matches!(
            parse_probe(Probe::Numbers, br#"{"items":[{"id":"n0""#),
            ProbeData::Unparsed(ref why) if why.starts_with("JSON cut short: EOF")
        ));
        assert!(matches!(
            parse_probe(Probe::Balance, b"[]"),
            ProbeData::Unparsed(ref why) if why.starts_with("not the expected shape: ")
        ));
    }
}
