//! Who came and what they declared. Clerks record attendance and declarations; a councillor
//! signed in may declare an interest of their own ahead of the meeting.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use moot_domain::*;
use moot_store::{CondOp, Filter, StoreExt, Write};
use serde::Deserialize;

use crate::auth;
use crate::extract::{Checked, Clerks, Declarers, IdPath, MeetingPath, Signed};
use crate::lookup::find;
use crate::site::Site;
use crate::{AppState, WebError};
use moot_app::Reader;

async fn member_by_slug(state: &AppState, site: &Site, slug: &str) -> Result<Member, WebError> {
    let parsed =
        Slug::parse(slug.trim()).map_err(|_| WebError::Unprocessable(format!("{slug:?} is not a member here")))?;
    moot_store::lookup::by_slug(&*state.store, site.council.id, &parsed)
        .await?
        .ok_or_else(|| WebError::Unprocessable(format!("{slug:?} is not a member here")))
}

fn checked(v: &Option<String>) -> bool {
    v.as_deref().is_some_and(|v| v == "on" || v == "true")
}

#[derive(Deserialize)]
pub struct AttendanceForm {
    member: String,
    status: String,
    in_chair: Option<String>,
    remote: Option<String>,
    #[serde(default)]
    substitute_for: String,
    #[serde(default)]
    arrived_during: String,
    #[serde(default)]
    left_during: String,
}

/// "Left during item 9": the number must be one of this meeting's items.
async fn during(state: &AppState, site: &Site, meeting: &Meeting, raw: &str) -> Result<Option<AgendaNumber>, WebError> {
    let raw = raw.trim().trim_start_matches("item").trim();
    if raw.is_empty() {
        return Ok(None);
    }
    match crate::lookup::item_numbered(state, site.council.id, meeting.id, raw).await? {
        Some(item) => Ok(Some(item.record.number)),
        None => Err(WebError::Unprocessable(format!(
            "{raw:?} is not an item on this meeting's agenda"
        ))),
    }
}

/// `POST /workspace/meetings/{key}/attendance`: one member's attendance, made or replaced.
pub async fn attendance(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<MeetingPath>,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<AttendanceForm>,
) -> Result<Response, WebError> {
    let key = &path.key;
    let (_, meeting) = find(&*state.store, site.council.id, key).await?;
    meeting.may(who.account.role, Act::RecordAttendance)?;
    let member = member_by_slug(&state, &site, &form.member).await?;
    let status = match form.status.as_str() {
        "present" => AttendanceStatus::Present,
        "apologies" => AttendanceStatus::Apologies,
        "absent" => AttendanceStatus::Absent,
        other => {
            return Err(WebError::Unprocessable(format!(
                "{other:?} is not present, apologies or absent"
            )));
        }
    };
    let substitute_for = match form.substitute_for.trim() {
        "" => None,
        slug => Some(member_by_slug(&state, &site, slug).await?.id),
    };
    let existing = state
        .store
        .find::<Attendance>(
            site.council.id,
            &Filter::eq("meeting_id", meeting.id).and("member_id", CondOp::Eq, member.id),
        )
        .await?
        .into_iter()
        .next();
    let record = Attendance {
        id: existing.as_ref().map_or_else(AttendanceId::new, |e| e.record.id),
        council: site.council.id,
        meeting: meeting.id,
        member: member.id,
        status,
        in_chair: checked(&form.in_chair),
        remote: checked(&form.remote),
        substitute_for,
        left_during: during(&state, &site, &meeting, &form.left_during).await?,
        arrived_during: during(&state, &site, &meeting, &form.arrived_during).await?,
    };
    record.validate()?;
    let write = match existing {
        Some(e) => Write::Update {
            record: moot_store::Entity::into_record(record),
            expected: e.version,
        },
        None => Write::Create(moot_store::Entity::into_record(record)),
    };
    let note = format!(
        "attendance of {} recorded by {}",
        member.display_name(),
        who.account.name
    );
    who.save(&state, &note, vec![write]).await?;
    Ok(Redirect::to(&format!("{}/workspace/meetings/{key}", site.base)).into_response())
}

/// The member a signed-in councillor declares as: themselves, at a meeting of a committee
/// they sit on (as a member or substitute) on the day. Anyone else attending asks the clerk,
/// so no councillor can post on the pages of a committee they do not sit on.
async fn own_seat(reader: &Reader<'_>, who: &auth::SignedIn, meeting: &Meeting) -> Result<MemberId, WebError> {
    let member = who.account.member.ok_or(WebError::Forbidden)?;
    if !reader
        .sits_on(member, meeting.committee, meeting.starts_at.date())
        .await?
    {
        return Err(WebError::Unprocessable(
            "Only the committee's members and substitutes declare their own interests here. If you are attending this meeting, ask the clerk to record your declaration.".into(),
        ));
    }
    Ok(member)
}

#[derive(Deserialize)]
pub struct DeclarationForm {
    /// Ignored for a councillor, who declares for themselves.
    #[serde(default)]
    member: String,
    #[serde(default)]
    item: String,
    kind: String,
    text: String,
    left_room: Option<String>,
    did_not_vote: Option<String>,
    /// The register entry concerned, in words, until the register holds it as a record.
    #[serde(default)]
    register_note: String,
    /// A dispensation that let the member take part despite the interest.
    #[serde(default)]
    dispensation: String,
}

/// `POST /meetings/{key}/declarations`: a declaration of interest. Clerks record anyone's
/// until the minutes are published; a councillor declares their own before the meeting.
pub async fn declaration(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<MeetingPath>,
    Signed(who, _): Signed<Declarers>,
    Checked(form): Checked<DeclarationForm>,
) -> Result<Response, WebError> {
    let key = &path.key;
    let (_, meeting) = find(&*state.store, site.council.id, key).await?;
    let councillor = who.account.role == AccountRole::Member;
    meeting.may(who.account.role, Act::Declare)?;
    let reader = Reader::new(&*state.store, &site.council, auth::viewer(Some(&who)))?;
    let member = if councillor {
        own_seat(&reader, &who, &meeting).await?
    } else {
        member_by_slug(&state, &site, &form.member).await?.id
    };
    // An item the declarer may not read is answered as one that is not there, and on an
    // agenda they may not read yet every number gets one answer, so none reveals an item.
    let item = match form.item.trim() {
        "" => None,
        _ if !reader.may_read_agenda(&meeting) => {
            return Err(WebError::Unprocessable(
                "The agenda has not been published yet, so a declaration cannot name an item of it; leave the item out, or ask the clerk.".into(),
            ));
        }
        n => Some(
            crate::lookup::item_numbered(&state, site.council.id, meeting.id, n)
                .await?
                .filter(|i| reader.may_read_item(&meeting, &i.record))
                .ok_or_else(|| WebError::Unprocessable(format!("This agenda has no item {n}.")))?
                .record
                .id,
        ),
    };
    let kind = match form.kind.as_str() {
        "disclosable_pecuniary" => InterestKind::DisclosablePecuniary,
        "other_registrable" => InterestKind::OtherRegistrable,
        "non_pecuniary" => InterestKind::NonPecuniary,
        "other" => InterestKind::Other,
        other => return Err(WebError::Unprocessable(format!("{other:?} is not a kind of interest"))),
    };
    let text = form.text.trim();
    if text.is_empty() {
        return Err(WebError::Unprocessable("Say what the interest is.".into()));
    }
    let record = Declaration {
        id: DeclarationId::new(),
        council: site.council.id,
        meeting: meeting.id,
        item,
        member,
        kind,
        text: text.to_owned(),
        left_room: checked(&form.left_room),
        did_not_vote: checked(&form.did_not_vote),
        register_entry: None,
        register_note: Some(form.register_note.trim().to_owned()).filter(|n| !n.is_empty()),
        dispensation: Some(form.dispensation.trim().to_owned()).filter(|d| !d.is_empty()),
    };
    record.validate()?;
    let note = format!("declaration of interest recorded by {}", who.account.name);
    who.save(
        &state,
        &note,
        vec![Write::Create(moot_store::Entity::into_record(record))],
    )
    .await?;
    let back = if councillor {
        format!("{}/meetings/{key}", site.base)
    } else {
        format!("{}/workspace/meetings/{key}", site.base)
    };
    Ok(Redirect::to(&back).into_response())
}

#[derive(Deserialize)]
pub struct RemoveDeclarationForm {
    version: i64,
    #[serde(default)]
    reason: String,
}

/// `POST /workspace/declarations/{id}/remove`: a declaration recorded in error (the wrong
/// member, item or interest) is taken out, with the reason, until the minutes are published;
/// after that the minutes are corrected instead. The change log keeps it, who and why.
pub async fn remove_declaration(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<IdPath>,
    Signed(who, _): Signed<Clerks>,
    Checked(form): Checked<RemoveDeclarationForm>,
) -> Result<Response, WebError> {
    let id: DeclarationId = path.id.parse().map_err(|_| WebError::NotFound)?;
    let declaration = state.store.fetch::<Declaration>(site.council.id, id).await?.record;
    let meeting = super::meeting_for(
        &state,
        &site,
        declaration.meeting,
        who.account.role,
        Act::RemoveDeclaration,
    )
    .await?;
    let reason = form.reason.trim();
    if reason.is_empty() {
        return Err(WebError::Unprocessable(
            "Say why the declaration is removed (recorded against the wrong member, say).".into(),
        ));
    }
    let member = state
        .store
        .live::<Member>(site.council.id, declaration.member)
        .await?
        .map(|m| m.display_name())
        .unwrap_or_default();
    let note = format!(
        "declaration of interest by {member} removed by {}: {reason}",
        who.account.name
    );
    let write = Write::Delete {
        kind: moot_store::Kind::Declaration,
        council: site.council.id,
        id: declaration.id.uuid(),
        expected: form.version,
    };
    who.save(&state, &note, vec![write]).await?;
    super::back_to(&state, &site, &meeting).await
}
