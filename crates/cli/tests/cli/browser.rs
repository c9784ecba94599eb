//! A real browser (Debian's headless Chromium, over WebDriver) walks the demo's public pages
//! (home → committee → meeting → item → document → member, and home → search → item) and
//! runs axe-core on every page type at a desktop's and a phone's width: zero WCAG 2.2 A/AA
//! violations, and on the phone nothing wider than the screen and a header of two rows.
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
    follow(&client, "Committees").await;
    follow(&client, "Improving Lives Select Commission").await;
    follow(&client, "Tuesday 15 June 2021, 10.00 am").await;
    assert!(
        path_of(&client)
            .await
            .ends_with("/meetings/2021-06-15-improving-lives-select-commission")
    );
    let page = client.source().await.expect("source");
    assert!(!page.contains("EXEMPT-CANARY-7f3a"));
    follow(&client, "Rotherham Pause Practice - Impact Report").await;
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
    // The item comes first; the minutes PDF holds the same words and follows once the
    // server has read the papers' text (which it may or may not have done by now).
    let first = results
        .split("<ol class=\"results\"")
        .nth(1)
        .and_then(|list| list.split("<h3>").nth(1))
        .unwrap_or_else(|| panic!("no results:\n{results}"));
    assert!(
        first.starts_with(
            "<a href=\"/meetings/2021-06-15-improving-lives-select-commission/items/7\">Rotherham Pause Practice - Impact Report</a>"
        ),
        "{results}"
    );
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
    // Every page type, at a desktop's width (1280 px) and a phone's (375 px): axe finds
    // nothing at either; on the phone no page is wider than the screen (a reader never
    // scrolls sideways) and the header's links keep to one row under the site's name.
    let june = "/meetings/2021-06-15-improving-lives-select-commission";
    let pages = [
        ("home", "/".to_owned()),
        ("committees", "/committees".to_owned()),
        ("committee", "/committees/improving-lives-select-commission".to_owned()),
        ("meeting", june.to_owned()),
        ("item", format!("{june}/items/7")),
        ("publication log", format!("{june}/publication-log")),
        ("members", "/members".to_owned()),
        ("member", "/members/cusworth".to_owned()),
        ("calendar", "/calendar?month=2021-06".to_owned()),
        ("search", "/search?q=pause+practice".to_owned()),
        ("subjects", "/subjects".to_owned()),
        ("subject", "/subjects/pause-practice".to_owned()),
        ("api", "/api".to_owned()),
        ("not found", "/no/such/page".to_owned()),
        ("sign in", "/sign-in".to_owned()),
    ];
    for (width, height) in [(1280, 900), (375, 812)] {
        client.set_window_size(width, height).await.expect("window size");
        for (name, path) in &pages {
            client.goto(&format!("{base}{path}")).await.expect("page");
            let name = format!("{name} at {width} px");
            let shape = client
                .execute(
                    "return [document.documentElement.scrollWidth, window.innerWidth, \
                     new Set([...document.querySelectorAll('header.site nav li')] \
                     .filter(l => l.offsetParent !== null).map(l => l.offsetTop)).size];",
                    vec![],
                )
                .await
                .expect("the page's shape");
            let [wide, screen, rows] = [0, 1, 2].map(|i| shape[i].as_u64().unwrap_or(0));
            assert_eq!(screen, u64::from(width), "the window is {width} px wide");
            if wide > screen {
                check(&name, vec![format!("{wide} px wide")]);
            }
            if rows != 1 {
                check(&name, vec![format!("the header's links take {rows} rows")]);
            }
            check(&name, violations(&client, &axe).await);
        }
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
