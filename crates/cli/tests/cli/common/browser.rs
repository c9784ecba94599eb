//! Driving Debian's headless Chromium over WebDriver (chromedriver), and judging pages with
//! axe-core: what every real-browser test shares.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};

const AXE_DEFAULT: &str = "/var/tmp/moot-test-tools/node_modules/axe-core/axe.min.js";

/// Whether something a test drives is installed: under CI it must be; elsewhere the test is
/// skipped with a notice.
pub fn installed(present: bool, what: &str) -> bool {
    if present {
        return true;
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{what} must be installed under CI (scripts/install-deps)"
    );
    eprintln!("notice: skipping the browser test: {what} is missing");
    false
}

/// axe-core's script, when chromedriver and axe-core (found through `MOOT_AXE_JS`) are here.
pub fn tools() -> Option<String> {
    let axe_path = std::env::var("MOOT_AXE_JS").unwrap_or_else(|_| AXE_DEFAULT.to_owned());
    let axe = std::fs::read_to_string(&axe_path).ok();
    let driver = Command::new("chromedriver")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    installed(
        axe.is_some() && driver,
        &format!("chromedriver or axe-core ({axe_path})"),
    )
    .then_some(axe)
    .flatten()
}

/// A running chromedriver, stopped when dropped; it serves any number of browser sessions.
pub struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        drop(self.child.kill());
        drop(self.child.wait());
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

impl Driver {
    pub fn start() -> Self {
        let port = free_port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        Self { child, port }
    }

    /// A new headless Chromium with a profile of its own in `profile` (so no cookies are
    /// shared with any other session).
    pub async fn session(&self, profile: &Path) -> Client {
        let caps: serde_json::Map<String, serde_json::Value> = serde_json::from_value(serde_json::json!({
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                         "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         format!("--user-data-dir={}", profile.display())]
            }
        }))
        .expect("capabilities");
        for _ in 0..50 {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            if let Ok(client) = ClientBuilder::new(connector)
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{}", self.port))
                .await
            {
                return client;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        panic!("chromedriver does not answer");
    }
}

/// axe-core's WCAG 2.2 A and AA violations on the page the browser shows.
pub async fn violations(client: &Client, axe: &str) -> Vec<String> {
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
pub async fn follow(client: &Client, text: &str) {
    let link = client
        .find(Locator::LinkText(text))
        .await
        .unwrap_or_else(|e| panic!("no link {text:?}: {e}"));
    link.click().await.unwrap_or_else(|e| panic!("clicking {text:?}: {e}"));
}

pub async fn path_of(client: &Client) -> String {
    client.current_url().await.expect("url").path().to_owned()
}

/// What the browser gets when it fetches `href` with its own cookies: the status, the
/// content type and the body's first five bytes as text.
pub async fn fetch(client: &Client, href: &str) -> serde_json::Value {
    client
        .execute_async(
            r#"const [href, done] = arguments;
               fetch(href).then(async r => done([r.status, r.headers.get('content-type'),
                   new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5))]))
                 .catch(e => done([0, String(e), '']));"#,
            vec![serde_json::Value::String(href.to_owned())],
        )
        .await
        .unwrap_or_else(|e| panic!("fetch {href}: {e}"))
}
