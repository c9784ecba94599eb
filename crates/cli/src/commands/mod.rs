pub mod copy;
pub mod council;
pub mod demo;
pub mod dump;
pub mod export;
pub mod pack;
pub mod search;
pub mod serve;
pub mod user;

use moot_domain::Council;
use moot_store::{Store, typed};

use crate::error::CliError;

/// The council a command works on: the one named by `slug`, or the only one there is.
pub async fn choose_council(store: &dyn Store, slug: Option<&str>) -> Result<Council, CliError> {
    let councils: Vec<Council> = store
        .councils()
        .await?
        .into_iter()
        .map(|s| typed(s).map(|s| s.record))
        .collect::<Result<_, _>>()?;
    let slugs = || {
        councils
            .iter()
            .map(|c| c.slug.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let chosen = match slug {
        Some(slug) => councils
            .iter()
            .find(|c| c.slug.as_str() == slug)
            .ok_or_else(|| CliError::Config(format!("no council {slug:?} here (there are: {})", slugs())))?,
        None => match councils.as_slice() {
            [only] => only,
            [] => return Err(CliError::Config("the database holds no council".into())),
            _ => return Err(CliError::Config(format!("name a council with --council ({})", slugs()))),
        },
    };
    Ok(chosen.clone())
}

/// The publisher that makes and stores a site's generated PDFs.
pub fn publisher(
    store: std::sync::Arc<dyn Store>,
    blobs: std::sync::Arc<dyn moot_store::BlobStore>,
) -> Result<moot_render_pdf::Publisher, CliError> {
    let typesetter = moot_render_pdf::Typesetter::new()?;
    Ok(moot_render_pdf::Publisher::new(store, blobs, typesetter)?)
}
