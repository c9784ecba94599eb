use std::sync::Arc;

use moot_store_sqlite::OpenMode;
use moot_web::AppState;
use tokio::net::TcpListener;

use crate::backend::{self, DatabaseUrl};
use crate::config::Settings;
use crate::error::CliError;

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
    tracing::info!("serving on http://{local}/");
    println!("Moot is serving on http://{local}/");
    moot_web::serve(listener, AppState::new(store, blobs), shutdown_signal()).await?;
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
