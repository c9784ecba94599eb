//! The work programme kept in the workspace: rows added to each part, moved between parts,
//! reworded and removed by clerks, checked at the edge, and shown on the committee's public
//! page at once, with the change log naming who did each.

use crate::common::{TestApp, account, council, encode, form, get, hidden_csrf, send, session_of};
use axum::http::StatusCode;
use moot_domain::*;
use moot_store::{Filter, StoreExt};

const ILSC: &str = "improving-lives-select-commission";

async fn rows(app: &TestApp) -> Vec<moot_store::Stored<WorkProgrammeEntry>> {
    let c = council(&*app.store).await;
    app.store
        .find::<WorkProgrammeEntry>(c.id, &Filter::all())
        .await
        .unwrap()
}

/// The public committee page's table with this caption, as text.
fn table<'a>(page: &'a str, caption: &str) -> &'a str {
    page.split(&format!("<caption>{caption}</caption>"))
        .nth(1)
        .unwrap_or_else(|| panic!("no table {caption:?}"))
        .split("</table>")
        .next()
        .unwrap()
}

#[tokio::test]
async fn clerks_keep_the_work_programme_and_the_public_page_follows_on_sqlite() {
    clerks_keep_the_work_programme_and_the_public_page_follows(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn clerks_keep_the_work_programme_and_the_public_page_follows_on_postgres() {
    let Some(app) = TestApp::postgres().await else { return };
    clerks_keep_the_work_programme_and_the_public_page_follows(app).await;
}

async fn clerks_keep_the_work_programme_and_the_public_page_follows(app: TestApp) {
    let app = app.with_demo().await;
    account(&app, "clerk@example.org", AccountRole::Clerk, None).await;
    let clerk = session_of(&app, "clerk@example.org").await;
    let path = format!("/workspace/committees/{ILSC}/work-programme");
    let (status, _, page) = send(&app.state, get(&path, &clerk)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("work programme 2021/22"), "{page}");
    assert!(
        page.contains("Counter extremism in schools"),
        "the demo's rows are there to edit"
    );
    let csrf = hidden_csrf(&page);
    let before = rows(&app).await.len();

    for (body, expect) in [
        (
            "section=scheduled&date=soon&title=Knife+crime",
            "needs the meeting&#39;s date",
        ),
        (
            "section=someday&title=Knife+crime",
            "is not a part of the work programme",
        ),
        ("section=pending&title=+", "work programme item: must not be empty"),
    ] {
        let (status, _, message) = send(&app.state, form(&path, &clerk, &format!("csrf={csrf}&{body}"))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(message.contains(expect), "{body}: {message}");
    }
    assert_eq!(rows(&app).await.len(), before, "refused rows save nothing");

    let body = format!(
        "csrf={csrf}&section=pending&title={}&details={}&status={}",
        encode("Knife crime and young people"),
        encode("Scope to be agreed with the Youth Justice Board"),
        encode("To be scheduled")
    );
    let (status, _, _) = send(&app.state, form(&path, &clerk, &body)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, _, public) = app.get(&format!("/committees/{ILSC}")).await;
    let pending = table(&public, "Items pending scheduling or removal");
    assert!(pending.contains("Knife crime and young people") && pending.contains("To be scheduled"));
    let new = rows(&app)
        .await
        .into_iter()
        .find(|s| s.record.title == "Knife crime and young people")
        .unwrap();
    assert_eq!(new.record.section, WorkSection::Pending);
    let last = rows(&app)
        .await
        .iter()
        .filter(|s| s.record.id != new.record.id)
        .map(|s| s.record.position)
        .max()
        .unwrap();
    assert_eq!(new.record.position, last + 1, "last in its part");

    // Scheduled for the meeting of 15 June 2021: linked to it, and shown under that meeting.
    let update = format!("/workspace/work-programme/{}", new.record.id);
    let body = format!(
        "csrf={csrf}&version={}&section=scheduled&date=2021-06-15&title={}&details={}&status=",
        new.version,
        encode("Knife crime and young people"),
        encode("First look at the scope")
    );
    let (status, _, message) = send(&app.state, form(&update, &clerk, &body)).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{message}");
    let (_, _, again) = send(&app.state, form(&update, &clerk, &body)).await;
    assert!(again.contains("changed"), "a stale version is refused: {again}");
    let moved = app
        .store
        .fetch(council(&*app.store).await.id, new.record.id)
        .await
        .unwrap()
        .record;
    let c = council(&*app.store).await;
    let (_, june) = moot_store::lookup::meeting_by_key(&*app.store, c.id, &format!("2021-06-15-{ILSC}"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        moved.section,
        WorkSection::Scheduled {
            date: jiff::civil::date(2021, 6, 15),
            meeting: Some(june.id)
        }
    );
    assert_eq!(moved.status, None);
    assert_eq!(moved.updated, Some(jiff::Zoned::now().date()));
    // The printed table's "Updated" day can be given, as a clerk bringing a paper
    // programme into Moot needs; a date that is not one is refused and nothing changes.
    let version = app
        .store
        .fetch::<WorkProgrammeEntry>(c.id, new.record.id)
        .await
        .unwrap()
        .version;
    let dated = |day: &str| {
        format!(
            "csrf={csrf}&version={version}&section=scheduled&date=2021-06-15&title={}&details={}&updated={day}",
            encode("Knife crime and young people"),
            encode("First look at the scope")
        )
    };
    let (status, _, message) = send(&app.state, form(&update, &clerk, &dated("02/06/2021"))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        message.contains("&#34;02/06/2021&#34; is not a date like 2027-05-19"),
        "{message}"
    );
    let (status, _, _) = send(&app.state, form(&update, &clerk, &dated("2021-06-02"))).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let dated_row = app
        .store
        .fetch::<WorkProgrammeEntry>(c.id, new.record.id)
        .await
        .unwrap();
    assert_eq!(
        (dated_row.version, dated_row.record.updated),
        (version + 1, Some(jiff::civil::date(2021, 6, 2)))
    );
    let (_, _, public) = app.get(&format!("/committees/{ILSC}")).await;
    assert!(!table(&public, "Items pending scheduling or removal").contains("Knife crime"));
    let by_meeting = table(&public, "By meeting");
    let row = by_meeting
        .split("<tr>")
        .find(|r| r.contains("Knife crime and young people"))
        .expect("under its meeting");
    assert!(row.contains("Tuesday 15 June 2021") && row.contains("First look at the scope"));

    // Removed: gone from the page, kept in the change log with who.
    let version = app.store.fetch(c.id, new.record.id).await.unwrap().version;
    let body = format!("csrf={csrf}&version={version}");
    let (status, _, _) = send(&app.state, form(&format!("{update}/remove"), &clerk, &body)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, _, public) = app.get(&format!("/committees/{ILSC}")).await;
    assert!(!public.contains("Knife crime and young people"));
    assert_eq!(rows(&app).await.len(), before);
    account(&app, "admin@example.org", AccountRole::Admin, None).await;
    let admin = session_of(&app, "admin@example.org").await;
    let (_, _, audit) = send(&app.state, get("/admin/audit", &admin)).await;
    for step in ["added by clerk", "updated by clerk", "removed by clerk"] {
        assert!(
            audit.contains(&format!(
                "work programme row &#34;Knife crime and young people&#34; {step}"
            )),
            "{step}: {audit}"
        );
    }
}

#[tokio::test]
async fn without_a_municipal_year_the_page_says_what_to_set_up_first() {
    let app = TestApp::sqlite().await;
    let test = Actor::parse("test").unwrap();
    let c = app
        .store
        .create(&test, moot_store_conformance::fixtures::council("rotherham"))
        .await
        .unwrap()
        .record;
    app.store
        .create(&test, moot_store_conformance::fixtures::committee(c.id, "scrutiny"))
        .await
        .unwrap();
    let clerk = app.signed_in("clerk@example.org", AccountRole::Clerk, None).await;
    let path = "/workspace/committees/scrutiny/work-programme";
    let (status, _, page) = clerk.get(&app, path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("add the council's annual meeting in"), "{page}");
    let (status, _, message) = clerk
        .post_form(&app, "/account", path, &[("section", "pending"), ("title", "x")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message.contains("annual meeting for this municipal year first"));
}

/// A group's row as seed 001 prints it: its kind of review, lead member and members, and where
/// it came from, before its details; refused on a row that is not a group's.
#[tokio::test]
async fn a_groups_review_lead_members_and_origin_print_in_the_pack() {
    let app = TestApp::sqlite().await.with_demo().await;
    let clerk = app.signed_in("clerk@example.org", AccountRole::Clerk, None).await;
    let page = format!("/workspace/committees/{ILSC}/work-programme");
    let liquid = rows(&app)
        .await
        .into_iter()
        .find(|s| s.record.title == "Liquid Logic")
        .unwrap();
    let action = format!("/workspace/work-programme/{}", liquid.record.id);
    let details = "One off spotlight review to provide assurance to members on how the system is working in CYPS.";
    let fields = |section: &'static str, review: &'static str| {
        vec![
            ("section", section),
            ("title", "Liquid Logic"),
            ("details", details),
            ("origin", "Referral from OSMB"),
            ("review", review),
            ("lead", "Councillor Cusworth"),
            ("members", "Councillor Atkin, Councillor Elliott"),
            ("status", "To schedule"),
        ]
    };
    for (section, review, expect) in [
        (
            "pending",
            "spotlight_review",
            "work programme row: only a sub or project group has a lead member, members or a kind of review",
        ),
        ("group", "peer_review", "&#34;peer_review&#34; is not a kind of review"),
    ] {
        let (status, _, message) = clerk.post_form(&app, &page, &action, &fields(section, review)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(message.contains(expect), "{message}");
    }
    let c = council(&*app.store).await;
    assert_eq!(
        app.store.fetch(c.id, liquid.record.id).await.unwrap().version,
        liquid.version,
        "refused rows save nothing"
    );
    let (status, _, message) = clerk
        .post_form(&app, &page, &action, &fields("group", "spotlight_review"))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{message}");
    let saved = app.store.fetch(c.id, liquid.record.id).await.unwrap().record;
    assert_eq!(saved.origin_text.as_deref(), Some("Referral from OSMB"));
    assert_eq!(
        saved.review,
        Some(GroupReview {
            kind: Some(ReviewKind::SpotlightReview),
            lead: Some("Councillor Cusworth".to_owned()),
            members: vec!["Councillor Atkin".to_owned(), "Councillor Elliott".to_owned()],
        })
    );
    let (_, _, edit) = clerk.get(&app, &page).await;
    assert!(edit.contains("<option value=\"spotlight_review\" selected>Spotlight review</option>"));

    let publisher = moot_render_pdf::Publisher::new(
        app.store.clone(),
        app.state.blobs.clone(),
        moot_render_pdf::Typesetter::new().unwrap(),
    )
    .unwrap();
    moot_render_pdf::follow::refresh_all(&publisher).await.unwrap();
    let (_, june) = moot_store::lookup::meeting_by_key(&*app.store, c.id, &format!("2021-06-15-{ILSC}"))
        .await
        .unwrap()
        .unwrap();
    let groups = app
        .store
        .find::<Document>(c.id, &Filter::eq("meeting_id", june.id))
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.record)
        .find(|d| d.kind == DocumentKind::ProjectGroups)
        .unwrap();
    let text = crate::packs::pack_text(&app, &groups).await;
    // The details cell's first line, the status beside it, then the rest of the cell, as
    // pdftotext reads the row.
    assert!(
        text.contains(
            "Liquid Logic Referral from OSMB. To schedule Spotlight review. Lead member: Councillor Cusworth. \
             Members: Councillor Atkin, Councillor Elliott. One off spotlight review to provide assurance to \
             members on how the system is working in CYPS. Domestic Abuse"
        ),
        "{text}"
    );
}
