//! Publishing an agenda by two people: one clerk asks, a second checks what goes public and
//! approves; the clerk who asked cannot approve (unless the council allows it); a late
//! request must say why; the log names both.

use crate::common::{
    TestApp, account, council, encode, form, get, hidden_csrf, reviewed_for, send, session_of, version_for,
};
use axum::http::StatusCode;
use moot_domain::*;
use moot_store::{ChangeQuery, Filter, Kind, StoreExt};
use moot_store_conformance::fixtures::exemption;

/// A new meeting of the demo's committee `days` from today, with a paper for an open item
/// and one for an exempt item, both drafts. Returns its key.
pub(crate) async fn upcoming(app: &TestApp, days: i64) -> String {
    let c = council(&*app.store).await;
    let who = Actor::parse("test").unwrap();
    let committee = app
        .store
        .find::<Committee>(c.id, &Filter::eq("slug", "improving-lives-select-commission"))
        .await
        .unwrap()
        .remove(0)
        .record;
    let day = jiff::Zoned::now()
        .date()
        .checked_add(jiff::Span::new().days(days))
        .unwrap();
    let meeting = Meeting {
        status: MeetingStatus::Scheduled,
        ..moot_store_conformance::fixtures::meeting(&committee, day.at(10, 0, 0, 0))
    };
    app.store.create(&who, meeting.clone()).await.unwrap();
    for (number, title, exempt, paper) in [
        ("1", "Budget monitoring", None, "Budget monitoring report"),
        (
            "2",
            "Care contract",
            Some(exemption(3, "Prices tendered by bidders")),
            "EXEMPT-PRICES schedule",
        ),
    ] {
        let item = AgendaItem {
            id: AgendaItemId::new(),
            council: c.id,
            meeting: meeting.id,
            committee: committee.id,
            number: AgendaNumber::parse(number).unwrap(),
            title: title.to_owned(),
            description: None,
            kind: ItemKind::Business,
            exemption: exempt,
            urgency: None,
            awaiting_release: false,
            subject: None,
            approves_minutes_of: Vec::new(),
            published_pages: None,
            presenters: Vec::new(),
            minute: None,
        };
        app.store.create(&who, item.clone()).await.unwrap();
        let doc = moot_store_conformance::fixtures::document(&item, paper, DocumentKind::Report);
        app.store.create(&who, doc).await.unwrap();
    }
    format!("{day}-improving-lives-select-commission")
}

/// The meeting a key names, as stored (with its version).
async fn stored_meeting(app: &TestApp, key: &str) -> moot_store::Stored<Meeting> {
    let c = council(&*app.store).await;
    let (_, meeting) = moot_store::lookup::meeting_by_key(&*app.store, c.id, key)
        .await
        .unwrap()
        .unwrap();
    app.store.fetch::<Meeting>(c.id, meeting.id).await.unwrap()
}

/// The change log's note on the meeting's latest change.
async fn last_note(app: &TestApp, council: CouncilId, meeting: MeetingId) -> Option<String> {
    let log = app
        .store
        .changes(&ChangeQuery {
            council: Some(council),
            kind: Some(Kind::Meeting),
            id: Some(meeting.uuid()),
            ..ChangeQuery::default()
        })
        .await
        .unwrap();
    log.last().and_then(|c| c.note.clone())
}

#[tokio::test]
async fn a_second_clerk_approves_and_the_papers_go_out_as_their_items_say() {
    let app = TestApp::sqlite().await.with_demo().await;
    let key = upcoming(&app, 30).await;
    account(&app, "first@example.org", AccountRole::Clerk, None).await;
    account(&app, "second@example.org", AccountRole::Clerk, None).await;
    let workspace = format!("/workspace/meetings/{key}");
    let (request, approve) = (
        format!("{workspace}/request-publication"),
        format!("{workspace}/approve-publication"),
    );

    let first = session_of(&app, "first@example.org").await;
    let (_, _, page) = send(&app.state, get(&workspace, &first)).await;
    assert!(page.contains("Status: scheduled") && page.contains("statutory deadline"));
    let csrf = hidden_csrf(&page);
    let body = format!("csrf={csrf}&version={}&late_reason=", version_for(&page, &request));
    let (status, _, _) = send(&app.state, form(&request, &first, &body)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    // The one who asked sees what will go out but cannot approve it.
    let (_, _, page) = send(&app.state, get(&workspace, &first)).await;
    assert!(page.contains("Requested by first"));
    assert!(page.contains("Budget monitoring report: public"));
    assert!(page.contains("EXEMPT-PRICES schedule: exempt: Exempt: paragraph 3 of Part 1 of Schedule 12A"));
    assert!(page.contains("another clerk must approve"));
    assert!(!page.contains(&approve), "no approve button for the one who asked");
    let c = council(&*app.store).await;
    let (_, m) = moot_store::lookup::meeting_by_key(&*app.store, c.id, &key)
        .await
        .unwrap()
        .unwrap();
    let version = app.store.fetch(c.id, m.id).await.unwrap().version;
    let (status, _, message) = send(
        &app.state,
        form(&approve, &first, &format!("csrf={csrf}&version={version}")),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message.contains("a second clerk must approve"), "{message}");
    let (_, _, public) = app.get(&format!("/meetings/{key}")).await;
    assert!(!public.contains("Budget monitoring report"), "nothing is out yet");

    let second = session_of(&app, "second@example.org").await;
    let (_, _, page) = send(&app.state, get(&workspace, &second)).await;
    let csrf2 = hidden_csrf(&page);
    let version = version_for(&page, &approve);
    let reviewed = reviewed_for(&page);
    // A paper added after the second clerk looked is not approved unseen.
    let items = app
        .store
        .find::<AgendaItem>(c.id, &Filter::eq("meeting_id", m.id))
        .await
        .unwrap();
    let unseen = moot_store_conformance::fixtures::document(&items[0].record, "UNSEEN paper", DocumentKind::Report);
    app.store
        .create(&Actor::parse("test").unwrap(), unseen.clone())
        .await
        .unwrap();
    let (status, _, message) = send(
        &app.state,
        form(
            &approve,
            &second,
            &format!("csrf={csrf2}&version={version}&reviewed={reviewed}"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message.contains("changed after you opened the page"), "{message}");
    let (_, _, page) = send(&app.state, get(&workspace, &second)).await;
    assert!(
        page.contains("UNSEEN paper: public"),
        "the new paper is now in the list"
    );
    let (status, _, _) = send(
        &app.state,
        form(
            &approve,
            &second,
            &format!("csrf={csrf2}&version={version}&reviewed={}", reviewed_for(&page)),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    let (_, _, public) = app.get(&format!("/meetings/{key}")).await;
    assert!(public.contains("Budget monitoring report"), "the open paper is out");
    assert!(!public.contains("EXEMPT-PRICES"), "the exempt one is not public");
    assert!(public.contains("Exempt: paragraph 3 of Part 1 of Schedule 12A"));
    let (_, m) = moot_store::lookup::meeting_by_key(&*app.store, c.id, &key)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(m.status, MeetingStatus::AgendaPublished);
    assert!(m.publication_request.is_none());
    assert_eq!(
        last_note(&app, c.id, m.id).await.as_deref(),
        Some("agenda published: requested by first, approved by second")
    );
}

#[tokio::test]
async fn a_late_request_needs_its_reason_and_a_council_may_allow_one_person() {
    let app = TestApp::sqlite().await.with_demo().await;
    let key = upcoming(&app, 2).await;
    account(&app, "clerk@example.org", AccountRole::Clerk, None).await;
    let workspace = format!("/workspace/meetings/{key}");
    let (request, approve) = (
        format!("{workspace}/request-publication"),
        format!("{workspace}/approve-publication"),
    );
    let clerk = session_of(&app, "clerk@example.org").await;
    let (_, _, page) = send(&app.state, get(&workspace, &clerk)).await;
    assert!(page.contains("and it has passed"));
    let csrf = hidden_csrf(&page);
    let version = version_for(&page, &request);
    let (status, _, message) = send(
        &app.state,
        form(&request, &clerk, &format!("csrf={csrf}&version={version}&late_reason=")),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message.contains("must say why the agenda is late"), "{message}");
    let reason = "The finance report arrived on Friday";
    let body = format!("csrf={csrf}&version={version}&late_reason={}", encode(reason));
    let (status, _, _) = send(&app.state, form(&request, &clerk, &body)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    // This council lets one person publish alone.
    let c = council(&*app.store).await;
    let stored = app.store.fetch(c.id, c.id).await.unwrap();
    let mut relaxed = stored.record.clone();
    relaxed.settings.single_person_publishing = true;
    app.store
        .update(&Actor::parse("test").unwrap(), relaxed, stored.version)
        .await
        .unwrap();
    let (_, _, page) = send(&app.state, get(&workspace, &clerk)).await;
    assert!(page.contains(&format!("Late because: {reason}")));
    let version = version_for(&page, &approve);
    let (status, _, _) = send(
        &app.state,
        form(
            &approve,
            &clerk,
            &format!("csrf={csrf}&version={version}&reviewed={}", reviewed_for(&page)),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "one person may, here");
    let (_, m) = moot_store::lookup::meeting_by_key(&*app.store, c.id, &key)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(m.status, MeetingStatus::AgendaPublished);
}

#[tokio::test]
async fn councillors_and_authors_cannot_publish() {
    let app = TestApp::sqlite().await.with_demo().await;
    let key = upcoming(&app, 30).await;
    account(&app, "author@example.org", AccountRole::ReportAuthor, None).await;
    account(&app, "pitchley@example.org", AccountRole::Member, Some("pitchley")).await;
    let workspace = format!("/workspace/meetings/{key}");
    for email in ["author@example.org", "pitchley@example.org"] {
        let cookie = session_of(&app, email).await;
        let (_, _, any) = send(&app.state, get("/account", &cookie)).await;
        let csrf = hidden_csrf(&any);
        for action in ["request-publication", "approve-publication"] {
            let (status, _, _) = send(
                &app.state,
                form(
                    &format!("{workspace}/{action}"),
                    &cookie,
                    &format!("csrf={csrf}&version=1&late_reason="),
                ),
            )
            .await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{email}: {action}");
        }
    }
    let (status, _, _) = send(
        &app.state,
        form(&format!("{workspace}/request-publication"), "", "csrf=x&version=1"),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

/// A late item, like the agenda it joins, goes public only when a second clerk approves it.
async fn check_a_late_item_goes_out_on_a_supplementary_agenda_with_its_reason_for_urgency(app: TestApp) {
    let app = app.with_demo().await;
    let key = upcoming(&app, 30).await;
    account(&app, "first@example.org", AccountRole::Clerk, None).await;
    account(&app, "second@example.org", AccountRole::Clerk, None).await;
    let ws = format!("/workspace/meetings/{key}");
    let (request, approve) = (format!("{ws}/request-publication"), format!("{ws}/approve-publication"));
    let first = session_of(&app, "first@example.org").await;
    let second = session_of(&app, "second@example.org").await;
    let publish = |cookie: String, action: String| {
        let app = &app;
        let ws = ws.clone();
        async move {
            let (_, _, page) = send(&app.state, get(&ws, &cookie)).await;
            let csrf = hidden_csrf(&page);
            let body = format!(
                "csrf={csrf}&version={}&late_reason=&reviewed={}",
                version_for(&page, &action),
                reviewed_for(&page)
            );
            send(&app.state, form(&action, &cookie, &body)).await.0
        }
    };
    assert_eq!(publish(first.clone(), request.clone()).await, StatusCode::SEE_OTHER);
    assert_eq!(publish(second.clone(), approve.clone()).await, StatusCode::SEE_OTHER);

    let (_, _, page) = send(&app.state, get(&ws, &first)).await;
    let csrf = hidden_csrf(&page);
    let late = format!("{ws}/late-items");
    let (status, _, message) = send(
        &app.state,
        form(&late, &first, &format!("csrf={csrf}&title=Flood+grant&urgency=")),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message.contains("reason for considering it as urgent"));
    let reason = "The grant must be accepted before the next meeting";
    let body = format!(
        "csrf={csrf}&title={}&urgency={}",
        encode("Flood recovery grant"),
        encode(reason)
    );
    assert_eq!(
        send(&app.state, form(&late, &first, &body)).await.0,
        StatusCode::SEE_OTHER
    );

    let c = council(&*app.store).await;
    let (_, m) = moot_store::lookup::meeting_by_key(&*app.store, c.id, &key)
        .await
        .unwrap()
        .unwrap();
    let item = app
        .store
        .find::<AgendaItem>(c.id, &Filter::eq("meeting_id", m.id))
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.record)
        .find(|i| i.title == "Flood recovery grant")
        .unwrap();
    assert_eq!(
        item.number.to_string(),
        "2a",
        "after the last item, so nothing published moves"
    );
    let paper = moot_store_conformance::fixtures::document(&item, "Flood grant offer letter", DocumentKind::Report);
    app.store.create(&Actor::parse("test").unwrap(), paper).await.unwrap();
    // One clerk alone has published nothing: not the item, its reason or its paper.
    let (status, _, public) = app.get(&format!("/meetings/{key}")).await;
    assert_eq!(status, StatusCode::OK);
    for hidden in ["Flood recovery grant", reason, "Flood grant offer letter"] {
        assert!(!public.contains(hidden), "{hidden:?} is public before approval");
    }
    let (status, _, _) = app.get(&format!("/meetings/{key}/items/2a")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, _, page) = send(&app.state, get(&ws, &first)).await;
    assert!(page.contains("Flood recovery grant (late item: not public until a second clerk releases it)"));

    assert_eq!(publish(first.clone(), request.clone()).await, StatusCode::SEE_OTHER);
    // While the second clerk looks, nothing joins what they are approving.
    let (_, _, page) = send(&app.state, get(&ws, &second)).await;
    assert!(
        page.contains("<li>Late item 2a: Flood recovery grant: public</li>"),
        "{page}"
    );
    let body = format!(
        "csrf={}&title={}&urgency={}",
        hidden_csrf(&page),
        encode("Another grant"),
        encode(reason)
    );
    let (status, _, message) = send(&app.state, form(&late, &second, &body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        message
            .contains("A supplementary agenda is waiting for approval; add the late item once it has been approved."),
        "{message}"
    );
    assert_eq!(publish(second.clone(), approve.clone()).await, StatusCode::SEE_OTHER);
    let (_, _, public) = app.get(&format!("/meetings/{key}")).await;
    for shown in ["Flood recovery grant", reason, "Flood grant offer letter"] {
        assert!(public.contains(shown), "{shown:?} is out with the supplementary agenda");
    }
    let (status, _, _) = app.get(&format!("/meetings/{key}/items/2a")).await;
    assert_eq!(status, StatusCode::OK);
    let (_, m) = moot_store::lookup::meeting_by_key(&*app.store, c.id, &key)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(m.status, MeetingStatus::AgendaPublished);
    assert_eq!(
        last_note(&app, c.id, m.id).await.as_deref(),
        Some("supplementary agenda published: requested by first, approved by second")
    );
}

#[tokio::test]
async fn a_late_item_goes_out_on_a_supplementary_agenda_with_its_reason_for_urgency() {
    check_a_late_item_goes_out_on_a_supplementary_agenda_with_its_reason_for_urgency(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn a_late_item_goes_out_on_a_supplementary_agenda_with_its_reason_for_urgency_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        check_a_late_item_goes_out_on_a_supplementary_agenda_with_its_reason_for_urgency(app).await;
    }
}

#[tokio::test]
async fn a_request_made_in_time_but_approved_after_the_deadline_needs_its_reason() {
    let app = TestApp::sqlite().await.with_demo().await;
    let key = upcoming(&app, 30).await;
    account(&app, "first@example.org", AccountRole::Clerk, None).await;
    account(&app, "second@example.org", AccountRole::Clerk, None).await;
    let ws = format!("/workspace/meetings/{key}");
    let first = app.sign_in_as("first@example.org").await;
    let request = format!("{ws}/request-publication");
    assert_eq!(
        first.post_form(&app, &ws, &request, &[("late_reason", "")]).await.0,
        StatusCode::SEE_OTHER
    );
    // The request waited until the meeting was two days away (as if it sat unapproved).
    let stored = stored_meeting(&app, &key).await;
    let mut soon = stored.record.clone();
    let day = jiff::Zoned::now()
        .date()
        .checked_add(jiff::Span::new().days(2))
        .unwrap();
    soon.starts_at = day.at(10, 0, 0, 0);
    app.store
        .update(&Actor::parse("test").unwrap(), soon, stored.version)
        .await
        .unwrap();
    let soon_key = format!("{day}-improving-lives-select-commission");
    let ws = format!("/workspace/meetings/{soon_key}");
    let second = session_of(&app, "second@example.org").await;
    let (_, _, page) = send(&app.state, get(&ws, &second)).await;
    let approve = format!("{ws}/approve-publication");
    let body = format!(
        "csrf={}&version={}&reviewed={}",
        hidden_csrf(&page),
        version_for(&page, &approve),
        reviewed_for(&page)
    );
    let (status, _, message) = send(&app.state, form(&approve, &second, &body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        message.contains("deadline has passed since publication was asked for"),
        "{message}"
    );
    let (_, _, public) = app.get(&format!("/meetings/{soon_key}")).await;
    assert!(!public.contains("Budget monitoring report"), "nothing went out");
}

#[tokio::test]
async fn a_late_item_may_be_taken_in_private() {
    let app = TestApp::sqlite().await.with_demo().await;
    let key = upcoming(&app, 30).await;
    let c = council(&*app.store).await;
    let stored = stored_meeting(&app, &key).await;
    let meeting = stored.record.clone();
    let mut out = stored.record.clone();
    out.status = MeetingStatus::AgendaPublished;
    app.store
        .update(&Actor::parse("test").unwrap(), out, stored.version)
        .await
        .unwrap();
    account(&app, "clerk@example.org", AccountRole::Clerk, None).await;
    let clerk = session_of(&app, "clerk@example.org").await;
    let ws = format!("/workspace/meetings/{key}");
    let (_, _, page) = send(&app.state, get(&ws, &clerk)).await;
    assert!(page.contains("id=\"late-paragraph\""));
    let body = format!(
        "csrf={}&title={}&urgency={}&exempt_paragraph=4&exempt_reason={}",
        hidden_csrf(&page),
        encode("Staffing restructure"),
        encode("Consultation closes before the next meeting"),
        encode("Labour relations consultation")
    );
    let (status, _, message) = send(&app.state, form(&format!("{ws}/late-items"), &clerk, &body)).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{message}");
    let late = app
        .store
        .find::<AgendaItem>(c.id, &Filter::eq("meeting_id", meeting.id))
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.record)
        .find(|i| i.title == "Staffing restructure")
        .unwrap();
    assert_eq!(late.exemption.map(|e| e.paragraph.number()), Some(4));
}
