//! Reading from the store what a meeting's PDFs are made of, and shaping it into the data
//! the templates print. Nothing here typesets; everything here is plain data, so that the
//! same data always gives the same fingerprint.

use std::collections::HashMap;

use moot_domain::markdown;
use moot_domain::wording::{clock_time, exemption_notice, long_date, short_date};
use moot_domain::*;
use moot_store::{Filter, Store, StoreExt, Stored};
use serde::Serialize;

use crate::RenderError;
use crate::pack::FrontSheet;

/// Everything about one meeting that its pack and minutes print.
#[derive(Debug)]
pub struct MeetingFacts {
    pub council: Council,
    pub committee: Committee,
    pub meeting: Meeting,
    pub venue: Option<Venue>,
    /// In agenda order.
    pub items: Vec<AgendaItem>,
    /// The meeting's documents with the version they were read at, items' documents in agenda
    /// order.
    pub documents: Vec<Stored<Document>>,
    pub resolutions: Vec<Resolution>,
    pub attendance: Vec<Attendance>,
    pub declarations: Vec<Declaration>,
    pub members: HashMap<MemberId, Member>,
    pub memberships: Vec<Membership>,
    pub signed_by: Option<Officer>,
    /// Everyone the minutes may name as in attendance.
    pub people: moot_store::lookup::People,
}

impl MeetingFacts {
    pub async fn load(store: &dyn Store, council: &Council, meeting: MeetingId) -> Result<Self, RenderError> {
        let cid = council.id;
        let meeting: Meeting = store.fetch(cid, meeting).await?.record;
        let committee: Committee = store.fetch(cid, meeting.committee).await?.record;
        let by_meeting = Filter::eq("meeting_id", meeting.id);
        let items: Vec<AgendaItem> = records(store.find(cid, &by_meeting).await?);
        let mut documents: Vec<Stored<Document>> = store.find(cid, &by_meeting).await?;
        let order = |d: &Document| {
            let item = d.item.and_then(|i| items.iter().position(|x| x.id == i));
            (item.is_some(), item, d.position)
        };
        documents.sort_by_key(|d| order(&d.record));
        let venue = match meeting.venue {
            Some(v) => store.live(cid, v).await?,
            None => None,
        };
        let signed_by = match meeting.signed_by {
            Some(o) => store.live(cid, o).await?,
            None => None,
        };
        Ok(Self {
            resolutions: records(store.find(cid, &by_meeting).await?),
            attendance: records(store.find(cid, &by_meeting).await?),
            declarations: records(store.find(cid, &by_meeting).await?),
            members: records(store.find::<Member>(cid, &Filter::all()).await?)
                .into_iter()
                .map(|m: Member| (m.id, m))
                .collect(),
            memberships: records(store.find(cid, &Filter::eq("committee_id", committee.id)).await?),
            council: council.clone(),
            committee,
            meeting,
            venue,
            items,
            documents,
            signed_by,
            people: moot_store::lookup::People::of(store, cid).await?,
        })
    }

    /// `2021-06-15-improving-lives-select-commission`: the meeting's key in URLs and file names.
    pub fn key(&self) -> String {
        format!("{}-{}", self.meeting.starts_at.date(), self.committee.slug)
    }

    pub fn date(&self) -> String {
        long_date(self.meeting.starts_at.date())
    }

    fn name(&self, id: &MemberId) -> String {
        self.members
            .get(id)
            .map_or_else(|| "an unknown member".to_owned(), Member::display_name)
    }

    /// The committee's members on the day, chair and vice-chair first, as a front sheet lists them.
    fn membership_line(&self) -> String {
        let day = self.meeting.starts_at.date();
        let mut seats: Vec<(&Membership, &Member)> = self
            .memberships
            .iter()
            .filter(|s| s.from <= day && s.to.is_none_or(|to| to >= day))
            .filter(|s| s.role != CommitteeRole::Substitute)
            .filter_map(|s| self.members.get(&s.member).map(|m| (s, m)))
            .collect();
        let rank = |r: CommitteeRole| match r {
            CommitteeRole::Chair => 0,
            CommitteeRole::ViceChair => 1,
            _ => 2,
        };
        seats.sort_by(|a, b| {
            (rank(a.0.role), &a.1.family_name, &a.1.given_names).cmp(&(
                rank(b.0.role),
                &b.1.family_name,
                &b.1.given_names,
            ))
        });
        let shared = |m: &Member| seats.iter().filter(|(_, o)| o.family_name == m.family_name).count() > 1;
        let names: Vec<String> = seats
            .iter()
            .map(|(seat, m)| {
                let initial = m.given_names.as_deref().and_then(|g| g.chars().next());
                let mut name = match initial {
                    Some(i) if shared(m) => format!("{i} {}", m.family_name),
                    _ => m.family_name.clone(),
                };
                match seat.role {
                    CommitteeRole::Chair | CommitteeRole::ViceChair => {
                        name.push_str(&format!(" ({})", seat.styled.as_deref().unwrap_or(seat.role.label())));
                    }
                    _ => {}
                }
                name
            })
            .collect();
        match names.split_last() {
            None => "To be appointed".to_owned(),
            Some((only, [])) => format!("Councillor {only}"),
            Some((last, rest)) => format!("Councillors {} and {last}", rest.join(", ")),
        }
    }

    pub fn front_sheet(&self, title: &str) -> FrontSheet {
        let venue = match &self.venue {
            Some(v) if v.online => format!("Online: {}", v.name),
            Some(v) => [Some(v.name.clone()), v.address.clone(), v.postcode.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", "),
            None => "To be confirmed".to_owned(),
        };
        let wording = &self.council.settings.wording;
        let mut notices = Vec::new();
        if let Some(url) = &self.meeting.webcast_url {
            notices.push(wording.webcast_at(url));
        } else if self.committee.webcast {
            notices.push(wording.webcast_notice_without_link.clone());
        }
        notices.push(wording.recording_statement.clone());
        FrontSheet {
            title: title.to_owned(),
            council: self.council.name.clone(),
            committee: self.committee.name.clone(),
            when: format!("{} at {}", self.date(), clock_time(self.meeting.starts_at)),
            venue,
            membership: self.membership_line(),
            notices,
            pre_meeting_note: self.meeting.pre_meeting_note.clone(),
            sign_off: self.signed_by.as_ref().map_or_else(Vec::new, |o| {
                wording.sign_off_for(&o.name, o.job_title.as_deref().unwrap_or_default())
            }),
        }
    }

    /// The minutes of this meeting as the minutes template prints them. Minutes that are not
    /// public (heading, text and resolutions) are withheld: this is the public record.
    pub fn minutes(&self) -> MinutesOfMeeting {
        let mut present = Vec::new();
        let mut apologies = Vec::new();
        for a in &self.attendance {
            let substitute_for = a.substitute_for.as_ref().map(|m| self.name(m));
            let line = moot_domain::wording::attendance_line(a, &self.name(&a.member), substitute_for.as_deref());
            match a.status {
                AttendanceStatus::Present => present.push((a.in_chair, line)),
                AttendanceStatus::Apologies => apologies.push(line),
                AttendanceStatus::Absent => {}
            }
        }
        present.sort_by_key(|(chair, _)| !chair);
        let item_label = |id: &AgendaItemId| {
            self.items
                .iter()
                .find(|i| i.id == *id)
                .map(|i| format!("minute {} ({})", i.reference(), i.title))
        };
        MinutesOfMeeting {
            committee: self.committee.name.clone(),
            date: self.date(),
            present: (!present.is_empty()).then(|| present.into_iter().map(|(_, l)| l).collect::<Vec<_>>().join("; ")),
            apologies: (!apologies.is_empty()).then(|| apologies.join("; ")),
            in_attendance: self.attending(&self.meeting.in_attendance),
            webcast: self.meeting.webcast_url.clone(),
            minutes: self
                .items
                .iter()
                .filter_map(|item| {
                    let minute = item.minute.as_ref()?;
                    // What anyone may read: an anonymous reader, for whom the day does not matter.
                    let public = access::readable_minute(&Viewer::Anonymous, item, &[], self.meeting.starts_at.date());
                    Some(MinuteText {
                        number: minute.number.to_string(),
                        // A withheld minute is printed under the item's title, which the agenda made public.
                        heading: public.map_or(&item.title, |m| &m.heading).clone(),
                        text: public.map(|m| markdown::blocks(&m.text)).unwrap_or_default(),
                        withheld: public.is_none().then_some(match minute.text_visibility {
                            Visibility::Draft => "This minute is a draft and is not yet published.",
                            _ => "This minute records exempt information and is not published.",
                        }),
                        attending: public.and_then(|_| self.attending(&item.presenters)),
                        resolutions: if public.is_some() {
                            self.resolutions
                                .iter()
                                .filter(|r| r.item == item.id)
                                .map(|r| moot_domain::wording::resolution_line(r, &|m| self.name(m)))
                                .collect()
                        } else {
                            Vec::new()
                        },
                    })
                })
                .collect(),
            declarations: self
                .declarations
                .iter()
                .map(|d| {
                    let item = d.item.as_ref().and_then(item_label);
                    moot_domain::wording::declaration_line(d, &self.name(&d.member), item.as_deref())
                })
                .collect(),
        }
    }

    /// "Councillor Steele, Chair of …; Suzanne Joyner, Strategic Director": those in
    /// attendance who are not members, as one line, or none.
    fn attending(&self, who: &[Presenter]) -> Option<String> {
        (!who.is_empty()).then(|| who.iter().map(|p| self.people.line(p)).collect::<Vec<_>>().join("; "))
    }

    /// Whether minutes exist to print.
    pub fn has_minutes(&self) -> bool {
        matches!(
            self.meeting.status,
            MeetingStatus::DraftMinutes | MeetingStatus::MinutesApproved
        ) && self.items.iter().any(|i| i.minute.is_some())
    }

    /// The exemption line a front sheet prints against an item.
    pub fn exempt_line(item: &AgendaItem) -> Option<String> {
        item.exemption.as_ref().map(exemption_notice)
    }
}

fn records<T>(stored: Vec<Stored<T>>) -> Vec<T> {
    stored.into_iter().map(|s| s.record).collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct MinutesOfMeeting {
    pub committee: String,
    pub date: String,
    pub present: Option<String>,
    pub apologies: Option<String>,
    pub in_attendance: Option<String>,
    pub webcast: Option<String>,
    pub minutes: Vec<MinuteText>,
    pub declarations: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MinuteText {
    pub number: String,
    pub heading: String,
    /// The minute's Markdown as plain text, raw HTML dropped as the pages drop it.
    pub text: Vec<markdown::Block>,
    /// Why the minute is not printed, when it is not.
    pub withheld: Option<&'static str>,
    /// Those attending for this item who are not members.
    pub attending: Option<String>,
    pub resolutions: Vec<String>,
}

/// A committee's work programme for the municipal year a meeting falls in.
pub async fn work_programme(store: &dyn Store, facts: &MeetingFacts) -> Result<Vec<WorkProgrammeEntry>, RenderError> {
    let cid = facts.council.id;
    let Some(year) = moot_store::lookup::year_in_force(store, cid, facts.meeting.starts_at.date()).await? else {
        return Ok(Vec::new());
    };
    let rows = moot_store::lookup::work_programme(store, cid, &facts.committee, &year.record).await?;
    Ok(rows.into_iter().map(|s| s.record).collect())
}

/// The committee's monitoring report as it stands for a meeting: every action still open,
/// and those closed since the committee last met, in the order they were resolved. The
/// paper is public, so it holds only actions the public may read
/// ([`access::action_is_public`]): none from an item taken in private or an unpublished minute.
pub async fn monitoring_report(store: &dyn Store, facts: &MeetingFacts) -> Result<Table, RenderError> {
    let cid = facts.council.id;
    let day = facts.meeting.starts_at.date();
    let meetings: HashMap<MeetingId, Meeting> =
        records::<Meeting>(store.find(cid, &Filter::eq("committee_id", facts.committee.id)).await?)
            .into_iter()
            .map(|m| (m.id, m))
            .collect();
    let last_met = meetings
        .values()
        .filter(|m| m.starts_at < facts.meeting.starts_at && m.has_taken_place(facts.meeting.starts_at))
        .map(|m| m.starts_at.date())
        .max();
    let mut lines = Vec::new();
    for action in records::<Action>(store.find(cid, &Filter::eq("committee_id", facts.committee.id)).await?) {
        if !action.on_report(last_met) {
            continue;
        }
        let resolution = match action.resolution {
            Some(r) => store.live::<Resolution>(cid, r).await?,
            None => None,
        };
        let item = match &resolution {
            Some(r) => store.live::<AgendaItem>(cid, r.item).await?,
            None => None,
        };
        if !access::action_is_public(&action, item.as_ref(), day) {
            continue;
        }
        let resolved = resolution
            .as_ref()
            .and_then(|r| meetings.get(&r.meeting))
            .map(|m| m.starts_at.date());
        let owner = match action.owner {
            Some(o) => store.live::<Officer>(cid, o).await?.map(|o| o.name),
            None => None,
        };
        let due = action.due.or_else(|| {
            action
                .due_meeting
                .and_then(|m| meetings.get(&m))
                .map(|m| m.starts_at.date())
        });
        let mut progress = action.status.label().to_owned();
        if let Some(closed) = action.closed.filter(|_| action.status.is_closed()) {
            progress = format!("{progress} {}", short_date(closed));
        }
        if let Some(outcome) = &action.outcome {
            progress = format!("{progress}. {outcome}");
        }
        lines.push((
            resolved,
            action.id,
            vec![
                action.description.clone(),
                resolved.map(short_date).unwrap_or_default(),
                owner.or(action.owner_text.clone()).unwrap_or_default(),
                due.map(short_date).unwrap_or_default(),
                progress,
            ],
        ));
    }
    lines.sort_by_key(|(resolved, id, _)| (*resolved, *id));
    Ok(Table {
        heading: "Actions and recommendations".to_owned(),
        updated: None,
        columns: vec![
            "Resolution or recommendation",
            "Meeting date",
            "Who",
            "Due",
            "Status and progress",
        ],
        widths: vec![6, 2, 3, 2, 4],
        rows: lines.into_iter().map(|(_, _, row)| row).collect(),
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub heading: String,
    pub updated: Option<String>,
    pub columns: Vec<&'static str>,
    /// Relative column widths.
    pub widths: Vec<u32>,
    pub rows: Vec<Vec<String>>,
}

/// The work programme's tables: scheduled items by meeting, items pending, and (separately,
/// as councils report them under their own item) sub and project groups.
pub fn programme_tables(entries: &[WorkProgrammeEntry], groups: bool) -> Vec<Table> {
    let mut tables = Vec::new();
    if !groups {
        let mut scheduled: Vec<(&WorkProgrammeEntry, jiff::civil::Date)> = entries
            .iter()
            .filter_map(|e| match e.section {
                WorkSection::Scheduled { date, .. } => Some((e, date)),
                _ => None,
            })
            .collect();
        scheduled.sort_by_key(|(e, _)| e.order());
        let mut last = None;
        let rows = scheduled
            .iter()
            .map(|(e, d)| {
                let date = if last == Some(*d) { String::new() } else { long_date(*d) };
                last = Some(*d);
                vec![
                    date,
                    e.title.clone(),
                    e.printed_details(),
                    e.recommendations.clone().unwrap_or_default(),
                ]
            })
            .collect();
        tables.push(Table {
            heading: "Items by meeting".to_owned(),
            updated: None,
            columns: vec!["Meeting date", "Agenda item", "Purpose and outcomes", "Recommendations"],
            widths: vec![2, 3, 6, 3],
            rows,
        });
        tables.push(section_table(entries, "Items pending scheduling or removal", |s| {
            matches!(s, WorkSection::Pending)
        }));
    } else {
        tables.push(section_table(entries, "Sub and project group work", |s| {
            matches!(s, WorkSection::Group { .. })
        }));
    }
    tables
}

fn section_table(entries: &[WorkProgrammeEntry], heading: &str, pick: impl Fn(&WorkSection) -> bool) -> Table {
    let mut chosen: Vec<&WorkProgrammeEntry> = entries.iter().filter(|e| pick(&e.section)).collect();
    chosen.sort_by_key(|e| e.order());
    Table {
        heading: heading.to_owned(),
        updated: chosen.iter().filter_map(|e| e.updated).max().map(long_date),
        columns: vec!["Item", "Details", "Status"],
        widths: vec![3, 6, 4],
        rows: chosen
            .iter()
            .map(|e| {
                vec![
                    e.title.clone(),
                    e.printed_details(),
                    e.status.clone().unwrap_or_default(),
                ]
            })
            .collect(),
    }
}
