//! Admins manage accounts: who may sign in, in which role. Everyone may change their own
//! password, which ends their other sessions.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use moot_domain::*;
use moot_store::{Filter, StoreError, StoreExt};
use serde::Deserialize;

use crate::auth;
use crate::extract::{Admins, Anyone, Checked, Signed};
use crate::headers::private;
use crate::site::Site;
use crate::{AppState, WebError};

#[derive(Template)]
#[template(path = "account/accounts.html")]
struct AccountsPage<'a> {
    base: &'a str,
    accounts: Vec<(String, String, String)>,
    /// Officers, (id, name), that a report author's account can be tied to.
    officers: Vec<(String, String)>,
    csrf: &'a str,
}

/// `GET /admin/accounts`
pub async fn index(
    State(state): State<AppState>,
    site: Site,
    Signed(who, _): Signed<Admins>,
) -> Result<Response, WebError> {
    let accounts = state
        .store
        .find::<UserAccount>(site.council.id, &Filter::all())
        .await?
        .into_iter()
        .map(|s| {
            let a = s.record;
            (a.name, a.email.as_str().to_owned(), a.role.code().to_owned())
        })
        .collect();
    let officers = state
        .store
        .find::<Officer>(site.council.id, &Filter::all())
        .await?
        .into_iter()
        .map(|s| (s.record.id.to_string(), s.record.name))
        .collect();
    let page = AccountsPage {
        base: &site.base,
        accounts,
        officers,
        csrf: &who.session.csrf,
    }
    .render()?;
    Ok(private(Html(page)))
}

#[derive(Deserialize)]
pub struct NewAccountForm {
    email: String,
    name: String,
    role: String,
    #[serde(default)]
    member: String,
    /// For a report author: the officer record they are (its id), so they own their papers.
    #[serde(default)]
    officer: String,
    password: String,
}

/// Hashes a password off the async threads, turning a weak one into a message.
async fn hash(password: String) -> Result<String, WebError> {
    tokio::task::spawn_blocking(move || moot_store::auth::hash_password(&password))
        .await
        .map_err(|e| WebError::internal("hashing a password", e))?
        .map_err(|e| match e {
            StoreError::Invalid(e) => WebError::Unprocessable(e.to_string()),
            other => other.into(),
        })
}

/// `POST /admin/accounts`: a new account with a first password the admin passes on.
pub async fn create(
    State(state): State<AppState>,
    site: Site,
    Signed(who, _): Signed<Admins>,
    Checked(form): Checked<NewAccountForm>,
) -> Result<Response, WebError> {
    let email = Email::parse(&form.email.trim().to_lowercase())?;
    let role = AccountRole::parse(&form.role)?;
    let member = match form.member.trim() {
        "" => None,
        slug => {
            let slug = Slug::parse(slug)?;
            let m: Member = moot_store::lookup::by_slug(&*state.store, site.council.id, &slug)
                .await?
                .ok_or_else(|| WebError::Unprocessable(format!("There is no member {:?}.", slug.as_str())))?;
            Some(m.id)
        }
    };
    let officer = match form.officer.trim() {
        "" => None,
        id => {
            let not_here = || WebError::Unprocessable("That officer is not one of this council's.".into());
            let id: OfficerId = id.parse().map_err(|_| not_here())?;
            Some(
                state
                    .store
                    .fetch::<Officer>(site.council.id, id)
                    .await
                    .map_err(|_| not_here())?
                    .record
                    .id,
            )
        }
    };
    let taken = !state
        .store
        .find::<UserAccount>(site.council.id, &Filter::eq("email", email.as_str()))
        .await?
        .is_empty();
    if taken {
        return Err(WebError::Unprocessable(format!(
            "There is already an account for {}.",
            email.as_str()
        )));
    }
    let account = UserAccount {
        id: AccountId::new(),
        council: site.council.id,
        email,
        name: form.name.trim().to_owned(),
        role,
        member,
        officer,
        disabled: false,
    };
    account.validate()?;
    let phc = hash(form.password).await?;
    let note = format!(
        "account for {} ({}) added by {}",
        account.name,
        role.code(),
        who.account.name
    );
    who.save(
        &state,
        &note,
        vec![moot_store::Write::Create(moot_store::Entity::into_record(
            account.clone(),
        ))],
    )
    .await?;
    state.store.set_password(site.council.id, account.id, &phc).await?;
    Ok(Redirect::to(&format!("{}/admin/accounts", site.base)).into_response())
}

#[derive(Deserialize)]
pub struct PasswordForm {
    current: String,
    new: String,
}

/// `POST /account/password`: one's own password, given the current one. Every session of
/// the account ends, so the person signs in again with the new one.
pub async fn change_password(
    State(state): State<AppState>,
    site: Site,
    Signed(who, _): Signed<Anyone>,
    Checked(form): Checked<PasswordForm>,
) -> Result<Response, WebError> {
    let limits = auth::password_limits(who.account.id);
    if let Some(wait) = state.limiter.wait(&limits) {
        return Err(WebError::TooManyAttempts {
            what: "The current password was given wrongly too many times.",
            wait,
        });
    }
    let stored = state
        .store
        .password(site.council.id, who.account.id)
        .await?
        .unwrap_or_default();
    let current = form.current;
    let ok = tokio::task::spawn_blocking(move || moot_store::auth::verify_password(&current, &stored))
        .await
        .map_err(|e| WebError::internal("checking a password", e))?;
    if !ok {
        state.limiter.failed(&limits);
        return Err(WebError::Unprocessable("The current password is not right.".into()));
    }
    state.limiter.succeeded(&limits);
    let phc = hash(form.new).await?;
    state.store.set_password(site.council.id, who.account.id, &phc).await?;
    Ok(Redirect::to(&format!("{}/sign-in", site.base)).into_response())
}
