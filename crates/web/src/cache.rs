//! This node's cache of what it reads most (the list of councils, rendered public pages),
//! kept in step with the database by the change log: each request first asks for the newest
//! sequence number (one indexed query) and, if anything changed on any node, everything
//! cached is dropped. Several nodes behind a load balancer therefore never serve anything
//! older than the last write, and an unchanged page costs one query.
//!
//! Under load the check is shared: requests that arrive while a check is running wait for the
//! next one, which starts after they arrived and so still sees every write that finished before
//! them, and one query then answers all of them. A busy node makes about one check per database
//! round trip, however many requests it serves.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use moot_domain::Council;
use moot_store::{Store, typed};

use axum::body::Bytes;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::site::Site;
use crate::{AppState, WebError};

/// Pages are kept only for anonymous readers; at most this many.
const CAPACITY: usize = 4_096;
/// Pages that depend on the clock (upcoming or past, current members) are rendered afresh
/// at least this often even when nothing is written.
const LIFETIME: std::time::Duration = std::time::Duration::from_secs(60);

#[derive(Debug, Default)]
pub struct PageCache {
    inner: Mutex<Inner>,
    /// Held while a check runs, so checks never overlap and waiting requests can share one.
    checking: tokio::sync::Mutex<()>,
    /// How many checks have started.
    started: AtomicU64,
    /// The answers being made now, by key: a request that misses waits for the one under way
    /// rather than making it again, so that when a busy page expires (or the log moves) it is
    /// made once, not once per request in flight.
    making: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

#[derive(Debug, Default)]
struct Inner {
    /// The change-log position everything cached reflects.
    seen: i64,
    /// The number of the last check to finish (checks are numbered from 1 as they start).
    checked: u64,
    councils: Option<Arc<Vec<Council>>>,
    pages: HashMap<String, (std::time::Instant, Arc<Kept>)>,
}

/// A kept answer: its headers (type, ETag, CORS) and its bytes.
#[derive(Debug)]
pub struct Kept {
    headers: HeaderMap,
    body: Bytes,
}

/// Where the log stood when a request began: what it reads is kept only if the cache is
/// still at that point, so nothing read from older data outlives a newer write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ticket(i64);

impl PageCache {
    fn lock(&self) -> Result<MutexGuard<'_, Inner>, WebError> {
        self.inner
            .lock()
            .map_err(|_| WebError::internal("the page cache", "its lock is poisoned"))
    }

    /// Brings the cache up to the log as it stood at some moment after this call began.
    pub async fn sync(&self, store: &dyn Store) -> Result<Ticket, WebError> {
        let arrived = self.started.load(Ordering::SeqCst);
        let _one_at_a_time = self.checking.lock().await;
        {
            // A check that started after this request arrived has finished while it waited.
            let inner = self.lock()?;
            if inner.checked > arrived {
                return Ok(Ticket(inner.seen));
            }
        }
        let number = self.started.fetch_add(1, Ordering::SeqCst) + 1;
        let last = store.last_seq().await?;
        let mut inner = self.lock()?;
        if inner.seen != last {
            inner.pages.clear();
            inner.councils = None;
            inner.seen = last;
        }
        inner.checked = number;
        Ok(Ticket(last))
    }

    /// The live councils, read once per change of the log.
    pub async fn councils(&self, store: &dyn Store, ticket: Ticket) -> Result<Arc<Vec<Council>>, WebError> {
        if let Some(councils) = &self.lock()?.councils {
            return Ok(councils.clone());
        }
        let read: Vec<Council> = store
            .councils()
            .await?
            .into_iter()
            .map(|s| typed(s).map(|s| s.record))
            .collect::<Result<_, _>>()?;
        let read = Arc::new(read);
        let mut inner = self.lock()?;
        if inner.seen == ticket.0 {
            inner.councils = Some(read.clone());
        }
        Ok(read)
    }

    /// The turnstile of one key's making.
    fn gate(&self, key: &str) -> Option<Arc<tokio::sync::Mutex<()>>> {
        let mut making = self.making.lock().ok()?;
        Some(making.entry(key.to_owned()).or_default().clone())
    }

    /// Forgets a key's turnstile once no one else holds it.
    fn release(&self, key: &str, gate: &Arc<tokio::sync::Mutex<()>>) {
        if let Ok(mut making) = self.making.lock()
            && making
                .get(key)
                .is_some_and(|g| Arc::ptr_eq(g, gate) && Arc::strong_count(g) <= 2)
        {
            making.remove(key);
        }
    }

    pub fn page(&self, key: &str, ticket: Ticket) -> Option<Arc<Kept>> {
        let inner = self.lock().ok()?;
        let (kept, page) = inner.pages.get(key).filter(|_| inner.seen == ticket.0)?;
        (kept.elapsed() < LIFETIME).then(|| page.clone())
    }

    /// Keeps a page rendered under `ticket`, unless the log has moved since.
    pub fn keep(&self, key: String, page: Arc<Kept>, ticket: Ticket) {
        if let Ok(mut inner) = self.lock()
            && inner.seen == ticket.0
        {
            if inner.pages.len() >= CAPACITY {
                inner.pages.clear();
            }
            inner.pages.insert(key, (std::time::Instant::now(), page));
        }
    }
}

/// Pages larger than this are served but not kept (no public page comes near it).
const LARGEST_KEPT: usize = 4 << 20;

/// The cache as a layer over the portal's pages and the open-data answers: an anonymous
/// reader's `GET` is answered from this node's cache when the log has not moved since the
/// answer was kept, and one made for a reader is kept for the next (by path and query).
/// Anyone with a session cookie goes straight to the handler, and a response marked private,
/// not a success, or neither HTML nor JSON is never kept.
pub async fn keep(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let anonymous = request.method() == Method::GET
        && crate::auth::cookie(request.headers(), crate::auth::SESSION_COOKIE).is_none();
    if !anonymous {
        return next.run(request).await;
    }
    // The installation's root may be a directory of councils rather than one council's site.
    let (mut parts, body) = request.into_parts();
    let site = Site::from_request_parts(&mut parts, &state).await;
    let request = Request::from_parts(parts, body);
    let Ok(site) = site else {
        return next.run(request).await;
    };
    // Kept per host name too: a page's subscription links (`webcal://…`) name the host, which
    // for a council without host names of its own is the one the request came to.
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    let key = format!("{}{} {host}{}", site.council.id, site.base, request.uri());
    if let Some(kept) = state.cache.page(&key, site.ticket) {
        return served(&kept);
    }
    let Some(gate) = state.cache.gate(&key) else {
        return next.run(request).await;
    };
    let turn = gate.lock().await;
    // Made by the request this one waited for.
    if let Some(kept) = state.cache.page(&key, site.ticket) {
        drop(turn);
        state.cache.release(&key, &gate);
        return served(&kept);
    }
    let response = make(&state, key.clone(), site.ticket, next.run(request).await).await;
    drop(turn);
    state.cache.release(&key, &gate);
    response
}

fn served(kept: &Kept) -> Response {
    let mut response = Response::new(axum::body::Body::from(kept.body.clone()));
    *response.headers_mut() = kept.headers.clone();
    response
}

/// Keeps a response just made, if it may be kept, and hands it on.
async fn make(state: &AppState, key: String, ticket: Ticket, response: Response) -> Response {
    let keepable = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/html") || t.as_bytes() == b"application/json");
    if response.status() != StatusCode::OK || !keepable || response.headers().contains_key(header::CACHE_CONTROL) {
        return response;
    }
    let (parts, body) = response.into_parts();
    match axum::body::to_bytes(body, LARGEST_KEPT).await {
        Ok(body) => {
            let kept = Arc::new(Kept {
                headers: parts.headers.clone(),
                body: body.clone(),
            });
            state.cache.keep(key, kept, ticket);
            Response::from_parts(parts, axum::body::Body::from(body))
        }
        Err(_) => WebError::internal("keeping a page", "the page could not be read back").into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A store whose log moves only when told to, counting how often it is asked.
    #[derive(Debug, Default)]
    struct Log {
        last: std::sync::atomic::AtomicI64,
        asked: AtomicU64,
    }

    #[async_trait::async_trait]
    impl Store for Log {
        async fn apply(
            &self,
            _: &moot_domain::Actor,
            _: Option<&str>,
            _: Vec<moot_store::Write>,
        ) -> moot_store::Result<Vec<moot_store::Stored<moot_store::Record>>> {
            unreachable_in_test()
        }
        async fn get(
            &self,
            _: moot_domain::CouncilId,
            _: moot_store::Kind,
            _: uuid::Uuid,
        ) -> moot_store::Result<Option<moot_store::Stored<moot_store::Record>>> {
            unreachable_in_test()
        }
        async fn list(
            &self,
            _: moot_domain::CouncilId,
            _: moot_store::Kind,
            _: &moot_store::Filter,
        ) -> moot_store::Result<Vec<moot_store::Stored<moot_store::Record>>> {
            unreachable_in_test()
        }
        async fn councils(&self) -> moot_store::Result<Vec<moot_store::Stored<moot_store::Record>>> {
            Ok(Vec::new())
        }
        async fn council_ids(&self) -> moot_store::Result<Vec<moot_domain::CouncilId>> {
            unreachable_in_test()
        }
        async fn changes(&self, _: &moot_store::ChangeQuery) -> moot_store::Result<Vec<moot_store::Change>> {
            unreachable_in_test()
        }
        async fn latest_changes(&self, _: &moot_store::LatestQuery) -> moot_store::Result<Vec<moot_store::Change>> {
            unreachable_in_test()
        }
        async fn last_seq(&self) -> moot_store::Result<i64> {
            self.asked.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            Ok(self.last.load(Ordering::SeqCst))
        }
        async fn begin_import(&self) -> moot_store::Result<Box<dyn moot_store::Import + '_>> {
            unreachable_in_test()
        }
        fn backend(&self) -> &'static str {
            "test log"
        }
    }

    #[async_trait::async_trait]
    impl moot_store::Credentials for Log {
        async fn password(
            &self,
            _: moot_domain::CouncilId,
            _: moot_domain::AccountId,
        ) -> moot_store::Result<Option<String>> {
            unreachable_in_test()
        }
        async fn set_password(
            &self,
            _: moot_domain::CouncilId,
            _: moot_domain::AccountId,
            _: &str,
        ) -> moot_store::Result<()> {
            unreachable_in_test()
        }
        async fn start_session(&self, _: &moot_store::Session) -> moot_store::Result<()> {
            unreachable_in_test()
        }
        async fn session(&self, _: &str) -> moot_store::Result<Option<moot_store::Session>> {
            unreachable_in_test()
        }
        async fn touch_session(&self, _: &str, _: jiff::Timestamp) -> moot_store::Result<()> {
            unreachable_in_test()
        }
        async fn end_session(&self, _: &str) -> moot_store::Result<()> {
            unreachable_in_test()
        }
        async fn signing_key(&self, _: &str) -> moot_store::Result<String> {
            unreachable_in_test()
        }
    }

    fn unreachable_in_test<T>() -> moot_store::Result<T> {
        Err(moot_store::StoreError::Backend("not used by the cache".into()))
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_requests_share_checks_but_never_miss_a_write() {
        let log = Arc::new(Log::default());
        let cache = Arc::new(PageCache::default());
        let ticket = cache.sync(&*log).await.expect("sync");
        let old = Kept {
            headers: HeaderMap::new(),
            body: Bytes::from_static(b"old"),
        };
        cache.keep("page".into(), Arc::new(old), ticket);

        // A write lands; every request that starts afterwards must not get the old page.
        log.last.store(1, Ordering::SeqCst);
        let requests: Vec<_> = (0..64)
            .map(|_| {
                let (log, cache) = (log.clone(), cache.clone());
                tokio::spawn(async move {
                    let ticket = cache.sync(&*log).await.expect("sync");
                    cache.page("page", ticket)
                })
            })
            .collect();
        for r in requests {
            assert!(
                r.await.expect("task").is_none(),
                "a request saw a page from before the write"
            );
        }
        let asked = log.asked.load(Ordering::SeqCst);
        assert!(
            asked < 64,
            "64 concurrent requests made {asked} checks: they should share"
        );
    }
}
