//! Subjects: one matter followed across meetings, committees and years (the Pause Practice:
//! October 2017, April 2019, March 2020, June 2021). A subject's page lists every item on it,
//! with its minute and papers, newest first and a page at a time, since a subject may span
//! twenty years. Everything is read through the anonymous `Reader`, so only what the public
//! may see is listed, and a subject with nothing public has no page (its title alone may say
//! what an exempt item is about).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use moot_app::Reader;
use moot_domain::*;
use moot_store::{Filter, StoreExt};
use serde::Deserialize;

use super::meeting::{DocumentLine, Papers};
use crate::extract::SlugPath;
use crate::format::{long_date, meeting_path};
use crate::site::Site;
use crate::{AppState, WebError};

/// Items on one page of a subject.
const PER_PAGE: usize = 20;

struct Entry {
    path: String,
    label: String,
    /// "Minute 145: EDUCATION IN ROTHERHAM", when the public may read the minute.
    minute: Option<String>,
    documents: Vec<DocumentLine>,
}

#[derive(Template)]
#[template(path = "portal/subject.html")]
struct SubjectPage {
    base: String,
    council: String,
    title: String,
    slug: String,
    description: Option<String>,
    entries: Vec<Entry>,
    page: usize,
    pages: usize,
}

#[derive(Template)]
#[template(path = "portal/subjects.html")]
struct SubjectsIndex {
    base: String,
    council: String,
    /// (slug, title) in title order.
    subjects: Vec<(String, String)>,
}

/// The items on `subject` the public may read, with their meeting and committee, newest first.
async fn public_items(
    reader: &Reader<'_>,
    subject: SubjectId,
) -> Result<Vec<(AgendaItem, Meeting, Committee)>, WebError> {
    let store = reader.store;
    let mut found = Vec::new();
    for item in store
        .find::<AgendaItem>(reader.council, &Filter::eq("subject_id", subject))
        .await?
        .into_iter()
        .map(|s| s.record)
    {
        let Some(meeting) = store.live::<Meeting>(reader.council, item.meeting).await? else {
            continue;
        };
        if !reader.may_read_item(&meeting, &item) {
            continue;
        }
        let Some(committee) = store.live::<Committee>(reader.council, meeting.committee).await? else {
            continue;
        };
        found.push((item, meeting, committee));
    }
    found.sort_by_key(|(item, meeting, _)| std::cmp::Reverse((meeting.starts_at, item.number)));
    Ok(found)
}

/// The subjects with something public on them, (slug, title) in title order: for the index
/// and the sitemap.
pub async fn listed(reader: &Reader<'_>) -> Result<Vec<(String, String)>, WebError> {
    let mut listed = Vec::new();
    for s in reader.store.find::<Subject>(reader.council, &Filter::all()).await? {
        if !public_items(reader, s.record.id).await?.is_empty() {
            listed.push((s.record.slug.to_string(), s.record.title));
        }
    }
    listed.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(listed)
}

/// `/subjects`
pub async fn index(State(state): State<AppState>, site: Site) -> Result<Html<String>, WebError> {
    super::rendered(|| async {
        let reader = Reader::anonymous(&*state.store, &site.council)?;
        Ok(SubjectsIndex {
            base: site.base.clone(),
            council: site.council.name.clone(),
            subjects: listed(&reader).await?,
        }
        .render()?)
    })
    .await
}

#[derive(Deserialize)]
pub struct PageQuery {
    page: Option<usize>,
}

/// `/subjects/{slug}?page=N`: not kept in the page cache, which keys pages by path alone.
pub async fn page(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<SlugPath>,
    Query(query): Query<PageQuery>,
) -> Result<Html<String>, WebError> {
    let store = &*state.store;
    let slug = Slug::parse(&path.slug).map_err(|_| WebError::NotFound)?;
    let subject: Subject = moot_store::lookup::by_slug(store, site.council.id, &slug)
        .await?
        .ok_or(WebError::NotFound)?;
    let reader = Reader::anonymous(store, &site.council)?;
    let items = public_items(&reader, subject.id).await?;
    let pages = items.len().div_ceil(PER_PAGE);
    let page = query.page.unwrap_or(1);
    if items.is_empty() || page == 0 || page > pages {
        return Err(WebError::NotFound);
    }
    let base = site.base.as_str();
    let mut entries = Vec::new();
    for (item, meeting, committee) in items.into_iter().skip((page - 1) * PER_PAGE).take(PER_PAGE) {
        let (documents, _) = Papers::of(&reader, &committee, &meeting).await?.for_item(base, item.id);
        let minute = reader.minute(&item).await?.map(|m| {
            format!(
                "Minute {}: {}",
                m.number,
                moot_domain::wording::screen_heading(&m.heading, &item.title)
            )
        });
        entries.push(Entry {
            path: format!("{base}{}/items/{}", meeting_path(&meeting, &committee), item.number),
            label: format!(
                "{}, {}: item {}, {}",
                committee.name,
                long_date(meeting.starts_at.date()),
                item.number,
                item.title
            ),
            minute,
            documents,
        });
    }
    Ok(Html(
        SubjectPage {
            base: site.base.clone(),
            council: site.council.name.clone(),
            title: subject.title,
            slug: subject.slug.to_string(),
            description: subject.description,
            entries,
            page,
            pages,
        }
        .render()?,
    ))
}
