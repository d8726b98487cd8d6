//! The HTTP client: one `reqwest::Client` per base URL, a bounded body read, and a typed
//! [`Exchange`] for every request whatever happened.

use std::time::{Duration, Instant};

use reqwest::header::{AUTHORIZATION, HeaderMap};
use reqwest::redirect;

use super::auth::{AuthScheme, Credentials};
use super::base_url::BaseUrl;
use super::proxy::{mask_proxy_url, proxy_in_effect_now};
use super::tls::TrustedCertificates;
use super::transport::{TransportError, TransportErrorKind};

/// Bodies are read up to this many bytes (10 MB); a larger one ends the request with
/// [`TransportErrorKind::BodyTooLarge`], so a hostile server cannot exhaust memory.
pub const MAX_BODY_BYTES: usize = 10_000_000;

/// Redirects followed at most; sipgate's API does not redirect, so one is already news.
const MAX_REDIRECTS: usize = 5;

/// Connecting (TCP and TLS) may take at most this long, within the overall timeout.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How an [`ApiClient`] connects, beyond the base URL and the timeout. The default is what
/// [`ApiClient::new`] does: the system certificate store, the proxy from the environment
/// (none for loopback), and a connect timeout of 10 s (or the whole timeout, if shorter).
#[derive(Clone, Default)]
pub struct ClientOptions {
    /// Certificate authorities trusted in addition to the system store (`--ca-cert FILE`).
    pub extra_roots: TrustedCertificates,
    /// Send every request through this proxy (`http://[user:password@]host:port`) instead of
    /// the one the environment names. Unlike the environment's, it is used for loopback base
    /// URLs too.
    pub proxy: Option<String>,
    /// The limit for establishing the connection (TCP and TLS), capped at the whole timeout.
    pub connect_timeout: Option<Duration>,
}

impl std::fmt::Debug for ClientOptions {
    /// The proxy URL may hold a user name and password: they are shown masked.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientOptions")
            .field("extra_roots", &self.extra_roots.len())
            .field("proxy", &self.proxy.as_deref().map(mask_proxy_url))
            .field("connect_timeout", &self.connect_timeout)
            .finish()
    }
}

/// The request as it was sent, safe to show: the Authorization header is masked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestSummary {
    /// Always `GET` here: the inspector only reads.
    pub method: &'static str,
    /// The full URL called.
    pub url: String,
    /// The scheme of the Authorization header.
    pub scheme: AuthScheme,
    /// The token id as it may be shown, for personal access tokens: itself when it has the
    /// token-id shape (not a secret: sipgate's web app lists it), otherwise only its shape
    /// (see [`super::display::shown_token_id`]).
    pub token_id: Option<String>,
    /// The Authorization header, masked (see [`Credentials::masked_header`]).
    pub authorization: String,
    /// The proxy in effect (or bypassed) as the environment or options set it, user name and
    /// password masked; `None` when no proxy variable is set.
    pub proxy: Option<String>,
}

/// A response that arrived, whatever its status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// The canonical reason phrase, e.g. "Unauthorized" (empty for unknown codes).
    pub reason: String,
    /// HTTP version, e.g. `HTTP/1.1`.
    pub version: String,
    /// Response headers in arrival order; values that are not UTF-8 are shown lossily. Echoed
    /// credentials are masked in names and values.
    pub headers: Vec<(String, String)>,
    /// The body, at most [`MAX_BODY_BYTES`]; any echo of the credentials is masked (see
    /// [`Credentials::redactor`]), here as in the header names and values and the final URL.
    pub body: Vec<u8>,
    /// The URL that finally answered (differs from the request URL after a redirect).
    pub final_url: String,
    /// From sending until the status and headers arrived (connect, TLS, server time); the
    /// rest of the exchange's `elapsed` went into reading the body.
    pub time_to_headers: Duration,
}

impl HttpResponse {
    /// The first header of that name (case-insensitive).
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The media type of the body, lower-case, without parameters.
    #[must_use]
    pub fn content_type(&self) -> Option<String> {
        self.header("content-type").map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
    }
}

/// One request and what came of it.
#[derive(Debug, Clone)]
pub struct Exchange {
    /// What was sent.
    pub request: RequestSummary,
    /// From just before sending to the last byte of the body (or the failure).
    pub elapsed: Duration,
    /// The response, or why there is none.
    pub result: Result<HttpResponse, TransportError>,
}

impl Exchange {
    /// Whether a response was redirected to another URL.
    #[must_use]
    pub fn redirected(&self) -> bool {
        self.result
            .as_ref()
            .is_ok_and(|r| r.final_url != self.request.url)
    }
}

/// The sipgate API client. Cheap to clone: the connection pool is shared.
#[derive(Debug, Clone)]
pub struct ApiClient {
    http: reqwest::Client,
    base: BaseUrl,
    timeout: Duration,
    /// The proxy requests go through, user info masked; `None` for direct connections.
    proxy: Option<String>,
    /// What the request summary says about proxies (see [`RequestSummary::proxy`]).
    proxy_note: Option<String>,
}

impl ApiClient {
    /// A client for this base URL with a whole-request timeout and default
    /// [`ClientOptions`].
    ///
    /// # Errors
    /// When the TLS backend cannot be set up (no usable certificate store).
    pub fn new(base: BaseUrl, timeout: Duration) -> Result<Self, TransportError> {
        Self::with_options(base, timeout, ClientOptions::default())
    }

    /// A client for this base URL with a whole-request timeout and the given options.
    ///
    /// # Errors
    /// When the TLS backend cannot be set up (no usable certificate store, an unusable extra
    /// certificate) or the proxy URL is not a URL.
    pub fn with_options(
        base: BaseUrl,
        timeout: Duration,
        options: ClientOptions,
    ) -> Result<Self, TransportError> {
        let connect_timeout = options
            .connect_timeout
            .unwrap_or(CONNECT_TIMEOUT)
            .min(timeout);
        let mut builder = reqwest::Client::builder()
            .user_agent(concat!("sipgate-inspect/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(connect_timeout)
            // A redirect to another host would tell it where the request came from; an API
            // client has no page to refer from.
            .referer(false)
            .redirect(redirect::Policy::custom(|attempt| {
                // `previous` holds the URL first asked too: more than MAX_REDIRECTS of them
                // means MAX_REDIRECTS redirects were already followed.
                if attempt.previous().len() > MAX_REDIRECTS {
                    attempt.error(format!("more than {MAX_REDIRECTS} redirects"))
                } else if attempt.url().scheme() == "http"
                    && attempt.previous().iter().any(|u| u.scheme() == "https")
                {
                    attempt.error("refusing a redirect from https to plain http")
                } else {
                    attempt.follow()
                }
            }));
        builder = options.extra_roots.add_to(builder);
        if base.url().scheme() == "http" {
            // Loading the system store costs about 1.7 ms of a 4 ms `check`; plain http needs
            // none of it. (An https redirect from such a base then fails as untrusted.)
            builder = builder.tls_built_in_root_certs(false);
        }
        // reqwest reads the proxy variables now, while building, into hyper-util's matcher;
        // the explanation asks that matcher too, built from the variables as they are now.
        let from_env = options
            .proxy
            .is_none()
            .then(|| proxy_in_effect_now(base.as_str()))
            .flatten();
        let proxy = if let Some(url) = options.proxy {
            let shown = mask_proxy_url(&url);
            let proxy = reqwest::Proxy::all(url).map_err(|e| {
                TransportError::new(
                    TransportErrorKind::InvalidRequest,
                    format!("the proxy URL {shown} is not usable: {e}"),
                )
            })?;
            builder = builder.proxy(proxy);
            Some(shown)
        } else if base.is_loopback() {
            // A proxy for this machine's own loopback makes no sense and would break the demo
            // and the tests when HTTP_PROXY is set without NO_PROXY.
            builder = builder.no_proxy();
            None
        } else {
            from_env
                .as_ref()
                .filter(|info| info.is_used())
                .map(|info| info.proxy.clone())
        };
        // What to tell the user about proxies: the one configured, or what the environment
        // says (including a proxy that NO_PROXY or loopback bypasses, which is news too).
        let proxy_note = match &proxy {
            Some(shown) if from_env.is_none() => Some(format!("{shown} (configured)")),
            _ => from_env.map(|info| info.to_string()),
        };
        let http = builder.build().map_err(|e| {
            let mut err = TransportError::from_reqwest(&e, timeout, false);
            err.kind = TransportErrorKind::Other;
            err
        })?;
        Ok(Self {
            http,
            base,
            timeout,
            proxy,
            proxy_note,
        })
    }

    /// The proxy requests go through (user info masked), or `None` when they go directly.
    #[must_use]
    pub fn proxy(&self) -> Option<&str> {
        self.proxy.as_deref()
    }

    /// The base URL.
    #[must_use]
    pub fn base(&self) -> &BaseUrl {
        &self.base
    }

    /// The whole-request timeout.
    #[must_use]
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// What a GET of `path` with these credentials will look like, masked.
    #[must_use]
    pub fn describe(&self, path: &str, credentials: &Credentials) -> RequestSummary {
        RequestSummary {
            method: "GET",
            url: self.base.endpoint(path),
            scheme: credentials.scheme(),
            token_id: credentials.shown_token_id(),
            authorization: credentials.masked_header(),
            proxy: self.proxy_note.clone(),
        }
    }

    /// `GET {base}/{path}` with the credentials. Never panics and never fails: every
    /// problem is an [`Exchange`] whose result is a [`TransportError`].
    pub async fn get(&self, path: &str, credentials: &Credentials) -> Exchange {
        let request = self.describe(path, credentials);
        let started = Instant::now();
        let mut result =
            match tokio::time::timeout(self.timeout, self.send(&request.url, credentials, started))
                .await
            {
                Ok(result) => result,
                Err(_) => Err(TransportError::from_timeout(self.timeout)),
            };
        redact_result(&mut result, credentials);
        Exchange {
            request,
            elapsed: started.elapsed(),
            result,
        }
    }

    async fn send(
        &self,
        url: &str,
        credentials: &Credentials,
        started: Instant,
    ) -> Result<HttpResponse, TransportError> {
        let Some(auth) = credentials.authorization_value() else {
            return Err(TransportError::new(
                TransportErrorKind::InvalidRequest,
                "the credentials contain characters an HTTP header cannot carry (a line break?)",
            ));
        };
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, auth);
        headers.insert(
            reqwest::header::ACCEPT,
            reqwest::header::HeaderValue::from_static("application/json"),
        );
        let mut response = self
            .http
            .get(url)
            .headers(headers)
            .send()
            .await
            .map_err(|e| {
                TransportError::from_reqwest_via(&e, self.timeout, false, self.proxy.as_deref())
            })?;

        let time_to_headers = started.elapsed();
        let status = response.status();
        let version = format!("{:?}", response.version());
        let final_url = response.url().to_string();
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        // A body announced as larger than the cap is refused before a byte of it is read.
        if response
            .content_length()
            .is_some_and(|length| length > MAX_BODY_BYTES as u64)
        {
            return Err(body_too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| {
            TransportError::from_reqwest_via(&e, self.timeout, true, self.proxy.as_deref())
        })? {
            if body.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(body_too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(HttpResponse {
            status: status.as_u16(),
            reason: status.canonical_reason().unwrap_or_default().to_owned(),
            version,
            headers,
            body,
            final_url,
            time_to_headers,
        })
    }
}

/// Masks the secret wherever the server (or a redirect it sent) may have echoed it: body,
/// header names and values, the final URL and error texts, in every form
/// [`Credentials::redactor`] knows.
fn redact_result(result: &mut Result<HttpResponse, TransportError>, credentials: &Credentials) {
    let redactor = credentials.redactor();
    match result {
        Ok(response) => {
            redactor.mask_bytes(&mut response.body);
            for (name, value) in &mut response.headers {
                redactor.mask_text(name);
                redactor.mask_text(value);
            }
            redactor.mask_text(&mut response.final_url);
        }
        Err(error) => {
            redactor.mask_text(&mut error.message);
            for cause in &mut error.chain {
                redactor.mask_text(cause);
            }
        }
    }
}

/// The body is (or was announced as) larger than [`MAX_BODY_BYTES`].
fn body_too_large() -> TransportError {
    TransportError::new(
        TransportErrorKind::BodyTooLarge {
            limit: MAX_BODY_BYTES,
        },
        format!(
            "response body larger than {} MB; reading stopped",
            MAX_BODY_BYTES / 1_000_000
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_never_show_the_proxy_credentials() {
        let options = ClientOptions {
            proxy: Some("http://user:s3cret@proxy.example:3128".into()),
            ..ClientOptions::default()
        };
        let shown = format!("{options:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(!shown.contains("user"), "{shown}");
        assert!(shown.contains("http://••••@proxy.example:3128"), "{shown}");
    }

    #[test]
    fn an_explicit_proxy_is_used_even_for_loopback() {
        let base = BaseUrl::parse("http://127.0.0.1:1/v2", false).expect("base");
        let direct = ApiClient::new(base.clone(), Duration::from_secs(1)).expect("client");
        assert_eq!(direct.proxy(), None);
        let options = ClientOptions {
            proxy: Some("http://127.0.0.1:3128".into()),
            ..ClientOptions::default()
        };
        let proxied =
            ApiClient::with_options(base, Duration::from_secs(1), options).expect("client");
        assert_eq!(proxied.proxy(), Some("http://127.0.0.1:3128"));
    }
}
