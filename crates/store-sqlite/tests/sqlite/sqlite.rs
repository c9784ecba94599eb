//! Guarantees that belong to the SQLite files themselves: what the database refuses even to
//! code that bypasses the store, and what survives a process killed mid-write.

use std::process::{Command, Stdio};
use std::time::Duration;

use moot_domain::{AgendaItem, Meeting};
use moot_store::{ChangeQuery, Filter, Store, StoreExt, Write};
use moot_store_conformance::fixtures::*;
use moot_store_sqlite::{OpenMode, SqliteStore, SqliteUrl};

async fn open(path: &std::path::Path) -> SqliteStore {
    let store = SqliteStore::open(&SqliteUrl::File(path.to_owned()), OpenMode::CreateIfMissing)
        .await
        .expect("open");
    store.migrate().await.expect("migrate");
    store
}

fn sqlite3(path: &std::path::Path, sql: &str) -> (bool, String) {
    let out = Command::new("sqlite3")
        .arg(path)
        .arg(sql)
        .output()
        .expect("the sqlite3 shell is installed");
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[tokio::test]
async fn the_change_log_and_records_cannot_be_rewritten_or_deleted_even_by_hand() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("moot.db");
    let store = open(&path).await;
    let c = store
        .create(&actor("cli"), council("rotherham"))
        .await
        .expect("council");
    store
        .create(&actor("cli"), committee(c.record.id, "cabinet"))
        .await
        .expect("committee");
    store.close().await;

    let (ok, msg) = sqlite3(&path, "UPDATE changes SET actor = 'someone-else';");
    assert!(!ok && msg.contains("append-only"), "{msg}");
    let (ok, msg) = sqlite3(&path, "DELETE FROM changes;");
    assert!(!ok && msg.contains("append-only"), "{msg}");
    let (ok, msg) = sqlite3(&path, "PRAGMA foreign_keys = OFF; DELETE FROM committees;");
    assert!(!ok && msg.contains("never deleted"), "{msg}");
    let (_, count) = sqlite3(&path, "SELECT count(*) FROM changes;");
    assert_eq!(count.trim(), "2");
}

#[tokio::test]
async fn the_database_runs_in_wal_mode() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("moot.db");
    open(&path).await.close().await;
    let (_, mode) = sqlite3(&path, "PRAGMA journal_mode;");
    assert_eq!(mode.trim(), "wal");
}

#[tokio::test]
async fn opening_a_missing_database_for_reading_does_not_create_one() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("typo.db");
    let result = SqliteStore::open(&SqliteUrl::File(path.clone()), OpenMode::MustExist).await;
    let err = result.expect_err("refused");
    assert!(err.to_string().contains("no database there"), "{err}");
    assert!(!path.exists());
}

const CHILD: &str = "MOOT_CRASH_TEST_DB";
const ITEMS_PER_MEETING: usize = 12;

/// Run by the crash test in a child process: writes meetings with their agendas, one batch each,
/// as fast as it can until it is killed.
#[tokio::test]
#[ignore = "the child process of a_process_killed_mid_write_leaves_whole_batches_only"]
async fn crash_child_writer() {
    let Ok(path) = std::env::var(CHILD) else { return };
    let store = open(std::path::Path::new(&path)).await;
    let who = actor("cli");
    let c = store.create(&who, council("rotherham")).await.expect("council").record;
    let com = store
        .create(&who, committee(c.id, "cabinet"))
        .await
        .expect("committee")
        .record;
    let mut day = jiff::civil::date(2021, 1, 1);
    loop {
        let m = meeting(&com, day.at(10, 0, 0, 0));
        let mut writes = vec![Write::Create(m.clone().into())];
        for n in 1..=ITEMS_PER_MEETING {
            writes.push(Write::Create(
                item(&m, &n.to_string(), "A long enough title to make the write take time").into(),
            ));
        }
        store.apply(&who, None, writes).await.expect("batch");
        day = day.tomorrow().expect("date");
    }
}

#[tokio::test]
async fn a_process_killed_mid_write_leaves_whole_batches_only() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("moot.db");
    // The test binary runs its tests by their path in it: this file is its module `sqlite`.
    let mut child = Command::new(std::env::current_exe().expect("test binary"))
        .args(["--exact", "sqlite::crash_child_writer", "--ignored", "--nocapture"])
        .env(CHILD, &path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn writer");
    // Let it write for a while, then kill it without warning (SIGKILL).
    for _ in 0..100 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        let (_, n) = sqlite3(&path, "SELECT count(*) FROM meetings;");
        if n.trim().parse::<u32>().unwrap_or(0) >= 20 {
            break;
        }
    }
    child.kill().expect("kill");
    child.wait().expect("reap");

    let store = open(&path).await;
    let councils = store.councils().await.expect("councils");
    let c = moot_store::typed::<moot_domain::Council>(councils[0].clone())
        .expect("council")
        .record;
    let meetings = store.find::<Meeting>(c.id, &Filter::all()).await.expect("meetings");
    assert!(
        meetings.len() >= 20,
        "the writer got going ({} meetings)",
        meetings.len()
    );
    for m in &meetings {
        let items = store
            .find::<AgendaItem>(c.id, &Filter::eq("meeting_id", m.record.id))
            .await
            .expect("items");
        assert_eq!(
            items.len(),
            ITEMS_PER_MEETING,
            "meeting on {} is whole",
            m.record.starts_at
        );
    }
    let log = store.changes(&ChangeQuery::default()).await.expect("log");
    assert_eq!(
        log.len(),
        2 + meetings.len() * (1 + ITEMS_PER_MEETING),
        "every record has its log entry and no more"
    );
}
