//! The demo data: JSON response bodies from `assets/demo/`, embedded at build time so the binary
//! needs no files at run time, and parsed once on first use.

use std::sync::LazyLock;

use serde_json::{Map, Value};

/// Every demo response body, parsed.
pub(crate) struct Fixtures {
    /// `GET /account` (`AccountResponse`).
    pub(crate) account: Value,
    /// `GET /authorization/userinfo` (`UserinfoResponse`).
    pub(crate) userinfo: Value,
    /// `GET /balance` (`BalanceResponse`; amount in 1/10000 currency units).
    pub(crate) balance: Value,
    /// `GET /users` (`UsersResponse`).
    pub(crate) users: Value,
    /// `GET /numbers` (`NumbersResponse`).
    pub(crate) numbers: Value,
    /// `GET /{userId}/devices` (`DevicesResponse`) by user id.
    devices: Map<String, Value>,
    /// The list endpoints summarised only by their item count (`groups`, `phonelines`,
    /// `history`, `contacts`), by name.
    lists: Map<String, Value>,
}

/// The fixtures, parsed on first use. A broken fixture is a build defect, caught by the unit test
/// below, so parsing failures panic with the file name.
pub(crate) static FIXTURES: LazyLock<Fixtures> = LazyLock::new(Fixtures::parse);

/// Name and embedded text of every fixture file, for parsing and for the test that checks them.
const FILES: [(&str, &str); 7] = [
    (
        "account.json",
        include_str!("../../assets/demo/account.json"),
    ),
    (
        "userinfo.json",
        include_str!("../../assets/demo/userinfo.json"),
    ),
    (
        "balance.json",
        include_str!("../../assets/demo/balance.json"),
    ),
    ("users.json", include_str!("../../assets/demo/users.json")),
    (
        "numbers.json",
        include_str!("../../assets/demo/numbers.json"),
    ),
    (
        "devices.json",
        include_str!("../../assets/demo/devices.json"),
    ),
    ("lists.json", include_str!("../../assets/demo/lists.json")),
];

impl Fixtures {
    fn parse() -> Self {
        let [account, userinfo, balance, users, numbers, devices, lists] =
            FILES.map(|(name, text)| {
                serde_json::from_str::<Value>(text).unwrap_or_else(|e| {
                    panic!("embedded demo fixture assets/demo/{name} is broken: {e}")
                })
            });
        let Value::Object(devices) = devices else {
            panic!("embedded demo fixture assets/demo/devices.json must map user ids to devices");
        };
        let Value::Object(lists) = lists else {
            panic!("embedded demo fixture assets/demo/lists.json must map list names to bodies");
        };
        Self {
            account,
            userinfo,
            balance,
            users,
            numbers,
            devices,
            lists,
        }
    }

    /// Whether `/users` lists a user with this id (the devices endpoint answers 404 otherwise).
    pub(crate) fn has_user(&self, user_id: &str) -> bool {
        self.user_ids().any(|id| id == user_id)
    }

    /// The ids of the users in `/users`.
    pub(crate) fn user_ids(&self) -> impl Iterator<Item = &str> {
        self.users["items"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|user| user["id"].as_str())
    }

    /// The devices of a known user; a user without an entry has no devices.
    pub(crate) fn devices(&self, user_id: &str) -> Value {
        self.devices
            .get(user_id)
            .cloned()
            .unwrap_or_else(|| serde_json::json!({ "items": [] }))
    }
}

impl Fixtures {
    /// The body of a list endpoint (`groups`, `phonelines`, `history`, `contacts`); an
    /// empty list for a name without an entry.
    pub(crate) fn list(&self, name: &str) -> Value {
        self.lists
            .get(name)
            .cloned()
            .unwrap_or_else(|| serde_json::json!({ "items": [] }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses every fixture, so a broken file fails `cargo test` rather than the demo.
    #[test]
    fn every_fixture_parses() {
        for (name, text) in FILES {
            serde_json::from_str::<Value>(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        let _ = &*FIXTURES;
    }

    #[test]
    fn fixtures_have_the_documented_shapes() {
        let f = &*FIXTURES;
        for key in [
            "company",
            "mainProductType",
            "logoUrl",
            "verified",
            "historyLifeTime",
        ] {
            assert!(f.account.get(key).is_some(), "account.{key}");
        }
        for key in ["sub", "domain", "masterSipId", "locale"] {
            assert!(f.userinfo[key].is_string(), "userinfo.{key}");
        }
        assert!(f.balance["amount"].is_i64());
        assert_eq!(f.balance["currency"], "EUR");
        assert!(f.users["items"].as_array().is_some_and(|a| !a.is_empty()));
        assert!(f.numbers["items"].as_array().is_some_and(|a| !a.is_empty()));
        assert!(f.has_user("w0"));
        assert!(!f.has_user("w99"));
        for name in ["groups", "phonelines", "history", "contacts"] {
            assert!(
                f.lists[name]["items"]
                    .as_array()
                    .is_some_and(|a| !a.is_empty()),
                "lists.{name}"
            );
        }
    }

    #[test]
    fn devices_belong_to_known_users_and_w0_has_some() {
        let f = &*FIXTURES;
        for user_id in f.devices.keys() {
            assert!(
                f.has_user(user_id),
                "devices.json lists unknown user {user_id}"
            );
        }
        assert!(
            f.devices("w0")["items"]
                .as_array()
                .is_some_and(|a| !a.is_empty())
        );
        for user_id in f.user_ids() {
            assert!(f.devices(user_id)["items"].is_array(), "{user_id}");
        }
    }
}
