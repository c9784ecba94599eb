//! Signing in and what it changes: sessions and their cookies, CSRF on every form, the
//! sign-in rate limit, expiry, councillors seeing their committees' exempt papers, and the
//! admins' audit log.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod common;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use common::{TestApp, send};
use moot_domain::*;
use moot_store::{Filter, Session, Store, StoreExt};

const JUNE: &str = "/meetings/2021-06-15-improving-lives-select-commission";
const PASSWORD: &str = "a long enough passphrase";

async fn council(store: &dyn Store) -> Council {
    moot_store::typed(store.councils().await.unwrap().remove(0))
        .unwrap()
        .record
}

/// An account with the test password; a councillor's is tied to the member with `slug`.
async fn account(app: &TestApp, email: &str, role: AccountRole, member_slug: Option<&str>) -> UserAccount {
    let c = council(&*app.store).await;
    let member = match member_slug {
        Some(slug) => Some(
            app.store
                .find::<Member>(c.id, &Filter::eq("slug", slug))
                .await
                .unwrap()
                .remove(0)
                .record
                .id,
        ),
        None => None,
    };
    let account = UserAccount {
        id: AccountId::new(),
        council: c.id,
        email: Email::parse(email).unwrap(),
        name: email.split('@').next().unwrap().to_owned(),
        role,
        member,
        officer: None,
        disabled: false,
    };
    app.store
        .create(&Actor::parse("test").unwrap(), account.clone())
        .await
        .unwrap();
    let phc = moot_store::auth::hash_password(PASSWORD).unwrap();
    app.store.set_password(c.id, account.id, &phc).await.unwrap();
    account
}

fn set_cookies(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    set_cookies(headers).iter().find_map(|c| {
        c.strip_prefix(&format!("{name}="))
            .map(|v| v.split(';').next().unwrap().to_owned())
    })
}

fn hidden_csrf(page: &str) -> String {
    page.split("name=\"csrf\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned()
}

fn form(path: &str, cookie: &str, body: &str) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie)
        .body(Body::from(body.to_owned()))
        .unwrap()
}

fn get(path: &str, cookie: &str) -> Request<Body> {
    Request::get(path)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap()
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Signs in through the form as a browser would; returns the session cookie pair.
async fn sign_in(app: &TestApp, email: &str, password: &str) -> (StatusCode, HeaderMap, String) {
    let (_, headers, page) = app.get("/sign-in").await;
    let form_cookie = cookie_value(&headers, "moot_form").expect("the form's cookie");
    let csrf = hidden_csrf(&page);
    assert_eq!(csrf, form_cookie, "the form carries the token its cookie holds");
    let body = format!("email={}&password={}&csrf={csrf}", encode(email), encode(password));
    send(&app.state, form("/sign-in", &format!("moot_form={form_cookie}"), &body)).await
}

async fn session_of(app: &TestApp, email: &str) -> String {
    let (status, headers, _) = sign_in(app, email, PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    format!(
        "moot_session={}",
        cookie_value(&headers, "moot_session").expect("a session")
    )
}

#[tokio::test]
async fn signing_in_sets_a_hardened_cookie_and_signing_out_ends_the_session() {
    let app = TestApp::sqlite().await.with_demo().await;
    account(&app, "clerk@example.org", AccountRole::Clerk, None).await;

    let (status, _, page) = sign_in(&app, "clerk@example.org", "not the password").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(page.contains("do not match an account"), "{page}");
    let (status, _, page) = sign_in(&app, "nobody@example.org", PASSWORD).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "an unknown address reads the same");
    assert!(page.contains("do not match an account"));

    let (status, headers, _) = sign_in(&app, "Clerk@Example.org", PASSWORD).await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "addresses are matched whatever their case"
    );
    assert_eq!(headers[header::LOCATION], "/account");
    let session = set_cookies(&headers)
        .into_iter()
        .find(|c| c.starts_with("moot_session="))
        .unwrap();
    for flag in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/", "Max-Age=43200"] {
        assert!(session.contains(flag), "{session} lacks {flag}");
    }
    let cookie = format!("moot_session={}", cookie_value(&headers, "moot_session").unwrap());
    let (status, headers, page) = send(&app.state, get("/account", &cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Signed in as <strong>clerk</strong>"));
    assert_eq!(headers[header::CACHE_CONTROL], "private, no-store");
    assert!(
        headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );

    // Signing out needs the session's own token.
    let (status, _, _) = send(&app.state, form("/sign-out", &cookie, "csrf=forged")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = send(&app.state, get("/account", &cookie)).await;
    assert_eq!(status, StatusCode::OK, "a forged sign-out changed nothing");
    let csrf = hidden_csrf(&page);
    let (status, headers, _) = send(&app.state, form("/sign-out", &cookie, &format!("csrf={csrf}"))).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(
        set_cookies(&headers)
            .iter()
            .any(|c| c.starts_with("moot_session=;") && c.contains("Max-Age=0"))
    );
    let (status, _, _) = send(&app.state, get("/account", &cookie)).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the old cookie no longer signs anyone in"
    );
}

#[tokio::test]
async fn a_sign_in_without_its_form_token_is_refused() {
    let app = TestApp::sqlite().await.with_demo().await;
    account(&app, "clerk@example.org", AccountRole::Clerk, None).await;
    let body = format!("email=clerk%40example.org&password={}&csrf=abc", encode(PASSWORD));
    let (status, _, page) = send(&app.state, form("/sign-in", "", &body)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("did not come from this site"));
    let (status, _, _) = send(&app.state, form("/sign-in", "moot_form=xyz", &body)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a token that does not match its cookie");
}

#[tokio::test]
async fn five_failures_stop_further_tries_for_that_address() {
    let app = TestApp::sqlite().await.with_demo().await;
    account(&app, "clerk@example.org", AccountRole::Clerk, None).await;
    account(&app, "other@example.org", AccountRole::Clerk, None).await;
    for _ in 0..5 {
        let (status, _, _) = sign_in(&app, "clerk@example.org", "wrong wrong wrong").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (status, _, page) = sign_in(&app, "clerk@example.org", PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "even the right password waits");
    assert!(page.contains("Too many failed sign-ins"));
    let (status, _, _) = sign_in(&app, "other@example.org", PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "other addresses are not locked out");
}

#[tokio::test]
async fn idle_and_old_sessions_end() {
    let app = TestApp::sqlite().await.with_demo().await;
    let clerk = account(&app, "clerk@example.org", AccountRole::Clerk, None).await;
    let now = jiff::Timestamp::now();
    let hours = |h: i64| now - jiff::SignedDuration::from_hours(h);
    for (token, created, seen) in [("idle", hours(3), hours(3)), ("old", hours(13), now)] {
        app.store
            .start_session(&Session {
                token_hash: moot_web_token_hash(token),
                council: clerk.council,
                account: clerk.id,
                csrf: "x".repeat(64),
                created,
                seen,
            })
            .await
            .unwrap();
        let (status, _, _) = send(&app.state, get("/account", &format!("moot_session={token}"))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{token} session");
        assert_eq!(
            app.store.session(&moot_web_token_hash(token)).await.unwrap(),
            None,
            "and removed"
        );
    }
}

/// The store keeps the SHA-256 of a session's token, in hex.
fn moot_web_token_hash(token: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(token.as_bytes()))
}

#[tokio::test]
async fn a_councillor_signed_in_sees_their_committees_exempt_papers_and_the_public_still_does_not() {
    let app = TestApp::sqlite().await.with_demo().await;
    account(&app, "pitchley@example.org", AccountRole::Member, Some("pitchley")).await;
    account(&app, "outsider@example.org", AccountRole::Member, Some("hague")).await;
    let member = session_of(&app, "pitchley@example.org").await;
    let (status, headers, page) = send(&app.state, get(JUNE, &member)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Appendix 2 – Pause women"),
        "the Chair sees the exempt appendix"
    );
    assert_eq!(headers[header::CACHE_CONTROL], "private, no-store");
    let (_, _, item) = send(&app.state, get(&format!("{JUNE}/items/7"), &member)).await;
    assert!(item.contains("Appendix 2 – Pause women"));

    // Straight after, the public page (possibly from the cache) still withholds it.
    let (_, _, public) = app.get(JUNE).await;
    assert!(!public.contains("Pause women") && public.contains("1 document(s) not for publication"));
    let (_, _, public_item) = app.get(&format!("{JUNE}/items/7")).await;
    assert!(!public_item.contains("Pause women"));

    // A councillor who does not sit on the committee (on that day) does not see it.
    let outsider = session_of(&app, "outsider@example.org").await;
    let (_, _, page) = send(&app.state, get(JUNE, &outsider)).await;
    assert!(!page.contains("Pause women"));
}

#[tokio::test]
async fn only_admins_read_the_audit_log() {
    let app = TestApp::sqlite().await.with_demo().await;
    account(&app, "admin@example.org", AccountRole::Admin, None).await;
    account(&app, "clerk@example.org", AccountRole::Clerk, None).await;
    let (status, _, page) = app.get("/admin/audit").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(page.contains("Please sign in"));
    let clerk = session_of(&app, "clerk@example.org").await;
    let (status, _, _) = send(&app.state, get("/admin/audit", &clerk)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let admin = session_of(&app, "admin@example.org").await;
    let (status, _, page) = send(&app.state, get("/admin/audit", &admin)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("create user account"), "the accounts' creation is there");
    assert!(
        page.contains("<td>test</td>") && page.contains("<td>demo</td>"),
        "with who made each change"
    );
    assert!(page.contains("Older changes"), "the demo's ~300 changes span pages");
}
