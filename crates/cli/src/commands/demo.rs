use std::path::Path;

use crate::backend::OpenMode;
use moot_demo::DemoSource;

use crate::backend::{self, DatabaseUrl};
use crate::commands::serve;
use crate::config::Settings;
use crate::error::CliError;

/// `moot demo load`: the demo into the configured database, which must hold no council yet.
pub async fn load(settings: &Settings, from: Option<&Path>) -> Result<(), CliError> {
    let source = match from {
        Some(dir) => DemoSource::from_dir(dir)?,
        None => DemoSource::embedded(),
    };
    // Check the files before touching the database, so a typo never creates an empty one.
    moot_demo::build(&source)?;
    let url = DatabaseUrl::parse(&settings.database)?;
    let store = backend::open(&url, OpenMode::CreateIfMissing, true).await?;
    let loaded = moot_demo::load(&*store, &source).await?;
    let made = make_papers(settings, store).await?;
    eprintln!(
        "loaded the demo ({}, {} records, {made} PDFs made) into {url}",
        loaded.council.name, loaded.records
    );
    Ok(())
}

/// `moot serve --demo`: a fresh temporary database and file store, removed on exit, unless a
/// database was named with `--database`, in which case it must be empty.
pub async fn serve(settings: &Settings, database_named: bool) -> Result<(), CliError> {
    let temp = tempfile::Builder::new().prefix("moot-demo-").tempdir()?;
    let mut settings = settings.clone();
    // The demo is served over plain HTTP on this machine, where a Secure cookie would not stick.
    settings.secure_cookies = false;
    if !database_named {
        settings.database = format!("sqlite:{}", temp.path().join("moot.db").display());
        settings.blobs = temp.path().join("files");
        settings.search_index = temp.path().join("search");
    }
    let url = DatabaseUrl::parse(&settings.database)?;
    let store = backend::open(&url, OpenMode::CreateIfMissing, true).await?;
    let loaded = moot_demo::load(&*store, &DemoSource::embedded()).await?;
    let made = make_papers(&settings, store.clone()).await?;
    tracing::info!(records = loaded.records, pdfs = made, "demo loaded");
    serve::serve_store(&settings, store).await
}

/// The demo's documents, minutes and packs as PDFs, typeset from its records and stored.
async fn make_papers(settings: &Settings, store: std::sync::Arc<dyn moot_store::Store>) -> Result<usize, CliError> {
    let blobs = backend::open_blobs(&settings.blobs, settings, &backend::process_env)?;
    let publisher = super::publisher(store, blobs)?;
    Ok(moot_render_pdf::follow::refresh_all(&publisher).await?)
}
