//! Every route, grouped by who it is for: the public `portal`, the clerks' `workspace`, and
//! `account` (signing in, accounts). A council's routes are served at the root (by host
//! name, or when there is one council) and again under `/c/{council}` on a shared
//! installation.

use axum::Router;
use axum::extract::State;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::portal::home;
use crate::{AppState, WebError, account, api, oparl, portal, workspace};

/// One council's routes.
fn council_routes(state: &AppState) -> Router<AppState> {
    portal::routes(state)
        .merge(workspace::routes())
        .merge(account::routes())
        .merge(oparl::routes(state))
        .merge(api::routes(state))
}

pub fn routes(state: &AppState) -> Router<AppState> {
    let cached = axum::middleware::from_fn_with_state(state.clone(), crate::cache::keep);
    Router::new()
        .route("/", get(home::root).layer(cached.clone()))
        .route("/c/{council}", get(home::page).layer(cached.clone()))
        .route("/c/{council}/", get(home::page).layer(cached))
        .merge(council_routes(state))
        .merge(oparl::system_routes())
        .merge(api::system_routes())
        .nest("/c/{council}", council_routes(state))
        .route("/healthz", get(health))
        .route("/static/moot.css", get(stylesheet))
        .route("/static/favicon.svg", get(favicon))
        .fallback(unmatched)
}

/// Nothing here: but an address with a trailing slash (`/committees/`) is taken to mean the
/// one without, as a reader or a link checker expects; anything else is the 404 page.
async fn unmatched(method: axum::http::Method, uri: axum::http::Uri) -> axum::response::Response {
    let path = uri.path();
    let trimmed = path.trim_end_matches('/');
    // `//host/` must never become a redirect to another site.
    let safe = trimmed.starts_with('/') && !trimmed.starts_with("//");
    if matches!(method, axum::http::Method::GET | axum::http::Method::HEAD) && path.ends_with('/') && safe {
        let target = match uri.query() {
            Some(q) => format!("{trimmed}?{q}"),
            None => trimmed.to_owned(),
        };
        return axum::response::Redirect::permanent(&target).into_response();
    }
    WebError::NotFound.into_response()
}

/// 200 when the database answers; a load balancer takes the node out of rotation otherwise.
async fn health(State(state): State<AppState>) -> Result<impl IntoResponse, WebError> {
    state.store.last_seq().await?;
    Ok("ok\n")
}

/// The site's icon, compiled in, so that no page's visit ends in a missing-file error.
async fn favicon() -> impl IntoResponse {
    (
        [
            (axum::http::header::CONTENT_TYPE, "image/svg+xml"),
            (axum::http::header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("../static/favicon.svg"),
    )
}

/// The one stylesheet, compiled in; its URL never changes, so browsers revalidate daily.
async fn stylesheet() -> impl IntoResponse {
    (
        [
            (axum::http::header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (axum::http::header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("../static/moot.css"),
    )
}
