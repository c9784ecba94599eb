//! What went public lately, newest first, for the Atom feeds: agendas, supplementary agendas
//! and minutes published, and papers withdrawn. Read from the change log (which times every
//! write and which nobody can edit) as the publication log reads it, but only its newest
//! part, backwards in stretches of sequence numbers, so a feed costs the same however long
//! the council's history.

use std::collections::HashMap;

use jiff::Timestamp;
use moot_domain::publication::{self, Published};
use moot_domain::{CommitteeId, Document, DocumentId, Meeting, MeetingId};
use moot_store::{ChangeQuery, Entity, Kind, StoreExt};

use crate::publication::{logged, may_name, released};
use crate::{AppError, Reader};

/// A feed holds at most this many entries.
pub const ENTRIES: usize = 50;
/// The log is read in stretches of this many sequence numbers, newest first …
const STRETCH: i64 = 500;
/// … and no further back than this many: a committee that published nothing in the newest
/// 20,000 writes of the whole installation has an empty feed, rather than a request that
/// reads the whole log. Reading that far (a feed with nothing to show) took 0.4 s per 10,000
/// entries in a debug build here.
const DEPTH: i64 = 20_000;

/// One entry of a feed.
#[derive(Debug, Clone)]
pub struct Event {
    /// The log entry it was read from: with the meeting, what makes the entry's id stable.
    pub seq: i64,
    pub at: Timestamp,
    pub meeting: Meeting,
    pub what: What,
}

#[derive(Debug, Clone)]
pub enum What {
    /// The agenda, a supplementary agenda or the minutes, with the papers that release made
    /// public which the reader may still see (a paper withdrawn since is left out).
    Published { kind: Published, papers: Vec<Document> },
    /// A paper that had been public, withdrawn: only its title and the reason are told.
    Withdrawn { title: String, reason: String },
}

/// What one log entry meant, before the records it names are read as they are now.
enum Found {
    Published(Published),
    Withdrawn(DocumentId),
}

/// The newest [`ENTRIES`] events of the council (or of one committee) that `reader` may be
/// told of, newest first. Every paper named passes the publication log's rule
/// (`publication::may_name`) on its record as it is now.
pub async fn recent(reader: &Reader<'_>, committee: Option<CommitteeId>) -> Result<Vec<Event>, AppError> {
    let store = reader.store;
    let newest = store.last_seq().await?;
    let floor = (newest - DEPTH).max(0);
    let mut meetings: HashMap<MeetingId, Option<Meeting>> = HashMap::new();
    let mut found: Vec<(i64, Timestamp, MeetingId, Found)> = Vec::new();
    // Papers a release made public, by meeting and the release's logged time: written in
    // one batch after the meeting, so never in an older stretch than the meeting's entry.
    let mut papers: HashMap<(MeetingId, Timestamp), Vec<DocumentId>> = HashMap::new();
    let mut hi = newest;
    while hi > floor && found.len() < ENTRIES {
        let lo = (hi - STRETCH).max(floor);
        // A creation or a deletion publishes nothing, so only updates are decoded.
        for change in stretch(reader, Meeting::KIND, lo, hi).await? {
            let (Some(before), Some(after)) = (change.before, change.after) else {
                continue;
            };
            let (Some(before), Some(after)) = (logged::<Meeting>(Some(before))?, logged::<Meeting>(Some(after))?)
            else {
                continue;
            };
            if let Some(kind) = publication::published(&before, &after)
                && committee.is_none_or(|c| c == after.committee)
            {
                found.push((change.seq, change.at, after.id, Found::Published(kind)));
            }
        }
        for change in stretch(reader, Document::KIND, lo, hi).await? {
            if change.before.is_none() || change.after.is_none() {
                continue;
            }
            let before = logged::<Document>(change.before)?;
            let after = logged::<Document>(change.after)?;
            let (Some(b), Some(a)) = (&before, &after) else {
                continue;
            };
            let Some(meeting) = a.meeting else { continue };
            if released(before.as_ref(), after.as_ref()) {
                papers.entry((meeting, change.at)).or_default().push(a.id);
            }
            if b.withdrawn.is_none() && a.withdrawn.is_some() {
                let of_committee = match committee {
                    None => true,
                    Some(c) => live_meeting(reader, &mut meetings, meeting)
                        .await?
                        .is_some_and(|m| m.committee == c),
                };
                if of_committee {
                    found.push((change.seq, change.at, meeting, Found::Withdrawn(a.id)));
                }
            }
        }
        hi = lo;
    }
    found.sort_by_key(|f| std::cmp::Reverse(f.0));
    found.truncate(ENTRIES);

    let mut events = Vec::new();
    for (seq, at, meeting_id, what) in found {
        let Some(meeting) = live_meeting(reader, &mut meetings, meeting_id).await? else {
            continue;
        };
        if !reader.may_read_agenda(&meeting) {
            continue;
        }
        let what = match what {
            Found::Published(kind) => {
                let ids = papers.get(&(meeting_id, at)).cloned().unwrap_or_default();
                let mut shown = Vec::new();
                for d in reader.documents(meeting.committee, meeting.id).await? {
                    if ids.contains(&d.id) && may_name(reader, &d, meeting.committee).await? {
                        shown.push(d);
                    }
                }
                What::Published { kind, papers: shown }
            }
            Found::Withdrawn(id) => {
                let Some(d) = store.live(reader.council, id).await? else {
                    continue;
                };
                let Some(withdrawn) = d.withdrawn.clone() else {
                    continue;
                };
                if !may_name(reader, &d, meeting.committee).await? {
                    continue;
                }
                What::Withdrawn {
                    title: d.title,
                    reason: withdrawn.reason,
                }
            }
        };
        events.push(Event { seq, at, meeting, what });
    }
    Ok(events)
}

/// The council's entries of `kind` numbered after `lo` up to `hi`: at most `STRETCH` of them
/// can fall there, so a limit of `STRETCH` reads them all, and any later ones it also
/// returns (already read) are dropped.
async fn stretch(reader: &Reader<'_>, kind: Kind, lo: i64, hi: i64) -> Result<Vec<moot_store::Change>, AppError> {
    let query = ChangeQuery {
        council: Some(reader.council),
        after: lo,
        kind: Some(kind),
        id: None,
        limit: Some(u32::try_from(STRETCH).unwrap_or(u32::MAX)),
    };
    let mut changes = reader.store.changes(&query).await?;
    changes.retain(|c| c.seq <= hi);
    Ok(changes)
}

/// A meeting as it is now (`None` once deleted), read once per feed.
async fn live_meeting(
    reader: &Reader<'_>,
    meetings: &mut HashMap<MeetingId, Option<Meeting>>,
    id: MeetingId,
) -> Result<Option<Meeting>, AppError> {
    if let Some(m) = meetings.get(&id) {
        return Ok(m.clone());
    }
    let m = reader.store.live(reader.council, id).await?;
    meetings.insert(id, m.clone());
    Ok(m)
}
