//! The public pages. Each page gathers what it shows through [`Reader`], which filters
//! everything by the one visibility rule before a template sees it.

mod home;
mod meeting;

use axum::Router;
use axum::extract::State;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::{AppState, WebError};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::page))
        .route("/meetings/{key}", get(meeting::page))
        .route("/healthz", get(health))
        .fallback(|| async { WebError::NotFound })
}

/// 200 when the database answers; a load balancer takes the node out of rotation otherwise.
async fn health(State(state): State<AppState>) -> Result<impl IntoResponse, WebError> {
    state.store.councils().await?;
    Ok("ok\n")
}
