//! The one error type of the search crate.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index at {path}: {message}")]
    Open { path: PathBuf, message: String },
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// Text could not be taken out of a file; the entry is still indexed by its title.
    #[error("reading the text of a PDF: {0}")]
    Extract(String),
}
