//! Transport failures produced for real on 127.0.0.1: TLS listeners with certificates made at
//! test time (self-signed, for another name, expired, and https to a plain-http port), a
//! connect that hangs because the listener's accept queue is full, and proxies that are not
//! there, refuse the tunnel or hang up. Each test checks the classification and the finding,
//! and prints the error chain it got so that a wording change in rustls or hyper-util shows.

mod common;
use common::drive;
use common::tls;

use std::net::SocketAddr;
use std::time::Duration;

use drive::read_head;
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose,
};
use secrecy::SecretString;
use sipgate_inspect::api::{
    ApiClient, BaseUrl, ClientOptions, Credentials, TlsProblem, TransportError, TransportErrorKind,
    TrustedCertificates,
};
use sipgate_inspect::inspection::Inspection;
use tls::{TlsIdentity, self_signed, serve_tls};
use tokio::io::AsyncWriteExt as _;
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio_rustls::rustls::pki_types::PrivatePkcs8KeyDer;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ACCOUNT: &str = r#"{"company":"Love sipgate","mainProductType":"TEAM"}"#;

fn credentials() -> Credentials {
    Credentials::personal(
        "token-FQ1V12",
        SecretString::from("e68ead46-a7db-46cd-8a1a-44aed1e4e372"),
    )
}

fn client(base: &str, options: ClientOptions) -> ApiClient {
    let base = BaseUrl::parse(base, true).expect("base url");
    ApiClient::with_options(base, Duration::from_secs(5), options).expect("client")
}

fn trusting(ca: &TestCa) -> ClientOptions {
    ClientOptions {
        extra_roots: TrustedCertificates::from_pem(ca.pem().as_bytes()).expect("CA parses"),
        ..ClientOptions::default()
    }
}

fn ids(inspection: &Inspection) -> Vec<&'static str> {
    inspection.findings.iter().map(|f| f.id).collect()
}

/// The transport error, printed (visible with `--nocapture`) for the record.
fn failure(inspection: &Inspection) -> &TransportError {
    let error = inspection
        .exchange
        .result
        .as_ref()
        .expect_err("expected a transport failure, got a response");
    eprintln!(
        "{:?}: {}\n  chain: {:#?}",
        error.kind, error.message, error.chain
    );
    error
}

/// Asserts the kind and the finding, showing the whole chain when either is wrong.
fn assert_failure(inspection: &Inspection, kind: &TransportErrorKind, finding: &str) {
    let error = failure(inspection);
    assert_eq!(
        (&error.kind, ids(inspection)),
        (kind, vec![finding]),
        "message: {}\nchain: {:#?}",
        error.message,
        error.chain
    );
}

// ------------------------------------------------------------------------ certificates

/// A date as rcgen takes it: (year, month, day).
type Ymd = (i32, u8, u8);

/// A certificate authority made for one test; clients trust it only when told to.
struct TestCa {
    issuer: CertifiedIssuer<'static, KeyPair>,
}

impl TestCa {
    fn new() -> Self {
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(DnType::CommonName, "sipgate-inspect test CA");
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let key = KeyPair::generate().expect("CA key");
        Self {
            issuer: CertifiedIssuer::self_signed(params, key).expect("CA certificate"),
        }
    }

    fn pem(&self) -> String {
        self.issuer.pem()
    }

    /// A server certificate for `names`, valid from `not_before` to `not_after` (rcgen's
    /// defaults, which cover today, when `None`).
    fn issue(&self, names: &[&str], validity: Option<(Ymd, Ymd)>) -> TlsIdentity {
        let mut params =
            CertificateParams::new(names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>())
                .expect("leaf params");
        if let Some((from, until)) = validity {
            params.not_before = rcgen::date_time_ymd(from.0, from.1, from.2);
            params.not_after = rcgen::date_time_ymd(until.0, until.1, until.2);
        }
        let key = KeyPair::generate().expect("leaf key");
        let cert = params
            .signed_by(&key, &self.issuer)
            .expect("leaf certificate");
        TlsIdentity::new(
            vec![cert.der().clone()],
            PrivatePkcs8KeyDer::from(key.serialize_der()).into(),
            cert.pem(),
        )
    }
}

// ------------------------------------------------------------------------ servers

/// A TLS server on 127.0.0.1 that answers every request with the account JSON. Returns
/// its address; it runs until the test's runtime ends.
async fn tls_server(identity: TlsIdentity) -> SocketAddr {
    let response = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{ACCOUNT}",
        ACCOUNT.len()
    );
    serve_tls(identity, response.into_bytes()).await
}

/// A port on 127.0.0.1 where nothing listens.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

/// How a fake proxy on 127.0.0.1 treats each request.
#[derive(Clone, Copy)]
enum ProxyBehaviour {
    /// Answer with `502 Bad Gateway`.
    BadGateway,
    /// Answer with `407 Proxy Authentication Required`.
    AuthRequired,
    /// Read the request and close the connection without a word.
    HangUp,
    /// Open the tunnel a CONNECT asks for, but only to 127.0.0.1.
    Tunnel,
}

/// A fake HTTP proxy. Returns its URL and a channel that receives each request head.
async fn proxy_server(
    behaviour: ProxyBehaviour,
) -> (String, tokio::sync::mpsc::UnboundedReceiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (heads, received) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let heads = heads.clone();
            tokio::spawn(async move {
                let head = read_head(&mut socket).await;
                let _ = heads.send(head.clone());
                match behaviour {
                    ProxyBehaviour::BadGateway => {
                        let _ = socket
                            .write_all(
                                b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\
                                  Connection: close\r\n\r\n",
                            )
                            .await;
                        let _ = socket.shutdown().await;
                    }
                    ProxyBehaviour::AuthRequired => {
                        let _ = socket
                            .write_all(
                                b"HTTP/1.1 407 Proxy Authentication Required\r\n\
                                  Proxy-Authenticate: Basic realm=\"corp\"\r\n\
                                  Content-Length: 0\r\nConnection: close\r\n\r\n",
                            )
                            .await;
                        let _ = socket.shutdown().await;
                    }
                    ProxyBehaviour::HangUp => drop(socket),
                    ProxyBehaviour::Tunnel => tunnel(socket, &head).await,
                }
            });
        }
    });
    (format!("http://127.0.0.1:{}", addr.port()), received)
}

async fn tunnel(mut client: TcpStream, head: &str) {
    // `CONNECT 127.0.0.1:PORT HTTP/1.1`: never connect anywhere but loopback.
    let target = head
        .strip_prefix("CONNECT ")
        .and_then(|rest| rest.split_whitespace().next())
        .filter(|t| t.starts_with("127.0.0.1:"))
        .map(str::to_owned);
    let Some(target) = target else {
        let _ = client.write_all(b"HTTP/1.1 403 Forbidden\r\n\r\n").await;
        return;
    };
    let Ok(mut upstream) = TcpStream::connect(target).await else {
        let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\n\r\n").await;
        return;
    };
    if client
        .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
        .await
        .is_ok()
    {
        let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
    }
}

// ------------------------------------------------------------------------ TLS

#[tokio::test]
async fn a_certificate_from_a_trusted_ca_for_the_right_name_works() {
    // The control for the TLS failures below: same CA, same server, only the name is right.
    let ca = TestCa::new();
    let addr = tls_server(ca.issue(&["127.0.0.1", "localhost"], None)).await;
    let client = client(&format!("https://{addr}/v2"), trusting(&ca));
    let inspection = Inspection::run(&client, &credentials()).await;
    assert_eq!(
        inspection.status(),
        Some(200),
        "{:?}",
        inspection.exchange.result
    );
    assert_eq!(ids(&inspection), vec!["ok.account"]);
}

#[tokio::test]
async fn a_self_signed_certificate_is_an_unknown_issuer() {
    let addr = tls_server(self_signed(&["127.0.0.1", "localhost"])).await;
    let client = client(&format!("https://{addr}/v2"), ClientOptions::default());
    let inspection = Inspection::run(&client, &credentials()).await;
    assert_failure(
        &inspection,
        &TransportErrorKind::Tls(TlsProblem::UnknownIssuer),
        "transport.tls-unknown-issuer",
    );
}

#[tokio::test]
async fn the_same_self_signed_certificate_is_accepted_once_trusted() {
    // `--ca-cert` with the server's own certificate: what a user behind TLS inspection does
    // with the inspection CA.
    let certified = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()])
        .expect("self-signed certificate");
    let pem = certified.cert.pem();
    let addr = tls_server(TlsIdentity::new(
        vec![certified.cert.der().clone()],
        PrivatePkcs8KeyDer::from(certified.signing_key.serialize_der()).into(),
        pem.clone(),
    ))
    .await;
    let dir = std::env::temp_dir().join(format!("sipgate-inspect-ca-{}", addr.port()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("ca.pem");
    std::fs::write(&file, pem).expect("write PEM");
    let roots = TrustedCertificates::from_pem_file(&file).expect("PEM file parses");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(roots.len(), 1);
    let options = ClientOptions {
        extra_roots: roots,
        ..ClientOptions::default()
    };
    let client = client(&format!("https://{addr}/v2"), options);
    let inspection = Inspection::run(&client, &credentials()).await;
    assert_eq!(
        inspection.status(),
        Some(200),
        "{:?}",
        inspection.exchange.result
    );
}

#[tokio::test]
async fn a_certificate_for_another_name_is_a_hostname_mismatch() {
    let ca = TestCa::new();
    let addr = tls_server(ca.issue(&["other.invalid"], None)).await;
    let client = client(&format!("https://{addr}/v2"), trusting(&ca));
    let inspection = Inspection::run(&client, &credentials()).await;
    assert_failure(
        &inspection,
        &TransportErrorKind::Tls(TlsProblem::HostnameMismatch),
        "transport.tls-hostname",
    );
}

#[tokio::test]
async fn an_expired_certificate_is_expired() {
    let ca = TestCa::new();
    let addr = tls_server(ca.issue(&["127.0.0.1"], Some(((2020, 1, 1), (2021, 1, 1))))).await;
    let client = client(&format!("https://{addr}/v2"), trusting(&ca));
    let inspection = Inspection::run(&client, &credentials()).await;
    assert_failure(
        &inspection,
        &TransportErrorKind::Tls(TlsProblem::Expired),
        "transport.tls-expired",
    );
}

#[tokio::test]
async fn a_certificate_not_yet_valid_is_reported_with_the_expired_ones() {
    let ca = TestCa::new();
    let addr = tls_server(ca.issue(&["127.0.0.1"], Some(((2300, 1, 1), (2301, 1, 1))))).await;
    let client = client(&format!("https://{addr}/v2"), trusting(&ca));
    let inspection = Inspection::run(&client, &credentials()).await;
    assert_failure(
        &inspection,
        &TransportErrorKind::Tls(TlsProblem::Expired),
        "transport.tls-expired",
    );
}

#[tokio::test]
async fn https_to_a_plain_http_port_is_not_tls() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/account"))
        .respond_with(ResponseTemplate::new(200).set_body_string(ACCOUNT))
        .mount(&server)
        .await;
    let port = server.address().port();
    let client = client(
        &format!("https://127.0.0.1:{port}/v2"),
        ClientOptions::default(),
    );
    let inspection = Inspection::run(&client, &credentials()).await;
    assert_failure(
        &inspection,
        &TransportErrorKind::Tls(TlsProblem::NotTls),
        "transport.tls-not-tls",
    );
}

#[tokio::test]
async fn words_in_the_url_do_not_steer_the_classification() {
    // reqwest's message quotes the URL; "tls", "certificate" and "proxy" in it must not turn
    // a refused connection into a TLS or proxy failure.
    let port = closed_port();
    let client = client(
        &format!("http://127.0.0.1:{port}/tls/certificate/proxy/tunnel/v2"),
        ClientOptions::default(),
    );
    let inspection = Inspection::run(&client, &credentials()).await;
    assert_failure(
        &inspection,
        &TransportErrorKind::ConnectionRefused,
        "transport.refused",
    );
}

// ------------------------------------------------------------------------ connect timeout

/// A listener whose accept queue is full: it never accepts, and a couple of connections
/// already wait in its queue, so the kernel drops further SYNs and a connect hangs. Returns
/// the address and the queued connections (which must stay open).
async fn full_listener() -> (SocketAddr, Vec<TcpStream>) {
    let socket = TcpSocket::new_v4().expect("socket");
    socket
        .bind("127.0.0.1:0".parse().expect("addr"))
        .expect("bind");
    let listener = socket.listen(1).expect("listen");
    let addr = listener.local_addr().expect("addr");
    // The listener must outlive the test's connects; leaking it into a task that never
    // accepts keeps it open until the runtime ends.
    tokio::spawn(async move {
        let _listener = listener;
        std::future::pending::<()>().await;
    });
    let mut queued = Vec::new();
    let mut hung = 0;
    for _ in 0..16 {
        match tokio::time::timeout(Duration::from_millis(250), TcpStream::connect(addr)).await {
            Ok(Ok(stream)) => {
                queued.push(stream);
                hung = 0;
            }
            Ok(Err(e)) => panic!("filling the accept queue failed: {e}"),
            // This connect hangs: the queue is full. Twice in a row, so that one slow
            // connect on a busy machine is not taken for a full queue.
            Err(_) => {
                hung += 1;
                if hung == 2 {
                    return (addr, queued);
                }
            }
        }
    }
    panic!(
        "16 connections to a listen(1) socket that never accepts all succeeded; \
         this kernel does not drop SYNs on a full accept queue"
    );
}

#[tokio::test]
async fn a_connect_that_hangs_is_a_connect_timeout() {
    let (addr, _queued) = full_listener().await;
    let options = ClientOptions {
        connect_timeout: Some(Duration::from_millis(300)),
        ..ClientOptions::default()
    };
    let base = BaseUrl::parse(&format!("http://{addr}/v2"), true).expect("base url");
    let client = ApiClient::with_options(base, Duration::from_secs(3), options).expect("client");
    let inspection = Inspection::run(&client, &credentials()).await;
    assert_failure(
        &inspection,
        &TransportErrorKind::ConnectTimeout,
        "transport.connect-timeout",
    );
    // Generous: the 300 ms connect limit, not the 3 s overall one, ended it.
    assert!(
        inspection.exchange.elapsed < Duration::from_millis(2500),
        "{:?}",
        inspection.exchange.elapsed
    );
}

// ------------------------------------------------------------------------ proxies

fn via_proxy(proxy: &str) -> ClientOptions {
    ClientOptions {
        proxy: Some(proxy.to_owned()),
        ..ClientOptions::default()
    }
}

#[tokio::test]
async fn a_proxy_where_nothing_listens_is_a_proxy_error() {
    let proxy = format!("http://user:s3cret@127.0.0.1:{}", closed_port());
    // The server is never reached; its port does not matter.
    let client = client(
        &format!("https://127.0.0.1:{}/v2", closed_port()),
        via_proxy(&proxy),
    );
    // The whole user info is masked: a user name can be a key too.
    assert_eq!(client.proxy(), Some(&*proxy.replace("user:s3cret", "••••")));
    let inspection = Inspection::run(&client, &credentials()).await;
    assert_failure(&inspection, &TransportErrorKind::Proxy, "transport.proxy");
    let error = failure(&inspection);
    assert!(error.message.contains("refused"), "{}", error.message);
    assert!(
        error.message.contains("//••••@127.0.0.1:"),
        "{}",
        error.message
    );
    let shown = format!("{error:?} {}", inspection.findings[0].explanation);
    assert!(
        !shown.contains("s3cret") && !shown.contains("user"),
        "the proxy credentials leaked: {shown}"
    );
}

#[tokio::test]
async fn a_plain_http_request_to_a_dead_proxy_is_a_proxy_error_too() {
    // Without a tunnel there is no "tunnel error" in the chain: only knowing that a proxy
    // is configured tells this apart from the server refusing.
    let proxy = format!("http://127.0.0.1:{}", closed_port());
    let client = client(
        &format!("http://127.0.0.1:{}/v2", closed_port()),
        via_proxy(&proxy),
    );
    let inspection = Inspection::run(&client, &credentials()).await;
    assert_failure(&inspection, &TransportErrorKind::Proxy, "transport.proxy");
}

#[tokio::test]
async fn a_proxy_answering_connect_with_502_is_a_proxy_error() {
    let (proxy, mut heads) = proxy_server(ProxyBehaviour::BadGateway).await;
    let client = client("https://127.0.0.1:9/v2", via_proxy(&proxy));
    let inspection = Inspection::run(&client, &credentials()).await;
    assert_failure(&inspection, &TransportErrorKind::Proxy, "transport.proxy");
    let head = heads.recv().await.expect("the proxy saw a request");
    assert!(head.starts_with("CONNECT 127.0.0.1:9 "), "{head}");
    // The credentials travel inside the tunnel, never to the proxy in clear.
    assert!(
        !head.to_ascii_lowercase().contains("authorization: basic"),
        "{head}"
    );
}

#[tokio::test]
async fn a_proxy_asking_for_credentials_is_a_proxy_error() {
    let (proxy, _heads) = proxy_server(ProxyBehaviour::AuthRequired).await;
    let client = client("https://127.0.0.1:9/v2", via_proxy(&proxy));
    let inspection = Inspection::run(&client, &credentials()).await;
    assert_failure(&inspection, &TransportErrorKind::Proxy, "transport.proxy");
    let error = failure(&inspection);
    assert!(error.message.contains("407"), "{}", error.message);
}

#[tokio::test]
async fn a_proxy_hanging_up_on_connect_is_a_proxy_error() {
    let (proxy, _heads) = proxy_server(ProxyBehaviour::HangUp).await;
    let client = client("https://127.0.0.1:9/v2", via_proxy(&proxy));
    let inspection = Inspection::run(&client, &credentials()).await;
    assert_failure(&inspection, &TransportErrorKind::Proxy, "transport.proxy");
}

#[tokio::test]
async fn a_502_from_a_proxy_to_plain_http_is_an_answer() {
    // A forwarding proxy's own error page is an HTTP response like any other; it is shown
    // as such (the proxy cannot be told from the server by the bytes alone).
    let (proxy, mut heads) = proxy_server(ProxyBehaviour::BadGateway).await;
    let client = client("http://127.0.0.1:9/v2", via_proxy(&proxy));
    let inspection = Inspection::run(&client, &credentials()).await;
    assert_eq!(
        inspection.status(),
        Some(502),
        "{:?}",
        inspection.exchange.result
    );
    assert_eq!(ids(&inspection), vec!["http.5xx"]);
    let head = heads.recv().await.expect("the proxy saw a request");
    assert!(
        head.starts_with("GET http://127.0.0.1:9/v2/account "),
        "{head}"
    );
}

#[tokio::test]
async fn tls_problems_behind_a_working_tunnel_stay_tls_problems() {
    // What a corporate TLS-inspecting proxy looks like: the tunnel works, the certificate
    // behind it is not trusted. That is a TLS finding, not a proxy one.
    let addr = tls_server(self_signed(&["127.0.0.1"])).await;
    let (proxy, mut heads) = proxy_server(ProxyBehaviour::Tunnel).await;
    let client = client(&format!("https://{addr}/v2"), via_proxy(&proxy));
    let inspection = Inspection::run(&client, &credentials()).await;
    assert_failure(
        &inspection,
        &TransportErrorKind::Tls(TlsProblem::UnknownIssuer),
        "transport.tls-unknown-issuer",
    );
    let head = heads.recv().await.expect("the proxy saw a request");
    assert!(head.starts_with(&format!("CONNECT {addr} ")), "{head}");
}

#[tokio::test]
async fn a_working_tunnel_reaches_the_server() {
    let ca = TestCa::new();
    let addr = tls_server(ca.issue(&["127.0.0.1"], None)).await;
    let (proxy, _heads) = proxy_server(ProxyBehaviour::Tunnel).await;
    let mut options = trusting(&ca);
    options.proxy = Some(proxy);
    let client = client(&format!("https://{addr}/v2"), options);
    let inspection = Inspection::run(&client, &credentials()).await;
    assert_eq!(
        inspection.status(),
        Some(200),
        "{:?}",
        inspection.exchange.result
    );
}
