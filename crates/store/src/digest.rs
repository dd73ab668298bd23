//! SHA-256 digests: of attachment contents, of program files, of row states and of audit entries.
//!
//! One type for all four, stored as 64 lowercase hex characters so that a digest in the database,
//! in a path and in a log line is the same string.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest as _, Sha256};

use crate::error::StoreError;

/// A SHA-256 digest.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Digest([u8; 32]);

impl Digest {
    /// The digest of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        Self(Sha256::digest(bytes).into())
    }

    pub(crate) const fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// 64 lowercase hex characters.
    pub fn to_hex(&self) -> String {
        self.to_string()
    }

    /// Reads a digest as stored in the database; `what` names the column in the error.
    pub(crate) fn from_stored(text: &str, what: &'static str) -> Result<Self, StoreError> {
        text.parse().map_err(|_| StoreError::Corrupt { what })
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Digest({self})")
    }
}

/// Why a text is not a digest.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("摘要应为 64 位十六进制字符（a digest is 64 hex characters）")]
pub struct DigestParseError;

impl FromStr for Digest {
    type Err = DigestParseError;

    /// Accepts upper- or lowercase hex.
    fn from_str(text: &str) -> Result<Self, DigestParseError> {
        let text = text.as_bytes();
        if text.len() != 64 {
            return Err(DigestParseError);
        }
        let mut bytes = [0u8; 32];
        for (byte, pair) in bytes.iter_mut().zip(text.chunks_exact(2)) {
            let pair = std::str::from_utf8(pair).map_err(|_| DigestParseError)?;
            *byte = u8::from_str_radix(pair, 16).map_err(|_| DigestParseError)?;
        }
        Ok(Self(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_of_abc_is_the_published_test_vector() {
        assert_eq!(
            Digest::of(b"abc").to_hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn hex_text_round_trips_and_uppercase_is_accepted() {
        let digest = Digest::of(b"jiangxin");
        assert_eq!(digest.to_hex().parse::<Digest>(), Ok(digest));
        assert_eq!(digest.to_hex().to_uppercase().parse::<Digest>(), Ok(digest));
    }

    #[test]
    fn text_of_the_wrong_length_or_with_non_hex_characters_is_rejected() {
        assert_eq!("abc".parse::<Digest>(), Err(DigestParseError));
        assert_eq!("g".repeat(64).parse::<Digest>(), Err(DigestParseError));
        assert_eq!("é".repeat(32).parse::<Digest>(), Err(DigestParseError));
    }
}
