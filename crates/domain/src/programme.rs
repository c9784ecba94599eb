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
    /// Where it came from, in words, as the seeds print it ("Resolved at January 2021
    /// meeting", "Referral from OSMB"): the resolution may be another body's, or older than
    /// Moot's records, so `origin` cannot always say it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin_text: Option<String>,
    /// For a sub or project group's row: how it reviews, who leads it and who sits on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<GroupReview>,
}

impl WorkProgrammeEntry {
    pub fn validate(&self) -> Result<(), DomainError> {
        require_title("work programme item", &self.title)?;
        if let Some(status) = &self.status {
            require("work programme status", status)?;
        }
        if let Some(origin) = &self.origin_text {
            require_title("work programme origin", origin)?;
        }
        if let Some(review) = &self.review {
            if !matches!(self.section, WorkSection::Group { .. }) {
                return Err(DomainError::invalid(
                    "work programme row",
                    "only a sub or project group has a lead member, members or a kind of review",
                ));
            }
            review.validate()?;
        }
        Ok(())
    }

    /// The purpose, outcomes or details column as the work programme prints it (Markdown):
    /// the origin first, then the group's review, lead and members, then the details.
    pub fn printed_details(&self) -> String {
        let mut parts = Vec::new();
        if let Some(origin) = &self.origin_text {
            parts.push(format!("{}.", origin.trim_end_matches('.')));
        }
        if let Some(review) = &self.review {
            parts.push(review.line());
        }
        if !self.details.is_empty() {
            parts.push(self.details.clone());
        }
        parts.join("\n\n")
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

/// How a sub or project group works and who is on it. Members are named as the council
/// writes them ("Councillor Cusworth"), since a group may co-opt people who are not members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupReview {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ReviewKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
}

impl GroupReview {
    pub fn validate(&self) -> Result<(), DomainError> {
        if let Some(lead) = &self.lead {
            require_title("lead member", lead)?;
        }
        for m in &self.members {
            require_title("group member", m)?;
        }
        Ok(())
    }

    /// "Spotlight review. Lead member: Councillor Cusworth. Members: Councillor Atkin, Councillor Elliott."
    pub fn line(&self) -> String {
        let mut line = Vec::new();
        if let Some(kind) = self.kind {
            line.push(format!("{}.", kind.label()));
        }
        if let Some(lead) = &self.lead {
            line.push(format!("Lead member: {lead}."));
        }
        if !self.members.is_empty() {
            line.push(format!("Members: {}.", self.members.join(", ")));
        }
        line.join(" ")
    }
}

/// The kinds of review a scrutiny committee's groups undertake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewKind {
    /// A group set up for one review, ending with its report.
    TaskAndFinish,
    /// A one-off session on one question ("one off spotlight review to provide assurance").
    SpotlightReview,
    ProjectGroup,
    SubGroup,
}

impl ReviewKind {
    pub const ALL: [Self; 4] = [
        Self::TaskAndFinish,
        Self::SpotlightReview,
        Self::ProjectGroup,
        Self::SubGroup,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::TaskAndFinish => "task_and_finish",
            Self::SpotlightReview => "spotlight_review",
            Self::ProjectGroup => "project_group",
            Self::SubGroup => "sub_group",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::TaskAndFinish => "Task and finish group",
            Self::SpotlightReview => "Spotlight review",
            Self::ProjectGroup => "Project group",
            Self::SubGroup => "Sub-group",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
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
