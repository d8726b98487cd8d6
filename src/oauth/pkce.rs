//! PKCE (RFC 7636, method S256) and the `state` value: random strings from the operating
//! system's CSPRNG, and the SHA-256 challenge of a verifier.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use secrecy::{ExposeSecret as _, SecretString};
use sha2::{Digest as _, Sha256};

/// Randomness was not available (the OS refused; practically never).
#[derive(Debug, Clone, thiserror::Error)]
#[error("no randomness from the operating system: {0}")]
pub struct RandomError(String);

/// `bytes` random bytes from the OS, as base64url without padding (URL-safe, and within
/// RFC 7636's verifier alphabet).
///
/// # Errors
/// When the OS gives no randomness.
pub fn random_token(bytes: usize) -> Result<String, RandomError> {
    let mut buffer = vec![0_u8; bytes];
    getrandom::fill(&mut buffer).map_err(|e| RandomError(e.to_string()))?;
    Ok(URL_SAFE_NO_PAD.encode(buffer))
}

/// The S256 code challenge of a verifier: `base64url(sha256(verifier))`, no padding.
#[must_use]
pub fn s256_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// A PKCE verifier (kept secret until the token request) and its S256 challenge.
pub struct Pkce {
    verifier: SecretString,
    challenge: String,
}

impl std::fmt::Debug for Pkce {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pkce")
            .field("verifier", &"[REDACTED]")
            .field("challenge", &self.challenge)
            .finish()
    }
}

impl Pkce {
    /// A fresh verifier: 32 random bytes, 43 characters (RFC 7636 asks for 43 to 128).
    ///
    /// # Errors
    /// When the OS gives no randomness.
    pub fn generate() -> Result<Self, RandomError> {
        Ok(Self::from_verifier(random_token(32)?))
    }

    /// A given verifier and its challenge (tests, and the demo provider's check).
    #[must_use]
    pub fn from_verifier(verifier: String) -> Self {
        let challenge = s256_challenge(&verifier);
        Self {
            verifier: SecretString::from(verifier),
            challenge,
        }
    }

    /// The verifier, sent only to the token endpoint.
    #[must_use]
    pub fn verifier(&self) -> &SecretString {
        &self.verifier
    }

    /// The challenge, sent in the authorization URL.
    #[must_use]
    pub fn challenge(&self) -> &str {
        &self.challenge
    }

    /// Whether `verifier` is this one (constant in the verifier's length is not needed: the
    /// verifier never leaves this process before the token request).
    #[must_use]
    pub fn matches(&self, verifier: &str) -> bool {
        self.verifier.expose_secret() == verifier
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s256_matches_rfc_7636_appendix_b() {
        // The verifier and challenge printed in RFC 7636, Appendix B.
        assert_eq!(
            s256_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn fresh_verifiers_are_43_url_safe_characters_and_differ() {
        let a = Pkce::generate().expect("randomness");
        let b = Pkce::generate().expect("randomness");
        let verifier = a.verifier().expose_secret();
        assert_eq!(verifier.len(), 43);
        assert!(
            verifier
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
        assert_ne!(verifier, b.verifier().expose_secret());
        assert!(!format!("{a:?}").contains(verifier));
    }
}
