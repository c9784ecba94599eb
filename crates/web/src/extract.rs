//! What handlers take from a request, checked once here rather than in each handler: who is
//! signed in and whether their role allows the route ([`Signed`]), a posted form with its
//! CSRF token checked against their session ([`Checked`]) or, before signing in, against its
//! own signed cookie ([`BeforeSignIn`]), and the path's parts by name.

use std::marker::PhantomData;
use std::ops::Deref;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use moot_domain::{AccountRole, Act};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::auth::{self, SignedIn};
use crate::site::Site;
use crate::{AppState, WebError};

/// A set of roles a route is open to.
pub trait Roles: Send + Sync + 'static {
    const ROLES: &'static [AccountRole];
}

/// Clerks and admins: who runs meetings.
pub struct Clerks;
/// Everyone who works on papers: clerks, admins, and the officers who write reports (who
/// see only their own papers).
pub struct Staff;
/// Admins: accounts and the council's settings.
pub struct Admins;
/// Who may record a declaration of interest (`Act::Declare`).
pub struct Declarers;
/// Anyone signed in to this council.
pub struct Anyone;

impl Roles for Clerks {
    const ROLES: &'static [AccountRole] = &auth::CLERKS;
}
impl Roles for Staff {
    const ROLES: &'static [AccountRole] = &auth::STAFF;
}
impl Roles for Admins {
    const ROLES: &'static [AccountRole] = &[AccountRole::Admin];
}
impl Roles for Declarers {
    const ROLES: &'static [AccountRole] = Act::Declare.roles();
}
impl Roles for Anyone {
    const ROLES: &'static [AccountRole] = &[
        AccountRole::Admin,
        AccountRole::Clerk,
        AccountRole::ReportAuthor,
        AccountRole::Member,
    ];
}

/// The person signed in to this council, in one of `R`'s roles: a 401 for nobody (or a
/// session of another council), a 403 for another role, before anything else is read.
pub struct Signed<R>(pub SignedIn, pub PhantomData<R>);

impl<R> Deref for Signed<R> {
    type Target = SignedIn;
    fn deref(&self) -> &SignedIn {
        &self.0
    }
}

impl<R: Roles> FromRequestParts<AppState> for Signed<R> {
    type Rejection = WebError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        let site = Site::from_request_parts(parts, state).await?;
        let signed_in = auth::signed_in(state, &site, &parts.headers).await?;
        let who = auth::require(signed_in.as_ref(), R::ROLES)?.clone();
        // The form that follows checks its token against this session.
        parts.extensions.insert(who.clone());
        Ok(Self(who, PhantomData))
    }
}

/// A posted form of the person [`Signed`] in (which must come before it in the handler's
/// arguments), refused as [`WebError::BadForm`] unless its `csrf` field is their session's.
/// The form type needs no field for the token.
pub struct Checked<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for Checked<T> {
    type Rejection = WebError;
    async fn from_request(request: Request, state: &AppState) -> Result<Self, WebError> {
        let who = form_owner(&request)?;
        let body = Bytes::from_request(request, state)
            .await
            .map_err(|e| unreadable(e.body_text()))?;
        auth::check_token(&who, &token_of(&body)?)?;
        form_of(&body).map(Checked)
    }
}

/// A path naming a meeting by its key (`/workspace/meetings/{key}`).
#[derive(Debug, Deserialize)]
pub struct MeetingPath {
    pub key: String,
}

/// A path naming an item of a meeting's agenda by its number (`…/items/{number}`).
#[derive(Debug, Deserialize)]
pub struct ItemPath {
    pub key: String,
    pub number: String,
}

/// A path naming a record by its id (`/workspace/documents/{id}`).
#[derive(Debug, Deserialize)]
pub struct IdPath {
    pub id: String,
}

/// A path naming a committee by its slug.
#[derive(Debug, Deserialize)]
pub struct SlugPath {
    pub slug: String,
}

/// A path naming a resolution of a meeting.
#[derive(Debug, Deserialize)]
pub struct ResolutionPath {
    pub key: String,
    pub id: String,
}

/// A path naming a document's file (`/documents/{id}/{name}`).
#[derive(Debug, Deserialize)]
pub struct DownloadPath {
    pub id: String,
    pub name: String,
}

/// A form posted before signing in (the sign-in form itself), refused as
/// [`WebError::BadForm`] unless its `csrf` field matches the form cookie it was issued with
/// and carries the installation's signature for this council, unexpired.
pub struct BeforeSignIn<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for BeforeSignIn<T> {
    type Rejection = WebError;
    async fn from_request(request: Request, state: &AppState) -> Result<Self, WebError> {
        let (mut parts, body) = request.into_parts();
        let site = Site::from_request_parts(&mut parts, state).await?;
        let expected = auth::cookie(&parts.headers, auth::FORM_COOKIE)
            .unwrap_or_default()
            .to_owned();
        let body = Bytes::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(|e| unreadable(e.body_text()))?;
        let token = token_of(&body)?;
        if expected.is_empty()
            || !auth::same_token(&expected, &token)
            || !auth::form_token_is_good(state, site.council.id, &token).await?
        {
            return Err(WebError::BadForm);
        }
        form_of(&body).map(BeforeSignIn)
    }
}

/// The person a posted form must come from: the one [`Signed`] in by the extractor before
/// the form's (which leaves the session in the request).
pub fn form_owner(request: &Request) -> Result<SignedIn, WebError> {
    request
        .extensions()
        .get::<SignedIn>()
        .cloned()
        .ok_or(WebError::SignInNeeded)
}

/// A body that could not be taken off the request at all, with axum's word for why.
pub fn unreadable(why: String) -> WebError {
    WebError::Unprocessable(format!("The form could not be read: {why}"))
}

/// The `csrf` field of a posted form. A form without one was not made by a page of this
/// site at all, so it is refused as unreadable (422), as a form missing any field is; a
/// token that does not match is refused as a forgery by the caller (403).
fn token_of(body: &[u8]) -> Result<String, WebError> {
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(body).map_err(|_| WebError::BadForm)?;
    fields
        .into_iter()
        .find(|(name, _)| name == "csrf")
        .map(|(_, value)| value)
        .ok_or_else(|| WebError::Unprocessable("The form could not be read: it has no csrf field.".into()))
}

/// A posted form as its type, every field but the token.
fn form_of<T: DeserializeOwned>(body: &[u8]) -> Result<T, WebError> {
    serde_urlencoded::from_bytes(body).map_err(|e| WebError::Unprocessable(format!("The form could not be read: {e}")))
}
