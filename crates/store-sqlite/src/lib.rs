//! The SQLite backend of [`moot_store::Store`].
//!
//! One file, WAL journal (readers never wait for the writer), foreign keys enforced, and every
//! batch in one `BEGIN IMMEDIATE` transaction so that two writers queue instead of failing
//! half-way. Schema changes are the embedded migrations in `migrations/`, whose names and
//! numbers the PostgreSQL backend repeats.

mod url;

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use jiff::Timestamp;
use moot_domain::{Actor, CouncilId};
use moot_store::{Change, ChangeQuery, Filter, Kind, Op, Record, Result, Store, StoreError, Stored, Value, Write};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous};
use sqlx::{Row, SqliteConnection, SqlitePool};
use uuid::Uuid;

pub use url::SqliteUrl;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

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

    /// Brings the schema up to date; safe to run at every start.
    pub async fn migrate(&self) -> Result<()> {
        MIGRATOR
            .run(&self.pool)
            .await
            .map_err(|e| StoreError::Backend(format!("migration failed: {e}")))
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

/// Marks SQL built at run time as audited. Only fixed identifiers from [`Kind`] (table, column
/// and ORDER BY names compiled into Moot) and placeholders are ever spliced in; every value,
/// whatever its source, is bound as a parameter.
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

fn bind_value<'q>(
    q: sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments>,
    v: &Value,
) -> sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments> {
    match v {
        Value::Text(s) => q.bind(s.clone()),
        Value::Int(n) => q.bind(*n),
        Value::Null => q.bind(None::<String>),
    }
}

fn stored(kind: Kind, row: &SqliteRow) -> Result<Stored<Record>> {
    let version: i64 = row.try_get("version").map_err(backend)?;
    let deleted: i64 = row.try_get("deleted").map_err(backend)?;
    let body: String = row.try_get("body").map_err(backend)?;
    Ok(Stored {
        record: Record::from_json(kind, &body)?,
        version,
        deleted: deleted != 0,
    })
}

struct Current {
    version: i64,
    deleted: bool,
    body: String,
}

async fn current(conn: &mut SqliteConnection, kind: Kind, council: CouncilId, id: Uuid) -> Result<Current> {
    let sql = format!(
        "SELECT version, deleted, body FROM {} WHERE id = ? AND council_id = ?",
        kind.table()
    );
    let row = sqlx::query(audited(sql))
        .bind(id.to_string())
        .bind(council.to_string())
        .fetch_optional(&mut *conn)
        .await
        .map_err(backend)?
        .ok_or(StoreError::NotFound { kind, id })?;
    Ok(Current {
        version: row.try_get("version").map_err(backend)?,
        deleted: row.try_get::<i64, _>("deleted").map_err(backend)? != 0,
        body: row.try_get("body").map_err(backend)?,
    })
}

fn check_current(cur: &Current, kind: Kind, id: Uuid, expected: i64) -> Result<()> {
    if cur.deleted {
        return Err(StoreError::Deleted { kind, id });
    }
    if cur.version != expected {
        return Err(StoreError::Stale {
            kind,
            id,
            expected,
            found: cur.version,
        });
    }
    Ok(())
}

struct LogEntry<'a> {
    council: CouncilId,
    kind: Kind,
    id: Uuid,
    op: Op,
    version: i64,
    before: Option<&'a str>,
    after: Option<&'a str>,
}

async fn log(conn: &mut SqliteConnection, at: &str, actor: &Actor, note: Option<&str>, e: LogEntry<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO changes (council_id, at, actor, kind, record_id, op, version, before, after, note) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(e.council.to_string())
    .bind(at)
    .bind(actor.as_str())
    .bind(e.kind.code())
    .bind(e.id.to_string())
    .bind(e.op.code())
    .bind(e.version)
    .bind(e.before)
    .bind(e.after)
    .bind(note)
    .execute(&mut *conn)
    .await
    .map_err(|err| refused(err, e.kind, e.id))?;
    Ok(())
}

async fn apply_one(
    conn: &mut SqliteConnection,
    at: &str,
    actor: &Actor,
    note: Option<&str>,
    write: Write,
) -> Result<Stored<Record>> {
    match write {
        Write::Create(record) => {
            record.validate()?;
            let (kind, id, council) = (record.kind(), record.uuid(), record.council());
            let body = record.to_json()?;
            let cols = kind.columns();
            let sql = format!(
                "INSERT INTO {} (id, council_id, version, deleted, body{}) VALUES (?, ?, 1, 0, ?{})",
                kind.table(),
                cols.iter().map(|c| format!(", {c}")).collect::<String>(),
                ", ?".repeat(cols.len()),
            );
            let mut q = sqlx::query(audited(sql))
                .bind(id.to_string())
                .bind(council.to_string())
                .bind(body.clone());
            for v in &record.columns() {
                q = bind_value(q, v);
            }
            q.execute(&mut *conn).await.map_err(|e| refused(e, kind, id))?;
            let entry = LogEntry {
                council,
                kind,
                id,
                op: Op::Create,
                version: 1,
                before: None,
                after: Some(&body),
            };
            log(conn, at, actor, note, entry).await?;
            Ok(Stored {
                record,
                version: 1,
                deleted: false,
            })
        }
        Write::Update { record, expected } => {
            record.validate()?;
            let (kind, id, council) = (record.kind(), record.uuid(), record.council());
            let cur = current(conn, kind, council, id).await?;
            check_current(&cur, kind, id, expected)?;
            let body = record.to_json()?;
            let sets: String = kind.columns().iter().map(|c| format!(", {c} = ?")).collect();
            let sql = format!(
                "UPDATE {} SET version = version + 1, body = ?{sets} WHERE id = ? AND council_id = ? AND version = ?",
                kind.table()
            );
            let mut q = sqlx::query(audited(sql)).bind(body.clone());
            for v in &record.columns() {
                q = bind_value(q, v);
            }
            q.bind(id.to_string())
                .bind(council.to_string())
                .bind(expected)
                .execute(&mut *conn)
                .await
                .map_err(|e| refused(e, kind, id))?;
            let version = expected + 1;
            let entry = LogEntry {
                council,
                kind,
                id,
                op: Op::Update,
                version,
                before: Some(&cur.body),
                after: Some(&body),
            };
            log(conn, at, actor, note, entry).await?;
            Ok(Stored {
                record,
                version,
                deleted: false,
            })
        }
        Write::Delete {
            kind,
            council,
            id,
            expected,
        } => {
            let cur = current(conn, kind, council, id).await?;
            check_current(&cur, kind, id, expected)?;
            let sql = format!(
                "UPDATE {} SET version = version + 1, deleted = 1 WHERE id = ? AND council_id = ? AND version = ?",
                kind.table()
            );
            sqlx::query(audited(sql))
                .bind(id.to_string())
                .bind(council.to_string())
                .bind(expected)
                .execute(&mut *conn)
                .await
                .map_err(|e| refused(e, kind, id))?;
            let version = expected + 1;
            let entry = LogEntry {
                council,
                kind,
                id,
                op: Op::Delete,
                version,
                before: Some(&cur.body),
                after: None,
            };
            log(conn, at, actor, note, entry).await?;
            Ok(Stored {
                record: Record::from_json(kind, &cur.body)?,
                version,
                deleted: true,
            })
        }
    }
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

#[async_trait]
impl Store for SqliteStore {
    async fn apply(&self, actor: &Actor, note: Option<&str>, writes: Vec<Write>) -> Result<Vec<Stored<Record>>> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        let at = Timestamp::now().to_string();
        let mut out = Vec::with_capacity(writes.len());
        for write in writes {
            // Returning early drops `tx`, which rolls the whole batch back.
            out.push(apply_one(&mut tx, &at, actor, note, write).await?);
        }
        tx.commit().await.map_err(backend)?;
        Ok(out)
    }

    async fn get(&self, council: CouncilId, kind: Kind, id: Uuid) -> Result<Option<Stored<Record>>> {
        let sql = format!(
            "SELECT version, deleted, body FROM {} WHERE id = ? AND council_id = ?",
            kind.table()
        );
        let row = sqlx::query(audited(sql))
            .bind(id.to_string())
            .bind(council.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        row.map(|r| stored(kind, &r)).transpose()
    }

    async fn list(&self, council: CouncilId, kind: Kind, filter: &Filter) -> Result<Vec<Stored<Record>>> {
        filter.check(kind)?;
        let mut sql = format!(
            "SELECT version, deleted, body FROM {} WHERE council_id = ?",
            kind.table()
        );
        if !filter.include_deleted {
            sql.push_str(" AND deleted = 0");
        }
        for c in &filter.conds {
            if c.value == Value::Null {
                sql.push_str(&format!(" AND {} IS NULL", c.column));
            } else {
                sql.push_str(&format!(" AND {} {} ?", c.column, c.op.sql()));
            }
        }
        let direction = if filter.reverse { " DESC" } else { "" };
        let order: Vec<String> = kind.order_by().iter().map(|c| format!("{c}{direction}")).collect();
        sql.push_str(&format!(" ORDER BY {}", order.join(", ")));
        if let Some(limit) = filter.limit {
            sql.push_str(&format!(" LIMIT {limit}"));
        }
        let mut q = sqlx::query(audited(sql)).bind(council.to_string());
        for c in filter.conds.iter().filter(|c| c.value != Value::Null) {
            q = bind_value(q, &c.value);
        }
        let rows = q.fetch_all(&self.pool).await.map_err(backend)?;
        rows.iter().map(|r| stored(kind, r)).collect()
    }

    async fn councils(&self) -> Result<Vec<Stored<Record>>> {
        let rows = sqlx::query("SELECT version, deleted, body FROM councils WHERE deleted = 0 ORDER BY slug")
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(|r| stored(Kind::Council, r)).collect()
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

    fn backend(&self) -> &'static str {
        "sqlite"
    }
}
