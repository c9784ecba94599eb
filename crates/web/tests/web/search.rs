//! Search as a resident uses it: the home page's box, `/search` over the demo and over a real
//! council report's PDF, and nothing exempt, draft, withdrawn or unpublished ever found.

use crate::common;

use axum::http::StatusCode;
use moot_domain::*;
use moot_store::{Filter, StoreExt, typed};
use moot_store_conformance::fixtures;

use crate::common::{Indexer, TestApp};

/// Words only the demo's exempt appendix holds.
const EXEMPT_WORDS: [&str; 3] = ["EXEMPT-CANARY-7f3a", "pseudonymised", "\"Woman B\""];

async fn demo_council(app: &TestApp) -> Council {
    typed(app.store.councils().await.expect("councils").remove(0))
        .expect("council")
        .record
}

async fn search(app: &TestApp, query: &str) -> (StatusCode, String) {
    let (status, _, body) = app.get(&format!("/search?q={}", common::encode(query))).await;
    (status, body)
}

/// A real council report (Kingston's zebra crossing consultation) from the shared data.
fn real_report() -> Option<Vec<u8>> {
    let path = fixtures::shared_data()?.join("fixtures/pdf/ZebraCrossing.pdf");
    Some(std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

#[tokio::test]
async fn the_demo_is_found_by_its_words_and_the_exempt_appendix_never_is() {
    demo_search(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn the_demo_is_found_by_its_words_and_the_exempt_appendix_never_is_on_postgres() {
    let Some(app) = TestApp::postgres().await else { return };
    demo_search(app).await;
}

async fn demo_search(app: TestApp) {
    let (app, indexer) = app.with_demo().await.with_search();
    let built = indexer.rebuild().await.expect("rebuild");
    assert!(
        built.entries > 50,
        "committees, members, meetings, items and papers: {built:?}"
    );

    let (status, _, home) = app.get("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        home.contains("action=\"/search\"") && home.contains("<label for=\"q\">"),
        "the home page's search box"
    );

    // Stemmed words from an item's minute find the item, linked, with the words marked.
    let (status, body) = search(&app, "cohorts evaluated").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("1 result for"), "{body}");
    assert!(body.contains(
        "<a href=\"/meetings/2021-06-15-improving-lives-select-commission/items/7\">Rotherham Pause Practice - Impact Report</a>"
    ));
    assert!(body.contains("<mark>cohort</mark>"), "the words found are marked");
    assert!(body.contains("Improving Lives Select Commission, Tuesday 15 June 2021, item 7"));

    // Committees, councillors and meetings are found too; the filters narrow.
    let (_, body) = search(&app, "Improving Lives").await;
    assert!(
        body.contains("<a href=\"/committees/improving-lives-select-commission\">"),
        "{body}"
    );
    let (_, _, body) = app
        .get("/search?q=work+programme&kind=item&committee=improving-lives-select-commission")
        .await;
    assert!(
        body.contains("Agenda item") && !body.contains("<p class=\"muted\">Committee"),
        "{body}"
    );

    // Newest first: the June 2021 meeting's items before the March ones.
    let (_, _, body) = app.get("/search?q=minutes&kind=item&sort=newest").await;
    let dates: Vec<&str> = body
        .split("<p class=\"muted\">Agenda item · ")
        .skip(1)
        .filter_map(|rest| rest.split("</p>").next())
        .collect();
    assert!(dates.len() > 3, "{body}");
    let parsed: Vec<jiff::civil::Date> = dates
        .iter()
        .map(|d| {
            jiff::fmt::strtime::parse("%A %-d %B %Y", d)
                .and_then(|t| t.to_date())
                .expect(d)
        })
        .collect();
    assert!(parsed.windows(2).all(|w| w[0] >= w[1]), "newest first: {dates:?}");
    assert!(
        body.contains("<option value=\"newest\" selected>"),
        "the choice is kept"
    );

    // The exempt appendix's words find nothing, and its title is nowhere.
    for words in EXEMPT_WORDS {
        let (status, body) = search(&app, words).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("No results for"), "{words} found something: {body}");
        assert!(!body.contains("journeys"), "{body}");
    }
    let (_, body) = search(&app, "Pause women journeys").await;
    assert!(!body.contains("Appendix 2"), "the exempt appendix's title: {body}");
}

/// An indexer over `app`'s store with the index in `dir` (one a test can reopen over
/// another store).
fn indexer_in(app: &TestApp, dir: &std::path::Path) -> Indexer {
    Indexer {
        store: app.store.clone(),
        blobs: app.state.blobs.clone(),
        index: std::sync::Arc::new(moot_search::SearchIndex::open(dir).expect("index")),
    }
}

/// How many entries of `council` the index finds for `text`.
fn count(indexer: &Indexer, council: CouncilId, text: &str) -> usize {
    let q = moot_search::Query {
        council: council.uuid(),
        text: text.into(),
        limit: 10,
        ..moot_search::Query::default()
    };
    indexer.index.search(&q).expect("search").total
}

/// Item 8 of the June 2021 meeting: a public item of a published agenda.
async fn work_programme_item(app: &TestApp, council: &Council) -> AgendaItem {
    app.store
        .find::<AgendaItem>(council.id, &Filter::all())
        .await
        .expect("items")
        .into_iter()
        .map(|s| s.record)
        .find(|i| i.title == "Work Programme")
        .expect("item 8")
}

fn pdf_file(hash: moot_domain::BlobHash, size: usize, name: &str) -> FileRef {
    FileRef {
        hash,
        size: size as u64,
        media_type: "application/pdf".into(),
        file_name: name.into(),
        page_count: None,
    }
}

#[tokio::test]
async fn a_published_reports_pdf_is_searched_until_it_is_withdrawn() {
    papers_follow_the_change_log(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn a_published_reports_pdf_is_searched_until_it_is_withdrawn_on_postgres() {
    let Some(app) = TestApp::postgres().await else { return };
    papers_follow_the_change_log(app).await;
}

async fn papers_follow_the_change_log(app: TestApp) {
    let Some(pdf) = real_report() else { return };
    let (app, indexer) = app.with_demo().await.with_search();
    indexer.catch_up().await.expect("first catch-up builds the index");
    let council = demo_council(&app).await;
    let item = work_programme_item(&app, &council).await;
    let hash = app.state.blobs.put(&pdf).await.expect("file");
    let file = pdf_file(hash, pdf.len(), "zebra-crossing.pdf");
    let clerk = fixtures::actor("clerk");
    let mut public = fixtures::document(&item, "Coombe Lane West consultation", DocumentKind::Report);
    public.file = Some(file.clone());
    public.visibility = Visibility::Public;
    let mut draft = fixtures::document(&item, "A draft note", DocumentKind::Report);
    draft.text = Some("The DRAFTWORD figures are not final.".into());
    let mut exempt = fixtures::document(&item, "Tenders received", DocumentKind::Appendix);
    exempt.text = Some("The TENDERWORD prices offered by each bidder.".into());
    exempt.visibility = Visibility::Exempt(fixtures::exemption(3, "Financial affairs of bidders"));
    let public = app.store.create(&clerk, public).await.expect("public paper");
    app.store.create(&clerk, draft).await.expect("draft");
    app.store.create(&clerk, exempt).await.expect("exempt");
    indexer.catch_up().await.expect("catch up");

    // Words only inside the PDF find it (the zero-width spaces of its producer aside).
    let (_, body) = search(&app, "speeding concerns zebra").await;
    let href = format!("/documents/{}/zebra-crossing.pdf", public.record.id);
    assert!(
        body.contains(&format!("<a href=\"{href}\">Coombe Lane West consultation</a>")),
        "{body}"
    );
    assert!(body.contains("Work Programme"), "the item it belongs to: {body}");
    let (status, _, _) = app.get(&href).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the result's link is a download the reader may make"
    );
    // A minute recorded in private session: the item is found by its title, never by the
    // minute's words.
    let mut private = app.store.fetch::<AgendaItem>(council.id, item.id).await.expect("item");
    let minute = private.record.minute.as_mut().expect("the demo minutes item 8");
    minute.text = "Members discussed the MINUTEWORD settlement in private.".into();
    minute.text_visibility = Visibility::Exempt(fixtures::exemption(4, "Labour relations"));
    app.store
        .update(&clerk, private.record, private.version)
        .await
        .expect("exempt minute");
    indexer.catch_up().await.expect("catch up");
    let (_, body) = search(&app, "Work Programme").await;
    assert!(body.contains("/items/8\">Work Programme</a>"), "{body}");
    for hidden in ["DRAFTWORD", "TENDERWORD", "MINUTEWORD"] {
        let (_, body) = search(&app, hidden).await;
        assert!(body.contains("No results"), "{hidden}: {body}");
    }

    // Withdrawn: gone from results at the next catch-up, as from every other public surface.
    let mut withdrawn = public.record.clone();
    withdrawn.withdrawn = Some(Reasoned {
        by: clerk.clone(),
        at: jiff::Timestamp::now(),
        reason: "Published against the wrong meeting".into(),
    });
    app.store
        .update(&clerk, withdrawn, public.version)
        .await
        .expect("withdraw");
    indexer.catch_up().await.expect("catch up");
    let (_, body) = search(&app, "speeding concerns zebra").await;
    assert!(body.contains("No results"), "{body}");

    // An agenda still being built is not searched, though its meeting's date is public.
    let committee = app
        .store
        .find::<Committee>(council.id, &Filter::all())
        .await
        .expect("committees")
        .remove(0)
        .record;
    let meeting = fixtures::meeting(&committee, jiff::civil::date(2031, 3, 4).at(10, 0, 0, 0));
    let planned = fixtures::item(&meeting, "5", "Quarry restoration UNPUBLISHEDWORD");
    app.store.create(&clerk, meeting).await.expect("meeting");
    app.store.create(&clerk, planned).await.expect("item");
    indexer.catch_up().await.expect("catch up");
    let (_, body) = search(&app, "UNPUBLISHEDWORD").await;
    assert!(body.contains("No results"), "{body}");
    let (_, body) = search(&app, &format!("{} 2031", committee.name)).await;
    assert!(
        body.contains("Tuesday 4 March 2031"),
        "the scheduled meeting itself: {body}"
    );

    // A committee renamed: its own entry and its meetings' entries follow.
    let mut renamed = app
        .store
        .fetch::<Committee>(council.id, committee.id)
        .await
        .expect("committee");
    renamed.record.name = "Quarries and Hedgerows Board".into();
    app.store
        .update(&clerk, renamed.record, renamed.version)
        .await
        .expect("rename");
    indexer.catch_up().await.expect("catch up");
    let (_, body) = search(&app, "Hedgerows 2031").await;
    assert!(
        body.contains("Quarries and Hedgerows Board, Tuesday 4 March 2031"),
        "{body}"
    );
    let (_, body) = search(&app, "Quarries Hedgerows").await;
    assert!(
        body.contains(&format!(
            "<a href=\"/committees/{}\">Quarries and Hedgerows Board</a>",
            committee.slug
        )),
        "{body}"
    );
}

#[tokio::test]
async fn anything_typed_gets_a_page_and_a_server_without_an_index_says_so() {
    let (app, indexer) = TestApp::sqlite().await.with_demo().await.with_search();
    let (status, _, body) = app.get("/search?q=pause").await;
    assert_eq!(
        status,
        StatusCode::SERVICE_UNAVAILABLE,
        "not answered before the first pass"
    );
    assert!(body.contains("Search is starting up"), "{body}");
    indexer.rebuild().await.expect("rebuild");
    for path in [
        "/search",
        "/search?q=",
        "/search?q=((%20AND%20OR",
        "/search?q=title%3A",
        "/search?q=minutes&page=abc&kind=nonsense&committee=no-such-committee",
        "/search?q=minutes&page=999999999999999999999",
        "/search?q=%E2%80%9Cquoted%E2%80%9D%20%22unclosed",
    ] {
        let (status, _, body) = app.get(path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        assert!(body.contains("<h1>Search</h1>"), "{path}");
    }
    // Paging: twenty a page, then "More results".
    let (_, _, body) = app.get("/search?q=the").await;
    assert!(body.contains("More results"), "{body}");
    let (_, _, page2) = app.get("/search?q=the&page=2").await;
    assert!(page2.contains("<ol class=\"results\" start=\"21\""), "{page2}");
    assert!(page2.contains("Previous results"));

    let plain = TestApp::sqlite().await.with_demo().await;
    let (status, _, body) = plain.get("/search?q=pause").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(body.contains("Search is not available on this server."));
    let (_, _, home) = plain.get("/").await;
    assert!(!home.contains("/search"), "no box that searches nothing");
}

#[tokio::test]
async fn an_index_left_by_another_database_is_rebuilt_not_trusted() {
    let index_dir = tempfile::tempdir().expect("dir");
    let open = |app: &TestApp| indexer_in(app, index_dir.path());
    let first = TestApp::sqlite().await.with_demo().await;
    let council = demo_council(&first).await;
    let committee = fixtures::committee(council.id, "quarry-panel");
    first
        .store
        .create(&fixtures::actor("clerk"), committee)
        .await
        .expect("committee");
    let indexer = open(&first);
    indexer.catch_up().await.expect("build");
    let found = |indexer: &Indexer| count(indexer, council.id, "quarry");
    assert_eq!(found(&indexer), 1);
    drop(indexer);

    // Another database with as many changes or more: the index's position alone would pass.
    let second = TestApp::sqlite().await.with_demo().await;
    for n in 0..3 {
        let committee = fixtures::committee(council.id, &format!("other-{n}"));
        let _ = second.store.create(&fixtures::actor("clerk"), committee).await;
    }
    let indexer = open(&second);
    indexer.catch_up().await.expect("catch up");
    assert_eq!(
        found(&indexer),
        0,
        "the first database's committee is gone from the index"
    );
}

#[tokio::test]
async fn a_paper_is_found_by_title_until_its_text_can_be_read_and_a_damaged_one_is_not_read_again() {
    let Some(pdf) = real_report() else { return };
    let (app, indexer) = TestApp::sqlite().await.with_demo().await.with_search();
    indexer.catch_up().await.expect("build");
    let council = demo_council(&app).await;
    let item = work_programme_item(&app, &council).await;
    let clerk = fixtures::actor("clerk");
    // A file the record names before the file store has it (an object store lagging, say).
    let late = moot_store::blob::hash_of(&pdf).expect("hash");
    let mut waiting = fixtures::document(&item, "Coombe Lane West consultation", DocumentKind::Report);
    waiting.file = Some(pdf_file(late, pdf.len(), "zebra.pdf"));
    waiting.visibility = Visibility::Public;
    let damaged_bytes = b"%PDF-1.7 this file was cut short".to_vec();
    let damaged_hash = app.state.blobs.put(&damaged_bytes).await.expect("file");
    let mut damaged = fixtures::document(&item, "Scanned petition", DocumentKind::Report);
    damaged.file = Some(pdf_file(damaged_hash, damaged_bytes.len(), "petition.pdf"));
    damaged.visibility = Visibility::Public;
    app.store.create(&clerk, waiting).await.expect("paper");
    app.store.create(&clerk, damaged).await.expect("paper");
    indexer.catch_up().await.expect("catch up");

    let (_, body) = search(&app, "Coombe Lane").await;
    assert!(
        body.contains(">Coombe Lane West consultation</a>"),
        "found by its title: {body}"
    );
    let (_, body) = search(&app, "speeding concerns").await;
    assert!(body.contains("No results"), "its text is not read yet: {body}");
    let (_, body) = search(&app, "petition").await;
    assert!(
        body.contains(">Scanned petition</a>"),
        "a damaged file is found by title: {body}"
    );
    let waiting = indexer.index.pending(10).expect("pending");
    assert_eq!(
        waiting.len(),
        1,
        "only the paper whose file is missing waits: {waiting:?}"
    );

    app.state.blobs.put(&pdf).await.expect("the file arrives");
    indexer.catch_up().await.expect("catch up");
    let (_, body) = search(&app, "speeding concerns").await;
    assert!(
        body.contains(">Coombe Lane West consultation</a>"),
        "read at the next pass: {body}"
    );
    assert!(indexer.index.pending(10).expect("pending").is_empty());
}

#[tokio::test]
async fn an_index_ahead_of_a_restored_database_is_rebuilt_even_once_the_log_has_grown_past_it() {
    let index_dir = tempfile::tempdir().expect("dir");
    let open = |app: &TestApp| indexer_in(app, index_dir.path());
    let live = TestApp::sqlite().await.with_demo().await;
    // The backup: the same records and change log, entry for entry, as they stood.
    let restored = TestApp::sqlite().await;
    let mut import = restored.store.begin_import().await.expect("import");
    for council in live.store.council_ids().await.expect("councils") {
        for &kind in moot_store::Kind::ALL {
            for r in live
                .store
                .list(council, kind, &Filter::all().with_deleted())
                .await
                .expect("list")
            {
                import.record(&r).await.expect("record");
            }
        }
    }
    for c in live
        .store
        .changes(&moot_store::ChangeQuery::default())
        .await
        .expect("log")
    {
        import.change(&c).await.expect("change");
    }
    import.finish().await.expect("restore");

    // After the backup, a committee the index learns of...
    let council = demo_council(&live).await;
    let clerk = fixtures::actor("clerk");
    live.store
        .create(&clerk, fixtures::committee(council.id, "quarry-panel"))
        .await
        .expect("committee");
    let indexer = open(&live);
    indexer.catch_up().await.expect("build");
    let quarry = |indexer: &Indexer| count(indexer, council.id, "quarry");
    assert_eq!(quarry(&indexer), 1);
    drop(indexer);

    // ...then the database is restored from the backup and written to twice more, so its log
    // is longer than the index's position and begins at the same entry.
    for slug in ["other-1", "other-2"] {
        restored
            .store
            .create(&clerk, fixtures::committee(council.id, slug))
            .await
            .expect("committee");
    }
    let indexer = open(&restored);
    indexer.catch_up().await.expect("catch up");
    assert_eq!(
        quarry(&indexer),
        0,
        "the lost committee is not found in the restored site"
    );
}

#[tokio::test]
async fn papers_moot_typesets_are_found_by_their_words_but_whole_packs_are_not() {
    let (app, indexer) = TestApp::sqlite().await.with_demo().await.with_search();
    let publisher = moot_render_pdf::Publisher::new(
        app.store.clone(),
        app.state.blobs.clone(),
        moot_render_pdf::Typesetter::new().unwrap(),
    )
    .unwrap();
    moot_render_pdf::follow::refresh_all(&publisher).await.expect("typeset");
    // The first pass builds the index with papers by title; the next ones read the PDFs.
    for _ in 0..3 {
        indexer.catch_up().await.expect("catch up");
    }
    let council = demo_council(&app).await;
    let papers: Vec<Document> = app
        .store
        .find::<Document>(council.id, &Filter::all())
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.record)
        .collect();
    let link_to = |title: &str| {
        let d = papers
            .iter()
            .find(|d| d.title == title && d.withdrawn.is_none())
            .unwrap_or_else(|| panic!("{title}"));
        assert!(d.generated.is_some() && d.file.is_some(), "{title} is typeset by Moot");
        format!("<a href=\"/documents/{}/", d.id)
    };
    let report = link_to("Rotherham Pause Practice - Impact Report");
    let appendix = link_to("Appendix 1 – Report on the impact of the Rotherham Pause Practice - March 2020");
    let packs: Vec<String> = papers
        .iter()
        .filter(|d| d.kind == DocumentKind::AgendaPack)
        .map(|d| format!("/documents/{}/", d.id))
        .collect();
    assert!(!packs.is_empty(), "the demo's meetings have packs");

    // The report's author, named only on its cover sheet, finds the report.
    let (status, _, body) = app.get("/search?q=Joanne+Kelly&kind=document").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(&report), "{body}");
    // Words of the appendix's summary find the appendix, not the report.
    let (_, body) = search(&app, "assertive outreach").await;
    assert!(body.contains(&appendix), "{body}");
    assert!(!body.contains(&report), "{body}");
    // The report by its title among papers, as a journalist would look for it.
    let (_, _, body) = app.get("/search?q=Rotherham+Pause+Practice&kind=document").await;
    assert!(body.contains(&report) && body.contains(&appendix), "{body}");
    // The typeset work programme and its table of groups, by topics they list.
    let (_, _, body) = app.get("/search?q=%22YOT+Improvement+Plan%22&kind=document").await;
    assert!(body.contains(">Work Programme</a>"), "{body}");
    let (_, _, body) = app.get("/search?q=%22Holiday+Hunger%22&kind=document").await;
    assert!(
        body.contains(">Improving Lives Select Commission - Sub and Project Group Updates</a>"),
        "{body}"
    );

    // A pack repeats its papers: none of these searches offers it.
    for query in [
        "Joanne Kelly",
        "assertive outreach",
        "Rotherham Pause Practice",
        "agenda pack",
    ] {
        let (_, body) = search(&app, query).await;
        for pack in &packs {
            assert!(!body.contains(pack), "{query} found a whole pack: {body}");
        }
    }
    // And the exempt appendix is still never found.
    for words in EXEMPT_WORDS {
        let (_, body) = search(&app, words).await;
        assert!(body.contains("No results for"), "{words} found something: {body}");
    }
}
