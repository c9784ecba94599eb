//! After the meeting: recording that it was held, the minute of each item with its numbered
//! resolutions (a resolution that asks for something becomes an action on the committee's
//! monitoring report), and the approval of the minutes as a correct record at a later
//! meeting, after which they are frozen. Publishing the draft minutes goes through the same
//! two-person request as the agenda (`workspace.rs`).

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use moot_domain::*;
use moot_store::{Filter, StoreExt};
use serde::Deserialize;

use crate::extract::{Checked, Clerks, ItemPath, MeetingPath, ResolutionPath, Signed};
use crate::lookup::find;
use crate::site::Site;
use crate::{AppState, WebError};

fn back(site: &Site, key: &str) -> Response {
    Redirect::to(&format!("{}/workspace/meetings/{key}", site.base)).into_response()
}

/// `POST /workspace/meetings/{key}/held`: the meeting took place (refused before it starts).
pub async fn held(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<MeetingPath>,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<super::VersionForm>,
) -> Result<Response, WebError> {
    let key = &path.key;
    let (_, mut meeting) = find(&*state.store, site.council.id, key).await?;
    meeting.transition(MeetingStatus::Held, moot_app::now_in(&site.council)?)?;
    let note = format!("meeting recorded as held by {}", who.account.name);
    who.update(&state, &note, meeting, form.version).await?;
    Ok(back(&site, key))
}

#[derive(Deserialize)]
pub struct MinuteForm {
    #[serde(default)]
    heading: String,
    #[serde(default)]
    text: String,
    /// One resolution per line, its kind first when it has one ("Noted:", "Recommendation to
    /// Cabinet:"); an "Action:" line also becomes an action.
    #[serde(default)]
    resolutions: String,
}

/// `POST /workspace/meetings/{key}/items/{number}/minute`: writes (or rewrites, until the
/// minutes are published) an item's minute and resolutions. The minute number comes from the
/// domain's numbering rule; an item keeps its number once given.
pub async fn write_minute(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<ItemPath>,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<MinuteForm>,
) -> Result<Response, WebError> {
    let key = &path.key;
    let (_, meeting) = find(&*state.store, site.council.id, key).await?;
    let number = &path.number;
    let stored = crate::lookup::item_numbered(&state, site.council.id, meeting.id, number)
        .await?
        .ok_or(WebError::NotFound)?;
    let draft = moot_app::minutes::Draft {
        heading: &form.heading,
        text: &form.text,
        resolutions: &form.resolutions,
    };
    moot_app::minutes::write(&*state.store, &meeting, stored, draft, &who.account).await?;
    Ok(back(&site, key))
}

#[derive(Deserialize)]
pub struct ApprovedForm {
    version: i64,
    /// The later meeting at which the minutes were approved (its key).
    at: String,
}

/// `POST /workspace/meetings/{key}/minutes-approved`: the minutes were approved as a correct
/// record at a later meeting of the committee; from now on they are frozen.
pub async fn approved(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<MeetingPath>,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<ApprovedForm>,
) -> Result<Response, WebError> {
    let key = &path.key;
    let (_, mut meeting) = find(&*state.store, site.council.id, key).await?;
    let (_, later) = find(&*state.store, site.council.id, form.at.trim())
        .await
        .map_err(|_| WebError::Unprocessable(format!("{:?} is not a meeting here", form.at)))?;
    meeting.approve_minutes_at(&later, moot_app::now_in(&site.council)?)?;
    let note = format!(
        "minutes approved as a correct record at the meeting of {} (recorded by {})",
        later.starts_at.date(),
        who.account.name
    );
    who.update(&state, &note, meeting, form.version).await?;
    Ok(back(&site, key))
}

/// `POST /workspace/meetings/{key}/resolutions/{id}/vote`: how a resolution was decided:
/// the outcome, mover and seconder (`mover`, `seconder`: member ids), the resolution's
/// `version` as the form was read, and, when a recorded
/// vote was taken, each member's vote (`vote-<member id>`: for, against or abstain). Only
/// members recorded as present may be named.
pub async fn vote(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<ResolutionPath>,
    Signed(who, _): Signed<Clerks>,
    Checked(fields): Checked<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .unwrap_or_default()
    };
    let key = &path.key;
    let (_, meeting) = find(&*state.store, site.council.id, key).await?;
    meeting.may(who.account.role, Act::RecordVote)?;
    let id: ResolutionId = path.id.parse().map_err(|_| WebError::NotFound)?;
    let stored = state.store.fetch(site.council.id, id).await?;
    if stored.record.meeting != meeting.id {
        return Err(WebError::NotFound);
    }
    let outcome = match field("outcome") {
        "carried" => VoteOutcome::Carried,
        "carried_unanimously" => VoteOutcome::CarriedUnanimously,
        "lost" => VoteOutcome::Lost,
        other => {
            return Err(WebError::Unprocessable(format!(
                "{other:?} is not carried, carried unanimously or lost"
            )));
        }
    };
    let member = |raw: &str| -> Result<MemberId, WebError> {
        raw.parse().map_err(|_| {
            WebError::Unprocessable(
                "The form named someone who is not a member present; reload it and try again.".into(),
            )
        })
    };
    let version: i64 = field("version")
        .parse()
        .map_err(|_| WebError::Unprocessable("The form is out of date; reload it and try again.".into()))?;
    let optional = |raw: &str| match raw {
        "" => Ok(None),
        s => member(s).map(Some),
    };
    let mut recorded = Vec::new();
    for (name, value) in &fields {
        let Some(id) = name.strip_prefix("vote-") else { continue };
        if value.is_empty() {
            continue;
        }
        let choice = VoteChoice::parse(value)
            .ok_or_else(|| WebError::Unprocessable(format!("{value:?} is not for, against or abstain")))?;
        recorded.push(RecordedVote {
            member: member(id)?,
            choice,
        });
    }
    let vote = Vote {
        outcome,
        mover: optional(field("mover"))?,
        seconder: optional(field("seconder"))?,
        recorded,
    };
    let present = present_at(&state, &site, meeting.id).await?;
    let absent = vote.absent_voters(&present.iter().map(|(id, _)| *id).collect::<Vec<_>>());
    if !absent.is_empty() {
        let mut names = Vec::new();
        for id in absent {
            names.push(match state.store.live::<Member>(site.council.id, id).await? {
                Some(m) => m.display_name(),
                None => "someone who is not a member here".to_owned(),
            });
        }
        return Err(WebError::Unprocessable(format!(
            "Only members recorded as present can move, second or vote; not {}. Record the attendance first.",
            names.join(", ")
        )));
    }
    let mut resolution = stored.record;
    resolution.vote = Some(vote);
    // Checked here too, so the clerk reads the rule ("a member can vote only once"), not a refusal.
    resolution.validate()?;
    let note = format!(
        "vote on resolution {} recorded by {}",
        resolution.number, who.account.name
    );
    // The version the clerk's form was read at: a vote recorded by a colleague since is not
    // silently replaced.
    who.update(&state, &note, resolution, version).await?;
    Ok(back(&site, key))
}

/// The members recorded as present at a meeting (substitutes among them), with their names,
/// in name order: who may move, second and vote.
pub async fn present_at(
    state: &AppState,
    site: &Site,
    meeting: MeetingId,
) -> Result<Vec<(MemberId, String)>, WebError> {
    let attendance = state
        .store
        .find::<Attendance>(site.council.id, &Filter::eq("meeting_id", meeting))
        .await?;
    let mut present = Vec::new();
    for a in attendance.into_iter().map(|s| s.record) {
        if a.status == AttendanceStatus::Present
            && let Some(m) = state.store.live::<Member>(site.council.id, a.member).await?
        {
            present.push((m.id, m.display_name()));
        }
    }
    present.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(present)
}

#[derive(Deserialize)]
pub struct AmendForm {
    text: String,
    reason: String,
}

/// `POST /workspace/meetings/{key}/items/{number}/amend`: a correction to approved minutes.
/// The text changes; the reason, who and when, and the text before are kept with the minute
/// and shown beside it, so approved minutes are never silently edited.
pub async fn amend(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<ItemPath>,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<AmendForm>,
) -> Result<Response, WebError> {
    let key = &path.key;
    let (_, meeting) = find(&*state.store, site.council.id, key).await?;
    meeting.may(who.account.role, Act::Amend)?;
    let reason = form.reason.trim();
    if reason.is_empty() {
        return Err(WebError::Unprocessable(
            "Give the reason for the amendment; it is shown with the minute.".into(),
        ));
    }
    let stored = crate::lookup::item_numbered(&state, site.council.id, meeting.id, &path.number)
        .await?
        .ok_or(WebError::NotFound)?;
    let mut item = stored.record;
    let minute = item
        .minute
        .as_mut()
        .ok_or_else(|| WebError::Unprocessable("This item has no minute to amend.".into()))?;
    let previous_text = std::mem::replace(&mut minute.text, form.text.trim().to_owned());
    minute.amendments.push(Amendment {
        at: jiff::Timestamp::now(),
        by: who.actor()?,
        reason: reason.to_owned(),
        previous_text,
    });
    let note = format!("minute {} amended by {}: {reason}", minute.number, who.account.name);
    who.update(&state, &note, item, stored.version).await?;
    Ok(back(&site, key))
}
