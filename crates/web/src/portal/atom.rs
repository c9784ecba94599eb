//! Atom feeds (RFC 4287) of what went public: agendas, supplementary agendas and minutes
//! published, and papers withdrawn, for the council and for each committee. The events are
//! `moot_app::feed::recent`'s, read through the anonymous reader, so a paper that is exempt
//! or still a draft is never named, a withdrawn one is named only as withdrawn (no link to
//! its file), and no minute's text is ever part of an entry.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use moot_app::feed::{self, Event, What};
use moot_domain::{Committee, CommitteeId};
use moot_store::{ChangeQuery, Filter, StoreExt};
use sha2::{Digest, Sha256};

use crate::extract::SlugPath;
use crate::format::{escape, long_date, meeting_path};
use crate::site::Site;
use crate::{AppState, WebError};

/// `/feed.atom`
pub async fn all(State(state): State<AppState>, site: Site, headers: HeaderMap) -> Result<Response, WebError> {
    let id = urn(&format!("feed:{}", site.council.id));
    let about = Feed {
        id,
        title: format!("{}: agendas, minutes and papers", site.council.name),
        path: "/feed.atom".to_owned(),
        alternate: "/".to_owned(),
    };
    feed(&state, &site, &headers, None, about).await
}

/// `/committees/{slug}/feed.atom`
pub async fn committee(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<SlugPath>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let committee: Committee = match named(&state, &site, &path.slug, "committee").await {
        Ok(c) => c,
        Err(response) => return Ok(response),
    };
    let about = Feed {
        id: urn(&format!("feed:{}", committee.id)),
        title: format!("{}: agendas, minutes and papers", committee.name),
        path: format!("/committees/{}/feed.atom", committee.slug),
        alternate: format!("/committees/{}", committee.slug),
    };
    feed(&state, &site, &headers, Some(committee.id), about).await
}

/// The record of kind `T` a machine-read address names by slug, or a 404 that says so in
/// JSON (a calendar program or feed reader shows no HTML page).
pub(super) async fn named<T: moot_store::Entity>(
    state: &AppState,
    site: &Site,
    slug: &str,
    what: &str,
) -> Result<T, Response> {
    match crate::lookup::by_slug::<T>(&*state.store, site.council.id, slug).await {
        Ok(record) => Ok(record),
        Err(WebError::NotFound) => Err(crate::error::JsonError(WebError::Missing(format!(
            "there is no {what} with the address {slug:?}"
        )))
        .into_response()),
        Err(e) => Err(e.into_response()),
    }
}

/// What a feed is about: its id, title, own path and the page it stands for.
struct Feed {
    id: String,
    title: String,
    path: String,
    alternate: String,
}

async fn feed(
    state: &AppState,
    site: &Site,
    headers: &HeaderMap,
    committee: Option<CommitteeId>,
    about: Feed,
) -> Result<Response, WebError> {
    let store = &*state.store;
    let reader = moot_app::Reader::anonymous(store, &site.council)?;
    let events = feed::recent(&reader, committee).await?;
    let committees: std::collections::HashMap<CommitteeId, Committee> = store
        .find::<Committee>(site.council.id, &Filter::all())
        .await?
        .into_iter()
        .map(|s| (s.record.id, s.record))
        .collect();
    let root = format!("{}{}", site.origin(headers), site.base);
    // With no entry, the feed changed last when the log did (stable, unlike the time now).
    let updated = match events.first() {
        Some(e) => e.at,
        None => newest_write(state).await?,
    };
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en-GB\">\n");
    element(&mut out, "id", &about.id);
    element(&mut out, "title", &about.title);
    element(&mut out, "updated", &rfc3339(updated));
    out.push_str(&format!(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape(&format!("{root}{}", about.path))
    ));
    out.push_str(&format!(
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&format!("{root}{}", about.alternate))
    ));
    out.push_str("<author>");
    element(&mut out, "name", &site.council.name);
    out.push_str("</author>\n");
    for event in &events {
        let Some(c) = committees.get(&event.meeting.committee) else {
            continue;
        };
        entry(&mut out, &root, c, event);
    }
    out.push_str("</feed>\n");
    Ok(([(header::CONTENT_TYPE, "application/atom+xml")], out).into_response())
}

fn entry(out: &mut String, root: &str, committee: &Committee, event: &Event) {
    let meeting = format!("{} on {}", committee.name, long_date(event.meeting.starts_at.date()));
    let page = format!("{root}{}", meeting_path(&event.meeting, committee));
    let (title, summary, content) = match &event.what {
        What::Published { kind, papers } => {
            let summary = match papers.len() {
                0 => format!("{}: the meeting of the {meeting}.", kind.name()),
                1 => format!("{}: the meeting of the {meeting}, with 1 paper.", kind.name()),
                n => format!("{}: the meeting of the {meeting}, with {n} papers.", kind.name()),
            };
            let list: String = papers
                .iter()
                .filter_map(|d| {
                    d.file.as_ref().map(|f| {
                        let href = format!("{root}{}", moot_app::links::download_path(d.id, f));
                        format!("<li><a href=\"{}\">{}</a></li>", escape(&href), escape(&d.title))
                    })
                })
                .collect();
            let content = (!list.is_empty()).then(|| {
                format!(
                    "<p>{}</p><ul>{list}</ul><p><a href=\"{}\">The meeting's page</a></p>",
                    escape(&summary),
                    escape(&page)
                )
            });
            (format!("{}: {meeting}", kind.name()), summary, content)
        }
        What::Withdrawn { title, reason } => (
            format!("Paper withdrawn: {title} ({meeting})"),
            format!(
                "The paper \u{201c}{title}\u{201d} was withdrawn from the meeting of the {meeting}. Reason: {reason}"
            ),
            None,
        ),
    };
    out.push_str("<entry>\n");
    element(out, "id", &urn(&format!("entry:{}:{}", event.meeting.id, event.seq)));
    element(out, "title", &title);
    element(out, "updated", &rfc3339(event.at));
    out.push_str(&format!(
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&page)
    ));
    element(out, "summary", &summary);
    if let Some(html) = content {
        out.push_str(&format!("<content type=\"html\">{}</content>\n", escape(&html)));
    }
    out.push_str("</entry>\n");
}

/// When anything in the installation was last written: a time that stays put until the
/// next write, read from the log's newest entry alone.
async fn newest_write(state: &AppState) -> Result<jiff::Timestamp, WebError> {
    let last = state.store.last_seq().await?;
    let query = ChangeQuery {
        after: last - 1,
        limit: Some(1),
        ..ChangeQuery::default()
    };
    let newest = state.store.changes(&query).await?.into_iter().next();
    Ok(newest.map_or(jiff::Timestamp::UNIX_EPOCH, |c| c.at))
}

fn element(out: &mut String, name: &str, value: &str) {
    out.push_str(&format!("<{name}>{}</{name}>\n", escape(&xml_chars(value))));
}

/// XML 1.0 admits no control characters but tab and newline.
fn xml_chars(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n'))
        .collect()
}

/// `2021-06-07T09:30:00Z`
fn rfc3339(at: jiff::Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A stable `urn:uuid:` for `name`: the first 16 bytes of its SHA-256 as a version 8 UUID,
/// so an entry keeps its id across requests, nodes and copies of the database.
fn urn(name: &str) -> String {
    let digest = Sha256::digest(format!("moot:{name}").as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    format!("urn:uuid:{}", uuid::Builder::from_custom_bytes(bytes).into_uuid())
}
