//! The PostgreSQL backend of [`moot_store::Store`], for hosts that outgrow one machine: several
//! stateless `moot serve` nodes over one database.
//!
//! It runs the same plans and SQL as SQLite (`moot_store::plan`, `moot_store::sql`) so callers
//! see identical behaviour. Writers take one transaction-scoped advisory lock, so batches
//! commit one at a time and change-log sequence numbers are assigned in commit order: a
//! follower reading "everything after N" can never miss an entry that commits late.

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
use sqlx::postgres::{PgArguments, PgConnectOptions, PgPoolOptions, PgRow};
use sqlx::{Connection, PgConnection, PgPool, Postgres, Row, Transaction};
use uuid::Uuid;

pub use url::describe;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");
const D: Dialect = Dialect::Postgres;
/// The advisory lock every writing transaction holds (an arbitrary constant: "MOOT").
const WRITE_LOCK: i64 = 0x4d4f_4f54;

#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects to `url`. Errors name the server and user, never the password.
    pub async fn open(url: &str) -> Result<Self> {
        let options = PgConnectOptions::from_str(url).map_err(|e| StoreError::BadUrl {
            url: describe(url),
            why: format!("not a PostgreSQL URL ({e})"),
        })?;
        Self::connect(url, options).await
    }

    /// Connects to `url` and works inside `schema`, creating it if need be: several
    /// installations (or test runs) can then share one database without seeing each other.
    pub async fn open_in_schema(url: &str, schema: &str) -> Result<Self> {
        let valid = schema.len() <= 63
            && schema.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            && schema
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !valid {
            return Err(StoreError::BadUrl {
                url: describe(url),
                why: format!("{schema:?} is not a schema name (lower-case letters, digits and _)"),
            });
        }
        let admin = Self::open(url).await?;
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA IF NOT EXISTS {schema}")))
            .execute(&admin.pool)
            .await
            .map_err(backend)?;
        admin.close().await;
        let options = PgConnectOptions::from_str(url)
            .map_err(|e| StoreError::BadUrl {
                url: describe(url),
                why: format!("not a PostgreSQL URL ({e})"),
            })?
            .options([("search_path", schema)]);
        Self::connect(url, options).await
    }

    /// Connects with `options`, reporting problems against `url` (redacted).
    pub async fn connect(url: &str, options: PgConnectOptions) -> Result<Self> {
        // One direct connection first: a pool retries until its timeout and then reports only
        // that it timed out, where the operator needs "connection refused" or "bad password".
        let probe = tokio::time::timeout(Duration::from_secs(10), PgConnection::connect_with(&options))
            .await
            .map_err(|_| url::connect_error(url, sqlx::Error::PoolTimedOut))?
            .map_err(|e| url::connect_error(url, e))?;
        drop(probe.close().await);
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(|e| url::connect_error(url, e))?;
        Ok(Self { pool })
    }

    /// Brings the schema up to date (several nodes may start at once: sqlx serialises them
    /// with a lock). A database migrated by a newer Moot is refused rather than used.
    pub async fn migrate(&self) -> Result<()> {
        MIGRATOR.run(&self.pool).await.map_err(|e| match e {
            sqlx::migrate::MigrateError::VersionMissing(v) => StoreError::SchemaTooNew(v),
            e => StoreError::Backend(format!("migration failed: {e}")),
        })
    }

    pub async fn is_migrated(&self) -> Result<bool> {
        let found: Option<String> = sqlx::query_scalar("SELECT to_regclass('changes')::text")
            .fetch_one(&self.pool)
            .await
            .map_err(backend)?;
        Ok(found.is_some())
    }

    /// The server's version string, for logs and for tests that must know they ran here.
    pub async fn server_version(&self) -> Result<String> {
        sqlx::query_scalar("SELECT version()")
            .fetch_one(&self.pool)
            .await
            .map_err(backend)
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

moot_store::relational_backend!(
    store: PgStore,
    database: Postgres,
    connection: PgConnection,
    arguments: PgArguments,
    row: PgRow,
);

/// How a change's time is stored: microseconds, turned into a timestamptz by the SQL.
fn bind_time<'q>(q: Query<'q>, at: Timestamp) -> Query<'q> {
    q.bind(at.as_microsecond())
}

/// Log times are read as microseconds since the epoch (the query converts the timestamptz).
fn read_time(row: &PgRow) -> Result<Timestamp> {
    let micros: i64 = row.try_get("at_us").map_err(backend)?;
    Timestamp::from_microsecond(micros).map_err(|e| StoreError::Corrupt(format!("change time: {e}")))
}

/// A copy in progress: one transaction holding the write lock, references checked at commit.
struct PgImport {
    tx: Transaction<'static, Postgres>,
}

#[async_trait]
impl Import for PgImport {
    async fn record(&mut self, s: &Stored<Record>) -> Result<()> {
        import_record(&mut self.tx, s).await
    }

    async fn change(&mut self, c: &Change) -> Result<()> {
        import_change(&mut self.tx, c).await
    }

    async fn finish(mut self: Box<Self>) -> Result<()> {
        // New entries must continue after the copied ones.
        sqlx::query(
            "SELECT setval(pg_get_serial_sequence('changes', 'seq'), GREATEST((SELECT max(seq) FROM changes), 1))",
        )
        .execute(&mut *self.tx)
        .await
        .map_err(backend)?;
        self.tx.commit().await.map_err(|e| StoreError::Conflict {
            constraint: format!("{e} (at the end of the copy)"),
        })
    }
}

async fn write_transaction(pool: &PgPool) -> Result<Transaction<'static, Postgres>> {
    let mut tx = pool.begin().await.map_err(backend)?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(WRITE_LOCK)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
    Ok(tx)
}

#[async_trait]
impl Store for PgStore {
    async fn apply(&self, actor: &Actor, note: Option<&str>, writes: Vec<Write>) -> Result<Vec<Stored<Record>>> {
        let mut tx = write_transaction(&self.pool).await?;
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
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql::councils(Dialect::Postgres)))
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
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql::changes(Dialect::Postgres)))
            .bind(query.council.map(|c| c.to_string()))
            .bind(query.after)
            .bind(query.kind.map(Kind::code))
            .bind(query.id.map(|i| i.to_string()))
            .bind(query.limit.map(i64::from))
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(change_from_row).collect()
    }

    async fn latest_changes(&self, query: &LatestQuery) -> Result<Vec<Change>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql::latest_changes(Dialect::Postgres)))
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
        let mut tx = write_transaction(&self.pool).await?;
        sqlx::query("SET CONSTRAINTS ALL DEFERRED")
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        Ok(Box::new(PgImport { tx }))
    }

    fn backend(&self) -> &'static str {
        "postgres"
    }
}
