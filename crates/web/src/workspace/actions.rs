//! The committee's monitoring report as clerks keep it: who owns each action, when it is
//! due, how it stands and what came of it. The public reads the same list on the committee's
//! page.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use moot_domain::*;
use moot_store::{Filter, StoreExt};
use serde::Deserialize;

use crate::extract::{Checked, Clerks, IdPath, Signed, SlugPath};
use crate::headers::private;
use crate::site::Site;
use crate::{AppState, WebError};

struct ActionLine {
    id: String,
    version: i64,
    description: String,
    owner: String,
    due: String,
    status: String,
    outcome: String,
}

#[derive(Template)]
#[template(path = "workspace/actions.html")]
struct ActionsPage<'a> {
    base: &'a str,
    committee: String,
    slug: String,
    actions: Vec<ActionLine>,
    csrf: &'a str,
}

const STATUSES: [(ActionStatus, &str); 4] = [
    (ActionStatus::Open, "open"),
    (ActionStatus::InProgress, "in_progress"),
    (ActionStatus::Completed, "completed"),
    (ActionStatus::Dropped, "dropped"),
];

/// `GET /workspace/committees/{slug}/actions`
pub async fn page(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<SlugPath>,
    Signed(who, _): Signed<Clerks>,
) -> Result<Response, WebError> {
    let slug = Slug::parse(&path.slug).map_err(|_| WebError::NotFound)?;
    let committee: Committee = moot_store::lookup::by_slug(&*state.store, site.council.id, &slug)
        .await?
        .ok_or(WebError::NotFound)?;
    let actions = state
        .store
        .find::<Action>(site.council.id, &Filter::eq("committee_id", committee.id))
        .await?
        .into_iter()
        .map(|s| {
            let a = s.record;
            ActionLine {
                id: a.id.to_string(),
                version: s.version,
                description: a.description,
                owner: a.owner_text.unwrap_or_default(),
                due: a.due.map(|d| d.to_string()).unwrap_or_default(),
                status: STATUSES
                    .iter()
                    .find(|(st, _)| *st == a.status)
                    .map_or("open", |(_, code)| code)
                    .to_owned(),
                outcome: a.outcome.unwrap_or_default(),
            }
        })
        .collect();
    let page = ActionsPage {
        base: &site.base,
        committee: committee.name,
        slug: slug.to_string(),
        actions,
        csrf: &who.session.csrf,
    }
    .render()?;
    Ok(private(Html(page)))
}

#[derive(Deserialize)]
pub struct ActionForm {
    version: i64,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    due: String,
    status: String,
    #[serde(default)]
    outcome: String,
    /// The committee whose list to return to.
    committee: String,
}

/// `POST /workspace/actions/{id}`
pub async fn update(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<IdPath>,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<ActionForm>,
) -> Result<Response, WebError> {
    let id: ActionId = path.id.parse().map_err(|_| WebError::NotFound)?;
    let mut action = state.store.fetch(site.council.id, id).await?.record;
    let status = STATUSES
        .iter()
        .find(|(_, code)| *code == form.status)
        .map(|(st, _)| *st)
        .ok_or_else(|| WebError::Unprocessable(format!("{:?} is not a status of an action", form.status)))?;
    action.set_status(status, moot_app::now_in(&site.council)?.date());
    action.owner_text = Some(form.owner.trim().to_owned()).filter(|o| !o.is_empty());
    action.due = super::optional_date(&form.due)?;
    action.outcome = Some(form.outcome.trim().to_owned()).filter(|o| !o.is_empty());
    action.validate()?;
    let note = format!("action updated by {}", who.account.name);
    who.update(&state, &note, action, form.version).await?;
    let back = Slug::parse(&form.committee).map_or_else(
        |_| format!("{}/workspace", site.base),
        |s| format!("{}/workspace/committees/{s}/actions", site.base),
    );
    Ok(Redirect::to(&back).into_response())
}
