//! The explorer's path parameters can never change a request's path or query: each value is
//! one percent-encoded segment. Checked on the wire, against a loopback server that records
//! the raw request line, and as a property: for any value, the URL the client parses has the
//! template's segments, the value (decoded) as its one segment, and no query or fragment.

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::{Ipv4Addr, TcpListener};
use std::sync::mpsc;
use std::time::Duration;

use proptest::prelude::*;
use secrecy::SecretString;
use sipgate_inspect::api::endpoints::{Endpoint, MAX_PARAM_BYTES, PathError};
use sipgate_inspect::api::{ApiClient, BaseUrl, Credentials};

/// A server that answers every request `200 {}` and sends its request line down the channel.
fn recording_server() -> (String, mpsc::Receiver<String>) {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let (lines, received) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut request_line = String::new();
            let _ = reader.read_line(&mut request_line);
            let mut header = String::new();
            while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                header.clear();
            }
            let _ = lines.send(request_line.trim_end().to_owned());
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
            );
        }
    });
    (format!("http://127.0.0.1:{port}/v2"), received)
}

fn endpoint(path: &str) -> Endpoint {
    Endpoint::with_path(path).expect("in the catalogue")
}

#[tokio::test]
async fn hostile_values_arrive_as_one_segment_on_the_wire() {
    let (base, received) = recording_server();
    let client = ApiClient::new(
        BaseUrl::parse(&base, true).expect("base"),
        Duration::from_secs(5),
    )
    .expect("client");
    let credentials = Credentials::personal("token-QX7K2M", SecretString::from("x"));
    let users = endpoint("/users/{userId}").spec();
    // (value, the request line that must arrive), written out by hand.
    let cases = [
        ("w0", "GET /v2/users/w0 HTTP/1.1"),
        ("a/b", "GET /v2/users/a%2Fb HTTP/1.1"),
        ("../../account", "GET /v2/users/..%2F..%2Faccount HTTP/1.1"),
        ("...", "GET /v2/users/... HTTP/1.1"),
        ("%2e%2e", "GET /v2/users/%252e%252e HTTP/1.1"),
        (".%2E", "GET /v2/users/.%252E HTTP/1.1"),
        ("x?admin=1", "GET /v2/users/x%3Fadmin%3D1 HTTP/1.1"),
        ("x#frag", "GET /v2/users/x%23frag HTTP/1.1"),
        ("a b\t\r\n", "GET /v2/users/a%20b%09%0D%0A HTTP/1.1"),
        ("\u{0}\u{7f}", "GET /v2/users/%00%7F HTTP/1.1"),
        (
            "é€\u{202e}",
            "GET /v2/users/%C3%A9%E2%82%AC%E2%80%AE HTTP/1.1",
        ),
        ("\\x", "GET /v2/users/%5Cx HTTP/1.1"),
    ];
    for (value, expected) in cases {
        let path = users.build_path(|_| Some(value)).expect("a path");
        let exchange = client.get(&path, &credentials).await;
        assert!(exchange.result.is_ok(), "{value:?}: {:?}", exchange.result);
        let line = received
            .recv_timeout(Duration::from_secs(5))
            .expect("a request");
        assert_eq!(line, expected, "{value:?}");
    }
}

#[test]
fn dot_segments_and_empty_values_are_refused_before_sending() {
    let users = endpoint("/users/{userId}").spec();
    for dots in [".", ".."] {
        assert_eq!(
            users.build_path(|_| Some(dots)),
            Err(PathError::DotSegment {
                name: "userId".to_owned()
            })
        );
    }
    assert_eq!(
        users.build_path(|_| Some("")).map_err(|e| e.to_string()),
        Err("userId is empty: a path parameter needs a value".to_owned())
    );
}

proptest! {
    #[test]
    fn no_value_changes_the_path_structure(value in any::<String>(), second in "\\PC{0,12}") {
        let spec = endpoint("/{userId}/phonelines/{phonelineId}/forwardings").spec();
        let values = |name: &str| Some(if name == "userId" { value.as_str() } else { second.as_str() });
        match spec.build_path(values) {
            Ok(path) => {
                let url = url::Url::parse(&format!("http://127.0.0.1/v2/{path}")).expect("a URL");
                let segments: Vec<String> = url
                    .path_segments()
                    .expect("segments")
                    .map(|s| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned())
                    .collect();
                prop_assert_eq!(segments, vec![
                    "v2".to_owned(), value.clone(), "phonelines".to_owned(), second.clone(), "forwardings".to_owned()
                ]);
                prop_assert_eq!(url.query(), None);
                prop_assert_eq!(url.fragment(), None);
            }
            Err(PathError::Empty { .. }) => prop_assert!(value.is_empty() || second.is_empty()),
            Err(PathError::DotSegment { .. }) => {
                prop_assert!([".", ".."].contains(&value.as_str()) || [".", ".."].contains(&second.as_str()));
            }
            Err(PathError::TooLong { .. }) => prop_assert!(value.len() > MAX_PARAM_BYTES),
            Err(e @ PathError::Unknown { .. }) => prop_assert!(false, "{e}"),
        }
    }
}

proptest! {
    /// Any answer body, of any shape, offers an id or none: never a panic.
    #[test]
    fn any_body_is_read_for_ids_without_panicking(body in proptest::collection::vec(any::<u8>(), 0..512), sub in any::<bool>()) {
        let _ = sipgate_inspect::scan::listed_id(&body, sub);
    }

    /// JSON-shaped bodies too, with ids of every type.
    #[test]
    fn json_bodies_give_the_first_usable_id(ids in proptest::collection::vec(prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        "\\PC{0,8}".prop_map(|s| serde_json::to_string(&s).expect("a string")),
        Just("null".to_owned()),
        Just("{\"a\":[1]}".to_owned()),
    ], 0..5)) {
        let body = format!(
            "{{\"items\":[{}]}}",
            ids.iter().map(|id| format!("{{\"id\":{id}}}")).collect::<Vec<_>>().join(",")
        );
        let expected = ids.iter().find_map(|id| match serde_json::from_str::<serde_json::Value>(id).expect("JSON") {
            serde_json::Value::String(s) if !s.is_empty() => Some(s),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        });
        prop_assert_eq!(sipgate_inspect::scan::listed_id(body.as_bytes(), false), expected);
    }
}
