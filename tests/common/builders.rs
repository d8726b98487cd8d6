//! Fixtures for what a request produces: an [`Exchange`] (request and result) and the
//! [`Completed`] the runtime makes of it. One builder instead of hand-built structs in every
//! test file; every field has a plain default that a test overrides only where it matters.

use std::time::Duration;

use sipgate_inspect::api::{
    ApiClient, AuthScheme, BaseUrl, Credentials, Exchange, HttpResponse, RequestSummary,
    TransportError, TransportErrorKind,
};
use sipgate_inspect::app::Completed;
use sipgate_inspect::inspection::Inspection;

use super::{BASE, TOKEN, TOKEN_ID, now};

/// Builds an [`Exchange`]: by default `GET {BASE}/account` with the test credentials
/// (header masked), answered `200 OK` with an empty body after 42 ms (headers after 30 ms).
#[derive(Debug, Clone)]
pub struct ExchangeBuilder {
    exchange: Exchange,
}

/// Starts an [`ExchangeBuilder`].
pub fn exchange() -> ExchangeBuilder {
    let url = format!("{BASE}/account");
    ExchangeBuilder {
        exchange: Exchange {
            request: RequestSummary {
                method: "GET",
                url: url.clone(),
                scheme: AuthScheme::Basic,
                token_id: Some(TOKEN_ID.into()),
                proxy: None,
                authorization: Credentials::personal(TOKEN_ID, secrecy::SecretString::from(TOKEN))
                    .masked_header(),
            },
            elapsed: Duration::from_millis(42),
            result: Ok(HttpResponse {
                status: 200,
                reason: "OK".into(),
                version: "HTTP/1.1".into(),
                headers: Vec::new(),
                body: Vec::new(),
                final_url: url,
                time_to_headers: Duration::from_millis(30),
            }),
        },
    }
}

impl ExchangeBuilder {
    fn response(&mut self) -> &mut HttpResponse {
        if self.exchange.result.is_err() {
            self.exchange.result = exchange().exchange.result;
        }
        self.exchange
            .result
            .as_mut()
            .expect("a response was just put in")
    }

    /// The request went to `{BASE}/{path}` (and the response came from there).
    #[must_use]
    pub fn path(mut self, path: &str) -> Self {
        let url = format!("{BASE}/{}", path.trim_start_matches('/'));
        self.exchange.request.url.clone_from(&url);
        if let Ok(response) = self.exchange.result.as_mut() {
            response.final_url = url;
        }
        self
    }

    /// The answer's status line.
    #[must_use]
    pub fn status(mut self, status: u16, reason: &str) -> Self {
        let response = self.response();
        response.status = status;
        reason.clone_into(&mut response.reason);
        self
    }

    /// The answer's headers.
    #[must_use]
    pub fn headers<K: Into<String>, V: Into<String>>(
        mut self,
        headers: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        self.response().headers = headers
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        self
    }

    /// The answer's body.
    #[must_use]
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.response().body = body.into();
        self
    }

    /// How long the whole exchange took.
    #[must_use]
    pub fn elapsed(mut self, elapsed: Duration) -> Self {
        self.exchange.elapsed = elapsed;
        self
    }

    /// No response: the request failed in transport.
    #[must_use]
    pub fn failed(mut self, kind: TransportErrorKind, message: &str, chain: &[&str]) -> Self {
        self.exchange.result = Err(TransportError {
            kind,
            message: message.into(),
            chain: chain.iter().map(|s| (*s).to_owned()).collect(),
        });
        self
    }

    /// The exchange.
    pub fn build(self) -> Exchange {
        self.exchange
    }

    /// The exchange judged (by a client of [`BASE`] with a 15 s timeout) and laid out as the
    /// runtime does when the answer arrives, at the tests' [`now`].
    pub fn completed(self) -> Box<Completed> {
        completed(self.exchange)
    }
}

/// `exchange` judged and laid out as the runtime does when it arrives, at the tests' [`now`].
pub fn completed(exchange: Exchange) -> Box<Completed> {
    let base = BaseUrl::parse(BASE, false).expect("base");
    let client = ApiClient::new(base, Duration::from_secs(15)).expect("client");
    Box::new(Completed::new(
        Inspection::from_exchange(exchange, &client),
        now(),
    ))
}
