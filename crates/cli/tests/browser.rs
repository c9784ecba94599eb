//! A real browser (Debian's headless Chromium, over WebDriver) walks the demo's public pages
//! (home → committee → meeting → item → document → member) and runs axe-core on every page
//! type: zero WCAG 2.2 A/AA violations.
//!
//! Needs `chromedriver` and axe-core (installed by `scripts/install-deps`; axe-core's file is
//! found through `MOOT_AXE_JS`). Without them the test fails under CI and is skipped elsewhere.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod common;

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{ClientBuilder, Locator};

use common::Server;

const AXE_DEFAULT: &str = "/var/tmp/moot-test-tools/node_modules/axe-core/axe.min.js";

fn tools() -> Option<(String, String)> {
    let axe_path = std::env::var("MOOT_AXE_JS").unwrap_or_else(|_| AXE_DEFAULT.to_owned());
    let axe = std::fs::read_to_string(&axe_path).ok();
    let driver = Command::new("chromedriver")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success());
    match (axe, driver) {
        (Some(axe), Some(_)) => Some((axe, axe_path)),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("chromedriver and axe-core ({axe_path}) must be installed under CI (scripts/install-deps)")
        }
        _ => {
            eprintln!("notice: skipping the browser test: chromedriver or axe-core ({axe_path}) is missing");
            None
        }
    }
}

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        drop(self.0.kill());
        drop(self.0.wait());
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

async fn violations(client: &fantoccini::Client, axe: &str) -> Vec<String> {
    client.execute(axe, vec![]).await.expect("inject axe-core");
    let script = r#"
        const done = arguments[arguments.length - 1];
        axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
          .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
          .catch(e => done(['axe failed: ' + e]));
    "#;
    let found = client.execute_async(script, vec![]).await.expect("run axe-core");
    serde_json::from_value(found).expect("a list of violations")
}

/// Clicks the link with this text, as a reader would.
async fn follow(client: &fantoccini::Client, text: &str) {
    let link = client
        .find(Locator::LinkText(text))
        .await
        .unwrap_or_else(|e| panic!("no link {text:?}: {e}"));
    link.click().await.unwrap_or_else(|e| panic!("clicking {text:?}: {e}"));
}

async fn path_of(client: &fantoccini::Client) -> String {
    client.current_url().await.expect("url").path().to_owned()
}

#[tokio::test]
async fn a_reader_walks_the_portal_in_chromium_and_every_page_type_passes_axe() {
    let Some((axe, _)) = tools() else { return };
    let dir = tempfile::tempdir().expect("dir");
    let server = Server::start(
        dir.path(),
        &["serve", "--demo", "--listen", "127.0.0.1:0", "--log", "warn"],
    );
    let port = free_port();
    let _driver = Driver(
        Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    let caps: serde_json::Map<String, serde_json::Value> = serde_json::from_value(serde_json::json!({
        "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                     "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     format!("--user-data-dir={}", dir.path().join("chromium").display())]
        }
    }))
    .expect("capabilities");
    let mut client = None;
    for _ in 0..50 {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        if let Ok(c) = ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            client = Some(c);
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let client = client.expect("chromedriver answers");
    let base = format!("http://{}", server.addr);
    let mut failures = Vec::new();
    let mut check = |page: &str, found: Vec<String>| {
        if !found.is_empty() {
            failures.push(format!("{page}: {}", found.join("; ")));
        }
    };

    // Home → committees → committee → meeting → item → member, by following links as a reader would.
    client.goto(&base).await.expect("home");
    check("home", violations(&client, &axe).await);
    follow(&client, "Committees").await;
    check("committees", violations(&client, &axe).await);
    follow(&client, "Improving Lives Select Commission").await;
    check("committee", violations(&client, &axe).await);
    follow(&client, "Tuesday 15 June 2021, 10.00 am").await;
    assert!(
        path_of(&client)
            .await
            .ends_with("/meetings/2021-06-15-improving-lives-select-commission")
    );
    check("meeting", violations(&client, &axe).await);
    let page = client.source().await.expect("source");
    assert!(!page.contains("EXEMPT-CANARY-7f3a"));
    follow(&client, "Rotherham Pause Practice - Impact Report").await;
    check("item", violations(&client, &axe).await);
    // → document: the item's report, fetched by the browser from the link a reader would click.
    let link = client
        .find(Locator::Css("a[href*='/documents/']"))
        .await
        .expect("the item links its documents");
    let href = link.attr("href").await.expect("href").expect("a link");
    let fetched = client
        .execute_async(
            r#"const [href, done] = arguments;
               fetch(href).then(async r => done([r.status, r.headers.get('content-type'),
                   new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5))]))
                 .catch(e => done([0, String(e), '']));"#,
            vec![serde_json::Value::String(href.clone())],
        )
        .await
        .expect("fetch the document");
    assert_eq!(
        fetched,
        serde_json::json!([200, "application/pdf", "%PDF-"]),
        "{href} is the report as a PDF"
    );
    client
        .goto(&format!("{base}/meetings/2021-03-09-improving-lives-select-commission"))
        .await
        .expect("meeting");
    follow(&client, "Councillor V. Cusworth (in the Chair)").await;
    assert!(path_of(&client).await.ends_with("/members/cusworth"));
    check("member", violations(&client, &axe).await);
    for (name, path) in [
        ("members", "/members"),
        ("calendar", "/calendar?month=2021-06"),
        ("not found", "/no/such/page"),
        ("sign in", "/sign-in"),
    ] {
        client.goto(&format!("{base}{path}")).await.expect("page");
        check(name, violations(&client, &axe).await);
    }
    // axe-core is really judging: a page with an unlabelled image and no language fails it.
    client
        .goto("data:text/html,<title>t</title><img src=x>")
        .await
        .expect("bad page");
    let bad = violations(&client, &axe).await;
    assert!(
        bad.iter().any(|v| v.starts_with("image-alt")),
        "axe-core found nothing on a broken page: {bad:?}"
    );
    client.close().await.expect("close");
    assert!(server.stop().success());
    assert!(
        failures.is_empty(),
        "accessibility violations:\n{}",
        failures.join("\n")
    );
}
