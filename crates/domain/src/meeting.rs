//! Meetings and the life they go through.

use std::fmt;

use jiff::civil::DateTime;
use serde::{Deserialize, Serialize};

use crate::{CommitteeId, CouncilId, DomainError, MeetingId, OfficerId, VenueId};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: MeetingId,
    pub council: CouncilId,
    pub committee: CommitteeId,
    /// Local wall-clock time in the council's time zone, as printed on the agenda.
    pub starts_at: DateTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<DateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venue: Option<VenueId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webcast_url: Option<String>,
    /// "There will be a pre-meeting for all members … at 9am".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pre_meeting_note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_officer: Option<OfficerId>,
    /// Officers and councillors who are not members of the committee, attending the whole
    /// meeting; those attending for one item are the item's presenters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub in_attendance: Vec<crate::Presenter>,
    /// Who signs the agenda front sheet (the Chief Executive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_by: Option<OfficerId>,
    pub status: MeetingStatus,
    /// When a meeting is rescheduled the old time is kept, so the public can see it moved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub previous_times: Vec<DateTime>,
    /// Why a meeting was cancelled or postponed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<String>,
    /// The later meeting at which these minutes were approved as a correct record, when Moot
    /// holds it (history imported from elsewhere may not include it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes_approved_at: Option<MeetingId>,
    /// A clerk's request to publish the agenda, waiting for a second clerk's approval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publication_request: Option<crate::PublicationRequest>,
    /// Set when the agenda is published and never unset: a meeting postponed or cancelled
    /// afterwards keeps its public agenda, one cancelled before keeps its agenda private.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub agenda_published: bool,
}

/// The earliest and latest years a meeting may be dated: room for the oldest records a
/// council keeps (county councils date from 1889) and for any meeting planned ahead.
pub const FIRST_YEAR: i16 = 1800;
pub const LAST_YEAR: i16 = 2200;

impl Meeting {
    pub fn validate(&self) -> Result<(), DomainError> {
        // A typing slip ("0021" for "2021") is refused rather than kept as a meeting that
        // sorts before every other and has no deadline that can be counted.
        let year = self.starts_at.year();
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return Err(DomainError::invalid(
                "date",
                format!(
                    "the year {year:04} is not a year of council meetings ({FIRST_YEAR}–{LAST_YEAR}); check the date"
                ),
            ));
        }
        if let Some(end) = self.ends_at
            && end < self.starts_at
        {
            return Err(DomainError::invalid("ends at", "a meeting cannot end before it starts"));
        }
        self.in_attendance.iter().try_for_each(crate::Presenter::validate)?;
        if let Some(url) = &self.webcast_url {
            crate::text::web_address("webcast", url)?;
        }
        if self.minutes_approved_at == Some(self.id) {
            return Err(DomainError::invalid(
                "minutes approved at",
                "minutes are approved at a later meeting",
            ));
        }
        Ok(())
    }

    /// Moves the meeting to `to`, refusing what the rules forbid. `now` is local time.
    pub fn transition(&mut self, to: MeetingStatus, now: DateTime) -> Result<(), DomainError> {
        self.status = self.status.transition(to, self.starts_at, now)?;
        self.agenda_published |= to == MeetingStatus::AgendaPublished;
        Ok(())
    }

    /// Whether the agenda has ever been published. A meeting past publication in its life
    /// counts without the flag: records loaded or imported with their status as it stands
    /// were published, or they could not have been held.
    pub fn agenda_is_public(&self) -> bool {
        use MeetingStatus::*;
        self.agenda_published || matches!(self.status, AgendaPublished | Held | DraftMinutes | MinutesApproved)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingStatus {
    Scheduled,
    AgendaPublished,
    Held,
    DraftMinutes,
    MinutesApproved,
    Cancelled,
    Postponed,
}

impl MeetingStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::Scheduled => "scheduled",
            Self::AgendaPublished => "agenda_published",
            Self::Held => "held",
            Self::DraftMinutes => "draft_minutes",
            Self::MinutesApproved => "minutes_approved",
            Self::Cancelled => "cancelled",
            Self::Postponed => "postponed",
        }
    }

    /// The status after moving to `to` from `self`, for a meeting starting at `starts_at`, at `now`.
    ///
    /// As [`step`](Self::step), and a meeting cannot be recorded as held before it starts.
    pub fn transition(self, to: Self, starts_at: DateTime, now: DateTime) -> Result<Self, DomainError> {
        if self == Self::AgendaPublished && to == Self::Held && now < starts_at {
            return Err(DomainError::IllegalTransition {
                from: self,
                to,
                why: "the meeting has not started yet",
            });
        }
        self.step(to)
    }

    /// The status after moving to `to` from `self`, judged on the statuses alone (the store
    /// checks every write with this; callers who know the time use [`transition`](Self::transition)).
    ///
    /// The path is scheduled → agenda published → held → draft minutes → minutes approved; a
    /// meeting may be cancelled or postponed until it is held, and a postponed one is
    /// scheduled again. Nothing returns from cancelled or approved: approved minutes are
    /// frozen, and corrections are recorded against them instead.
    pub fn step(self, to: Self) -> Result<Self, DomainError> {
        use MeetingStatus::*;
        let refuse = |why| Err(DomainError::IllegalTransition { from: self, to, why });
        match (self, to) {
            (Scheduled, AgendaPublished) => Ok(to),
            (AgendaPublished, Held) => Ok(to),
            (Scheduled, Held) => refuse("its agenda was never published"),
            (Held, DraftMinutes) => Ok(to),
            (DraftMinutes, MinutesApproved) => Ok(to),
            (Scheduled | AgendaPublished, MinutesApproved | DraftMinutes) => refuse("the meeting has not been held"),
            (Held, MinutesApproved) => refuse("there are no draft minutes to approve"),
            (Scheduled | AgendaPublished | Postponed, Cancelled) => Ok(to),
            (Scheduled | AgendaPublished, Postponed) => Ok(to),
            (Postponed, Scheduled) => Ok(to),
            (Cancelled, _) => refuse("a cancelled meeting stays cancelled; schedule a new one"),
            (MinutesApproved, _) => refuse("approved minutes are frozen; record a correction instead"),
            (Held | DraftMinutes, Cancelled | Postponed) => refuse("the meeting has already been held"),
            (from, to) if from == to => refuse("it is already there"),
            _ => refuse("that is not a step in a meeting's life"),
        }
    }
}

impl fmt::Display for MeetingStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Scheduled => "scheduled",
            Self::AgendaPublished => "agenda published",
            Self::Held => "held",
            Self::DraftMinutes => "draft minutes",
            Self::MinutesApproved => "minutes approved",
            Self::Cancelled => "cancelled",
            Self::Postponed => "postponed",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use MeetingStatus::*;
    use jiff::civil::date;

    fn start() -> DateTime {
        date(2021, 6, 15).at(10, 0, 0, 0)
    }
    fn after() -> DateTime {
        date(2021, 6, 15).at(13, 0, 0, 0)
    }
    fn before() -> DateTime {
        date(2021, 6, 7).at(9, 0, 0, 0)
    }

    #[test]
    fn the_whole_life_of_a_meeting() {
        let mut s = Scheduled;
        for (to, now) in [
            (AgendaPublished, before()),
            (Held, after()),
            (DraftMinutes, after()),
            (MinutesApproved, after()),
        ] {
            s = s.transition(to, start(), now).expect("legal step");
        }
        assert_eq!(s, MinutesApproved);
    }

    #[test]
    fn approving_minutes_of_a_meeting_not_yet_held_is_refused_clearly() {
        let err = AgendaPublished
            .transition(MinutesApproved, start(), before())
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "a meeting cannot go from agenda published to minutes approved: the meeting has not been held"
        );
    }

    #[test]
    fn illegal_steps_are_refused() {
        let cases = [
            (AgendaPublished, Held, before()),
            (Scheduled, Held, after()),
            (Held, MinutesApproved, after()),
            (Cancelled, Scheduled, after()),
            (MinutesApproved, DraftMinutes, after()),
            (Held, Cancelled, after()),
            (DraftMinutes, Postponed, after()),
            (Scheduled, Scheduled, before()),
        ];
        for (from, to, now) in cases {
            assert!(
                matches!(
                    from.transition(to, start(), now),
                    Err(DomainError::IllegalTransition { .. })
                ),
                "{from} → {to} should be refused"
            );
        }
    }

    #[test]
    fn a_postponed_meeting_can_be_rescheduled_or_cancelled() {
        assert_eq!(Postponed.transition(Scheduled, start(), before()), Ok(Scheduled));
        assert_eq!(Postponed.transition(Cancelled, start(), before()), Ok(Cancelled));
    }

    #[test]
    fn minutes_are_approved_at_another_meeting() {
        let id = MeetingId::new();
        let m = Meeting {
            id,
            council: CouncilId::new(),
            committee: CommitteeId::new(),
            starts_at: start(),
            ends_at: None,
            venue: None,
            webcast_url: None,
            pre_meeting_note: None,
            contact_officer: None,
            in_attendance: Vec::new(),
            signed_by: None,
            status: MinutesApproved,
            previous_times: vec![],
            status_reason: None,
            minutes_approved_at: Some(id),
            publication_request: None,
            agenda_published: false,
        };
        assert!(m.validate().is_err());
    }
}
