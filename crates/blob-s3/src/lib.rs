//! Blobs in an S3-compatible bucket (AWS S3, MinIO, Garage, Ceph…), for hosts whose local disk
//! is not durable or is not shared between the machines that serve a council.
//!
//! Objects are named exactly as [`moot_store::LocalBlobStore`] names files (`ab/cd/abcd…`),
//! optionally under a prefix, so a bucket copied down with any S3 tool is a valid local store
//! and a local store copied up is a valid bucket. The name is the SHA-256 of the bytes, so the
//! same upload is stored once and whatever comes back is checked against its name: a bucket is
//! storage we do not control, and an object changed behind our back is reported, not served.

use std::fmt;

use async_trait::async_trait;
use moot_domain::BlobHash;
use moot_store::blob::hash_of;
use moot_store::{BlobStore, Result, StoreError};
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path;
use object_store::{ObjectStoreExt, PutPayload};

/// Where the bucket is and how to sign in to it. Given whole rather than read from `AWS_*`
/// variables, so that Moot's layered config is the one place a deployment's settings come from.
#[derive(Clone, Default)]
pub struct S3Config {
    /// The server's base URL for stores other than AWS (`http://127.0.0.1:9000` for MinIO,
    /// say); `None` for AWS itself, where the region chooses the endpoint.
    pub endpoint: Option<String>,
    pub bucket: String,
    /// Signed into every request, so it must match the bucket's even on servers that ignore it.
    pub region: String,
    /// Lets one bucket hold several councils' or instances' blobs side by side.
    pub prefix: Option<String>,
    pub access_key_id: String,
    pub secret_access_key: String,
    /// Plain HTTP is refused unless asked for, so credentials and exempt documents are not sent
    /// in the clear by a mistyped endpoint; it is for servers on loopback or a private network.
    pub allow_http: bool,
}

/// By hand, so that the secret never reaches a log line or an error report.
impl fmt::Debug for S3Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("S3Config")
            .field("endpoint", &self.endpoint)
            .field("bucket", &self.bucket)
            .field("region", &self.region)
            .field("prefix", &self.prefix)
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field("allow_http", &self.allow_http)
            .finish()
    }
}

/// A [`BlobStore`] on an S3-compatible bucket.
#[derive(Clone)]
pub struct S3BlobStore {
    store: AmazonS3,
    bucket: String,
    prefix: Path,
}

/// By hand, because the client's own `Debug` carries its whole configuration.
impl fmt::Debug for S3BlobStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("S3BlobStore")
            .field("bucket", &self.bucket)
            .field("prefix", &self.prefix.as_ref())
            .finish_non_exhaustive()
    }
}

impl S3BlobStore {
    /// Checks the configuration but does not contact the server, so Moot starts (and serves
    /// pages that need no files) while the object store is briefly unreachable.
    pub fn new(config: S3Config) -> Result<Self> {
        let prefix = match config.prefix.as_deref() {
            None => Path::default(),
            Some(p) => Path::parse(p.trim_matches('/')).map_err(|e| {
                StoreError::Backend(format!("S3 blob store prefix {p:?} is not a valid object path: {e}"))
            })?,
        };
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(&config.bucket)
            .with_region(&config.region)
            .with_access_key_id(&config.access_key_id)
            .with_secret_access_key(&config.secret_access_key)
            .with_allow_http(config.allow_http);
        if let Some(endpoint) = &config.endpoint {
            builder = builder.with_endpoint(endpoint);
        }
        let store = builder
            .build()
            .map_err(|e| StoreError::Backend(format!("S3 blob store for bucket {:?}: {e}", config.bucket)))?;
        Ok(Self {
            store,
            bucket: config.bucket,
            prefix,
        })
    }

    fn key(&self, hash: &BlobHash) -> Path {
        let h = hash.as_str();
        self.prefix.clone().join(&h[0..2]).join(&h[2..4]).join(h)
    }

    /// Names the object and the operation, so an operator can find both in the bucket's logs.
    fn error(&self, hash: &BlobHash, op: &str, key: &Path, e: &object_store::Error) -> StoreError {
        StoreError::Blob {
            hash: hash.to_string(),
            why: format!("{op} s3://{}/{key} failed: {e}", self.bucket),
        }
    }
}

#[async_trait]
impl BlobStore for S3BlobStore {
    /// Asks first, because an object that exists already holds these bytes (its name is their
    /// hash), and a HEAD is far cheaper than uploading a large document pack again.
    async fn put(&self, bytes: &[u8]) -> Result<BlobHash> {
        let hash = hash_of(bytes)?;
        let key = self.key(&hash);
        match self.store.head(&key).await {
            Ok(_) => return Ok(hash),
            Err(object_store::Error::NotFound { .. }) => {}
            Err(e) => return Err(self.error(&hash, "HEAD", &key, &e)),
        }
        self.store
            .put(&key, PutPayload::from(bytes.to_vec()))
            .await
            .map_err(|e| self.error(&hash, "PUT", &key, &e))?;
        Ok(hash)
    }

    async fn get(&self, hash: &BlobHash) -> Result<Option<Vec<u8>>> {
        let key = self.key(hash);
        let found = match self.store.get(&key).await {
            Ok(found) => found,
            Err(object_store::Error::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(self.error(hash, "GET", &key, &e)),
        };
        let bytes = found.bytes().await.map_err(|e| self.error(hash, "GET", &key, &e))?;
        if hash_of(&bytes)? != *hash {
            return Err(StoreError::Blob {
                hash: hash.to_string(),
                why: format!("contents of s3://{}/{key} do not match the hash", self.bucket),
            });
        }
        Ok(Some(bytes.to_vec()))
    }

    async fn size(&self, hash: &BlobHash) -> Result<Option<u64>> {
        let key = self.key(hash);
        match self.store.head(&key).await {
            Ok(meta) => Ok(Some(meta.size)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(self.error(hash, "HEAD", &key, &e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(prefix: Option<&str>) -> S3Config {
        S3Config {
            endpoint: Some("http://127.0.0.1:9".into()),
            bucket: "moot".into(),
            region: "eu-west-2".into(),
            prefix: prefix.map(Into::into),
            access_key_id: "AKIDEXAMPLE".into(),
            secret_access_key: "very-secret-value".into(),
            allow_http: true,
        }
    }

    #[test]
    fn objects_are_named_as_local_files_are() -> Result<()> {
        let hash = hash_of(b"agenda pack")?;
        let h = hash.as_str();
        let bare = S3BlobStore::new(config(None))?;
        assert_eq!(bare.key(&hash).as_ref(), format!("{}/{}/{h}", &h[0..2], &h[2..4]));
        let under = S3BlobStore::new(config(Some("/councils/anytown/")))?;
        assert_eq!(
            under.key(&hash).as_ref(),
            format!("councils/anytown/{}/{}/{h}", &h[0..2], &h[2..4])
        );
        Ok(())
    }

    #[test]
    fn the_secret_is_never_printed() -> Result<()> {
        let config = config(None);
        assert!(!format!("{config:?}").contains("very-secret-value"));
        let store = S3BlobStore::new(config)?;
        assert!(!format!("{store:?}").contains("very-secret-value"));
        Ok(())
    }
}
