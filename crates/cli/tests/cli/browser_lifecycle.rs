//! A council starting from nothing runs a meeting's whole life in a real browser (Debian's
//! headless Chromium over WebDriver), through the forms clerks use, and the public portal then
//! shows every part of the record except the exempt appendix and the withdrawn paper, while
//! the audit log names who did each step and when.
//!
//! Why a browser and not HTTP: it proves the workspace can really be used as shipped: every
//! field is found by its label's id and filled by typing, uploads go through the file
//! picker's `<input type="file">`, the CSRF tokens and session cookies are the browser's own,
//! and the workspace pages pass axe-core (WCAG 2.2 A and AA) in the states a clerk sees.
//! Three people (an administrator and two clerks) each have their own browser, because
//! publishing needs a second clerk; a fourth browser that never signs in is the public.
//!
//! Needs `chromedriver`, axe-core, LibreOffice (`soffice`) and `pdftotext`; without them it
//! fails under CI and is skipped elsewhere.

use fantoccini::Locator;
use jiff::civil::Date;

use crate::common::browser::{Driver, fetch, installed, path_of, tools};
use crate::common::person::{Person, agenda_pack, audit_rows, empty_council, on_path, pdf_text, public_pdf};

const COMMITTEE: &str = "planning-board";
const ITEM_TITLE: &str = "Land at Mill Lane: outline planning application";
const REPORT: &str = "Mill Lane: report of the Planning Manager";
const REPORT_TEXT: &str = "REPORT-TEXT The Planning Manager recommends approval";
const APPENDIX: &str = "Appendix A: applicant's viability statement";
const CANARY: &str = "EXEMPT-APPENDIX-CANARY";
const WORD: &str = "Highways consultation response";
const WORD_TEXT: &str = "WORD-TEXT The highway authority raises no objection";
const BRIEFING: &str = "Briefing note on Mill Lane";
const BRIEFING_TEXT: &str = "BRIEFING-TEXT superseded figures";
const MINUTE_TEXT: &str = "The Planning Manager presented the report. Members asked about traffic on Mill Lane.";
const GRANTED: &str = "That outline planning permission be granted.";
/// The first resolution as the minutes print it, with its recorded vote.
const VOTED: &str = "That outline planning permission be granted. (Carried; moved by Councillor Alice Ashby; seconded by Councillor Bashir Khan; recorded vote: for Councillor Alice Ashby, Councillor Bashir Khan; against Councillor Dylan Evans)";
const ACTION: &str = "That the Planning Manager report back on the Section 106 agreement.";
const COVER_SUMMARY: &str = "Outline permission for 40 homes on land at Mill Lane.";
const PENDING: &str = "Mill Lane: Section 106 agreement";
const INTEREST: &str = "He is a member of the Mill Lane Residents' Association";

#[tokio::test]
async fn a_meeting_from_an_empty_council_to_approved_minutes_in_chromium() {
    let Some(axe) = tools() else { return };
    if !installed(
        on_path("soffice") && on_path("pdftotext"),
        "LibreOffice (soffice) or pdftotext",
    ) {
        return;
    }
    let started = jiff::Timestamp::now();
    let dir = tempfile::tempdir().expect("dir");
    let tmp = dir.path();
    let london = jiff::tz::TimeZone::get("Europe/London").expect("zone");
    let today = started.to_zoned(london.clone()).date();
    // The meeting was three days ago (so its agenda is recorded late) and the next one, which
    // approves its minutes, yesterday: minutes are approved only at a meeting that took place.
    let day = today.checked_sub(jiff::Span::new().days(3)).expect("three days ago");
    let next = today.yesterday().expect("yesterday");
    let may = Date::new(day.year(), 5, 1).expect("May");
    let annual = if may <= day {
        may
    } else {
        Date::new(day.year() - 1, 5, 1).expect("May")
    };
    let key = format!("{day}-{COMMITTEE}");
    let next_key = format!("{next}-{COMMITTEE}");
    let meeting = format!("/meetings/{key}");
    let ws = format!("/workspace{meeting}");

    // The papers, as files on the clerk's computer.
    let files = tmp.join("papers");
    std::fs::create_dir(&files).expect("dir");
    for (name, text) in [
        ("report.pdf", REPORT_TEXT.to_owned()),
        ("appendix.pdf", format!("{CANARY} the applicant's accounts")),
        ("briefing-note.pdf", BRIEFING_TEXT.to_owned()),
    ] {
        std::fs::write(files.join(name), moot_store_conformance::fixtures::pdf(&text)).expect("write");
    }
    let docx = moot_store_conformance::fixtures::word_file(&files, &format!("Highways consultation\n\n{WORD_TEXT}.\n"));

    // The two steps that exist only on the command line: the council, and its first admin.
    let server = empty_council(
        tmp,
        "lifecycle",
        "Lifecycle Borough Council",
        "ada@lifecycle.example",
        "Ada Admin",
    );
    let base = format!("http://{}", server.addr);
    let driver = Driver::start();
    let mut failures = Vec::new();

    // The admin adds two clerks.
    let admin = Person::open(&driver, tmp.join("admin"), &base).await;
    admin.sign_in("ada@lifecycle.example", "Ada Admin").await;
    admin.follow("Accounts").await;
    for (name, email) in [
        ("Clara Clerk", "clara@lifecycle.example"),
        ("Sam Second", "sam@lifecycle.example"),
    ] {
        admin.add_account(name, email, "clerk").await;
    }
    let accounts = admin.main().await;
    assert!(
        accounts.contains("Clara Clerk clara@lifecycle.example clerk")
            && accounts.contains("Sam Second sam@lifecycle.example clerk"),
        "{accounts}"
    );
    admin.judge(&axe, "accounts", &mut failures).await;

    // A clerk sets up the committee and its members.
    let clara = Person::open(&driver, tmp.join("clara"), &base).await;
    clara.sign_in("clara@lifecycle.example", "Clara Clerk").await;
    clara.follow("Meetings workspace").await;
    clara.follow("Committees and members").await;
    assert_eq!(path_of(&clara.client).await, "/workspace/setup");
    clara.fill("c-name", "Planning Board").await;
    clara.choose("c-kind", "regulatory").await;
    clara
        .fill("c-remit", "Decides applications for planning permission.")
        .await;
    clara
        .press(Some("c-name"), "Add the committee", "/workspace/setup")
        .await;
    let members = [
        ("Alice", "Ashby", "alice-ashby", "chair"),
        ("Bashir", "Khan", "bashir-khan", "member"),
        ("Carys", "Jones", "carys-jones", "member"),
        ("Dylan", "Evans", "dylan-evans", "member"),
    ];
    for (given, family, _, _) in members {
        clara.fill("m-given", given).await;
        clara.fill("m-family", family).await;
        clara.fill("m-party", "Independent").await;
        clara.fill("m-ward", "Mill Lane").await;
        clara
            .press(Some("m-family"), "Add the member", "/workspace/setup")
            .await;
    }
    for (_, _, slug, role) in members {
        clara.choose("s-member", slug).await;
        clara.choose("s-committee", COMMITTEE).await;
        clara.choose("s-role", role).await;
        clara.date("s-from", annual).await;
        clara.press(Some("s-member"), "Appoint", "/workspace/setup").await;
    }

    // It schedules the meeting (three days ago: recorded late) and the next one, from the template.
    clara.follow("Meetings").await;
    let date_field = format!("date-{COMMITTEE}");
    clara.date(&date_field, day).await;
    clara.press(Some(&date_field), "Schedule a meeting", &ws).await;
    clara.goto("/workspace").await;
    clara.date(&date_field, next).await;
    clara
        .press(
            Some(&date_field),
            "Schedule a meeting",
            &format!("/workspace/meetings/{next_key}"),
        )
        .await;
    clara.goto("/workspace").await;
    let home = clara.main().await;
    assert!(
        home.contains("Planning Board") && home.matches("(scheduled)").count() == 2,
        "{home}"
    );
    clara.judge(&axe, "workspace home", &mut failures).await;

    // A business item with its papers: a report, an exempt appendix, a Word file and a note.
    clara.goto(&ws).await;
    let agenda = clara.main().await;
    assert!(
        agenda.contains("Apologies for Absence") && agenda.contains("Date and Time of the Next Meeting"),
        "the template's standard items: {agenda}"
    );
    clara.fill("item-title", ITEM_TITLE).await;
    clara
        .fill("item-description", "Outline application for 40 homes.")
        .await;
    clara.press(Some("item-title"), "Add the item", &ws).await;
    let legend = clara
        .client
        .find(Locator::XPath(&format!("//legend[contains(., '{ITEM_TITLE}')]")))
        .await
        .expect("the item has an upload form")
        .text()
        .await
        .expect("text");
    let n = legend
        .strip_prefix("Item ")
        .and_then(|s| s.split(':').next())
        .expect("Item N: title")
        .to_owned();
    for (title, kind, paragraph, reason, file) in [
        (REPORT, "report", "", "", files.join("report.pdf")),
        (
            APPENDIX,
            "appendix",
            "3",
            "Information about the financial affairs of the applicant",
            files.join("appendix.pdf"),
        ),
        (WORD, "background_paper", "", "", docx.clone()),
        (BRIEFING, "background_paper", "", "", files.join("briefing-note.pdf")),
    ] {
        clara.fill(&format!("title-{n}"), title).await;
        clara.choose(&format!("kind-{n}"), kind).await;
        clara.fill(&format!("paper-paragraph-{n}"), paragraph).await;
        clara.fill(&format!("paper-reason-{n}"), reason).await;
        clara.attach(&format!("file-{n}"), &file).await;
        clara.press(Some(&format!("file-{n}")), "Upload", &ws).await;
    }
    let papers = clara.main().await;
    assert!(
        papers.contains(&format!(
            "Item {n}: {APPENDIX}\nState: draft, to be released as exempt under paragraph 3"
        )),
        "{papers}"
    );
    assert!(
        papers.contains(&format!("Item {n}: {WORD} (original docx file)")),
        "{papers}"
    );
    // The appendix's id, to try its download address later as the public.
    let appendix_id = clara.paper_id(APPENDIX).await;
    clara.judge(&axe, "workspace meeting (scheduled)", &mut failures).await;

    // The report's cover sheet, filled in while it is a draft.
    let report_id = clara.paper_id(REPORT).await;
    clara
        .goto(&format!("/workspace/documents/{report_id}/cover-sheet"))
        .await;
    clara.judge(&axe, "cover sheet", &mut failures).await;
    clara.tick("key").await;
    clara.fill("wards", "Hellaby").await;
    clara.fill("summary", COVER_SUMMARY).await;
    clara.fill("recs", "That outline planning permission be granted.").await;
    clara.press(Some("summary"), "Save the cover sheet", &ws).await;

    // Publication, late, asked for by one clerk and approved by the other.
    clara
        .fill("late-reason", "The meeting was arranged at short notice")
        .await;
    clara
        .press(Some("late-reason"), "Ask a second clerk to publish", &ws)
        .await;
    assert!(
        clara
            .main()
            .await
            .contains("You made this request, so another clerk must approve it.")
    );
    let sam = Person::open(&driver, tmp.join("sam"), &base).await;
    sam.sign_in("sam@lifecycle.example", "Sam Second").await;
    sam.goto(&ws).await;
    let pending = sam.main().await;
    assert!(
        pending.contains("Requested by Clara Clerk") && pending.contains(&format!("{APPENDIX}: exempt")),
        "{pending}"
    );
    sam.judge(&axe, "workspace meeting (publication to approve)", &mut failures)
        .await;
    sam.press(None, "Approve and publish", &ws).await;
    assert!(sam.main().await.contains("Status: agenda published"));

    // The public, before the meeting: the agenda and papers, but not the appendix.
    let public = Person::open(&driver, tmp.join("public"), &base).await;
    public.goto(&meeting).await;
    let agenda = public.main().await;
    assert!(
        agenda.contains(REPORT) && agenda.contains("1 document is not for publication."),
        "{agenda}"
    );
    let briefing_href = public.href(BRIEFING).await;
    agenda_pack(&public, &server, tmp, &key, CANARY, |pack| {
        [REPORT_TEXT, WORD_TEXT, BRIEFING_TEXT].iter().all(|t| pack.contains(t))
    })
    .await;
    assert_eq!(
        fetch(&public.client, &briefing_href).await,
        serde_json::json!([200, "application/pdf", "%PDF-"])
    );

    // The meeting is held: attendance, a declaration, minutes and a recorded vote.
    clara.goto(&ws).await;
    clara.press(None, "Record the meeting as held", &ws).await;
    for (slug, status, chair) in [
        ("alice-ashby", "present", true),
        ("bashir-khan", "present", false),
        ("dylan-evans", "present", false),
        ("carys-jones", "apologies", false),
    ] {
        clara.choose("att-member", slug).await;
        clara.choose("att-status", status).await;
        if chair {
            clara.tick("att-chair").await;
        }
        clara.press(Some("att-member"), "Record attendance", &ws).await;
    }
    clara.choose("dec-member", "bashir-khan").await;
    clara.fill("dec-item", &n).await;
    clara.choose("dec-kind", "non_pecuniary").await;
    clara.fill("dec-text", INTEREST).await;
    clara.press(Some("dec-member"), "Record the declaration", &ws).await;
    let write_minute = async || {
        clara.fill(&format!("text-{n}"), MINUTE_TEXT).await;
        let resolutions = format!("{GRANTED}\nAction: {ACTION}");
        clara.fill(&format!("resolutions-{n}"), &resolutions).await;
    };
    // Minute numbers run from the council's annual meeting, which is not yet recorded.
    write_minute().await;
    let refusal = clara.refused(Some(&format!("text-{n}")), "Save the minute").await;
    assert!(refusal.contains("no annual meeting is recorded"), "{refusal}");
    clara.goto("/workspace/setup").await;
    clara.date("y-date", annual).await;
    clara.press(Some("y-date"), "Add", "/workspace/setup").await;
    clara.judge(&axe, "set-up", &mut failures).await;
    clara.goto(&ws).await;
    write_minute().await;
    clara.press(Some(&format!("text-{n}")), "Save the minute", &ws).await;
    // The vote form of the first resolution, found by its wording: the members present are
    // offered by name, and each one's vote is a row of choices.
    let form = format!("//fieldset[legend[contains(., '{GRANTED}')]]");
    let mover = clara
        .client
        .find(Locator::XPath(&format!("{form}//select[@name='mover']")))
        .await
        .expect("a vote form for the first resolution")
        .attr("id")
        .await
        .expect("id")
        .expect("an id");
    let resolution = mover.trim_start_matches("mover-");
    clara.choose(&format!("outcome-{resolution}"), "carried").await;
    for (field, name) in [
        ("mover", "Councillor Alice Ashby"),
        ("seconder", "Councillor Bashir Khan"),
    ] {
        clara
            .field(&format!("{field}-{resolution}"))
            .await
            .select_by_label(name)
            .await
            .unwrap_or_else(|e| panic!("{field} offers no {name:?}: {e}"));
    }
    for choice in [
        "Councillor Alice Ashby: for",
        "Councillor Bashir Khan: for",
        "Councillor Dylan Evans: against",
    ] {
        clara
            .client
            .find(Locator::XPath(&format!("{form}//input[@aria-label='{choice}']")))
            .await
            .unwrap_or_else(|e| panic!("no choice {choice:?}: {e}"))
            .click()
            .await
            .expect("choose");
    }
    clara.press(Some(&mover), "Record the vote", &ws).await;
    clara.judge(&axe, "workspace meeting (held)", &mut failures).await;
    public.goto(&meeting).await;
    assert!(
        !public.main().await.contains("Members asked about traffic"),
        "draft minutes are not public yet"
    );

    // The draft minutes are published by both clerks, and approved at the next meeting.
    clara.press(None, "Ask a second clerk to publish", &ws).await;
    sam.goto(&ws).await;
    sam.press(None, "Approve and publish", &ws).await;
    clara.goto(&ws).await;
    clara.choose("approved-at", &next_key).await;
    clara.press(Some("approved-at"), "Record the approval", &ws).await;
    assert!(clara.main().await.contains("Status: minutes approved"));

    // The briefing note is withdrawn.
    let briefing_id = clara.paper_id(BRIEFING).await;
    let reason = format!("reason-{briefing_id}");
    clara
        .fill(&reason, "Superseded by the report's corrected figures")
        .await;
    clara.press(Some(&reason), "Withdraw this paper", &ws).await;
    assert!(clara.main().await.contains("Withdrawn by"), "{}", clara.main().await);
    clara
        .judge(&axe, "workspace meeting (minutes approved)", &mut failures)
        .await;

    // The committee's own pages in the workspace: its set-up, its actions and its work
    // programme, where the Section 106 report joins the items pending.
    clara.goto(&format!("/workspace/setup/committees/{COMMITTEE}")).await;
    clara.judge(&axe, "committee set-up", &mut failures).await;
    clara.goto(&format!("/workspace/committees/{COMMITTEE}/actions")).await;
    assert!(clara.main().await.contains(ACTION));
    clara.judge(&axe, "actions", &mut failures).await;
    let programme = format!("/workspace/committees/{COMMITTEE}/work-programme");
    clara.goto(&programme).await;
    clara.choose("new-section", "pending").await;
    clara.fill("new-title", PENDING).await;
    clara.fill("new-status", "To be scheduled").await;
    clara.press(Some("new-title"), "Add the row", &programme).await;
    assert!(clara.main().await.contains(PENDING));
    clara.judge(&axe, "work programme", &mut failures).await;

    // Signed out, the clerk is back to being a member of the public: no workspace, and no
    // exempt appendix on the meeting's page, which she saw while signed in.
    clara.goto(&meeting).await;
    assert!(
        clara.main().await.contains(APPENDIX),
        "a clerk sees the exempt appendix"
    );
    clara.goto("/account").await;
    clara.press(None, "Sign out", "/").await;
    clara.goto(&ws).await;
    assert!(clara.client.title().await.expect("title").starts_with("Please sign in"));
    clara.goto(&meeting).await;
    assert!(!clara.source().await.contains(APPENDIX));

    // The public sees the whole record but the exempt appendix and the withdrawn note.
    public.goto(&meeting).await;
    let page = public.main().await;
    let source = public.source().await;
    for shown in [
        "Status\nminutes approved",
        REPORT,
        WORD,
        ITEM_TITLE,
        "Present\nCouncillor Alice Ashby (in the Chair)\nCouncillor Bashir Khan\nCouncillor Dylan Evans\nApologies\nCouncillor Carys Jones",
        "Councillor Bashir Khan declared a non-pecuniary interest",
        INTEREST,
        "Minute 1: Land at Mill Lane: outline planning application",
        MINUTE_TEXT,
        VOTED,
        ACTION,
        // The exempt appendix is counted, never named; the withdrawn note is not counted.
        "1 document is not for publication.",
    ] {
        assert!(page.contains(shown), "the public meeting page lacks {shown:?}:\n{page}");
    }
    for hidden in [
        APPENDIX,
        "viability",
        CANARY,
        BRIEFING,
        &appendix_id,
        "original docx file",
    ] {
        assert!(!source.contains(hidden), "the public meeting page shows {hidden:?}");
    }
    let report_href = public.href(REPORT).await;
    let word_href = public.href(WORD).await;
    public.judge(&axe, "public meeting", &mut failures).await;
    public.goto(&format!("/meetings/{key}/items/{n}")).await;
    let item = public.main().await;
    for shown in [REPORT, WORD, MINUTE_TEXT, VOTED, ACTION, COVER_SUMMARY, "Hellaby"] {
        assert!(item.contains(shown), "the item page lacks {shown:?}:\n{item}");
    }
    let source = public.source().await;
    for hidden in [APPENDIX, CANARY, BRIEFING, &appendix_id] {
        assert!(!source.contains(hidden), "the item page shows {hidden:?}");
    }
    public.judge(&axe, "public item", &mut failures).await;
    public.goto(&format!("/committees/{COMMITTEE}")).await;
    // The pending items are folded under their count; a reader opens them.
    public
        .xpath("//summary[starts-with(., 'Items pending scheduling or removal')]")
        .await
        .click()
        .await
        .expect("open the pending items");
    let committee = public.main().await;
    for shown in [
        "Decides applications for planning permission.",
        "Councillor Alice Ashby (Chair)",
        "Councillor Dylan Evans",
        "Actions being monitored",
        ACTION,
        "Items pending scheduling or removal",
        PENDING,
    ] {
        assert!(
            committee.contains(shown),
            "the committee page lacks {shown:?}:\n{committee}"
        );
    }
    // The papers themselves: the report and the Word file as PDFs with their own words.
    for (href, text) in [(&report_href, REPORT_TEXT), (&word_href, WORD_TEXT)] {
        assert_eq!(
            fetch(&public.client, href).await,
            serde_json::json!([200, "application/pdf", "%PDF-"]),
            "{href}"
        );
        let (status, bytes) = server.get_bytes(href);
        assert!(status.ends_with("200 OK"), "{href}: {status}");
        assert!(pdf_text(tmp, &bytes).contains(text), "{href} holds {text:?}");
    }
    // The appendix and the withdrawn note, at their addresses: there for a clerk, not for the public.
    for href in [format!("/documents/{appendix_id}/appendix.pdf"), briefing_href] {
        assert_eq!(
            fetch(&sam.client, &href).await,
            serde_json::json!([200, "application/pdf", "%PDF-"]),
            "{href} is there for a clerk"
        );
        assert_eq!(
            fetch(&public.client, &href).await[0],
            serde_json::json!(404),
            "{href} is not there for the public"
        );
    }
    // No public PDF (the papers, and whatever packs are listed) holds the appendix's words.
    public.goto(&meeting).await;
    for link in public
        .client
        .find_all(Locator::Css("a[href*='/documents/']"))
        .await
        .expect("links")
    {
        let href = link.attr("href").await.expect("href").expect("a link");
        let (status, bytes) = server.get_bytes(&href);
        assert!(status.ends_with("200 OK"), "{href}: {status}");
        if bytes.starts_with(b"%PDF-") {
            assert!(
                !pdf_text(tmp, &bytes).contains(CANARY),
                "{href} holds the exempt appendix"
            );
        }
    }
    // The agenda pack holds the papers but not the appendix, and drops the withdrawn note
    // once the background job has followed the withdrawal; the minutes are there as a PDF.
    agenda_pack(&public, &server, tmp, &key, CANARY, |pack| {
        pack.contains(REPORT_TEXT) && pack.contains(WORD_TEXT) && !pack.contains(BRIEFING_TEXT)
    })
    .await;
    let minutes = public_pdf(
        &public,
        &server,
        tmp,
        "//a[starts-with(normalize-space(), 'Minutes, ')]",
    )
    .await
    .expect("the minutes as a PDF");
    for shown in [MINUTE_TEXT, VOTED, ACTION, "Councillor Alice Ashby", INTEREST] {
        assert!(minutes.contains(shown), "the minutes PDF lacks {shown:?}: {minutes}");
    }

    // The audit log: every step, with who and when.
    let rows = audit_rows(&admin).await;
    let finished = jiff::Timestamp::now();
    let steps = [
        ("Ada Admin", "account for Clara Clerk (clerk) added by Ada Admin".to_owned()),
        ("Ada Admin", "account for Sam Second (clerk) added by Ada Admin".to_owned()),
        ("Clara Clerk", "committee \"Planning Board\" added by Clara Clerk".to_owned()),
        ("Clara Clerk", "member Councillor Alice Ashby added by Clara Clerk".to_owned()),
        ("Clara Clerk", "Councillor Alice Ashby appointed to Planning Board by Clara Clerk".to_owned()),
        ("Clara Clerk", "meeting scheduled by Clara Clerk".to_owned()),
        ("Clara Clerk", format!("item {n} added by Clara Clerk: {ITEM_TITLE}")),
        ("Clara Clerk", format!("uploaded by Clara Clerk to item {n}")),
        (
            "Clara Clerk",
            format!("uploaded by Clara Clerk to item {n}; to be released as exempt under paragraph 3"),
        ),
        (
            "Clara Clerk",
            format!("uploaded by Clara Clerk to item {n} (converted from docx to PDF)"),
        ),
        ("Clara Clerk", "publication requested by Clara Clerk".to_owned()),
        (
            "Sam Second",
            "agenda published: requested by Clara Clerk, approved by Sam Second; late because: The meeting was arranged at short notice".to_owned(),
        ),
        ("Clara Clerk", "meeting recorded as held by Clara Clerk".to_owned()),
        ("Clara Clerk", "attendance of Councillor Alice Ashby recorded by Clara Clerk".to_owned()),
        ("Clara Clerk", "declaration of interest recorded by Clara Clerk".to_owned()),
        ("Clara Clerk", format!("annual meeting of {annual} added by Clara Clerk")),
        ("Clara Clerk", "minute 1 written by Clara Clerk".to_owned()),
        ("Clara Clerk", "vote on resolution 1 recorded by Clara Clerk".to_owned()),
        ("Clara Clerk", "publication of the draft minutes requested by Clara Clerk".to_owned()),
        (
            "Sam Second",
            "draft minutes published: requested by Clara Clerk, approved by Sam Second".to_owned(),
        ),
        (
            "Clara Clerk",
            format!("minutes approved as a correct record at the meeting of {next} (recorded by Clara Clerk)"),
        ),
        (
            "Clara Clerk",
            "withdrawn by Clara Clerk: Superseded by the report's corrected figures".to_owned(),
        ),
    ];
    let mut actors: std::collections::BTreeMap<&str, String> = std::collections::BTreeMap::new();
    for (name, note) in &steps {
        let row = rows
            .iter()
            .find(|r| r.get(4) == Some(note))
            .unwrap_or_else(|| panic!("the audit log lacks {note:?}"));
        let when = jiff::civil::DateTime::strptime("%-d %b %Y %H:%M:%S", &row[1])
            .unwrap_or_else(|e| panic!("{note:?} has no time ({:?}): {e}", row[1]))
            .to_zoned(london.clone())
            .expect("a London time")
            .timestamp();
        assert!(
            started - jiff::SignedDuration::from_secs(1) <= when && when <= finished,
            "{note:?} at {when}, not during the test"
        );
        // Each person is one actor in the log, named, whichever step it is.
        assert!(row[2].starts_with(name), "{note:?} is by {name}, not {:?}", row[2]);
        let actor = actors.entry(name).or_insert_with(|| row[2].clone());
        assert_eq!(*actor, row[2], "{note:?} is by {name}");
    }
    assert_eq!(
        actors.values().collect::<std::collections::BTreeSet<_>>().len(),
        3,
        "three people: {actors:?}"
    );
    admin.judge(&axe, "audit log", &mut failures).await;
    for person in [admin, clara, sam, public] {
        person.close().await;
    }
    assert!(server.stop().success());
    assert!(
        failures.is_empty(),
        "accessibility violations:\n{}",
        failures.join("\n")
    );
}
