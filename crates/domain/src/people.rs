use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::text::{Email, Slug, require_title};
use crate::{BlobHash, CouncilId, DomainError, MemberId, OfficerId, VenueId};

/// A councillor, co-opted member or other person who sits on committees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub id: MemberId,
    pub council: CouncilId,
    pub slug: Slug,
    /// "Councillor", "Mrs", as printed before the name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_names: Option<String>,
    pub family_name: String,
    pub kind: MemberKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ward: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<BlobHash>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<Email>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term_from: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term_to: Option<Date>,
}

impl Member {
    pub fn validate(&self) -> Result<(), DomainError> {
        require_title("family name", &self.family_name)?;
        crate::check_period("term", self.term_from, self.term_to)
    }

    /// The name as papers print it: "Councillor Victoria Cusworth".
    pub fn display_name(&self) -> String {
        [
            self.title.as_deref(),
            self.given_names.as_deref(),
            Some(self.family_name.as_str()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberKind {
    Councillor,
    CoOpted,
    Other,
}

/// A council officer: contact officers, report authors, directors, the chief executive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Officer {
    pub id: OfficerId,
    pub council: CouncilId,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<Email>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

impl Officer {
    pub fn validate(&self) -> Result<(), DomainError> {
        require_title("officer name", &self.name)
    }
}

/// Where meetings happen; an online venue ("Microsoft Teams meeting") has no address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Venue {
    pub id: VenueId,
    pub council: CouncilId,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    #[serde(default)]
    pub online: bool,
}

impl Venue {
    /// The venue on one line as agendas print it: "Town Hall, Moorgate Street, Rotherham, S60 2TH".
    pub fn one_line(&self) -> String {
        [
            Some(self.name.as_str()),
            self.address.as_deref(),
            self.postcode.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ")
    }

    pub fn validate(&self) -> Result<(), DomainError> {
        require_title("venue name", &self.name)
    }
}
