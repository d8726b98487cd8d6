//! Extra certificate authorities to trust besides the system store, read from PEM.
//!
//! Behind a corporate TLS-inspection proxy every https connection is re-signed by the
//! company's own CA. Installing that CA in the system store is the proper fix; `--ca-cert FILE`
//! is the way to check the credentials before (or without) doing so. The file is checked when
//! it is read, so a wrong file is reported as such rather than as a later handshake failure.

use std::path::Path;

/// Certificates trusted in addition to the system certificate store. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct TrustedCertificates {
    certificates: Vec<reqwest::Certificate>,
}

/// Why extra CA certificates could not be used.
#[derive(Debug, thiserror::Error)]
pub enum CaCertError {
    /// The file could not be read (missing, a directory, no permission).
    #[error("cannot read the CA certificate file {origin}: {source}")]
    Read {
        /// The file as the user named it.
        origin: String,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// No `-----BEGIN CERTIFICATE-----` block was found.
    #[error(
        "{origin} contains no PEM certificate: expected one or more blocks starting with \
         -----BEGIN CERTIFICATE----- (a DER file can be converted with \
         `openssl x509 -inform der -in FILE -out FILE.pem`)"
    )]
    NoCertificates {
        /// The file as the user named it, or "the PEM data".
        origin: String,
    },
    /// A certificate block is there but is not a certificate rustls accepts as a trust anchor.
    #[error("certificate {index} in {origin} is not usable as a trusted CA: {reason}")]
    Invalid {
        /// The file as the user named it, or "the PEM data".
        origin: String,
        /// Which certificate, counting from 1.
        index: usize,
        /// The parser's reason.
        reason: String,
    },
}

impl TrustedCertificates {
    /// Parses every certificate in a PEM bundle (other PEM blocks, such as keys, are skipped).
    ///
    /// # Errors
    /// [`CaCertError::NoCertificates`] when there is none, [`CaCertError::Invalid`] when one
    /// is malformed.
    pub fn from_pem(pem: &[u8]) -> Result<Self, CaCertError> {
        Self::parse(pem, "the PEM data")
    }

    /// Reads and parses a PEM file of CA certificates (the `--ca-cert FILE` flag).
    ///
    /// # Errors
    /// [`CaCertError::Read`] when the file cannot be read; otherwise as [`Self::from_pem`].
    pub fn from_pem_file(path: &Path) -> Result<Self, CaCertError> {
        let origin = path.display().to_string();
        let pem = std::fs::read(path).map_err(|source| CaCertError::Read {
            origin: origin.clone(),
            source,
        })?;
        Self::parse(&pem, &origin)
    }

    /// How many certificates are trusted in addition to the system store.
    #[must_use]
    pub fn len(&self) -> usize {
        self.certificates.len()
    }

    /// Whether there are none (only the system store is used).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.certificates.is_empty()
    }

    /// Adds the certificates of `other` (e.g. several `--ca-cert` files).
    pub fn extend(&mut self, other: Self) {
        self.certificates.extend(other.certificates);
    }

    /// Hands the certificates to a client builder.
    pub(crate) fn add_to(self, mut builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
        for certificate in self.certificates {
            builder = builder.add_root_certificate(certificate);
        }
        builder
    }

    fn parse(pem: &[u8], origin: &str) -> Result<Self, CaCertError> {
        let certificates =
            reqwest::Certificate::from_pem_bundle(pem).map_err(|e| CaCertError::Invalid {
                origin: origin.to_owned(),
                index: 1,
                reason: innermost(&e),
            })?;
        if certificates.is_empty() {
            return Err(CaCertError::NoCertificates {
                origin: origin.to_owned(),
            });
        }
        // reqwest only decodes the base64 here; the DER is parsed when a client is built.
        // Building a throwaway client per certificate (without the system store, so it is
        // cheap) finds a bad one now, and tells which.
        for (i, certificate) in certificates.iter().enumerate() {
            reqwest::Client::builder()
                .tls_built_in_root_certs(false)
                .add_root_certificate(certificate.clone())
                .build()
                .map_err(|e| CaCertError::Invalid {
                    origin: origin.to_owned(),
                    index: i + 1,
                    reason: innermost(&e),
                })?;
        }
        Ok(Self { certificates })
    }
}

fn innermost(err: &(dyn std::error::Error + 'static)) -> String {
    let mut current = err;
    while let Some(source) = current.source() {
        current = source;
    }
    current.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_says_so() {
        let err = TrustedCertificates::from_pem_file(Path::new("/no/such/ca.pem"))
            .expect_err("missing file");
        assert_matches!(err, CaCertError::Read { .. }, "{err:?}");
        assert!(err.to_string().contains("/no/such/ca.pem"), "{err}");
    }

    #[test]
    fn a_file_without_certificates_is_refused() {
        for text in [
            "",
            "just some text\n",
            "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n",
        ] {
            let err = TrustedCertificates::from_pem(text.as_bytes()).expect_err(text);
            assert_matches!(err, CaCertError::NoCertificates { .. }, "{err:?}");
            assert!(err.to_string().contains("BEGIN CERTIFICATE"), "{err}");
        }
    }

    #[test]
    fn a_certificate_block_that_is_not_a_certificate_is_refused() {
        // Valid base64, but the DER inside is not X.509.
        let pem = "-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n";
        let err = TrustedCertificates::from_pem(pem.as_bytes()).expect_err("not a certificate");
        assert_matches!(err, CaCertError::Invalid { index: 1, .. }, "{err:?}");
    }
}
