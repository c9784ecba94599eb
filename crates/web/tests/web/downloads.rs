//! Document downloads, the calendar, the sitemap and robots.txt, with exempt and draft
//! papers absent from each.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use moot_domain::*;
use moot_store::{Filter, StoreExt, typed};
use moot_store_conformance::fixtures::*;
use tower::ServiceExt;

use crate::common::TestApp;

struct Papers {
    public: String,
    exempt: String,
    draft: String,
    hash: String,
}

/// The demo, with real files behind a public report, an exempt appendix and a draft.
async fn with_papers(app: &TestApp) -> Papers {
    let c: Council = typed(app.store.councils().await.expect("councils").remove(0))
        .expect("council")
        .record;
    let items = app.store.find::<AgendaItem>(c.id, &Filter::all()).await.expect("items");
    let pause = items
        .iter()
        .map(|s| &s.record)
        .find(|i| i.title == "Rotherham Pause Practice - Impact Report")
        .expect("item 7");
    let mut paths = Vec::new();
    let mut hash = String::new();
    for (title, visibility, bytes) in [
        ("Impact report", Visibility::Public, &b"%PDF-1.7 the public report"[..]),
        (
            "Case histories",
            Visibility::Exempt(exemption(1, "Information about individual women")),
            &b"%PDF-1.7 EXEMPT-CANARY-7f3a"[..],
        ),
        ("Early draft", Visibility::Draft, &b"%PDF-1.7 draft"[..]),
    ] {
        let h = app.state.blobs.put(bytes).await.expect("blob");
        if hash.is_empty() {
            hash = h.to_string();
        }
        let file = FileRef {
            hash: h,
            size: bytes.len() as u64,
            media_type: "application/pdf".into(),
            file_name: "paper.pdf".into(),
            page_count: Some(1),
        };
        let doc = Document {
            file: Some(file),
            visibility,
            position: 9,
            ..document(pause, title, DocumentKind::Appendix)
        };
        let id = app.store.create(&actor("cli"), doc).await.expect("doc").record.id;
        paths.push(format!("/documents/{id}/paper.pdf"));
    }
    let [public, exempt, draft] = <[String; 3]>::try_from(paths).expect("three");
    Papers {
        public,
        exempt,
        draft,
        hash,
    }
}

#[tokio::test]
async fn documents_download_with_type_length_etag_and_conditional_get_and_never_when_not_public() {
    let app = TestApp::sqlite().await.with_demo().await;
    let p = with_papers(&app).await;

    let (status, headers, body) = app.get(&p.public).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "%PDF-1.7 the public report");
    assert_eq!(
        headers.get("content-type").and_then(|v| v.to_str().ok()),
        Some("application/pdf")
    );
    assert_eq!(headers.get("content-length").and_then(|v| v.to_str().ok()), Some("26"));
    let etag = format!("\"{}\"", p.hash);
    assert_eq!(headers.get("etag").and_then(|v| v.to_str().ok()), Some(etag.as_str()));

    let request = Request::get(&p.public)
        .header("if-none-match", &etag)
        .body(Body::empty())
        .unwrap();
    let response = moot_web::router(app.state.clone()).oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_MODIFIED);

    for hidden in [&p.exempt, &p.draft] {
        let (status, _, body) = app.get(hidden).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{hidden}");
        assert!(!body.contains("CANARY"));
    }
    let guessed = format!("/documents/{}/paper.pdf", DocumentId::new());
    for path in [
        guessed.as_str(),
        "/documents/not-an-id/paper.pdf",
        &p.public.replace("paper.pdf", "other.pdf"),
    ] {
        assert_eq!(app.get(path).await.0, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(
        headers.get("cache-control").and_then(|v| v.to_str().ok()),
        Some("no-cache")
    );
    let csp = headers
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(csp.starts_with("sandbox"), "{csp}");
    let disposition = headers
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(disposition.starts_with("inline"), "{disposition}");

    let (_, _, item) = app
        .get("/meetings/2021-06-15-improving-lives-select-commission/items/7")
        .await;
    assert!(
        item.contains(&format!(
            "<a href=\"{}\">Impact report</a> <span class=\"size\">PDF 1 KB</span>",
            p.public
        )),
        "{item}"
    );
    assert!(!item.contains("Case histories") && !item.contains("Early draft"));
    // The demo's exempt appendix and "Case histories" are counted; a draft is not, as it is
    // not withheld but simply not yet published.
    assert!(item.contains("2 documents are not for publication."), "{item}");
}

#[tokio::test]
async fn the_sitemap_lists_public_pages_and_files_only_and_robots_points_to_it() {
    let app = TestApp::sqlite().await.with_demo().await;
    let (_, _, loaded) = app.get("/sitemap.xml").await;
    // The log times writes to the microsecond and the sitemap to the second: the papers
    // below are added in a later second than the demo was loaded in.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let p = with_papers(&app).await;
    let (status, headers, xml) = app.get("/sitemap.xml").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers.get("content-type").and_then(|v| v.to_str().ok()),
        Some("application/xml; charset=utf-8")
    );
    for url in [
        "<loc>http://localhost/committees/improving-lives-select-commission</loc>",
        "<loc>http://localhost/meetings/2021-06-15-improving-lives-select-commission</loc>",
        "<loc>http://localhost/meetings/2021-06-15-improving-lives-select-commission/items/7</loc>",
        "<loc>http://localhost/members/cusworth</loc>",
    ] {
        assert!(xml.contains(url), "missing {url}");
    }
    assert!(xml.contains(&format!("<loc>http://localhost{}</loc>", p.public)));
    assert!(
        !xml.contains(&p.exempt) && !xml.contains(&p.draft),
        "no exempt or draft file in the sitemap"
    );

    // Each record page is dated by the last write to anything it shows: a paper added to
    // item 7 moves the item, its meeting and its committee, and no other meeting or member.
    let lastmod = |xml: &str, path: &str| -> String {
        let at = xml
            .split(&format!("<loc>http://localhost{path}</loc><lastmod>"))
            .nth(1)
            .unwrap_or_else(|| panic!("{path} has no lastmod:\n{xml}"));
        let at = at.split("</lastmod>").next().expect("closed").to_owned();
        assert!(at.len() == 20 && at.parse::<jiff::Timestamp>().is_ok(), "{path}: {at}");
        at
    };
    let june = "/meetings/2021-06-15-improving-lives-select-commission";
    let paper = lastmod(&xml, &p.public);
    for path in [
        format!("{june}/items/7"),
        june.to_owned(),
        "/committees/improving-lives-select-commission".to_owned(),
    ] {
        assert_eq!(lastmod(&xml, &path), paper, "{path}");
        assert!(lastmod(&loaded, &path) < paper, "{path} was last written at the load");
    }
    for path in [
        "/meetings/2021-03-22-improving-lives-select-commission",
        &format!("{june}/items/8"),
        "/members/cusworth",
    ] {
        assert_eq!(lastmod(&xml, path), lastmod(&loaded, path), "{path}");
    }

    let (_, _, robots) = app.get("/robots.txt").await;
    assert!(robots.contains("Sitemap: http://localhost/sitemap.xml"), "{robots}");
    assert!(
        robots.contains("Disallow: /search\n"),
        "crawlers do not run searches: {robots}"
    );
}

#[tokio::test]
async fn the_calendar_shows_a_month_filtered_by_committee_and_its_links_end() {
    let app = TestApp::sqlite().await.with_demo().await;
    let (status, _, june) = app.get("/calendar?month=2021-06").await;
    assert_eq!(status, StatusCode::OK);
    assert!(june.contains("<h1>Meetings in June 2021</h1>"));
    assert!(june.contains("<a href=\"/meetings/2021-06-15-improving-lives-select-commission\">10.00 am Improving Lives Select Commission</a>"));
    assert!(june.contains("<a href=\"/calendar?month=2021-05\" rel=\"prev\">Previous: May 2021</a>"));
    assert!(june.contains("<a href=\"/calendar?month=2021-07\" rel=\"next\">Next: July 2021</a>"));
    assert!(!june.contains("noindex"));
    let (_, _, filtered) = app
        .get("/calendar?month=2021-06&committee=improving-lives-select-commission")
        .await;
    assert!(
        filtered.contains(
            "<a href=\"/calendar?month=2021-07&#38;committee=improving-lives-select-commission\" rel=\"next\">Next: July 2021</a>"
        ),
        "{filtered}"
    );
    // The months with meetings end at the demo's first (June 2016) and at this month: a
    // crawler following the links stops there, and a month beyond is served but not indexed,
    // linked back into the span.
    let (status, _, first) = app.get("/calendar?month=2016-06").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !first.contains("rel=\"prev\"") && first.contains("Next: July 2016"),
        "{first}"
    );
    let (_, _, before) = app.get("/calendar?month=1999-01").await;
    assert!(before.contains("<meta name=\"robots\" content=\"noindex, follow\">"));
    assert!(before.contains("<a href=\"/calendar?month=2016-06\" rel=\"next\">Next: June 2016</a>"));
    assert!(!before.contains("rel=\"prev\""));
    let now = jiff::Zoned::now()
        .with_time_zone(jiff::tz::TimeZone::get("Europe/London").unwrap())
        .date();
    let this_month = now.strftime("%Y-%m").to_string();
    let (_, _, current) = app.get(&format!("/calendar?month={this_month}")).await;
    assert!(
        !current.contains("rel=\"next\"") && !current.contains("noindex"),
        "{current}"
    );
    let later = now
        .checked_add(jiff::ToSpan::years(3))
        .unwrap()
        .strftime("%Y-%m")
        .to_string();
    let (_, _, beyond) = app.get(&format!("/calendar?month={later}")).await;
    assert!(beyond.contains("noindex, follow"));
    assert!(beyond.contains(&format!("<a href=\"/calendar?month={this_month}\" rel=\"prev\">")));
    // A committee with no meetings: only this month is in its span.
    let (_, _, cabinet) = app.get("/calendar?month=2021-06&committee=cabinet").await;
    assert!(cabinet.contains("No meetings this month.") && cabinet.contains("noindex, follow"));
    for bad in [
        "/calendar?month=2021-13",
        "/calendar?month=june",
        "/calendar?committee=nobody",
    ] {
        assert_eq!(app.get(bad).await.0, StatusCode::NOT_FOUND, "{bad}");
    }
}

#[tokio::test]
async fn a_stored_file_that_a_browser_would_run_is_only_ever_a_download() {
    let app = TestApp::sqlite().await.with_demo().await;
    let c: Council = typed(app.store.councils().await.expect("councils").remove(0))
        .expect("council")
        .record;
    let items = app.store.find::<AgendaItem>(c.id, &Filter::all()).await.expect("items");
    let item = &items[0].record;
    let bytes = b"<script>alert(document.cookie)</script>";
    let hash = app.state.blobs.put(bytes).await.expect("blob");
    let file = FileRef {
        hash,
        size: bytes.len() as u64,
        media_type: "text/html".into(),
        file_name: "notes.html".into(),
        page_count: None,
    };
    let doc = Document {
        file: Some(file),
        visibility: Visibility::Public,
        ..document(item, "Notes", DocumentKind::Other)
    };
    let id = app.store.create(&actor("cli"), doc).await.expect("doc").record.id;
    let (status, headers, _) = app.get(&format!("/documents/{id}/notes.html")).await;
    assert_eq!(status, StatusCode::OK);
    let disposition = headers
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    let csp = headers
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(csp.starts_with("sandbox"), "{csp} {headers:?}");
}
