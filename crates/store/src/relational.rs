//! The part of a relational backend that is the same on every sqlx driver, written once.
//!
//! sqlx's traits make code generic over drivers awkward to write and to read, so the shared
//! functions are stamped out per driver by [`relational_backend!`](crate::relational_backend).
//! What differs stays in each backend: connecting, migrating, starting a write transaction,
//! and how a log entry's time is stored and read.

/// Defines, in the calling backend crate, the functions every relational store shares:
/// `audited`, `backend`, `refused`, `bind`, `stored`, `current`, `LogEntry`, `log`, `run`,
/// `keep_hosts`, `apply_batch`, `get_record`, `list_records`, `parse_json`, `import_record` and
/// `import_change`, plus the `Query` alias.
///
/// The caller names its sqlx database, connection, arguments and row types, and defines
/// `const D: moot_store::sql::Dialect`,
/// `fn bind_time<'q>(q: Query<'q>, at: jiff::Timestamp) -> Query<'q>` (how a log time is bound)
/// and `fn read_time(row: &Row) -> Result<jiff::Timestamp>` (how it is read back).
#[macro_export]
macro_rules! relational_backend {
    (store: $store:ty, database: $db:ty, connection: $conn:ty, arguments: $args:ty, row: $row:ty $(,)?) => {
        fn micros(at: jiff::Timestamp) -> i64 {
            at.as_microsecond()
        }

        fn from_micros(us: i64) -> $crate::Result<jiff::Timestamp> {
            jiff::Timestamp::from_microsecond(us).map_err(|e| $crate::StoreError::Corrupt(format!("session time: {e}")))
        }

        #[async_trait::async_trait]
        impl $crate::Credentials for $store {
            async fn password(
                &self,
                council: moot_domain::CouncilId,
                account: moot_domain::AccountId,
            ) -> $crate::Result<Option<String>> {
                sqlx::query_scalar(audited($crate::sql::auth::password(D)))
                    .bind(account.to_string())
                    .bind(council.to_string())
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(backend)
            }

            async fn set_password(
                &self,
                council: moot_domain::CouncilId,
                account: moot_domain::AccountId,
                phc: &str,
            ) -> $crate::Result<()> {
                let mut tx = self.pool.begin().await.map_err(backend)?;
                sqlx::query(audited($crate::sql::auth::set_password(D)))
                    .bind(account.to_string())
                    .bind(council.to_string())
                    .bind(phc.to_owned())
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| refused(e, $crate::Kind::UserAccount, account.uuid()))?;
                sqlx::query(audited($crate::sql::auth::end_sessions_of(D)))
                    .bind(account.to_string())
                    .execute(&mut *tx)
                    .await
                    .map_err(backend)?;
                tx.commit().await.map_err(backend)
            }

            async fn start_session(&self, s: &$crate::Session) -> $crate::Result<()> {
                sqlx::query(audited($crate::sql::auth::start_session(D)))
                    .bind(s.token_hash.clone())
                    .bind(s.council.to_string())
                    .bind(s.account.to_string())
                    .bind(s.csrf.clone())
                    .bind(micros(s.created))
                    .bind(micros(s.seen))
                    .execute(&self.pool)
                    .await
                    .map_err(|e| refused(e, $crate::Kind::UserAccount, s.account.uuid()))?;
                Ok(())
            }

            async fn session(&self, token_hash: &str) -> $crate::Result<Option<$crate::Session>> {
                use sqlx::Row as _;
                let row = sqlx::query(audited($crate::sql::auth::session(D)))
                    .bind(token_hash.to_owned())
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(backend)?;
                let Some(row) = row else { return Ok(None) };
                let text = |name: &str| -> $crate::Result<String> { row.try_get(name).map_err(backend) };
                let time = |name: &str| -> $crate::Result<jiff::Timestamp> {
                    from_micros(row.try_get(name).map_err(backend)?)
                };
                Ok(Some($crate::Session {
                    token_hash: text("token_hash")?,
                    council: text("council_id")?.parse()?,
                    account: text("account_id")?.parse()?,
                    csrf: text("csrf")?,
                    created: time("created_us")?,
                    seen: time("seen_us")?,
                }))
            }

            async fn touch_session(&self, token_hash: &str, seen: jiff::Timestamp) -> $crate::Result<()> {
                sqlx::query(audited($crate::sql::auth::touch_session(D)))
                    .bind(micros(seen))
                    .bind(token_hash.to_owned())
                    .execute(&self.pool)
                    .await
                    .map_err(backend)?;
                Ok(())
            }

            async fn end_session(&self, token_hash: &str) -> $crate::Result<()> {
                sqlx::query(audited($crate::sql::auth::end_session(D)))
                    .bind(token_hash.to_owned())
                    .execute(&self.pool)
                    .await
                    .map_err(backend)?;
                Ok(())
            }

            async fn signing_key(&self, fresh: &str) -> $crate::Result<String> {
                sqlx::query(audited($crate::sql::auth::keep_signing_key(D)))
                    .bind(fresh.to_owned())
                    .execute(&self.pool)
                    .await
                    .map_err(backend)?;
                sqlx::query_scalar(audited($crate::sql::auth::signing_key()))
                    .fetch_one(&self.pool)
                    .await
                    .map_err(backend)
            }
        }

        /// Marks SQL from `moot_store::sql` as audited: it splices only identifiers compiled into Moot.
        fn audited(sql: String) -> sqlx::AssertSqlSafe<String> {
            sqlx::AssertSqlSafe(sql)
        }

        fn backend(e: sqlx::Error) -> $crate::StoreError {
            $crate::StoreError::Backend(e.to_string())
        }

        /// Maps a database refusal onto the store's vocabulary, naming what was being written.
        fn refused(e: sqlx::Error, kind: $crate::Kind, id: uuid::Uuid) -> $crate::StoreError {
            match &e {
                sqlx::Error::Database(db)
                    if db.is_unique_violation() || db.is_foreign_key_violation() || db.is_check_violation() =>
                {
                    let name = db.constraint().map(|c| format!(" {c}")).unwrap_or_default();
                    $crate::StoreError::Conflict {
                        constraint: format!("{}{name} (writing {kind} {id})", db.message()),
                    }
                }
                _ => backend(e),
            }
        }

        type Query<'q> = sqlx::query::Query<'q, $db, $args>;

        fn bind<'q>(q: Query<'q>, v: &$crate::Value) -> Query<'q> {
            match v.clone() {
                $crate::Value::Text(s) => q.bind(s),
                $crate::Value::Int(n) => q.bind(n),
                $crate::Value::Null($crate::ColumnType::Text) => q.bind(None::<String>),
                $crate::Value::Null($crate::ColumnType::Int) => q.bind(None::<i64>),
            }
        }

        fn stored(kind: $crate::Kind, row: &$row) -> $crate::Result<$crate::Stored<$crate::Record>> {
            use sqlx::Row as _;
            let version: i64 = row.try_get("version").map_err(backend)?;
            let deleted: bool = row.try_get("deleted").map_err(backend)?;
            let body: String = row.try_get("body").map_err(backend)?;
            Ok($crate::Stored {
                record: $crate::Record::from_json(kind, &body)?,
                version,
                deleted,
            })
        }

        async fn current(
            conn: &mut $conn,
            kind: $crate::Kind,
            council: moot_domain::CouncilId,
            id: uuid::Uuid,
        ) -> $crate::Result<Option<$crate::plan::Current>> {
            use sqlx::Row as _;
            let row = sqlx::query(audited($crate::sql::get(kind, D)))
                .bind(id.to_string())
                .bind(council.to_string())
                .fetch_optional(&mut *conn)
                .await
                .map_err(backend)?;
            row.map(|row| {
                Ok($crate::plan::Current {
                    version: row.try_get("version").map_err(backend)?,
                    deleted: row.try_get("deleted").map_err(backend)?,
                    body: row.try_get("body").map_err(backend)?,
                })
            })
            .transpose()
        }

        /// One change-log row; `seq` is set only when a copy carries an existing entry.
        struct LogEntry<'a> {
            council: moot_domain::CouncilId,
            at: jiff::Timestamp,
            actor: &'a str,
            kind: $crate::Kind,
            id: uuid::Uuid,
            op: $crate::Op,
            version: i64,
            before: Option<&'a str>,
            after: Option<&'a str>,
            note: Option<&'a str>,
            seq: Option<i64>,
        }

        async fn log(conn: &mut $conn, e: LogEntry<'_>) -> $crate::Result<()> {
            let q = sqlx::query(audited($crate::sql::log(D, e.seq.is_some()))).bind(e.council.to_string());
            let mut q = bind_time(q, e.at)
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
            q.execute(&mut *conn)
                .await
                .map_err(|err| refused(err, e.kind, e.id))?;
            Ok(())
        }

        async fn run(conn: &mut $conn, p: &$crate::plan::Planned) -> $crate::Result<()> {
            use $crate::plan::Statement;
            let (id, council) = (p.id.to_string(), p.council.to_string());
            let q = match &p.statement {
                Statement::Insert { body, columns } => {
                    let q = sqlx::query(audited($crate::sql::insert(p.kind, D)))
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
                    let q = sqlx::query(audited($crate::sql::update(p.kind, D))).bind(body.clone());
                    columns
                        .iter()
                        .fold(q, bind)
                        .bind(id)
                        .bind(council)
                        .bind(*expected)
                }
                Statement::Tombstone { expected } => sqlx::query(audited($crate::sql::tombstone(p.kind, D)))
                    .bind(id)
                    .bind(council)
                    .bind(*expected),
            };
            let done = q
                .execute(&mut *conn)
                .await
                .map_err(|e| refused(e, p.kind, p.id))?;
            // The version guard in the SQL must have matched exactly the row that was read.
            if done.rows_affected() != 1 {
                return Err($crate::StoreError::Conflict {
                    constraint: format!("the row changed during the write ({} {})", p.kind, p.id),
                });
            }
            keep_hosts(conn, &p.result).await
        }

        /// Brings `council_hosts` in step with a council as just written (nothing for other
        /// kinds), so that the database itself refuses a host name another council holds. A
        /// deleted council gives its names up.
        async fn keep_hosts(conn: &mut $conn, s: &$crate::Stored<$crate::Record>) -> $crate::Result<()> {
            let Some(hosts) = s.record.hosts() else {
                return Ok(());
            };
            let council = s.record.council().to_string();
            sqlx::query(audited($crate::sql::hosts::release(D)))
                .bind(council.clone())
                .execute(&mut *conn)
                .await
                .map_err(backend)?;
            if s.deleted {
                return Ok(());
            }
            for host in hosts {
                sqlx::query(audited($crate::sql::hosts::claim(D)))
                    .bind(host.to_owned())
                    .bind(council.clone())
                    .execute(&mut *conn)
                    .await
                    .map_err(|e| match &e {
                        sqlx::Error::Database(db) if db.is_unique_violation() => $crate::StoreError::HostTaken {
                            host: host.to_owned(),
                        },
                        _ => refused(e, $crate::Kind::Council, s.record.uuid()),
                    })?;
            }
            Ok(())
        }

        /// Plans, runs and logs one write of a batch, inside the caller's transaction.
        async fn apply_one(
            conn: &mut $conn,
            at: jiff::Timestamp,
            actor: &moot_domain::Actor,
            note: Option<&str>,
            write: $crate::Write,
        ) -> $crate::Result<$crate::Stored<$crate::Record>> {
            let (kind, council, id) = write.target();
            let cur = if write.needs_current() {
                current(conn, kind, council, id).await?
            } else {
                None
            };
            let p = $crate::plan::plan(write, cur)?;
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

        /// Every write of a batch inside the caller's transaction; the first refusal stops it,
        /// and the caller's dropped transaction then rolls the whole batch back.
        async fn apply_batch(
            conn: &mut $conn,
            actor: &moot_domain::Actor,
            note: Option<&str>,
            writes: Vec<$crate::Write>,
        ) -> $crate::Result<Vec<$crate::Stored<$crate::Record>>> {
            let at = $crate::change::now();
            let mut out = Vec::with_capacity(writes.len());
            for write in writes {
                out.push(apply_one(conn, at, actor, note, write).await?);
            }
            Ok(out)
        }

        async fn get_record(
            pool: &sqlx::Pool<$db>,
            council: moot_domain::CouncilId,
            kind: $crate::Kind,
            id: uuid::Uuid,
        ) -> $crate::Result<Option<$crate::Stored<$crate::Record>>> {
            let row = sqlx::query(audited($crate::sql::get(kind, D)))
                .bind(id.to_string())
                .bind(council.to_string())
                .fetch_optional(pool)
                .await
                .map_err(backend)?;
            row.map(|r| stored(kind, &r)).transpose()
        }

        async fn list_records(
            pool: &sqlx::Pool<$db>,
            council: moot_domain::CouncilId,
            kind: $crate::Kind,
            filter: &$crate::Filter,
        ) -> $crate::Result<Vec<$crate::Stored<$crate::Record>>> {
            let q = sqlx::query(audited($crate::sql::list(kind, filter, D)?)).bind(council.to_string());
            let rows = $crate::sql::list_values(filter)
                .fold(q, bind)
                .fetch_all(pool)
                .await
                .map_err(backend)?;
            rows.iter().map(|r| stored(kind, r)).collect()
        }

        fn change_from_row(row: &$row) -> $crate::Result<$crate::Change> {
            use sqlx::Row as _;
            use $crate::StoreError;
            let text = |col: &str| row.try_get::<String, _>(col).map_err(backend);
            let kind_code = text("kind")?;
            let op_code = text("op")?;
            Ok($crate::Change {
                seq: row.try_get("seq").map_err(backend)?,
                council: text("council_id")?.parse().map_err(StoreError::from)?,
                at: read_time(row)?,
                actor: moot_domain::Actor::parse(&text("actor")?)?,
                kind: $crate::Kind::from_code(&kind_code)
                    .ok_or_else(|| StoreError::Corrupt(format!("unknown kind {kind_code:?}")))?,
                id: uuid::Uuid::parse_str(&text("record_id")?).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                op: $crate::Op::from_code(&op_code)
                    .ok_or_else(|| StoreError::Corrupt(format!("unknown op {op_code:?}")))?,
                version: row.try_get("version").map_err(backend)?,
                before: parse_json(row.try_get("before").map_err(backend)?)?,
                after: parse_json(row.try_get("after").map_err(backend)?)?,
                note: row.try_get("note").map_err(backend)?,
            })
        }

        fn parse_json(text: Option<String>) -> $crate::Result<Option<serde_json::Value>> {
            text.map(|t| {
                serde_json::from_str(&t).map_err(|e| $crate::StoreError::Corrupt(format!("change log JSON: {e}")))
            })
            .transpose()
        }

        /// A row exactly as another store holds it, for `Import::record`.
        async fn import_record(conn: &mut $conn, s: &$crate::Stored<$crate::Record>) -> $crate::Result<()> {
            let (kind, id) = (s.record.kind(), s.record.uuid());
            let q = sqlx::query(audited($crate::sql::import(kind, D)))
                .bind(id.to_string())
                .bind(s.record.council().to_string())
                .bind(s.version)
                .bind(s.deleted)
                .bind(s.record.to_json()?);
            let q = s.record.columns().iter().fold(q, bind);
            q.execute(&mut *conn).await.map_err(|e| refused(e, kind, id))?;
            keep_hosts(conn, s).await
        }

        /// A log entry exactly as another store holds it, for `Import::change`.
        async fn import_change(conn: &mut $conn, c: &$crate::Change) -> $crate::Result<()> {
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
            log(conn, entry).await
        }
    };
}
