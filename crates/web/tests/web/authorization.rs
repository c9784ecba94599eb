//! The authorisation matrix: every role (and anonymous, and a clerk of another council) ×
//! every state-changing endpoint, each answered with exactly the status expected (a refusal,
//! or for an allowed role the answer its form deserves); and a POST without its valid CSRF
//! token is refused whoever sends it.

use crate::common::{PASSWORD, TestApp, account, council, get, hidden_csrf, send, session_at};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use moot_domain::*;
use moot_store::{Filter, StoreExt};
use moot_store_conformance::fixtures;

const R: &str = "/c/rotherham";
const JUNE: &str = "2021-06-15-improving-lives-select-commission";

#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    Anonymous,
    Admin,
    Clerk,
    Author,
    Councillor,
    OtherCouncilsClerk,
}

fn request(path: &str, cookie: &str, body: &str, multipart: bool) -> Request<Body> {
    let mut r = Request::post(path).header(header::COOKIE, cookie);
    if multipart {
        r = r.header(header::CONTENT_TYPE, "multipart/form-data; boundary=b");
        let csrf = body
            .strip_prefix("csrf=")
            .unwrap_or_default()
            .split('&')
            .next()
            .unwrap_or_default();
        let mut text = format!(
            "--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n--b\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nT\r\n--b\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nreport\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n"
        )
        .into_bytes();
        text.extend_from_slice(&moot_store_conformance::fixtures::pdf("a"));
        text.extend_from_slice(b"\r\n--b--\r\n");
        return r.body(Body::from(text)).unwrap();
    }
    r.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.to_owned()))
        .unwrap()
}

#[tokio::test]
async fn every_role_against_every_state_changing_endpoint() {
    let app = TestApp::sqlite().await.with_demo().await;
    // A second council, so that the portal is reached under /c/{council} and a clerk of
    // Sheffield can try Rotherham's endpoints.
    let test = Actor::parse("test").unwrap();
    let sheffield = app
        .store
        .create(&test, fixtures::council("sheffield"))
        .await
        .unwrap()
        .record;
    let theirs = fixtures::account(sheffield.id, "clerk@sheffield.example.org", AccountRole::Clerk);
    app.store.create(&test, theirs.clone()).await.unwrap();
    let phc = moot_store::auth::hash_password(PASSWORD).unwrap();
    app.store.set_password(sheffield.id, theirs.id, &phc).await.unwrap();
    account(&app, "admin@example.org", AccountRole::Admin, None).await;
    account(&app, "clerk@example.org", AccountRole::Clerk, None).await;
    account(&app, "author@example.org", AccountRole::ReportAuthor, None).await;
    account(&app, "cllr@example.org", AccountRole::Member, Some("pitchley")).await;

    let c = council(&*app.store).await;
    let report = app
        .store
        .find::<Document>(c.id, &Filter::all())
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.record.title == "Rotherham Pause Practice - Impact Report")
        .unwrap()
        .record
        .id;

    let resolution = app
        .store
        .find::<Resolution>(c.id, &Filter::all())
        .await
        .unwrap()
        .remove(0)
        .record
        .id;
    let declaration = app
        .store
        .find::<Declaration>(c.id, &Filter::all())
        .await
        .unwrap()
        .remove(0)
        .record
        .id;
    let who_all = [
        Who::Anonymous,
        Who::Admin,
        Who::Clerk,
        Who::Author,
        Who::Councillor,
        Who::OtherCouncilsClerk,
    ];
    let mut sessions = Vec::new();
    for who in who_all {
        let cookie = match who {
            Who::Anonymous => String::new(),
            Who::Admin => session_at(&app, R, "admin@example.org").await,
            Who::Clerk => session_at(&app, R, "clerk@example.org").await,
            Who::Author => session_at(&app, R, "author@example.org").await,
            Who::Councillor => session_at(&app, R, "cllr@example.org").await,
            Who::OtherCouncilsClerk => session_at(&app, "/c/sheffield", "clerk@sheffield.example.org").await,
        };
        let csrf = if cookie.is_empty() {
            "none".to_owned()
        } else {
            let base = if who == Who::OtherCouncilsClerk {
                "/c/sheffield"
            } else {
                R
            };
            let (_, _, page) = send(&app.state, get(&format!("{base}/account"), &cookie)).await;
            hidden_csrf(&page)
        };
        sessions.push((who, cookie, csrf));
    }

    let exclusion = app
        .store
        .find::<Exclusion>(c.id, &Filter::all())
        .await
        .unwrap()
        .remove(0)
        .record
        .id;
    use Who::*;
    const UNPROCESSABLE: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;
    let clerks: &[Who] = &[Admin, Clerk];
    let ws = format!("{R}/workspace/meetings/{JUNE}");
    let endpoints: Vec<(String, &str, &[Who], bool, StatusCode)> = vec![
        (
            format!("{R}/admin/accounts"),
            "email=x%40example.org&name=X&role=clerk&password=short",
            &[Admin],
            false,
            UNPROCESSABLE,
        ),
        (
            format!("{R}/account/password"),
            "current=wrong&new=whatever",
            &[Admin, Clerk, Author, Councillor],
            false,
            UNPROCESSABLE,
        ),
        (
            format!("{R}/workspace/committees/improving-lives-select-commission/meetings"),
            "date=bad&time=10:00",
            clerks,
            false,
            UNPROCESSABLE,
        ),
        (format!("{ws}/items"), "title=", clerks, false, UNPROCESSABLE),
        (
            format!("{ws}/late-items"),
            "title=&urgency=",
            clerks,
            false,
            UNPROCESSABLE,
        ),
        (format!("{ws}/items/7/edit"), "title=", clerks, false, UNPROCESSABLE),
        (
            format!("{ws}/items/7/move"),
            "direction=up",
            clerks,
            false,
            UNPROCESSABLE,
        ),
        (
            format!("{ws}/items/8/documents"),
            "",
            &[Admin, Clerk, Author],
            true,
            StatusCode::SEE_OTHER,
        ),
        (
            format!("{R}/workspace/documents/{report}/replace"),
            "",
            clerks,
            true,
            UNPROCESSABLE,
        ),
        (
            format!("{ws}/request-publication"),
            "version=1",
            clerks,
            false,
            UNPROCESSABLE,
        ),
        (
            format!("{ws}/approve-publication"),
            "version=1",
            clerks,
            false,
            UNPROCESSABLE,
        ),
        (
            format!("{ws}/cancel"),
            "version=1&reason=",
            clerks,
            false,
            UNPROCESSABLE,
        ),
        (
            format!("{ws}/reschedule"),
            "version=1&date=bad&time=10:00",
            clerks,
            false,
            UNPROCESSABLE,
        ),
        (format!("{ws}/held"), "version=1", clerks, false, UNPROCESSABLE),
        (
            format!("{ws}/attendance"),
            "member=nobody&status=present",
            clerks,
            false,
            UNPROCESSABLE,
        ),
        (format!("{ws}/items/7/minute"), "text=x", clerks, false, UNPROCESSABLE),
        (
            format!("{ws}/minutes-approved"),
            "version=1&at=nowhere",
            clerks,
            false,
            UNPROCESSABLE,
        ),
        (
            format!("{ws}/items/7/amend"),
            "text=x&reason=",
            clerks,
            false,
            UNPROCESSABLE,
        ),
        (
            format!("{ws}/resolutions/{resolution}/vote"),
            "outcome=maybe",
            clerks,
            false,
            UNPROCESSABLE,
        ),
        (
            format!("{R}/workspace/documents/{report}/withdraw"),
            "version=1&reason=&meeting=x",
            clerks,
            false,
            UNPROCESSABLE,
        ),
        (
            format!("{R}/workspace/declarations/{declaration}/remove"),
            "version=1&reason=",
            clerks,
            false,
            UNPROCESSABLE,
        ),
        (
            format!("{R}/meetings/{JUNE}/declarations"),
            "kind=other&text=",
            &[Admin, Clerk, Councillor],
            false,
            UNPROCESSABLE,
        ),
        (
            format!("{R}/workspace/setup/committees"),
            "name=&kind=other",
            clerks,
            false,
            UNPROCESSABLE,
        ),
        (
            format!("{R}/workspace/setup/members"),
            "family_name=",
            clerks,
            false,
            UNPROCESSABLE,
        ),
        (
            format!("{R}/workspace/setup/officers"),
            "name=",
            clerks,
            false,
            UNPROCESSABLE,
        ),
        (
            format!("{R}/workspace/setup/memberships/{}", MembershipId::new()),
            "version=1&to=",
            clerks,
            false,
            StatusCode::NOT_FOUND,
        ),
        (
            format!("{R}/workspace/setup/venues"),
            "name=",
            clerks,
            false,
            UNPROCESSABLE,
        ),
        (
            format!("{R}/workspace/setup/committees/improving-lives-select-commission"),
            "version=1&kind=nonsense",
            clerks,
            false,
            UNPROCESSABLE,
        ),
        (
            format!("{R}/workspace/setup/committees/improving-lives-select-commission/template"),
            "version=1",
            clerks,
            false,
            UNPROCESSABLE,
        ),
        (
            format!("{R}/workspace/setup/memberships"),
            "member=x&committee=y&role=chair&from=bad",
            clerks,
            false,
            UNPROCESSABLE,
        ),
        (
            format!("{R}/workspace/setup/annual-meetings"),
            "date=bad",
            clerks,
            false,
            UNPROCESSABLE,
        ),
        (
            format!("{R}/admin/settings"),
            "version=1&region=mars",
            &[Admin],
            false,
            UNPROCESSABLE,
        ),
        (
            format!("{R}/workspace/actions/{}", ActionId::new()),
            "version=1&status=bad&committee=x",
            clerks,
            false,
            StatusCode::NOT_FOUND,
        ),
        (
            format!("{R}/workspace/committees/improving-lives-select-commission/work-programme"),
            "section=nowhere&title=",
            clerks,
            false,
            UNPROCESSABLE,
        ),
        (
            format!("{R}/workspace/work-programme/{}", WorkProgrammeEntryId::new()),
            "version=1&section=pending&title=x",
            clerks,
            false,
            StatusCode::NOT_FOUND,
        ),
        (
            format!("{R}/workspace/work-programme/{}/remove", WorkProgrammeEntryId::new()),
            "version=1",
            clerks,
            false,
            StatusCode::NOT_FOUND,
        ),
        // Authors may fill in cover sheets of their own reports only; this one is not theirs.
        (
            format!("{R}/workspace/documents/{report}/cover-sheet"),
            "version=1&summary=x",
            clerks,
            false,
            UNPROCESSABLE,
        ),
        (
            format!("{ws}/postpone"),
            "version=1&reason=",
            clerks,
            false,
            UNPROCESSABLE,
        ),
        (
            format!("{ws}/details"),
            "version=1&webcast_url=bad",
            clerks,
            false,
            UNPROCESSABLE,
        ),
        (
            format!("{ws}/in-attendance"),
            "person=nobody",
            clerks,
            false,
            UNPROCESSABLE,
        ),
        (
            format!("{ws}/in-attendance/remove"),
            "version=1&position=0",
            clerks,
            false,
            UNPROCESSABLE,
        ),
        (
            format!("{ws}/exclusions"),
            "item=7&paragraph=1&resolved_under=4",
            clerks,
            false,
            UNPROCESSABLE,
        ),
        (
            format!("{R}/workspace/exclusions/{exclusion}/remove"),
            "version=1",
            clerks,
            false,
            UNPROCESSABLE,
        ),
        (
            format!("{ws}/items/7/typeset"),
            "kind=nonsense",
            clerks,
            false,
            UNPROCESSABLE,
        ),
    ];
    let mut failures = Vec::new();
    for (path, body, allowed, multipart, allowed_status) in &endpoints {
        for (who, cookie, csrf) in &sessions {
            let body = format!("csrf={csrf}&{body}");
            let (status, _, _) = send(&app.state, request(path, cookie, &body, *multipart)).await;
            let expected_refusal = match who {
                Anonymous | OtherCouncilsClerk => Some(StatusCode::UNAUTHORIZED),
                w if !allowed.contains(w) => Some(StatusCode::FORBIDDEN),
                _ => None,
            };
            // An allowed role gets exactly the answer its (deliberately incomplete) form
            // deserves, so a handler that fails with a 500 fails here too.
            let want = expected_refusal.unwrap_or(*allowed_status);
            if status != want {
                failures.push(format!("{who:?} POST {path}: {status} (expected {want})"));
            }
            // Allowed, but without its token: refused.
            if expected_refusal.is_none() {
                let forged = body.replacen(&format!("csrf={csrf}"), "csrf=forged", 1);
                let (status, _, _) = send(&app.state, request(path, cookie, &forged, *multipart)).await;
                if status != StatusCode::FORBIDDEN {
                    failures.push(format!("{who:?} POST {path} with a forged token: {status}"));
                }
            }
        }
    }
    // Signing out is for anyone signed in (last, as it ends the session).
    for (who, cookie, csrf) in &sessions {
        let (status, _, _) = send(
            &app.state,
            request(&format!("{R}/sign-out"), cookie, &format!("csrf={csrf}"), false),
        )
        .await;
        let want = if matches!(who, Anonymous | OtherCouncilsClerk) {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::SEE_OTHER
        };
        if status != want {
            failures.push(format!("{who:?} POST /sign-out: {status}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
