//! One person at their own browser (signing in, filling forms by their fields' ids, judging
//! pages with axe-core), and what the browser tests read from the public site: the agenda
//! pack's text, by `pdftotext`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use jiff::civil::Date;

use crate::common::browser::{Driver, path_of, violations};
use crate::common::{Server, moot, run, stderr};

pub const PASSWORD: &str = "correct horse battery staple";

/// One person at their own browser, on the council's site.
pub struct Person {
    pub client: Client,
    pub base: String,
}

impl Person {
    pub async fn open(driver: &Driver, profile: PathBuf, base: &str) -> Self {
        Self {
            client: driver.session(&profile).await,
            base: base.to_owned(),
        }
    }

    pub async fn goto(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .unwrap_or_else(|e| panic!("{path}: {e}"));
    }

    pub async fn field(&self, id: &str) -> Element {
        match self.client.find(Locator::Id(id)).await {
            Ok(field) => field,
            Err(e) => panic!("no field #{id} on {}: {e}", path_of(&self.client).await),
        }
    }

    /// Types into the field with this id, as its label names it.
    pub async fn fill(&self, id: &str, text: &str) {
        let field = self.field(id).await;
        field.clear().await.expect("clear");
        field.send_keys(text).await.expect("type");
    }

    pub async fn choose(&self, id: &str, value: &str) {
        self.field(id)
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("#{id} has no option {value:?}: {e}"));
    }

    pub async fn tick(&self, id: &str) {
        let field = self.field(id).await;
        if !field.is_selected().await.expect("checkbox") {
            field.click().await.expect("tick");
        }
    }

    /// Chooses the option shown as exactly `label`.
    pub async fn choose_label(&self, id: &str, label: &str) {
        self.field(id)
            .await
            .select_by_label(label)
            .await
            .unwrap_or_else(|e| panic!("#{id} has no option {label:?}: {e}"));
    }

    /// The first element the XPath finds on the page shown.
    pub async fn xpath(&self, xpath: &str) -> Element {
        match self.client.find(Locator::XPath(xpath)).await {
            Ok(found) => found,
            Err(e) => panic!("nothing at {xpath} on {}: {e}", path_of(&self.client).await),
        }
    }

    /// An account added by an admin at `/admin/accounts`, with `PASSWORD`.
    pub async fn add_account(&self, name: &str, email: &str, role: &str) {
        self.goto("/admin/accounts").await;
        self.fill("name", name).await;
        self.fill("email", email).await;
        self.choose("role", role).await;
        self.fill("password", PASSWORD).await;
        self.press(Some("name"), "Add the account", "/admin/accounts").await;
    }

    /// Chooses the first option whose text contains `text` ("Sharon Kemp (Chief Executive)").
    pub async fn choose_containing(&self, id: &str, text: &str) {
        let option = self
            .xpath(&format!("//select[@id='{id}']/option[contains(., \"{text}\")]"))
            .await;
        option.click().await.expect("choose");
    }

    /// Ticks or unticks a checkbox.
    pub async fn set_box(&self, id: &str, on: bool) {
        let field = self.field(id).await;
        if field.is_selected().await.expect("checkbox") != on {
            field.click().await.expect("tick");
        }
    }

    /// Sets a field's value as the page's own script would (a time field, whose typing
    /// order depends on the browser's locale).
    pub async fn set_value(&self, id: &str, value: &str) {
        self.client
            .execute(
                "document.getElementById(arguments[0]).value = arguments[1];",
                vec![id.into(), value.into()],
            )
            .await
            .expect("set the value");
    }

    /// The field's current value.
    pub async fn value(&self, id: &str) -> String {
        self.field(id)
            .await
            .prop("value")
            .await
            .expect("value")
            .unwrap_or_default()
    }

    /// Whether the page has a field with this id.
    pub async fn has(&self, id: &str) -> bool {
        self.client.find(Locator::Id(id)).await.is_ok()
    }

    /// Types a date into a date field the way the browser's own field takes it (the order of
    /// day, month and year follows the browser's language).
    pub async fn date(&self, id: &str, date: Date) {
        let order = self
            .client
            .execute(
                "return new Intl.DateTimeFormat(navigator.language).formatToParts(new Date(2001, 10, 22))
                   .filter(p => p.type !== 'literal').map(p => p.type);",
                vec![],
            )
            .await
            .expect("date order");
        let order: Vec<String> = serde_json::from_value(order).expect("parts");
        let mut keys = String::new();
        for part in order {
            keys.push_str(&match part.as_str() {
                "day" => format!("{:02}", date.day()),
                "month" => format!("{:02}", date.month()),
                _ => format!("{:04}", date.year()),
            });
        }
        self.field(id).await.send_keys(&keys).await.expect("type a date");
        let value = self.field(id).await.prop("value").await.expect("value");
        assert_eq!(value, Some(date.to_string()), "the date typed into #{id}");
    }

    /// Chooses a file with the file field's picker.
    pub async fn attach(&self, id: &str, file: &Path) {
        self.field(id)
            .await
            .send_keys(&file.display().to_string())
            .await
            .expect("choose a file");
    }

    /// The submit button with this text: in the form holding field `within`, or the only one.
    pub async fn button(&self, within: Option<&str>, text: &str) -> Element {
        let xpath = match within {
            Some(id) => format!("//form[.//*[@id='{id}']]//button[normalize-space()='{text}']"),
            None => format!("//button[normalize-space()='{text}']"),
        };
        let mut found = self.client.find_all(Locator::XPath(&xpath)).await.expect("find");
        assert_eq!(
            found.len(),
            1,
            "one button {text:?} (in the form of #{within:?}) on {}",
            path_of(&self.client).await
        );
        found.remove(0)
    }

    /// Clicks the button and waits for the page it leads to.
    pub async fn click_and_wait(&self, button: Element) {
        self.client
            .execute("window.mootBefore = true;", vec![])
            .await
            .expect("mark the page");
        button.click().await.expect("click");
        for _ in 0..300 {
            let loaded = self
                .client
                .execute(
                    "return window.mootBefore === undefined && document.readyState === 'complete';",
                    vec![],
                )
                .await
                .unwrap_or_default();
            if loaded == serde_json::Value::Bool(true) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no new page after the click");
    }

    /// The link with exactly this text.
    pub async fn link(&self, text: &str) -> Element {
        match self.client.find(Locator::LinkText(text)).await {
            Ok(link) => link,
            Err(e) => panic!("no link {text:?} on {}: {e}", path_of(&self.client).await),
        }
    }

    /// Follows the link with this text, as a reader would.
    pub async fn follow(&self, text: &str) {
        self.click_and_wait(self.link(text).await).await;
    }

    /// Submits a form by its button and expects to land on `then` (a path under the site).
    pub async fn press(&self, within: Option<&str>, text: &str, then: &str) {
        let button = self.button(within, text).await;
        self.click_and_wait(button).await;
        let at = path_of(&self.client).await;
        assert_eq!(at, then, "after {text:?}, the browser shows: {}", self.main().await);
    }

    /// Submits a form that is refused, and returns what the page says.
    pub async fn refused(&self, within: Option<&str>, text: &str) -> String {
        let button = self.button(within, text).await;
        self.click_and_wait(button).await;
        let title = self.client.title().await.expect("title");
        assert!(
            title.starts_with("That could not be saved"),
            "{text:?} was not refused: {title}"
        );
        self.main().await
    }

    /// The page's main text, as shown.
    pub async fn main(&self) -> String {
        match self.client.find(Locator::Css("main")).await {
            Ok(main) => main.text().await.expect("text"),
            Err(_) => self.client.source().await.expect("source"),
        }
    }

    pub async fn source(&self) -> String {
        self.client.source().await.expect("source")
    }

    pub async fn sign_in(&self, email: &str, name: &str) {
        self.goto("/sign-in").await;
        self.fill("email", email).await;
        self.fill("password", PASSWORD).await;
        self.press(Some("email"), "Sign in", "/account").await;
        assert!(
            self.main().await.contains(&format!("Signed in as {name}")),
            "{name} is signed in"
        );
    }

    /// Where the link with exactly this text leads.
    pub async fn href(&self, text: &str) -> String {
        let link = self.link(text).await;
        link.attr("href").await.expect("href").expect("a link")
    }

    /// The id of the paper with this title, as the workspace's list of papers shows it.
    pub async fn paper_id(&self, title: &str) -> String {
        let heading = self
            .xpath(&format!("//section[@class='paper']/h3[contains(., \"{title}\")]"))
            .await;
        let id = heading.attr("id").await.expect("id").expect("an id");
        id.trim_start_matches("paper-").to_owned()
    }

    /// Runs axe-core on the page shown, noting any violation under `page`.
    pub async fn judge(&self, axe: &str, page: &str, failures: &mut Vec<String>) {
        let found = violations(&self.client, axe).await;
        if !found.is_empty() {
            failures.push(format!("{page}: {}", found.join("; ")));
        }
    }

    pub async fn close(self) {
        self.client.close().await.expect("close");
    }
}

/// Every row of the audit log (number, when, who, what, note), following "Older changes".
pub async fn audit_rows(admin: &Person) -> Vec<Vec<String>> {
    admin.goto("/admin/audit").await;
    let mut rows = Vec::new();
    loop {
        let page = admin
            .client
            .execute(
                "return [...document.querySelectorAll('main tbody tr')].map(r => [...r.cells].map(c => c.innerText));",
                vec![],
            )
            .await
            .expect("rows");
        rows.extend(serde_json::from_value::<Vec<Vec<String>>>(page).expect("a table"));
        match admin.client.find(Locator::LinkText("Older changes")).await {
            Ok(older) => admin.click_and_wait(older).await,
            Err(_) => return rows,
        }
    }
}

/// The public agenda pack's text once `ready` says it is up to date (it is made in the
/// background, within seconds of a change); it never holds the exempt appendix meanwhile.
pub async fn agenda_pack(
    public: &Person,
    server: &Server,
    dir: &Path,
    key: &str,
    canary: &str,
    ready: impl Fn(&str) -> bool,
) -> String {
    let mut pack = String::new();
    for _ in 0..100 {
        public.goto(&format!("/meetings/{key}")).await;
        pack = public_pdf(public, server, dir, "//a[normalize-space()='Agenda pack']")
            .await
            .unwrap_or_default();
        assert!(
            !pack.contains(canary),
            "the public agenda pack holds the exempt appendix"
        );
        if ready(&pack) {
            return pack;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("the public agenda pack is not as expected after 20 s: {pack}");
}

/// The text of the public PDF the link at `xpath` leads to, if the page has that link.
pub async fn public_pdf(public: &Person, server: &Server, dir: &Path, xpath: &str) -> Option<String> {
    let link = public.client.find(Locator::XPath(xpath)).await.ok()?;
    let href = link.attr("href").await.expect("href").expect("a link");
    let (status, bytes) = server.get_bytes(&href);
    assert!(status.ends_with("200 OK"), "{href}: {status}");
    Some(pdf_text(dir, &bytes))
}

/// The text of a PDF, by `pdftotext`, with every run of white space as one space.
pub fn pdf_text(dir: &Path, bytes: &[u8]) -> String {
    let file = dir.join("fetched.pdf");
    std::fs::write(&file, bytes).expect("write");
    let out = Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success(), "not a readable PDF");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|path| std::env::split_paths(&path).any(|d| d.join(tool).is_file()))
}

/// A council started from nothing on the command line (`moot council add`, then its first
/// admin by `moot user add` with `PASSWORD`), served from `dir` with its files in `files`.
pub fn empty_council(dir: &Path, slug: &str, name: &str, email: &str, admin: &str) -> Server {
    let db = "sqlite:moot.db";
    let council = run(
        dir,
        &["council", "add", "--slug", slug, "--name", name, "--database", db],
    );
    assert!(council.status.success(), "{}", stderr(&council));
    let user = [
        "user",
        "add",
        "--email",
        email,
        "--name",
        admin,
        "--role",
        "admin",
        "--database",
        db,
    ];
    let mut add = moot(dir, &user)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("moot runs");
    writeln!(add.stdin.take().expect("stdin"), "{PASSWORD}").expect("password");
    let added = add.wait_with_output().expect("moot ends");
    assert!(added.status.success(), "{}", stderr(&added));
    let serve = format!("serve --database {db} --blobs files --listen 127.0.0.1:0 --log warn");
    let mut serve = moot(dir, &serve.split(' ').collect::<Vec<_>>());
    serve.env("MOOT_SECURE_COOKIES", "false");
    Server::spawn(serve)
}
