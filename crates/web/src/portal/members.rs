//! Councillors: the index, and each member's page with their seats by municipal year, their
//! attendance record (expected, present, apologies) and the interests they declared.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use jiff::civil::Date;
use moot_domain::*;
use moot_store::{Filter, StoreExt};

use super::committees::year_label;
use super::icalendar::Subscription;
use crate::extract::SlugPath;
use crate::format::{long_date, meeting_path};
use crate::site::Site;
use crate::{AppState, WebError};

#[derive(Template)]
#[template(path = "portal/members.html")]
struct Index {
    base: String,
    council: String,
    members: Vec<Member>,
}

/// `/members`
pub async fn index(State(state): State<AppState>, site: Site) -> Result<Html<String>, WebError> {
    super::rendered(|| async {
        let members = state
            .store
            .find::<Member>(site.council.id, &Filter::all())
            .await?
            .into_iter()
            .map(|s| s.record)
            .collect();
        Ok(Index {
            base: site.base.clone(),
            council: site.council.name.clone(),
            members,
        }
        .render()?)
    })
    .await
}

struct Seat {
    committee_path: String,
    committee: String,
    role: String,
    period: String,
}

struct YearOfSeats {
    label: String,
    seats: Vec<Seat>,
}

struct AttendanceRow {
    meeting_path: String,
    committee: String,
    date: String,
    record: String,
}

struct DeclarationRow {
    meeting_path: String,
    date: String,
    item: Option<String>,
    kind: &'static str,
    text: String,
}

#[derive(Template)]
#[template(path = "portal/member.html")]
struct MemberPage {
    base: String,
    subscription: Subscription,
    council: String,
    member: Member,
    /// The term of office, where the council has recorded it.
    term: Option<String>,
    /// The telephone number as written, and as a `tel:` link dials it.
    phone: Option<(String, String)>,
    years: Vec<YearOfSeats>,
    expected: usize,
    present: usize,
    apologies: usize,
    attendance: Vec<AttendanceRow>,
    declarations: Vec<DeclarationRow>,
}

/// `/members/{slug}`
pub async fn page(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<SlugPath>,
    headers: axum::http::HeaderMap,
) -> Result<Html<String>, WebError> {
    let store = &*state.store;
    let council = &site.council;
    let member: Member = crate::lookup::by_slug(store, council.id, &path.slug).await?;
    let subscription = Subscription::to(&site, &headers, &format!("/members/{}/calendar.ics", member.slug));
    super::rendered(|| async {
        let annual: Vec<Date> = store
            .find::<AnnualMeeting>(council.id, &Filter::all())
            .await?
            .into_iter()
            .map(|s| s.record.date)
            .collect();
        let committees: HashMap<CommitteeId, Committee> = store
            .find::<Committee>(council.id, &Filter::all())
            .await?
            .into_iter()
            .map(|s| (s.record.id, s.record))
            .collect();
        let seats: Vec<Membership> = store
            .find::<Membership>(council.id, &Filter::eq("member_id", member.id))
            .await?
            .into_iter()
            .map(|s| s.record)
            .collect();
        let mut years: BTreeMap<String, Vec<Seat>> = BTreeMap::new();
        for s in &seats {
            if let Some(c) = committees.get(&s.committee) {
                years.entry(year_label(&annual, s.from)).or_default().push(Seat {
                    committee_path: format!("{}/committees/{}", site.base, c.slug),
                    committee: c.name.clone(),
                    role: s.styled.clone().unwrap_or_else(|| s.role.label().to_owned()),
                    period: match s.to {
                        Some(to) => format!("{} to {}", long_date(s.from), long_date(to)),
                        None => format!("from {}", long_date(s.from)),
                    },
                });
            }
        }

        // Expected: every meeting held while the member had a (non-substitute) seat on its committee.
        let attended: HashMap<MeetingId, Attendance> = store
            .find::<Attendance>(council.id, &Filter::eq("member_id", member.id))
            .await?
            .into_iter()
            .map(|s| (s.record.meeting, s.record))
            .collect();
        let now = moot_app::now_in(council)?;
        let mut rows = Vec::new();
        let (mut expected, mut present, mut apologies) = (0, 0, 0);
        let mut seen = std::collections::HashSet::new();
        for s in seats.iter().filter(|s| s.role != CommitteeRole::Substitute) {
            let Some(c) = committees.get(&s.committee) else {
                continue;
            };
            for m in store
                .find::<Meeting>(council.id, &Filter::eq("committee_id", c.id))
                .await?
                .into_iter()
                .map(|m| m.record)
            {
                if !m.has_taken_place(now) || !s.holds_on(m.starts_at.date()) || !seen.insert(m.id) {
                    continue;
                }
                expected += 1;
                let record = match attended.get(&m.id).map(|a| a.status) {
                    Some(AttendanceStatus::Present) => {
                        present += 1;
                        "Present"
                    }
                    Some(AttendanceStatus::Apologies) => {
                        apologies += 1;
                        "Apologies"
                    }
                    Some(AttendanceStatus::Absent) => "Absent",
                    None => "Not recorded",
                };
                rows.push((
                    m.starts_at,
                    AttendanceRow {
                        meeting_path: format!("{}{}", site.base, meeting_path(&m, c)),
                        committee: c.name.clone(),
                        date: long_date(m.starts_at.date()),
                        record: record.to_owned(),
                    },
                ));
            }
        }
        rows.sort_by_key(|r| std::cmp::Reverse(r.0));

        let mut declarations = Vec::new();
        for d in store
            .find::<Declaration>(council.id, &Filter::eq("member_id", member.id))
            .await?
            .into_iter()
            .map(|s| s.record)
        {
            let Some(m) = store.live(council.id, d.meeting).await? else {
                continue;
            };
            let Some(c) = committees.get(&m.committee) else {
                continue;
            };
            // An item's title is agenda content: not shown before the agenda is public.
            let item = match d.item {
                Some(i) => store
                    .live(council.id, i)
                    .await?
                    .filter(|i| moot_domain::access::may_read_item(&Viewer::Anonymous, &m, i))
                    .map(|i| format!("item {} ({})", i.number, i.title)),
                None => None,
            };
            declarations.push(DeclarationRow {
                meeting_path: format!("{}{}", site.base, meeting_path(&m, c)),
                date: long_date(m.starts_at.date()),
                item,
                kind: d.kind.label(),
                text: d.text,
            });
        }
        Ok(MemberPage {
            base: site.base.clone(),
            subscription,
            council: council.name.clone(),
            years: years
                .into_iter()
                .rev()
                .map(|(label, seats)| YearOfSeats { label, seats })
                .collect(),
            expected,
            present,
            apologies,
            attendance: rows.into_iter().map(|(_, r)| r).collect(),
            declarations,
            term: match (member.term_from, member.term_to) {
                (Some(from), Some(to)) => Some(format!("{} to {}", long_date(from), long_date(to))),
                (Some(from), None) => Some(format!("From {}", long_date(from))),
                (None, Some(to)) => Some(format!("Until {}", long_date(to))),
                (None, None) => None,
            },
            phone: member.phone.as_ref().map(|p| {
                let dial = p.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
                (p.clone(), dial)
            }),
            member: member.clone(),
        }
        .render()?)
    })
    .await
}
