//! Encryption of personal data at rest, so that a database dump alone does not reveal ID numbers
//! or phone numbers.
//!
//! One 32-byte data key comes from configuration: the environment variable
//! [`DATA_KEY_ENV`] (64 hex characters or base64), or else a key file `jiangxin.key` in the data
//! directory, created with mode 0600 on first use. Two working keys are derived from it with
//! HMAC-SHA256 under fixed labels, so that the encryption key and the look-up key are independent:
//!
//! * values are sealed with AES-256-GCM under a random 96-bit nonce per value, with the field's
//!   name as associated data (a ciphertext moved to another column fails to open). The stored form
//!   is `0x01 ‖ nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes)`;
//! * look-ups use a keyed hash, HMAC-SHA256(look-up key, field name ‖ 0x00 ‖ value), which is
//!   deterministic (so a unique index can find a person by ID number) but useless without the key
//!   (an attacker with the dump cannot hash all 10^10 plausible ID numbers).
//!
//! A third derived value, the key check, is stored in the database on first connect; connecting
//! later with another key fails with [`StoreError::DataKeyMismatch`] instead of writing data that
//! the old key's rows could never be compared with.

use std::fmt;
use std::io::Write as _;
use std::path::Path;

use aes_gcm::aead::rand_core::RngCore;
use aes_gcm::aead::{Aead, KeyInit, OsRng, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::digest::Digest;
use crate::error::StoreError;

/// The environment variable that holds the data key (64 hex characters or base64 of 32 bytes).
pub const DATA_KEY_ENV: &str = "JIANGXIN_DATA_KEY";

/// The key file's name in the data directory (beside the SQLite file).
pub const KEY_FILE_NAME: &str = "jiangxin.key";

const SEALED_VERSION: u8 = 1;
const NONCE_LEN: usize = 12;

/// The 32-byte data key. `Debug` never prints it.
#[derive(Clone)]
pub struct DataKey([u8; 32]);

impl DataKey {
    /// A fresh random key.
    pub fn generate() -> Self {
        let mut key = [0u8; 32];
        OsRng.fill_bytes(&mut key);
        Self(key)
    }

    /// Reads 64 hex characters or the base64 of 32 bytes; surrounding whitespace is ignored.
    pub fn parse(text: &str) -> Result<Self, StoreError> {
        let text = text.trim();
        let bytes = if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
            text.parse::<Digest>()
                .map(|d| d.as_bytes().to_vec())
                .map_err(|_| invalid_key_text())?
        } else {
            BASE64.decode(text).map_err(|_| invalid_key_text())?
        };
        let key: [u8; 32] = bytes.try_into().map_err(|_| invalid_key_text())?;
        Ok(Self(key))
    }

    /// The key from [`DATA_KEY_ENV`] if it is set, else from `dir/jiangxin.key`, which is created
    /// (with the directory) holding a new random key if it does not exist yet.
    pub fn from_env_or_file(dir: &Path) -> Result<Self, StoreError> {
        match std::env::var(DATA_KEY_ENV) {
            Ok(text) => Self::parse(&text),
            Err(_) => Self::load_or_create(&dir.join(KEY_FILE_NAME)),
        }
    }

    /// Reads the key file at `path`, or creates it with a new random key. On Unix the file is
    /// created with mode 0600, and an existing file that others may read is refused, as ssh does.
    pub fn load_or_create(path: &Path) -> Result<Self, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(path) {
            Ok(mut file) => {
                let key = Self::generate();
                writeln!(file, "{}", BASE64.encode(key.0))
                    .and_then(|()| file.sync_all())
                    .map_err(|e| StoreError::io(path, e))?;
                Ok(key)
            }
            // Another process created it first (or it was there all along): use that key.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Self::read_file(path),
            Err(e) => Err(StoreError::io(path, e)),
        }
    }

    fn read_file(path: &Path) -> Result<Self, StoreError> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(path)
                .map_err(|e| StoreError::io(path, e))?
                .permissions()
                .mode();
            if mode & 0o077 != 0 {
                return Err(StoreError::InvalidDataKey {
                    reason: "密钥文件可被其他用户读取，应为 0600 权限",
                    reason_en: "the key file is readable by other users; it must have mode 0600",
                });
            }
        }
        let text = std::fs::read_to_string(path).map_err(|e| StoreError::io(path, e))?;
        Self::parse(&text)
    }
}

fn invalid_key_text() -> StoreError {
    StoreError::InvalidDataKey {
        reason: "应为 64 位十六进制字符或 32 字节的 base64 编码",
        reason_en: "expected 64 hex characters or the base64 encoding of 32 bytes",
    }
}

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DataKey(<redacted>)")
    }
}

/// A personal-data field. Its name binds a ciphertext and a look-up hash to the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    PersonIdNumber,
    PersonPhone,
    ObjectionContact,
    TalentIdNumber,
}

impl Field {
    fn label(self) -> &'static [u8] {
        match self {
            Self::PersonIdNumber => b"persons.id_number",
            Self::PersonPhone => b"persons.phone",
            Self::ObjectionContact => b"objections.contact",
            Self::TalentIdNumber => b"talents.id_number",
        }
    }
}

/// The working keys derived from a [`DataKey`]. `Debug` prints only the key check, which
/// reveals nothing about the key.
#[derive(Clone)]
pub struct Crypto {
    cipher: Aes256Gcm,
    lookup: Hmac<Sha256>,
    key_check: Digest,
}

impl Crypto {
    pub fn new(key: &DataKey) -> Self {
        let derive = |label: &[u8]| {
            let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key.0)
                .expect("HMAC accepts a key of any length");
            mac.update(label);
            <[u8; 32]>::from(mac.finalize().into_bytes())
        };
        Self {
            cipher: Aes256Gcm::new(&derive(b"jiangxin/v1/encryption").into()),
            lookup: <Hmac<Sha256> as Mac>::new_from_slice(&derive(b"jiangxin/v1/lookup"))
                .expect("HMAC accepts a key of any length"),
            key_check: Digest::of(&derive(b"jiangxin/v1/key-check")),
        }
    }

    /// Encrypts `clear` for `field` under a fresh random nonce.
    pub fn seal(&self, field: Field, clear: &str) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_LEN];
        OsRng.fill_bytes(&mut nonce);
        let sealed = self
            .cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: clear.as_bytes(),
                    aad: field.label(),
                },
            )
            .expect("AES-GCM encrypts any message shorter than 64 GiB");
        let mut out = Vec::with_capacity(1 + NONCE_LEN + sealed.len());
        out.push(SEALED_VERSION);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    /// Decrypts what [`seal`](Self::seal) produced for the same field.
    pub fn open(&self, field: Field, sealed: &[u8]) -> Result<String, StoreError> {
        let (&version, rest) = sealed.split_first().ok_or(StoreError::Decrypt)?;
        if version != SEALED_VERSION || rest.len() < NONCE_LEN {
            return Err(StoreError::Decrypt);
        }
        let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
        let clear = self
            .cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: field.label(),
                },
            )
            .map_err(|_| StoreError::Decrypt)?;
        String::from_utf8(clear).map_err(|_| StoreError::Decrypt)
    }

    /// The keyed hash of `clear` for look-ups in `field`.
    pub fn lookup_hash(&self, field: Field, clear: &str) -> Vec<u8> {
        let mut mac = self.lookup.clone();
        mac.update(field.label());
        mac.update(&[0]);
        mac.update(clear.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }

    /// A value derived from the key that identifies it without revealing it.
    pub fn key_check(&self) -> Digest {
        self.key_check
    }
}

impl fmt::Debug for Crypto {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Crypto")
            .field("key_check", &self.key_check)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "11010519491231002X";

    #[test]
    fn a_sealed_value_opens_to_the_clear_text() {
        let crypto = Crypto::new(&DataKey::generate());
        let sealed = crypto.seal(Field::PersonIdNumber, ID);
        assert_eq!(crypto.open(Field::PersonIdNumber, &sealed).unwrap(), ID);
    }

    #[test]
    fn the_same_value_seals_differently_each_time_but_hashes_the_same() {
        let crypto = Crypto::new(&DataKey::generate());
        let a = crypto.seal(Field::PersonIdNumber, ID);
        let b = crypto.seal(Field::PersonIdNumber, ID);
        assert_ne!(a, b);
        assert_eq!(
            crypto.lookup_hash(Field::PersonIdNumber, ID),
            crypto.lookup_hash(Field::PersonIdNumber, ID)
        );
        assert_ne!(
            crypto.lookup_hash(Field::PersonIdNumber, ID),
            crypto.lookup_hash(Field::PersonPhone, ID)
        );
    }

    #[test]
    fn a_value_sealed_for_one_field_does_not_open_as_another() {
        let crypto = Crypto::new(&DataKey::generate());
        let sealed = crypto.seal(Field::PersonPhone, "13812345678");
        assert!(matches!(
            crypto.open(Field::PersonIdNumber, &sealed),
            Err(StoreError::Decrypt)
        ));
    }

    #[test]
    fn a_tampered_or_truncated_value_does_not_open() {
        let crypto = Crypto::new(&DataKey::generate());
        let mut sealed = crypto.seal(Field::PersonIdNumber, ID);
        let last = sealed.len() - 1;
        sealed[last] ^= 1;
        assert!(crypto.open(Field::PersonIdNumber, &sealed).is_err());
        assert!(crypto.open(Field::PersonIdNumber, &sealed[..5]).is_err());
        assert!(crypto.open(Field::PersonIdNumber, &[]).is_err());
    }

    #[test]
    fn another_key_neither_opens_the_value_nor_has_the_same_key_check() {
        let one = Crypto::new(&DataKey::generate());
        let other = Crypto::new(&DataKey::generate());
        let sealed = one.seal(Field::PersonIdNumber, ID);
        assert!(other.open(Field::PersonIdNumber, &sealed).is_err());
        assert_ne!(one.key_check(), other.key_check());
    }

    #[test]
    fn a_key_reads_from_hex_and_from_base64() {
        let hex = "00".repeat(31) + "ff";
        let from_hex = DataKey::parse(&hex).unwrap();
        let from_base64 = DataKey::parse(&BASE64.encode(from_hex.0)).unwrap();
        assert_eq!(from_hex.0, from_base64.0);
        assert_eq!(from_hex.0[31], 0xff);
    }

    #[test]
    fn key_text_of_the_wrong_length_is_refused() {
        for text in ["", "abcd", &"00".repeat(31), &BASE64.encode([0u8; 16])] {
            assert!(
                matches!(DataKey::parse(text), Err(StoreError::InvalidDataKey { .. })),
                "{text}"
            );
        }
    }

    #[test]
    fn debug_output_shows_neither_the_key_nor_the_derived_keys() {
        let key = DataKey::parse(&"ab".repeat(32)).unwrap();
        assert_eq!(format!("{key:?}"), "DataKey(<redacted>)");
        let crypto = format!("{:?}", Crypto::new(&key));
        assert!(
            crypto.starts_with("Crypto { key_check: Digest("),
            "{crypto}"
        );
        assert!(!crypto.contains(&"ab".repeat(32)), "{crypto}");
    }

    #[test]
    fn the_key_file_is_created_once_with_mode_0600_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested").join(KEY_FILE_NAME);
        let created = DataKey::load_or_create(&path).unwrap();
        let read = DataKey::load_or_create(&path).unwrap();
        assert_eq!(created.0, read.0);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_key_file_that_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(KEY_FILE_NAME);
        DataKey::load_or_create(&path).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(matches!(
            DataKey::load_or_create(&path),
            Err(StoreError::InvalidDataKey { .. })
        ));
    }
}
