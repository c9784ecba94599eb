//! Every public page type on the seed demo: its status, the seeds' facts it shows, its links,
//! and never the exempt appendix.

use crate::common;

use axum::http::StatusCode;
use moot_domain::{AgendaItem, Council, Email, Meeting, Officer};
use moot_store::{Filter, StoreExt, typed};
use moot_store_conformance::fixtures::*;

use crate::common::TestApp;

const CANARY: &str = "EXEMPT-CANARY-7f3a";
const JUNE: &str = "/meetings/2021-06-15-improving-lives-select-commission";

fn no_exempt(path: &str, body: &str) {
    assert!(!body.contains(CANARY), "exempt text on {path}");
    assert!(
        !body.to_lowercase().contains("pause women"),
        "exempt document title on {path}"
    );
}

async fn ok(app: &TestApp, path: &str) -> String {
    let (status, headers, body) = app.get(path).await;
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    assert!(headers.get("content-security-policy").is_some(), "{path} has a CSP");
    no_exempt(path, &body);
    body
}

#[tokio::test]
async fn committees_index_groups_bodies_by_kind() {
    let app = TestApp::sqlite().await.with_demo().await;
    let body = ok(&app, "/committees").await;
    for fact in [
        "<h2>Scrutiny</h2>",
        "<a href=\"/committees/improving-lives-select-commission\">Improving Lives Select Commission</a>",
        "<a href=\"/committees/cabinet\">Cabinet</a>",
        "<h2>Panels</h2>",
        "Corporate Parenting Panel",
    ] {
        assert!(body.contains(fact), "missing {fact:?}");
    }
}

#[tokio::test]
async fn committee_page_shows_remit_contact_membership_meetings_and_work_programme() {
    let app = TestApp::sqlite().await.with_demo().await;
    let body = ok(&app, "/committees/improving-lives-select-commission").await;
    for fact in [
        "Improving Lives Select Commission <span class=\"muted\">(ILSC)</span>",
        "Hannah Etheridge, Governance Advisor",
        "<a href=\"/committees/overview-and-scrutiny-management-board\">Overview and Scrutiny Management Board</a>",
        "<a href=\"/members/pitchley\">Councillor Pitchley</a> (Chair)",
        "<a href=\"/members/cooksey\">Councillor W. Cooksey</a> (Vice Chair)",
        "<summary>Membership 2019/20</summary>",
        "<a href=\"/members/cusworth\">Councillor V. Cusworth</a> (Chair)",
        "<h3>2021/22</h3>",
        "<a href=\"/meetings/2021-06-15-improving-lives-select-commission\">Tuesday 15 June 2021, 10.00 am</a>",
        // Earlier years are folded away: the page stays short however long the record.
        "<details><summary>2016/17: 1 meeting</summary>",
        "Work programme 2021/22",
        "<td>Counter extremism in schools</td>",
        "<td>To be scheduled</td>",
        // The long lists of a programme fold away under their count, as earlier years do.
        "<details><summary>Items pending scheduling or removal: ",
        "<details><summary>Sub and project groups: ",
    ] {
        assert!(body.contains(fact), "missing {fact:?}");
    }
    assert_eq!(app.get("/committees/no-such-committee").await.0, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/committees/Not_A_Slug").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn meeting_page_links_items_members_and_the_meetings_either_side_and_marks_itself_up() {
    let app = TestApp::sqlite().await.with_demo().await;
    let body = ok(&app, "/meetings/2021-03-22-improving-lives-select-commission").await;
    assert!(body.contains(
        "Previous meeting: <a href=\"/meetings/2021-03-09-improving-lives-select-commission\">Tuesday 9 March 2021</a>"
    ));
    assert!(body.contains(
        "Next meeting: <a href=\"/meetings/2021-06-15-improving-lives-select-commission\">Tuesday 15 June 2021</a>"
    ));
    assert!(body.contains(
        "<link rel=\"canonical\" href=\"http://localhost/meetings/2021-03-22-improving-lives-select-commission\">"
    ));
    assert!(body.contains("\"@type\":\"Event\"") && body.contains("\"startDate\":\"2021-03-22T17:30:00+00:00\""));
    assert!(body.contains("<a href=\"/members/cusworth\">Councillor V. Cusworth (in the Chair)</a>"));
    assert!(body.contains("/meetings/2021-03-22-improving-lives-select-commission/items/6"));
}

#[tokio::test]
async fn item_page_shows_the_full_minute_resolutions_documents_and_the_subjects_history() {
    let app = TestApp::sqlite().await.with_demo().await;
    let body = ok(&app, &format!("{JUNE}/items/7")).await;
    for fact in [
        "<h1>7. Rotherham Pause Practice - Impact Report</h1>",
        // The item is marked exempt but its report is public ("Exempt: No" on its cover
        // sheet): the page says which part the press and public left for.
        "<p class=\"exempt\">Part taken in private: the press and public left for the presentation on the Pause \
         Project, under paragraph 1 of Part 1 of Schedule 12A (information about a particular person); the rest of the \
         item was in public. Information relating to individual women supported by the programme</p>",
        "<dt>Exempt from the press and public</dt><dd>No</dd>",
        "PDF 475 KB",
        "(minute 6)",
        "1 document is not for publication.",
        "Rotherham Pause Practice: other meetings",
        // Dates read as dates everywhere on the page, the cover sheet's too.
        "<dt>Considered by</dt><dd>Improving Lives Select Commission (Tuesday 16 April 2019)</dd>",
    ] {
        assert!(body.contains(fact), "missing {fact:?}");
    }
    let perf = ok(&app, "/meetings/2020-06-16-improving-lives-select-commission/items/7").await;
    assert!(perf.contains("other meetings"), "{perf}");
    assert!(
        perf.contains("/meetings/2021-03-22-improving-lives-select-commission/items/6"),
        "the subject links across meetings"
    );
    assert_eq!(app.get(&format!("{JUNE}/items/99")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&format!("{JUNE}/items/seven")).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn member_page_shows_roles_by_year_attendance_and_declarations() {
    let app = TestApp::sqlite().await.with_demo().await;
    let cusworth = ok(&app, "/members/cusworth").await;
    assert!(cusworth.contains("<h1>Councillor V. Cusworth</h1>"));
    assert!(
        cusworth.contains("Improving Lives Select Commission</a>: Chair, Wednesday 22 May 2019 to Tuesday 18 May 2021"),
        "{cusworth}"
    );
    assert!(
        cusworth.contains("Health, Welfare and Safety Panel</a>: Lead Representative"),
        "{cusworth}"
    );
    assert!(
        cusworth.contains("Expected at 4 meetings: present at 3, apologies for 0."),
        "June 2016 and both March 2021 meetings; June 2020's attendance was not recorded: {cusworth}"
    );
    let jarvis = ok(&app, "/members/jarvis").await;
    assert!(jarvis.contains("Non-pecuniary interest in item 9 (Response to Domestic Abuse during the pandemic), as she was a board member of RISE"), "{jarvis}");
    let index = ok(&app, "/members").await;
    assert!(index.contains("<a href=\"/members/pitchley\">Councillor Pitchley</a>"));
    assert_eq!(app.get("/members/nobody").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_member_page_gives_party_ward_term_and_contact_only_where_the_council_has_them() {
    let app = TestApp::sqlite().await.with_demo().await;
    // The seeds name no member's party, ward or address, so the demo invents none.
    let bare = ok(&app, "/members/cusworth").await;
    for absent in [
        "<dl class=\"meta\">",
        "<dt>Party</dt>",
        "<dt>Ward</dt>",
        "mailto:",
        "tel:",
    ] {
        assert!(
            !bare.contains(absent),
            "{absent} on a member page with nothing to put in it"
        );
    }
    let c: Council = typed(app.store.councils().await.expect("councils").remove(0))
        .expect("council")
        .record;
    let found = app
        .store
        .find::<moot_domain::Member>(c.id, &Filter::eq("slug", "cusworth"))
        .await
        .expect("member")
        .remove(0);
    let mut known = found.record.clone();
    known.party = Some("Example Party".into());
    known.ward = Some("Example Ward".into());
    known.email = Some(Email::parse("councillor.example@example.org").unwrap());
    known.phone = Some("01709 000000".into());
    known.term_from = Some(jiff::civil::date(2021, 5, 6));
    app.store
        .update(&actor("user:clerk-1"), known, found.version)
        .await
        .expect("update");
    let page = ok(&app, "/members/cusworth").await;
    for fact in [
        "<dt>Party</dt><dd>Example Party</dd>",
        "<dt>Ward</dt><dd>Example Ward</dd>",
        "<dt>Term of office</dt><dd>From Thursday 6 May 2021</dd>",
        "<dt>E-mail</dt><dd><a href=\"mailto:councillor.example@example.org\">councillor.example@example.org</a></dd>",
        "<dt>Telephone</dt><dd><a href=\"tel:01709000000\">01709 000000</a></dd>",
    ] {
        assert!(page.contains(fact), "missing {fact:?}:\n{page}");
    }
}

#[tokio::test]
async fn minute_references_link_to_minutes_moot_holds() {
    let app = TestApp::sqlite().await;
    let who = actor("cli");
    let c = app
        .store
        .create(&who, council("rotherham"))
        .await
        .expect("council")
        .record;
    let com = app
        .store
        .create(&who, committee(c.id, "improving-lives"))
        .await
        .expect("committee")
        .record;
    let annual = app
        .store
        .create(&who, annual_meeting(c.id, jiff::civil::date(2019, 5, 22)))
        .await
        .expect("annual")
        .record;
    let s = app
        .store
        .create(&who, series(&com, &annual))
        .await
        .expect("series")
        .record;
    let march = app
        .store
        .create(
            &who,
            moot_domain::Meeting {
                status: moot_domain::MeetingStatus::MinutesApproved,
                ..meeting(&com, jiff::civil::date(2020, 3, 3).at(17, 30, 0, 0))
            },
        )
        .await
        .expect("m")
        .record;
    let june = app
        .store
        .create(
            &who,
            moot_domain::Meeting {
                status: moot_domain::MeetingStatus::MinutesApproved,
                ..meeting(&com, jiff::civil::date(2020, 6, 16).at(17, 30, 0, 0))
            },
        )
        .await
        .expect("m")
        .record;
    let mut earlier = item(&march, "5", "Performance tracker");
    earlier.minute = Some(moot_domain::Minute {
        text_visibility: moot_domain::Visibility::Public,
        ..minute(&s, 58, "TRACKER")
    });
    app.store.create(&who, earlier).await.expect("item");
    let mut later = item(&june, "7", "Performance reporting");
    later.minute = Some(moot_domain::Minute {
        text: "Members recalled their concern (Minute No. 58) and Minute Number 50 of another year.".into(),
        text_visibility: moot_domain::Visibility::Public,
        ..minute(&s, 70, "PERFORMANCE")
    });
    app.store.create(&who, later).await.expect("item");
    let body = ok(&app, "/meetings/2020-06-16-improving-lives/items/7").await;
    assert!(
        body.contains("(<a href=\"/meetings/2020-03-03-improving-lives/items/5\">Minute No. 58</a>)"),
        "{body}"
    );
    assert!(
        body.contains("Minute Number 50 of another year"),
        "unknown minutes stay plain text"
    );
}

#[tokio::test]
async fn unknown_and_malformed_paths_get_a_helpful_404_never_a_500() {
    let app = TestApp::sqlite().await.with_demo().await;
    for path in [
        "/meetings/2021-02-30-improving-lives-select-commission",
        "/meetings/%00",
        "/meetings/2021-06-15-improving-lives-select-commission/items/0",
        "/meetings/2021-06-15-improving-lives-select-commission/items/07",
        "/meetings/2021-06-15-improving-lives-select-commission/items/7(a)",
        "/committees/..%2F..%2Fetc",
        "/members/%E2%82%AC",
        "/c/rotherham/committees",
        "/no/such/thing",
    ] {
        let (status, _, body) = app.get(path).await;
        if path == "/c/rotherham/committees" {
            assert_eq!(
                status,
                StatusCode::OK,
                "the council prefix works on a one-council site too"
            );
            continue;
        }
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(body.contains("Go to the home page"), "{path}: a way back");
    }
}

#[tokio::test]
async fn the_stylesheet_is_served_and_pages_work_on_postgres_too() {
    let app = TestApp::sqlite().await;
    let (status, headers, css) = app.get("/static/moot.css").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers.get("content-type").and_then(|v| v.to_str().ok()),
        Some("text/css; charset=utf-8")
    );
    assert!(css.contains("@media print"));

    let Some(pg) = TestApp::postgres().await else { return };
    let pg = pg.with_demo().await;
    for path in [
        "/",
        "/committees",
        "/committees/improving-lives-select-commission",
        JUNE,
        "/members/cusworth",
    ] {
        ok(&pg, path).await;
    }
    let body = ok(&pg, &format!("{JUNE}/items/7")).await;
    assert!(body.contains("(minute 6)"));
    let c: Council = typed(pg.store.councils().await.expect("councils").remove(0))
        .expect("council")
        .record;
    let meetings = pg.store.find::<Meeting>(c.id, &Filter::all()).await.expect("meetings");
    let items = pg.store.find::<AgendaItem>(c.id, &Filter::all()).await.expect("items");
    assert_eq!((meetings.len(), items.len() > 40), (5, true));
}

#[tokio::test]
async fn home_lists_recent_publications_from_the_change_log_and_meetings_list_their_own_papers() {
    let app = TestApp::sqlite().await.with_demo().await;
    let who = actor("user:clerk-1");
    let c: Council = typed(app.store.councils().await.expect("councils").remove(0))
        .expect("council")
        .record;
    let ilsc = app
        .store
        .find::<moot_domain::Committee>(c.id, &Filter::eq("slug", "improving-lives-select-commission"))
        .await
        .expect("committee")
        .remove(0)
        .record;
    let next = app
        .store
        .create(&who, meeting(&ilsc, jiff::civil::date(2021, 7, 27).at(10, 0, 0, 0)))
        .await
        .expect("m");
    let mut published = next.record.clone();
    published.status = moot_domain::MeetingStatus::AgendaPublished;
    app.store.update(&who, published, next.version).await.expect("publish");
    let pack_bytes = b"%PDF-1.7 agenda pack";
    let hash = app.state.blobs.put(pack_bytes).await.expect("blob");
    let pack = moot_domain::Document {
        id: moot_domain::DocumentId::new(),
        council: c.id,
        meeting: Some(next.record.id),
        item: None,
        position: 1,
        title: "Agenda pack".into(),
        kind: moot_domain::DocumentKind::AgendaPack,
        file: Some(moot_domain::FileRef {
            hash,
            size: 2048,
            media_type: "application/pdf".into(),
            file_name: "agenda-pack.pdf".into(),
            page_count: Some(45),
        }),
        visibility: moot_domain::Visibility::Public,
        authors: vec![],
        cover_sheet: None,
        text: None,
        published_as: None,
        generated: None,
        withdrawn: None,
        exempt_on_release: None,
        revisions: Vec::new(),
        original_of: None,
    };
    let pack = app.store.create(&who, pack).await.expect("pack").record;

    let home = ok(&app, "/").await;
    let recent = home.split("<h2>Recently published</h2>").nth(1).expect("section");
    let first = recent.split("<li>").nth(1).expect("an entry");
    assert!(
        first.contains("Agenda published: Improving Lives Select Commission, Tuesday 27 July 2021"),
        "the newest publication comes first: {first}"
    );
    // The demo's minutes came in already approved: the log does not know when they were
    // published, so they are not listed as published on the day the demo was loaded.
    let recent = recent.split("<h2>").next().expect("the section");
    assert_eq!(recent.matches("<li>").count(), 1, "{recent}");
    assert!(!recent.contains("Minutes approved"), "{recent}");

    let page = ok(&app, "/meetings/2021-07-27-improving-lives-select-commission").await;
    assert!(
        page.contains(&format!(
            "<a href=\"/documents/{}/agenda-pack.pdf\">Agenda pack</a> <span class=\"size\">PDF 2 KB</span>",
            pack.id
        )),
        "{page}"
    );
}

#[tokio::test]
async fn resolutions_of_minutes_the_public_may_not_read_are_withheld_with_them() {
    let app = TestApp::sqlite().await.with_demo().await;
    let who = actor("user:clerk-1");
    let c: Council = typed(app.store.councils().await.expect("councils").remove(0))
        .expect("council")
        .record;
    let items = app.store.find::<AgendaItem>(c.id, &Filter::all()).await.expect("items");
    let pause = items
        .iter()
        .find(|i| i.record.title == "Rotherham Pause Practice - Impact Report")
        .expect("item 7");
    let mut private = pause.record.clone();
    if let Some(m) = private.minute.as_mut() {
        m.text_visibility = moot_domain::Visibility::Exempt(exemption(1, "Information about individual women"));
    }
    app.store
        .update(&who, private, pause.version)
        .await
        .expect("minute made exempt");
    let r = moot_domain::Resolution {
        id: moot_domain::ResolutionId::new(),
        council: c.id,
        meeting: pause.record.meeting,
        item: pause.record.id,
        number: 2,
        text: "SECRET-RESOLUTION that Woman A be referred".into(),
        kind: moot_domain::ResolutionKind::Other,
        vote: None,
    };
    app.store.create(&who, r).await.expect("resolution");
    for path in [JUNE.to_owned(), format!("{JUNE}/items/7")] {
        let body = ok(&app, &path).await;
        assert!(
            !body.contains("SECRET-RESOLUTION"),
            "{path} shows the resolution of an exempt minute"
        );
        assert!(body.contains("not for publication"), "{path}");
    }
}

#[tokio::test]
async fn a_page_reached_under_the_council_prefix_keeps_its_own_links_in_the_cache() {
    let app = TestApp::sqlite().await.with_demo().await;
    let plain = ok(&app, JUNE).await;
    let prefixed = ok(&app, &format!("/c/rotherham{JUNE}")).await;
    assert!(plain.contains(&format!("href=\"{JUNE}/items/7\"")));
    assert!(
        prefixed.contains(&format!("href=\"/c/rotherham{JUNE}/items/7\"")),
        "prefixed links survive the cache"
    );
    assert!(!prefixed.contains(&format!("href=\"{JUNE}/items/7\"")));
}

#[tokio::test]
async fn a_deleted_venue_does_not_take_its_meetings_pages_down() {
    let app = TestApp::sqlite().await.with_demo().await;
    let c: Council = typed(app.store.councils().await.expect("councils").remove(0))
        .expect("council")
        .record;
    let venues = app
        .store
        .find::<moot_domain::Venue>(c.id, &Filter::eq("name", "Town Hall"))
        .await
        .expect("venues");
    let hall = &venues[0];
    app.store
        .delete(&actor("user:clerk-1"), c.id, hall.record.id, hall.version)
        .await
        .expect("delete");
    let body = ok(&app, JUNE).await;
    assert!(!body.contains("Moorgate Street"));
}

const DRAFT_HEADING: &str = "DRAFT-HEADING-CANARY-4e1c";
const EXEMPT_HEADING: &str = "EXEMPT-HEADING-CANARY-9b2d";

#[tokio::test]
async fn a_minute_heading_is_shown_only_to_those_who_may_read_the_minute_on_sqlite() {
    heading_goes_with_the_minute(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn a_minute_heading_is_shown_only_to_those_who_may_read_the_minute_on_postgres() {
    let Some(app) = TestApp::postgres().await else { return };
    heading_goes_with_the_minute(app).await;
}

/// Item 7 of 15 June taken in private with its minute exempt, and item 8's minute back to a
/// draft, each under a heading of its own: the public sees neither heading, a clerk both.
async fn heading_goes_with_the_minute(app: TestApp) {
    let app = app.with_demo().await;
    let who = actor("user:clerk-1");
    let c: Council = typed(app.store.councils().await.expect("councils").remove(0))
        .expect("council")
        .record;
    let items = app.store.find::<AgendaItem>(c.id, &Filter::all()).await.expect("items");
    let pause = items
        .iter()
        .find(|i| i.record.title == "Rotherham Pause Practice - Impact Report")
        .expect("item 7");
    let programme = items
        .iter()
        .find(|i| i.record.meeting == pause.record.meeting && i.record.number.to_string() == "8")
        .expect("item 8");
    let mut private = pause.record.clone();
    private.exemption = Some(exemption(1, "Information about individual women"));
    if let Some(m) = private.minute.as_mut() {
        m.heading = EXEMPT_HEADING.into();
        m.text_visibility = moot_domain::Visibility::Exempt(exemption(1, "Information about individual women"));
    }
    app.store.update(&who, private, pause.version).await.expect("exempt");
    let mut draft = programme.record.clone();
    if let Some(m) = draft.minute.as_mut() {
        m.heading = DRAFT_HEADING.into();
        m.text_visibility = moot_domain::Visibility::Draft;
    }
    app.store.update(&who, draft, programme.version).await.expect("draft");

    let withheld = "<p>The minutes of this item are not for publication.</p>";
    let meeting = ok(&app, JUNE).await;
    for fact in [
        "<a href=\"/meetings/2021-06-15-improving-lives-select-commission/items/7\">Rotherham Pause Practice - Impact Report</a>",
        // The meeting recorded which part the public left for, so the notice names it.
        "<p class=\"exempt\">Part taken in private: the press and public left for the presentation on the Pause \
         Project, under paragraph 1 of Part 1 of Schedule 12A (information about a particular person); the rest of the \
         item was in public. Information about individual women</p>",
        &format!("<h4>Minute 6</h4>\n{withheld}"),
        &format!("<h4>Minute 7</h4>\n{withheld}"),
    ] {
        assert!(meeting.contains(fact), "the meeting page lacks {fact:?}:\n{meeting}");
    }
    for (number, minute) in [("7", "6"), ("8", "7")] {
        let path = format!("{JUNE}/items/{number}");
        let item = ok(&app, &path).await;
        let minutes = item
            .split(&format!("<h2>Minutes (minute {minute})</h2>"))
            .nth(1)
            .unwrap_or_else(|| panic!("{path} lacks its minute:\n{item}"));
        assert!(
            minutes.trim_start().starts_with(withheld),
            "{path}: the withheld minute has no heading:\n{item}"
        );
    }
    for path in [JUNE.to_owned(), format!("{JUNE}/items/7"), format!("{JUNE}/items/8")] {
        let (status, _, body) = app.get(&path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        for heading in [DRAFT_HEADING, EXEMPT_HEADING] {
            assert!(!body.contains(heading), "{path} shows {heading} to the public");
        }
    }

    common::account(&app, "clerk@example.org", moot_domain::AccountRole::Clerk, None).await;
    let clerk = common::session_of(&app, "clerk@example.org").await;
    let (state, clerk) = (&app.state, &clerk);
    let signed_in = |path: String| async move {
        let (status, _, body) = common::send(state, common::get(&path, clerk)).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        body
    };
    let meeting = signed_in(JUNE.to_owned()).await;
    for fact in [
        format!("<h4>Minute 6: {EXEMPT_HEADING}</h4>"),
        format!("<h4>Minute 7: {DRAFT_HEADING}</h4>"),
    ] {
        assert!(meeting.contains(&fact), "a clerk's meeting page lacks {fact:?}");
    }
    for (number, heading) in [("7", EXEMPT_HEADING), ("8", DRAFT_HEADING)] {
        let item = signed_in(format!("{JUNE}/items/{number}")).await;
        assert!(item.contains(&format!("<h3>{heading}</h3>")), "a clerk's item {number}");
    }
}

#[tokio::test]
async fn a_paper_held_on_paper_only_says_so_and_whom_to_ask() {
    let app = TestApp::sqlite().await.with_demo().await;
    let page = "/meetings/2016-06-15-improving-lives-select-commission";
    let (status, _, body) = app.get(page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains(
            "<li>Child Centred Borough <span class=\"size\">PDF 853 KB</span> <span class=\"offline\">not held online: \
             ask Hannah Etheridge, the contact officer, for a copy</span></li>"
        ),
        "{body}"
    );
    // With an address to write to, the request is one click.
    let c = crate::common::council(&*app.store).await;
    let officer = app
        .store
        .find::<Officer>(c.id, &Filter::all())
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.record.name == "Hannah Etheridge")
        .unwrap();
    let mut with_mail = officer.record.clone();
    with_mail.email = Some(Email::parse("hannah.etheridge@rotherham.gov.uk").unwrap());
    app.store
        .update(&actor("user:clerk"), with_mail, officer.version)
        .await
        .unwrap();
    let (_, _, body) = app.get(page).await;
    assert!(
        body.contains(
            "<a href=\"mailto:hannah.etheridge@rotherham.gov.uk?subject=Request%20for%20a%20copy%20of%20%22Child%20Centred%20Borough%22%20%28Improving%20Lives%20Select%20Commission%2C%20Wednesday%2015%20June%202016%29\">ask Hannah Etheridge, the contact officer, for a copy</a>"
        ),
        "{body}"
    );
}

#[tokio::test]
async fn every_meetings_markup_is_a_schema_org_event_with_absolute_addresses_offsets_and_a_mode() {
    let app = TestApp::sqlite().await.with_demo().await;
    let c = common::council(&*app.store).await;
    let committee = app
        .store
        .find::<moot_domain::Committee>(c.id, &Filter::all())
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.record.slug.as_str() == "improving-lives-select-commission")
        .unwrap()
        .record;
    let mut modes = std::collections::BTreeSet::new();
    for m in app.store.find::<Meeting>(c.id, &Filter::all()).await.unwrap() {
        let path = moot_app::links::meeting_path(&m.record, &committee);
        let body = ok(&app, &path).await;
        let start = body.find("<script type=\"application/ld+json\">").unwrap() + 35;
        let end = start + body[start..].find("</script>").unwrap();
        let event: serde_json::Value = serde_json::from_str(&body[start..end]).unwrap();
        assert_eq!(event["@context"], "https://schema.org");
        assert_eq!(event["@type"], "Event");
        assert_eq!(event["url"], format!("http://localhost{path}"));
        let starts = event["startDate"].as_str().unwrap();
        assert!(starts.parse::<jiff::Timestamp>().is_ok(), "{starts} has no offset");
        assert!(starts.ends_with("+01:00") || starts.ends_with("+00:00"), "{starts}");
        let mode = event["eventAttendanceMode"].as_str().unwrap().to_owned();
        for place in event["location"].as_array().unwrap() {
            match place["@type"].as_str().unwrap() {
                "Place" => {
                    assert_eq!(place["address"]["@type"], "PostalAddress");
                    assert_eq!(place["address"]["addressCountry"], "GB");
                }
                "VirtualLocation" => assert!(place["url"].as_str().unwrap().starts_with("http")),
                other => panic!("{other}"),
            }
        }
        modes.insert(mode);
    }
    // The demo meets in the Town Hall and on Microsoft Teams.
    assert_eq!(
        modes,
        std::collections::BTreeSet::from([
            "https://schema.org/OfflineEventAttendanceMode".to_owned(),
            "https://schema.org/OnlineEventAttendanceMode".to_owned(),
        ])
    );
    let (status, headers, icon) = app.get("/static/favicon.svg").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers.get("content-type").unwrap(), "image/svg+xml");
    assert!(icon.starts_with("<svg"));
    let home = ok(&app, "/").await;
    assert!(home.contains("<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">"));
    assert!(home.contains("<meta name=\"description\" content=\""));
}

#[tokio::test]
async fn a_meeting_page_opens_its_items_with_a_list_that_jumps_to_each() {
    let app = TestApp::sqlite().await.with_demo().await;
    let body = ok(&app, "/meetings/2021-06-15-improving-lives-select-commission").await;
    let nav = body
        .split("<nav aria-label=\"Agenda items\" class=\"jump\"><ul>")
        .nth(1)
        .and_then(|rest| rest.split("</ul></nav>").next())
        .expect("the jump list");
    assert_eq!(nav.matches("<li>").count(), 11, "{nav}");
    assert!(nav.starts_with("<li><a href=\"#item-1\">1. "), "{nav}");
    assert!(
        nav.contains("<a href=\"#item-7\">7. Rotherham Pause Practice - Impact Report</a>"),
        "{nav}"
    );
    // Each link lands on its item's section.
    for n in 1..=11 {
        assert!(
            body.contains(&format!("<section id=\"item-{n}\" class=\"item\"")),
            "item {n}"
        );
    }
}
