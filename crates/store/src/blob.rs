//! Files (uploaded documents, generated packs) live outside the database, named by the
//! SHA-256 of their bytes. The same bytes are kept once however often they are uploaded, a
//! stored file can be checked against its name, and a copy or backup is verified by hash.

use std::fmt;
use std::path::{Path, PathBuf};

use async_trait::async_trait;
use moot_domain::BlobHash;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use crate::{Result, StoreError};

#[async_trait]
pub trait BlobStore: Send + Sync + fmt::Debug {
    /// Stores `bytes` (once) and returns their hash.
    async fn put(&self, bytes: &[u8]) -> Result<BlobHash>;
    /// The bytes named `hash`, checked against it, or `None` if there is no such blob.
    async fn get(&self, hash: &BlobHash) -> Result<Option<Vec<u8>>>;
    /// The size of a stored blob without reading it.
    async fn size(&self, hash: &BlobHash) -> Result<Option<u64>>;
}

pub fn hash_of(bytes: &[u8]) -> Result<BlobHash> {
    let digest = Sha256::digest(bytes);
    BlobHash::parse(&hex::encode(digest)).map_err(StoreError::from)
}

/// Blobs in a local folder, fanned out by the hash's first two bytes (`ab/cd/abcd…`) so that no
/// folder grows huge. Writes go to a temporary file that is synced and then renamed, so a crash
/// never leaves a partial file under a real name.
#[derive(Debug, Clone)]
pub struct LocalBlobStore {
    root: PathBuf,
}

impl LocalBlobStore {
    /// A store rooted at `root`; folders are made on the first write, so reading from a
    /// store that was never written to creates nothing.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    fn path(&self, hash: &BlobHash) -> PathBuf {
        let h = hash.as_str();
        self.root.join(&h[0..2]).join(&h[2..4]).join(h)
    }
}

fn io_at(path: &Path, e: std::io::Error) -> StoreError {
    StoreError::Io(std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))
}

#[async_trait]
impl BlobStore for LocalBlobStore {
    async fn put(&self, bytes: &[u8]) -> Result<BlobHash> {
        let hash = hash_of(bytes)?;
        let path = self.path(&hash);
        if tokio::fs::try_exists(&path).await.map_err(|e| io_at(&path, e))? {
            return Ok(hash);
        }
        let dir = path.parent().unwrap_or(&self.root);
        tokio::fs::create_dir_all(dir).await.map_err(|e| io_at(dir, e))?;
        let tmp_dir = self.root.join("tmp");
        tokio::fs::create_dir_all(&tmp_dir)
            .await
            .map_err(|e| io_at(&tmp_dir, e))?;
        let tmp = tmp_dir.join(format!("{}.{}", hash, uuid::Uuid::now_v7()));
        let mut file = tokio::fs::File::create(&tmp).await.map_err(|e| io_at(&tmp, e))?;
        file.write_all(bytes).await.map_err(|e| io_at(&tmp, e))?;
        file.sync_all().await.map_err(|e| io_at(&tmp, e))?;
        drop(file);
        tokio::fs::rename(&tmp, &path).await.map_err(|e| io_at(&path, e))?;
        Ok(hash)
    }

    async fn get(&self, hash: &BlobHash) -> Result<Option<Vec<u8>>> {
        let path = self.path(hash);
        match tokio::fs::read(&path).await {
            Ok(bytes) if hash_of(&bytes)? == *hash => Ok(Some(bytes)),
            Ok(_) => Err(StoreError::Blob {
                hash: hash.to_string(),
                why: "contents do not match the hash".into(),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io_at(&path, e)),
        }
    }

    async fn size(&self, hash: &BlobHash) -> Result<Option<u64>> {
        let path = self.path(hash);
        match tokio::fs::metadata(&path).await {
            Ok(m) => Ok(Some(m.len())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io_at(&path, e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn same_bytes_are_stored_once_and_read_back_checked() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let blobs = LocalBlobStore::new(dir.path());
        let a = blobs.put(b"agenda pack").await?;
        let b = blobs.put(b"agenda pack").await?;
        assert_eq!(a, b);
        assert_eq!(blobs.get(&a).await?.as_deref(), Some(&b"agenda pack"[..]));
        assert_eq!(blobs.size(&a).await?, Some(11));
        let files = walk(dir.path());
        assert_eq!(files, 1, "one file for two uploads of the same bytes");

        // A file altered on disk is reported, not served.
        tokio::fs::write(blobs.path(&a), b"tampered").await?;
        assert!(matches!(blobs.get(&a).await, Err(StoreError::Blob { .. })));

        let missing = hash_of(b"never stored")?;
        assert_eq!(blobs.get(&missing).await?, None);
        assert_eq!(blobs.size(&missing).await?, None);
        Ok(())
    }

    fn walk(dir: &Path) -> usize {
        std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| if e.path().is_dir() { walk(&e.path()) } else { 1 })
            .sum()
    }
}
