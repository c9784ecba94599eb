//! Chooses the store from the database URL: the one place that names backends.

use std::sync::Arc;

use moot_store::{Store, StoreError};
use moot_store_postgres::PgStore;
use moot_store_sqlite::{OpenMode, SqliteStore, SqliteUrl};

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

#[cfg(test)]
mod tests {
    use super::*;

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
