//! Attendance and declarations: clerks record who came (in the Chair, apologies, substitutes)
//! and what was declared; a councillor declares their own interest before the meeting.

use crate::common::{TestApp, User, account, council, encode, form, get, hidden_csrf, send, session_of};
use axum::http::StatusCode;
use moot_domain::*;
use moot_store::{Filter, StoreExt};

const ILSC: &str = "improving-lives-select-commission";

/// A meeting of the demo committee held yesterday, its agenda out.
async fn published_meeting(app: &TestApp) -> (String, MeetingId) {
    meeting_in(app, MeetingStatus::AgendaPublished).await
}

/// The same meeting, in `status`.
async fn meeting_in(app: &TestApp, status: MeetingStatus) -> (String, MeetingId) {
    meeting_on(app, status, jiff::Zoned::now().date().yesterday().unwrap()).await
}

/// A meeting of the demo committee on `day`, in `status`, with items 1, 5 and 9.
pub(crate) async fn meeting_on(app: &TestApp, status: MeetingStatus, day: jiff::civil::Date) -> (String, MeetingId) {
    let c = council(&*app.store).await;
    let committee = app
        .store
        .find::<Committee>(c.id, &Filter::eq("slug", ILSC))
        .await
        .unwrap()
        .remove(0)
        .record;
    let meeting = Meeting {
        status,
        ..moot_store_conformance::fixtures::meeting(&committee, day.at(10, 0, 0, 0))
    };
    app.store
        .create(&Actor::parse("test").unwrap(), meeting.clone())
        .await
        .unwrap();
    for (number, title) in [
        ("1", "Apologies for Absence"),
        ("5", "Early Help review"),
        ("9", "Pause Practice"),
    ] {
        app.store
            .create(
                &Actor::parse("test").unwrap(),
                moot_store_conformance::fixtures::item(&meeting, number, title),
            )
            .await
            .unwrap();
    }
    (format!("{day}-{ILSC}"), meeting.id)
}

#[tokio::test]
async fn clerks_record_attendance_and_councillors_declare_before_the_meeting() {
    let app = TestApp::sqlite().await.with_demo().await;
    let (key, id) = published_meeting(&app).await;
    account(&app, "clerk@example.org", AccountRole::Clerk, None).await;
    account(&app, "cooksey@example.org", AccountRole::Member, Some("cooksey")).await;
    account(&app, "author@example.org", AccountRole::ReportAuthor, None).await;
    let clerk = session_of(&app, "clerk@example.org").await;
    let (_, _, page) = send(&app.state, get(&format!("/workspace/meetings/{key}"), &clerk)).await;
    assert!(page.contains("Record attendance"));
    let csrf = hidden_csrf(&page);
    let attend = format!("/workspace/meetings/{key}/attendance");

    for (body, expect) in [
        ("member=nobody&status=present", "is not a member here"),
        ("member=pitchley&status=late", "is not present, apologies or absent"),
    ] {
        let (status, _, message) = send(&app.state, form(&attend, &clerk, &format!("csrf={csrf}&{body}"))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(message.contains(expect), "{message}");
    }
    for body in [
        "member=pitchley&status=present&in_chair=on",
        "member=hague&status=apologies",
        "member=hague&status=apologies",
    ] {
        let (status, _, _) = send(&app.state, form(&attend, &clerk, &format!("csrf={csrf}&{body}"))).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    }
    let c = council(&*app.store).await;
    let records = app
        .store
        .find::<Attendance>(c.id, &Filter::eq("meeting_id", id))
        .await
        .unwrap();
    assert_eq!(records.len(), 2, "recording a member twice replaces, not repeats");

    // The councillor declares before the meeting is held.
    let cllr = session_of(&app, "cooksey@example.org").await;
    let (_, _, page) = send(&app.state, get(&format!("/meetings/{key}"), &cllr)).await;
    assert!(page.contains("Declare an interest"));
    let cllr_csrf = hidden_csrf(&page);
    let body = format!(
        "csrf={cllr_csrf}&member=pitchley&kind=non_pecuniary&text={}&item=",
        encode("a governor of a school in the review")
    );
    let (status, _, _) = send(&app.state, form(&format!("/meetings/{key}/declarations"), &cllr, &body)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let declared = app
        .store
        .find::<Declaration>(c.id, &Filter::eq("meeting_id", id))
        .await
        .unwrap();
    let cooksey = app
        .store
        .find::<Member>(c.id, &Filter::eq("slug", "cooksey"))
        .await
        .unwrap()
        .remove(0)
        .record;
    assert_eq!(declared.len(), 1);
    assert_eq!(
        declared[0].record.member, cooksey.id,
        "a councillor declares for themselves, whatever the form says"
    );

    // A declaration recorded in error is removed by a clerk, with the reason, while the
    // minutes are not out; the log keeps who and why.
    let body = format!(
        "csrf={csrf}&member=hague&kind=other&text={}&item=9",
        encode("recorded against the wrong councillor")
    );
    let (status, _, _) = send(
        &app.state,
        form(&format!("/meetings/{key}/declarations"), &clerk, &body),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, _, page) = send(&app.state, get(&format!("/workspace/meetings/{key}"), &clerk)).await;
    assert!(page.contains("<h2>Declarations recorded</h2>"));
    assert!(
        page.contains(
            "Councillor Hague declared an interest in item 9 (Pause Practice), recorded against the wrong councillor."
        ),
        "the workspace lists it as the minutes will print it: {page}"
    );
    let wrong = app
        .store
        .find::<Declaration>(c.id, &Filter::eq("meeting_id", id))
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.record.text.contains("wrong councillor"))
        .unwrap();
    let remove = format!("/workspace/declarations/{}/remove", wrong.record.id);
    let (status, _, message) = send(
        &app.state,
        form(
            &remove,
            &clerk,
            &format!("csrf={csrf}&version={}&reason=", wrong.version),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message.contains("Say why"), "{message}");
    let body = format!(
        "csrf={csrf}&version={}&reason={}",
        wrong.version,
        encode("Recorded against the wrong member")
    );
    let (status, _, _) = send(&app.state, form(&remove, &clerk, &body)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, _, public) = app.get(&format!("/meetings/{key}")).await;
    assert!(!public.contains("wrong councillor"), "gone from the public page");
    let log = app
        .store
        .changes(&moot_store::ChangeQuery {
            kind: Some(moot_store::Kind::Declaration),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(log.iter().any(|c| {
        c.note
            .as_deref()
            .is_some_and(|n| n.contains("removed by") && n.ends_with("Recorded against the wrong member"))
    }));
    // Once the minutes are out, the minutes are amended instead.
    let approved = app
        .store
        .find::<Declaration>(c.id, &Filter::all())
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.record.text.contains("RISE"))
        .unwrap();
    let body = format!("csrf={csrf}&version={}&reason=wrong", approved.version);
    let (status, _, message) = send(
        &app.state,
        form(
            &format!("/workspace/declarations/{}/remove", approved.record.id),
            &clerk,
            &body,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message.contains("amending the minutes"), "{message}");

    let (_, _, public) = app.get(&format!("/meetings/{key}")).await;
    assert!(public.contains("(in the Chair)"), "{public}");
    assert!(public.contains("a governor of a school in the review"));
    let apologies = public.split("Apologies").nth(1).unwrap_or_default();
    assert!(apologies.contains("Hague"), "Hague sent apologies");

    // Authors and councillors do not record attendance; after the meeting, councillors ask the clerk.
    let author = app.sign_in_as("author@example.org").await;
    let (status, _, _) = author
        .post_form(
            &app,
            "/account",
            &attend,
            &[("member", "pitchley"), ("status", "present")],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = send(
        &app.state,
        form(
            &attend,
            &cllr,
            &format!("csrf={cllr_csrf}&member=pitchley&status=present"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let stored = app.store.fetch(c.id, id).await.unwrap();
    let mut held = stored.record.clone();
    held.status = MeetingStatus::Held;
    app.store
        .update(&Actor::parse("test").unwrap(), held, stored.version)
        .await
        .unwrap();
    let body = format!("csrf={cllr_csrf}&kind=other&text=late");
    let (status, _, message) = send(&app.state, form(&format!("/meetings/{key}/declarations"), &cllr, &body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message.contains("ask the clerk"));
}

#[tokio::test]
async fn late_arrivals_early_leavers_and_absences_are_recorded_against_real_items() {
    let app = TestApp::sqlite().await.with_demo().await;
    let (key, id) = published_meeting(&app).await;
    account(&app, "clerk@example.org", AccountRole::Clerk, None).await;
    let clerk = session_of(&app, "clerk@example.org").await;
    let (_, _, page) = send(&app.state, get(&format!("/workspace/meetings/{key}"), &clerk)).await;
    assert!(page.contains("Left during item"));
    let csrf = hidden_csrf(&page);
    let attend = format!("/workspace/meetings/{key}/attendance");
    for (body, expect) in [
        (
            "member=pitchley&status=present&left_during=12",
            "12&#34; is not an item on this meeting",
        ),
        (
            "member=pitchley&status=apologies&left_during=9",
            "only someone present can arrive or leave",
        ),
        (
            "member=pitchley&status=present&arrived_during=9&left_during=5",
            "cannot leave during item 5 having arrived during item 9",
        ),
    ] {
        let (status, _, message) = send(&app.state, form(&attend, &clerk, &format!("csrf={csrf}&{body}"))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(message.contains(expect), "{message}");
    }
    let c = council(&*app.store).await;
    let none = app
        .store
        .find::<Attendance>(c.id, &Filter::eq("meeting_id", id))
        .await
        .unwrap();
    assert!(none.is_empty(), "refused attendance saves nothing");
    for body in [
        "member=pitchley&status=present&arrived_during=5&left_during=item+9",
        "member=cooksey&status=present&left_during=9",
        "member=hague&status=absent",
    ] {
        let (status, _, message) = send(&app.state, form(&attend, &clerk, &format!("csrf={csrf}&{body}"))).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}: {message}");
    }
    let (_, _, public) = app.get(&format!("/meetings/{key}")).await;
    assert!(
        public.contains("Pitchley (arrived during item 5) (left during item 9)"),
        "{public}"
    );
    assert!(public.contains("W. Cooksey (left during item 9)"), "{public}");
    let absent = public.split("<h3>Absent</h3>").nth(1).expect("an absent list");
    assert!(absent.split("</ul>").next().unwrap_or_default().contains("Hague"));
}

#[tokio::test]
async fn a_declaration_on_an_agenda_not_yet_published_does_not_show_the_items_title() {
    let app = TestApp::sqlite().await.with_demo().await;
    // The agenda is still being built.
    let (key, _) = meeting_in(&app, MeetingStatus::Scheduled).await;
    // The clerk, who can read the agenda being built, records it against item 9.
    let clerk = app.signed_in("clerk@example.org", AccountRole::Clerk, None).await;
    let (status, _, _) = clerk
        .post_form(
            &app,
            &format!("/workspace/meetings/{key}"),
            &format!("/meetings/{key}/declarations"),
            &[
                ("member", "cooksey"),
                ("kind", "non_pecuniary"),
                ("text", "a trustee of a local charity"),
                ("item", "9"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    for path in ["/members/cooksey".to_owned(), format!("/meetings/{key}")] {
        let (_, _, public) = app.get(&path).await;
        assert!(
            public.contains("a trustee of a local charity"),
            "{path}: the declaration is public"
        );
        assert!(
            !public.contains("Pause Practice"),
            "{path}: the item's title is not, yet: {public}"
        );
        assert!(!public.contains(" in , "), "{path}: no broken sentence");
    }
}

/// A councillor declares their own interest only on a committee they sit on, and cannot learn
/// an unpublished agenda's items by naming numbers: every number gets the same answer.
async fn check_only_the_committees_members_declare_and_item_numbers_reveal_nothing(app: TestApp) {
    let app = app.with_demo().await;
    let next_month = jiff::Zoned::now()
        .date()
        .checked_add(jiff::Span::new().days(30))
        .unwrap();
    let (draft, draft_id) = meeting_on(&app, MeetingStatus::Scheduled, next_month).await;
    account(&app, "cooksey@example.org", AccountRole::Member, Some("cooksey")).await;
    account(&app, "steele@example.org", AccountRole::Member, Some("steele")).await;
    let c = council(&*app.store).await;
    let declarations = |id| {
        let app = &app;
        async move {
            app.store
                .find::<Declaration>(c.id, &Filter::eq("meeting_id", id))
                .await
                .unwrap()
                .len()
        }
    };
    let post = |user: User, key: String, item: &'static str| {
        let app = &app;
        async move {
            // The account page carries the session's form token (a councillor who does not
            // sit on the committee is offered no declaration form).
            let fields = [
                ("kind", "other_registrable"),
                ("text", "a director of a firm bidding for the contract"),
                ("item", item),
            ];
            let (status, _, message) = user
                .post_form(app, "/account", &format!("/meetings/{key}/declarations"), &fields)
                .await;
            (status, message)
        }
    };

    // Councillor Steele sits on no committee of the demo: neither on an agenda being built
    // nor on a published one may they post on the committee's pages.
    let steele = app.sign_in_as("steele@example.org").await;
    let (published, published_id) = meeting_in(&app, MeetingStatus::AgendaPublished).await;
    let (status, message) = post(steele.clone(), published.clone(), "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        message.contains("Only the committee&#39;s members and substitutes declare their own interests here. If you are attending this meeting, ask the clerk to record your declaration."),
        "{message}"
    );
    let (status, _) = post(steele.clone(), draft.clone(), "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, _, page) = steele.get(&app, &format!("/meetings/{published}")).await;
    assert!(!page.contains("Declare an interest"), "no form is offered to Steele");
    assert_eq!(declarations(published_id).await + declarations(draft_id).await, 0);

    // Councillor Cooksey sits on it: on the agenda being built, item 9 (there) and item 42
    // (not there) are refused alike, and a declaration naming no item is taken.
    let cooksey = app.sign_in_as("cooksey@example.org").await;
    let answers: Vec<(StatusCode, String)> = vec![
        post(cooksey.clone(), draft.clone(), "9").await,
        post(cooksey.clone(), draft.clone(), "42").await,
    ];
    for (status, message) in &answers {
        assert_eq!(*status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            message.contains("The agenda has not been published yet, so a declaration cannot name an item of it; leave the item out, or ask the clerk."),
            "{message}"
        );
    }
    assert_eq!(
        answers[0].1, answers[1].1,
        "the same page for an item there and one not"
    );
    let (status, _) = post(cooksey.clone(), draft.clone(), "").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(declarations(draft_id).await, 1);
    // Once the agenda is out, the items are named.
    let (status, _) = post(cooksey.clone(), published.clone(), "9").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, message) = post(cooksey, published, "42").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message.contains("This agenda has no item 42."), "{message}");
}

#[tokio::test]
async fn only_the_committees_members_declare_and_item_numbers_reveal_nothing() {
    check_only_the_committees_members_declare_and_item_numbers_reveal_nothing(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn only_the_committees_members_declare_and_item_numbers_reveal_nothing_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        check_only_the_committees_members_declare_and_item_numbers_reveal_nothing(app).await;
    }
}
