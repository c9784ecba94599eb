use std::io::Write;
use std::path::Path;

use crate::backend::OpenMode;
use moot_store::dump;

use crate::backend::{self, DatabaseUrl};
use crate::config::Settings;
use crate::error::CliError;

/// Writes the dump of one council to `out` (stdout when `None`).
pub async fn run(settings: &Settings, council: Option<&str>, out: Option<&Path>) -> Result<(), CliError> {
    let url = DatabaseUrl::parse(&settings.database)?;
    let store = backend::open(&url, OpenMode::MustExist, false).await?;
    let blobs = backend::open_blobs(&settings.blobs, settings, &backend::process_env)?;
    let chosen = &super::choose_council(&*store, council).await?;
    let summary = match out {
        Some(path) => {
            // Written beside the target and renamed into place, so a failed dump never
            // leaves a truncated file under the name a later check will read.
            let tmp = path.with_extension("partial");
            let mut file = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
            let summary = dump(&*store, &*blobs, chosen.id, &mut file).await?;
            file.into_inner().map_err(|e| e.into_error())?.sync_all()?;
            std::fs::rename(&tmp, path)?;
            summary
        }
        None => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout());
            let summary = dump(&*store, &*blobs, chosen.id, &mut stdout).await?;
            stdout.flush()?;
            summary
        }
    };
    eprintln!(
        "dumped {}: {} records, {} changes, {} blobs{}",
        chosen.slug,
        summary.records,
        summary.changes,
        summary.blobs,
        match summary.missing_blobs {
            0 => String::new(),
            n => format!(" ({n} missing from the blob store)"),
        }
    );
    Ok(())
}
