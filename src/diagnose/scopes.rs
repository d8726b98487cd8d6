//! Least privilege: from the scope matrix, the scopes this token is using, those it lacks for
//! endpoints denied for scope reasons, and those no answer settled.

use serde::Serialize;

/// What one endpoint of the matrix says about its scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeOutcome {
    /// Answered with the expected body: the token has the scope.
    Granted,
    /// Denied, and the body names a missing scope.
    Missing,
    /// Denied for a reason that is not the scope (platform, booking, password): says nothing.
    NotAboutScope,
    /// Anything else: no answer, another status, a 403 naming no cause, not asked.
    Unknown,
}

/// One scope and the endpoints behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScopeUse {
    /// e.g. `users:read`.
    pub scope: String,
    /// The endpoints, as documented, e.g. `/users`.
    pub endpoints: Vec<String>,
}

/// The scopes, sorted into what the answers proved.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LeastPrivilege {
    /// Scopes some endpoint proved the token has.
    pub granted: Vec<ScopeUse>,
    /// Scopes an endpoint said the token lacks.
    pub missing: Vec<ScopeUse>,
    /// Scopes no answer settled.
    pub unknown: Vec<ScopeUse>,
}

impl LeastPrivilege {
    /// Sorts the matrix's rows (endpoint, scope, outcome); rows without a scope are left out,
    /// and a scope granted anywhere is granted.
    #[must_use]
    pub fn from_rows<'a>(
        rows: impl IntoIterator<Item = (&'a str, Option<&'a str>, ScopeOutcome)>,
    ) -> Self {
        let mut result = Self::default();
        let rows: Vec<_> = rows.into_iter().collect();
        for (endpoint, scope, outcome) in &rows {
            let Some(scope) = scope else { continue };
            let list = match outcome {
                ScopeOutcome::Granted => &mut result.granted,
                ScopeOutcome::Missing => &mut result.missing,
                ScopeOutcome::Unknown => &mut result.unknown,
                ScopeOutcome::NotAboutScope => continue,
            };
            add(list, scope, endpoint);
        }
        let granted: Vec<String> = result.granted.iter().map(|u| u.scope.clone()).collect();
        result.missing.retain(|u| !granted.contains(&u.scope));
        let missing: Vec<String> = result.missing.iter().map(|u| u.scope.clone()).collect();
        result
            .unknown
            .retain(|u| !granted.contains(&u.scope) && !missing.contains(&u.scope));
        result
    }

    /// "granted: account:read, users:read".
    #[must_use]
    pub fn granted_line(&self) -> String {
        format!("granted: {}", names(&self.granted))
    }

    /// The one-line advice for what the token reads today, when it reads anything.
    #[must_use]
    pub fn advice(&self) -> Option<String> {
        (!self.granted.is_empty())
            .then(|| format!("create a token with exactly: {}", names(&self.granted)))
    }
}

fn add(list: &mut Vec<ScopeUse>, scope: &str, endpoint: &str) {
    if let Some(entry) = list.iter_mut().find(|u| u.scope == scope) {
        entry.endpoints.push(endpoint.to_owned());
    } else {
        list.push(ScopeUse {
            scope: scope.to_owned(),
            endpoints: vec![endpoint.to_owned()],
        });
    }
}

fn names(list: &[ScopeUse]) -> String {
    if list.is_empty() {
        return "none".to_owned();
    }
    list.iter()
        .map(|u| u.scope.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_scopes_by_what_the_answers_proved() {
        let lp = LeastPrivilege::from_rows([
            ("/account", Some("account:read"), ScopeOutcome::Granted),
            ("/authorization/userinfo", None, ScopeOutcome::Granted),
            ("/users", Some("users:read"), ScopeOutcome::Granted),
            ("/balance", Some("balance:read"), ScopeOutcome::Missing),
            ("/groups", Some("groups:read"), ScopeOutcome::NotAboutScope),
            ("/numbers", Some("numbers:read"), ScopeOutcome::Unknown),
            ("/x", Some("users:read"), ScopeOutcome::Missing),
            // Settled elsewhere: neither stays unknown.
            ("/y", Some("users:read"), ScopeOutcome::Unknown),
            ("/z", Some("balance:read"), ScopeOutcome::Unknown),
        ]);
        let u = |scope: &str, endpoints: &[&str]| ScopeUse {
            scope: scope.to_owned(),
            endpoints: endpoints.iter().map(|e| (*e).to_owned()).collect(),
        };
        assert_eq!(
            lp,
            LeastPrivilege {
                granted: vec![
                    u("account:read", &["/account"]),
                    u("users:read", &["/users"])
                ],
                missing: vec![u("balance:read", &["/balance"])],
                unknown: vec![u("numbers:read", &["/numbers"])],
            }
        );
        assert_eq!(lp.granted_line(), "granted: account:read, users:read");
        assert_eq!(
            lp.advice().as_deref(),
            Some("create a token with exactly: account:read, users:read")
        );
        assert_eq!(LeastPrivilege::default().advice(), None);
        assert_eq!(LeastPrivilege::default().granted_line(), "granted: none");
    }
}
