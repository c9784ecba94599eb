//! The SQL every relational backend runs, written once.
//!
//! Only fixed identifiers from [`Kind`] (table, column and order names compiled into Moot) and
//! placeholders are spliced into these strings; every value is bound as a parameter. The two
//! dialects differ only in placeholder syntax and in how the JSON body is passed and read.

use crate::record::{Kind, Value};
use crate::store::Filter;
use crate::{Result, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// The `n`th placeholder (1-based).
    fn param(self, n: usize) -> String {
        match self {
            Self::Sqlite => "?".to_owned(),
            Self::Postgres => format!("${n}"),
        }
    }

    /// The placeholder for a JSON document.
    fn json_param(self, n: usize) -> String {
        match self {
            Self::Sqlite => "?".to_owned(),
            Self::Postgres => format!("${n}::jsonb"),
        }
    }

    /// The JSON body read back as text.
    fn body(self) -> &'static str {
        match self {
            Self::Sqlite => "body",
            Self::Postgres => "body::text AS body",
        }
    }
}

/// Every live council, by slug.
pub fn councils(d: Dialect) -> String {
    format!(
        "SELECT version, deleted, {} FROM councils WHERE NOT deleted ORDER BY slug",
        d.body()
    )
}

/// The change log's newest sequence number (0 when it is empty).
pub const LAST_SEQ: &str = "SELECT COALESCE(max(seq), 0) FROM changes";

/// Every council's id, tombstones too.
pub const COUNCIL_IDS: &str = "SELECT id FROM councils ORDER BY id";

/// A stretch of the change log. Binds: council (or null), after, kind (or null), record id
/// (or null), limit (SQLite: -1 for none; PostgreSQL: null). PostgreSQL gives the time as
/// microseconds since the epoch (`at_us`), SQLite as it stored it (`at`).
pub fn changes(d: Dialect) -> String {
    let (at, before, after) = match d {
        Dialect::Sqlite => ("at", "before", "after"),
        Dialect::Postgres => (
            "(EXTRACT(EPOCH FROM at) * 1000000)::bigint AS at_us",
            "before::text AS before",
            "after::text AS after",
        ),
    };
    let text = |n: usize| match d {
        Dialect::Sqlite => format!("?{n}"),
        Dialect::Postgres => format!("${n}::text"),
    };
    let p = |n: usize| match d {
        Dialect::Sqlite => format!("?{n}"),
        Dialect::Postgres => format!("${n}"),
    };
    format!(
        "SELECT seq, council_id, {at}, actor, kind, record_id, op, version, {before}, {after}, note FROM changes \
         WHERE ({c} IS NULL OR council_id = {c0}) AND seq > {a} AND ({k} IS NULL OR kind = {k0}) \
         AND ({r} IS NULL OR record_id = {r0}) ORDER BY seq LIMIT {l}",
        c = text(1),
        c0 = p(1),
        a = p(2),
        k = text(3),
        k0 = p(3),
        r = text(4),
        r0 = p(4),
        l = p(5),
    )
}

/// Each record's latest entry up to a position: the entries of one council and kind with
/// `after < seq <= upto` that no later entry up to `upto` of the same record follows, oldest
/// first, without their before and after. Binds: council, kind, after, upto, limit.
pub fn latest_changes(d: Dialect) -> String {
    let (at, none) = match d {
        Dialect::Sqlite => ("at", "NULL"),
        Dialect::Postgres => ("(EXTRACT(EPOCH FROM at) * 1000000)::bigint AS at_us", "NULL::text"),
    };
    let p = |n: usize| match d {
        Dialect::Sqlite => format!("?{n}"),
        Dialect::Postgres => format!("${n}"),
    };
    format!(
        "SELECT seq, council_id, {at}, actor, kind, record_id, op, version, {none} AS before, {none} AS after, note \
         FROM changes c WHERE council_id = {c} AND kind = {k} AND seq > {a} AND seq <= {u} \
         AND NOT EXISTS (SELECT 1 FROM changes d WHERE d.record_id = c.record_id AND d.seq > c.seq AND d.seq <= {u}) \
         ORDER BY seq LIMIT {l}",
        c = p(1),
        k = p(2),
        a = p(3),
        u = p(4),
        l = p(5),
    )
}

/// Binds: id, council, body, then the kind's columns.
pub fn insert(kind: Kind, d: Dialect) -> String {
    let cols = kind.columns();
    let names: String = cols.iter().map(|c| format!(", {c}")).collect();
    let params: String = (0..cols.len()).map(|i| format!(", {}", d.param(i + 4))).collect();
    format!(
        "INSERT INTO {} (id, council_id, version, deleted, body{names}) VALUES ({}, {}, 1, FALSE, {}{params})",
        kind.table(),
        d.param(1),
        d.param(2),
        d.json_param(3)
    )
}

/// A row as another store holds it. Binds: id, council, version, deleted, body, the kind's columns.
pub fn import(kind: Kind, d: Dialect) -> String {
    let cols = kind.columns();
    let names: String = cols.iter().map(|c| format!(", {c}")).collect();
    let params: String = (0..cols.len()).map(|i| format!(", {}", d.param(i + 6))).collect();
    format!(
        "INSERT INTO {} (id, council_id, version, deleted, body{names}) VALUES ({}, {}, {}, {}, {}{params})",
        kind.table(),
        d.param(1),
        d.param(2),
        d.param(3),
        d.param(4),
        d.json_param(5)
    )
}

/// A change-log entry. Binds: council, at, actor, kind, record id, op, version, before, after,
/// note, and (when `with_seq`) the sequence number.
pub fn log(d: Dialect, with_seq: bool) -> String {
    let at = match d {
        Dialect::Sqlite => d.param(2),
        Dialect::Postgres => "(TIMESTAMPTZ 'epoch' + $2::bigint * INTERVAL '1 microsecond')".to_owned(),
    };
    let (seq_col, seq_param) = if with_seq {
        (", seq", format!(", {}", d.param(11)))
    } else {
        ("", String::new())
    };
    format!(
        "INSERT INTO changes (council_id, at, actor, kind, record_id, op, version, before, after, note{seq_col}) \
         VALUES ({}, {at}, {}, {}, {}, {}, {}, {}, {}, {}{seq_param})",
        d.param(1),
        d.param(3),
        d.param(4),
        d.param(5),
        d.param(6),
        d.param(7),
        d.json_param(8),
        d.json_param(9),
        d.param(10)
    )
}

/// Binds: body, the kind's columns, then id, council, expected version.
pub fn update(kind: Kind, d: Dialect) -> String {
    let cols = kind.columns();
    let sets: String = cols
        .iter()
        .enumerate()
        .map(|(i, c)| format!(", {c} = {}", d.param(i + 2)))
        .collect();
    let n = cols.len() + 2;
    format!(
        "UPDATE {} SET version = version + 1, body = {}{sets} WHERE id = {} AND council_id = {} AND version = {}",
        kind.table(),
        d.json_param(1),
        d.param(n),
        d.param(n + 1),
        d.param(n + 2)
    )
}

/// Binds: id, council, expected version.
pub fn tombstone(kind: Kind, d: Dialect) -> String {
    format!(
        "UPDATE {} SET version = version + 1, deleted = TRUE WHERE id = {} AND council_id = {} AND version = {}",
        kind.table(),
        d.param(1),
        d.param(2),
        d.param(3)
    )
}

/// Binds: id, council. Returns version, deleted, body.
pub fn get(kind: Kind, d: Dialect) -> String {
    format!(
        "SELECT version, deleted, {} FROM {} WHERE id = {} AND council_id = {}",
        d.body(),
        kind.table(),
        d.param(1),
        d.param(2)
    )
}

/// Binds: council, then each non-null condition's value in order. Returns version, deleted, body.
pub fn list(kind: Kind, filter: &Filter, d: Dialect) -> Result<String> {
    filter.check(kind)?;
    let mut sql = format!(
        "SELECT version, deleted, {} FROM {} WHERE council_id = {}",
        d.body(),
        kind.table(),
        d.param(1)
    );
    if !filter.include_deleted {
        sql.push_str(" AND NOT deleted");
    }
    let mut n = 1;
    for c in &filter.conds {
        if c.value.is_null() {
            if c.op != crate::CondOp::Eq {
                return Err(StoreError::BadQuery(format!(
                    "{} can only be compared with null for equality",
                    c.column
                )));
            }
            sql.push_str(&format!(" AND {} IS NULL", c.column));
        } else {
            n += 1;
            sql.push_str(&format!(" AND {} {} {}", c.column, c.op.sql(), d.param(n)));
        }
    }
    let direction = if filter.reverse { " DESC" } else { "" };
    let order: Vec<String> = kind.order_by().iter().map(|c| format!("{c}{direction}")).collect();
    sql.push_str(&format!(" ORDER BY {}", order.join(", ")));
    if let Some(limit) = filter.limit {
        sql.push_str(&format!(" LIMIT {limit}"));
    }
    Ok(sql)
}

/// The values a listing binds after the council, in order.
pub fn list_values(filter: &Filter) -> impl Iterator<Item = &Value> {
    filter.conds.iter().map(|c| &c.value).filter(|v| !v.is_null())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CondOp;

    #[test]
    fn dialects_differ_only_in_placeholders_and_json() {
        assert_eq!(
            insert(Kind::Venue, Dialect::Sqlite),
            "INSERT INTO venues (id, council_id, version, deleted, body, name) VALUES (?, ?, 1, FALSE, ?, ?)"
        );
        assert_eq!(
            insert(Kind::Venue, Dialect::Postgres),
            "INSERT INTO venues (id, council_id, version, deleted, body, name) VALUES ($1, $2, 1, FALSE, $3::jsonb, $4)"
        );
        assert_eq!(
            update(Kind::Venue, Dialect::Postgres),
            "UPDATE venues SET version = version + 1, body = $1::jsonb, name = $2 WHERE id = $3 AND council_id = $4 AND version = $5"
        );
        let f = Filter::eq("committee_id", "x")
            .and("starts_at", CondOp::Ge, "2021")
            .reversed()
            .limit(3);
        assert_eq!(
            list(Kind::Meeting, &f, Dialect::Postgres).ok(),
            Some(
                "SELECT version, deleted, body::text AS body FROM meetings WHERE council_id = $1 AND NOT deleted \
                 AND committee_id = $2 AND starts_at >= $3 ORDER BY starts_at DESC, id DESC LIMIT 3"
                    .to_owned()
            )
        );
        assert!(
            list(
                Kind::Meeting,
                &Filter::all().and("venue_id", CondOp::Ge, Value::Null(crate::ColumnType::Text)),
                Dialect::Sqlite
            )
            .is_err()
        );
    }
}

/// The host names councils hold (`council_hosts`, whose primary key keeps each to one council).
pub mod hosts {
    use super::Dialect;

    /// Binds: council.
    pub fn release(d: Dialect) -> String {
        format!("DELETE FROM council_hosts WHERE council_id = {}", d.param(1))
    }

    /// Binds: host, council.
    pub fn claim(d: Dialect) -> String {
        format!(
            "INSERT INTO council_hosts (host, council_id) VALUES ({}, {})",
            d.param(1),
            d.param(2)
        )
    }
}

/// Passwords, sessions and the signing key ([`crate::Credentials`]): fixed statements in the dialect's placeholders.
pub mod auth {
    use super::Dialect;

    /// Binds: account, council, PHC string.
    pub fn set_password(d: Dialect) -> String {
        format!(
            "INSERT INTO credentials (account_id, council_id, phc) VALUES ({}, {}, {}) \
             ON CONFLICT (account_id) DO UPDATE SET phc = excluded.phc",
            d.param(1),
            d.param(2),
            d.param(3)
        )
    }

    /// Binds: account, council.
    pub fn password(d: Dialect) -> String {
        format!(
            "SELECT phc FROM credentials WHERE account_id = {} AND council_id = {}",
            d.param(1),
            d.param(2)
        )
    }

    /// Binds: account.
    pub fn end_sessions_of(d: Dialect) -> String {
        format!("DELETE FROM sessions WHERE account_id = {}", d.param(1))
    }

    /// Binds: token hash, council, account, csrf, created, seen.
    pub fn start_session(d: Dialect) -> String {
        let p: Vec<String> = (1..=6).map(|n| d.param(n)).collect();
        format!(
            "INSERT INTO sessions (token_hash, council_id, account_id, csrf, created_us, seen_us) VALUES ({})",
            p.join(", ")
        )
    }

    /// Binds: token hash.
    pub fn session(d: Dialect) -> String {
        format!(
            "SELECT token_hash, council_id, account_id, csrf, created_us, seen_us FROM sessions WHERE token_hash = {}",
            d.param(1)
        )
    }

    /// Binds: seen, token hash.
    pub fn touch_session(d: Dialect) -> String {
        format!(
            "UPDATE sessions SET seen_us = {} WHERE token_hash = {}",
            d.param(1),
            d.param(2)
        )
    }

    /// Binds: token hash.
    pub fn end_session(d: Dialect) -> String {
        format!("DELETE FROM sessions WHERE token_hash = {}", d.param(1))
    }

    /// Binds: a new key, kept only when there is none yet.
    pub fn keep_signing_key(d: Dialect) -> String {
        format!(
            "INSERT INTO signing_key (only_row, secret) VALUES (1, {}) ON CONFLICT (only_row) DO NOTHING",
            d.param(1)
        )
    }

    pub fn signing_key() -> String {
        "SELECT secret FROM signing_key WHERE only_row = 1".to_owned()
    }
}
