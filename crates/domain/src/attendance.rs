//! Who was at a meeting, what they declared, and when the public had to leave.

use serde::{Deserialize, Serialize};

use crate::agenda::AgendaNumber;
use crate::text::require;
use crate::visibility::Schedule12aParagraph;
use crate::{
    AgendaItemId, AttendanceId, CouncilId, DeclarationId, DomainError, ExclusionId, InterestId, MeetingId, MemberId,
};

/// One member's attendance at one meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendance {
    pub id: AttendanceId,
    pub council: CouncilId,
    pub meeting: MeetingId,
    pub member: MemberId,
    pub status: AttendanceStatus,
    #[serde(default)]
    pub in_chair: bool,
    #[serde(default)]
    pub remote: bool,
    /// Attending as substitute for this member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub substitute_for: Option<MemberId>,
    /// "Left during item 9": agenda numbers, as the minutes say them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_during: Option<AgendaNumber>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrived_during: Option<AgendaNumber>,
}

impl Attendance {
    pub fn validate(&self) -> Result<(), DomainError> {
        if self.substitute_for == Some(self.member) {
            return Err(DomainError::invalid(
                "substitute for",
                "a member cannot substitute for themselves",
            ));
        }
        if self.in_chair && self.status != AttendanceStatus::Present {
            return Err(DomainError::invalid(
                "in chair",
                "only someone present can be in the chair",
            ));
        }
        if self.status != AttendanceStatus::Present && (self.left_during.is_some() || self.arrived_during.is_some()) {
            return Err(DomainError::invalid(
                "left or arrived during",
                "only someone present can arrive or leave during an item",
            ));
        }
        if let (Some(arrived), Some(left)) = (self.arrived_during, self.left_during)
            && left < arrived
        {
            return Err(DomainError::invalid(
                "left during",
                format!("they cannot leave during item {left} having arrived during item {arrived}"),
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttendanceStatus {
    Present,
    Apologies,
    Absent,
}

/// "Councillor Jarvis declared a non-pecuniary interest in agenda item 9 … as she was a board member of RISE."
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Declaration {
    pub id: DeclarationId,
    pub council: CouncilId,
    pub meeting: MeetingId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<AgendaItemId>,
    pub member: MemberId,
    pub kind: InterestKind,
    pub text: String,
    #[serde(default)]
    pub left_room: bool,
    #[serde(default)]
    pub did_not_vote: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub register_entry: Option<InterestId>,
    /// The register entry concerned in the member's or clerk's words, for an interest not
    /// (yet) held as a record of the register.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub register_note: Option<String>,
    /// A dispensation that let the member take part despite the interest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dispensation: Option<String>,
}

impl Declaration {
    pub fn validate(&self) -> Result<(), DomainError> {
        require("declaration", &self.text)?;
        if let Some(d) = &self.dispensation {
            require("dispensation", d)?;
        }
        self.register_note
            .as_deref()
            .map_or(Ok(()), |n| require("register entry", n))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InterestKind {
    DisclosablePecuniary,
    OtherRegistrable,
    NonPecuniary,
    Other,
}

impl InterestKind {
    /// "Disclosable pecuniary interest", as the register and the minutes name it.
    pub fn label(self) -> &'static str {
        match self {
            Self::DisclosablePecuniary => "Disclosable pecuniary interest",
            Self::OtherRegistrable => "Other registrable interest",
            Self::NonPecuniary => "Non-pecuniary interest",
            Self::Other => "Interest",
        }
    }
}

/// A resolution under s100A(4) LGA 1972 to exclude the press and public for an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exclusion {
    pub id: ExclusionId,
    pub council: CouncilId,
    pub meeting: MeetingId,
    /// The item taken in private.
    pub item: AgendaItemId,
    /// The part of the item the public left for ("the presentation on the Pause Project",
    /// an appendix), when they stayed for the rest of it; none for the whole item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    pub paragraph: Schedule12aParagraph,
    /// The item under which the resolution was passed (usually "Exclusion of the Press and Public").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_under: Option<AgendaItemId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl Exclusion {
    pub fn validate(&self) -> Result<(), DomainError> {
        if let Some(part) = &self.part {
            require("part of the item", part)?;
        }
        self.text.as_deref().map_or(Ok(()), |t| require("exclusion text", t))
    }
}
