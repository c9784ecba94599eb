//! After the meeting: recording that it was held, the minute of each item with its numbered
//! resolutions (a resolution that asks for something becomes an action on the committee's
//! monitoring report), and the approval of the minutes as a correct record at a later
//! meeting, after which they are frozen. Publishing the draft minutes goes through the same
//! two-person request as the agenda (`workspace.rs`).

use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use moot_domain::*;
use moot_store::{CondOp, Filter, StoreExt, Write};
use serde::Deserialize;

use super::account::check_form;
use super::meeting::find;
use super::param;
use crate::auth;
use crate::site::Site;
use crate::{AppState, WebError};

fn back(site: &Site, key: &str) -> Response {
    Redirect::to(&format!("{}/workspace/meetings/{key}", site.base)).into_response()
}

#[derive(Deserialize)]
pub struct VersionForm {
    csrf: String,
    version: i64,
}

/// `POST /workspace/meetings/{key}/held`: the meeting took place (refused before it starts).
pub async fn held(
    State(state): State<AppState>,
    site: Site,
    Path(params): Path<Vec<(String, String)>>,
    headers: HeaderMap,
    Form(form): Form<VersionForm>,
) -> Result<Response, WebError> {
    let who = auth::staff(&state, &site, &headers, &auth::CLERKS).await?;
    check_form(&who, &form.csrf)?;
    let key = param(&params, "key");
    let (_, mut meeting) = find(&*state.store, site.council.id, key).await?;
    meeting.transition(MeetingStatus::Held, crate::now_in(&site.council)?)?;
    let note = format!("meeting recorded as held by {}", who.account.name);
    who.update(&state, &note, meeting, form.version).await?;
    Ok(back(&site, key))
}

#[derive(Deserialize)]
pub struct MinuteForm {
    csrf: String,
    #[serde(default)]
    heading: String,
    #[serde(default)]
    text: String,
    /// One resolution per line; a line starting "Action:" also becomes an action.
    #[serde(default)]
    resolutions: String,
}

/// The minute series a meeting's minutes fall in: the committee's for the municipal year,
/// made when the year's first minute is written.
async fn series_for(
    state: &AppState,
    site: &Site,
    meeting: &Meeting,
    writes: &mut Vec<Write>,
) -> Result<
    (
        MinuteSeries,
        Vec<jiff::civil::Date>,
        Vec<(jiff::civil::Date, MinuteNumber)>,
    ),
    WebError,
> {
    let cid = site.council.id;
    let annual: Vec<AnnualMeeting> = state
        .store
        .find::<AnnualMeeting>(cid, &Filter::all())
        .await?
        .into_iter()
        .map(|s| s.record)
        .collect();
    let dates: Vec<jiff::civil::Date> = annual.iter().map(|a| a.date).collect();
    let start = moot_domain::minutes::series_start(&dates, meeting.starts_at.date())?;
    let year = annual
        .iter()
        .find(|a| a.date == start)
        .ok_or(DomainError::NoMinuteSeries(meeting.starts_at.date()))?;
    let existing = state
        .store
        .find::<MinuteSeries>(
            cid,
            &Filter::eq("committee_id", meeting.committee).and("annual_meeting_id", CondOp::Eq, year.id),
        )
        .await?
        .into_iter()
        .next()
        .map(|s| s.record);
    let series = match existing {
        Some(s) => s,
        None => {
            let s = MinuteSeries {
                id: MinuteSeriesId::new(),
                council: cid,
                committee: meeting.committee,
                annual_meeting: year.id,
                starts_on: year.date,
            };
            writes.push(Write::Create(moot_store::Entity::into_record(s.clone())));
            s
        }
    };
    // Every minute the committee holds, with its meeting's date, for the numbering rule.
    let mut numbered = Vec::new();
    for item in state
        .store
        .find::<AgendaItem>(cid, &Filter::eq("committee_id", meeting.committee))
        .await?
        .into_iter()
        .map(|s| s.record)
    {
        if let Some(m) = &item.minute {
            let at = state.store.fetch(cid, item.meeting).await?.record.starts_at.date();
            numbered.push((at, m.number));
        }
    }
    Ok((series, dates, numbered))
}

/// `POST /workspace/meetings/{key}/items/{number}/minute`: writes (or rewrites, until the
/// minutes are published) an item's minute and resolutions. The minute number comes from the
/// domain's numbering rule; an item keeps its number once given.
pub async fn write_minute(
    State(state): State<AppState>,
    site: Site,
    Path(params): Path<Vec<(String, String)>>,
    headers: HeaderMap,
    Form(form): Form<MinuteForm>,
) -> Result<Response, WebError> {
    let who = auth::staff(&state, &site, &headers, &auth::CLERKS).await?;
    check_form(&who, &form.csrf)?;
    let key = param(&params, "key");
    let (_, meeting) = find(&*state.store, site.council.id, key).await?;
    match meeting.status {
        MeetingStatus::Held => {}
        MeetingStatus::Scheduled | MeetingStatus::AgendaPublished | MeetingStatus::Postponed => {
            return Err(WebError::Unprocessable(
                "This meeting has not been held yet, so it has no minutes. Record it as held first.".into(),
            ));
        }
        MeetingStatus::Cancelled => return Err(WebError::Unprocessable("A cancelled meeting has no minutes.".into())),
        MeetingStatus::DraftMinutes | MeetingStatus::MinutesApproved => {
            return Err(WebError::Unprocessable(
                "These minutes have been published; a correction is an amendment, not an edit.".into(),
            ));
        }
    }
    let number = param(&params, "number");
    let stored = super::item_numbered(&state, site.council.id, meeting.id, number)
        .await?
        .ok_or(WebError::NotFound)?;
    let mut item = stored.record.clone();
    let mut writes = Vec::new();
    let (series, dates, numbered) = series_for(&state, &site, &meeting, &mut writes).await?;
    let minute_number = match &item.minute {
        Some(m) => m.number,
        None => moot_domain::minutes::next_minute_number(&dates, meeting.starts_at.date(), &numbered)?,
    };
    let heading = Some(form.heading.trim())
        .filter(|h| !h.is_empty())
        .map_or_else(|| item.title.to_uppercase(), str::to_owned);
    item.minute = Some(Minute {
        series: series.id,
        number: minute_number,
        heading,
        text: form.text.trim().to_owned(),
        text_visibility: Visibility::Draft,
        amendments: Vec::new(),
    });
    writes.push(Write::Update {
        record: moot_store::Entity::into_record(item.clone()),
        expected: stored.version,
    });
    writes.extend(resolution_writes(&state, &site, &meeting, &item, &form.resolutions).await?);
    let note = format!("minute {minute_number} written by {}", who.account.name);
    who.save(&state, &note, writes).await?;
    Ok(back(&site, key))
}

/// The writes that make an item's resolutions read as `lines` (one per line; "Action:" lines
/// ask for something). Each number keeps its record, so a minute can be saved again and
/// again: a resolution whose wording changes loses its vote (it was on other words), an
/// "Action:" line keeps one action in step with it, and resolutions no longer there are
/// moved out of the numbering before they become tombstones, so their numbers can be used again.
async fn resolution_writes(
    state: &AppState,
    site: &Site,
    meeting: &Meeting,
    item: &AgendaItem,
    lines: &str,
) -> Result<Vec<Write>, WebError> {
    let cid = site.council.id;
    let all = state
        .store
        .find::<Resolution>(cid, &Filter::eq("item_id", item.id).with_deleted())
        .await?;
    let parked_from = all.iter().map(|r| r.record.number).max().unwrap_or(0).max(1000);
    let live: Vec<_> = all.into_iter().filter(|r| !r.deleted).collect();
    let mut writes = Vec::new();
    let wanted: Vec<&str> = lines.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    for (n, line) in wanted.iter().enumerate() {
        let number = u16::try_from(n + 1).map_err(|_| WebError::Unprocessable("Too many resolutions.".into()))?;
        let (kind, text) = match line.strip_prefix("Action:") {
            Some(rest) => (ResolutionKind::Action, rest.trim()),
            None => (ResolutionKind::Other, *line),
        };
        let old = live.iter().find(|r| r.record.number == number);
        let resolution = match old {
            Some(stored) => {
                let mut r = stored.record.clone();
                if r.text != text {
                    r.vote = None;
                }
                r.text = text.to_owned();
                r.kind = kind.clone();
                writes.push(Write::Update {
                    record: moot_store::Entity::into_record(r.clone()),
                    expected: stored.version,
                });
                r
            }
            None => {
                let r = Resolution {
                    id: ResolutionId::new(),
                    council: cid,
                    meeting: meeting.id,
                    item: item.id,
                    number,
                    text: text.to_owned(),
                    kind: kind.clone(),
                    vote: None,
                };
                writes.push(Write::Create(moot_store::Entity::into_record(r.clone())));
                r
            }
        };
        let action = match old {
            Some(_) => state
                .store
                .find::<Action>(cid, &Filter::eq("resolution_id", resolution.id))
                .await?
                .into_iter()
                .next(),
            None => None,
        };
        match (kind == ResolutionKind::Action, action) {
            (true, Some(stored)) => {
                let mut a = stored.record;
                a.description = text.to_owned();
                writes.push(Write::Update {
                    record: moot_store::Entity::into_record(a),
                    expected: stored.version,
                });
            }
            (true, None) => {
                let action = Action {
                    id: ActionId::new(),
                    council: cid,
                    committee: meeting.committee,
                    resolution: Some(resolution.id),
                    description: text.to_owned(),
                    owner: None,
                    owner_text: None,
                    due: None,
                    due_meeting: None,
                    status: ActionStatus::Open,
                    outcome: None,
                };
                writes.push(Write::Create(moot_store::Entity::into_record(action)));
            }
            (false, Some(stored)) => writes.push(Write::Delete {
                kind: moot_store::Kind::Action,
                council: cid,
                id: stored.record.id.uuid(),
                expected: stored.version,
            }),
            (false, None) => {}
        }
    }
    let mut parked = parked_from;
    for stored in live.iter().filter(|r| usize::from(r.record.number) > wanted.len()) {
        for action in state
            .store
            .find::<Action>(cid, &Filter::eq("resolution_id", stored.record.id))
            .await?
        {
            writes.push(Write::Delete {
                kind: moot_store::Kind::Action,
                council: cid,
                id: action.record.id.uuid(),
                expected: action.version,
            });
        }
        parked += 1;
        let mut r = stored.record.clone();
        r.number = parked;
        writes.push(Write::Update {
            record: moot_store::Entity::into_record(r),
            expected: stored.version,
        });
        writes.push(Write::Delete {
            kind: moot_store::Kind::Resolution,
            council: cid,
            id: stored.record.id.uuid(),
            expected: stored.version + 1,
        });
    }
    Ok(writes)
}

#[derive(Deserialize)]
pub struct ApprovedForm {
    csrf: String,
    version: i64,
    /// The later meeting at which the minutes were approved (its key).
    at: String,
}

/// `POST /workspace/meetings/{key}/minutes-approved`: the minutes were approved as a correct
/// record at a later meeting of the committee; from now on they are frozen.
pub async fn approved(
    State(state): State<AppState>,
    site: Site,
    Path(params): Path<Vec<(String, String)>>,
    headers: HeaderMap,
    Form(form): Form<ApprovedForm>,
) -> Result<Response, WebError> {
    let who = auth::staff(&state, &site, &headers, &auth::CLERKS).await?;
    check_form(&who, &form.csrf)?;
    let key = param(&params, "key");
    let (committee, mut meeting) = find(&*state.store, site.council.id, key).await?;
    let (other_committee, later) = find(&*state.store, site.council.id, form.at.trim())
        .await
        .map_err(|_| WebError::Unprocessable(format!("{:?} is not a meeting here", form.at)))?;
    if other_committee.id != committee.id || later.starts_at <= meeting.starts_at {
        return Err(WebError::Unprocessable(
            "Minutes are approved at a later meeting of the same committee.".into(),
        ));
    }
    let now = crate::now_in(&site.council)?;
    if later.starts_at > now || later.status == MeetingStatus::Cancelled {
        return Err(WebError::Unprocessable(format!(
            "The meeting of {} has not taken place, so it cannot have approved these minutes yet.",
            moot_domain::wording::long_date(later.starts_at.date())
        )));
    }
    meeting.transition(MeetingStatus::MinutesApproved, now)?;
    meeting.minutes_approved_at = Some(later.id);
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
    Path(params): Path<Vec<(String, String)>>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let who = auth::staff(&state, &site, &headers, &auth::CLERKS).await?;
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .unwrap_or_default()
    };
    check_form(&who, field("csrf"))?;
    let key = param(&params, "key");
    let (_, meeting) = find(&*state.store, site.council.id, key).await?;
    if meeting.status != MeetingStatus::Held {
        return Err(WebError::Unprocessable(
            "Votes are recorded with the minutes, after the meeting and before they are published.".into(),
        ));
    }
    let id: ResolutionId = param(&params, "id").parse().map_err(|_| WebError::NotFound)?;
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
    csrf: String,
    text: String,
    reason: String,
}

/// `POST /workspace/meetings/{key}/items/{number}/amend`: a correction to approved minutes.
/// The text changes; the reason, who and when, and the text before are kept with the minute
/// and shown beside it, so approved minutes are never silently edited.
pub async fn amend(
    State(state): State<AppState>,
    site: Site,
    Path(params): Path<Vec<(String, String)>>,
    headers: HeaderMap,
    Form(form): Form<AmendForm>,
) -> Result<Response, WebError> {
    let who = auth::staff(&state, &site, &headers, &auth::CLERKS).await?;
    check_form(&who, &form.csrf)?;
    let key = param(&params, "key");
    let (_, meeting) = find(&*state.store, site.council.id, key).await?;
    if meeting.status != MeetingStatus::MinutesApproved {
        return Err(WebError::Unprocessable(
            "Only approved minutes are amended; until then the minute itself can be rewritten.".into(),
        ));
    }
    let reason = form.reason.trim();
    if reason.is_empty() {
        return Err(WebError::Unprocessable(
            "Give the reason for the amendment; it is shown with the minute.".into(),
        ));
    }
    let stored = super::item_numbered(&state, site.council.id, meeting.id, param(&params, "number"))
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
