//! Signing in: sessions, CSRF tokens, the sign-in rate limit, and the one place roles are
//! checked.
//!
//! - The session cookie holds 32 random bytes; the store keeps only their SHA-256. It is
//!   `HttpOnly`, `SameSite=Lax`, and `Secure` unless the site is served over plain HTTP for
//!   a demo or a test.
//! - Sessions end after `IDLE` without a request, and `ABSOLUTE` after sign-in whatever
//!   happens, and at once on sign-out or a password change.
//! - Every form posts a CSRF token: the session's own once signed in, and before that (the
//!   sign-in form) one matched against a cookie of its own.
//! - Failed sign-ins are counted per e-mail address on each node; past `MAX_FAILURES` in
//!   `FAILURE_WINDOW`, further tries are refused until the window has passed.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, HeaderValue, header};
use jiff::Timestamp;
use moot_domain::{AccountRole, UserAccount, Viewer};
use moot_store::{Session, StoreExt};
use sha2::{Digest, Sha256};

use crate::site::Site;
use crate::{AppState, WebError};

pub const SESSION_COOKIE: &str = "moot_session";
pub const FORM_COOKIE: &str = "moot_form";
const IDLE: jiff::SignedDuration = jiff::SignedDuration::from_hours(2);
const ABSOLUTE: jiff::SignedDuration = jiff::SignedDuration::from_hours(12);
/// A session's last-seen time is written at most this often, not on every request.
const TOUCH_EVERY: jiff::SignedDuration = jiff::SignedDuration::from_mins(5);
const MAX_FAILURES: usize = 5;
const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);

/// Someone signed in, with their session.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub account: UserAccount,
    pub session: Session,
}

impl SignedIn {
    pub fn viewer(&self) -> Viewer {
        Viewer::Account(self.account.as_viewer())
    }
}

impl SignedIn {
    /// The change log's name for this person.
    pub fn actor(&self) -> Result<moot_domain::Actor, WebError> {
        Ok(moot_domain::Actor::parse(&format!("user:{}", self.account.id))?)
    }

    /// Writes a new version of one record, read at version `expected`, as this person.
    pub async fn update<T: moot_store::Entity>(
        &self,
        state: &AppState,
        note: &str,
        record: T,
        expected: i64,
    ) -> Result<(), WebError> {
        let write = moot_store::Write::Update {
            record: record.into_record(),
            expected,
        };
        self.save(state, note, vec![write]).await
    }

    /// Writes a batch as this person, with a note for the change log: one transaction.
    pub async fn save(&self, state: &AppState, note: &str, writes: Vec<moot_store::Write>) -> Result<(), WebError> {
        state.store.apply(&self.actor()?, Some(note), writes).await?;
        Ok(())
    }
}

/// The people behind the change log's actors, for pages that say who did what: an account's
/// actor (`user:<id>`) reads as the account's name and address; any other actor (the
/// command line, Moot's own publisher) as itself.
pub struct Names(std::collections::HashMap<String, String>);

impl Names {
    pub async fn of(state: &AppState, council: moot_domain::CouncilId) -> Result<Self, WebError> {
        use moot_store::StoreExt;
        let accounts = state
            .store
            .find::<moot_domain::UserAccount>(council, &moot_store::Filter::all())
            .await?;
        Ok(Self(
            accounts
                .into_iter()
                .map(|s| {
                    let a = s.record;
                    (format!("user:{}", a.id), format!("{} ({})", a.name, a.email.as_str()))
                })
                .collect(),
        ))
    }

    pub fn of_actor(&self, actor: &moot_domain::Actor) -> String {
        let key = actor.to_string();
        self.0.get(&key).cloned().unwrap_or(key)
    }
}

/// Everyone who works on papers: clerks and admins, and the officers who write reports
/// (who see only their own papers).
pub const STAFF: [AccountRole; 3] = [AccountRole::Admin, AccountRole::Clerk, AccountRole::ReportAuthor];

/// Clerks and admins: who runs meetings.
pub const CLERKS: [AccountRole; 2] = [AccountRole::Admin, AccountRole::Clerk];

/// The person signed in to this council, if they hold one of `roles`; refused otherwise.
pub async fn staff(
    state: &AppState,
    site: &Site,
    headers: &HeaderMap,
    roles: &[AccountRole],
) -> Result<SignedIn, WebError> {
    let signed_in = signed_in(state, site, headers).await?;
    require(signed_in.as_ref(), roles).cloned()
}

/// The viewer a request comes from: signed in to this council, or anonymous.
pub fn viewer(signed_in: Option<&SignedIn>) -> Viewer {
    signed_in.map_or(Viewer::Anonymous, SignedIn::viewer)
}

/// The one role check: refuses anyone not signed in to this council in one of `roles`.
pub fn require<'a>(signed_in: Option<&'a SignedIn>, roles: &[AccountRole]) -> Result<&'a SignedIn, WebError> {
    match signed_in {
        None => Err(WebError::SignInNeeded),
        Some(s) if roles.contains(&s.account.role) => Ok(s),
        Some(_) => Err(WebError::Forbidden),
    }
}

/// Random bytes as hex: session tokens and CSRF tokens.
pub fn random_token() -> Result<String, WebError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| WebError::Internal(format!("no randomness: {e}")))?;
    Ok(hex::encode(bytes))
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Compares two tokens in time independent of where they differ.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value; `max_age` zero removes the cookie.
pub fn set_cookie(
    state: &AppState,
    name: &str,
    value: &str,
    max_age: i64,
    same_site: &str,
) -> Result<HeaderValue, WebError> {
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite={same_site}; Max-Age={max_age}{secure}"
    ))
    .map_err(|e| WebError::Internal(e.to_string()))
}

pub fn session_cookie(state: &AppState, token: &str) -> Result<HeaderValue, WebError> {
    set_cookie(state, SESSION_COOKIE, token, ABSOLUTE.as_secs(), "Lax")
}

/// The signed-in account behind a request's session cookie, if its session is alive and
/// belongs to this council; an expired session is ended on the way.
pub async fn signed_in(state: &AppState, site: &Site, headers: &HeaderMap) -> Result<Option<SignedIn>, WebError> {
    let Some(token) = cookie(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    let hash = token_hash(token);
    let Some(session) = state.store.session(&hash).await? else {
        return Ok(None);
    };
    let now = Timestamp::now();
    let expired = now.duration_since(session.seen) > IDLE || now.duration_since(session.created) > ABSOLUTE;
    if expired {
        state.store.end_session(&hash).await?;
        return Ok(None);
    }
    if session.council != site.council.id {
        return Ok(None);
    }
    let Some(account) = state
        .store
        .live::<UserAccount>(session.council, session.account)
        .await?
    else {
        return Ok(None);
    };
    if account.disabled {
        state.store.end_session(&hash).await?;
        return Ok(None);
    }
    if now.duration_since(session.seen) > TOUCH_EVERY {
        state.store.touch_session(&hash, now).await?;
    }
    Ok(Some(SignedIn { account, session }))
}

/// Failed sign-ins per address on this node.
#[derive(Debug, Default)]
pub struct Limiter {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl Limiter {
    /// How long `key` must wait before trying again, if it has failed too often.
    pub fn wait(&self, key: &str) -> Option<Duration> {
        let mut map = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = Instant::now();
        let list = map.entry(key.to_owned()).or_default();
        list.retain(|t| now.duration_since(*t) < FAILURE_WINDOW);
        (list.len() >= MAX_FAILURES).then(|| {
            list.first()
                .map_or(FAILURE_WINDOW, |t| FAILURE_WINDOW - now.duration_since(*t))
        })
    }

    pub fn failed(&self, key: &str) {
        let mut map = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        map.entry(key.to_owned()).or_default().push(Instant::now());
    }

    pub fn succeeded(&self, key: &str) {
        let mut map = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        map.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_whole() {
        assert!(same_token("abc", "abc"));
        assert!(!same_token("abc", "abd"));
        assert!(!same_token("abc", "abcd"));
    }

    #[test]
    fn cookies_are_found_by_name() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_static("a=1; moot_session=xyz; b=2"));
        assert_eq!(cookie(&h, SESSION_COOKIE), Some("xyz"));
        assert_eq!(cookie(&h, "c"), None);
    }

    #[test]
    fn the_limiter_refuses_after_five_failures() {
        let l = Limiter::default();
        for _ in 0..MAX_FAILURES {
            assert!(l.wait("x@example.org").is_none());
            l.failed("x@example.org");
        }
        assert!(l.wait("x@example.org").is_some());
        assert!(l.wait("y@example.org").is_none(), "per address");
        l.succeeded("x@example.org");
        assert!(l.wait("x@example.org").is_none());
    }
}
