use crate::meeting::MeetingStatus;

/// Everything the domain refuses, worded for the clerk or the operator who will read it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    /// A value that does not fit its type, caught at the edge.
    #[error("{field}: {message}")]
    Invalid { field: &'static str, message: String },

    /// A meeting asked to move to a status it cannot reach from where it is.
    #[error("a meeting cannot go from {from} to {to}: {why}")]
    IllegalTransition {
        from: MeetingStatus,
        to: MeetingStatus,
        why: &'static str,
    },

    /// A date outside the years the bank-holiday calendar covers; refusing is safer than
    /// counting a holiday as a working day.
    #[error("the {region} bank-holiday calendar does not cover {year} (it covers {first}–{last})")]
    CalendarOutOfRange {
        region: &'static str,
        year: i16,
        first: i16,
        last: i16,
    },

    /// An act the meeting's status (or a request waiting for approval) does not allow now,
    /// with the reason in the clerk's words (`workflow`).
    #[error("{0}")]
    NotNow(String),

    /// An act the person's role never allows (`workflow::Act::roles`).
    #[error("your account's role does not allow this")]
    NotAllowed,

    /// Minute numbers cannot be given before the series they belong to is known.
    #[error("no annual meeting is recorded on or before {0}, so its minutes have no series")]
    NoMinuteSeries(jiff::civil::Date),
}

impl DomainError {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid {
            field,
            message: message.into(),
        }
    }
}
