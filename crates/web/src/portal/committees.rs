//! The committees index (by kind) and a committee's page: remit, contact, members by municipal
//! year, meetings by municipal year, the work programme and the actions it is monitoring.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use jiff::civil::Date;
use moot_domain::minutes::series_start;
use moot_domain::*;
use moot_store::{Filter, StoreExt};

use super::icalendar::Subscription;
use crate::extract::SlugPath;
use crate::format::{long_date, meeting_path, time};
use crate::site::Site;
use crate::{AppState, WebError};

struct KindGroup {
    heading: &'static str,
    committees: Vec<Committee>,
}

#[derive(Template)]
#[template(path = "portal/committees.html")]
struct Index {
    base: String,
    council: String,
    groups: Vec<KindGroup>,
}

fn kind_heading(kind: CommitteeKind) -> &'static str {
    match kind {
        CommitteeKind::FullCouncil => "Full Council",
        CommitteeKind::Executive => "Cabinet and executive",
        CommitteeKind::OverviewAndScrutiny | CommitteeKind::SelectCommission => "Scrutiny",
        CommitteeKind::Regulatory => "Regulatory committees",
        CommitteeKind::Panel => "Panels",
        CommitteeKind::SubGroup | CommitteeKind::ProjectGroup => "Sub-groups and project groups",
        CommitteeKind::Outside => "Outside bodies",
        CommitteeKind::Other => "Other bodies",
    }
}

/// `/committees`
pub async fn index(State(state): State<AppState>, site: Site) -> Result<Html<String>, WebError> {
    super::rendered(|| async {
        let all = state
            .store
            .find::<Committee>(site.council.id, &Filter::eq("status", "active"))
            .await?;
        let mut groups: Vec<KindGroup> = Vec::new();
        for c in all.into_iter().map(|s| s.record) {
            let heading = kind_heading(c.kind);
            match groups.iter_mut().find(|g| g.heading == heading) {
                Some(g) => g.committees.push(c),
                None => groups.push(KindGroup {
                    heading,
                    committees: vec![c],
                }),
            }
        }
        groups.sort_by_key(|g| g.heading);
        Ok(Index {
            base: site.base.clone(),
            council: site.council.name.clone(),
            groups,
        }
        .render()?)
    })
    .await
}

struct Seat {
    member_path: String,
    name: String,
    role: String,
}

struct YearOfSeats {
    label: String,
    seats: Vec<Seat>,
}

struct MeetingLine {
    path: String,
    when: String,
    status: String,
}

struct YearOfMeetings {
    label: String,
    meetings: Vec<MeetingLine>,
}

struct WorkRow {
    when: Option<String>,
    title: String,
    details: String,
    status: Option<String>,
    updated: Option<String>,
}

struct ActionRow {
    description: String,
    owner: Option<String>,
    due: Option<String>,
    status: &'static str,
    outcome: Option<String>,
}

#[derive(Template)]
#[template(path = "portal/committee.html")]
struct CommitteePage {
    base: String,
    subscription: Subscription,
    council: String,
    committee: Committee,
    parent: Option<(String, String)>,
    contact: Option<Officer>,
    current: Vec<Seat>,
    earlier: Vec<YearOfSeats>,
    upcoming: Vec<MeetingLine>,
    past: Vec<YearOfMeetings>,
    programme_year: Option<String>,
    scheduled: Vec<WorkRow>,
    pending: Vec<WorkRow>,
    groups: Vec<WorkRow>,
    actions: Vec<ActionRow>,
}

/// The municipal year a date falls in ("2021/22"), from the council's annual meetings.
pub fn year_label(annual: &[Date], day: Date) -> String {
    series_start(annual, day).map_or_else(
        |_| "Earlier years".to_owned(),
        |start| MunicipalYear { starts: start }.to_string(),
    )
}

/// `/committees/{slug}`
pub async fn page(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<SlugPath>,
    headers: axum::http::HeaderMap,
) -> Result<Html<String>, WebError> {
    let store = &*state.store;
    let council = &site.council;
    let committee: Committee = crate::lookup::by_slug(store, council.id, &path.slug).await?;
    let subscription = Subscription::to(&site, &headers, &format!("/committees/{}/calendar.ics", committee.slug));
    super::rendered(|| async {
        let today = moot_app::now_in(council)?;
        let annual: Vec<Date> = store
            .find::<AnnualMeeting>(council.id, &Filter::all())
            .await?
            .into_iter()
            .map(|s| s.record.date)
            .collect();
        let members: HashMap<MemberId, Member> = store
            .find::<Member>(council.id, &Filter::all())
            .await?
            .into_iter()
            .map(|s| (s.record.id, s.record))
            .collect();
        let seat = |m: &Membership| {
            members.get(&m.member).map(|member| Seat {
                member_path: format!("{}/members/{}", site.base, member.slug),
                name: member.display_name(),
                role: m.styled.clone().unwrap_or_else(|| m.role.label().to_owned()),
            })
        };
        let mut memberships: Vec<Membership> = store
            .find::<Membership>(council.id, &Filter::eq("committee_id", committee.id))
            .await?
            .into_iter()
            .map(|s| s.record)
            .collect();
        memberships.sort_by_key(|m| (m.role, members.get(&m.member).map(|x| x.family_name.clone())));
        let current: Vec<Seat> = memberships
            .iter()
            .filter(|m| m.holds_on(today.date()))
            .filter_map(seat)
            .collect();
        let mut earlier: BTreeMap<String, Vec<Seat>> = BTreeMap::new();
        for m in memberships.iter().filter(|m| !m.holds_on(today.date())) {
            if let Some(s) = seat(m) {
                earlier.entry(year_label(&annual, m.from)).or_default().push(s);
            }
        }

        let meetings = store
            .find::<Meeting>(council.id, &Filter::eq("committee_id", committee.id))
            .await?;
        let line = |m: &Meeting| MeetingLine {
            path: format!("{}{}", site.base, meeting_path(m, &committee)),
            when: format!("{}, {}", long_date(m.starts_at.date()), time(m.starts_at)),
            status: m.status.to_string(),
        };
        let upcoming = meetings
            .iter()
            .map(|s| &s.record)
            .filter(|m| m.starts_at >= today)
            .map(line)
            .collect();
        let mut past: BTreeMap<String, Vec<MeetingLine>> = BTreeMap::new();
        for m in meetings.iter().rev().map(|s| &s.record).filter(|m| m.starts_at < today) {
            past.entry(year_label(&annual, m.starts_at.date()))
                .or_default()
                .push(line(m));
        }

        // This municipal year's programme; earlier years' rows stay in the record.
        let (programme, programme_year) =
            match moot_store::lookup::year_in_force(store, council.id, today.date()).await? {
                Some(year) => {
                    let rows = moot_store::lookup::work_programme(store, council.id, &committee, &year.record).await?;
                    let label = (!rows.is_empty()).then(|| year.record.municipal_year().to_string());
                    (rows.into_iter().map(|s| s.record).collect::<Vec<_>>(), label)
                }
                None => (Vec::new(), None),
            };
        let row = |e: &WorkProgrammeEntry| WorkRow {
            when: match e.section {
                WorkSection::Scheduled { date, .. } => Some(long_date(date)),
                _ => None,
            },
            title: e.title.clone(),
            details: e.printed_details(),
            status: e.status.clone(),
            updated: e.updated.map(long_date),
        };
        let in_section =
            |want: fn(&WorkSection) -> bool| programme.iter().filter(|e| want(&e.section)).map(row).collect();
        let officers: HashMap<OfficerId, Officer> = store
            .find::<Officer>(council.id, &Filter::all())
            .await?
            .into_iter()
            .map(|s| (s.record.id, s.record))
            .collect();
        // A draft minute's actions wait for its publication; an exempt one's stay private.
        let today = moot_app::now_in(council)?.date();
        let mut actions = Vec::new();
        for a in store
            .find::<Action>(council.id, &Filter::eq("committee_id", committee.id))
            .await?
        {
            let item = match a.record.resolution {
                Some(r) => match store.live::<Resolution>(council.id, r).await? {
                    Some(r) => store.live::<AgendaItem>(council.id, r.item).await?,
                    None => None,
                },
                None => None,
            };
            if access::action_is_public(&a.record, item.as_ref(), today) {
                actions.push(a.record);
            }
        }
        let actions = actions
            .into_iter()
            .map(|a| ActionRow {
                owner: a
                    .owner
                    .and_then(|o| officers.get(&o).map(|o| o.name.clone()))
                    .or(a.owner_text.clone()),
                due: a.due.map(long_date),
                status: a.status.label(),
                outcome: a.outcome,
                description: a.description,
            })
            .collect();
        let parent = match committee.parent {
            Some(p) => store
                .live(council.id, p)
                .await?
                .map(|p| (format!("{}/committees/{}", site.base, p.slug), p.name)),
            None => None,
        };
        Ok(CommitteePage {
            base: site.base.clone(),
            subscription,
            council: council.name.clone(),
            parent,
            contact: committee.contact_officer.and_then(|o| officers.get(&o).cloned()),
            current,
            earlier: earlier
                .into_iter()
                .rev()
                .map(|(label, seats)| YearOfSeats { label, seats })
                .collect(),
            upcoming,
            past: past
                .into_iter()
                .rev()
                .map(|(label, meetings)| YearOfMeetings { label, meetings })
                .collect(),
            programme_year,
            scheduled: in_section(|s| matches!(s, WorkSection::Scheduled { .. })),
            pending: in_section(|s| matches!(s, WorkSection::Pending)),
            groups: in_section(|s| matches!(s, WorkSection::Group { .. })),
            actions,
            committee: committee.clone(),
        }
        .render()?)
    })
    .await
}
