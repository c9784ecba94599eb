//! The router driven without a socket, over a real SQLite store.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use moot_store::{LocalBlobStore, StoreExt};
use moot_store_conformance::fixtures::*;
use moot_store_sqlite::{OpenMode, SqliteStore, SqliteUrl};
use moot_web::{AppState, router};
use tower::ServiceExt;

struct TestApp {
    state: AppState,
    store: Arc<SqliteStore>,
    _dir: tempfile::TempDir,
}

impl TestApp {
    async fn new() -> Self {
        let dir = tempfile::tempdir().expect("dir");
        let store = SqliteStore::open(&SqliteUrl::File(dir.path().join("moot.db")), OpenMode::CreateIfMissing)
            .await
            .expect("open");
        store.migrate().await.expect("migrate");
        let store = Arc::new(store);
        let blobs = Arc::new(LocalBlobStore::new(dir.path().join("blobs")));
        Self {
            state: AppState {
                store: store.clone(),
                blobs,
            },
            store,
            _dir: dir,
        }
    }

    async fn get(&self, path: &str) -> (StatusCode, axum::http::HeaderMap, String) {
        let request = Request::get(path).body(Body::empty()).expect("request");
        let response = router(self.state.clone()).oneshot(request).await.expect("response");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20).await.expect("body");
        (status, headers, String::from_utf8_lossy(&bytes).into_owned())
    }
}

#[tokio::test]
async fn home_lists_each_councils_active_committees() {
    let app = TestApp::new().await;
    let (status, _, body) = app.get("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("No councils have been set up yet."), "{body}");

    let who = actor("cli");
    let c = app
        .store
        .create(&who, council("rotherham"))
        .await
        .expect("council")
        .record;
    let mut ilsc = committee(c.id, "improving-lives-select-commission");
    ilsc.name = "Improving Lives Select Commission".into();
    app.store.create(&who, ilsc).await.expect("committee");
    let mut old = committee(c.id, "old-panel");
    old.name = "Dissolved Panel & Co".into();
    old.status = moot_domain::CommitteeStatus::Dissolved;
    app.store.create(&who, old).await.expect("committee");

    let (status, _, body) = app.get("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("<h1>rotherham Council</h1>"), "{body}");
    assert!(body.contains("<li>Improving Lives Select Commission</li>"), "{body}");
    assert!(!body.contains("Dissolved Panel"), "{body}");
}

#[tokio::test]
async fn text_is_escaped() {
    let app = TestApp::new().await;
    let who = actor("cli");
    let c = app
        .store
        .create(&who, council("rotherham"))
        .await
        .expect("council")
        .record;
    let mut evil = committee(c.id, "evil");
    evil.name = "<script>alert(1)</script>".into();
    app.store.create(&who, evil).await.expect("committee");
    let (_, _, body) = app.get("/").await;
    assert!(!body.contains("<script>"), "{body}");
    assert!(
        body.contains("&#60;script&#62;") || body.contains("&lt;script&gt;"),
        "{body}"
    );
}

#[tokio::test]
async fn unknown_pages_are_404_html_with_security_headers() {
    let app = TestApp::new().await;
    let (status, headers, body) = app.get("/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("Page not found"), "{body}");
    let csp = headers
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert_eq!(
        headers.get("x-content-type-options").and_then(|v| v.to_str().ok()),
        Some("nosniff")
    );
}

#[tokio::test]
async fn health_answers_when_the_database_does() {
    let app = TestApp::new().await;
    let (status, _, body) = app.get("/healthz").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ok\n"));
    app.store.close().await;
    let (status, _, body) = app.get("/healthz").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(!body.contains("pool"), "internals stay in the log: {body}");
}
