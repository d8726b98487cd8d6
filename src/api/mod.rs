//! The sipgate REST API client. It knows HTTP, authentication and the response shapes, and
//! nothing of the terminal UI: it returns typed outcomes that the UI, the scripted mode and the
//! diagnosis all read.

pub mod account;
pub mod auth;
pub mod base_url;
pub mod body_kind;
pub mod client;
pub mod display;
pub mod endpoints;
pub mod error_body;
pub mod jwt;
pub mod probes;
pub mod proxy;
pub mod redact;
pub mod retry_after;
pub mod tls;
pub mod transport;
pub mod unknown_fields;

pub use account::{AccountParse, AccountResponse, HistoryLifeTime, ProductType};
pub use auth::{AuthScheme, Credentials};
pub use base_url::{BaseUrl, BaseUrlError, DEFAULT_BASE_URL};
pub use body_kind::BodyKind;
pub use client::{
    ApiClient, ClientOptions, Exchange, HttpResponse, MAX_BODY_BYTES, RequestSummary,
};
pub use display::{LOOKS_LIKE_EMAIL, is_jwt, is_token_id, is_uuid, shown_token_id};
pub use error_body::{ApiErrorDetail, parse_error_body};
pub use probes::{Probe, ProbeData, ProbeSpec, Shape, parse_probe, parse_probe_table};
pub use proxy::{ProxyDecision, ProxyEnv, ProxyInfo, proxy_in_effect, proxy_in_effect_now};
pub use redact::Redactor;
pub use retry_after::retry_after;
pub use tls::{CaCertError, TrustedCertificates};
pub use transport::{TlsProblem, TransportError, TransportErrorKind};
pub use unknown_fields::UnknownFields;
