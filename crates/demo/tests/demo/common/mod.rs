//! Loads the built-in demo into a fresh SQLite database for a test.

use moot_demo::DemoSource;
use moot_domain::{Committee, Council, Meeting};
use moot_store::{CondOp, Filter, Store, StoreExt, typed};
use moot_store_sqlite::{OpenMode, SqliteStore, SqliteUrl};

#[derive(Debug)]
pub struct Demo {
    pub store: SqliteStore,
    pub council: Council,
    pub ilsc: Committee,
    _dir: tempfile::TempDir,
}

pub async fn demo() -> Demo {
    let dir = tempfile::tempdir().expect("dir");
    let store = SqliteStore::open(&SqliteUrl::File(dir.path().join("moot.db")), OpenMode::CreateIfMissing)
        .await
        .expect("open");
    store.migrate().await.expect("migrate");
    moot_demo::load(&store, &DemoSource::embedded())
        .await
        .expect("the demo loads");
    let council: Council = typed(store.councils().await.expect("councils").remove(0))
        .expect("council")
        .record;
    let ilsc = store
        .find::<Committee>(council.id, &Filter::eq("slug", "improving-lives-select-commission"))
        .await
        .expect("committee")
        .remove(0)
        .record;
    Demo {
        store,
        council,
        ilsc,
        _dir: dir,
    }
}

impl Demo {
    pub async fn meeting_on(&self, date: jiff::civil::Date) -> Meeting {
        let next = date.tomorrow().expect("date");
        let f = Filter::eq("committee_id", self.ilsc.id)
            .and("starts_at", CondOp::Ge, date.at(0, 0, 0, 0))
            .and("starts_at", CondOp::Lt, next.at(0, 0, 0, 0));
        self.store
            .find::<Meeting>(self.council.id, &f)
            .await
            .expect("meetings")
            .remove(0)
            .record
    }
}
