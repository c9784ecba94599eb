//! A meeting's particulars as its front sheet prints them (where it is held, or online and
//! on which platform; the webcast; the pre-meeting note; the signatory) and its end time
//! once it is over; and putting a meeting off to a date not yet fixed.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::civil::Time;
use moot_domain::*;
use moot_store::{Filter, StoreExt};
use serde::Deserialize;

use crate::extract::{Checked, Clerks, MeetingPath, Signed};
use crate::lookup::find;
use crate::site::Site;
use crate::{AppState, WebError};

/// A choice in a select: (value, label, selected).
pub type Choice = (String, String, bool);

/// The details form as the clerk last left it.
pub struct DetailsView {
    pub may_edit: bool,
    pub may_postpone: bool,
    pub venues: Vec<Choice>,
    pub signatories: Vec<Choice>,
    pub ends_at: String,
    pub webcast_url: String,
    pub pre_meeting_note: String,
}

impl DetailsView {
    pub async fn of(state: &AppState, site: &Site, meeting: &Meeting, role: AccountRole) -> Result<Self, WebError> {
        let cid = site.council.id;
        let venues = state
            .store
            .find::<Venue>(cid, &Filter::all())
            .await?
            .into_iter()
            .map(|s| s.record)
            .map(|v| {
                let label = if v.online {
                    format!("Online: {}", v.name)
                } else {
                    v.name
                };
                (v.id.to_string(), label, meeting.venue == Some(v.id))
            })
            .collect();
        let signatories = state
            .store
            .find::<Officer>(cid, &Filter::all())
            .await?
            .into_iter()
            .map(|s| s.record)
            .map(|o| {
                let label = match &o.job_title {
                    Some(t) => format!("{} ({t})", o.name),
                    None => o.name,
                };
                (o.id.to_string(), label, meeting.signed_by == Some(o.id))
            })
            .collect();
        Ok(Self {
            may_edit: meeting.may(role, Act::EditDetails).is_ok(),
            may_postpone: meeting.may(role, Act::Postpone).is_ok(),
            venues,
            signatories,
            ends_at: meeting
                .ends_at
                .map(|t| t.strftime("%H:%M").to_string())
                .unwrap_or_default(),
            webcast_url: meeting.webcast_url.clone().unwrap_or_default(),
            pre_meeting_note: meeting.pre_meeting_note.clone().unwrap_or_default(),
        })
    }
}

#[derive(Deserialize)]
pub struct DetailsForm {
    version: i64,
    /// A venue's id, or blank for "to be confirmed".
    #[serde(default)]
    venue: String,
    #[serde(default)]
    ends_at: String,
    #[serde(default)]
    webcast_url: String,
    #[serde(default)]
    pre_meeting_note: String,
    /// An officer's id, or blank for no signatory.
    #[serde(default)]
    signed_by: String,
}

fn blank_is_none(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// An id chosen from a list: one the list offered, or a clear refusal.
async fn chosen<T: moot_store::Entity>(
    state: &AppState,
    site: &Site,
    raw: &str,
    what: &str,
) -> Result<Option<Id<T>>, WebError>
where
    Id<T>: std::str::FromStr,
{
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let refuse = || WebError::Unprocessable(format!("Choose the {what} from the list."));
    let id: Id<T> = raw.parse().map_err(|_| refuse())?;
    match state.store.live::<T>(site.council.id, id).await? {
        Some(_) => Ok(Some(id)),
        None => Err(refuse()),
    }
}

/// `POST /workspace/meetings/{key}/details`
pub async fn save(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<MeetingPath>,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<DetailsForm>,
) -> Result<Response, WebError> {
    let key = &path.key;
    let (_, mut meeting) = find(&*state.store, site.council.id, key).await?;
    meeting.may(who.account.role, Act::EditDetails)?;
    meeting.venue = chosen::<Venue>(&state, &site, &form.venue, "venue").await?;
    meeting.signed_by = chosen::<Officer>(&state, &site, &form.signed_by, "signatory").await?;
    meeting.ends_at = match form.ends_at.trim() {
        "" => None,
        raw => {
            let time: Time = raw
                .parse()
                .map_err(|_| WebError::Unprocessable(format!("{raw:?} is not a time like 12:30")))?;
            Some(meeting.starts_at.date().to_datetime(time))
        }
    };
    meeting.webcast_url = blank_is_none(&form.webcast_url);
    meeting.pre_meeting_note = blank_is_none(&form.pre_meeting_note);
    meeting.validate()?;
    let note = format!("meeting details changed by {}", who.account.name);
    who.update(&state, &note, meeting, form.version).await?;
    Ok(Redirect::to(&format!("{}/workspace/meetings/{key}", site.base)).into_response())
}

#[derive(Deserialize)]
pub struct PostponeForm {
    version: i64,
    reason: String,
}

/// `POST /workspace/meetings/{key}/postpone`: the meeting stays on the calendar as
/// postponed, with the reason, until it is moved to its new date (which keeps this one).
pub async fn postpone(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<MeetingPath>,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<PostponeForm>,
) -> Result<Response, WebError> {
    let key = &path.key;
    let (_, mut meeting) = find(&*state.store, site.council.id, key).await?;
    meeting.may(who.account.role, Act::Postpone)?;
    let reason = form.reason.trim();
    if reason.is_empty() {
        return Err(WebError::Unprocessable(
            "Say why the meeting is postponed; the public page shows it.".into(),
        ));
    }
    meeting.transition(MeetingStatus::Postponed, moot_app::now_in(&site.council)?)?;
    meeting.status_reason = Some(reason.to_owned());
    meeting.publication_request = None;
    let note = format!("meeting postponed by {}: {reason}", who.account.name);
    who.update(&state, &note, meeting, form.version).await?;
    Ok(Redirect::to(&format!("{}/workspace/meetings/{key}", site.base)).into_response())
}
