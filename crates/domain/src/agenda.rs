//! Agenda items, and the minute each one gets once the meeting has dealt with it.

use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::minutes::MinuteNumber;
use crate::text::{require, require_title};
use crate::visibility::{Exemption, Visibility};
use crate::{
    AgendaItemId, CommitteeId, CouncilId, DomainError, MeetingId, MemberId, MinuteSeriesId, OfficerId, SubjectId,
};

/// An item's number on the agenda: "7", or "7a" for a sub-item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AgendaNumber {
    number: u16,
    sub: Option<char>,
}

impl AgendaNumber {
    /// Accepts "7", "7a" and "7(a)"; stores "7a".
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let bad = || DomainError::invalid("agenda number", format!("{s:?} is not an item number such as 7 or 7a"));
        let s = s.trim();
        let digits_end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let number: u16 = s[..digits_end].parse().map_err(|_| bad())?;
        let rest = s[digits_end..].trim_start_matches('(').trim_end_matches(')');
        let sub = match rest.chars().collect::<Vec<_>>()[..] {
            [] => None,
            [c] if c.is_ascii_lowercase() => Some(c),
            _ => return Err(bad()),
        };
        if number == 0 {
            return Err(bad());
        }
        Ok(Self { number, sub })
    }

    pub fn main(self) -> u16 {
        self.number
    }
}

impl Ord for AgendaNumber {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.number, self.sub).cmp(&(other.number, other.sub))
    }
}
impl PartialOrd for AgendaNumber {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl fmt::Display for AgendaNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.number)?;
        self.sub.map_or(Ok(()), |c| write!(f, "{c}"))
    }
}
impl TryFrom<String> for AgendaNumber {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}
impl From<AgendaNumber> for String {
    fn from(n: AgendaNumber) -> Self {
        n.to_string()
    }
}

/// The items every agenda of a kind opens and closes with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StandardItem {
    Apologies,
    PreviousMinutes,
    Declarations,
    ExclusionOfPressAndPublic,
    PublicQuestions,
    Communications,
    UrgentBusiness,
    NextMeeting,
}

impl StandardItem {
    pub const ALL: [Self; 8] = [
        Self::Apologies,
        Self::PreviousMinutes,
        Self::Declarations,
        Self::ExclusionOfPressAndPublic,
        Self::PublicQuestions,
        Self::Communications,
        Self::UrgentBusiness,
        Self::NextMeeting,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Apologies => "apologies",
            Self::PreviousMinutes => "previous_minutes",
            Self::Declarations => "declarations",
            Self::ExclusionOfPressAndPublic => "exclusion_of_press_and_public",
            Self::PublicQuestions => "public_questions",
            Self::Communications => "communications",
            Self::UrgentBusiness => "urgent_business",
            Self::NextMeeting => "next_meeting",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "standard", rename_all = "snake_case")]
pub enum ItemKind {
    Standard(StandardItem),
    Business,
}

impl ItemKind {
    /// Reads the one-word form used in files people write: "business", or a standard item's code.
    pub fn parse(code: &str) -> Result<Self, DomainError> {
        if code == "business" {
            return Ok(Self::Business);
        }
        StandardItem::ALL
            .into_iter()
            .find(|s| s.code() == code)
            .map(Self::Standard)
            .ok_or_else(|| {
                let known: Vec<&str> = StandardItem::ALL.iter().map(|s| s.code()).collect();
                DomainError::invalid(
                    "item kind",
                    format!("{code:?} is not \"business\" or one of {}", known.join(", ")),
                )
            })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaItem {
    pub id: AgendaItemId,
    pub council: CouncilId,
    pub meeting: MeetingId,
    /// Repeated from the meeting so that the database can hold minute numbers unique per series.
    pub committee: CommitteeId,
    pub number: AgendaNumber,
    pub title: String,
    /// "To consider and approve…".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub kind: ItemKind,
    /// Set when the item is taken in private; its title and this reason stay public.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exemption: Option<Exemption>,
    /// A late item on a supplementary agenda, with the chair's reason for urgency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgency: Option<String>,
    /// A late item not yet released: until a second clerk approves the supplementary agenda
    /// it belongs to, only the clerks see it, so no one person adds to a published agenda.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub awaiting_release: bool,
    /// The matter this item continues, which ties it to other meetings over the years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<SubjectId>,
    /// Standard item 2 names the meetings whose minutes it approves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub approves_minutes_of: Vec<MeetingId>,
    /// The pages printed against the item in a pack Moot did not make (seed packs);
    /// Moot's own packs compute the range from where the documents land.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_pages: Option<crate::document::PageRange>,
    /// People attending for this item ("the Cabinet Member … attended to present the report").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub presenters: Vec<Presenter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minute: Option<Minute>,
}

impl AgendaItem {
    pub fn validate(&self) -> Result<(), DomainError> {
        require_title("item title", &self.title)?;
        if let Some(d) = &self.description {
            crate::text::at_most("item description", d, crate::text::MAX_TEXT)?;
        }
        if let Some(e) = &self.exemption {
            e.validate()?;
        }
        if let Some(m) = &self.minute {
            m.validate()?;
        }
        self.presenters.iter().try_for_each(Presenter::validate)
    }

    /// How the public refers to the item: its minute number once minuted, its agenda number before.
    pub fn reference(&self) -> String {
        self.minute
            .as_ref()
            .map_or_else(|| self.number.to_string(), |m| m.number.to_string())
    }
}

/// Someone attending who is not a member of the committee: an officer presenting a report,
/// a Cabinet Member, another committee's chair. The minutes name them with their role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Presenter {
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<MemberId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub officer: Option<OfficerId>,
}

impl Presenter {
    pub fn validate(&self) -> Result<(), DomainError> {
        if self.member.is_some() && self.officer.is_some() {
            return Err(DomainError::invalid(
                "in attendance",
                "someone attends as a councillor or as an officer, not both",
            ));
        }
        require("role", &self.role)
    }
}

/// What the minutes record of an item. Its resolutions are records of their own, because
/// actions and votes hang from them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Minute {
    pub series: MinuteSeriesId,
    pub number: MinuteNumber,
    /// Usually the item's title, in capitals in the printed minutes.
    pub heading: String,
    /// The narrative, in Markdown (paragraphs and bullet lists).
    #[serde(default)]
    pub text: String,
    /// Draft until the minutes are published; exempt when the item was taken in private.
    #[serde(default)]
    pub text_visibility: Visibility,
    /// Corrections made after the minutes were approved, each with its reason, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub amendments: Vec<Amendment>,
}

/// A correction to approved minutes: approved minutes are never silently edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Amendment {
    pub at: jiff::Timestamp,
    pub by: crate::Actor,
    pub reason: String,
    /// The text as it stood before this correction.
    pub previous_text: String,
}

impl Minute {
    pub fn validate(&self) -> Result<(), DomainError> {
        require_title("minute heading", &self.heading)?;
        self.text_visibility.validate()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_kinds_read_from_one_word() {
        assert_eq!(ItemKind::parse("business"), Ok(ItemKind::Business));
        for s in StandardItem::ALL {
            assert_eq!(ItemKind::parse(s.code()), Ok(ItemKind::Standard(s)));
            let serde_name = serde_json::to_value(s).ok().and_then(|v| v.as_str().map(str::to_owned));
            assert_eq!(serde_name.as_deref(), Some(s.code()), "code and serde name agree");
        }
        assert!(ItemKind::parse("apology").is_err());
    }

    #[test]
    fn agenda_numbers() {
        assert_eq!(AgendaNumber::parse("7a").map(|n| n.to_string()), Ok("7a".to_owned()));
        assert_eq!(AgendaNumber::parse("7(a)").map(|n| n.to_string()), Ok("7a".to_owned()));
        assert_eq!(AgendaNumber::parse("11").map(|n| n.to_string()), Ok("11".to_owned()));
        for bad in ["", "0", "a", "7ab", "7A", "-1", "99999"] {
            assert!(AgendaNumber::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn agenda_numbers_sort_as_clerks_expect() {
        let mut v: Vec<_> = ["10", "7b", "2", "7", "7a"]
            .iter()
            .filter_map(|s| AgendaNumber::parse(s).ok())
            .collect();
        v.sort();
        let shown: Vec<String> = v.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["2", "7", "7a", "7b", "10"]);
    }
}
