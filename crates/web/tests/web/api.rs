//! The JSON API on the seed demo: the OpenAPI document is what it was (a snapshot), every
//! documented endpoint answers as its schema says, filters, paging, ETags and incremental
//! sync work, bad input is a JSON 4xx, and nothing exempt or withdrawn reaches the API or the
//! bulk export.

use std::collections::BTreeSet;
use std::io::Read;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use jiff::Timestamp;
use moot_domain::*;
use moot_store::{Filter, StoreExt};
use moot_store_conformance::fixtures::*;
use serde_json::{Value, json};

use crate::common::{
    CANARY, TestApp, council, exempt_paper_and_minute, json_answer, json_refusal, public_item_with_minute,
    public_paper, send, withdraw,
};

const ORIGIN: &str = "http://localhost";

async fn fetch(app: &TestApp, url: &str) -> Value {
    json_answer(app, url).await
}

async fn refused(app: &TestApp, path: &str) -> (StatusCode, Value) {
    json_refusal(app, path).await
}

/// Every page of a list, following `links.next`, each page checked by `check`.
async fn all_pages(app: &TestApp, first: &str, check: &dyn Fn(&Value)) -> Vec<Value> {
    let mut out = Vec::new();
    let mut next = Some(first.to_owned());
    while let Some(url) = next {
        let page = fetch(app, &url).await;
        check(&page);
        out.extend(page["data"].as_array().unwrap().iter().cloned());
        next = page["links"]["next"].as_str().map(str::to_owned);
    }
    out
}

fn snapshot_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/api/openapi.json")
}

async fn document(app: &TestApp) -> Value {
    fetch(app, "/api/openapi.json").await
}

#[tokio::test]
async fn the_openapi_document_is_its_snapshot() {
    let app = TestApp::sqlite().await.with_demo().await;
    let served = serde_json::to_string_pretty(&document(&app).await).unwrap() + "\n";
    assert!(served.contains("\"openapi\": \"3.1.0\""));
    let path = snapshot_path();
    if std::env::var("MOOT_BLESS").as_deref() == Ok("1") {
        std::fs::write(&path, &served).unwrap();
    }
    let kept = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        kept == served,
        "the OpenAPI document differs from {}: if the change is meant, run the test again with MOOT_BLESS=1 \
         and commit the file",
        path.display()
    );
}

/// A validator for the schema of an operation's answer, with the document's components so
/// that its `$ref`s resolve.
fn validator(doc: &Value, path: &str, status: &str) -> jsonschema::Validator {
    let mut schema = doc["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"].clone();
    assert!(schema.is_object(), "{path} documents no {status} schema");
    schema
        .as_object_mut()
        .unwrap()
        .insert("components".into(), doc["components"].clone());
    jsonschema::draft202012::new(&schema).unwrap()
}

fn valid(validator: &jsonschema::Validator, value: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:?}\n{value}");
}

/// A sample value for each documented filter, from the demo.
async fn sample(app: &TestApp, name: &str) -> String {
    let c = council(&*app.store).await;
    match name {
        "committee" => "improving-lives-select-commission".into(),
        "member" => app.store.find::<Member>(c.id, &Filter::all()).await.unwrap()[0]
            .record
            .slug
            .to_string(),
        "meeting" => app.store.find::<Meeting>(c.id, &Filter::all()).await.unwrap()[4]
            .record
            .id
            .to_string(),
        "from" => "2021-01-01".into(),
        "to" => "2021-12-31".into(),
        "modified_since" => "2000-01-01T00:00:00Z".into(),
        "limit" => "3".into(),
        other => panic!("no sample for {other}"),
    }
}

#[tokio::test]
async fn every_documented_endpoint_answers_as_its_schema_says() {
    let app = TestApp::sqlite().await.with_demo().await;
    let c = council(&*app.store).await;
    let (item, _) = public_item_with_minute(&app, &c).await;
    public_paper(&app, &item).await;
    // The demo's log of actions is empty: one action, so that its schema is tried too.
    let action = Action {
        id: ActionId::new(),
        council: c.id,
        committee: item.committee,
        resolution: None,
        description: "Report back on the pilot".into(),
        owner: None,
        owner_text: Some("Strategic Director of Children and Young People's Services".into()),
        due: Some(jiff::civil::date(2021, 9, 1)),
        due_meeting: None,
        status: ActionStatus::Open,
        outcome: None,
        closed: None,
    };
    app.store.create(&actor("user:clerk"), action).await.unwrap();
    let doc = document(&app).await;
    let paths: Vec<String> = doc["paths"].as_object().unwrap().keys().cloned().collect();
    let lists: Vec<&String> = paths.iter().filter(|p| !p.ends_with("{id}")).collect();
    assert_eq!(lists.len(), 13, "{lists:?}");
    let mut objects_seen = 0;
    for path in &lists {
        let list = validator(&doc, path, "200");
        if !doc["paths"][path.as_str()]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["properties"]
            ["links"]
            .is_object()
        {
            // The council and the councils: one answer each.
            valid(&list, &fetch(&app, path).await, path);
            continue;
        }
        // Every page, a few objects a page so the cursor is followed.
        let data = all_pages(&app, &format!("{path}?limit=4"), &|page| valid(&list, page, path)).await;
        assert!(!data.is_empty(), "{path} lists nothing");
        let one = format!("{path}/{{id}}");
        let object = validator(&doc, &one, "200");
        let mut ids = BTreeSet::new();
        for entry in &data {
            let id = entry["id"].as_str().unwrap();
            assert!(ids.insert(id.to_owned()), "{path} lists {id} twice");
            let at_own_address = fetch(&app, &format!("{path}/{id}")).await;
            valid(&object, &at_own_address, &one);
            assert_eq!(at_own_address["id"], entry["id"]);
            objects_seen += 1;
        }
        // Each documented parameter is accepted, and narrows the list to what it says.
        for p in doc["paths"][path.as_str()]["get"]["parameters"].as_array().unwrap() {
            let name = p["name"].as_str().unwrap();
            if name == "cursor" {
                continue;
            }
            let value = sample(&app, name).await;
            let page = fetch(&app, &format!("{path}?{name}={}", value.replace('+', "%2B"))).await;
            valid(&list, &page, &format!("{path}?{name}"));
        }
        let (status, body) = refused(&app, &format!("{path}?colour=red")).await;
        assert_eq!(
            (status, body),
            (
                StatusCode::BAD_REQUEST,
                json!({"error": "unknown parameter \"colour\""})
            )
        );
        let (status, body) = refused(&app, &format!("{path}/{}", uuid::Uuid::now_v7())).await;
        assert_eq!(
            (status, body),
            (
                StatusCode::NOT_FOUND,
                json!({"error": "There is nothing at this address."})
            )
        );
    }
    assert!(objects_seen > 250, "{objects_seen} objects");
}

#[tokio::test]
async fn filters_paging_etags_and_bad_input() {
    let app = TestApp::sqlite().await.with_demo().await;
    // The demo's 15 June 2021 meeting, by committee slug and date range.
    let june = fetch(
        &app,
        "/api/v1/meetings?committee=improving-lives-select-commission&from=2021-06-15&to=2021-06-15",
    )
    .await;
    let data = june["data"].as_array().unwrap();
    assert_eq!(data.len(), 1);
    assert_eq!(data[0]["starts_at"], json!("2021-06-15T10:00:00+01:00"));
    let id = data[0]["id"].as_str().unwrap();
    let meeting = fetch(&app, &format!("/api/v1/meetings/{id}")).await;
    assert_eq!(
        meeting["web"],
        json!(format!(
            "{ORIGIN}/meetings/2021-06-15-improving-lives-select-commission"
        ))
    );
    let items = meeting["items"].as_array().unwrap();
    let exempt: Vec<&Value> = items.iter().filter(|i| i["exempt"] == json!(true)).collect();
    assert_eq!(exempt.len(), 1);
    assert_eq!(exempt[0]["title"], json!("Rotherham Pause Practice - Impact Report"));
    assert_eq!(exempt[0]["schedule_12a_paragraph"], json!(1));
    let items_of_meeting = all_pages(&app, &format!("/api/v1/items?meeting={id}"), &|_| {}).await;
    assert_eq!(items_of_meeting.len(), items.len());

    // Another committee's meetings are not the select commission's.
    let all = all_pages(&app, "/api/v1/meetings", &|_| {}).await;
    let of_commission = all_pages(
        &app,
        "/api/v1/meetings?committee=improving-lives-select-commission",
        &|_| {},
    )
    .await;
    assert_eq!(
        all.len(),
        of_commission.len(),
        "the demo's meetings are all the commission's"
    );
    let other = all_pages(&app, "/api/v1/committees", &|_| {}).await;
    let other = other
        .iter()
        .find(|c| c["slug"] != json!("improving-lives-select-commission"))
        .unwrap();
    let none = fetch(
        &app,
        &format!("/api/v1/meetings?committee={}", other["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(none["data"], json!([]));
    assert_eq!(none["links"]["next"], Value::Null);

    // Paging: a filtered list fills its pages, and a page's cursor is bound to its filters.
    let page = fetch(
        &app,
        "/api/v1/items?committee=improving-lives-select-commission&limit=10",
    )
    .await;
    assert_eq!(page["data"].as_array().unwrap().len(), 10);
    let next = page["links"]["next"].as_str().unwrap();
    let cursor = next.split("cursor=").nth(1).unwrap();
    let (status, body) = refused(&app, &format!("/api/v1/items?cursor={cursor}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!({"error": "the cursor is not one this server gave for this list and its filters; start again from the first page"})
    );
    let oparl_cursor = fetch(&app, "/oparl/v1/agenda-items?limit=10").await["links"]["next"]
        .as_str()
        .unwrap()
        .split("cursor=")
        .nth(1)
        .unwrap()
        .to_owned();
    let (status, _) = refused(&app, &format!("/api/v1/items?limit=10&cursor={oparl_cursor}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "an OParl cursor is not the API's");

    // Conditional GET: the ETag names the answer; the same answer is 304 with no body.
    let (_, headers, body) = app.get(&format!("/api/v1/meetings/{id}")).await;
    let tag = headers.get("etag").unwrap().to_str().unwrap().to_owned();
    let conditional = |tag: String| {
        Request::get(format!("/api/v1/meetings/{id}"))
            .header("if-none-match", tag)
            .body(Body::empty())
            .unwrap()
    };
    let (status, headers, empty) = send(&app.state, conditional(tag.clone())).await;
    assert_eq!((status, empty.as_str()), (StatusCode::NOT_MODIFIED, ""));
    assert_eq!(headers.get("etag").unwrap().to_str().unwrap(), tag);
    let (status, _, again) = send(&app.state, conditional("\"something-else\"".into())).await;
    assert_eq!((status, again), (StatusCode::OK, body));
    // A CORS preflight for a script's conditional GET.
    let preflight = Request::options("/api/v1/meetings")
        .header("origin", "https://example.org")
        .header("access-control-request-method", "GET")
        .header("access-control-request-headers", "if-none-match")
        .body(Body::empty())
        .unwrap();
    let (status, headers, _) = send(&app.state, preflight).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(headers.get("access-control-allow-headers").unwrap(), "If-None-Match");

    // Bad input: the right 4xx, in JSON, saying which part.
    for (path, status, error) in [
        (
            "/api/v1/meetings?modified_since=yesterday",
            StatusCode::BAD_REQUEST,
            "modified_since must be a date and time with its offset, as 2014-01-01T00:00:00+01:00",
        ),
        (
            "/api/v1/meetings?from=15/06/2021",
            StatusCode::BAD_REQUEST,
            "from must be a date as 2021-06-15; \"15/06/2021\" is not",
        ),
        (
            "/api/v1/meetings?committee=no-such",
            StatusCode::BAD_REQUEST,
            "committee must be a committee's id or slug; \"no-such\" is not",
        ),
        (
            "/api/v1/meetings?limit=0",
            StatusCode::BAD_REQUEST,
            "limit must be a whole number from 1 to 1000",
        ),
        (
            "/api/v1/meetings?limit=5&limit=6",
            StatusCode::BAD_REQUEST,
            "the parameter limit is given twice",
        ),
        (
            "/api/v1/items?from=2021-01-01",
            StatusCode::BAD_REQUEST,
            "unknown parameter \"from\"",
        ),
        (
            "/api/v1/meetings?cursor=1.0.99999.00",
            StatusCode::BAD_REQUEST,
            "the cursor is not one this server gave for this list and its filters; start again from the first page",
        ),
        (
            "/api/v1/meetings/not-an-id",
            StatusCode::NOT_FOUND,
            "There is nothing at this address.",
        ),
        (
            "/api/v1/hearings",
            StatusCode::NOT_FOUND,
            "There is nothing at this address.",
        ),
    ] {
        assert_eq!(refused(&app, path).await, (status, json!({ "error": error })), "{path}");
    }
}

/// Every object the API lists, every list read to its end, and every meeting and item at
/// its own address, as one text.
async fn everything_served(app: &TestApp) -> String {
    let doc = document(app).await;
    let mut out = String::new();
    for path in doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .filter(|p| !p.ends_with("{id}"))
    {
        let answer = fetch(app, path).await;
        if answer["links"].is_object() {
            for entry in all_pages(app, path, &|_| {}).await {
                out.push_str(&entry.to_string());
                if path.ends_with("/meetings") || path.ends_with("/items") {
                    let one = fetch(app, &format!("{path}/{}", entry["id"].as_str().unwrap())).await;
                    out.push_str(&one.to_string());
                }
            }
        } else {
            out.push_str(&answer.to_string());
        }
    }
    out
}

/// The bulk export as the portal offers it: every file of its zip, by name.
async fn exported(app: &TestApp) -> std::collections::BTreeMap<String, String> {
    let request = Request::get("/open-data.zip").body(Body::empty()).unwrap();
    let response = tower::ServiceExt::oneshot(moot_web::router(app.state.clone()), request)
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers().get("content-type").unwrap(), "application/zip");
    assert_eq!(
        response.headers().get("content-disposition").unwrap(),
        "attachment; filename=\"rotherham-open-data.zip\""
    );
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 26).await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut files = std::collections::BTreeMap::new();
    for n in 0..zip.len() {
        let mut file = zip.by_index(n).unwrap();
        let mut text = String::new();
        file.read_to_string(&mut text).unwrap();
        files.insert(file.name().unwrap().into_owned(), text);
    }
    files
}

#[tokio::test]
async fn nothing_exempt_or_withdrawn_reaches_the_api_or_the_export() {
    let app = TestApp::sqlite().await.with_demo().await;
    let c = council(&*app.store).await;
    let (item, version) = public_item_with_minute(&app, &c).await;
    let public = public_paper(&app, &item).await;
    let (marker, exempt) = exempt_paper_and_minute(&app, &item, version).await;

    let served = everything_served(&app).await;
    let files = exported(&app).await;
    let zipped: String = files.values().cloned().collect();
    for (surface, text) in [("the API", &served), ("the export", &zipped)] {
        assert!(!text.contains(&marker), "a marker reached {surface}");
        assert!(!text.contains(CANARY), "the demo's exempt appendix reached {surface}");
        assert!(
            !text.contains(&exempt.id.to_string()),
            "the exempt paper is on {surface}"
        );
        assert!(
            text.contains(&public.id.to_string()),
            "the public paper is missing from {surface}"
        );
        // The item stays, but its minute (now exempt) and resolutions do not.
        assert!(text.contains(&item.id.to_string()), "{surface}");
    }
    let at_its_address = fetch(&app, &format!("/api/v1/items/{}", item.id)).await;
    assert_eq!(at_its_address["minute"], Value::Null);
    assert_eq!(at_its_address["resolutions"], json!([]));
    assert_eq!(
        refused(&app, &format!("/api/v1/documents/{}", exempt.id)).await,
        (
            StatusCode::NOT_FOUND,
            json!({"error": "There is nothing at this address."})
        )
    );

    // The export holds every public document, the same in JSON and CSV, and no accounts.
    let documents: Vec<Value> = serde_json::from_str(&files["documents.json"]).unwrap();
    let listed = all_pages(&app, "/api/v1/documents", &|_| {}).await;
    assert_eq!(documents.len(), listed.len());
    assert_eq!(files["documents.csv"].lines().count(), listed.len() + 1);
    let manifest: Value = serde_json::from_str(&files["manifest.json"]).unwrap();
    assert_eq!(manifest["council"], json!("rotherham"));
    assert!(
        files
            .keys()
            .all(|name| !name.contains("account") && !name.contains("session"))
    );
    assert!(!zipped.contains("argon2"), "a password hash in the export");

    // The public paper is withdrawn: gone from its address, the lists and the export; a
    // tombstone for a client polling since before.
    let since = withdraw(&app, c.id, public.id).await;
    assert_eq!(
        refused(&app, &format!("/api/v1/documents/{}", public.id)).await.0,
        StatusCode::NOT_FOUND
    );
    let served = everything_served(&app).await;
    let zipped: String = exported(&app).await.into_values().collect();
    for (surface, text) in [("the API", &served), ("the export", &zipped)] {
        assert!(
            !text.contains(&public.id.to_string()),
            "the withdrawn paper is still on {surface}"
        );
    }
    let since = since.to_string().replace('+', "%2B");
    let changed = all_pages(&app, &format!("/api/v1/documents?modified_since={since}"), &|_| {}).await;
    assert_eq!(changed.len(), 1, "{changed:?}");
    let keys: BTreeSet<&str> = changed[0].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, BTreeSet::from(["deleted", "id", "modified"]));
    assert_eq!(changed[0]["id"], json!(public.id.to_string()));
    assert_eq!(changed[0]["deleted"], json!(true));
}

#[tokio::test]
async fn modified_since_returns_exactly_what_changed() {
    let app = TestApp::sqlite().await.with_demo().await;
    let c = council(&*app.store).await;
    let since = Timestamp::now();
    let query = format!("modified_since={}", since.to_string().replace('+', "%2B"));
    for list in [
        "committees",
        "meetings",
        "items",
        "documents",
        "attendance",
        "memberships",
    ] {
        assert_eq!(
            all_pages(&app, &format!("/api/v1/{list}?{query}"), &|_| {}).await,
            Vec::<Value>::new()
        );
    }
    let attendance = app
        .store
        .find::<Attendance>(c.id, &Filter::all())
        .await
        .unwrap()
        .remove(0);
    let mut changed = attendance.record.clone();
    changed.remote = !changed.remote;
    app.store
        .update(&actor("user:clerk"), changed, attendance.version)
        .await
        .unwrap();
    let listed = all_pages(&app, &format!("/api/v1/attendance?{query}"), &|_| {}).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["id"], json!(attendance.record.id.to_string()));
    assert_eq!(listed[0]["remote"], json!(!attendance.record.remote));
    assert_eq!(
        listed[0],
        fetch(&app, &format!("/api/v1/attendance/{}", attendance.record.id)).await
    );
    for list in ["committees", "meetings", "items", "documents", "memberships"] {
        assert_eq!(
            all_pages(&app, &format!("/api/v1/{list}?{query}"), &|_| {}).await,
            Vec::<Value>::new(),
            "{list}"
        );
    }
}

#[tokio::test]
async fn the_api_page_lists_every_endpoint_and_links_the_download() {
    let app = TestApp::sqlite().await.with_demo().await;
    let (status, _, page) = app.get("/api").await;
    assert_eq!(status, StatusCode::OK);
    let doc = document(&app).await;
    for path in doc["paths"].as_object().unwrap().keys() {
        assert!(
            page.contains(&format!("<code>GET {}</code>", path)),
            "{path} is not on the page"
        );
    }
    assert!(page.contains("<a href=\"/api/openapi.json\">OpenAPI 3.1 document</a>"));
    assert!(page.contains("<a href=\"/open-data.zip\">"));
    let (_, _, home) = app.get("/").await;
    assert!(home.contains("<a href=\"/api\">Open data</a>"));
}

#[tokio::test]
async fn a_filtered_walk_during_writes_shows_each_item_once_and_the_next_poll_gets_what_changed() {
    let app = TestApp::sqlite().await.with_demo().await;
    let c = council(&*app.store).await;
    let items = app.store.find::<AgendaItem>(c.id, &Filter::all()).await.unwrap();
    let began = Timestamp::now();
    let mut seen: Vec<String> = Vec::new();
    let mut changed = BTreeSet::new();
    let mut next = Some("/api/v1/items?committee=improving-lives-select-commission&limit=7".to_owned());
    let mut pages = 0;
    while let Some(url) = next {
        let page = fetch(&app, &url).await;
        seen.extend(
            page["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].as_str().unwrap().to_owned()),
        );
        next = page["links"]["next"].as_str().map(str::to_owned);
        // Between pages, an item already seen and one not yet seen change.
        for s in [
            items.get(pages),
            items.len().checked_sub(1 + pages).and_then(|i| items.get(i)),
        ]
        .into_iter()
        .flatten()
        {
            let current = app.store.fetch::<AgendaItem>(c.id, s.record.id).await.unwrap();
            let mut item = current.record.clone();
            item.description = Some(format!("Changed during page {pages}"));
            app.store
                .update(&actor("user:clerk"), item, current.version)
                .await
                .unwrap();
            changed.insert(s.record.id.to_string());
        }
        pages += 1;
    }
    assert!(pages > 3, "the walk took several pages");
    let unique: BTreeSet<String> = seen.iter().cloned().collect();
    assert_eq!(unique.len(), seen.len(), "an item was shown twice");
    let readable = all_pages(&app, "/api/v1/items?limit=1000", &|_| {}).await;
    let all: BTreeSet<String> = readable.iter().map(|i| i["id"].as_str().unwrap().to_owned()).collect();
    assert_eq!(unique, all, "the walk missed an item");
    let since = began.to_string().replace('+', "%2B");
    let poll: BTreeSet<String> = all_pages(&app, &format!("/api/v1/items?modified_since={since}&limit=3"), &|_| {})
        .await
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(poll, changed.intersection(&all).cloned().collect());
}
