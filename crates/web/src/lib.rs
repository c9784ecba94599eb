//! The web application: one axum router over an [`AppState`].
//!
//! [`router`] builds the app from its state alone, and [`serve`] runs it on a listener the
//! caller has already bound until a shutdown future resolves, so tests can start as many
//! servers as they like on port 0, or drive the router with `oneshot` and no socket at all.

mod account;
mod api;
mod auth;
mod cache;
mod convert;
mod cursor;
mod error;
mod extract;
mod format;
mod headers;
mod json;
mod listing;
mod lookup;
mod oparl;
mod portal;
mod routes;
mod site;
mod workspace;

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use moot_store::{BlobStore, Store};
use tokio::net::TcpListener;

pub use api::export;
pub use error::WebError;

/// What every handler may reach.
#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub blobs: Arc<dyn BlobStore>,
    cache: Arc<cache::PageCache>,
    /// Whether cookies carry `Secure`: on, unless the site is served over plain HTTP.
    pub secure_cookies: bool,
    limiter: Arc<auth::Limiter>,
    form_key: Arc<auth::FormKey>,
    downloads: Arc<api::export::Downloads>,
    /// This node's search index, when it keeps one; without it the portal offers no search.
    pub search: Option<Arc<moot_search::SearchIndex>>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, blobs: Arc<dyn BlobStore>) -> Self {
        Self {
            store,
            blobs,
            cache: Arc::default(),
            secure_cookies: true,
            limiter: Arc::default(),
            form_key: Arc::default(),
            downloads: Arc::default(),
            search: None,
        }
    }

    /// The same state answering searches from `index` (kept in step by an [`Indexer`]).
    pub fn with_search(mut self, index: Arc<moot_search::SearchIndex>) -> Self {
        self.search = Some(index);
        self
    }

    /// The same state with cookies sent over plain HTTP too (demos, tests on loopback).
    pub fn with_insecure_cookies(mut self) -> Self {
        self.secure_cookies = false;
        self
    }
}

pub fn router(state: AppState) -> Router {
    routes::routes(&state)
        .with_state(state)
        .layer(axum::middleware::map_response(headers::add))
        .layer(tower_http::trace::TraceLayer::new_for_http())
}

/// Serves `app` on `listener` until `shutdown` resolves, then finishes the requests in flight.
/// Each request knows its peer's address, which the sign-in limit counts failures by.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
