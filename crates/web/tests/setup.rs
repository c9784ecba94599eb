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
