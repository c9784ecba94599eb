//! The JSON API at `/api/v1/`: the public record in Moot's own terms, for journalists'
//! scripts, civic-tech tools and other councils' systems, documented by an OpenAPI 3.1
//! document at `/api/openapi.json` and a page at `/api` that lists the endpoints.
//!
//! It serves what OParl serves, through the same two doors: every list is a walk of
//! `moot_app::open_data` by change-log position (so `modified_since` polls are exact and a
//! walk during writes shows nothing twice), and every object is read through the anonymous
//! `Reader`, so nothing the public pages would not show is served.
//!
//! - [`objects`]: the serde types, which are also the OpenAPI schemas.
//! - [`people`]: committees, members, memberships.
//! - [`meetings`]: meetings, items, resolutions, attendance, declarations.
//! - [`papers`]: documents, actions, the work programme.
//! - [`openapi`]: the document; [`guide`]: the page.

pub mod export;
mod guide;
mod meetings;
pub mod objects;
pub mod openapi;
mod papers;
mod people;

use std::future::Future;

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use jiff::civil::Date;
use moot_app::Reader;
use moot_app::open_data::{self, Entry};
use moot_domain::{Committee, CommitteeId, MeetingId, Member, MemberId, Slug};
use moot_store::{Entity, StoreExt};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::error::JsonError;
use crate::json::json;
use crate::listing::Params;
use crate::site::{self, Site};
use crate::{AppState, WebError};

/// Something done for each resource in turn: adding its routes, documenting it, exporting it.
pub trait Visit {
    fn visit<R: Resource>(&mut self);
}

/// Every resource, in the order the documentation lists them.
pub fn every(v: &mut impl Visit) {
    v.visit::<people::Committees>();
    v.visit::<people::Members>();
    v.visit::<people::Memberships>();
    v.visit::<meetings::Meetings>();
    v.visit::<meetings::Items>();
    v.visit::<meetings::Resolutions>();
    v.visit::<meetings::Attendances>();
    v.visit::<meetings::Declarations>();
    v.visit::<papers::Documents>();
    v.visit::<papers::Actions>();
    v.visit::<papers::WorkProgramme>();
}

struct Routes(Router<AppState>);

impl Visit for Routes {
    fn visit<R: Resource>(&mut self) {
        let router = std::mem::take(&mut self.0);
        self.0 = router
            .route(
                &format!("/api/v1/{}", R::PATH),
                get(list::<R>).options(crate::json::preflight),
            )
            .route(
                &format!("/api/v1/{}/{{id}}", R::PATH),
                get(object::<R>).options(crate::json::preflight),
            );
    }
}

/// One council's API routes, its OpenAPI document and its page.
pub fn routes(state: &AppState) -> Router<AppState> {
    let cached = axum::middleware::from_fn_with_state(state.clone(), crate::cache::keep);
    let mut resources = Routes(Router::new());
    every(&mut resources);
    resources
        .0
        .route("/api/v1/council", get(council).options(crate::json::preflight))
        .route(
            "/api/openapi.json",
            get(openapi::document).options(crate::json::preflight),
        )
        .route_layer(cached)
        .route_layer(axum::middleware::from_fn(crate::json::conditional))
        .route("/api", get(guide::page))
        .route("/open-data.zip", get(export::download))
        .route("/api/v1/{*rest}", get(not_found))
}

/// The installation's list of councils, served at the root.
pub fn system_routes() -> Router<AppState> {
    Router::new().route("/api/v1/councils", get(councils).options(crate::json::preflight))
}

async fn not_found() -> JsonError {
    JsonError(WebError::NotFound)
}

/// A list's own filters, beside `modified_since`, `limit` and `cursor`, which every list takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterName {
    Committee,
    Meeting,
    Member,
    From,
    To,
}

impl FilterName {
    pub const fn name(self) -> &'static str {
        match self {
            Self::Committee => "committee",
            Self::Meeting => "meeting",
            Self::Member => "member",
            Self::From => "from",
            Self::To => "to",
        }
    }

    pub const fn about(self) -> &'static str {
        match self {
            Self::Committee => "Only those of this committee (its id or its slug, as in its page's address).",
            Self::Meeting => "Only those of this meeting (its id).",
            Self::Member => "Only those of this member (their id or slug).",
            Self::From => "Only meetings on or after this date (YYYY-MM-DD).",
            Self::To => "Only meetings on or before this date (YYYY-MM-DD).",
        }
    }
}

/// The filters of one request, checked and resolved to ids.
#[derive(Debug, Default, Clone, Copy)]
pub struct Filters {
    pub committee: Option<CommitteeId>,
    pub meeting: Option<MeetingId>,
    pub member: Option<MemberId>,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

impl Filters {
    async fn read(reader: &Reader<'_>, given: &[(String, String)]) -> Result<Self, WebError> {
        let mut filters = Self::default();
        for (name, value) in given {
            let bad = |what: &str| WebError::BadRequest(format!("{name} must be {what}; {value:?} is not"));
            match name.as_str() {
                "committee" => {
                    let found = match Uuid::parse_str(value) {
                        Ok(id) => {
                            reader
                                .store
                                .live::<Committee>(reader.council, CommitteeId::from_uuid(id))
                                .await?
                        }
                        Err(_) => match Slug::parse(value) {
                            Ok(slug) => {
                                moot_store::lookup::by_slug::<Committee>(reader.store, reader.council, &slug).await?
                            }
                            Err(_) => None,
                        },
                    };
                    filters.committee = Some(found.map(|c| c.id).ok_or_else(|| bad("a committee's id or slug"))?);
                }
                "member" => {
                    let found = match Uuid::parse_str(value) {
                        Ok(id) => {
                            reader
                                .store
                                .live::<Member>(reader.council, MemberId::from_uuid(id))
                                .await?
                        }
                        Err(_) => match Slug::parse(value) {
                            Ok(slug) => {
                                moot_store::lookup::by_slug::<Member>(reader.store, reader.council, &slug).await?
                            }
                            Err(_) => None,
                        },
                    };
                    filters.member = Some(found.map(|m| m.id).ok_or_else(|| bad("a member's id or slug"))?);
                }
                "meeting" => {
                    filters.meeting = Some(
                        Uuid::parse_str(value)
                            .map(MeetingId::from_uuid)
                            .map_err(|_| bad("a meeting's id"))?,
                    );
                }
                "from" => filters.from = Some(value.parse().map_err(|_| bad("a date as 2021-06-15"))?),
                "to" => filters.to = Some(value.parse().map_err(|_| bad("a date as 2021-06-15"))?),
                other => return Err(WebError::BadRequest(format!("unknown parameter {other:?}"))),
            }
        }
        Ok(filters)
    }

    /// Whether a record's committee, meeting, member and date pass (each `None` when the
    /// record has no such thing, which no filter on it lets through).
    fn pass(
        &self,
        committee: Option<CommitteeId>,
        meeting: Option<MeetingId>,
        member: Option<MemberId>,
        date: Option<Date>,
    ) -> bool {
        fn one<T: PartialEq>(want: Option<T>, have: Option<T>) -> bool {
            want.is_none_or(|w| have.is_some_and(|h| h == w))
        }
        one(self.committee, committee)
            && one(self.meeting, meeting)
            && one(self.member, member)
            && self.from.is_none_or(|f| date.is_some_and(|d| d >= f))
            && self.to.is_none_or(|t| date.is_some_and(|d| d <= t))
    }
}

/// One kind of API object over one kind of record.
pub trait Resource: Send + Sync + 'static {
    type Record: Entity;
    /// As lists give it.
    type Object: Serialize + ToSchema + Send;
    /// At its own address (a meeting with its items, papers and attendance).
    type Detail: Serialize + ToSchema + Send;
    /// The path segment: `meetings`.
    const PATH: &'static str;
    /// What the list holds, for the documentation: "Meetings of every committee, …".
    const ABOUT: &'static str;
    const FILTERS: &'static [FilterName];

    fn fits(record: &Self::Record, filters: &Filters) -> bool;

    fn object(
        ctx: &Ctx<'_>,
        record: Self::Record,
        times: objects::Times,
    ) -> impl Future<Output = Result<Self::Object, WebError>> + Send;

    fn detail(
        ctx: &Ctx<'_>,
        record: Self::Record,
        times: objects::Times,
    ) -> impl Future<Output = Result<Self::Detail, WebError>> + Send;
}

/// For a resource whose object at its own address is the one its list gives.
macro_rules! as_listed {
    () => {
        type Detail = Self::Object;

        async fn detail(ctx: &Ctx<'_>, record: Self::Record, times: Times) -> Result<Self::Object, WebError> {
            Self::object(ctx, record, times).await
        }
    };
}
pub(crate) use as_listed;

/// What building one answer needs: the anonymous reader and the addresses.
#[derive(Debug)]
pub struct Ctx<'a> {
    pub reader: Reader<'a>,
    /// `https://host/c/council`: where the council's pages are.
    pub site: String,
}

impl Ctx<'_> {
    /// A record's times, as every object carries them.
    pub async fn times<T>(&self, id: moot_domain::Id<T>) -> Result<objects::Times, WebError> {
        Ok(times(open_data::times(&self.reader, id.uuid()).await?))
    }
}

fn times(t: open_data::Times) -> objects::Times {
    objects::Times {
        created: t.created.to_string(),
        modified: t.modified.to_string(),
    }
}

fn context<'a>(state: &'a AppState, site: &Site, headers: &HeaderMap) -> Result<Ctx<'a>, WebError> {
    Ok(Ctx {
        reader: Reader::anonymous(&*state.store, &site.council)?,
        site: format!("{}{}", site.origin(headers), site.base),
    })
}

fn council_object(council: &moot_domain::Council, root: &str) -> objects::Council {
    objects::Council {
        id: council.id.to_string(),
        slug: council.slug.to_string(),
        name: council.name.clone(),
        web: format!("{root}/"),
        api: format!("{root}/api/v1"),
    }
}

/// `/api/v1/council`
async fn council(site: Site, headers: HeaderMap, RawQuery(raw): RawQuery) -> Result<Response, JsonError> {
    Params::parse(raw.as_deref(), &[])?;
    let root = format!("{}{}", site.origin(&headers), site.base);
    Ok(json(&council_object(&site.council, &root))?)
}

/// `/api/v1/councils`: every council on the installation.
async fn councils(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, JsonError> {
    Params::parse(raw.as_deref(), &[])?;
    let data = site::council_roots(&*state.store, &headers)
        .await?
        .iter()
        .map(|(council, root)| council_object(council, root))
        .collect();
    Ok(json(&objects::Councils { data })?)
}

/// `/api/v1/{list}/{id}`: one public object; anything else (a malformed id, one that never
/// existed, one the public may not see) is the same 404.
async fn object<R: Resource>(
    State(state): State<AppState>,
    site: Site,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, JsonError> {
    Params::parse(raw.as_deref(), &[])?;
    let ctx = context(&state, &site, &headers)?;
    let id = Uuid::parse_str(&id).map_err(|_| WebError::NotFound)?;
    let (record, t) = open_data::one::<R::Record>(&ctx.reader, id)
        .await?
        .filter(|(r, _)| R::fits(r, &Filters::default()))
        .ok_or(WebError::NotFound)?;
    Ok(json(&R::detail(&ctx, record, times(t)).await?)?)
}

/// The names a list's query may use.
pub fn accepted<R: Resource>() -> Vec<&'static str> {
    let mut names = vec!["modified_since", "limit", "cursor"];
    names.extend(R::FILTERS.iter().map(|f| f.name()));
    names
}

/// A list answer: objects, or tombstones in a `modified_since` list.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Listed<T> {
    Live(T),
    Gone(objects::Deleted),
}

#[derive(Debug, Serialize)]
struct ListAnswer<T> {
    data: Vec<Listed<T>>,
    links: objects::Links,
}

/// How many stretches of the log one request reads when a filter leaves a page short: a
/// filtered list fills its page from up to this many, then hands the client a cursor.
const STRETCHES: usize = 8;

/// One page of `R`'s public objects from `at`, and where the next starts: at most `limit`
/// objects, read from as many stretches of the log as it takes to fill the page (up to
/// [`STRETCHES`]), so that a filter passing few records still gives full pages.
pub async fn walk<R: Resource>(
    ctx: &Ctx<'_>,
    params: &Params,
    filters: &Filters,
    mut at: open_data::Position,
) -> Result<(Vec<Listed<R::Object>>, Option<open_data::Position>), WebError> {
    let limit = params.limit as usize;
    let mut data = Vec::with_capacity(limit.min(128));
    for _ in 0..STRETCHES {
        let want = u32::try_from(limit - data.len()).unwrap_or(u32::MAX);
        let page = open_data::page::<R::Record>(&ctx.reader, &params.window, at, want, |r| R::fits(r, filters)).await?;
        for entry in page.entries {
            data.push(match entry {
                Entry::Live { record, times: t } => Listed::Live(R::object(ctx, record, times(t)).await?),
                Entry::Gone { id, times: t } => Listed::Gone(objects::Deleted {
                    id: id.to_string(),
                    deleted: true,
                    modified: t.modified.to_string(),
                }),
            });
        }
        match page.next {
            Some(next) if data.len() < limit => at = next,
            next => return Ok((data, next)),
        }
    }
    Ok((data, Some(at)))
}

/// `/api/v1/{list}`: one page of a list, from the start or from a signed cursor.
async fn list<R: Resource>(
    State(state): State<AppState>,
    site: Site,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, JsonError> {
    let params = Params::parse(raw.as_deref(), &accepted::<R>())?;
    let ctx = context(&state, &site, &headers)?;
    let filters = Filters::read(&ctx.reader, &params.filters).await?;
    let list_url = format!("{}/api/v1/{}", ctx.site, R::PATH);
    let paging = crate::cursor::Paging::begin(&state, &ctx.reader, &params, "api", R::PATH, list_url).await?;
    let (data, next) = walk::<R>(&ctx, &params, &filters, paging.at).await?;
    Ok(json(&ListAnswer {
        data,
        links: objects::Links {
            this: paging.this(),
            first: paging.first(),
            next: paging.next(next)?,
        },
    })?)
}
