//! The change log: one append-only history of every write, in one database transaction with
//! the write itself.
//!
//! It is the single source for the audit trail, document versions, the publication log,
//! `modified_since` and tombstones in the open-data API, and the feed that search indexes,
//! caches and other nodes follow (by sequence number, never by clock).

use jiff::Timestamp;
use moot_domain::{Actor, CouncilId};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::record::Kind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Create,
    Update,
    /// The record stays as a tombstone; nothing is ever hard-deleted.
    Delete,
}

impl Op {
    pub fn code(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Update => "update",
            Self::Delete => "delete",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Create, Self::Update, Self::Delete]
            .into_iter()
            .find(|o| o.code() == code)
    }
}

/// One entry of the change log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Position in the log: strictly increasing, the cursor followers keep.
    pub seq: i64,
    pub council: CouncilId,
    pub at: Timestamp,
    pub actor: Actor,
    #[serde(with = "kind_code")]
    pub kind: Kind,
    pub id: Uuid,
    pub op: Op,
    /// The record's version after this change.
    pub version: i64,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    /// Why, where the person said (a late publication's reason, a withdrawal's).
    pub note: Option<String>,
}

/// The time a change is logged at, to the microsecond: the precision every backend keeps, so
/// that a copy from one backend to another carries the log unchanged.
pub fn now() -> Timestamp {
    let t = Timestamp::now();
    Timestamp::from_microsecond(t.as_microsecond()).unwrap_or(t)
}

/// Which part of the log to read.
#[derive(Debug, Clone, Default)]
pub struct ChangeQuery {
    pub council: Option<CouncilId>,
    /// Only entries after this sequence number.
    pub after: i64,
    pub kind: Option<Kind>,
    pub id: Option<Uuid>,
    /// At most this many; `None` for all.
    pub limit: Option<u32>,
}

/// A walk over one kind of a council's records in log order, each record once, at its
/// latest entry up to `upto` (see [`Store::latest_changes`](crate::Store::latest_changes)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LatestQuery {
    pub council: CouncilId,
    pub kind: Kind,
    /// Only entries after this sequence number.
    pub after: i64,
    /// Only entries up to this one: where the walk began, so a write during it moves nothing.
    pub upto: i64,
    pub limit: u32,
}

mod kind_code {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    use crate::record::Kind;

    pub fn serialize<S: Serializer>(kind: &Kind, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(kind.code())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Kind, D::Error> {
        let code = String::deserialize(d)?;
        Kind::from_code(&code).ok_or_else(|| D::Error::custom(format!("unknown record kind {code:?}")))
    }
}
