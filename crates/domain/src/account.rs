//! Sign-in accounts: who works in Moot, in which role. The account is a record (its creation
//! and changes are in the change log like any other); its password is not, and lives apart
//! in the store so that no dump, log entry or page can carry it.

use serde::{Deserialize, Serialize};

use crate::access::{Account, AccountRole};
use crate::text::{Email, require_title};
use crate::{AccountId, CouncilId, DomainError, MemberId, OfficerId};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserAccount {
    pub id: AccountId,
    pub council: CouncilId,
    /// What the person signs in with; one account per address in a council.
    pub email: Email,
    pub name: String,
    pub role: AccountRole,
    /// A councillor's own member record: what the visibility rule checks seats against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<MemberId>,
    /// A report author's (or clerk's) officer record: authors see their own drafts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub officer: Option<OfficerId>,
    /// A disabled account cannot sign in; it is kept so the audit trail still names it.
    #[serde(default)]
    pub disabled: bool,
}

impl UserAccount {
    pub fn validate(&self) -> Result<(), DomainError> {
        require_title("account name", &self.name)?;
        if self.role == AccountRole::Member && self.member.is_none() {
            return Err(DomainError::invalid(
                "member",
                "a councillor's account must be tied to their member record",
            ));
        }
        // Authors see and edit their own papers, which name their officer record.
        if self.role == AccountRole::ReportAuthor && self.officer.is_none() {
            return Err(DomainError::invalid(
                "officer",
                "a report author's account must be tied to their officer record, so that they can work on their own papers",
            ));
        }
        Ok(())
    }

    /// The account as the visibility rule sees it.
    pub fn as_viewer(&self) -> Account {
        Account {
            council: self.council,
            role: self.role,
            member: self.member,
            officer: self.officer,
        }
    }
}

impl AccountRole {
    pub fn code(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Clerk => "clerk",
            Self::ReportAuthor => "report_author",
            Self::Member => "member",
        }
    }

    /// Reads `admin`, `clerk`, `report_author` (or `officer`) and `member` (or `councillor`).
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        match s {
            "admin" => Ok(Self::Admin),
            "clerk" => Ok(Self::Clerk),
            "report_author" | "officer" => Ok(Self::ReportAuthor),
            "member" | "councillor" => Ok(Self::Member),
            _ => Err(DomainError::invalid(
                "role",
                format!("{s:?} is not admin, clerk, report_author or member"),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_read_and_write_alike() {
        for role in [
            AccountRole::Admin,
            AccountRole::Clerk,
            AccountRole::ReportAuthor,
            AccountRole::Member,
        ] {
            assert_eq!(AccountRole::parse(role.code()), Ok(role));
        }
        assert!(AccountRole::parse("root").is_err());
    }

    #[test]
    fn a_councillors_account_names_the_councillor() {
        let account = UserAccount {
            id: AccountId::new(),
            council: CouncilId::new(),
            email: Email::parse("cllr@example.org").expect("email"),
            name: "Cllr A".to_owned(),
            role: AccountRole::Member,
            member: None,
            officer: None,
            disabled: false,
        };
        assert!(account.validate().is_err());
    }
}
