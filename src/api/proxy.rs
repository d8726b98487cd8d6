//! Which proxy a request goes through, and why, so that the troubleshooting panel can say
//! "via `HTTPS_PROXY=http://••••@proxy:3128`" or "`NO_PROXY` entry `.sipgate.com` exempts
//! this host" instead of leaving the user to guess.
//!
//! The decision is not ours: reqwest 0.12 reads the environment once, when a client is built,
//! into hyper-util's proxy [`Matcher`], and asks it for every request. [`ProxyEnv::matcher`]
//! builds that same matcher from a snapshot of the same variables, and [`proxy_in_effect`]
//! asks it. What this module adds is the explanation: which variable the proxy came from and
//! which `NO_PROXY` entry exempted the host, found by asking hyper-util again with one
//! variable or one entry at a time. `tests/proxy.rs` checks the explanation against where the
//! real binary's requests went.
//!
//! The variables, as hyper-util reads them: `HTTPS_PROXY`/`https_proxy` for https URLs,
//! `HTTP_PROXY`/`http_proxy` for http URLs, `ALL_PROXY`/`all_proxy` when the scheme's own is
//! unusable, `NO_PROXY`/`no_proxy`; of each pair the first that is set counts. With
//! `REQUEST_METHOD` set (a CGI script) none counts ("httpoxy").
//!
//! On top of that, [`ApiClient`](super::ApiClient) sends requests to a loopback base URL
//! directly, whatever the environment says.

use std::fmt;

use http::Uri;
use hyper_util::client::proxy::matcher::{Intercept, Matcher};
use reqwest::Url;

use super::base_url::is_loopback;

/// The proxy variables for https URLs, in the order hyper-util reads them.
const HTTPS: [&str; 2] = ["HTTPS_PROXY", "https_proxy"];
/// The proxy variables for http URLs.
const HTTP: [&str; 2] = ["HTTP_PROXY", "http_proxy"];
/// The fallback for both schemes.
const ALL: [&str; 2] = ["ALL_PROXY", "all_proxy"];
/// The hosts that bypass the proxy.
const NO: [&str; 2] = ["NO_PROXY", "no_proxy"];
/// Set when running as a CGI script: then no proxy variable counts.
const CGI: &str = "REQUEST_METHOD";

/// A snapshot of the environment variables that decide the proxy. Tests build one from
/// pairs; the program takes one from the process with [`ProxyEnv::from_process`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProxyEnv {
    vars: Vec<(String, String)>,
}

impl ProxyEnv {
    /// The proxy variables of this process. A value that is not UTF-8 counts as unset, as it
    /// does for hyper-util; `REQUEST_METHOD` counts whatever its value.
    #[must_use]
    pub fn from_process() -> Self {
        let proxies = [HTTPS, HTTP, ALL, NO]
            .into_iter()
            .flatten()
            .filter_map(|name| std::env::var(name).ok().map(|value| (name, value)));
        let cgi = std::env::var_os(CGI).map(|value| (CGI, value.to_string_lossy().into_owned()));
        Self::from_pairs(proxies.chain(cgi))
    }

    /// A snapshot from name/value pairs; names are case-sensitive, as in the environment.
    #[must_use]
    pub fn from_pairs<I, K, V>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        Self {
            vars: pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        }
    }

    /// hyper-util's proxy matcher for this environment: what `Matcher::from_env` (and so
    /// reqwest) builds in a process with exactly these variables.
    #[must_use]
    pub fn matcher(&self) -> Matcher {
        if self.is_cgi() {
            // What hyper-util builds under CGI: a matcher that never intercepts.
            return Matcher::builder().build();
        }
        let value = |names: &[&'static str]| self.first(names).map_or("", |(_, v)| v).to_owned();
        Matcher::builder()
            .all(value(&ALL))
            .http(value(&HTTP))
            .https(value(&HTTPS))
            .no(value(&NO))
            .build()
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.vars
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first of `names` that is set, even to an empty value (hyper-util stops there too).
    fn first(&self, names: &[&'static str]) -> Option<(&'static str, &str)> {
        names
            .iter()
            .find_map(|name| self.get(name).map(|value| (*name, value)))
    }

    fn is_cgi(&self) -> bool {
        self.get(CGI).is_some()
    }
}

/// A proxy variable that applies to a URL, and whether requests really go through it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyInfo {
    /// The variable the proxy came from, e.g. `HTTPS_PROXY` or `all_proxy`.
    pub variable: &'static str,
    /// The proxy URL with any user name and password masked: `http://••••@proxy:3128`.
    pub proxy: String,
    /// Whether it is used for this URL, and if not, why not.
    pub decision: ProxyDecision,
}

/// Whether an applicable proxy variable is used for a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProxyDecision {
    /// Requests go through the proxy.
    Used,
    /// `NO_PROXY` (or `no_proxy`) exempts the host.
    ExemptByNoProxy {
        /// `NO_PROXY` or `no_proxy`.
        variable: &'static str,
        /// The entry that matched, e.g. `.sipgate.com` or `*`.
        entry: String,
    },
    /// The host is this machine; the client never uses a proxy for it.
    BypassedLoopback,
    /// `REQUEST_METHOD` is set (a CGI environment), so proxy variables are ignored.
    IgnoredUnderCgi,
    /// The value is not a proxy URL hyper-util can use (unknown scheme, no host), so it is
    /// silently ignored and requests go directly.
    Unusable,
}

impl ProxyInfo {
    /// Whether requests to the URL go through this proxy.
    #[must_use]
    pub fn is_used(&self) -> bool {
        self.decision == ProxyDecision::Used
    }
}

impl fmt::Display for ProxyInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.variable, self.proxy)?;
        match &self.decision {
            ProxyDecision::Used => Ok(()),
            ProxyDecision::ExemptByNoProxy { variable, entry } => {
                write!(
                    f,
                    " (not used: {variable} entry {entry:?} matches the host)"
                )
            }
            ProxyDecision::BypassedLoopback => f.write_str(" (bypassed (loopback))"),
            ProxyDecision::IgnoredUnderCgi => {
                f.write_str(" (ignored: REQUEST_METHOD is set, as under CGI)")
            }
            ProxyDecision::Unusable => f.write_str(" (ignored: not a usable proxy URL)"),
        }
    }
}

/// Which proxy variable applies to `url` in the environment `env`, and whether the request
/// really uses it (hyper-util's [`Matcher`] decides). `None` when no proxy variable applies
/// to the URL's scheme (or the URL does not parse). Pure: the environment is passed in.
#[must_use]
pub fn proxy_in_effect(url: &str, env: &ProxyEnv) -> Option<ProxyInfo> {
    let parsed = Url::parse(url).ok()?;
    // From the URL's serialization, as reqwest does: an international host is punycode there.
    let uri: Uri = parsed.as_str().parse().ok()?;
    let own: &[&'static str] = match parsed.scheme() {
        "https" => &HTTPS,
        "http" => &HTTP,
        _ => return None,
    };
    // The two variables hyper-util consults for this scheme, in its order.
    let consulted = [env.first(own), env.first(&ALL)];
    // It takes the first whose value it can use: that is where the proxy comes from.
    let Some((variable, value, intercept)) =
        consulted
            .into_iter()
            .flatten()
            .find_map(|(variable, value)| {
                intercept_with(value, "", &uri).map(|intercept| (variable, value, intercept))
            })
    else {
        // Set, but to nothing hyper-util can use: it is silently ignored, which is news.
        let (variable, value) = consulted
            .into_iter()
            .flatten()
            .find(|(_, value)| !value.trim().is_empty())?;
        return Some(ProxyInfo {
            variable,
            proxy: mask_proxy_text(value),
            decision: ProxyDecision::Unusable,
        });
    };
    let decision = if env.is_cgi() {
        ProxyDecision::IgnoredUnderCgi
    } else if is_loopback(&parsed) {
        ProxyDecision::BypassedLoopback
    } else if env.matcher().intercept(&uri).is_some() {
        ProxyDecision::Used
    } else {
        // A usable proxy that the whole matcher does not use: NO_PROXY exempts the host.
        exemption(env, value, &uri)
    };
    Some(ProxyInfo {
        variable,
        proxy: shown(&intercept),
        decision,
    })
}

/// [`proxy_in_effect`] for this process's environment, as a client built now would see it.
#[must_use]
pub fn proxy_in_effect_now(url: &str) -> Option<ProxyInfo> {
    proxy_in_effect(url, &ProxyEnv::from_process())
}

/// A proxy URL fit to show: any user name and password replaced by `••••` (a user name can
/// be a key too). Text that is not a usable proxy URL is shown up to an `@` only, in case it
/// holds credentials.
#[must_use]
pub fn mask_proxy_url(proxy: &str) -> String {
    let any: Uri = Uri::from_static("http://any.invalid/");
    intercept_with(proxy, "", &any).map_or_else(|| mask_proxy_text(proxy), |i| shown(&i))
}

/// What hyper-util makes of `proxy` as the proxy for every scheme, with `no` as the
/// `NO_PROXY` list, for the destination `uri`.
fn intercept_with(proxy: &str, no: &str, uri: &Uri) -> Option<Intercept> {
    Matcher::builder().all(proxy).no(no).build().intercept(uri)
}

/// Which `NO_PROXY` entry keeps the proxy `value` from `uri`: the first one that, alone,
/// makes hyper-util go direct.
fn exemption(env: &ProxyEnv, value: &str, uri: &Uri) -> ProxyDecision {
    let (variable, list) = env.first(&NO).unwrap_or((NO[0], ""));
    let entry = list
        .split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .find(|entry| intercept_with(value, entry, uri).is_none())
        // Only the list as a whole exempts the host; show all of it.
        .unwrap_or(list);
    ProxyDecision::ExemptByNoProxy {
        variable,
        entry: entry.to_owned(),
    }
}

/// The proxy hyper-util connects to: scheme and host (and port), `••••@` for credentials.
fn shown(intercept: &Intercept) -> String {
    let uri = intercept.uri();
    let credentials = intercept.basic_auth().is_some() || intercept.raw_auth().is_some();
    format!(
        "{}://{}{}",
        uri.scheme_str().unwrap_or("http"),
        if credentials { "••••@" } else { "" },
        uri.authority().map_or("", http::uri::Authority::as_str),
    )
}

/// Text that is no usable proxy URL, with everything before its last `@` (after a scheme)
/// masked, in case it holds credentials.
fn mask_proxy_text(value: &str) -> String {
    let Some((userinfo_and_scheme, host)) = value.rsplit_once('@') else {
        return value.to_owned();
    };
    match userinfo_and_scheme.split_once("://") {
        Some((scheme, _)) => format!("{scheme}://••••@{host}"),
        None => format!("••••@{host}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const API: &str = "https://api.sipgate.com/v2";

    fn env(pairs: &[(&str, &str)]) -> ProxyEnv {
        ProxyEnv::from_pairs(pairs.iter().copied())
    }

    /// An environment, a URL, and the expected `Display` of the result (or "none").
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a str, &'a str);

    fn check(cases: &[Case<'_>]) {
        for (pairs, url, expected) in cases {
            let got =
                proxy_in_effect(url, &env(pairs)).map_or_else(|| "none".into(), |p| p.to_string());
            assert_eq!(&got, expected, "env {pairs:?}, url {url}");
        }
    }

    /// Which variable applies: by scheme, upper case first, `ALL_PROXY` as the fallback.
    #[test]
    fn variables_are_chosen_like_reqwest_chooses_them() {
        check(&[
            (&[], API, "none"),
            (
                &[("HTTPS_PROXY", "http://proxy:3128")],
                API,
                "HTTPS_PROXY=http://proxy:3128",
            ),
            // The lower-case name works too, but the upper-case one wins when both are set.
            (
                &[("https_proxy", "http://low:1")],
                API,
                "https_proxy=http://low:1",
            ),
            (
                &[
                    ("https_proxy", "http://low:1"),
                    ("HTTPS_PROXY", "http://up:2"),
                ],
                API,
                "HTTPS_PROXY=http://up:2",
            ),
            // HTTP_PROXY is for http URLs only.
            (&[("HTTP_PROXY", "http://proxy:3128")], API, "none"),
            (
                &[("HTTP_PROXY", "http://proxy:3128")],
                "http://api.sipgate.com/v2",
                "HTTP_PROXY=http://proxy:3128",
            ),
            // ALL_PROXY is the fallback, and the scheme's own variable beats it.
            (
                &[("all_proxy", "socks5h://s:1080")],
                API,
                "all_proxy=socks5h://s:1080",
            ),
            (
                &[
                    ("ALL_PROXY", "http://all:1"),
                    ("HTTPS_PROXY", "http://own:2"),
                ],
                API,
                "HTTPS_PROXY=http://own:2",
            ),
            // A set but empty HTTPS_PROXY hides https_proxy (reqwest stops at the first set
            // variable), and falls through to ALL_PROXY.
            (
                &[("HTTPS_PROXY", ""), ("https_proxy", "http://low:1")],
                API,
                "none",
            ),
            (
                &[("HTTPS_PROXY", ""), ("ALL_PROXY", "http://all:1")],
                API,
                "ALL_PROXY=http://all:1",
            ),
            // No scheme means http; a password is masked.
            (
                &[("HTTPS_PROXY", "proxy:3128")],
                API,
                "HTTPS_PROXY=http://proxy:3128",
            ),
            (
                &[("HTTPS_PROXY", "http://user:s3cret@proxy:3128")],
                API,
                "HTTPS_PROXY=http://••••@proxy:3128",
            ),
            (
                &[("HTTPS_PROXY", "ftp://proxy:21")],
                API,
                "HTTPS_PROXY=ftp://proxy:21 (ignored: not a usable proxy URL)",
            ),
        ]);
    }

    /// `NO_PROXY`: `*`, a suffix with and without a dot, an exact host, case, precedence.
    #[test]
    fn no_proxy_exempts_like_reqwest() {
        check(&[
            // NO_PROXY: `*`, a suffix with and without a dot, an exact host, case.
            (
                &[("HTTPS_PROXY", "http://p:1"), ("NO_PROXY", "*")],
                API,
                "HTTPS_PROXY=http://p:1 (not used: NO_PROXY entry \"*\" matches the host)",
            ),
            (
                &[
                    ("HTTPS_PROXY", "http://p:1"),
                    ("NO_PROXY", "localhost, .sipgate.com"),
                ],
                API,
                "HTTPS_PROXY=http://p:1 (not used: NO_PROXY entry \".sipgate.com\" matches the host)",
            ),
            (
                &[("HTTPS_PROXY", "http://p:1"), ("no_proxy", "sipgate.com")],
                API,
                "HTTPS_PROXY=http://p:1 (not used: no_proxy entry \"sipgate.com\" matches the host)",
            ),
            (
                &[
                    ("HTTPS_PROXY", "http://p:1"),
                    ("NO_PROXY", "API.SIPGATE.COM"),
                ],
                API,
                "HTTPS_PROXY=http://p:1 (not used: NO_PROXY entry \"API.SIPGATE.COM\" matches the host)",
            ),
            (
                &[
                    ("HTTPS_PROXY", "http://p:1"),
                    ("NO_PROXY", "gate.com,other.sipgate.com"),
                ],
                API,
                "HTTPS_PROXY=http://p:1",
            ),
            // NO_PROXY beats no_proxy, even when it does not match.
            (
                &[
                    ("HTTPS_PROXY", "http://p:1"),
                    ("NO_PROXY", "example.com"),
                    ("no_proxy", "sipgate.com"),
                ],
                API,
                "HTTPS_PROXY=http://p:1",
            ),
        ]);
    }

    /// IP hosts, loopback base URLs and CGI.
    #[test]
    fn ip_hosts_loopback_and_cgi() {
        check(&[
            // IP hosts: CIDR and exact entries match; `*` does not.
            (
                &[("HTTPS_PROXY", "http://p:1"), ("NO_PROXY", "10.0.0.0/8")],
                "https://10.1.2.3/v2",
                "HTTPS_PROXY=http://p:1 (not used: NO_PROXY entry \"10.0.0.0/8\" matches the host)",
            ),
            (
                &[("HTTPS_PROXY", "http://p:1"), ("NO_PROXY", "*")],
                "https://10.1.2.3/v2",
                "HTTPS_PROXY=http://p:1",
            ),
            // Loopback is never proxied by the client; CGI ignores the variables.
            (
                &[("HTTPS_PROXY", "http://p:1")],
                "https://127.0.0.1:8443/v2",
                "HTTPS_PROXY=http://p:1 (bypassed (loopback))",
            ),
            (
                &[("HTTP_PROXY", "http://p:1"), ("REQUEST_METHOD", "GET")],
                "http://api.sipgate.com/v2",
                "HTTP_PROXY=http://p:1 (ignored: REQUEST_METHOD is set, as under CGI)",
            ),
        ]);
    }

    #[test]
    fn only_a_used_proxy_counts_as_used() {
        let used = proxy_in_effect(API, &env(&[("HTTPS_PROXY", "http://p:1")])).expect("applies");
        assert!(used.is_used());
        assert_eq!(used.variable, "HTTPS_PROXY");
        let exempt = proxy_in_effect(
            API,
            &env(&[("HTTPS_PROXY", "http://p:1"), ("NO_PROXY", ".sipgate.com")]),
        )
        .expect("applies");
        assert!(!exempt.is_used());
    }

    /// Domain entries match whole labels; IP entries and networks match IP hosts, IPv6 too.
    #[test]
    fn no_proxy_entries_match_like_curl() {
        let proxy = ("HTTPS_PROXY", "http://p:1");
        check(&[
            (
                &[proxy, ("NO_PROXY", "sipgate.com")],
                "https://notsipgate.com/v2",
                "HTTPS_PROXY=http://p:1",
            ),
            (
                &[proxy, ("NO_PROXY", ".sipgate.com")],
                "https://sipgate.com/v2",
                "HTTPS_PROXY=http://p:1 (not used: NO_PROXY entry \".sipgate.com\" matches the host)",
            ),
            (&[proxy, ("NO_PROXY", ".")], API, "HTTPS_PROXY=http://p:1"),
            (
                &[proxy, ("NO_PROXY", "example.com, 2001:db8::1")],
                "https://[2001:db8::1]/v2",
                "HTTPS_PROXY=http://p:1 (not used: NO_PROXY entry \"2001:db8::1\" matches the host)",
            ),
            (
                &[proxy, ("NO_PROXY", "2001:db8::/32")],
                "https://[2001:db8:1::1]/v2",
                "HTTPS_PROXY=http://p:1 (not used: NO_PROXY entry \"2001:db8::/32\" matches the host)",
            ),
            // Not a network (a /33 of IPv4), so a domain name no IP host can match.
            // An international name is compared in its punycode form, as reqwest sends it.
            (
                &[proxy, ("NO_PROXY", "xn--pi-uia.example")],
                "https://äpi.example/v2",
                "HTTPS_PROXY=http://p:1 (not used: NO_PROXY entry \"xn--pi-uia.example\" matches the host)",
            ),
            (
                &[proxy, ("NO_PROXY", "10.0.0.0/33")],
                "https://10.0.0.1/v2",
                "HTTPS_PROXY=http://p:1",
            ),
        ]);
    }

    /// The whole user info is masked, a user name too: it can be a key.
    #[test]
    fn credentials_never_show() {
        assert_eq!(
            mask_proxy_url("http://user:pa%40ss@proxy:3128"),
            "http://••••@proxy:3128"
        );
        assert_eq!(
            mask_proxy_url("http://APIKEY-supersecret:@proxy:3128"),
            "http://••••@proxy:3128"
        );
        assert_eq!(
            mask_proxy_url("socks5h://key@proxy:1080"),
            "socks5h://••••@proxy:1080"
        );
        assert_eq!(mask_proxy_url("http://proxy"), "http://proxy");
        assert_eq!(mask_proxy_url("proxy:3128"), "http://proxy:3128");
        assert_eq!(mask_proxy_url("weird://u:p@h"), "weird://••••@h");
        let info = proxy_in_effect(
            API,
            &env(&[("ALL_PROXY", "http://APIKEY-supersecret:@proxy:3128")]),
        )
        .expect("applies");
        assert_eq!(info.to_string(), "ALL_PROXY=http://••••@proxy:3128");
        let unusable =
            proxy_in_effect(API, &env(&[("HTTPS_PROXY", "ftp://key:pw@proxy")])).expect("applies");
        assert_eq!(
            unusable.to_string(),
            "HTTPS_PROXY=ftp://••••@proxy (ignored: not a usable proxy URL)"
        );
    }

    /// The matcher built from a snapshot of this process's environment is the one hyper-util
    /// builds from the environment itself (as reqwest does). The test process's environment is
    /// read, never changed; `tests/proxy.rs` runs the binary with chosen variables.
    #[test]
    fn the_snapshot_of_this_process_builds_hyper_utils_own_matcher() {
        assert_eq!(
            format!("{:?}", ProxyEnv::from_process().matcher()),
            format!("{:?}", Matcher::from_env())
        );
    }
}
