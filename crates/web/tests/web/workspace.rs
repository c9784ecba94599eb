//! The clerk's workspace: withdrawing a published paper takes it off every public surface at
//! once while the record keeps it, with who, when and why; only clerks and admins may.

use crate::common::{TestApp, account, council, encode, form, get, hidden_csrf, send, session_of, version_for};
use axum::http::StatusCode;
use moot_domain::*;
use moot_store::{ChangeQuery, Filter, Kind, StoreExt};

const JUNE: &str = "2021-06-15-improving-lives-select-commission";

/// Puts a real file behind item 7's report; returns its id and download path.
async fn report_with_file(app: &TestApp) -> (DocumentId, String) {
    let c = council(&*app.store).await;
    let stored = app
        .store
        .find::<Document>(c.id, &Filter::all())
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.record.title == "Rotherham Pause Practice - Impact Report")
        .unwrap();
    let bytes = b"%PDF-1.7 the Pause report";
    let mut doc = stored.record.clone();
    doc.file = Some(FileRef {
        hash: app.state.blobs.put(bytes).await.unwrap(),
        size: bytes.len() as u64,
        media_type: "application/pdf".into(),
        file_name: "pause-report.pdf".into(),
        page_count: Some(1),
    });
    app.store
        .update(&Actor::parse("test").unwrap(), doc, stored.version)
        .await
        .unwrap();
    (
        stored.record.id,
        format!("/documents/{}/pause-report.pdf", stored.record.id),
    )
}

#[tokio::test]
async fn a_clerk_withdraws_a_published_paper_and_it_leaves_every_public_surface() {
    let app = TestApp::sqlite().await.with_demo().await;
    let (id, download) = report_with_file(&app).await;
    account(&app, "clerk@example.org", AccountRole::Clerk, None).await;
    let (status, _, _) = app.get(&download).await;
    assert_eq!(status, StatusCode::OK);
    let (_, _, sitemap) = app.get("/sitemap.xml").await;
    assert!(sitemap.contains(&download));

    let clerk = session_of(&app, "clerk@example.org").await;
    let (status, _, page) = send(&app.state, get(&format!("/workspace/meetings/{JUNE}"), &clerk)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Appendix 2 – Pause women") && page.contains("State: exempt"),
        "clerks see every paper"
    );
    let csrf = hidden_csrf(&page);
    let version = version_for(&page, &format!("/workspace/documents/{id}/withdraw"));
    let action = format!("/workspace/documents/{id}/withdraw");

    // No reason: refused, nothing saved.
    let body = format!("csrf={csrf}&version={version}&meeting={JUNE}&reason=+");
    let (status, _, message) = send(&app.state, form(&action, &clerk, &body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message.contains("Give the reason"));
    let (status, _, _) = app.get(&download).await;
    assert_eq!(status, StatusCode::OK, "still published");

    let reason = "Published by mistake: it names a family";
    let body = format!("csrf={csrf}&version={version}&meeting={JUNE}&reason={}", encode(reason));
    let (status, _, _) = send(&app.state, form(&action, &clerk, &body)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    // Gone from the public at once: download, meeting page, item page, sitemap.
    let (status, _, _) = app.get(&download).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, _, meeting) = app.get(&format!("/meetings/{JUNE}")).await;
    assert!(!meeting.contains("pause-report.pdf"));
    let (_, _, item) = app.get(&format!("/meetings/{JUNE}/items/7")).await;
    assert!(!item.contains("pause-report.pdf"));
    let (_, _, sitemap) = app.get("/sitemap.xml").await;
    assert!(!sitemap.contains(&download));

    // The record keeps it, and the log says who and why.
    let (_, _, page) = send(&app.state, get(&format!("/workspace/meetings/{JUNE}"), &clerk)).await;
    assert!(
        page.contains("Withdrawn by clerk (clerk@example.org) on ") && page.contains(reason),
        "{page}"
    );
    let (status, _, _) = send(&app.state, get(&download, &clerk)).await;
    assert_eq!(status, StatusCode::OK, "clerks can still open it");
    let c = council(&*app.store).await;
    let log = app
        .store
        .changes(&ChangeQuery {
            council: Some(c.id),
            kind: Some(Kind::Document),
            id: Some(id.uuid()),
            ..ChangeQuery::default()
        })
        .await
        .unwrap();
    let last = log.last().unwrap();
    assert!(last.actor.as_str().starts_with("user:"));
    assert_eq!(last.note.as_deref(), Some(&*format!("withdrawn by clerk: {reason}")));

    // Twice is refused.
    let body = format!("csrf={csrf}&version={}&meeting={JUNE}&reason=again", last.version);
    let (status, _, message) = send(&app.state, form(&action, &clerk, &body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message.contains("already been withdrawn"));
}

#[tokio::test]
async fn only_clerks_and_admins_may_withdraw_and_every_form_needs_its_token() {
    let app = TestApp::sqlite().await.with_demo().await;
    let (id, download) = report_with_file(&app).await;
    account(&app, "admin@example.org", AccountRole::Admin, None).await;
    account(&app, "author@example.org", AccountRole::ReportAuthor, None).await;
    account(&app, "pitchley@example.org", AccountRole::Member, Some("pitchley")).await;
    let action = format!("/workspace/documents/{id}/withdraw");
    let workspace = format!("/workspace/meetings/{JUNE}");

    let (status, _, _) = send(
        &app.state,
        form(&action, "", &format!("csrf=x&version=1&meeting={JUNE}&reason=r")),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "anonymous");
    let (status, _, _) = app.get(&workspace).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    for email in ["author@example.org", "pitchley@example.org"] {
        let cookie = session_of(&app, email).await;
        // An author reads the workspace for their own papers, without the clerks' forms.
        let (status, _, page) = send(&app.state, get(&workspace, &cookie)).await;
        if email.starts_with("author") {
            assert_eq!(status, StatusCode::OK);
            assert!(!page.contains("Withdraw this paper") && !page.contains("class=\"paper\""));
        } else {
            assert_eq!(status, StatusCode::FORBIDDEN, "{email} reading the workspace");
        }
        let (_, _, any) = send(&app.state, get("/account", &cookie)).await;
        let csrf = hidden_csrf(&any);
        let body = format!("csrf={csrf}&version=2&meeting={JUNE}&reason=r");
        let (status, _, _) = send(&app.state, form(&action, &cookie, &body)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{email} withdrawing");
    }
    let admin = session_of(&app, "admin@example.org").await;
    let (_, _, page) = send(&app.state, get(&workspace, &admin)).await;
    let csrf = hidden_csrf(&page);
    let (status, _, _) = send(
        &app.state,
        form(&action, &admin, &format!("version=2&meeting={JUNE}&reason=r")),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a form without its token does not even parse"
    );
    let (status, _, _) = send(
        &app.state,
        form(
            &action,
            &admin,
            &format!("csrf=forged&version=2&meeting={JUNE}&reason=r"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a forged token");
    let (status, _, _) = app.get(&download).await;
    assert_eq!(status, StatusCode::OK, "nothing was withdrawn by any of that");
    let (status, _, message) = send(
        &app.state,
        form(
            &action,
            &admin,
            &format!("csrf={csrf}&version=1&meeting={JUNE}&reason=stale"),
        ),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a stale version is refused: {message}"
    );
    let (status, _, _) = send(
        &app.state,
        form(
            &action,
            &admin,
            &format!("csrf={csrf}&version=2&meeting={JUNE}&reason=ok"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "an admin may");
    let (status, _, _) = app.get(&download).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
