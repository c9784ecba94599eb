//! The one loop by which background work follows the change log on every node: the pack
//! maker and the search index. Each says how it starts (from what it keeps, or from nothing)
//! and what one pass does; the loop runs a pass every interval until shut down, and a
//! follower whose start failed (the database not answering yet, say) starts again at the
//! next interval rather than giving up.

use std::future::Future;
use std::time::Duration;

use moot_render_pdf::Publisher;

use crate::{AppError, Indexer};

/// Work that follows the change log.
pub trait Follower: Send {
    /// What it keeps in step, for the log: "the search index".
    const WHAT: &'static str;

    /// Catches up once at start-up, or after a failed start.
    fn start(&mut self) -> impl Future<Output = Result<(), AppError>> + Send;

    /// Applies what the log holds since the last pass.
    fn pass(&mut self) -> impl Future<Output = Result<(), AppError>> + Send;
}

/// Runs `follower` until `shutdown`: its start at once, then a pass every `interval`. A
/// failure is logged with its cause and tried again at the next interval.
pub async fn follow<F: Follower>(mut follower: F, interval: Duration, shutdown: impl Future<Output = ()>) {
    tokio::pin!(shutdown);
    let mut started = false;
    loop {
        let result = if started {
            follower.pass().await
        } else {
            follower.start().await
        };
        match result {
            Ok(()) => started = true,
            Err(e) => tracing::warn!("keeping {} in step: {}", F::WHAT, e.chain()),
        }
        tokio::select! {
            () = &mut shutdown => return,
            () = tokio::time::sleep(interval) => {}
        }
    }
}

/// The pack maker: generated PDFs kept in step with the records they are made from.
#[derive(Debug)]
pub struct Packs {
    publisher: Publisher,
    /// The last change-log entry read.
    since: i64,
}

impl Packs {
    pub fn new(publisher: Publisher) -> Self {
        Self { publisher, since: 0 }
    }
}

impl Follower for Packs {
    const WHAT: &'static str = "generated PDFs";

    /// Refreshes every meeting once, so files missed while no node ran are made, and follows
    /// the log from where it stood before that.
    async fn start(&mut self) -> Result<(), AppError> {
        self.since = self.publisher.store().last_seq().await?;
        if let Err(e) = moot_render_pdf::follow::refresh_all(&self.publisher).await {
            tracing::warn!("bringing generated PDFs up to date: {e}");
        }
        Ok(())
    }

    async fn pass(&mut self) -> Result<(), AppError> {
        self.since = moot_render_pdf::follow::catch_up(&self.publisher, self.since).await?;
        Ok(())
    }
}

impl Follower for Indexer {
    const WHAT: &'static str = "the search index";

    /// The index keeps its own position, so starting is a pass like any other (which builds
    /// the index if it is new or does not match the log).
    async fn start(&mut self) -> Result<(), AppError> {
        self.catch_up().await
    }

    async fn pass(&mut self) -> Result<(), AppError> {
        self.catch_up().await
    }
}
