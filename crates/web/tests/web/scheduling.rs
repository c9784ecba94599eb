//! Scheduling meetings from the committee's template, moving them and cancelling them: kept
//! and shown publicly, never deleted.

use crate::common::{TestApp, User, account, council, encode, form, get, hidden_csrf, send, session_of, version_for};
use axum::http::StatusCode;
use moot_domain::*;
use moot_store::{Filter, StoreExt};

const ILSC: &str = "improving-lives-select-commission";

/// A clerk, signed in, schedules the Commission's meeting of 17 July 2029 from the
/// workspace: their session, their form token, and the meeting's key.
async fn clerk_schedules_july_2029(app: &TestApp) -> (User, String, String) {
    let clerk = app.signed_in("clerk@example.org", AccountRole::Clerk, None).await;
    let (_, _, home) = clerk.get(app, "/workspace").await;
    let csrf = hidden_csrf(&home);
    let create = format!("/workspace/committees/{ILSC}/meetings");
    let body = format!("csrf={csrf}&date=2029-07-17&time=10:00");
    assert_eq!(
        send(&app.state, form(&create, &clerk.cookie, &body)).await.0,
        StatusCode::SEE_OTHER
    );
    (clerk, csrf, format!("2029-07-17-{ILSC}"))
}

#[tokio::test]
async fn a_new_meeting_starts_with_the_standard_items_then_moves_and_is_cancelled_in_public_view() {
    let app = TestApp::sqlite().await.with_demo().await;
    account(&app, "clerk@example.org", AccountRole::Clerk, None).await;
    let clerk = app.sign_in_as("clerk@example.org").await;
    let (status, _, home) = send(&app.state, get("/workspace", &clerk.cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(home.contains("Improving Lives Select Commission") && home.contains("Tuesday 15 June 2021"));
    let csrf = hidden_csrf(&home);

    let create = format!("/workspace/committees/{ILSC}/meetings");
    let (status, _, message) = send(
        &app.state,
        form(
            &create,
            &clerk.cookie,
            &format!("csrf={csrf}&date=2029-02-30&time=10:00"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message.contains("is not a date"));
    let (status, _, message) = send(
        &app.state,
        form(
            &create,
            &clerk.cookie,
            &format!("csrf={csrf}&date=2021-06-15&time=17:00"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        message.contains("already has a meeting on Tuesday 15 June 2021"),
        "{message}"
    );

    let (status, headers, _) = send(
        &app.state,
        form(
            &create,
            &clerk.cookie,
            &format!("csrf={csrf}&date=2029-07-17&time=17:30"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let key = format!("2029-07-17-{ILSC}");
    assert_eq!(headers["location"], format!("/workspace/meetings/{key}"));
    let c = council(&*app.store).await;
    let (_, meeting) = moot_store::lookup::meeting_by_key(&*app.store, c.id, &key)
        .await
        .unwrap()
        .unwrap();
    let items: Vec<AgendaItem> = app
        .store
        .find::<AgendaItem>(c.id, &Filter::eq("meeting_id", meeting.id))
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.record)
        .collect();
    let titles: Vec<(String, String)> = items.iter().map(|i| (i.number.to_string(), i.title.clone())).collect();
    assert_eq!(titles.len(), 8, "{titles:?}");
    assert_eq!(titles[0], ("1".to_owned(), "Apologies for Absence".to_owned()));
    assert_eq!(
        titles[7].1, "Date and time of the next meeting",
        "the committee's own template wording"
    );
    let (_, june) = moot_store::lookup::meeting_by_key(&*app.store, c.id, &format!("2021-06-15-{ILSC}"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        items[1].approves_minutes_of,
        vec![june.id],
        "item 2 approves the minutes of the meeting before"
    );
    let (_, _, public) = app.get(&format!("/meetings/{key}")).await;
    assert!(public.contains("Tuesday 17 July 2029") && public.contains("The agenda has not been published yet"));
    assert!(
        !public.contains("Apologies for Absence"),
        "the agenda is not public until published"
    );
    let (status, _, _) = app.get(&format!("/meetings/{key}/items/1")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, _, sitemap) = app.get("/sitemap.xml").await;
    assert!(sitemap.contains(&format!("/meetings/{key}<")) && !sitemap.contains(&format!("/meetings/{key}/items/")));
    let (_, _, preview) = send(&app.state, get(&format!("/meetings/{key}"), &clerk.cookie)).await;
    assert!(
        preview.contains("Apologies for Absence"),
        "the clerks building it see it"
    );

    // Moved: the old time is kept and shown.
    let workspace = format!("/workspace/meetings/{key}");
    let (status, headers, _) = clerk
        .post_form(
            &app,
            &workspace,
            &format!("{workspace}/reschedule"),
            &[("date", "2029-07-24"), ("time", "10:00")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let moved = format!("2029-07-24-{ILSC}");
    assert_eq!(headers["location"], format!("/workspace/meetings/{moved}"));
    let (_, _, public) = app.get(&format!("/meetings/{moved}")).await;
    assert!(
        public.contains("Moved from</dt><dd>Tuesday 17 July 2029, 5.30 pm"),
        "{public}"
    );

    // Cancelled: needs a reason; kept and shown.
    let workspace = format!("/workspace/meetings/{moved}");
    let (_, _, page) = send(&app.state, get(&workspace, &clerk.cookie)).await;
    let version = version_for(&page, "/cancel");
    let (status, _, message) = send(
        &app.state,
        form(
            &format!("{workspace}/cancel"),
            &clerk.cookie,
            &format!("csrf={csrf}&version={version}&reason="),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message.contains("Say why"));
    let reason = "No business to transact";
    let (status, _, _) = send(
        &app.state,
        form(
            &format!("{workspace}/cancel"),
            &clerk.cookie,
            &format!("csrf={csrf}&version={version}&reason={}", encode(reason)),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, public) = app.get(&format!("/meetings/{moved}")).await;
    assert_eq!(status, StatusCode::OK, "a cancelled meeting stays public");
    assert!(public.contains(&format!("cancelled: {reason}")));
    // Its agenda was never published, so cancelling does not publish it.
    assert!(
        !public.contains("Apologies for Absence") && public.contains("The agenda was not published"),
        "{public}"
    );
    let (status, _, _) = app.get(&format!("/meetings/{moved}/items/1")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, _, page) = send(&app.state, get(&workspace, &clerk.cookie)).await;
    assert!(!page.contains("/reschedule\""), "a cancelled meeting cannot be moved");
    let (status, _, message) = send(
        &app.state,
        form(
            &format!("{workspace}/cancel"),
            &clerk.cookie,
            &format!(
                "csrf={csrf}&version={}&reason=again",
                version.parse::<i64>().unwrap() + 1
            ),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
}

#[tokio::test]
async fn only_clerks_and_admins_schedule() {
    let app = TestApp::sqlite().await.with_demo().await;
    account(&app, "author@example.org", AccountRole::ReportAuthor, None).await;
    account(&app, "pitchley@example.org", AccountRole::Member, Some("pitchley")).await;
    let create = format!("/workspace/committees/{ILSC}/meetings");
    let june = format!("/workspace/meetings/2021-06-15-{ILSC}");
    for email in ["author@example.org", "pitchley@example.org"] {
        let cookie = session_of(&app, email).await;
        // An author sees the meetings (to add papers) but not the scheduling forms.
        let (status, _, page) = send(&app.state, get("/workspace", &cookie)).await;
        if email.starts_with("author") {
            assert_eq!(status, StatusCode::OK);
            assert!(!page.contains("Schedule a meeting"));
        } else {
            assert_eq!(status, StatusCode::FORBIDDEN);
        }
        let (_, _, any) = send(&app.state, get("/account", &cookie)).await;
        let csrf = hidden_csrf(&any);
        for (path, body) in [
            (create.clone(), format!("csrf={csrf}&date=2029-07-17&time=10:00")),
            (format!("{june}/cancel"), format!("csrf={csrf}&version=1&reason=r")),
            (
                format!("{june}/reschedule"),
                format!("csrf={csrf}&version=1&date=2029-07-17&time=10:00"),
            ),
        ] {
            let (status, _, _) = send(&app.state, form(&path, &cookie, &body)).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{email}: {path}");
        }
    }
}

#[tokio::test]
async fn business_items_go_before_the_closing_items_and_may_be_exempt() {
    let app = TestApp::sqlite().await.with_demo().await;
    let (clerk, csrf, key) = clerk_schedules_july_2029(&app).await;
    let add = format!("/workspace/meetings/{key}/items");

    for (body, expect) in [
        ("title=&description=", "Give the item a title"),
        (
            "title=Care+contract&exempt_paragraph=9&exempt_reason=prices",
            "paragraph",
        ),
        (
            "title=Care+contract&exempt_paragraph=3&exempt_reason=",
            "exemption reason",
        ),
        (
            "title=Care+contract&exempt_paragraph=3&exempt_reason=prices&review_date=soon",
            "is not a date",
        ),
    ] {
        let (status, _, message) = send(&app.state, form(&add, &clerk.cookie, &format!("csrf={csrf}&{body}"))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(message.contains(expect), "{body}: {message}");
    }
    let body = format!(
        "csrf={csrf}&title={}&description={}&exempt_paragraph=3&exempt_reason={}&review_date=2031-07-01",
        encode("Home care contract award"),
        encode("To award the contract."),
        encode("Prices tendered by bidders")
    );
    let (status, _, _) = send(&app.state, form(&add, &clerk.cookie, &body)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, _) = send(
        &app.state,
        form(&add, &clerk.cookie, &format!("csrf={csrf}&title=Budget+monitoring")),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    let c = council(&*app.store).await;
    let (_, meeting) = moot_store::lookup::meeting_by_key(&*app.store, c.id, &key)
        .await
        .unwrap()
        .unwrap();
    let mut items: Vec<AgendaItem> = app
        .store
        .find::<AgendaItem>(c.id, &Filter::eq("meeting_id", meeting.id))
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.record)
        .collect();
    items.sort_by_key(|i| i.number);
    let order: Vec<String> = items.iter().map(|i| format!("{} {}", i.number, i.title)).collect();
    assert_eq!(order[6], "7 Home care contract award");
    assert_eq!(order[7], "8 Budget monitoring");
    assert_eq!(order[8], "9 Urgent Business");
    assert!(
        order[9].starts_with("10 Date and time of the next meeting"),
        "{order:?}"
    );
    let exemption = items[6].exemption.as_ref().unwrap();
    assert_eq!(exemption.paragraph.number(), 3);
    assert_eq!(
        exemption.review_date.map(|d| d.to_string()).as_deref(),
        Some("2031-07-01")
    );
    // The clerks' preview of the meeting page shows the exempt item's title and its reason.
    let (_, _, preview) = send(&app.state, get(&format!("/meetings/{key}"), &clerk.cookie)).await;
    assert!(
        preview.contains("Home care contract award")
            && preview.contains("Exempt: paragraph 3 of Part 1 of Schedule 12A")
    );
}

#[tokio::test]
async fn before_publication_items_are_reworded_and_business_items_reordered() {
    let app = TestApp::sqlite().await.with_demo().await;
    let (clerk, csrf, key) = clerk_schedules_july_2029(&app).await;
    let ws = format!("/workspace/meetings/{key}");
    for title in ["Budget monitoring", "Home care contract"] {
        let body = format!(
            "csrf={csrf}&title={}&description={}",
            encode(title),
            encode("To consider the report.")
        );
        assert_eq!(
            send(&app.state, form(&format!("{ws}/items"), &clerk.cookie, &body))
                .await
                .0,
            StatusCode::SEE_OTHER
        );
    }
    let before = agenda(&app, &key).await;
    assert_eq!(
        (before[6].1.as_str(), before[7].1.as_str()),
        ("Budget monitoring", "Home care contract")
    );

    let (status, _, message) = send(
        &app.state,
        form(
            &format!("{ws}/items/7/move"),
            &clerk.cookie,
            &format!("csrf={csrf}&direction=up"),
        ),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the first business item cannot go above the standard items"
    );
    assert!(message.contains("no business item to swap"));
    let (status, _, _) = send(
        &app.state,
        form(
            &format!("{ws}/items/7/move"),
            &clerk.cookie,
            &format!("csrf={csrf}&direction=down"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let after = agenda(&app, &key).await;
    assert_eq!((after[6].0.as_str(), after[6].1.as_str()), ("7", "Home care contract"));
    assert_eq!((after[7].0.as_str(), after[7].1.as_str()), ("8", "Budget monitoring"));

    let (status, _, _) = send(
        &app.state,
        form(
            &format!("{ws}/items/8/edit"),
            &clerk.cookie,
            &format!("csrf={csrf}&title={}", encode("Budget monitoring: quarter 1")),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let edited = agenda(&app, &key).await;
    assert_eq!(edited[7].1, "Budget monitoring: quarter 1");
    assert_eq!(
        edited[7].2.as_deref(),
        Some("To consider the report."),
        "the description stays"
    );
    let (status, _, _) = send(
        &app.state,
        form(
            &format!("{ws}/items/8/edit"),
            &clerk.cookie,
            &format!("csrf={csrf}&title="),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// A meeting's items in order: (number, title, description).
async fn agenda(app: &TestApp, key: &str) -> Vec<(String, String, Option<String>)> {
    let c = council(&*app.store).await;
    let (_, m) = moot_store::lookup::meeting_by_key(&*app.store, c.id, key)
        .await
        .unwrap()
        .unwrap();
    let mut items: Vec<AgendaItem> = app
        .store
        .find::<AgendaItem>(c.id, &Filter::eq("meeting_id", m.id))
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.record)
        .collect();
    items.sort_by_key(|i| i.number);
    items
        .into_iter()
        .map(|i| (i.number.to_string(), i.title, i.description))
        .collect()
}

#[tokio::test]
async fn an_item_can_be_made_exempt_or_public_again_before_publication() {
    let app = TestApp::sqlite().await.with_demo().await;
    let (clerk, csrf, key) = clerk_schedules_july_2029(&app).await;
    let ws = format!("/workspace/meetings/{key}");
    let body = format!("csrf={csrf}&title={}", encode("Home care contract"));
    assert_eq!(
        send(&app.state, form(&format!("{ws}/items"), &clerk.cookie, &body))
            .await
            .0,
        StatusCode::SEE_OTHER
    );
    let (_, _, page) = send(&app.state, get(&ws, &clerk.cookie)).await;
    assert!(
        page.contains("id=\"edit-paragraph-7\""),
        "the builder offers the exemption"
    );
    let edit = format!("{ws}/items/7/edit");
    let exempt = |paragraph: &str, reason: &str| {
        format!(
            "csrf={csrf}&title={}&exempt_paragraph={paragraph}&exempt_reason={}&review_date=2031-07-01",
            encode("Home care contract"),
            encode(reason)
        )
    };
    let (status, _, message) = send(&app.state, form(&edit, &clerk.cookie, &exempt("8", "Prices"))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message.contains("8 is not a paragraph of Part 1"), "{message}");
    let (status, _, _) = send(
        &app.state,
        form(&edit, &clerk.cookie, &exempt("3", "Prices tendered by bidders")),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let c = council(&*app.store).await;
    let item = |n: &'static str| {
        let app = &app;
        let key = key.clone();
        async move {
            let (_, m) = moot_store::lookup::meeting_by_key(&*app.store, c.id, &key)
                .await
                .unwrap()
                .unwrap();
            app.store
                .find::<AgendaItem>(c.id, &Filter::eq("meeting_id", m.id))
                .await
                .unwrap()
                .into_iter()
                .map(|s| s.record)
                .find(|i| i.number.to_string() == n)
                .unwrap()
        }
    };
    let e = item("7").await.exemption.expect("now exempt");
    assert_eq!(
        (e.paragraph.number(), e.reason.as_str()),
        (3, "Prices tendered by bidders")
    );
    assert_eq!(e.review_date.map(|d| d.to_string()).as_deref(), Some("2031-07-01"));
    let (_, _, page) = send(&app.state, get(&ws, &clerk.cookie)).await;
    assert!(
        page.contains("value=\"Prices tendered by bidders\""),
        "the form shows it"
    );
    let (status, _, _) = send(&app.state, form(&edit, &clerk.cookie, &exempt("", ""))).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(item("7").await.exemption.is_none(), "public again");
}

/// A slip of the keyboard is refused with what is wrong, and nothing is saved: a meeting in
/// the year 0000, an item title a megabyte long.
async fn check_impossible_dates_and_endless_titles_are_refused(app: TestApp) {
    let app = app.with_demo().await;
    let (clerk, csrf, key) = clerk_schedules_july_2029(&app).await;
    let c = council(&*app.store).await;
    let meetings = app.store.find::<Meeting>(c.id, &Filter::all()).await.unwrap().len();
    let create = format!("/workspace/committees/{ILSC}/meetings");
    for date in ["0000-01-01", "9999-12-31"] {
        let (status, _, message) = send(
            &app.state,
            form(&create, &clerk.cookie, &format!("csrf={csrf}&date={date}&time=10:00")),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{date}");
        let year = &date[..4];
        assert!(
            message.contains(&format!(
                "date: the year {year} is not a year of council meetings (1800–2200); check the date"
            )),
            "{date}: {message}"
        );
    }
    assert_eq!(
        app.store.find::<Meeting>(c.id, &Filter::all()).await.unwrap().len(),
        meetings
    );

    let (_, meeting) = moot_store::lookup::meeting_by_key(&*app.store, c.id, &key)
        .await
        .unwrap()
        .unwrap();
    let items = app
        .store
        .find::<AgendaItem>(c.id, &Filter::eq("meeting_id", meeting.id))
        .await
        .unwrap()
        .len();
    let add = format!("/workspace/meetings/{key}/items");
    let long = "A".repeat(1024 * 1024);
    let (status, _, message) = clerk
        .post_form(&app, &format!("/workspace/meetings/{key}"), &add, &[("title", &long)])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        message.contains("item title: 1048576 characters is too long (at most 500)"),
        "{}",
        &message[..message.len().min(2000)]
    );
    assert!(
        !message.contains(&long[..600]),
        "the page does not repeat the megabyte back"
    );
    assert_eq!(
        app.store
            .find::<AgendaItem>(c.id, &Filter::eq("meeting_id", meeting.id))
            .await
            .unwrap()
            .len(),
        items
    );
}

#[tokio::test]
async fn impossible_dates_and_endless_titles_are_refused() {
    check_impossible_dates_and_endless_titles_are_refused(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn impossible_dates_and_endless_titles_are_refused_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        check_impossible_dates_and_endless_titles_are_refused(app).await;
    }
}
