//! Asking for a publication and approving it: the two-person act of
//! `moot_domain::publication`, read from and written to the store.

use moot_domain::publication::{self, Release, Released};
use moot_domain::{
    Act, AgendaItem, CommitteeId, Council, Document, Meeting, PublicationRequest, UserAccount, Visibility,
};
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

/// One line of a meeting's publication log: when, what, and what it concerned (the papers
/// and late items a release made public, the reason for a new version or a withdrawal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub at: jiff::Timestamp,
    pub what: String,
    pub details: Vec<String>,
}

/// What was published for `meeting` and when, oldest first, as `reader` may know it: read
/// from the change log (which times every write, and which nobody can edit) for the agenda,
/// supplementary agendas and minutes, and from the papers' own records for new versions and
/// withdrawals. Only papers the reader may see are named, and a withdrawn paper only if it
/// had been public, so an exempt or draft paper never appears. Records brought into Moot
/// already published (the demo, an import from another system) say so instead of
/// pretending they were published when they were loaded.
pub async fn log(reader: &crate::Reader<'_>, meeting: &Meeting) -> Result<Vec<LogEntry>, AppError> {
    let store = reader.store;
    let history = |kind: moot_store::Kind, id: uuid::Uuid| {
        let query = moot_store::ChangeQuery {
            council: Some(reader.council),
            kind: Some(kind),
            id: Some(id),
            ..Default::default()
        };
        async move { store.changes(&query).await }
    };
    let mut entries: Vec<LogEntry> = Vec::new();
    for change in history(Meeting::KIND, meeting.id.uuid()).await? {
        let Some(after) = logged::<Meeting>(change.after)? else {
            continue;
        };
        let (what, details) = match logged::<Meeting>(change.before)? {
            Some(before) => (publication::published(&before, &after).map(|p| p.name()), Vec::new()),
            None => (
                after
                    .agenda_is_public()
                    .then_some("Records brought into Moot, already published"),
                vec!["When they were first published is not recorded here.".to_owned()],
            ),
        };
        if let Some(what) = what {
            entries.push(LogEntry {
                at: change.at,
                what: what.to_owned(),
                details,
            });
        }
    }
    // What each release made public is written in the same batch as the meeting, so at
    // the same logged time.
    let mut released_at: Vec<(jiff::Timestamp, String)> = Vec::new();
    let mut changed: Vec<LogEntry> = Vec::new();
    let by_meeting = Filter::eq("meeting_id", meeting.id);
    for item in store.find::<AgendaItem>(reader.council, &by_meeting).await? {
        let item = item.record;
        if !reader.may_read_item(meeting, &item) {
            continue;
        }
        for change in history(AgendaItem::KIND, item.id.uuid()).await? {
            let before = logged::<AgendaItem>(change.before)?;
            let after = logged::<AgendaItem>(change.after)?;
            if before.is_some_and(|b| b.awaiting_release) && after.is_some_and(|a| !a.awaiting_release) {
                released_at.push((change.at, format!("Late item {}: {}", item.number, item.title)));
            }
        }
    }
    for document in store.find::<Document>(reader.council, &by_meeting).await? {
        let d = document.record;
        if !may_name(reader, &d, meeting.committee).await? {
            continue;
        }
        for change in history(Document::KIND, d.id.uuid()).await? {
            let before = logged::<Document>(change.before)?;
            let after = logged::<Document>(change.after)?;
            if released(before.as_ref(), after.as_ref()) {
                released_at.push((change.at, d.title.clone()));
            }
        }
        for r in &d.revisions {
            changed.push(LogEntry {
                at: r.at,
                what: format!("Paper replaced with a new version: {}", d.title),
                details: vec![format!("Reason: {}", r.reason)],
            });
        }
        if let Some(w) = &d.withdrawn {
            changed.push(LogEntry {
                at: w.at,
                what: format!("Paper withdrawn: {}", d.title),
                details: vec![format!("Reason: {}", w.reason)],
            });
        }
    }
    for (at, line) in released_at {
        match entries.iter_mut().find(|e| e.at == at) {
            Some(release) => release.details.push(line),
            None => entries.push(LogEntry {
                at,
                what: "Published".to_owned(),
                details: vec![line],
            }),
        }
    }
    entries.extend(changed);
    entries.sort_by_key(|e| e.at);
    Ok(entries)
}

/// Whether `reader` may be told that paper `d` of `committee`'s meeting exists: one they may
/// see, or one withdrawn after it had been public (named only as withdrawn). Moot's own
/// generated files and the office originals of converted papers are never named: they
/// repeat papers that are.
pub(crate) async fn may_name(
    reader: &crate::Reader<'_>,
    d: &Document,
    committee: CommitteeId,
) -> Result<bool, AppError> {
    Ok(d.generated.is_none()
        && d.original_of.is_none()
        && (reader.may_see_document(d, Some(committee)).await?
            || (d.withdrawn.is_some() && d.visibility == Visibility::Public)))
}

/// Whether one logged write of a paper released it: a draft no longer (public, or exempt).
pub(crate) fn released(before: Option<&Document>, after: Option<&Document>) -> bool {
    let draft = |d: &Document| d.visibility == Visibility::Draft;
    before.is_some_and(draft) && after.is_some_and(|a| !draft(a))
}

/// A record as a change log entry holds it (before or after the write).
pub(crate) fn logged<T: Entity>(value: Option<serde_json::Value>) -> Result<Option<T>, AppError> {
    value
        .map(serde_json::from_value)
        .transpose()
        .map_err(|e| AppError::internal("a record in the change log", e))
}
