//! The public records of one kind, by change-log position, each as the record or a
//! tombstone: what open-data lists (OParl, the JSON API) page through.
//!
//! A walk reads the log rather than the tables, so that a client polling `modified_since`
//! gets exactly what changed, deletions and withdrawals included. It begins at the log's end
//! as it stands when the first page is asked for (`Position::upto`) and shows each record once,
//! at its latest entry up to there; a write during the walk lies beyond its end and is
//! picked up by the next poll, so no record is shown twice and none is skipped. Each page
//! costs a bounded number of reads: one log query and a few per entry.
//!
//! Whether a record is public is decided by the anonymous [`Reader`], exactly as the public
//! pages decide it. One the public may not see is left out; in a `modified_since` list it is
//! a tombstone carrying only its id and times, since the client may hold it from before.

use jiff::Timestamp;
use moot_domain::{Action, AgendaItem, Document, Meeting, Resolution, access};
use moot_store::{ChangeQuery, Entity, Filter, LatestQuery, Record, StoreExt};
use uuid::Uuid;

use crate::{AppError, Reader};

/// Where a walk stands: after which log entry, and up to which one it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub after: i64,
    pub upto: i64,
}

/// The spec's time filters, each on the record's own times.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Window {
    pub created_since: Option<Timestamp>,
    pub created_until: Option<Timestamp>,
    pub modified_since: Option<Timestamp>,
    pub modified_until: Option<Timestamp>,
}

impl Window {
    fn admits(&self, t: Times) -> bool {
        self.created_since.is_none_or(|s| t.created >= s)
            && self.created_until.is_none_or(|u| t.created <= u)
            && self.modified_since.is_none_or(|s| t.modified >= s)
            && self.modified_until.is_none_or(|u| t.modified <= u)
    }
}

/// When a record was first written and last changed, from the change log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Times {
    pub created: Timestamp,
    pub modified: Timestamp,
}

/// One record of a list.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry<T> {
    Live {
        record: T,
        times: Times,
    },
    /// Deleted, or no longer public.
    Gone {
        id: Uuid,
        times: Times,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub entries: Vec<Entry<T>>,
    /// Where the next page starts; `None` on the last.
    pub next: Option<Position>,
}

/// Where a walk begins: the log's end now, and the entry before the first one logged at or
/// after `modified_since`, found by bisecting the log (its times follow its order), so that
/// an incremental poll reads only the stretch since.
pub async fn start(reader: &Reader<'_>, window: &Window) -> Result<Position, AppError> {
    let upto = reader.store.last_seq().await?;
    let Some(since) = window.modified_since else {
        return Ok(Position { after: 0, upto });
    };
    let first_after = move |after: i64| async move {
        let query = ChangeQuery {
            council: Some(reader.council),
            after,
            limit: Some(1),
            ..ChangeQuery::default()
        };
        let next = reader.store.changes(&query).await?;
        Ok::<_, AppError>(next.first().is_none_or(|c| c.at >= since))
    };
    let (mut lo, mut hi) = (0, upto);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if first_after(mid).await? {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Ok(Position { after: lo, upto })
}

/// One page of the records of kind `T` from `at`: at most `limit` log entries, each the
/// record (when the public may see it and `fits` it: a list of files wants documents with
/// a file) or, in a `modified_since` list, its tombstone.
pub async fn page<T: Entity>(
    reader: &Reader<'_>,
    window: &Window,
    at: Position,
    limit: u32,
    fits: impl Fn(&T) -> bool,
) -> Result<Page<T>, AppError> {
    let query = LatestQuery {
        council: reader.council,
        kind: T::KIND,
        after: at.after,
        upto: at.upto,
        limit,
    };
    let log = reader.store.latest_changes(&query).await?;
    let next = match log.last() {
        Some(last) if log.len() == limit as usize && last.seq < at.upto => Some(Position {
            after: last.seq,
            upto: at.upto,
        }),
        _ => None,
    };
    let mut entries = Vec::with_capacity(log.len());
    for change in log {
        let Some(stored) = reader.store.get(reader.council, T::KIND, change.id).await? else {
            continue;
        };
        let deleted = stored.deleted;
        let record = moot_store::typed::<T>(stored)?.record;
        if !fits(&record) {
            continue;
        }
        let times = times(reader, change.id).await?;
        if !window.admits(times) {
            continue;
        }
        if !deleted && public(reader, &record.clone().into_record()).await? {
            entries.push(Entry::Live { record, times });
        } else if window.modified_since.is_some() {
            entries.push(Entry::Gone { id: change.id, times });
        }
    }
    Ok(Page { entries, next })
}

/// A record's times: its first and latest log entries.
pub async fn times(reader: &Reader<'_>, id: Uuid) -> Result<Times, AppError> {
    let log = reader
        .store
        .changes(&ChangeQuery {
            council: Some(reader.council),
            id: Some(id),
            ..ChangeQuery::default()
        })
        .await?;
    match (log.first(), log.last()) {
        (Some(first), Some(last)) => Ok(Times {
            created: first.at,
            modified: last.at,
        }),
        _ => Err(AppError::internal(
            "a record's times",
            "it has no entry in the change log",
        )),
    }
}

/// One live record of kind `T`, if the public may see it: an object's own address.
pub async fn one<T: Entity>(reader: &Reader<'_>, id: Uuid) -> Result<Option<(T, Times)>, AppError> {
    let Some(stored) = reader.store.get(reader.council, T::KIND, id).await? else {
        return Ok(None);
    };
    if stored.deleted || !public(reader, &stored.record).await? {
        return Ok(None);
    }
    let record = moot_store::typed::<T>(stored)?.record;
    Ok(Some((record, times(reader, id).await?)))
}

/// Whether the reader may see `record`, as the public pages decide: an agenda item when its
/// meeting's agenda (and, for a late item, its supplement) is out; a document when the rule
/// lets the reader see it and its meeting and item are readable; a resolution with its
/// item's minute; an action as the committee page shows it (`access::action_is_public`);
/// attendance and declarations with their meeting; every other kind the lists offer is
/// public once recorded; any other kind is not.
pub async fn public(reader: &Reader<'_>, record: &Record) -> Result<bool, AppError> {
    match record {
        Record::AgendaItem(item) => item_readable(reader, item).await,
        Record::Document(d) => document_readable(reader, d).await,
        Record::Resolution(r) => resolution_readable(reader, r).await,
        Record::Action(a) => action_readable(reader, a).await,
        Record::Attendance(a) => Ok(reader.store.live::<Meeting>(reader.council, a.meeting).await?.is_some()),
        Record::Declaration(d) => Ok(reader.store.live::<Meeting>(reader.council, d.meeting).await?.is_some()),
        Record::Committee(_)
        | Record::Member(_)
        | Record::Membership(_)
        | Record::Meeting(_)
        | Record::Venue(_)
        | Record::AnnualMeeting(_)
        | Record::WorkProgrammeEntry(_) => Ok(true),
        // Nothing else is offered, so nothing else is public here.
        _ => Ok(false),
    }
}

/// What of a meeting the reader may read: its items (in agenda order, each with its place
/// among all the meeting's items, counting from 1) and its papers, leaving out those of an
/// item the reader may not read.
#[derive(Debug, Clone, PartialEq)]
pub struct Contents {
    pub items: Vec<(u32, AgendaItem)>,
    pub documents: Vec<Document>,
}

pub async fn contents(reader: &Reader<'_>, meeting: &Meeting) -> Result<Contents, AppError> {
    let items: Vec<(u32, AgendaItem)> = reader
        .store
        .find::<AgendaItem>(reader.council, &Filter::eq("meeting_id", meeting.id))
        .await?
        .into_iter()
        .zip(1..)
        .map(|(s, order)| (order, s.record))
        .filter(|(_, item)| reader.may_read_item(meeting, item))
        .collect();
    let documents = reader
        .documents(meeting.committee, meeting.id)
        .await?
        .into_iter()
        .filter(|d| d.item.is_none_or(|i| items.iter().any(|(_, item)| item.id == i)))
        .collect();
    Ok(Contents { items, documents })
}

async fn item_readable(reader: &Reader<'_>, item: &AgendaItem) -> Result<bool, AppError> {
    Ok(
        match reader.store.live::<Meeting>(reader.council, item.meeting).await? {
            Some(meeting) => reader.may_read_item(&meeting, item),
            None => false,
        },
    )
}

async fn resolution_readable(reader: &Reader<'_>, r: &Resolution) -> Result<bool, AppError> {
    match reader.store.live::<AgendaItem>(reader.council, r.item).await? {
        Some(item) if item_readable(reader, &item).await? => Ok(reader.minute(&item).await?.is_some()),
        _ => Ok(false),
    }
}

async fn action_readable(reader: &Reader<'_>, a: &Action) -> Result<bool, AppError> {
    let item = match a.resolution {
        Some(r) => match reader.store.live::<Resolution>(reader.council, r).await? {
            Some(r) => reader.store.live::<AgendaItem>(reader.council, r.item).await?,
            None => None,
        },
        None => None,
    };
    Ok(access::action_is_public(a, item.as_ref(), reader.today))
}

async fn document_readable(reader: &Reader<'_>, d: &Document) -> Result<bool, AppError> {
    let committee = match d.meeting {
        // A paper of a deleted meeting is not served.
        Some(m) => match reader.store.live::<Meeting>(reader.council, m).await? {
            Some(meeting) => Some(meeting.committee),
            None => return Ok(false),
        },
        None => None,
    };
    if let Some(item) = d.item {
        match reader.store.live::<AgendaItem>(reader.council, item).await? {
            Some(item) if item_readable(reader, &item).await? => {}
            _ => return Ok(false),
        }
    }
    reader.may_see_document(d, committee).await
}
