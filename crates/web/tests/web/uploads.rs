//! Uploading papers: checked by content and size, named safely, stored as drafts; refused
//! with a clear message, and nothing saved, when the file is wrong.

use crate::common;

use crate::common::{TestApp, account, council, get, hidden_csrf, send, session_of};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use moot_domain::*;
use moot_store::{Filter, StoreExt};
use moot_store_conformance::fixtures::pdf;

const JUNE: &str = "2021-06-15-improving-lives-select-commission";
const BOUNDARY: &str = "moot-test-boundary";

fn multipart(cookie: &str, fields: &[(&str, &str)], file_name: &str, bytes: &[u8]) -> Request<Body> {
    multipart_to(
        &format!("/workspace/meetings/{JUNE}/items/8/documents"),
        cookie,
        fields,
        file_name,
        bytes,
    )
}

pub(crate) fn multipart_to(
    path: &str,
    cookie: &str,
    fields: &[(&str, &str)],
    file_name: &str,
    bytes: &[u8],
) -> Request<Body> {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/pdf\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    Request::post(path)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .unwrap()
}

async fn papers_of_item_8(app: &TestApp) -> Vec<Document> {
    let c = council(&*app.store).await;
    let (_, june) = moot_store::lookup::meeting_by_key(&*app.store, c.id, JUNE)
        .await
        .unwrap()
        .unwrap();
    let item = app
        .store
        .find::<AgendaItem>(c.id, &Filter::eq("meeting_id", june.id))
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.record.number.to_string() == "8")
        .unwrap()
        .record;
    app.store
        .find::<Document>(c.id, &Filter::eq("item_id", item.id))
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.record)
        .collect()
}

#[tokio::test]
async fn a_pdf_is_stored_as_a_draft_with_a_safe_name_and_bad_files_are_refused_by_name() {
    let app = TestApp::sqlite().await.with_demo().await;
    account(&app, "clerk@example.org", AccountRole::Clerk, None).await;
    let clerk = session_of(&app, "clerk@example.org").await;
    let (_, _, page) = send(&app.state, get(&format!("/workspace/meetings/{JUNE}"), &clerk)).await;
    assert!(page.contains("enctype=\"multipart/form-data\""));
    let csrf = hidden_csrf(&page);
    let before = papers_of_item_8(&app).await.len();
    let fields = [
        ("csrf", csrf.as_str()),
        ("title", "Work programme, July update"),
        ("kind", "report"),
    ];

    for (name, bytes, expect) in [
        (
            "report.pdf",
            b"PK\x03\x04 a zip of photos".to_vec(),
            "is neither a PDF nor a Word",
        ),
        (
            "report.docx",
            b"PK\x03\x04 word/document.xml but not really".to_vec(),
            "could not be converted to PDF",
        ),
        (
            "big.pdf",
            [b"%PDF-1.7 ".as_slice(), &vec![b'x'; 25 * 1024 * 1024]].concat(),
            "larger than 25 MB",
        ),
        (
            "huge.pdf",
            [b"%PDF-1.7 ".as_slice(), &vec![b'x'; 27 * 1024 * 1024]].concat(),
            "larger than 25 MB",
        ),
        ("empty.pdf", Vec::new(), "was empty"),
    ] {
        let (status, _, message) = send(&app.state, multipart(&clerk, &fields, name, &bytes)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert!(message.contains(expect), "{name}: {message}");
    }
    let (status, _, _) = send(
        &app.state,
        multipart(&clerk, &[("title", "t"), ("kind", "report")], "a.pdf", &pdf("x")),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "no form token");
    assert_eq!(papers_of_item_8(&app).await.len(), before, "nothing half-saved");

    let bytes = &pdf("the July update");
    let (status, _, _) = send(
        &app.state,
        multipart(&clerk, &fields, "../../Work Programme (July).pdf", bytes),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let papers = papers_of_item_8(&app).await;
    assert_eq!(papers.len(), before + 1);
    let new = papers
        .iter()
        .find(|d| d.title == "Work programme, July update")
        .unwrap();
    assert_eq!(new.visibility, Visibility::Draft, "a draft until publication");
    let file = new.file.as_ref().unwrap();
    assert_eq!(file.file_name, "Work-Programme-July.pdf");
    assert_eq!(&app.state.blobs.get(&file.hash).await.unwrap().unwrap(), bytes);
    let (status, _, _) = app.get(&format!("/documents/{}/{}", new.id, file.file_name)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "the public cannot fetch a draft");
    let (status, _, _) = send(
        &app.state,
        get(&format!("/documents/{}/{}", new.id, file.file_name), &clerk),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "the clerk can");
}

#[tokio::test]
async fn an_appendix_of_a_public_item_can_be_marked_exempt_and_the_paragraph_is_checked() {
    let app = TestApp::sqlite().await.with_demo().await;
    account(&app, "clerk@example.org", AccountRole::Clerk, None).await;
    let clerk = session_of(&app, "clerk@example.org").await;
    let (_, _, page) = send(&app.state, get(&format!("/workspace/meetings/{JUNE}"), &clerk)).await;
    let csrf = hidden_csrf(&page);
    let before = papers_of_item_8(&app).await.len();
    for (paragraph, reason, expect) in [
        ("9", "Names a family", "9 is not a paragraph of Part 1"),
        ("one", "Names a family", "is not a paragraph of Schedule 12A"),
        ("1", " ", "exemption reason"),
    ] {
        let fields = [
            ("csrf", csrf.as_str()),
            ("title", "Appendix 2 - case studies"),
            ("kind", "appendix"),
            ("exempt_paragraph", paragraph),
            ("exempt_reason", reason),
        ];
        let (status, _, message) = send(&app.state, multipart(&clerk, &fields, "a.pdf", &pdf("x"))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{paragraph}");
        assert!(message.contains(expect), "{paragraph}: {message}");
    }
    assert_eq!(papers_of_item_8(&app).await.len(), before, "nothing half-saved");
    let fields = [
        ("csrf", csrf.as_str()),
        ("title", "Appendix 2 - case studies"),
        ("kind", "appendix"),
        ("exempt_paragraph", "1"),
        ("exempt_reason", "Names the families in the case studies"),
    ];
    let (status, _, _) = send(&app.state, multipart(&clerk, &fields, "a.pdf", &pdf("x"))).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let appendix = papers_of_item_8(&app)
        .await
        .into_iter()
        .find(|d| d.title == "Appendix 2 - case studies")
        .unwrap();
    assert_eq!(appendix.kind, DocumentKind::Appendix);
    assert_eq!(appendix.visibility, Visibility::Draft);
    let exemption = appendix.exempt_on_release.as_ref().expect("marked exempt");
    assert_eq!(exemption.paragraph.number(), 1);
    assert_eq!(exemption.reason, "Names the families in the case studies");
    let (_, _, page) = send(&app.state, get(&format!("/workspace/meetings/{JUNE}"), &clerk)).await;
    assert!(page.contains("draft, to be released as exempt under paragraph 1"));
}

#[tokio::test]
async fn report_authors_may_upload_and_are_named_as_authors_but_councillors_may_not() {
    let app = TestApp::sqlite().await.with_demo().await;
    let c = council(&*app.store).await;
    let officer = app
        .store
        .find::<Officer>(c.id, &Filter::all())
        .await
        .unwrap()
        .remove(0)
        .record;
    let author = account(&app, "author@example.org", AccountRole::ReportAuthor, None).await;
    let stored = app.store.fetch(c.id, author.id).await.unwrap();
    let mut with_officer = stored.record.clone();
    with_officer.officer = Some(officer.id);
    app.store
        .update(&Actor::parse("test").unwrap(), with_officer, stored.version)
        .await
        .unwrap();
    account(&app, "pitchley@example.org", AccountRole::Member, Some("pitchley")).await;

    let cookie = session_of(&app, "author@example.org").await;
    let (_, _, any) = send(&app.state, get("/account", &cookie)).await;
    let csrf = hidden_csrf(&any);
    let fields = [
        ("csrf", csrf.as_str()),
        ("title", "Officer's report"),
        ("kind", "report"),
    ];
    let (status, _, _) = send(&app.state, multipart(&cookie, &fields, "r.pdf", &pdf("r"))).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let new = papers_of_item_8(&app)
        .await
        .into_iter()
        .find(|d| d.title == "Officer's report")
        .unwrap();
    assert_eq!(new.authors, vec![officer.id]);

    let member = session_of(&app, "pitchley@example.org").await;
    let (_, _, any) = send(&app.state, get("/account", &member)).await;
    let csrf = hidden_csrf(&any);
    let fields = [("csrf", csrf.as_str()), ("title", "Mine"), ("kind", "report")];
    let (status, _, _) = send(&app.state, multipart(&member, &fields, "m.pdf", &pdf("m"))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = send(&app.state, multipart("", &fields, "m.pdf", &pdf("m"))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

/// A real Word file, made by LibreOffice from text (LibreOffice must be there under CI).
fn word_file(dir: &std::path::Path) -> Option<Vec<u8>> {
    let has_soffice = std::process::Command::new("soffice").arg("--version").output().is_ok();
    if !has_soffice {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "LibreOffice must be installed under CI"
        );
        eprintln!("notice: skipping: LibreOffice (soffice) is not installed");
        return None;
    }
    let docx = moot_store_conformance::fixtures::word_file(
        dir,
        "Report of the Strategic Director\n\nWORD-CANARY the budget is balanced.\n",
    );
    Some(std::fs::read(docx).unwrap())
}

#[tokio::test]
async fn a_word_file_arrives_as_a_pdf_and_the_original_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let Some(docx) = word_file(dir.path()) else { return };
    let app = TestApp::sqlite().await.with_demo().await;
    account(&app, "clerk@example.org", AccountRole::Clerk, None).await;
    let clerk = session_of(&app, "clerk@example.org").await;
    let (_, _, page) = send(&app.state, get(&format!("/workspace/meetings/{JUNE}"), &clerk)).await;
    let csrf = hidden_csrf(&page);
    let fields = [("csrf", csrf.as_str()), ("title", "Budget report"), ("kind", "report")];
    let (status, _, message) = send(&app.state, multipart(&clerk, &fields, "Budget Report.docx", &docx)).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{message}");
    let papers = papers_of_item_8(&app).await;
    let pdf = papers.iter().find(|d| d.title == "Budget report").unwrap();
    let file = pdf.file.as_ref().unwrap();
    assert_eq!(
        (file.media_type.as_str(), file.file_name.as_str()),
        ("application/pdf", "Budget-Report.pdf")
    );
    let bytes = app.state.blobs.get(&file.hash).await.unwrap().unwrap();
    let path = dir.path().join("converted.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let text = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains("WORD-CANARY the budget is balanced"));
    let original = papers
        .iter()
        .find(|d| d.title == "Budget report (original docx file)")
        .unwrap();
    let kept = original.file.as_ref().unwrap();
    assert_eq!(kept.file_name, "Budget-Report.docx");
    assert_eq!(
        app.state.blobs.get(&kept.hash).await.unwrap().unwrap(),
        docx,
        "the original, byte for byte"
    );
    assert_eq!(original.visibility, Visibility::Draft);
    assert_eq!(original.original_of, Some(pdf.id));
    assert_eq!(
        moot_domain::publication::on_publication(original, &[]),
        None,
        "an office original is kept for the record, never released"
    );
    assert!(moot_domain::publication::on_publication(pdf, &[]).is_some());
}

#[tokio::test]
async fn a_published_paper_gets_a_new_version_at_the_same_address_with_its_reason_shown() {
    let app = TestApp::sqlite().await.with_demo().await;
    account(&app, "clerk@example.org", AccountRole::Clerk, None).await;
    account(&app, "admin@example.org", AccountRole::Admin, None).await;
    let clerk = session_of(&app, "clerk@example.org").await;
    let c = council(&*app.store).await;
    let item = papers_of_item_8(&app).await[0].item.unwrap();
    let item = app.store.fetch::<AgendaItem>(c.id, item).await.unwrap().record;
    let old = &pdf("the figures as first published");
    let file = FileRef {
        hash: app.state.blobs.put(old).await.unwrap(),
        size: old.len() as u64,
        media_type: "application/pdf".into(),
        file_name: "Budget-monitoring.pdf".into(),
        page_count: None,
    };
    let paper = Document {
        file: Some(file),
        visibility: Visibility::Public,
        ..moot_store_conformance::fixtures::document(&item, "Budget monitoring", DocumentKind::Report)
    };
    let stored = app
        .store
        .create(&Actor::parse("test").unwrap(), paper.clone())
        .await
        .unwrap();
    let url = format!("/documents/{}/Budget-monitoring.pdf", paper.id);
    let replace = format!("/workspace/documents/{}/replace", paper.id);
    let (_, _, page) = send(&app.state, get(&format!("/workspace/meetings/{JUNE}"), &clerk)).await;
    assert!(page.contains(&format!("action=\"/workspace/documents/{}/replace\"", paper.id)));
    let csrf = hidden_csrf(&page);
    let version = stored.version.to_string();
    let new = &pdf("the corrected figures");
    for (fields, bytes, expect) in [
        (
            vec![("csrf", csrf.as_str()), ("version", version.as_str()), ("reason", " ")],
            new.as_slice(),
            "Give the reason for the new version",
        ),
        (
            vec![
                ("csrf", csrf.as_str()),
                ("version", version.as_str()),
                ("reason", "Corrected figures"),
            ],
            b"GIF89a not a report".as_slice(),
            "is neither a PDF nor a Word",
        ),
    ] {
        let (status, _, message) = send(&app.state, multipart_to(&replace, &clerk, &fields, "b.pdf", bytes)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(message.contains(expect), "{message}");
    }
    assert_eq!(
        app.store.fetch::<Document>(c.id, paper.id).await.unwrap().version,
        stored.version
    );
    let fields = [
        ("csrf", csrf.as_str()),
        ("version", version.as_str()),
        ("reason", "Corrected figures in table 2"),
        ("meeting", JUNE),
    ];
    let (status, headers, message) = send(&app.state, multipart_to(&replace, &clerk, &fields, "b.pdf", new)).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{message}");
    assert_eq!(headers.get("location").unwrap(), &format!("/workspace/meetings/{JUNE}"));
    let (status, _, body) = app.get(&url).await;
    assert_eq!(
        (status, body.as_bytes()),
        (StatusCode::OK, new.as_slice()),
        "the same address serves the new file"
    );
    let (_, _, public) = app.get(&format!("/meetings/{JUNE}")).await;
    let today = moot_domain::wording::long_date(jiff::Zoned::now().date());
    assert!(
        public.contains(&format!("(Revised {today}: Corrected figures in table 2)")),
        "{public}"
    );
    let admin = session_of(&app, "admin@example.org").await;
    let (_, _, audit) = send(&app.state, get("/admin/audit", &admin)).await;
    assert!(
        audit.contains("new version of &#34;Budget monitoring&#34; uploaded by clerk: Corrected figures in table 2")
    );

    // A document Moot makes itself from the records is not replaced by hand.
    let report = Document {
        generated: Some(Generated {
            fingerprint: "0".repeat(64),
            edition: None,
            pages: Vec::new(),
            problems: Vec::new(),
        }),
        ..moot_store_conformance::fixtures::document(&item, "Minutes", DocumentKind::Minutes)
    };
    app.store
        .create(&Actor::parse("test").unwrap(), report.clone())
        .await
        .unwrap();
    let v = app
        .store
        .fetch::<Document>(c.id, report.id)
        .await
        .unwrap()
        .version
        .to_string();
    let fields = [("csrf", csrf.as_str()), ("version", v.as_str()), ("reason", "x")];
    let (status, _, message) = send(
        &app.state,
        multipart_to(
            &format!("/workspace/documents/{}/replace", report.id),
            &clerk,
            &fields,
            "b.pdf",
            new,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message.contains("Moot makes this document itself"), "{message}");
}

#[tokio::test]
async fn a_report_author_added_by_an_admin_works_on_their_own_papers_only() {
    let app = TestApp::sqlite().await.with_demo().await;
    account(&app, "admin@example.org", AccountRole::Admin, None).await;
    let admin = session_of(&app, "admin@example.org").await;
    let c = council(&*app.store).await;
    let officer = app
        .store
        .find::<Officer>(c.id, &Filter::eq("name", "Sharon Kemp"))
        .await
        .unwrap()
        .remove(0)
        .record;
    let (_, _, page) = send(&app.state, get("/admin/accounts", &admin)).await;
    assert!(page.contains(&format!("<option value=\"{}\">Sharon Kemp</option>", officer.id)));
    let csrf = hidden_csrf(&page);
    let body = |officer: &str| {
        format!(
            "csrf={csrf}&name=Sharon+Kemp&email=sharon%40example.org&role=report_author&member=&officer={officer}&password={}",
            common::encode(common::PASSWORD)
        )
    };
    let (status, _, message) = send(&app.state, common::form("/admin/accounts", &admin, &body(""))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message.contains("tied to their officer record"), "{message}");
    let (status, _, message) = send(
        &app.state,
        common::form("/admin/accounts", &admin, &body(&officer.id.to_string())),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{message}");

    let author = session_of(&app, "sharon@example.org").await;
    let (status, _, home) = send(&app.state, get("/workspace", &author)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(home.contains(&format!("/workspace/meetings/{JUNE}")) && !home.contains("Schedule a meeting"));
    let (status, _, page) = send(&app.state, get(&format!("/workspace/meetings/{JUNE}"), &author)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Add a paper") && !page.contains("Record attendance") && !page.contains("Withdraw this paper")
    );
    assert!(!page.contains("class=\"paper\""), "nobody else's papers: {page}");
    let csrf = hidden_csrf(&page);
    let fields = [
        ("csrf", csrf.as_str()),
        ("title", "Director's briefing"),
        ("kind", "report"),
    ];
    let (status, _, message) = send(&app.state, multipart(&author, &fields, "b.pdf", &pdf("b"))).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{message}");
    let (_, _, page) = send(&app.state, get(&format!("/workspace/meetings/{JUNE}"), &author)).await;
    assert_eq!(page.matches("class=\"paper\"").count(), 1, "their own paper only");
    assert!(page.contains("Director&#39;s briefing") && page.contains("/cover-sheet\">Cover sheet</a>"));
}

/// A PDF that cannot be opened (a web page saved as .pdf, a file cut short in transfer, a
/// password-protected one) is refused at upload by name, so no agenda goes out without its
/// pack; a name in another alphabet keeps its letters.
async fn check_unusable_pdfs_are_refused_by_name_and_names_keep_their_letters(app: TestApp) {
    let app = app.with_demo().await;
    account(&app, "clerk@example.org", AccountRole::Clerk, None).await;
    let clerk = session_of(&app, "clerk@example.org").await;
    let (_, _, page) = send(&app.state, get(&format!("/workspace/meetings/{JUNE}"), &clerk)).await;
    let csrf = hidden_csrf(&page);
    let before = papers_of_item_8(&app).await.len();
    let fields = [
        ("csrf", csrf.as_str()),
        ("title", "Budget monitoring"),
        ("kind", "report"),
    ];

    let dir = tempfile::tempdir().unwrap();
    let good = pdf("the budget monitoring report");
    std::fs::write(dir.path().join("plain.pdf"), &good).unwrap();
    let qpdf = std::process::Command::new("qpdf")
        .args(["--encrypt", "user-secret", "owner-secret", "256", "--"])
        .arg(dir.path().join("plain.pdf"))
        .arg(dir.path().join("locked.pdf"))
        .status()
        .expect("qpdf is installed");
    assert!(qpdf.success());
    let locked = std::fs::read(dir.path().join("locked.pdf")).unwrap();
    let html = b"%PDF-1.4\n<html><body>a web page saved as a PDF</body></html>\n".to_vec();
    let truncated = good[..good.len() / 2].to_vec();
    for (name, bytes, problem) in [
        ("page.pdf", html, "the file is damaged and cannot be read"),
        (
            "cut-short.pdf",
            truncated,
            "the file is damaged: it stops before its end-of-file marker, so it was cut short",
        ),
        (
            "locked.pdf",
            locked,
            "the file is encrypted (password-protected); ask its author for an unprotected copy",
        ),
    ] {
        let (status, _, message) = send(&app.state, multipart(&clerk, &fields, name, &bytes)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert!(
            message.contains(&format!("&#34;{name}&#34; cannot be used: {problem}")),
            "{name}: {message}"
        );
    }
    assert_eq!(papers_of_item_8(&app).await.len(), before, "nothing saved");

    let (status, _, _) = send(
        &app.state,
        multipart(&clerk, &fields, "Звіт комітету (Über).pdf", &good),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let paper = papers_of_item_8(&app)
        .await
        .into_iter()
        .find(|d| d.title == "Budget monitoring")
        .unwrap();
    let file = paper.file.unwrap();
    assert_eq!(file.file_name, "Звіт-комітету-Über.pdf");
    let path = format!(
        "/documents/{}/%D0%97%D0%B2%D1%96%D1%82-%D0%BA%D0%BE%D0%BC%D1%96%D1%82%D0%B5%D1%82%D1%83-%C3%9Cber.pdf",
        paper.id
    );
    let (status, headers, body) = send(&app.state, get(&path, &clerk)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body.as_bytes(), good.as_slice());
    assert_eq!(
        headers[header::CONTENT_DISPOSITION],
        "inline; filename=\"ber.pdf\"; filename*=UTF-8''%D0%97%D0%B2%D1%96%D1%82-%D0%BA%D0%BE%D0%BC%D1%96%D1%82%D0%B5%D1%82%D1%83-%C3%9Cber.pdf"
    );
}

#[tokio::test]
async fn unusable_pdfs_are_refused_by_name_and_names_keep_their_letters() {
    check_unusable_pdfs_are_refused_by_name_and_names_keep_their_letters(TestApp::sqlite().await).await;
}

#[tokio::test]
async fn unusable_pdfs_are_refused_by_name_and_names_keep_their_letters_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        check_unusable_pdfs_are_refused_by_name_and_names_keep_their_letters(app).await;
    }
}
