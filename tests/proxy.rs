//! The proxy explanation against where reqwest really sends the request.
//!
//! Each case runs the real binary (`check --json`) with proxy variables set in its own
//! environment (the test process's environment is never changed), against recording proxies
//! on 127.0.0.1 that note each request line (`CONNECT host:443` or `GET http://…`) and answer
//! 502 or 407. The explanation ([`proxy_in_effect`] with the same variables as data) must name
//! the variable whose proxy saw the request, or say why none did.
//!
//! Requests that go directly must not leave the machine either:
//! - to `0.0.0.0`, which Linux connects to 127.0.0.1, but which is no loopback address, so
//!   the client's own loopback bypass leaves it to the proxy variables, as for any host;
//! - to a host name with a 64-character label, which nothing accepts as a DNS name (labels
//!   are at most 63 bytes): over http the resolver refuses it before sending any query, over
//!   https rustls refuses it as the server name before connecting. Either failure shows that
//!   the client itself tried to reach the host; through a proxy, the proxy is asked instead
//!   (the control cases show that).

use std::io::{Read as _, Write as _};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;
use sipgate_inspect::api::{
    ApiClient, BaseUrl, ClientOptions, Credentials, ProxyEnv, proxy_in_effect,
};

const BIN: &str = env!("CARGO_BIN_EXE_sipgate-inspect");

const TOKEN_ID: &str = "token-PRX001";
const TOKEN: &str = "5d0c7a2e-93b1-4f6e-8a4d-1c2b3e4f5a6b";

/// Every variable the binary's proxy choice or credentials depend on; each run sets only its
/// own and inherits none of these.
const CLEARED: [&str; 14] = [
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
    "REQUEST_METHOD",
    "SIPGATE_TOKEN_ID",
    "SIPGATE_TOKEN",
    "SIPGATE_ACCESS_TOKEN",
    "SIPGATE_BASE_URL",
    "NO_COLOR",
];

const BAD_GATEWAY: &[u8] =
    b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
const AUTH_REQUIRED: &[u8] = b"HTTP/1.1 407 Proxy Authentication Required\r\n\
    Proxy-Authenticate: Basic realm=\"corp\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

/// A host name no resolver looks up and no TLS client accepts (see the module comment).
fn unreachable_host() -> String {
    format!("{}.example", "x".repeat(64))
}

/// A server on 127.0.0.1 that records each request head and answers with fixed bytes.
struct Recorder {
    port: u16,
    heads: mpsc::Receiver<String>,
}

impl Recorder {
    fn start(answer: &'static [u8]) -> Self {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let (sender, heads) = mpsc::channel();
        std::thread::spawn(move || {
            for mut connection in listener.incoming().flatten() {
                // Recorded before answering: once the client has its answer (and the binary
                // has exited), the head is in the channel.
                if sender.send(read_head(&mut connection)).is_err() {
                    return;
                }
                let _ = connection.write_all(answer);
            }
        });
        Self { port, heads }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The request lines seen since the last call.
    fn request_lines(&self) -> Vec<String> {
        self.heads
            .try_iter()
            .map(|head| head.lines().next().unwrap_or_default().to_owned())
            .collect()
    }

    /// The heads seen since the last call.
    fn heads(&self) -> Vec<String> {
        self.heads.try_iter().collect()
    }
}

fn read_head(connection: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut buf = [0_u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 65_536 {
        match connection.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&head).into_owned()
}

/// What one run of `check` printed.
struct Output {
    stdout: String,
    stderr: String,
}

/// `sipgate-inspect check <args> --base-url BASE` with only `env` of the proxy variables.
fn check(base: &str, env: &[(&str, String)], args: &[&str]) -> Output {
    let mut command = Command::new(BIN);
    // Nothing of the user's profiles or history: the tests leave no trace in their HOME.
    command
        .env("SIPGATE_INSPECT_NO_HISTORY", "1")
        .env_remove("SIPGATE_PROFILE");
    command.arg("check").args(args).args([
        "--timeout",
        "20",
        "--allow-insecure-http",
        "--base-url",
        base,
    ]);
    for var in CLEARED {
        command.env_remove(var);
    }
    command
        .env("SIPGATE_TOKEN_ID", TOKEN_ID)
        .env("SIPGATE_TOKEN", TOKEN)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null());
    let output = command.output().expect("the binary runs");
    Output {
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Where a request went.
#[derive(Debug)]
enum Route {
    /// Through proxy number `.0`, with this request line.
    Proxy(usize, String),
    /// Directly to the direct server, with this request line.
    Direct(String),
    /// Directly, to [`unreachable_host`]: the client itself tried to reach it, and failed.
    Itself,
}

/// One environment, one base URL, what the explanation says and where the request goes.
struct Case {
    name: &'static str,
    base: String,
    env: Vec<(&'static str, String)>,
    /// `ProxyInfo`'s `Display`, or "none".
    explained: String,
    route: Route,
}

/// Runs every case against four proxies and a direct server, built by `cases`.
fn run_cases(cases: impl FnOnce(&[String; 4], &Recorder) -> Vec<Case>) {
    let proxies = [(); 4].map(|()| Recorder::start(BAD_GATEWAY));
    let urls = [0, 1, 2, 3].map(|i| proxies[i].url());
    let direct = Recorder::start(BAD_GATEWAY);
    for case in cases(&urls, &direct) {
        let name = case.name;
        let env = ProxyEnv::from_pairs(case.env.iter().map(|(k, v)| (*k, v.as_str())));
        let info = proxy_in_effect(&case.base, &env);
        let explained = info
            .as_ref()
            .map_or_else(|| "none".into(), ToString::to_string);
        assert_eq!(explained, case.explained, "{name}: the explanation");

        let output = check(&case.base, &case.env, &["--json"]);
        let report: Value = serde_json::from_str(&output.stdout)
            .unwrap_or_else(|e| panic!("{name}: not JSON ({e}): {}", output.stdout));
        let message = report["error"]["message"].as_str().unwrap_or_default();
        let seen: Vec<Vec<String>> = proxies.iter().map(Recorder::request_lines).collect();
        let seen_direct = direct.request_lines();
        let context = format!("{name}: proxies saw {seen:?}, direct {seen_direct:?}, {report}");

        // Where reqwest sent it.
        let expected_by_proxy: Vec<Vec<String>> = (0..4)
            .map(|i| match &case.route {
                Route::Proxy(j, line) if *j == i => vec![line.clone()],
                _ => Vec::new(),
            })
            .collect();
        assert_eq!(seen, expected_by_proxy, "{context}");
        match &case.route {
            Route::Direct(line) => {
                assert_eq!(seen_direct, std::slice::from_ref(line), "{context}");
            }
            Route::Itself => {
                assert!(seen_direct.is_empty(), "{context}");
                assert!(
                    report["error"]["kind"] == "dns" || message == "invalid dns name",
                    "{context}"
                );
            }
            Route::Proxy(..) => assert!(seen_direct.is_empty(), "{context}"),
        }

        // The explanation agrees: used exactly when a proxy saw the request, and then it
        // names that proxy. So does the binary's own explanation, which names the proxy in
        // its error message (a CONNECT answered with 502 is an error; a GET is not).
        let used = info.as_ref().filter(|info| info.is_used());
        match &case.route {
            Route::Proxy(i, line) => {
                let info = used.unwrap_or_else(|| panic!("{context}: explained as not used"));
                assert_eq!(info.proxy, urls[*i], "{context}");
                if line.starts_with("CONNECT ") {
                    let named = format!("the proxy {}", urls[*i]);
                    assert!(message.contains(&named), "{context}");
                }
            }
            Route::Direct(_) | Route::Itself => {
                assert!(used.is_none(), "{context}: explained as used");
                assert!(!message.contains("proxy"), "{context}");
            }
        }
    }
}

/// The value of a header in a request head (the name in any case).
fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name).then_some(value.trim())
    })
}

fn connect_line(host_port: &str) -> String {
    format!("CONNECT {host_port} HTTP/1.1")
}

/// Through proxy `i`, tunnelled to `target` (`host:port`).
fn through_to(i: usize, target: &str) -> Route {
    Route::Proxy(i, connect_line(target))
}

/// Through proxy `i`, tunnelled to `api.example:443`.
fn through(i: usize) -> Route {
    through_to(i, "api.example:443")
}

/// Through proxy `i` as a plain http request for `http://api.example/v2/account`.
fn plain(i: usize) -> Route {
    Route::Proxy(i, "GET http://api.example/v2/account HTTP/1.1".into())
}

#[test]
fn the_schemes_own_variable_is_explained_as_reqwest_uses_it() {
    run_cases(|p, _| {
        let https = "https://api.example/v2".to_owned();
        let http = "http://api.example/v2".to_owned();
        vec![
            Case {
                name: "HTTPS_PROXY",
                base: https.clone(),
                env: vec![("HTTPS_PROXY", p[0].clone())],
                explained: format!("HTTPS_PROXY={}", p[0]),
                route: through(0),
            },
            Case {
                name: "https_proxy",
                base: https.clone(),
                env: vec![("https_proxy", p[1].clone())],
                explained: format!("https_proxy={}", p[1]),
                route: through(1),
            },
            Case {
                name: "HTTPS_PROXY before https_proxy",
                base: https.clone(),
                env: vec![("https_proxy", p[1].clone()), ("HTTPS_PROXY", p[0].clone())],
                explained: format!("HTTPS_PROXY={}", p[0]),
                route: through(0),
            },
            Case {
                name: "HTTP_PROXY for http, not HTTPS_PROXY",
                base: http.clone(),
                env: vec![("HTTP_PROXY", p[0].clone()), ("HTTPS_PROXY", p[1].clone())],
                explained: format!("HTTP_PROXY={}", p[0]),
                route: plain(0),
            },
            Case {
                name: "http_proxy",
                base: http.clone(),
                env: vec![("http_proxy", p[2].clone())],
                explained: format!("http_proxy={}", p[2]),
                route: plain(2),
            },
        ]
    });
}

#[test]
fn all_proxy_and_unusable_values_are_explained_as_reqwest_uses_them() {
    run_cases(|p, _| {
        let https = "https://api.example/v2".to_owned();
        let http = "http://api.example/v2".to_owned();
        vec![
            Case {
                name: "ALL_PROXY",
                base: https.clone(),
                env: vec![("ALL_PROXY", p[2].clone())],
                explained: format!("ALL_PROXY={}", p[2]),
                route: through(2),
            },
            Case {
                name: "all_proxy for http",
                base: http.clone(),
                env: vec![("all_proxy", p[3].clone())],
                explained: format!("all_proxy={}", p[3]),
                route: plain(3),
            },
            Case {
                name: "HTTPS_PROXY before ALL_PROXY",
                base: https.clone(),
                env: vec![("ALL_PROXY", p[2].clone()), ("HTTPS_PROXY", p[0].clone())],
                explained: format!("HTTPS_PROXY={}", p[0]),
                route: through(0),
            },
            Case {
                name: "an empty HTTPS_PROXY hides https_proxy; ALL_PROXY applies",
                base: https.clone(),
                env: vec![
                    ("HTTPS_PROXY", String::new()),
                    ("https_proxy", p[1].clone()),
                    ("ALL_PROXY", p[2].clone()),
                ],
                explained: format!("ALL_PROXY={}", p[2]),
                route: through(2),
            },
            Case {
                name: "an unusable HTTPS_PROXY falls through to ALL_PROXY",
                base: https.clone(),
                env: vec![
                    ("HTTPS_PROXY", p[1].replace("http:", "ftp:")),
                    ("ALL_PROXY", p[2].clone()),
                ],
                explained: format!("ALL_PROXY={}", p[2]),
                route: through(2),
            },
            // Controls: the unreachable host is no obstacle to a proxy, which is asked first.
            Case {
                name: "the unreachable host through HTTPS_PROXY",
                base: format!("https://{}/v2", unreachable_host()),
                env: vec![("HTTPS_PROXY", p[0].clone())],
                explained: format!("HTTPS_PROXY={}", p[0]),
                route: through_to(0, &format!("{}:443", unreachable_host())),
            },
            Case {
                name: "the unreachable host through HTTP_PROXY",
                base: format!("http://{}/v2", unreachable_host()),
                env: vec![("HTTP_PROXY", p[1].clone())],
                explained: format!("HTTP_PROXY={}", p[1]),
                route: Route::Proxy(
                    1,
                    format!("GET http://{}/v2/account HTTP/1.1", unreachable_host()),
                ),
            },
            Case {
                name: "HTTP_PROXY is not for https",
                base: format!("https://{}/v2", unreachable_host()),
                env: vec![("HTTP_PROXY", p[0].clone())],
                explained: "none".into(),
                route: Route::Itself,
            },
            Case {
                name: "an unusable HTTPS_PROXY alone",
                base: format!("https://{}/v2", unreachable_host()),
                env: vec![("HTTPS_PROXY", p[1].replace("http:", "ftp:"))],
                explained: format!(
                    "HTTPS_PROXY={} (ignored: not a usable proxy URL)",
                    p[1].replace("http:", "ftp:")
                ),
                route: Route::Itself,
            },
        ]
    });
}

#[test]
fn no_proxy_names_are_explained_as_reqwest_honours_them() {
    run_cases(|p, _| {
        let far = unreachable_host();
        let https_far = format!("https://{far}/v2");
        let exempt = |variable: &str, entry: &str| {
            format!(
                "HTTPS_PROXY={} (not used: {variable} entry {entry:?} matches the host)",
                p[0]
            )
        };
        vec![
            Case {
                name: "NO_PROXY, the exact host",
                base: https_far.clone(),
                env: vec![
                    ("HTTPS_PROXY", p[0].clone()),
                    ("NO_PROXY", format!("localhost,{far}")),
                ],
                explained: exempt("NO_PROXY", &far),
                route: Route::Itself,
            },
            Case {
                name: "NO_PROXY, a suffix",
                base: https_far.clone(),
                env: vec![
                    ("HTTPS_PROXY", p[0].clone()),
                    ("NO_PROXY", ".example".into()),
                ],
                explained: exempt("NO_PROXY", ".example"),
                route: Route::Itself,
            },
            Case {
                name: "NO_PROXY for http, a suffix",
                base: format!("http://{far}/v2"),
                env: vec![
                    ("HTTP_PROXY", p[1].clone()),
                    ("NO_PROXY", ".example".into()),
                ],
                explained: format!(
                    "HTTP_PROXY={} (not used: NO_PROXY entry \".example\" matches the host)",
                    p[1]
                ),
                route: Route::Itself,
            },
            Case {
                name: "no_proxy, a suffix without its dot",
                base: https_far.clone(),
                env: vec![
                    ("HTTPS_PROXY", p[0].clone()),
                    ("no_proxy", "example".into()),
                ],
                explained: exempt("no_proxy", "example"),
                route: Route::Itself,
            },
            Case {
                name: "NO_PROXY, whole labels only",
                base: "https://api.example/v2".into(),
                env: vec![
                    ("HTTPS_PROXY", p[0].clone()),
                    ("NO_PROXY", "ample, i.example, other.example".into()),
                ],
                explained: format!("HTTPS_PROXY={}", p[0]),
                route: Route::Proxy(0, connect_line("api.example:443")),
            },
            Case {
                name: "an empty NO_PROXY hides no_proxy",
                base: "https://api.example/v2".into(),
                env: vec![
                    ("HTTPS_PROXY", p[0].clone()),
                    ("NO_PROXY", String::new()),
                    ("no_proxy", ".example".into()),
                ],
                explained: format!("HTTPS_PROXY={}", p[0]),
                route: Route::Proxy(0, connect_line("api.example:443")),
            },
            Case {
                name: "NO_PROXY=*",
                base: https_far.clone(),
                env: vec![("HTTPS_PROXY", p[0].clone()), ("NO_PROXY", "*".into())],
                explained: exempt("NO_PROXY", "*"),
                route: Route::Itself,
            },
        ]
    });
}

#[test]
fn no_proxy_ip_entries_are_explained_as_reqwest_honours_them() {
    run_cases(|p, direct| {
        let ip_base = format!("http://0.0.0.0:{}/v2", direct.port);
        vec![
            Case {
                name: "NO_PROXY=* leaves IP hosts to the proxy",
                base: "https://0.0.0.0:9/v2".into(),
                env: vec![("HTTPS_PROXY", p[0].clone()), ("NO_PROXY", "*".into())],
                explained: format!("HTTPS_PROXY={}", p[0]),
                route: Route::Proxy(0, connect_line("0.0.0.0:9")),
            },
            Case {
                name: "NO_PROXY, an IP address",
                base: ip_base.clone(),
                env: vec![
                    ("HTTP_PROXY", p[1].clone()),
                    ("NO_PROXY", "example, 0.0.0.0".into()),
                ],
                explained: format!(
                    "HTTP_PROXY={} (not used: NO_PROXY entry \"0.0.0.0\" matches the host)",
                    p[1]
                ),
                route: Route::Direct("GET /v2/account HTTP/1.1".into()),
            },
            Case {
                name: "no_proxy, a network",
                base: ip_base.clone(),
                env: vec![
                    ("http_proxy", p[1].clone()),
                    ("no_proxy", "0.0.0.0/8".into()),
                ],
                explained: format!(
                    "http_proxy={} (not used: no_proxy entry \"0.0.0.0/8\" matches the host)",
                    p[1]
                ),
                route: Route::Direct("GET /v2/account HTTP/1.1".into()),
            },
            Case {
                name: "NO_PROXY, another IP address",
                base: ip_base.clone(),
                env: vec![
                    ("HTTP_PROXY", p[1].clone()),
                    ("NO_PROXY", "10.0.0.1".into()),
                ],
                explained: format!("HTTP_PROXY={}", p[1]),
                route: Route::Proxy(
                    1,
                    format!("GET http://0.0.0.0:{}/v2/account HTTP/1.1", direct.port),
                ),
            },
        ]
    });
}

#[test]
fn cgi_and_loopback_go_direct_as_explained() {
    run_cases(|p, direct| {
        vec![
            Case {
                name: "REQUEST_METHOD set: CGI",
                base: format!("https://{}/v2", unreachable_host()),
                env: vec![
                    ("HTTPS_PROXY", p[0].clone()),
                    ("REQUEST_METHOD", "GET".into()),
                ],
                explained: format!(
                    "HTTPS_PROXY={} (ignored: REQUEST_METHOD is set, as under CGI)",
                    p[0]
                ),
                route: Route::Itself,
            },
            Case {
                name: "loopback: the client's own bypass",
                base: format!("http://127.0.0.1:{}/v2", direct.port),
                env: vec![("HTTP_PROXY", p[0].clone())],
                explained: format!("HTTP_PROXY={} (bypassed (loopback))", p[0]),
                route: Route::Direct("GET /v2/account HTTP/1.1".into()),
            },
        ]
    });
}

/// A key as the proxy's user name (and an empty password) never shows, in text or JSON.
#[test]
fn a_proxy_user_name_never_shows() {
    let proxy = Recorder::start(AUTH_REQUIRED);
    let with_key = format!("http://APIKEY-supersecret:@127.0.0.1:{}", proxy.port);
    let masked = format!("http://••••@127.0.0.1:{}", proxy.port);
    let env = [("HTTPS_PROXY", with_key)];
    for args in [&[][..], &["--json"][..]] {
        let output = check("https://api.example/v2", &env, args);
        let heads = proxy.heads();
        // The proxy was asked, with the key as user name: the variable was used.
        assert_eq!(heads.len(), 1, "{heads:?}");
        assert!(
            heads[0].starts_with("CONNECT api.example:443 HTTP/1.1\r\n"),
            "{heads:?}"
        );
        // base64("APIKEY-supersecret:"), written out.
        assert_eq!(
            header(&heads[0], "proxy-authorization"),
            Some("Basic QVBJS0VZLXN1cGVyc2VjcmV0Og=="),
            "{heads:?}"
        );
        for (name, text) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
            for secret in ["supersecret", "APIKEY", "QVBJS0VZLXN1cGVyc2VjcmV0"] {
                assert!(
                    !text.contains(secret),
                    "{args:?} {name} shows {secret}:\n{text}"
                );
            }
        }
        // The finding still says which proxy refused, and why.
        assert!(
            output.stdout.contains(&masked),
            "{args:?}:\n{}",
            output.stdout
        );
        assert!(
            output.stdout.contains("407"),
            "{args:?}:\n{}",
            output.stdout
        );
    }
}

/// The request summary the TUI shows, for a proxy given explicitly.
#[test]
fn the_request_summary_masks_a_configured_proxy_user_name() {
    let base = BaseUrl::parse("https://api.example/v2", false).expect("base");
    let options = ClientOptions {
        proxy: Some("http://APIKEY-supersecret:@127.0.0.1:1".into()),
        ..ClientOptions::default()
    };
    let client = ApiClient::with_options(base, Duration::from_secs(1), options).expect("client");
    let credentials = Credentials::personal(TOKEN_ID, TOKEN.to_owned().into());
    let summary = client.describe("account", &credentials);
    assert_eq!(
        summary.proxy.as_deref(),
        Some("http://••••@127.0.0.1:1 (configured)")
    );
    assert_eq!(client.proxy(), Some("http://••••@127.0.0.1:1"));
}
