//! `moot council add`: the first record of a council's own site, made before anything else,
//! so that a council starting from nothing (no demo, no import) can add its first
//! administrator and sign in.

use crate::backend::OpenMode;
use moot_domain::{Actor, Council, CouncilId, CouncilSettings, Slug};
use moot_store::{StoreExt, typed};

use crate::backend::{self, DatabaseUrl};
use crate::config::Settings;
use crate::error::CliError;

/// What `moot council add` was asked for.
#[derive(Debug)]
pub struct NewCouncil<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub hosts: &'a [String],
}

/// Creates the council (and the database, when there is none yet).
pub async fn add(settings: &Settings, new: NewCouncil<'_>) -> Result<(), CliError> {
    let bad = |what: &str, e: moot_domain::DomainError| CliError::Config(format!("{what}: {e}"));
    let slug = Slug::parse(new.slug).map_err(|e| bad("--slug", e))?;
    let council = Council {
        id: CouncilId::new(),
        slug,
        name: new.name.trim().to_owned(),
        address: None,
        website: None,
        logo: None,
        settings: CouncilSettings {
            hosts: new.hosts.iter().map(|h| h.trim().to_lowercase()).collect(),
            ..CouncilSettings::default()
        },
    };
    council.validate().map_err(|e| bad("council", e))?;
    let url = DatabaseUrl::parse(&settings.database)?;
    let store = backend::open(&url, OpenMode::CreateIfMissing, true).await?;
    for existing in store.councils().await? {
        let existing: Council = typed(existing)?.record;
        if existing.slug == council.slug {
            return Err(CliError::Config(format!(
                "{url} already has a council {:?} ({})",
                existing.slug.as_str(),
                existing.name
            )));
        }
    }
    store.create(&Actor::parse("cli")?, council.clone()).await?;
    eprintln!(
        "added {} ({}) to {url}; next, add its first administrator with `moot user add --council {} --role admin …`",
        council.name,
        council.slug.as_str(),
        council.slug.as_str()
    );
    Ok(())
}
