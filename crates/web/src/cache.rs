//! This node's cache of what it reads most (the list of councils, rendered public pages),
//! kept in step with the database by the change log: each request first asks for the newest
//! sequence number (one indexed query) and, if anything changed on any node, everything
//! cached is dropped. Several nodes behind a load balancer therefore never serve anything
//! older than the last write, and an unchanged page costs one query.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use moot_domain::Council;
use moot_store::{Store, typed};

use crate::WebError;

/// Pages are kept only for anonymous readers; at most this many.
const CAPACITY: usize = 4_096;

#[derive(Debug, Default)]
pub struct PageCache {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    /// The change-log position everything cached reflects.
    seen: i64,
    councils: Option<Arc<Vec<Council>>>,
    pages: HashMap<String, Arc<String>>,
}

/// Where the log stood when a request began: what it reads is kept only if the cache is
/// still at that point, so nothing read from older data outlives a newer write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ticket(i64);

impl PageCache {
    fn lock(&self) -> Result<MutexGuard<'_, Inner>, WebError> {
        self.inner
            .lock()
            .map_err(|_| WebError::Internal("page cache lock poisoned".into()))
    }

    /// Brings the cache up to the log; the one query every request makes.
    pub async fn sync(&self, store: &dyn Store) -> Result<Ticket, WebError> {
        let last = store.last_seq().await?;
        let mut inner = self.lock()?;
        if inner.seen != last {
            inner.pages.clear();
            inner.councils = None;
            inner.seen = last;
        }
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

    pub fn page(&self, key: &str, ticket: Ticket) -> Option<Arc<String>> {
        let inner = self.lock().ok()?;
        (inner.seen == ticket.0)
            .then(|| inner.pages.get(key).cloned())
            .flatten()
    }

    /// Keeps a page rendered under `ticket`, unless the log has moved since.
    pub fn keep(&self, key: String, page: Arc<String>, ticket: Ticket) {
        if let Ok(mut inner) = self.lock()
            && inner.seen == ticket.0
        {
            if inner.pages.len() >= CAPACITY {
                inner.pages.clear();
            }
            inner.pages.insert(key, page);
        }
    }
}
