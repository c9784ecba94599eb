//! `sitemap.xml` and `robots.txt`: every public page of the council, for search engines.
//! Built through the same reader as the pages, so nothing a reader may not see is listed.

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::IntoResponse;
use moot_domain::{AgendaItem, Committee, CommitteeId, Document, Meeting, Member};
use moot_store::{Filter, StoreExt};
use std::collections::HashMap;

use crate::format::{escape, meeting_path};
use crate::site::Site;
use crate::{AppState, WebError};
use moot_app::Reader;

/// `/sitemap.xml`
pub async fn sitemap(
    State(state): State<AppState>,
    site: Site,
    headers: HeaderMap,
) -> Result<impl IntoResponse, WebError> {
    let store = &*state.store;
    let council = &site.council;
    let root = format!("{}{}", site.origin(&headers), site.base);
    let reader = moot_app::Reader::anonymous(store, council)?;
    let mut urls = vec![
        format!("{root}/"),
        format!("{root}/committees"),
        format!("{root}/members"),
        format!("{root}/calendar"),
    ];
    let committees: Vec<Committee> = store
        .find::<Committee>(council.id, &Filter::all())
        .await?
        .into_iter()
        .map(|s| s.record)
        .collect();
    urls.extend(committees.iter().map(|c| format!("{root}/committees/{}", c.slug)));
    let by_id: HashMap<CommitteeId, &Committee> = committees.iter().map(|c| (c.id, c)).collect();
    let meetings: HashMap<_, Meeting> = store
        .find::<Meeting>(council.id, &Filter::all())
        .await?
        .into_iter()
        .map(|s| (s.record.id, s.record))
        .collect();
    let mut meeting_list: Vec<&Meeting> = meetings.values().collect();
    meeting_list.sort_by_key(|m| (m.starts_at, m.id));
    for m in &meeting_list {
        if let Some(c) = by_id.get(&m.committee) {
            urls.push(format!("{root}{}", meeting_path(m, c)));
        }
    }
    for item in store
        .find::<AgendaItem>(council.id, &Filter::all())
        .await?
        .into_iter()
        .map(|s| s.record)
    {
        // An agenda still being built has no public item pages.
        if let (Some(m), Some(c)) = (meetings.get(&item.meeting), by_id.get(&item.committee))
            && reader.may_read_item(m, &item)
        {
            urls.push(format!("{root}{}/items/{}", meeting_path(m, c), item.number));
        }
    }
    urls.extend(
        store
            .find::<Member>(council.id, &Filter::all())
            .await?
            .into_iter()
            .map(|s| format!("{root}/members/{}", s.record.slug)),
    );
    let reader = Reader::anonymous(store, council)?;
    urls.push(format!("{root}/subjects"));
    urls.extend(
        super::subjects::listed(&reader)
            .await?
            .into_iter()
            .map(|(slug, _)| format!("{root}/subjects/{slug}")),
    );
    for d in store
        .find::<Document>(council.id, &Filter::eq("visibility", "public"))
        .await?
        .into_iter()
        .map(|s| s.record)
    {
        let committee = match d.meeting {
            // A paper of a deleted meeting is not served, so it is not listed.
            Some(m) => match meetings.get(&m) {
                Some(m) => Some(m.committee),
                None => continue,
            },
            None => None,
        };
        if let Some(f) = &d.file
            && reader.may_see_document(&d, committee).await?
        {
            urls.push(format!("{root}{}", moot_app::links::download_path(d.id, f)));
        }
    }
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for u in urls {
        xml.push_str(&format!("<url><loc>{}</loc></url>\n", escape(&u)));
    }
    xml.push_str("</urlset>\n");
    Ok(([(header::CONTENT_TYPE, "application/xml; charset=utf-8")], xml))
}

/// `/robots.txt`
pub async fn robots(site: Site, headers: HeaderMap) -> impl IntoResponse {
    // Search pages are rendered afresh for every query, and every page they list is in the
    // sitemap: crawlers have no reason to run searches. Crawlers read only the host's own
    // robots.txt, so it names every council's search on a shared installation too.
    let body = format!(
        "User-agent: *\nAllow: /\nDisallow: /search\nDisallow: /c/*/search\nSitemap: {}{}/sitemap.xml\n",
        site.origin(&headers),
        site.base
    );
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body)
}
