//! What a write means, decided once for every backend: the domain's checks, the optimistic
//! version check, and the change-log entry. A backend only runs the statements.

use moot_domain::CouncilId;
use uuid::Uuid;

use crate::change::Op;
use crate::record::{Kind, Record, Value};
use crate::store::{Stored, Write};
use crate::{Result, StoreError};

/// The stored state of a record a write replaces.
#[derive(Debug, Clone)]
pub struct Current {
    pub version: i64,
    pub deleted: bool,
    pub body: String,
}

/// The statement a write needs.
#[derive(Debug)]
pub enum Statement {
    /// `sql::insert` with the body and column values.
    Insert { body: String, columns: Vec<Value> },
    /// `sql::update` with the body and column values, guarded by the expected version.
    Update {
        body: String,
        columns: Vec<Value>,
        expected: i64,
    },
    /// `sql::tombstone`, guarded by the expected version.
    Tombstone { expected: i64 },
}

/// A checked write: what to run, what to log, and what the caller gets back.
#[derive(Debug)]
pub struct Planned {
    pub kind: Kind,
    pub council: CouncilId,
    pub id: Uuid,
    pub statement: Statement,
    pub op: Op,
    pub version: i64,
    pub before: Option<String>,
    pub after: Option<String>,
    pub result: Stored<Record>,
}

impl Write {
    /// The record a write is about, so a backend can read its current state first.
    pub fn target(&self) -> (Kind, CouncilId, Uuid) {
        match self {
            Self::Create(r) | Self::Update { record: r, .. } => (r.kind(), r.council(), r.uuid()),
            Self::Delete { kind, council, id, .. } => (*kind, *council, *id),
        }
    }

    /// Whether the backend must read the current state (`None` for a create).
    pub fn needs_current(&self) -> bool {
        !matches!(self, Self::Create(_))
    }
}

/// Checks `write` against the record's `current` state and says what to run and log.
pub fn plan(write: Write, current: Option<Current>) -> Result<Planned> {
    let (kind, council, id) = write.target();
    let checked = |expected: i64| -> Result<Current> {
        let cur = current.clone().ok_or(StoreError::NotFound { kind, id })?;
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
        Ok(cur)
    };
    match write {
        Write::Create(record) => {
            record.validate()?;
            let body = record.to_json()?;
            Ok(Planned {
                kind,
                council,
                id,
                statement: Statement::Insert {
                    body: body.clone(),
                    columns: record.columns(),
                },
                op: Op::Create,
                version: 1,
                before: None,
                after: Some(body),
                result: Stored {
                    record,
                    version: 1,
                    deleted: false,
                },
            })
        }
        Write::Update { record, expected } => {
            record.validate()?;
            let cur = checked(expected)?;
            check_change(&record, &cur)?;
            let body = record.to_json()?;
            Ok(Planned {
                kind,
                council,
                id,
                statement: Statement::Update {
                    body: body.clone(),
                    columns: record.columns(),
                    expected,
                },
                op: Op::Update,
                version: expected + 1,
                before: Some(cur.body),
                after: Some(body),
                result: Stored {
                    record,
                    version: expected + 1,
                    deleted: false,
                },
            })
        }
        Write::Delete { expected, .. } => {
            let cur = checked(expected)?;
            let record = Record::from_json(kind, &cur.body)?;
            Ok(Planned {
                kind,
                council,
                id,
                statement: Statement::Tombstone { expected },
                op: Op::Delete,
                version: expected + 1,
                before: Some(cur.body),
                after: None,
                result: Stored {
                    record,
                    version: expected + 1,
                    deleted: true,
                },
            })
        }
    }
}

/// Rules about how a record may change, beyond what its new state must satisfy: a meeting's
/// status moves only along its life (so approved minutes stay approved), whoever writes.
fn check_change(new: &Record, cur: &Current) -> Result<()> {
    if let Record::Meeting(meeting) = new {
        let Record::Meeting(old) = Record::from_json(Kind::Meeting, &cur.body)? else {
            return Err(StoreError::Corrupt("a meeting row holds another kind".into()));
        };
        if old.status != meeting.status {
            old.status.step(meeting.status)?;
        }
    }
    Ok(())
}
