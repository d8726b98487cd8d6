//! A TLS server on 127.0.0.1 for tests that need https: a self-signed certificate made at test
//! time (rcgen), trusted by the client only through `ClientOptions::extra_roots`, and a server
//! (tokio-rustls) that answers every request with fixed bytes.
//!
//! A module of the test toolkit (`common::tls`); it uses `common::drive::read_head`.
//! tests/transport.rs adds a test CA with expired and misnamed certificates on top.

#![allow(dead_code)] // Each test binary uses a different subset.

use std::net::SocketAddr;
use std::sync::Arc;

use sipgate_inspect::api::{ClientOptions, TrustedCertificates};
use tokio::io::AsyncWriteExt as _;
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::crypto::ring;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// A self-signed server certificate, its key, and the certificate as PEM for the client.
pub struct TlsIdentity {
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
    /// The certificate, PEM-encoded: what `--ca-cert` would read.
    pub pem: String,
}

impl TlsIdentity {
    /// An identity made elsewhere (a test CA's leaf certificate, say).
    pub fn new(
        chain: Vec<CertificateDer<'static>>,
        key: PrivateKeyDer<'static>,
        pem: String,
    ) -> Self {
        Self { chain, key, pem }
    }
}

/// A self-signed certificate for `names` (e.g. `127.0.0.1`).
pub fn self_signed(names: &[&str]) -> TlsIdentity {
    let certified = rcgen::generate_simple_self_signed(
        names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>(),
    )
    .expect("self-signed certificate");
    TlsIdentity {
        chain: vec![certified.cert.der().clone()],
        key: PrivatePkcs8KeyDer::from(certified.signing_key.serialize_der()).into(),
        pem: certified.cert.pem(),
    }
}

/// Client options that trust `identity`'s certificate (as `--ca-cert` does).
pub fn trusting(identity: &TlsIdentity) -> ClientOptions {
    ClientOptions {
        extra_roots: TrustedCertificates::from_pem(identity.pem.as_bytes())
            .expect("certificate parses"),
        ..ClientOptions::default()
    }
}

/// A TLS server on 127.0.0.1 that reads each request head and answers with `response`, then
/// closes the connection. Runs until the test's runtime ends.
pub async fn serve_tls(identity: TlsIdentity, response: Vec<u8>) -> SocketAddr {
    let config = ServerConfig::builder_with_provider(Arc::new(ring::default_provider()))
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_no_client_auth()
        .with_single_cert(identity.chain, identity.key)
        .expect("server config");
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let response = Arc::new(response);
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            let response = Arc::clone(&response);
            tokio::spawn(async move {
                if let Ok(mut tls) = acceptor.accept(socket).await {
                    let _ = super::drive::read_head(&mut tls).await;
                    let _ = tls.write_all(&response).await;
                    let _ = tls.shutdown().await;
                }
            });
        }
    });
    addr
}
