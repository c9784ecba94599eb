//! OParl 1.1 on the seed demo: every object validates against the official schemas, a walk
//! from the System following only links reaches every public meeting, item and file and
//! nothing else, incremental sync is exact while records change, and bad input is a JSON 4xx.

use std::collections::{BTreeSet, HashMap};

use axum::http::StatusCode;
use jiff::Timestamp;
use moot_app::Reader;
use moot_domain::*;
use moot_store::{Filter, StoreExt, typed};
use moot_store_conformance::fixtures::*;
use serde_json::{Value, json};

use crate::common::{
    TestApp, exempt_paper_and_minute, json_answer, json_refusal, public_item_with_minute, public_paper, withdraw,
};

const ORIGIN: &str = "http://localhost";

async fn fetch(app: &TestApp, url: &str) -> Value {
    json_answer(app, url).await
}

async fn refused(app: &TestApp, path: &str) -> (StatusCode, Value) {
    json_refusal(app, path).await
}

/// Every page of a list, following `next`.
async fn all_pages(app: &TestApp, first: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut next = Some(first.to_owned());
    while let Some(url) = next {
        let page = fetch(app, &url).await;
        out.extend(page["data"].as_array().unwrap().iter().cloned());
        next = page["links"]["next"].as_str().map(str::to_owned);
    }
    out
}

fn kind(object: &Value) -> &str {
    object["type"]
        .as_str()
        .unwrap()
        .strip_prefix("https://schema.oparl.org/1.1/")
        .unwrap()
}

/// Every object reachable from the System by links alone, by id, each also fetched at its
/// own address (which must give the same object), with every embedded object.
async fn walk(app: &TestApp) -> HashMap<String, Value> {
    let system = fetch(app, "/oparl/v1/system").await;
    let mut objects = HashMap::new();
    for body in all_pages(app, system["body"].as_str().unwrap()).await {
        let lists = [
            "organization",
            "person",
            "meeting",
            "paper",
            "agendaItem",
            "consultation",
            "file",
            "locationList",
            "legislativeTermList",
            "membership",
        ];
        for list in lists {
            for object in all_pages(app, body[list].as_str().unwrap()).await {
                let id = object["id"].as_str().unwrap().to_owned();
                assert_eq!(fetch(app, &id).await, object, "{id} at its own address");
                gather(&object, &mut objects);
            }
        }
        gather(&body, &mut objects);
    }
    objects
}

/// `object` and every object embedded in it.
fn gather(object: &Value, into: &mut HashMap<String, Value>) {
    if let Some(id) = object.get("id").and_then(Value::as_str)
        && object.get("type").is_some()
    {
        into.entry(id.to_owned()).or_insert_with(|| object.clone());
    }
    for value in object.as_object().unwrap().values() {
        match value {
            Value::Object(_) => gather(value, into),
            Value::Array(items) => items.iter().filter(|v| v.is_object()).for_each(|v| gather(v, into)),
            _ => {}
        }
    }
}

/// The official schema of each type, its `"schema": "X.json"` references inlined (they are
/// not JSON Schema's own), as Draft 4 validators.
fn validators(dir: &std::path::Path) -> HashMap<String, jsonschema::Validator> {
    let read =
        |name: &str| -> Value { serde_json::from_str(&std::fs::read_to_string(dir.join(name)).unwrap()).unwrap() };
    fn inline(schema: &mut Value, read: &dyn Fn(&str) -> Value) {
        if let Some(map) = schema.as_object_mut() {
            if let Some(Value::String(name)) = map.get("schema").cloned()
                && name.ends_with(".json")
            {
                map.remove("schema");
                let mut referenced = read(&name);
                inline(&mut referenced, read);
                for (k, v) in referenced.as_object().unwrap() {
                    if k != "title" && k != "description" {
                        map.insert(k.clone(), v.clone());
                    }
                }
            }
            for v in map.values_mut() {
                inline(v, read);
            }
        } else if let Some(items) = schema.as_array_mut() {
            items.iter_mut().for_each(|v| inline(v, read));
        }
    }
    [
        "System",
        "Body",
        "LegislativeTerm",
        "Organization",
        "Person",
        "Membership",
        "Meeting",
        "AgendaItem",
        "Paper",
        "Consultation",
        "File",
        "Location",
    ]
    .into_iter()
    .map(|t| {
        let mut schema = read(&format!("{t}.json"));
        inline(&mut schema, &read);
        (t.to_owned(), jsonschema::draft4::new(&schema).unwrap())
    })
    .collect()
}

async fn demo_council(app: &TestApp) -> Council {
    typed(app.store.councils().await.unwrap().remove(0)).unwrap().record
}

/// What the public pages show of the demo: every meeting, every item the anonymous reader
/// may read, every file of a paper it may see on them.
async fn public_records(app: &TestApp) -> (BTreeSet<String>, BTreeSet<String>, BTreeSet<String>) {
    let council = demo_council(app).await;
    let reader = Reader::anonymous(&*app.store, &council).unwrap();
    let url = |object: &str, id: &dyn std::fmt::Display| format!("{ORIGIN}/oparl/v1/{object}/{id}");
    let (mut meetings, mut items, mut files) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    for m in app.store.find::<Meeting>(council.id, &Filter::all()).await.unwrap() {
        let m = m.record;
        meetings.insert(url("meeting", &m.id));
        let readable: Vec<AgendaItem> = app
            .store
            .find::<AgendaItem>(council.id, &Filter::eq("meeting_id", m.id))
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.record)
            .filter(|i| reader.may_read_item(&m, i))
            .collect();
        items.extend(readable.iter().map(|i| url("agenda-item", &i.id)));
        for d in reader.documents(m.committee, m.id).await.unwrap() {
            if d.file.is_some() && d.item.is_none_or(|i| readable.iter().any(|r| r.id == i)) {
                files.insert(url("file", &d.id));
            }
        }
    }
    (meetings, items, files)
}

fn ids_of(objects: &HashMap<String, Value>, t: &str) -> BTreeSet<String> {
    objects
        .iter()
        .filter(|(_, o)| kind(o) == t && o.get("deleted").is_none())
        .map(|(id, _)| id.clone())
        .collect()
}

#[tokio::test]
async fn a_walk_from_the_system_reaches_every_public_record_of_the_demo_and_every_object_validates() {
    let app = TestApp::sqlite().await.with_demo().await;
    let council = demo_council(&app).await;
    let (item, _) = public_item_with_minute(&app, &council).await;
    public_paper(&app, &item).await;
    let objects = walk(&app).await;
    let (meetings, items, files) = public_records(&app).await;
    assert!(!meetings.is_empty() && !items.is_empty() && !files.is_empty());
    assert_eq!(ids_of(&objects, "Meeting"), meetings);
    assert_eq!(ids_of(&objects, "AgendaItem"), items);
    assert_eq!(ids_of(&objects, "File"), files);
    let kinds: BTreeSet<&str> = objects.values().map(kind).collect();
    assert_eq!(
        kinds,
        BTreeSet::from([
            "AgendaItem",
            "Body",
            "Consultation",
            "File",
            "LegislativeTerm",
            "Location",
            "Meeting",
            "Membership",
            "Organization",
            "Paper",
            "Person",
        ])
    );
    // The demo's item 7 is exempt under paragraph 1: named, with its paragraph.
    let exempt: Vec<&Value> = objects.values().filter(|o| o["public"] == json!(false)).collect();
    assert_eq!(exempt.len(), 1);
    assert_eq!(exempt[0]["name"], json!("Rotherham Pause Practice - Impact Report"));
    assert_eq!(exempt[0]["moot:schedule12aParagraph"], json!(1));
    let Some(shared) = shared_data() else { return };
    let validators = validators(&shared.join("oparl/schema"));
    let system = fetch(&app, "/oparl/v1/system").await;
    for object in objects.values().chain([&system]) {
        let errors: Vec<String> = validators[kind(object)]
            .iter_errors(object)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", object["id"]);
    }
}

#[tokio::test]
async fn a_fresh_exempt_paper_and_minute_never_appear_and_a_withdrawn_paper_becomes_a_tombstone() {
    let app = TestApp::sqlite().await.with_demo().await;
    let council = demo_council(&app).await;
    let (item, version) = public_item_with_minute(&app, &council).await;
    let public = public_paper(&app, &item).await;
    let (marker, paper) = exempt_paper_and_minute(&app, &item, version).await;

    let objects = walk(&app).await;
    let everything = serde_json::to_string(&objects).unwrap();
    assert!(!everything.contains(&marker), "a marker reached OParl");
    assert!(
        !everything.contains(&paper.id.to_string()),
        "the exempt paper is listed"
    );
    let item_url = format!("{ORIGIN}/oparl/v1/agenda-item/{}", item.id);
    assert!(objects[&item_url].get("resolutionText").is_none());
    let (status, body) = refused(&app, &format!("/oparl/v1/paper/{}", paper.id)).await;
    assert_eq!(
        (status, body),
        (
            StatusCode::NOT_FOUND,
            json!({"error": "There is nothing at this address."})
        )
    );

    // A public paper is withdrawn: gone from its address and from the lists, and a
    // tombstone to a client polling since before.
    let id = public.id.uuid();
    assert!(ids_of(&objects, "File").contains(&format!("{ORIGIN}/oparl/v1/file/{id}")));
    let since = withdraw(&app, council.id, DocumentId::from_uuid(id)).await;
    let (status, _) = refused(&app, &format!("/oparl/v1/file/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let papers = all_pages(&app, "/oparl/v1/papers").await;
    assert!(
        papers
            .iter()
            .all(|p| p["id"] != json!(format!("{ORIGIN}/oparl/v1/paper/{id}")))
    );
    let since = since.to_string().replace('+', "%2B");
    let changed = all_pages(&app, &format!("/oparl/v1/papers?modified_since={since}")).await;
    assert_eq!(changed.len(), 1, "{changed:?}");
    let tombstone = changed[0].as_object().unwrap();
    let keys: BTreeSet<&str> = tombstone.keys().map(String::as_str).collect();
    assert_eq!(keys, BTreeSet::from(["created", "deleted", "id", "modified", "type"]));
    assert_eq!(tombstone["id"], json!(format!("{ORIGIN}/oparl/v1/paper/{id}")));
    assert_eq!(tombstone["type"], json!("https://schema.oparl.org/1.1/Paper"));
    assert_eq!(tombstone["deleted"], json!(true));
    // Without modified_since a list never carries tombstones.
    assert!(papers.iter().all(|p| p.get("deleted").is_none()));
}

#[tokio::test]
async fn modified_since_returns_exactly_what_a_clerk_changed_and_a_tombstone_after_a_deletion() {
    let app = TestApp::sqlite().await.with_demo().await;
    let council = demo_council(&app).await;
    let since = Timestamp::now();
    let query = |t: Timestamp| format!("modified_since={}", t.to_string().replace('+', "%2B"));
    assert_eq!(
        all_pages(&app, &format!("/oparl/v1/organizations?{}", query(since))).await,
        Vec::<Value>::new()
    );

    let committee = app
        .store
        .find::<Committee>(council.id, &Filter::all())
        .await
        .unwrap()
        .remove(0);
    let mut renamed = committee.record.clone();
    renamed.name = "Renamed Commission".into();
    app.store
        .update(&actor("user:clerk"), renamed, committee.version)
        .await
        .unwrap();
    let changed = all_pages(&app, &format!("/oparl/v1/organizations?{}", query(since))).await;
    let url = format!("{ORIGIN}/oparl/v1/organization/{}", committee.record.id);
    assert_eq!(changed, vec![fetch(&app, &url).await]);
    assert_eq!(changed[0]["name"], json!("Renamed Commission"));
    for list in ["meetings", "people", "papers", "memberships", "agenda-items"] {
        let other = all_pages(&app, &format!("/oparl/v1/{list}?{}", query(since))).await;
        assert_eq!(other, Vec::<Value>::new(), "{list}");
    }

    let later = Timestamp::now();
    let seat = app
        .store
        .find::<Membership>(council.id, &Filter::all())
        .await
        .unwrap()
        .remove(0);
    app.store
        .delete(&actor("user:clerk"), council.id, seat.record.id, seat.version)
        .await
        .unwrap();
    let seat_url = format!("{ORIGIN}/oparl/v1/membership/{}", seat.record.id);
    let gone = all_pages(&app, &format!("/oparl/v1/memberships?{}", query(later))).await;
    assert_eq!(gone.len(), 1);
    assert_eq!(gone[0]["id"], json!(seat_url));
    assert_eq!(gone[0]["deleted"], json!(true));
    let (status, _) = refused(&app, seat_url.strip_prefix(ORIGIN).unwrap()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let all = all_pages(&app, "/oparl/v1/memberships").await;
    assert!(all.iter().all(|m| m["id"] != json!(seat_url)));
}

#[tokio::test]
async fn paging_while_records_change_shows_each_once_and_the_next_poll_gets_what_changed() {
    let app = TestApp::sqlite().await.with_demo().await;
    let council = demo_council(&app).await;
    let meetings = app.store.find::<Meeting>(council.id, &Filter::all()).await.unwrap();
    assert!(meetings.len() > 2);
    let began = Timestamp::now();
    let mut seen: Vec<String> = Vec::new();
    let mut next = Some("/oparl/v1/meetings?limit=1&omit_internal=true".to_owned());
    let mut changed = BTreeSet::new();
    let mut pages = 0;
    while let Some(url) = next {
        let page = fetch(&app, &url).await;
        seen.extend(
            page["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["id"].as_str().unwrap().to_owned()),
        );
        next = page["links"]["next"].as_str().map(str::to_owned);
        // Between pages, a meeting already seen and one not yet seen change.
        for s in [
            meetings.get(pages),
            meetings.len().checked_sub(1 + pages).and_then(|i| meetings.get(i)),
        ]
        .into_iter()
        .flatten()
        {
            let current = app.store.fetch::<Meeting>(council.id, s.record.id).await.unwrap();
            let mut m = current.record.clone();
            m.webcast_url = Some(format!("https://example.org/webcast/{pages}"));
            app.store
                .update(&actor("user:clerk"), m, current.version)
                .await
                .unwrap();
            changed.insert(format!("{ORIGIN}/oparl/v1/meeting/{}", s.record.id));
        }
        pages += 1;
    }
    assert!(pages > 2, "the walk took several pages");
    assert!(!changed.is_empty());
    let unique: BTreeSet<String> = seen.iter().cloned().collect();
    assert_eq!(unique.len(), seen.len(), "a meeting was shown twice: {seen:?}");
    let all: BTreeSet<String> = meetings
        .iter()
        .map(|s| format!("{ORIGIN}/oparl/v1/meeting/{}", s.record.id))
        .collect();
    assert_eq!(unique, all);
    let since = began.to_string().replace('+', "%2B");
    let poll: BTreeSet<String> = all_pages(&app, &format!("/oparl/v1/meetings?modified_since={since}&limit=2"))
        .await
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(poll, changed);
}

#[tokio::test]
async fn bad_input_is_a_json_4xx() {
    let app = TestApp::sqlite().await.with_demo().await;
    let page = fetch(&app, "/oparl/v1/meetings?limit=2").await;
    let next = page["links"]["next"]
        .as_str()
        .unwrap()
        .strip_prefix(ORIGIN)
        .unwrap()
        .to_owned();
    let (numbers, mac) = next.rsplit_once('.').unwrap();
    let (head, last) = numbers.rsplit_once('.').unwrap();
    let tampered = format!("{head}.{}.{mac}", last.parse::<i64>().unwrap() + 1);
    let cursor_refused = json!({"error": "the cursor is not one this server gave for this list and its filters; start again from the first page"});
    let cases = [
        (
            "/oparl/v1/meetings?modified_since=yesterday".to_owned(),
            StatusCode::BAD_REQUEST,
            json!({"error": "modified_since must be a date and time with its offset, as 2014-01-01T00:00:00+01:00"}),
        ),
        (
            "/oparl/v1/meetings?created_since=2021-13-01T00:00:00Z".to_owned(),
            StatusCode::BAD_REQUEST,
            json!({"error": "created_since must be a date and time with its offset, as 2014-01-01T00:00:00+01:00"}),
        ),
        (
            "/oparl/v1/meeting/0190a4b2-0000-7000-8000-000000000000".to_owned(),
            StatusCode::NOT_FOUND,
            json!({"error": "There is nothing at this address."}),
        ),
        (
            "/oparl/v1/meeting/not-an-id".to_owned(),
            StatusCode::NOT_FOUND,
            json!({"error": "There is nothing at this address."}),
        ),
        (
            "/oparl/v1/no-such-list".to_owned(),
            StatusCode::NOT_FOUND,
            json!({"error": "There is nothing at this address."}),
        ),
        (tampered, StatusCode::BAD_REQUEST, cursor_refused.clone()),
        (
            next.replace("limit=2", "limit=3"),
            StatusCode::BAD_REQUEST,
            cursor_refused.clone(),
        ),
        (
            "/oparl/v1/meetings?cursor=1.0.999999.00".to_owned(),
            StatusCode::BAD_REQUEST,
            cursor_refused,
        ),
        (
            "/oparl/v1/meetings?modified_after=2021-01-01T00:00:00Z".to_owned(),
            StatusCode::BAD_REQUEST,
            json!({"error": "unknown parameter \"modified_after\""}),
        ),
        (
            "/oparl/v1/meetings?limit=0".to_owned(),
            StatusCode::BAD_REQUEST,
            json!({"error": "limit must be a whole number from 1 to 1000"}),
        ),
        (
            "/oparl/v1/meetings?omit_internal=yes".to_owned(),
            StatusCode::BAD_REQUEST,
            json!({"error": "omit_internal must be true or false"}),
        ),
    ];
    for (path, status, body) in cases {
        assert_eq!(refused(&app, &path).await, (status, body), "{path}");
    }
}
