//! Content-addressed storage of attachment bytes.
//!
//! A blob is named by the SHA-256 of its contents, so storing the same file twice stores it once,
//! and a blob read back can be checked against its name. [`LocalBlobStore`] keeps blobs on local
//! disk; an S3-compatible store implements the same [`BlobStore`] trait with the digest as the
//! object key.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use async_trait::async_trait;

use crate::digest::Digest;
use crate::error::{Result, StoreError};

/// Where attachment bytes are kept.
#[async_trait]
pub trait BlobStore: Send + Sync {
    /// Stores `bytes` and returns their digest; storing bytes that are already there is a no-op.
    async fn put(&self, bytes: &[u8]) -> Result<Digest>;

    /// The bytes stored under `digest`: [`StoreError::BlobMissing`] if there are none,
    /// [`StoreError::BlobCorrupt`] if they no longer match the digest.
    async fn get(&self, digest: &Digest) -> Result<Vec<u8>>;

    async fn exists(&self, digest: &Digest) -> Result<bool>;
}

/// Blobs as files under a root directory: `ab/cdef…` for the digest `abcdef…`, so that no
/// directory holds more than a 256th of them.
#[derive(Debug)]
pub struct LocalBlobStore {
    root: PathBuf,
    temp_counter: AtomicU64,
}

impl LocalBlobStore {
    /// A store rooted at `root`, which is created when the first blob is written.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            temp_counter: AtomicU64::new(0),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the blob with `digest` lives.
    pub fn path_of(&self, digest: &Digest) -> PathBuf {
        let hex = digest.to_hex();
        self.root.join(&hex[..2]).join(&hex[2..])
    }
}

#[async_trait]
impl BlobStore for LocalBlobStore {
    /// Writes to a temporary file in the blob's directory, syncs it, then renames it into place:
    /// a crash leaves either no blob or the whole blob, never a partial one under the real name,
    /// and concurrent writers of the same blob each rename a complete copy.
    async fn put(&self, bytes: &[u8]) -> Result<Digest> {
        let digest = Digest::of(bytes);
        let path = self.path_of(&digest);
        if tokio::fs::try_exists(&path)
            .await
            .map_err(|e| StoreError::io(&path, e))?
        {
            return Ok(digest);
        }
        let dir = path.parent().expect("a blob path has a directory");
        tokio::fs::create_dir_all(dir)
            .await
            .map_err(|e| StoreError::io(dir, e))?;
        let temp = dir.join(format!(
            ".{}.{}.{}.tmp",
            &digest.to_hex()[2..],
            std::process::id(),
            self.temp_counter.fetch_add(1, Ordering::Relaxed)
        ));
        let written = async {
            let mut file = tokio::fs::File::create(&temp).await?;
            tokio::io::AsyncWriteExt::write_all(&mut file, bytes).await?;
            file.sync_all().await?;
            tokio::fs::rename(&temp, &path).await
        }
        .await;
        if let Err(e) = written {
            // Best effort: the write already failed, and a stray temporary file harms nothing.
            let _ = tokio::fs::remove_file(&temp).await;
            return Err(StoreError::io(&path, e));
        }
        Ok(digest)
    }

    async fn get(&self, digest: &Digest) -> Result<Vec<u8>> {
        let path = self.path_of(digest);
        let bytes = match tokio::fs::read(&path).await {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(StoreError::BlobMissing(*digest));
            }
            Err(e) => return Err(StoreError::io(&path, e)),
        };
        if Digest::of(&bytes) != *digest {
            return Err(StoreError::BlobCorrupt(*digest));
        }
        Ok(bytes)
    }

    async fn exists(&self, digest: &Digest) -> Result<bool> {
        let path = self.path_of(digest);
        tokio::fs::try_exists(&path)
            .await
            .map_err(|e| StoreError::io(&path, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_blob_is_stored_under_its_digest_split_after_two_characters() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = LocalBlobStore::new(dir.path());
        let digest = blobs.put(b"%PDF-1.4 hello").await.unwrap();
        assert_eq!(digest, Digest::of(b"%PDF-1.4 hello"));
        let hex = digest.to_hex();
        let path = dir.path().join(&hex[..2]).join(&hex[2..]);
        assert_eq!(blobs.path_of(&digest), path);
        assert_eq!(std::fs::read(&path).unwrap(), b"%PDF-1.4 hello");
        assert!(blobs.exists(&digest).await.unwrap());
        assert_eq!(blobs.get(&digest).await.unwrap(), b"%PDF-1.4 hello");
    }

    #[tokio::test]
    async fn storing_the_same_bytes_twice_keeps_one_file_and_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = LocalBlobStore::new(dir.path());
        let first = blobs.put(b"same").await.unwrap();
        let second = blobs.put(b"same").await.unwrap();
        assert_eq!(first, second);
        let shard = blobs.path_of(&first).parent().unwrap().to_path_buf();
        let files: Vec<_> = std::fs::read_dir(shard)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(files, vec![std::ffi::OsString::from(&first.to_hex()[2..])]);
    }

    #[tokio::test]
    async fn concurrent_writers_of_the_same_blob_leave_one_whole_copy() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = std::sync::Arc::new(LocalBlobStore::new(dir.path()));
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let writers: Vec<_> = (0..8)
            .map(|_| {
                let (blobs, bytes) = (blobs.clone(), bytes.clone());
                tokio::spawn(async move { blobs.put(&bytes).await })
            })
            .collect();
        for writer in writers {
            assert_eq!(writer.await.unwrap().unwrap(), Digest::of(&bytes));
        }
        assert_eq!(blobs.get(&Digest::of(&bytes)).await.unwrap(), bytes);
    }

    #[tokio::test]
    async fn a_missing_blob_and_a_corrupted_blob_are_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = LocalBlobStore::new(dir.path());
        let absent = Digest::of(b"never stored");
        assert!(!blobs.exists(&absent).await.unwrap());
        assert!(matches!(blobs.get(&absent).await, Err(StoreError::BlobMissing(d)) if d == absent));

        let digest = blobs.put(b"original").await.unwrap();
        std::fs::write(blobs.path_of(&digest), b"tampered").unwrap();
        assert!(matches!(blobs.get(&digest).await, Err(StoreError::BlobCorrupt(d)) if d == digest));
    }
}
