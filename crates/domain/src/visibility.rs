//! Who may read a document or a minute's text is one of three states, never a boolean:
//! a new thing is a draft until someone decides, and exempt information keeps its reason.

use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::DomainError;
use crate::text::require;

/// One of the seven paragraphs of Part 1 of Schedule 12A to the Local Government Act 1972.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Schedule12aParagraph(u8);

impl Schedule12aParagraph {
    pub fn parse(n: u8) -> Result<Self, DomainError> {
        if (1..=7).contains(&n) {
            Ok(Self(n))
        } else {
            Err(DomainError::invalid(
                "Schedule 12A paragraph",
                format!("{n} is not a paragraph of Part 1 (1–7)"),
            ))
        }
    }

    pub fn number(self) -> u8 {
        self.0
    }

    /// A plain-English summary of the category, shown beside the paragraph number.
    pub fn summary(self) -> &'static str {
        match self.0 {
            1 => "information about a particular person",
            2 => "information likely to reveal who a person is",
            3 => "the financial or business affairs of a particular person, the council included",
            4 => "consultations or negotiations on labour relations",
            5 => "information covered by legal professional privilege",
            6 => "a proposed notice, order or direction under an enactment",
            7 => "action to prevent, investigate or prosecute crime",
            _ => "unknown paragraph",
        }
    }
}

impl TryFrom<u8> for Schedule12aParagraph {
    type Error = DomainError;
    fn try_from(n: u8) -> Result<Self, Self::Error> {
        Self::parse(n)
    }
}
impl From<Schedule12aParagraph> for u8 {
    fn from(p: Schedule12aParagraph) -> Self {
        p.0
    }
}
impl fmt::Display for Schedule12aParagraph {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "paragraph {} of Part 1 of Schedule 12A", self.0)
    }
}

/// Why something is withheld from the public. The paragraph and reason are themselves public.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exemption {
    pub paragraph: Schedule12aParagraph,
    pub reason: String,
    /// Where the paragraph needs one, why the public interest favours withholding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_interest: Option<String>,
    /// When the council should ask again whether the information can be released.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_date: Option<Date>,
}

impl Exemption {
    pub fn validate(&self) -> Result<(), DomainError> {
        require("exemption reason", &self.reason)
    }
}

/// The state of a document or of a minute's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Visibility {
    /// Not yet released: the default for anything new.
    #[default]
    Draft,
    Public,
    Exempt(Exemption),
}

impl Visibility {
    pub fn is_public(&self) -> bool {
        matches!(self, Self::Public)
    }

    pub fn exemption(&self) -> Option<&Exemption> {
        match self {
            Self::Exempt(e) => Some(e),
            _ => None,
        }
    }

    /// The single-word state stored in an indexed column, so that listings can filter on it.
    pub fn state(&self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Public => "public",
            Self::Exempt(_) => "exempt",
        }
    }

    pub fn validate(&self) -> Result<(), DomainError> {
        self.exemption().map_or(Ok(()), Exemption::validate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_one_to_seven() {
        assert!(Schedule12aParagraph::parse(0).is_err());
        assert!(Schedule12aParagraph::parse(8).is_err());
        assert_eq!(
            Schedule12aParagraph::parse(1).map(|p| p.to_string()),
            Ok("paragraph 1 of Part 1 of Schedule 12A".to_owned())
        );
    }

    #[test]
    fn new_things_are_drafts() {
        assert_eq!(Visibility::default(), Visibility::Draft);
    }

    #[test]
    fn an_out_of_range_paragraph_in_stored_json_is_refused() {
        let json = r#"{"state":"exempt","paragraph":9,"reason":"x"}"#;
        assert!(serde_json::from_str::<Visibility>(json).is_err());
        let json = r#"{"state":"exempt","paragraph":1,"reason":"names a family"}"#;
        assert!(matches!(
            serde_json::from_str::<Visibility>(json),
            Ok(Visibility::Exempt(_))
        ));
    }

    #[test]
    fn an_exemption_needs_a_reason() {
        let e = Exemption {
            paragraph: Schedule12aParagraph(1),
            reason: " ".into(),
            public_interest: None,
            review_date: None,
        };
        assert!(Visibility::Exempt(e).validate().is_err());
    }
}
