//! A council's home page: a search box, its next meetings, its latest ones and its
//! committees; and, on an installation of several councils reached by no council's host
//! name, a directory of them.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use moot_domain::{Committee, CommitteeId, Council, Meeting};
use moot_store::{ChangeQuery, CondOp, Filter, Kind, StoreExt};

use crate::format::{long_date, meeting_path, time};
use crate::site::{Root, Site};
use crate::{AppState, WebError};

/// How many meetings each list shows.
const LISTED: u32 = 10;

struct MeetingLine {
    path: String,
    committee: String,
    when: String,
    status: String,
}

struct Published {
    path: String,
    what: &'static str,
    committee: String,
    meeting: String,
    on: String,
}

#[derive(Template)]
#[template(path = "portal/home.html")]
struct Home {
    base: String,
    council: String,
    published: Vec<Published>,
    committees: Vec<Committee>,
    upcoming: Vec<MeetingLine>,
    recent: Vec<MeetingLine>,
    /// Whether this server answers searches (it keeps a search index).
    search: bool,
}

#[derive(Template)]
#[template(path = "portal/directory.html")]
struct Directory {
    base: String,
    councils: Vec<Council>,
}

/// `/`: the council's home page, or the directory of councils.
pub async fn root(State(state): State<AppState>, root: Root) -> Result<Html<String>, WebError> {
    match root {
        Root::Site(site) => page(State(state), *site).await,
        Root::Directory(councils) => Ok(Html(
            Directory {
                base: String::new(),
                councils,
            }
            .render()?,
        )),
    }
}

/// `/c/{council}/`: the council's home page.
pub async fn page(State(state): State<AppState>, site: Site) -> Result<Html<String>, WebError> {
    super::rendered(|| render(&state, &site)).await
}

async fn render(state: &AppState, site: &Site) -> Result<String, WebError> {
    let council = &site.council;
    let committees: Vec<Committee> = state
        .store
        .find::<Committee>(council.id, &Filter::eq("status", "active"))
        .await?
        .into_iter()
        .map(|s| s.record)
        .collect();
    let by_id: HashMap<CommitteeId, &Committee> = committees.iter().map(|c| (c.id, c)).collect();
    let now = moot_app::now_in(council)?;
    let upcoming = Filter::all().and("starts_at", CondOp::Ge, now).limit(LISTED);
    let recent = Filter::all().and("starts_at", CondOp::Lt, now).reversed().limit(LISTED);
    let line = |m: Meeting| {
        by_id.get(&m.committee).map(|c| MeetingLine {
            path: format!("{}{}", site.base, meeting_path(&m, c)),
            committee: c.name.clone(),
            when: format!("{}, {}", long_date(m.starts_at.date()), time(m.starts_at)),
            status: m.status.to_string(),
        })
    };
    let upcoming = state
        .store
        .find::<Meeting>(council.id, &upcoming)
        .await?
        .into_iter()
        .filter_map(|s| line(s.record))
        .collect();
    let recent = state
        .store
        .find::<Meeting>(council.id, &recent)
        .await?
        .into_iter()
        .filter_map(|s| line(s.record))
        .collect();
    let published = recently_published(state, site, &by_id).await?;
    Ok(Home {
        base: site.base.clone(),
        council: council.name.clone(),
        published,
        committees,
        upcoming,
        recent,
        search: state.search.is_some(),
    }
    .render()?)
}

/// How many publications the home page lists.
const PUBLISHED: usize = 5;

/// The latest agendas and minutes to go public, read from the change log as the meeting's
/// publication log reads it: the writes that published an agenda, a supplementary agenda or
/// minutes while Moot kept the record, dated by that write.
async fn recently_published(
    state: &AppState,
    site: &Site,
    committees: &HashMap<CommitteeId, &Committee>,
) -> Result<Vec<Published>, WebError> {
    let council = &site.council;
    let query = ChangeQuery {
        council: Some(council.id),
        kind: Some(Kind::Meeting),
        ..ChangeQuery::default()
    };
    let log = state.store.changes(&query).await?;
    let tz = council
        .settings
        .time_zone()
        .map_err(|e| WebError::internal("the council's time zone", e))?;
    let meeting = |v: Option<&serde_json::Value>| v.and_then(|v| serde_json::from_value::<Meeting>(v.clone()).ok());
    let mut out: Vec<Published> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for change in log.iter().rev() {
        // A meeting that arrived already published (history imported, the demo loaded) has
        // no `before`: it was published elsewhere, on a day the log does not know, and is not
        // listed as if it were published the day it was loaded.
        let (Some(before), Some(after)) = (meeting(change.before.as_ref()), meeting(change.after.as_ref())) else {
            continue;
        };
        let Some(what) = moot_domain::publication::published(&before, &after) else {
            continue;
        };
        if !seen.insert(change.id) {
            continue;
        }
        let Ok(m) = state
            .store
            .fetch::<Meeting>(council.id, moot_domain::Id::from_uuid(change.id))
            .await
        else {
            continue;
        };
        let Some(c) = committees.get(&m.record.committee) else {
            continue;
        };
        out.push(Published {
            path: format!("{}{}", site.base, meeting_path(&m.record, c)),
            what: what.name(),
            committee: c.name.clone(),
            meeting: long_date(m.record.starts_at.date()),
            on: long_date(change.at.to_zoned(tz.clone()).date()),
        });
        if out.len() == PUBLISHED {
            break;
        }
    }
    Ok(out)
}
