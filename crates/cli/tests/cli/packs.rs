//! Agenda packs as an operator and a resident meet them: `moot pack` on the command line, the
//! pack linked from a served meeting page, and a pack made again by a running server when a
//! document changes.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::{Server, assert_no_panic, run, stderr};
use moot_domain::{Actor, Council, Document, Edition, Visibility};
use moot_store::{Filter, Store, StoreExt, typed};
use moot_store_sqlite::{OpenMode, SqliteStore, SqliteUrl};

const JUNE: &str = "2021-06-15-improving-lives-select-commission";

fn text_of(pdf: &Path) -> String {
    let out = Command::new("pdftotext").arg(pdf).arg("-").output().expect("pdftotext");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn demo_db(dir: &Path) {
    let load = run(
        dir,
        &["demo", "load", "--database", "sqlite:demo.db", "--blobs", "files"],
    );
    assert!(load.status.success(), "{}", stderr(&load));
    assert!(stderr(&load).contains("PDFs made"), "{}", stderr(&load));
}

#[test]
fn moot_pack_writes_either_edition_and_refuses_an_unknown_meeting() {
    let dir = tempfile::tempdir().unwrap();
    demo_db(dir.path());
    let db = ["--database", "sqlite:demo.db", "--blobs", "files"];

    let public = run(dir.path(), &[&["pack", JUNE, "-o", "public.pdf"][..], &db].concat());
    assert!(public.status.success(), "{}", stderr(&public));
    assert!(stderr(&public).contains("2. Minutes of the previous meetings held on 9 and 22 March (Pages "));
    let text = text_of(&dir.path().join("public.pdf"));
    assert!(text.contains("IMPROVING LIVES SELECT COMMISSION") && text.contains("Tuesday 15 June 2021"));
    assert!(!text.contains("EXEMPT-CANARY-7f3a"));

    let members = run(dir.path(), &[&["pack", JUNE, "--members"][..], &db].concat());
    assert!(members.status.success(), "{}", stderr(&members));
    let text = text_of(&dir.path().join(format!("{JUNE}-agenda-pack-members.pdf")));
    assert!(text.contains("EXEMPT-CANARY-7f3a") && text.contains("NOT FOR PUBLICATION"));

    let unknown = run(
        dir.path(),
        &[&["pack", "2021-06-16-improving-lives-select-commission"][..], &db].concat(),
    );
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("give it as DATE-COMMITTEE"),
        "{}",
        stderr(&unknown)
    );
    assert_no_panic(&unknown);
    let no_exempt = run(
        dir.path(),
        &[
            &["pack", "2021-03-09-improving-lives-select-commission", "--members"][..],
            &db,
        ]
        .concat(),
    );
    assert_eq!(no_exempt.status.code(), Some(2));
    assert!(
        stderr(&no_exempt).contains("no exempt papers"),
        "{}",
        stderr(&no_exempt)
    );
}

#[test]
fn a_served_meeting_links_its_public_pack_and_a_change_makes_a_new_version() {
    let dir = tempfile::tempdir().unwrap();
    demo_db(dir.path());
    let server = Server::start(
        dir.path(),
        &[
            "serve",
            "--database",
            "sqlite:demo.db",
            "--blobs",
            "files",
            "--listen",
            "127.0.0.1:0",
            "--log",
            "warn",
        ],
    );
    let pack_link = |page: &str| {
        page.split("href=\"")
            .map(|s| s.split('"').next().unwrap_or_default())
            .find(|h| h.ends_with("-agenda-pack.pdf"))
            .map(str::to_owned)
    };
    let (_, page) = server.get(&format!("/meetings/{JUNE}"));
    let link = pack_link(&page).expect("the meeting page links its agenda pack");
    assert!(
        !page.contains("agenda-pack-members.pdf"),
        "the members' edition is not offered to the public"
    );
    let (status, pdf) = server.get_bytes(&link);
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    assert!(pdf.starts_with(b"%PDF-"));
    let path = dir.path().join("served.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let text = text_of(&path);
    assert!(text.contains("Rotherham Pause Practice - Impact Report") && !text.contains("EXEMPT-CANARY-7f3a"));

    assert!(text.contains("Sally Hodges"), "appendix 1's cover sheet is in the pack");

    // A clerk (here, the store directly, as the workspace will) takes appendix 1 back out of
    // public view: the running server notices through the change log and makes the pack again.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let store = SqliteStore::open(&SqliteUrl::File(dir.path().join("demo.db")), OpenMode::MustExist)
            .await
            .unwrap();
        let council: Council = typed(store.councils().await.unwrap().remove(0)).unwrap().record;
        let docs = store.find::<Document>(council.id, &Filter::all()).await.unwrap();
        let report = docs
            .iter()
            .find(|d| d.record.title.starts_with("Appendix 1 – Report on the impact"))
            .unwrap();
        let mut withdrawn = report.record.clone();
        withdrawn.visibility = Visibility::Draft;
        store
            .update(&Actor::parse("test").unwrap(), withdrawn, report.version)
            .await
            .unwrap();
        let public_pack_version = || async {
            store
                .find::<Document>(council.id, &Filter::all())
                .await
                .unwrap()
                .into_iter()
                .find(|d| {
                    d.record.generated.as_ref().and_then(|g| g.edition) == Some(Edition::Public)
                        && d.record.meeting == report.record.meeting
                })
                .unwrap()
                .version
        };
        let before = public_pack_version().await;
        let deadline = Instant::now() + Duration::from_secs(60);
        while public_pack_version().await == before {
            assert!(Instant::now() < deadline, "the server did not remake the pack");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    });
    // The page now links the new version, without the appendix.
    let (_, page) = server.get(&format!("/meetings/{JUNE}"));
    let link = pack_link(&page).unwrap();
    let (_, pdf) = server.get_bytes(&link);
    std::fs::write(&path, &pdf).unwrap();
    let text = text_of(&path);
    assert!(text.contains("Rotherham Pause Practice - Impact Report") && !text.contains("Sally Hodges"));
    assert!(server.stop().success());
}
