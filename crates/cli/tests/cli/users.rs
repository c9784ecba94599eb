//! `moot user add`: the first administrator and other accounts from the command line.

use std::io::Write;
use std::path::Path;
use std::process::{Output, Stdio};

use crate::common::{assert_no_panic, moot, run, stderr};
use moot_domain::{AccountRole, Council, UserAccount};
use moot_store::{Credentials, Filter, Store, StoreExt, typed};
use moot_store_sqlite::{OpenMode, SqliteStore, SqliteUrl};

fn add(dir: &Path, args: &[&str], password: &str) -> Output {
    let mut child = moot(
        dir,
        &[&["user", "add", "--database", "sqlite:demo.db"][..], args].concat(),
    )
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    child.stdin.take().unwrap().write_all(password.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_no_panic(&out);
    out
}

#[tokio::test]
async fn accounts_are_added_with_hashed_passwords_and_bad_requests_save_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let load = run(
        dir.path(),
        &["demo", "load", "--database", "sqlite:demo.db", "--blobs", "files"],
    );
    assert!(load.status.success(), "{}", stderr(&load));
    let admin = ["--email", "Admin@Example.org", "--name", "Ada Admin", "--role", "admin"];

    let short = add(dir.path(), &admin, "short\n");
    assert_eq!(short.status.code(), Some(2));
    assert!(stderr(&short).contains("at least 12 characters"), "{}", stderr(&short));
    let none = add(dir.path(), &admin, "");
    assert_eq!(none.status.code(), Some(2));
    assert!(stderr(&none).contains("standard input"));
    let councillor = add(
        dir.path(),
        &["--email", "cllr@example.org", "--name", "Cllr", "--role", "member"],
        "a long enough passphrase\n",
    );
    assert_eq!(
        councillor.status.code(),
        Some(2),
        "a councillor's account names the member"
    );
    let unknown = add(
        dir.path(),
        &[
            "--email",
            "cllr@example.org",
            "--name",
            "Cllr",
            "--role",
            "member",
            "--member",
            "nobody",
        ],
        "a long enough passphrase\n",
    );
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("no member \"nobody\""));

    let ok = add(dir.path(), &admin, "a long enough passphrase\n");
    assert!(ok.status.success(), "{}", stderr(&ok));
    let again = add(dir.path(), &admin, "another long passphrase\n");
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("already has an account"), "{}", stderr(&again));
    let pitchley = add(
        dir.path(),
        &[
            "--email",
            "pitchley@example.org",
            "--name",
            "Cllr Pitchley",
            "--role",
            "member",
            "--member",
            "pitchley",
        ],
        "a long enough passphrase\n",
    );
    assert!(pitchley.status.success(), "{}", stderr(&pitchley));

    let store = SqliteStore::open(&SqliteUrl::File(dir.path().join("demo.db")), OpenMode::MustExist)
        .await
        .unwrap();
    let council: Council = typed(store.councils().await.unwrap().remove(0)).unwrap().record;
    let accounts: Vec<UserAccount> = store
        .find::<UserAccount>(council.id, &Filter::all())
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.record)
        .collect();
    assert_eq!(accounts.len(), 2, "only the two good requests saved anything");
    let ada = accounts.iter().find(|a| a.role == AccountRole::Admin).unwrap();
    assert_eq!(ada.email.as_str(), "admin@example.org");
    let phc = store.password(council.id, ada.id).await.unwrap().unwrap();
    assert!(phc.starts_with("$argon2id$"));
    assert!(moot_store::auth::verify_password("a long enough passphrase", &phc));
    let dump = run(
        dir.path(),
        &["dump", "--database", "sqlite:demo.db", "-o", "dump.jsonl"],
    );
    assert!(dump.status.success());
    let text = std::fs::read_to_string(dir.path().join("dump.jsonl")).unwrap();
    assert!(
        text.contains("admin@example.org") && !text.contains("$argon2"),
        "no hash in a dump"
    );
}

#[tokio::test]
async fn a_council_starts_from_nothing_with_council_add_then_its_first_administrator() {
    let dir = tempfile::tempdir().unwrap();
    let council = |args: &[&str]| {
        let out = run(
            dir.path(),
            &[&["council", "add", "--database", "sqlite:demo.db"][..], args].concat(),
        );
        assert_no_panic(&out);
        out
    };
    let no_council = add(
        dir.path(),
        &["--email", "a@example.org", "--name", "A", "--role", "admin"],
        "a long enough passphrase\n",
    );
    assert_eq!(no_council.status.code(), Some(2));
    for (args, expect) in [
        (&["--slug", "Bad Slug", "--name", "x"][..], "lower-case letters"),
        (
            &["--slug", "rotherham", "--name", " "][..],
            "council name: must not be empty",
        ),
    ] {
        let out = council(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(expect), "{}", stderr(&out));
    }
    let made = council(&[
        "--slug",
        "rotherham",
        "--name",
        "Rotherham Metropolitan Borough Council",
        "--host",
        "Democracy.Example.org",
    ]);
    assert!(made.status.success(), "{}", stderr(&made));
    assert!(stderr(&made).contains("moot user add --council rotherham"));
    for (args, expect) in [
        (
            &["--slug", "rotherham", "--name", "Again"][..],
            "already has a council \"rotherham\"",
        ),
        (
            &["--slug", "other", "--name", "Other", "--host", "DEMOCRACY.example.org"][..],
            "democracy.example.org is already the address of another council's site",
        ),
    ] {
        let out = council(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(expect), "{}", stderr(&out));
    }
    let admin = add(
        dir.path(),
        &["--email", "a@example.org", "--name", "A", "--role", "admin"],
        "a long enough passphrase\n",
    );
    assert!(admin.status.success(), "{}", stderr(&admin));
    let author = add(
        dir.path(),
        &["--email", "r@example.org", "--name", "R", "--role", "report_author"],
        "a long enough passphrase\n",
    );
    assert_eq!(author.status.code(), Some(2), "an author needs their officer record");
    assert!(
        stderr(&author).contains("tied to their officer record"),
        "{}",
        stderr(&author)
    );

    let url = SqliteUrl::parse(&format!("sqlite:{}", dir.path().join("demo.db").display())).unwrap();
    let store = SqliteStore::open(&url, OpenMode::MustExist).await.unwrap();
    let councils: Vec<Council> = store
        .councils()
        .await
        .unwrap()
        .into_iter()
        .map(|s| typed(s).unwrap().record)
        .collect();
    assert_eq!(councils.len(), 1, "refused councils saved nothing");
    assert_eq!(councils[0].name, "Rotherham Metropolitan Borough Council");
    assert_eq!(councils[0].settings.hosts, ["democracy.example.org"]);
    let accounts = store.find::<UserAccount>(councils[0].id, &Filter::all()).await.unwrap();
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].record.role, AccountRole::Admin);
}
