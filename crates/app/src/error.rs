//! One error type for the use cases, keeping what the person is told apart from the cause
//! that is logged: a clerk whose edit crossed a colleague's is told to reload, not which
//! record at which version; the operator's log gets the whole chain.

use std::error::Error as StdError;

use moot_domain::DomainError;
use moot_store::StoreError;

/// A cause kept for the log, with everything it was caused by.
pub type Cause = Box<dyn StdError + Send + Sync>;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Not there, or not there for this reader (which must look the same).
    #[error("not found")]
    NotFound,
    /// The person's role never allows it.
    #[error("the role does not allow this")]
    NotAllowed,
    /// Refused for a reason the person can act on; `message` is in their words, `cause`
    /// (when there is one) goes to the log only.
    #[error("{message}")]
    Refused { message: String, cause: Option<Cause> },
    /// Something that is not the person's doing; they are told only that it was logged.
    #[error("{context}")]
    Internal {
        context: &'static str,
        #[source]
        cause: Cause,
    },
}

/// What a clerk is told when a colleague saved the same record first.
pub const STALE: &str = "Someone else changed this while you had the page open, so your change was not saved. Reload the page to see theirs, then make yours again.";

/// What a clerk is told when the database's own rules refuse a write.
pub const CONFLICT: &str = "That was not saved because it clashes with something already recorded (the same name, number or address used twice, say). Reload the page, check, and try again.";

impl AppError {
    /// A refusal with nothing behind it but the rule that was broken.
    pub fn refused(message: impl Into<String>) -> Self {
        Self::Refused {
            message: message.into(),
            cause: None,
        }
    }

    /// A failure that is not the person's doing, logged with its cause.
    pub fn internal(context: &'static str, cause: impl Into<Cause>) -> Self {
        Self::Internal {
            context,
            cause: cause.into(),
        }
    }

    /// The cause and everything beneath it, one line, for the log.
    pub fn chain(&self) -> String {
        let mut out = self.to_string();
        let mut next: Option<&(dyn StdError + 'static)> = match self {
            Self::Refused { cause: Some(c), .. } => Some(c.as_ref()),
            _ => self.source(),
        };
        while let Some(e) = next {
            out.push_str(": ");
            out.push_str(&e.to_string());
            next = e.source();
        }
        out
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { .. } | StoreError::Deleted { .. } => Self::NotFound,
            StoreError::Invalid(domain) => domain.into(),
            StoreError::HostTaken { .. } => Self::refused(e.to_string()),
            StoreError::Stale { .. } => Self::Refused {
                message: STALE.to_owned(),
                cause: Some(e.into()),
            },
            StoreError::Conflict { .. } => Self::Refused {
                message: CONFLICT.to_owned(),
                cause: Some(e.into()),
            },
            other => Self::internal("the store failed", other),
        }
    }
}

impl From<DomainError> for AppError {
    fn from(e: DomainError) -> Self {
        match e {
            DomainError::NotAllowed => Self::NotAllowed,
            other => Self::refused(other.to_string()),
        }
    }
}

impl From<moot_search::SearchError> for AppError {
    fn from(e: moot_search::SearchError) -> Self {
        Self::internal("the search index failed", e)
    }
}

impl From<moot_render_pdf::RenderError> for AppError {
    fn from(e: moot_render_pdf::RenderError) -> Self {
        Self::internal("making a PDF failed", e)
    }
}

impl From<tokio::task::JoinError> for AppError {
    fn from(e: tokio::task::JoinError) -> Self {
        Self::internal("a background task failed", e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stale_write_is_told_without_ids_or_versions_and_logged_with_them() {
        let id = uuid::Uuid::now_v7();
        let e = AppError::from(StoreError::Stale {
            kind: moot_store::Kind::Meeting,
            id,
            expected: 3,
            found: 4,
        });
        assert_eq!(e.to_string(), STALE);
        let logged = e.chain();
        assert!(
            logged.starts_with(STALE) && logged.contains(&id.to_string()) && logged.contains("expected version 3"),
            "{logged}"
        );
    }

    #[test]
    fn a_database_rule_is_told_without_its_name() {
        let e = AppError::from(StoreError::Conflict {
            constraint: "UNIQUE constraint failed: meetings.id".into(),
        });
        assert_eq!(e.to_string(), CONFLICT);
        assert!(e.chain().contains("UNIQUE constraint failed"));
    }
}
