//! `moot dump`: every record, change and blob hash of one council as canonical JSON lines.
//!
//! The output depends only on what is stored: records in kind order then id order, the change
//! log in sequence order, blobs by hash, and every JSON object with its keys sorted. Two dumps
//! of the same data, from one backend or two, are byte-identical, which is how copies, imports
//! and restores prove they lost nothing.

use std::collections::BTreeSet;
use std::io::Write;

use moot_domain::{BlobHash, CouncilId};
use serde_json::{Value as Json, json};

use crate::blob::BlobStore;
use crate::change::ChangeQuery;
use crate::record::{Kind, Record};
use crate::store::{Filter, Store};
use crate::{Result, StoreError};

pub const DUMP_FORMAT_VERSION: u32 = 1;

/// Counts of what a dump wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DumpSummary {
    pub records: usize,
    pub changes: usize,
    pub blobs: usize,
    pub missing_blobs: usize,
}

pub async fn dump(
    store: &dyn Store,
    blobs: &dyn BlobStore,
    council: CouncilId,
    out: &mut (dyn Write + Send),
) -> Result<DumpSummary> {
    let mut summary = DumpSummary::default();
    let mut referenced = BTreeSet::new();
    line(
        out,
        &json!({ "format": "moot-dump", "version": DUMP_FORMAT_VERSION, "council": council.to_string() }),
    )?;

    for &kind in Kind::ALL {
        let mut records = store.list(council, kind, &Filter::all().with_deleted()).await?;
        records.sort_by_key(|s| s.record.uuid());
        for s in records {
            referenced.extend(blob_refs(&s.record));
            let body: Json = serde_json::from_str(&s.record.to_json()?).map_err(corrupt)?;
            line(
                out,
                &json!({
                    "kind": kind.code(),
                    "id": s.record.uuid().to_string(),
                    "version": s.version,
                    "deleted": s.deleted,
                    "record": body,
                }),
            )?;
            summary.records += 1;
        }
    }

    let changes = store
        .changes(&ChangeQuery {
            council: Some(council),
            ..ChangeQuery::default()
        })
        .await?;
    for change in changes {
        line(
            out,
            &json!({ "change": serde_json::to_value(&change).map_err(corrupt)? }),
        )?;
        summary.changes += 1;
    }

    for hash in referenced {
        match blobs.size(&hash).await? {
            Some(size) => line(out, &json!({ "blob": hash.as_str(), "size": size }))?,
            None => {
                line(out, &json!({ "blob": hash.as_str(), "missing": true }))?;
                summary.missing_blobs += 1;
            }
        }
        summary.blobs += 1;
    }
    out.flush()?;
    Ok(summary)
}

/// The blobs a record points at.
pub fn blob_refs(record: &Record) -> Vec<BlobHash> {
    match record {
        Record::Council(c) => c.logo.iter().cloned().collect(),
        Record::Member(m) => m.photo.iter().cloned().collect(),
        Record::Document(d) => d.file.iter().map(|f| f.hash.clone()).collect(),
        _ => Vec::new(),
    }
}

/// Writes one value as one line. `serde_json::Value` keeps object keys sorted, which makes
/// the line canonical whatever order the backend returned a JSON column in.
fn line(out: &mut (dyn Write + Send), value: &Json) -> Result<()> {
    serde_json::to_writer(&mut *out, value).map_err(|e| match e.io_error_kind() {
        Some(kind) => StoreError::Io(std::io::Error::new(kind, e.to_string())),
        None => corrupt(e),
    })?;
    out.write_all(b"\n")?;
    Ok(())
}

fn corrupt(e: serde_json::Error) -> StoreError {
    StoreError::Corrupt(e.to_string())
}
