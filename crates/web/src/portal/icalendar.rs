//! Meetings as iCalendar (RFC 5545), for calendar programs to subscribe to: every meeting of
//! the council, of one committee, or of the committees a councillor sat on at each meeting's
//! date. A meeting's date, time and place are public from the day it is scheduled (the
//! calendar page shows them), and nothing else of it is told here, so no agenda, paper or
//! minute can reach a calendar.
//!
//! Written by hand rather than with the `icalendar` crate: that crate builds events but has
//! no VTIMEZONE component, which a `TZID` needs, and would bring chrono in only to be fed
//! the times jiff already holds; the rules it would apply (CRLF, folding at 75 octets, text
//! escaping) are a few lines here. The VTIMEZONE is made from the same tz database jiff
//! uses: one observance per transition over the span of the events, so every event's local
//! time reads as the council printed it, under the rules of its own year.

use std::collections::{HashMap, HashSet};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use jiff::civil::DateTime;
use jiff::tz::{Offset, TimeZone};
use jiff::{SignedDuration, Timestamp};
use moot_domain::access::sits_on;
use moot_domain::{Committee, CommitteeId, Meeting, MeetingStatus, Member, Membership, Venue, VenueId};
use moot_store::{Filter, StoreExt};

use crate::extract::SlugPath;
use crate::format::{long_date, meeting_path, time};
use crate::site::Site;
use crate::{AppState, WebError};

/// At most this many meetings, the latest by date (those to come first of all): some years
/// of a busy council's meetings, which is what a calendar program shows; older ones are on
/// the committee pages.
const MEETINGS: u32 = 1_000;

/// A meeting with no recorded end is shown as lasting this long: a typical committee
/// meeting's length, enough to block out the time in a diary.
const DEFAULT_LENGTH: SignedDuration = SignedDuration::from_hours(2);

/// Where a page offers its calendar: as `webcal://`, which calendar programs open as a
/// subscription, and as the plain address to paste into one.
#[derive(Debug)]
pub struct Subscription {
    pub webcal: String,
    pub https: String,
}

impl Subscription {
    /// The subscription to the calendar at `path` (below the site's base).
    pub fn to(site: &Site, headers: &HeaderMap, path: &str) -> Self {
        Self {
            webcal: format!("webcal://{}{}{path}", site.host(headers), site.base),
            https: format!("{}{}{path}", site.origin(headers), site.base),
        }
    }
}

/// `/calendar.ics`
pub async fn all(State(state): State<AppState>, site: Site, headers: HeaderMap) -> Result<Response, WebError> {
    let filter = Filter::all().reversed().limit(MEETINGS);
    let meetings = meetings(&state, &site, &filter).await?;
    calendar(&state, &site, &headers, &site.council.name, meetings).await
}

/// `/committees/{slug}/calendar.ics`
pub async fn committee(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<SlugPath>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let committee: Committee = match super::atom::named(&state, &site, &path.slug, "committee").await {
        Ok(c) => c,
        Err(response) => return Ok(response),
    };
    let filter = Filter::eq("committee_id", committee.id).reversed().limit(MEETINGS);
    let meetings = meetings(&state, &site, &filter).await?;
    calendar(&state, &site, &headers, &committee.name, meetings).await
}

/// `/members/{slug}/calendar.ics`: the meetings of each committee the member sat on that day.
pub async fn member(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<SlugPath>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let council = site.council.id;
    let member: Member = match super::atom::named(&state, &site, &path.slug, "councillor").await {
        Ok(m) => m,
        Err(response) => return Ok(response),
    };
    let seats: Vec<Membership> = state
        .store
        .find::<Membership>(council, &Filter::eq("member_id", member.id))
        .await?
        .into_iter()
        .map(|s| s.record)
        .collect();
    let committees: HashSet<CommitteeId> = seats.iter().map(|s| s.committee).collect();
    let mut sat = Vec::new();
    for c in committees {
        let filter = Filter::eq("committee_id", c).reversed().limit(MEETINGS);
        sat.extend(
            meetings(&state, &site, &filter)
                .await?
                .into_iter()
                .filter(|m| sits_on(&seats, council, member.id, c, m.starts_at.date())),
        );
    }
    sat.sort_by_key(|m| std::cmp::Reverse((m.starts_at, m.id)));
    sat.truncate(MEETINGS as usize);
    calendar(&state, &site, &headers, &member.display_name(), sat).await
}

async fn meetings(state: &AppState, site: &Site, filter: &Filter) -> Result<Vec<Meeting>, WebError> {
    Ok(state
        .store
        .find::<Meeting>(site.council.id, filter)
        .await?
        .into_iter()
        .map(|s| s.record)
        .collect())
}

/// The calendar named `name` holding `meetings`, as the response.
async fn calendar(
    state: &AppState,
    site: &Site,
    headers: &HeaderMap,
    name: &str,
    mut meetings: Vec<Meeting>,
) -> Result<Response, WebError> {
    let council = site.council.id;
    let committees: HashMap<CommitteeId, Committee> = state
        .store
        .find::<Committee>(council, &Filter::all())
        .await?
        .into_iter()
        .map(|s| (s.record.id, s.record))
        .collect();
    let venues: HashMap<VenueId, Venue> = state
        .store
        .find::<Venue>(council, &Filter::all())
        .await?
        .into_iter()
        .map(|s| (s.record.id, s.record))
        .collect();
    let tz_name = &site.council.settings.time_zone;
    let tz = site
        .council
        .settings
        .time_zone()
        .map_err(|e| WebError::internal("the council's time zone", e))?;
    meetings.sort_by_key(|m| (m.starts_at, m.id));
    let root = format!("{}{}", site.origin(headers), site.base);
    let uid_host = site.host(headers);
    let stamp = utc(Timestamp::now());

    let mut out = Ics::default();
    out.line("BEGIN:VCALENDAR");
    out.line("VERSION:2.0");
    out.line("PRODID:-//Moot//Committee meetings//EN");
    out.line("CALSCALE:GREGORIAN");
    out.line("METHOD:PUBLISH");
    out.line(&format!("X-WR-CALNAME:{}", text(name)));
    out.line(&format!("X-WR-TIMEZONE:{tz_name}"));
    let span = |at: DateTime| at.to_zoned(tz.clone()).map(|z| z.timestamp());
    if let (Some(first), Some(last)) = (meetings.first(), meetings.last()) {
        let from = span(first.starts_at).map_err(|e| WebError::internal("a meeting's time", e))?;
        let to = span(end(last)).map_err(|e| WebError::internal("a meeting's time", e))?;
        out.vtimezone(&tz, tz_name, from, to);
    }
    for m in &meetings {
        let Some(committee) = committees.get(&m.committee) else {
            continue;
        };
        let url = format!("{root}{}", meeting_path(m, committee));
        out.line("BEGIN:VEVENT");
        out.line(&format!("UID:{}@{uid_host}", m.id));
        out.line(&format!("DTSTAMP:{stamp}"));
        out.line(&format!("DTSTART;TZID={tz_name}:{}", local(m.starts_at)));
        out.line(&format!("DTEND;TZID={tz_name}:{}", local(end(m))));
        // Each move keeps the time it moved from, so the count of kept times only grows.
        out.line(&format!("SEQUENCE:{}", m.previous_times.len()));
        out.line(&format!("SUMMARY:{}", text(&committee.name)));
        out.line(&format!("STATUS:{}", status(m.status)));
        if let Some(venue) = m.venue.and_then(|v| venues.get(&v)) {
            out.line(&format!("LOCATION:{}", text(&venue.one_line())));
        }
        out.line(&format!("URL:{url}"));
        out.line(&format!("DESCRIPTION:{}", text(&description(m, committee, &url))));
        out.line("END:VEVENT");
    }
    out.line("END:VCALENDAR");
    Ok(([(header::CONTENT_TYPE, "text/calendar; charset=utf-8")], out.0).into_response())
}

fn end(m: &Meeting) -> DateTime {
    m.ends_at.unwrap_or_else(|| m.starts_at.saturating_add(DEFAULT_LENGTH))
}

fn status(s: MeetingStatus) -> &'static str {
    match s {
        MeetingStatus::Cancelled => "CANCELLED",
        MeetingStatus::Postponed => "TENTATIVE",
        _ => "CONFIRMED",
    }
}

fn description(m: &Meeting, committee: &Committee, url: &str) -> String {
    let mut lines = vec![format!(
        "{}, {}, {}: {}.",
        committee.name,
        long_date(m.starts_at.date()),
        time(m.starts_at),
        m.status
    )];
    lines.extend(m.status_reason.clone());
    lines.extend(
        m.previous_times
            .iter()
            .map(|t| format!("Moved from {}, {}.", long_date(t.date()), time(*t))),
    );
    lines.extend(m.webcast_url.as_ref().map(|w| format!("Webcast: {w}")));
    lines.push(format!("Agenda, papers and minutes: {url}"));
    lines.join("\n")
}

/// `20210615T100000`: a local time, read with the event's TZID.
fn local(at: DateTime) -> String {
    at.strftime("%Y%m%dT%H%M%S").to_string()
}

/// `20210615T090000Z`
fn utc(at: Timestamp) -> String {
    at.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// `+0100`
fn offset(o: Offset) -> String {
    let s = o.seconds();
    let sign = if s < 0 { '-' } else { '+' };
    let s = s.unsigned_abs();
    format!("{sign}{:02}{:02}", s / 3600, s % 3600 / 60)
}

/// A TEXT value escaped (RFC 5545 3.3.11).
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// The calendar being written, as content lines.
#[derive(Default)]
struct Ics(String);

impl Ics {
    /// One content line, folded so that no line is longer than 75 octets (a fold never splits
    /// a character), ended with CRLF.
    fn line(&mut self, content: &str) {
        let mut width = 0;
        for c in content.chars() {
            if width + c.len_utf8() > 75 {
                self.0.push_str("\r\n ");
                width = 1;
            }
            self.0.push(c);
            width += c.len_utf8();
        }
        self.0.push_str("\r\n");
    }

    /// The zone's observances from the one in force at `from` to the last change before `to`.
    fn vtimezone(&mut self, tz: &TimeZone, name: &str, from: Timestamp, to: Timestamp) {
        self.line("BEGIN:VTIMEZONE");
        self.line(&format!("TZID:{name}"));
        let changes: Vec<_> = tz
            .preceding(from)
            .take(1)
            .chain(tz.following(from).take_while(|t| t.timestamp() <= to))
            .collect();
        if changes.is_empty() {
            // A zone that never changes: one observance from the epoch on.
            let o = offset(tz.to_offset(from));
            self.observance("STANDARD", &o, &o, None, "19700101T000000");
        }
        for t in changes {
            let before = t
                .timestamp()
                .checked_sub(SignedDuration::from_secs(1))
                .map_or(t.offset(), |b| tz.to_offset(b));
            let kind = if t.dst().is_dst() { "DAYLIGHT" } else { "STANDARD" };
            let starts = local(before.to_datetime(t.timestamp()));
            self.observance(
                kind,
                &offset(before),
                &offset(t.offset()),
                Some(t.abbreviation()),
                &starts,
            );
        }
        self.line("END:VTIMEZONE");
    }

    fn observance(&mut self, kind: &str, from: &str, to: &str, name: Option<&str>, starts: &str) {
        self.line(&format!("BEGIN:{kind}"));
        self.line(&format!("DTSTART:{starts}"));
        self.line(&format!("TZOFFSETFROM:{from}"));
        self.line(&format!("TZOFFSETTO:{to}"));
        if let Some(n) = name {
            self.line(&format!("TZNAME:{}", text(n)));
        }
        self.line(&format!("END:{kind}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        let mut ics = Ics::default();
        ics.line(&format!("SUMMARY:{}", "é".repeat(60)));
        let lines: Vec<&str> = ics.0.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert!(lines.iter().all(|l| l.len() <= 75), "{lines:?}");
        assert!(lines[1..].iter().all(|l| l.starts_with(' ')));
        let unfolded: String = ics.0.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", "é".repeat(60)));
    }

    #[test]
    fn text_escapes_what_the_rfc_reserves() {
        assert_eq!(text("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
    }

    #[test]
    fn london_in_2021_is_gmt_then_bst_then_gmt() {
        let tz = TimeZone::get("Europe/London").expect("tz");
        let from = jiff::civil::date(2021, 6, 15)
            .at(10, 0, 0, 0)
            .to_zoned(tz.clone())
            .expect("z");
        let to = jiff::civil::date(2022, 1, 1)
            .at(0, 0, 0, 0)
            .to_zoned(tz.clone())
            .expect("z");
        let mut ics = Ics::default();
        ics.vtimezone(&tz, "Europe/London", from.timestamp(), to.timestamp());
        let expected = [
            "BEGIN:VTIMEZONE",
            "TZID:Europe/London",
            "BEGIN:DAYLIGHT",
            "DTSTART:20210328T010000",
            "TZOFFSETFROM:+0000",
            "TZOFFSETTO:+0100",
            "TZNAME:BST",
            "END:DAYLIGHT",
            "BEGIN:STANDARD",
            "DTSTART:20211031T020000",
            "TZOFFSETFROM:+0100",
            "TZOFFSETTO:+0000",
            "TZNAME:GMT",
            "END:STANDARD",
            "END:VTIMEZONE",
            "",
        ];
        assert_eq!(ics.0, expected.join("\r\n"));
    }
}
