//! The shared conformance suite on PostgreSQL, each check in its own schema of the database
//! named by `MOOT_TEST_POSTGRES_URL`. Without that variable the checks are skipped, except under
//! CI, where `postgres_really_ran` fails so that a skipped suite can never pass for a run one.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use moot_store::Store;
use moot_store_postgres::PgStore;

const VAR: &str = "MOOT_TEST_POSTGRES_URL";

fn url() -> Option<String> {
    match std::env::var(VAR) {
        Ok(url) => Some(url),
        Err(_) if std::env::var("CI").is_ok_and(|v| v == "true") => panic!("{VAR} must be set under CI"),
        Err(_) => {
            eprintln!("notice: skipping PostgreSQL checks: {VAR} is not set");
            None
        }
    }
}

/// A migrated store in a schema of its own, so checks run side by side on one server.
async fn fresh() -> Option<Box<PgStore>> {
    let url = url()?;
    let schema = format!("moot_test_{}", uuid::Uuid::now_v7().simple());
    let store = PgStore::open_in_schema(&url, &schema).await.expect("connect");
    store.migrate().await.expect("migrate");
    Some(Box::new(store))
}

moot_store_conformance::conformance_tests!(fresh());

#[tokio::test]
async fn postgres_really_ran() {
    let Some(store) = fresh().await else { return };
    assert_eq!(store.backend(), "postgres");
    let version = store.server_version().await.expect("version");
    assert!(version.starts_with("PostgreSQL"), "{version}");
    println!("conformance ran against {version}");
}
