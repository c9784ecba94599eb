use thiserror::Error;

/// Why a PDF could not be made. A supplied document that cannot be used is named, so a clerk
/// knows which file to replace.
#[derive(Debug, Error)]
pub enum RenderError {
    #[error("the document \"{document}\" cannot go into the pack: {problem}")]
    Supplied { document: String, problem: String },
    #[error("typesetting failed: {0}")]
    Template(String),
    #[error("assembling the PDF failed: {0}")]
    Assembly(String),
    #[error("no meeting {0}")]
    NoSuchMeeting(String),
    #[error(transparent)]
    Store(#[from] moot_store::StoreError),
    #[error(transparent)]
    Domain(#[from] moot_domain::DomainError),
}

impl From<jiff::Error> for RenderError {
    fn from(e: jiff::Error) -> Self {
        Self::Template(e.to_string())
    }
}

impl From<std::io::Error> for RenderError {
    fn from(e: std::io::Error) -> Self {
        Self::Assembly(e.to_string())
    }
}

impl From<lopdf::Error> for RenderError {
    fn from(e: lopdf::Error) -> Self {
        Self::Assembly(e.to_string())
    }
}
