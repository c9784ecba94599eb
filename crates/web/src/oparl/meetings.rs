//! Meetings, their agenda items and venues. A meeting embeds its items (once its agenda is
//! public, and then only those a reader may read), its venue and its files, as the spec
//! embeds them; an item carries its minute and resolutions as `resolutionText` only where
//! the public may read the minute.

use moot_app::links::meeting_path;
use moot_app::open_data::Times;
use moot_domain::{AgendaItem, Committee, Document, DocumentKind, Meeting, MeetingStatus, Resolution, Venue};
use moot_store::{Filter, StoreExt};

use super::objects::{self, Location};
use super::papers::{self, Consultations};
use super::people::Organizations;
use super::{Ctx, Family, value};
use crate::WebError;
use crate::format::offset_time;

/// What a meeting's objects share: its committee, its items the public may read (in agenda
/// order, with their place among all its items) and its papers the public may see.
struct Gathered {
    committee: Committee,
    items: Vec<(u32, AgendaItem)>,
    documents: Vec<Document>,
}

async fn gather(ctx: &Ctx<'_>, meeting: &Meeting) -> Result<Gathered, WebError> {
    let committee = ctx
        .reader
        .store
        .fetch(ctx.reader.council, meeting.committee)
        .await?
        .record;
    let contents = moot_app::open_data::contents(&ctx.reader, meeting).await?;
    Ok(Gathered {
        committee,
        items: contents.items,
        documents: contents.documents,
    })
}

pub struct Meetings;

impl Family for Meetings {
    type Record = Meeting;
    const LIST: &'static str = "meetings";
    const OBJECT: &'static str = "meeting";
    const TYPE: &'static str = "Meeting";

    async fn object(ctx: &Ctx<'_>, m: Meeting, times: Times) -> Result<serde_json::Value, WebError> {
        let g = gather(ctx, &m).await?;
        let location = match m.venue {
            Some(v) => match ctx.reader.store.live::<Venue>(ctx.reader.council, v).await? {
                Some(venue) => {
                    let times = ctx.times(venue.id).await?;
                    Some(location(ctx, venue, times))
                }
                None => None,
            },
            None => None,
        };
        let mut invitation = None;
        let mut results_protocol = None;
        let mut auxiliary = Vec::new();
        for d in g.documents.iter().filter(|d| d.item.is_none()) {
            let times = ctx.times(d.id).await?;
            let Some(file) = papers::file(ctx, d, times) else {
                continue;
            };
            match d.kind {
                DocumentKind::AgendaFrontSheet if invitation.is_none() => invitation = Some(file),
                DocumentKind::Minutes if results_protocol.is_none() => results_protocol = Some(file),
                _ => auxiliary.push(file),
            }
        }
        let agenda_item = if ctx.omit_internal {
            None
        } else {
            let mut items = Vec::with_capacity(g.items.len());
            for (order, item) in &g.items {
                let times = ctx.times(item.id).await?;
                items.push(agenda_item(ctx, &m, &g, *order, item.clone(), times).await?);
            }
            Some(items)
        };
        value(objects::Meeting {
            common: ctx.common(
                Self::OBJECT,
                Self::TYPE,
                m.id,
                times,
                Some(format!("{}{}", ctx.site, meeting_path(&m, &g.committee))),
            ),
            name: g.committee.name.clone(),
            meeting_state: m.status.to_string(),
            cancelled: m.status == MeetingStatus::Cancelled,
            start: offset_time(&ctx.reader.tz, m.starts_at)?,
            end: m.ends_at.map(|e| offset_time(&ctx.reader.tz, e)).transpose()?,
            location,
            organization: vec![ctx.url(Organizations::OBJECT, m.committee)],
            invitation,
            results_protocol,
            auxiliary_file: (!ctx.omit_internal).then_some(auxiliary),
            agenda_item,
            webcast_url: m.webcast_url.clone(),
        })
    }
}

/// An item as the public reads it: its minute and resolutions only when the reader may
/// read the minute; an exempt item's paragraph, never its reason or content.
async fn agenda_item(
    ctx: &Ctx<'_>,
    meeting: &Meeting,
    g: &Gathered,
    order: u32,
    item: AgendaItem,
    times: Times,
) -> Result<objects::AgendaItem, WebError> {
    let (resolution_text, minute_number) = match ctx.reader.minute(&item).await? {
        Some(minute) => {
            let resolutions = ctx
                .reader
                .store
                .find::<Resolution>(ctx.reader.council, &Filter::eq("item_id", item.id))
                .await?;
            let mut text = format!("{}\n\n{}", minute.heading, minute.text);
            for r in resolutions {
                text.push_str("\n\n");
                text.push_str(&r.record.text);
            }
            (Some(text), Some(minute.number.to_string()))
        }
        None => (None, None),
    };
    let papers: Vec<&Document> = g.documents.iter().filter(|d| d.item == Some(item.id)).collect();
    let mut auxiliary = Vec::new();
    if !ctx.omit_internal {
        for d in &papers {
            let times = ctx.times(d.id).await?;
            auxiliary.extend(papers::file(ctx, d, times));
        }
    }
    let web = format!(
        "{}{}/items/{}",
        ctx.site,
        meeting_path(meeting, &g.committee),
        item.number
    );
    Ok(objects::AgendaItem {
        common: ctx.common(Items::OBJECT, Items::TYPE, item.id, times, Some(web)),
        meeting: ctx.url(Meetings::OBJECT, meeting.id),
        number: item.number.to_string(),
        order,
        name: item.title.clone(),
        public: item.exemption.is_none(),
        schedule_12a_paragraph: item.exemption.as_ref().map(|e| e.paragraph.number()),
        consultation: papers.first().map(|d| ctx.url(Consultations::OBJECT, d.id)),
        resolution_text,
        auxiliary_file: (!ctx.omit_internal).then_some(auxiliary),
        minute_number,
    })
}

pub struct Items;

impl Family for Items {
    type Record = AgendaItem;
    const LIST: &'static str = "agenda-items";
    const OBJECT: &'static str = "agenda-item";
    const TYPE: &'static str = "AgendaItem";

    async fn object(ctx: &Ctx<'_>, item: AgendaItem, times: Times) -> Result<serde_json::Value, WebError> {
        let meeting = ctx.reader.store.fetch(ctx.reader.council, item.meeting).await?.record;
        let g = gather(ctx, &meeting).await?;
        let order = g
            .items
            .iter()
            .find(|(_, i)| i.id == item.id)
            .map(|(order, _)| *order)
            .ok_or(WebError::NotFound)?;
        value(agenda_item(ctx, &meeting, &g, order, item, times).await?)
    }
}

fn location(ctx: &Ctx<'_>, v: Venue, times: Times) -> Location {
    let description = [Some(v.name.as_str()), v.address.as_deref(), v.postcode.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    Location {
        common: ctx.common(Locations::OBJECT, Locations::TYPE, v.id, times, None),
        description,
        street_address: v.address,
        postal_code: v.postcode,
        online: v.online,
    }
}

pub struct Locations;

impl Family for Locations {
    type Record = Venue;
    const LIST: &'static str = "locations";
    const OBJECT: &'static str = "location";
    const TYPE: &'static str = "Location";

    async fn object(ctx: &Ctx<'_>, v: Venue, times: Times) -> Result<serde_json::Value, WebError> {
        value(location(ctx, v, times))
    }
}
