//! What the pack maker does as the change log moves ("on publication, and again on every
//! change"): works out which meetings a stretch of changes can touch, and refreshes them.
//! Refreshing is idempotent, so every node may run it; the loop that calls it every few
//! seconds is `moot_app::follow`, shared with the search index.

use std::collections::BTreeSet;

use moot_domain::{Council, Meeting, MeetingId, MeetingStatus};
use moot_store::{Filter, StoreExt};

use crate::{Publisher, RenderError};

/// Refreshes every meeting of every council; returns how many files were made.
pub async fn refresh_all(publisher: &Publisher) -> Result<usize, RenderError> {
    let store = publisher.store();
    let mut made = 0;
    for council in store.councils().await? {
        let council: Council = moot_store::typed(council)?.record;
        for meeting in store.find::<Meeting>(council.id, &Filter::all()).await? {
            made += refresh_one(publisher, &council, meeting.record.id).await;
        }
    }
    Ok(made)
}

/// Refreshes one meeting, reporting (not returning) a failure, so that one bad document
/// does not stop every other meeting's packs.
async fn refresh_one(publisher: &Publisher, council: &Council, meeting: MeetingId) -> usize {
    match publisher.refresh(council, meeting).await {
        Ok(r) => {
            if !r.made.is_empty() {
                tracing::info!(meeting = %meeting, made = ?r.made, "generated PDFs updated");
            }
            for problem in &r.problems {
                tracing::warn!(meeting = %meeting, "a generated PDF was not made again: {problem}");
            }
            r.made.len()
        }
        Err(e) => {
            tracing::warn!(meeting = %meeting, "generated PDFs not updated: {e}");
            0
        }
    }
}

/// One pass over the log after `since`, as `follow` makes every `interval`; returns the last
/// sequence number read.
pub async fn catch_up(publisher: &Publisher, since: i64) -> Result<i64, RenderError> {
    let store = publisher.store();
    // The publisher's own writes change nothing a pack is made from.
    let stretch = moot_store::touched(&**store, since, Some(crate::publish::PUBLISHER)).await?;
    for (council_id, touched) in stretch.councils {
        let meetings = touched.meetings;
        let Some(council) = store.live::<Council>(council_id, council_id).await? else {
            continue;
        };
        // Anything may feed an open agenda (memberships, the work programme, the minutes of
        // the meeting before), so every meeting whose agenda is out is looked at too; the
        // fingerprints make that cheap when nothing in it changed.
        let open = store
            .find::<Meeting>(council.id, &Filter::eq("status", MeetingStatus::AgendaPublished.code()))
            .await?;
        let ids: BTreeSet<MeetingId> = meetings
            .into_iter()
            .map(MeetingId::from_uuid)
            .chain(open.into_iter().map(|m| m.record.id))
            .collect();
        for id in ids {
            refresh_one(publisher, &council, id).await;
        }
    }
    Ok(stretch.last)
}
