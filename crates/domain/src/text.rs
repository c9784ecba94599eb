//! Small validated text types that appear in URLs, e-mails and file names.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::DomainError;

/// The readable part of a public URL (`improving-lives-select-commission`). URLs are an
/// interface that outlives Moot, so the alphabet is kept to what never needs escaping.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

impl Slug {
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let ok = !s.is_empty()
            && s.len() <= 120
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--");
        if ok {
            Ok(Self(s.to_owned()))
        } else {
            Err(DomainError::invalid(
                "slug",
                format!("{s:?} must be 1–120 lower-case letters, digits and single hyphens"),
            ))
        }
    }

    /// Makes a slug from a title: "Improving Lives Select Commission" → "improving-lives-select-commission".
    pub fn from_title(title: &str) -> Result<Self, DomainError> {
        let mut out = String::new();
        for c in title.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
        }
        let trimmed = out.trim_end_matches('-');
        let cut = trimmed.get(..120).unwrap_or(trimmed).trim_end_matches('-');
        Self::parse(cut)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Slug {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}
impl From<Slug> for String {
    fn from(s: Slug) -> Self {
        s.0
    }
}
impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An e-mail address as printed on a report cover sheet. Only the shape is checked: whether
/// it reaches anyone is the council's business.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let s = s.trim();
        match s.split_once('@') {
            Some((local, domain))
                if !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !s.contains(char::is_whitespace)
                    && !domain.contains('@') =>
            {
                Ok(Self(s.to_owned()))
            }
            _ => Err(DomainError::invalid("email", format!("{s:?} is not an e-mail address"))),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}
impl From<Email> for String {
    fn from(e: Email) -> Self {
        e.0
    }
}

/// Refuses empty or blank required text, naming the field.
pub fn require(field: &'static str, value: &str) -> Result<(), DomainError> {
    if value.trim().is_empty() {
        return Err(DomainError::invalid(field, "must not be empty"));
    }
    at_most(field, value, MAX_TEXT)
}

/// The longest title or name (of a paper, an item, a committee, a person): longer is a
/// paste gone wrong, and would fill every page and pack that prints it.
pub const MAX_TITLE: usize = 500;

/// The longest free text kept in one field (a resolution, a reason, a description).
pub const MAX_TEXT: usize = 20_000;

/// A title or name: present, on one line, and at most [`MAX_TITLE`] characters.
pub fn require_title(field: &'static str, value: &str) -> Result<(), DomainError> {
    if value.trim().is_empty() {
        return Err(DomainError::invalid(field, "must not be empty"));
    }
    if value.contains(['\n', '\r']) {
        return Err(DomainError::invalid(field, "must be on one line"));
    }
    at_most(field, value, MAX_TITLE)
}

/// A web address people follow from a page or a printed pack: `http` or `https`, with a
/// host, on one line. Anything else (`javascript:`, a bare name) would be a broken or
/// dangerous link on every page that prints it.
pub fn web_address(field: &'static str, value: &str) -> Result<(), DomainError> {
    let host = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
        .map(|rest| rest.split(['/', '?', '#']).next().unwrap_or_default());
    match host {
        Some(host) if host.contains('.') && !value.contains(char::is_whitespace) => at_most(field, value, 2000),
        _ => Err(DomainError::invalid(
            field,
            format!("{value:?} is not a web address like https://example.gov.uk/webcast"),
        )),
    }
}

/// Refuses `value` when it is longer than `limit` characters.
pub fn at_most(field: &'static str, value: &str, limit: usize) -> Result<(), DomainError> {
    let length = value.chars().count();
    if length > limit {
        return Err(DomainError::invalid(
            field,
            format!("{length} characters is too long (at most {limit})"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(
            Slug::from_title("Improving Lives Select Commission").map(|s| s.0),
            Ok("improving-lives-select-commission".to_owned())
        );
        assert_eq!(
            Slug::from_title("Cabinet & Commissioners' Decision-Making").map(|s| s.0),
            Ok("cabinet-commissioners-decision-making".to_owned())
        );
        assert!(Slug::parse("Bad Slug").is_err());
        assert!(Slug::parse("").is_err());
        assert!(Slug::parse("a--b").is_err());
        assert!(Slug::from_title("   ").is_err());
    }

    #[test]
    fn web_addresses() {
        assert_eq!(
            web_address("webcast", "https://rotherham.public-i.tv/core/portal/home"),
            Ok(())
        );
        assert_eq!(web_address("webcast", "http://example.gov.uk"), Ok(()));
        for bad in [
            "javascript:alert(1)",
            "rotherham.public-i.tv",
            "https://",
            "https://host/a b",
            "https://localhost/",
        ] {
            assert!(web_address("webcast", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn emails() {
        assert!(Email::parse("Jenny.lingrell@rotherham.gov.uk").is_ok());
        assert!(Email::parse("no-at-sign").is_err());
        assert!(Email::parse("a@b").is_err());
        assert!(Email::parse("a b@c.uk").is_err());
    }
}
