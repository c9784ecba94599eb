//! The portal's HTML as third-party checkers judge it: a crawl of the demo from the home page,
//! every page it reaches checked by html-validate and by the Nu HTML checker (the W3C's
//! validator, run from `vnu.jar`), with zero errors; every link the crawl follows must answer.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use std::process::Command;

use axum::http::StatusCode;

use crate::common::{TestApp, User};
use moot_domain::AccountRole;

const TOOLS_DEFAULT: &str = "/var/tmp/moot-test-tools";

/// Query-string variants of one path the crawl visits: enough to see a calendar month, a
/// filtered list and a second page, without walking every month of twenty years.
const VARIANTS_PER_PATH: usize = 3;

/// Addresses that are not HTML pages (files, feeds, open data) or that the crawl would only
/// repeat.
const NOT_PAGES: [&str; 8] = [
    "/documents/",
    "/static/",
    "/oparl",
    "/api/v1",
    "/api/openapi.json",
    "/open-data.zip",
    "/sitemap.xml",
    "/robots.txt",
];

/// html-validate's rules: its standard set (everything but matters of taste) and its
/// accessibility rules.
const HTML_VALIDATE_CONFIG: &str = r#"{
  "extends": ["html-validate:standard", "html-validate:a11y"]
}"#;

/// The checkers' programs, when installed (`MOOT_TEST_TOOLS`, filled by scripts/install-deps).
struct Checkers {
    html_validate: PathBuf,
    vnu: PathBuf,
}

impl Checkers {
    fn find() -> Option<Self> {
        let tools = PathBuf::from(std::env::var("MOOT_TEST_TOOLS").unwrap_or_else(|_| TOOLS_DEFAULT.to_owned()));
        let found = Self {
            html_validate: tools.join("node_modules/.bin/html-validate"),
            vnu: tools.join("node_modules/vnu-jar/build/dist/vnu.jar"),
        };
        let java = Command::new("java")
            .arg("-version")
            .output()
            .is_ok_and(|o| o.status.success());
        if found.html_validate.is_file() && found.vnu.is_file() && java {
            return Some(found);
        }
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "html-validate, vnu.jar and java must be installed under CI (scripts/install-deps)"
        );
        eprintln!("notice: skipping the HTML checkers' test: html-validate, vnu.jar or java is missing");
        None
    }
}

/// The links of a page that lead to other pages of the portal, entities decoded, fragments
/// dropped.
fn page_links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|href| href.replace("&#38;", "&").replace("&amp;", "&"))
        .map(|href| href.split('#').next().unwrap_or_default().to_owned())
        .filter(|href| href.starts_with('/') && !href.starts_with("//"))
        .filter(|href| !NOT_PAGES.iter().any(|p| href.starts_with(p)))
        .filter(|href| !href.ends_with(".ics") && !href.ends_with(".atom") && !href.ends_with(".xml"))
        .collect()
}

/// Crawls from `start` as `user` (or anonymously), writing each HTML page into `dir`;
/// returns file name → address.
async fn crawl(app: &TestApp, user: Option<&User>, start: &[&str], dir: &Path) -> BTreeMap<String, String> {
    let mut queue: VecDeque<String> = start.iter().map(|s| (*s).to_owned()).collect();
    let mut seen: BTreeSet<String> = queue.iter().cloned().collect();
    let mut variants: BTreeMap<String, usize> = BTreeMap::new();
    let mut pages = BTreeMap::new();
    let mut broken = Vec::new();
    while let Some(url) = queue.pop_front() {
        let (status, headers, body) = match user {
            Some(user) => user.get(app, &url).await,
            None => app.get(&url).await,
        };
        if status == StatusCode::PERMANENT_REDIRECT || status == StatusCode::SEE_OTHER {
            continue;
        }
        if status != StatusCode::OK {
            broken.push(format!("{url}: {status}"));
            continue;
        }
        let html = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html"));
        if !html {
            continue;
        }
        let name = format!("page-{:04}.html", pages.len());
        std::fs::write(dir.join(&name), &body).expect("write page");
        pages.insert(name, url.clone());
        for link in page_links(&body) {
            if seen.contains(&link) {
                continue;
            }
            let path = link.split('?').next().unwrap_or_default().to_owned();
            let count = variants.entry(path).or_default();
            if link.contains('?') {
                if *count >= VARIANTS_PER_PATH {
                    continue;
                }
                *count += 1;
            }
            seen.insert(link.clone());
            queue.push_back(link);
        }
    }
    assert!(broken.is_empty(), "links that do not answer: {broken:#?}");
    pages
}

/// The demo with its papers typeset and searchable, as `moot serve --demo` has it.
async fn demo() -> TestApp {
    let (app, indexer) = TestApp::sqlite().await.with_demo().await.with_search();
    let publisher = moot_render_pdf::Publisher::new(
        app.store.clone(),
        app.state.blobs.clone(),
        moot_render_pdf::Typesetter::new().unwrap(),
    )
    .unwrap();
    moot_render_pdf::follow::refresh_all(&publisher).await.expect("typeset");
    indexer.catch_up().await.expect("index");
    app
}

#[tokio::test]
async fn every_public_page_of_the_demo_passes_html_validate_and_the_nu_checker() {
    let Some(checkers) = Checkers::find() else { return };
    let app = demo().await;
    let dir = tempfile::tempdir().expect("dir");
    let pages = crawl(
        &app,
        None,
        &[
            "/",
            "/search?q=pause+practice",
            "/search?q=nothing+like+this",
            "/sign-in",
        ],
        dir.path(),
    )
    .await;
    // Every kind of page is in the crawl.
    for wanted in [
        "/committees/",
        "/meetings/",
        "/items/",
        "/members/",
        "/subjects/",
        "/calendar",
    ] {
        assert!(
            pages.values().any(|u| u.contains(wanted)),
            "the crawl reached no {wanted} page: {pages:#?}"
        );
    }
    assert!(pages.len() > 60, "{} pages", pages.len());
    checkers.judge(dir.path(), &pages);
}

#[tokio::test]
async fn every_page_of_the_clerks_workspace_passes_html_validate_and_the_nu_checker() {
    let Some(checkers) = Checkers::find() else { return };
    let app = demo().await;
    let clerk = app.signed_in("clerk@example.org", AccountRole::Clerk, None).await;
    let dir = tempfile::tempdir().expect("dir");
    let pages = crawl(&app, Some(&clerk), &["/workspace", "/account"], dir.path()).await;
    assert!(
        pages.values().filter(|u| u.starts_with("/workspace/meetings/")).count() >= 5,
        "{pages:#?}"
    );
    checkers.judge(dir.path(), &pages);
}

impl Checkers {
    /// Runs both checkers over the crawled `pages` in `dir` and fails with every error found,
    /// each named by the page's address.
    fn judge(&self, dir: &Path, pages: &BTreeMap<String, String>) {
        let config = dir.join("html-validate.json");
        std::fs::write(&config, HTML_VALIDATE_CONFIG).expect("config");
        let files: Vec<PathBuf> = pages.keys().map(|n| dir.join(n)).collect();
        let address = |name: &str| {
            let file = name.rsplit('/').next().unwrap_or_default();
            pages.get(file).cloned().unwrap_or_else(|| name.to_owned())
        };
        // Written to a file: node may exit before a large answer on a pipe is flushed.
        let written = dir.join("html-validate.out.json");
        let out = Command::new(&self.html_validate)
            .arg("--config")
            .arg(&config)
            .arg(format!("--formatter=json={}", written.display()))
            .args(&files)
            .output()
            .expect("run html-validate");
        let report: serde_json::Value = std::fs::read(&written)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_else(|| panic!("html-validate said: {}", String::from_utf8_lossy(&out.stderr)));
        let mut problems = Vec::new();
        for file in report.as_array().into_iter().flatten() {
            let url = address(file["filePath"].as_str().unwrap_or_default());
            for m in file["messages"].as_array().into_iter().flatten() {
                problems.push(format!(
                    "html-validate {url}:{}: {} ({})",
                    m["line"], m["message"], m["ruleId"]
                ));
            }
        }
        let out = Command::new("java")
            .arg("-jar")
            .arg(&self.vnu)
            .args(["--errors-only", "--format", "json"])
            .args(&files)
            .output()
            .expect("run the Nu checker");
        let report: serde_json::Value = serde_json::from_slice(&out.stderr)
            .unwrap_or_else(|e| panic!("the Nu checker said: {e}: {}", String::from_utf8_lossy(&out.stderr)));
        for m in report["messages"].as_array().into_iter().flatten() {
            let url = address(m["url"].as_str().unwrap_or_default());
            problems.push(format!("Nu {url}:{}: {} ({})", m["lastLine"], m["message"], m["type"]));
        }
        assert!(
            problems.is_empty(),
            "{} problems over {} pages:\n{}",
            problems.len(),
            pages.len(),
            problems.join("\n")
        );
    }
}
