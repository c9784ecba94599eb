//! Moot's domain: the records a council's committee system holds and the rules they follow.
//!
//! No I/O lives here. Values are checked on the way in (`parse` on the newtypes, `validate`
//! on the records), so that code further in can trust what it is handed. The rules that the
//! law sets (clear working days, minute-number series, a meeting's life, who may see exempt
//! information) are pure functions tested on their own.

pub mod access;
pub mod account;
pub mod actor;
pub mod agenda;
pub mod attendance;
pub mod calendar;
pub mod committee;
pub mod council;
pub mod deadline;
pub mod decision;
pub mod document;
mod error;
mod id;
pub mod markdown;
pub mod meeting;
pub mod membership;
pub mod minutes;
pub mod outcomes;
pub mod people;
pub mod programme;
pub mod publication;
#[cfg(test)]
mod testing;
pub mod text;
pub mod visibility;
pub mod wording;
pub mod workflow;

pub use error::DomainError;
pub use id::Id;

pub use access::{Account, AccountRole, Guarded, Viewer, may_see};
pub use account::UserAccount;
pub use actor::Actor;
pub use agenda::{AgendaItem, AgendaNumber, Amendment, ItemKind, Minute, Presenter, StandardItem};
pub use attendance::{Attendance, AttendanceStatus, Declaration, Exclusion, InterestKind};
pub use calendar::{HolidayRegion, WorkingCalendar};
pub use committee::{Committee, CommitteeKind, CommitteeStatus, TemplateItem};
pub use council::{Council, CouncilSettings, Wording};
pub use decision::{CallIn, Decision, DecisionMaker};
pub use document::{
    AppendixListing, BlobHash, CoverSheet, Document, DocumentKind, Edition, FileRef, Generated, ItemPages, PageRange,
    PriorConsideration, PublishedFile, Reasoned, ReportAuthor, Revision,
};
pub use meeting::{Meeting, MeetingStatus};
pub use membership::{CommitteeRole, Membership};
pub use minutes::{AnnualMeeting, MinuteNumber, MinuteSeries, MunicipalYear};
pub use outcomes::{Action, ActionStatus, RecordedVote, Resolution, ResolutionKind, Vote, VoteChoice, VoteOutcome};
pub use people::{Member, MemberKind, Officer, Venue};
pub use programme::{
    GroupReview, InterestCategory, RegisteredInterest, ReviewKind, Subject, WorkProgrammeEntry, WorkSection,
};
pub use publication::PublicationRequest;
pub use text::{Email, Slug};
pub use visibility::{Exemption, Schedule12aParagraph, Visibility};
pub use workflow::{Act, PaperAct};

pub type CouncilId = Id<Council>;
pub type CommitteeId = Id<Committee>;
pub type MemberId = Id<Member>;
pub type OfficerId = Id<Officer>;
pub type VenueId = Id<Venue>;
pub type MembershipId = Id<Membership>;
pub type AnnualMeetingId = Id<AnnualMeeting>;
pub type MinuteSeriesId = Id<MinuteSeries>;
pub type MeetingId = Id<Meeting>;
pub type AgendaItemId = Id<AgendaItem>;
pub type DocumentId = Id<Document>;
pub type ResolutionId = Id<Resolution>;
pub type ActionId = Id<Action>;
pub type AttendanceId = Id<Attendance>;
pub type DeclarationId = Id<Declaration>;
pub type ExclusionId = Id<Exclusion>;
pub type WorkProgrammeEntryId = Id<WorkProgrammeEntry>;
pub type SubjectId = Id<Subject>;
pub type InterestId = Id<RegisteredInterest>;
pub type DecisionId = Id<Decision>;
pub type AccountId = Id<UserAccount>;

/// Refuses a period that ends before it starts.
fn check_period(
    field: &'static str,
    from: Option<jiff::civil::Date>,
    to: Option<jiff::civil::Date>,
) -> Result<(), DomainError> {
    match (from, to) {
        (Some(f), Some(t)) if t < f => Err(DomainError::invalid(
            field,
            format!("ends ({t}) before it starts ({f})"),
        )),
        _ => Ok(()),
    }
}
