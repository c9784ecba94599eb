//! Meetings and what they record: agenda items with their minutes, resolutions with their
//! votes, attendance and declarations. A meeting at its own address embeds all of it, as far
//! as the public may read it (`open_data::contents`).

use moot_app::links::meeting_path;
use moot_app::open_data;
use moot_domain::{
    AgendaItem, AgendaItemId, Attendance, Committee, Declaration, Meeting, Resolution, ResolutionKind, Venue,
};
use moot_store::{Filter, StoreExt};

use super::objects::{self, Times};
use super::papers;
use super::{Ctx, FilterName, Filters, Resource, as_listed};
use crate::WebError;
use crate::format::offset_time;
use crate::json::code;

async fn meeting_object(
    ctx: &Ctx<'_>,
    m: &Meeting,
    committee: &Committee,
    times: Times,
) -> Result<objects::Meeting, WebError> {
    let venue = match m.venue {
        Some(v) => ctx.reader.store.live::<Venue>(ctx.reader.council, v).await?,
        None => None,
    };
    let tz = &ctx.reader.tz;
    Ok(objects::Meeting {
        id: m.id.to_string(),
        committee: m.committee.to_string(),
        name: committee.name.clone(),
        starts_at: offset_time(tz, m.starts_at)?,
        ends_at: m.ends_at.map(|e| offset_time(tz, e)).transpose()?,
        status: code(&m.status),
        status_reason: m.status_reason.clone(),
        previous_times: m
            .previous_times
            .iter()
            .map(|t| offset_time(tz, *t))
            .collect::<Result<_, _>>()?,
        venue: venue.map(|v| objects::Venue {
            name: v.name,
            address: v.address,
            postcode: v.postcode,
            online: v.online,
        }),
        webcast_url: m.webcast_url.clone(),
        web: format!("{}{}", ctx.site, meeting_path(m, committee)),
        times,
    })
}

pub struct Meetings;

impl Resource for Meetings {
    type Record = Meeting;
    type Object = objects::Meeting;
    type Detail = objects::MeetingDetail;
    const PATH: &'static str = "meetings";
    const ABOUT: &'static str = "Meetings of every committee, held, to come, cancelled and moved. A meeting at its own \
        address carries its agenda items (with minutes, resolutions and papers), attendance and declarations.";
    const FILTERS: &'static [FilterName] = &[FilterName::Committee, FilterName::From, FilterName::To];

    fn fits(m: &Meeting, f: &Filters) -> bool {
        f.pass(Some(m.committee), None, None, Some(m.starts_at.date()))
    }

    async fn object(ctx: &Ctx<'_>, m: Meeting, times: Times) -> Result<objects::Meeting, WebError> {
        let committee = ctx.reader.store.fetch(ctx.reader.council, m.committee).await?.record;
        meeting_object(ctx, &m, &committee, times).await
    }

    async fn detail(ctx: &Ctx<'_>, m: Meeting, times: Times) -> Result<objects::MeetingDetail, WebError> {
        let store = ctx.reader.store;
        let council = ctx.reader.council;
        let committee = store.fetch(council, m.committee).await?.record;
        let contents = open_data::contents(&ctx.reader, &m).await?;
        let by_meeting = Filter::eq("meeting_id", m.id);
        let resolutions: Vec<Resolution> = store
            .find::<Resolution>(council, &by_meeting)
            .await?
            .into_iter()
            .map(|s| s.record)
            .collect();
        let mut items = Vec::with_capacity(contents.items.len());
        for (order, item) in &contents.items {
            let times = ctx.times(item.id).await?;
            let object = item_object(ctx, &m, &committee, *order, item, times).await?;
            let mut item_resolutions = Vec::new();
            if object.minute.is_some() {
                for r in resolutions.iter().filter(|r| r.item == item.id) {
                    let times = ctx.times(r.id).await?;
                    item_resolutions.push(resolution(r.clone(), times));
                }
            }
            let mut documents = Vec::new();
            for d in contents.documents.iter().filter(|d| d.item == Some(item.id)) {
                let times = ctx.times(d.id).await?;
                documents.push(papers::document(ctx, d.clone(), times));
            }
            items.push(objects::ItemDetail {
                item: object,
                resolutions: item_resolutions,
                documents,
            });
        }
        let mut documents = Vec::new();
        for d in contents.documents.iter().filter(|d| d.item.is_none()) {
            let times = ctx.times(d.id).await?;
            documents.push(papers::document(ctx, d.clone(), times));
        }
        let mut attendance = Vec::new();
        for a in store.find::<Attendance>(council, &by_meeting).await? {
            let times = ctx.times(a.record.id).await?;
            attendance.push(attendance_object(a.record, times));
        }
        let readable: Vec<AgendaItemId> = contents.items.iter().map(|(_, i)| i.id).collect();
        let mut declarations = Vec::new();
        for d in store.find::<Declaration>(council, &by_meeting).await? {
            let times = ctx.times(d.record.id).await?;
            let item_readable = d.record.item.is_some_and(|i| readable.contains(&i));
            declarations.push(declaration(d.record, item_readable, times));
        }
        Ok(objects::MeetingDetail {
            meeting: meeting_object(ctx, &m, &committee, times).await?,
            items,
            documents,
            attendance,
            declarations,
        })
    }
}

/// An item as the public reads it: its minute only where the public may read the minute,
/// an exempt item's paragraph but never its reasons.
async fn item_object(
    ctx: &Ctx<'_>,
    meeting: &Meeting,
    committee: &Committee,
    order: u32,
    item: &AgendaItem,
    times: Times,
) -> Result<objects::Item, WebError> {
    let minute = ctx.reader.minute(item).await?.map(|m| objects::Minute {
        number: m.number.get(),
        heading: m.heading.clone(),
        text: m.text.clone(),
    });
    Ok(objects::Item {
        id: item.id.to_string(),
        meeting: item.meeting.to_string(),
        committee: item.committee.to_string(),
        number: item.number.to_string(),
        order,
        title: item.title.clone(),
        description: item.description.clone(),
        exempt: item.exemption.is_some(),
        schedule_12a_paragraph: item.exemption.as_ref().map(|e| e.paragraph.number()),
        urgency: item.urgency.clone(),
        minute,
        web: format!("{}{}/items/{}", ctx.site, meeting_path(meeting, committee), item.number),
        times,
    })
}

/// The item with its meeting, committee and place on the agenda.
async fn placed(ctx: &Ctx<'_>, item: &AgendaItem) -> Result<(Meeting, Committee, u32), WebError> {
    let store = ctx.reader.store;
    let meeting = store.fetch(ctx.reader.council, item.meeting).await?.record;
    let committee = store.fetch(ctx.reader.council, meeting.committee).await?.record;
    let order = store
        .find::<AgendaItem>(ctx.reader.council, &Filter::eq("meeting_id", meeting.id))
        .await?
        .iter()
        .position(|s| s.record.id == item.id)
        .map_or(0, |p| u32::try_from(p + 1).unwrap_or(u32::MAX));
    Ok((meeting, committee, order))
}

pub struct Items;

impl Resource for Items {
    type Record = AgendaItem;
    type Object = objects::Item;
    type Detail = objects::ItemDetail;
    const PATH: &'static str = "items";
    const ABOUT: &'static str = "Agenda items of published agendas, each with its minute once the public may read it. \
        An item at its own address carries its resolutions and papers.";
    const FILTERS: &'static [FilterName] = &[FilterName::Committee, FilterName::Meeting];

    fn fits(i: &AgendaItem, f: &Filters) -> bool {
        f.pass(Some(i.committee), Some(i.meeting), None, None)
    }

    async fn object(ctx: &Ctx<'_>, item: AgendaItem, times: Times) -> Result<objects::Item, WebError> {
        let (meeting, committee, order) = placed(ctx, &item).await?;
        item_object(ctx, &meeting, &committee, order, &item, times).await
    }

    async fn detail(ctx: &Ctx<'_>, item: AgendaItem, times: Times) -> Result<objects::ItemDetail, WebError> {
        let (meeting, committee, order) = placed(ctx, &item).await?;
        let object = item_object(ctx, &meeting, &committee, order, &item, times).await?;
        let mut resolutions = Vec::new();
        if object.minute.is_some() {
            for r in ctx
                .reader
                .store
                .find::<Resolution>(ctx.reader.council, &Filter::eq("item_id", item.id))
                .await?
            {
                let times = ctx.times(r.record.id).await?;
                resolutions.push(resolution(r.record, times));
            }
        }
        let contents = open_data::contents(&ctx.reader, &meeting).await?;
        let mut documents = Vec::new();
        for d in contents.documents.into_iter().filter(|d| d.item == Some(item.id)) {
            let times = ctx.times(d.id).await?;
            documents.push(papers::document(ctx, d, times));
        }
        Ok(objects::ItemDetail {
            item: object,
            resolutions,
            documents,
        })
    }
}

fn resolution(r: Resolution, times: Times) -> objects::Resolution {
    let (kind, recommended_to) = match &r.kind {
        ResolutionKind::Noted => ("noted", None),
        ResolutionKind::Approved => ("approved", None),
        ResolutionKind::Recommendation { to, .. } => ("recommendation", Some(to.clone())),
        ResolutionKind::Action => ("action", None),
        ResolutionKind::Appointment => ("appointment", None),
        ResolutionKind::Other => ("other", None),
    };
    objects::Resolution {
        id: r.id.to_string(),
        meeting: r.meeting.to_string(),
        item: r.item.to_string(),
        number: r.number,
        text: r.text,
        kind: kind.to_owned(),
        recommended_to,
        vote: r.vote.map(|v| objects::Vote {
            outcome: code(&v.outcome),
            mover: v.mover.map(|m| m.to_string()),
            seconder: v.seconder.map(|m| m.to_string()),
            recorded: v
                .recorded
                .into_iter()
                .map(|r| objects::RecordedVote {
                    member: r.member.to_string(),
                    choice: code(&r.choice),
                })
                .collect(),
        }),
        times,
    }
}

pub struct Resolutions;

impl Resource for Resolutions {
    type Record = Resolution;
    type Object = objects::Resolution;
    const PATH: &'static str = "resolutions";
    const ABOUT: &'static str =
        "What committees resolved, with the vote where one was recorded, once the minutes are public.";
    const FILTERS: &'static [FilterName] = &[FilterName::Meeting];

    fn fits(r: &Resolution, f: &Filters) -> bool {
        f.pass(None, Some(r.meeting), None, None)
    }

    async fn object(_: &Ctx<'_>, r: Resolution, times: Times) -> Result<objects::Resolution, WebError> {
        Ok(resolution(r, times))
    }

    as_listed!();
}

fn attendance_object(a: Attendance, times: Times) -> objects::Attendance {
    objects::Attendance {
        id: a.id.to_string(),
        meeting: a.meeting.to_string(),
        member: a.member.to_string(),
        status: code(&a.status),
        in_chair: a.in_chair,
        remote: a.remote,
        substitute_for: a.substitute_for.map(|m| m.to_string()),
        arrived_during: a.arrived_during.map(|n| n.to_string()),
        left_during: a.left_during.map(|n| n.to_string()),
        times,
    }
}

pub struct Attendances;

impl Resource for Attendances {
    type Record = Attendance;
    type Object = objects::Attendance;
    const PATH: &'static str = "attendance";
    const ABOUT: &'static str = "Who was present, sent apologies or was absent at each meeting.";
    const FILTERS: &'static [FilterName] = &[FilterName::Meeting, FilterName::Member];

    fn fits(a: &Attendance, f: &Filters) -> bool {
        f.pass(None, Some(a.meeting), Some(a.member), None)
    }

    async fn object(_: &Ctx<'_>, a: Attendance, times: Times) -> Result<objects::Attendance, WebError> {
        Ok(attendance_object(a, times))
    }

    as_listed!();
}

/// A declaration names its item only where the public may read that item.
fn declaration(d: Declaration, item_readable: bool, times: Times) -> objects::Declaration {
    objects::Declaration {
        id: d.id.to_string(),
        meeting: d.meeting.to_string(),
        item: d.item.filter(|_| item_readable).map(|i| i.to_string()),
        member: d.member.to_string(),
        kind: code(&d.kind),
        text: d.text,
        left_room: d.left_room,
        did_not_vote: d.did_not_vote,
        dispensation: d.dispensation,
        times,
    }
}

pub struct Declarations;

impl Resource for Declarations {
    type Record = Declaration;
    type Object = objects::Declaration;
    const PATH: &'static str = "declarations";
    const ABOUT: &'static str = "Interests members declared at meetings.";
    const FILTERS: &'static [FilterName] = &[FilterName::Meeting, FilterName::Member];

    fn fits(d: &Declaration, f: &Filters) -> bool {
        f.pass(None, Some(d.meeting), Some(d.member), None)
    }

    async fn object(ctx: &Ctx<'_>, d: Declaration, times: Times) -> Result<objects::Declaration, WebError> {
        let readable = match d.item {
            Some(i) => match ctx.reader.store.live::<AgendaItem>(ctx.reader.council, i).await? {
                Some(item) => open_data::public(&ctx.reader, &moot_store::Record::AgendaItem(item)).await?,
                None => false,
            },
            None => false,
        };
        Ok(declaration(d, readable, times))
    }

    as_listed!();
}
