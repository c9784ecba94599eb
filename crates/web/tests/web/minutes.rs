//! Draft minutes are saved as often as the clerk needs before they are published: each save
//! rewrites the resolutions in place, keeping a vote while its wording stands, one action per
//! "Action:" line, and numbers that run 1, 2, 3 however the list grew and shrank.

use crate::common::{TestApp, account, council, encode, form, get, hidden_csrf, send, session_of};
use axum::http::StatusCode;
use moot_domain::*;
use moot_store::{Filter, StoreExt};

const ILSC: &str = "improving-lives-select-commission";

#[tokio::test]
async fn a_draft_minute_is_saved_again_and_again_on_sqlite() {
    saved_again_and_again(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn a_draft_minute_is_saved_again_and_again_on_postgres() {
    let Some(app) = TestApp::postgres().await else { return };
    saved_again_and_again(app).await;
}

/// Without losing or doubling anything.
async fn saved_again_and_again(app: TestApp) {
    let app = app.with_demo().await;
    let c = council(&*app.store).await;
    let committee = app
        .store
        .find::<Committee>(c.id, &Filter::eq("slug", ILSC))
        .await
        .unwrap()
        .remove(0)
        .record;
    let day = jiff::Zoned::now().date().yesterday().unwrap();
    let meeting = Meeting {
        status: MeetingStatus::Held,
        ..moot_store_conformance::fixtures::meeting(&committee, day.at(10, 0, 0, 0))
    };
    let test = Actor::parse("test").unwrap();
    app.store.create(&test, meeting.clone()).await.unwrap();
    let item = moot_store_conformance::fixtures::item(&meeting, "5", "Early Help review");
    app.store.create(&test, item.clone()).await.unwrap();
    account(&app, "clerk@example.org", AccountRole::Clerk, None).await;
    let clerk = session_of(&app, "clerk@example.org").await;
    let key = format!("{day}-{ILSC}");
    let (_, _, page) = send(&app.state, get(&format!("/workspace/meetings/{key}"), &clerk)).await;
    let csrf = hidden_csrf(&page);
    let save = |lines: &str| {
        form(
            &format!("/workspace/meetings/{key}/items/5/minute"),
            &clerk,
            &format!(
                "csrf={csrf}&text={}&resolutions={}",
                encode("Members discussed it."),
                encode(lines)
            ),
        )
    };
    let resolutions = || async {
        let mut found: Vec<Resolution> = app
            .store
            .find::<Resolution>(c.id, &Filter::eq("item_id", item.id))
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.record)
            .collect();
        found.sort_by_key(|r| r.number);
        found
    };
    let actions = || async {
        app.store
            .find::<Action>(c.id, &Filter::eq("committee_id", committee.id))
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.record.description)
            .filter(|d| d.contains("review"))
            .collect::<Vec<_>>()
    };

    let first = "That the review be noted.\nAction: That the scope of the review be circulated.\nThat the review return in March.";
    let (status, _, message) = send(&app.state, save(first)).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{message}");
    let noted = resolutions().await[0].clone();
    let vote = format!("/workspace/meetings/{key}/resolutions/{}/vote", noted.id);
    let (status, _, message) = send(
        &app.state,
        form(
            &vote,
            &clerk,
            &format!("csrf={csrf}&version=1&outcome=carried_unanimously"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{message}");

    // Saved again: the third goes, the action is reworded; the vote on unchanged words stays.
    let second = "That the review be noted.\nAction: That the scope and timetable of the review be circulated.";
    let (status, _, message) = send(&app.state, save(second)).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "saving twice works: {message}");
    let now = resolutions().await;
    assert_eq!(now.iter().map(|r| r.number).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(now[0].id, noted.id, "the same record");
    assert!(now[0].vote.is_some(), "the vote stays with unchanged words");
    assert_eq!(
        actions().await,
        ["That the scope and timetable of the review be circulated."]
    );

    // And again: a third resolution comes back under number 3; the first is reworded, so its
    // vote goes; the action becomes an ordinary resolution, so the action goes.
    let third =
        "That the review be noted, with thanks.\nThat the scope be circulated.\nThat the review return in April.";
    let (status, _, message) = send(&app.state, save(third)).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{message}");
    let now = resolutions().await;
    assert_eq!(
        now.iter().map(|r| (r.number, r.text.as_str())).collect::<Vec<_>>(),
        [
            (1, "That the review be noted, with thanks."),
            (2, "That the scope be circulated."),
            (3, "That the review return in April."),
        ]
    );
    assert!(now[0].vote.is_none(), "a vote on other words is dropped");
    assert!(actions().await.is_empty(), "no action is left behind");
}
