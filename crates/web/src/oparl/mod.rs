//! OParl 1.1 at `/oparl/v1/`: the public record as open data, for OParl's clients and
//! validators. One `System` lists every council as a `Body`; each council's objects live
//! under its own base (`/c/{council}` on a shared installation).
//!
//! Every list is a walk of `moot_app::open_data` (by change-log position, so incremental
//! sync is exact), and every object, embedded or not, is read through the anonymous
//! `Reader`, so nothing the public pages would not show is served. The mapping from UK
//! records to OParl's objects is described in `docs/oparl.md`.
//!
//! - [`objects`]: the serde types.
//! - [`body`]: System, Body, LegislativeTerm.
//! - [`people`]: Organization, Person, Membership.
//! - [`meetings`]: Meeting, AgendaItem, Location.
//! - [`papers`]: Paper, Consultation, File.

mod body;
mod meetings;
mod objects;
mod papers;
mod people;

use std::future::Future;

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use moot_app::Reader;
use moot_app::open_data::{self, Entry, Times};
use moot_store::Entity;
use serde::Serialize;
use uuid::Uuid;

use crate::error::JsonError;
pub use crate::json::json;
use crate::listing::Params;
use crate::site::Site;
use crate::{AppState, WebError};
use objects::{Common, Deleted, Links, List, Pagination};

/// What an object's address takes, and what a list's takes besides.
pub const OBJECT_QUERY: &[&str] = &["omit_internal"];
const LIST_QUERY: &[&str] = &[
    "omit_internal",
    "created_since",
    "created_until",
    "modified_since",
    "modified_until",
    "limit",
    "cursor",
];

/// One council's OParl routes (the body and its lists and objects), kept by the page cache
/// and answering `If-None-Match`.
pub fn routes(state: &AppState) -> Router<AppState> {
    let cached = axum::middleware::from_fn_with_state(state.clone(), crate::cache::keep);
    Router::new()
        .route("/oparl/v1/body", get(body::body))
        .merge(family::<body::Terms>())
        .merge(family::<people::Organizations>())
        .merge(family::<people::People>())
        .merge(family::<people::Memberships>())
        .merge(family::<meetings::Meetings>())
        .merge(family::<meetings::Items>())
        .merge(family::<meetings::Locations>())
        .merge(family::<papers::Papers>())
        .merge(family::<papers::Consultations>())
        .merge(family::<papers::Files>())
        .route_layer(cached)
        .route_layer(axum::middleware::from_fn(crate::json::conditional))
        .route("/oparl/v1/{*rest}", get(not_found))
}

/// The installation's `System` and its list of bodies, served at the root.
pub fn system_routes() -> Router<AppState> {
    Router::new()
        .route("/oparl/v1/system", get(body::system))
        .route("/oparl/v1/bodies", get(body::bodies))
}

fn family<F: Family>() -> Router<AppState> {
    Router::new()
        .route(
            &format!("/oparl/v1/{}", F::LIST),
            get(list::<F>).options(crate::json::preflight),
        )
        .route(
            &format!("/oparl/v1/{}/{{id}}", F::OBJECT),
            get(object::<F>).options(crate::json::preflight),
        )
}

async fn not_found() -> JsonError {
    JsonError(WebError::NotFound)
}

/// One kind of OParl object over one kind of record.
pub trait Family: Send + Sync + 'static {
    type Record: Entity;
    /// The list's path segment (`meetings`) and an object's (`meeting`).
    const LIST: &'static str;
    const OBJECT: &'static str;
    /// The OParl type's name (`Meeting`).
    const TYPE: &'static str;

    /// Whether a record is one of these objects at all (a File is a document with a file).
    fn fits(_record: &Self::Record) -> bool {
        true
    }

    /// The object for a public record.
    fn object(
        ctx: &Ctx<'_>,
        record: Self::Record,
        times: Times,
    ) -> impl Future<Output = Result<serde_json::Value, WebError>> + Send;
}

/// What building one response needs: the anonymous reader and the addresses.
pub struct Ctx<'a> {
    pub reader: Reader<'a>,
    /// `https://host/c/council`: where the council's pages are.
    pub site: String,
    /// `https://host/c/council/oparl/v1`.
    pub root: String,
    pub omit_internal: bool,
}

impl Ctx<'_> {
    /// An object's address: `{root}/meeting/{id}`.
    pub fn url(&self, object: &str, id: impl std::fmt::Display) -> String {
        format!("{}/{object}/{id}", self.root)
    }

    pub fn common(
        &self,
        object: &str,
        kind: &str,
        id: impl std::fmt::Display,
        times: Times,
        web: Option<String>,
    ) -> Common {
        Common {
            id: self.url(object, id),
            kind: objects::type_url(kind),
            created: times.created.to_string(),
            modified: times.modified.to_string(),
            web,
        }
    }

    /// The record's times, for an embedded object.
    pub async fn times<T>(&self, id: moot_domain::Id<T>) -> Result<Times, WebError> {
        Ok(open_data::times(&self.reader, id.uuid()).await?)
    }
}

fn context<'a>(
    state: &'a AppState,
    site: &Site,
    headers: &HeaderMap,
    omit_internal: bool,
) -> Result<Ctx<'a>, WebError> {
    let origin = format!("{}{}", site.origin(headers), site.base);
    Ok(Ctx {
        reader: Reader::anonymous(&*state.store, &site.council)?,
        root: format!("{origin}/oparl/v1"),
        site: origin,
        omit_internal,
    })
}

pub fn value(object: impl Serialize) -> Result<serde_json::Value, WebError> {
    serde_json::to_value(object).map_err(|e| WebError::internal("writing OParl JSON", e))
}

/// `/oparl/v1/{object}/{id}`: one public object; anything else (a malformed id, one that
/// never existed, one the public may not see) is the same 404.
async fn object<F: Family>(
    State(state): State<AppState>,
    site: Site,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, JsonError> {
    let params = Params::parse(raw.as_deref(), OBJECT_QUERY)?;
    let ctx = context(&state, &site, &headers, params.omit_internal)?;
    let id = Uuid::parse_str(&id).map_err(|_| WebError::NotFound)?;
    let (record, times) = open_data::one::<F::Record>(&ctx.reader, id)
        .await?
        .filter(|(r, _)| F::fits(r))
        .ok_or(WebError::NotFound)?;
    Ok(json(&F::object(&ctx, record, times).await?)?)
}

/// `/oparl/v1/{list}`: one page of a list, from the start or from a signed cursor.
async fn list<F: Family>(
    State(state): State<AppState>,
    site: Site,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, JsonError> {
    let params = Params::parse(raw.as_deref(), LIST_QUERY)?;
    let ctx = context(&state, &site, &headers, params.omit_internal)?;
    let list_url = format!("{}/{}", ctx.root, F::LIST);
    let paging = crate::cursor::Paging::begin(&state, &ctx.reader, &params, "oparl", F::LIST, list_url).await?;
    let (number, at) = (paging.number, paging.at);
    let page = open_data::page::<F::Record>(&ctx.reader, &params.window, at, params.limit, F::fits).await?;
    let mut data = Vec::with_capacity(page.entries.len());
    for entry in page.entries {
        data.push(match entry {
            Entry::Live { record, times } => F::object(&ctx, record, times).await?,
            Entry::Gone { id, times } => value(Deleted {
                common: ctx.common(F::OBJECT, F::TYPE, id, times, None),
                deleted: true,
            })?,
        });
    }
    Ok(json(&List {
        data,
        pagination: Pagination {
            current_page: Some(number),
        },
        links: Links {
            first: Some(paging.first()),
            this: Some(paging.this()),
            next: paging.next(page.next)?,
        },
    })?)
}
