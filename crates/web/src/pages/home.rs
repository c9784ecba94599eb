//! The home page: each council's committees, its next meetings and its latest ones.

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use moot_domain::{Committee, CommitteeId, Council, Meeting};
use moot_store::{CondOp, Filter, StoreExt, typed};
use std::collections::HashMap;

use crate::format::{long_date, meeting_path, time};
use crate::{AppState, WebError};

/// How many meetings each list shows.
const LISTED: u32 = 10;

struct MeetingLine {
    path: String,
    committee: String,
    when: String,
    status: String,
}

struct CouncilSection {
    name: String,
    committees: Vec<Committee>,
    upcoming: Vec<MeetingLine>,
    recent: Vec<MeetingLine>,
}

#[derive(Template)]
#[template(path = "pages/home.html")]
struct Home {
    councils: Vec<CouncilSection>,
}

pub async fn page(State(state): State<AppState>) -> Result<Html<String>, WebError> {
    let mut councils = Vec::new();
    for stored in state.store.councils().await? {
        let council: Council = typed(stored)?.record;
        let committees: Vec<Committee> = state
            .store
            .find::<Committee>(council.id, &Filter::eq("status", "active"))
            .await?
            .into_iter()
            .map(|s| s.record)
            .collect();
        let names: HashMap<CommitteeId, &Committee> = committees.iter().map(|c| (c.id, c)).collect();
        let now = crate::now_in(&council)?;
        let upcoming = Filter::all().and("starts_at", CondOp::Ge, now).limit(LISTED);
        let recent = Filter::all().and("starts_at", CondOp::Lt, now).reversed().limit(LISTED);
        let line = |m: Meeting| {
            names.get(&m.committee).map(|c| MeetingLine {
                path: meeting_path(&m, c),
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
        councils.push(CouncilSection {
            name: council.name.clone(),
            committees,
            upcoming,
            recent,
        });
    }
    Ok(Html(Home { councils }.render()?))
}
