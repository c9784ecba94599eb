use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::{CommitteeId, CouncilId, DomainError, MemberId, MembershipId, ResolutionId};

/// A member's seat on a committee for a period, in a role. Seats change every municipal year,
/// so a membership is never edited into another year: a new one starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub id: MembershipId,
    pub council: CouncilId,
    pub committee: CommitteeId,
    pub member: MemberId,
    pub role: CommitteeRole,
    pub from: Date,
    /// The last day of the seat; open while it is held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Date>,
    /// The resolution that made the appointment (appointments to outside panels are minuted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appointed_by: Option<ResolutionId>,
    /// How the appointment was styled when it differs from the role ("Lead Representative").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub styled: Option<String>,
}

impl Membership {
    pub fn validate(&self) -> Result<(), DomainError> {
        crate::check_period("membership", Some(self.from), self.to)
    }

    pub fn holds_on(&self, day: Date) -> bool {
        self.from <= day && self.to.is_none_or(|to| day <= to)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommitteeRole {
    Chair,
    ViceChair,
    Member,
    CoOpted,
    Substitute,
}

impl CommitteeRole {
    pub fn label(self) -> &'static str {
        match self {
            Self::Chair => "Chair",
            Self::ViceChair => "Vice Chair",
            Self::Member => "Member",
            Self::CoOpted => "Co-opted member",
            Self::Substitute => "Substitute",
        }
    }
}
