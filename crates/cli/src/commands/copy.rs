//! `moot copy`: a whole site from one database (and file store) to another, for moving from
//! SQLite to PostgreSQL or back. The target must be empty; the copy lands in one transaction;
//! counts are compared afterwards and any difference fails the command.

use std::path::Path;

use crate::backend::OpenMode;
use indicatif::{ProgressBar, ProgressStyle};
use moot_store::dump::blob_refs;
use moot_store::{BlobStore, ChangeQuery, Filter, Kind, Store, StoreError};

use crate::backend::{self, DatabaseUrl};
use crate::error::CliError;

/// How many change-log entries to read at a time.
const PAGE: u32 = 2_000;

pub struct Endpoints<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub from_blobs: Option<&'a Path>,
    pub to_blobs: Option<&'a Path>,
    /// For the object store's endpoint and region.
    pub settings: &'a crate::config::Settings,
}

pub async fn run(e: Endpoints<'_>) -> Result<(), CliError> {
    let from_url = DatabaseUrl::parse(e.from)?;
    let to_url = DatabaseUrl::parse(e.to)?;
    let source = backend::open(&from_url, OpenMode::MustExist, false).await?;
    let target = backend::open(&to_url, OpenMode::CreateIfMissing, true).await?;
    if !target.council_ids().await?.is_empty()
        || !target
            .changes(&ChangeQuery {
                limit: Some(1),
                ..Default::default()
            })
            .await?
            .is_empty()
    {
        return Err(CliError::Config(format!(
            "{to_url} is not empty; copy only into an empty database"
        )));
    }

    let councils = source.council_ids().await?;
    let mut records = Vec::new();
    for council in &councils {
        for &kind in Kind::ALL {
            records.extend(source.list(*council, kind, &Filter::all().with_deleted()).await?);
        }
    }
    let changes = source.changes(&ChangeQuery::default()).await?.len();
    let bar = ProgressBar::new((records.len() + changes) as u64).with_style(
        ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len} ({eta})")
            .map_err(|e| CliError::Config(e.to_string()))?
            .progress_chars("=> "),
    );
    bar.set_message("records");
    let mut import = target.begin_import().await?;
    for r in &records {
        import.record(r).await?;
        bar.inc(1);
    }
    bar.set_message("changes");
    let mut after = 0;
    loop {
        let page = source
            .changes(&ChangeQuery {
                after,
                limit: Some(PAGE),
                ..Default::default()
            })
            .await?;
        let Some(last) = page.last() else { break };
        after = last.seq;
        for c in &page {
            import.change(c).await?;
            bar.inc(1);
        }
    }
    import.finish().await?;
    bar.finish_and_clear();

    let blobs = match (e.from_blobs, e.to_blobs) {
        (Some(from), Some(to)) => {
            let env = backend::process_env;
            let (from, to) = (
                backend::open_blobs(from, e.settings, &env)?,
                backend::open_blobs(to, e.settings, &env)?,
            );
            copy_blobs(&records, &*from, &*to).await?
        }
        _ => 0,
    };
    verify(&*source, &*target, &councils).await?;
    eprintln!(
        "copied {} councils, {} records, {} changes and {blobs} files from {from_url} to {to_url}; counts verified",
        councils.len(),
        records.len(),
        changes
    );
    Ok(())
}

/// Copies every blob the records point at, checking each arrives under the same hash.
async fn copy_blobs(
    records: &[moot_store::Stored<moot_store::Record>],
    from: &dyn BlobStore,
    to: &dyn BlobStore,
) -> Result<usize, CliError> {
    let mut hashes: Vec<_> = records.iter().flat_map(|r| blob_refs(&r.record)).collect();
    hashes.sort();
    hashes.dedup();
    for hash in &hashes {
        let bytes = from.get(hash).await?.ok_or_else(|| StoreError::Blob {
            hash: hash.to_string(),
            why: "missing from the source file store".into(),
        })?;
        let stored = to.put(&bytes).await?;
        if stored != *hash {
            return Err(StoreError::Blob {
                hash: hash.to_string(),
                why: "arrived under another hash".into(),
            }
            .into());
        }
    }
    Ok(hashes.len())
}

/// Compares record counts per council and kind, and change-log length, between the stores.
async fn verify(source: &dyn Store, target: &dyn Store, councils: &[moot_domain::CouncilId]) -> Result<(), CliError> {
    let mut differences = Vec::new();
    for council in councils {
        for &kind in Kind::ALL {
            let all = Filter::all().with_deleted();
            let (a, b) = (
                source.list(*council, kind, &all).await?.len(),
                target.list(*council, kind, &all).await?.len(),
            );
            if a != b {
                differences.push(format!(
                    "{kind} of council {council}: {a} in the source, {b} in the copy"
                ));
            }
        }
    }
    let (a, b) = (
        source.changes(&ChangeQuery::default()).await?.len(),
        target.changes(&ChangeQuery::default()).await?.len(),
    );
    if a != b {
        differences.push(format!("change log: {a} entries in the source, {b} in the copy"));
    }
    if differences.is_empty() {
        Ok(())
    } else {
        Err(CliError::Config(format!(
            "the copy does not match its source: {}",
            differences.join("; ")
        )))
    }
}
