//! A test application over a real store: SQLite always, PostgreSQL when
//! `MOOT_TEST_POSTGRES_URL` names a server (required under CI).

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request, StatusCode, header};
use moot_demo::DemoSource;
use moot_domain::*;
use moot_store::{Filter, LocalBlobStore, Store, StoreExt};
use moot_store_conformance::fixtures::{actor, document, exemption};
use moot_store_postgres::PgStore;
use moot_store_sqlite::{OpenMode, SqliteStore, SqliteUrl};
use moot_web::{AppState, router};

/// The search indexer the tests drive: the one line that says which crate it lives in.
pub use moot_app::Indexer;
use tower::ServiceExt;

pub struct TestApp {
    pub state: AppState,
    pub store: Arc<dyn Store>,
    dir: tempfile::TempDir,
}

impl TestApp {
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("dir");
        let url = SqliteUrl::File(dir.path().join("moot.db"));
        let store = SqliteStore::open(&url, OpenMode::CreateIfMissing).await.expect("open");
        store.migrate().await.expect("migrate");
        Self::over(Arc::new(store), dir)
    }

    /// A fresh schema on the test server, or `None` with a notice when there is no server.
    pub async fn postgres() -> Option<Self> {
        let url = match std::env::var("MOOT_TEST_POSTGRES_URL") {
            Ok(url) => url,
            Err(_) if std::env::var("CI").is_ok_and(|v| v == "true") => {
                panic!("MOOT_TEST_POSTGRES_URL must be set under CI")
            }
            Err(_) => {
                eprintln!("notice: skipping the PostgreSQL half: MOOT_TEST_POSTGRES_URL is not set");
                return None;
            }
        };
        let schema = format!("moot_web_{}", uuid::Uuid::now_v7().simple());
        let store = PgStore::open_in_schema(&url, &schema).await.expect("connect");
        store.migrate().await.expect("migrate");
        Some(Self::over(Arc::new(store), tempfile::tempdir().expect("dir")))
    }

    fn over(store: Arc<dyn Store>, dir: tempfile::TempDir) -> Self {
        let blobs = Arc::new(LocalBlobStore::new(dir.path().join("files")));
        Self {
            state: AppState::new(store.clone(), blobs),
            store,
            dir,
        }
    }

    pub async fn with_demo(self) -> Self {
        moot_demo::load(&*self.store, &DemoSource::embedded())
            .await
            .expect("demo");
        self
    }

    /// The same app answering searches from an index in its folder, and the indexer that
    /// fills it (tests call `rebuild` or `catch_up` where a server's follower would run).
    pub fn with_search(mut self) -> (Self, Indexer) {
        let index = moot_search::SearchIndex::open(&self.dir.path().join("search")).expect("search index");
        let index = Arc::new(index);
        let indexer = Indexer {
            store: self.store.clone(),
            blobs: self.state.blobs.clone(),
            index: index.clone(),
        };
        self.state = self.state.with_search(index);
        (self, indexer)
    }

    /// Another node: its own state and page cache over the same database and files.
    pub fn second_node(&self) -> AppState {
        AppState::new(
            self.store.clone(),
            Arc::new(LocalBlobStore::new(self.dir.path().join("files"))),
        )
    }

    pub async fn get(&self, path: &str) -> (StatusCode, HeaderMap, String) {
        get_from(&self.state, None, path).await
    }

    pub async fn get_on_host(&self, host: &str, path: &str) -> (StatusCode, String) {
        let (status, _, body) = get_from(&self.state, Some(host), path).await;
        (status, body)
    }
}

pub async fn get_from(state: &AppState, host: Option<&str>, path: &str) -> (StatusCode, HeaderMap, String) {
    let mut request = Request::get(path);
    if let Some(host) = host {
        request = request.header("host", host);
    }
    send(state, request.body(Body::empty()).unwrap()).await
}

/// Any request through the router: status, headers and body as text.
pub async fn send(state: &AppState, request: Request<Body>) -> (StatusCode, HeaderMap, String) {
    let response = router(state.clone()).oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 22).await.unwrap();
    (status, headers, String::from_utf8_lossy(&bytes).into_owned())
}

// Signing in, as a browser does, for the tests of signed-in pages.

pub const PASSWORD: &str = "a long enough passphrase";

pub async fn council(store: &dyn Store) -> Council {
    moot_store::typed(store.councils().await.unwrap().remove(0))
        .unwrap()
        .record
}

/// An account with the test password; a councillor's is tied to the member with `slug`.
pub async fn account(app: &TestApp, email: &str, role: AccountRole, member_slug: Option<&str>) -> UserAccount {
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
        officer: match role {
            // An author is an officer: one of their own, named after the address.
            AccountRole::ReportAuthor => {
                let officer = Officer {
                    id: OfficerId::new(),
                    council: c.id,
                    name: format!("Officer {email}"),
                    job_title: None,
                    email: None,
                    phone: None,
                };
                app.store
                    .create(&Actor::parse("test").unwrap(), officer.clone())
                    .await
                    .unwrap();
                Some(officer.id)
            }
            _ => None,
        },
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

pub fn set_cookies(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    set_cookies(headers).iter().find_map(|c| {
        c.strip_prefix(&format!("{name}="))
            .map(|v| v.split(';').next().unwrap().to_owned())
    })
}

pub fn hidden_csrf(page: &str) -> String {
    page.split("name=\"csrf\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned()
}

pub fn form(path: &str, cookie: &str, body: &str) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie)
        .body(Body::from(body.to_owned()))
        .unwrap()
}

pub fn get(path: &str, cookie: &str) -> Request<Body> {
    Request::get(path)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap()
}

pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Signs in through the form as a browser would; returns the session cookie pair.
pub async fn sign_in(app: &TestApp, email: &str, password: &str) -> (StatusCode, HeaderMap, String) {
    sign_in_at(app, "", email, password).await
}

/// As [`sign_in`], on the site under `base` ("" or "/c/{council}").
pub async fn sign_in_at(app: &TestApp, base: &str, email: &str, password: &str) -> (StatusCode, HeaderMap, String) {
    sign_in_from(app, base, None, email, password).await
}

/// As [`sign_in_at`], from the client at `peer` as a server would see it (`None`: unknown, as
/// when the router is driven without a socket).
pub async fn sign_in_from(
    app: &TestApp,
    base: &str,
    peer: Option<SocketAddr>,
    email: &str,
    password: &str,
) -> (StatusCode, HeaderMap, String) {
    let (_, headers, page) = app.get(&format!("{base}/sign-in")).await;
    let form_cookie = cookie_value(&headers, "moot_form").expect("the form's cookie");
    let csrf = hidden_csrf(&page);
    assert_eq!(csrf, form_cookie, "the form carries the token its cookie holds");
    let body = format!("email={}&password={}&csrf={csrf}", encode(email), encode(password));
    let mut request = form(&format!("{base}/sign-in"), &format!("moot_form={form_cookie}"), &body);
    if let Some(peer) = peer {
        request.extensions_mut().insert(ConnectInfo(peer));
    }
    send(&app.state, request).await
}

pub async fn session_of(app: &TestApp, email: &str) -> String {
    session_at(app, "", email).await
}

pub async fn session_at(app: &TestApp, base: &str, email: &str) -> String {
    let (status, headers, _) = sign_in_at(app, base, email, PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    format!(
        "moot_session={}",
        cookie_value(&headers, "moot_session").expect("a session")
    )
}

/// The hidden `version` field of the form on `page` that posts to `action` (a form names the
/// version of the record it was read at, so a stale form is refused).
pub fn version_for(page: &str, action: &str) -> String {
    page.split(action)
        .nth(1)
        .and_then(|s| s.split("name=\"version\" value=\"").nth(1))
        .and_then(|s| s.split('"').next())
        .unwrap_or_else(|| panic!("no form for {action}"))
        .to_owned()
}

/// The fingerprint of what a second clerk was shown before approving a publication (the
/// approval form's hidden `reviewed` field); empty when the page has no approval form.
pub fn reviewed_for(page: &str) -> String {
    page.split("name=\"reviewed\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_default()
        .to_owned()
}

// A signed-in user, for the tests that drive forms as that user would.

/// Someone signed in through the form: their session cookie, and what they fill in forms with.
#[derive(Debug, Clone)]
pub struct User {
    /// The session cookie pair (`moot_session=…`), as [`session_of`] gives it.
    pub cookie: String,
}

impl TestApp {
    /// A new account (as [`account`] makes it) signed in through the form.
    pub async fn signed_in(&self, email: &str, role: AccountRole, member_slug: Option<&str>) -> User {
        account(self, email, role, member_slug).await;
        self.sign_in_as(email).await
    }

    /// The account with `email` (made earlier with [`account`]) signed in through the form.
    pub async fn sign_in_as(&self, email: &str) -> User {
        User {
            cookie: session_of(self, email).await,
        }
    }
}

impl User {
    /// GETs `path` with this user's session.
    pub async fn get(&self, app: &TestApp, path: &str) -> (StatusCode, HeaderMap, String) {
        send(&app.state, get(path, &self.cookie)).await
    }

    /// Submits the form that posts to `action` as a browser would: GETs `page_path`, takes the
    /// page's CSRF token and, when that form carries a hidden `version`, the version it names,
    /// adds `fields` (a field given here wins over the page's) and POSTs them, URL-encoded, to
    /// `action`. The body is `csrf`, then `version`, then `fields` in their order.
    pub async fn post_form(
        &self,
        app: &TestApp,
        page_path: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> (StatusCode, HeaderMap, String) {
        let (_, _, page) = self.get(app, page_path).await;
        let given = |name: &str| fields.iter().any(|(n, _)| *n == name);
        let mut pairs = Vec::new();
        if !given("csrf") {
            pairs.push(("csrf".to_owned(), hidden_csrf(&page)));
        }
        if !given("version")
            && let Some(version) = form_version(&page, action)
        {
            pairs.push(("version".to_owned(), version));
        }
        pairs.extend(fields.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())));
        let body = pairs
            .iter()
            .map(|(n, v)| format!("{}={}", encode(n), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        send(&app.state, form(action, &self.cookie, &body)).await
    }
}

/// The hidden `version` field of the form on `page` whose `action` is exactly `action`; `None`
/// when that form has none (or the page has no such form).
pub fn form_version(page: &str, action: &str) -> Option<String> {
    let start = page.find(&format!("action=\"{action}\""))?;
    let form = &page[start..];
    let form = &form[..form.find("</form>").unwrap_or(form.len())];
    form.split("name=\"version\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .map(str::to_owned)
}

// Records the open-data surfaces must and must not show.

/// A public item of the demo with papers, and one with a minute the public may read.
pub async fn public_item_with_minute(app: &TestApp, council: &Council) -> (AgendaItem, i64) {
    let reader = moot_app::Reader::anonymous(&*app.store, council).unwrap();
    for s in app.store.find::<AgendaItem>(council.id, &Filter::all()).await.unwrap() {
        if s.record.exemption.is_none() && reader.minute(&s.record).await.unwrap().is_some() {
            return (s.record, s.version);
        }
    }
    panic!("the demo has a minuted item")
}

/// A public paper with a file on a public, minuted item (the demo's papers have no files).
pub async fn public_paper(app: &TestApp, item: &AgendaItem) -> Document {
    let bytes = b"%PDF-1.7 the public report";
    let hash = app.state.blobs.put(bytes).await.unwrap();
    let paper = Document {
        file: Some(FileRef {
            hash,
            size: bytes.len() as u64,
            media_type: "application/pdf".into(),
            file_name: "impact report.pdf".into(),
            page_count: Some(1),
        }),
        visibility: Visibility::Public,
        position: 21,
        ..document(item, "Impact report", DocumentKind::Report)
    };
    app.store.create(&actor("cli"), paper).await.unwrap().record
}

/// A fresh exempt paper (with a file) on `item` and its minute made exempt, each carrying a
/// random marker that no public surface may show: the marker and the paper.
pub async fn exempt_paper_and_minute(app: &TestApp, item: &AgendaItem, version: i64) -> (String, Document) {
    let marker = format!("MARKER-{}", uuid::Uuid::now_v7().simple());
    let bytes = format!("%PDF-1.7 {marker}");
    let hash = app.state.blobs.put(bytes.as_bytes()).await.unwrap();
    let paper = Document {
        file: Some(FileRef {
            hash,
            size: bytes.len() as u64,
            media_type: "application/pdf".into(),
            file_name: format!("{marker}.pdf"),
            page_count: Some(1),
        }),
        visibility: Visibility::Exempt(exemption(3, &format!("Commercial terms {marker}"))),
        position: 20,
        ..document(item, &format!("Tender prices {marker}"), DocumentKind::Appendix)
    };
    let paper = app.store.create(&actor("cli"), paper).await.unwrap().record;
    let mut private = item.clone();
    let minute = private.minute.as_mut().unwrap();
    minute.text = format!("The board considered the bids. {marker}");
    minute.text_visibility = Visibility::Exempt(exemption(3, "Commercial terms"));
    app.store.update(&actor("cli"), private, version).await.unwrap();
    (marker, paper)
}

/// The demo's exempt appendix carries this in its text.
pub const CANARY: &str = "EXEMPT-CANARY-7f3a";

/// A 200 JSON answer of an open-data surface at `url` (an absolute URL on the test origin,
/// or a path): readable by any page, tagged, and without the demo's exempt appendix.
pub async fn json_answer(app: &TestApp, url: &str) -> serde_json::Value {
    let path = url.strip_prefix("http://localhost").unwrap_or(url);
    let (status, headers, body) = app.get(path).await;
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    assert_eq!(headers.get("content-type").unwrap(), "application/json", "{path}");
    assert_eq!(headers.get("access-control-allow-origin").unwrap(), "*", "{path}");
    assert!(headers.get("etag").is_some(), "{path} has no ETag");
    assert!(!body.contains(CANARY), "exempt text on {path}");
    assert!(!body.to_lowercase().contains("pause women"), "exempt title on {path}");
    serde_json::from_str(&body).unwrap()
}

/// A JSON error of an open-data surface: its status and body.
pub async fn json_refusal(app: &TestApp, path: &str) -> (StatusCode, serde_json::Value) {
    let (status, headers, body) = app.get(path).await;
    assert_eq!(
        headers.get("content-type").unwrap(),
        "application/json",
        "{path}: {body}"
    );
    (status, serde_json::from_str(&body).unwrap())
}

/// Withdraws a paper as a clerk does; the time just before, for `modified_since`.
pub async fn withdraw(app: &TestApp, council: CouncilId, id: DocumentId) -> jiff::Timestamp {
    let stored = app.store.fetch::<Document>(council, id).await.unwrap();
    let since = jiff::Timestamp::now();
    let mut withdrawn = stored.record.clone();
    withdrawn.withdrawn = Some(Reasoned {
        by: actor("user:clerk"),
        at: since,
        reason: "Published by mistake".into(),
    });
    app.store
        .update(&actor("user:clerk"), withdrawn, stored.version)
        .await
        .unwrap();
    since
}
