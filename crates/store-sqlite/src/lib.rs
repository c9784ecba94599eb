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
use moot_store::plan::{Current, Planned, Statement, plan};
use moot_store::sql::{self, Dialect};
use moot_store::{
    Change, ChangeQuery, ColumnType, Filter, Import, Kind, Op, Record, Result, Store, StoreError, Stored, Value, Write,
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

/// Marks SQL from `moot_store::sql` as audited: it splices only identifiers compiled into Moot.
fn audited(sql: String) -> sqlx::AssertSqlSafe<String> {
    sqlx::AssertSqlSafe(sql)
}

fn backend(e: sqlx::Error) -> StoreError {
    StoreError::Backend(e.to_string())
}

/// Maps a database refusal onto the store's vocabulary, naming what was being written.
fn refused(e: sqlx::Error, kind: Kind, id: Uuid) -> StoreError {
    match &e {
        sqlx::Error::Database(db)
            if db.is_unique_violation() || db.is_foreign_key_violation() || db.is_check_violation() =>
        {
            StoreError::Conflict {
                constraint: format!("{} (writing {kind} {id})", db.message()),
            }
        }
        _ => backend(e),
    }
}

type Query<'q> = sqlx::query::Query<'q, Sqlite, SqliteArguments>;

fn bind<'q>(q: Query<'q>, v: &Value) -> Query<'q> {
    match v.clone() {
        Value::Text(s) => q.bind(s),
        Value::Int(n) => q.bind(n),
        Value::Null(ColumnType::Text) => q.bind(None::<String>),
        Value::Null(ColumnType::Int) => q.bind(None::<i64>),
    }
}

fn stored(kind: Kind, row: &SqliteRow) -> Result<Stored<Record>> {
    let version: i64 = row.try_get("version").map_err(backend)?;
    let deleted: bool = row.try_get("deleted").map_err(backend)?;
    let body: String = row.try_get("body").map_err(backend)?;
    Ok(Stored {
        record: Record::from_json(kind, &body)?,
        version,
        deleted,
    })
}

async fn current(conn: &mut SqliteConnection, kind: Kind, council: CouncilId, id: Uuid) -> Result<Option<Current>> {
    let row = sqlx::query(audited(sql::get(kind, D)))
        .bind(id.to_string())
        .bind(council.to_string())
        .fetch_optional(&mut *conn)
        .await
        .map_err(backend)?;
    row.map(|row| {
        Ok(Current {
            version: row.try_get("version").map_err(backend)?,
            deleted: row.try_get("deleted").map_err(backend)?,
            body: row.try_get("body").map_err(backend)?,
        })
    })
    .transpose()
}

struct LogEntry<'a> {
    council: CouncilId,
    at: &'a str,
    actor: &'a str,
    kind: Kind,
    id: Uuid,
    op: Op,
    version: i64,
    before: Option<&'a str>,
    after: Option<&'a str>,
    note: Option<&'a str>,
    seq: Option<i64>,
}

async fn log(conn: &mut SqliteConnection, e: LogEntry<'_>) -> Result<()> {
    let mut q = sqlx::query(audited(sql::log(D, e.seq.is_some())))
        .bind(e.council.to_string())
        .bind(e.at.to_owned())
        .bind(e.actor.to_owned())
        .bind(e.kind.code())
        .bind(e.id.to_string())
        .bind(e.op.code())
        .bind(e.version)
        .bind(e.before.map(str::to_owned))
        .bind(e.after.map(str::to_owned))
        .bind(e.note.map(str::to_owned));
    if let Some(seq) = e.seq {
        q = q.bind(seq);
    }
    q.execute(&mut *conn).await.map_err(|err| refused(err, e.kind, e.id))?;
    Ok(())
}

async fn run(conn: &mut SqliteConnection, p: &Planned) -> Result<()> {
    let (id, council) = (p.id.to_string(), p.council.to_string());
    let q = match &p.statement {
        Statement::Insert { body, columns } => {
            let q = sqlx::query(audited(sql::insert(p.kind, D)))
                .bind(id)
                .bind(council)
                .bind(body.clone());
            columns.iter().fold(q, bind)
        }
        Statement::Update {
            body,
            columns,
            expected,
        } => {
            let q = sqlx::query(audited(sql::update(p.kind, D))).bind(body.clone());
            columns.iter().fold(q, bind).bind(id).bind(council).bind(*expected)
        }
        Statement::Tombstone { expected } => sqlx::query(audited(sql::tombstone(p.kind, D)))
            .bind(id)
            .bind(council)
            .bind(*expected),
    };
    q.execute(&mut *conn).await.map_err(|e| refused(e, p.kind, p.id))?;
    Ok(())
}

async fn apply_one(
    conn: &mut SqliteConnection,
    at: &str,
    actor: &Actor,
    note: Option<&str>,
    write: Write,
) -> Result<Stored<Record>> {
    let (kind, council, id) = write.target();
    let cur = if write.needs_current() {
        current(conn, kind, council, id).await?
    } else {
        None
    };
    let p = plan(write, cur)?;
    run(conn, &p).await?;
    let entry = LogEntry {
        council,
        at,
        actor: actor.as_str(),
        kind,
        id,
        op: p.op,
        version: p.version,
        before: p.before.as_deref(),
        after: p.after.as_deref(),
        note,
        seq: None,
    };
    log(conn, entry).await?;
    Ok(p.result)
}

fn parse_json(text: Option<String>) -> Result<Option<serde_json::Value>> {
    text.map(|t| serde_json::from_str(&t).map_err(|e| StoreError::Corrupt(format!("change log JSON: {e}"))))
        .transpose()
}

fn change_from_row(row: &SqliteRow) -> Result<Change> {
    let text = |col: &str| row.try_get::<String, _>(col).map_err(backend);
    let kind_code = text("kind")?;
    let op_code = text("op")?;
    Ok(Change {
        seq: row.try_get("seq").map_err(backend)?,
        council: text("council_id")?.parse().map_err(StoreError::from)?,
        at: text("at")?
            .parse::<Timestamp>()
            .map_err(|e| StoreError::Corrupt(format!("change time: {e}")))?,
        actor: Actor::parse(&text("actor")?)?,
        kind: Kind::from_code(&kind_code).ok_or_else(|| StoreError::Corrupt(format!("unknown kind {kind_code:?}")))?,
        id: Uuid::parse_str(&text("record_id")?).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        op: Op::from_code(&op_code).ok_or_else(|| StoreError::Corrupt(format!("unknown op {op_code:?}")))?,
        version: row.try_get("version").map_err(backend)?,
        before: parse_json(row.try_get("before").map_err(backend)?)?,
        after: parse_json(row.try_get("after").map_err(backend)?)?,
        note: row.try_get("note").map_err(backend)?,
    })
}

/// A copy in progress: one immediate transaction with foreign keys checked at commit.
struct SqliteImport {
    tx: Transaction<'static, Sqlite>,
}

#[async_trait]
impl Import for SqliteImport {
    async fn record(&mut self, s: &Stored<Record>) -> Result<()> {
        let (kind, id) = (s.record.kind(), s.record.uuid());
        let q = sqlx::query(audited(sql::import(kind, D)))
            .bind(id.to_string())
            .bind(s.record.council().to_string())
            .bind(s.version)
            .bind(s.deleted)
            .bind(s.record.to_json()?);
        let q = s.record.columns().iter().fold(q, bind);
        q.execute(&mut *self.tx).await.map_err(|e| refused(e, kind, id))?;
        Ok(())
    }

    async fn change(&mut self, c: &Change) -> Result<()> {
        let json = |v: &Option<serde_json::Value>| v.as_ref().map(ToString::to_string);
        let (before, after) = (json(&c.before), json(&c.after));
        let at = c.at.to_string();
        let entry = LogEntry {
            council: c.council,
            at: &at,
            actor: c.actor.as_str(),
            kind: c.kind,
            id: c.id,
            op: c.op,
            version: c.version,
            before: before.as_deref(),
            after: after.as_deref(),
            note: c.note.as_deref(),
            seq: Some(c.seq),
        };
        log(&mut self.tx, entry).await
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
        let at = moot_store::change::now().to_string();
        let mut out = Vec::with_capacity(writes.len());
        for write in writes {
            // Returning early drops `tx`, which rolls the whole batch back.
            out.push(apply_one(&mut tx, &at, actor, note, write).await?);
        }
        tx.commit().await.map_err(backend)?;
        Ok(out)
    }

    async fn get(&self, council: CouncilId, kind: Kind, id: Uuid) -> Result<Option<Stored<Record>>> {
        let row = sqlx::query(audited(sql::get(kind, D)))
            .bind(id.to_string())
            .bind(council.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        row.map(|r| stored(kind, &r)).transpose()
    }

    async fn list(&self, council: CouncilId, kind: Kind, filter: &Filter) -> Result<Vec<Stored<Record>>> {
        let q = sqlx::query(audited(sql::list(kind, filter, D)?)).bind(council.to_string());
        let rows = sql::list_values(filter)
            .fold(q, bind)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(|r| stored(kind, r)).collect()
    }

    async fn councils(&self) -> Result<Vec<Stored<Record>>> {
        let rows = sqlx::query("SELECT version, deleted, body FROM councils WHERE NOT deleted ORDER BY slug")
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(|r| stored(Kind::Council, r)).collect()
    }

    async fn last_seq(&self) -> Result<i64> {
        sqlx::query_scalar("SELECT COALESCE(max(seq), 0) FROM changes")
            .fetch_one(&self.pool)
            .await
            .map_err(backend)
    }

    async fn council_ids(&self) -> Result<Vec<CouncilId>> {
        let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM councils ORDER BY id")
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        ids.iter().map(|id| id.parse().map_err(StoreError::from)).collect()
    }

    async fn changes(&self, query: &ChangeQuery) -> Result<Vec<Change>> {
        let rows = sqlx::query(
            "SELECT seq, council_id, at, actor, kind, record_id, op, version, before, after, note FROM changes \
             WHERE (?1 IS NULL OR council_id = ?1) AND seq > ?2 AND (?3 IS NULL OR kind = ?3) \
             AND (?4 IS NULL OR record_id = ?4) ORDER BY seq LIMIT ?5",
        )
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
