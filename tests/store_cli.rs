//! Profiles, history and reports through the real binary in a temporary HOME: `profile
//! add|list|show|remove`, `check --profile`, `check --all-profiles` (pass, fail, missing
//! secret, 429 with and without a short Retry-After), `history`, `history export`,
//! `check --report`, and a sweep of every file left under HOME for any secret or its Base64.

use std::io::Write as _;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::Value;
use sipgate_inspect::demo::{self, DEMO_TOKEN};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const BIN: &str = env!("CARGO_BIN_EXE_sipgate-inspect");

/// A temporary HOME and its own keyring service name, so parallel tests share nothing.
struct Home {
    dir: PathBuf,
    service: String,
}

#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Home {
    fn new(name: &str) -> Self {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("home-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("home");
        Self {
            dir,
            service: format!("sipgate-inspect-test-{name}-{}", std::process::id()),
        }
    }

    fn run(&self, args: &[&str], stdin: Option<&str>) -> Run {
        let mut command = Command::new(BIN);
        for var in [
            "SIPGATE_TOKEN_ID",
            "SIPGATE_TOKEN",
            "SIPGATE_ACCESS_TOKEN",
            "SIPGATE_BASE_URL",
            "SIPGATE_PROFILE",
            "SIPGATE_INSPECT_NO_HISTORY",
            "XDG_CONFIG_HOME",
            "XDG_STATE_HOME",
            "SIPGATE_INSPECT_KEYRING",
        ] {
            command.env_remove(var);
        }
        command
            .args(args)
            .env("HOME", &self.dir)
            .env("SIPGATE_INSPECT_KEYRING_SERVICE", &self.service)
            .env("NO_COLOR", "1")
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("starts");
        if let Some(input) = stdin {
            let mut pipe = child.stdin.take().expect("stdin");
            // A command that refuses early closes stdin unread.
            let _ = pipe.write_all(input.as_bytes());
        }
        let output = child.wait_with_output().expect("runs");
        Run {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Every file under HOME, with its bytes.
    fn files(&self) -> Vec<(PathBuf, Vec<u8>)> {
        fn walk(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
            for entry in std::fs::read_dir(dir).expect("lists").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out);
                } else if let Ok(bytes) = std::fs::read(&path) {
                    out.push((path, bytes));
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.dir, &mut out);
        out
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        // The keyring entries of this test go with it.
        let _ = self.run(&["profile", "remove", "pass"], None);
        let _ = self.run(&["profile", "remove", "fail"], None);
        let _ = self.run(&["profile", "remove", "rate"], None);
    }
}

/// The demo API in a runtime of its own, for as long as the test holds it.
fn demo_api() -> (tokio::runtime::Runtime, demo::DemoServer) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let server = runtime
        .block_on(demo::spawn(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))))
        .expect("demo API");
    (runtime, server)
}

fn skip_without_keyring() -> bool {
    #[cfg(target_os = "linux")]
    if let Err(e) = sipgate_inspect::store::kernel_keyring::UserKeyringCredential::probe() {
        println!("skipped: the kernel keyring cannot be reached here ({e})");
        return true;
    }
    false
}

// One scenario: each step works on what the ones before left in HOME.
#[allow(clippy::too_many_lines)]
#[test]
fn profiles_checks_history_and_reports_leave_no_secret_in_any_file() {
    if skip_without_keyring() {
        return;
    }
    let home = Home::new("sweep");
    let (_runtime, server) = demo_api();
    let base = server.base_url();
    let token_line = format!("{DEMO_TOKEN}\n");

    let add = home.run(
        &[
            "profile",
            "add",
            "pass",
            "--token-id",
            "token-DEMO01",
            "--base-url",
            &base,
        ],
        Some(&token_line),
    );
    assert_eq!(add.code, Some(0), "{add:#?}");
    assert!(
        add.stderr
            .contains("kernel keyring, which does not survive a reboot"),
        "{add:#?}"
    );
    let add = home.run(
        &[
            "profile",
            "add",
            "fail",
            "--token-id",
            "token-EXPIRD",
            "--base-url",
            &base,
        ],
        Some(&token_line),
    );
    assert_eq!(add.code, Some(0), "{add:#?}");
    let add = home.run(
        &[
            "profile",
            "add",
            "rate",
            "--token-id",
            "token-RATE42",
            "--base-url",
            &base,
        ],
        Some(&token_line),
    );
    assert_eq!(add.code, Some(0), "{add:#?}");
    let add = home.run(
        &[
            "profile",
            "add",
            "nosecret",
            "--token-id",
            "token-DEMO01",
            "--base-url",
            &base,
        ],
        None,
    );
    assert_eq!(add.code, Some(0), "{add:#?}");
    assert!(add.stderr.contains("without a new secret"), "{add:#?}");

    // A refused name says why.
    let bad = home.run(&["profile", "add", "../etc"], Some(&token_line));
    assert_eq!(bad.code, Some(2));
    assert!(bad.stderr.contains("cannot contain '/'"), "{bad:#?}");

    let list = home.run(&["profile", "list", "--json"], None);
    let names: Vec<String> = serde_json::from_str::<Value>(&list.stdout)
        .expect("JSON")
        .as_array()
        .expect("array")
        .iter()
        .map(|p| p["name"].as_str().expect("name").to_owned())
        .collect();
    assert_eq!(names, ["pass", "fail", "rate", "nosecret"]);

    let show = home.run(&["profile", "show", "pass", "--json"], None);
    let shown: Value = serde_json::from_str(&show.stdout).expect("JSON");
    assert_eq!(shown["secret_stored"], true);
    assert_eq!(shown["token_id"], "token-DEMO01");
    let show = home.run(&["profile", "show", "nosecret"], None);
    assert!(
        show.stdout.contains("secret        not stored"),
        "{show:#?}"
    );

    // check --profile, with a report in both formats.
    let md = home.dir.join("report.md");
    let json = home.dir.join("report.json");
    let check = home.run(
        &[
            "check",
            "--profile",
            "pass",
            "--report",
            md.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(check.code, Some(0), "{check:#?}");
    let check = home.run(
        &[
            "check",
            "--profile",
            "fail",
            "--json",
            "--report",
            json.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(check.code, Some(1), "{check:#?}");
    let report = std::fs::read_to_string(&md).expect("report");
    assert!(report.contains("| status | 200 OK |"), "{report}");
    assert!(
        report.contains("Authorization: Basic •••• (token-DEMO01:••••)"),
        "{report}"
    );
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("report")).expect("JSON");
    assert_eq!(report["attempt"]["status"], 401);
    assert_eq!(report["attempt"]["profile"], "fail");

    // The audit: pass, fail, no secret, 429 (Retry-After 30 s: reported, not waited for).
    let audit = home.run(&["check", "--all-profiles", "--json"], None);
    assert_eq!(
        audit.code,
        Some(2),
        "the worst: a missing secret is a usage error {audit:#?}"
    );
    let entries: Value = serde_json::from_str(&audit.stdout).expect("one JSON array");
    let summary: Vec<(String, i64, Option<i64>)> = entries
        .as_array()
        .expect("array")
        .iter()
        .map(|e| {
            (
                e["profile"].as_str().expect("profile").to_owned(),
                e["exit_code"].as_i64().expect("exit code"),
                e["status"].as_i64(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("pass".to_owned(), 0, Some(200)),
            ("fail".to_owned(), 1, Some(401)),
            ("rate".to_owned(), 1, Some(429)),
            ("nosecret".to_owned(), 2, None),
        ]
    );
    assert!(
        entries[3]["error"]["message"]
            .as_str()
            .expect("message")
            .contains("has no token in the keyring"),
        "{entries}"
    );
    let audit = home.run(&["check", "--all-profiles"], None);
    let lines: Vec<&str> = audit.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{audit:#?}");
    assert!(lines[0].starts_with("pass  ✓ 200 OK"), "{audit:#?}");
    assert!(
        lines[3].starts_with("nosecret  ✗ not checked"),
        "{audit:#?}"
    );

    // The history has every attempt, newest first, and exports one.
    let history = home.run(&["history", "--json", "--limit", "100"], None);
    let rows: Value = serde_json::from_str(&history.stdout).expect("JSON");
    let rows = rows.as_array().expect("array");
    assert_eq!(
        rows.len(),
        2 + 3 + 3,
        "two checks, two audits of three sendable profiles"
    );
    assert_eq!(rows[0]["profile"], "rate");
    assert!(rows[0].get("detail").is_none());
    let id = rows.last().expect("first")["id"]
        .as_i64()
        .expect("id")
        .to_string();
    let export = home.run(&["history", "export", &id], None);
    assert!(
        export.stdout.starts_with("# sipgate-inspect report"),
        "{export:#?}"
    );
    let exported = home.dir.join("export.json");
    let export = home.run(
        &[
            "history",
            "export",
            &id,
            "-o",
            exported.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(export.code, Some(0), "{export:#?}");

    // --no-history records nothing.
    let quiet = home.run(&["check", "--profile", "pass", "--no-history"], None);
    assert_eq!(quiet.code, Some(0));
    let history = home.run(&["history", "--json", "--limit", "100"], None);
    let after: Value = serde_json::from_str(&history.stdout).expect("JSON");
    assert_eq!(after.as_array().expect("array").len(), 8);

    // The sweep: no file under HOME holds a secret, as it is or in any Base64 form.
    let secrets = [
        DEMO_TOKEN.to_owned(),
        STANDARD.encode(DEMO_TOKEN),
        URL_SAFE_NO_PAD.encode(DEMO_TOKEN),
        STANDARD.encode(format!("token-DEMO01:{DEMO_TOKEN}")),
        STANDARD.encode(format!("token-EXPIRD:{DEMO_TOKEN}")),
        STANDARD.encode(format!("token-RATE42:{DEMO_TOKEN}")),
    ];
    let files = home.files();
    assert!(files.len() >= 5, "profiles, history, reports: {files:?}");
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        for secret in &secrets {
            assert!(
                !text.contains(secret.as_str()),
                "{} holds {secret}",
                path.display()
            );
        }
    }

    // Removing a profile removes its keyring entry too.
    let removed = home.run(&["profile", "remove", "pass"], None);
    assert_eq!(removed.code, Some(0), "{removed:#?}");
    let keyring = sipgate_inspect::store::Keyring::with_backend(
        sipgate_inspect::store::Backend::KernelKeyring,
        &home.service,
    );
    assert!(
        keyring
            .get("pass", sipgate_inspect::store::SecretKind::Token)
            .expect("reads")
            .is_none()
    );
}

#[test]
fn a_short_retry_after_is_waited_out_and_sent_again() {
    if skip_without_keyring() {
        return;
    }
    let home = Home::new("retry");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/v2/account"))
            .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/v2/account"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(
                r#"{"company":"Acme","mainProductType":"TEAM"}"#,
                "application/json",
            ))
            .with_priority(2)
            .mount(&server)
            .await;
        server
    });
    let base = format!("{}/v2", server.uri());
    let add = home.run(
        &[
            "profile",
            "add",
            "rate",
            "--token-id",
            "token-AB12CD",
            "--base-url",
            &base,
        ],
        Some("3f2b9c1e-7d4a-4e8b-9a6c-5b1d2e3f4a5b\n"),
    );
    assert_eq!(add.code, Some(0), "{add:#?}");
    let audit = home.run(&["check", "--all-profiles", "--json", "--no-history"], None);
    assert_eq!(audit.code, Some(0), "{audit:#?}");
    let entries: Value = serde_json::from_str(&audit.stdout).expect("JSON");
    assert_eq!(entries[0]["status"], 200);
    assert_eq!(entries[0]["retried_after_s"], 1);
    let requests = runtime
        .block_on(server.received_requests())
        .expect("recorded");
    let account_requests = requests
        .iter()
        .filter(|r| r.url.path() == "/v2/account")
        .count();
    assert_eq!(account_requests, 2, "sent once more after the 429");
}

#[test]
fn a_broken_profile_file_is_located_and_a_missing_profile_named() {
    let home = Home::new("broken");
    let config = home.dir.join(".config/sipgate-inspect");
    std::fs::create_dir_all(&config).expect("dir");
    std::fs::write(config.join("profiles.toml"), "[profiles.a]\ntoken_id = \n").expect("writes");
    let list = home.run(&["profile", "list"], None);
    assert_eq!(list.code, Some(2));
    assert!(list.stderr.contains("profiles.toml:2:12: "), "{list:#?}");
    std::fs::write(config.join("profiles.toml"), "").expect("writes");
    let check = home.run(&["check", "--profile", "nope"], None);
    assert_eq!(check.code, Some(2));
    assert!(
        check.stderr.contains("no profile named \"nope\""),
        "{check:#?}"
    );
}
