//! The monitoring report: clerks keep each action's owner, due date, status and outcome, and
//! the committee's public page shows them.

use crate::common::{TestApp, account, council, encode, form, get, hidden_csrf, send, session_of, version_for};
use axum::http::StatusCode;
use moot_domain::*;
use moot_store::{Filter, StoreExt};

const ILSC: &str = "improving-lives-select-commission";

#[tokio::test]
async fn clerks_keep_actions_up_to_date_and_the_public_sees_them() {
    let app = TestApp::sqlite().await.with_demo().await;
    account(&app, "clerk@example.org", AccountRole::Clerk, None).await;
    let c = council(&*app.store).await;
    let committee = app
        .store
        .find::<Committee>(c.id, &Filter::eq("slug", ILSC))
        .await
        .unwrap()
        .remove(0)
        .record;
    let action = Action {
        id: ActionId::new(),
        council: c.id,
        committee: committee.id,
        resolution: None,
        description: "Circulate the Early Help review scope to members".to_owned(),
        owner: None,
        owner_text: None,
        due: None,
        due_meeting: None,
        status: ActionStatus::Open,
        outcome: None,
        closed: None,
    };
    app.store
        .create(&Actor::parse("test").unwrap(), action.clone())
        .await
        .unwrap();

    let clerk = session_of(&app, "clerk@example.org").await;
    let page_path = format!("/workspace/committees/{ILSC}/actions");
    let (status, _, page) = send(&app.state, get(&page_path, &clerk)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Circulate the Early Help review scope"));
    let csrf = hidden_csrf(&page);
    let version = version_for(&page, &format!("/workspace/actions/{}", action.id));
    let path = format!("/workspace/actions/{}", action.id);
    let base = format!("csrf={csrf}&version={version}&committee={ILSC}");
    for (extra, expect) in [
        ("&status=finished", "is not a status"),
        ("&status=completed&due=soon", "is not a date"),
    ] {
        let (status, _, message) = send(&app.state, form(&path, &clerk, &format!("{base}{extra}"))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{extra}");
        assert!(message.contains(expect), "{message}");
    }
    let body = format!(
        "{base}&status=completed&owner={}&due=2021-07-27&outcome={}",
        encode("Governance Advisor"),
        encode("Scope sent to members on 1 July")
    );
    let (status, headers, _) = send(&app.state, form(&path, &clerk, &body)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers["location"], page_path);

    let (_, _, public) = app.get(&format!("/committees/{ILSC}")).await;
    assert!(
        public.contains("Scope sent to members on 1 July") && public.contains("Governance Advisor"),
        "{public}"
    );
    let stored = app.store.fetch(c.id, action.id).await.unwrap().record;
    assert_eq!(stored.status, ActionStatus::Completed);
}
