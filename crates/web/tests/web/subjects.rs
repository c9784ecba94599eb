//! Subjects: a clerk tags an item with a new subject from the item form and a second item, at
//! another committee's meeting, with the same one; the public subject page lists both, newest
//! first, with their papers, and never an exempt paper. Bad choices are refused and save nothing.

use crate::common::{TestApp, council};
use axum::http::StatusCode;
use moot_domain::*;
use moot_store::{Filter, StoreExt};

#[tokio::test]
async fn a_subject_made_on_one_item_gathers_items_across_committees_on_its_public_page() {
    let app = TestApp::sqlite().await.with_demo().await;
    let c = council(&*app.store).await;
    let test = Actor::parse("test").unwrap();
    let committee = |slug: &str| {
        let store = app.store.clone();
        let slug = Slug::parse(slug).unwrap();
        async move {
            moot_store::lookup::by_slug::<Committee>(&*store, c.id, &slug)
                .await
                .unwrap()
                .unwrap()
        }
    };
    let ilsc = committee("improving-lives-select-commission").await;
    let osmb = committee("overview-and-scrutiny-management-board").await;
    let first = moot_store_conformance::fixtures::meeting(&ilsc, jiff::civil::date(2031, 7, 27).at(17, 30, 0, 0));
    let second = moot_store_conformance::fixtures::meeting(&osmb, jiff::civil::date(2031, 9, 3).at(10, 0, 0, 0));
    for m in [&first, &second] {
        app.store.create(&test, m.clone()).await.unwrap();
    }
    let clerk = app.signed_in("clerk@example.org", AccountRole::Clerk, None).await;
    let one = "2031-07-27-improving-lives-select-commission";
    let two = "2031-09-03-overview-and-scrutiny-management-board";
    let add = |key: &str| {
        (
            format!("/workspace/meetings/{key}"),
            format!("/workspace/meetings/{key}/items"),
        )
    };
    let counts = || async {
        (
            app.store.find::<Subject>(c.id, &Filter::all()).await.unwrap().len(),
            app.store.find::<AgendaItem>(c.id, &Filter::all()).await.unwrap().len(),
        )
    };
    let before = counts().await;

    let (page, items) = add(one);
    for (fields, expect) in [
        (
            [
                ("title", "Knife crime review"),
                ("subject", "new"),
                ("new_subject", " "),
            ],
            "Give the new subject a title.",
        ),
        (
            [
                ("title", "Knife crime review"),
                ("subject", "no-such-subject"),
                ("new_subject", ""),
            ],
            "There is no subject &#34;no-such-subject&#34;; choose one from the list or give a new one&#39;s title.",
        ),
    ] {
        let (status, _, message) = clerk.post_form(&app, &page, &items, &fields).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(message.contains(expect), "{message}");
    }
    assert_eq!(counts().await, before, "refused items save nothing");

    let (status, _, message) = clerk
        .post_form(
            &app,
            &page,
            &items,
            &[
                ("title", "Knife crime review"),
                ("subject", "new"),
                ("new_subject", "Knife crime"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{message}");
    let subject: Subject = moot_store::lookup::by_slug(&*app.store, c.id, &Slug::parse("knife-crime").unwrap())
        .await
        .unwrap()
        .expect("made from the item form");
    assert_eq!(subject.title, "Knife crime");

    let (page, items) = add(two);
    let (_, _, workspace) = clerk.get(&app, &page).await;
    assert!(workspace.contains("<option value=\"knife-crime\">Knife crime</option>"));
    let (status, _, message) = clerk
        .post_form(
            &app,
            &page,
            &items,
            &[
                ("title", "Knife crime: six months on"),
                ("subject", "knife-crime"),
                ("new_subject", ""),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{message}");
    let tagged: Vec<AgendaItem> = app
        .store
        .find::<AgendaItem>(c.id, &Filter::eq("subject_id", subject.id))
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.record)
        .collect();
    assert_eq!(tagged.len(), 2);
    assert_eq!(counts().await, (before.0 + 1, before.1 + 2));

    // Both agendas published (as the approval would), each item with a paper: a public one
    // on the first, an exempt one on the second.
    for m in [&first, &second] {
        let mut stored = app.store.fetch::<Meeting>(c.id, m.id).await.unwrap();
        stored.record.status = MeetingStatus::AgendaPublished;
        stored.record.agenda_published = true;
        app.store.update(&test, stored.record, stored.version).await.unwrap();
    }
    let paper = |item: &AgendaItem, title: &str, visibility: Visibility| Document {
        visibility,
        ..moot_store_conformance::fixtures::document(item, title, DocumentKind::Report)
    };
    let on = |meeting: &Meeting| tagged.iter().find(|i| i.meeting == meeting.id).unwrap();
    app.store
        .create(
            &test,
            paper(on(&first), "Scope of the knife crime review", Visibility::Public),
        )
        .await
        .unwrap();
    let exempt = Visibility::Exempt(moot_store_conformance::fixtures::exemption(
        1,
        "Information relating to individuals",
    ));
    app.store
        .create(&test, paper(on(&second), "Names of young people cautioned", exempt))
        .await
        .unwrap();

    let (status, _, public) = app.get("/subjects/knife-crime").await;
    assert_eq!(status, StatusCode::OK);
    let listed = public
        .split("<ul class=\"subject-items\">")
        .nth(1)
        .unwrap()
        .split("\n</ul>\n")
        .next()
        .unwrap();
    assert_eq!(
        listed,
        "\n<li><a href=\"/meetings/2031-09-03-overview-and-scrutiny-management-board/items/1\">\
         Overview and Scrutiny Management Board, Wednesday 3 September 2031: item 1, Knife crime: six months on</a>\n\n\n</li>\
         <li><a href=\"/meetings/2031-07-27-improving-lives-select-commission/items/1\">\
         Improving Lives Select Commission, Sunday 27 July 2031: item 1, Knife crime review</a>\n\n\
         <ul class=\"documents\"><li>Scope of the knife crime review <span class=\"offline\">not held online: ask Hannah Etheridge, the contact officer, for a copy</span></li></ul>\n</li>",
        "newest first, the exempt paper left out"
    );
    assert!(!public.contains("Names of young people cautioned"));

    let (status, _, index) = app.get("/subjects").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        index.contains("<li><a href=\"/subjects/knife-crime\">Knife crime</a></li>"),
        "{index}"
    );
    let (_, _, item) = app.get(&format!("/meetings/{one}/items/1")).await;
    assert!(
        item.contains(
            "<p><a href=\"/subjects/knife-crime\">Everything on Knife crime</a>, across meetings and committees.</p>"
        ),
        "{item}"
    );
    let (status, _, _) = app.get("/subjects/no-such-subject").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = app.get("/subjects/knife-crime?page=2").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "one page only");
}
