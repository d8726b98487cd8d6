//! Playing the browser in the OAuth tests: open the authorization URL at the demo provider,
//! submit its consent form (Allow or Deny) as a browser would, and follow the redirect to the
//! listener. Plus a free loopback port for a redirect URI.

use std::net::TcpListener;

/// What the consent step led to.
#[derive(Debug)]
pub enum Consent {
    /// The provider redirected (302) here.
    Redirect(String),
    /// The provider answered a page instead (its own error page), with this status.
    Page(u16, String),
}

/// A reqwest client that does not follow redirects (the test follows them itself).
#[must_use]
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .expect("client")
}

/// A port that was free a moment ago, for a redirect URI.
#[must_use]
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

/// `http://127.0.0.1:{free port}/callback`.
#[must_use]
pub fn redirect_uri() -> String {
    format!("http://127.0.0.1:{}/callback", free_port())
}

/// Opens the authorization URL and, when the consent form comes, presses `decision`
/// (`allow` or `deny`) by posting the form as a browser would.
pub async fn consent(url: &str, decision: &str) -> Consent {
    let browser = browser();
    let page = browser.get(url).send().await.expect("authorization URL");
    let status = page.status().as_u16();
    let html = page.text().await.expect("page");
    let Some(request) = attribute_after(&html, "name=\"request\" value=\"") else {
        return Consent::Page(status, html);
    };
    let action = attribute_after(&html, "action=\"").expect("form action");
    let origin = &url[..url[8..].find('/').expect("path") + 8];
    let answer = browser
        .post(format!("{origin}{action}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("request={request}&decision={decision}"))
        .send()
        .await
        .expect("form post");
    if let Some(location) = answer.headers().get("location") {
        Consent::Redirect(location.to_str().expect("ascii").to_owned())
    } else {
        let status = answer.status().as_u16();
        Consent::Page(status, answer.text().await.unwrap_or_default())
    }
}

/// Follows a redirect to the listener: its status and page.
pub async fn follow(location: &str) -> (u16, String) {
    let response = browser().get(location).send().await.expect("listener");
    let status = response.status().as_u16();
    (status, response.text().await.expect("page"))
}

/// The value of a query parameter of a URL.
#[must_use]
pub fn query_param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.into_owned())
}

fn attribute_after(html: &str, marker: &str) -> Option<String> {
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_owned())
}
