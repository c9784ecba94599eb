//! What may be done to a meeting in each status, and by whom.
//!
//! One table, asked by the workspace pages (which forms they offer) and by the handlers that
//! take those forms (what they accept), so the two cannot drift apart: a form the page does
//! not offer is refused when posted by hand, with the same reason. The steps between statuses
//! themselves are [`MeetingStatus::step`]; acts that move the meeting are allowed exactly
//! where that step is.

use crate::DomainError;
use crate::access::AccountRole;
use crate::meeting::{Meeting, MeetingStatus};

/// Something a clerk (or a councillor, or a report author) does to a meeting or its papers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Act {
    /// Add a business item to the agenda.
    AddItem,
    /// Reword, reorder or mark an item of the agenda as taken in private.
    ChangeAgenda,
    /// Add an urgent item once the agenda is out, for a supplementary agenda.
    AddLateItem,
    /// Ask for the agenda, a supplementary agenda or the draft minutes to be published.
    RequestPublication,
    /// Approve what another clerk asked to publish.
    ApprovePublication,
    /// Move the meeting to another day or time.
    Reschedule,
    Cancel,
    /// Record that the meeting took place.
    RecordHeld,
    RecordAttendance,
    /// Record a declaration of interest (a councillor their own; a clerk anyone's).
    Declare,
    RemoveDeclaration,
    /// Write or rewrite a minute and its resolutions.
    WriteMinute,
    /// Record how a resolution was decided.
    RecordVote,
    /// Record that a later meeting approved the minutes as a correct record.
    ApproveMinutes,
    /// Correct approved minutes, with a reason kept beside them.
    Amend,
    /// Add a paper to the meeting, or replace a paper's file.
    AddPaper,
}

impl Act {
    pub const ALL: [Act; 16] = [
        Act::AddItem,
        Act::ChangeAgenda,
        Act::AddLateItem,
        Act::RequestPublication,
        Act::ApprovePublication,
        Act::Reschedule,
        Act::Cancel,
        Act::RecordHeld,
        Act::RecordAttendance,
        Act::Declare,
        Act::RemoveDeclaration,
        Act::WriteMinute,
        Act::RecordVote,
        Act::ApproveMinutes,
        Act::Amend,
        Act::AddPaper,
    ];

    /// Who may do it at all. Clerks and admins run meetings; report authors bring papers;
    /// councillors declare their own interests.
    pub const fn roles(self) -> &'static [AccountRole] {
        use AccountRole::*;
        match self {
            Act::AddPaper => &[Admin, Clerk, ReportAuthor],
            Act::Declare => &[Admin, Clerk, Member],
            _ => &[Admin, Clerk],
        }
    }

    /// Whether the act is open in `status` to `role`, with a publication request waiting or
    /// not: `Err` says why not, in words for the person who tried.
    pub fn open(self, status: MeetingStatus, role: AccountRole, pending: bool) -> Result<(), DomainError> {
        use MeetingStatus::*;
        let refuse = |why: String| Err(DomainError::NotNow(why));
        if !self.roles().contains(&role) {
            return Err(DomainError::NotAllowed);
        }
        // What a second clerk reviews before approving must not change meanwhile.
        let waiting = "A publication request is waiting for approval; this can be done once it has been approved.";
        match self {
            Act::AddItem if status != Scheduled || pending => refuse(
                "Items can be added only before publication is asked for; a late item goes on a supplementary agenda."
                    .into(),
            ),
            Act::ChangeAgenda if status != Scheduled || pending => {
                refuse("The agenda can be changed only before publication is asked for.".into())
            }
            Act::AddLateItem if status != AgendaPublished => {
                refuse("Late items are for a meeting whose agenda is out and which has not yet been held.".into())
            }
            Act::AddLateItem if pending => refuse(
                "A supplementary agenda is waiting for approval; add the late item once it has been approved.".into(),
            ),
            Act::RequestPublication if !matches!(status, Scheduled | AgendaPublished | Held) || pending => {
                refuse("There is nothing to publish now, or a request is already waiting for approval.".into())
            }
            Act::ApprovePublication if !pending => refuse("Nobody has asked for this agenda to be published.".into()),
            Act::Reschedule if !matches!(status, Scheduled | AgendaPublished | Postponed) => {
                refuse(format!("A meeting that is {status} cannot be moved."))
            }
            Act::Cancel => status.step(Cancelled).map(drop),
            Act::RecordHeld => status.step(Held).map(drop),
            Act::ApproveMinutes => status.step(MinutesApproved).map(drop),
            Act::RecordAttendance if !matches!(status, AgendaPublished | Held) => refuse(format!(
                "Attendance is recorded once the agenda is out and until the minutes are published; this meeting is {status}."
            )),
            // A councillor declares ahead of the meeting; once it has met, the clerk records
            // what was declared in the room, until the minutes go out.
            Act::Declare if role == AccountRole::Member && !matches!(status, Scheduled | AgendaPublished) => refuse(
                format!("Declarations for this meeting can no longer be made here (it is {status}); ask the clerk."),
            ),
            Act::Declare if !matches!(status, Scheduled | AgendaPublished | Held) => refuse(format!(
                "Declarations for this meeting can no longer be made here (it is {status}); ask the clerk."
            )),
            Act::RemoveDeclaration if !matches!(status, Scheduled | AgendaPublished | Held) => refuse(format!(
                "The minutes of this meeting are {status}; a declaration recorded in them is corrected by amending the minutes."
            )),
            Act::WriteMinute => match status {
                Held if pending => refuse(waiting.into()),
                Held => Ok(()),
                Scheduled | AgendaPublished | Postponed => {
                    refuse("This meeting has not been held yet, so it has no minutes. Record it as held first.".into())
                }
                Cancelled => refuse("A cancelled meeting has no minutes.".into()),
                DraftMinutes | MinutesApproved => {
                    refuse("These minutes have been published; a correction is an amendment, not an edit.".into())
                }
            },
            Act::RecordVote if status != Held || pending => refuse(if pending {
                waiting.into()
            } else {
                "Votes are recorded with the minutes, after the meeting and before they are published.".into()
            }),
            Act::Amend if status != MinutesApproved => {
                refuse("Only approved minutes are amended; until then the minute itself can be rewritten.".into())
            }
            Act::AddPaper if status == Cancelled => refuse("A cancelled meeting takes no more papers.".into()),
            _ => Ok(()),
        }
    }
}

impl Meeting {
    /// Whether someone in `role` may do `act` to this meeting now; `Err` says why not.
    pub fn may(&self, role: AccountRole, act: Act) -> Result<(), DomainError> {
        act.open(self.status, role, self.publication_request.is_some())
    }

    /// Whether declarations made so far can still be changed: they are part of the minutes
    /// from the moment those are published.
    pub fn declarations_open(&self) -> bool {
        self.may(AccountRole::Clerk, Act::RemoveDeclaration).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AccountRole::*;
    use MeetingStatus::*;

    const STATUSES: [MeetingStatus; 7] = [
        Scheduled,
        AgendaPublished,
        Held,
        DraftMinutes,
        MinutesApproved,
        Cancelled,
        Postponed,
    ];
    const ROLES: [AccountRole; 4] = [Admin, Clerk, ReportAuthor, Member];

    /// The table written out by hand, as a clerk would describe the job: for each act, the
    /// statuses in which a clerk may do it with no request waiting, and with one waiting.
    fn clerks_may(act: Act, status: MeetingStatus, pending: bool) -> bool {
        match act {
            Act::AddItem | Act::ChangeAgenda => status == Scheduled && !pending,
            Act::AddLateItem => status == AgendaPublished && !pending,
            Act::RequestPublication => [Scheduled, AgendaPublished, Held].contains(&status) && !pending,
            Act::ApprovePublication => pending,
            Act::Reschedule => [Scheduled, AgendaPublished, Postponed].contains(&status),
            Act::Cancel => [Scheduled, AgendaPublished, Postponed].contains(&status),
            Act::RecordHeld => status == AgendaPublished,
            Act::RecordAttendance => [AgendaPublished, Held].contains(&status),
            Act::Declare | Act::RemoveDeclaration => [Scheduled, AgendaPublished, Held].contains(&status),
            Act::WriteMinute | Act::RecordVote => status == Held && !pending,
            Act::ApproveMinutes => status == DraftMinutes,
            Act::Amend => status == MinutesApproved,
            Act::AddPaper => status != Cancelled,
        }
    }

    fn expected(act: Act, status: MeetingStatus, role: AccountRole, pending: bool) -> bool {
        match role {
            Admin | Clerk => clerks_may(act, status, pending),
            ReportAuthor => act == Act::AddPaper && status != Cancelled,
            Member => act == Act::Declare && [Scheduled, AgendaPublished].contains(&status),
        }
    }

    #[test]
    fn every_act_in_every_status_for_every_role() {
        let mut checked = 0;
        for act in Act::ALL {
            for status in STATUSES {
                for role in ROLES {
                    for pending in [false, true] {
                        let got = act.open(status, role, pending);
                        assert_eq!(
                            got.is_ok(),
                            expected(act, status, role, pending),
                            "{act:?} when {status} by {role:?}, request waiting: {pending}: {got:?}"
                        );
                        if !act.roles().contains(&role) {
                            assert_eq!(got, Err(DomainError::NotAllowed), "{act:?} by {role:?}");
                        }
                        checked += 1;
                    }
                }
            }
        }
        assert_eq!(checked, 16 * 7 * 4 * 2);
    }

    #[test]
    fn acts_that_move_the_meeting_follow_its_steps() {
        for status in STATUSES {
            for (act, to) in [
                (Act::Cancel, Cancelled),
                (Act::RecordHeld, Held),
                (Act::ApproveMinutes, MinutesApproved),
            ] {
                assert_eq!(
                    act.open(status, Clerk, false).is_ok(),
                    status.step(to).is_ok(),
                    "{act:?} when {status}"
                );
            }
        }
    }

    #[test]
    fn a_refusal_says_why_in_the_clerks_words() {
        assert_eq!(
            Act::AddLateItem
                .open(AgendaPublished, Clerk, true)
                .map_err(|e| e.to_string()),
            Err("A supplementary agenda is waiting for approval; add the late item once it has been approved.".into())
        );
        assert_eq!(
            Act::Reschedule.open(Held, Clerk, false).map_err(|e| e.to_string()),
            Err("A meeting that is held cannot be moved.".into())
        );
    }
}
