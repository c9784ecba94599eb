//! What may be done to a meeting in each status, and by whom.
//!
//! One table, asked by the workspace pages (which forms they offer) and by the handlers that
//! take those forms (what they accept), so the two cannot drift apart: a form the page does
//! not offer is refused when posted by hand, with the same reason. The steps between statuses
//! themselves are [`MeetingStatus::step`]; acts that move the meeting are allowed exactly
//! where that step is.

use crate::DomainError;
use jiff::civil::DateTime;

use crate::access::AccountRole;
use crate::meeting::{Meeting, MeetingStatus};
use crate::{Document, Visibility};

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
    /// Put the meeting off to a date not yet fixed; it is rescheduled later.
    Postpone,
    /// Change the meeting's venue, webcast, pre-meeting note, end time or signatory.
    EditDetails,
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
    /// Record a resolution to exclude the press and public for an item or part of one.
    Exclude,
    /// Record that a later meeting approved the minutes as a correct record.
    ApproveMinutes,
    /// Correct approved minutes, with a reason kept beside them.
    Amend,
    /// Add a paper to the meeting, or replace a paper's file.
    AddPaper,
}

impl Act {
    pub const ALL: [Act; 19] = [
        Act::AddItem,
        Act::ChangeAgenda,
        Act::AddLateItem,
        Act::RequestPublication,
        Act::ApprovePublication,
        Act::Reschedule,
        Act::Cancel,
        Act::Postpone,
        Act::EditDetails,
        Act::RecordHeld,
        Act::RecordAttendance,
        Act::Declare,
        Act::RemoveDeclaration,
        Act::WriteMinute,
        Act::RecordVote,
        Act::Exclude,
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
            Act::Postpone => status.step(Postponed).map(drop),
            // The end time is known only once the meeting is over, and the rest may be
            // corrected until the minutes are approved; after that the record is frozen.
            Act::EditDetails if matches!(status, Cancelled | MinutesApproved) => {
                refuse(format!("A meeting that is {status} can no longer be changed."))
            }
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
            Act::WriteMinute | Act::Exclude => match status {
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
    /// Whether the meeting has taken place by `now` (the council's time): started, and
    /// neither called off nor put off. Attendance records, the approval of earlier minutes
    /// and a councillor's record count only these.
    pub fn has_taken_place(&self, now: DateTime) -> bool {
        self.starts_at <= now && !matches!(self.status, MeetingStatus::Cancelled | MeetingStatus::Postponed)
    }

    /// Whether later meetings may refer back to this one as "the last meeting" (the minutes
    /// of the previous meeting on an agenda): any not called off.
    pub fn counts_as_previous(&self) -> bool {
        self.status != MeetingStatus::Cancelled
    }

    /// Records that `later`, a later meeting of the same committee that has taken place by
    /// `now`, approved these minutes as a correct record; from then on they are frozen.
    pub fn approve_minutes_at(&mut self, later: &Meeting, now: DateTime) -> Result<(), DomainError> {
        if later.committee != self.committee || later.starts_at <= self.starts_at {
            return Err(DomainError::NotNow(
                "Minutes are approved at a later meeting of the same committee.".into(),
            ));
        }
        if !later.has_taken_place(now) {
            return Err(DomainError::NotNow(format!(
                "The meeting of {} has not taken place, so it cannot have approved these minutes yet.",
                crate::wording::long_date(later.starts_at.date())
            )));
        }
        self.transition(MeetingStatus::MinutesApproved, now)?;
        self.minutes_approved_at = Some(later.id);
        Ok(())
    }

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

/// Something a clerk does to one paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaperAct {
    /// Fill in a report's cover sheet, which is settled once the report is published.
    FillCoverSheet,
    /// Upload a new file for the paper at the same address.
    Replace,
    /// Take a published paper back.
    Withdraw,
}

impl PaperAct {
    pub const ALL: [PaperAct; 3] = [PaperAct::FillCoverSheet, PaperAct::Replace, PaperAct::Withdraw];
}

impl Document {
    /// Whether `act` may be done to this paper as it stands; `Err` says why not.
    pub fn may(&self, act: PaperAct) -> Result<(), DomainError> {
        let refuse = |why: &str| Err(DomainError::NotNow(why.to_owned()));
        let draft = matches!(self.visibility, Visibility::Draft);
        match act {
            PaperAct::FillCoverSheet if !draft => {
                refuse("The report has been published; its cover sheet can no longer be changed here.")
            }
            PaperAct::FillCoverSheet | PaperAct::Replace if self.original_of.is_some() => refuse(
                "This is the original of a converted paper, kept for the record; change the paper made from it instead.",
            ),
            PaperAct::Replace if self.withdrawn.is_some() => {
                refuse("This paper has been withdrawn; add the corrected one as a new paper.")
            }
            PaperAct::Replace if self.generated.is_some() => {
                refuse("Moot makes this document itself from the records; change the records instead.")
            }
            PaperAct::Withdraw if self.withdrawn.is_some() => refuse("This document has already been withdrawn."),
            PaperAct::Withdraw if draft => {
                refuse("This document was never published, so there is nothing to withdraw.")
            }
            _ => Ok(()),
        }
    }

    /// Whether a new file needs a reason beside it: once the paper is out, readers are told
    /// why it changed.
    pub fn revision_needs_reason(&self) -> bool {
        !matches!(self.visibility, Visibility::Draft)
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
            Act::Postpone => [Scheduled, AgendaPublished].contains(&status),
            Act::EditDetails => ![Cancelled, MinutesApproved].contains(&status),
            Act::RecordHeld => status == AgendaPublished,
            Act::RecordAttendance => [AgendaPublished, Held].contains(&status),
            Act::Declare | Act::RemoveDeclaration => [Scheduled, AgendaPublished, Held].contains(&status),
            Act::WriteMinute | Act::RecordVote | Act::Exclude => status == Held && !pending,
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
        assert_eq!(checked, Act::ALL.len() * 7 * 4 * 2);
    }

    #[test]
    fn acts_that_move_the_meeting_follow_its_steps() {
        for status in STATUSES {
            for (act, to) in [
                (Act::Cancel, Cancelled),
                (Act::Postpone, Postponed),
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

    fn meeting(day: i8, status: MeetingStatus, committee: crate::CommitteeId) -> Meeting {
        Meeting {
            committee,
            status,
            agenda_published: true,
            ..crate::testing::meeting(crate::CouncilId::new(), jiff::civil::date(2021, 6, day))
        }
    }

    #[test]
    fn minutes_are_approved_only_at_a_later_meeting_of_the_committee_that_has_met() {
        let committee = crate::CommitteeId::new();
        let now = jiff::civil::date(2021, 6, 20).at(12, 0, 0, 0);
        let mut minutes = meeting(1, DraftMinutes, committee);
        let refused = |later: &Meeting| {
            minutes
                .clone()
                .approve_minutes_at(later, now)
                .map_err(|e| e.to_string())
        };
        assert_eq!(
            refused(&meeting(15, Held, crate::CommitteeId::new())),
            Err("Minutes are approved at a later meeting of the same committee.".into())
        );
        assert_eq!(
            refused(&meeting(1, Held, committee)),
            Err("Minutes are approved at a later meeting of the same committee.".into())
        );
        for not_yet in [
            meeting(25, AgendaPublished, committee),
            meeting(15, Cancelled, committee),
            meeting(15, Postponed, committee),
        ] {
            assert!(
                refused(&not_yet).is_err_and(|e| e.contains("has not taken place")),
                "{:?}",
                not_yet.status
            );
        }
        let later = meeting(15, Held, committee);
        minutes.approve_minutes_at(&later, now).expect("approved");
        assert_eq!(
            (minutes.status, minutes.minutes_approved_at),
            (MinutesApproved, Some(later.id))
        );
    }

    #[test]
    fn what_may_be_done_to_a_paper_follows_its_state() {
        let meeting = crate::testing::meeting(crate::CouncilId::new(), jiff::civil::date(2021, 6, 15));
        let draft = crate::testing::paper(&crate::testing::item(&meeting), "Report");
        let public = Document {
            visibility: Visibility::Public,
            ..draft.clone()
        };
        let withdrawn = Document {
            withdrawn: Some(crate::Reasoned {
                by: crate::Actor::parse("user:x").expect("actor"),
                at: jiff::Timestamp::UNIX_EPOCH,
                reason: "published by mistake".into(),
            }),
            ..public.clone()
        };
        let original = Document {
            original_of: Some(crate::DocumentId::new()),
            ..draft.clone()
        };
        let may = |d: &Document| PaperAct::ALL.map(|act| d.may(act).is_ok());
        // (fill in the cover sheet, replace, withdraw)
        assert_eq!(may(&draft), [true, true, false]);
        assert_eq!(may(&public), [false, true, true]);
        assert_eq!(may(&withdrawn), [false, false, false]);
        assert_eq!(may(&original), [false, false, false]);
        assert!(!draft.revision_needs_reason() && public.revision_needs_reason());
    }
}
