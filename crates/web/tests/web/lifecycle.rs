//! A meeting's whole life through the clerks' workspace, over HTTP as a browser would drive
//! it: scheduled from the template, an exempt item and a paper added, published by two
//! clerks, held, minuted with numbered resolutions (one becoming an action), draft minutes
//! published by two clerks, approved at a later meeting and then frozen, a paper withdrawn;
//! the public sees all of it but the exempt and the withdrawn, and the audit log has every step.

use crate::common::{
    TestApp, account, council, encode, form, get, hidden_csrf, reviewed_for, send, session_of, version_for,
};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use moot_domain::*;
use moot_store::{Filter, StoreExt};

const ILSC: &str = "improving-lives-select-commission";

async fn post(app: &TestApp, path: &str, cookie: &str, body: &str) -> (StatusCode, String) {
    let (status, _, text) = send(&app.state, form(path, cookie, body)).await;
    (status, text)
}

#[tokio::test]
async fn a_meeting_from_scheduling_to_approved_minutes_on_sqlite() {
    a_meeting_from_scheduling_to_approved_minutes(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn a_meeting_from_scheduling_to_approved_minutes_on_postgres() {
    let Some(app) = TestApp::postgres().await else { return };
    a_meeting_from_scheduling_to_approved_minutes(app).await;
}

async fn a_meeting_from_scheduling_to_approved_minutes(app: TestApp) {
    let app = app.with_demo().await;
    account(&app, "admin@example.org", AccountRole::Admin, None).await;
    account(&app, "first@example.org", AccountRole::Clerk, None).await;
    account(&app, "second@example.org", AccountRole::Clerk, None).await;
    let first = app.sign_in_as("first@example.org").await;
    let second = session_of(&app, "second@example.org").await;
    let (_, _, home) = send(&app.state, get("/workspace", &first.cookie)).await;
    let csrf1 = hidden_csrf(&home);
    let (_, _, home2) = send(&app.state, get("/workspace", &second)).await;
    let csrf2 = hidden_csrf(&home2);

    // Scheduled yesterday (recorded late), and a later meeting to approve its minutes at.
    let today = jiff::Zoned::now().date();
    let day = today.checked_sub(jiff::Span::new().days(3)).unwrap();
    let later = today.yesterday().unwrap();
    let next = today.checked_add(jiff::Span::new().days(40)).unwrap();
    for d in [day, later, next] {
        let (status, text) = post(
            &app,
            &format!("/workspace/committees/{ILSC}/meetings"),
            &first.cookie,
            &format!("csrf={csrf1}&date={d}&time=10:00"),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{text}");
    }
    let key = format!("{day}-{ILSC}");
    let ws = format!("/workspace/meetings/{key}");

    // Items: a public business item and an exempt one; a paper for the first.
    let body = format!("csrf={csrf1}&title={}", encode("Early Help review"));
    assert_eq!(
        post(&app, &format!("{ws}/items"), &first.cookie, &body).await.0,
        StatusCode::SEE_OTHER
    );
    let body = format!(
        "csrf={csrf1}&title={}&exempt_paragraph=1&exempt_reason={}",
        encode("Case review"),
        encode("About an individual child")
    );
    assert_eq!(
        post(&app, &format!("{ws}/items"), &first.cookie, &body).await.0,
        StatusCode::SEE_OTHER
    );
    let boundary = "lifecycle";
    let mut upload = Vec::new();
    for (n, v) in [
        ("csrf", csrf1.as_str()),
        ("title", "Early Help review report"),
        ("kind", "report"),
    ] {
        upload.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{n}\"\r\n\r\n{v}\r\n").as_bytes(),
        );
    }
    upload.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"early help.pdf\"\r\n\r\n")
            .as_bytes(),
    );
    upload.extend_from_slice(&moot_store_conformance::fixtures::pdf("early help"));
    upload.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let request = Request::post(format!("{ws}/items/7/documents"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header(header::COOKIE, &first.cookie)
        .body(Body::from(upload))
        .unwrap();
    assert_eq!(send(&app.state, request).await.0, StatusCode::SEE_OTHER);

    // Published by two clerks; late, so with a reason.
    let request = format!("{ws}/request-publication");
    assert_eq!(
        first
            .post_form(&app, &ws, &request, &[("late_reason", "Rescheduled at short notice")])
            .await
            .0,
        StatusCode::SEE_OTHER
    );
    let (_, _, page) = send(&app.state, get(&ws, &second)).await;
    let body = format!(
        "csrf={csrf2}&version={}&reviewed={}",
        version_for(&page, "/approve-publication"),
        reviewed_for(&page)
    );
    assert_eq!(
        post(&app, &format!("{ws}/approve-publication"), &second, &body).await.0,
        StatusCode::SEE_OTHER
    );
    let (_, _, public) = app.get(&format!("/meetings/{key}")).await;
    assert!(public.contains("Early Help review report") && public.contains("Case review"));

    // No minutes before it is held; then minuted, with numbered resolutions.
    let minute = format!("{ws}/items/7/minute");
    let body = format!("csrf={csrf1}&text=x&resolutions=");
    let (status, text) = post(&app, &minute, &first.cookie, &body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text.contains("has not been held yet"));
    assert_eq!(
        first.post_form(&app, &ws, &format!("{ws}/held"), &[]).await.0,
        StatusCode::SEE_OTHER
    );
    let resolutions =
        "That the review be noted.\nAction: That the Governance Advisor circulate the review's scope to members.";
    let body = format!(
        "csrf={csrf1}&text={}&resolutions={}",
        encode("Members discussed the review's scope.\n\nThey asked for its terms of reference."),
        encode(resolutions)
    );
    assert_eq!(post(&app, &minute, &first.cookie, &body).await.0, StatusCode::SEE_OTHER);
    let body = format!(
        "csrf={csrf1}&text={}&resolutions={}",
        encode("EXEMPT-CASE-DETAIL discussed in private."),
        encode("That the case plan be endorsed.\nAction: That EXEMPT-ACTION-CANARY be told of the plan.")
    );
    assert_eq!(
        post(&app, &format!("{ws}/items/8/minute"), &first.cookie, &body)
            .await
            .0,
        StatusCode::SEE_OTHER
    );
    let c = council(&*app.store).await;
    let (_, meeting) = moot_store::lookup::meeting_by_key(&*app.store, c.id, &key)
        .await
        .unwrap()
        .unwrap();
    let item7 = app
        .store
        .find::<AgendaItem>(c.id, &Filter::eq("meeting_id", meeting.id))
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.record)
        .find(|i| i.number.to_string() == "7")
        .unwrap();
    let number = item7.minute.as_ref().unwrap().number.get();
    assert_eq!(
        number, 11,
        "after minute 10 of 15 June 2021, in the same municipal year's series"
    );
    // A recorded vote on the first resolution; a member voting twice is refused.
    let resolution = app
        .store
        .find::<Resolution>(c.id, &Filter::eq("item_id", item7.id))
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.record)
        .find(|r| r.number == 1)
        .unwrap();
    let vote = format!("{ws}/resolutions/{}/vote", resolution.id);
    let members = app.store.find::<Member>(c.id, &Filter::all()).await.unwrap();
    let id_of = |slug: &str| {
        members
            .iter()
            .find(|m| m.record.slug.as_str() == slug)
            .unwrap()
            .record
            .id
    };
    let (pitchley, cooksey, hague) = (id_of("pitchley"), id_of("cooksey"), id_of("hague"));
    // Only members recorded as present may be named.
    let body = format!("csrf={csrf1}&version=1&outcome=carried&mover={pitchley}&vote-{hague}=against");
    let (status, text) = post(&app, &vote, &first.cookie, &body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text.contains("Only members recorded as present"), "{text}");
    for slug in ["pitchley", "cooksey", "hague"] {
        let body = format!("csrf={csrf1}&member={slug}&status=present");
        assert_eq!(
            post(&app, &format!("{ws}/attendance"), &first.cookie, &body).await.0,
            StatusCode::SEE_OTHER
        );
    }
    let (_, _, page) = send(&app.state, get(&ws, &first.cookie)).await;
    assert!(
        page.contains(&format!("<option value=\"{pitchley}\">Councillor Pitchley</option>")),
        "the members present are offered: {page}"
    );
    // A crafted form naming a member twice is refused by the rule, not saved.
    let body = format!("csrf={csrf1}&version=1&outcome=carried&vote-{pitchley}=for&vote-{pitchley}=against");
    let (status, text) = post(&app, &vote, &first.cookie, &body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text.contains("a member can vote only once"), "{text}");
    let body = format!(
        "csrf={csrf1}&version=1&outcome=carried&mover={pitchley}&seconder={cooksey}&vote-{pitchley}=for&vote-{cooksey}=for&vote-{hague}=against"
    );
    assert_eq!(post(&app, &vote, &first.cookie, &body).await.0, StatusCode::SEE_OTHER);
    // A form read before that vote was recorded does not silently replace it.
    let (status, text) = post(&app, &vote, &first.cookie, &body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    let (_, _, page) = send(&app.state, get(&ws, &first.cookie)).await;
    assert!(
        page.contains(&format!(
            "name=\"vote-{hague}\" value=\"against\" aria-label=\"Councillor Hague: against\" checked"
        )),
        "the form shows the vote as recorded"
    );
    let actions = app.store.find::<Action>(c.id, &Filter::all()).await.unwrap();
    assert!(actions.iter().any(|a| {
        a.record
            .description
            .starts_with("That the Governance Advisor circulate")
    }));
    let (_, _, public) = app.get(&format!("/meetings/{key}")).await;
    assert!(
        !public.contains("Members discussed"),
        "draft minutes are not public yet"
    );
    let (_, _, committee) = app.get(&format!("/committees/{ILSC}")).await;
    assert!(
        !committee.contains("circulate the review") && !committee.contains("EXEMPT-ACTION-CANARY"),
        "nor are their actions"
    );

    // Draft minutes published by two clerks; the exempt minute stays private.
    assert_eq!(
        first.post_form(&app, &ws, &request, &[("late_reason", "")]).await.0,
        StatusCode::SEE_OTHER
    );
    let (_, _, page) = send(&app.state, get(&ws, &first.cookie)).await;
    assert!(page.contains("another clerk must approve"));
    let (_, _, page) = send(&app.state, get(&ws, &second)).await;
    assert!(
        page.contains("Minute 11: EARLY HELP REVIEW: public") && page.contains("Minute 12: CASE REVIEW: exempt"),
        "the second clerk sees which minutes go out, and how: {page}"
    );
    let body = format!(
        "csrf={csrf2}&version={}&reviewed={}",
        version_for(&page, "/approve-publication"),
        reviewed_for(&page)
    );
    assert_eq!(
        post(&app, &format!("{ws}/approve-publication"), &second, &body).await.0,
        StatusCode::SEE_OTHER
    );
    let (_, _, public) = app.get(&format!("/meetings/{key}")).await;
    assert!(
        public.contains("Members discussed the review") && public.contains("Minute 11:"),
        "{public}"
    );
    assert!(public.contains("That the Governance Advisor circulate the review"));
    assert!(public.contains("That the review be noted. (Carried; moved by Councillor Pitchley; seconded by Councillor W. Cooksey; recorded vote: for Councillor Pitchley, Councillor W. Cooksey; against "), "{public}");
    assert!(!public.contains("EXEMPT-CASE-DETAIL") && !public.contains("case plan be endorsed"));
    let (_, _, committee) = app.get(&format!("/committees/{ILSC}")).await;
    assert!(committee.contains("That the Governance Advisor circulate the review"));
    assert!(
        !committee.contains("EXEMPT-ACTION-CANARY"),
        "an exempt minute's action stays private"
    );

    // Approved at the later meeting; then frozen.
    let (_, _, page) = send(&app.state, get(&ws, &first.cookie)).await;
    assert!(
        page.contains(&format!("<option value=\"{later}-{ILSC}\">"))
            && !page.contains(&format!("<option value=\"{next}-{ILSC}\">")),
        "the clerk chooses among later meetings that have taken place"
    );
    let body = format!(
        "csrf={csrf1}&version={}&at={next}-{ILSC}",
        version_for(&page, "/minutes-approved")
    );
    let (status, text) = post(&app, &format!("{ws}/minutes-approved"), &first.cookie, &body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text.contains("has not taken place"), "{text}");
    let body = format!(
        "csrf={csrf1}&version={}&at={later}-{ILSC}",
        version_for(&page, "/minutes-approved")
    );
    assert_eq!(
        post(&app, &format!("{ws}/minutes-approved"), &first.cookie, &body)
            .await
            .0,
        StatusCode::SEE_OTHER
    );
    let (_, _, public) = app.get(&format!("/meetings/{key}")).await;
    assert!(public.contains("minutes approved"));
    let body = format!("csrf={csrf1}&text=changed&resolutions=");
    let (status, text) = post(&app, &minute, &first.cookie, &body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text.contains("a correction is an amendment"));

    // A correction after approval is an amendment with a reason, shown with the minute.
    let amend = format!("{ws}/items/7/amend");
    let (status, text) = post(&app, &amend, &first.cookie, &format!("csrf={csrf1}&text=x&reason=")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text.contains("Give the reason"));
    let body = format!(
        "csrf={csrf1}&text={}&reason={}",
        encode("Members discussed the review's scope and timetable."),
        encode("Timetable omitted in error")
    );
    assert_eq!(post(&app, &amend, &first.cookie, &body).await.0, StatusCode::SEE_OTHER);
    let (_, _, item) = app.get(&format!("/meetings/{key}/items/7")).await;
    assert!(
        item.contains("scope and timetable") && item.contains(": Timetable omitted in error"),
        "{item}"
    );

    // The paper is withdrawn.
    let (_, _, page) = send(&app.state, get(&ws, &first.cookie)).await;
    let doc_action = page
        .split("action=\"")
        .find(|s| s.contains("/withdraw\""))
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let body = format!(
        "csrf={csrf1}&version={}&meeting={key}&reason={}",
        version_for(&page, &doc_action),
        encode("Superseded by a corrected report")
    );
    assert_eq!(
        post(&app, &doc_action, &first.cookie, &body).await.0,
        StatusCode::SEE_OTHER
    );
    let (_, _, public) = app.get(&format!("/meetings/{key}")).await;
    assert!(!public.contains("Early Help review report"));

    // The audit log has every step, with who.
    let admin = session_of(&app, "admin@example.org").await;
    let (_, _, audit) = send(&app.state, get("/admin/audit", &admin)).await;
    for step in [
        "meeting scheduled by first",
        "item 7 added by first",
        "uploaded by first to item 7",
        "publication requested by first",
        "agenda published: requested by first, approved by second; late because: Rescheduled at short notice",
        "meeting recorded as held by first",
        "minute 11 written by first",
        "vote on resolution 1 recorded by first",
        "publication of the draft minutes requested by first",
        "draft minutes published: requested by first, approved by second",
        "minutes approved as a correct record",
        "minute 11 amended by first: Timetable omitted in error",
        "withdrawn by first: Superseded by a corrected report",
    ] {
        assert!(audit.contains(step), "the audit log lacks {step:?}");
    }
}
