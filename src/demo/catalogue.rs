//! The demo API's answers for every endpoint of the catalogue (`assets/endpoints.toml`) that
//! the router does not serve by name: the path is matched against the catalogue's templates,
//! the body comes from `assets/demo/catalogue.json`, and `endpoints::respond` applies the
//! caller's scenario (scopes, classic or neo) as for every other endpoint.

use std::sync::LazyLock;

use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;
use percent_encoding::percent_decode_str;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::api::endpoints::{ParamSource, catalogue};

use super::endpoints::{self, Endpoint};
use super::responses;

/// What a catalogue endpoint answers in the demo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Answer {
    /// The documented path, e.g. `/devices/{deviceId}`.
    pub(crate) path: &'static str,
    /// The scope it needs.
    pub(crate) scope: Option<&'static str>,
    /// The body; `None` when a path parameter names nothing the demo account has.
    pub(crate) body: Option<Value>,
    /// Groups and phone lines: the classic platform's; a neo account is refused.
    pub(crate) classic_only: bool,
    /// The neo-era endpoints: a classic account does not have them.
    pub(crate) neo_only: bool,
}

#[derive(Deserialize)]
struct DemoCatalogue {
    /// Every id the demo account has: a path parameter naming another is not found.
    known_ids: Vec<String>,
    /// The body of each endpoint, by documented path.
    bodies: Map<String, Value>,
}

static DATA: LazyLock<DemoCatalogue> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../../assets/demo/catalogue.json"))
        .expect("assets/demo/catalogue.json is valid (tested)")
});

/// The catalogue endpoint a request path (as sent, percent-encoded) names, with its answer;
/// `None` when none does.
pub(crate) fn find(path: &str) -> Option<Answer> {
    let below = if path.starts_with("/v3/") {
        path
    } else {
        path.strip_prefix("/v2")?
    };
    let segments: Vec<String> = below
        .trim_start_matches('/')
        .split('/')
        .map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned())
        .collect();
    catalogue().endpoint.iter().find_map(|spec| {
        if spec.path.starts_with("/v3/") != path.starts_with("/v3/") {
            return None;
        }
        let template: Vec<&str> = spec.path.trim_start_matches('/').split('/').collect();
        if template.len() != segments.len() {
            return None;
        }
        let mut known = true;
        for (part, given) in template.iter().zip(&segments) {
            match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                Some(name) => {
                    known &= spec.source(name) == ParamSource::Typed
                        || DATA.known_ids.iter().any(|id| id == given);
                }
                None if part == given => {}
                None => return None,
            }
        }
        let classic_only = ["/groups", "/groupfaxlines", "/{userId}/phonelines"]
            .iter()
            .any(|prefix| spec.path.starts_with(prefix));
        Some(Answer {
            path: &spec.path,
            scope: spec.scope.as_deref(),
            body: known
                .then(|| DATA.bodies.get(&spec.path).cloned())
                .flatten(),
            classic_only,
            neo_only: spec.area == "neo",
        })
    })
}

/// The router's fallback: a catalogue endpoint answers as its scenario says, anything else
/// is `404` (and a wrong method on a catalogue path `405`).
pub(crate) async fn answer(method: Method, uri: Uri, headers: HeaderMap) -> Response {
    let Some(answer) = find(uri.path()) else {
        return responses::unknown_path();
    };
    if method != Method::GET {
        return responses::method_not_allowed();
    }
    endpoints::respond(Endpoint::Catalogue(answer), headers).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogue_endpoint_the_router_does_not_name_has_a_demo_body() {
        let by_name = [
            "/account",
            "/authorization/userinfo",
            "/balance",
            "/users",
            "/numbers",
            "/{userId}/devices",
            "/groups",
            "/{userId}/phonelines",
            "/history",
            "/contacts",
        ];
        for spec in &catalogue().endpoint {
            if !by_name.contains(&spec.path.as_str()) {
                assert!(DATA.bodies.contains_key(&spec.path), "{}", spec.path);
            }
        }
        assert!(
            DATA.bodies
                .keys()
                .all(|k| catalogue().endpoint.iter().any(|s| &s.path == k)),
            "a body for a path the catalogue does not list"
        );
    }

    #[test]
    fn paths_match_templates_and_known_ids_only() {
        let found = find("/v2/w0/phonelines/p0/forwardings").expect("matches");
        assert_eq!(found.path, "/{userId}/phonelines/{phonelineId}/forwardings");
        assert!(found.classic_only && found.body.is_some());
        assert_eq!(
            find("/v2/w0/phonelines/zz/forwardings")
                .expect("matches")
                .body,
            None
        );
        assert_eq!(
            find("/v2/w0/phonelines/p0%2Fx/forwardings")
                .expect("matches")
                .body,
            None
        );
        assert!(find("/v3/devices").expect("matches").neo_only);
        // `v3` below `/v2` is a user id, and not one the demo account has.
        let devices = find("/v2/v3/devices").expect("matches");
        assert_eq!((devices.path, devices.body), ("/{userId}/devices", None));
        assert_eq!(find("/v2/nothing/here/at/all"), None);
        assert_eq!(find("/v2/").expect("the index").path, "/");
        assert!(find("/numbers/quickdial/validation/1").is_none());
        assert!(
            find("/v2/numbers/quickdial/validation/any%20thing")
                .expect("typed")
                .body
                .is_some()
        );
    }

    proptest::proptest! {
        /// Any request path, of any bytes, is matched or not: never a panic.
        #[test]
        fn any_path_is_matched_without_panicking(path in "(/[^/]{0,12}){0,8}") {
            let _ = find(&path);
            let _ = find(&format!("/v2{path}"));
            let _ = find(&format!("/v3{path}"));
        }
    }
}
