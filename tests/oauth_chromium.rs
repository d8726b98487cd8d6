//! The demo consent page in a real headless browser (Debian's `chromium`): load the
//! authorization URL, press Allow, land on the listener's page, and the sign-in finishes.
//!
//! Chromium is driven over the `DevTools` protocol through `--remote-debugging-pipe` (JSON
//! messages ending in NUL on file descriptors 3 and 4, which bash sets up), so no WebSocket
//! client is needed. Allow is pressed with `Runtime.evaluate` clicking the button: the form
//! is really submitted by the browser. Without chromium, the test says why it skipped.

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::SocketAddr;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use secrecy::SecretString;
use serde_json::{Value, json};
use sipgate_inspect::oauth::{
    ClientCredentials, Issuer, ListenerLimits, RedirectUri, SignInConfig, http_client, start,
};

const CHROMIUM: &str = "chromium";

/// The `DevTools` connection: commands written to chromium's fd 3, answers read from its fd 4.
struct DevTools {
    child: Child,
    input: ChildStdin,
    answers: Receiver<Value>,
    next_id: u64,
}

impl DevTools {
    fn launch(profile: &std::path::Path) -> Self {
        let flags = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-proxy-server",
            "--remote-debugging-pipe",
        ];
        // fd 3 reads what we write to its stdin, fd 4 writes to its stdout.
        let script = format!(
            "exec {CHROMIUM} {} --user-data-dir=\"$1\" about:blank 3<&0 4>&1 0</dev/null 1>/dev/null 2>/dev/null",
            flags.join(" ")
        );
        let mut child = Command::new("bash")
            .args(["-c", &script, "bash"])
            .arg(profile)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("bash");
        let input = child.stdin.take().expect("stdin");
        let mut output = BufReader::new(child.stdout.take().expect("stdout"));
        let (send, answers) = channel();
        std::thread::spawn(move || {
            let mut message = Vec::new();
            while output.read_until(0, &mut message).unwrap_or(0) > 0 {
                message.pop();
                if let Ok(value) = serde_json::from_slice::<Value>(&message)
                    && send.send(value).is_err()
                {
                    break;
                }
                message.clear();
            }
        });
        Self {
            child,
            input,
            answers,
            next_id: 0,
        }
    }

    /// Sends a command (to a page session when given) and waits for its answer.
    fn call(&mut self, session: Option<&str>, method: &str, params: &Value) -> Value {
        self.next_id += 1;
        let mut message = json!({"id": self.next_id, "method": method, "params": params});
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        let mut bytes = message.to_string().into_bytes();
        bytes.push(0);
        self.input.write_all(&bytes).expect("write to chromium");
        self.input.flush().expect("flush");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let answer = self
                .answers
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("chromium did not answer {method}"));
            if answer["id"] == json!(self.next_id) {
                assert!(answer.get("error").is_none(), "{method}: {answer}");
                return answer["result"].clone();
            }
        }
    }

    /// Evaluates JavaScript in the page; its value.
    fn evaluate(&mut self, session: &str, expression: &str) -> Value {
        self.call(
            Some(session),
            "Runtime.evaluate",
            &json!({"expression": expression, "returnByValue": true}),
        )["result"]["value"]
            .clone()
    }

    /// Evaluates `expression` every 100 ms until it gives a string containing `wanted`.
    fn wait_for(&mut self, session: &str, expression: &str, wanted: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let value = self.evaluate(session, expression);
            let text = value.as_str().unwrap_or_default().to_owned();
            if text.contains(wanted) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "never saw {wanted:?}; last: {text}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for DevTools {
    fn drop(&mut self) {
        self.next_id += 1;
        let close = json!({"id": self.next_id, "method": "Browser.close"}).to_string();
        let _ = self.input.write_all(format!("{close}\0").as_bytes());
        let _ = self.input.flush();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn chromium_available() -> Result<(), String> {
    match Command::new(CHROMIUM).arg("--version").output() {
        Ok(output) if output.status.success() => Ok(()),
        Ok(output) => Err(format!("`{CHROMIUM} --version` failed: {}", output.status)),
        Err(e) => Err(format!(
            "`{CHROMIUM}` cannot be run ({e}); install Debian's package: apt-get install -y chromium"
        )),
    }
}

#[test]
fn the_consent_page_in_headless_chromium_signs_in() {
    if let Err(why) = chromium_available() {
        eprintln!("SKIPPED the_consent_page_in_headless_chromium_signs_in: {why}");
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let (server, pending) = runtime.block_on(async {
        let server = sipgate_inspect::demo::spawn(SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .expect("demo");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .expect("bind")
            .local_addr()
            .expect("addr")
            .port();
        let config = SignInConfig {
            issuer: Issuer::parse(
                &format!("http://{}/auth/realms/sipgate-apps", server.addr()),
                false,
            )
            .expect("issuer"),
            client: ClientCredentials {
                client_id: "demo-app".to_owned(),
                client_secret: SecretString::from("demo-secret".to_owned()),
            },
            scopes: vec!["account:read".to_owned()],
            redirect: RedirectUri::parse(&format!("http://127.0.0.1:{port}/callback"))
                .expect("redirect"),
            limits: ListenerLimits::default(),
        };
        (server, start(config).await.expect("start"))
    });
    let url = pending.authorization_url().to_owned();
    let http = http_client(Duration::from_secs(10)).expect("client");
    let signed_in =
        runtime.spawn(async move { pending.finish(&http, Duration::from_secs(60)).await });

    let profile = std::env::temp_dir().join(format!(
        "sipgate-inspect-chromium-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    std::fs::create_dir_all(&profile).expect("profile dir");
    {
        let mut browser = DevTools::launch(&profile);
        let target = browser.call(None, "Target.createTarget", &json!({"url": "about:blank"}));
        let target_id = target["targetId"].as_str().expect("target").to_owned();
        let attached = browser.call(
            None,
            "Target.attachToTarget",
            &json!({"targetId": target_id, "flatten": true}),
        );
        let session = attached["sessionId"].as_str().expect("session").to_owned();
        browser.call(Some(&session), "Page.navigate", &json!({"url": url}));
        browser.wait_for(
            &session,
            "document.getElementById('allow') ? 'consent page' : document.readyState",
            "consent page",
        );
        // Press Allow: the browser submits the form, follows the 302 to the listener.
        browser.evaluate(
            &session,
            "document.getElementById('allow').click(); 'clicked'",
        );
        let landed = browser.wait_for(
            &session,
            "location.href + '\\n' + (document.body ? document.body.innerText : '')",
            "You can close this tab",
        );
        assert!(landed.contains("/callback?code="), "{landed}");
        assert!(landed.contains("Signed in"), "{landed}");
    }
    let _ = std::fs::remove_dir_all(&profile);
    let result = runtime.block_on(signed_in).expect("task");
    let signed = result.expect("signed in through chromium");
    assert_eq!(signed.client_id, "demo-app");
    assert_eq!(signed.tokens.scope.as_deref(), Some("account:read"));
    drop(server);
}
