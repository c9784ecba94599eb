//! Moot's storage interface, independent of any database.
//!
//! - [`Store`]: records of every kind, written in transactional batches, each write logged in
//!   the one append-only [change log](change) with who, when, before and after.
//! - [`BlobStore`]: files named by their SHA-256.
//! - [`dump()`]: the canonical, byte-stable dump of a council.
//!
//! Backends (`moot-store-sqlite`, later PostgreSQL) implement `Store`; callers hold an
//! `Arc<dyn Store>` chosen from the database URL and never name a backend.

pub mod auth;
pub mod blob;
pub mod change;
pub mod dump;
mod error;
mod follow;
pub mod lookup;
pub mod plan;
pub mod record;
mod relational;
pub mod sql;
mod store;

pub use auth::{Credentials, Session};
pub use blob::{BlobStore, LocalBlobStore};
pub use change::{Change, ChangeQuery, LatestQuery, Op};
pub use dump::{DumpSummary, dump};
pub use error::{Result, StoreError};
pub use follow::{Stretch, Touched, touched};
pub use record::{ColumnType, Entity, Kind, Record, Value};
pub use store::{Cond, CondOp, Filter, Import, Store, StoreExt, Stored, Write, typed};
