//! The background task that makes packs "on publication, and again on every change": it
//! follows the change log, works out which meetings a batch of changes can touch, and
//! refreshes them. Refreshing is idempotent, so every node may run it.

use std::collections::BTreeSet;
use std::future::Future;
use std::time::Duration;

use moot_domain::{Council, Meeting, MeetingId, MeetingStatus};
use moot_store::{Filter, StoreExt};

use crate::{Publisher, RenderError};

/// Refreshes every meeting of every council once (so files missed while no node ran are
/// made), then follows the change log until `shutdown`, checking every `interval`.
pub async fn follow(publisher: Publisher, interval: Duration, shutdown: impl Future<Output = ()>) {
    tokio::pin!(shutdown);
    let store = publisher.store().clone();
    let mut since = match store.last_seq().await {
        Ok(seq) => seq,
        Err(e) => {
            tracing::error!("cannot read the change log, so packs will not be made: {e}");
            return;
        }
    };
    if let Err(e) = refresh_all(&publisher).await {
        tracing::warn!("bringing generated PDFs up to date: {e}");
    }
    loop {
        tokio::select! {
            () = &mut shutdown => return,
            () = tokio::time::sleep(interval) => {}
        }
        match catch_up(&publisher, since).await {
            Ok(next) => since = next,
            Err(e) => tracing::warn!("following the change log for packs: {e}"),
        }
    }
}

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
    let stretch = moot_store::touched(&**store, since, Some("moot:publisher")).await?;
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
