//! Several councils on one installation, and several nodes over one database: on SQLite and
//! on PostgreSQL.

use crate::common;

use axum::http::StatusCode;
use jiff::civil::date;
use moot_domain::{AccountRole, AgendaItem, Council, Meeting, MeetingStatus};
use moot_store::{Filter, StoreExt, typed};
use moot_store_conformance::fixtures::*;

use crate::common::TestApp;

const ILSC_JUNE: &str = "/meetings/2021-06-15-improving-lives-select-commission";

/// The demo council plus Sheffield, with a committee of the same slug meeting on the same day.
async fn two_councils(app: TestApp) -> TestApp {
    let app = app.with_demo().await;
    let who = actor("cli");
    let mut sheffield = council("sheffield");
    sheffield.name = "Sheffield City Council".into();
    sheffield.settings.hosts = vec!["democracy.sheffield.gov.uk".into()];
    let sheffield = app.store.create(&who, sheffield).await.expect("council").record;
    let mut com = committee(sheffield.id, "improving-lives-select-commission");
    com.name = "Sheffield Lives Committee".into();
    let com = app.store.create(&who, com).await.expect("committee").record;
    let m = app
        .store
        .create(
            &who,
            Meeting {
                status: MeetingStatus::AgendaPublished,
                ..meeting(&com, date(2021, 6, 15).at(14, 0, 0, 0))
            },
        )
        .await
        .expect("meeting")
        .record;
    app.store
        .create(&who, item(&m, "1", "Sheffield Libraries Review"))
        .await
        .expect("item");
    app
}

async fn check_councils_never_mix(app: TestApp) {
    let app = two_councils(app).await;

    let (status, _, directory) = app.get("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        directory.contains("<a href=\"/c/rotherham/\">Rotherham Metropolitan Borough Council</a>"),
        "{directory}"
    );
    assert!(
        directory.contains("<a href=\"/c/sheffield/\">Sheffield City Council</a>"),
        "{directory}"
    );
    assert_eq!(
        app.get(ILSC_JUNE).await.0,
        StatusCode::NOT_FOUND,
        "no council chosen, no meeting page"
    );

    let (_, _, sheffield_home) = app.get("/c/sheffield/").await;
    assert!(
        sheffield_home.contains("Sheffield Lives Committee, Tuesday 15 June 2021, 2.00 pm"),
        "{sheffield_home}"
    );
    assert!(sheffield_home.contains("/c/sheffield/meetings/2021-06-15-improving-lives-select-commission"));
    assert!(!sheffield_home.contains("Rotherham") && !sheffield_home.contains("Improving Lives Select Commission"));

    let (status, _, rotherham) = app.get(&format!("/c/rotherham{ILSC_JUNE}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(rotherham.contains("Rotherham Pause Practice") && !rotherham.contains("Sheffield Libraries Review"));
    let (status, _, sheffield) = app.get(&format!("/c/sheffield{ILSC_JUNE}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(sheffield.contains("Sheffield Libraries Review") && !sheffield.contains("Pause"));

    let (status, by_host) = app.get_on_host("democracy.sheffield.gov.uk:443", "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(by_host.contains("<h1>Sheffield City Council</h1>"), "{by_host}");
    let (status, by_host) = app.get_on_host("democracy.sheffield.gov.uk", ILSC_JUNE).await;
    assert_eq!(status, StatusCode::OK);
    assert!(by_host.contains("Sheffield Libraries Review"));

    assert_eq!(app.get("/c/nowhere/").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn councils_never_mix_on_sqlite() {
    check_councils_never_mix(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn councils_never_mix_on_postgres() {
    let Some(app) = TestApp::postgres().await else { return };
    check_councils_never_mix(app).await;
}

/// A host name is one council's address: Rotherham's administrator cannot take Sheffield's,
/// whatever its letters' case, is told which name is taken, nothing is saved, and Sheffield's
/// host still serves Sheffield.
async fn check_a_council_cannot_take_anothers_host(app: TestApp) {
    let app = two_councils(app).await;
    let rotherham = common::council(&*app.store).await;
    assert_eq!(rotherham.slug.as_str(), "rotherham");
    common::account(&app, "admin@example.org", AccountRole::Admin, None).await;
    let admin = common::session_at(&app, "/c/rotherham", "admin@example.org").await;
    let (_, _, page) = common::send(&app.state, common::get("/c/rotherham/workspace/setup", &admin)).await;
    let csrf = common::hidden_csrf(&page);
    let version = common::version_for(&page, "/admin/settings");
    let before = app.store.fetch(rotherham.id, rotherham.id).await.expect("rotherham");
    let settings = |hosts: &str| {
        let body = format!(
            "csrf={csrf}&version={version}&region={}&hosts={}",
            rotherham.settings.calendar.region.code(),
            common::encode(hosts)
        );
        common::form("/c/rotherham/admin/settings", &admin, &body)
    };

    let (status, _, page) = common::send(
        &app.state,
        settings("democracy.rotherham.example, DEMOCRACY.Sheffield.gov.uk"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(
        page.contains(
            "<h1>That could not be saved</h1>\n<p>democracy.sheffield.gov.uk is already the address of another council&#39;s site</p>"
        ),
        "{page}"
    );
    let after = app.store.fetch(rotherham.id, rotherham.id).await.expect("rotherham");
    assert_eq!((after.version, after.record), (before.version, before.record));
    let (status, home) = app.get_on_host("democracy.sheffield.gov.uk", "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(home.contains("<h1>Sheffield City Council</h1>"), "{home}");

    let (status, _, page) = common::send(&app.state, settings("democracy.rotherham.example")).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let (_, home) = app.get_on_host("democracy.rotherham.example", "/").await;
    assert!(
        home.contains("<h1>Rotherham Metropolitan Borough Council</h1>"),
        "{home}"
    );
}

#[tokio::test]
async fn a_council_cannot_take_anothers_host_on_sqlite() {
    check_a_council_cannot_take_anothers_host(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn a_council_cannot_take_anothers_host_on_postgres() {
    let Some(app) = TestApp::postgres().await else { return };
    check_a_council_cannot_take_anothers_host(app).await;
}

/// Two nodes with their own page caches over one database: a change made through either is
/// served by both at once, because each follows the change log before answering.
async fn check_nodes_follow_the_change_log(app: TestApp) {
    let app = app.with_demo().await;
    let node_b = app.second_node();
    for node in [&app.state, &node_b] {
        let (_, _, page) = common::get_from(node, None, ILSC_JUNE).await;
        assert!(page.contains("Rotherham Pause Practice - Impact Report"));
    }
    let c: Council = typed(app.store.councils().await.expect("councils").remove(0))
        .expect("council")
        .record;
    let meetings = app.store.find::<Meeting>(c.id, &Filter::all()).await.expect("meetings");
    let june = meetings
        .iter()
        .find(|m| m.record.starts_at.date() == date(2021, 6, 15))
        .expect("june");
    let items = app
        .store
        .find::<AgendaItem>(c.id, &Filter::eq("meeting_id", june.record.id))
        .await
        .expect("items");
    let pause = items
        .iter()
        .find(|i| i.record.number.to_string() == "7")
        .expect("item 7");
    let mut renamed = pause.record.clone();
    renamed.title = "Rotherham Pause Practice - Impact Report (revised)".into();
    app.store
        .update(&actor("user:clerk-1"), renamed, pause.version)
        .await
        .expect("write");
    for node in [&app.state, &node_b] {
        let (_, _, page) = common::get_from(node, None, ILSC_JUNE).await;
        assert!(page.contains("Impact Report (revised)"), "a node served a stale page");
    }
}

#[tokio::test]
async fn nodes_follow_the_change_log_on_sqlite() {
    check_nodes_follow_the_change_log(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn nodes_follow_the_change_log_on_postgres() {
    let Some(app) = TestApp::postgres().await else { return };
    check_nodes_follow_the_change_log(app).await;
}
