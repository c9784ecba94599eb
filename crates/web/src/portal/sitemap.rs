//! `sitemap.xml` and `robots.txt`: every public page of the council, for search engines.
//! Built through the same reader as the pages, so nothing a reader may not see is listed.
//! Each record page carries `<lastmod>`, the last write to anything it shows (a meeting's
//! items and papers, a committee's meetings), read from the change log, so a crawler
//! revisits the pages that changed rather than all twenty years of them.

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::IntoResponse;
use jiff::Timestamp;
use moot_domain::{AgendaItem, Committee, CommitteeId, Document, Meeting, Member};
use moot_store::{Entity, Filter, LatestQuery, StoreExt};
use std::collections::HashMap;
use uuid::Uuid;

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
    let written = Written::of(store, council.id).await?;
    let mut urls: Vec<(String, Option<Timestamp>)> = ["/", "/committees", "/members", "/calendar"]
        .into_iter()
        .map(|path| (format!("{root}{path}"), None))
        .collect();
    let committees: Vec<Committee> = store
        .find::<Committee>(council.id, &Filter::all())
        .await?
        .into_iter()
        .map(|s| s.record)
        .collect();
    let by_id: HashMap<CommitteeId, &Committee> = committees.iter().map(|c| (c.id, c)).collect();
    let meetings: HashMap<_, Meeting> = store
        .find::<Meeting>(council.id, &Filter::all())
        .await?
        .into_iter()
        .map(|s| (s.record.id, s.record))
        .collect();
    let items: Vec<AgendaItem> = store
        .find::<AgendaItem>(council.id, &Filter::all())
        .await?
        .into_iter()
        .map(|s| s.record)
        .collect();
    let documents: Vec<Document> = store
        .find::<Document>(council.id, &Filter::eq("visibility", "public"))
        .await?
        .into_iter()
        .map(|s| s.record)
        .collect();
    // What each page shows, folded into its last write: an item holds its papers, a meeting
    // its items and papers, a committee its meetings.
    let mut item_written: HashMap<Uuid, Timestamp> = HashMap::new();
    let mut meeting_written: HashMap<Uuid, Timestamp> = HashMap::new();
    for (item, meeting, at) in items
        .iter()
        .map(|i| (Some(i.id.uuid()), Some(i.meeting.uuid()), written.at(i.id.uuid())))
        .chain(documents.iter().map(|d| {
            (
                d.item.map(|i| i.uuid()),
                d.meeting.map(|m| m.uuid()),
                written.at(d.id.uuid()),
            )
        }))
    {
        let Some(at) = at else { continue };
        for (map, id) in [(&mut item_written, item), (&mut meeting_written, meeting)] {
            if let Some(id) = id {
                later(map.entry(id).or_insert(at), at);
            }
        }
    }
    let mut committee_written: HashMap<Uuid, Timestamp> = HashMap::new();
    for m in meetings.values() {
        let at = [written.at(m.id.uuid()), meeting_written.get(&m.id.uuid()).copied()]
            .into_iter()
            .flatten()
            .max();
        if let Some(at) = at {
            meeting_written.insert(m.id.uuid(), at);
            later(committee_written.entry(m.committee.uuid()).or_insert(at), at);
        }
    }
    let newest = |own: Option<Timestamp>, shown: Option<&Timestamp>| own.into_iter().chain(shown.copied()).max();
    urls.extend(committees.iter().map(|c| {
        (
            format!("{root}/committees/{}", c.slug),
            newest(written.at(c.id.uuid()), committee_written.get(&c.id.uuid())),
        )
    }));
    let mut meeting_list: Vec<&Meeting> = meetings.values().collect();
    meeting_list.sort_by_key(|m| (m.starts_at, m.id));
    for m in &meeting_list {
        if let Some(c) = by_id.get(&m.committee) {
            urls.push((
                format!("{root}{}", meeting_path(m, c)),
                meeting_written.get(&m.id.uuid()).copied(),
            ));
        }
    }
    for item in &items {
        // An agenda still being built has no public item pages.
        if let (Some(m), Some(c)) = (meetings.get(&item.meeting), by_id.get(&item.committee))
            && reader.may_read_item(m, item)
        {
            urls.push((
                format!("{root}{}/items/{}", meeting_path(m, c), item.number),
                item_written.get(&item.id.uuid()).copied(),
            ));
        }
    }
    urls.extend(
        store
            .find::<Member>(council.id, &Filter::all())
            .await?
            .into_iter()
            .map(|s| {
                (
                    format!("{root}/members/{}", s.record.slug),
                    written.at(s.record.id.uuid()),
                )
            }),
    );
    let reader = Reader::anonymous(store, council)?;
    urls.push((format!("{root}/subjects"), None));
    urls.extend(
        super::subjects::listed(&reader)
            .await?
            .into_iter()
            .map(|(slug, _)| (format!("{root}/subjects/{slug}"), None)),
    );
    for d in &documents {
        let committee = match d.meeting {
            // A paper of a deleted meeting is not served, so it is not listed.
            Some(m) => match meetings.get(&m) {
                Some(m) => Some(m.committee),
                None => continue,
            },
            None => None,
        };
        if let Some(f) = &d.file
            && reader.may_see_document(d, committee).await?
        {
            urls.push((
                format!("{root}{}", moot_app::links::download_path(d.id, f)),
                written.at(d.id.uuid()),
            ));
        }
    }
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (loc, at) in urls {
        xml.push_str(&format!("<url><loc>{}</loc>", escape(&loc)));
        if let Some(at) = at {
            // W3C datetime, to the second, in UTC.
            xml.push_str(&format!("<lastmod>{}</lastmod>", at.strftime("%Y-%m-%dT%H:%M:%SZ")));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    Ok(([(header::CONTENT_TYPE, "application/xml; charset=utf-8")], xml))
}

/// When each record of a council was last written, by the change log.
struct Written(HashMap<Uuid, Timestamp>);

/// How many log entries one read of the walk takes.
const WALK: u32 = 5_000;

impl Written {
    async fn of(store: &dyn moot_store::Store, council: moot_domain::CouncilId) -> Result<Self, WebError> {
        let upto = store.last_seq().await?;
        let mut at = HashMap::new();
        for kind in [
            Committee::KIND,
            Meeting::KIND,
            AgendaItem::KIND,
            Document::KIND,
            Member::KIND,
        ] {
            let mut after = 0;
            loop {
                let query = LatestQuery {
                    council,
                    kind,
                    after,
                    upto,
                    limit: WALK,
                };
                let page = store.latest_changes(&query).await?;
                at.extend(page.iter().map(|c| (c.id, c.at)));
                match page.last() {
                    Some(last) if page.len() == WALK as usize => after = last.seq,
                    _ => break,
                }
            }
        }
        Ok(Self(at))
    }

    fn at(&self, id: Uuid) -> Option<Timestamp> {
        self.0.get(&id).copied()
    }
}

fn later(slot: &mut Timestamp, at: Timestamp) {
    if at > *slot {
        *slot = at;
    }
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
