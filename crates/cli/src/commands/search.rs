//! The search index: opened beside the server, and `moot reindex`.

use std::sync::Arc;

use crate::backend::OpenMode;
use moot_app::Indexer;
use moot_search::SearchIndex;
use moot_store::{BlobStore, Store};

use crate::backend::{self, DatabaseUrl};
use crate::config::Settings;
use crate::error::CliError;

/// The index in the configured folder with what feeds it.
pub fn indexer(settings: &Settings, store: Arc<dyn Store>, blobs: Arc<dyn BlobStore>) -> Result<Indexer, CliError> {
    let index = SearchIndex::open(&settings.search_index)?;
    Ok(Indexer {
        store,
        blobs,
        index: Arc::new(index),
    })
}

/// `moot reindex`: empties the index and reads every public record and paper into it again.
/// A running server holds the index, so it must be stopped first (the error says so).
pub async fn reindex(settings: &Settings) -> Result<(), CliError> {
    let url = DatabaseUrl::parse(&settings.database)?;
    let store = backend::open(&url, OpenMode::MustExist, false).await?;
    let blobs = backend::open_blobs(&settings.blobs, settings, &backend::process_env)?;
    let indexer = indexer(settings, store, blobs)?;
    let rebuilt = indexer.rebuild().await?;
    eprintln!(
        "indexed {} entries into {} (up to change {})",
        rebuilt.entries,
        settings.search_index.display(),
        rebuilt.seq
    );
    Ok(())
}
