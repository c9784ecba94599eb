//! The `moot` binary as an operator runs it: exit codes, messages, files and a live server.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use moot_domain::{Document, DocumentKind, FileRef};
use moot_store::{BlobStore, LocalBlobStore, StoreExt};
use moot_store_conformance::fixtures::*;
use moot_store_sqlite::{OpenMode, SqliteStore, SqliteUrl};

fn moot(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_moot"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("MOOT_CONFIG")
        .env_remove("MOOT_LISTEN")
        .env_remove("MOOT_DATABASE");
    cmd.stdin(Stdio::null());
    cmd
}

fn run(dir: &Path, args: &[&str]) -> Output {
    moot(dir, args).output().expect("moot runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn assert_no_panic(o: &Output) {
    assert!(!stderr(o).contains("panicked"), "{}", stderr(o));
}

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
    let mut child = moot(dir.path(), &["serve", "--listen", "127.0.0.1:0", "--log", "warn"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let mut first_line = String::new();
    BufReader::new(stdout).read_line(&mut first_line).expect("read");
    let url = first_line.trim().rsplit(' ').next().expect("url").to_owned();
    let addr = url.trim_start_matches("http://").trim_end_matches('/');

    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: moot\r\nConnection: close\r\n\r\n")
        .expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.ends_with("ok\n"), "{response}");

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let status = child.wait().expect("wait");
    assert!(status.success(), "clean exit on SIGTERM: {status:?}");
    assert!(
        dir.path().join("moot.db").exists(),
        "the default database was created and migrated"
    );
}
