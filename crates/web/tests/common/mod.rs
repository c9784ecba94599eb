//! A test application over a real store: SQLite always, PostgreSQL when
//! `MOOT_TEST_POSTGRES_URL` names a server (required under CI).

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    dead_code,
    reason = "test support"
)]

use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use moot_demo::DemoSource;
use moot_store::{LocalBlobStore, Store};
use moot_store_postgres::PgStore;
use moot_store_sqlite::{OpenMode, SqliteStore, SqliteUrl};
use moot_web::{AppState, router};
use tower::ServiceExt;

pub struct TestApp {
    pub state: AppState,
    pub store: Arc<dyn Store>,
    dir: tempfile::TempDir,
}

impl TestApp {
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("dir");
        let url = SqliteUrl::File(dir.path().join("moot.db"));
        let store = SqliteStore::open(&url, OpenMode::CreateIfMissing).await.expect("open");
        store.migrate().await.expect("migrate");
        Self::over(Arc::new(store), dir)
    }

    /// A fresh schema on the test server, or `None` with a notice when there is no server.
    pub async fn postgres() -> Option<Self> {
        let url = match std::env::var("MOOT_TEST_POSTGRES_URL") {
            Ok(url) => url,
            Err(_) if std::env::var("CI").is_ok_and(|v| v == "true") => {
                panic!("MOOT_TEST_POSTGRES_URL must be set under CI")
            }
            Err(_) => {
                eprintln!("notice: skipping the PostgreSQL half: MOOT_TEST_POSTGRES_URL is not set");
                return None;
            }
        };
        let schema = format!("moot_web_{}", uuid::Uuid::now_v7().simple());
        let store = PgStore::open_in_schema(&url, &schema).await.expect("connect");
        store.migrate().await.expect("migrate");
        Some(Self::over(Arc::new(store), tempfile::tempdir().expect("dir")))
    }

    fn over(store: Arc<dyn Store>, dir: tempfile::TempDir) -> Self {
        let blobs = Arc::new(LocalBlobStore::new(dir.path().join("files")));
        Self {
            state: AppState::new(store.clone(), blobs),
            store,
            dir,
        }
    }

    pub async fn with_demo(self) -> Self {
        moot_demo::load(&*self.store, &DemoSource::embedded())
            .await
            .expect("demo");
        self
    }

    /// Another node: its own state and page cache over the same database and files.
    pub fn second_node(&self) -> AppState {
        AppState::new(
            self.store.clone(),
            Arc::new(LocalBlobStore::new(self.dir.path().join("files"))),
        )
    }

    pub async fn get(&self, path: &str) -> (StatusCode, HeaderMap, String) {
        get_from(&self.state, None, path).await
    }

    pub async fn get_on_host(&self, host: &str, path: &str) -> (StatusCode, String) {
        let (status, _, body) = get_from(&self.state, Some(host), path).await;
        (status, body)
    }
}

pub async fn get_from(state: &AppState, host: Option<&str>, path: &str) -> (StatusCode, HeaderMap, String) {
    let mut request = Request::get(path);
    if let Some(host) = host {
        request = request.header("host", host);
    }
    send(state, request.body(Body::empty()).unwrap()).await
}

/// Any request through the router: status, headers and body as text.
pub async fn send(state: &AppState, request: Request<Body>) -> (StatusCode, HeaderMap, String) {
    let response = router(state.clone()).oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 22).await.unwrap();
    (status, headers, String::from_utf8_lossy(&bytes).into_owned())
}
