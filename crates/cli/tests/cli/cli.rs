//! The `moot` binary as an operator runs it: exit codes, messages, files and a live server.

use std::path::Path;

use crate::common::{Server, assert_no_panic, moot, run, stderr};

use moot_domain::{Document, DocumentKind, FileRef};
use moot_store::{BlobStore, LocalBlobStore, StoreExt};
use moot_store_conformance::fixtures::*;
use moot_store_sqlite::{OpenMode, SqliteStore, SqliteUrl};

#[test]
fn a_malformed_config_file_is_refused_with_its_file_line_and_problem() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(
        dir.path().join("moot.toml"),
        "listen = \"127.0.0.1:9000\"\ndatabse = \"sqlite:x.db\"\n",
    )
    .expect("write");
    let out = run(dir.path(), &["migrate"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("moot.toml") && err.contains("line 2") && err.contains("databse"),
        "{err}"
    );
    assert!(!dir.path().join("moot.db").exists(), "nothing was created");

    std::fs::write(dir.path().join("other.toml"), "listen = [1, 2\n").expect("write");
    let out = run(dir.path(), &["--config", "other.toml", "migrate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("other.toml") && stderr(&out).contains("line 1"),
        "{}",
        stderr(&out)
    );

    let out = run(dir.path(), &["--config", "missing.toml", "migrate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("missing.toml"), "{}", stderr(&out));
    assert_no_panic(&out);
}

#[test]
fn an_unknown_database_scheme_is_refused_clearly() {
    let dir = tempfile::tempdir().expect("dir");
    let out = run(
        dir.path(),
        &["--database", "mysql://root:secret@localhost/moot", "migrate"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("unknown database scheme \"mysql\""), "{err}");
    assert!(!err.contains("secret"), "{err}");
    assert_no_panic(&out);
}

#[test]
fn serve_on_a_port_in_use_exits_non_zero_with_a_clear_message() {
    let dir = tempfile::tempdir().expect("dir");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().expect("addr").to_string();
    let out = run(dir.path(), &["serve", "--listen", &addr]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("cannot listen on {addr}")) && err.contains("already in use"),
        "{err}"
    );
    assert_no_panic(&out);
}

#[test]
fn nonsense_arguments_get_usage_not_a_panic() {
    let dir = tempfile::tempdir().expect("dir");
    for args in [
        &["frobnicate"][..],
        &["serve", "--listen", "not-an-address"],
        &["dump", "--council"],
    ] {
        let out = run(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_no_panic(&out);
    }
}

#[test]
fn settings_come_from_defaults_file_environment_and_flags_in_that_order() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(
        dir.path().join("moot.toml"),
        "listen = \"127.0.0.1:1001\"\ndatabase = \"sqlite:file.db\"\nlog = \"warn\"\n",
    )
    .expect("write");
    let out = moot(dir.path(), &["config", "show", "--database", "sqlite:flag.db"])
        .env("MOOT_LISTEN", "127.0.0.1:1002")
        .env("MOOT_DATABASE", "sqlite:env.db")
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("listen = \"127.0.0.1:1002\""), "env over file: {shown}");
    assert!(
        shown.contains("database = \"sqlite:flag.db\""),
        "flag over env: {shown}"
    );
    assert!(shown.contains("log = \"warn\""), "file over default: {shown}");
    assert!(shown.contains("blobs = \"moot-files\""), "default: {shown}");
}

#[test]
fn the_example_config_is_accepted_as_a_config_file() {
    let dir = tempfile::tempdir().expect("dir");
    let example = run(dir.path(), &["config", "example"]);
    assert!(example.status.success());
    std::fs::write(dir.path().join("example.toml"), &example.stdout).expect("write");
    let out = run(dir.path(), &["--config", "example.toml", "config", "show"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

async fn populate(db: &Path, blobs: &Path) {
    let store = SqliteStore::open(&SqliteUrl::File(db.to_owned()), OpenMode::CreateIfMissing)
        .await
        .expect("open");
    store.migrate().await.expect("migrate");
    let blobs = LocalBlobStore::new(blobs);
    let who = actor("cli");
    let c = store.create(&who, council("rotherham")).await.expect("council").record;
    let com = store
        .create(&who, committee(c.id, "improving-lives"))
        .await
        .expect("committee")
        .record;
    let m = store
        .create(&who, meeting(&com, jiff::civil::date(2021, 6, 15).at(10, 0, 0, 0)))
        .await
        .expect("m")
        .record;
    let i = store
        .create(&who, item(&m, "7", "Rotherham Pause Practice - Impact Report"))
        .await
        .expect("item")
        .record;
    let bytes = b"%PDF-1.4 pretend report";
    let hash = blobs.put(bytes).await.expect("blob");
    let doc = Document {
        file: Some(FileRef {
            hash,
            size: bytes.len() as u64,
            media_type: "application/pdf".into(),
            file_name: "report.pdf".into(),
            page_count: Some(1),
        }),
        ..document(&i, "Impact Report", DocumentKind::Report)
    };
    let d = store.create(&who, doc).await.expect("doc");
    store
        .delete(&who, c.id, d.record.id, d.version)
        .await
        .expect("tombstone");
    store.create(&who, council("sheffield")).await.expect("second council");
    store.close().await;
}

#[test]
fn dump_is_byte_identical_twice_and_holds_records_changes_tombstones_and_blobs() {
    let dir = tempfile::tempdir().expect("dir");
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(populate(&dir.path().join("moot.db"), &dir.path().join("moot-files")));

    let out = run(dir.path(), &["dump"]);
    assert_eq!(out.status.code(), Some(2), "two councils: the operator must choose");
    assert!(stderr(&out).contains("rotherham, sheffield"), "{}", stderr(&out));

    let first = run(dir.path(), &["dump", "--council", "rotherham"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let second = run(dir.path(), &["dump", "--council", "rotherham", "-o", "dump.jsonl"]);
    assert!(second.status.success(), "{}", stderr(&second));
    let from_file = std::fs::read(dir.path().join("dump.jsonl")).expect("dump file");
    assert_eq!(first.stdout, from_file, "byte-identical");
    assert!(!dir.path().join("dump.partial").exists());

    let text = String::from_utf8(from_file).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].contains("\"format\":\"moot-dump\""), "{}", lines[0]);
    let kinds = [
        "\"kind\":\"council\"",
        "\"kind\":\"committee\"",
        "\"kind\":\"meeting\"",
        "\"kind\":\"agenda_item\"",
    ];
    for k in kinds {
        assert_eq!(
            lines
                .iter()
                .filter(|l| l.contains(k) && l.contains("\"record\""))
                .count(),
            1,
            "{k}"
        );
    }
    assert!(
        lines
            .iter()
            .any(|l| l.contains("\"kind\":\"document\"") && l.contains("\"deleted\":true")),
        "tombstone"
    );
    assert_eq!(lines.iter().filter(|l| l.starts_with("{\"change\"")).count(), 6);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("{\"blob\"") && l.contains("\"size\":23")),
        "blob listed"
    );
    assert!(!text.contains("sheffield"), "only the council asked for");
    assert!(
        stderr(&first).contains("5 records, 6 changes, 1 blobs"),
        "{}",
        stderr(&first)
    );
}

#[test]
fn dump_of_a_missing_database_fails_without_creating_one() {
    let dir = tempfile::tempdir().expect("dir");
    let out = run(dir.path(), &["dump", "--database", "sqlite:typo.db"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no database there"), "{}", stderr(&out));
    assert!(!dir.path().join("typo.db").exists());
    assert!(!dir.path().join("moot-files").exists());
}

#[test]
fn serve_answers_on_a_free_port_and_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().expect("dir");
    let server = Server::start(dir.path(), &["serve", "--listen", "127.0.0.1:0", "--log", "warn"]);
    let (status, body) = server.get("/healthz");
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    assert_eq!(body, "ok\n");
    let exit = server.stop();
    assert!(exit.success(), "clean exit on SIGTERM: {exit:?}");
    assert!(
        dir.path().join("moot.db").exists(),
        "the default database was created and migrated"
    );
}

#[test]
fn serve_demo_shows_the_seed_facts_over_http_and_never_the_exempt_appendix() {
    let dir = tempfile::tempdir().expect("dir");
    let server = Server::start(
        dir.path(),
        &["serve", "--demo", "--listen", "127.0.0.1:0", "--log", "warn"],
    );
    let (status, home) = server.get("/");
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    assert!(
        home.contains("Improving Lives Select Commission, Tuesday 15 June 2021, 10.00 am"),
        "{home}"
    );
    let (status, june) = server.get("/meetings/2021-06-15-improving-lives-select-commission");
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    for fact in [
        // Moot's own pack's range for item 2, not the seed pack's "Pages 4 - 19".
        "Minutes of the previous meetings held on 9 and 22 March</a> <span class=\"pages\">(Pages 3 - 5)</span>",
        "Agenda pack</a> <span class=\"size\">PDF ",
        "Minute 6:",
        "paragraph 1 of Part 1 of Schedule 12A",
    ] {
        assert!(june.contains(fact), "missing {fact:?}");
    }
    let (_, march) = server.get("/meetings/2021-03-09-improving-lives-select-commission");
    assert!(
        march.contains("Councillor V. Cusworth (in the Chair)") && march.contains("Minute 150:"),
        "{march}"
    );
    let present = march
        .split("<h3>Present</h3>")
        .nth(1)
        .and_then(|p| p.split("</ul>").next())
        .unwrap_or_default();
    assert_eq!(present.matches("<li>").count(), 12, "12 present: {present}");
    assert!(
        march.contains(">Councillor Hague</a></li>"),
        "apologies from Councillor Hague"
    );
    assert!((140..=150).all(|n| march.contains(&format!("Minute {n}:"))));
    let (_, march_22) = server.get("/meetings/2021-03-22-improving-lives-select-commission");
    assert!(
        (151..=157).all(|n| march_22.contains(&format!("Minute {n}:"))),
        "{march_22}"
    );
    let (_, june_2020) = server.get("/meetings/2020-06-16-improving-lives-select-commission");
    assert!(june_2020.contains(
        "Councillor Jarvis declared a non-pecuniary interest in item 9 (Response to Domestic Abuse during the pandemic), as she was a board member of RISE."
    ));
    assert!(june_2020.contains("(left during item 9)") && june_2020.contains("Minute 72:"));
    let (_, report) = server.get("/meetings/2021-06-15-improving-lives-select-commission/items/7");
    assert!(
        report.contains("<dt>Ward(s) affected</dt><dd>Borough-Wide</dd>"),
        "{report}"
    );
    assert!(report.contains("<dt>Key decision</dt><dd>No</dd>"), "{report}");
    let (_, committee) = server.get("/committees/improving-lives-select-commission");
    assert!(
        committee.contains("Councillor Pitchley</a> (Chair)")
            && committee.contains("Councillor W. Cooksey</a> (Vice Chair)")
    );
    assert!(
        committee.contains("<td>Counter extremism in schools</td>") && committee.contains("<td>To be scheduled</td>")
    );
    for page in [&home, &june, &march, &march_22, &june_2020, &report, &committee] {
        assert!(
            !page.contains("EXEMPT-CANARY-7f3a") && !page.to_lowercase().contains("pause women"),
            "exempt content leaked"
        );
    }
    assert!(server.stop().success());
    assert!(
        !dir.path().join("moot.db").exists() && !dir.path().join("moot-search").exists(),
        "the demo used a temporary database and index, not the working directory"
    );
}

#[test]
fn reindex_builds_the_index_a_server_answers_from_and_refuses_while_one_holds_it() {
    let dir = tempfile::tempdir().expect("dir");
    let missing = run(dir.path(), &["reindex", "--database", "sqlite:typo.db"]);
    assert_eq!(missing.status.code(), Some(2), "{}", stderr(&missing));
    assert!(!dir.path().join("typo.db").exists() && !dir.path().join("moot-search").exists());

    let loaded = run(dir.path(), &["demo", "load"]);
    assert!(loaded.status.success(), "{}", stderr(&loaded));
    let built = run(dir.path(), &["reindex"]);
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(
        stderr(&built).contains("indexed ") && stderr(&built).contains("moot-search"),
        "{}",
        stderr(&built)
    );

    let server = Server::start(dir.path(), &["serve", "--listen", "127.0.0.1:0", "--log", "warn"]);
    // Searches wait for the server's first pass over the change log (nothing to do here).
    let mut answer = server.get("/search?q=cohorts+evaluated");
    for _ in 0..50 {
        if !answer.0.contains(" 503 ") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        answer = server.get("/search?q=cohorts+evaluated");
    }
    let (status, found) = answer;
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    assert!(
        found.contains("1 result for"),
        "the index built by reindex answers: {found}"
    );
    let (_, home) = server.get("/");
    assert!(home.contains("action=\"/search\""), "the home page's search box");

    let busy = run(dir.path(), &["reindex"]);
    assert_eq!(busy.status.code(), Some(2), "{}", stderr(&busy));
    assert!(
        stderr(&busy).contains("another Moot process is writing this index"),
        "{}",
        stderr(&busy)
    );
    assert_no_panic(&busy);
    assert!(server.stop().success());
}

#[test]
fn the_demo_loads_only_into_an_empty_database() {
    let dir = tempfile::tempdir().expect("dir");
    let first = run(dir.path(), &["demo", "load", "--database", "sqlite:demo.db"]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stderr(&first).contains("loaded the demo"), "{}", stderr(&first));
    let again = run(dir.path(), &["demo", "load", "--database", "sqlite:demo.db"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("already holds data"), "{}", stderr(&again));
    let serve = run(
        dir.path(),
        &[
            "serve",
            "--demo",
            "--database",
            "sqlite:demo.db",
            "--listen",
            "127.0.0.1:0",
        ],
    );
    assert_eq!(serve.status.code(), Some(2));
    assert!(stderr(&serve).contains("already holds data"), "{}", stderr(&serve));
    let dump = run(dir.path(), &["dump", "--database", "sqlite:demo.db"]);
    assert!(dump.status.success(), "{}", stderr(&dump));
}

#[test]
fn a_broken_demo_folder_is_refused_with_file_and_line_before_any_database_is_made() {
    let dir = tempfile::tempdir().expect("dir");
    let demo = dir.path().join("mydemo");
    std::fs::create_dir_all(demo.join("meetings")).expect("dir");
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo");
    for name in ["council.toml", "committees.toml", "members.toml"] {
        std::fs::copy(source.join(name), demo.join(name)).expect("copy");
    }
    let bad = "committee = \"improving-lives-select-commission\"\nstarts_at = \"2021-06-15 at ten\"\n";
    std::fs::write(demo.join("meetings/bad.toml"), bad).expect("write");
    let out = run(
        dir.path(),
        &["demo", "load", "--from", "mydemo", "--database", "sqlite:new.db"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("bad.toml line 2"), "{err}");
    assert_no_panic(&out);
    assert!(!dir.path().join("new.db").exists());
}
