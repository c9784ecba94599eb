//! Others in attendance: officers and councillors who are not members of the committee,
//! at the whole meeting or for one item ("Councillor Steele, Chair of the Overview and
//! Scrutiny Management Board"; the officers presenting a report). The minutes name them with
//! their role; they neither count towards the quorum nor vote, so they are not attendance.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use moot_domain::*;
use moot_store::StoreExt;
use serde::Deserialize;

use crate::extract::{Checked, Clerks, MeetingPath, Signed};
use crate::lookup::find;
use crate::site::Site;
use crate::{AppState, WebError};
use moot_store::lookup::People;

/// A line of the list with what its removal form needs: (item number or blank for the
/// whole meeting, version of the record it is on, position in its list, the line).
pub type OtherLine = (String, i64, usize, String);

/// Everyone who may be named as in attendance, and those named so far.
pub struct OthersView {
    pub may_record: bool,
    /// ("officer:{id}" or "member:{slug}", label).
    pub people: Vec<(String, String)>,
    pub lines: Vec<OtherLine>,
}

impl OthersView {
    pub async fn of(
        state: &AppState,
        site: &Site,
        meeting: &moot_store::Stored<Meeting>,
        items: &[moot_store::Stored<AgendaItem>],
        role: AccountRole,
    ) -> Result<Self, WebError> {
        let people = People::of(&*state.store, site.council.id).await?;
        let mut lines: Vec<OtherLine> = meeting
            .record
            .in_attendance
            .iter()
            .enumerate()
            .map(|(n, p)| {
                (
                    String::new(),
                    meeting.version,
                    n,
                    format!("The meeting: {}", people.line(p)),
                )
            })
            .collect();
        for item in items {
            lines.extend(item.record.presenters.iter().enumerate().map(|(n, p)| {
                (
                    item.record.number.to_string(),
                    item.version,
                    n,
                    format!("Item {}: {}", item.record.number, people.line(p)),
                )
            }));
        }
        let mut choices: Vec<(String, String)> = people
            .officers
            .iter()
            .map(|o| {
                let label = match &o.job_title {
                    Some(t) => format!("{} ({t})", o.name),
                    None => o.name.clone(),
                };
                (format!("officer:{}", o.id), label)
            })
            .collect();
        choices.extend(
            people
                .members
                .iter()
                .map(|m| (format!("member:{}", m.slug), m.display_name())),
        );
        Ok(Self {
            may_record: meeting.record.may(role, Act::RecordAttendance).is_ok(),
            people: choices,
            lines,
        })
    }
}

#[derive(Deserialize)]
pub struct AddForm {
    person: String,
    #[serde(default)]
    role: String,
    /// An item's number, or blank for the whole meeting.
    #[serde(default)]
    item: String,
}

/// The person chosen, as a presenter in `role` (an officer's job title when left blank).
async fn presenter(state: &AppState, site: &Site, person: &str, role: &str) -> Result<Presenter, WebError> {
    let refuse = || WebError::Unprocessable("Choose the officer or councillor from the list.".into());
    let role = role.trim();
    let (officer, member, default_role) = match person.trim().split_once(':') {
        Some(("officer", id)) => {
            let id: OfficerId = id.parse().map_err(|_| refuse())?;
            let officer = state.store.live(site.council.id, id).await?.ok_or_else(refuse)?;
            (Some(officer.id), None, officer.job_title)
        }
        Some(("member", slug)) => {
            let slug = Slug::parse(slug).map_err(|_| refuse())?;
            let member: Member = moot_store::lookup::by_slug(&*state.store, site.council.id, &slug)
                .await?
                .ok_or_else(refuse)?;
            (None, Some(member.id), None)
        }
        _ => return Err(refuse()),
    };
    let role = match (role, default_role) {
        ("", Some(title)) => title,
        ("", None) => {
            return Err(WebError::Unprocessable(
                "Say in what role they attended (\"Chair of the Overview and Scrutiny Management Board\").".into(),
            ));
        }
        (role, _) => role.to_owned(),
    };
    let p = Presenter { role, member, officer };
    p.validate()?;
    Ok(p)
}

/// `POST /workspace/meetings/{key}/in-attendance`
pub async fn add(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<MeetingPath>,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<AddForm>,
) -> Result<Response, WebError> {
    let key = &path.key;
    let (_, meeting) = find(&*state.store, site.council.id, key).await?;
    meeting.may(who.account.role, Act::RecordAttendance)?;
    let p = presenter(&state, &site, &form.person, &form.role).await?;
    let people = People::of(&*state.store, site.council.id).await?;
    let note = format!("{} recorded in attendance by {}", people.line(&p), who.account.name);
    match form.item.trim() {
        "" => {
            let stored = state.store.fetch::<Meeting>(site.council.id, meeting.id).await?;
            let mut m = stored.record;
            m.in_attendance.push(p);
            who.update(&state, &note, m, stored.version).await?;
        }
        n => {
            let stored = crate::lookup::item_numbered(&state, site.council.id, meeting.id, n)
                .await?
                .ok_or_else(|| WebError::Unprocessable(format!("This agenda has no item {n}.")))?;
            let mut item = stored.record;
            item.presenters.push(p);
            who.update(&state, &note, item, stored.version).await?;
        }
    }
    Ok(Redirect::to(&format!("{}/workspace/meetings/{key}", site.base)).into_response())
}

#[derive(Deserialize)]
pub struct RemoveForm {
    #[serde(default)]
    item: String,
    version: i64,
    position: usize,
}

/// `POST /workspace/meetings/{key}/in-attendance/remove`: one recorded in error.
pub async fn remove(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<MeetingPath>,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<RemoveForm>,
) -> Result<Response, WebError> {
    let key = &path.key;
    let (_, meeting) = find(&*state.store, site.council.id, key).await?;
    meeting.may(who.account.role, Act::RecordAttendance)?;
    let gone = || WebError::Unprocessable(moot_app::STALE.into());
    let note = format!("someone in attendance removed by {}", who.account.name);
    match form.item.trim() {
        "" => {
            let mut m = meeting;
            (form.position < m.in_attendance.len()).then_some(()).ok_or_else(gone)?;
            m.in_attendance.remove(form.position);
            who.update(&state, &note, m, form.version).await?;
        }
        n => {
            let stored = crate::lookup::item_numbered(&state, site.council.id, meeting.id, n)
                .await?
                .ok_or_else(|| WebError::Unprocessable(format!("This agenda has no item {n}.")))?;
            let mut item = stored.record;
            (form.position < item.presenters.len()).then_some(()).ok_or_else(gone)?;
            item.presenters.remove(form.position);
            who.update(&state, &note, item, form.version).await?;
        }
    }
    Ok(Redirect::to(&format!("{}/workspace/meetings/{key}", site.base)).into_response())
}
