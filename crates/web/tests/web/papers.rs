//! A published paper's life as the public follows it: each earlier version of a replaced
//! paper stays downloadable at an address of its own under the paper's own visibility rule,
//! and the meeting's publication log lists what went public when, never naming an exempt
//! paper.

use crate::common::{TestApp, User, council, hidden_csrf, reviewed_for, send};
use crate::publishing::upcoming;
use crate::uploads::multipart_to;
use axum::http::StatusCode;
use moot_domain::*;
use moot_store::{ChangeQuery, Filter, Kind, StoreExt};
use moot_store_conformance::fixtures::pdf;

/// The meeting's papers by title, as stored.
async fn paper(app: &TestApp, key: &str, title: &str) -> moot_store::Stored<Document> {
    let c = council(&*app.store).await;
    let (_, m) = moot_store::lookup::meeting_by_key(&*app.store, c.id, key)
        .await
        .unwrap()
        .unwrap();
    app.store
        .find::<Document>(c.id, &Filter::eq("meeting_id", m.id))
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.record.title == title)
        .unwrap_or_else(|| panic!("no paper {title:?}"))
}

/// Uploads `bytes` as a report called `title` to item `number`, as `clerk`.
pub(crate) async fn upload(app: &TestApp, clerk: &User, key: &str, number: &str, title: &str, bytes: &[u8]) {
    let ws = format!("/workspace/meetings/{key}");
    let (_, _, page) = clerk.get(app, &ws).await;
    let csrf = hidden_csrf(&page);
    let fields = [("csrf", csrf.as_str()), ("title", title), ("kind", "report")];
    let action = format!("{ws}/items/{number}/documents");
    let (status, _, message) = send(
        &app.state,
        multipart_to(&action, &clerk.cookie, &fields, "upload.pdf", bytes),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{title}: {message}");
}

/// Replaces the file of the paper called `title` with `bytes`, for `reason`.
async fn replace(app: &TestApp, clerk: &User, key: &str, title: &str, bytes: &[u8], reason: &str) {
    let ws = format!("/workspace/meetings/{key}");
    let (_, _, page) = clerk.get(app, &ws).await;
    let csrf = hidden_csrf(&page);
    let stored = paper(app, key, title).await;
    let version = stored.version.to_string();
    let fields = [
        ("csrf", csrf.as_str()),
        ("version", version.as_str()),
        ("reason", reason),
        ("meeting", key),
    ];
    let action = format!("/workspace/documents/{}/replace", stored.record.id);
    let (status, _, message) = send(
        &app.state,
        multipart_to(&action, &clerk.cookie, &fields, "new.pdf", bytes),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{title}: {message}");
}

/// One clerk asks and another approves whatever the meeting has to publish now.
pub(crate) async fn publish(app: &TestApp, first: &User, second: &User, key: &str) {
    let ws = format!("/workspace/meetings/{key}");
    let request = format!("{ws}/request-publication");
    let (status, _, message) = first.post_form(app, &ws, &request, &[("late_reason", "")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{message}");
    let (_, _, page) = second.get(app, &ws).await;
    let approve = format!("{ws}/approve-publication");
    let reviewed = reviewed_for(&page);
    let (status, _, message) = second.post_form(app, &ws, &approve, &[("reviewed", &reviewed)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{message}");
}

/// A meeting 30 days ahead (item 1 public with the draft "Budget monitoring report", item 2
/// exempt with "EXEMPT-PRICES schedule"), and then, through the workspace: "Budget figures"
/// uploaded to item 1 and "Prices appendix" to item 2, the agenda published, a late item
/// 2a with "Flood grant offer letter" released on a supplementary agenda, "Budget figures"
/// replaced twice and "Prices appendix" once, and "Budget monitoring report" withdrawn.
async fn scenario(app: &TestApp) -> (String, User) {
    let key = upcoming(app, 30).await;
    let first = app.signed_in("first@example.org", AccountRole::Clerk, None).await;
    let second = app.signed_in("second@example.org", AccountRole::Clerk, None).await;
    upload(app, &first, &key, "1", "Budget figures", &pdf("budget version one")).await;
    upload(app, &first, &key, "2", "Prices appendix", &pdf("prices version one")).await;
    publish(app, &first, &second, &key).await;

    let ws = format!("/workspace/meetings/{key}");
    let (status, _, message) = first
        .post_form(
            app,
            &ws,
            &format!("{ws}/late-items"),
            &[
                ("title", "Flood recovery grant"),
                ("urgency", "The grant must be accepted before the next meeting"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{message}");
    upload(app, &first, &key, "2a", "Flood grant offer letter", &pdf("the offer")).await;
    publish(app, &first, &second, &key).await;

    replace(
        app,
        &first,
        &key,
        "Budget figures",
        &pdf("budget version two"),
        "Corrected table 2",
    )
    .await;
    replace(
        app,
        &first,
        &key,
        "Budget figures",
        &pdf("budget version three"),
        "Added the March figures",
    )
    .await;
    replace(
        app,
        &first,
        &key,
        "Prices appendix",
        &pdf("prices version two"),
        "Updated prices",
    )
    .await;
    let withdrawn = paper(app, &key, "Budget monitoring report").await.record.id;
    let (status, _, message) = first
        .post_form(
            app,
            &ws,
            &format!("/workspace/documents/{withdrawn}/withdraw"),
            &[("meeting", key.as_str()), ("reason", "Published by mistake")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{message}");
    (key, first)
}

#[tokio::test]
async fn every_earlier_version_of_a_replaced_paper_is_downloadable_under_the_papers_own_rule() {
    let app = TestApp::sqlite().await.with_demo().await;
    let (key, clerk) = scenario(&app).await;
    let figures = paper(&app, &key, "Budget figures").await.record;
    let id = figures.id;
    let today = wording::long_date(jiff::Zoned::now().date());

    // The public see the current file at the paper's address and each earlier one at its own.
    let (status, _, page) = app.get(&format!("/meetings/{key}/items/1")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(&format!(
            "<ul class=\"versions\"><li><a href=\"/documents/{id}/versions/1/upload.pdf\">Version 1</a> (replaced {today}: Corrected table 2)</li><li><a href=\"/documents/{id}/versions/2/upload.pdf\">Version 2</a> (replaced {today}: Added the March figures)</li></ul>"
        )),
        "{page}"
    );
    let (_, _, meeting_page) = app.get(&format!("/meetings/{key}")).await;
    assert!(meeting_page.contains(&format!(
        "<a href=\"/documents/{id}/versions/2/upload.pdf\">Version 2</a>"
    )));
    for (path, bytes) in [
        (
            format!("/documents/{id}/versions/1/upload.pdf"),
            pdf("budget version one"),
        ),
        (
            format!("/documents/{id}/versions/2/upload.pdf"),
            pdf("budget version two"),
        ),
        (format!("/documents/{id}/upload.pdf"), pdf("budget version three")),
    ] {
        let (status, headers, body) = app.get(&path).await;
        assert_eq!((status, body.as_bytes()), (StatusCode::OK, bytes.as_slice()), "{path}");
        assert_eq!(headers.get("cache-control").unwrap(), "no-cache", "{path}");
        assert_eq!(headers.get("content-type").unwrap(), "application/pdf", "{path}");
    }
    for missing in [
        format!("/documents/{id}/versions/0/upload.pdf"),
        format!("/documents/{id}/versions/3/upload.pdf"),
        format!("/documents/{id}/versions/one/upload.pdf"),
        format!("/documents/{id}/versions/1/other.pdf"),
    ] {
        assert_eq!(app.get(&missing).await.0, StatusCode::NOT_FOUND, "{missing}");
    }

    // An exempt paper's earlier version is the members' and officers' only.
    let prices = paper(&app, &key, "Prices appendix").await.record;
    assert!(matches!(prices.visibility, Visibility::Exempt(_)));
    let old_prices = format!("/documents/{}/versions/1/upload.pdf", prices.id);
    let (status, _, body) = app.get(&old_prices).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let (status, headers, body) = clerk.get(&app, &old_prices).await;
    assert_eq!(
        (status, body.as_bytes()),
        (StatusCode::OK, pdf("prices version one").as_slice())
    );
    assert_eq!(headers.get("cache-control").unwrap(), "private, no-store");
    let (_, _, exempt_item) = app.get(&format!("/meetings/{key}/items/2")).await;
    assert!(
        exempt_item.contains("Care contract"),
        "the exempt item's title is public"
    );
    assert!(!exempt_item.contains("Prices appendix") && !exempt_item.contains(&prices.id.to_string()));

    // Withdrawn, the paper takes its earlier versions with it.
    let ws = format!("/workspace/meetings/{key}");
    let (status, _, _) = clerk
        .post_form(
            &app,
            &ws,
            &format!("/workspace/documents/{id}/withdraw"),
            &[("meeting", key.as_str()), ("reason", "Figures under review")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    for path in [
        format!("/documents/{id}/versions/1/upload.pdf"),
        format!("/documents/{id}/versions/2/upload.pdf"),
        format!("/documents/{id}/upload.pdf"),
    ] {
        assert_eq!(app.get(&path).await.0, StatusCode::NOT_FOUND, "{path}");
    }
    let (_, _, page) = app.get(&format!("/meetings/{key}/items/1")).await;
    assert!(!page.contains("versions/1"), "{page}");
}

#[tokio::test]
async fn the_publication_log_lists_what_went_public_when_and_never_an_exempt_paper() {
    let app = TestApp::sqlite().await.with_demo().await;
    let (key, _) = scenario(&app).await;
    let c = council(&*app.store).await;
    let tz = c.settings.time_zone().unwrap();
    let when = |t: jiff::Timestamp| {
        let t = t.to_zoned(tz.clone()).datetime();
        format!("{}, {}", wording::long_date(t.date()), wording::clock_time(t))
    };
    // The times the change log gave the two approvals, and those the papers record.
    let (_, m) = moot_store::lookup::meeting_by_key(&*app.store, c.id, &key)
        .await
        .unwrap()
        .unwrap();
    let logged = app
        .store
        .changes(&ChangeQuery {
            council: Some(c.id),
            kind: Some(Kind::Meeting),
            id: Some(m.id.uuid()),
            ..Default::default()
        })
        .await
        .unwrap();
    let approved = |note: &str| {
        logged
            .iter()
            .find(|e| e.note.as_deref() == Some(note))
            .unwrap_or_else(|| panic!("no {note:?}"))
            .at
    };
    let agenda = approved("agenda published: requested by first, approved by second");
    let supplementary = approved("supplementary agenda published: requested by first, approved by second");
    let figures = paper(&app, &key, "Budget figures").await.record;
    let withdrawn = paper(&app, &key, "Budget monitoring report").await.record;
    let row = |at, what: &str, details: &[&str]| {
        let list: String = details.iter().map(|d| format!("<li>{d}</li>")).collect();
        format!(
            "<tr><td>{}</td><td>{what}</td><td><ul>{list}</ul></td></tr>\n",
            when(at)
        )
    };
    let expected = [
        row(
            agenda,
            "Agenda published",
            &["Budget monitoring report", "Budget figures"],
        ),
        row(
            supplementary,
            "Supplementary agenda published",
            &["Late item 2a: Flood recovery grant", "Flood grant offer letter"],
        ),
        row(
            figures.revisions[0].at,
            "Paper replaced with a new version: Budget figures",
            &["Reason: Corrected table 2"],
        ),
        row(
            figures.revisions[1].at,
            "Paper replaced with a new version: Budget figures",
            &["Reason: Added the March figures"],
        ),
        row(
            withdrawn.withdrawn.as_ref().unwrap().at,
            "Paper withdrawn: Budget monitoring report",
            &["Reason: Published by mistake"],
        ),
    ]
    .concat();

    let log = format!("/meetings/{key}/publication-log");
    let (_, _, meeting_page) = app.get(&format!("/meetings/{key}")).await;
    assert!(meeting_page.contains(&format!("<a href=\"{log}\">Publication log</a>")));
    let (status, _, page) = app.get(&log).await;
    assert_eq!(status, StatusCode::OK);
    let body = page
        .split("<tbody>")
        .nth(1)
        .and_then(|s| s.split("</tbody>").next())
        .expect("the log's table");
    assert_eq!(body, expected);
    for secret in ["EXEMPT-PRICES", "Prices appendix", "Updated prices"] {
        assert!(!page.contains(secret), "{secret:?} is named in the public log");
    }

    // A meeting loaded already published says so rather than claiming the load's time.
    let (status, _, page) = app
        .get("/meetings/2021-06-15-improving-lives-select-commission/publication-log")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(
            "<td>Records brought into Moot, already published</td><td><ul><li>When they were first published is not recorded here.</li></ul></td>"
        ),
        "{page}"
    );
    assert!(!page.contains("EXEMPT-CANARY"));
    assert_eq!(
        app.get("/meetings/2099-01-01-nothing/publication-log").await.0,
        StatusCode::NOT_FOUND
    );
}
