//! The one error type of the search crate.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index at {path}: {message}")]
    Open { path: PathBuf, message: String },
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// Text could not be taken out of this file (damaged, or too slow to read); it is found
    /// by its title.
    #[error("reading the text of a PDF: {0}")]
    Extract(String),
    /// Nothing here can read PDFs; the text is read once the tool is installed.
    #[error("pdftotext (Debian package poppler-utils) is not installed")]
    NoExtractor,
}
