//! Resolutions to exclude the press and public (LGA 1972 s100A(4)), for a whole item or only
//! for part of one (seed 000: the public left only while a presentation within item 7 was
//! given). The clerk gives the facts; Moot words the resolution as the statute does and adds
//! it to the minute of the item under which it was passed.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use moot_domain::*;
use moot_store::{Entity, Filter, StoreExt, Write};
use serde::Deserialize;

use crate::extract::{Checked, Clerks, IdPath, MeetingPath, Signed};
use crate::lookup::{find, item_numbered};
use crate::site::Site;
use crate::{AppState, WebError};

/// The meeting's exclusions as the minutes print them, (id, version, line), and whether
/// one may be recorded now.
pub struct ExclusionsView {
    pub may_exclude: bool,
    pub lines: Vec<(String, i64, String)>,
    /// The item exclusions are usually resolved under ("Exclusion of the Press and Public").
    pub resolved_under: String,
}

impl ExclusionsView {
    pub async fn of(
        state: &AppState,
        site: &Site,
        meeting: &Meeting,
        items: &[AgendaItem],
        role: AccountRole,
    ) -> Result<Self, WebError> {
        let lines = state
            .store
            .find::<Exclusion>(site.council.id, &Filter::eq("meeting_id", meeting.id))
            .await?
            .into_iter()
            .map(|s| {
                let item = items.iter().find(|i| i.id == s.record.item);
                (
                    s.record.id.to_string(),
                    s.version,
                    moot_domain::wording::exclusion_line(&s.record, item),
                )
            })
            .collect();
        Ok(Self {
            may_exclude: meeting.may(role, Act::Exclude).is_ok(),
            lines,
            resolved_under: exclusion_item(items).map(|i| i.number.to_string()).unwrap_or_default(),
        })
    }
}

fn exclusion_item(items: &[AgendaItem]) -> Option<&AgendaItem> {
    items
        .iter()
        .find(|i| i.kind == ItemKind::Standard(StandardItem::ExclusionOfPressAndPublic))
}

#[derive(Deserialize)]
pub struct ExclusionForm {
    /// The number of the item taken (wholly or partly) in private.
    item: String,
    /// Blank for the whole item.
    #[serde(default)]
    part: String,
    paragraph: String,
    /// The number of the item under which it was resolved.
    resolved_under: String,
}

/// `POST /workspace/meetings/{key}/exclusions`: the exclusion and its resolution, together.
pub async fn add(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<MeetingPath>,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<ExclusionForm>,
) -> Result<Response, WebError> {
    let key = &path.key;
    let cid = site.council.id;
    let (_, meeting) = find(&*state.store, cid, key).await?;
    meeting.may(who.account.role, Act::Exclude)?;
    let numbered = |n: String| {
        let state = &state;
        async move {
            let n = n.trim().to_owned();
            item_numbered(state, cid, meeting.id, &n)
                .await?
                .ok_or_else(|| WebError::Unprocessable(format!("This agenda has no item {n:?}.")))
        }
    };
    let item = numbered(form.item.clone()).await?.record;
    let under = numbered(form.resolved_under.clone()).await?.record;
    let paragraph = form
        .paragraph
        .trim()
        .parse::<u8>()
        .map_err(|_| {
            WebError::Unprocessable(format!(
                "{:?} is not a paragraph of Schedule 12A (1 to 7)",
                form.paragraph.trim()
            ))
        })
        .and_then(|n| Ok(Schedule12aParagraph::parse(n)?))?;
    let exclusion = Exclusion {
        id: ExclusionId::new(),
        council: cid,
        meeting: meeting.id,
        item: item.id,
        part: Some(form.part.trim().to_owned()).filter(|p| !p.is_empty()),
        paragraph,
        resolved_under: Some(under.id),
        text: None,
    };
    exclusion.validate()?;
    // Numbers held by removed resolutions stay taken, so count them too.
    let next = state
        .store
        .find::<Resolution>(cid, &Filter::eq("item_id", under.id).with_deleted())
        .await?
        .iter()
        .map(|r| r.record.number)
        .max()
        .unwrap_or(0)
        + 1;
    let resolution = Resolution {
        id: ResolutionId::new(),
        council: cid,
        meeting: meeting.id,
        item: under.id,
        number: next,
        text: moot_domain::wording::exclusion_resolution(&exclusion, &item),
        kind: ResolutionKind::Other,
        vote: None,
    };
    let note = format!(
        "exclusion of the press and public for item {} recorded by {}",
        item.number, who.account.name
    );
    who.save(
        &state,
        &note,
        vec![
            Write::Create(exclusion.into_record()),
            Write::Create(resolution.into_record()),
        ],
    )
    .await?;
    Ok(Redirect::to(&format!("{}/workspace/meetings/{key}", site.base)).into_response())
}

/// `POST /workspace/exclusions/{id}/remove`: one recorded in error, before the minutes are
/// published; its resolution is the minute's, and goes when the clerk rewrites the minute.
pub async fn remove(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<IdPath>,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<super::VersionForm>,
) -> Result<Response, WebError> {
    let id: ExclusionId = path.id.parse().map_err(|_| WebError::NotFound)?;
    let exclusion = state.store.fetch::<Exclusion>(site.council.id, id).await?.record;
    let meeting = super::meeting_for(&state, &site, exclusion.meeting, who.account.role, Act::Exclude).await?;
    let write = Write::Delete {
        kind: moot_store::Kind::Exclusion,
        council: site.council.id,
        id: exclusion.id.uuid(),
        expected: form.version,
    };
    let note = format!("exclusion of the press and public removed by {}", who.account.name);
    who.save(&state, &note, vec![write]).await?;
    super::back_to(&state, &site, &meeting).await
}
