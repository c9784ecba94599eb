//! What meetings decide: resolutions, the votes on them and the actions they ask for.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::text::require;
use crate::{
    ActionId, AgendaItemId, CommitteeId, CouncilId, DomainError, MeetingId, MemberId, OfficerId, ResolutionId,
};

/// "1) That the Work Programme be updated as discussed."
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolution {
    pub id: ResolutionId,
    pub council: CouncilId,
    pub meeting: MeetingId,
    pub item: AgendaItemId,
    /// Position within the minute, from 1; a lone resolution is printed without its number.
    pub number: u16,
    pub text: String,
    pub kind: ResolutionKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vote: Option<Vote>,
}

impl Resolution {
    pub fn validate(&self) -> Result<(), DomainError> {
        require("resolution text", &self.text)?;
        if self.number == 0 {
            return Err(DomainError::invalid(
                "resolution number",
                "resolutions are numbered from 1",
            ));
        }
        self.vote.as_ref().map_or(Ok(()), Vote::validate)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ResolutionKind {
    Noted,
    Approved,
    /// A recommendation to another body (Cabinet, Council).
    Recommendation {
        to: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        committee: Option<CommitteeId>,
    },
    /// Asks someone to do something; tracked as an [`Action`] on the monitoring report.
    Action,
    Appointment,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    pub outcome: VoteOutcome,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mover: Option<MemberId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconder: Option<MemberId>,
    /// Each member's vote, when a recorded vote was taken.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recorded: Vec<RecordedVote>,
}

impl Vote {
    pub fn validate(&self) -> Result<(), DomainError> {
        let mut seen = std::collections::BTreeSet::new();
        for r in &self.recorded {
            if !seen.insert(r.member) {
                return Err(DomainError::invalid("recorded vote", "a member can vote only once"));
            }
        }
        Ok(())
    }

    /// The members named in the vote (mover, seconder, recorded votes) who are not among
    /// `present`: only those at the meeting can move, second or vote.
    pub fn absent_voters(&self, present: &[MemberId]) -> Vec<MemberId> {
        let named = self
            .mover
            .iter()
            .chain(&self.seconder)
            .chain(self.recorded.iter().map(|r| &r.member));
        let mut absent: Vec<MemberId> = named.filter(|m| !present.contains(m)).copied().collect();
        absent.sort();
        absent.dedup();
        absent
    }
}

impl VoteChoice {
    pub fn code(self) -> &'static str {
        match self {
            Self::For => "for",
            Self::Against => "against",
            Self::Abstain => "abstain",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Self::For, Self::Against, Self::Abstain]
            .into_iter()
            .find(|c| c.code() == code)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoteOutcome {
    Carried,
    CarriedUnanimously,
    Lost,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedVote {
    pub member: MemberId,
    pub choice: VoteChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoteChoice {
    For,
    Against,
    Abstain,
}

/// A line of the committee's monitoring report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    pub id: ActionId,
    pub council: CouncilId,
    pub committee: CommitteeId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<ResolutionId>,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<OfficerId>,
    /// Who owns it when that is not a council officer ("Cabinet Member", an outside body).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_meeting: Option<MeetingId>,
    pub status: ActionStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
}

impl Action {
    pub fn validate(&self) -> Result<(), DomainError> {
        require("action", &self.description)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    Open,
    InProgress,
    Completed,
    Dropped,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_members_present_may_move_second_or_vote() {
        let (a, b, c) = (MemberId::new(), MemberId::new(), MemberId::new());
        let vote = Vote {
            outcome: VoteOutcome::Carried,
            mover: Some(a),
            seconder: Some(c),
            recorded: vec![
                RecordedVote {
                    member: a,
                    choice: VoteChoice::For,
                },
                RecordedVote {
                    member: c,
                    choice: VoteChoice::Against,
                },
            ],
        };
        assert_eq!(vote.absent_voters(&[a, b]), vec![c], "named twice, reported once");
        assert!(vote.absent_voters(&[a, b, c]).is_empty());
    }
}
