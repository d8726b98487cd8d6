//! The endpoint catalogue (`assets/endpoints.toml`) against sipgate's own API description
//! (`tests/data/sipgate-openapi-v2.yaml`, a copy of the published v2 description): every GET
//! operation there is in the catalogue or excluded with a reason, nothing in the catalogue is
//! invented (beyond the neo-era endpoints), and each endpoint's scope and path parameters
//! are the description's.

use std::collections::BTreeMap;

use serde_norway::Value;
use sipgate_inspect::api::endpoints::{Endpoint, catalogue, parse_catalogue};

const DESCRIPTION: &str = include_str!("data/sipgate-openapi-v2.yaml");

/// One GET operation of the description: its path parameters and its oauth2 scopes.
#[derive(Debug)]
struct Operation {
    path_params: Vec<String>,
    scopes: Vec<String>,
}

fn get_operations() -> BTreeMap<String, Operation> {
    let doc: Value = serde_norway::from_str(DESCRIPTION).expect("the description is YAML");
    let paths = doc["paths"].as_mapping().expect("paths");
    let mut operations = BTreeMap::new();
    for (path, item) in paths {
        let Some(get) = item.get("get") else { continue };
        let path = path.as_str().expect("a path").to_owned();
        let path_params = get
            .get("parameters")
            .and_then(Value::as_sequence)
            .map(|params| {
                params
                    .iter()
                    .filter(|p| p.get("in").and_then(Value::as_str) == Some("path"))
                    .filter_map(|p| p.get("name")?.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let scopes = get
            .get("security")
            .and_then(Value::as_sequence)
            .and_then(|s| s.first())
            .and_then(|s| s.get("oauth2"))
            .and_then(Value::as_sequence)
            .map(|s| {
                s.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        operations.insert(
            path,
            Operation {
                path_params,
                scopes,
            },
        );
    }
    operations
}

#[test]
fn every_get_operation_is_in_the_catalogue_or_excluded_with_a_reason() {
    let operations = get_operations();
    // The issue counts 73 GET operations in the description.
    assert_eq!(operations.len(), 73);
    let catalogue = catalogue();
    let missing: Vec<&String> = operations
        .keys()
        .filter(|path| {
            !catalogue.endpoint.iter().any(|e| &e.path == *path)
                && !catalogue.excluded.iter().any(|x| &x.path == *path)
        })
        .collect();
    assert!(
        missing.is_empty(),
        "neither listed nor excluded: {missing:?}"
    );
    for excluded in &catalogue.excluded {
        assert!(
            operations.contains_key(&excluded.path),
            "{} is excluded but is no GET operation of the description",
            excluded.path
        );
        assert!(
            !excluded.why.trim().is_empty(),
            "{}: no reason",
            excluded.path
        );
        assert!(
            !catalogue.endpoint.iter().any(|e| e.path == excluded.path),
            "{} is listed and excluded",
            excluded.path
        );
    }
    assert_eq!(catalogue.excluded.len(), 8);
    assert_eq!(Endpoint::count(), 73 - 8 + 3);
}

#[test]
fn nothing_is_invented_and_scopes_and_parameters_are_the_descriptions() {
    let operations = get_operations();
    for spec in &catalogue().endpoint {
        let Some(operation) = operations.get(&spec.path) else {
            assert_eq!(spec.area, "neo", "{} is not in the description", spec.path);
            assert_eq!(
                spec.scope, None,
                "{}: neo scopes are not published",
                spec.path
            );
            continue;
        };
        let path_params: Vec<&str> = operation.path_params.iter().map(String::as_str).collect();
        assert_eq!(spec.params(), path_params, "{}", spec.path);
        // The narrowest scope is the last one listed that is not `all`; the others are wider.
        let listed: Vec<&str> = operation
            .scopes
            .iter()
            .map(String::as_str)
            .filter(|s| *s != "all")
            .collect();
        assert_eq!(
            spec.scope.as_deref(),
            listed.last().copied(),
            "{}",
            spec.path
        );
        let broader: Vec<&str> = spec.broader.iter().map(String::as_str).collect();
        assert_eq!(
            broader,
            listed[..listed.len().saturating_sub(1)],
            "{}",
            spec.path
        );
    }
}

#[test]
fn the_shipped_catalogue_parses_and_every_list_query_asks_for_one_item() {
    let text = include_str!("../assets/endpoints.toml");
    let parsed = parse_catalogue(text).expect("valid");
    assert_eq!(parsed.endpoint.len(), 68);
    for spec in &parsed.endpoint {
        if let Some(query) = &spec.query {
            assert_eq!(query, "limit=1", "{}", spec.path);
        }
        assert!(
            !spec.about.is_empty() && spec.about.len() <= 60,
            "{}",
            spec.path
        );
    }
}
