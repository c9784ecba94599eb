//! The report cover-sheet form: clerks, or the report's own authors, fill it in while the
//! report is a draft; it is shown with the report once published.

use crate::common::{TestApp, account, council, encode, form, get, hidden_csrf, send, session_of};
use axum::http::StatusCode;
use moot_domain::*;
use moot_store::{Filter, StoreExt};

#[tokio::test]
async fn the_cover_sheet_is_filled_in_by_clerks_or_the_reports_authors() {
    let app = TestApp::sqlite().await.with_demo().await;
    let c = council(&*app.store).await;
    let officer = app
        .store
        .find::<Officer>(c.id, &Filter::all())
        .await
        .unwrap()
        .remove(0)
        .record;
    let item = app
        .store
        .find::<AgendaItem>(c.id, &Filter::all())
        .await
        .unwrap()
        .remove(0)
        .record;
    let report = Document {
        position: 9,
        authors: vec![officer.id],
        ..moot_store_conformance::fixtures::document(&item, "Budget monitoring report", DocumentKind::Report)
    };
    app.store
        .create(&Actor::parse("test").unwrap(), report.clone())
        .await
        .unwrap();
    account(&app, "clerk@example.org", AccountRole::Clerk, None).await;
    let other = account(&app, "other@example.org", AccountRole::ReportAuthor, None).await;
    let _ = other;
    let path = format!("/workspace/documents/{}/cover-sheet", report.id);

    let other = session_of(&app, "other@example.org").await;
    let (status, _, _) = send(&app.state, get(&path, &other)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "an author of other reports");

    let clerk = session_of(&app, "clerk@example.org").await;
    let (status, _, page) = send(&app.state, get(&path, &clerk)).await;
    assert_eq!(status, StatusCode::OK);
    let csrf = hidden_csrf(&page);
    let fields = |authors: &str| {
        format!(
            "csrf={csrf}&version=1&key_decision=on&approving_director={}&authors={}&wards={}&summary={}&recommendations={}&background_papers=",
            encode("Judith Badger, Strategic Director of Finance"),
            encode(authors),
            encode("Boston Castle, Keppel"),
            encode("The forecast outturn for quarter 1."),
            encode("That the report be noted.\nThat the savings plan be endorsed.")
        )
    };
    let (status, _, message) = send(&app.state, form(&path, &clerk, &fields("Rob Mahon <not an address>"))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message.contains("e-mail"), "{message}");
    let (status, _, _) = send(
        &app.state,
        form(&path, &clerk, &fields("Rob Mahon <rob.mahon@example.org>\nAnne Other")),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let saved = app.store.fetch(c.id, report.id).await.unwrap().record;
    let cover = saved.cover_sheet.unwrap();
    assert!(cover.key_decision && !cover.on_forward_plan);
    assert_eq!(cover.authors.len(), 2);
    assert_eq!(
        cover.authors[0].email.as_ref().map(|e| e.as_str()),
        Some("rob.mahon@example.org")
    );
    assert_eq!(
        cover.wards_affected,
        vec!["Boston Castle".to_owned(), "Keppel".to_owned()]
    );
    assert_eq!(cover.recommendations.len(), 2);
    assert!(!cover.exempt_from_public && saved.exempt_on_release.is_none());

    // Marked exempt on the cover sheet: the paper is released as exempt, and the cover sheet
    // says so; the two cannot disagree.
    let version = app.store.fetch::<Document>(c.id, report.id).await.unwrap().version;
    let exempt = fields("Rob Mahon").replace("version=1", &format!("version={version}"))
        + &format!(
            "&exempt_paragraph=3&exempt_reason={}",
            encode("Contract prices under negotiation")
        );
    let (status, _, message) = send(&app.state, form(&path, &clerk, &exempt)).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{message}");
    let saved = app.store.fetch(c.id, report.id).await.unwrap().record;
    assert!(saved.cover_sheet.as_ref().unwrap().exempt_from_public);
    assert_eq!(saved.exempt_on_release.as_ref().map(|e| e.paragraph.number()), Some(3));
    assert!(matches!(
        moot_domain::publication::on_publication(&saved, &[]),
        Some(Visibility::Exempt(_))
    ));
    let (_, _, page) = send(&app.state, get(&path, &clerk)).await;
    assert!(
        page.contains("Contract prices under negotiation"),
        "the form shows it again"
    );

    // Once published, the form is closed.
    let stored = app.store.fetch(c.id, report.id).await.unwrap();
    let mut published = stored.record.clone();
    published.visibility = Visibility::Public;
    app.store
        .update(&Actor::parse("test").unwrap(), published, stored.version)
        .await
        .unwrap();
    let (status, _, _) = send(&app.state, get(&path, &clerk)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}
