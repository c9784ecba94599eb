//! The clerks' list of meetings, and making, moving and cancelling them. A cancelled or moved
//! meeting is never deleted: the public sees that it was cancelled, and when it was to be.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::civil::{Date, DateTime, Time};
use moot_domain::wording::{clock_time, long_date};
use moot_domain::*;
use moot_store::{Filter, StoreExt};
use serde::Deserialize;

use crate::auth;
use crate::extract::{Checked, Clerks, ItemPath, MeetingPath, Signed, SlugPath, Staff};
use crate::headers::private;
use crate::lookup::find;
use crate::site::Site;
use crate::{AppState, WebError};
use moot_app::links::meeting_path;

struct CommitteeLine {
    slug: String,
    name: String,
    meetings: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "workspace/home.html")]
struct WorkspaceHome<'a> {
    base: &'a str,
    committees: Vec<CommitteeLine>,
    csrf: &'a str,
    /// A clerk or admin; a report author sees the meetings only, to add their papers.
    clerk: bool,
}

/// `GET /workspace`: each active committee with its meetings and a form for a new one.
pub async fn home(
    State(state): State<AppState>,
    site: Site,
    Signed(who, _): Signed<Staff>,
) -> Result<Response, WebError> {
    let mut committees = Vec::new();
    for c in state
        .store
        .find::<Committee>(site.council.id, &Filter::all())
        .await?
        .into_iter()
        .map(|s| s.record)
        .filter(|c| c.status == CommitteeStatus::Active)
    {
        let meetings = state
            .store
            .find::<Meeting>(site.council.id, &Filter::eq("committee_id", c.id))
            .await?
            .into_iter()
            .rev()
            .map(|m| {
                let m = m.record;
                (
                    meeting_path(&m, &c).trim_start_matches("/meetings/").to_owned(),
                    format!("{}, {}", long_date(m.starts_at.date()), clock_time(m.starts_at)),
                    m.status.to_string(),
                )
            })
            .collect();
        committees.push(CommitteeLine {
            slug: c.slug.to_string(),
            name: c.name,
            meetings,
        });
    }
    let page = WorkspaceHome {
        base: &site.base,
        committees,
        csrf: &who.session.csrf,
        clerk: auth::CLERKS.contains(&who.account.role),
    }
    .render()?;
    Ok(private(Html(page)))
}

fn when(date: &str, time: &str) -> Result<DateTime, WebError> {
    let date = super::date_field(date)?;
    let time: Time = time
        .trim()
        .parse()
        .map_err(|_| WebError::Unprocessable(format!("{time:?} is not a time like 10:00")))?;
    Ok(date.to_datetime(time))
}

/// Refuses a second meeting of a committee on one day: a meeting's address is its day.
async fn day_is_free(
    state: &AppState,
    site: &Site,
    committee: &Committee,
    day: Date,
    except: Option<MeetingId>,
) -> Result<(), WebError> {
    let key = format!("{day}-{}", committee.slug);
    if let Some((_, other)) = moot_store::lookup::meeting_by_key(&*state.store, site.council.id, &key).await?
        && Some(other.id) != except
    {
        return Err(WebError::Unprocessable(format!(
            "{} already has a meeting on {}.",
            committee.name,
            long_date(day)
        )));
    }
    Ok(())
}

#[derive(Deserialize)]
pub struct NewMeetingForm {
    date: String,
    time: String,
}

/// `POST /workspace/committees/{slug}/meetings`: a meeting with its standard items, from the
/// committee's template, in one batch.
pub async fn create(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<SlugPath>,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<NewMeetingForm>,
) -> Result<Response, WebError> {
    let slug = Slug::parse(&path.slug).map_err(|_| WebError::NotFound)?;
    let committee: Committee = moot_store::lookup::by_slug(&*state.store, site.council.id, &slug)
        .await?
        .ok_or(WebError::NotFound)?;
    let starts_at = when(&form.date, &form.time)?;
    day_is_free(&state, &site, &committee, starts_at.date(), None).await?;
    let previous = state
        .store
        .find::<Meeting>(site.council.id, &Filter::eq("committee_id", committee.id))
        .await?
        .into_iter()
        .map(|s| s.record)
        .filter(|m| m.starts_at < starts_at && m.counts_as_previous())
        .max_by_key(|m| m.starts_at)
        .map(|m| m.id);
    let meeting = Meeting {
        id: MeetingId::new(),
        council: site.council.id,
        committee: committee.id,
        starts_at,
        ends_at: None,
        venue: committee.default_venue,
        webcast_url: None,
        pre_meeting_note: None,
        contact_officer: committee.contact_officer,
        in_attendance: Vec::new(),
        signed_by: None,
        status: MeetingStatus::Scheduled,
        previous_times: Vec::new(),
        status_reason: None,
        minutes_approved_at: None,
        publication_request: None,
        agenda_published: false,
    };
    let mut writes = vec![moot_store::Write::Create(moot_store::Entity::into_record(
        meeting.clone(),
    ))];
    writes.extend(
        committee
            .agenda_for(&meeting, previous)
            .into_iter()
            .map(|i| moot_store::Write::Create(moot_store::Entity::into_record(i))),
    );
    let note = format!("meeting scheduled by {}", who.account.name);
    who.save(&state, &note, writes).await?;
    Ok(Redirect::to(&format!(
        "{}/workspace{}",
        site.base,
        meeting_path(&meeting, &committee)
    ))
    .into_response())
}

#[derive(Deserialize)]
pub struct CancelForm {
    version: i64,
    reason: String,
}

/// `POST /workspace/meetings/{key}/cancel`
pub async fn cancel(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<MeetingPath>,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<CancelForm>,
) -> Result<Response, WebError> {
    let key = &path.key;
    let (_, mut meeting) = find(&*state.store, site.council.id, key).await?;
    let reason = form.reason.trim();
    if reason.is_empty() {
        return Err(WebError::Unprocessable(
            "Say why the meeting is cancelled; the public page shows it.".into(),
        ));
    }
    meeting.transition(MeetingStatus::Cancelled, moot_app::now_in(&site.council)?)?;
    meeting.status_reason = Some(reason.to_owned());
    meeting.publication_request = None;
    let note = format!("meeting cancelled by {}: {reason}", who.account.name);
    who.update(&state, &note, meeting, form.version).await?;
    Ok(Redirect::to(&format!("{}/workspace/meetings/{key}", site.base)).into_response())
}

#[derive(Deserialize)]
pub struct RescheduleForm {
    version: i64,
    date: String,
    time: String,
}

/// `POST /workspace/meetings/{key}/reschedule`: the old time is kept, so the public can see
/// the meeting moved.
pub async fn reschedule(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<MeetingPath>,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<RescheduleForm>,
) -> Result<Response, WebError> {
    let key = &path.key;
    let (committee, mut meeting) = find(&*state.store, site.council.id, key).await?;
    meeting.may(who.account.role, Act::Reschedule)?;
    let starts_at = when(&form.date, &form.time)?;
    day_is_free(&state, &site, &committee, starts_at.date(), Some(meeting.id)).await?;
    let before = meeting.starts_at;
    meeting.previous_times.push(before);
    meeting.starts_at = starts_at;
    // A postponed meeting given its new date is back on the way to publication.
    if meeting.status == MeetingStatus::Postponed {
        meeting.transition(MeetingStatus::Scheduled, moot_app::now_in(&site.council)?)?;
        meeting.status_reason = None;
    }
    let note = format!(
        "meeting moved by {} from {} to {}",
        who.account.name,
        long_date(before.date()),
        long_date(starts_at.date())
    );
    who.update(&state, &note, meeting.clone(), form.version).await?;
    Ok(Redirect::to(&format!(
        "{}/workspace{}",
        site.base,
        meeting_path(&meeting, &committee)
    ))
    .into_response())
}

/// The exemption fields of the forms that take one (a new, late or edited item, a cover
/// sheet): a Schedule 12A paragraph, a reason and a review date.
#[derive(Deserialize, Default)]
pub(super) struct ExemptionFields {
    /// Absent when the form does not offer the exemption; blank for a public item.
    exempt_paragraph: Option<String>,
    #[serde(default)]
    exempt_reason: String,
    #[serde(default)]
    review_date: String,
}

impl ExemptionFields {
    /// Whether the form carried the exemption at all (an edit form that only rewords does not).
    pub(super) fn given(&self) -> bool {
        self.exempt_paragraph.is_some()
    }

    pub(super) fn exemption(&self) -> Result<Option<Exemption>, WebError> {
        exemption_from(
            self.exempt_paragraph.as_deref().unwrap_or_default(),
            &self.exempt_reason,
            &self.review_date,
        )
    }
}

/// The exemption a clerk gives an item or a paper: none when the paragraph is left blank.
pub(super) fn exemption_from(paragraph: &str, reason: &str, review_date: &str) -> Result<Option<Exemption>, WebError> {
    let n = paragraph.trim();
    if n.is_empty() {
        return Ok(None);
    }
    let paragraph = n
        .parse::<u8>()
        .map_err(|_| WebError::Unprocessable(format!("{n:?} is not a paragraph of Schedule 12A (1 to 7)")))
        .and_then(|n| Ok(Schedule12aParagraph::parse(n)?))?;
    let review_date = super::optional_date(review_date)?;
    let exemption = Exemption {
        paragraph,
        reason: reason.trim().to_owned(),
        public_interest: None,
        review_date,
    };
    exemption.validate()?;
    Ok(Some(exemption))
}

#[derive(Deserialize)]
pub struct NewItemForm {
    title: String,
    #[serde(default)]
    description: String,
    /// Filled in when the item is to be taken in private.
    #[serde(flatten)]
    exempt: ExemptionFields,
    #[serde(flatten)]
    subject: super::subjects::SubjectFields,
}

/// `POST /workspace/meetings/{key}/items`: a business item, placed before the closing
/// standard items (urgent business, next meeting), which move down one. Only before the
/// agenda is published; later items go on a supplementary agenda.
pub async fn add_item(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<MeetingPath>,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<NewItemForm>,
) -> Result<Response, WebError> {
    let key = &path.key;
    let (committee, meeting) = find(&*state.store, site.council.id, key).await?;
    meeting.may(who.account.role, Act::AddItem)?;
    let title = form.title.trim();
    if title.is_empty() {
        return Err(WebError::Unprocessable("Give the item a title.".into()));
    }
    let exemption = form.exempt.exemption()?;
    let (subject, new_subject) = match form.subject.chosen(&state, &site).await? {
        Some(c) => (c.subject, c.new),
        None => (None, None),
    };
    let mut items: Vec<moot_store::Stored<AgendaItem>> = state
        .store
        .find::<AgendaItem>(site.council.id, &Filter::eq("meeting_id", meeting.id))
        .await?;
    items.sort_by_key(|s| s.record.number);
    let closing = |i: &AgendaItem| {
        matches!(
            i.kind,
            ItemKind::Standard(StandardItem::UrgentBusiness | StandardItem::NextMeeting)
        )
    };
    let position = items.iter().position(|s| closing(&s.record)).unwrap_or(items.len());
    let number = items.get(position).map_or_else(
        || items.last().map_or(1, |s| s.record.number.main() + 1),
        |s| s.record.number.main(),
    );
    // Closing items move down from the last, so no two items ever share a number mid-batch.
    let mut writes: Vec<_> = new_subject.into_iter().collect();
    for stored in items[position..].iter().rev() {
        let mut moved = stored.record.clone();
        moved.number = AgendaNumber::parse(&(moved.number.main() + 1).to_string())?;
        writes.push(moot_store::Write::Update {
            record: moot_store::Entity::into_record(moved),
            expected: stored.version,
        });
    }
    let item = AgendaItem {
        id: AgendaItemId::new(),
        council: site.council.id,
        meeting: meeting.id,
        committee: committee.id,
        number: AgendaNumber::parse(&number.to_string())?,
        title: title.to_owned(),
        description: Some(form.description.trim().to_owned()).filter(|d| !d.is_empty()),
        kind: ItemKind::Business,
        exemption,
        urgency: None,
        awaiting_release: false,
        subject,
        approves_minutes_of: Vec::new(),
        published_pages: None,
        presenters: Vec::new(),
        minute: None,
    };
    writes.push(moot_store::Write::Create(moot_store::Entity::into_record(item)));
    let note = format!("item {number} added by {}: {title}", who.account.name);
    who.save(&state, &note, writes).await?;
    Ok(Redirect::to(&format!("{}/workspace/meetings/{key}", site.base)).into_response())
}

#[derive(Deserialize)]
pub struct LateItemForm {
    title: String,
    #[serde(default)]
    description: String,
    urgency: String,
    /// Filled in when the late item is to be taken in private.
    #[serde(flatten)]
    exempt: ExemptionFields,
}

/// `POST /workspace/meetings/{key}/late-items`: an item for a supplementary agenda after the
/// agenda went out, with the Chair's reason for taking it as urgent (LGA 1972 s100B(4)). It
/// is numbered after the last business item ("8a", "8b"), so nothing already published moves.
pub async fn add_late_item(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<MeetingPath>,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<LateItemForm>,
) -> Result<Response, WebError> {
    let key = &path.key;
    let (committee, meeting) = find(&*state.store, site.council.id, key).await?;
    // The second clerk approves exactly what they were shown, so nothing joins it meanwhile.
    meeting.may(who.account.role, Act::AddLateItem)?;
    let title = form.title.trim();
    let urgency = form.urgency.trim();
    if title.is_empty() || urgency.is_empty() {
        return Err(WebError::Unprocessable(
            "A late item needs a title and the Chair's reason for considering it as urgent.".into(),
        ));
    }
    let mut items: Vec<AgendaItem> = state
        .store
        .find::<AgendaItem>(site.council.id, &Filter::eq("meeting_id", meeting.id))
        .await?
        .into_iter()
        .map(|s| s.record)
        .collect();
    items.sort_by_key(|i| i.number);
    let closing = items
        .iter()
        .position(|i| {
            matches!(
                i.kind,
                ItemKind::Standard(StandardItem::UrgentBusiness | StandardItem::NextMeeting)
            )
        })
        .unwrap_or(items.len());
    let after = closing
        .checked_sub(1)
        .and_then(|i| items.get(i))
        .map_or(0, |i| i.number.main());
    let number = ('a'..='z')
        .map(|c| format!("{after}{c}"))
        .find(|n| !items.iter().any(|i| i.number.to_string() == *n))
        .ok_or_else(|| WebError::Unprocessable("There are too many late items after one item.".into()))?;
    let item = AgendaItem {
        id: AgendaItemId::new(),
        council: site.council.id,
        meeting: meeting.id,
        committee: committee.id,
        number: AgendaNumber::parse(&number)?,
        title: title.to_owned(),
        description: Some(form.description.trim().to_owned()).filter(|d| !d.is_empty()),
        kind: ItemKind::Business,
        exemption: form.exempt.exemption()?,
        urgency: Some(urgency.to_owned()),
        awaiting_release: true,
        subject: None,
        approves_minutes_of: Vec::new(),
        published_pages: None,
        presenters: Vec::new(),
        minute: None,
    };
    let note = format!("late item {number} added by {}: {title}", who.account.name);
    who.save(
        &state,
        &note,
        vec![moot_store::Write::Create(moot_store::Entity::into_record(item))],
    )
    .await?;
    Ok(Redirect::to(&format!("{}/workspace/meetings/{key}", site.base)).into_response())
}

/// The agenda's items in order, refused once publication has been asked for: until then the
/// clerks may still reword and reorder it.
async fn open_agenda(
    state: &AppState,
    site: &Site,
    key: &str,
    role: AccountRole,
) -> Result<Vec<moot_store::Stored<AgendaItem>>, WebError> {
    let (_, meeting) = find(&*state.store, site.council.id, key).await?;
    meeting.may(role, Act::ChangeAgenda)?;
    let mut items = state
        .store
        .find::<AgendaItem>(site.council.id, &Filter::eq("meeting_id", meeting.id))
        .await?;
    items.sort_by_key(|s| s.record.number);
    Ok(items)
}

#[derive(Deserialize)]
pub struct EditItemForm {
    title: String,
    /// Left as it was when the form does not carry it.
    description: Option<String>,
    /// The item's exemption, when the form carries it: a blank paragraph makes it public.
    #[serde(flatten)]
    exempt: ExemptionFields,
    #[serde(flatten)]
    subject: super::subjects::SubjectFields,
}

/// `POST /workspace/meetings/{key}/items/{number}/edit`: rewords an item before publication.
pub async fn edit_item(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<ItemPath>,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<EditItemForm>,
) -> Result<Response, WebError> {
    let key = &path.key;
    let number = &path.number;
    let items = open_agenda(&state, &site, key, who.account.role).await?;
    let stored = items
        .into_iter()
        .find(|s| s.record.number.to_string() == *number)
        .ok_or(WebError::NotFound)?;
    let title = form.title.trim();
    if title.is_empty() {
        return Err(WebError::Unprocessable("Give the item a title.".into()));
    }
    let mut item = stored.record;
    item.title = title.to_owned();
    if let Some(d) = form.description {
        item.description = Some(d.trim().to_owned()).filter(|d| !d.is_empty());
    }
    let mut note = format!("item {number} reworded by {}", who.account.name);
    if form.exempt.given() {
        let exemption = form.exempt.exemption()?;
        if exemption != item.exemption {
            note.push_str(&match &exemption {
                Some(e) => format!("; to be taken in private under paragraph {}", e.paragraph.number()),
                None => "; to be taken in public".to_owned(),
            });
        }
        item.exemption = exemption;
    }
    let mut writes = Vec::new();
    if let Some(chosen) = form.subject.chosen(&state, &site).await? {
        writes.extend(chosen.new);
        item.subject = chosen.subject;
    }
    writes.push(moot_store::Write::Update {
        record: moot_store::Entity::into_record(item),
        expected: stored.version,
    });
    who.save(&state, &note, writes).await?;
    Ok(Redirect::to(&format!("{}/workspace/meetings/{key}", site.base)).into_response())
}

#[derive(Deserialize)]
pub struct MoveItemForm {
    /// "up" or "down".
    direction: String,
}

/// `POST /workspace/meetings/{key}/items/{number}/move`: swaps a business item with the
/// business item before or after it; the standard items keep their places.
pub async fn move_item(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<ItemPath>,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<MoveItemForm>,
) -> Result<Response, WebError> {
    let key = &path.key;
    let number = &path.number;
    let business: Vec<moot_store::Stored<AgendaItem>> = open_agenda(&state, &site, key, who.account.role)
        .await?
        .into_iter()
        .filter(|s| s.record.kind == ItemKind::Business)
        .collect();
    let at = business
        .iter()
        .position(|s| s.record.number.to_string() == *number)
        .ok_or(WebError::NotFound)?;
    let other = match form.direction.as_str() {
        "up" => at.checked_sub(1),
        "down" => Some(at + 1).filter(|i| *i < business.len()),
        _ => return Err(WebError::Unprocessable("Move an item up or down.".into())),
    }
    .ok_or_else(|| WebError::Unprocessable("There is no business item to swap with that way.".into()))?;
    let (a, b) = (&business[at], &business[other]);
    // Item numbers are unique on an agenda, so one item steps aside while they swap.
    let aside = AgendaNumber::parse("999")?;
    let mut first = a.record.clone();
    first.number = aside;
    let mut second = b.record.clone();
    second.number = a.record.number;
    let mut last = a.record.clone();
    last.number = b.record.number;
    let note = format!("item {number} moved {} by {}", form.direction, who.account.name);
    who.save(
        &state,
        &note,
        vec![
            moot_store::Write::Update {
                record: moot_store::Entity::into_record(first),
                expected: a.version,
            },
            moot_store::Write::Update {
                record: moot_store::Entity::into_record(second),
                expected: b.version,
            },
            moot_store::Write::Update {
                record: moot_store::Entity::into_record(last),
                expected: a.version + 1,
            },
        ],
    )
    .await?;
    Ok(Redirect::to(&format!("{}/workspace/meetings/{key}", site.base)).into_response())
}
