//! Setting up committees, members and seats from the workspace; duplicates refused by name.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod common;

use axum::http::StatusCode;
use common::{TestApp, account, encode, form, get, hidden_csrf, send, session_of};
use moot_domain::*;

#[tokio::test]
async fn clerks_add_committees_members_and_seats_and_duplicates_are_refused() {
    let app = TestApp::sqlite().await.with_demo().await;
    account(&app, "clerk@example.org", AccountRole::Clerk, None).await;
    let clerk = session_of(&app, "clerk@example.org").await;
    let (status, _, page) = send(&app.state, get("/workspace/setup", &clerk)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("<title>Set-up – Moot</title>"),
        "the page's title is only its title"
    );
    let csrf = hidden_csrf(&page);

    let committee = format!(
        "csrf={csrf}&name={}&kind=regulatory&remit={}",
        encode("Licensing Board"),
        encode("Licensing of taxis and premises.")
    );
    let (status, _, message) = send(&app.state, form("/workspace/setup/committees", &clerk, &committee)).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{message}");
    let (status, _, message) = send(&app.state, form("/workspace/setup/committees", &clerk, &committee)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message.contains("already a committee called"));
    let (status, _, message) = send(
        &app.state,
        form(
            "/workspace/setup/committees",
            &clerk,
            &format!("csrf={csrf}&name=X&kind=club"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message.contains("is not a kind of committee"));

    let member =
        format!("csrf={csrf}&title=Councillor&given_names=Jane&family_name=Smith&party=Independent&ward=Keppel");
    assert_eq!(
        send(&app.state, form("/workspace/setup/members", &clerk, &member))
            .await
            .0,
        StatusCode::SEE_OTHER
    );
    let (status, _, message) = send(&app.state, form("/workspace/setup/members", &clerk, &member)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a duplicate member");
    assert!(
        message.contains("Councillor Jane Smith is already a member"),
        "{message}"
    );

    let seat = format!("csrf={csrf}&member=jane-smith&committee=licensing-board&role=vice_chair&from=2026-05-20");
    assert_eq!(
        send(&app.state, form("/workspace/setup/memberships", &clerk, &seat))
            .await
            .0,
        StatusCode::SEE_OTHER
    );
    let bad_seat = format!("csrf={csrf}&member=nobody&committee=licensing-board&role=chair&from=2026-05-20");
    let (status, _, message) = send(&app.state, form("/workspace/setup/memberships", &clerk, &bad_seat)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message.contains("is not a member here"));

    let (status, _, page) = app.get("/committees/licensing-board").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Licensing of taxis and premises.") && page.contains("Jane Smith"),
        "{page}"
    );
    let (status, _, page) = app.get("/members/jane-smith").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Independent"));
}

#[tokio::test]
async fn annual_meetings_are_added_once_and_only_admins_change_the_councils_settings() {
    let app = TestApp::sqlite().await.with_demo().await;
    account(&app, "admin@example.org", AccountRole::Admin, None).await;
    account(&app, "clerk@example.org", AccountRole::Clerk, None).await;
    let clerk = session_of(&app, "clerk@example.org").await;
    let (_, _, page) = send(&app.state, get("/workspace/setup", &clerk)).await;
    assert!(
        page.contains("Wednesday 19 May 2021"),
        "the demo's annual meetings are listed"
    );
    assert!(!page.contains("Council settings"), "settings are for admins");
    let csrf = hidden_csrf(&page);
    let add = "/workspace/setup/annual-meetings";
    assert_eq!(
        send(&app.state, form(add, &clerk, &format!("csrf={csrf}&date=2026-05-20")))
            .await
            .0,
        StatusCode::SEE_OTHER
    );
    let (status, _, message) = send(&app.state, form(add, &clerk, &format!("csrf={csrf}&date=2026-05-20"))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message.contains("already an annual meeting on Wednesday 20 May 2026"));
    let (status, _, _) = send(&app.state, form(add, &clerk, &format!("csrf={csrf}&date=May"))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let (status, _, _) = send(
        &app.state,
        form(
            "/admin/settings",
            &clerk,
            &format!("csrf={csrf}&version=1&region=scotland"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let admin = session_of(&app, "admin@example.org").await;
    let (_, _, page) = send(&app.state, get("/workspace/setup", &admin)).await;
    let admin_csrf = hidden_csrf(&page);
    let version = page
        .split("name=\"version\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let body = format!(
        "csrf={admin_csrf}&version={version}&region=scotland&single_person=on&hosts={}",
        encode("Democracy.Example.org")
    );
    assert_eq!(
        send(&app.state, form("/admin/settings", &admin, &body)).await.0,
        StatusCode::SEE_OTHER
    );
    let c = common::council(&*app.store).await;
    assert!(c.settings.single_person_publishing);
    assert_eq!(c.settings.calendar.region, HolidayRegion::Scotland);
    assert_eq!(c.settings.hosts, vec!["democracy.example.org".to_owned()]);
    let (status, _, _) = send(
        &app.state,
        form(
            "/admin/settings",
            &admin,
            &format!("csrf={admin_csrf}&version={version}&region=mars"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}
