use serde::{Deserialize, Serialize};

use crate::agenda::StandardItem;
use crate::text::{Slug, require_title};
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
        require_title("committee name", &self.name)?;
        if self.parent == Some(self.id) {
            return Err(DomainError::invalid("parent", "a committee cannot be its own parent"));
        }
        self.agenda_template
            .iter()
            .try_for_each(|t| require_title("template item title", &t.title))
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

impl crate::StandardItem {
    /// How an agenda words the item when the committee's template does not say otherwise.
    pub fn default_wording(self) -> (&'static str, &'static str) {
        use crate::StandardItem::*;
        match self {
            Apologies => (
                "Apologies for Absence",
                "To receive apologies from any member unable to attend.",
            ),
            PreviousMinutes => (
                "Minutes of the Previous Meeting",
                "To approve the minutes of the previous meeting as a correct record.",
            ),
            Declarations => (
                "Declarations of Interest",
                "To receive members' declarations of interest in any item on this agenda.",
            ),
            ExclusionOfPressAndPublic => (
                "Exclusion of the Press and Public",
                "To decide whether the press and public should be excluded during any item on this agenda.",
            ),
            PublicQuestions => (
                "Questions from Members of the Public and the Press",
                "To answer questions about items on this agenda from members of the public or press present.",
            ),
            Communications => ("Communications", "To receive any communications from the Chair."),
            UrgentBusiness => (
                "Urgent Business",
                "To consider any item the Chair considers urgent, with the reason for urgency.",
            ),
            NextMeeting => (
                "Date and Time of the Next Meeting",
                "To note the date and time of the next meeting.",
            ),
        }
    }
}

impl Committee {
    /// The standard items of the committee's agenda, in order, as (item, title, description):
    /// its own template, or every standard item in the usual order and wording.
    pub fn template_lines(&self) -> Vec<(crate::StandardItem, String, Option<String>)> {
        if self.agenda_template.is_empty() {
            crate::StandardItem::ALL
                .iter()
                .map(|s| {
                    let (title, description) = s.default_wording();
                    (*s, title.to_owned(), Some(description.to_owned()))
                })
                .collect()
        } else {
            self.agenda_template
                .iter()
                .map(|t| (t.standard, t.title.clone(), t.description.clone()))
                .collect()
        }
    }

    /// The standard items a new meeting's agenda starts with: the committee's template, or the
    /// usual order when it has none. The minutes item names the meeting whose minutes it approves.
    pub fn agenda_for(&self, meeting: &crate::Meeting, previous: Option<crate::MeetingId>) -> Vec<crate::AgendaItem> {
        self.template_lines()
            .into_iter()
            .enumerate()
            .filter_map(|(i, (standard, title, description))| {
                let number = crate::AgendaNumber::parse(&(i + 1).to_string()).ok()?;
                Some(crate::AgendaItem {
                    id: crate::AgendaItemId::new(),
                    council: self.council,
                    meeting: meeting.id,
                    committee: self.id,
                    number,
                    title,
                    description,
                    kind: crate::ItemKind::Standard(standard),
                    exemption: None,
                    urgency: None,
                    awaiting_release: false,
                    subject: None,
                    approves_minutes_of: match (standard, previous) {
                        (crate::StandardItem::PreviousMinutes, Some(p)) => vec![p],
                        _ => Vec::new(),
                    },
                    published_pages: None,
                    presenters: Vec::new(),
                    minute: None,
                })
            })
            .collect()
    }
}
