//! Which proxy a request goes through, worked out the way reqwest does it, so that the
//! troubleshooting panel can say "via `HTTPS_PROXY=http://user:••••@proxy:3128`" or
//! "`NO_PROXY` exempts this host" instead of leaving the user to guess.
//!
//! reqwest 0.12 reads the environment once, when a client is built, through hyper-util's
//! proxy matcher. The rules copied here (hyper-util 0.1, `client/proxy/matcher.rs`):
//! - `HTTPS_PROXY` then `https_proxy` for https URLs, `HTTP_PROXY` then `http_proxy` for http
//!   URLs, falling back to `ALL_PROXY` then `all_proxy`. The first variable that is *set* wins,
//!   even when it is empty or unusable; an unusable value falls through to `ALL_PROXY`.
//! - A proxy value without a scheme means `http://`; schemes other than http, https and socks
//!   are ignored; a value without a host is ignored.
//! - `NO_PROXY` then `no_proxy`: comma-separated; IP addresses and CIDR networks match IP
//!   hosts only; `*` matches every host *name*; any other entry matches that domain and its
//!   subdomains (a leading dot makes no difference), case-insensitively.
//! - When `REQUEST_METHOD` is set (running as a CGI script) no proxy variable is used, since a
//!   client's `Proxy:` header would arrive as `HTTP_PROXY` ("httpoxy").
//!
//! On top of that, [`ApiClient`](super::ApiClient) sends requests to a loopback base URL
//! directly, whatever the environment says.

use std::fmt::{self, Write as _};
use std::net::IpAddr;

use reqwest::Url;

use super::base_url::is_loopback;

/// The proxy variables in the order they are looked up, and `REQUEST_METHOD`.
const VARIABLES: [&str; 9] = [
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
    "REQUEST_METHOD",
];

/// A snapshot of the environment variables that decide the proxy. Tests build one from
/// pairs; the program takes one from the process with [`ProxyEnv::from_process`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProxyEnv {
    vars: Vec<(String, String)>,
}

impl ProxyEnv {
    /// The proxy variables of this process. A value that is not UTF-8 counts as unset, as it
    /// does for reqwest.
    #[must_use]
    pub fn from_process() -> Self {
        Self::from_pairs(
            VARIABLES
                .iter()
                .filter_map(|name| std::env::var(name).ok().map(|value| (*name, value))),
        )
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

    fn get(&self, name: &str) -> Option<&str> {
        self.vars
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first of `names` that is set, even to an empty value (reqwest stops there too).
    fn first(&self, names: &[&'static str]) -> Option<(&'static str, &str)> {
        names
            .iter()
            .find_map(|name| self.get(name).map(|value| (*name, value)))
    }
}

/// A proxy variable that applies to a URL, and whether requests really go through it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyInfo {
    /// The variable the proxy came from, e.g. `HTTPS_PROXY` or `all_proxy`.
    pub variable: &'static str,
    /// The proxy URL with any password masked: `http://user:••••@proxy:3128`.
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
    /// The value is not a proxy URL reqwest can use (unknown scheme, no host), so it is
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
/// really uses it. `None` when no proxy variable applies to the URL's scheme (or the URL does
/// not parse). Pure: the environment is passed in.
#[must_use]
pub fn proxy_in_effect(url: &str, env: &ProxyEnv) -> Option<ProxyInfo> {
    let url = Url::parse(url).ok()?;
    let specific: &[&'static str] = match url.scheme() {
        "https" => &["HTTPS_PROXY", "https_proxy"],
        "http" => &["HTTP_PROXY", "http_proxy"],
        _ => return None,
    };
    let candidate = env.first(specific);
    let all = env.first(&["ALL_PROXY", "all_proxy"]);
    // The scheme's own variable wins if usable; otherwise ALL_PROXY; if neither is usable
    // but one is set, report the one that was looked at first as unusable.
    let Some((variable, proxy)) = candidate
        .and_then(|(n, v)| parse_proxy(v).map(|p| (n, p)))
        .or_else(|| all.and_then(|(n, v)| parse_proxy(v).map(|p| (n, p))))
    else {
        let (variable, value) = candidate
            .filter(|(_, v)| !v.is_empty())
            .or(all.filter(|(_, v)| !v.is_empty()))?;
        return Some(ProxyInfo {
            variable,
            proxy: mask_proxy_text(value),
            decision: ProxyDecision::Unusable,
        });
    };
    let decision = if env.get("REQUEST_METHOD").is_some() {
        ProxyDecision::IgnoredUnderCgi
    } else if is_loopback(&url) {
        ProxyDecision::BypassedLoopback
    } else if let Some((no_variable, entry)) = env
        .first(&["NO_PROXY", "no_proxy"])
        .and_then(|(n, list)| no_proxy_match(list, url.host_str()?).map(|e| (n, e)))
    {
        ProxyDecision::ExemptByNoProxy {
            variable: no_variable,
            entry,
        }
    } else {
        ProxyDecision::Used
    };
    Some(ProxyInfo {
        variable,
        proxy: display_proxy(&proxy),
        decision,
    })
}

/// [`proxy_in_effect`] for this process's environment, as a client built now would see it.
#[must_use]
pub fn proxy_in_effect_now(url: &str) -> Option<ProxyInfo> {
    proxy_in_effect(url, &ProxyEnv::from_process())
}

/// A proxy URL fit to show: the password, if any, replaced by `••••`. Text that is not a URL
/// is shown up to an `@` only, in case it holds credentials.
#[must_use]
pub fn mask_proxy_url(proxy: &str) -> String {
    parse_proxy(proxy).map_or_else(|| mask_proxy_text(proxy), |url| display_proxy(&url))
}

/// Parses a proxy variable's value like hyper-util does: no scheme means http, only http,
/// https and socks schemes count, a host is required.
fn parse_proxy(value: &str) -> Option<Url> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    let url = if value.contains("://") {
        Url::parse(value).ok()?
    } else {
        Url::parse(&format!("http://{value}")).ok()?
    };
    let usable = matches!(
        url.scheme(),
        "http" | "https" | "socks4" | "socks4a" | "socks5" | "socks5h"
    );
    (usable && url.host_str().is_some_and(|h| !h.is_empty())).then_some(url)
}

fn display_proxy(url: &Url) -> String {
    let mut text = format!("{}://", url.scheme());
    if !url.username().is_empty() {
        text.push_str(url.username());
        if url.password().is_some() {
            text.push_str(":••••");
        }
        text.push('@');
    } else if url.password().is_some() {
        text.push_str(":••••@");
    }
    text.push_str(url.host_str().unwrap_or_default());
    if let Some(port) = url.port() {
        // Writing to a String cannot fail.
        let _ = write!(text, ":{port}");
    }
    text
}

fn mask_proxy_text(value: &str) -> String {
    let Some((userinfo_and_scheme, host)) = value.rsplit_once('@') else {
        return value.to_owned();
    };
    match userinfo_and_scheme.split_once("://") {
        Some((scheme, _)) => format!("{scheme}://••••@{host}"),
        None => format!("••••@{host}"),
    }
}

/// The `NO_PROXY` entry that exempts `host`, following hyper-util's matcher.
fn no_proxy_match(list: &str, host: &str) -> Option<String> {
    let bare = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    let entries = list.split(',').map(str::trim).filter(|e| !e.is_empty());
    if let Ok(ip) = bare.parse::<IpAddr>() {
        // IP hosts are only compared with IP entries: even `*` does not exempt them.
        return entries
            .filter(|entry| ip_entry_matches(entry, ip))
            .map(str::to_owned)
            .next();
    }
    entries
        .filter(|entry| !is_ip_entry(entry) && domain_entry_matches(entry, bare))
        .map(str::to_owned)
        .next()
}

fn is_ip_entry(entry: &str) -> bool {
    entry.parse::<IpAddr>().is_ok() || parse_network(entry).is_some()
}

fn ip_entry_matches(entry: &str, ip: IpAddr) -> bool {
    if let Some((network, prefix)) = parse_network(entry) {
        return in_network(ip, network, prefix);
    }
    entry.parse::<IpAddr>().is_ok_and(|address| address == ip)
}

/// `10.0.0.0/8` or `2001:db8::/32`; host bits may be set, as `ipnet` allows.
fn parse_network(entry: &str) -> Option<(IpAddr, u8)> {
    let (address, prefix) = entry.split_once('/')?;
    let address: IpAddr = address.parse().ok()?;
    let prefix: u8 = prefix.parse().ok()?;
    let max = if address.is_ipv4() { 32 } else { 128 };
    (prefix <= max).then_some((address, prefix))
}

fn in_network(ip: IpAddr, network: IpAddr, prefix: u8) -> bool {
    match (ip, network) {
        (IpAddr::V4(ip), IpAddr::V4(net)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
            u32::from(ip) & mask == u32::from(net) & mask
        }
        (IpAddr::V6(ip), IpAddr::V6(net)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
            u128::from(ip) & mask == u128::from(net) & mask
        }
        _ => false,
    }
}

/// curl's rules as hyper-util implements them: exact, or a subdomain, leading dot optional;
/// `*` alone matches every name.
fn domain_entry_matches(entry: &str, host: &str) -> bool {
    if entry == "*" {
        return true;
    }
    let suffix = entry.strip_prefix('.').unwrap_or(entry);
    if suffix.is_empty() {
        return false;
    }
    if host.eq_ignore_ascii_case(suffix) {
        return true;
    }
    host.len() > suffix.len()
        && host
            .get(host.len() - suffix.len()..)
            .is_some_and(|tail| tail.eq_ignore_ascii_case(suffix))
        && host.as_bytes().get(host.len() - suffix.len() - 1) == Some(&b'.')
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
                "HTTPS_PROXY=http://user:••••@proxy:3128",
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

    #[test]
    fn no_proxy_domains_match_whole_labels_only() {
        assert!(domain_entry_matches("sipgate.com", "api.sipgate.com"));
        assert!(domain_entry_matches(".sipgate.com", "sipgate.com"));
        assert!(!domain_entry_matches("sipgate.com", "notsipgate.com"));
        assert!(!domain_entry_matches(".", "sipgate.com"));
        assert_eq!(no_proxy_match("::1", "[::1]").as_deref(), Some("::1"));
        assert_eq!(
            no_proxy_match("2001:db8::/32", "[2001:db8:1::1]").as_deref(),
            Some("2001:db8::/32")
        );
        assert_eq!(no_proxy_match("10.0.0.0/33", "10.0.0.1"), None);
    }

    #[test]
    fn passwords_never_show() {
        assert_eq!(
            mask_proxy_url("http://user:pa%40ss@proxy:3128"),
            "http://user:••••@proxy:3128"
        );
        assert_eq!(mask_proxy_url("http://proxy"), "http://proxy");
        assert_eq!(mask_proxy_url("weird://u:p@h"), "weird://••••@h");
    }
}
