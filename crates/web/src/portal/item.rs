//! An agenda item's page: the item, its full minute and resolutions, its documents, and the
//! other meetings where the same subject came up.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use moot_domain::*;
use moot_store::{Filter, StoreExt};

use super::meeting::{DocumentLine, Papers};
use crate::auth;
use crate::extract::ItemPath;
use crate::format::{link_minute_references, long_date, markdown_html, meeting_path, time};
use crate::lookup::find;
use crate::site::Site;
use crate::{AppState, WebError};
use moot_app::Reader;

struct Mention {
    path: String,
    label: String,
}

#[derive(Template)]
#[template(path = "portal/item.html")]
struct ItemPage {
    base: String,
    council: String,
    committee: String,
    meeting_path: String,
    when: String,
    number: String,
    title: String,
    description: Option<String>,
    exemption: Option<String>,
    presenters: Vec<String>,
    documents: Vec<DocumentLine>,
    withheld_documents: usize,
    /// `None` when the viewer may not read the minute: its heading goes with its text.
    minute_heading: Option<String>,
    minute_number: Option<String>,
    /// The minute as HTML: its Markdown rendered and sanitised, minute references linked.
    minute_html: Option<String>,
    minute_withheld: bool,
    /// "Amended on 3 August 2021: reason", for corrections to approved minutes.
    amendments: Vec<String>,
    resolutions: Vec<String>,
    /// The subject's title and the address of its page.
    subject: Option<(String, String)>,
    mentions: Vec<Mention>,
}

/// `/meetings/{key}/items/{number}`
pub async fn page(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<ItemPath>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let signed_in = auth::signed_in(&state, &site, &headers).await?;
    let store = &*state.store;
    let council = &site.council;
    let (committee, meeting) = find(store, council.id, &path.key).await?;
    let number = AgendaNumber::parse(&path.number).map_err(|_| WebError::NotFound)?;
    // One address per item ("7a", not "007" or "7(a)"), so the cache holds one copy of it.
    if number.to_string() != path.number {
        return Err(WebError::NotFound);
    }
    let item = store
        .find::<AgendaItem>(
            council.id,
            &Filter::eq("meeting_id", meeting.id).and("number", moot_store::CondOp::Eq, number.to_string()),
        )
        .await?
        .into_iter()
        .next()
        .map(|s| s.record)
        .ok_or(WebError::NotFound)?;
    let page = {
        let reader = Reader::new(store, council, auth::viewer(signed_in.as_ref()))?;
        if !reader.may_read_item(&meeting, &item) {
            return Err(WebError::NotFound);
        }
        let base = site.base.as_str();
        let (documents, withheld_documents) = Papers::of(&reader, &committee, &meeting).await?.for_item(base, item.id);
        let minute = reader.minute(&item).await?;
        let minute_html = match minute {
            Some(m) => {
                let linked =
                    link_minute_references(&m.text, &|n| minute_path(&reader, base, &committee, &meeting, n)).await?;
                Some(markdown_html(&linked))
            }
            None => None,
        };
        let resolutions = if minute.is_none() {
            Vec::new()
        } else {
            let resolutions = store
                .find::<Resolution>(council.id, &Filter::eq("item_id", item.id))
                .await?;
            let mut voters: Vec<MemberId> = Vec::new();
            for v in resolutions.iter().filter_map(|r| r.record.vote.as_ref()) {
                voters.extend(v.mover.iter().chain(&v.seconder).copied());
                voters.extend(v.recorded.iter().map(|r| r.member));
            }
            voters.sort();
            voters.dedup();
            let mut members = std::collections::HashMap::new();
            for voter in voters {
                if let Some(m) = store.live::<Member>(council.id, voter).await? {
                    members.insert(voter, m.display_name());
                }
            }
            let name = |id: &MemberId| {
                members
                    .get(id)
                    .cloned()
                    .unwrap_or_else(|| "an unknown member".to_owned())
            };
            resolutions
                .iter()
                .map(|s| moot_domain::wording::resolution_line(&s.record, &name))
                .collect()
        };
        let (subject, mentions) = match item.subject {
            Some(id) => {
                let subject = store.fetch(council.id, id).await?.record;
                let mut mentions = Vec::new();
                for other in store
                    .find::<AgendaItem>(council.id, &Filter::eq("subject_id", id))
                    .await?
                    .into_iter()
                    .map(|s| s.record)
                {
                    if other.id == item.id {
                        continue;
                    }
                    let Some(m) = store.live(council.id, other.meeting).await? else {
                        continue;
                    };
                    // Another meeting's item is named only where its own page may be read.
                    if !reader.may_read_item(&m, &other) {
                        continue;
                    }
                    let Some(c) = store.live(council.id, m.committee).await? else {
                        continue;
                    };
                    mentions.push((
                        m.starts_at,
                        Mention {
                            path: format!("{base}{}/items/{}", meeting_path(&m, &c), other.number),
                            label: format!("{}, {}: {}", c.name, long_date(m.starts_at.date()), other.title),
                        },
                    ));
                }
                mentions.sort_by_key(|m| m.0);
                let page = format!("{base}/subjects/{}", subject.slug);
                (
                    Some((subject.title, page)),
                    mentions.into_iter().map(|(_, m)| m).collect(),
                )
            }
            None => (None, Vec::new()),
        };
        ItemPage {
            base: site.base.clone(),
            council: council.name.clone(),
            committee: committee.name.clone(),
            meeting_path: format!("{base}{}", meeting_path(&meeting, &committee)),
            when: format!("{}, {}", long_date(meeting.starts_at.date()), time(meeting.starts_at)),
            number: item.number.to_string(),
            title: item.title.clone(),
            description: item.description.clone(),
            exemption: {
                let exclusion = store
                    .find::<Exclusion>(council.id, &Filter::eq("item_id", item.id))
                    .await?
                    .into_iter()
                    .next()
                    .map(|s| s.record);
                moot_domain::wording::privacy_notice(item.exemption.as_ref(), exclusion.as_ref())
            },
            presenters: {
                let people = moot_store::lookup::People::of(store, council.id).await?;
                item.presenters.iter().map(|p| people.line(p)).collect()
            },
            documents,
            withheld_documents,
            minute_heading: minute.map(|m| moot_domain::wording::screen_heading(&m.heading, &item.title)),
            minute_number: item.minute.as_ref().map(|m| m.number.to_string()),
            minute_html,
            minute_withheld: item.minute.is_some() && minute.is_none(),
            amendments: minute.map_or_else(Vec::new, |m| {
                m.amendments
                    .iter()
                    .map(|a| format!("Amended on {}: {}", a.at.strftime("%-d %B %Y"), a.reason))
                    .collect()
            }),
            resolutions,
            subject,
            mentions,
        }
        .render()?
    };
    Ok(super::for_reader(signed_in.is_some(), page))
}

/// The page of minute `number` of this committee: in the series of the meeting that refers to
/// it, or failing that the latest earlier series that has it. `None` if Moot does not hold it.
async fn minute_path(
    reader: &Reader<'_>,
    base: &str,
    committee: &Committee,
    from: &Meeting,
    number: u32,
) -> Result<Option<String>, WebError> {
    let store = reader.store;
    let mut series = store
        .find::<MinuteSeries>(reader.council, &Filter::eq("committee_id", committee.id))
        .await?;
    series.retain(|s| s.record.starts_on <= from.starts_at.date());
    for s in series.iter().rev() {
        let found = store
            .find::<AgendaItem>(
                reader.council,
                &Filter::eq("minute_series_id", s.record.id).and("minute_number", moot_store::CondOp::Eq, number),
            )
            .await?;
        if let Some(item) = found.into_iter().next().map(|s| s.record) {
            let m = store.fetch(reader.council, item.meeting).await?.record;
            return Ok(Some(format!(
                "{base}{}/items/{}",
                meeting_path(&m, committee),
                item.number
            )));
        }
    }
    Ok(None)
}
