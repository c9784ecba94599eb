//! The router driven without a socket, over a real SQLite store.

use crate::common;

use axum::http::StatusCode;
use moot_store::StoreExt;
use moot_store_conformance::fixtures::*;

use crate::common::TestApp;

#[tokio::test]
async fn home_lists_each_councils_active_committees() {
    let app = TestApp::sqlite().await;
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
    assert!(
        body.contains(
            "<li><a href=\"/committees/improving-lives-select-commission\">Improving Lives Select Commission</a></li>"
        ),
        "{body}"
    );
    assert!(!body.contains("Dissolved Panel"), "{body}");
}

#[tokio::test]
async fn text_is_escaped() {
    let app = TestApp::sqlite().await;
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
    let app = TestApp::sqlite().await;
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
    let dir = tempfile::tempdir().expect("dir");
    let url = moot_store_sqlite::SqliteUrl::File(dir.path().join("moot.db"));
    let store = moot_store_sqlite::SqliteStore::open(&url, moot_store_sqlite::OpenMode::CreateIfMissing)
        .await
        .expect("open");
    store.migrate().await.expect("migrate");
    let blobs = std::sync::Arc::new(moot_store::LocalBlobStore::new(dir.path()));
    let state = moot_web::AppState::new(std::sync::Arc::new(store.clone()), blobs);
    let (status, _, body) = common::get_from(&state, None, "/healthz").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ok\n"));
    store.close().await;
    let (status, _, body) = common::get_from(&state, None, "/healthz").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(!body.contains("pool"), "internals stay in the log: {body}");
}

#[tokio::test]
async fn an_address_with_a_trailing_slash_is_sent_to_the_one_without() {
    let app = TestApp::sqlite().await.with_demo().await;
    for (from, to) in [
        ("/committees/", "/committees"),
        (
            "/meetings/2021-06-15-improving-lives-select-commission/",
            "/meetings/2021-06-15-improving-lives-select-commission",
        ),
        ("/calendar/?month=2021-06", "/calendar?month=2021-06"),
    ] {
        let (status, headers, _) = app.get(from).await;
        assert_eq!(status, StatusCode::PERMANENT_REDIRECT, "{from}");
        assert_eq!(headers.get("location").unwrap(), to, "{from}");
    }
    // Never a redirect to another site, and a page that is not there is still a 404.
    let (status, headers, _) = app.get("//evil.example/").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(headers.get("location").is_none());
    assert_eq!(app.get("/no-such-page").await.0, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/").await.0, StatusCode::OK);
}
