//! A meeting in the clerks' workspace: its papers whatever their state, the forms that
//! build and publish its agenda and record it, and withdrawing a published paper.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use moot_domain::wording::long_date;
use moot_domain::*;
use moot_store::{Filter, StoreExt};
use serde::Deserialize;

use crate::auth;
use crate::extract::{Checked, Clerks, IdPath, MeetingPath, Signed, Staff};
use crate::headers::private;
use crate::lookup::find;
use crate::portal::meeting::size_label;
use crate::site::Site;
use crate::{AppState, WebError};

struct PaperLine {
    id: String,
    version: i64,
    item: String,
    title: String,
    state: String,
    /// Its cover sheet may still be filled in (a draft).
    cover_sheet: bool,
    /// A new file needs a reason shown beside it (it has been published).
    needs_reason: bool,
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
    description: String,
    paragraph: String,
    reason: String,
    review_date: String,
    /// Its subject's slug; blank for none.
    subject: String,
}

/// An item's minute form, filled in with what is saved so far, so saving it again keeps
/// what the clerk does not change (a resolution Moot added for an exclusion, say).
struct MinuteDraft {
    number: String,
    title: String,
    heading: String,
    text: String,
    /// One per line, each with its kind's prefix, as the form takes them.
    resolutions: String,
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

#[derive(Template)]
#[template(path = "workspace/meeting.html")]
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
    /// Each item's minute as saved so far.
    drafts: Vec<MinuteDraft>,
    /// The agenda's items as the agenda builder edits them.
    agenda: Vec<AgendaLine>,
    /// The council's subjects, (slug, title), for tagging items.
    subjects: Vec<(String, String)>,
    /// The papers Moot typesets, (code, title), that a clerk may put under an item.
    typeset: Vec<(&'static str, &'static str)>,
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
    details: super::details::DetailsView,
    others: super::others::OthersView,
    exclusions: super::exclusions::ExclusionsView,
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

/// The minute forms of the meeting's items, as saved so far.
async fn minute_drafts(
    state: &AppState,
    site: &Site,
    meeting: MeetingId,
    items: &[AgendaItem],
) -> Result<Vec<MinuteDraft>, WebError> {
    let mut resolutions: Vec<Resolution> = state
        .store
        .find::<Resolution>(site.council.id, &Filter::eq("meeting_id", meeting))
        .await?
        .into_iter()
        .map(|s| s.record)
        .collect();
    resolutions.sort_by_key(|r| r.number);
    Ok(items
        .iter()
        .map(|i| MinuteDraft {
            number: i.number.to_string(),
            title: i.title.clone(),
            heading: i.minute.as_ref().map(|m| m.heading.clone()).unwrap_or_default(),
            text: i.minute.as_ref().map(|m| m.text.clone()).unwrap_or_default(),
            resolutions: resolutions
                .iter()
                .filter(|r| r.item == i.id)
                .map(|r| format!("{}{}", r.kind.prefix(), r.text))
                .collect::<Vec<_>>()
                .join("\n"),
        })
        .collect())
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
pub async fn page(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<MeetingPath>,
    Signed(who, _): Signed<Staff>,
) -> Result<Response, WebError> {
    let clerk = auth::CLERKS.contains(&who.account.role);
    let key = &path.key;
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
        .map_err(|e| WebError::internal("the council's time zone", e))?;
    let now = moot_app::now_in(&site.council)?;
    let today = now.date();
    let cal = &site.council.settings.calendar;
    let day = meeting.starts_at.date();
    // Beyond the bank-holiday data the deadline cannot be counted; say so rather than guess.
    let deadline = moot_domain::deadline::agenda_publication_deadline(cal, day).ok();
    let actor = who.actor()?;
    let release = moot_domain::publication::release(&meeting, &versioned(&stored_items), &versioned(&documents));
    let may = |act: Act| meeting.may(who.account.role, act).is_ok();
    let publication = Publication {
        status: meeting.status.to_string(),
        deadline: deadline.map_or_else(
            || "not yet known (there is no bank-holiday data for that year)".to_owned(),
            long_date,
        ),
        late: deadline.is_some_and(|d| today > d),
        meeting_version: version_of(&state, &site, meeting.id).await?,
        may_request: may(Act::RequestPublication) && release.as_ref().is_some_and(|r| !r.is_empty()),
        may_add_late_items: may(Act::AddLateItem),
        may_add_items: may(Act::AddItem),
        may_record_held: may(Act::RecordHeld),
        may_minute: may(Act::WriteMinute),
        may_approve_minutes: may(Act::ApproveMinutes),
        may_amend: may(Act::Amend),
        may_attend: may(Act::RecordAttendance),
        may_move: may(Act::Reschedule),
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
        changes: release
            .as_ref()
            .map(|r| {
                r.lines
                    .iter()
                    .map(|l| (l.what.clone(), l.becomes.clone(), l.exempt))
                    .collect()
            })
            .unwrap_or_default(),
        reviewed: release.map(|r| r.fingerprint).unwrap_or_default(),
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
                cover_sheet: d.may(PaperAct::FillCoverSheet).is_ok(),
                needs_reason: d.revision_needs_reason(),
                size: d.file.as_ref().map(size_label),
                withdrawn: d.withdrawn.as_ref().map(|w| {
                    format!(
                        "Withdrawn by {} on {}: {}",
                        names.of_actor(&w.by),
                        w.at.to_zoned(tz.clone()).strftime("%-d %B %Y at %H:%M"),
                        w.reason
                    )
                }),
                withdrawable: d.may(PaperAct::Withdraw).is_ok(),
                replaceable: d.may(PaperAct::Replace).is_ok(),
            }
        })
        .collect();
    let present = super::minutes::present_at(&state, &site, meeting.id).await?;
    let role = who.account.role;
    let stored_meeting = state.store.fetch::<Meeting>(site.council.id, meeting.id).await?;
    let subjects = super::subjects::choices(&state, &site).await?;
    let slugs: std::collections::HashMap<SubjectId, String> = state
        .store
        .find::<Subject>(site.council.id, &Filter::all())
        .await?
        .into_iter()
        .map(|s| (s.record.id, s.record.slug.to_string()))
        .collect();
    let page = WorkspaceMeeting {
        details: super::details::DetailsView::of(&state, &site, &meeting, role).await?,
        others: super::others::OthersView::of(&state, &site, &stored_meeting, &stored_items, role).await?,
        exclusions: super::exclusions::ExclusionsView::of(&state, &site, &meeting, &items, role).await?,
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
                description: i.description.clone().unwrap_or_default(),
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
                subject: i.subject.and_then(|s| slugs.get(&s).cloned()).unwrap_or_default(),
            })
            .collect(),
        subjects,
        typeset: super::programme::TYPESET
            .iter()
            .map(|(code, _, title)| (*code, *title))
            .collect(),
        business: items
            .iter()
            .filter(|i| i.kind == ItemKind::Business)
            .map(|i| i.number.to_string())
            .collect(),
        drafts: minute_drafts(&state, &site, meeting.id, &items).await?,
        resolutions: store_votes(&state, &site, meeting.id, &items, &present).await?,
        present: present
            .iter()
            .map(|(id, name)| (id.to_string(), name.clone()))
            .collect(),
        // Listed, each with a form to remove it, while declarations can still be changed.
        declarations: if may(Act::RemoveDeclaration) {
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
            .filter(|m| m.starts_at > meeting.starts_at && m.has_taken_place(now))
            .map(|m| {
                (
                    moot_app::links::meeting_path(&m, &committee)
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
    Path(path): Path<IdPath>,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<WithdrawForm>,
) -> Result<Response, WebError> {
    let id: DocumentId = path.id.parse().map_err(|_| WebError::NotFound)?;
    let stored = state.store.fetch(site.council.id, id).await?;
    let mut document = stored.record;
    document.may(PaperAct::Withdraw)?;
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
    version: i64,
    #[serde(default)]
    late_reason: String,
}

/// `POST /workspace/meetings/{key}/request-publication`
pub async fn request_publication(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<MeetingPath>,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<RequestForm>,
) -> Result<Response, WebError> {
    let key = &path.key;
    let (_, meeting) = find(&*state.store, site.council.id, key).await?;
    let late_reason = Some(form.late_reason.trim()).filter(|r| !r.is_empty());
    moot_app::publication::request(
        &*state.store,
        &site.council,
        meeting,
        form.version,
        &who.account,
        late_reason,
    )
    .await?;
    Ok(Redirect::to(&format!("{}/workspace/meetings/{key}", site.base)).into_response())
}

#[derive(Deserialize)]
pub struct ApproveForm {
    version: i64,
    /// The fingerprint of what the approver was shown (`Release`).
    #[serde(default)]
    reviewed: String,
}

/// `POST /workspace/meetings/{key}/approve-publication`: a second clerk publishes what was
/// asked for (`moot_app::publication::approve`).
pub async fn approve_publication(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<MeetingPath>,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<ApproveForm>,
) -> Result<Response, WebError> {
    let key = &path.key;
    let (_, meeting) = find(&*state.store, site.council.id, key).await?;
    moot_app::publication::approve(
        &*state.store,
        &site.council,
        meeting,
        form.version,
        &who.account,
        &form.reviewed,
    )
    .await?;
    Ok(Redirect::to(&format!("{}/workspace/meetings/{key}", site.base)).into_response())
}

/// Records with the versions they were read at, as the domain's release plan takes them.
fn versioned<T: Clone>(stored: &[moot_store::Stored<T>]) -> Vec<(T, i64)> {
    stored.iter().map(|s| (s.record.clone(), s.version)).collect()
}
