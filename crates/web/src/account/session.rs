//! Signing in and out, the signed-in person's account page, and the admins' audit log.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use moot_domain::{AccountRole, UserAccount};
use moot_store::{ChangeQuery, Filter, Session, StoreExt};
use serde::Deserialize;

use crate::auth::{self, FORM_COOKIE, SESSION_COOKIE};
use crate::extract::{Admins, Anyone, BeforeSignIn, Checked, Signed};
use crate::headers::private;
use crate::site::Site;
use crate::{AppState, WebError};

/// A hash to check against when no account has the address given, so that a wrong address
/// takes as long to refuse as a wrong password. Made once per process.
static NOBODY: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| moot_store::auth::hash_password("no account has this password").unwrap_or_default());

#[derive(Template)]
#[template(path = "account/sign_in.html")]
struct SignInPage<'a> {
    base: &'a str,
    csrf: &'a str,
    email: &'a str,
    problem: Option<&'a str>,
}

#[derive(Deserialize)]
pub struct SignInForm {
    email: String,
    password: String,
}

#[derive(Deserialize)]
pub struct PlainForm {}

async fn sign_in_page(
    state: &AppState,
    site: &Site,
    status: StatusCode,
    email: &str,
    problem: Option<&str>,
) -> Result<Response, WebError> {
    let csrf = auth::form_token(state, site.council.id).await?;
    let body = SignInPage {
        base: &site.base,
        csrf: &csrf,
        email,
        problem,
    }
    .render()?;
    let cookie = auth::set_cookie(state, FORM_COOKIE, &csrf, auth::FORM_LIFE.as_secs(), "Strict")?;
    Ok((status, [(header::SET_COOKIE, cookie)], Html(body)).into_response())
}

/// `GET /sign-in`
pub async fn form(State(state): State<AppState>, site: Site) -> Result<Response, WebError> {
    sign_in_page(&state, &site, StatusCode::OK, "", None).await
}

/// `POST /sign-in`
pub async fn sign_in(
    State(state): State<AppState>,
    site: Site,
    client: auth::Client,
    BeforeSignIn(form): BeforeSignIn<SignInForm>,
) -> Result<Response, WebError> {
    let email = form.email.trim().to_lowercase();
    let limits = auth::sign_in_limits(site.council.id, &email, &client);
    if let Some(wait) = state.limiter.wait(&limits) {
        return Err(WebError::TooManyAttempts {
            what: "Too many failed sign-ins from this connection.",
            wait,
        });
    }
    let account = state
        .store
        .find::<UserAccount>(site.council.id, &Filter::eq("email", email.as_str()))
        .await?
        .into_iter()
        .map(|s| s.record)
        .find(|a| !a.disabled);
    let phc = match &account {
        Some(a) => state.store.password(site.council.id, a.id).await?,
        None => None,
    };
    let password = form.password;
    let stored = phc.clone().unwrap_or_else(|| NOBODY.clone());
    let matches = tokio::task::spawn_blocking(move || moot_store::auth::verify_password(&password, &stored))
        .await
        .map_err(|e| WebError::internal("checking a password", e))?;
    let (Some(account), true, Some(_)) = (account, matches, phc) else {
        state.limiter.failed(&limits);
        return sign_in_page(
            &state,
            &site,
            StatusCode::UNAUTHORIZED,
            &email,
            Some("That e-mail address and password do not match an account here."),
        )
        .await;
    };
    state.limiter.succeeded(&limits);
    let token = auth::random_token()?;
    let now = Timestamp::now();
    state
        .store
        .start_session(&Session {
            token_hash: auth::token_hash(&token),
            council: site.council.id,
            account: account.id,
            csrf: auth::random_token()?,
            created: now,
            seen: now,
        })
        .await?;
    tracing::info!(account = %account.id, "signed in");
    let mut response = Redirect::to(&format!("{}/account", site.base)).into_response();
    let headers = response.headers_mut();
    headers.append(header::SET_COOKIE, auth::session_cookie(&state, &token)?);
    headers.append(
        header::SET_COOKIE,
        auth::set_cookie(&state, FORM_COOKIE, "", 0, "Strict")?,
    );
    Ok(response)
}

/// `POST /sign-out`
pub async fn sign_out(
    State(state): State<AppState>,
    site: Site,
    Signed(who, _): Signed<Anyone>,
    Checked(PlainForm {}): Checked<PlainForm>,
) -> Result<Response, WebError> {
    state.store.end_session(&who.session.token_hash).await?;
    let mut response = Redirect::to(&format!("{}/", site.base)).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        auth::set_cookie(&state, SESSION_COOKIE, "", 0, "Lax")?,
    );
    Ok(response)
}

#[derive(Template)]
#[template(path = "account/account.html")]
struct AccountPage<'a> {
    base: &'a str,
    name: &'a str,
    email: &'a str,
    role: &'a str,
    signed_in_at: String,
    csrf: &'a str,
    admin: bool,
    workspace: bool,
}

/// `GET /account`
pub async fn page(site: Site, Signed(who, _): Signed<Anyone>) -> Result<Response, WebError> {
    let tz = site
        .council
        .settings
        .time_zone()
        .map_err(|e| WebError::internal("the council's time zone", e))?;
    let body = AccountPage {
        base: &site.base,
        name: &who.account.name,
        email: who.account.email.as_str(),
        role: role_label(who.account.role),
        signed_in_at: who
            .session
            .created
            .to_zoned(tz)
            .strftime("%-d %B %Y at %H:%M")
            .to_string(),
        csrf: &who.session.csrf,
        admin: who.account.role == AccountRole::Admin,
        workspace: matches!(who.account.role, AccountRole::Admin | AccountRole::Clerk),
    }
    .render()?;
    Ok(private(Html(body)))
}

fn role_label(role: AccountRole) -> &'static str {
    match role {
        AccountRole::Admin => "administrator",
        AccountRole::Clerk => "clerk (democratic services)",
        AccountRole::ReportAuthor => "report author",
        AccountRole::Member => "councillor",
    }
}

struct AuditLine {
    seq: i64,
    at: String,
    actor: String,
    what: String,
    note: String,
}

#[derive(Template)]
#[template(path = "account/audit.html")]
struct AuditPage<'a> {
    base: &'a str,
    lines: Vec<AuditLine>,
    older: Option<i64>,
}

#[derive(Deserialize)]
pub struct AuditQuery {
    before: Option<i64>,
}

/// How many changes the audit page shows at a time.
const AUDIT_PAGE: usize = 100;

/// `GET /admin/audit[?before=SEQ]`: the council's change log, newest first, read-only.
pub async fn audit(
    State(state): State<AppState>,
    site: Site,
    Signed(_, _): Signed<Admins>,
    Query(query): Query<AuditQuery>,
) -> Result<Response, WebError> {
    let tz = site
        .council
        .settings
        .time_zone()
        .map_err(|e| WebError::internal("the council's time zone", e))?;
    let end = match query.before {
        Some(b) => b - 1,
        None => state.store.last_seq().await?,
    };
    // The log is read forwards; this council's most recent entries are found by stepping back.
    let mut window = 1_000_i64;
    let changes = loop {
        let from = (end - window).max(0);
        let mut changes = state
            .store
            .changes(&ChangeQuery {
                council: Some(site.council.id),
                after: from,
                ..ChangeQuery::default()
            })
            .await?;
        changes.retain(|c| c.seq <= end);
        if changes.len() >= AUDIT_PAGE || from == 0 {
            break changes;
        }
        window *= 4;
    };
    let names = auth::Names::of(&state, site.council.id).await?;
    let lines: Vec<AuditLine> = changes
        .iter()
        .rev()
        .take(AUDIT_PAGE)
        .map(|c| AuditLine {
            seq: c.seq,
            at: c.at.to_zoned(tz.clone()).strftime("%-d %b %Y %H:%M:%S").to_string(),
            actor: names.of_actor(&c.actor),
            what: format!("{} {} {} (version {})", c.op.code(), c.kind, c.id, c.version),
            note: c.note.clone().unwrap_or_default(),
        })
        .collect();
    let older = (lines.len() == AUDIT_PAGE)
        .then(|| lines.last().map(|l| l.seq))
        .flatten();
    Ok(private(Html(
        AuditPage {
            base: &site.base,
            lines,
            older,
        }
        .render()?,
    )))
}
