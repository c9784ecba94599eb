//! A meeting's publication log: what went public when (the agenda, each supplementary
//! agenda, new versions and withdrawals of papers, the minutes), oldest first, so the
//! council can show it met its deadlines and a reader can see what changed after they read
//! it. Gathered by `moot_app::publication::log` for this reader, so nothing they may not see
//! is named.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;

use crate::extract::MeetingPath;
use crate::format::{long_date, meeting_path, time};
use crate::site::Site;
use crate::{AppState, WebError};

struct Row {
    when: String,
    what: String,
    details: Vec<String>,
}

#[derive(Template)]
#[template(path = "portal/publication_log.html")]
struct LogPage {
    base: String,
    council: String,
    committee: String,
    meeting_path: String,
    date: String,
    rows: Vec<Row>,
}

/// `/meetings/{key}/publication-log`
pub async fn page(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<MeetingPath>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let (signed_in, committee, meeting, reader) = super::meeting::reading(&state, &site, &path.key, &headers).await?;
    let rows = moot_app::publication::log(&reader, &meeting)
        .await?
        .into_iter()
        .map(|e| {
            let at = e.at.to_zoned(reader.tz.clone()).datetime();
            Row {
                when: format!("{}, {}", long_date(at.date()), time(at)),
                what: e.what,
                details: e.details,
            }
        })
        .collect();
    let page = LogPage {
        base: site.base.clone(),
        council: site.council.name.clone(),
        committee: committee.name.clone(),
        meeting_path: format!("{}{}", site.base, meeting_path(&meeting, &committee)),
        date: long_date(meeting.starts_at.date()),
        rows,
    }
    .render()?;
    Ok(super::for_reader(signed_in.is_some(), page))
}
