//! The calendars (iCalendar) and news feeds (Atom) as calendar programs and feed readers read
//! them: one event per meeting of the demo, cancelled and moved meetings marked, and feeds
//! that name what went public but never an exempt or draft paper, a withdrawn paper's file or
//! anything of an exempt minute.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use moot_domain::*;
use moot_store::{Filter, StoreExt};
use moot_store_conformance::fixtures::{self, pdf};

use crate::common::{TestApp, council};
use crate::papers::{publish, upload};
use crate::publishing::upcoming;

const ILSC: &str = "improving-lives-select-commission";
const CANARY: &str = "EXEMPT-CANARY-7f3a";

/// A marker no record holds but the one a test writes it into.
fn marker(what: &str) -> String {
    format!("{what}-{}", uuid::Uuid::now_v7().simple())
}

/// The events of a calendar, each as its properties by name (values as written, unfolded).
fn events(body: &str) -> Vec<BTreeMap<String, String>> {
    let unfolded = icalendar::parser::unfold(body);
    let calendar = icalendar::parser::read_calendar(&unfolded).expect("an iCalendar file");
    calendar
        .components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
        .map(|c| {
            c.properties
                .iter()
                .map(|p| {
                    let params: String = p
                        .params
                        .iter()
                        .map(|a| format!(";{}={}", a.key.as_str(), a.val.as_ref().map_or("", |v| v.as_str())))
                        .collect();
                    (format!("{}{params}", p.name.as_str()), p.val.as_str().to_owned())
                })
                .collect()
        })
        .collect()
}

/// Every live record of kind `T` in the demo council.
async fn all<T: moot_store::Entity>(app: &TestApp) -> Vec<T> {
    let c = council(&*app.store).await;
    app.store
        .find::<T>(c.id, &Filter::all())
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.record)
        .collect()
}

async fn meetings(app: &TestApp) -> Vec<Meeting> {
    all(app).await
}

/// The meeting a key names, as stored.
async fn meeting(app: &TestApp, key: &str) -> Meeting {
    let c = council(&*app.store).await;
    moot_store::lookup::meeting_by_key(&*app.store, c.id, key)
        .await
        .unwrap()
        .unwrap()
        .1
}

/// Every meeting's event: its id from the UID, with what the calendar says of it.
fn by_meeting(body: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    events(body)
        .into_iter()
        .map(|e| {
            let uid = e["UID"].clone();
            let (id, host) = uid.split_once('@').expect("uid@host");
            assert_eq!(host, "localhost", "{uid}");
            (id.to_owned(), e)
        })
        .collect()
}

/// A demo council with one more meeting cancelled and one moved, through the workspace.
async fn cancelled_and_moved(app: &TestApp) -> (Meeting, Meeting) {
    let clerk = app.signed_in("clerk@example.org", AccountRole::Clerk, None).await;
    let cancelled = upcoming(app, 40).await;
    let moved = upcoming(app, 50).await;
    let ws = format!("/workspace/meetings/{cancelled}");
    let (status, _, message) = clerk
        .post_form(
            app,
            &ws,
            &format!("{ws}/cancel"),
            &[("reason", "No business to transact")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{message}");
    let ws = format!("/workspace/meetings/{moved}");
    let day = jiff::Zoned::now()
        .date()
        .checked_add(jiff::Span::new().days(51))
        .unwrap();
    let (status, _, message) = clerk
        .post_form(
            app,
            &ws,
            &format!("{ws}/reschedule"),
            &[("date", &day.to_string()), ("time", "18:30")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{message}");
    (
        meeting(app, &cancelled).await,
        meeting(app, &format!("{day}-{ILSC}")).await,
    )
}

#[tokio::test]
async fn the_calendar_holds_every_meeting_with_the_cancelled_one_cancelled_and_the_moved_one_resequenced() {
    let app = TestApp::sqlite().await.with_demo().await;
    let (cancelled, moved) = cancelled_and_moved(&app).await;
    let ilsc = all::<Committee>(&app)
        .await
        .into_iter()
        .find(|c| c.slug.as_str() == ILSC)
        .unwrap();
    let every = meetings(&app).await;
    assert!(every.len() > 5, "the demo's meetings and the two added");

    let (status, headers, body) = app.get("/calendar.ics").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "text/calendar; charset=utf-8");
    assert!(body.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"), "{body}");
    assert!(body.ends_with("END:VCALENDAR\r\n"));
    assert!(
        body.split("\r\n").all(|l| l.len() <= 75 && !l.contains('\n')),
        "CRLF lines of at most 75 octets"
    );
    assert!(body.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n"), "{body}");
    assert!(body.contains("TZOFFSETTO:+0100\r\nTZNAME:BST\r\n"), "{body}");
    let events = by_meeting(&body);
    let ids: Vec<String> = every.iter().map(|m| m.id.to_string()).collect();
    assert_eq!(
        events.keys().cloned().collect::<std::collections::BTreeSet<_>>(),
        ids.iter().cloned().collect(),
        "one event per meeting"
    );
    let committees: BTreeMap<CommitteeId, Committee> =
        all::<Committee>(&app).await.into_iter().map(|c| (c.id, c)).collect();
    for m in &every {
        let e = &events[&m.id.to_string()];
        let c = &committees[&m.committee];
        assert_eq!(e["SUMMARY"], c.name);
        assert_eq!(
            e["DTSTART;TZID=Europe/London"],
            m.starts_at.strftime("%Y%m%dT%H%M%S").to_string()
        );
        let end = m
            .ends_at
            .unwrap_or(m.starts_at.saturating_add(jiff::SignedDuration::from_hours(2)));
        assert_eq!(e["DTEND;TZID=Europe/London"], end.strftime("%Y%m%dT%H%M%S").to_string());
        assert_eq!(
            e["URL"],
            format!("http://localhost/meetings/{}-{}", m.starts_at.date(), c.slug)
        );
        let expected_status = if m.id == cancelled.id { "CANCELLED" } else { "CONFIRMED" };
        assert_eq!(e["STATUS"], expected_status, "{}", m.starts_at);
        let sequence = if m.id == moved.id { "1" } else { "0" };
        assert_eq!(e["SEQUENCE"], sequence, "{}", m.starts_at);
        assert!(e["DTSTAMP"].ends_with('Z'));
    }
    let june = &events[&every
        .iter()
        .find(|m| m.starts_at == jiff::civil::date(2021, 6, 15).at(10, 0, 0, 0))
        .expect("the demo's June 2021 meeting")
        .id
        .to_string()];
    assert_eq!(june["LOCATION"], "Town Hall, Moorgate Street, Rotherham, S60 2TH");
    assert!(
        body.contains("\r\nLOCATION:Town Hall\\, Moorgate Street\\, Rotherham\\, S60 2TH\r\n"),
        "commas escaped as the RFC asks"
    );
    let when = |t: jiff::civil::DateTime| format!("{}, {}", wording::long_date(t.date()), wording::clock_time(t));
    assert_eq!(
        events[&moved.id.to_string()]["DESCRIPTION"],
        format!(
            "Improving Lives Select Commission, {}: scheduled.\nMoved from {}.\nAgenda, papers and minutes: http://localhost/meetings/{}-{ILSC}",
            when(moved.starts_at),
            when(moved.previous_times[0]),
            moved.starts_at.date()
        )
    );

    // The committee's calendar holds its meetings alone.
    let (status, _, body) = app.get(&format!("/committees/{ILSC}/calendar.ics")).await;
    assert_eq!(status, StatusCode::OK);
    let expected: std::collections::BTreeSet<String> = every
        .iter()
        .filter(|m| m.committee == ilsc.id)
        .map(|m| m.id.to_string())
        .collect();
    assert_eq!(
        by_meeting(&body)
            .keys()
            .cloned()
            .collect::<std::collections::BTreeSet<_>>(),
        expected
    );

    // A councillor's: the meetings of the committees they sat on that day.
    let seats: Vec<Membership> = all(&app).await;
    let members: Vec<Member> = all(&app).await;
    let mut checked = 0;
    for member in &members {
        let expected: std::collections::BTreeSet<String> = every
            .iter()
            .filter(|m| {
                seats
                    .iter()
                    .any(|s| s.member == member.id && s.committee == m.committee && s.holds_on(m.starts_at.date()))
            })
            .map(|m| m.id.to_string())
            .collect();
        let (status, _, body) = app.get(&format!("/members/{}/calendar.ics", member.slug)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            by_meeting(&body)
                .keys()
                .cloned()
                .collect::<std::collections::BTreeSet<_>>(),
            expected,
            "{}",
            member.slug
        );
        checked += usize::from(!expected.is_empty());
    }
    assert!(checked > 3, "councillors with meetings: {checked}");
    assert!(!body.contains(CANARY));
}

#[tokio::test]
async fn unknown_committees_and_councillors_are_a_404_that_says_so() {
    let app = TestApp::sqlite().await.with_demo().await;
    for (path, what) in [
        ("/committees/no-such-committee/calendar.ics", "committee"),
        ("/committees/no-such-committee/feed.atom", "committee"),
        ("/members/no-such-councillor/calendar.ics", "councillor"),
        ("/committees/NOT%20A%20SLUG/feed.atom", "committee"),
    ] {
        let (status, headers, body) = app.get(path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(headers["content-type"], "application/json", "{path}");
        let slug = path.split('/').nth(2).unwrap().replace("%20", " ");
        assert_eq!(
            body,
            serde_json::json!({ "error": format!("there is no {what} with the address {slug:?}") }).to_string(),
            "{path}"
        );
    }
}

/// The demo with a meeting whose agenda went out with a public paper and an exempt one (each
/// with its own marker) and an exempt minute on the demo's item 8. Returns the meeting's key
/// and the markers: public, exempt, draft (for a paper a test adds), minute.
async fn published(app: &TestApp) -> (String, [String; 4]) {
    let markers = [marker("PUBLIC"), marker("EXEMPT"), marker("DRAFT"), marker("MINUTE")];
    let key = upcoming(app, 30).await;
    let first = app.signed_in("first@example.org", AccountRole::Clerk, None).await;
    let second = app.signed_in("second@example.org", AccountRole::Clerk, None).await;
    upload(
        app,
        &first,
        &key,
        "1",
        &format!("Report {}", markers[0]),
        &pdf("the report"),
    )
    .await;
    upload(
        app,
        &first,
        &key,
        "2",
        &format!("Tenders {}", markers[1]),
        &pdf("the tenders"),
    )
    .await;
    publish(app, &first, &second, &key).await;

    let c = council(&*app.store).await;
    let mut item = app
        .store
        .find::<AgendaItem>(c.id, &Filter::all())
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.record.title == "Work Programme")
        .expect("the demo's item 8");
    let minute = item.record.minute.as_mut().expect("the demo minutes item 8");
    minute.heading = format!("Settlement {}", markers[3]);
    minute.text = format!("Members discussed the {} settlement.", markers[3]);
    minute.text_visibility = Visibility::Exempt(fixtures::exemption(4, "Labour relations"));
    app.store
        .update(&fixtures::actor("clerk"), item.record, item.version)
        .await
        .unwrap();
    (key, markers)
}

async fn paper(app: &TestApp, key: &str, title: &str) -> Document {
    let c = council(&*app.store).await;
    let m = meeting(app, key).await;
    app.store
        .find::<Document>(c.id, &Filter::eq("meeting_id", m.id))
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.record)
        .find(|d| d.title == title)
        .unwrap_or_else(|| panic!("no paper {title:?}"))
}

#[tokio::test]
async fn the_feeds_name_what_went_public_and_never_an_exempt_or_draft_paper_or_a_withdrawn_file() {
    let app = TestApp::sqlite().await.with_demo().await;
    let (key, [public, exempt, draft, minute]) = published(&app).await;
    let m = meeting(&app, &key).await;
    let date = wording::long_date(m.starts_at.date());
    let report = paper(&app, &key, &format!("Report {public}")).await;
    let download = format!("http://localhost/documents/{}/upload.pdf", report.id);

    for path in ["/feed.atom".to_owned(), format!("/committees/{ILSC}/feed.atom")] {
        let (status, headers, body) = app.get(&path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(headers["content-type"], "application/atom+xml");
        assert!(
            body.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""),
            "{body}"
        );
        assert!(body.contains(&format!(
            "<link rel=\"self\" type=\"application/atom+xml\" href=\"http://localhost{path}\"/>"
        )));
        assert!(
            body.contains(&format!(
                "<title>Agenda published: Improving Lives Select Commission on {date}</title>"
            )),
            "{body}"
        );
        assert!(body.contains(&format!(
            "<link rel=\"alternate\" type=\"text/html\" href=\"http://localhost/meetings/{key}\"/>"
        )));
        assert!(body.contains(&format!(
            "<summary>Agenda published: the meeting of the Improving Lives Select Commission on {date}, with 2 papers.</summary>"
        )), "{body}");
        assert!(
            body.contains(&format!(
                "&lt;li&gt;&lt;a href=&quot;{download}&quot;&gt;Report {public}&lt;/a&gt;&lt;/li&gt;"
            )),
            "{body}"
        );
        for hidden in [&exempt, &draft, &minute, &CANARY.to_owned()] {
            assert!(!body.contains(hidden.as_str()), "{hidden} in {path}: {body}");
        }
    }
    let (_, _, other) = app
        .get("/committees/overview-and-scrutiny-management-board/feed.atom")
        .await;
    assert!(!other.contains("<entry>"), "another committee's feed: {other}");

    // A late item's paper goes out with a supplementary agenda: an entry of its own.
    let clerk = app.sign_in_as("first@example.org").await;
    let ws = format!("/workspace/meetings/{key}");
    let (status, _, message) = clerk
        .post_form(
            &app,
            &ws,
            &format!("{ws}/late-items"),
            &[
                ("title", "Flood recovery grant"),
                ("urgency", "The grant must be accepted first"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{message}");
    upload(&app, &clerk, &key, "2a", "Grant offer letter", &pdf("the offer")).await;
    let second = app.sign_in_as("second@example.org").await;
    publish(&app, &clerk, &second, &key).await;
    let letter = paper(&app, &key, "Grant offer letter").await;
    // A paper added since stays a draft until the next publication.
    upload(&app, &clerk, &key, "1", &format!("Note {draft}"), &pdf("a draft")).await;
    let (_, _, body) = app.get(&format!("/committees/{ILSC}/feed.atom")).await;
    let supplementary =
        format!("<title>Supplementary agenda published: Improving Lives Select Commission on {date}</title>");
    let agenda = format!("<title>Agenda published: Improving Lives Select Commission on {date}</title>");
    assert!(
        matches!((body.find(&supplementary), body.find(&agenda)), (Some(s), Some(a)) if s < a),
        "newest first: {body}"
    );
    assert!(body.contains(&format!(
        "<summary>Supplementary agenda published: the meeting of the Improving Lives Select Commission on {date}, with 1 paper.</summary>"
    )), "{body}");
    assert!(body.contains(&format!(
        "&lt;a href=&quot;http://localhost/documents/{}/upload.pdf&quot;&gt;Grant offer letter&lt;/a&gt;",
        letter.id
    )));

    // Withdrawn: its file's link leaves every entry, and its withdrawal is told by title alone.
    let (status, _, message) = clerk
        .post_form(
            &app,
            &ws,
            &format!("/workspace/documents/{}/withdraw", report.id),
            &[("meeting", key.as_str()), ("reason", "Published by mistake")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{message}");
    let (_, _, body) = app.get("/feed.atom").await;
    assert!(!body.contains(&format!("/documents/{}/", report.id)), "{body}");
    assert!(
        body.contains(&format!(
            "<title>Paper withdrawn: Report {public} (Improving Lives Select Commission on {date})</title>"
        )),
        "{body}"
    );
    assert!(body.contains(&format!(
        "<summary>The paper “Report {public}” was withdrawn from the meeting of the Improving Lives Select Commission on {date}. Reason: Published by mistake</summary>"
    )));
    assert!(body.contains(&format!(
        "<summary>Agenda published: the meeting of the Improving Lives Select Commission on {date}, with 1 paper.</summary>"
    )), "{body}");
    for hidden in [&exempt, &draft, &minute, &CANARY.to_owned()] {
        assert!(!body.contains(hidden.as_str()), "{hidden}: {body}");
    }

    // The iCalendar surface tells a meeting's time and place, never its papers or minutes.
    let (_, _, calendar) = app.get("/calendar.ics").await;
    for hidden in [&public, &exempt, &draft, &minute, &CANARY.to_owned()] {
        assert!(!calendar.contains(hidden.as_str()), "{hidden} in the calendar");
    }
}

#[tokio::test]
async fn pages_link_their_feeds_and_offer_to_subscribe_to_their_calendars() {
    let app = TestApp::sqlite().await.with_demo().await;
    let (_, _, home) = app.get("/").await;
    assert!(home.contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Rotherham Metropolitan Borough Council: agendas, minutes and papers\" href=\"/feed.atom\">"
    ), "{home}");
    assert!(home.contains("<link rel=\"alternate\" type=\"text/calendar\" title=\"Rotherham Metropolitan Borough Council: meetings\" href=\"/calendar.ics\">"));
    let (_, _, page) = app.get(&format!("/committees/{ILSC}")).await;
    assert!(page.contains(&format!(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Improving Lives Select Commission: agendas, minutes and papers\" href=\"/committees/{ILSC}/feed.atom\">"
    )));
    let subscribe = |path: &str| {
        format!(
            "<a href=\"webcal://localhost{path}\">subscribe in your calendar program</a>, or copy <a href=\"http://localhost{path}\" type=\"text/calendar\">the calendar's address (iCalendar, .ics)</a>"
        )
    };
    assert!(
        page.contains(&subscribe(&format!("/committees/{ILSC}/calendar.ics"))),
        "{page}"
    );
    let (_, _, calendar) = app.get("/calendar").await;
    assert!(calendar.contains(&subscribe("/calendar.ics")), "{calendar}");
    let (_, _, filtered) = app.get(&format!("/calendar?committee={ILSC}")).await;
    assert!(filtered.contains(&subscribe(&format!("/committees/{ILSC}/calendar.ics"))));
    let member = all::<Member>(&app).await.remove(0);
    let (_, _, page) = app.get(&format!("/members/{}", member.slug)).await;
    assert!(
        page.contains(&subscribe(&format!("/members/{}/calendar.ics", member.slug))),
        "{page}"
    );

    // The page cache keeps each host's page: a subscription link names the host asked.
    let (_, other) = app.get_on_host("other.example", &format!("/committees/{ILSC}")).await;
    assert!(other.contains(&format!("webcal://other.example/committees/{ILSC}/calendar.ics")));
}

/// Debian's Python, which Debian's `python3-icalendar` and `python3-feedparser` install into
/// (scripts/install-deps), whatever other `python3` comes first on the path; `MOOT_PYTHON`
/// names another.
fn python3() -> String {
    std::env::var("MOOT_PYTHON").unwrap_or_else(|_| "/usr/bin/python3".to_owned())
}

/// Whether that Python has `modules`; under CI their absence fails the test.
fn python_has(modules: &str) -> bool {
    let ok = std::process::Command::new(python3())
        .args(["-c", &format!("import {modules}")])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "python3 with {modules} must be installed under CI (scripts/install-deps)"
        );
        eprintln!("notice: skipping the Python readers' test: python3 with {modules} is missing");
    }
    ok
}

fn python(script: &str, file: &std::path::Path) -> String {
    let out = std::process::Command::new(python3())
        .args(["-c", script])
        .arg(file)
        .output()
        .expect("python3");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test]
async fn pythons_icalendar_and_feedparser_read_the_calendar_and_the_feed() {
    if !python_has("icalendar, feedparser") {
        return;
    }
    let app = TestApp::sqlite().await.with_demo().await;
    cancelled_and_moved(&app).await;
    let (key, _) = published(&app).await;
    let dir = tempfile::tempdir().unwrap();
    let ics = dir.path().join("calendar.ics");
    let (_, _, body) = app.get("/calendar.ics").await;
    std::fs::write(&ics, body).unwrap();
    let read = python(
        "import sys, icalendar\n\
         cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())\n\
         events = list(cal.walk('VEVENT'))\n\
         print(len(events), sum(1 for e in events if str(e.get('STATUS')) == 'CANCELLED'), \
         len(list(cal.walk('VTIMEZONE'))))",
        &ics,
    );
    assert_eq!(read.trim(), format!("{} 1 1", meetings(&app).await.len()));

    let atom = dir.path().join("feed.atom");
    let (_, _, body) = app.get("/feed.atom").await;
    std::fs::write(&atom, body).unwrap();
    let read = python(
        "import sys, feedparser\n\
         d = feedparser.parse(sys.argv[1])\n\
         print(int(d.bozo), len(d.entries), d.entries[0].link, d.entries[0].id.startswith('urn:uuid:'))",
        &atom,
    );
    assert_eq!(read.trim(), format!("0 1 http://localhost/meetings/{key} True"));
}
