//! The built-in demo sipgate API: a real HTTP server that answers the read-only part of sipgate's
//! REST API v2 with canned data, so the inspector can be tried (and tested) without an account.
//!
//! It checks credentials for real. The demo credentials ([`DEMO_TOKEN_ID`] with [`DEMO_TOKEN`],
//! or the OAuth-style [`DEMO_ACCESS_TOKEN`]) get `200` everywhere; the token ids listed in
//! [`SCENARIOS`], each used together with [`DEMO_TOKEN`], reproduce a failure the inspector has to
//! diagnose (missing scope, rate limit, captive portal, ...). Any other credential gets `401`.
//!
//! Use [`router`] to embed it, [`spawn`] to run it in the background on the current tokio runtime
//! (the TUI's `--demo` mode), or [`run_foreground`] for the `demo-server` subcommand. Both serve
//! under the same [`Limits`] (header and idle timeout, connection cap, shutdown grace period).
//!
//! Nothing here ever logs or echoes a token or an `Authorization` header value: logs and bodies
//! name at most the token id, which sipgate itself shows in its web app.

mod auth;
mod catalogue;
mod endpoints;
mod fixtures;
mod foreground;
mod jwt_tokens;
mod limits;
mod oauth;
mod oauth_clients;
mod responses;
mod scenarios;
mod serve;
mod server;

pub use foreground::{Stopped, run_foreground};
pub use jwt_tokens::{DemoJwt, demo_jwts};
pub use limits::Limits;
pub use oauth_clients::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_CLIENTS, DemoClient};
pub use scenarios::{SCENARIOS, Scenario, scenario};
pub use server::{DemoServer, router, spawn, spawn_with};

/// Token id of the demo personal access token; with [`DEMO_TOKEN`] every endpoint answers `200`.
///
/// It has sipgate's token id format (`token-` and six ASCII letters or digits), so the
/// inspector's own format check accepts it.
pub const DEMO_TOKEN_ID: &str = "token-DEMO01";

/// Token of the demo personal access token (a UUID v4, like a real sipgate token). It is also the
/// token to use with every scenario token id in [`SCENARIOS`].
pub const DEMO_TOKEN: &str = "00000000-0000-4000-8000-000000000001";

/// Demo OAuth 2 access token for `Authorization: Bearer ...`; every endpoint answers `200`.
///
/// It looks like a JWT (three base64url segments) so that clients treating it as one do not
/// trip over it; its payload reads
/// `{"iss":"sipgate-inspect demo","sub":"w0","demo":true,"note":"demo token, not valid at sipgate"}`
/// and it is unsigned (`"alg":"none"`, with a placeholder signature segment).
pub const DEMO_ACCESS_TOKEN: &str = concat!(
    "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0",
    ".",
    "eyJpc3MiOiJzaXBnYXRlLWluc3BlY3QgZGVtbyIsInN1YiI6IncwIiwiZGVtbyI6dHJ1ZSwibm90ZSI6ImRlbW8gdG9rZW4sIG5vdCB2YWxpZCBhdCBzaXBnYXRlIn0",
    ".",
    "ZGVtby1zaWduYXR1cmUtbm90LXZhbGlk",
);

#[cfg(test)]
mod tests {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    use super::*;

    #[test]
    fn access_token_is_jwt_shaped_and_says_demo() {
        let segments: Vec<&str> = DEMO_ACCESS_TOKEN.split('.').collect();
        assert_eq!(segments.len(), 3);
        for segment in &segments {
            URL_SAFE_NO_PAD
                .decode(segment)
                .expect("every segment is base64url");
        }
        let payload = URL_SAFE_NO_PAD.decode(segments[1]).expect("payload");
        let payload: serde_json::Value = serde_json::from_slice(&payload).expect("payload is JSON");
        assert_eq!(payload["demo"], true);
    }

    #[test]
    fn demo_token_is_a_uuid_v4() {
        let groups: Vec<usize> = DEMO_TOKEN.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12]);
        assert!(
            DEMO_TOKEN
                .chars()
                .all(|c| c == '-' || c.is_ascii_hexdigit())
        );
        assert_eq!(&DEMO_TOKEN[14..15], "4", "version nibble");
    }
}
