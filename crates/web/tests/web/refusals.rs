//! What a clerk is told when a write is refused by the store: never a record's id, its
//! version or the database's own words, which go to the log instead.

use axum::http::StatusCode;
use moot_domain::*;

use crate::common::{TestApp, account, council, encode, form, get, hidden_csrf, send, session_of, version_for};

const ILSC: &str = "improving-lives-select-commission";

/// The marks of a store message a page must not show.
fn shows_internals(page: &str, ids: &[String]) -> bool {
    ["version", "constraint", "UNIQUE", "duplicate key", "database"]
        .iter()
        .any(|word| page.contains(word))
        || ids.iter().any(|id| page.contains(id.as_str()))
}

async fn a_stale_form_is_refused_in_words_a_clerk_can_act_on(app: TestApp) {
    let app = app.with_demo().await;
    account(&app, "first@example.org", AccountRole::Clerk, None).await;
    account(&app, "second@example.org", AccountRole::Clerk, None).await;
    let first = session_of(&app, "first@example.org").await;
    let second = session_of(&app, "second@example.org").await;
    let (_, _, home) = send(&app.state, get("/workspace", &first)).await;
    let csrf = hidden_csrf(&home);
    let create = format!("/workspace/committees/{ILSC}/meetings");
    let body = format!("csrf={csrf}&date=2029-07-17&time=10:00");
    assert_eq!(
        send(&app.state, form(&create, &first, &body)).await.0,
        StatusCode::SEE_OTHER
    );
    let ws = format!("/workspace/meetings/2029-07-17-{ILSC}");
    // Both clerks open the meeting; the second moves it first.
    let (_, _, page) = send(&app.state, get(&ws, &first)).await;
    let read_at = version_for(&page, "/reschedule");
    let (_, _, theirs) = send(&app.state, get(&ws, &second)).await;
    let body = format!(
        "csrf={}&version={}&date=2029-07-18&time=10:00",
        hidden_csrf(&theirs),
        version_for(&theirs, "/reschedule")
    );
    assert_eq!(
        send(&app.state, form(&format!("{ws}/reschedule"), &second, &body))
            .await
            .0,
        StatusCode::SEE_OTHER
    );
    // The first clerk's form is now out of date.
    let ws = format!("/workspace/meetings/2029-07-18-{ILSC}");
    let body = format!("csrf={csrf}&version={read_at}&reason={}", encode("The chair is unwell"));
    let (status, _, page) = send(&app.state, form(&format!("{ws}/cancel"), &first, &body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains(&moot_app::STALE.replace('\'', "&#39;")), "{page}");
    let meeting = moot_store::lookup::meeting_by_key(
        &*app.store,
        council(&*app.store).await.id,
        &format!("2029-07-18-{ILSC}"),
    )
    .await
    .expect("read")
    .expect("meeting")
    .1;
    assert!(!shows_internals(&page, &[meeting.id.to_string()]), "{page}");
    assert_eq!(meeting.status, MeetingStatus::Scheduled, "nothing was written");
}

#[tokio::test]
async fn a_stale_form_is_refused_in_words_a_clerk_can_act_on_sqlite() {
    a_stale_form_is_refused_in_words_a_clerk_can_act_on(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn a_stale_form_is_refused_in_words_a_clerk_can_act_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        a_stale_form_is_refused_in_words_a_clerk_can_act_on(app).await;
    }
}

/// Two admins add an account for the same address at once: both pass the check for a
/// taken address before either has written (hashing the password takes a while), so the
/// database's rule refuses the second. Whichever way the race goes, the refused admin reads
/// a sentence, not the database's.
async fn a_clash_with_a_database_rule_is_refused_without_its_words(app: TestApp) {
    let app = app.with_demo().await;
    account(&app, "admin@example.org", AccountRole::Admin, None).await;
    let admin = session_of(&app, "admin@example.org").await;
    let (_, _, page) = send(&app.state, get("/admin/accounts", &admin)).await;
    let body = format!(
        "csrf={}&email=new%40example.org&name=New+Clerk&role=clerk&password={}",
        hidden_csrf(&page),
        encode("a long enough passphrase")
    );
    let (a, b) = tokio::join!(
        send(&app.state, form("/admin/accounts", &admin, &body)),
        send(&app.state, form("/admin/accounts", &admin, &body)),
    );
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::SEE_OTHER, StatusCode::UNPROCESSABLE_ENTITY]);
    let refused = if a.0 == StatusCode::UNPROCESSABLE_ENTITY {
        a.2
    } else {
        b.2
    };
    let conflict = moot_app::CONFLICT.replace('\'', "&#39;");
    assert!(
        refused.contains(&conflict) || refused.contains("There is already an account for new@example.org."),
        "{refused}"
    );
    assert!(!shows_internals(&refused, &[]), "{refused}");
}

#[tokio::test]
async fn a_clash_with_a_database_rule_is_refused_without_its_words_sqlite() {
    a_clash_with_a_database_rule_is_refused_without_its_words(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn a_clash_with_a_database_rule_is_refused_without_its_words_postgres() {
    if let Some(app) = TestApp::postgres().await {
        a_clash_with_a_database_rule_is_refused_without_its_words(app).await;
    }
}
