//! The first pages on the seed demo: facts from the seeds are there, the exempt appendix is not.

use crate::common;

use axum::http::StatusCode;
use moot_web::AppState;

use crate::common::TestApp;

const CANARY: &str = "EXEMPT-CANARY-7f3a";
const EXEMPT_TITLE: &str = "pause women";

async fn demo_app() -> (AppState, TestApp) {
    let app = TestApp::sqlite().await.with_demo().await;
    (app.state.clone(), app)
}

async fn get(state: &AppState, path: &str) -> (StatusCode, String) {
    let (status, _, body) = common::get_from(state, None, path).await;
    (status, body)
}

fn assert_no_exempt_content(body: &str) {
    assert!(!body.contains(CANARY), "exempt text leaked");
    assert!(
        !body.to_lowercase().contains(EXEMPT_TITLE),
        "exempt document title leaked"
    );
}

#[tokio::test]
async fn home_lists_committees_and_recent_meetings_with_links() {
    let (state, _dir) = demo_app().await;
    let (status, body) = get(&state, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Rotherham Metropolitan Borough Council"));
    assert!(body.contains(
        "<li><a href=\"/committees/improving-lives-select-commission\">Improving Lives Select Commission</a></li>"
    ));
    assert!(body.contains(
        "<li><a href=\"/committees/overview-and-scrutiny-management-board\">Overview and Scrutiny Management Board</a></li>"
    ));
    assert!(body.contains(
        "<a href=\"/meetings/2021-06-15-improving-lives-select-commission\">Improving Lives Select Commission, Tuesday 15 June 2021, 10.00 am</a>"
    ));
    assert!(body.contains("/meetings/2021-03-09-improving-lives-select-commission"));
    assert_no_exempt_content(&body);
}

#[tokio::test]
async fn the_june_2021_meeting_page_shows_items_documents_and_minutes_but_not_the_exempt_appendix() {
    let (state, _dir) = demo_app().await;
    let (status, body) = get(&state, "/meetings/2021-06-15-improving-lives-select-commission").await;
    assert_eq!(status, StatusCode::OK);
    for fact in [
        "Tuesday 15 June 2021, 10.00 am",
        "Town Hall, Moorgate Street, Rotherham, S60 2TH",
        "2. <a href=\"/meetings/2021-06-15-improving-lives-select-commission/items/2\">Minutes of the previous meetings held on 9 and 22 March</a>",
        "Pages 4 - 19, as published",
        "PDF 160 KB",
        ">Rotherham Pause Practice - Impact Report</a>",
        "PDF 475 KB",
        "Minute 6:",
        "paragraph 1 of Part 1 of Schedule 12A",
        "That the Work Programme be updated as discussed.",
        ">Date and time of the next meeting</a>",
    ] {
        assert!(body.contains(fact), "missing {fact:?}");
    }
    assert!(
        body.contains("not for publication."),
        "the withheld appendix is counted, not named"
    );
    assert_no_exempt_content(&body);
}

#[tokio::test]
async fn the_march_2021_meeting_page_shows_attendance_and_minutes_140_to_150() {
    let (state, _dir) = demo_app().await;
    let (status, body) = get(&state, "/meetings/2021-03-09-improving-lives-select-commission").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Councillor V. Cusworth (in the Chair)"), "{body}");
    assert!(
        body.contains("<h3>Apologies</h3>\n<ul><li><a href=\"/members/hague\">Councillor Hague</a></li></ul>"),
        "{body}"
    );
    for n in 140..=150 {
        assert!(body.contains(&format!("Minute {n}:")), "minute {n}");
    }
    assert!(!body.contains("Minute 151:"));
}

#[tokio::test]
async fn the_june_2020_page_shows_the_declaration_and_the_member_leaving() {
    let (state, _dir) = demo_app().await;
    let (status, body) = get(&state, "/meetings/2020-06-16-improving-lives-select-commission").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(
        "Councillor Jarvis declared a non-pecuniary interest in item 9 (Response to Domestic Abuse during the pandemic), as she was a board member of RISE."
    ), "{body}");
    assert!(
        body.contains("Councillor Jarvis (attended remotely) (left during item 9)"),
        "{body}"
    );
    assert!(body.contains("Minute 72:"));
    // Headed in capitals in the record, shown in the item's own case on screen.
    let (_, june) = get(&state, "/meetings/2021-06-15-improving-lives-select-commission").await;
    assert!(
        june.contains("Minute 6: Rotherham Pause Practice - Impact Report"),
        "{june}"
    );
    assert!(!june.contains("ROTHERHAM PAUSE PRACTICE"));
}

#[tokio::test]
async fn unknown_meetings_are_404() {
    let (state, _dir) = demo_app().await;
    for path in [
        "/meetings/2021-06-16-improving-lives-select-commission",
        "/meetings/2021-06-15-no-such-committee",
        "/meetings/not-a-meeting",
    ] {
        assert_eq!(get(&state, path).await.0, StatusCode::NOT_FOUND, "{path}");
    }
}
