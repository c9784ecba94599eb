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
use moot_store::plan::{Current, Planned, Statement, plan};
use moot_store::sql::{self, Dialect};
use moot_store::{
    Change, ChangeQuery, ColumnType, Filter, Import, Kind, Op, Record, Result, Store, StoreError, Stored, Value, Write,
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

/// Marks SQL from `moot_store::sql` as audited: it splices only identifiers compiled into Moot.
fn audited(sql: String) -> sqlx::AssertSqlSafe<String> {
    sqlx::AssertSqlSafe(sql)
}

fn backend(e: sqlx::Error) -> StoreError {
    StoreError::Backend(e.to_string())
}

fn refused(e: sqlx::Error, kind: Kind, id: Uuid) -> StoreError {
    match &e {
        sqlx::Error::Database(db)
            if db.is_unique_violation() || db.is_foreign_key_violation() || db.is_check_violation() =>
        {
            let name = db.constraint().map(|c| format!(" {c}")).unwrap_or_default();
            StoreError::Conflict {
                constraint: format!("{}{name} (writing {kind} {id})", db.message()),
            }
        }
        _ => backend(e),
    }
}

type Query<'q> = sqlx::query::Query<'q, Postgres, PgArguments>;

fn bind<'q>(q: Query<'q>, v: &Value) -> Query<'q> {
    match v.clone() {
        Value::Text(s) => q.bind(s),
        Value::Int(n) => q.bind(n),
        Value::Null(ColumnType::Text) => q.bind(None::<String>),
        Value::Null(ColumnType::Int) => q.bind(None::<i64>),
    }
}

fn stored(kind: Kind, row: &PgRow) -> Result<Stored<Record>> {
    let version: i64 = row.try_get("version").map_err(backend)?;
    let deleted: bool = row.try_get("deleted").map_err(backend)?;
    let body: String = row.try_get("body").map_err(backend)?;
    Ok(Stored {
        record: Record::from_json(kind, &body)?,
        version,
        deleted,
    })
}

async fn current(conn: &mut PgConnection, kind: Kind, council: CouncilId, id: Uuid) -> Result<Option<Current>> {
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
    at: Timestamp,
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

async fn log(conn: &mut PgConnection, e: LogEntry<'_>) -> Result<()> {
    let mut q = sqlx::query(audited(sql::log(D, e.seq.is_some())))
        .bind(e.council.to_string())
        .bind(e.at.as_microsecond())
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

async fn run(conn: &mut PgConnection, p: &Planned) -> Result<()> {
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
    conn: &mut PgConnection,
    at: Timestamp,
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

fn change_from_row(row: &PgRow) -> Result<Change> {
    let text = |col: &str| row.try_get::<String, _>(col).map_err(backend);
    let kind_code = text("kind")?;
    let op_code = text("op")?;
    let micros: i64 = row.try_get("at_us").map_err(backend)?;
    Ok(Change {
        seq: row.try_get("seq").map_err(backend)?,
        council: text("council_id")?.parse().map_err(StoreError::from)?,
        at: Timestamp::from_microsecond(micros).map_err(|e| StoreError::Corrupt(format!("change time: {e}")))?,
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

/// A copy in progress: one transaction holding the write lock, references checked at commit.
struct PgImport {
    tx: Transaction<'static, Postgres>,
}

#[async_trait]
impl Import for PgImport {
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
        let entry = LogEntry {
            council: c.council,
            at: c.at,
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
        let at = moot_store::change::now();
        let mut out = Vec::with_capacity(writes.len());
        for write in writes {
            // Returning early drops `tx`, which rolls the whole batch back.
            out.push(apply_one(&mut tx, at, actor, note, write).await?);
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
        let rows =
            sqlx::query("SELECT version, deleted, body::text AS body FROM councils WHERE NOT deleted ORDER BY slug")
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
            "SELECT seq, council_id, (EXTRACT(EPOCH FROM at) * 1000000)::bigint AS at_us, actor, kind, record_id, op, \
             version, before::text AS before, after::text AS after, note FROM changes \
             WHERE ($1::text IS NULL OR council_id = $1) AND seq > $2 AND ($3::text IS NULL OR kind = $3) \
             AND ($4::text IS NULL OR record_id = $4) ORDER BY seq LIMIT $5",
        )
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
