//! The clerk's workspace: a meeting's papers as the clerks see them, and withdrawing a
//! published paper. Every handler here asks `auth::require` for a clerk or admin first.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use moot_domain::wording::long_date;
use moot_domain::*;
use moot_store::{Filter, StoreExt};
use serde::Deserialize;

use super::account::{check_form, private};
use super::meeting::{find, size_label};
use super::param;
use crate::auth::{self, SignedIn};
use crate::site::Site;
use crate::{AppState, WebError};

const CLERKS: [AccountRole; 2] = [AccountRole::Admin, AccountRole::Clerk];

struct PaperLine {
    id: String,
    version: i64,
    item: String,
    title: String,
    state: String,
    size: Option<String>,
    withdrawn: Option<String>,
    /// Published and not withdrawn: it can be withdrawn.
    withdrawable: bool,
}

#[derive(Template)]
#[template(path = "pages/workspace_meeting.html")]
struct WorkspaceMeeting<'a> {
    base: &'a str,
    committee: String,
    date: String,
    key: &'a str,
    papers: Vec<PaperLine>,
    csrf: &'a str,
}

async fn clerk(state: &AppState, site: &Site, headers: &HeaderMap) -> Result<SignedIn, WebError> {
    let signed_in = auth::signed_in(state, site, headers).await?;
    auth::require(signed_in.as_ref(), &CLERKS).cloned()
}

/// `GET /workspace/meetings/{key}`: every paper of the meeting, whatever its state.
pub async fn meeting(
    State(state): State<AppState>,
    site: Site,
    Path(params): Path<Vec<(String, String)>>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let who = clerk(&state, &site, &headers).await?;
    let key = param(&params, "key");
    let (committee, meeting) = find(&*state.store, site.council.id, key).await?;
    let items: Vec<AgendaItem> = state
        .store
        .find::<AgendaItem>(site.council.id, &Filter::eq("meeting_id", meeting.id))
        .await?
        .into_iter()
        .map(|s| s.record)
        .collect();
    let documents = state
        .store
        .find::<Document>(site.council.id, &Filter::eq("meeting_id", meeting.id))
        .await?;
    let tz = site
        .council
        .settings
        .time_zone()
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let papers = documents
        .into_iter()
        .map(|s| {
            let d = s.record;
            let item = d
                .item
                .and_then(|i| items.iter().find(|x| x.id == i))
                .map_or_else(|| "Meeting".to_owned(), |i| format!("Item {}", i.number));
            PaperLine {
                id: d.id.to_string(),
                version: s.version,
                item,
                title: d.title.clone(),
                state: d.visibility.state().to_owned(),
                size: d.file.as_ref().map(size_label),
                withdrawn: d.withdrawn.as_ref().map(|w| {
                    format!(
                        "Withdrawn by {} on {}: {}",
                        w.by,
                        w.at.to_zoned(tz.clone()).strftime("%-d %B %Y at %H:%M"),
                        w.reason
                    )
                }),
                withdrawable: d.withdrawn.is_none() && !matches!(d.visibility, Visibility::Draft),
            }
        })
        .collect();
    let page = WorkspaceMeeting {
        base: &site.base,
        committee: committee.name,
        date: long_date(meeting.starts_at.date()),
        key,
        papers,
        csrf: &who.session.csrf,
    }
    .render()?;
    Ok(private(Html(page)))
}

#[derive(Deserialize)]
pub struct WithdrawForm {
    csrf: String,
    version: i64,
    reason: String,
    /// The meeting page to return to.
    meeting: String,
}

/// `POST /workspace/documents/{id}/withdraw`: takes a published paper back. It leaves every
/// public surface at once (pages, downloads, packs, and whatever follows the change log);
/// the record keeps it, with who withdrew it, when and why.
pub async fn withdraw(
    State(state): State<AppState>,
    site: Site,
    Path(params): Path<Vec<(String, String)>>,
    headers: HeaderMap,
    Form(form): Form<WithdrawForm>,
) -> Result<Response, WebError> {
    let who = clerk(&state, &site, &headers).await?;
    check_form(&who, &form.csrf)?;
    let id: DocumentId = param(&params, "id").parse().map_err(|_| WebError::NotFound)?;
    let stored = state.store.fetch(site.council.id, id).await?;
    let mut document = stored.record;
    if document.withdrawn.is_some() {
        return Err(WebError::Unprocessable(
            "This document has already been withdrawn.".into(),
        ));
    }
    if matches!(document.visibility, Visibility::Draft) {
        return Err(WebError::Unprocessable(
            "This document was never published, so there is nothing to withdraw.".into(),
        ));
    }
    let reason = form.reason.trim();
    if reason.is_empty() {
        return Err(WebError::Unprocessable(
            "Give the reason for withdrawing the document; it is kept with the record.".into(),
        ));
    }
    let actor = Actor::parse(&format!("user:{}", who.account.id))?;
    document.withdrawn = Some(Withdrawal {
        by: actor.clone(),
        at: jiff::Timestamp::now(),
        reason: reason.to_owned(),
    });
    let note = format!("withdrawn by {}: {reason}", who.account.name);
    state
        .store
        .apply(
            &actor,
            Some(&note),
            vec![moot_store::Write::Update {
                record: moot_store::Entity::into_record(document),
                expected: form.version,
            }],
        )
        .await?;
    let back = moot_store::lookup::parse_meeting_key(&form.meeting).map_or_else(
        || format!("{}/", site.base),
        |_| format!("{}/workspace/meetings/{}", site.base, form.meeting),
    );
    Ok(Redirect::to(&back).into_response())
}
