//! A committee's work programme, the subjects it follows over the years, and members' registers.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::text::{Slug, require, require_title};
use crate::{
    AnnualMeetingId, CommitteeId, CouncilId, DomainError, InterestId, MeetingId, MemberId, ResolutionId, SubjectId,
    WorkProgrammeEntryId,
};

/// A row of the work programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkProgrammeEntry {
    pub id: WorkProgrammeEntryId,
    pub council: CouncilId,
    pub committee: CommitteeId,
    /// The municipal year the programme is for.
    pub year: AnnualMeetingId,
    pub section: WorkSection,
    pub position: u32,
    pub title: String,
    /// Purpose and outcomes, or details; Markdown.
    #[serde(default)]
    pub details: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommendations: Option<String>,
    /// "To be scheduled", "Focus to be discussed before scheduling".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<Date>,
    /// The resolution that put it on the programme ("Resolved in March 2020 to bring a further report").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<ResolutionId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<SubjectId>,
}

impl WorkProgrammeEntry {
    pub fn validate(&self) -> Result<(), DomainError> {
        require_title("work programme item", &self.title)?;
        if let Some(status) = &self.status {
            require("work programme status", status)?;
        }
        Ok(())
    }

    /// Scheduled rows by meeting date, then every row in the order the clerk gave it.
    pub fn order(&self) -> (Option<Date>, u32) {
        match self.section {
            WorkSection::Scheduled { date, .. } => (Some(date), self.position),
            _ => (None, self.position),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "section", rename_all = "snake_case")]
pub enum WorkSection {
    /// Planned for the meeting on `date`.
    Scheduled {
        date: Date,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        meeting: Option<MeetingId>,
    },
    /// Items pending scheduling or removal.
    Pending,
    /// Sub and project group work.
    Group {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        group: Option<CommitteeId>,
    },
}

/// One matter discussed at several meetings over years (the Pause Practice: 2017, 2019, 2020, 2021).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    pub id: SubjectId,
    pub council: CouncilId,
    pub slug: Slug,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl Subject {
    pub fn validate(&self) -> Result<(), DomainError> {
        require_title("subject title", &self.title)
    }
}

/// An entry in a member's register of interests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisteredInterest {
    pub id: InterestId,
    pub council: CouncilId,
    pub member: MemberId,
    pub category: InterestCategory,
    pub description: String,
    pub from: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Date>,
}

impl RegisteredInterest {
    pub fn validate(&self) -> Result<(), DomainError> {
        require("interest", &self.description)?;
        crate::check_period("interest", Some(self.from), self.to)
    }
}

/// The disclosable pecuniary interest categories of the Relevant Authorities (Disclosable
/// Pecuniary Interests) Regulations 2012, and the council's own further category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InterestCategory {
    Employment,
    Sponsorship,
    Contracts,
    Land,
    Licences,
    CorporateTenancies,
    Securities,
    OtherRegistrable,
}
