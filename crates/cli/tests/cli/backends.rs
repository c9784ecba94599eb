//! `moot` across backends: copies that lose nothing, databases it must refuse, and servers it
//! cannot reach. PostgreSQL cases use `MOOT_TEST_POSTGRES_URL` (required under CI) and make a
//! database of their own on that server.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::common::{Server, run as moot, stderr};

fn ok(o: Output) -> Output {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    o
}

/// A fresh, empty database on the test server, or `None` (with a notice) when there is none.
fn pg_database() -> Option<String> {
    let url = match std::env::var("MOOT_TEST_POSTGRES_URL") {
        Ok(url) => url,
        Err(_) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("MOOT_TEST_POSTGRES_URL must be set under CI")
        }
        Err(_) => {
            eprintln!("notice: skipping: MOOT_TEST_POSTGRES_URL is not set");
            return None;
        }
    };
    let name = format!("moot_cli_{}", uuid::Uuid::now_v7().simple());
    let out = Command::new("psql")
        .args([url.as_str(), "-qc", &format!("CREATE DATABASE {name}")])
        .output()
        .expect("psql");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (base, _) = url.rsplit_once('/').expect("a database in the URL");
    let query = url.split_once('?').map(|(_, q)| format!("?{q}")).unwrap_or_default();
    Some(format!("{base}/{name}{query}"))
}

#[test]
fn the_demo_round_trips_sqlite_postgres_sqlite_with_identical_dumps() {
    let Some(pg) = pg_database() else { return };
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    ok(moot(d, &["demo", "load", "--database", "sqlite:a.db"]));
    let copied = ok(moot(d, &["copy", "--from", "sqlite:a.db", "--to", &pg]));
    assert!(stderr(&copied).contains("counts verified"), "{}", stderr(&copied));
    ok(moot(d, &["copy", "--from", &pg, "--to", "sqlite:b.db"]));
    let a = ok(moot(d, &["dump", "--database", "sqlite:a.db"])).stdout;
    let p = ok(moot(d, &["dump", "--database", &pg])).stdout;
    let b = ok(moot(d, &["dump", "--database", "sqlite:b.db"])).stdout;
    assert!(a.len() > 100_000, "a real dump");
    assert!(a == p, "PostgreSQL's dump differs from SQLite's");
    assert!(a == b, "the round trip changed the dump");
    assert!(!stderr(&copied).contains("moot-test"), "no password in output");
}

#[test]
fn a_copy_carries_files_tombstones_and_every_council_and_refuses_a_non_empty_target() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    ok(moot(
        d,
        &["demo", "load", "--database", "sqlite:a.db", "--blobs", "files-a"],
    ));
    // A file in the source store, referenced by a record, must arrive too.
    let blob = Path::new("files-a");
    let bytes = b"%PDF-1.4 the agenda pack";
    let hash = sha256_hex(bytes);
    let path = d.join(blob).join(&hash[0..2]).join(&hash[2..4]);
    std::fs::create_dir_all(&path).expect("dir");
    std::fs::write(path.join(&hash), bytes).expect("blob");
    let sql = format!(
        "UPDATE documents SET blob_hash = '{hash}', body = json_set(body, '$.file', json('{{\"hash\":\"{hash}\",\"size\":{},\"media_type\":\"application/pdf\",\"file_name\":\"pack.pdf\"}}')) WHERE rowid = (SELECT min(rowid) FROM documents)",
        bytes.len()
    );
    let out = Command::new("sqlite3")
        .arg(d.join("a.db"))
        .arg(sql)
        .output()
        .expect("sqlite3");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let copied = ok(moot(
        d,
        &[
            "copy",
            "--from",
            "sqlite:a.db",
            "--to",
            "sqlite:b.db",
            "--from-blobs",
            "files-a",
            "--to-blobs",
            "files-b",
        ],
    ));
    // The demo's own PDFs travel too; the file added by hand is among them.
    assert!(stderr(&copied).contains(" files from"), "{}", stderr(&copied));
    assert!(
        d.join("files-b")
            .join(&hash[0..2])
            .join(&hash[2..4])
            .join(&hash)
            .is_file()
    );
    let a = ok(moot(d, &["dump", "--database", "sqlite:a.db", "--blobs", "files-a"])).stdout;
    let b = ok(moot(d, &["dump", "--database", "sqlite:b.db", "--blobs", "files-b"])).stdout;
    assert_eq!(String::from_utf8_lossy(&a), String::from_utf8_lossy(&b));
    assert!(String::from_utf8_lossy(&b).contains(&format!("{{\"blob\":\"{hash}\",\"size\":{}}}", bytes.len())));

    let again = moot(d, &["copy", "--from", "sqlite:a.db", "--to", "sqlite:b.db"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("is not empty"), "{}", stderr(&again));
}

fn sha256_hex(bytes: &[u8]) -> String {
    let out = Command::new("sha256sum")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().expect("stdin").write_all(bytes)?;
            c.wait_with_output()
        })
        .expect("sha256sum");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .expect("hash")
        .to_owned()
}

#[test]
fn a_database_from_a_newer_moot_is_refused_not_migrated_down() {
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    ok(moot(d, &["migrate", "--database", "sqlite:m.db"]));
    let future = "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (9999, 'from a later Moot', TRUE, x'00', 0)";
    let out = Command::new("sqlite3")
        .arg(d.join("m.db"))
        .arg(future)
        .output()
        .expect("sqlite3");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let refused = moot(d, &["migrate", "--database", "sqlite:m.db"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("newer version of Moot") && stderr(&refused).contains("9999"),
        "{}",
        stderr(&refused)
    );

    let Some(pg) = pg_database() else { return };
    ok(moot(d, &["migrate", "--database", &pg]));
    let out = Command::new("psql")
        .args([pg.as_str(), "-qc", &future.replace("x'00'", "'\\x00'::bytea")])
        .output()
        .expect("psql");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let refused = moot(d, &["serve", "--database", &pg, "--listen", "127.0.0.1:0"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("newer version of Moot"),
        "{}",
        stderr(&refused)
    );
}

#[test]
fn an_unreachable_server_is_named_without_its_password() {
    let dir = tempfile::tempdir().expect("dir");
    let out = moot(
        dir.path(),
        &["migrate", "--database", "postgres://moot:hunter2@127.0.0.1:1/moot"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("cannot reach the database server at 127.0.0.1:1"), "{err}");
    assert!(!err.contains("hunter2"), "{err}");
}

#[test]
fn a_wrong_password_is_reported_naming_the_server_and_user_but_not_the_password() {
    let Some(pg) = pg_database() else { return };
    let (scheme_user, rest) = pg.split_once('@').expect("user in the URL");
    let user = scheme_user
        .trim_start_matches("postgres://")
        .split(':')
        .next()
        .expect("user");
    let wrong = format!("postgres://{user}:not-the-password@{rest}");
    let out = moot(Path::new("."), &["migrate", "--database", &wrong]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("refused user") && err.contains(user), "{err}");
    assert!(!err.contains("not-the-password"), "{err}");
}

#[test]
fn two_nodes_over_one_postgres_database_serve_the_same_pages_and_follow_writes() {
    let Some(pg) = pg_database() else { return };
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    ok(moot(d, &["demo", "load", "--database", &pg]));
    // Each node keeps a search index of its own, as on separate machines.
    let args = |files: &'static str, index: &'static str| {
        [
            "serve",
            "--database",
            pg.as_str(),
            "--blobs",
            files,
            "--search-index",
            index,
            "--listen",
            "127.0.0.1:0",
            "--log",
            "warn",
        ]
    };
    let a = Server::start(d, &args("shared-files", "search-a"));
    let b = Server::start(d, &args("shared-files", "search-b"));
    assert_ne!(a.addr, b.addr);
    const PAGE: &str = "/meetings/2021-06-15-improving-lives-select-commission";
    let (status, mut from_a) = a.get(PAGE);
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    // Both nodes make the demo's packs in the background as they start, so the page may
    // gain its pack between the two requests; once that settles they must agree.
    let mut from_b = b.get(PAGE).1;
    for _ in 0..50 {
        if from_a == from_b {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
        from_a = a.get(PAGE).1;
        from_b = b.get(PAGE).1;
    }
    assert_eq!(from_a, from_b, "both nodes serve the same page");

    // A write to the shared database (as the clerk workspace will make through either node).
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        use moot_store::{Filter, Store, StoreExt, typed};
        let store = moot_store_postgres::PgStore::open(&pg).await.expect("connect");
        let c: moot_domain::Council = typed(store.councils().await.expect("councils").remove(0))
            .expect("council")
            .record;
        let items = store
            .find::<moot_domain::AgendaItem>(c.id, &Filter::all())
            .await
            .expect("items");
        let pause = items
            .iter()
            .find(|i| i.record.title == "Rotherham Pause Practice - Impact Report")
            .expect("item 7");
        let mut renamed = pause.record.clone();
        renamed.title = "Rotherham Pause Practice - Impact Report (as amended)".into();
        store
            .update(
                &moot_domain::Actor::parse("user:clerk-1").expect("actor"),
                renamed,
                pause.version,
            )
            .await
            .expect("write");
        store.close().await;
    });
    for node in [&a, &b] {
        let (_, page) = node.get(PAGE);
        assert!(
            page.contains("Impact Report (as amended)"),
            "node {} served a stale page",
            node.addr
        );
    }
    assert!(a.stop().success() && b.stop().success());
}

#[test]
fn a_write_made_by_node_a_is_read_through_node_b_at_once() {
    let Some(pg) = pg_database() else { return };
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    ok(moot(d, &["migrate", "--database", &pg]));
    // Node B starts on the empty database and caches what it serves.
    let b = Server::start(
        d,
        &[
            "serve",
            "--database",
            &pg,
            "--blobs",
            "shared",
            "--search-index",
            "search-b",
            "--listen",
            "127.0.0.1:0",
            "--log",
            "warn",
        ],
    );
    let (_, before) = b.get("/");
    assert!(before.contains("No councils have been set up yet."), "{before}");
    const PAGE: &str = "/meetings/2021-06-15-improving-lives-select-commission";
    assert!(b.get(PAGE).0.starts_with("HTTP/1.1 404"));
    // Node A writes: it loads the demo into the shared database as it starts.
    let a = Server::start(
        d,
        &[
            "serve",
            "--demo",
            "--database",
            &pg,
            "--blobs",
            "shared",
            "--search-index",
            "search-a",
            "--listen",
            "127.0.0.1:0",
            "--log",
            "warn",
        ],
    );
    // Node B serves the new data on its next request, its cached pages dropped.
    let (status, home) = b.get("/");
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    assert!(
        home.contains("Improving Lives Select Commission, Tuesday 15 June 2021, 10.00 am"),
        "{home}"
    );
    let (status, page) = b.get(PAGE);
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    assert_eq!(page, a.get(PAGE).1, "both nodes serve the same page");
    assert!(a.stop().success() && b.stop().success());
}
