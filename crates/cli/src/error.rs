use std::path::PathBuf;

use moot_store::StoreError;

/// Everything `moot` reports before exiting, each with the exit code it leaves.
///
/// Input the operator can fix (a flag, a config file, a URL) exits 2, as clap does for bad
/// arguments; a failure while doing the work exits 1.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("config file {path}: {message}")]
    ConfigFile { path: PathBuf, message: String },

    #[error("{0}")]
    Config(String),

    #[error("cannot listen on {addr}: {why}")]
    Listen { addr: String, why: String },

    #[error(transparent)]
    Store(#[from] StoreError),

    #[error("demo: {0}")]
    Demo(#[from] moot_demo::DemoError),

    #[error("{0}")]
    Io(#[from] std::io::Error),

    #[error(transparent)]
    Render(#[from] moot_render_pdf::RenderError),

    #[error("{0}")]
    Domain(#[from] moot_domain::DomainError),

    #[error(transparent)]
    Search(#[from] moot_search::SearchError),

    #[error("{}", .0.chain())]
    App(#[from] moot_app::AppError),

    #[error("{0}")]
    Web(#[from] moot_web::WebError),
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::ConfigFile { .. }
            | Self::Config(_)
            | Self::Store(StoreError::BadUrl { .. } | StoreError::SchemaTooNew(_) | StoreError::HostTaken { .. })
            | Self::Demo(moot_demo::DemoError::InFile(_) | moot_demo::DemoError::NotEmpty(_))
            | Self::Domain(_)
            | Self::Search(moot_search::SearchError::Open { .. })
            | Self::Render(moot_render_pdf::RenderError::NoSuchMeeting(_)) => 2,
            _ => 1,
        }
    }
}
