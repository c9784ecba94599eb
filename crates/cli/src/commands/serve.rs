use std::sync::Arc;

use crate::backend::OpenMode;
use moot_app::follow::{Packs, follow};
use moot_web::AppState;
use tokio::net::TcpListener;

use crate::backend::{self, DatabaseUrl};
use crate::config::Settings;
use crate::error::CliError;

/// How often the pack maker looks at the change log. Packs are minutes-to-days ahead of a
/// meeting; a few seconds' delay is not noticed, and an idle site costs one small query.
const PACK_CHECK_INTERVAL: std::time::Duration = std::time::Duration::from_secs(2);

/// How often the search index looks at the change log: what is withdrawn leaves search
/// results within a pass, as it leaves the pages at once.
const SEARCH_CHECK_INTERVAL: std::time::Duration = std::time::Duration::from_secs(2);

/// Opens the store (migrating it), binds the address, and serves until SIGINT or SIGTERM.
pub async fn run(settings: &Settings) -> Result<(), CliError> {
    let url = DatabaseUrl::parse(&settings.database)?;
    let store = backend::open(&url, OpenMode::CreateIfMissing, true).await?;
    serve_store(settings, store).await
}

/// Serves an opened store.
pub async fn serve_store(settings: &Settings, store: Arc<dyn moot_store::Store>) -> Result<(), CliError> {
    let blobs = backend::open_blobs(&settings.blobs, settings, &backend::process_env)?;
    let listener = TcpListener::bind(settings.listen).await.map_err(|e| CliError::Listen {
        addr: settings.listen.to_string(),
        why: match e.kind() {
            std::io::ErrorKind::AddrInUse => "the address is already in use (is another server running there?)".into(),
            _ => e.to_string(),
        },
    })?;
    let local = listener.local_addr()?;
    // Packs and minutes are made in the background as the change log moves, on every node.
    let publisher = super::publisher(store.clone(), blobs.clone())?;
    let packs = tokio::spawn(follow(
        Packs::new(publisher),
        PACK_CHECK_INTERVAL,
        std::future::pending(),
    ));
    // Each node keeps its own search index in step with the change log; searches wait for
    // the first pass, which builds the index if it is new.
    let indexer = super::search::indexer(settings, store.clone(), blobs.clone())?;
    let index = indexer.index.clone();
    let search = tokio::spawn(follow(indexer, SEARCH_CHECK_INTERVAL, std::future::pending()));
    tracing::info!("serving on http://{local}/");
    println!("Moot is serving on http://{local}/");
    let mut state = AppState::new(store, blobs).with_search(index);
    if !settings.secure_cookies {
        state = state.with_insecure_cookies();
    }
    let served = moot_web::serve(listener, state, shutdown_signal()).await;
    packs.abort();
    search.abort();
    served?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = interrupt => {},
                    _ = term.recv() => {},
                }
            }
            Err(_) => {
                let _ = interrupt.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}
