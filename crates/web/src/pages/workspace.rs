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
use crate::auth;
use crate::site::Site;
use crate::{AppState, WebError};

struct PaperLine {
    id: String,
    version: i64,
    item: String,
    title: String,
    state: String,
    /// A draft, so its cover sheet may still be filled in.
    draft: bool,
    size: Option<String>,
    withdrawn: Option<String>,
    /// Published and not withdrawn: it can be withdrawn.
    withdrawable: bool,
    /// Supplied (not made by Moot) and not withdrawn: a new file can replace it.
    replaceable: bool,
}

/// What went wrong when Moot last made the meeting's PDFs, paper by paper ("Agenda pack:
/// \"Report\" is not in the pack: the file is damaged …"), so a clerk can put it right.
fn pdf_problems(documents: &[moot_store::Stored<Document>]) -> Vec<String> {
    documents
        .iter()
        .filter_map(|s| Some((&s.record.title, &s.record.generated.as_ref()?.problems)))
        .flat_map(|(title, problems)| problems.iter().map(move |p| format!("{title}: {p}")))
        .collect()
}

/// An item in the agenda builder: its words and whether it is taken in private.
struct AgendaLine {
    number: String,
    title: String,
    paragraph: String,
    reason: String,
    review_date: String,
}

/// The agenda's publication as the clerks see it.
struct Publication {
    status: String,
    deadline: String,
    late: bool,
    meeting_version: i64,
    /// Scheduled with nothing asked yet: the request form is offered.
    may_request: bool,
    /// Not yet held: it can still be moved or cancelled.
    may_move: bool,
    /// Scheduled, nothing asked yet: business items can be added.
    may_add_items: bool,
    /// The agenda is out: late items go on a supplementary agenda, with a reason for urgency.
    may_add_late_items: bool,
    /// The agenda is out: the meeting can be recorded as held once it has started.
    may_record_held: bool,
    /// Held, minutes not yet published: minutes can be written.
    may_minute: bool,
    /// The agenda is out or the meeting held: attendance can be recorded.
    may_attend: bool,
    /// Draft minutes out: their approval at a later meeting can be recorded.
    may_approve_minutes: bool,
    /// Approved minutes: corrections are amendments with a reason.
    may_amend: bool,
    /// "Requested by … on …", when a request waits.
    pending: Option<String>,
    /// The person viewing made the request and the council wants a second person.
    own_request: bool,
    /// What approving will do to each draft paper: (paper, what it becomes, exempt?).
    changes: Vec<(String, String, bool)>,
    /// The fingerprint of `changes`, sent back with the approval.
    reviewed: String,
}

/// What approving a publication request would release: each draft paper (or, once the
/// meeting is held, each draft minute) and what it becomes, with a fingerprint of exactly
/// that and of the agenda. The approval form carries the fingerprint back, and approval is
/// refused if anything changed after the second clerk looked, so nothing goes out unseen.
struct Release {
    lines: Vec<(String, String, bool)>,
    fingerprint: String,
}

impl Release {
    fn of(
        meeting: &Meeting,
        items: &[moot_store::Stored<AgendaItem>],
        documents: &[moot_store::Stored<Document>],
    ) -> Self {
        use sha2::Digest;
        let mut hasher = sha2::Sha256::new();
        let mut lines = Vec::new();
        let label = |becomes: &Visibility| match becomes {
            Visibility::Exempt(e) => format!("exempt: {}", moot_domain::wording::exemption_notice(e)),
            _ => "public".to_owned(),
        };
        for item in items {
            hasher.update(format!("item {} {};", item.record.id, item.version));
        }
        if meeting.status == MeetingStatus::Held {
            let mut minuted: Vec<&AgendaItem> = items
                .iter()
                .map(|s| &s.record)
                .filter(|i| {
                    i.minute
                        .as_ref()
                        .is_some_and(|m| matches!(m.text_visibility, Visibility::Draft))
                })
                .collect();
            minuted.sort_by_key(|i| i.number);
            for item in minuted {
                let Some(minute) = &item.minute else { continue };
                let becomes = item.exemption.clone().map_or(Visibility::Public, Visibility::Exempt);
                lines.push((
                    format!("Minute {}: {}", minute.number, minute.heading),
                    label(&becomes),
                    matches!(becomes, Visibility::Exempt(_)),
                ));
            }
        } else {
            let mut late: Vec<&AgendaItem> = items.iter().map(|s| &s.record).filter(|i| i.awaiting_release).collect();
            late.sort_by_key(|i| i.number);
            for item in late {
                let becomes = item.exemption.clone().map_or(Visibility::Public, Visibility::Exempt);
                let becomes = match becomes {
                    // An exempt item's title and reason are public; its papers are not.
                    Visibility::Exempt(e) => format!(
                        "public, taken in private: {}",
                        moot_domain::wording::exemption_notice(&e)
                    ),
                    _ => "public".to_owned(),
                };
                lines.push((format!("Late item {}: {}", item.number, item.title), becomes, false));
            }
            let plain: Vec<AgendaItem> = items.iter().map(|s| s.record.clone()).collect();
            for stored in documents {
                if let Some(becomes) = moot_domain::publication::on_publication(&stored.record, &plain) {
                    hasher.update(format!("document {} {};", stored.record.id, stored.version));
                    lines.push((
                        stored.record.title.clone(),
                        label(&becomes),
                        matches!(becomes, Visibility::Exempt(_)),
                    ));
                }
            }
        }
        Self {
            lines,
            fingerprint: hex::encode(hasher.finalize()),
        }
    }
}

#[derive(Template)]
#[template(path = "pages/workspace_meeting.html")]
struct WorkspaceMeeting<'a> {
    base: &'a str,
    committee: String,
    date: String,
    key: &'a str,
    publication: Publication,
    /// Why a pack (or another PDF Moot makes) is missing something or is not published.
    pdf_problems: Vec<String>,
    /// The agenda's items, (number, title), each with a form to add a paper.
    items: Vec<(String, String)>,
    /// The agenda's items as the agenda builder edits them.
    agenda: Vec<AgendaLine>,
    /// Business items' numbers: these can be moved up and down before publication.
    business: Vec<String>,
    /// Every member, (slug, name), for attendance and declarations.
    members: Vec<(String, String)>,
    /// Later meetings of the committee that have taken place, (key, when): where these
    /// minutes can have been approved.
    later_meetings: Vec<(String, String)>,
    /// The meeting's resolutions with their votes as recorded so far.
    resolutions: Vec<VoteView>,
    /// Members recorded as present, (id, name): who may move, second and vote.
    present: Vec<(String, String)>,
    /// Declarations recorded so far, (id, version, line), each with a form to remove it.
    declarations: Vec<(String, i64, String)>,
    papers: Vec<PaperLine>,
    csrf: &'a str,
    /// A clerk or admin; a report author gets the forms for their own papers only.
    clerk: bool,
}

/// The meeting's declarations as the minutes will print them.
async fn declaration_lines(
    state: &AppState,
    site: &Site,
    meeting: MeetingId,
    items: &[AgendaItem],
) -> Result<Vec<(String, i64, String)>, WebError> {
    let mut lines = Vec::new();
    for stored in state
        .store
        .find::<Declaration>(site.council.id, &Filter::eq("meeting_id", meeting))
        .await?
    {
        let d = &stored.record;
        let name = state
            .store
            .live::<Member>(site.council.id, d.member)
            .await?
            .map(|m| m.display_name())
            .unwrap_or_default();
        let item = d
            .item
            .and_then(|id| items.iter().find(|i| i.id == id))
            .map(|i| format!("item {} ({})", i.number, i.title));
        let line = moot_domain::wording::declaration_line(d, &name, item.as_deref());
        lines.push((d.id.to_string(), stored.version, line));
    }
    Ok(lines)
}

/// A resolution's vote form, filled in with what was recorded so far.
struct VoteView {
    id: String,
    version: i64,
    /// "7 (1)": the item's number and the resolution's.
    label: String,
    text: String,
    outcome: &'static str,
    mover: String,
    seconder: String,
    /// Each member present, (id, name, "for"/"against"/"abstain" or "" when not recorded).
    choices: Vec<(String, String, &'static str)>,
}

/// The meeting's resolutions as vote forms.
async fn store_votes(
    state: &AppState,
    site: &Site,
    meeting: MeetingId,
    items: &[AgendaItem],
    present: &[(MemberId, String)],
) -> Result<Vec<VoteView>, WebError> {
    let resolutions = state
        .store
        .find::<Resolution>(site.council.id, &Filter::eq("meeting_id", meeting))
        .await?;
    Ok(resolutions
        .into_iter()
        .map(|s| (s.version, s.record))
        .map(|(version, r)| {
            let item = items
                .iter()
                .find(|i| i.id == r.item)
                .map(|i| i.number.to_string())
                .unwrap_or_default();
            let vote = r.vote.as_ref();
            let id_of = |m: Option<MemberId>| m.map(|m| m.to_string()).unwrap_or_default();
            VoteView {
                id: r.id.to_string(),
                version,
                label: format!("{item} ({})", r.number),
                text: r.text.clone(),
                outcome: match vote.map(|v| v.outcome) {
                    Some(VoteOutcome::CarriedUnanimously) => "carried_unanimously",
                    Some(VoteOutcome::Lost) => "lost",
                    _ => "carried",
                },
                mover: id_of(vote.and_then(|v| v.mover)),
                seconder: id_of(vote.and_then(|v| v.seconder)),
                choices: present
                    .iter()
                    .map(|(id, name)| {
                        let choice = vote
                            .and_then(|v| v.recorded.iter().find(|c| c.member == *id))
                            .map_or("", |c| c.choice.code());
                        (id.to_string(), name.clone(), choice)
                    })
                    .collect(),
            }
        })
        .collect())
}

/// `GET /workspace/meetings/{key}`: every paper of the meeting, whatever its state, and the
/// clerks' forms; for a report author, the forms to add papers and their own papers only.
pub async fn meeting(
    State(state): State<AppState>,
    site: Site,
    Path(params): Path<Vec<(String, String)>>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let who = auth::staff(&state, &site, &headers, &auth::STAFF).await?;
    let clerk = auth::CLERKS.contains(&who.account.role);
    let key = param(&params, "key");
    let (committee, meeting) = find(&*state.store, site.council.id, key).await?;
    let stored_items = state
        .store
        .find::<AgendaItem>(site.council.id, &Filter::eq("meeting_id", meeting.id))
        .await?;
    let items: Vec<AgendaItem> = stored_items.iter().map(|s| s.record.clone()).collect();
    let documents = state
        .store
        .find::<Document>(site.council.id, &Filter::eq("meeting_id", meeting.id))
        .await?;
    let tz = site
        .council
        .settings
        .time_zone()
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let now = crate::now_in(&site.council)?;
    let today = now.date();
    let cal = &site.council.settings.calendar;
    let day = meeting.starts_at.date();
    // Beyond the bank-holiday data the deadline cannot be counted; say so rather than guess.
    let deadline = moot_domain::deadline::agenda_publication_deadline(cal, day).ok();
    let actor = who.actor()?;
    let release = Release::of(&meeting, &stored_items, &documents);
    let publication = Publication {
        status: meeting.status.to_string(),
        deadline: deadline.map_or_else(
            || "not yet known (there is no bank-holiday data for that year)".to_owned(),
            long_date,
        ),
        late: deadline.is_some_and(|d| today > d),
        meeting_version: version_of(&state, &site, meeting.id).await?,
        may_request: meeting.publication_request.is_none()
            && (matches!(meeting.status, MeetingStatus::Scheduled | MeetingStatus::Held)
                || (meeting.status == MeetingStatus::AgendaPublished
                    && (items.iter().any(|i| i.awaiting_release)
                        || documents
                            .iter()
                            .any(|d| moot_domain::publication::on_publication(&d.record, &items).is_some())))),
        may_add_late_items: meeting.status == MeetingStatus::AgendaPublished && meeting.publication_request.is_none(),
        may_add_items: meeting.status == MeetingStatus::Scheduled && meeting.publication_request.is_none(),
        may_record_held: meeting.status == MeetingStatus::AgendaPublished,
        may_minute: meeting.status == MeetingStatus::Held && meeting.publication_request.is_none(),
        may_approve_minutes: meeting.status == MeetingStatus::DraftMinutes,
        may_amend: meeting.status == MeetingStatus::MinutesApproved,
        may_attend: matches!(meeting.status, MeetingStatus::AgendaPublished | MeetingStatus::Held),
        may_move: matches!(
            meeting.status,
            MeetingStatus::Scheduled | MeetingStatus::AgendaPublished | MeetingStatus::Postponed
        ),
        pending: meeting.publication_request.as_ref().map(|r| {
            let late = r
                .late_reason
                .as_ref()
                .map(|l| format!(" Late because: {l}"))
                .unwrap_or_default();
            format!(
                "Requested by {} on {}.{late}",
                r.by_name,
                r.at.to_zoned(tz.clone()).strftime("%-d %B %Y at %H:%M")
            )
        }),
        own_request: meeting
            .publication_request
            .as_ref()
            .is_some_and(|r| r.by == actor && !site.council.settings.single_person_publishing),
        changes: release.lines,
        reviewed: release.fingerprint,
    };
    let names = auth::Names::of(&state, site.council.id).await?;
    let pdf_problems = pdf_problems(&documents);
    // A report author sees their own papers only.
    let papers = documents
        .into_iter()
        .filter(|s| clerk || who.account.officer.is_some_and(|o| s.record.authors.contains(&o)))
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
                state: match &d.exempt_on_release {
                    _ if d.original_of.is_some() => {
                        "the original of a converted paper, kept for the record and never published".to_owned()
                    }
                    Some(e) if matches!(d.visibility, Visibility::Draft) => {
                        format!(
                            "draft, to be released as exempt under paragraph {}",
                            e.paragraph.number()
                        )
                    }
                    _ => d.visibility.state().to_owned(),
                },
                draft: matches!(d.visibility, Visibility::Draft) && d.original_of.is_none(),
                size: d.file.as_ref().map(size_label),
                withdrawn: d.withdrawn.as_ref().map(|w| {
                    format!(
                        "Withdrawn by {} on {}: {}",
                        names.of_actor(&w.by),
                        w.at.to_zoned(tz.clone()).strftime("%-d %B %Y at %H:%M"),
                        w.reason
                    )
                }),
                withdrawable: d.withdrawn.is_none() && !matches!(d.visibility, Visibility::Draft),
                replaceable: d.withdrawn.is_none() && d.generated.is_none() && d.original_of.is_none(),
            }
        })
        .collect();
    let present = super::minutes::present_at(&state, &site, meeting.id).await?;
    let page = WorkspaceMeeting {
        clerk,
        base: &site.base,
        committee: committee.name.clone(),
        date: long_date(meeting.starts_at.date()),
        key,
        publication,
        pdf_problems,
        items: items
            .iter()
            .map(|i| {
                let title = if i.awaiting_release {
                    format!("{} (late item: not public until a second clerk releases it)", i.title)
                } else {
                    i.title.clone()
                };
                (i.number.to_string(), title)
            })
            .collect(),
        agenda: items
            .iter()
            .map(|i| AgendaLine {
                number: i.number.to_string(),
                title: i.title.clone(),
                paragraph: i
                    .exemption
                    .as_ref()
                    .map(|e| e.paragraph.number().to_string())
                    .unwrap_or_default(),
                reason: i.exemption.as_ref().map(|e| e.reason.clone()).unwrap_or_default(),
                review_date: i
                    .exemption
                    .as_ref()
                    .and_then(|e| e.review_date)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            })
            .collect(),
        business: items
            .iter()
            .filter(|i| i.kind == ItemKind::Business)
            .map(|i| i.number.to_string())
            .collect(),
        resolutions: store_votes(&state, &site, meeting.id, &items, &present).await?,
        present: present
            .iter()
            .map(|(id, name)| (id.to_string(), name.clone()))
            .collect(),
        // Listed, each with a form to remove it, while declarations can still be changed.
        declarations: if matches!(
            meeting.status,
            MeetingStatus::Scheduled | MeetingStatus::AgendaPublished | MeetingStatus::Held
        ) && clerk
        {
            declaration_lines(&state, &site, meeting.id, &items).await?
        } else {
            Vec::new()
        },
        members: state
            .store
            .find::<Member>(site.council.id, &Filter::all())
            .await?
            .into_iter()
            .map(|s| (s.record.slug.to_string(), s.record.display_name()))
            .collect(),
        later_meetings: state
            .store
            .find::<Meeting>(site.council.id, &Filter::eq("committee_id", committee.id))
            .await?
            .into_iter()
            .map(|s| s.record)
            .filter(|m| m.starts_at > meeting.starts_at && m.starts_at <= now && m.status != MeetingStatus::Cancelled)
            .map(|m| {
                (
                    crate::format::meeting_path(&m, &committee)
                        .trim_start_matches("/meetings/")
                        .to_owned(),
                    long_date(m.starts_at.date()),
                )
            })
            .collect(),
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
    let who = auth::staff(&state, &site, &headers, &auth::CLERKS).await?;
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
    let actor = who.actor()?;
    document.withdrawn = Some(Reasoned {
        by: actor.clone(),
        at: jiff::Timestamp::now(),
        reason: reason.to_owned(),
    });
    let note = format!("withdrawn by {}: {reason}", who.account.name);
    who.update(&state, &note, document, form.version).await?;
    let back = moot_store::lookup::parse_meeting_key(&form.meeting).map_or_else(
        || format!("{}/", site.base),
        |_| format!("{}/workspace/meetings/{}", site.base, form.meeting),
    );
    Ok(Redirect::to(&back).into_response())
}

async fn version_of(state: &AppState, site: &Site, meeting: MeetingId) -> Result<i64, WebError> {
    Ok(state.store.fetch(site.council.id, meeting).await?.version)
}

#[derive(Deserialize)]
pub struct RequestForm {
    csrf: String,
    version: i64,
    #[serde(default)]
    late_reason: String,
}

/// `POST /workspace/meetings/{key}/request-publication`
pub async fn request_publication(
    State(state): State<AppState>,
    site: Site,
    Path(params): Path<Vec<(String, String)>>,
    headers: HeaderMap,
    Form(form): Form<RequestForm>,
) -> Result<Response, WebError> {
    let who = auth::staff(&state, &site, &headers, &auth::CLERKS).await?;
    check_form(&who, &form.csrf)?;
    let key = param(&params, "key");
    let (_, mut meeting) = find(&*state.store, site.council.id, key).await?;
    let what = match meeting.status {
        MeetingStatus::Scheduled => "publication",
        MeetingStatus::Held => "publication of the draft minutes",
        // Papers added after the agenda went out (late items) go out as a supplementary agenda.
        MeetingStatus::AgendaPublished => "publication of a supplementary agenda",
        _ => "",
    };
    if what.is_empty() || meeting.publication_request.is_some() {
        return Err(WebError::Unprocessable(
            "There is nothing to publish now, or a request is already waiting for approval.".into(),
        ));
    }
    let late_reason = Some(form.late_reason.trim()).filter(|r| !r.is_empty());
    if meeting.status == MeetingStatus::Scheduled {
        let today = crate::now_in(&site.council)?.date();
        moot_domain::publication::check_request(
            &site.council.settings.calendar,
            today,
            meeting.starts_at.date(),
            late_reason,
        )?;
    }
    let actor = who.actor()?;
    meeting.publication_request = Some(PublicationRequest {
        by: actor.clone(),
        by_name: who.account.name.clone(),
        at: jiff::Timestamp::now(),
        late_reason: late_reason.map(str::to_owned),
    });
    let note = format!("{what} requested by {}", who.account.name);
    who.update(&state, &note, meeting, form.version).await?;
    Ok(Redirect::to(&format!("{}/workspace/meetings/{key}", site.base)).into_response())
}

#[derive(Deserialize)]
pub struct ApproveForm {
    csrf: String,
    version: i64,
    /// The fingerprint of what the approver was shown (`Release`).
    #[serde(default)]
    reviewed: String,
}

/// `POST /workspace/meetings/{key}/approve-publication`: a second clerk publishes the agenda.
/// In one batch: the meeting's status, every draft paper released (exempt items' papers as
/// exempt), and a log note naming both people.
pub async fn approve_publication(
    State(state): State<AppState>,
    site: Site,
    Path(params): Path<Vec<(String, String)>>,
    headers: HeaderMap,
    Form(form): Form<ApproveForm>,
) -> Result<Response, WebError> {
    let who = auth::staff(&state, &site, &headers, &auth::CLERKS).await?;
    check_form(&who, &form.csrf)?;
    let key = param(&params, "key");
    let (_, mut meeting) = find(&*state.store, site.council.id, key).await?;
    let request = meeting
        .publication_request
        .take()
        .ok_or_else(|| WebError::Unprocessable("Nobody has asked for this agenda to be published.".into()))?;
    let actor = who.actor()?;
    moot_domain::publication::check_approval(&request, &actor, site.council.settings.single_person_publishing)?;
    let stored_items = state
        .store
        .find::<AgendaItem>(site.council.id, &Filter::eq("meeting_id", meeting.id))
        .await?;
    let documents = state
        .store
        .find::<Document>(site.council.id, &Filter::eq("meeting_id", meeting.id))
        .await?;
    if Release::of(&meeting, &stored_items, &documents).fingerprint != form.reviewed {
        return Err(WebError::Unprocessable(
            "The papers or the agenda changed after you opened the page, so what you reviewed is not what would be published. Look again at what approving will release, then approve.".into(),
        ));
    }
    let now = crate::now_in(&site.council)?;
    // A request made in time can be approved too late: then it needs its reason as well.
    if meeting.status == MeetingStatus::Scheduled
        && moot_domain::publication::check_request(
            &site.council.settings.calendar,
            now.date(),
            meeting.starts_at.date(),
            request.late_reason.as_deref(),
        )
        .is_err()
    {
        return Err(WebError::Unprocessable(
            "The statutory deadline has passed since publication was asked for, and the request gives no reason for lateness. Ask again with the reason.".into(),
        ));
    }
    let minutes = meeting.status == MeetingStatus::Held;
    let supplementary = meeting.status == MeetingStatus::AgendaPublished;
    if !supplementary {
        meeting.transition(
            if minutes {
                MeetingStatus::DraftMinutes
            } else {
                MeetingStatus::AgendaPublished
            },
            now,
        )?;
    }
    let items: Vec<AgendaItem> = stored_items.iter().map(|s| s.record.clone()).collect();
    let mut writes = vec![moot_store::Write::Update {
        record: moot_store::Entity::into_record(meeting.clone()),
        expected: form.version,
    }];
    if minutes {
        // Draft minutes: each minute's text is released, an exempt item's as exempt.
        for stored in stored_items {
            let mut item = stored.record;
            let exemption = item.exemption.clone();
            let Some(minute) = item
                .minute
                .as_mut()
                .filter(|m| matches!(m.text_visibility, Visibility::Draft))
            else {
                continue;
            };
            minute.text_visibility = exemption.map_or(Visibility::Public, Visibility::Exempt);
            writes.push(moot_store::Write::Update {
                record: moot_store::Entity::into_record(item),
                expected: stored.version,
            });
        }
        let note = format!(
            "draft minutes published: requested by {}, approved by {}",
            request.by_name, who.account.name
        );
        who.save(&state, &note, writes).await?;
        return Ok(Redirect::to(&format!("{}/workspace/meetings/{key}", site.base)).into_response());
    }
    // Late items go out with their supplementary agenda, approved like the agenda was.
    for stored in stored_items.into_iter().filter(|s| s.record.awaiting_release) {
        let mut item = stored.record;
        item.awaiting_release = false;
        writes.push(moot_store::Write::Update {
            record: moot_store::Entity::into_record(item),
            expected: stored.version,
        });
    }
    for stored in documents {
        if let Some(visibility) = moot_domain::publication::on_publication(&stored.record, &items) {
            let mut doc = stored.record;
            doc.visibility = visibility;
            writes.push(moot_store::Write::Update {
                record: moot_store::Entity::into_record(doc),
                expected: stored.version,
            });
        }
    }
    let late = request
        .late_reason
        .map(|r| format!("; late because: {r}"))
        .unwrap_or_default();
    let what = if supplementary {
        "supplementary agenda"
    } else {
        "agenda"
    };
    let note = format!(
        "{what} published: requested by {}, approved by {}{late}",
        request.by_name, who.account.name
    );
    who.save(&state, &note, writes).await?;
    Ok(Redirect::to(&format!("{}/workspace/meetings/{key}", site.base)).into_response())
}
