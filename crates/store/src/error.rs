use moot_domain::DomainError;
use uuid::Uuid;

use crate::record::Kind;

/// What any store can report. Backends map their own errors onto these, so callers (the web
/// layer above all) decide status codes without knowing which database is underneath:
/// `NotFound` → 404, `Invalid`, `Conflict` and `HostTaken` → 422/409 naming the field, `Backend` → a logged 500.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no {kind} {id} in this council")]
    NotFound { kind: Kind, id: Uuid },

    /// A record the domain refuses; nothing was written.
    #[error(transparent)]
    Invalid(#[from] DomainError),

    /// A uniqueness or reference rule of the database refused the write; nothing was written.
    #[error("refused by the database rule {constraint}")]
    Conflict { constraint: String },

    /// A host name another council's site already answers on: a request for one council
    /// could otherwise be served another's. Nothing was written.
    #[error("{host} is already the address of another council's site")]
    HostTaken { host: String },

    /// Someone else changed the record since it was read.
    #[error("{kind} {id} has changed since it was read (expected version {expected}, found {found})")]
    Stale {
        kind: Kind,
        id: Uuid,
        expected: i64,
        found: i64,
    },

    /// The record has been deleted and stays only as a tombstone.
    #[error("{kind} {id} has been deleted")]
    Deleted { kind: Kind, id: Uuid },

    /// A query the store cannot answer as asked (a column the kind does not index, say).
    #[error("bad query: {0}")]
    BadQuery(String),

    /// The database has a migration this build does not know: a newer Moot made it.
    #[error(
        "this database was migrated by a newer version of Moot (it has migration {0}, which this version does not know); upgrade Moot rather than use this version on it"
    )]
    SchemaTooNew(i64),

    #[error("database URL {url:?}: {why}")]
    BadUrl { url: String, why: String },

    #[error("blob {hash}: {why}")]
    Blob { hash: String, why: String },

    #[error("stored data is corrupt: {0}")]
    Corrupt(String),

    #[error("database error: {0}")]
    Backend(String),

    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
