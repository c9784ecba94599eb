//! `moot user add`: accounts from the command line, above all the first administrator's.

use std::io::BufRead;

use crate::backend::OpenMode;
use moot_domain::{AccountId, AccountRole, Actor, Email, Member, Officer, UserAccount};
use moot_store::{Filter, StoreError, StoreExt};

use crate::backend::{self, DatabaseUrl};
use crate::config::Settings;
use crate::error::CliError;

/// What `moot user add` was asked for.
#[derive(Debug)]
pub struct NewUser<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub role: &'a str,
    pub member: Option<&'a str>,
    pub officer: Option<&'a str>,
    pub council: Option<&'a str>,
}

/// Creates the account, with the password read from the first line of standard input (so
/// that it never appears in a process listing or shell history).
pub async fn add(settings: &Settings, new: NewUser<'_>) -> Result<(), CliError> {
    let bad = |what: &str, e: moot_domain::DomainError| CliError::Config(format!("{what}: {e}"));
    let role = AccountRole::parse(new.role).map_err(|e| bad("--role", e))?;
    let email = Email::parse(&new.email.to_lowercase()).map_err(|e| bad("--email", e))?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let password = line.trim_end_matches(['\n', '\r']).to_owned();
    if password.is_empty() {
        return Err(CliError::Config(
            "give the new account's password on standard input, e.g. `moot user add … < password.txt`".into(),
        ));
    }
    // Checked and hashed before anything is written, so a short password saves nothing.
    let phc = tokio::task::spawn_blocking(move || moot_store::auth::hash_password(&password))
        .await
        .map_err(|e| CliError::Config(e.to_string()))?
        .map_err(|e| match e {
            StoreError::Invalid(e) => bad("password", e),
            other => CliError::Store(other),
        })?;

    let url = DatabaseUrl::parse(&settings.database)?;
    let store = backend::open(&url, OpenMode::MustExist, true).await?;
    let council = super::choose_council(&*store, new.council).await?;
    let member = match new.member {
        Some(slug) => Some(
            store
                .find::<Member>(council.id, &Filter::eq("slug", slug))
                .await?
                .into_iter()
                .next()
                .ok_or_else(|| CliError::Config(format!("--member: no member {slug:?} in {}", council.slug)))?
                .record
                .id,
        ),
        None => None,
    };
    let officer = match new.officer {
        Some(name) => Some(
            store
                .find::<Officer>(council.id, &Filter::eq("name", name))
                .await?
                .into_iter()
                .next()
                .ok_or_else(|| CliError::Config(format!("--officer: no officer named {name:?} in {}", council.slug)))?
                .record
                .id,
        ),
        None => None,
    };
    let taken = !store
        .find::<UserAccount>(council.id, &Filter::eq("email", email.as_str()))
        .await?
        .is_empty();
    if taken {
        return Err(CliError::Config(format!(
            "{} already has an account for {}",
            council.slug,
            email.as_str()
        )));
    }
    let account = UserAccount {
        id: AccountId::new(),
        council: council.id,
        email,
        name: new.name.to_owned(),
        role,
        member,
        officer,
        disabled: false,
    };
    account.validate().map_err(|e| bad("account", e))?;
    let actor = Actor::parse("cli")?;
    store.create(&actor, account.clone()).await?;
    store.set_password(council.id, account.id, &phc).await?;
    eprintln!(
        "added {} ({}) to {} as {}",
        account.name,
        account.email.as_str(),
        council.slug,
        role.code()
    );
    Ok(())
}
