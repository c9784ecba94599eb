//! The shared conformance suite on SQLite, each check on its own database file.

use moot_store_sqlite::{OpenMode, SqliteStore, SqliteUrl};

async fn fresh() -> Option<Box<SqliteStore>> {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = SqliteUrl::File(dir.keep().join("moot.db"));
    let store = SqliteStore::open(&url, OpenMode::CreateIfMissing).await.expect("open");
    store.migrate().await.expect("migrate");
    Some(Box::new(store))
}

moot_store_conformance::conformance_tests!(fresh());
