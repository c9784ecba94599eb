//! The seed demo: Rotherham's Improving Lives Select Commission, 2016–2021, as readable TOML
//! under `demo/`, turned into records and written to a store in one transaction.
//!
//! Every mistake in a file is reported with the file, the line and what is wrong, before
//! anything is written.

pub mod format;
mod load;
mod source;

use std::fmt;

pub use load::{Loaded, build, load};
pub use source::{DemoFile, DemoSource};

/// What went wrong with a demo dataset.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// A problem in a file, at a line when it is known.
    #[error("{}", .0)]
    InFile(Located),
    #[error("the database already holds data ({0}); the demo loads only into an empty database")]
    NotEmpty(String),
    #[error(transparent)]
    Store(#[from] moot_store::StoreError),
}

#[derive(Debug)]
pub struct Located {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{} line {}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl DemoError {
    fn file(file: &str, e: impl fmt::Display) -> Self {
        Self::InFile(Located {
            file: file.to_owned(),
            line: None,
            message: e.to_string(),
        })
    }
}
