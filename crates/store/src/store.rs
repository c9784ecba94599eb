//! The `Store` trait every backend implements.
//!
//! It is deliberately small and kind-agnostic (write a batch, read one, list, read the change
//! log) so that a second backend is a few hundred lines, and it is object-safe so that the
//! backend can be chosen from the database URL at start-up. Typed convenience lives in
//! [`StoreExt`], written once for all backends.

use async_trait::async_trait;
use moot_domain::{Actor, CouncilId, Id};
use uuid::Uuid;

use crate::change::{Change, ChangeQuery, LatestQuery};
use crate::record::{Entity, Kind, Record, Value};
use crate::{Result, StoreError};

/// A record as stored, with its version (for optimistic concurrency) and tombstone flag.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored<T> {
    pub record: T,
    pub version: i64,
    pub deleted: bool,
}

/// One write of a batch.
#[derive(Debug, Clone)]
pub enum Write {
    /// A new record; refused if its id exists.
    Create(Record),
    /// A new version of a record read at version `expected`; refused if it has moved on.
    Update { record: Record, expected: i64 },
    /// Marks a record deleted; it stays as a tombstone, in the log and in dumps.
    Delete {
        kind: Kind,
        council: CouncilId,
        id: Uuid,
        expected: i64,
    },
}

/// A condition on an indexed column in a listing.
#[derive(Debug, Clone, PartialEq)]
pub struct Cond {
    pub column: &'static str,
    pub op: CondOp,
    pub value: Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CondOp {
    Eq,
    /// Greater than or equal.
    Ge,
    /// Strictly less than.
    Lt,
}

impl CondOp {
    pub fn sql(self) -> &'static str {
        match self {
            Self::Eq => "=",
            Self::Ge => ">=",
            Self::Lt => "<",
        }
    }
}

/// Which records of a kind to list. Conditions are ANDed; columns must be indexed ones.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub conds: Vec<Cond>,
    pub include_deleted: bool,
    /// Reverses the kind's natural order (the most recent meetings first, say).
    pub reverse: bool,
    pub limit: Option<u32>,
}

impl Filter {
    pub fn all() -> Self {
        Self::default()
    }

    pub fn eq(column: &'static str, value: impl Into<Value>) -> Self {
        Self::default().and(column, CondOp::Eq, value)
    }

    pub fn and(mut self, column: &'static str, op: CondOp, value: impl Into<Value>) -> Self {
        self.conds.push(Cond {
            column,
            op,
            value: value.into(),
        });
        self
    }

    pub fn reversed(mut self) -> Self {
        self.reverse = true;
        self
    }

    pub fn limit(mut self, n: u32) -> Self {
        self.limit = Some(n);
        self
    }

    pub fn with_deleted(mut self) -> Self {
        self.include_deleted = true;
        self
    }

    /// Refuses a column the kind does not index, before any SQL is built from it.
    pub fn check(&self, kind: Kind) -> Result<()> {
        match self.conds.iter().find(|c| !kind.columns().contains(&c.column)) {
            Some(c) => Err(StoreError::BadQuery(format!(
                "{kind} has no indexed column {:?}",
                c.column
            ))),
            None => Ok(()),
        }
    }
}

#[async_trait]
pub trait Store: crate::Credentials + Send + Sync + std::fmt::Debug {
    /// Applies every write of the batch, and logs each in the change log, in one transaction:
    /// all of it lands or none of it does. Returns the records as now stored, in batch order.
    async fn apply(&self, actor: &Actor, note: Option<&str>, writes: Vec<Write>) -> Result<Vec<Stored<Record>>>;

    /// One record of a council, tombstones included (check `deleted`).
    async fn get(&self, council: CouncilId, kind: Kind, id: Uuid) -> Result<Option<Stored<Record>>>;

    /// A council's records of one kind, in the kind's natural order.
    async fn list(&self, council: CouncilId, kind: Kind, filter: &Filter) -> Result<Vec<Stored<Record>>>;

    /// Every live council on this installation (each host serves one).
    async fn councils(&self) -> Result<Vec<Stored<Record>>>;

    /// The ids of every council ever stored, tombstones included: what a copy must carry.
    async fn council_ids(&self) -> Result<Vec<CouncilId>>;

    /// Entries of the change log, oldest first.
    async fn changes(&self, query: &ChangeQuery) -> Result<Vec<Change>>;

    /// Each record's latest entry of the log up to `query.upto`, for one council and kind,
    /// oldest first and without before and after: the open-data lists, which page by log
    /// position and show every record once however often it changed.
    async fn latest_changes(&self, query: &LatestQuery) -> Result<Vec<Change>>;

    /// The newest entry's sequence number (0 for an empty log): one cheap query that lets a
    /// node tell whether anything changed since it last looked.
    async fn last_seq(&self) -> Result<i64>;

    /// Starts a raw copy into this store (see [`Import`]).
    async fn begin_import(&self) -> Result<Box<dyn Import + '_>>;

    /// A short name for logs and errors ("sqlite", "postgres").
    fn backend(&self) -> &'static str;
}

/// A raw copy into a store: records (with their versions and tombstones) and change-log
/// entries (with their sequence numbers and times) written exactly as another store holds
/// them, in one transaction whose references are checked at the end, so rows may come in any
/// order. Nothing is logged: the entries copied are the log. For `moot copy` and restores;
/// callers check that the target is empty first.
#[async_trait]
pub trait Import: Send {
    async fn record(&mut self, stored: &Stored<Record>) -> Result<()>;
    async fn change(&mut self, change: &crate::Change) -> Result<()>;
    /// Commits everything, or nothing if any reference is broken.
    async fn finish(self: Box<Self>) -> Result<()>;
}

/// Typed helpers over any [`Store`].
#[async_trait]
pub trait StoreExt: Store {
    async fn create<T: Entity>(&self, actor: &Actor, record: T) -> Result<Stored<T>> {
        let stored = self
            .apply(actor, None, vec![Write::Create(record.into_record())])
            .await?;
        single(stored)
    }

    async fn update<T: Entity>(&self, actor: &Actor, record: T, expected: i64) -> Result<Stored<T>> {
        let stored = self
            .apply(
                actor,
                None,
                vec![Write::Update {
                    record: record.into_record(),
                    expected,
                }],
            )
            .await?;
        single(stored)
    }

    async fn delete<T: Entity>(&self, actor: &Actor, council: CouncilId, id: Id<T>, expected: i64) -> Result<()> {
        let write = Write::Delete {
            kind: T::KIND,
            council,
            id: id.uuid(),
            expected,
        };
        self.apply(actor, None, vec![write]).await.map(drop)
    }

    /// A live record, or `NotFound` (a tombstone is not found).
    async fn fetch<T: Entity>(&self, council: CouncilId, id: Id<T>) -> Result<Stored<T>> {
        match self.get(council, T::KIND, id.uuid()).await? {
            Some(s) if !s.deleted => typed(s),
            _ => Err(StoreError::NotFound {
                kind: T::KIND,
                id: id.uuid(),
            }),
        }
    }

    /// A live record, or `None` if it is missing or deleted: for things a page shows beside
    /// its subject (a venue, a contact), whose loss should not take the page down.
    async fn live<T: Entity>(&self, council: CouncilId, id: Id<T>) -> Result<Option<T>> {
        match self.get(council, T::KIND, id.uuid()).await? {
            Some(s) if !s.deleted => typed(s).map(|s| Some(s.record)),
            _ => Ok(None),
        }
    }

    async fn find<T: Entity>(&self, council: CouncilId, filter: &Filter) -> Result<Vec<Stored<T>>> {
        self.list(council, T::KIND, filter)
            .await?
            .into_iter()
            .map(typed)
            .collect()
    }
}

impl<S: Store + ?Sized> StoreExt for S {}

/// Narrows a stored record to the type the caller asked for.
pub fn typed<T: Entity>(s: Stored<Record>) -> Result<Stored<T>> {
    let kind = s.record.kind();
    let record = T::from_record(s.record)
        .ok_or_else(|| StoreError::Corrupt(format!("asked for a {} but the store returned a {kind}", T::KIND)))?;
    Ok(Stored {
        record,
        version: s.version,
        deleted: s.deleted,
    })
}

fn single<T: Entity>(stored: Vec<Stored<Record>>) -> Result<Stored<T>> {
    let first = stored
        .into_iter()
        .next()
        .ok_or_else(|| StoreError::Backend("a write returned nothing".into()))?;
    typed(first)
}
