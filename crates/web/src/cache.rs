//! This node's cache of rendered public pages, kept in step with the database by the change
//! log: before answering, a node asks for the newest sequence number (one indexed query) and
//! drops every page if anything changed, on whichever node. Several nodes behind a load
//! balancer therefore never serve a page older than the last write.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use moot_store::Store;

use crate::WebError;

/// Pages are kept only for anonymous readers; at most this many.
const CAPACITY: usize = 4_096;

#[derive(Debug, Default)]
pub struct PageCache {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    /// The change-log position the cached pages reflect.
    seen: i64,
    pages: HashMap<String, Arc<String>>,
}

/// Where the log stood when a page was read, so a page rendered from older data is not kept
/// after the cache has moved on.
#[derive(Debug, Clone, Copy)]
pub struct Ticket(i64);

impl PageCache {
    /// Brings the cache up to the log and returns the page for `key` if it is current.
    pub async fn lookup(&self, store: &dyn Store, key: &str) -> Result<(Option<Arc<String>>, Ticket), WebError> {
        let last = store.last_seq().await?;
        let mut inner = self
            .inner
            .lock()
            .map_err(|_| WebError::Internal("page cache lock poisoned".into()))?;
        if inner.seen != last {
            inner.pages.clear();
            inner.seen = last;
        }
        Ok((inner.pages.get(key).cloned(), Ticket(last)))
    }

    /// Keeps a page rendered after `lookup` gave `ticket`, unless the log has moved since.
    pub fn keep(&self, key: String, page: Arc<String>, ticket: Ticket) {
        if let Ok(mut inner) = self.inner.lock()
            && inner.seen == ticket.0
        {
            if inner.pages.len() >= CAPACITY {
                inner.pages.clear();
            }
            inner.pages.insert(key, page);
        }
    }
}
