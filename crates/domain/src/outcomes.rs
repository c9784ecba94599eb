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

impl ResolutionKind {
    /// A resolution line as a clerk writes it in the minutes form, its kind first when it is
    /// not a plain resolution: "Noted: That the report be noted.", "Approved: …",
    /// "Recommendation to Cabinet: …", "Appointment: …", "Action: …"; a line with no such
    /// beginning is `Other`. The minutes print the text alone, as the seeds do.
    pub fn from_line(line: &str) -> Result<(Self, &str), DomainError> {
        let line = line.trim();
        let text = |rest: &'_ str| -> Result<(), DomainError> { require("resolution text", rest) };
        let plain = [
            ("Noted:", Self::Noted),
            ("Approved:", Self::Approved),
            ("Action:", Self::Action),
            ("Appointment:", Self::Appointment),
        ];
        for (prefix, kind) in plain {
            if let Some(rest) = line.strip_prefix(prefix) {
                text(rest)?;
                return Ok((kind, rest.trim()));
            }
        }
        let Some(rest) = line.strip_prefix("Recommendation") else {
            return Ok((Self::Other, line));
        };
        let to_body = rest.trim_start().strip_prefix("to ").and_then(|r| r.split_once(':'));
        match to_body {
            Some((to, rest)) if !to.trim().is_empty() => {
                text(rest)?;
                Ok((
                    Self::Recommendation {
                        to: to.trim().to_owned(),
                        committee: None,
                    },
                    rest.trim(),
                ))
            }
            _ if rest.trim_start().starts_with(':') || rest.trim_start().starts_with("to") => {
                Err(DomainError::invalid(
                    "recommendation",
                    "name the body it goes to, as \"Recommendation to Cabinet: That …\"",
                ))
            }
            _ => Ok((Self::Other, line)),
        }
    }

    /// The line's beginning that [`ResolutionKind::from_line`] reads back as this kind.
    pub fn prefix(&self) -> String {
        match self {
            Self::Noted => "Noted: ".to_owned(),
            Self::Approved => "Approved: ".to_owned(),
            Self::Recommendation { to, .. } => format!("Recommendation to {to}: "),
            Self::Action => "Action: ".to_owned(),
            Self::Appointment => "Appointment: ".to_owned(),
            Self::Other => String::new(),
        }
    }
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
    /// The day it was completed or dropped: the monitoring report keeps showing it until the
    /// committee has met after that day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<Date>,
}

impl Action {
    pub fn validate(&self) -> Result<(), DomainError> {
        require("action", &self.description)
    }

    /// Moves the action to `status` on `today`, noting the day it closed (kept when it was
    /// closed already, cleared when it is opened again).
    pub fn set_status(&mut self, status: ActionStatus, today: Date) {
        self.closed = match (status.is_closed(), self.closed) {
            (false, _) => None,
            (true, Some(day)) if self.status.is_closed() => Some(day),
            (true, _) => Some(today),
        };
        self.status = status;
    }

    /// Whether the monitoring report for a meeting lists it: while open, and once closed
    /// until the committee's first meeting after it closed (`last_met`: the committee's
    /// meeting before the report's). One closed on a day unknown is not listed.
    pub fn on_report(&self, last_met: Option<Date>) -> bool {
        match (self.status.is_closed(), self.closed, last_met) {
            (false, _, _) => true,
            (true, Some(_), None) => true,
            (true, Some(day), Some(met)) => day >= met,
            (true, None, _) => false,
        }
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

impl ActionStatus {
    pub fn is_closed(self) -> bool {
        matches!(self, Self::Completed | Self::Dropped)
    }

    /// As the monitoring report and the committee's page print it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "Open",
            Self::InProgress => "In progress",
            Self::Completed => "Completed",
            Self::Dropped => "Dropped",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resolution_line_names_its_kind() {
        let kind = |line: &str| ResolutionKind::from_line(line).map(|(k, t)| (k, t.to_owned()));
        assert_eq!(
            kind("Noted: That the report be noted.").unwrap(),
            (ResolutionKind::Noted, "That the report be noted.".into())
        );
        assert_eq!(
            kind("Approved:That it be approved.").unwrap(),
            (ResolutionKind::Approved, "That it be approved.".into())
        );
        assert_eq!(
            kind("Appointment: That Cllr A be appointed.").unwrap().0,
            ResolutionKind::Appointment
        );
        assert_eq!(kind("Action: Circulate the scope.").unwrap().0, ResolutionKind::Action);
        assert_eq!(
            kind("Recommendation to Cabinet: That the strategy be adopted.").unwrap(),
            (
                ResolutionKind::Recommendation {
                    to: "Cabinet".into(),
                    committee: None
                },
                "That the strategy be adopted.".into()
            )
        );
        assert_eq!(kind("That the minutes be signed.").unwrap().0, ResolutionKind::Other);
        assert_eq!(kind("Recommendations were made.").unwrap().0, ResolutionKind::Other);
        assert!(kind("Recommendation: That it be adopted.").is_err());
        assert!(kind("Noted:  ").is_err());
        for k in [
            ResolutionKind::Noted,
            ResolutionKind::Recommendation {
                to: "Council".into(),
                committee: None,
            },
        ] {
            assert_eq!(kind(&format!("{}That x.", k.prefix())).unwrap().0, k);
        }
    }

    #[test]
    fn a_closed_action_stays_on_the_report_until_the_committee_meets() {
        let day = |d| jiff::civil::date(2021, 6, d);
        let mut a = Action {
            id: ActionId::new(),
            council: CouncilId::new(),
            committee: CommitteeId::new(),
            resolution: None,
            description: "x".into(),
            owner: None,
            owner_text: None,
            due: None,
            due_meeting: None,
            status: ActionStatus::Open,
            outcome: None,
            closed: None,
        };
        assert!(a.on_report(Some(day(1))));
        a.set_status(ActionStatus::Completed, day(10));
        assert_eq!(a.closed, Some(day(10)));
        a.set_status(ActionStatus::Dropped, day(12));
        assert_eq!(a.closed, Some(day(10)), "closed once, on the first day");
        assert!(a.on_report(Some(day(1))) && !a.on_report(Some(day(11))));
        a.set_status(ActionStatus::InProgress, day(13));
        assert_eq!(a.closed, None);
    }

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
