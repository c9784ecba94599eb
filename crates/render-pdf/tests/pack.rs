#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! Packs made from the seed demo, read back with poppler's `pdftotext` as a reader's tools
//! would: the front sheet, the computed page ranges against the real page numbers, the two
//! editions, and refusals of unusable supplied files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use moot_demo::DemoSource;
use moot_domain::*;
use moot_render_pdf::{Publisher, Typesetter, follow};
use moot_store::{BlobStore, Filter, LocalBlobStore, Store, StoreExt, Stored};
use moot_store_sqlite::{OpenMode, SqliteStore, SqliteUrl};

struct Demo {
    store: Arc<dyn Store>,
    blobs: Arc<dyn BlobStore>,
    publisher: Publisher,
    council: Council,
    dir: tempfile::TempDir,
}

async fn demo() -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&SqliteUrl::File(dir.path().join("moot.db")), OpenMode::CreateIfMissing)
        .await
        .unwrap();
    store.migrate().await.unwrap();
    demo_on(Arc::new(store), dir).await
}

/// The demo on PostgreSQL, when the test server is there (it must be under CI).
async fn demo_on_postgres() -> Option<Demo> {
    let url = match std::env::var("MOOT_TEST_POSTGRES_URL") {
        Ok(url) => url,
        Err(_) if std::env::var("CI").as_deref() == Ok("true") => panic!("MOOT_TEST_POSTGRES_URL must be set under CI"),
        Err(_) => {
            eprintln!("notice: skipping the PostgreSQL half: MOOT_TEST_POSTGRES_URL is not set");
            return None;
        }
    };
    let schema = format!("moot_pdf_{}", uuid::Uuid::now_v7().simple());
    let store = moot_store_postgres::PgStore::open_in_schema(&url, &schema)
        .await
        .unwrap();
    store.migrate().await.unwrap();
    Some(demo_on(Arc::new(store), tempfile::tempdir().unwrap()).await)
}

async fn demo_on(store: Arc<dyn Store>, dir: tempfile::TempDir) -> Demo {
    moot_demo::load(&*store, &DemoSource::embedded()).await.unwrap();
    let blobs: Arc<dyn BlobStore> = Arc::new(LocalBlobStore::new(dir.path().join("files")));
    let publisher = Publisher::new(store.clone(), blobs.clone(), Typesetter::new().unwrap()).unwrap();
    let made = follow::refresh_all(&publisher).await.unwrap();
    assert!(made > 0, "the demo's PDFs are made");
    let council = moot_store::typed::<Council>(store.councils().await.unwrap().remove(0))
        .unwrap()
        .record;
    Demo {
        store,
        blobs,
        publisher,
        council,
        dir,
    }
}

impl Demo {
    async fn meeting(&self, date: &str) -> Meeting {
        let day: jiff::civil::Date = date.parse().unwrap();
        self.store
            .find::<Meeting>(self.council.id, &Filter::all())
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.record)
            .find(|m| m.starts_at.date() == day)
            .unwrap()
    }

    async fn documents(&self, meeting: &Meeting) -> Vec<Stored<Document>> {
        self.store
            .find::<Document>(self.council.id, &Filter::eq("meeting_id", meeting.id))
            .await
            .unwrap()
    }

    async fn pack(&self, meeting: &Meeting, edition: Edition) -> Stored<Document> {
        self.documents(meeting)
            .await
            .into_iter()
            .find(|d| d.record.generated.as_ref().and_then(|g| g.edition) == Some(edition))
            .unwrap_or_else(|| panic!("a {edition:?} pack"))
    }

    /// A clerk withdraws `paper`, published by mistake.
    async fn withdraw(&self, paper: &Stored<Document>) {
        let mut withdrawn = paper.record.clone();
        withdrawn.withdrawn = Some(Reasoned {
            by: Actor::parse("user:clerk").unwrap(),
            at: jiff::Timestamp::now(),
            reason: "published by mistake".to_owned(),
        });
        self.store
            .update(&Actor::parse("user:clerk").unwrap(), withdrawn, paper.version)
            .await
            .unwrap();
    }

    /// Writes a document's file out for poppler to read.
    async fn file(&self, doc: &Document) -> PathBuf {
        let f = doc.file.as_ref().expect("a file");
        let bytes = self.blobs.get(&f.hash).await.unwrap().expect("stored");
        let path = self.dir.path().join(&f.file_name);
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

fn pdftotext(path: &Path, page: Option<u32>) -> String {
    let mut cmd = Command::new("pdftotext");
    if let Some(p) = page {
        cmd.args(["-f", &p.to_string(), "-l", &p.to_string()]);
    }
    let out = cmd
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn page_count(path: &Path) -> u32 {
    let out = Command::new("pdfinfo").arg(path).output().expect("pdfinfo");
    let text = String::from_utf8(out.stdout).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(|n| n.trim().parse().unwrap())
        .unwrap()
}

/// The page ranges the front sheet prints, by item title, read from the text.
fn printed_range(front: &str, title: &str) -> Option<(u32, u32)> {
    let flat = front.split_whitespace().collect::<Vec<_>>().join(" ");
    let at = flat.find(title)? + title.len();
    let rest = flat[at..].trim_start();
    let inner = rest.strip_prefix('(')?.split(')').next()?;
    let nums: Vec<u32> = inner
        .trim_start_matches("Pages")
        .trim_start_matches("Page")
        .split('-')
        .map(|n| n.trim().parse().unwrap())
        .collect();
    Some((nums[0], *nums.last().unwrap()))
}

#[tokio::test]
async fn the_15_june_2021_pack_has_the_shape_of_seed_001() {
    let demo = demo().await;
    let meeting = demo.meeting("2021-06-15").await;
    let pack = demo.pack(&meeting, Edition::Public).await;
    let path = demo.file(&pack.record).await;
    let pages = page_count(&path);
    assert_eq!(pack.record.file.as_ref().unwrap().page_count, Some(pages));

    let front = pdftotext(&path, Some(1));
    for fact in [
        "IMPROVING LIVES SELECT COMMISSION",
        "Tuesday 15 June 2021 at 10.00 am",
        "Town Hall",
        "Pitchley (Chair)",
        "Cooksey (Vice Chair)",
        "There will be a pre-meeting for all members",
    ] {
        assert!(front.contains(fact), "front sheet lacks {fact:?}:\n{front}");
    }
    let mut sheet = String::new();
    let first_item_page = (1..=pages)
        .find(|p| {
            pdftotext(&path, Some(*p)).contains("Page ")
                && printed_range(&front, "and 22 March").is_some_and(|(a, _)| a == *p)
        })
        .expect("item 2's range starts on a real page");
    for p in 1..first_item_page {
        sheet.push_str(&pdftotext(&path, Some(p)));
    }
    assert!(sheet.contains("Sharon Kemp"), "the front sheet is signed");

    // Every item with papers prints a range, and each page of it is numbered as it falls.
    let mut expected_next = first_item_page;
    for title in [
        "Minutes of the previous meetings held on 9 and 22 March",
        "Rotherham Pause Practice - Impact Report",
        "Work Programme",
        "Sub and Project Group Updates",
    ] {
        let (first, last) = printed_range(&sheet, title).unwrap_or_else(|| panic!("no range printed for {title}"));
        assert_eq!(first, expected_next, "{title} starts where the one before ended");
        for p in first..=last {
            let text = pdftotext(&path, Some(p));
            assert!(
                text.lines().any(|l| l.trim() == format!("Page {p}")),
                "page {p} of the file is numbered {p}:\n{text}"
            );
        }
        expected_next = last + 1;
    }
    assert_eq!(expected_next - 1, pages, "the last item's range ends on the last page");
    for title in ["Apologies for Absence", "Declarations of Interest", "Urgent Business"] {
        assert!(
            printed_range(&sheet, title).is_none(),
            "{title} has no papers, so no range"
        );
    }

    // Item 2's range holds both sets of minutes, and nothing else.
    let (first, last) = printed_range(&sheet, "9 and 22 March").unwrap();
    let minutes: String = (first..=last).map(|p| pdftotext(&path, Some(p))).collect();
    assert!(minutes.contains("Tuesday 9 March 2021") && minutes.contains("Monday 22 March 2021"));
    assert!(!minutes.contains("Report cover sheet"));
    let after = pdftotext(&path, Some(last + 1));
    assert!(
        after.contains("Rotherham Pause Practice"),
        "item 7's report follows:\n{after}"
    );

    // The stored ranges are the printed ones.
    let stored = &pack.record.generated.as_ref().unwrap().pages;
    assert_eq!(stored.len(), 4);
    assert_eq!((stored[0].pages.first, stored[0].pages.last), (first, last));
}

#[tokio::test]
async fn postgres_makes_the_same_packs_as_sqlite() {
    let Some(pg) = demo_on_postgres().await else { return };
    let lite = demo().await;
    for date in ["2021-03-09", "2021-06-15"] {
        let (a, b) = (lite.meeting(date).await, pg.meeting(date).await);
        let (a, b) = (lite.pack(&a, Edition::Public).await, pg.pack(&b, Edition::Public).await);
        let ranges = |d: &Document| {
            d.generated
                .as_ref()
                .unwrap()
                .pages
                .iter()
                .map(|p| p.pages)
                .collect::<Vec<_>>()
        };
        assert_eq!(ranges(&a.record), ranges(&b.record), "{date}");
        let text_a = pdftotext(&lite.file(&a.record).await, None);
        let text_b = pdftotext(&pg.file(&b.record).await, None);
        assert_eq!(text_a, text_b, "{date}: the same text on both backends");
    }
}

#[tokio::test]
async fn the_public_pack_leaves_the_exempt_appendix_out_and_the_members_pack_marks_it() {
    let demo = demo().await;
    let meeting = demo.meeting("2021-06-15").await;
    let public = demo.file(&demo.pack(&meeting, Edition::Public).await.record).await;
    let members_doc = demo.pack(&meeting, Edition::Members).await;
    assert!(
        matches!(members_doc.record.visibility, Visibility::Exempt(_)),
        "the members' edition is itself exempt"
    );
    let members = demo.file(&members_doc.record).await;

    let public_text = pdftotext(&public, None);
    assert!(!public_text.contains("EXEMPT-CANARY-7f3a"));
    assert!(!public_text.contains("NOT FOR PUBLICATION"));
    assert!(
        public_text.contains("Exempt: paragraph 1 of Part 1 of Schedule 12A"),
        "the item stays, marked"
    );

    let pages = page_count(&members);
    assert_eq!(pages, page_count(&public) + 1, "the appendix is one page more");
    let canary_page = (1..=pages)
        .find(|p| pdftotext(&members, Some(*p)).contains("EXEMPT-CANARY-7f3a"))
        .expect("the members' pack has the appendix");
    let text = pdftotext(&members, Some(canary_page));
    assert!(
        text.contains("NOT FOR PUBLICATION - exempt under paragraph 1 of Part 1 of Schedule 12A"),
        "{text}"
    );
    let others = (1..=pages)
        .filter(|p| pdftotext(&members, Some(*p)).contains("NOT FOR PUBLICATION -"))
        .count();
    assert_eq!(others, 1, "only the exempt pages are marked");
}

#[tokio::test]
async fn refreshing_again_makes_nothing_and_the_minutes_pdf_reads_like_seed_001() {
    let demo = demo().await;
    assert_eq!(
        follow::refresh_all(&demo.publisher).await.unwrap(),
        0,
        "nothing changed, nothing made"
    );
    let meeting = demo.meeting("2021-03-09").await;
    let minutes = demo
        .documents(&meeting)
        .await
        .into_iter()
        .find(|d| d.record.item.is_none() && d.record.kind == DocumentKind::Minutes)
        .expect("the meeting's minutes PDF");
    let text = pdftotext(&demo.file(&minutes.record).await, None);
    for fact in [
        "IMPROVING LIVES SELECT COMMISSION",
        "Tuesday 9 March 2021",
        "Present:",
        "(in the Chair)",
        "Apologies for absence:",
        "140. MINUTES OF THE PREVIOUS MEETING HELD ON 26 JANUARY 2021",
        "Resolved:",
    ] {
        assert!(text.contains(fact), "minutes lack {fact:?}:\n{text}");
    }
    // Every page is numbered, out of the whole.
    let path = demo.file(&minutes.record).await;
    let pages = page_count(&path);
    assert!(pages > 1, "{pages}");
    for page in 1..=pages {
        let text = pdftotext(&path, Some(page));
        assert!(text.contains(&format!("Minutes, page {page} of {pages}")), "{text}");
    }
}

/// A supplied file replaces item 7's report: the pack is made again as a new version.
async fn supply(demo: &Demo, bytes: &[u8]) -> Result<moot_render_pdf::Refreshed, moot_render_pdf::RenderError> {
    let meeting = demo.meeting("2021-06-15").await;
    let report = demo
        .documents(&meeting)
        .await
        .into_iter()
        .find(|d| d.record.title == "Rotherham Pause Practice - Impact Report")
        .unwrap();
    let mut doc = report.record.clone();
    doc.file = Some(FileRef {
        hash: demo.blobs.put(bytes).await.unwrap(),
        size: bytes.len() as u64,
        media_type: "application/pdf".to_owned(),
        file_name: "report.pdf".to_owned(),
        page_count: None,
    });
    doc.generated = None;
    demo.store
        .update(&Actor::parse("test").unwrap(), doc, report.version)
        .await
        .unwrap();
    demo.publisher.refresh(&demo.council, meeting.id).await
}

#[tokio::test]
async fn a_real_supplied_report_goes_in_page_by_page_as_a_new_version() {
    let Some(shared) = moot_store_conformance::fixtures::shared_data() else {
        return;
    };
    let demo = demo().await;
    let meeting = demo.meeting("2021-06-15").await;
    let before = demo.pack(&meeting, Edition::Public).await;
    let supplied = std::fs::read(shared.join("fixtures/pdf/ZebraCrossing.pdf")).unwrap();
    let original = demo.dir.path().join("supplied.pdf");
    std::fs::write(&original, &supplied).unwrap();
    let supplied_pages = page_count(&original);
    let sample = pdftotext(&original, Some(1));
    let sample_words: Vec<&str> = sample.split_whitespace().take(6).collect();

    let made = supply(&demo, &supplied).await.unwrap();
    assert!(made.made.iter().any(|t| t == "Agenda pack"), "{made:?}");
    let after = demo.pack(&meeting, Edition::Public).await;
    assert_eq!(after.record.id, before.record.id, "the same document");
    assert!(after.version > before.version, "a new version");
    let path = demo.file(&after.record).await;
    let range = after.record.generated.as_ref().unwrap().pages[1].pages;
    // The cover sheet filled in on Moot's form opens the item, typeset in front of the file.
    let cover = pdftotext(&path, Some(range.first));
    assert!(cover.contains("Report cover sheet"), "{cover}");
    let first_of_report = (range.first + 1..=range.last)
        .find(|&p| {
            let text = pdftotext(&path, Some(p));
            sample_words.iter().all(|w| text.contains(w))
        })
        .expect("the supplied first page, carried over as it is, after the cover sheet");
    let text = pdftotext(&path, Some(first_of_report));
    assert!(text.lines().any(|l| l.trim() == format!("Page {first_of_report}")));
    // The cover sheet, the report's pages and the typeset appendix make up the item's range.
    assert!(range.last - range.first + 1 > supplied_pages);
}

/// An unusable supplied file cannot hold the pack back (the pack as it was would keep what
/// has since been withdrawn): the pack is made without it, says so against its item, and
/// names it and the problem for the clerk.
#[tokio::test]
async fn unusable_supplied_files_are_left_out_by_name_and_the_pack_is_made_without_them() {
    let demo = demo().await;
    let meeting = demo.meeting("2021-06-15").await;
    let before = demo.pack(&meeting, Edition::Public).await;
    let good = demo
        .blobs
        .get(&before.record.file.as_ref().unwrap().hash)
        .await
        .unwrap()
        .unwrap();

    let plain = demo.dir.path().join("plain.pdf");
    std::fs::write(&plain, &good).unwrap();
    let locked = demo.dir.path().join("locked.pdf");
    let qpdf = Command::new("qpdf")
        .args(["--encrypt", "user-secret", "owner-secret", "256", "--"])
        .arg(&plain)
        .arg(&locked)
        .status()
        .expect("qpdf is installed");
    assert!(qpdf.success());
    let mut corrupt = good.clone();
    corrupt.truncate(good.len() / 3);
    corrupt.extend_from_slice(b"garbage");

    let mut version = before.version;
    for (bytes, problem) in [
        (Vec::new(), "the file is empty (0 bytes)"),
        (corrupt, "the file is damaged"),
        (
            std::fs::read(&locked).unwrap(),
            "the file is encrypted (password-protected); ask its author for an unprotected copy",
        ),
    ] {
        let made = supply(&demo, &bytes).await.expect("made without it");
        assert!(made.made.iter().any(|t| t == "Agenda pack"), "{made:?}");
        let pack = demo.pack(&meeting, Edition::Public).await;
        assert!(pack.version > version, "a new version of the pack");
        version = pack.version;
        let problems = &pack.record.generated.as_ref().unwrap().problems;
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with(&format!(
                "\"Rotherham Pause Practice - Impact Report\" is not in the pack: {problem}"
            )),
            "{problems:?}"
        );
        let text = pdftotext(&demo.file(&pack.record).await, None);
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains("Rotherham Pause Practice - Impact Report is not included in this pack."),
            "{flat}"
        );
        assert!(flat.contains("Sally Hodges"), "the item's other paper is still there");
    }
}

/// When a pack cannot be made at all (here a paper's file has gone from the file store),
/// the pack as it was is taken down from both editions: no file, a draft the clerks alone
/// see, with the reason; it comes back once it can be made.
async fn check_a_pack_that_cannot_be_made_is_taken_down(demo: Demo) {
    let meeting = demo.meeting("2021-06-15").await;
    let appendix = demo
        .documents(&meeting)
        .await
        .into_iter()
        .find(|d| d.record.title.starts_with("Appendix 1 – Report on the impact"))
        .unwrap();
    let hash = appendix.record.file.as_ref().unwrap().hash.clone();
    let stored = demo
        .dir
        .path()
        .join("files")
        .join(&hash.as_str()[0..2])
        .join(&hash.as_str()[2..4])
        .join(hash.as_str());
    let kept = std::fs::read(&stored).unwrap();
    std::fs::remove_file(&stored).unwrap();
    // Something changes, so the packs must be made again.
    let report = demo
        .documents(&meeting)
        .await
        .into_iter()
        .find(|d| d.record.title == "Rotherham Pause Practice - Impact Report")
        .unwrap();
    demo.withdraw(&report).await;

    let made = demo.publisher.refresh(&demo.council, meeting.id).await.unwrap();
    assert_eq!(
        made.made,
        vec![
            "Agenda pack taken down".to_owned(),
            "Agenda pack (members' edition, with exempt papers) taken down".to_owned()
        ]
    );
    for edition in [Edition::Public, Edition::Members] {
        let pack = demo.pack(&meeting, edition).await.record;
        assert_eq!(pack.file, None, "{edition:?}: the old file is gone");
        assert_eq!(pack.visibility, Visibility::Draft, "{edition:?}: the clerks' alone");
        assert_eq!(
            pack.generated.unwrap().problems,
            vec![format!(
                "The pack could not be made, so it is not published: the document \"{}\" cannot go into the pack: its file is missing from the file store",
                appendix.record.title
            )]
        );
    }
    let again = demo.publisher.refresh(&demo.council, meeting.id).await.unwrap();
    assert!(
        again.made.is_empty(),
        "nothing more to write while it cannot be made: {again:?}"
    );

    // The file comes back: the packs are made and published again.
    std::fs::write(&stored, kept).unwrap();
    let made = demo.publisher.refresh(&demo.council, meeting.id).await.unwrap();
    assert_eq!(made.made.len(), 2, "{made:?}");
    for edition in [Edition::Public, Edition::Members] {
        let pack = demo.pack(&meeting, edition).await.record;
        assert!(pack.generated.as_ref().unwrap().problems.is_empty());
        let text = pdftotext(&demo.file(&pack).await, None);
        assert!(!text.contains("Joanne Kelly"), "{edition:?} lacks the withdrawn report");
    }
    assert_eq!(
        demo.pack(&meeting, Edition::Public).await.record.visibility,
        Visibility::Public
    );
}

#[tokio::test]
async fn a_pack_that_cannot_be_made_is_taken_down() {
    check_a_pack_that_cannot_be_made_is_taken_down(demo().await).await;
}

#[tokio::test]
async fn a_pack_that_cannot_be_made_is_taken_down_on_postgres() {
    if let Some(demo) = demo_on_postgres().await {
        check_a_pack_that_cannot_be_made_is_taken_down(demo).await;
    }
}

#[tokio::test]
async fn packs_carry_an_outline_per_item_and_document_a_title_and_a_language() {
    let demo = demo().await;
    let meeting = demo.meeting("2021-06-15").await;
    let members = demo.file(&demo.pack(&meeting, Edition::Members).await.record).await;
    let marks: Vec<(usize, String)> = bookmarks(&members)
        .into_iter()
        .map(|(depth, title, _)| (depth, title))
        .collect();
    let expected = [
        (0, "Front sheet and agenda"),
        (0, "2. Minutes of the previous meetings held on 9 and 22 March"),
        (1, "Minutes of the previous meetings held on 9 and 22 March"),
        (0, "7. Rotherham Pause Practice - Impact Report"),
        (1, "Rotherham Pause Practice - Impact Report"),
        (
            1,
            "Appendix 1 – Report on the impact of the Rotherham Pause Practice - March 2020",
        ),
        (1, "Appendix 2 – Pause women's journeys"),
        (0, "8. Work Programme"),
        (1, "Work Programme"),
        (
            0,
            "9. Improving Lives Select Commission - Sub and Project Group Updates",
        ),
        (1, "Improving Lives Select Commission - Sub and Project Group Updates"),
    ];
    let got: Vec<(usize, &str)> = marks.iter().map(|(d, t)| (*d, t.as_str())).collect();
    assert_eq!(got, expected);
    let info = Command::new("pdfinfo").arg(&members).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.contains("Improving Lives Select Commission, Tuesday 15 June 2021: agenda pack, members' edition"),
        "{info}"
    );
    let bytes = std::fs::read(&members).unwrap();
    assert!(
        bytes.windows(12).any(|w| w == b"/Lang(en-GB)"),
        "the catalogue names the language"
    );
}

#[tokio::test]
async fn a_pack_is_made_when_the_agenda_is_published_and_follows_its_papers_until_the_meeting() {
    let demo = demo().await;
    let actor = Actor::parse("test").unwrap();
    let june = demo.meeting("2021-06-15").await;
    let mut meeting = june.clone();
    meeting.id = MeetingId::new();
    meeting.starts_at = "2021-07-27T10:00:00".parse().unwrap();
    meeting.status = MeetingStatus::Scheduled;
    meeting.minutes_approved_at = None;
    let meeting = demo.store.create(&actor, meeting).await.unwrap();
    let item = AgendaItem {
        id: AgendaItemId::new(),
        council: demo.council.id,
        meeting: meeting.record.id,
        committee: meeting.record.committee,
        number: AgendaNumber::parse("1").unwrap(),
        title: "Post-CSE Support".to_owned(),
        description: None,
        kind: ItemKind::Business,
        exemption: None,
        urgency: None,
        awaiting_release: false,
        subject: None,
        approves_minutes_of: Vec::new(),
        published_pages: None,
        presenters: Vec::new(),
        minute: None,
    };
    demo.store.create(&actor, item.clone()).await.unwrap();
    let report = Document {
        id: DocumentId::new(),
        council: demo.council.id,
        meeting: Some(meeting.record.id),
        item: Some(item.id),
        position: 1,
        title: "Post-CSE Support: report of the sub-group".to_owned(),
        kind: DocumentKind::Report,
        file: None,
        visibility: Visibility::Public,
        authors: Vec::new(),
        cover_sheet: None,
        text: Some("The sub-group met four times.".to_owned()),
        published_as: None,
        generated: None,
        withdrawn: None,
        exempt_on_release: None,
        revisions: Vec::new(),
        original_of: None,
    };
    demo.store.create(&actor, report.clone()).await.unwrap();

    let nothing = demo.publisher.refresh(&demo.council, meeting.record.id).await.unwrap();
    assert!(
        nothing.made.is_empty(),
        "no pack before the agenda is published: {nothing:?}"
    );

    let mut published = meeting.record.clone();
    published.status = MeetingStatus::AgendaPublished;
    demo.store.update(&actor, published, meeting.version).await.unwrap();
    let made = demo.publisher.refresh(&demo.council, meeting.record.id).await.unwrap();
    assert_eq!(made.made, vec![report.title.clone(), "Agenda pack".to_owned()]);
    let pack = demo.pack(&meeting.record, Edition::Public).await;
    assert!(pdftotext(&demo.file(&pack.record).await, None).contains("The sub-group met four times."));

    // Before the meeting, a change to what Moot typesets is typeset again, and the pack follows.
    let stored = demo.store.fetch(demo.council.id, report.id).await.unwrap();
    let mut revised = stored.record.clone();
    revised.text = Some("The sub-group met five times.".to_owned());
    demo.store.update(&actor, revised, stored.version).await.unwrap();
    let made = demo.publisher.refresh(&demo.council, meeting.record.id).await.unwrap();
    assert_eq!(made.made.len(), 2, "{made:?}");
    let again = demo.pack(&meeting.record, Edition::Public).await;
    assert!(again.version > pack.version);
    assert!(pdftotext(&demo.file(&again.record).await, None).contains("met five times"));
    assert!(
        demo.publisher
            .refresh(&demo.council, meeting.record.id)
            .await
            .unwrap()
            .made
            .is_empty()
    );
}

#[tokio::test]
async fn a_withdrawn_paper_leaves_both_editions_of_the_pack() {
    let demo = demo().await;
    let meeting = demo.meeting("2021-06-15").await;
    let before = demo.pack(&meeting, Edition::Members).await;
    assert!(pdftotext(&demo.file(&before.record).await, None).contains("Sally Hodges"));
    let appendix = demo
        .documents(&meeting)
        .await
        .into_iter()
        .find(|d| d.record.title.starts_with("Appendix 1 – Report on the impact"))
        .unwrap();
    demo.withdraw(&appendix).await;
    let made = demo.publisher.refresh(&demo.council, meeting.id).await.unwrap();
    assert_eq!(made.made.len(), 2, "both editions remade: {made:?}");
    for edition in [Edition::Public, Edition::Members] {
        let pack = demo.pack(&meeting, edition).await;
        let text = pdftotext(&demo.file(&pack.record).await, None);
        assert!(
            !text.contains("Sally Hodges"),
            "{edition:?} still has the withdrawn appendix"
        );
        assert!(text.contains("Rotherham Pause Practice - Impact Report"));
    }
}

#[tokio::test]
async fn the_public_minutes_pdf_prints_markdown_as_text_and_withholds_private_headings_on_sqlite() {
    minutes_pdf_prints_what_the_public_may_read(demo().await).await;
}

#[tokio::test]
async fn the_public_minutes_pdf_prints_markdown_as_text_and_withholds_private_headings_on_postgres() {
    let Some(demo) = demo_on_postgres().await else { return };
    minutes_pdf_prints_what_the_public_may_read(demo).await;
}

/// A meeting in draft minutes with a public minute written in Markdown (with HTML pasted in),
/// an exempt one and a draft one, each with a heading of its own.
async fn minutes_pdf_prints_what_the_public_may_read(demo: Demo) {
    use moot_store_conformance::fixtures;
    let actor = Actor::parse("test").unwrap();
    let june = demo.meeting("2021-06-15").await;
    let committee: Committee = demo.store.fetch(demo.council.id, june.committee).await.unwrap().record;
    let series: MinuteSeries = demo
        .store
        .find::<MinuteSeries>(demo.council.id, &Filter::all())
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.record)
        .find(|s| s.committee == committee.id)
        .unwrap();
    let meeting = Meeting {
        status: MeetingStatus::DraftMinutes,
        ..fixtures::meeting(&committee, "2021-07-27T10:00:00".parse().unwrap())
    };
    demo.store.create(&actor, meeting.clone()).await.unwrap();
    let minuted = |number: &str, title: &str, minute: Minute| AgendaItem {
        minute: Some(minute),
        ..fixtures::item(&meeting, number, title)
    };
    let exemption = fixtures::exemption(3, "Commercial terms of the placements");
    for item in [
        minuted(
            "1",
            "Early Help review",
            Minute {
                text: "**Bold** <b>tag</b> <script>x</script>\n\n- traffic\n- parking".into(),
                text_visibility: Visibility::Public,
                ..fixtures::minute(&series, 901, "Early Help review")
            },
        ),
        AgendaItem {
            exemption: Some(exemption.clone()),
            ..minuted(
                "2",
                "Placement costs",
                Minute {
                    text: "EXEMPT-TEXT-CANARY-9b2d".into(),
                    text_visibility: Visibility::Exempt(exemption.clone()),
                    ..fixtures::minute(&series, 902, "EXEMPT-HEADING-CANARY-9b2d")
                },
            )
        },
        minuted(
            "3",
            "Budget update",
            Minute {
                text: "DRAFT-TEXT-CANARY-4e1c".into(),
                ..fixtures::minute(&series, 903, "DRAFT-HEADING-CANARY-4e1c")
            },
        ),
    ] {
        demo.store.create(&actor, item).await.unwrap();
    }
    demo.publisher.refresh(&demo.council, meeting.id).await.unwrap();
    let minutes = demo
        .documents(&meeting)
        .await
        .into_iter()
        .find(|d| d.record.item.is_none() && d.record.kind == DocumentKind::Minutes)
        .expect("the meeting's minutes PDF");
    assert_eq!(minutes.record.visibility, Visibility::Public);
    let text = pdftotext(&demo.file(&minutes.record).await, None);
    let expected = [
        "901. EARLY HELP REVIEW",
        "Bold tag x",
        "• traffic",
        "• parking",
        "902. PLACEMENT COSTS",
        "This minute records exempt information and is not published.",
        "903. BUDGET UPDATE",
        "This minute is a draft and is not yet published.",
    ];
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| expected.contains(l)).collect();
    assert_eq!(lines, expected, "{text}");
    for hidden in ["**", "<", ">", "CANARY"] {
        assert!(!text.contains(hidden), "the public minutes show {hidden:?}:\n{text}");
    }
}

/// Each bookmark of a pack, flattened: depth, title and the page it opens at.
fn bookmarks(path: &Path) -> Vec<(usize, String, u32)> {
    let out = Command::new("qpdf")
        .args(["--json", "--json-key=outlines"])
        .arg(path)
        .output()
        .expect("qpdf");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    fn walk(items: &serde_json::Value, depth: usize, out: &mut Vec<(usize, String, u32)>) {
        for item in items.as_array().into_iter().flatten() {
            let page = item["destpageposfrom1"].as_u64().expect("a page") as u32;
            out.push((depth, item["title"].as_str().unwrap_or_default().to_owned(), page));
            walk(&item["kids"], depth + 1, out);
        }
    }
    let mut flat = Vec::new();
    walk(&json["outlines"], 0, &mut flat);
    flat
}

/// Which paper (its item's section title and its own part title) each page of the pack
/// holds, by the outline: `None` for the front sheet.
fn papers_by_page(path: &Path) -> Vec<Option<(String, String)>> {
    let pages = page_count(path);
    let marks = bookmarks(path);
    let mut owners = vec![None; pages as usize];
    let mut item = String::new();
    let starts: Vec<(String, String, u32)> = marks
        .iter()
        .filter_map(|(depth, title, page)| match depth {
            0 => {
                item = title.clone();
                None
            }
            _ => Some((item.clone(), title.clone(), *page)),
        })
        .collect();
    for (n, (item, paper, first)) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(pages + 1, |next| next.2);
        for page in *first..end {
            owners[page as usize - 1] = Some((item.clone(), paper.clone()));
        }
    }
    owners
}

fn text_of(object: &lopdf::Object) -> String {
    match object {
        lopdf::Object::String(bytes, _) if bytes.starts_with(&[0xFE, 0xFF]) => {
            let units: Vec<u16> = bytes[2..].chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
            String::from_utf16_lossy(&units)
        }
        lopdf::Object::String(bytes, _) => String::from_utf8_lossy(bytes).into_owned(),
        _ => String::new(),
    }
}

/// Reads a pack's structure tree as a screen reader finds it from each page: every marked
/// piece of a page's content, through the page's `StructParents` and the parent tree, to the
/// element that holds it, and from there up to the paper (`Part`) and item (`Sect`) it sits
/// in. Returns, by page, the (section, part) every marked piece leads to.
fn structure_by_page(path: &Path) -> Vec<BTreeSet<Option<(String, String)>>> {
    use lopdf::{Document, Object};
    let doc = Document::load(path).unwrap();
    let deref = |o: &Object| -> Object {
        match o {
            Object::Reference(id) => doc.get_object(*id).unwrap().clone(),
            other => other.clone(),
        }
    };
    let catalog = doc.catalog().unwrap();
    assert_eq!(
        deref(catalog.get(b"MarkInfo").unwrap())
            .as_dict()
            .unwrap()
            .get(b"Marked")
            .unwrap(),
        &Object::Boolean(true)
    );
    let root = deref(catalog.get(b"StructTreeRoot").expect("a structure tree"));
    let root = root.as_dict().unwrap();
    let tree = deref(root.get(b"ParentTree").unwrap());
    let nums = deref(tree.as_dict().unwrap().get(b"Nums").expect("one flat parent tree"));
    let nums = nums.as_array().unwrap();
    let parent_tree: BTreeMap<i64, Object> = nums
        .chunks(2)
        .map(|pair| (pair[0].as_i64().unwrap(), pair[1].clone()))
        .collect();
    let next_key = root.get(b"ParentTreeNextKey").unwrap().as_i64().unwrap();
    assert!(parent_tree.keys().all(|k| *k < next_key));

    let mut found = Vec::new();
    for (number, page) in doc.get_pages() {
        let page_dict = doc.get_dictionary(page).unwrap();
        let mcids: Vec<i64> = doc
            .get_and_decode_page_content(page)
            .unwrap()
            .operations
            .iter()
            .filter(|op| op.operator == "BDC")
            .filter_map(|op| op.operands.get(1))
            .filter_map(|props| deref(props).as_dict().ok().and_then(|d| d.get(b"MCID").ok()).cloned())
            .map(|mcid| mcid.as_i64().unwrap())
            .collect();
        let mut owners = BTreeSet::new();
        if mcids.is_empty() {
            found.push(owners);
            continue;
        }
        let key = page_dict
            .get(b"StructParents")
            .unwrap_or_else(|_| panic!("page {number} has marked content but no StructParents"))
            .as_i64()
            .unwrap();
        let elements = deref(&parent_tree[&key]);
        let elements = elements.as_array().unwrap();
        for mcid in mcids {
            let element_ref = elements[mcid as usize].as_reference().unwrap();
            let element = doc.get_dictionary(element_ref).unwrap();
            // The element the parent tree names holds this very piece of this very page.
            let kids = match deref(element.get(b"K").unwrap()) {
                Object::Array(kids) => kids,
                one => vec![one],
            };
            let holds = kids.iter().any(|kid| match deref(kid) {
                Object::Integer(n) => n == mcid && element.get(b"Pg").and_then(Object::as_reference).ok() == Some(page),
                Object::Dictionary(mcr) => {
                    mcr.get(b"MCID").and_then(Object::as_i64).ok() == Some(mcid)
                        && mcr
                            .get(b"Pg")
                            .or_else(|_| element.get(b"Pg"))
                            .and_then(Object::as_reference)
                            .ok()
                            == Some(page)
                }
                _ => false,
            });
            assert!(holds, "page {number}, MCID {mcid}: the element named does not hold it");
            // Up to the Part under a Sect, or to the Document (the front sheet's own).
            let mut at = element_ref;
            let mut owner = None;
            for _ in 0..64 {
                let here = doc.get_dictionary(at).unwrap();
                let Ok(parent) = here.get(b"P").and_then(Object::as_reference) else {
                    break;
                };
                let above = doc.get_dictionary(parent).unwrap();
                if above.get(b"S").and_then(Object::as_name).ok() == Some(&b"Sect"[..]) {
                    assert_eq!(here.get(b"S").unwrap().as_name().unwrap(), b"Part");
                    owner = Some((text_of(above.get(b"T").unwrap()), text_of(here.get(b"T").unwrap())));
                    break;
                }
                at = parent;
            }
            owners.insert(owner);
        }
        found.push(owners);
    }
    found
}

/// Every font `pdffonts` lists (those of the pages and of the forms drawn on them) is embedded.
fn unembedded_fonts(path: &Path) -> Vec<String> {
    let out = Command::new("pdffonts").arg(path).output().expect("pdffonts");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().count() > 2, "the pack has fonts: {text}");
    // Names can run into the next column; the last five are emb, sub, uni and the object.
    text.lines()
        .skip(2)
        .filter(|l| {
            let fields: Vec<&str> = l.split_whitespace().collect();
            fields.len() < 5 || fields[fields.len() - 5] != "yes"
        })
        .map(str::to_owned)
        .collect()
}

/// The pack is one tagged document: each page's content leads, through the parent tree, to
/// the structure of the paper the page belongs to (the front sheet's own, or the paper's
/// Part under its item's Sect), never to another paper's; the printed page ranges agree
/// with where each item's structure sits; every font is embedded; and the pack names its
/// author. A real council's supplied (tagged) report is among the papers.
#[tokio::test]
async fn each_page_of_a_pack_leads_to_the_structure_of_its_own_paper() {
    let demo = demo().await;
    let meeting = demo.meeting("2021-06-15").await;
    // Papers Moot typesets meet PDF/UA-1 as far as a machine can check, and so does a pack
    // made of them alone, which says so.
    for edition in [Edition::Public, Edition::Members] {
        let path = demo.file(&demo.pack(&meeting, edition).await.record).await;
        assert_eq!(pdfua_findings(&path), BTreeSet::new(), "{edition:?}");
        assert!(xmp_of(&path).contains("<pdfuaid:part>1</pdfuaid:part>"));
        assert_tagged_by_paper(&demo, &meeting, edition).await;
    }
    // A council's own report, tagged by Word but short of PDF/UA: the pack keeps its tags
    // and no longer claims PDF/UA-1.
    if let Some(shared) = moot_store_conformance::fixtures::shared_data() {
        let supplied = std::fs::read(shared.join("fixtures/pdf/ZebraCrossing.pdf")).unwrap();
        supply(&demo, &supplied).await.unwrap();
        for edition in [Edition::Public, Edition::Members] {
            assert_tagged_by_paper(&demo, &meeting, edition).await;
            let path = demo.file(&demo.pack(&meeting, edition).await.record).await;
            let xmp = xmp_of(&path);
            assert!(!xmp.contains("pdfuaid:part"), "{xmp}");
            let pages = page_count(&path);
            assert!(
                xmp.contains(&format!("<xmpTPg:NPages>{pages}</xmpTPg:NPages>")),
                "{xmp}"
            );
        }
    }
}

/// The pack's XMP metadata, as text.
fn xmp_of(path: &Path) -> String {
    let doc = lopdf::Document::load(path).unwrap();
    let id = doc.catalog().unwrap().get(b"Metadata").unwrap().as_reference().unwrap();
    let lopdf::Object::Stream(stream) = doc.get_object(id).unwrap() else {
        panic!("a stream")
    };
    String::from_utf8(stream.get_plain_content().unwrap()).unwrap()
}

async fn assert_tagged_by_paper(demo: &Demo, meeting: &Meeting, edition: Edition) {
    {
        let pack = demo.pack(meeting, edition).await;
        let path = demo.file(&pack.record).await;
        let expected = papers_by_page(&path);
        let found = structure_by_page(&path);
        assert_eq!(expected.len(), found.len());
        let front_pages = expected.iter().take_while(|o| o.is_none()).count();
        assert!(front_pages >= 1);
        for (n, (expected, found)) in expected.iter().zip(&found).enumerate() {
            assert!(!found.is_empty(), "{edition:?} page {}: no tagged content", n + 1);
            assert_eq!(
                found,
                &BTreeSet::from([expected.clone()]),
                "{edition:?} page {}: its content leads to another paper's structure",
                n + 1
            );
        }
        // The ranges the front sheet prints are where each item's structure sits.
        let front: String = (1..=front_pages as u32).map(|p| pdftotext(&path, Some(p))).collect();
        let mut checked = 0;
        for (depth, title, _) in bookmarks(&path).into_iter().filter(|(d, _, _)| *d == 0).skip(1) {
            assert_eq!(depth, 0);
            let (_, heading) = title.split_once(". ").unwrap();
            let (first, last) = printed_range(&front, heading).unwrap_or_else(|| panic!("{title}: {front}"));
            let pages: Vec<u32> = (1..=expected.len() as u32)
                .filter(|&p| matches!(&expected[p as usize - 1], Some((item, _)) if *item == title))
                .collect();
            assert_eq!((first, last), (pages[0], *pages.last().unwrap()), "{title}");
            checked += 1;
        }
        assert!(checked >= 4, "{checked} items with papers");

        assert_eq!(unembedded_fonts(&path), Vec::<String>::new(), "{edition:?}");
        let info = Command::new("pdfinfo").arg(&path).output().unwrap();
        let info = String::from_utf8_lossy(&info.stdout);
        assert!(
            info.contains("Author:          Rotherham Metropolitan Borough Council"),
            "{info}"
        );
        assert!(info.contains("Tagged:          yes"), "{info}");

        // The machine-checkable PDF/UA-1 rules find nothing in the pack that they do not
        // find in one of its papers.
        let mut papers = BTreeSet::new();
        for paper in demo.documents(meeting).await {
            let is_pack = paper.record.kind == DocumentKind::AgendaPack;
            if let (false, Some(_)) = (is_pack, &paper.record.file) {
                papers.extend(pdfua_findings(&demo.file(&paper.record).await));
            }
        }
        let in_pack = pdfua_findings(&path);
        let new: Vec<&String> = in_pack.difference(&papers).collect();
        assert!(new.is_empty(), "{edition:?}: {new:?} (papers: {papers:?})");
    }
}

/// The rules Python's `pdfua` (on pikepdf) finds broken in a PDF, with their severity.
fn pdfua_findings(path: &Path) -> BTreeSet<String> {
    let out = Command::new("python3")
        .args(["-m", "pdfua", "check", "--format", "json"])
        .arg(path)
        .output()
        .expect("python3");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "pdfua (scripts/install-deps installs it) said: {e}: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            format!(
                "{} ({})",
                f["rule_id"].as_str().unwrap(),
                f["severity"].as_str().unwrap()
            )
        })
        .collect()
}
