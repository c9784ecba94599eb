//! What stands between a guesser and an account: the sign-in form's token must be one the
//! server issued (on any node), wrong passwords are limited per client so that guessing from
//! one place cannot lock the owner out from another, and a signed-in session cannot keep
//! guessing its own current password. On SQLite and on PostgreSQL.

use std::net::SocketAddr;

use axum::http::{HeaderMap, StatusCode, header};
use moot_domain::AccountRole;
use moot_store::StoreExt;
use moot_store_conformance::fixtures::{actor, council};

use crate::common::{
    PASSWORD, TestApp, account, cookie_value, encode, form, get, get_from, hidden_csrf, send, session_of, sign_in_from,
};

const BAD_FORM: &str =
    "<p>The form was out of date or did not come from this site. Go back, reload the page and try again.</p>";

/// One council with a clerk's account.
async fn with_clerk(app: TestApp) -> TestApp {
    app.store
        .create(&actor("cli"), council("rotherham"))
        .await
        .expect("council");
    account(&app, "clerk@example.org", AccountRole::Clerk, None).await;
    app
}

fn sign_in_body(email: &str, password: &str, csrf: &str) -> String {
    format!("email={}&password={}&csrf={csrf}", encode(email), encode(password))
}

/// The wait a refusal asks for, in seconds, after checking it is a whole number.
fn retry_after(headers: &HeaderMap) -> u64 {
    headers
        .get(header::RETRY_AFTER)
        .expect("a Retry-After header")
        .to_str()
        .unwrap()
        .parse()
        .expect("whole seconds")
}

fn peer(address: &str) -> Option<SocketAddr> {
    Some(address.parse().unwrap())
}

async fn check_a_made_up_form_token_is_refused(app: TestApp) {
    let app = with_clerk(app).await;
    let body = |csrf: &str| sign_in_body("clerk@example.org", PASSWORD, csrf);

    let (status, _, missing) = send(&app.state, form("/sign-in", "", &body(""))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(missing.contains(BAD_FORM), "{missing}");

    // The client chose the same value for the cookie and the field.
    let (status, headers, forged) = send(&app.state, form("/sign-in", "moot_form=x", &body("x"))).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a made-up token");
    assert!(forged.contains(BAD_FORM), "{forged}");
    assert_eq!(cookie_value(&headers, "moot_session"), None, "and nobody is signed in");

    // A token of the issued shape with its time moved on no longer carries its signature.
    let (_, _, page) = app.get("/sign-in").await;
    assert!(
        page.contains("type=\"email\" autocomplete=\"email\""),
        "the e-mail field is filled as one"
    );
    let issued = hidden_csrf(&page);
    let (time, rest) = issued.split_once('.').unwrap();
    let moved = format!("{}.{rest}", time.parse::<i64>().unwrap() + 3600);
    let cookie = format!("moot_form={moved}");
    let (status, _, page) = send(&app.state, form("/sign-in", &cookie, &body(&moved))).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "an issued token with its time changed");
    assert!(page.contains(BAD_FORM), "{page}");

    // The token as issued still signs in.
    let cookie = format!("moot_form={issued}");
    let (status, _, _) = send(&app.state, form("/sign-in", &cookie, &body(&issued))).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_made_up_form_token_is_refused_on_sqlite() {
    check_a_made_up_form_token_is_refused(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn a_made_up_form_token_is_refused_on_postgres() {
    let Some(app) = TestApp::postgres().await else { return };
    check_a_made_up_form_token_is_refused(app).await;
}

async fn check_a_form_from_one_node_signs_in_on_another(app: TestApp) {
    let app = with_clerk(app).await;
    let second = app.second_node();
    for (from, to) in [(&second, &app.state), (&app.state, &second)] {
        let (_, headers, page) = get_from(from, None, "/sign-in").await;
        let token = cookie_value(&headers, "moot_form").expect("the form's cookie");
        assert_eq!(hidden_csrf(&page), token);
        let request = form(
            "/sign-in",
            &format!("moot_form={token}"),
            &sign_in_body("clerk@example.org", PASSWORD, &token),
        );
        let (status, headers, _) = send(to, request).await;
        assert_eq!(
            status,
            StatusCode::SEE_OTHER,
            "a form one node issued signs in on the other"
        );
        assert!(cookie_value(&headers, "moot_session").is_some());
    }
}

#[tokio::test]
async fn a_form_from_one_node_signs_in_on_another_on_sqlite() {
    check_a_form_from_one_node_signs_in_on_another(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn a_form_from_one_node_signs_in_on_another_on_postgres() {
    let Some(app) = TestApp::postgres().await else { return };
    check_a_form_from_one_node_signs_in_on_another(app).await;
}

async fn check_guesses_from_one_client_do_not_lock_out_another(app: TestApp) {
    let app = with_clerk(app).await;
    let (guesser, owner) = (peer("203.0.113.7:40000"), peer("198.51.100.9:50000"));
    for _ in 0..5 {
        let (status, _, _) = sign_in_from(&app, "", guesser, "clerk@example.org", "wrong wrong wrong").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (status, headers, page) = sign_in_from(&app, "", guesser, "clerk@example.org", PASSWORD).await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "the guesser waits, even with the password"
    );
    let wait = retry_after(&headers);
    assert!((890..=900).contains(&wait), "about 15 minutes: {wait}");
    assert!(
        page.contains("<p>Too many failed sign-ins from this connection. Try again in 15 minutes.</p>"),
        "{page}"
    );

    let (status, _, _) = sign_in_from(&app, "", owner, "clerk@example.org", PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "the owner, elsewhere, signs in");
}

#[tokio::test]
async fn guesses_from_one_client_do_not_lock_out_another_on_sqlite() {
    check_guesses_from_one_client_do_not_lock_out_another(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn guesses_from_one_client_do_not_lock_out_another_on_postgres() {
    let Some(app) = TestApp::postgres().await else { return };
    check_guesses_from_one_client_do_not_lock_out_another(app).await;
}

async fn check_a_client_guessing_at_many_addresses_is_stopped(app: TestApp) {
    let app = with_clerk(app).await;
    // One machine's IPv6 addresses share a /64: changing the last bits does not start afresh.
    for n in 0..20 {
        let guesser = peer(&format!("[2001:db8:1:2::{n:x}]:40000"));
        let email = format!("guess{n}@example.org");
        let (status, _, _) = sign_in_from(&app, "", guesser, &email, "wrong wrong wrong").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{email}");
    }
    let (status, headers, page) = sign_in_from(
        &app,
        "",
        peer("[2001:db8:1:2::99]:40000"),
        "clerk@example.org",
        PASSWORD,
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "an address it has not tried yet");
    assert!(retry_after(&headers) > 0);
    assert!(
        page.contains("Too many failed sign-ins from this connection."),
        "{page}"
    );

    let (status, _, _) = sign_in_from(&app, "", peer("[2001:db8:1:3::1]:40000"), "clerk@example.org", PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "another network is not stopped");
}

#[tokio::test]
async fn a_client_guessing_at_many_addresses_is_stopped_on_sqlite() {
    check_a_client_guessing_at_many_addresses_is_stopped(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn a_client_guessing_at_many_addresses_is_stopped_on_postgres() {
    let Some(app) = TestApp::postgres().await else { return };
    check_a_client_guessing_at_many_addresses_is_stopped(app).await;
}

async fn check_guessing_the_current_password_is_limited(app: TestApp) {
    let app = with_clerk(app).await;
    let session = session_of(&app, "clerk@example.org").await;
    let (_, _, page) = send(&app.state, get("/account", &session)).await;
    let csrf = hidden_csrf(&page);
    let change = |current: &str| {
        format!(
            "csrf={csrf}&current={}&new={}",
            encode(current),
            encode("another long passphrase")
        )
    };
    for n in 0..5 {
        let request = form("/account/password", &session, &change(&format!("guess number {n}")));
        let (status, _, page) = send(&app.state, request).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("<p>The current password is not right.</p>"), "{page}");
    }
    let (status, headers, page) = send(&app.state, form("/account/password", &session, &change(PASSWORD))).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "even the right password waits");
    let wait = retry_after(&headers);
    assert!((890..=900).contains(&wait), "about 15 minutes: {wait}");
    assert!(
        page.contains("<p>The current password was given wrongly too many times. Try again in 15 minutes.</p>"),
        "{page}"
    );

    let (status, _, _) = sign_in_from(&app, "", None, "clerk@example.org", "another long passphrase").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the password was not changed");
    let (status, _, _) = sign_in_from(&app, "", None, "clerk@example.org", PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "the old one still signs in");
}

#[tokio::test]
async fn guessing_the_current_password_is_limited_on_sqlite() {
    check_guessing_the_current_password_is_limited(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn guessing_the_current_password_is_limited_on_postgres() {
    let Some(app) = TestApp::postgres().await else { return };
    check_guessing_the_current_password_is_limited(app).await;
}
