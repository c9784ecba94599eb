//! The public pages. Each page gathers what it shows through [`Reader`], which filters
//! everything by the one visibility rule before a template sees it.

mod account;
mod accounts;
mod actions;
mod calendar;
mod committee_setup;
mod committees;
mod cover;
pub(crate) mod documents;
mod home;
mod item;
mod meeting;
mod members;
mod minutes;
mod programme;
mod record;
mod schedule;
mod search;
mod setup;
mod sitemap;
mod upload;
mod workspace;

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::{Html, IntoResponse};
use axum::routing::get;

use crate::site::Site;
use crate::{AppState, WebError};

/// A council's pages, served at the root (by host name, or when there is one council) and
/// under `/c/{council}` on a shared installation.
fn council_pages() -> Router<AppState> {
    Router::new()
        .route("/meetings/{key}", get(meeting::page))
        .route("/meetings/{key}/items/{number}", get(item::page))
        .route("/committees", get(committees::index))
        .route("/committees/{slug}", get(committees::page))
        .route("/members", get(members::index))
        .route("/members/{slug}", get(members::page))
        .route("/documents/{id}/{name}", get(documents::download))
        .route("/calendar", get(calendar::page))
        .route("/search", get(search::page))
        .route("/sign-in", get(account::form).post(account::sign_in))
        .route("/sign-out", axum::routing::post(account::sign_out))
        .route("/account", get(account::page))
        .route("/admin/audit", get(account::audit))
        .route("/admin/accounts", get(accounts::index).post(accounts::create))
        .route("/account/password", axum::routing::post(accounts::change_password))
        .route("/workspace", get(schedule::home))
        .route(
            "/workspace/documents/{id}/cover-sheet",
            get(cover::page).post(cover::save),
        )
        .route(
            "/workspace/meetings/{key}/items/{number}/edit",
            axum::routing::post(schedule::edit_item),
        )
        .route(
            "/workspace/meetings/{key}/items/{number}/move",
            axum::routing::post(schedule::move_item),
        )
        .route("/workspace/committees/{slug}/actions", get(actions::page))
        .route("/workspace/actions/{id}", axum::routing::post(actions::update))
        .route(
            "/workspace/committees/{slug}/work-programme",
            get(programme::page).post(programme::add),
        )
        .route("/workspace/work-programme/{id}", axum::routing::post(programme::update))
        .route(
            "/workspace/work-programme/{id}/remove",
            axum::routing::post(programme::remove),
        )
        .route(
            "/workspace/setup/annual-meetings",
            axum::routing::post(setup::add_annual_meeting),
        )
        .route("/admin/settings", axum::routing::post(setup::settings))
        .route(
            "/workspace/meetings/{key}/late-items",
            axum::routing::post(schedule::add_late_item),
        )
        .route(
            "/workspace/meetings/{key}/items/{number}/amend",
            axum::routing::post(minutes::amend),
        )
        .route("/workspace/setup", get(setup::page))
        .route("/workspace/setup/committees", axum::routing::post(setup::add_committee))
        .route("/workspace/setup/members", axum::routing::post(setup::add_member))
        .route("/workspace/setup/officers", axum::routing::post(setup::add_officer))
        .route("/workspace/setup/venues", axum::routing::post(setup::add_venue))
        .route(
            "/workspace/setup/committees/{slug}",
            get(committee_setup::page).post(committee_setup::details),
        )
        .route(
            "/workspace/setup/memberships/{id}",
            axum::routing::post(committee_setup::end_seat),
        )
        .route(
            "/workspace/setup/committees/{slug}/template",
            axum::routing::post(committee_setup::template),
        )
        .route(
            "/workspace/setup/memberships",
            axum::routing::post(setup::add_membership),
        )
        .route(
            "/workspace/meetings/{key}/resolutions/{id}/vote",
            axum::routing::post(minutes::vote),
        )
        .route(
            "/workspace/meetings/{key}/attendance",
            axum::routing::post(record::attendance),
        )
        .route("/meetings/{key}/declarations", axum::routing::post(record::declaration))
        .route(
            "/workspace/declarations/{id}/remove",
            axum::routing::post(record::remove_declaration),
        )
        .route("/workspace/meetings/{key}/held", axum::routing::post(minutes::held))
        .route(
            "/workspace/meetings/{key}/items/{number}/minute",
            axum::routing::post(minutes::write_minute),
        )
        .route(
            "/workspace/meetings/{key}/minutes-approved",
            axum::routing::post(minutes::approved),
        )
        .route(
            "/workspace/committees/{slug}/meetings",
            axum::routing::post(schedule::create),
        )
        .route(
            "/workspace/meetings/{key}/cancel",
            axum::routing::post(schedule::cancel),
        )
        .route(
            "/workspace/meetings/{key}/items",
            axum::routing::post(schedule::add_item),
        )
        .route(
            "/workspace/meetings/{key}/reschedule",
            axum::routing::post(schedule::reschedule),
        )
        .route("/workspace/meetings/{key}", get(workspace::meeting))
        .route(
            "/workspace/meetings/{key}/items/{number}/documents",
            axum::routing::post(upload::upload).layer(upload::body_limit()),
        )
        .route(
            "/workspace/documents/{id}/replace",
            axum::routing::post(upload::replace).layer(upload::body_limit()),
        )
        .route(
            "/workspace/meetings/{key}/request-publication",
            axum::routing::post(workspace::request_publication),
        )
        .route(
            "/workspace/meetings/{key}/approve-publication",
            axum::routing::post(workspace::approve_publication),
        )
        .route(
            "/workspace/documents/{id}/withdraw",
            axum::routing::post(workspace::withdraw),
        )
        .route("/sitemap.xml", get(sitemap::sitemap))
        .route("/robots.txt", get(sitemap::robots))
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::root))
        .route("/c/{council}", get(home::page))
        .route("/c/{council}/", get(home::page))
        .merge(council_pages())
        .nest("/c/{council}", council_pages())
        .route("/healthz", get(health))
        .route("/static/moot.css", get(stylesheet))
        .fallback(|| async { WebError::NotFound })
}

/// A page from this node's cache, current as of the request's ticket.
fn from_cache(state: &AppState, site: &Site, path: &str) -> Option<Html<String>> {
    state
        .cache
        .page(&cache_key(site, path), site.ticket)
        .map(|page| Html(page.as_str().to_owned()))
}

/// The council, the prefix the page was reached under (its links differ) and the path.
fn cache_key(site: &Site, path: &str) -> String {
    format!("{}{}{}", site.council.id, site.base, path)
}

/// Renders a public page and keeps it in this node's cache for later requests.
async fn render_and_keep<F, Fut>(state: &AppState, site: &Site, path: &str, render: F) -> Result<Html<String>, WebError>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<String, WebError>>,
{
    let page = Arc::new(render().await?);
    state.cache.keep(cache_key(site, path), page.clone(), site.ticket);
    Ok(Html(page.as_str().to_owned()))
}

/// A page that differs by reader: an anonymous reader's page goes into this node's cache for
/// the next one; a signed-in reader's was rendered for them alone, and is marked private.
fn keep_or_private(
    state: &AppState,
    site: &Site,
    path: &str,
    signed_in: bool,
    page: String,
) -> axum::response::Response {
    if signed_in {
        return account::private(Html(page));
    }
    let page = Arc::new(page);
    state.cache.keep(cache_key(site, path), page.clone(), site.ticket);
    Html(page.as_str().to_owned()).into_response()
}

/// The item numbered `number` ("7", "7a") on a meeting's agenda, with its version.
async fn item_numbered(
    state: &AppState,
    council: moot_domain::CouncilId,
    meeting: moot_domain::MeetingId,
    number: &str,
) -> Result<Option<moot_store::Stored<moot_domain::AgendaItem>>, WebError> {
    use moot_store::StoreExt;
    let filter = moot_store::Filter::eq("meeting_id", meeting).and("number", moot_store::CondOp::Eq, number);
    Ok(state.store.find(council, &filter).await?.into_iter().next())
}

/// A date typed in a form, as browsers send it ("2027-05-19"), or a message saying so.
fn date_field(raw: &str) -> Result<jiff::civil::Date, WebError> {
    let raw = raw.trim();
    raw.parse()
        .map_err(|_| WebError::Unprocessable(format!("{raw:?} is not a date like 2027-05-19")))
}

/// A date a form may leave blank.
fn optional_date(raw: &str) -> Result<Option<jiff::civil::Date>, WebError> {
    match raw.trim() {
        "" => Ok(None),
        d => date_field(d).map(Some),
    }
}

/// 200 when the database answers; a load balancer takes the node out of rotation otherwise.
async fn health(State(state): State<AppState>) -> Result<impl IntoResponse, WebError> {
    state.store.last_seq().await?;
    Ok("ok\n")
}

/// The one stylesheet, compiled in; its URL never changes, so browsers revalidate daily.
async fn stylesheet() -> impl IntoResponse {
    (
        [
            (axum::http::header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (axum::http::header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("../../static/moot.css"),
    )
}

/// A path parameter by name ("" when absent, which every lookup then treats as not found).
fn param<'a>(params: &'a [(String, String)], name: &str) -> &'a str {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_default()
}

/// The live record of kind `T` with this slug in the council, or 404 (also for a malformed slug).
async fn by_slug<T: moot_store::Entity>(
    store: &dyn moot_store::Store,
    council: moot_domain::CouncilId,
    slug: &str,
) -> Result<T, WebError> {
    let slug = moot_domain::Slug::parse(slug).map_err(|_| WebError::NotFound)?;
    moot_store::lookup::by_slug(store, council, &slug)
        .await?
        .ok_or(WebError::NotFound)
}
