//! Asking for a publication and approving it: the two-person act of
//! `moot_domain::publication`, read from and written to the store.

use moot_domain::publication::{self, Release, Released};
use moot_domain::{Act, AgendaItem, Council, Document, Meeting, PublicationRequest, UserAccount};
use moot_store::{Entity, Filter, Store, StoreExt, Write};

use crate::{AppError, actor_of, now_in};

/// What approving a request on `meeting` would release now, for the page a second clerk
/// reviews and for the approval itself; `None` when its status has nothing to publish.
pub async fn release(store: &dyn Store, meeting: &Meeting) -> Result<Option<Release>, AppError> {
    let by_meeting = Filter::eq("meeting_id", meeting.id);
    let items: Vec<(AgendaItem, i64)> = store
        .find::<AgendaItem>(meeting.council, &by_meeting)
        .await?
        .into_iter()
        .map(|s| (s.record, s.version))
        .collect();
    let documents: Vec<(Document, i64)> = store
        .find::<Document>(meeting.council, &by_meeting)
        .await?
        .into_iter()
        .map(|s| (s.record, s.version))
        .collect();
    Ok(publication::release(meeting, &items, &documents))
}

/// `who` asks for `meeting` (read at `version`) to be published, with a reason when late.
pub async fn request(
    store: &dyn Store,
    council: &Council,
    mut meeting: Meeting,
    version: i64,
    who: &UserAccount,
    late_reason: Option<&str>,
) -> Result<(), AppError> {
    meeting.may(who.role, Act::RequestPublication)?;
    let release = release(store, &meeting).await?;
    let actor = actor_of(who)?;
    let today = now_in(council)?.date();
    let asked = PublicationRequest {
        by: actor.clone(),
        by_name: who.name.clone(),
        at: jiff::Timestamp::now(),
        late_reason: late_reason.map(str::to_owned),
    };
    let kind = publication::ask(&mut meeting, release.as_ref(), &council.settings.calendar, today, asked)?;
    let what = match kind {
        Released::Agenda => "publication",
        Released::SupplementaryAgenda => "publication of a supplementary agenda",
        Released::DraftMinutes => "publication of the draft minutes",
    };
    let note = format!("{what} requested by {}", who.name);
    let write = Write::Update {
        record: meeting.into_record(),
        expected: version,
    };
    store.apply(&actor, Some(&note), vec![write]).await?;
    Ok(())
}

/// `who` approves the request waiting on `meeting` (read at `version`), having been shown
/// the release whose fingerprint is `reviewed`. One batch: the meeting's status, every paper
/// and minute released, and a log note naming both people.
pub async fn approve(
    store: &dyn Store,
    council: &Council,
    mut meeting: Meeting,
    version: i64,
    who: &UserAccount,
    reviewed: &str,
) -> Result<(), AppError> {
    meeting.may(who.role, Act::ApprovePublication)?;
    let release = release(store, &meeting)
        .await?
        .ok_or_else(|| AppError::refused("There is nothing to publish now."))?;
    let actor = actor_of(who)?;
    let now = now_in(council)?;
    let request = publication::approve(
        &mut meeting,
        &release,
        reviewed,
        &actor,
        council.settings.single_person_publishing,
        &council.settings.calendar,
        now,
    )?;
    let mut writes = vec![Write::Update {
        record: meeting.into_record(),
        expected: version,
    }];
    writes.extend(release.items.into_iter().map(|(item, expected)| Write::Update {
        record: item.into_record(),
        expected,
    }));
    writes.extend(release.documents.into_iter().map(|(document, expected)| Write::Update {
        record: document.into_record(),
        expected,
    }));
    let late = request
        .late_reason
        .map(|r| format!("; late because: {r}"))
        .unwrap_or_default();
    let note = format!(
        "{} published: requested by {}, approved by {}{late}",
        release.kind.name(),
        request.by_name,
        who.name
    );
    store.apply(&actor, Some(&note), writes).await?;
    Ok(())
}
