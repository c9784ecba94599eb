//! A meeting's page ("Agenda and minutes"): when and where, who attended and declared what,
//! each item with its documents, a readable excerpt of its minute and its resolutions, and
//! the meetings either side. Items have pages of their own (`item.rs`).

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use moot_domain::*;
use moot_store::{Filter, StoreExt};

use crate::auth;
use crate::extract::MeetingPath;
use crate::format::{long_date, meeting_path, time};
use crate::lookup::find;
use crate::site::Site;
use crate::{AppState, WebError};
use moot_app::Reader;

/// Words of a minute shown on the meeting page before "view the full minutes text".
const EXCERPT_WORDS: usize = 120;

pub struct DocumentLine {
    pub title: String,
    pub size: Option<String>,
    pub href: Option<String>,
    /// An officer's report's cover sheet, shown on the item's page.
    pub cover: Option<CoverSheet>,
    /// "Revised 3 June 2021: corrected figures", when the file was replaced after publication.
    pub revised: Option<String>,
    /// The files it replaced, oldest first, each still downloadable.
    pub earlier: Vec<VersionLine>,
    /// For a paper Moot holds no file of: whom to ask for a copy, and the e-mail that asks.
    pub request: Option<Request>,
}

/// How to ask for a paper that is not held online.
pub struct Request {
    /// "Hannah Etheridge, the contact officer (01709 822000)", or the council's democratic
    /// services when the meeting names no contact.
    pub whom: String,
    /// A `mailto:` address with the request written out, when there is an address to write to.
    pub mailto: Option<String>,
}

/// An earlier version of a paper: "Version 1", the date it was replaced and why, and its
/// address (none for a revision recorded before Moot kept the file it replaced).
pub struct VersionLine {
    pub label: String,
    pub replaced: String,
    pub href: Option<String>,
}

struct MinuteView {
    number: String,
    /// The heading and the excerpt's paragraphs are `None` when the viewer may not read the minute.
    heading: Option<String>,
    paragraphs: Option<Vec<String>>,
    cut: bool,
}

struct ItemView {
    number: String,
    path: String,
    reference: String,
    title: String,
    description: Option<String>,
    exemption: Option<String>,
    urgency: Option<String>,
    /// "Pages 3 - 5" in Moot's own pack, or the range printed in a pack Moot did not make.
    pages: Option<String>,
    documents: Vec<DocumentLine>,
    withheld_documents: usize,
    minute: Option<MinuteView>,
    resolutions: Vec<String>,
    numbered_resolutions: bool,
}

struct Person {
    path: String,
    line: String,
}

#[derive(Template)]
#[template(path = "portal/meeting.html")]
struct MeetingPage {
    base: String,
    council: String,
    committee: String,
    committee_path: String,
    canonical: String,
    /// The canonical address with the site's origin, as search engines want it.
    absolute: String,
    /// schema.org Event markup, already made safe to embed in a script element.
    jsonld: String,
    date: String,
    time: String,
    status: String,
    /// Why it was cancelled or postponed.
    status_reason: Option<String>,
    /// When it was to be held before it moved.
    moved_from: Vec<String>,
    venue: Option<String>,
    webcast_url: Option<String>,
    pre_meeting_note: Option<String>,
    contact: Option<String>,
    present: Vec<Person>,
    apologies: Vec<Person>,
    absent: Vec<Person>,
    declarations: Vec<String>,
    exclusions: Vec<String>,
    /// Officers and councillors who are not members, at the whole meeting.
    in_attendance: Vec<String>,
    items: Vec<ItemView>,
    /// Why no items are shown, when the agenda was never published.
    agenda_withheld: Option<&'static str>,
    /// The meeting's own documents: front sheet, agenda pack, minutes, supplementary agendas.
    papers: Vec<DocumentLine>,
    /// The meeting's publication log: what went public when.
    log_path: String,
    previous: Option<(String, String)>,
    next: Option<(String, String)>,
    /// For a councillor signed in before the meeting: the form to declare an interest, with
    /// its token.
    declare_csrf: Option<String>,
}

/// `/meetings/{yyyy-mm-dd}-{committee-slug}`
pub async fn page(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<MeetingPath>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let (signed_in, committee, meeting, reader) = reading(&state, &site, &path.key, &headers).await?;
    let mut page = build(&reader, &site, &site.origin(&headers), &committee, &meeting).await?;
    if let Some(who) = signed_in.as_ref().filter(|s| s.account.role == AccountRole::Member)
        && meeting.may(who.account.role, Act::Declare).is_ok()
        && let Some(member) = who.account.member
        && reader.sits_on(member, committee.id, meeting.starts_at.date()).await?
    {
        page.declare_csrf = Some(who.session.csrf.clone());
    }
    let page = page.render()?;
    Ok(super::for_reader(signed_in.is_some(), page))
}

/// What a page about the meeting `key` starts from: who is signed in (if anyone), the
/// committee and meeting (a 404 if none), and the reader everything is read through.
pub async fn reading<'s>(
    state: &'s AppState,
    site: &Site,
    key: &str,
    headers: &HeaderMap,
) -> Result<(Option<auth::SignedIn>, Committee, Meeting, Reader<'s>), WebError> {
    let signed_in = auth::signed_in(state, site, headers).await?;
    let store = &*state.store;
    let (committee, meeting) = find(store, site.council.id, key).await?;
    let reader = Reader::new(store, &site.council, auth::viewer(signed_in.as_ref()))?;
    Ok((signed_in, committee, meeting, reader))
}

/// A meeting's documents, read once for a page: those this reader may see, and how many
/// there are in all (so withheld ones can be counted without being named).
pub struct Papers {
    visible: Vec<Document>,
    all: Vec<Document>,
    tz: jiff::tz::TimeZone,
    /// Whom a reader asks for a paper not held online: the meeting's contact officer.
    contact: Option<moot_domain::Officer>,
    /// "Improving Lives Select Commission, 15 June 2021", for the request's subject.
    occasion: String,
}

impl Papers {
    pub async fn of(reader: &Reader<'_>, committee: &Committee, meeting: &Meeting) -> Result<Self, WebError> {
        let visible = reader.documents(committee.id, meeting.id).await?;
        let all = reader
            .store
            .find::<Document>(reader.council, &Filter::eq("meeting_id", meeting.id))
            .await?;
        let contact = match meeting.contact_officer.or(committee.contact_officer) {
            Some(id) => reader.store.live(reader.council, id).await?,
            None => None,
        };
        Ok(Self {
            visible,
            all: all.into_iter().map(|s| s.record).collect(),
            tz: reader.tz.clone(),
            contact,
            occasion: format!("{}, {}", committee.name, long_date(meeting.starts_at.date())),
        })
    }

    fn line(&self, base: &str, d: &Document) -> DocumentLine {
        let mut line = line_for(base, d, &self.tz);
        if line.href.is_none() {
            line.request = Some(match &self.contact {
                Some(officer) => Request {
                    whom: match &officer.phone {
                        Some(phone) => format!("{}, the contact officer ({phone}),", officer.name),
                        None => format!("{}, the contact officer,", officer.name),
                    },
                    mailto: officer.email.as_ref().map(|e| {
                        let subject = format!("Request for a copy of \"{}\" ({})", d.title, self.occasion);
                        format!("mailto:{}?subject={}", e.as_str(), moot_app::links::encoded(&subject))
                    }),
                },
                None => Request {
                    whom: "the council's democratic services".to_owned(),
                    mailto: None,
                },
            });
        }
        line
    }

    /// An item's document lines, and how many of its exempt documents are withheld.
    pub fn for_item(&self, base: &str, item: AgendaItemId) -> (Vec<DocumentLine>, usize) {
        let lines: Vec<DocumentLine> = self
            .visible
            .iter()
            .filter(|d| d.item == Some(item))
            .map(|d| self.line(base, d))
            .collect();
        // Exempt papers this reader may not see are counted, never named.
        let withheld = self
            .all
            .iter()
            .filter(|d| d.item == Some(item) && d.is_withheld_as_exempt())
            .filter(|d| !self.visible.iter().any(|v| v.id == d.id))
            .count();
        (lines, withheld)
    }

    /// Where an item's papers fall in the public agenda pack Moot made, if it made one.
    fn pack_pages(&self, item: AgendaItemId) -> Option<PageRange> {
        self.visible
            .iter()
            .filter_map(|d| d.generated.as_ref())
            .find(|g| g.edition == Some(Edition::Public))?
            .pages
            .iter()
            .find(|p| p.item == item)
            .map(|p| p.pages)
    }

    /// The meeting's own papers: front sheet, pack, minutes, supplementary agendas.
    fn for_meeting(&self, base: &str) -> Vec<DocumentLine> {
        self.visible
            .iter()
            .filter(|d| d.item.is_none())
            .map(|d| self.line(base, d))
            .collect()
    }
}

/// A document as a link (when Moot holds its file) with its format and size.
fn line_for(base: &str, d: &Document, tz: &jiff::tz::TimeZone) -> DocumentLine {
    DocumentLine {
        title: d.title.clone(),
        size: d
            .file
            .as_ref()
            .map(size_label)
            .or_else(|| d.published_as.as_ref().map(ToString::to_string)),
        href: d
            .file
            .as_ref()
            .map(|f| format!("{base}{}", moot_app::links::download_path(d.id, f))),
        cover: d.cover_sheet.as_deref().cloned(),
        revised: d.revisions.last().map(|r| {
            format!(
                "Revised {}: {}",
                moot_domain::wording::long_date(r.at.to_zoned(tz.clone()).date()),
                r.reason
            )
        }),
        earlier: d
            .revisions
            .iter()
            .enumerate()
            .map(|(i, r)| VersionLine {
                label: format!("Version {}", i + 1),
                replaced: format!(
                    "replaced {}: {}",
                    moot_domain::wording::long_date(r.at.to_zoned(tz.clone()).date()),
                    r.reason
                ),
                href: r
                    .replaced
                    .as_ref()
                    .map(|f| format!("{base}{}", moot_app::links::version_path(d.id, i + 1, f))),
            })
            .collect(),
        request: None,
    }
}

/// "PDF 475 KB", from the stored file.
pub fn size_label(f: &FileRef) -> String {
    let format = match f.media_type.as_str() {
        "application/pdf" => "PDF".to_owned(),
        // Readers know a Word file as "DOCX", not by its media type.
        other => f
            .file_name
            .rsplit_once('.')
            .map(|(_, ext)| ext)
            .filter(|ext| !ext.is_empty() && ext.len() <= 5)
            .unwrap_or_else(|| other.rsplit('/').next().unwrap_or(other))
            .to_uppercase(),
    };
    let kb = f.size.div_ceil(1024);
    if kb < 1024 {
        format!("{format} {kb} KB")
    } else {
        // One decimal place, as "PDF 1.2 MB"; whole megabytes drop the ".0".
        let tenths = (f.size * 10).div_ceil(1024 * 1024);
        match tenths % 10 {
            0 => format!("{format} {} MB", tenths / 10),
            d => format!("{format} {}.{d} MB", tenths / 10),
        }
    }
}

/// The first `EXCERPT_WORDS` words of a minute, as paragraphs, and whether it was cut.
fn excerpt(text: &str) -> (Vec<String>, bool) {
    let mut left = EXCERPT_WORDS;
    let mut out = Vec::new();
    for para in crate::format::markdown_paragraphs(text) {
        let words: Vec<&str> = para.split_whitespace().collect();
        if words.len() <= left {
            left -= words.len();
            out.push(words.join(" "));
        } else {
            out.push(format!("{} …", words[..left].join(" ")));
            return (out, true);
        }
    }
    (out, false)
}

async fn build(
    reader: &Reader<'_>,
    site: &Site,
    origin: &str,
    committee: &Committee,
    meeting: &Meeting,
) -> Result<MeetingPage, WebError> {
    let store = reader.store;
    let council = &site.council;
    let base = site.base.as_str();
    let meeting_href = format!("{base}{}", meeting_path(meeting, committee));
    let by_meeting = Filter::eq("meeting_id", meeting.id);
    let agenda_out = reader.may_read_agenda(meeting);
    let items: Vec<AgendaItem> = store
        .find::<AgendaItem>(council.id, &by_meeting)
        .await?
        .into_iter()
        .map(|s| s.record)
        .filter(|i| reader.may_read_item(meeting, i))
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
    let person = |id: &MemberId, line: String| Person {
        path: members
            .get(id)
            .map(|m| format!("{base}/members/{}", m.slug))
            .unwrap_or_default(),
        line,
    };
    // `None` for an item of an agenda the reader may not read (its items are not loaded).
    let item_label = |id: &AgendaItemId| {
        items
            .iter()
            .find(|i| i.id == *id)
            .map(|i| format!("item {} ({})", i.number, i.title))
    };

    let papers = Papers::of(reader, committee, meeting).await?;
    let mut item_views = Vec::with_capacity(items.len());
    for item in &items {
        let (documents, withheld_documents) = papers.for_item(base, item.id);
        let readable = reader.minute(item).await?;
        let minute = item.minute.as_ref().map(|m| {
            let (paragraphs, cut) = readable.map_or((None, false), |r| {
                let (paragraphs, cut) = excerpt(&r.text);
                (Some(paragraphs), cut)
            });
            MinuteView {
                number: m.number.to_string(),
                heading: readable.map(|r| moot_domain::wording::screen_heading(&r.heading, &item.title)),
                paragraphs,
                cut,
            }
        });
        let item_resolutions: Vec<String> = resolutions
            .iter()
            .filter(|r| readable.is_some() && r.record.item == item.id)
            .map(|r| moot_domain::wording::resolution_line(&r.record, &name))
            .collect();
        item_views.push(ItemView {
            number: item.number.to_string(),
            path: format!("{meeting_href}/items/{}", item.number),
            reference: item.reference(),
            title: item.title.clone(),
            description: item.description.clone(),
            exemption: moot_domain::wording::privacy_notice(
                item.exemption.as_ref(),
                exclusions.iter().map(|x| &x.record).find(|x| x.item == item.id),
            ),
            urgency: item.urgency.clone(),
            pages: papers
                .pack_pages(item.id)
                .map(|p| p.to_string())
                .or_else(|| item.published_pages.map(|p| format!("{p}, as published"))),
            documents,
            withheld_documents,
            minute,
            numbered_resolutions: item_resolutions.len() > 1,
            resolutions: item_resolutions,
        });
    }

    let venue = match meeting.venue {
        Some(id) => store.live(council.id, id).await?,
        None => None,
    };
    let contact = match meeting.contact_officer.or(committee.contact_officer) {
        Some(id) => store.live(council.id, id).await?.map(|o| o.name),
        None => None,
    };
    let mut present = Vec::new();
    let mut apologies = Vec::new();
    let mut absent = Vec::new();
    for a in attendance.iter().map(|s| &s.record) {
        let substitute_for = a.substitute_for.as_ref().map(&name);
        let line = moot_domain::wording::attendance_line(a, &name(&a.member), substitute_for.as_deref());
        match a.status {
            AttendanceStatus::Present => present.push(person(&a.member, line)),
            AttendanceStatus::Apologies => apologies.push(person(&a.member, line)),
            AttendanceStatus::Absent => absent.push(person(&a.member, line)),
        }
    }
    let declarations = declarations
        .iter()
        .map(|s| &s.record)
        .map(|d| {
            let item = d.item.as_ref().and_then(item_label);
            moot_domain::wording::declaration_line(d, &name(&d.member), item.as_deref())
        })
        .collect();
    let exclusions = exclusions
        .iter()
        .map(|s| {
            let item = items.iter().find(|i| i.id == s.record.item);
            moot_domain::wording::exclusion_line(&s.record, item)
        })
        .collect();
    let people = moot_store::lookup::People::of(store, council.id).await?;
    let in_attendance = meeting.in_attendance.iter().map(|p| people.line(p)).collect();

    let siblings = store
        .find::<Meeting>(council.id, &Filter::eq("committee_id", committee.id))
        .await?;
    let position = siblings.iter().position(|s| s.record.id == meeting.id);
    let neighbour = |i: Option<usize>| {
        i.and_then(|i| siblings.get(i)).map(|s| {
            (
                format!("{base}{}", meeting_path(&s.record, committee)),
                long_date(s.record.starts_at.date()),
            )
        })
    };

    Ok(MeetingPage {
        base: site.base.clone(),
        council: council.name.clone(),
        committee: committee.name.clone(),
        committee_path: format!("{base}/committees/{}", committee.slug),
        canonical: meeting_href.clone(),
        absolute: format!("{origin}{meeting_href}"),
        jsonld: jsonld(&Event {
            url: format!("{origin}{meeting_href}"),
            name: format!("{}, {}", committee.name, long_date(meeting.starts_at.date())),
            council: &council.name,
            meeting,
            venue: venue.as_ref(),
            tz: &reader.tz,
        })?,
        log_path: format!("{meeting_href}/publication-log"),
        date: long_date(meeting.starts_at.date()),
        time: time(meeting.starts_at),
        status: meeting.status.to_string(),
        status_reason: meeting.status_reason.clone(),
        moved_from: meeting
            .previous_times
            .iter()
            .map(|t| format!("{}, {}", long_date(t.date()), time(*t)))
            .collect(),
        venue: venue.map(|v| v.one_line()),
        webcast_url: meeting.webcast_url.clone(),
        pre_meeting_note: meeting.pre_meeting_note.clone(),
        contact,
        present,
        apologies,
        absent,
        in_attendance,
        declarations,
        exclusions,
        items: item_views,
        agenda_withheld: (!agenda_out).then(|| moot_domain::wording::why_no_agenda(meeting)),
        papers: papers.for_meeting(base),
        previous: neighbour(position.and_then(|p| p.checked_sub(1))),
        next: neighbour(position.map(|p| p + 1)),
        declare_csrf: None,
    })
}

/// What a meeting's schema.org Event is made from.
struct Event<'a> {
    url: String,
    name: String,
    council: &'a str,
    meeting: &'a Meeting,
    venue: Option<&'a Venue>,
    tz: &'a jiff::tz::TimeZone,
}

/// schema.org Event markup with absolute addresses and times with their offset: a meeting
/// in a room is offline, one online is online, and one in a room with a webcast is mixed,
/// with the webcast as its virtual location.
fn jsonld(e: &Event<'_>) -> Result<String, WebError> {
    let place = e.venue.filter(|v| !v.online).map(|v| {
        serde_json::json!({
            "@type": "Place",
            "name": v.name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": v.address,
                "postalCode": v.postcode,
                "addressCountry": "GB",
            },
        })
    });
    let online = e.venue.is_some_and(|v| v.online);
    let virtual_location = match (&e.meeting.webcast_url, online) {
        (Some(webcast), _) => Some(serde_json::json!({ "@type": "VirtualLocation", "url": webcast })),
        // Online with no address given for it: the meeting's page says how to watch.
        (None, true) => Some(serde_json::json!({ "@type": "VirtualLocation", "url": e.url })),
        (None, false) => None,
    };
    let mode = match (&place, &virtual_location) {
        (Some(_), Some(_)) => "https://schema.org/MixedEventAttendanceMode",
        (None, Some(_)) => "https://schema.org/OnlineEventAttendanceMode",
        _ => "https://schema.org/OfflineEventAttendanceMode",
    };
    let location: Vec<serde_json::Value> = place.into_iter().chain(virtual_location).collect();
    let status = match e.meeting.status {
        MeetingStatus::Cancelled => "https://schema.org/EventCancelled",
        MeetingStatus::Postponed => "https://schema.org/EventPostponed",
        _ if !e.meeting.previous_times.is_empty() => "https://schema.org/EventRescheduled",
        _ => "https://schema.org/EventScheduled",
    };
    let mut event = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": e.name,
        "startDate": crate::format::offset_time(e.tz, e.meeting.starts_at)?,
        "eventStatus": status,
        "eventAttendanceMode": mode,
        "location": location,
        "organizer": { "@type": "GovernmentOrganization", "name": e.council },
        "url": e.url,
    });
    if let Some(end) = e.meeting.ends_at {
        event["endDate"] = crate::format::offset_time(e.tz, end)?.into();
    }
    Ok(event
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_kilobytes_then_megabytes() {
        let file = |size| FileRef {
            hash: BlobHash::parse(&"a".repeat(64)).expect("hash"),
            size,
            media_type: "application/pdf".to_owned(),
            file_name: "x.pdf".to_owned(),
            page_count: None,
        };
        assert_eq!(size_label(&file(486_000)), "PDF 475 KB");
        assert_eq!(size_label(&file(1024 * 1024)), "PDF 1 MB");
        assert_eq!(size_label(&file(1_200_000)), "PDF 1.2 MB");
        let word = FileRef {
            media_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document".into(),
            file_name: "Budget-Report.docx".into(),
            ..file(5_000)
        };
        assert_eq!(size_label(&word), "DOCX 5 KB");
    }

    #[test]
    fn long_minutes_are_cut_to_an_excerpt() {
        let long = (0..300).map(|i| format!("w{i}")).collect::<Vec<_>>().join(" ");
        let (paras, cut) = excerpt(&format!("Short first.\n\n{long}"));
        assert!(cut);
        assert_eq!(paras[0], "Short first.");
        assert!(paras[1].ends_with('…'));
        assert_eq!(
            paras
                .iter()
                .map(|p| p.split_whitespace().filter(|w| *w != "…").count())
                .sum::<usize>(),
            EXCERPT_WORDS
        );
        assert_eq!(
            excerpt("One.\n\nTwo."),
            (vec!["One.".to_owned(), "Two.".to_owned()], false)
        );
    }
}
