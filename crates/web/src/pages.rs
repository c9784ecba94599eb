//! The pages of Foundation I: a home page that proves the store is wired in, and a health
//! check for load balancers. The public portal grows from here.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use moot_domain::{Committee, Council};
use moot_store::{Filter, StoreExt, typed};

use crate::{AppState, WebError};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/healthz", get(health))
        .fallback(|| async { WebError::NotFound })
}

struct CouncilListing {
    name: String,
    committees: Vec<Committee>,
}

#[derive(Template)]
#[template(path = "home.html")]
struct Home {
    councils: Vec<CouncilListing>,
}

async fn home(State(state): State<AppState>) -> Result<Html<String>, WebError> {
    let mut councils = Vec::new();
    for stored in state.store.councils().await? {
        let council: Council = typed(stored)?.record;
        let committees = state
            .store
            .find::<Committee>(council.id, &Filter::eq("status", "active"))
            .await?
            .into_iter()
            .map(|s| s.record)
            .collect();
        councils.push(CouncilListing {
            name: council.name,
            committees,
        });
    }
    Ok(Html(Home { councils }.render()?))
}

/// 200 when the database answers; a load balancer takes the node out of rotation otherwise.
async fn health(State(state): State<AppState>) -> Result<impl IntoResponse, WebError> {
    state.store.councils().await?;
    Ok("ok\n")
}
