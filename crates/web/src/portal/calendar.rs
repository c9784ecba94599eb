//! The calendar: a month of meetings as a grid and as a list, optionally for one committee.
//!
//! Its month links run only between the first and the last month with a meeting (and this
//! month), so a crawler following them ends; a month outside that span is still served, as
//! an address someone typed, but marked `noindex` and linked back into the span.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use jiff::ToSpan;
use jiff::civil::Date;
use moot_domain::{Committee, CommitteeId, Meeting, MeetingStatus};
use moot_store::{CondOp, Filter, StoreExt};
use serde::Deserialize;

use super::icalendar::Subscription;
use crate::format::{long_date, meeting_path, time};
use crate::site::Site;
use crate::{AppState, WebError};

#[derive(Debug, Deserialize)]
pub struct Params {
    /// "2021-06"
    month: Option<String>,
    /// A committee's slug.
    committee: Option<String>,
}

struct Entry {
    path: String,
    label: String,
    cancelled: bool,
}

struct Day {
    /// Day of the month, or 0 for the padding before the 1st and after the last.
    day: i8,
    entries: Vec<Entry>,
}

struct ListLine {
    path: String,
    when: String,
    committee: String,
    status: String,
}

#[derive(Template)]
#[template(path = "portal/calendar.html")]
struct CalendarPage {
    base: String,
    subscription: Subscription,
    council: String,
    title: String,
    weeks: Vec<Vec<Day>>,
    list: Vec<ListLine>,
    committees: Vec<Committee>,
    selected: Option<String>,
    /// The neighbouring months' addresses and names, where the calendar goes on.
    previous: Option<(String, String)>,
    next: Option<(String, String)>,
    /// Outside the months with meetings: not for search engines' indexes.
    outside: bool,
}

/// The first and last month with a meeting (of `committee`, if one is chosen), stretched to
/// take in `now`'s month: two indexed reads, however long the record.
async fn span(
    store: &dyn moot_store::Store,
    council: moot_domain::CouncilId,
    committee: Option<CommitteeId>,
    now: Date,
) -> Result<(Date, Date), WebError> {
    let filter = match committee {
        Some(c) => Filter::eq("committee_id", c),
        None => Filter::all(),
    };
    let earliest = store.find::<Meeting>(council, &filter.clone().limit(1)).await?;
    let latest = store.find::<Meeting>(council, &filter.reversed().limit(1)).await?;
    let month = |m: Option<&moot_store::Stored<Meeting>>| m.map(|m| m.record.starts_at.date().first_of_month());
    let now = now.first_of_month();
    Ok((
        month(earliest.first()).map_or(now, |d| d.min(now)),
        month(latest.first()).map_or(now, |d| d.max(now)),
    ))
}

fn parse_month(s: &str) -> Option<Date> {
    let (y, m) = s.split_once('-')?;
    Date::new(y.parse().ok()?, m.parse().ok()?, 1).ok()
}

/// `/calendar?month=YYYY-MM&committee=SLUG`
pub async fn page(
    State(state): State<AppState>,
    site: Site,
    Query(params): Query<Params>,
    headers: axum::http::HeaderMap,
) -> Result<Html<String>, WebError> {
    let council = &site.council;
    let store = &*state.store;
    let first = match params.month.as_deref() {
        Some(m) => parse_month(m).ok_or(WebError::NotFound)?,
        None => moot_app::now_in(council)?.date().first_of_month(),
    };
    let next_month = first.checked_add(1.month()).map_err(|_| WebError::NotFound)?;
    let committees: Vec<Committee> = store
        .find::<Committee>(council.id, &Filter::all())
        .await?
        .into_iter()
        .map(|s| s.record)
        .collect();
    let by_id: HashMap<CommitteeId, &Committee> = committees.iter().map(|c| (c.id, c)).collect();
    let mut filter = Filter::all().and("starts_at", CondOp::Ge, first.at(0, 0, 0, 0)).and(
        "starts_at",
        CondOp::Lt,
        next_month.at(0, 0, 0, 0),
    );
    let (selected, chosen) = match params.committee.as_deref().filter(|s| !s.is_empty()) {
        Some(slug) => {
            let c = committees
                .iter()
                .find(|c| c.slug.as_str() == slug)
                .ok_or(WebError::NotFound)?;
            filter = filter.and("committee_id", CondOp::Eq, c.id);
            (Some(c.slug.to_string()), Some(c.id))
        }
        None => (None, None),
    };
    let (lo, hi) = span(store, council.id, chosen, moot_app::now_in(council)?.date()).await?;
    let meetings: Vec<Meeting> = store
        .find::<Meeting>(council.id, &filter)
        .await?
        .into_iter()
        .map(|s| s.record)
        .collect();

    let mut days: Vec<Day> = Vec::new();
    let lead = first.weekday().to_monday_zero_offset();
    days.extend((0..lead).map(|_| Day {
        day: 0,
        entries: Vec::new(),
    }));
    for d in 1..=first.days_in_month() {
        let entries = meetings
            .iter()
            .filter(|m| m.starts_at.day() == d)
            .filter_map(|m| {
                by_id.get(&m.committee).map(|c| Entry {
                    path: format!("{}{}", site.base, meeting_path(m, c)),
                    label: format!("{} {}", time(m.starts_at), c.name),
                    cancelled: m.status == MeetingStatus::Cancelled,
                })
            })
            .collect();
        days.push(Day { day: d, entries });
    }
    while !days.len().is_multiple_of(7) {
        days.push(Day {
            day: 0,
            entries: Vec::new(),
        });
    }
    let mut weeks = Vec::new();
    let mut iter = days.into_iter();
    loop {
        let week: Vec<Day> = iter.by_ref().take(7).collect();
        if week.is_empty() {
            break;
        }
        weeks.push(week);
    }
    let list = meetings
        .iter()
        .filter_map(|m| {
            by_id.get(&m.committee).map(|c| ListLine {
                path: format!("{}{}", site.base, meeting_path(m, c)),
                when: format!("{}, {}", long_date(m.starts_at.date()), time(m.starts_at)),
                committee: c.name.clone(),
                status: m.status.to_string(),
            })
        })
        .collect();
    let calendar = match &selected {
        Some(slug) => format!("/committees/{slug}/calendar.ics"),
        None => "/calendar.ics".to_owned(),
    };
    let subscription = Subscription::to(&site, &headers, &calendar);
    let query_suffix = selected.as_ref().map(|s| format!("&committee={s}")).unwrap_or_default();
    let month_link = |d: Date| {
        (
            format!("{}/calendar?month={}{query_suffix}", site.base, d.strftime("%Y-%m")),
            d.strftime("%B %Y").to_string(),
        )
    };
    // Towards the span from outside it, one month at a time within it, nothing past its ends.
    let previous = if first > hi {
        Some(month_link(hi))
    } else if first > lo {
        first.checked_sub(1.month()).ok().map(month_link)
    } else {
        None
    };
    let next = if first < lo {
        Some(month_link(lo))
    } else if first < hi {
        Some(month_link(next_month))
    } else {
        None
    };
    Ok(Html(
        CalendarPage {
            base: site.base.clone(),
            subscription,
            council: council.name.clone(),
            title: first.strftime("%B %Y").to_string(),
            weeks,
            list,
            committees,
            previous,
            next,
            outside: first < lo || first > hi,
            selected,
        }
        .render()?,
    ))
}
