//! Executive decisions: the forward plan notice, the decision record, and call-in.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::text::require_title;
use crate::visibility::Visibility;
use crate::{AgendaItemId, CommitteeId, CouncilId, DecisionId, DomainError, MemberId, OfficerId};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub id: DecisionId,
    pub council: CouncilId,
    pub title: String,
    pub maker: DecisionMaker,
    pub key_decision: bool,
    /// When it first appeared on the forward plan (28 clear days' notice for a key decision).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forward_plan_notice: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<AgendaItemId>,
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub reasons: String,
    #[serde(default)]
    pub alternatives_rejected: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conflicts: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dispensations: Option<String>,
    /// When the decision record was published, which starts the call-in period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Date>,
    pub call_in: CallIn,
    #[serde(default)]
    pub visibility: Visibility,
}

impl Decision {
    pub fn validate(&self) -> Result<(), DomainError> {
        require_title("decision title", &self.title)?;
        self.visibility.validate()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", content = "id", rename_all = "snake_case")]
pub enum DecisionMaker {
    Committee(CommitteeId),
    Member(MemberId),
    Officer(OfficerId),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallIn {
    NotYetOpen,
    Open,
    CalledIn,
    /// Exempt from call-in on grounds of urgency.
    Urgent,
    Closed,
}
