//! A meeting's page ("Agenda and minutes"): when and where, who attended and declared what,
//! and each item with its documents, minute and resolutions.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Html;
use jiff::ToSpan;
use jiff::civil::Date;
use moot_domain::*;
use moot_store::{CondOp, Filter, StoreExt};

use crate::format::{long_date, time};
use crate::reader::Reader;
use crate::site::Site;
use crate::{AppState, WebError};

struct DocumentLine {
    title: String,
    size: Option<String>,
}

struct MinuteView {
    number: String,
    heading: String,
    /// Paragraphs of the minute, or `None` when the viewer may not read them.
    paragraphs: Option<Vec<String>>,
}

struct ItemView {
    number: String,
    title: String,
    description: Option<String>,
    exemption: Option<String>,
    urgency: Option<String>,
    published_pages: Option<String>,
    presenters: Vec<String>,
    documents: Vec<DocumentLine>,
    withheld_documents: usize,
    minute: Option<MinuteView>,
    resolutions: Vec<String>,
    numbered_resolutions: bool,
}

#[derive(Template)]
#[template(path = "pages/meeting.html")]
struct MeetingPage {
    council: String,
    committee: String,
    date: String,
    time: String,
    status: String,
    venue: Option<String>,
    webcast_url: Option<String>,
    pre_meeting_note: Option<String>,
    contact: Option<String>,
    present: Vec<String>,
    apologies: Vec<String>,
    declarations: Vec<String>,
    exclusions: Vec<String>,
    items: Vec<ItemView>,
}

/// `/meetings/{yyyy-mm-dd}-{committee-slug}`
pub async fn page(
    State(state): State<AppState>,
    site: Site,
    Path(params): Path<Vec<(String, String)>>,
    uri: Uri,
) -> Result<Html<String>, WebError> {
    let key = params
        .iter()
        .find(|(name, _)| name == "key")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    if let Some(page) = super::from_cache(&state, &site, uri.path()) {
        return Ok(page);
    }
    let (date, slug) = parse_key(key).ok_or(WebError::NotFound)?;
    let store = &*state.store;
    let council = &site.council;
    let committees = store
        .find::<Committee>(council.id, &Filter::eq("slug", slug.as_str()))
        .await?;
    let committee = committees
        .into_iter()
        .next()
        .map(|s| s.record)
        .ok_or(WebError::NotFound)?;
    let next_day = date
        .checked_add(1.day())
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let day = Filter::eq("committee_id", committee.id)
        .and("starts_at", CondOp::Ge, date.at(0, 0, 0, 0))
        .and("starts_at", CondOp::Lt, next_day.at(0, 0, 0, 0));
    let meeting = store
        .find::<Meeting>(council.id, &day)
        .await?
        .into_iter()
        .next()
        .map(|s| s.record)
        .ok_or(WebError::NotFound)?;
    super::render_and_keep(&state, &site, uri.path(), || async {
        let reader = Reader {
            store,
            council: council.id,
            viewer: Viewer::Anonymous,
            today: crate::now_in(council)?.date(),
        };
        Ok(build(&reader, council, &committee, &meeting).await?.render()?)
    })
    .await
}

fn parse_key(key: &str) -> Option<(Date, Slug)> {
    let date = key.get(..10)?.parse().ok()?;
    let slug = Slug::parse(key.get(11..)?).ok()?;
    (key.as_bytes().get(10) == Some(&b'-')).then_some((date, slug))
}

async fn build(
    reader: &Reader<'_>,
    council: &Council,
    committee: &Committee,
    meeting: &Meeting,
) -> Result<MeetingPage, WebError> {
    let store = reader.store;
    let by_meeting = Filter::eq("meeting_id", meeting.id);
    let items: Vec<AgendaItem> = store
        .find::<AgendaItem>(council.id, &by_meeting)
        .await?
        .into_iter()
        .map(|s| s.record)
        .collect();
    let resolutions = store.find::<Resolution>(council.id, &by_meeting).await?;
    let attendance = store.find::<Attendance>(council.id, &by_meeting).await?;
    let declarations = store.find::<Declaration>(council.id, &by_meeting).await?;
    let exclusions = store.find::<Exclusion>(council.id, &by_meeting).await?;
    let members: HashMap<MemberId, Member> = store
        .find::<Member>(council.id, &Filter::all())
        .await?
        .into_iter()
        .map(|s| (s.record.id, s.record))
        .collect();
    let name = |id: &MemberId| {
        members
            .get(id)
            .map_or_else(|| "an unknown member".to_owned(), Member::display_name)
    };
    let item_label = |id: &AgendaItemId| {
        items
            .iter()
            .find(|i| i.id == *id)
            .map(|i| format!("item {} ({})", i.number, i.title))
            .unwrap_or_default()
    };

    let visible_docs = reader.documents(committee.id, meeting.id).await?;
    let all_docs = store.find::<Document>(council.id, &by_meeting).await?;
    let mut item_views = Vec::with_capacity(items.len());
    for item in &items {
        let documents: Vec<DocumentLine> = visible_docs
            .iter()
            .filter(|d| d.item == Some(item.id))
            .map(|d| DocumentLine {
                title: d.title.clone(),
                size: d.published_as.as_ref().map(ToString::to_string),
            })
            .collect();
        let total = all_docs.iter().filter(|d| d.record.item == Some(item.id)).count();
        let minute = match &item.minute {
            Some(m) => Some(MinuteView {
                number: m.number.to_string(),
                heading: m.heading.clone(),
                paragraphs: reader.may_read_minute(item, &m.text_visibility).await?.then(|| {
                    m.text
                        .split("\n\n")
                        .map(|p| p.trim().to_owned())
                        .filter(|p| !p.is_empty())
                        .collect()
                }),
            }),
            None => None,
        };
        let item_resolutions: Vec<String> = resolutions
            .iter()
            .filter(|r| r.record.item == item.id)
            .map(|r| r.record.text.clone())
            .collect();
        item_views.push(ItemView {
            number: item.number.to_string(),
            title: item.title.clone(),
            description: item.description.clone(),
            exemption: item
                .exemption
                .as_ref()
                .map(|e| format!("Exempt: {} ({}). {}", e.paragraph, e.paragraph.summary(), e.reason)),
            urgency: item.urgency.clone(),
            published_pages: item.published_pages.map(|p| p.to_string()),
            presenters: item.presenters.iter().map(|p| p.role.clone()).collect(),
            withheld_documents: total - documents.len(),
            documents,
            minute,
            numbered_resolutions: item_resolutions.len() > 1,
            resolutions: item_resolutions,
        });
    }

    let venue = match meeting.venue {
        Some(id) => {
            let v = store.fetch(council.id, id).await?.record;
            Some(
                [Some(v.name), v.address, v.postcode]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(", "),
            )
        }
        None => None,
    };
    let contact = match meeting.contact_officer.or(committee.contact_officer) {
        Some(id) => Some(store.fetch(council.id, id).await?.record.name),
        None => None,
    };
    let mut present = Vec::new();
    let mut apologies = Vec::new();
    for a in attendance.iter().map(|s| &s.record) {
        let mut line = name(&a.member);
        if a.in_chair {
            line.push_str(" (in the Chair)");
        }
        if let Some(sub) = &a.substitute_for {
            line.push_str(&format!(" (substitute for {})", name(sub)));
        }
        if let Some(n) = a.left_during {
            line.push_str(&format!(" (left during item {n})"));
        }
        match a.status {
            AttendanceStatus::Present => present.push(line),
            AttendanceStatus::Apologies => apologies.push(line),
            AttendanceStatus::Absent => {}
        }
    }
    let declarations = declarations
        .iter()
        .map(|s| &s.record)
        .map(|d| {
            let kind = match d.kind {
                InterestKind::DisclosablePecuniary => "a disclosable pecuniary interest",
                InterestKind::OtherRegistrable => "an other registrable interest",
                InterestKind::NonPecuniary => "a non-pecuniary interest",
                InterestKind::Other => "an interest",
            };
            let mut line = format!("{} declared {kind}", name(&d.member));
            if let Some(item) = &d.item {
                line.push_str(&format!(" in {}", item_label(item)));
            }
            line.push_str(&format!(", {}.", d.text.trim_end_matches('.')));
            if d.left_room {
                line.push_str(" They left the meeting for that item and did not take part in the discussion or vote.");
            }
            line
        })
        .collect();
    let exclusions = exclusions
        .iter()
        .map(|s| {
            format!(
                "The press and public were excluded for {} under {}.",
                item_label(&s.record.item),
                s.record.paragraph
            )
        })
        .collect();

    Ok(MeetingPage {
        council: council.name.clone(),
        committee: committee.name.clone(),
        date: long_date(meeting.starts_at.date()),
        time: time(meeting.starts_at),
        status: meeting.status.to_string(),
        venue,
        webcast_url: meeting.webcast_url.clone(),
        pre_meeting_note: meeting.pre_meeting_note.clone(),
        contact,
        present,
        apologies,
        declarations,
        exclusions,
        items: item_views,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meeting_keys() {
        let (d, s) = parse_key("2021-06-15-improving-lives-select-commission").expect("valid");
        assert_eq!(
            (d.to_string(), s.as_str()),
            ("2021-06-15".to_owned(), "improving-lives-select-commission")
        );
        for bad in [
            "2021-06-15",
            "2021-06-15x-ilsc",
            "2021-13-15-ilsc",
            "../etc",
            "2021-06-15-ILSC",
        ] {
            assert!(parse_key(bad).is_none(), "{bad}");
        }
    }
}
