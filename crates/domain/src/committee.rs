use serde::{Deserialize, Serialize};

use crate::agenda::StandardItem;
use crate::text::{Slug, require};
use crate::{CommitteeId, CouncilId, DomainError, OfficerId, VenueId};

/// A body that meets: full council, cabinet, a scrutiny board, a panel, a project group…
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Committee {
    pub id: CommitteeId,
    pub council: CouncilId,
    pub slug: Slug,
    pub name: String,
    /// The abbreviation used in papers ("ILSC", "OSMB").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_name: Option<String>,
    pub kind: CommitteeKind,
    /// A sub-group or project group belongs to the body that set it up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<CommitteeId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_officer: Option<OfficerId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_venue: Option<VenueId>,
    #[serde(default)]
    pub webcast: bool,
    pub status: CommitteeStatus,
    /// The standard items a new agenda opens and closes with, in order.
    #[serde(default)]
    pub agenda_template: Vec<TemplateItem>,
}

impl Committee {
    pub fn validate(&self) -> Result<(), DomainError> {
        require("committee name", &self.name)?;
        if self.parent == Some(self.id) {
            return Err(DomainError::invalid("parent", "a committee cannot be its own parent"));
        }
        self.agenda_template
            .iter()
            .try_for_each(|t| require("template item title", &t.title))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommitteeKind {
    FullCouncil,
    Executive,
    OverviewAndScrutiny,
    SelectCommission,
    Regulatory,
    Panel,
    SubGroup,
    ProjectGroup,
    Outside,
    Other,
}

impl CommitteeKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::FullCouncil => "full_council",
            Self::Executive => "executive",
            Self::OverviewAndScrutiny => "overview_and_scrutiny",
            Self::SelectCommission => "select_commission",
            Self::Regulatory => "regulatory",
            Self::Panel => "panel",
            Self::SubGroup => "sub_group",
            Self::ProjectGroup => "project_group",
            Self::Outside => "outside",
            Self::Other => "other",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommitteeStatus {
    Active,
    /// Kept, with its papers, after the body stops meeting.
    Dissolved,
}

/// One line of a committee's agenda template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateItem {
    pub standard: StandardItem,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}
