//! Signing in and what it changes: sessions and their cookies, CSRF on every form, the
//! sign-in rate limit, expiry, councillors seeing their committees' exempt papers, and the
//! admins' audit log.

use crate::common::{
    PASSWORD, TestApp, account, cookie_value, encode, form, get, hidden_csrf, send, session_of, set_cookies, sign_in,
};
use axum::http::{StatusCode, header};
use moot_domain::*;
use moot_store::Session;

const JUNE: &str = "/meetings/2021-06-15-improving-lives-select-commission";

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
    assert!(!public.contains("Pause women") && public.contains("1 document is not for publication"));
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

#[tokio::test]
async fn admins_add_accounts_and_people_change_their_own_passwords() {
    let app = TestApp::sqlite().await.with_demo().await;
    account(&app, "admin@example.org", AccountRole::Admin, None).await;
    account(&app, "clerk@example.org", AccountRole::Clerk, None).await;
    let admin = session_of(&app, "admin@example.org").await;
    let (status, _, page) = send(&app.state, get("/admin/accounts", &admin)).await;
    assert_eq!(status, StatusCode::OK);
    let csrf = hidden_csrf(&page);
    let new = |email: &str, password: &str, role: &str, member: &str| {
        format!(
            "csrf={csrf}&name=New+Person&email={}&role={role}&member={member}&password={}",
            encode(email),
            encode(password)
        )
    };
    for (body, expect) in [
        (
            new("second@example.org", "short", "clerk", ""),
            "at least 12 characters",
        ),
        (new("clerk@example.org", PASSWORD, "clerk", ""), "already an account"),
        (
            new("cllr@example.org", PASSWORD, "member", ""),
            "tied to their member record",
        ),
        (new("cllr@example.org", PASSWORD, "member", "nobody"), "no member"),
        (new("not-an-address", PASSWORD, "clerk", ""), "e-mail"),
    ] {
        let (status, _, message) = send(&app.state, form("/admin/accounts", &admin, &body)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(message.contains(expect), "{body}: {message}");
    }
    let (status, _, _) = send(
        &app.state,
        form(
            "/admin/accounts",
            &admin,
            &new("second@example.org", PASSWORD, "clerk", ""),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, _) = sign_in(&app, "second@example.org", PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "the new clerk can sign in");

    let clerk = session_of(&app, "clerk@example.org").await;
    let (status, _, _) = send(&app.state, get("/admin/accounts", &clerk)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, _, page) = send(&app.state, get("/account", &clerk)).await;
    let clerk_csrf = hidden_csrf(&page);
    let body = format!(
        "csrf={clerk_csrf}&name=X&email=x%40example.org&role=admin&password={}",
        encode(PASSWORD)
    );
    let (status, _, _) = send(&app.state, form("/admin/accounts", &clerk, &body)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a clerk cannot make an admin");

    let change =
        |current: &str, new: &str| format!("csrf={clerk_csrf}&current={}&new={}", encode(current), encode(new));
    let (status, _, message) = send(
        &app.state,
        form(
            "/account/password",
            &clerk,
            &change("wrong wrong", "another long passphrase"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message.contains("not right"));
    let (status, _, _) = send(
        &app.state,
        form(
            "/account/password",
            &clerk,
            &change(PASSWORD, "another long passphrase"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, _) = send(&app.state, get("/account", &clerk)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a new password ends the old sessions");
    assert_eq!(
        sign_in(&app, "clerk@example.org", PASSWORD).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sign_in(&app, "clerk@example.org", "another long passphrase").await.0,
        StatusCode::SEE_OTHER
    );
}
