//! The monitoring report as a paper: a clerk puts it under an item, the pack maker typesets
//! the committee's actions (open ones, and those closed since the committee last met) into
//! it, and it reaches the pack with its pages and the public item page; an action from an
//! item taken in private never does.

use crate::common::{TestApp, council};
use crate::packs::pack_text;
use axum::http::StatusCode;
use moot_domain::*;
use moot_render_pdf::{Publisher, Typesetter, follow};
use moot_store::{Filter, StoreExt};

const ILSC: &str = "improving-lives-select-commission";
const JUNE: &str = "2021-06-15-improving-lives-select-commission";

#[tokio::test]
async fn the_monitoring_report_lists_open_and_lately_closed_actions_but_none_from_private_items() {
    let app = TestApp::sqlite().await.with_demo().await;
    let c = council(&*app.store).await;
    let test = Actor::parse("test").unwrap();
    let committee: Committee = moot_store::lookup::by_slug(&*app.store, c.id, &Slug::parse(ILSC).unwrap())
        .await
        .unwrap()
        .unwrap();
    let (_, june) = moot_store::lookup::meeting_by_key(&*app.store, c.id, JUNE)
        .await
        .unwrap()
        .unwrap();
    let june_items: Vec<AgendaItem> = app
        .store
        .find::<AgendaItem>(c.id, &Filter::eq("meeting_id", june.id))
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.record)
        .collect();
    let item = |n: &str| june_items.iter().find(|i| i.number.to_string() == n).unwrap().clone();
    let suggestions = app
        .store
        .find::<Resolution>(c.id, &Filter::eq("item_id", item("8").id))
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.record)
        .find(|r| r.kind == ResolutionKind::Action)
        .unwrap();
    let private = item("7");
    assert!(private.exemption.is_some(), "item 7 is taken in private");
    let secret = Resolution {
        id: ResolutionId::new(),
        council: c.id,
        meeting: june.id,
        item: private.id,
        number: 9,
        text: "That the case of Woman A be reviewed.".to_owned(),
        kind: ResolutionKind::Action,
        vote: None,
    };
    app.store.create(&test, secret.clone()).await.unwrap();
    let action = |description: &str, resolution: Option<ResolutionId>, status, closed| Action {
        id: ActionId::new(),
        council: c.id,
        committee: committee.id,
        resolution,
        description: description.to_owned(),
        owner: None,
        owner_text: Some("Governance Advisor".to_owned()),
        due: Some(jiff::civil::date(2021, 7, 27)),
        due_meeting: None,
        status,
        outcome: status.is_closed().then(|| "Sent".to_owned()),
        closed,
    };
    for a in [
        action(
            "Collect topic suggestions",
            Some(suggestions.id),
            ActionStatus::Open,
            None,
        ),
        action(
            "Circulate the review scope",
            None,
            ActionStatus::Completed,
            Some(jiff::civil::date(2021, 7, 1)),
        ),
        action(
            "Book the site visit",
            None,
            ActionStatus::Completed,
            Some(jiff::civil::date(2021, 6, 1)),
        ),
        action("Review the case of Woman A", Some(secret.id), ActionStatus::Open, None),
    ] {
        app.store.create(&test, a).await.unwrap();
    }

    // The committee's next meeting, after 15 June 2021: its agenda being built.
    let next = moot_store_conformance::fixtures::meeting(&committee, jiff::civil::date(2031, 7, 27).at(17, 30, 0, 0));
    app.store.create(&test, next.clone()).await.unwrap();
    let report_item = moot_store_conformance::fixtures::item(&next, "3", "ILSC Monitoring Report");
    app.store.create(&test, report_item.clone()).await.unwrap();
    let key = format!("2031-07-27-{ILSC}");
    let clerk = app.signed_in("clerk@example.org", AccountRole::Clerk, None).await;
    let page = format!("/workspace/meetings/{key}");
    let place = format!("/workspace/meetings/{key}/items/3/typeset");
    let (status, _, workspace) = clerk.get(&app, &page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(workspace.contains("<option value=\"monitoring_report\">Monitoring Report</option>"));
    let papers = || async {
        app.store
            .find::<Document>(c.id, &Filter::eq("item_id", report_item.id))
            .await
            .unwrap()
    };
    let (status, _, message) = clerk.post_form(&app, &page, &place, &[("kind", "forward_plan")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        message.contains("&#34;forward_plan&#34; is not a paper Moot typesets"),
        "{message}"
    );
    assert!(papers().await.is_empty(), "nothing saved");
    let (status, _, _) = clerk
        .post_form(&app, &page, &place, &[("kind", "monitoring_report")])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, message) = clerk
        .post_form(&app, &page, &place, &[("kind", "monitoring_report")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        message.contains("Item 3 already has the monitoring report."),
        "{message}"
    );
    let placed = papers().await;
    assert_eq!(placed.len(), 1);
    assert_eq!(placed[0].record.kind, DocumentKind::MonitoringReport);
    assert_eq!(placed[0].record.visibility, Visibility::Draft);

    // Published, as the two-person approval would: the meeting's agenda and its draft paper.
    let mut published = app.store.fetch::<Meeting>(c.id, next.id).await.unwrap();
    published.record.status = MeetingStatus::AgendaPublished;
    published.record.agenda_published = true;
    app.store
        .update(&test, published.record, published.version)
        .await
        .unwrap();
    let mut paper = placed[0].record.clone();
    paper.visibility = Visibility::Public;
    app.store.update(&test, paper, placed[0].version).await.unwrap();

    let publisher = Publisher::new(app.store.clone(), app.state.blobs.clone(), Typesetter::new().unwrap()).unwrap();
    follow::refresh_all(&publisher).await.unwrap();
    let documents: Vec<Document> = app
        .store
        .find::<Document>(c.id, &Filter::eq("meeting_id", next.id))
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.record)
        .collect();
    let pack = documents
        .iter()
        .find(|d| {
            d.kind == DocumentKind::AgendaPack && d.generated.as_ref().and_then(|g| g.edition) == Some(Edition::Public)
        })
        .expect("the public pack");
    let text = pack_text(&app, pack).await;
    assert!(
        text.contains("3. ILSC Monitoring Report (Page 2)"),
        "the front sheet gives the report's page: {text}"
    );
    // pdftotext reads the table's first two columns down, then the other three: the action
    // with no resolution first, then the one resolved on 15 June 2021, each due 27 July.
    assert!(
        text.contains(
            "Page 1 Improving Lives Select Commission: Monitoring Report Actions and recommendations \
             Resolution or recommendation Meeting date Circulate the review scope Collect topic suggestions \
             15 June 2021 Who Due Status and progress Governance Advisor 27 July 2021 Completed 1 July 2021. Sent \
             Governance Advisor 27 July 2021 Open Page 2"
        ),
        "{text}"
    );
    assert!(
        !text.contains("Book the site visit"),
        "closed before the committee last met"
    );
    assert!(!text.contains("Woman A"), "nothing from an item taken in private");

    let (status, _, public) = app.get(&format!("/meetings/{key}/items/3")).await;
    assert_eq!(status, StatusCode::OK);
    let report = documents
        .iter()
        .find(|d| d.kind == DocumentKind::MonitoringReport)
        .unwrap();
    let file = report.file.as_ref().expect("typeset");
    assert!(
        public.contains(&format!(
            "<a href=\"{}\">Monitoring Report</a>",
            moot_app::links::download_path(report.id, file)
        )),
        "{public}"
    );
}
