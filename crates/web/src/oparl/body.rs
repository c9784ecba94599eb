//! The installation's `System`, each council's `Body`, and the municipal years as
//! `LegislativeTerm`s (a year runs from one annual meeting to the day before the next).

use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use moot_app::Reader;
use moot_app::open_data::Times;
use moot_domain::{AnnualMeeting, Council};
use moot_store::{CondOp, Filter, StoreExt};

use super::objects::{self, Body, LegislativeTerm, Links, List, Pagination, System};
use super::{Ctx, Family, json, value};
use crate::error::JsonError;
use crate::listing::Params;
use crate::site::{self, Site};
use crate::{AppState, WebError};

const VERSION: &str = "https://schema.oparl.org/1.1/";

/// `/oparl/v1/system`
pub async fn system(headers: HeaderMap, RawQuery(raw): RawQuery) -> Result<Response, JsonError> {
    Params::parse(raw.as_deref(), super::OBJECT_QUERY)?;
    let root = format!("{}/oparl/v1", site::origin(&headers, None));
    Ok(json(&System {
        id: format!("{root}/system"),
        kind: objects::type_url("System"),
        oparl_version: VERSION.into(),
        body: format!("{root}/bodies"),
        name: "Moot".into(),
    })?)
}

/// `/oparl/v1/bodies`: every council, on one page (an installation holds hundreds at most).
pub async fn bodies(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, JsonError> {
    let params = Params::parse(raw.as_deref(), super::OBJECT_QUERY)?;
    let system = format!("{}/oparl/v1/system", site::origin(&headers, None));
    let mut data = Vec::new();
    for (council, origin) in site::council_roots(&*state.store, &headers).await? {
        let ctx = Ctx {
            reader: Reader::anonymous(&*state.store, &council)?,
            root: format!("{origin}/oparl/v1"),
            site: origin,
            omit_internal: params.omit_internal,
        };
        data.push(value(body_of(&ctx, &council, &system).await?)?);
    }
    let list = format!("{}/oparl/v1/bodies", site::origin(&headers, None));
    Ok(json(&List {
        data,
        pagination: Pagination::default(),
        links: Links {
            first: Some(list.clone()),
            this: Some(list),
            next: None,
        },
    })?)
}

/// `/oparl/v1/body`: the request's council.
pub async fn body(
    State(state): State<AppState>,
    site: Site,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, JsonError> {
    let params = Params::parse(raw.as_deref(), super::OBJECT_QUERY)?;
    let ctx = super::context(&state, &site, &headers, params.omit_internal)?;
    let system = format!("{}/oparl/v1/system", site::origin(&headers, None));
    Ok(json(&body_of(&ctx, &site.council, &system).await?)?)
}

async fn body_of(ctx: &Ctx<'_>, council: &Council, system: &str) -> Result<Body, WebError> {
    use super::{meetings, papers, people};
    let list = |name: &str| format!("{}/{name}", ctx.root);
    let legislative_term = if ctx.omit_internal {
        None
    } else {
        let mut terms = Vec::new();
        for year in ctx
            .reader
            .store
            .find::<AnnualMeeting>(council.id, &Filter::all())
            .await?
        {
            let times = ctx.times(year.record.id).await?;
            terms.push(term(ctx, year.record, times).await?);
        }
        Some(terms)
    };
    let times = ctx.times(council.id).await?;
    Ok(Body {
        common: objects::Common {
            id: format!("{}/body", ctx.root),
            kind: objects::type_url("Body"),
            created: times.created.to_string(),
            modified: times.modified.to_string(),
            web: Some(format!("{}/", ctx.site)),
        },
        system: system.to_owned(),
        name: council.name.clone(),
        website: council.website.clone(),
        organization: list(people::Organizations::LIST),
        person: list(people::People::LIST),
        meeting: list(meetings::Meetings::LIST),
        paper: list(papers::Papers::LIST),
        agenda_item: list(meetings::Items::LIST),
        consultation: list(papers::Consultations::LIST),
        file: list(papers::Files::LIST),
        location_list: list(meetings::Locations::LIST),
        legislative_term_list: list(Terms::LIST),
        membership: list(people::Memberships::LIST),
        legislative_term,
    })
}

/// A municipal year, ending the day before the next annual meeting when one is recorded.
async fn term(ctx: &Ctx<'_>, year: AnnualMeeting, times: Times) -> Result<LegislativeTerm, WebError> {
    let after = year
        .date
        .tomorrow()
        .map_err(|e| WebError::internal("the day after an annual meeting", e))?;
    let next = ctx
        .reader
        .store
        .find::<AnnualMeeting>(
            ctx.reader.council,
            &Filter::all().and("date", CondOp::Ge, after).limit(1),
        )
        .await?;
    let end_date = match next.first() {
        Some(n) => Some(
            n.record
                .date
                .yesterday()
                .map_err(|e| WebError::internal("the day before an annual meeting", e))?
                .to_string(),
        ),
        None => None,
    };
    Ok(LegislativeTerm {
        common: ctx.common(Terms::OBJECT, Terms::TYPE, year.id, times, None),
        body: format!("{}/body", ctx.root),
        name: format!("Municipal year {}", year.municipal_year()),
        start_date: year.date.to_string(),
        end_date,
    })
}

/// Annual meetings as legislative terms.
pub struct Terms;

impl Family for Terms {
    type Record = AnnualMeeting;
    const LIST: &'static str = "legislative-terms";
    const OBJECT: &'static str = "legislative-term";
    const TYPE: &'static str = "LegislativeTerm";

    async fn object(ctx: &Ctx<'_>, record: AnnualMeeting, times: Times) -> Result<serde_json::Value, WebError> {
        value(term(ctx, record, times).await?)
    }
}
