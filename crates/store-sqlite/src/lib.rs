//! The SQLite backend of [`moot_store::Store`].
//!
//! One file, WAL journal (readers never wait for the writer), foreign keys enforced, and every
//! batch in one `BEGIN IMMEDIATE` transaction so that two writers queue instead of failing
//! half-way. What a write means is decided by `moot_store::plan` and its SQL comes from
//! `moot_store::sql`, shared with PostgreSQL; this crate runs it. Schema changes are the
//! embedded migrations in `migrations/`, whose names and numbers PostgreSQL's repeat.

mod url;

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use jiff::Timestamp;
use moot_domain::{Actor, CouncilId};
use moot_store::sql::{self, Dialect};
use moot_store::{
    Change, ChangeQuery, Filter, Import, Kind, LatestQuery, Record, Result, Store, StoreError, Stored, Write,
};
use sqlx::sqlite::{
    SqliteArguments, SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous,
};
use sqlx::{Row, Sqlite, SqliteConnection, SqlitePool, Transaction};
use uuid::Uuid;

pub use url::SqliteUrl;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");
const D: Dialect = Dialect::Sqlite;

/// Whether opening may create a new database file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Create the file if it is missing (serve, migrate, demo load).
    CreateIfMissing,
    /// The database must already exist (dump, copy): a typo in a path must not make an empty one.
    MustExist,
}

#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    pub async fn open(url: &SqliteUrl, mode: OpenMode) -> Result<Self> {
        let options = match url {
            SqliteUrl::Memory => SqliteConnectOptions::from_str("sqlite::memory:").map_err(backend)?,
            SqliteUrl::File(path) => SqliteConnectOptions::new()
                .filename(path)
                .create_if_missing(mode == OpenMode::CreateIfMissing),
        }
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
        // An in-memory database lives and dies with its one connection.
        let pool = match url {
            SqliteUrl::Memory => SqlitePoolOptions::new()
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None),
            SqliteUrl::File(_) => SqlitePoolOptions::new().max_connections(8),
        }
        .connect_with(options)
        .await
        .map_err(|e| match e {
            sqlx::Error::Database(db) if db.code().as_deref() == Some("14") => StoreError::BadUrl {
                url: url.to_string(),
                why: "there is no database there (run `moot migrate` to create one)".into(),
            },
            e => backend(e),
        })?;
        Ok(Self { pool })
    }

    /// Brings the schema up to date; safe to run at every start. A database migrated by a
    /// newer Moot is refused rather than used.
    pub async fn migrate(&self) -> Result<()> {
        MIGRATOR.run(&self.pool).await.map_err(|e| match e {
            sqlx::migrate::MigrateError::VersionMissing(v) => StoreError::SchemaTooNew(v),
            e => StoreError::Backend(format!("migration failed: {e}")),
        })
    }

    /// Whether the schema has been created, so commands that only read can say so clearly.
    pub async fn is_migrated(&self) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'changes'")
            .fetch_one(&self.pool)
            .await
            .map_err(backend)?;
        Ok(n == 1)
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

moot_store::relational_backend!(
    store: SqliteStore,
    database: Sqlite,
    connection: SqliteConnection,
    arguments: SqliteArguments,
    row: SqliteRow,
);

/// How a change's time is stored: RFC 3339 text.
fn bind_time<'q>(q: Query<'q>, at: Timestamp) -> Query<'q> {
    q.bind(at.to_string())
}

/// Log times are RFC 3339 text.
fn read_time(row: &SqliteRow) -> Result<Timestamp> {
    let text: String = row.try_get("at").map_err(backend)?;
    text.parse()
        .map_err(|e| StoreError::Corrupt(format!("change time: {e}")))
}

/// A copy in progress: one immediate transaction with foreign keys checked at commit.
struct SqliteImport {
    tx: Transaction<'static, Sqlite>,
}

#[async_trait]
impl Import for SqliteImport {
    async fn record(&mut self, s: &Stored<Record>) -> Result<()> {
        import_record(&mut self.tx, s).await
    }

    async fn change(&mut self, c: &Change) -> Result<()> {
        import_change(&mut self.tx, c).await
    }

    async fn finish(self: Box<Self>) -> Result<()> {
        self.tx.commit().await.map_err(|e| StoreError::Conflict {
            constraint: format!("{e} (at the end of the copy)"),
        })
    }
}

#[async_trait]
impl Store for SqliteStore {
    async fn apply(&self, actor: &Actor, note: Option<&str>, writes: Vec<Write>) -> Result<Vec<Stored<Record>>> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        let out = apply_batch(&mut tx, actor, note, writes).await?;
        tx.commit().await.map_err(backend)?;
        Ok(out)
    }

    async fn get(&self, council: CouncilId, kind: Kind, id: Uuid) -> Result<Option<Stored<Record>>> {
        get_record(&self.pool, council, kind, id).await
    }

    async fn list(&self, council: CouncilId, kind: Kind, filter: &Filter) -> Result<Vec<Stored<Record>>> {
        list_records(&self.pool, council, kind, filter).await
    }

    async fn councils(&self) -> Result<Vec<Stored<Record>>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql::councils(Dialect::Sqlite)))
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(|r| stored(Kind::Council, r)).collect()
    }

    async fn last_seq(&self) -> Result<i64> {
        sqlx::query_scalar(sql::LAST_SEQ)
            .fetch_one(&self.pool)
            .await
            .map_err(backend)
    }

    async fn council_ids(&self) -> Result<Vec<CouncilId>> {
        let ids: Vec<String> = sqlx::query_scalar(sql::COUNCIL_IDS)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        ids.iter().map(|id| id.parse().map_err(StoreError::from)).collect()
    }

    async fn changes(&self, query: &ChangeQuery) -> Result<Vec<Change>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql::changes(Dialect::Sqlite)))
            .bind(query.council.map(|c| c.to_string()))
            .bind(query.after)
            .bind(query.kind.map(Kind::code))
            .bind(query.id.map(|i| i.to_string()))
            .bind(query.limit.map_or(-1, i64::from))
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(change_from_row).collect()
    }

    async fn latest_changes(&self, query: &LatestQuery) -> Result<Vec<Change>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql::latest_changes(Dialect::Sqlite)))
            .bind(query.council.to_string())
            .bind(query.kind.code())
            .bind(query.after)
            .bind(query.upto)
            .bind(i64::from(query.limit))
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(change_from_row).collect()
    }

    async fn begin_import(&self) -> Result<Box<dyn Import + '_>> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        sqlx::query("PRAGMA defer_foreign_keys = ON")
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        Ok(Box::new(SqliteImport { tx }))
    }

    fn backend(&self) -> &'static str {
        "sqlite"
    }
}
