use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};
use moot_web::export::{Folder, Format, export};

use crate::backend::{self, DatabaseUrl, OpenMode};
use crate::config::Settings;
use crate::error::CliError;

/// Writes the public record of one council into `dir`, as `moot export` does.
pub async fn run(
    settings: &Settings,
    format: &str,
    dir: &Path,
    council: Option<&str>,
    site: Option<&str>,
) -> Result<(), CliError> {
    let format = match format {
        "json" => Format::Json,
        "csv" => Format::Csv,
        other => {
            return Err(CliError::Config(format!("--format must be json or csv, not {other:?}")));
        }
    };
    let url = DatabaseUrl::parse(&settings.database)?;
    let store = backend::open(&url, OpenMode::MustExist, false).await?;
    let chosen = super::choose_council(&*store, council).await?;
    let site = match (site, chosen.settings.hosts.first()) {
        (Some(site), _) => site.trim_end_matches('/').to_owned(),
        (None, Some(host)) => format!("https://{host}"),
        (None, None) => {
            return Err(CliError::Config(format!(
                "{} has no host name: say where its site is with --site https://…",
                chosen.slug
            )));
        }
    };
    let bar = ProgressBar::new_spinner()
        .with_style(ProgressStyle::with_template("{spinner} {msg}").map_err(|e| CliError::Config(e.to_string()))?);
    let progress = |kind: &str, count: usize| bar.set_message(format!("{kind}: {count}"));
    let mut folder = Folder::new(dir.to_owned())?;
    let manifest = export(&*store, &chosen, &site, &[format], &mut folder, &progress).await?;
    folder.finish()?;
    bar.finish_and_clear();
    let total: usize = manifest.files.iter().map(|(_, n)| n).sum();
    eprintln!(
        "exported {}: {total} records in {} files to {}, as of change {}",
        chosen.slug,
        manifest.files.len(),
        dir.display(),
        manifest.log_position
    );
    Ok(())
}
