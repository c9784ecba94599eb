//! Agenda packs as the clerks and the public meet them: a paper withdrawn leaves both
//! editions within one pass of the pack follower even while another paper of the meeting
//! is damaged, and the clerk's workspace says what the pack had to go without. On SQLite and
//! PostgreSQL.

use std::process::Command;

use crate::common::{TestApp, council};
use axum::http::StatusCode;
use moot_domain::*;
use moot_render_pdf::{Publisher, Typesetter, follow};
use moot_store::{Filter, StoreExt, Stored};

const JUNE: &str = "2021-06-15-improving-lives-select-commission";
const REPORT: &str = "Rotherham Pause Practice - Impact Report";
const APPENDIX: &str = "Appendix 1 – Report on the impact of the Rotherham Pause Practice - March 2020";
/// Printed on the appendix's cover sheet only (its approving director).
const APPENDIX_MARKER: &str = "Sally Hodges";

async fn june_documents(app: &TestApp) -> Vec<Stored<Document>> {
    let c = council(&*app.store).await;
    let (_, june) = moot_store::lookup::meeting_by_key(&*app.store, c.id, JUNE)
        .await
        .unwrap()
        .unwrap();
    app.store
        .find::<Document>(c.id, &Filter::eq("meeting_id", june.id))
        .await
        .unwrap()
}

async fn paper(app: &TestApp, title: &str) -> Stored<Document> {
    june_documents(app)
        .await
        .into_iter()
        .find(|d| d.record.title == title)
        .unwrap_or_else(|| panic!("no paper {title:?}"))
}

async fn pack(app: &TestApp, edition: Edition) -> Document {
    june_documents(app)
        .await
        .into_iter()
        .map(|d| d.record)
        .find(|d| d.kind == DocumentKind::AgendaPack && d.generated.as_ref().and_then(|g| g.edition) == Some(edition))
        .unwrap_or_else(|| panic!("no {edition:?} pack"))
}

/// A pack's text as a reader's tools extract it, with its lines joined by single spaces.
pub async fn pack_text(app: &TestApp, doc: &Document) -> String {
    let file = doc.file.as_ref().expect("the pack has a file");
    let bytes = app.state.blobs.get(&file.hash).await.unwrap().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pack.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext is installed");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

async fn check_a_withdrawn_paper_leaves_both_packs_while_another_is_damaged(app: TestApp) {
    let app = app.with_demo().await;
    let publisher = Publisher::new(app.store.clone(), app.state.blobs.clone(), Typesetter::new().unwrap()).unwrap();
    follow::refresh_all(&publisher).await.unwrap();
    for edition in [Edition::Public, Edition::Members] {
        assert!(
            pack_text(&app, &pack(&app, edition).await)
                .await
                .contains(APPENDIX_MARKER),
            "{edition:?} holds the appendix before it is withdrawn"
        );
    }

    // The report's file is damaged in the store: it says it is a PDF but is a web page, as
    // files were accepted before uploads were opened and checked.
    let report = paper(&app, REPORT).await;
    let mut damaged = report.record.clone();
    let html = b"%PDF-1.4\n<html><body>not a PDF</body></html>\n";
    damaged.file = Some(FileRef {
        hash: app.state.blobs.put(html).await.unwrap(),
        size: html.len() as u64,
        media_type: "application/pdf".to_owned(),
        file_name: "report.pdf".to_owned(),
        page_count: None,
    });
    damaged.generated = None;
    damaged.cover_sheet = None;
    app.store
        .update(&Actor::parse("test").unwrap(), damaged, report.version)
        .await
        .unwrap();
    let since = app.store.last_seq().await.unwrap();

    // A clerk withdraws the appendix from the workspace.
    let clerk = app.signed_in("clerk@example.org", AccountRole::Clerk, None).await;
    let ws = format!("/workspace/meetings/{JUNE}");
    let appendix = paper(&app, APPENDIX).await;
    let action = format!("/workspace/documents/{}/withdraw", appendix.record.id);
    let (status, _, _) = clerk
        .post_form(
            &app,
            &ws,
            &action,
            &[("meeting", JUNE), ("reason", "Published by mistake")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    // One pass of the follower that every node runs.
    follow::catch_up(&publisher, since).await.unwrap();
    for edition in [Edition::Public, Edition::Members] {
        let text = pack_text(&app, &pack(&app, edition).await).await;
        assert!(
            !text.contains(APPENDIX_MARKER),
            "{edition:?} still holds the withdrawn appendix"
        );
        assert!(
            text.contains(&format!("{REPORT} is not included in this pack.")),
            "{edition:?} tells its readers what it lacks:\n{text}"
        );
    }
    let (status, _, public) = app.get(&format!("/meetings/{JUNE}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(public.contains(">Agenda pack</a>"), "the public pack is still offered");

    // The clerk sees what the pack went without, for each edition.
    let (status, _, page) = clerk.get(&app, &ws).await;
    assert_eq!(status, StatusCode::OK);
    let problems = page
        .split("<div class=\"problem\" id=\"pdf-problems\">")
        .nth(1)
        .and_then(|s| s.split("</div>").next())
        .expect("the workspace lists the PDFs' problems");
    for title in ["Agenda pack", "Agenda pack (members&#39; edition, with exempt papers)"] {
        assert!(
            problems.contains(&format!(
                "<li>{title}: &#34;{REPORT}&#34; is not in the pack: the file is damaged and cannot be read"
            )),
            "{title}: {problems}"
        );
    }
}

#[tokio::test]
async fn a_withdrawn_paper_leaves_both_packs_while_another_is_damaged() {
    check_a_withdrawn_paper_leaves_both_packs_while_another_is_damaged(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn a_withdrawn_paper_leaves_both_packs_while_another_is_damaged_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        check_a_withdrawn_paper_leaves_both_packs_while_another_is_damaged(app).await;
    }
}
