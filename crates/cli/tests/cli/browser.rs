//! A real browser (Debian's headless Chromium, over WebDriver) walks the demo's public pages
//! (home → committee → meeting → item → document → member, and home → search → item) and
//! runs axe-core on every page type: zero WCAG 2.2 A/AA violations.
//!
//! Needs `chromedriver` and axe-core (installed by `scripts/install-deps`; axe-core's file is
//! found through `MOOT_AXE_JS`). Without them the test fails under CI and is skipped elsewhere.

use fantoccini::Locator;

use crate::common::Server;
use crate::common::browser::{Driver, fetch, follow, path_of, tools, violations};

#[tokio::test]
async fn a_reader_walks_the_portal_in_chromium_and_every_page_type_passes_axe() {
    let Some(axe) = tools() else { return };
    let dir = tempfile::tempdir().expect("dir");
    let server = Server::start(
        dir.path(),
        &["serve", "--demo", "--listen", "127.0.0.1:0", "--log", "warn"],
    );
    let driver = Driver::start();
    let client = driver.session(&dir.path().join("chromium")).await;
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
    let fetched = fetch(&client, &href).await;
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
    // Home → search → item: the home page's box, typed into and submitted. The server builds
    // its index in the background as it starts (search answers 503 until then) while it also
    // typesets the demo's papers, which takes a while on a small machine: wait over plain HTTP.
    let ready = (0..600).any(|_| {
        let ready = server.get("/search?q=cohorts+evaluated").0.contains(" 200 ");
        if !ready {
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
        ready
    });
    assert!(ready, "search was still starting after two minutes");
    client.goto(&base).await.expect("home");
    let box_ = client.find(Locator::Id("q")).await.expect("the search box");
    box_.send_keys("cohorts evaluated").await.expect("typing");
    client
        .find(Locator::Css("form[role=search] button"))
        .await
        .expect("the search button")
        .click()
        .await
        .expect("searching");
    client
        .wait()
        .for_element(Locator::Css("section[aria-labelledby=results]"))
        .await
        .expect("the results");
    let results = client.source().await.expect("source");
    assert!(results.contains("1 result for"), "{results}");
    assert!(path_of(&client).await.ends_with("/search"));
    check("search results", violations(&client, &axe).await);
    follow(&client, "Rotherham Pause Practice - Impact Report").await;
    assert!(
        path_of(&client)
            .await
            .ends_with("/meetings/2021-06-15-improving-lives-select-commission/items/7")
    );
    client
        .goto(&format!("{base}/search?q=EXEMPT-CANARY-7f3a"))
        .await
        .expect("search");
    let none = client.source().await.expect("source");
    assert!(none.contains("No results for"), "{none}");
    check("search without results", violations(&client, &axe).await);
    for (name, path) in [
        ("members", "/members"),
        ("calendar", "/calendar?month=2021-06"),
        (
            "publication log",
            "/meetings/2021-06-15-improving-lives-select-commission/publication-log",
        ),
        ("subjects", "/subjects"),
        ("subject", "/subjects/pause-practice"),
        ("not found", "/no/such/page"),
        ("sign in", "/sign-in"),
    ] {
        client.goto(&format!("{base}{path}")).await.expect("page");
        check(name, violations(&client, &axe).await);
    }
    // At a phone's width (375 px) every page type passes axe too, and none is wider than
    // the screen: a reader never scrolls sideways.
    client.set_window_size(375, 812).await.expect("phone width");
    for (name, path) in [
        ("home", "/"),
        ("committee", "/committees/improving-lives-select-commission"),
        ("meeting", "/meetings/2021-06-15-improving-lives-select-commission"),
        ("item", "/meetings/2021-06-15-improving-lives-select-commission/items/7"),
        ("member", "/members/cusworth"),
        ("calendar", "/calendar?month=2021-06"),
        ("search", "/search?q=pause+practice"),
        ("api", "/api"),
    ] {
        client.goto(&format!("{base}{path}")).await.expect("page");
        let widths = client
            .execute(
                "return [document.documentElement.scrollWidth, window.innerWidth];",
                vec![],
            )
            .await
            .expect("widths");
        let (wide, screen) = (widths[0].as_u64().unwrap_or(0), widths[1].as_u64().unwrap_or(0));
        assert_eq!(screen, 375, "the window is a phone's width");
        if wide > screen {
            check(&format!("{name} at 375 px"), vec![format!("{wide} px wide")]);
        }
        check(&format!("{name} at 375 px"), violations(&client, &axe).await);
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
