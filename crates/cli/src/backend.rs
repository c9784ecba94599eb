//! Chooses the store from the database URL: the one place that names backends.

use std::sync::Arc;

use std::path::Path;

use moot_blob_s3::{S3BlobStore, S3Config};
use moot_store::{BlobStore, LocalBlobStore, Store, StoreError};

use crate::config::Settings;
use crate::error::CliError;
use moot_store_postgres::PgStore;
use moot_store_sqlite::{SqliteStore, SqliteUrl};

/// Whether opening may create a new database (only a SQLite file can be made by opening it);
/// named here so that commands say what they need without naming a backend.
pub use moot_store_sqlite::OpenMode;

/// A database URL, checked before anything is opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(SqliteUrl),
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<Self, StoreError> {
        let scheme = url.split_once(':').map(|(s, _)| s).unwrap_or_default();
        match scheme {
            "sqlite" => Ok(Self::Sqlite(SqliteUrl::parse(url)?)),
            "postgres" | "postgresql" => Ok(Self::Postgres(url.to_owned())),
            "" => Err(StoreError::BadUrl {
                url: url.to_owned(),
                why: "no scheme: write sqlite:PATH (for example sqlite:moot.db)".into(),
            }),
            other => Err(StoreError::BadUrl {
                url: redact(url),
                why: format!("unknown database scheme {other:?}: Moot uses sqlite:PATH or postgres://HOST/DATABASE"),
            }),
        }
    }
}

impl std::fmt::Display for DatabaseUrl {
    /// The URL as it may be printed or logged: never with its password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Sqlite(url) => url.fmt(f),
            Self::Postgres(url) => f.write_str(&moot_store_postgres::describe(url)),
        }
    }
}

/// Hides a password in a URL before it is printed.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(start), Some(at)) if at > start => format!("{}://…@{}", &url[..start], &url[at + 1..]),
        _ => url.to_owned(),
    }
}

/// Opens the store, bringing its schema up to date when `migrate` is set.
pub async fn open(url: &DatabaseUrl, mode: OpenMode, migrate: bool) -> Result<Arc<dyn Store>, StoreError> {
    match url {
        DatabaseUrl::Sqlite(url) => {
            let store = SqliteStore::open(url, mode).await?;
            if migrate {
                store.migrate().await?;
            } else if !store.is_migrated().await? {
                return Err(StoreError::BadUrl {
                    url: url.to_string(),
                    why: "this database has no Moot schema (run `moot migrate` first)".into(),
                });
            }
            Ok(Arc::new(store))
        }
        DatabaseUrl::Postgres(url) => {
            let store = PgStore::open(url).await?;
            if migrate {
                store.migrate().await?;
            } else if !store.is_migrated().await? {
                return Err(StoreError::BadUrl {
                    url: moot_store_postgres::describe(url),
                    why: "this database has no Moot schema (run `moot migrate` first)".into(),
                });
            }
            Ok(Arc::new(store))
        }
    }
}

/// Opens the file store at `location`: a folder, or `s3://BUCKET/PREFIX` with the endpoint and
/// region from the settings and the credentials from `env` (secrets never live in a config file).
pub fn open_blobs(
    location: &Path,
    settings: &Settings,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Arc<dyn BlobStore>, CliError> {
    let text = location.to_string_lossy();
    let Some(rest) = text.strip_prefix("s3://") else {
        return Ok(Arc::new(LocalBlobStore::new(location)));
    };
    let (bucket, prefix) = rest
        .split_once('/')
        .map_or((rest, None), |(b, p)| (b, Some(p.to_owned())));
    if bucket.is_empty() {
        return Err(CliError::Config(format!(
            "{text}: no bucket named (write s3://BUCKET/PREFIX)"
        )));
    }
    let need =
        |name: &str| env(name).ok_or_else(|| CliError::Config(format!("{text}: set {name} for the object store")));
    let secret = match env("MOOT_S3_SECRET_ACCESS_KEY_FILE") {
        Some(file) => std::fs::read_to_string(&file)
            .map(|s| s.trim().to_owned())
            .map_err(|e| CliError::Config(format!("MOOT_S3_SECRET_ACCESS_KEY_FILE {file}: {e}")))?,
        None => need("MOOT_S3_SECRET_ACCESS_KEY")?,
    };
    let endpoint = settings.s3_endpoint.clone();
    let config = S3Config {
        allow_http: endpoint.as_deref().is_some_and(|e| e.starts_with("http://")),
        endpoint,
        bucket: bucket.to_owned(),
        region: settings.s3_region.clone(),
        prefix: prefix.filter(|p| !p.is_empty()),
        access_key_id: need("MOOT_S3_ACCESS_KEY_ID")?,
        secret_access_key: secret,
    };
    Ok(Arc::new(S3BlobStore::new(config)?))
}

/// The process environment, as `open_blobs` reads it.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        crate::config::resolve(Default::default(), Default::default(), Default::default()).expect("defaults")
    }

    #[test]
    fn file_stores() {
        let none = |_: &str| None;
        assert!(open_blobs(Path::new("moot-files"), &settings(), &none).is_ok());
        let err = open_blobs(Path::new("s3://moot-papers/rotherham"), &settings(), &none)
            .map(drop)
            .expect_err("no keys");
        assert!(err.to_string().contains("MOOT_S3_"), "{err}");
        let keys = |name: &str| match name {
            "MOOT_S3_ACCESS_KEY_ID" => Some("AKIA".to_owned()),
            "MOOT_S3_SECRET_ACCESS_KEY" => Some("very-secret".to_owned()),
            _ => None,
        };
        let store = open_blobs(Path::new("s3://moot-papers/rotherham"), &settings(), &keys).expect("s3");
        let shown = format!("{store:?}");
        assert!(
            shown.contains("moot-papers") && !shown.contains("very-secret"),
            "{shown}"
        );
        assert!(open_blobs(Path::new("s3:///x"), &settings(), &keys).is_err());
    }

    #[test]
    fn schemes() {
        assert!(matches!(
            DatabaseUrl::parse("sqlite:moot.db"),
            Ok(DatabaseUrl::Sqlite(_))
        ));
        assert!(matches!(
            DatabaseUrl::parse("postgres://u:p@h/db"),
            Ok(DatabaseUrl::Postgres(_))
        ));
        let err = DatabaseUrl::parse("mysql://root:hunter2@db/moot").expect_err("unknown");
        let msg = err.to_string();
        assert!(msg.contains("unknown database scheme \"mysql\""), "{msg}");
        assert!(!msg.contains("hunter2"), "passwords are not echoed: {msg}");
        assert!(
            DatabaseUrl::parse("moot.db")
                .expect_err("no scheme")
                .to_string()
                .contains("no scheme")
        );
    }
}
