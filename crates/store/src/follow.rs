//! Reading the change log forward, for the tasks that keep derived things in step with the
//! records (packs, the search index): what a stretch of the log touched, council by council.

use std::collections::{BTreeMap, BTreeSet};

use moot_domain::CouncilId;
use uuid::Uuid;

use crate::{ChangeQuery, Kind, Result, Store};

/// Changes read per query.
const BATCH: u32 = 1000;

/// What the changes after a sequence number touched in one council.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Touched {
    /// Meetings changed themselves, or named by a changed record's `meeting` (before or
    /// after the change, so a paper moved between meetings touches both).
    pub meetings: BTreeSet<Uuid>,
    /// Every record changed, by kind.
    pub records: BTreeMap<Kind, BTreeSet<Uuid>>,
}

/// A stretch of the log read: how far it went and what it touched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stretch {
    /// The last sequence number read (the `since` given, if nothing was new).
    pub last: i64,
    pub councils: BTreeMap<CouncilId, Touched>,
}

/// Reads every change after `since`, leaving out those made by `ignore` (a follower's own
/// writes, which must not wake it again).
pub async fn touched(store: &dyn Store, since: i64, ignore: Option<&str>) -> Result<Stretch> {
    let mut stretch = Stretch {
        last: since,
        councils: BTreeMap::new(),
    };
    loop {
        let changes = store
            .changes(&ChangeQuery {
                after: stretch.last,
                limit: Some(BATCH),
                ..ChangeQuery::default()
            })
            .await?;
        let Some(end) = changes.last().map(|c| c.seq) else {
            break;
        };
        for c in changes.iter().filter(|c| Some(c.actor.as_str()) != ignore) {
            let touched = stretch.councils.entry(c.council).or_default();
            touched.records.entry(c.kind).or_default().insert(c.id);
            if c.kind == Kind::Meeting {
                touched.meetings.insert(c.id);
            }
            for body in [&c.before, &c.after].into_iter().flatten() {
                if let Some(id) = body
                    .get("meeting")
                    .and_then(|m| m.as_str())
                    .and_then(|s| s.parse().ok())
                {
                    touched.meetings.insert(id);
                }
            }
        }
        stretch.last = end;
        if changes.len() < BATCH as usize {
            break;
        }
    }
    Ok(stretch)
}
