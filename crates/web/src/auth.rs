//! Signing in: sessions, CSRF tokens, the sign-in rate limit, and the one place roles are
//! checked.
//!
//! - The session cookie holds 32 random bytes; the store keeps only their SHA-256. It is
//!   `HttpOnly`, `SameSite=Lax`, and `Secure` unless the site is served over plain HTTP for
//!   a demo or a test.
//! - Sessions end after `IDLE` without a request, and `ABSOLUTE` after sign-in whatever
//!   happens, and at once on sign-out or a password change.
//! - Every form posts a CSRF token: the session's own once signed in, and before that (the
//!   sign-in form) one matched against a cookie of its own. The sign-in form's token is also
//!   signed with the installation's key (kept in the database, so every node knows it) and
//!   good for `FORM_LIFE`, so a token the client made up for both places is refused.
//! - Failed password checks are counted on each node: a sign-in's for its address from one
//!   client and for that client whatever the address, so that guessing from one place cannot
//!   lock the owner out from another; a password change's for the account. Past the limit in
//!   `FAILURE_WINDOW`, further tries are refused until enough failures are old enough.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use hmac::{KeyInit, Mac};
use jiff::Timestamp;
use moot_domain::{AccountId, AccountRole, CouncilId, UserAccount, Viewer};
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
/// Failed tries allowed for one address from one client, and for one account's current
/// password.
const MAX_FAILURES: usize = 5;
/// Failed sign-ins allowed from one client whatever the address: more than for one address,
/// as several people may share an office's connection.
const MAX_CLIENT_FAILURES: usize = 20;
const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);
/// How long a sign-in form may be left open before it is posted.
pub const FORM_LIFE: jiff::SignedDuration = jiff::SignedDuration::from_hours(2);
/// How far ahead of this node's clock another node's may be when it issues a form.
const CLOCK_SKEW: jiff::SignedDuration = jiff::SignedDuration::from_mins(5);

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

/// Checks a signed-in form's CSRF token against the session's: the one check every form of
/// a signed-in person passes (through `extract::Checked`, or for an upload its own field).
pub fn check_token(signed_in: &SignedIn, csrf: &str) -> Result<(), WebError> {
    if same_token(&signed_in.session.csrf, csrf) {
        Ok(())
    } else {
        Err(WebError::BadForm)
    }
}

/// Random bytes as hex: session tokens and CSRF tokens.
pub fn random_token() -> Result<String, WebError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| WebError::internal("no randomness", e))?;
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
    .map_err(|e| WebError::internal("a cookie header", e))
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

/// The key sign-in forms are signed with: the installation's, read from the store once.
#[derive(Debug, Default)]
pub struct FormKey(tokio::sync::OnceCell<String>);

impl FormKey {
    pub(crate) async fn get(&self, state: &AppState) -> Result<&str, WebError> {
        let key = self
            .0
            .get_or_try_init(|| async { Ok::<_, WebError>(state.store.signing_key(&random_token()?).await?) })
            .await?;
        Ok(key)
    }
}

/// The MAC of a sign-in form token's parts, under `key`: tied to the council, so a form from
/// one council's site does not sign in on another's.
fn form_mac(key: &str, council: CouncilId, issued: &str, nonce: &str) -> Result<hmac::Hmac<Sha256>, WebError> {
    let mut mac =
        hmac::Hmac::<Sha256>::new_from_slice(key.as_bytes()).map_err(|e| WebError::internal("the signing key", e))?;
    mac.update(format!("moot sign-in form\n{council}\n{issued}\n{nonce}").as_bytes());
    Ok(mac)
}

fn sign_form(key: &str, council: CouncilId, issued: Timestamp) -> Result<String, WebError> {
    let issued = issued.as_second().to_string();
    let nonce = random_token()?;
    let mac = form_mac(key, council, &issued, &nonce)?.finalize().into_bytes();
    Ok(format!("{issued}.{nonce}.{}", hex::encode(mac)))
}

/// Whether `token` was signed with `key` for `council`'s sign-in form, issued at most
/// `FORM_LIFE` before `now`. The MAC is compared in constant time.
fn form_is_good(key: &str, council: CouncilId, token: &str, now: Timestamp) -> Result<bool, WebError> {
    let mut parts = token.split('.');
    let (Some(issued), Some(nonce), Some(mac), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Ok(false);
    };
    let (Ok(at), Ok(mac)) = (issued.parse::<i64>(), hex::decode(mac)) else {
        return Ok(false);
    };
    let age = jiff::SignedDuration::from_secs(now.as_second().saturating_sub(at));
    if age > FORM_LIFE || age < -CLOCK_SKEW {
        return Ok(false);
    }
    Ok(form_mac(key, council, issued, nonce)?.verify_slice(&mac).is_ok())
}

/// A new token for `council`'s sign-in form: its time of issue, a random nonce, and their MAC.
pub async fn form_token(state: &AppState, council: CouncilId) -> Result<String, WebError> {
    sign_form(state.form_key.get(state).await?, council, Timestamp::now())
}

/// Whether `token` is a sign-in form token this installation issued for `council` and that
/// has not expired.
pub async fn form_token_is_good(state: &AppState, council: CouncilId, token: &str) -> Result<bool, WebError> {
    form_is_good(state.form_key.get(state).await?, council, token, Timestamp::now())
}

/// Where a request comes from, for counting failures: the peer's address (an IPv6 client by
/// its /64, which one machine usually holds whole), or "unknown" when the server was not
/// told it (the router driven without a socket).
#[derive(Debug, Clone)]
pub struct Client(String);

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(peer)| peer.ip().to_canonical());
        Ok(Self(match ip {
            Some(IpAddr::V6(v6)) => {
                let [a, b, c, d, ..] = v6.segments();
                format!("{a:x}:{b:x}:{c:x}:{d:x}::/64")
            }
            Some(v4) => v4.to_string(),
            None => "unknown".to_owned(),
        }))
    }
}

/// One count of failed password checks, and how many it allows in `FAILURE_WINDOW`.
#[derive(Debug)]
pub struct Limit {
    key: String,
    max: usize,
    /// Whether the right password ends the count: not a client's, who may hold an account of
    /// their own to sign in to between guesses at others.
    forgiven: bool,
}

/// The counts a sign-in is held to: this address from this client, and this client.
pub fn sign_in_limits(council: CouncilId, email: &str, client: &Client) -> [Limit; 2] {
    [
        Limit {
            key: format!("sign-in:{council}:{email}:{}", client.0),
            max: MAX_FAILURES,
            forgiven: true,
        },
        Limit {
            key: format!("client:{}", client.0),
            max: MAX_CLIENT_FAILURES,
            forgiven: false,
        },
    ]
}

/// The count a change of password is held to: the account's, so a stolen session cannot keep
/// guessing the current password.
pub fn password_limits(account: AccountId) -> [Limit; 1] {
    [Limit {
        key: format!("password:{account}"),
        max: MAX_FAILURES,
        forgiven: true,
    }]
}

/// Failed password checks on this node.
#[derive(Debug, Default)]
pub struct Limiter {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl Limiter {
    /// How long to wait before trying again, if any of `limits` has been reached.
    pub fn wait(&self, limits: &[Limit]) -> Option<Duration> {
        let mut map = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = Instant::now();
        limits
            .iter()
            .filter_map(|limit| {
                let list = map.get_mut(&limit.key)?;
                list.retain(|t| now.duration_since(*t) < FAILURE_WINDOW);
                // Tries open again when the failure that reached the limit is old enough.
                let oldest = list.len().checked_sub(limit.max)?;
                Some(FAILURE_WINDOW.saturating_sub(now.duration_since(list[oldest])))
            })
            .max()
    }

    pub fn failed(&self, limits: &[Limit]) {
        let mut map = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        for limit in limits {
            map.entry(limit.key.clone()).or_default().push(Instant::now());
        }
    }

    pub fn succeeded(&self, limits: &[Limit]) {
        let mut map = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        for limit in limits.iter().filter(|l| l.forgiven) {
            map.remove(&limit.key);
        }
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

    fn client(name: &str) -> Client {
        Client(name.to_owned())
    }

    #[test]
    fn the_limiter_refuses_an_address_after_five_failures_from_one_client() {
        let l = Limiter::default();
        let council = CouncilId::new();
        let x_from_a = sign_in_limits(council, "x@example.org", &client("a"));
        for _ in 0..MAX_FAILURES {
            assert!(l.wait(&x_from_a).is_none());
            l.failed(&x_from_a);
        }
        let wait = l.wait(&x_from_a).expect("limited");
        assert!(wait > FAILURE_WINDOW - Duration::from_secs(5) && wait <= FAILURE_WINDOW);
        assert!(
            l.wait(&sign_in_limits(council, "y@example.org", &client("a")))
                .is_none(),
            "per address"
        );
        assert!(
            l.wait(&sign_in_limits(council, "x@example.org", &client("b")))
                .is_none(),
            "per client"
        );
        l.succeeded(&x_from_a);
        assert!(l.wait(&x_from_a).is_none());
    }

    #[test]
    fn a_client_is_refused_after_many_failures_and_signing_in_does_not_forgive_it() {
        let l = Limiter::default();
        let council = CouncilId::new();
        for n in 0..MAX_CLIENT_FAILURES {
            l.failed(&sign_in_limits(council, &format!("{n}@example.org"), &client("a")));
        }
        let own = sign_in_limits(council, "own@example.org", &client("a"));
        assert!(l.wait(&own).is_some(), "a new address from the same client waits too");
        l.succeeded(&own);
        assert!(l.wait(&own).is_some());
        assert!(
            l.wait(&sign_in_limits(council, "own@example.org", &client("b")))
                .is_none()
        );
    }

    #[test]
    fn sign_in_forms_are_good_only_as_issued_by_this_key_for_two_hours() {
        let council = CouncilId::new();
        let now = Timestamp::now();
        let token = sign_form("key", council, now).expect("sign");
        assert!(form_is_good("key", council, &token, now).expect("check"));
        assert!(form_is_good("key", council, &token, now + FORM_LIFE).expect("check"));
        let late = now + FORM_LIFE + jiff::SignedDuration::from_secs(1);
        assert!(!form_is_good("key", council, &token, late).expect("check"), "expired");
        assert!(
            !form_is_good("other key", council, &token, now).expect("check"),
            "another key"
        );
        assert!(
            !form_is_good("key", CouncilId::new(), &token, now).expect("check"),
            "another council"
        );
        let future = sign_form("key", council, now + jiff::SignedDuration::from_hours(1)).expect("sign");
        assert!(
            !form_is_good("key", council, &future, now).expect("check"),
            "issued in the future"
        );
        let (issued, rest) = token.split_once('.').expect("parts");
        let moved = format!("{}.{rest}", issued.parse::<i64>().expect("time") + 60);
        assert!(
            !form_is_good("key", council, &moved, now).expect("check"),
            "time changed"
        );
        for made_up in ["x", "", "1.2.3", "1.2.3.4", &format!("{}.{rest}", i64::MIN)] {
            assert!(!form_is_good("key", council, made_up, now).expect("check"), "{made_up}");
        }
    }
}
