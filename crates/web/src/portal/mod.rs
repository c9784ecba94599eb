//! The public portal: what residents, the press and councillors read. Every page gathers
//! what it shows through `moot_app::Reader`, which filters everything by the one visibility
//! rule before a template sees it. Anonymous pages are kept in this node's page cache.

pub mod atom;
pub mod calendar;
pub mod committees;
pub mod documents;
pub mod home;
pub mod icalendar;
pub mod item;
pub mod meeting;
pub mod members;
pub mod publication_log;
pub mod search;
pub mod sitemap;
pub mod subjects;

use std::future::Future;

use axum::Router;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

use crate::{AppState, WebError};

/// A council's public pages. Those that change only when the records do are served from the
/// page cache to anonymous readers (`cache::keep`); search results (which follow the index,
/// not the log), downloads, the calendar's many months, the iCalendar files and the Atom feeds
/// (the cache keeps HTML alone) are not kept.
pub fn routes(state: &AppState) -> Router<AppState> {
    let cached = axum::middleware::from_fn_with_state(state.clone(), crate::cache::keep);
    Router::new()
        .route("/meetings/{key}", get(meeting::page))
        .route("/meetings/{key}/items/{number}", get(item::page))
        .route("/meetings/{key}/publication-log", get(publication_log::page))
        .route("/committees", get(committees::index))
        .route("/committees/{slug}", get(committees::page))
        .route("/members", get(members::index))
        .route("/members/{slug}", get(members::page))
        .route("/subjects", get(subjects::index))
        .route_layer(cached)
        .route("/subjects/{slug}", get(subjects::page))
        .route("/documents/{id}/{name}", get(documents::download))
        .route("/documents/{id}/versions/{number}/{name}", get(documents::version))
        .route("/calendar", get(calendar::page))
        .route("/search", get(search::page))
        .route("/sitemap.xml", get(sitemap::sitemap))
        .route("/robots.txt", get(sitemap::robots))
        .route("/calendar.ics", get(icalendar::all))
        .route("/committees/{slug}/calendar.ics", get(icalendar::committee))
        .route("/members/{slug}/calendar.ics", get(icalendar::member))
        .route("/feed.atom", get(atom::all))
        .route("/committees/{slug}/feed.atom", get(atom::committee))
}

/// A page rendered by `render`; the cache layer keeps anonymous readers' copies.
async fn rendered<F, Fut>(render: F) -> Result<Html<String>, WebError>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<String, WebError>>,
{
    Ok(Html(render().await?))
}

/// A page that differs by reader: a signed-in reader's was rendered for them alone and is
/// marked private, which also keeps it out of the page cache.
fn for_reader(signed_in: bool, page: String) -> Response {
    if signed_in {
        crate::headers::private(Html(page))
    } else {
        Html(page).into_response()
    }
}
