//! Every kind of resolution the domain has, chosen in the minutes form by the line's
//! beginning, stored as that kind, and printed in the minutes as the text alone, as the
//! seeds' minutes print them.

use crate::common::{TestApp, council};
use axum::http::StatusCode;
use moot_domain::*;
use moot_store::{Filter, StoreExt};

const ILSC: &str = "improving-lives-select-commission";

#[tokio::test]
async fn a_clerk_marks_each_resolution_with_its_kind() {
    let app = TestApp::sqlite().await.with_demo().await;
    let c = council(&*app.store).await;
    let committee: Committee = moot_store::lookup::by_slug(&*app.store, c.id, &Slug::parse(ILSC).unwrap())
        .await
        .unwrap()
        .unwrap();
    let day = jiff::Zoned::now().date().yesterday().unwrap();
    let meeting = Meeting {
        status: MeetingStatus::Held,
        ..moot_store_conformance::fixtures::meeting(&committee, day.at(10, 0, 0, 0))
    };
    let test = Actor::parse("test").unwrap();
    app.store.create(&test, meeting.clone()).await.unwrap();
    let item = moot_store_conformance::fixtures::item(&meeting, "5", "Domestic Abuse Strategy");
    app.store.create(&test, item.clone()).await.unwrap();
    let clerk = app.signed_in("clerk@example.org", AccountRole::Clerk, None).await;
    let key = format!("{day}-{ILSC}");
    let page = format!("/workspace/meetings/{key}");
    let minute = format!("/workspace/meetings/{key}/items/5/minute");
    let stored = || async {
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

    let (status, _, message) = clerk
        .post_form(
            &app,
            &page,
            &minute,
            &[
                ("text", "Discussed."),
                ("resolutions", "Recommendation: That it be adopted."),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        message.contains("recommendation: name the body it goes to, as &#34;Recommendation to Cabinet: That …&#34;"),
        "{message}"
    );
    assert!(stored().await.is_empty(), "a refused minute saves nothing");

    let lines = "Noted: That the report be noted.\n\
                 Approved: That the strategy be approved.\n\
                 Recommendation to Cabinet: That the strategy be adopted.\n\
                 Appointment: That Councillor Atkin be the lead member.\n\
                 Action: That the Governance Advisor circulate the strategy.\n\
                 That the item return in March.";
    let (status, _, message) = clerk
        .post_form(&app, &page, &minute, &[("text", "Discussed."), ("resolutions", lines)])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{message}");
    let kinds: Vec<(ResolutionKind, String)> = stored().await.into_iter().map(|r| (r.kind, r.text)).collect();
    assert_eq!(
        kinds,
        vec![
            (ResolutionKind::Noted, "That the report be noted.".to_owned()),
            (ResolutionKind::Approved, "That the strategy be approved.".to_owned()),
            (
                ResolutionKind::Recommendation {
                    to: "Cabinet".to_owned(),
                    committee: None
                },
                "That the strategy be adopted.".to_owned()
            ),
            (
                ResolutionKind::Appointment,
                "That Councillor Atkin be the lead member.".to_owned()
            ),
            (
                ResolutionKind::Action,
                "That the Governance Advisor circulate the strategy.".to_owned()
            ),
            (ResolutionKind::Other, "That the item return in March.".to_owned()),
        ]
    );
    let actions: Vec<String> = app
        .store
        .find::<Action>(c.id, &Filter::eq("committee_id", committee.id))
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.record.description)
        .collect();
    assert_eq!(actions, vec!["That the Governance Advisor circulate the strategy."]);

    let (status, _, shown) = clerk.get(&app, &format!("/meetings/{key}/items/5")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        shown.contains(
            "<h2>Resolved</h2>\n<ol><li>That the report be noted.</li><li>That the strategy be approved.</li>\
             <li>That the strategy be adopted.</li><li>That Councillor Atkin be the lead member.</li>\
             <li>That the Governance Advisor circulate the strategy.</li><li>That the item return in March.</li></ol>"
        ),
        "{shown}"
    );
}
